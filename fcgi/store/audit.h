/* audit.h -- what the store offers on the audit trail (audit.c). Every
 * function returns an enum db_status (store/status.h); the SQL stays in
 * fcgi/store/. */
#ifndef GESPREK_STORE_AUDIT_H
#define GESPREK_STORE_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/status.h"
#include "base/util.h"
#include "rules/cycle_rules.h"
#include "rules/person.h"

/* entity: "employee", "department", "cycle", "dossier", "conversation", ...;
 * detail: free text, typically "field: before -> after; ...".  Also moves
 * the page stamps of what changed (store/stamp.h). */
int audit_add(struct db *db, int64_t actor_id, const char *entity, int64_t entity_id,
    const char *action, const char *detail);
/* The same for a change of a dossier's item or conversation whose
 * employee and manager (0: none) the caller has read already (under its
 * lock): their stamps are moved by id, not looked up again through the
 * entity (issue 22: the saving POST). */
int audit_add_dossier(struct db *db, int64_t actor_id, const char *entity, int64_t entity_id,
    const char *action, const char *detail, int64_t employee_id, int64_t manager_id);

struct audit_row {
	int64_t id;
	const char *at;		/* ISO 8601 UTC */
	const char *actor;	/* name */
	const char *entity;
	int64_t entity_id;
	const char *action;
	const char *detail;	/* "" when private_detail */
	/* The row records private preparation that is still private (DESIGN
	 * §5): an item, note, rating or remark of a party that has not shared
	 * it in a conversation not yet held.  Its detail is withheld. */
	bool private_detail;
};
typedef int (*audit_fn)(void *ud, const struct audit_row *row);
int audit_list(struct db *db, const char *entity, int64_t entity_id, audit_fn fn, void *ud);
/* The trail HR reads (GET /admin/audit), newest first, at most `limit`
 * rows: an employee with their dossiers; a dossier with its conversations
 * and items; a cycle with its organisation and collective goals.  Other
 * entities: DB_NOTFOUND.  Rows of private preparation come without their
 * detail (struct audit_row, private_detail). */
int audit_trail(struct db *db, const char *entity, int64_t entity_id, int64_t limit,
    audit_fn fn, void *ud);
/* The search form of GET /admin/audit: NULL or "" leaves a filter out.
 * from and to are YYYY-MM-DD (both days included); who is part of the
 * actor's name or their login. */
struct audit_query {
	const char *entity;
	const char *who;
	const char *from;
	const char *to;
};
/* Every row that matches, newest first, at most `limit`; private
 * preparation without its detail, as in audit_trail. */
int audit_search(struct db *db, const struct audit_query *q, int64_t limit, audit_fn fn,
    void *ud);
/* Appends "field: before -> after; " to b when the two differ (NULL counts
 * as ""): the detail of an update. */
struct buf;
void audit_diff(struct buf *b, const char *field, const char *before, const char *after);
/* Appends "field: value; " when value is not empty: the detail of a create. */
void audit_value(struct buf *b, const char *field, const char *value);

/* What an audit trail is about, for its heading (audit.c): an employee's name and
 * login, a dossier's employee and cycle, a cycle's name. */
struct audit_subject {
	char name[NAME_MAX_LEN * 4 + 1];
	char login[LOGIN_MAX + 1];
	char cycle[CYCLE_NAME_MAX * 4 + 1];
	int64_t employee_id;
	int64_t cycle_id;
	bool found;
};
int audit_subject(struct db *db, const char *entity, int64_t entity_id,
    struct audit_subject *out);

/* ---- the read audit (issue 17, sql/086) ---- */

/* What a read was of: a dossier page, a conversation (its page, XML view,
 * calendar or signed report), an export, or a people list of a report. */
#define READ_KIND_DOSSIER "dossier"
#define READ_KIND_CONVERSATION "conversation"
#define READ_KIND_EXPORT "export"
#define READ_KIND_PEOPLE "people"
/* The longest `what` kept: a list's or export's description. */
#define READ_WHAT_MAX 255

/* Records that reader_id read object_id of `kind` (READ_KIND_*) today:
 * at most one row per reader, object, `what` and day -- the day of the
 * configured zone (site.timezone; rules/deputy.h deputy_today), as people
 * there count it -- so a repeat that day changes nothing.  what: "" for a dossier or conversation; for an
 * export or a people list, what it held ("cycle=3 department=5 ...", at
 * most READ_WHAT_MAX ASCII characters, cut there).  A new row moves the
 * read dossier's people's page stamps, so the employee's own page shows
 * it.  Called by the pages of HR advisors' and second assessors' reads,
 * outside any other transaction (it is one of its own). */
int audit_read(struct db *db, int64_t reader_id, const char *kind, int64_t object_id,
    const char *what);

struct read_row {
	int64_t id;
	const char *at;		/* ISO 8601 UTC, the first read that day */
	const char *reader;	/* name */
	const char *kind;	/* READ_KIND_* */
	int64_t object_id;
	const char *what;
	int64_t dossier_id;	/* 0: an export or list */
};
typedef int (*read_fn)(void *ud, const struct read_row *row);
/* The reads of dossier_id and its conversations, newest first, at most
 * `limit`: what the employee sees of who read their dossier. */
int audit_reads_of_dossier(struct db *db, int64_t dossier_id, int64_t limit, read_fn fn,
    void *ud);
/* The reads the auditor searches (GET /admin/audit): who and the period as
 * in struct audit_query (its entity is ignored); dossier_id > 0 narrows to
 * one dossier.  Newest first, at most `limit`. */
int audit_reads_search(struct db *db, const struct audit_query *q, int64_t dossier_id,
    int64_t limit, read_fn fn, void *ud);

#endif
