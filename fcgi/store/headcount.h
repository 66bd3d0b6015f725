/* headcount.h -- the counts of people the report pages show, kept by the
 * writes (headcount.c, sql/082; issue 21), beside the summaries of
 * store/summary.h:
 *
 * - cycle_dossier_count: per cycle, its dossiers per status.  The cycle
 *   list every report and admin page shows counted every dossier of every
 *   cycle (400 k index entries a view at 100,000 employees).
 * - department_staff: per department (0: none) its active employees
 *   (cycle 0) and, per cycle, those of them with a dossier of it (any
 *   status).  "Without a dossier" in HR's or a department's scope is the
 *   first sum minus the second over the scope's departments, instead of a
 *   look at every employee.  A manager's scope (their reports, a handful)
 *   still counts the employees by the manager's key (report.c).
 * - department_tree_staff (sql/100): the same counts per department of
 *   its whole subtree, so HR's scope and a department's with its
 *   sub-departments read their roots' rows by key, not every department's
 *   (2,244 rows at 100,000 employees).  A department's recount passes its
 *   change on to its ancestors' rows; a cycle's recount and the rebuild
 *   refill them from the own counts and the stored ancestors.
 *
 * Upkeep, in the writing transaction, after its change:
 * - a new dossier: headcount_dossiers(NULL -> "open", 1) and
 *   headcount_employee (its department now has one more with a dossier);
 *   many at once (a cycle started, gesprekctl generate): headcount_cycle;
 * - a dossier's status changed (a leaver, a cycle closed):
 *   headcount_dossiers (a cycle closed: all its open ones at once);
 * - an employee added, (de)activated or moved: headcount_employee, and
 *   for a move also headcount_department of the department left;
 * - bulk writers (import, demo, generate): headcount_rebuild_tx;
 * - a department re-parented (store/department.c): headcount_tree_move_out
 *   before its stored ancestors change, headcount_tree_move_in after.
 * A department's recount reads its own employees and their dossiers with
 * locking reads (INSERT ... SELECT), so it counts the latest committed
 * rows; two writes in one department run one after the other.
 *
 * `gesprekctl verify --summaries` recounts both (headcount_verify) and
 * `rebuild-summaries` rebuilds them (headcount_rebuild_tx).
 *
 * Every function returns an enum db_status (store/status.h). */
#ifndef GESPREK_STORE_HEADCOUNT_H
#define GESPREK_STORE_HEADCOUNT_H

#include <stdint.h>

#include "store/status.h"
#include "store/db.h"

/* n dossiers of the cycle went from status `from` to `to` (NULL: new
 * dossiers, or deleted ones). */
int headcount_dossiers(struct db *db, int64_t cycle_id, const char *from, const char *to,
    int64_t n);
/* Recounts a cycle: its dossiers per status and its staff rows (after a
 * start or a close, which change many). */
int headcount_cycle(struct db *db, int64_t cycle_id);
/* Recounts the staff rows of the employee's department (now). */
int headcount_employee(struct db *db, int64_t employee_id);
/* Recounts the staff rows of one department (0: the employees without
 * one), e.g. the one an employee moved out of. */
int headcount_department(struct db *db, int64_t department_id);
/* A department's subtree counts, of every cycle, taken out of its
 * ancestors' above it (before a re-parenting changes the stored ancestors)
 * or added to them (after). */
int headcount_tree_move_out(struct db *db, int64_t department_id);
int headcount_tree_move_in(struct db *db, int64_t department_id);
/* The employee's department now (0: none), read before a write that may
 * move them; DB_NOTFOUND when there is no such employee. */
int headcount_department_of(struct db *db, int64_t employee_id, int64_t *department_id);
/* The cycle's counts (headcount_cycle) and every department's active
 * employees recounted, inside the caller's transaction: the headcount half
 * of summary_repair_cycle (store/summary.h). */
int headcount_repair_cycle_tx(struct db *db, int64_t cycle_id);
/* Every count recounted, inside the caller's transaction. */
int headcount_rebuild_tx(struct db *db);
/* Every difference between the stored counts and a recount, one row each
 * to `row` in the columns of store/summary.h's summary_diff_row (table
 * "cycle_dossier_count": state is the status; "department_staff": cycle 0
 * is the active employees).  Inside the caller's transaction.  The
 * summaries' verify passes its reader: this module stays below summary.h. */
int headcount_verify_tx(struct db *db, db_row_fn row, void *ud);

#endif
