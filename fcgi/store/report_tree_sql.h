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

/* ---- how many a list holds ----
 * The scope's parameters named in p as TREE_SCOPE_P names them, then the
 * metric's (report.c's metric_query()), named once too: the conditions
 * on the sums compare a column with a constant of p, so the key's range
 * reaches the type, the state or the value.  A type, scale or competence
 * is text of the sums' ascii columns: converted here, or the comparison
 * would convert the column and lose the key. */
#define TOTAL_P(METRIC) \
	"WITH p AS (SELECT ? AS lvl, ? AS rec, ? AS cyc, ? AS dep, ? AS m1, ? AS m2" METRIC ")"
/* The metrics' parameters: a conversation's type and its state (six times
 * in report.c's order: the first is read); a result's state (four times);
 * a rating's scale (SCALE_PARAM) and value; a competence and its level;
 * a collective goal. */
#define P_NONE ""
#define P_CONVERSATIONS \
	", CONVERT(? USING ascii) AS mtype, ? AS st, ? AS st2, ? AS st3, ? AS st4, ? AS st5," \
	" ? AS st6"
#define P_RESULTS ", ? AS st, ? AS st2, ? AS st3, ? AS st4"
#define P_RATING ", CONVERT(" SCALE_PARAM " USING ascii) AS sc, ? AS val"
#define P_COMPETENCE ", CONVERT(CAST(? AS CHAR) USING ascii) AS comp, ? AS val"
#define P_GOAL ", ? AS goal"
/* The sums of the list's number under alias A: as report_summary.c's
 * T_* conditions say them of the department sums. */
#define PK_NOT_HELD(A) A ".state IN ('planned', 'preparing')"
#define PK_DOSSIERS(A) A ".kind = 'dossier'"
#define PK_CONVERSATIONS(A) \
	A ".kind = 'conversation' AND " A ".type = p.mtype AND (p.st = 'total'" \
	" OR (p.st = 'planned' AND " PK_NOT_HELD(A) ")" \
	" OR (p.st = 'held' AND " A ".state = 'held')" \
	" OR (p.st = 'signing' AND " A ".state = 'finalized')" \
	" OR (p.st = 'closed' AND " A ".state = 'closed')" \
	" OR (p.st = 'overdue' AND " PK_NOT_HELD(A) " AND " A ".due_on < UTC_DATE()))"
#define PK_RESULTS(A) \
	A ".kind = 'result' AND (p.st = 'total'" \
	" OR (p.st = 'achieved' AND " A ".state = 'achieved')" \
	" OR (p.st = 'not_achieved' AND " A ".state = 'not_achieved')" \
	" OR (p.st = 'in_progress' AND " A ".state IN " IN_PROGRESS_STATES "))"
#define PK_RATING(A) \
	A ".kind = 'rating' AND " A ".type = p.sc AND " A ".state = '' AND " A ".value = p.val"
#define PK_COMPETENCE(A) \
	A ".kind = 'competence' AND " A ".type = p.comp AND " A ".state = ''" \
	" AND " A ".value = p.val"
/* The scope's roots' subtree sums and, in HR's scope, department 0's own
 * (TREE_SUMS): one row, the number. */
#define SQL_TREE_TOTAL(METRIC, COND) \
	TOTAL_P(METRIC) " SELECT COALESCE(SUM(s.n), 0)" \
	TREE_SUMS(ROOT_PARTS, ROOTS_OWN, "", "", COND)

/* A list's number for goal p.goal: no row for a goal of another cycle
 * (summary_report_people_total then says 0). */
#define SQL_TREE_TOTAL_GOAL \
	TOTAL_P(P_GOAL) " SELECT " G_DOSSIERS \
	" FROM p JOIN collective_goal g ON g.id = p.goal AND g.cycle_id = p.cyc"

/* ---- the dossiers in scope a collective goal stands on ----
 * The goal's subtree (everyone's: the whole organisation) met with the
 * scope's, as the sum of at most one of these, each a subtree's dossier
 * sums by key (G the goal's department, NULL for everyone; S the scope's
 * department, 0 in HR's scope):
 * - the scope's subtree, when S is under G (or is G, or G is everyone);
 * - G's subtree, when G lies strictly under S (everything is under 0);
 * - in HR's scope, a goal for everyone: the top departments' subtrees and
 *   the own sums of department 0 (the employees without one).
 * The dossier sums have one row per department, dossier status and slot:
 * a few rows each.  params p (TREE_SCOPE_P's) and the goal g (its
 * department column). */
#define G_SUMS(WHERE) \
	"(SELECT SUM(ts.n) FROM department_tree_summary ts WHERE ts.cycle_id = p.cyc" \
	" AND ts.kind = 'dossier' AND p.m1 = 0 AND p.m2 = 0 AND " WHERE ")"
#define G_UNDER(up, dep) \
	"EXISTS (SELECT 1 FROM department_ancestor anc WHERE anc.up = " up " AND anc.dep = " dep ")"
#define G_SCOPE \
	G_SUMS("ts.department_id = p.dep AND p.dep <> 0 AND (g.department_id IS NULL OR " \
	G_UNDER("g.department_id", "p.dep") ")")
#define G_INSIDE \
	G_SUMS("ts.department_id = g.department_id AND g.department_id <> p.dep" \
	" AND (p.dep = 0 OR " G_UNDER("p.dep", "g.department_id") ")")
#define G_EVERYONE \
	"(SELECT SUM(ts.n) FROM department l STRAIGHT_JOIN department_tree_summary ts" \
	" ON ts.cycle_id = p.cyc AND ts.department_id = l.id AND ts.kind = 'dossier'" \
	" WHERE l.parent_id IS NULL AND p.dep = 0 AND g.department_id IS NULL" \
	" AND p.m1 = 0 AND p.m2 = 0)"
#define G_NO_DEPARTMENT \
	"(SELECT SUM(s.n) FROM department_cycle_summary s FORCE INDEX (PRIMARY)" \
	" WHERE s.cycle_id = p.cyc AND s.department_id = 0 AND s.kind = 'dossier'" \
	" AND p.dep = 0 AND g.department_id IS NULL AND p.m1 = 0 AND p.m2 = 0)"
#define G_DOSSIERS \
	"COALESCE(" G_SCOPE ", 0) + COALESCE(" G_INSIDE ", 0) + COALESCE(" G_EVERYONE ", 0)" \
	" + COALESCE(" G_NO_DEPARTMENT ", 0)"
/* The overview's goals, with report_summary.c's SQL_COLLECTIVE columns
 * (report.c orders them). */
#define SQL_TREE_COLLECTIVE \
	TREE_SCOPE_P " SELECT " COLLECTIVE_COLUMNS ", " G_DOSSIERS ", " COLLECTIVE_NAME_KEY \
	" FROM p JOIN collective_goal g LEFT JOIN department dp ON dp.id = g.department_id" \
	" WHERE g.cycle_id = ?"

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

#endif
