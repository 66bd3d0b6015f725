/* app_privacy.h -- the privacy statement (issue 18): one document, in
 * Dutch or English, for the works council (OR) and the privacy officer,
 * made from the running configuration, so it cannot drift from the code:
 *   - which personal data is stored: every column of every table of the
 *     database (information_schema) with its description from
 *     sql/describe.tsv (base/describe.h) and the retention rule of its
 *     table;
 *   - who can see what: the route table (pages/routes.c) with each
 *     route's role and description, and the HR roles' rights, asked of
 *     the predicates of rules/roles.h for each configured group;
 *   - the active retention rules with their periods and start events
 *     (rules/retention.h, [retention]);
 *   - the form templates and their versions in use;
 *   - where data lives ([database], [privacy] backups) and who answers
 *     for it ([privacy] controller, officer);
 *   - the change log of templates and settings (the audit trail).
 * GET /admin/privacy (pages/privacy.c) and `gesprekctl privacy-statement`
 * (ctl/ctl_privacy.c) both build it here; xslt/admin_privacy.xsl renders
 * both, in Dutch or English (the descriptions stand in both).  Its
 * fingerprint (a SHA-256 of everything but the date) changes
 * exactly when the statement's content does: the statement's version. */
#ifndef GESPREK_APP_PRIVACY_H
#define GESPREK_APP_PRIVACY_H

#include <libxml/tree.h>

struct conf;
struct db;
struct describe;

/* The change log's length: the newest changes; older ones stay in the
 * audit trail (GET /admin/audit). */
#define PRIVACY_CHANGES_MAX 200

struct privacy_source {
	struct db *db;
	const struct conf *conf;
	const struct describe *describe;	/* NULL: none could be read */
};

/* Adds <privacy-statement> with everything above to parent; an enum
 * db_status (DB_ERROR also when out of memory). */
int privacy_statement(const struct privacy_source *src, xmlNodePtr parent);

#endif
