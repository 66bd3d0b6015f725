/* roles.h -- the HR roles (issue 17) in one place: who is HR
 * administrator, HR advisor (of some departments or of all) and auditor,
 * and what each may do.  Pure code: app_auth.c gathers the facts
 * (employee.is_hr and the configured groups), the pages and app.c ask
 * these predicates, and tests/unit/test_roles.c pins them down.
 *
 * The split (gesprek.conf(5), [auth]):
 *   hr_admin_group    administrator: organisation, import, cycles,
 *                     templates, reports with counts and states; no content
 *                     (no texts, no ratings with names, no content export,
 *                     no reopen);
 *   hr_advisor_group  advisor: reads the content of the departments
 *                     assigned to them (with their sub-departments);
 *   auditor_group     auditor: reads the audit trail, nothing else;
 *   hr_group and employee.is_hr: what HR was before the split --
 *                     administrator, advisor of every department and
 *                     auditor -- so existing installations keep working. */
#ifndef GESPREK_RULES_ROLES_H
#define GESPREK_RULES_ROLES_H

#include <stdbool.h>

/* The roles a person holds, as bits of an unsigned. */
enum hr_role {
	HR_ADMIN = 1u << 0,		/* runs the cycle, sees no content */
	HR_ADVISOR = 1u << 1,		/* content of the assigned departments */
	HR_ADVISOR_ALL = 1u << 2,	/* content of every department */
	HR_AUDITOR = 1u << 3,		/* the audit trail */
};

/* Where a person's roles come from: each true when it holds for them. */
struct role_facts {
	bool is_hr;		/* employee.is_hr */
	bool hr_group;		/* member of hr_group */
	bool admin_group;	/* member of hr_admin_group */
	bool advisor_group;	/* member of hr_advisor_group */
	bool auditor_group;	/* member of auditor_group */
};

/* The role bits of a person with these facts. */
unsigned roles_of(const struct role_facts *f);

/* Any HR role at all (recorded with a session, shown as the user's "hr"). */
bool roles_any(unsigned roles);
/* The administrator's routes: /admin (organisation, cycles, templates,
 * import, mail) -- the route table's ROLE_HR. */
bool roles_administers(unsigned roles);
/* The audit trail (GET /admin/audit): the route table's ROLE_AUDITOR. */
bool roles_audits(unsigned roles);
/* Reads the content of every dossier: whole-organisation exports, people
 * lists with a rating column, the people behind a rating. */
bool roles_reads_all(unsigned roles);
/* An advisor whose reach depends on the departments assigned: the store
 * must be asked whether a dossier's employee is in one of them. */
bool roles_needs_assignment(unsigned roles);
/* Reads a dossier's content as HR; assigned: the dossier's employee is in
 * a department assigned to this advisor (or below one). */
bool roles_reads_dossier(unsigned roles, bool assigned);
/* Reopens a finalized or closed report: an HR reader of its content (the
 * administrator does not: reopening shows the report). */
bool roles_may_reopen(unsigned roles, bool assigned);
/* Produces the personal export of someone else on their request (issue
 * 18, AVG art. 15; GET /admin/employees/{id}/export): handling the
 * request is the administrator's (the employee pages are theirs), but the
 * export holds the person's content, so the administrator must read that
 * content too -- as hr_group and employee.is_hr do (every department), or
 * as an administrator who is also advisor of the person's department
 * (assigned).  The administrator alone, who sees no content, the advisor
 * alone (no administrator pages) and the auditor may not. */
bool roles_access_export(unsigned roles, bool assigned);
/* A read of content by this role is recorded in the read audit. */
bool roles_read_audited(unsigned roles);
/* Reads the privacy statement (GET /admin/privacy, issue 18): what is
 * stored, who sees what, how long it stays -- for the administrator who
 * answers the works council and the auditor who checks it; it names no
 * one's content.  The route table's ROLE_HR_OR_AUDITOR. */
bool roles_oversees(unsigned roles);
/* The whole organisation's reports with counts and states. */
bool roles_reports_all(unsigned roles);

/* The HR advisor's list of the dossiers they read (GET /advisor/dossiers,
 * issue 17): an advisor of some departments or of all.  An administrator
 * who is no advisor is refused it as a stranger is: it names people. */
bool roles_advisor_list(unsigned roles);

#endif
