/* report_tree_sql.h -- the subtree sums' reads (department_tree_summary,
 * sql/091; store/summary.h) as SQL fragments, shared by the overview's
 * statements (report_summary.c) and the numbers behind its lists and its
 * collective goals (report_tree.c).  Private to fcgi/store/. */
#ifndef GESPREK_STORE_REPORT_TREE_SQL_H
#define GESPREK_STORE_REPORT_TREE_SQL_H

#include "store/db.h"
#include "store/report_sql.h"

/* ---- HR's scope and a department's with its sub-departments: the
 * subtree sums (department_tree_summary, sql/091; store/summary.h) ----
 * The numbers of the whole scope are the subtree sums of its roots (l): the
 * scope's department itself, or in HR's scope the top departments plus the
 * own sums of department 0 (the employees without one).  The
 * per-department table and the distributions show the level under the
 * scope's department (in HR's scope, the top departments): the level's
 * subtree sums plus the own sums of the level's parent, shown under its
 * name.  Each department's rows are read by the key (cycle, department,
 * kind) over its slots: about departments x slots x facts rows, where the
 * fold of the own sums read every department's rows of the cycle (issue
 * 21: 19 k rows for the table and 66 k for the distributions at 100,000
 * employees).  One kind per part: a list of kinds would read a
 * department's every kind (the key's range per joined row is only its
 * equal prefix).  The departments drive (STRAIGHT_JOIN): left to itself
 * MariaDB may read the cycle's subtree rows of every department and look
 * each one's department up, the read this table is made to avoid.  The
 * parts are summed through a small temporary table (their few rows); the
 * manager parameters are 0 here -- were they not, nothing would be
 * counted.
 *
 * The parameters come in report.c's order (report_scope_args(), or
 * report_departments_args() with the level's two); p names them once, a
 * row of constants that MariaDB reads before it plans the rest, so the
 * conditions on p alone fold to true or false. */
#define TREE_SCOPE_P \
	"WITH p AS (SELECT ? AS lvl, ? AS rec, ? AS cyc, ? AS dep, ? AS m1, ? AS m2)"
#define TREE_LEVEL_P \
	"WITH p AS (SELECT ? AS sub, ? AS rec, ? AS lvl, ? AS fold, ? AS cyc, ? AS dep," \
	" ? AS m1, ? AS m2)"
/* When the own sums of p.dep are added: in HR's scope to its roots' (a
 * department's own are in its subtree sums), always to the level's. */
#define ROOTS_OWN "p.lvl = 0"
#define LEVEL_OWN "1 = 1"
/* A part's sum columns and its rows' kind, under the table's alias A. */
#define SUM_COLS(A) \
	A ".kind AS kind, " A ".type AS type, " A ".state AS state, " A ".value AS value," \
	" " A ".due_on AS due_on, " A ".n AS n"
#define TK_CONVERSATION(A) A ".kind = 'conversation'"
#define TK_DOSSIER(A) A ".kind = 'dossier'"
#define TK_RESULT(A) A ".kind = 'result'"
#define TK_RATING(A) A ".kind = 'rating' AND " A ".state = ''"
#define TK_COMPETENCE(A) A ".kind = 'competence' AND " A ".state = ''"
/* The subtree sums (ts) of the departments l that WHO picks, of the kind
 * COND, and the own sums (s) of p.dep WHEN it says so, each row led by
 * HEAD: in the per-department statements the department it is shown
 * under (fid, fname) and whether that is a subtree (folded). */
#define TREE_PART(WHO, HEAD, COND) \
	" SELECT " HEAD SUM_COLS("ts") " FROM p JOIN department l ON " WHO \
	" STRAIGHT_JOIN department_tree_summary ts" \
	" ON ts.cycle_id = p.cyc AND ts.department_id = l.id AND " COND("ts") \
	" WHERE p.m1 = 0 AND p.m2 = 0"
/* The own sums by their primary key (cycle, department, kind): the key
 * sql/074 made for the department-alone reads (cycle, kind, ...) holds no
 * department and reads every department's rows of the kind, which the
 * optimizer takes here for its covering columns. */
#define OWN_PART(WHEN, HEAD, COND) \
	" SELECT " HEAD SUM_COLS("s") " FROM p JOIN department_cycle_summary s FORCE INDEX (PRIMARY)" \
	" ON s.cycle_id = p.cyc AND s.department_id = p.dep AND " COND("s") \
	" LEFT JOIN department dp ON dp.id = p.dep WHERE " WHEN " AND p.m1 = 0 AND p.m2 = 0"
/* The departments whose subtree sums are read: the scope's roots (the
 * department itself by its id, or the top ones by the parent key in HR's
 * scope) -- two parts, each of which MariaDB finds impossible in the
 * other scope, where one condition with OR read the whole parent key --
 * or the level under p.lvl by the parent key. */
#define ROOT_PARTS(HEAD, COND) \
	TREE_PART("l.id = p.lvl", HEAD, COND) \
	" UNION ALL" TREE_PART("p.lvl = 0 AND l.parent_id IS NULL", HEAD, COND)
#define LEVEL_PARTS(HEAD, COND) TREE_PART("l.parent_id <=> NULLIF(p.lvl, 0)", HEAD, COND)
#define TREE_SUMS(PARTS, WHEN, HEAD_TREE, HEAD_OWN, COND) \
	" FROM (" PARTS(HEAD_TREE, COND) " UNION ALL" OWN_PART(WHEN, HEAD_OWN, COND) ") s"
#define TREE_SUMS2(PARTS, WHEN, HEAD_TREE, HEAD_OWN, COND1, COND2) \
	" FROM (" PARTS(HEAD_TREE, COND1) " UNION ALL" PARTS(HEAD_TREE, COND2) \
	" UNION ALL" OWN_PART(WHEN, HEAD_OWN, COND1) " UNION ALL" OWN_PART(WHEN, HEAD_OWN, COND2) \
	") s"

/* ---- report_tree.c: the numbers behind the lists and the collective
 * goals' counts in HR's scope and a department's with its
 * sub-departments ---- */

/* How many the list of a metric holds (summary_report_people_total),
 * each statement with report_metric_args()' parameters. */
extern const struct report_people_source report_tree_totals;
/* EXPLAIN of the conversations' total (gesprekctl explain-reports). */
extern struct db_stmt_def report_tree_total_explain;
/* Each collective goal with the dossiers in scope it stands on; params:
 * report_collective_args(), columns COLLECTIVE_COLUMNS and the count. */
extern struct db_stmt_def report_tree_collective;
extern struct db_stmt_def report_tree_collective_explain;
/* The overall ratings of q (report_scope_args(); columns: the scale's
 * text, the value, a count), added up per scale and value and handed to fn
 * in the scale's and the value's order, those summing to 0 left out. */
int report_tree_ratings(struct db *db, struct db_stmt_def *q, const struct report_scope *s,
    report_rating_fn fn, void *ud);

/* ---- report_overview.c: HR's overview of the whole organisation in one
 * statement ---- */

/* The scales of a cycle's overall ratings (report_scale.c; params: the
 * cycle twice) and the levels of its competence ratings (report.c; the
 * cycle): named for report_overview.c, which answers them too.  Here and
 * not in report_sql.h, whose text keys the bench's kept summaries. */
extern struct db_stmt_def report_scales_stmt;
extern struct db_stmt_def report_levels_stmt;

/* The statements whose answers it keeps: the subtree sums' readers of
 * report_summary.c and report_tree.c (report_scales_stmt and
 * report_levels_stmt are report_sql.h's). */
struct report_overview_stmts {
	struct db_stmt_def *conversations, *departments, *totals, *without, *ratings,
	    *distribution, *collective;
};
/* Reads the overview of scope s (HR's, the whole organisation: no
 * department, no manager) in one statement and keeps each reader's answer
 * (db.h db_prefetch_keep) until db_prefetch_end; with top_limit > 0 the
 * same statement reads the page's filter too and keeps the answers of
 * cycle_list, cycle_get(s->cycle_id) and department_children(0,
 * top_limit) (report_overview_filter.c). */
int report_overview_prefetch(struct db *db, const struct report_scope *s,
    const struct report_overview_stmts *q, int64_t top_limit);
/* EXPLAIN of that statement for scope s (report.h's report_plan_fn),
 * named "overview.prefetch". */
int report_overview_explain(struct db *db, const struct report_scope *s, report_plan_fn fn,
    void *ud);

#endif
