/* retention.h -- deleting what the retention rules say is due (issue 18;
 * the rules: rules/retention.h), and the legal hold that stops it.
 *
 * What goes, in this order (the dry run counts each the same way):
 *   1. rows of the table rules (audit trail and read log, login records,
 *      mail log) older than their rule, in batches of RETENTION_ROWS_BATCH
 *      by id range;
 *   2. dossiers due under the dossier rule, RETENTION_DOSSIERS_BATCH per
 *      transaction, each whole: conversations, items, notes, remarks,
 *      answers, ratings, feedback, proposals, signatures, snapshots, its
 *      mail, its read log and audit rows; the page stamps move and the
 *      report summaries and head counts are refreshed in the same
 *      transaction (store/summary.h, headcount.h);
 *   3. people due under the person rule with no dossier left: what is only
 *      theirs (sessions, kept forms, mail to them, login records, deputy
 *      appointments, their audit rows and page stamp), then the employee
 *      row -- or, where a kept record still names them (a signature,
 *      note or answer in someone else's dossier, a report line), a
 *      pseudonymised stub: no login (a placeholder of the id), no name,
 *      no e-mail, inactive, removed_at set.
 * Every transaction writes its deletion_log rows (rule, kind, count, id
 * range, time; no content): one per transaction, except the dossier
 * rule's, which writes one per person whose dossiers it removed, naming
 * them (subject_id, sql/093) for their personal export.  A transaction is all or nothing, so a run
 * killed halfway leaves whole dossiers and people, and the next run goes
 * on where it stopped.  Nobody with a legal hold loses anything: the
 * candidates' statements skip them, and a hold set meanwhile waits on the
 * employee row the deleting transaction has locked.
 *
 * Every function returns an enum db_status (store/status.h). */
#ifndef GESPREK_STORE_RETENTION_H
#define GESPREK_STORE_RETENTION_H

#include <stdbool.h>
#include <stdint.h>

#include "rules/retention.h"
#include "store/status.h"

/* Dossiers (or people) deleted per transaction: each takes some fifteen
 * statements, so a transaction stays well under a second and holds few
 * locks. */
#define RETENTION_DOSSIERS_BATCH 50
/* Rows of one table rule deleted per transaction. */
#define RETENTION_ROWS_BATCH 1000
/* The longest reason a legal hold may give, in characters (the column's
 * width, sql/092). */
#define LEGAL_HOLD_REASON_MAX 500

/* One line of a dry run or of an apply: under `rule`, `n` records of
 * `kind` (a table) are due (dry run) or were deleted (apply). */
typedef int (*retention_fn)(void *ud, const char *rule, const char *kind, int64_t n);

/* What would go on `today` (YYYY-MM-DD), per rule and kind, without
 * deleting anything. */
int retention_plan(struct db *db, const struct retention_policy *p, const char *today,
    retention_fn fn, void *ud);

/* Deletes what is due today, batch by batch; fn gets the totals per
 * rule and kind at the end (also when nothing went).  *stubs counts the
 * people kept as pseudonymised stubs. */
int retention_apply(struct db *db, const struct retention_policy *p, const char *today,
    retention_fn fn, void *ud, int64_t *stubs);

/* A legal hold on an employee: set (reason required, at most
 * LEGAL_HOLD_REASON_MAX characters: DB_ERROR otherwise, nothing written;
 * DB_DUPLICATE when one is set already; DB_NOTFOUND without such an
 * employee) and lifted (DB_NOTFOUND when none); both audited. */
int legal_hold_set(struct db *db, int64_t actor, int64_t employee_id, const char *reason);
int legal_hold_lift(struct db *db, int64_t actor, int64_t employee_id);

/* The hold on an employee, if any: *held, and its reason, who set it and
 * when (UTC, "YYYY-MM-DD HH:MM:SS") copied into the caller's buffers. */
struct legal_hold {
	bool held;
	char reason[LEGAL_HOLD_REASON_MAX * 4 + 1];
	char set_by[201];
	char at[20];
};
int legal_hold_get(struct db *db, int64_t employee_id, struct legal_hold *out);

#endif
