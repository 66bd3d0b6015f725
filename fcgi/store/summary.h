/* summary.h -- the counts of HR's overview kept by the writes (summary.c;
 * issue 21), so that a view reads a few rows instead of recounting a cycle.
 *
 * Design.
 * - dossier_summary: per dossier, the facts the overview counts about it,
 *   one row per (kind, type, state, value, due_on) with how many (n):
 *     kind 'dossier'       the dossier itself (n = 1);
 *     kind 'conversation'  its conversations by type and status; a planned
 *                          or preparing one also by its due date (its own,
 *                          else its cycle step's), every other one under
 *                          SUMMARY_NO_DUE;
 *     kind 'result'        its result goals both parties can see, not
 *                          cancelled, by item status;
 *     kind 'rating'        overall ratings of its assessments both parties
 *                          can see, by the scale they are on and value:
 *                          type the final scale of the conversation's
 *                          template version (its id, decimal text), ''
 *                          for the cycle's own scale (issue 16, sql/080;
 *                          report_sql.h RATING_SCALE).
 *     kind 'competence'    the manager's ratings of each competence in its
 *                          assessments that both parties can see: type the
 *                          competence's id (decimal text), value the level.
 *   Several rows per dossier, not one wide row: a dossier may hold several
 *   progress conversations, each with its own due date, and ratings on
 *   several scales.  A leaver's dossier ('left') has no facts.
 *   Each row also names the dossier's cycle, employee, the employee's
 *   department (0: none) and the dossier's manager (0: none), as they were
 *   when it was written: what the department sums must give back.
 *   It also carries the employee's name (sort_name, sql/076), the order
 *   of the people lists, which page by it from the index; a rename
 *   rewrites it in its own write (summary_employee_name).
 * - department_cycle_summary: the sums of those facts per (cycle,
 *   department) -- the department's OWN dossiers only, whatever their
 *   managers (sql/075): HR's statements read about departments x states
 *   rows, not one per dossier manager.  A manager's overview sums their
 *   own dossiers' facts instead, by dossier_summary's (cycle, manager,
 *   ...) key.  Rows that fall to 0 stay (a later write reuses them);
 *   reads and the recount ignore them.
 * - department_tree_summary (sql/091): the same sums per department of
 *   its WHOLE subtree -- its own dossiers and every descendant's -- in
 *   SUMMARY_TREE_SLOTS slots (slot = dossier id % SUMMARY_TREE_SLOTS).
 *   This reverses the first design, "sub-departments are summed at read
 *   time, so no write touches a parent's row": HR's overview and a
 *   department's with its sub-departments then read every own sum of the
 *   cycle and folded them per department of the level shown -- at 100,000
 *   employees (1,119 departments) 19 k rows for the per-department table
 *   and 66 k for the distributions, per view, which no index makes fast.
 *   Now they read the level's departments' subtree rows by key (level x
 *   slots x facts) and, for the level's parent, its own rows.  The price
 *   is paid by the writes: a refresh adds each changed sum to the
 *   department and its ancestors in ONE statement over the stored
 *   ancestors (sql/064), so its statement count does not grow with the
 *   depth.  A top department's row would take every write of its subtree
 *   -- on Galera a certification hot spot, as the first design feared --
 *   so the writes spread by dossier over the slots: concurrent writes in
 *   one subtree meet on one row only one time in SUMMARY_TREE_SLOTS, and a
 *   read sums the slots.  Employees without a department (0) are in no
 *   subtree; HR's overview reads their own sums.  Re-parenting a department
 *   moves its subtree's sums from the old ancestors to the new ones in the
 *   same transaction (summary_tree_move_out/_in, store/department.c).
 * - "Overdue" changes with the date, without a write: it is the sum of the
 *   not-held conversation rows whose due_on lies before today, over the
 *   few due dates of a cycle.
 * - What counts is defined once, in store/report_sql.h, for the recount
 *   (report.c) and for these rows alike.
 *
 * Upkeep.  Every store write that changes a counted fact calls one of the
 * refresh functions below inside its own transaction, after its change.  A
 * refresh recounts the facts of the dossiers it names from their rows,
 * applies the difference against the stored facts to the department sums
 * (only rows whose count changes are written), and replaces the stored
 * facts.  It is correct for whatever it names -- a deleted dossier's facts
 * are taken out -- so a write that is unsure what it changed names more.
 * Statements per refresh of one dossier (summary_dossier, _conversation:
 * every saving POST): one read of its stored and its counted facts, then
 * one write per fact and two per department sum that changes (the own sum,
 * and the subtree sums of the department and its ancestors) -- none when
 * the write changed no counted fact.  Of several dossiers: 5 (the subtree
 * sums take the old facts out and add the new ones).
 *
 * The callers: every conversation write (audit_conv, store/conversation.c)
 * but a remark, item add, edit and delete, a progress note that moves an
 * item's status or gives a rating (conversation_items.c), a cycle
 * started and a joiner (cycle_start.c), a leaver (cycle_people.c), a move
 * to another department or a dossier to another manager (employee_admin.c,
 * import.c), gesprekctl generate (generate.c), a department re-parented
 * (department_paths_move in store/department.c: the department edit and
 * import.c; summary_tree_move_out/_in).  Not callers, because they
 * change no counted fact: closing a cycle (closed dossiers count as open
 * ones did), a schedule edit (allowed only before the first dossier), a
 * department renamed (the names are read at view time), (de)activating an employee,
 * a remark, a progress note whose status the item has already or that
 * stays private (a share or the conversation held applies it, and they
 * refresh).
 * A new write that changes a counted fact adds its call; the suite's
 * recount (tests/integration/summaries.py) finds one that is missing.
 *
 * Every function returns an enum db_status (store/status.h). */
#ifndef GESPREK_STORE_SUMMARY_H
#define GESPREK_STORE_SUMMARY_H

#include <stdbool.h>
#include <stdint.h>

#include "store/status.h"

/* The due_on of a fact without a due date (never before today). */
#define SUMMARY_NO_DUE "9999-12-31"
/* The rows each subtree sum is spread over (department_tree_summary's
 * slot: dossier id modulo this): concurrent writes in one subtree take
 * one row of a department in eight, so a top department's row is no
 * Galera hot spot; a read sums them.  Changing it needs a rebuild
 * (gesprekctl rebuild-summaries), as sql/091 fills with 8. */
#define SUMMARY_TREE_SLOTS 8

/* The dossiers first..last (ids, inclusive). */
int summary_dossiers(struct db *db, int64_t first, int64_t last);
/* One dossier. */
int summary_dossier(struct db *db, int64_t dossier_id);
/* The dossier of a conversation. */
int summary_conversation(struct db *db, int64_t conversation_id);
/* Every dossier of an employee (a move to another department). */
int summary_employee(struct db *db, int64_t employee_id);
/* The name the people lists sort by, in every fact of an employee: a
 * rename calls it in its own write (employee_admin.c, import.c). */
int summary_employee_name(struct db *db, int64_t employee_id);
/* Every dossier of a cycle (start, close, a changed schedule). */
int summary_cycle(struct db *db, int64_t cycle_id);

/* Department id re-parented (store/department.c), in its transaction:
 * its subtree sums, of every cycle, taken out of its ancestors' before the
 * stored ancestors change (_out) and added to the new ones' after (_in). */
int summary_tree_move_out(struct db *db, int64_t department_id);
int summary_tree_move_in(struct db *db, int64_t department_id);

/* gesprekctl rebuild-summaries: recounts every fact and every sum, in
 * one transaction. */
int summary_rebuild(struct db *db);
/* gesprekctl rebuild-summaries --cycle ID, in its own transaction: the
 * cycle's summaries (summary_cycle), its counts and every department's
 * active employees recounted (headcount_repair_cycle_tx) -- what rows
 * written past the store (the test suite's, with SQL) need, without a
 * rebuild of every cycle that would hide a write elsewhere that forgot its
 * refresh. */
int summary_repair_cycle(struct db *db, int64_t cycle_id);

/* gesprekctl verify --summaries: every difference between the stored
 * rows and a recount from the rows, one call each; *differences counts
 * them.  `table` is "dossier_summary", "department_cycle_summary" or
 * "department_tree_summary" (its slots summed); in the latter two,
 * dossier_id is 0. */
struct summary_diff {
	const char *table;
	int64_t dossier_id, cycle_id, department_id, manager_id;
	const char *kind, *type, *state;
	int64_t value;
	const char *due_on;
	int64_t stored, recount;
};
typedef void (*summary_diff_fn)(void *ud, const struct summary_diff *d);
int summary_verify(struct db *db, summary_diff_fn fn, void *ud, int64_t *differences);
/* A recount's row in summary_diff's twelve columns (table, dossier, cycle,
 * department, manager, kind, type, state, value, due_on, stored,
 * recount) passed on as one difference; ud: a summary_verify_cb.  Shared
 * by every verify statement (summary.c, headcount.c). */
struct summary_verify_cb {
	summary_diff_fn fn;
	void *ud;
	int64_t *differences;
};
struct db_row;
int summary_diff_row(void *ud, const struct db_row *r);

/* Every scope of the overview of a cycle (0: of every cycle) that can
 * count something: HR's (department 0, manager 0), each department's that
 * holds a dossier of the cycle, and its ancestors', with and without
 * sub-departments, each dossier manager's; fn's non-zero answer stops. */
typedef int (*summary_scope_fn)(void *ud, int64_t cycle_id, int64_t department_id,
    bool recursive, int64_t manager_id);
int summary_scopes(struct db *db, int64_t cycle_id, summary_scope_fn fn, void *ud);

#endif
