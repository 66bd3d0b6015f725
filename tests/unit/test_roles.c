/* test_roles.c -- the HR roles of issue 17 (rules/roles.h): where each
 * comes from, and what each may and may not do. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "rules/roles.h"
#include "tap.h"

static unsigned
of(bool is_hr, bool hr_group, bool admin, bool advisor, bool auditor)
{
	struct role_facts f = { is_hr, hr_group, admin, advisor, auditor };

	return roles_of(&f);
}

/* hr_group and employee.is_hr keep what HR could do before the split. */
static void
test_legacy_hr(void)
{
	unsigned r;

	for (int i = 0; i < 2; i++) {
		r = i ? of(true, false, false, false, false) : of(false, true, false, false, false);
		ok(roles_any(r), "legacy HR is HR");
		ok(roles_administers(r), "legacy HR administers");
		ok(roles_audits(r), "legacy HR reads the audit trail");
		ok(roles_reads_all(r), "legacy HR reads every dossier");
		ok(!roles_needs_assignment(r), "legacy HR needs no assigned department");
		ok(roles_reads_dossier(r, false), "legacy HR reads an unassigned dossier");
		ok(roles_may_reopen(r, false), "legacy HR reopens");
		ok(roles_access_export(r, false), "legacy HR exports a person's data");
		ok(roles_read_audited(r), "legacy HR's reads are recorded");
		ok(roles_reports_all(r), "legacy HR sees the whole organisation's reports");
	}
}

static void
test_nobody(void)
{
	unsigned r = of(false, false, false, false, false);

	is_int(r, 0, "no facts, no roles");
	ok(!roles_any(r), "not HR");
	ok(!roles_administers(r) && !roles_audits(r), "no HR routes");
	ok(!roles_reads_dossier(r, true), "an assignment without the advisor role reads nothing");
	ok(!roles_may_reopen(r, true), "no reopen");
	ok(!roles_access_export(r, true), "no personal export");
	ok(!roles_read_audited(r), "nothing recorded");
	ok(!roles_reports_all(r), "no organisation reports");
}

static void
test_administrator(void)
{
	unsigned r = of(false, false, true, false, false);

	ok(roles_any(r), "HR");
	ok(roles_administers(r), "administers");
	ok(roles_reports_all(r), "counts and states of the whole organisation");
	ok(!roles_audits(r), "not the audit trail (its details hold texts)");
	ok(!roles_reads_all(r), "no content exports or rating lists");
	ok(!roles_reads_dossier(r, false) && !roles_reads_dossier(r, true), "reads no dossier");
	ok(!roles_may_reopen(r, true), "does not reopen");
	ok(!roles_access_export(r, true), "no personal export: it is content");
	ok(!roles_needs_assignment(r), "no assignment asked for");
	ok(!roles_read_audited(r), "reads no content, so nothing to record");
}

static void
test_advisor(void)
{
	unsigned r = of(false, false, false, true, false);

	ok(roles_any(r), "HR");
	ok(!roles_administers(r), "does not administer");
	ok(!roles_audits(r), "not the audit trail");
	ok(!roles_reads_all(r), "not every dossier");
	ok(roles_needs_assignment(r), "asks for the assignment");
	ok(roles_reads_dossier(r, true), "reads a dossier of an assigned department");
	ok(!roles_reads_dossier(r, false), "not one of another department");
	ok(roles_may_reopen(r, true) && !roles_may_reopen(r, false), "reopens what it reads");
	ok(!roles_access_export(r, true), "no personal export: not the administrator");
	ok(roles_read_audited(r), "its reads are recorded");
	ok(!roles_reports_all(r), "no organisation reports");
}

static void
test_auditor(void)
{
	unsigned r = of(false, false, false, false, true);

	ok(roles_any(r), "HR");
	ok(roles_audits(r), "reads the audit trail");
	ok(!roles_administers(r), "nothing else: no administration");
	ok(!roles_reads_dossier(r, true) && !roles_reads_all(r), "no content");
	ok(!roles_may_reopen(r, true), "no reopen");
	ok(!roles_access_export(r, true), "no personal export");
	ok(!roles_reports_all(r), "no reports");
	ok(!roles_read_audited(r), "reads no content");
}

/* Roles add up: an administrator who is also an advisor reads what the
 * advisor reads, and stays administrator. */
static void
test_combined(void)
{
	unsigned r = of(false, false, true, true, false);

	ok(roles_administers(r) && roles_reads_dossier(r, true), "administrator and advisor");
	ok(!roles_reads_dossier(r, false), "still only the assigned departments");
	ok(roles_access_export(r, true) && !roles_access_export(r, false),
	    "the personal export of the people of its departments only");
	ok(roles_needs_assignment(r), "asks for the assignment");
	r = of(false, true, false, true, false);
	ok(!roles_needs_assignment(r), "hr_group's reach beats an assignment");
}

/* The advisor's list of dossiers: every advisor, nobody else. */
static void
test_advisor_list(void)
{
	ok(roles_advisor_list(of(true, false, false, false, false)), "employee.is_hr: all");
	ok(roles_advisor_list(of(false, true, false, false, false)), "hr_group: all");
	ok(roles_advisor_list(of(false, false, false, true, false)), "an assigned advisor");
	ok(!roles_advisor_list(of(false, false, true, false, false)), "no administrator alone");
	ok(!roles_advisor_list(of(false, false, false, false, true)), "no auditor");
	ok(!roles_advisor_list(of(false, false, false, false, false)), "nobody else");
}

int
main(void)
{
	test_advisor_list();
	test_legacy_hr();
	test_nobody();
	test_administrator();
	test_advisor();
	test_auditor();
	test_combined();
	return tap_done();
}
