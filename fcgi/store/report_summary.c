/* report_summary.c -- the numbers of HR's overview read from
 * department_cycle_summary (store/summary.h) -- a manager's from their
 * dossiers' facts in dossier_summary -- instead of recounted from the
 * cycle's rows (report.c).  Same scope: one cycle, optionally a department
 * (with its sub-departments when recursive) and, for a manager, only the
 * dossiers they hold.  A department alone reads its own sums; HR's scope
 * and a department with its sub-departments read the subtree sums of
 * department_tree_summary (sql/091, store/report_tree_sql.h), so no statement of
 * theirs sums every department's rows.
 *
 * The people behind each number (and whom a reminder reaches) come from
 * the dossiers' own facts in dossier_summary, by the keys of sql/076, the
 * employee joined by primary key; the collective goals' counts from the
 * department sums.  Only the employees without a dossier, who have no
 * facts, are still counted from the employees (report.c).  Every page
 * statement can be EXPLAINed with its real arguments
 * (summary_report_explain, gesprekctl explain-reports).
 *
 * The department set comes from the stored ancestors (sql/064), as in
 * report.c. */
#include "config.h"

#include <string.h>

#include "store/db.h"
#include "store/report_sql.h"
#include "store/report_summary.h"
#include "store/report_tree_sql.h"
#include "store/summary.h"
#include "base/util.h"
#include "store/rows.h"

/* The department alone, or with its sub-departments: a range of the
 * stored ancestors' key (sql/064), as report.c reads them; params:
 * department id, recursive (0/1). */
#define SCOPE_CTE \
	"WITH sub (id) AS (SELECT dep FROM department_ancestor" \
	" WHERE up = ? AND (? = 1 OR depth = 0))"
/* The sums s in scope, from one of two tables with the same columns
 * (store/summary.h), chosen by overview_of().  A department alone reads
 * its own sums, which know no manager (sql/075), by the primary key
 * (cycle, department, kind, ...): its few rows, in the key's order (HR's
 * scope and a department's with its sub-departments read the subtree
 * sums, report_tree_sql.h).  Its department is never 0 there, and the
 * scope's two manager parameters are 0 -- were they not, nothing would be
 * counted rather than everyone.  The department as a member of the scope
 * CTE read every department's rows of the kind by sql/074's key (cycle,
 * kind, ...) and kept the department's: at 10,000 employees 1,211 rows for
 * the conversations of one department (issue 21).  A manager's read
 * their own dossiers' facts by dossier_summary's (cycle, manager, ...)
 * key: their team's few rows.  params: cycle, department (0: all),
 * manager twice (0: all). */
#define IN_DEPARTMENT " AND (? = 0 OR s.department_id IN (SELECT id FROM sub))"
#define DEPT_SUMS " FROM department_cycle_summary s FORCE INDEX (PRIMARY)"
#define DEPT_COND " s.cycle_id = ? AND s.department_id = ? AND ? = 0 AND ? = 0"
#define DEPT_WHERE " WHERE" DEPT_COND
/* The facts under the sums' alias s: MariaDB merges the derived table
 * into the statement, so the plan reads f by its keys (and names it). */
#define TEAM_SUMS \
	" FROM (SELECT f.cycle_id, f.department_id, f.manager_id, f.kind, f.type, f.state," \
	" f.value, f.due_on, f.n FROM dossier_summary f) s"
#define TEAM_COND " s.cycle_id = ?" IN_DEPARTMENT " AND (? = 0 OR s.manager_id = ?)"
#define TEAM_WHERE " WHERE" TEAM_COND
#define S_NOT_HELD "s.state IN ('planned', 'preparing')"
#define CONV_SUMS \
	" SUM(IF(" S_NOT_HELD ", s.n, 0)), SUM(IF(s.state = 'held', s.n, 0))," \
	" SUM(IF(s.state = 'finalized', s.n, 0)), SUM(IF(s.state = 'closed', s.n, 0))," \
	" SUM(IF(" S_NOT_HELD " AND s.due_on < UTC_DATE(), s.n, 0)), SUM(s.n)"

/* A sums row's counts as it is read, which report.c adds up: per type
 * (conv_count_row) or per department and type (report_source_departments)
 * -- grouping them here took a temporary table and a sort for some fifty
 * rows. */
#define CONV_COUNTS \
	" IF(" S_NOT_HELD ", s.n, 0), IF(s.state = 'held', s.n, 0)," \
	" IF(s.state = 'finalized', s.n, 0), IF(s.state = 'closed', s.n, 0)," \
	" IF(" S_NOT_HELD " AND s.due_on < UTC_DATE(), s.n, 0), s.n"

/* Grouped by type along a key that leads with the cycle and the kind --
 * the primary key (cycle, department, kind, type) for a department alone,
 * sql/075's (cycle, manager, kind, type) for a manager -- which hands the
 * rows over in type order from the index alone. */
#define SQL_CONVERSATIONS(FROM, WHERE) \
	SCOPE_CTE " SELECT s.type," CONV_SUMS FROM WHERE \
	" AND s.kind = 'conversation' GROUP BY s.type"
static struct db_stmt_def q_conversations =
    DB_STMT(SQL_CONVERSATIONS(DEPT_SUMS, DEPT_WHERE));
static struct db_stmt_def e_conversations =
    DB_STMT("EXPLAIN " SQL_CONVERSATIONS(DEPT_SUMS, DEPT_WHERE));
static struct db_stmt_def q_team_conversations =
    DB_STMT(SQL_CONVERSATIONS(TEAM_SUMS, TEAM_WHERE));
static struct db_stmt_def e_team_conversations =
    DB_STMT("EXPLAIN " SQL_CONVERSATIONS(TEAM_SUMS, TEAM_WHERE));
/* Per department, as report.c's q_departments (see report.h), where
 * nothing is folded: report_departments_args() folds only a scope with
 * sub-departments, which reads the subtree sums (TREE_SUMS below); a
 * department alone and a manager's team show each department's own rows.
 * The fold they had (a map of the level's departments to their
 * descendants, the sums per own department in a derived table joined to
 * it) stayed out of the plan but cost two derived tables at each
 * execution -- a manager's table at 100,000 employees: 0.33-0.39 ->
 * 0.22-0.26 ms of MariaDB's optimization and execution (ANALYZE;
 * tests/bench/RESULTS.md, h-scopes).  Their sums come as they are read,
 * with the department's name as the collation orders it (DEPT_KEY_COL):
 * report.c's report_source_departments groups them per department and
 * type and sorts them by name and id -- grouped by department and sorted
 * by name here, a manager's table took a temporary table and a filesort
 * (h-scopes2) -- and dept_row puts each department's types in the cycle's
 * order.  params:
 * report_departments_args() -- the scope CTE's, the level and the fold,
 * then the sums' scope COND. */
#define UNFOLDED(COND) " WHERE ? IS NOT NULL AND ? = 0 AND" COND
#define SQL_DEPARTMENTS(FROM, COND) \
	SCOPE_CTE " SELECT s.department_id, COALESCE(dp.name, ''), 0, s.type," CONV_COUNTS "," \
	" WEIGHT_STRING(COALESCE(dp.name, ''))" FROM \
	" LEFT JOIN department dp ON dp.id = s.department_id" UNFOLDED(COND) \
	" AND s.kind = 'conversation'"
/* A department alone is one department (the level: the department
 * itself), so it need not even sort: its own sums by the primary key
 * (cycle, department, kind, type, ...), grouped by type along it, with
 * neither a temporary table nor a sort (the fold it had took both, for
 * its few rows; h-scopes).  The types come in the key's order, report.c's
 * dept_row hands them on in the cycle's.  params:
 * report_departments_args() -- the CTE's two (unused), the level and the
 * fold (the department and 0, as they always are here), DEPT_COND's. */
#define SQL_DEPARTMENT_ALONE \
	SCOPE_CTE " SELECT s.department_id, COALESCE(dp.name, ''), 0, s.type," CONV_SUMS "," \
	" WEIGHT_STRING(COALESCE(dp.name, ''))" \
	DEPT_SUMS " LEFT JOIN department dp ON dp.id = s.department_id" \
	" WHERE s.department_id = ? AND ? = 0" \
	" AND s.cycle_id = ? AND s.department_id = ? AND ? = 0 AND ? = 0" \
	" AND s.kind = 'conversation' GROUP BY s.type HAVING SUM(s.n) <> 0"
static struct db_stmt_def q_departments = DB_STMT(SQL_DEPARTMENT_ALONE);
static struct db_stmt_def e_departments = DB_STMT("EXPLAIN " SQL_DEPARTMENT_ALONE);
static struct db_stmt_def q_team_departments =
    DB_STMT(SQL_DEPARTMENTS(TEAM_SUMS, TEAM_COND));
static struct db_stmt_def e_team_departments =
    DB_STMT("EXPLAIN " SQL_DEPARTMENTS(TEAM_SUMS, TEAM_COND));
#define SQL_TOTALS(FROM, WHERE) \
	SCOPE_CTE " SELECT SUM(IF(s.kind = 'dossier', s.n, 0)), SUM(IF(s.kind = 'result', s.n, 0))," \
	" SUM(IF(s.kind = 'result' AND s.state = 'achieved', s.n, 0))," \
	" SUM(IF(s.kind = 'result' AND s.state = 'not_achieved', s.n, 0))," \
	" SUM(IF(s.kind = 'result' AND s.state IN " IN_PROGRESS_STATES ", s.n, 0))" \
	FROM WHERE " AND s.kind IN ('dossier', 'result')"
static struct db_stmt_def q_totals = DB_STMT(SQL_TOTALS(DEPT_SUMS, DEPT_WHERE));
static struct db_stmt_def e_totals = DB_STMT("EXPLAIN " SQL_TOTALS(DEPT_SUMS, DEPT_WHERE));
static struct db_stmt_def q_team_totals = DB_STMT(SQL_TOTALS(TEAM_SUMS, TEAM_WHERE));
static struct db_stmt_def e_team_totals = DB_STMT("EXPLAIN " SQL_TOTALS(TEAM_SUMS, TEAM_WHERE));
/* The employees without a dossier in HR's scope or a department's with
 * its sub-departments: the active employees (cycle 0 of the kept
 * headcounts, store/headcount.h) minus those with a dossier of the cycle,
 * from the subtree counts (department_tree_staff, sql/100) of the scope's
 * roots -- the department itself, or in HR's scope the top departments
 * plus department 0's own counts (the employees without one) -- four rows
 * or so by the primary key.  Summing the own counts of the scope's
 * departments read two rows per department (2,244 at 100,000 employees in
 * HR's scope).  A manager's scope counts their reports (report.c): the
 * kept rows know no manager, so the manager parameters make it count
 * nothing rather than everyone.  params: report.c's employee scope (the
 * department, recursive, cycle, department, manager twice), named in p. */
#define WITHOUT_OF(A, FROM, WHERE) \
	" SELECT " A ".cycle_id, " A ".n FROM p JOIN " FROM " ON " A ".cycle_id IN (0, p.cyc)" \
	" AND " WHERE " AND p.m1 = 0 AND p.m2 = 0"
#define SQL_WITHOUT_KEPT \
	TREE_SCOPE_P " SELECT COALESCE(SUM(IF(w.cycle_id = 0, w.n, -w.n)), 0) FROM (" \
	WITHOUT_OF("tt", "department_tree_staff tt", "tt.department_id = p.lvl AND p.lvl <> 0") \
	" UNION ALL" WITHOUT_OF("tt", "department l STRAIGHT_JOIN department_tree_staff tt", \
	"tt.department_id = l.id AND l.parent_id IS NULL AND p.lvl = 0") \
	" UNION ALL" WITHOUT_OF("t", "department_staff t FORCE INDEX (PRIMARY)", \
	"t.department_id = 0 AND p.lvl = 0") \
	") w"
static struct db_stmt_def q_without_kept = DB_STMT(SQL_WITHOUT_KEPT);
static struct db_stmt_def e_without_kept = DB_STMT("EXPLAIN " SQL_WITHOUT_KEPT);
/* A department alone: its own two rows by the primary key (cycle,
 * department), forced: the department's key would read its rows of every
 * cycle.  As a member of the scope CTE the cycle's rows of every
 * department were read (219 at 10,000 employees).  Same parameters. */
#define SQL_WITHOUT_ALONE \
	SCOPE_CTE " SELECT COALESCE(SUM(IF(t.cycle_id = 0, t.n, -t.n)), 0)" \
	" FROM department_staff t FORCE INDEX (PRIMARY)" \
	" WHERE t.cycle_id IN (0, ?) AND t.department_id = ?" \
	" AND ? = 0 AND ? = 0"
static struct db_stmt_def q_without_alone = DB_STMT(SQL_WITHOUT_ALONE);
static struct db_stmt_def e_without_alone = DB_STMT("EXPLAIN " SQL_WITHOUT_ALONE);
/* A rating's facts have its scale as their type and no state (summary.c;
 * issue 16): saying so lets the key (cycle, [manager,] kind, type, state,
 * value) hand the rows over in scale and value order, grouped without a
 * temporary table or a sort. */
#define SQL_RATINGS(FROM, WHERE) \
	SCOPE_CTE " SELECT s.type, s.value, SUM(s.n)" FROM WHERE " AND s.kind = 'rating'" \
	" AND s.state = '' GROUP BY s.type, s.value HAVING SUM(s.n) <> 0" \
	" ORDER BY s.type, s.value"
static struct db_stmt_def q_ratings = DB_STMT(SQL_RATINGS(DEPT_SUMS, DEPT_WHERE));
static struct db_stmt_def e_ratings = DB_STMT("EXPLAIN " SQL_RATINGS(DEPT_SUMS, DEPT_WHERE));
static struct db_stmt_def q_team_ratings = DB_STMT(SQL_RATINGS(TEAM_SUMS, TEAM_WHERE));
static struct db_stmt_def e_team_ratings = DB_STMT("EXPLAIN " SQL_RATINGS(TEAM_SUMS, TEAM_WHERE));
/* The distributions per department (issue 16; report.h): the 'rating'
 * and 'competence' sums in scope, grouped per department, kind,
 * competence (the type, its id as text; cid: a competence's, a rating's
 * scale, 0 the cycle's) and value, unfolded as SQL_DEPARTMENTS, with the
 * competence's names by primary key.  Neither kind has a state
 * (store/summary.c), so the keys read the two kinds' rows of the cycle by
 * index.  Each row as it is read, with the names' collation keys
 * (DIST_KEYS_COL): report.c groups them and orders them by department,
 * then the ratings before the competences by name -- grouped and sorted
 * here, their few rows took a temporary table and a filesort (h-scopes2).
 * params: report_departments_args(). */
#define DIST_NAMES(FNAME) \
	" WEIGHT_STRING(" FNAME "), WEIGHT_STRING(COALESCE(cp.name_nl, ''))"
#define SQL_DISTRIBUTION(FROM, COND) \
	SCOPE_CTE " SELECT s.department_id, COALESCE(dp.name, ''), 0, s.kind," \
	" IF(s.type = '', 0, CAST(s.type AS UNSIGNED)), COALESCE(cp.name_nl, '')," \
	" COALESCE(cp.name_en, ''), s.value, s.n," DIST_NAMES("COALESCE(dp.name, '')") FROM \
	" LEFT JOIN department dp ON dp.id = s.department_id" \
	" LEFT JOIN competence cp ON s.kind = 'competence'" \
	" AND cp.id = IF(s.type = '', 0, CAST(s.type AS UNSIGNED))" UNFOLDED(COND) \
	" AND s.kind IN ('competence', 'rating') AND s.state = ''"
static struct db_stmt_def q_distribution = DB_STMT(
	SQL_DISTRIBUTION(DEPT_SUMS, DEPT_COND));
static struct db_stmt_def e_distribution = DB_STMT(
	"EXPLAIN " SQL_DISTRIBUTION(DEPT_SUMS, DEPT_COND));
static struct db_stmt_def q_team_distribution = DB_STMT(
	SQL_DISTRIBUTION(TEAM_SUMS, TEAM_COND));
static struct db_stmt_def e_team_distribution = DB_STMT(
	"EXPLAIN " SQL_DISTRIBUTION(TEAM_SUMS, TEAM_COND));

/* ---- HR's scope and a department's with its sub-departments: the
 * subtree sums (store/report_tree_sql.h has how they are read) ---- */
#define SHOWN_TREE "l.id AS fid, l.name AS fname, 1 AS folded, "
#define SHOWN_OWN "p.dep, COALESCE(dp.name, ''), 0, "
#define SQL_TREE_CONVERSATIONS \
	TREE_SCOPE_P " SELECT s.type," CONV_COUNTS \
	TREE_SUMS(ROOT_PARTS, ROOTS_OWN, "", "", TK_CONVERSATION)
static struct db_stmt_def q_tree_conversations = DB_STMT(SQL_TREE_CONVERSATIONS);
static struct db_stmt_def e_tree_conversations = DB_STMT("EXPLAIN " SQL_TREE_CONVERSATIONS);
/* Each part's row as it is read, grouped per department and type and
 * sorted by name in report.c (report_source_departments), as for
 * SQL_DEPARTMENTS. */
#define SQL_TREE_DEPARTMENTS \
	TREE_LEVEL_P " SELECT s.fid, s.fname, s.folded, s.type," CONV_COUNTS "," \
	" WEIGHT_STRING(s.fname)" \
	TREE_SUMS(LEVEL_PARTS, LEVEL_OWN, SHOWN_TREE, SHOWN_OWN, TK_CONVERSATION)
static struct db_stmt_def q_tree_departments = DB_STMT(SQL_TREE_DEPARTMENTS);
static struct db_stmt_def e_tree_departments = DB_STMT("EXPLAIN " SQL_TREE_DEPARTMENTS);
#define SQL_TREE_TOTALS \
	TREE_SCOPE_P " SELECT SUM(IF(s.kind = 'dossier', s.n, 0)), SUM(IF(s.kind = 'result', s.n, 0))," \
	" SUM(IF(s.kind = 'result' AND s.state = 'achieved', s.n, 0))," \
	" SUM(IF(s.kind = 'result' AND s.state = 'not_achieved', s.n, 0))," \
	" SUM(IF(s.kind = 'result' AND s.state IN " IN_PROGRESS_STATES ", s.n, 0))" \
	TREE_SUMS2(ROOT_PARTS, ROOTS_OWN, "", "", TK_DOSSIER, TK_RESULT)
static struct db_stmt_def q_tree_totals = DB_STMT(SQL_TREE_TOTALS);
static struct db_stmt_def e_tree_totals = DB_STMT("EXPLAIN " SQL_TREE_TOTALS);
/* Each row of the parts as it is read, added up per scale and value by
 * report_tree_ratings() (report_tree.c). */
#define SQL_TREE_RATINGS \
	TREE_SCOPE_P " SELECT s.type, s.value, s.n" \
	TREE_SUMS(ROOT_PARTS, ROOTS_OWN, "", "", TK_RATING)
static struct db_stmt_def q_tree_ratings = DB_STMT(SQL_TREE_RATINGS);
static struct db_stmt_def e_tree_ratings = DB_STMT("EXPLAIN " SQL_TREE_RATINGS);
/* As SQL_DISTRIBUTION: cid the type's id (a competence's, a rating's
 * scale; 0 the cycle's scale), the competence's names by primary key. */
#define SQL_TREE_DISTRIBUTION \
	TREE_LEVEL_P " SELECT s.fid, s.fname, s.folded, s.kind," \
	" IF(s.type = '', 0, CAST(s.type AS UNSIGNED)), COALESCE(cp.name_nl, '')," \
	" COALESCE(cp.name_en, ''), s.value, s.n," DIST_NAMES("s.fname") \
	TREE_SUMS2(LEVEL_PARTS, LEVEL_OWN, SHOWN_TREE, SHOWN_OWN, TK_COMPETENCE, TK_RATING) \
	" LEFT JOIN competence cp ON s.kind = 'competence'" \
	" AND cp.id = IF(s.type = '', 0, CAST(s.type AS UNSIGNED))"
static struct db_stmt_def q_tree_distribution = DB_STMT(SQL_TREE_DISTRIBUTION);
static struct db_stmt_def e_tree_distribution = DB_STMT("EXPLAIN " SQL_TREE_DISTRIBUTION);

/* ---- the people behind a number, from the dossiers' summary rows ---- */

/* The facts f of a list in scope; params: list_scope_args().  A
 * department alone is an equality, so its list reads the department's key
 * of sql/076 in name order; with its sub-departments (the CTE) it is kept
 * from the facts read by name. */
#define LIST_SCOPE \
	" f.cycle_id = ? AND (? = 0 OR f.department_id = ?" \
	" OR (? = 1 AND f.department_id IN (SELECT id FROM sub)))" \
	" AND (? = 0 OR f.manager_id = ?)"
/* How many of report_scope_args()' parameters come before the metric's,
 * and how many LIST_SCOPE and its CTE take instead. */
#define SCOPE_ARGS 6
#define LIST_SCOPE_ARGS 8
/* The dossiers' facts f in scope (store/summary.h: each row names its
 * dossier's cycle, employee, department and manager); params as
 * SUM_SCOPE's. */
#define FACT_SCOPE \
	" f.cycle_id = ? AND (? = 0 OR f.department_id IN (SELECT id FROM sub))" \
	" AND (? = 0 OR f.manager_id = ?)"
/* The same columns as report.c's lists: the employee joined by primary
 * key, their department's and the dossier's manager's names; the name is
 * the one the facts are sorted by (sql/076), which every rename keeps equal
 * to the employee's.  The facts drive (STRAIGHT_JOIN), read in the lists'
 * order from sql/076's keys, so the joins keep that order and no sort is
 * needed.  `dossier`: the dossier id's expression. */
#define FACT_PERSON(dossier) \
	"SELECT STRAIGHT_JOIN e.id, e.login, f.sort_name, COALESCE(dp.name, '')," \
	" COALESCE(m.name, ''), " dossier
/* dossier_summary_manager (sql/075) is a manager's overview's key, without
 * the name: left to itself the optimizer takes it for a manager's list
 * (its state narrows more) and sorts; the lists' own keys (sql/076) hand
 * the rows over in name order. */
#define FACTS_JOINED(HINT) \
	" FROM dossier_summary f " HINT \
	" JOIN employee e ON e.id = f.employee_id" \
	" LEFT JOIN department dp ON dp.id = e.department_id" \
	" LEFT JOIN employee m ON m.id = f.manager_id"
#define FACT_JOINS FACTS_JOINED("IGNORE INDEX (dossier_summary_manager)")
/* HR's whole scope (no department, no manager) reads the cycle's key by
 * name, which is what the optimizer chose there anyway; named, MariaDB
 * weighs no other index at each execution: ANALYZE of the list behind the
 * goal settings at 1,000 employees, medians of ten at load 14, planned in
 * 0.59 instead of 0.73-0.77 ms (issue 21, h-people). */
#define ALL_JOINS FACTS_JOINED("FORCE INDEX (dossier_summary_by_name)")
/* A page (report.h's struct report_cursor): forward, the people after the
 * cursor by name and employee id; backward, those at or before it, the
 * nearest first.  The facts of a list are one range of sql/076's keys --
 * (cycle, kind, type, value) then the name and id, for a manager and a
 * department after their id -- so both read only the page's facts, in
 * order.  params: the cursor's name twice, its id, limit. */
#define AFTER " AND (f.sort_name > ? OR (f.sort_name = ? AND f.employee_id > ?))"
#define UPTO " AND (f.sort_name < ? OR (f.sort_name = ? AND f.employee_id <= ?))"
#define BY_NAME " ORDER BY f.sort_name, f.employee_id LIMIT ?"
#define BY_NAME_DESC " ORDER BY f.sort_name DESC, f.employee_id DESC LIMIT ?"
/* A dossier has several facts of one conversation type or of results
 * (per state and due date): summed per person, whose facts lie side by
 * side in the key (one dossier per employee and cycle). */
#define SUMMED " GROUP BY f.sort_name, f.employee_id"
#define F_NOT_HELD "f.state IN ('planned', 'preparing')"
/* Fact f is of the state a number names (the state six times), as
 * report.c's CONV_STATE_IS says it of a conversation. */
#define F_CONV_STATE_IS \
	" (? = 'total' OR (? = 'planned' AND " F_NOT_HELD ")" \
	" OR (? = 'held' AND f.state = 'held') OR (? = 'signing' AND f.state = 'finalized')" \
	" OR (? = 'closed' AND f.state = 'closed')" \
	" OR (? = 'overdue' AND " F_NOT_HELD " AND f.due_on < UTC_DATE()))"
/* Collective goal ? stands on the dossier of fact f: one key lookup in
 * the stored ancestors, as report.c's GOAL_APPLIES. */
#define F_GOAL_APPLIES \
	" EXISTS (SELECT 1 FROM collective_goal g WHERE g.id = ? AND g.cycle_id = f.cycle_id" \
	" AND (g.department_id IS NULL OR EXISTS (SELECT 1 FROM department_ancestor anc" \
	" WHERE anc.up = g.department_id AND anc.dep = f.department_id)))"
/* A fact's kind with the type and value it has (summary.h): stated, so
 * the key's range reaches the name. */
#define F_DOSSIER " f.kind = 'dossier' AND f.type = '' AND f.value = 0"

/* One 'dossier' fact per dossier (n = 1): no grouping. */
#define SQL_PEOPLE_DOSSIERS(JOINS, page, order) \
	SCOPE_CTE " " FACT_PERSON("f.dossier_id") ", 1" JOINS " WHERE" LIST_SCOPE \
	" AND" F_DOSSIER page order
/* params after the scope: type, then the state six times. */
#define SQL_PEOPLE_CONVERSATIONS(JOINS, page, order) \
	SCOPE_CTE " " FACT_PERSON("MIN(f.dossier_id)") ", SUM(f.n)" JOINS " WHERE" LIST_SCOPE \
	" AND f.kind = 'conversation' AND f.type = ? AND f.value = 0 AND" F_CONV_STATE_IS \
	page SUMMED order
/* params after the scope: the state four times. */
#define SQL_PEOPLE_RESULTS(JOINS, page, order) \
	SCOPE_CTE " " FACT_PERSON("MIN(f.dossier_id)") ", SUM(f.n)" JOINS " WHERE" LIST_SCOPE \
	" AND f.kind = 'result' AND f.type = '' AND f.value = 0" \
	" AND (? = 'total' OR (? = 'achieved' AND f.state = 'achieved')" \
	" OR (? = 'not_achieved' AND f.state = 'not_achieved')" \
	" OR (? = 'in_progress' AND f.state IN " IN_PROGRESS_STATES "))" page SUMMED order
/* One 'rating' fact per dossier, scale and value; params after the
 * scope: the scale (SCALE_PARAM: the fact's type), the value. */
#define SQL_PEOPLE_RATING(JOINS, page, order) \
	SCOPE_CTE " " FACT_PERSON("f.dossier_id") ", f.n" JOINS " WHERE" LIST_SCOPE \
	" AND f.kind = 'rating' AND f.type = CONVERT(" SCALE_PARAM " USING ascii)" \
	" AND f.value = ?" page order
#define SQL_PEOPLE_COLLECTIVE(JOINS, page, order) \
	SCOPE_CTE " " FACT_PERSON("f.dossier_id") ", 1" JOINS " WHERE" LIST_SCOPE \
	" AND" F_DOSSIER " AND" F_GOAL_APPLIES page order
static struct db_stmt_def q_people_dossiers = DB_STMT(
	SQL_PEOPLE_DOSSIERS(FACT_JOINS, AFTER, BY_NAME));
static struct db_stmt_def b_people_dossiers = DB_STMT(
	SQL_PEOPLE_DOSSIERS(FACT_JOINS, UPTO, BY_NAME_DESC));
static struct db_stmt_def e_people_dossiers = DB_STMT(
	"EXPLAIN " SQL_PEOPLE_DOSSIERS(FACT_JOINS, AFTER, BY_NAME));
static struct db_stmt_def q_people_conversations = DB_STMT(
	SQL_PEOPLE_CONVERSATIONS(FACT_JOINS, AFTER, BY_NAME));
static struct db_stmt_def b_people_conversations = DB_STMT(
	SQL_PEOPLE_CONVERSATIONS(FACT_JOINS, UPTO, BY_NAME_DESC));
static struct db_stmt_def e_people_conversations = DB_STMT(
	"EXPLAIN " SQL_PEOPLE_CONVERSATIONS(FACT_JOINS, AFTER, BY_NAME));
static struct db_stmt_def q_people_results = DB_STMT(
	SQL_PEOPLE_RESULTS(FACT_JOINS, AFTER, BY_NAME));
static struct db_stmt_def b_people_results = DB_STMT(
	SQL_PEOPLE_RESULTS(FACT_JOINS, UPTO, BY_NAME_DESC));
static struct db_stmt_def e_people_results = DB_STMT(
	"EXPLAIN " SQL_PEOPLE_RESULTS(FACT_JOINS, AFTER, BY_NAME));
static struct db_stmt_def q_people_rating = DB_STMT(SQL_PEOPLE_RATING(FACT_JOINS, AFTER, BY_NAME));
static struct db_stmt_def b_people_rating = DB_STMT(
	SQL_PEOPLE_RATING(FACT_JOINS, UPTO, BY_NAME_DESC));
static struct db_stmt_def e_people_rating = DB_STMT(
	"EXPLAIN " SQL_PEOPLE_RATING(FACT_JOINS, AFTER, BY_NAME));
static struct db_stmt_def q_people_collective = DB_STMT(
	SQL_PEOPLE_COLLECTIVE(FACT_JOINS, AFTER, BY_NAME));
static struct db_stmt_def b_people_collective = DB_STMT(
	SQL_PEOPLE_COLLECTIVE(FACT_JOINS, UPTO, BY_NAME_DESC));
static struct db_stmt_def e_people_collective = DB_STMT(
	"EXPLAIN " SQL_PEOPLE_COLLECTIVE(FACT_JOINS, AFTER, BY_NAME));
/* One 'competence' fact per dossier, competence and level (issue 16;
 * store/summary.c): the competence's id is the fact's type, as text.
 * params after the scope: competence id, level. */
#define SQL_PEOPLE_COMPETENCE(JOINS, page, order) \
	SCOPE_CTE " " FACT_PERSON("f.dossier_id") ", f.n" JOINS " WHERE" LIST_SCOPE \
	" AND f.kind = 'competence' AND f.type = CONVERT(CAST(? AS CHAR) USING ascii)" \
	" AND f.state = '' AND f.value = ?" page order
static struct db_stmt_def q_people_competence = DB_STMT(
	SQL_PEOPLE_COMPETENCE(FACT_JOINS, AFTER, BY_NAME));
static struct db_stmt_def b_people_competence = DB_STMT(
	SQL_PEOPLE_COMPETENCE(FACT_JOINS, UPTO, BY_NAME_DESC));
static struct db_stmt_def e_people_competence = DB_STMT(
	"EXPLAIN " SQL_PEOPLE_COMPETENCE(FACT_JOINS, AFTER, BY_NAME));
/* The same lists in HR's whole scope (ALL_JOINS). */
#define ALL_STMTS(P, pre, page, order) \
	static struct db_stmt_def P##dossiers = \
	    DB_STMT(pre SQL_PEOPLE_DOSSIERS(ALL_JOINS, page, order)); \
	static struct db_stmt_def P##conversations = \
	    DB_STMT(pre SQL_PEOPLE_CONVERSATIONS(ALL_JOINS, page, order)); \
	static struct db_stmt_def P##results = \
	    DB_STMT(pre SQL_PEOPLE_RESULTS(ALL_JOINS, page, order)); \
	static struct db_stmt_def P##rating = \
	    DB_STMT(pre SQL_PEOPLE_RATING(ALL_JOINS, page, order)); \
	static struct db_stmt_def P##collective = \
	    DB_STMT(pre SQL_PEOPLE_COLLECTIVE(ALL_JOINS, page, order)); \
	static struct db_stmt_def P##competence = \
	    DB_STMT(pre SQL_PEOPLE_COMPETENCE(ALL_JOINS, page, order))
ALL_STMTS(a_after_, "", AFTER, BY_NAME);
ALL_STMTS(a_upto_, "", UPTO, BY_NAME_DESC);
ALL_STMTS(a_explain_, "EXPLAIN ", AFTER, BY_NAME);

/* ---- how many a list holds, from the sums (issue 21) ----
 * The number behind a list, as the overview counts it -- the sum of the
 * list's count column -- from the same sums as the overview (HR and a
 * department: the department sums; a manager: their facts), a few rows
 * per department by key, not a count over the list.  params:
 * report_metric_args(). */
#define S_NOT_HELD_IS "s.state IN ('planned', 'preparing')"
#define SQL_TOTAL(FROM, WHERE, COND) \
	SCOPE_CTE " SELECT COALESCE(SUM(s.n), 0)" FROM WHERE COND
#define T_DOSSIERS " AND s.kind = 'dossier'"
#define T_CONVERSATIONS \
	" AND s.kind = 'conversation' AND s.type = ? AND (? = 'total'" \
	" OR (? = 'planned' AND " S_NOT_HELD_IS ")" \
	" OR (? = 'held' AND s.state = 'held') OR (? = 'signing' AND s.state = 'finalized')" \
	" OR (? = 'closed' AND s.state = 'closed')" \
	" OR (? = 'overdue' AND " S_NOT_HELD_IS " AND s.due_on < UTC_DATE()))"
#define T_RESULTS \
	" AND s.kind = 'result' AND (? = 'total' OR (? = 'achieved' AND s.state = 'achieved')" \
	" OR (? = 'not_achieved' AND s.state = 'not_achieved')" \
	" OR (? = 'in_progress' AND s.state IN " IN_PROGRESS_STATES "))"
#define T_RATING \
	" AND s.kind = 'rating' AND s.type = CONVERT(" SCALE_PARAM " USING ascii)" \
	" AND s.state = '' AND s.value = ?"
#define T_COLLECTIVE \
	" AND s.kind = 'dossier' AND EXISTS (SELECT 1 FROM collective_goal g WHERE g.id = ?" \
	" AND g.cycle_id = s.cycle_id AND (g.department_id IS NULL" \
	" OR EXISTS (SELECT 1 FROM department_ancestor anc" \
	" WHERE anc.up = g.department_id AND anc.dep = s.department_id)))"
#define T_COMPETENCE \
	" AND s.kind = 'competence' AND s.type = CONVERT(CAST(? AS CHAR) USING ascii)" \
	" AND s.state = '' AND s.value = ?"
#define TOTAL_STMTS(P, FROM, WHERE) \
	static struct db_stmt_def P##dossiers = DB_STMT(SQL_TOTAL(FROM, WHERE, T_DOSSIERS)); \
	static struct db_stmt_def P##conversations = \
	    DB_STMT(SQL_TOTAL(FROM, WHERE, T_CONVERSATIONS)); \
	static struct db_stmt_def P##results = DB_STMT(SQL_TOTAL(FROM, WHERE, T_RESULTS)); \
	static struct db_stmt_def P##rating = DB_STMT(SQL_TOTAL(FROM, WHERE, T_RATING)); \
	static struct db_stmt_def P##collective = DB_STMT(SQL_TOTAL(FROM, WHERE, T_COLLECTIVE)); \
	static struct db_stmt_def P##competence = DB_STMT(SQL_TOTAL(FROM, WHERE, T_COMPETENCE))
TOTAL_STMTS(t_, DEPT_SUMS, DEPT_WHERE);
TOTAL_STMTS(t_team_, TEAM_SUMS, TEAM_WHERE);
static struct db_stmt_def e_total = DB_STMT(
	"EXPLAIN " SQL_TOTAL(DEPT_SUMS, DEPT_WHERE, T_CONVERSATIONS));
static struct db_stmt_def e_team_total = DB_STMT(
	"EXPLAIN " SQL_TOTAL(TEAM_SUMS, TEAM_WHERE, T_CONVERSATIONS));
static const struct report_people_source totals_of_departments = {
	&t_dossiers, &t_conversations, &t_results, &t_rating, &t_collective, NULL,
	&t_competence,
};
static const struct report_people_source totals_of_team = {
	&t_team_dossiers, &t_team_conversations, &t_team_results, &t_team_rating,
	&t_team_collective, NULL, &t_team_competence,
};

/* ---- a department with its sub-departments: a list read per department
 * ----
 * The lists above read a number's facts in name order by the cycle's key
 * and keep those of the scope's departments and state: for a small
 * department of a big organisation that is nearly every fact of the type
 * before the page is full -- about page x (the cycle's dossiers) / (the
 * list's number) facts.  The statements below read instead the scope's
 * departments (sub) each by its own key (sql/076's department key), which
 * hands over each department's facts in name order but not the subtree's:
 * they come unsorted, each with its name's collation key, and by_person
 * below sorts them by name and id, sums each person's and keeps a page.
 * Sorted by MariaDB (GROUP BY, ORDER BY) they took a temporary table and a
 * filesort at every view (issue 21: no page statement may).  What is sorted
 * is what is read: list_source() takes these only where the scope's
 * dossiers times the number are at most the page times the cycle's
 * dossiers, so a read of at most about sqrt(page x the cycle's dossiers)
 * facts (2,200 at 100,000 employees).  Same parameters as the statements
 * above but the limit, which is applied here. */
#define SUB_JOINS \
	" FROM sub JOIN dossier_summary f FORCE INDEX (dossier_summary_department_by_name)" \
	" ON f.department_id = sub.id" \
	" JOIN employee e ON e.id = f.employee_id" \
	" LEFT JOIN department dp ON dp.id = e.department_id" \
	" LEFT JOIN employee m ON m.id = f.manager_id"
#define SUB_LIST(KIND_WHERE, page) \
	SCOPE_CTE " " FACT_PERSON("f.dossier_id") ", f.n, WEIGHT_STRING(f.sort_name)" \
	SUB_JOINS " WHERE" LIST_SCOPE KIND_WHERE page
/* SUB_LIST's columns after report_person_row's: the count, the name's key. */
#define SUB_COUNT 6
#define SUB_NAME_KEY 7
#define K_DOSSIERS " AND" F_DOSSIER
#define K_CONVERSATIONS \
	" AND f.kind = 'conversation' AND f.type = ? AND f.value = 0 AND" F_CONV_STATE_IS
#define K_RESULTS \
	" AND f.kind = 'result' AND f.type = '' AND f.value = 0" \
	" AND (? = 'total' OR (? = 'achieved' AND f.state = 'achieved')" \
	" OR (? = 'not_achieved' AND f.state = 'not_achieved')" \
	" OR (? = 'in_progress' AND f.state IN " IN_PROGRESS_STATES "))"
#define K_RATING \
	" AND f.kind = 'rating' AND f.type = CONVERT(" SCALE_PARAM " USING ascii)" \
	" AND f.value = ?"
#define K_COLLECTIVE " AND" F_DOSSIER " AND" F_GOAL_APPLIES
#define K_COMPETENCE \
	" AND f.kind = 'competence' AND f.type = CONVERT(CAST(? AS CHAR) USING ascii)" \
	" AND f.state = '' AND f.value = ?"
#define SUB_STMTS(P, page) \
	static struct db_stmt_def P##dossiers = DB_STMT(SUB_LIST(K_DOSSIERS, page)); \
	static struct db_stmt_def P##conversations = DB_STMT(SUB_LIST(K_CONVERSATIONS, page)); \
	static struct db_stmt_def P##results = DB_STMT(SUB_LIST(K_RESULTS, page)); \
	static struct db_stmt_def P##rating = DB_STMT(SUB_LIST(K_RATING, page)); \
	static struct db_stmt_def P##collective = DB_STMT(SUB_LIST(K_COLLECTIVE, page)); \
	static struct db_stmt_def P##competence = DB_STMT(SUB_LIST(K_COMPETENCE, page))
SUB_STMTS(s_after_, AFTER);
SUB_STMTS(s_upto_, UPTO);
static struct db_stmt_def e_sub_conversations = DB_STMT(
	"EXPLAIN " SUB_LIST(K_CONVERSATIONS, AFTER));
static const struct report_people_source sub_after = {
	&s_after_dossiers, &s_after_conversations, &s_after_results, &s_after_rating,
	&s_after_collective, NULL, &s_after_competence,
};
static const struct report_people_source sub_upto = {
	&s_upto_dossiers, &s_upto_conversations, &s_upto_results, &s_upto_rating,
	&s_upto_collective, NULL, &s_upto_competence,
};

/* ORDER BY f.sort_name, f.employee_id (BY_NAME) by the name's collation
 * key, and its reverse (BY_NAME_DESC). */
static int
name_order(const void *x, const void *y)
{
	const struct db_row *a = x, *b = y;
	int c = report_key_cmp(a, b, SUB_NAME_KEY);

	return c ? c : report_int_cmp(a, b, 0);
}

static int
name_order_desc(const void *x, const void *y)
{
	return name_order(y, x);
}

/* GROUP BY f.sort_name, f.employee_id (SUMMED): one person's facts, which
 * are one dossier's and carry one name. */
static bool
same_person(const struct db_row *a, const struct db_row *b)
{
	return report_int_cmp(a, b, 0) == 0;
}

/* Each person's count summed.  A fact counts at least one (store/summary.c
 * keeps no fact of 0), so no person is left out as a sum of 0. */
static const struct report_order by_person = { name_order, same_person, { SUB_COUNT }, 1 };
static const struct report_order by_person_desc = {
	name_order_desc, same_person, { SUB_COUNT }, 1,
};

/* A page of people as report_person_row hands them on: the first `left`
 * of the sorted groups (LIMIT ?). */
struct page_cb {
	struct report_person_cb cb;
	int64_t left;
};

static int
page_row(void *ud, const struct db_row *r)
{
	struct page_cb *p = ud;

	if (p->left <= 0)
		return DB_OK;
	p->left--;
	return report_person_row(&p->cb, r);
}

/* Each collective goal with the dossiers in scope it stands on: the
 * sums of the departments under the goal's (all for a goal for everyone).
 * params: report_collective_args(). */
#define SQL_COLLECTIVE(FROM, WHERE) \
	SCOPE_CTE " SELECT " COLLECTIVE_COLUMNS "," \
	" (SELECT COALESCE(SUM(s.n), 0)" FROM WHERE " AND s.kind = 'dossier'" \
	" AND (g.department_id IS NULL OR s.department_id IN (SELECT anc.dep" \
	" FROM department_ancestor anc WHERE anc.up = g.department_id)))" COLLECTIVE_KEY \
	" FROM collective_goal g LEFT JOIN department dp ON dp.id = g.department_id" \
	" WHERE g.cycle_id = ?"
static struct db_stmt_def q_collective = DB_STMT(SQL_COLLECTIVE(DEPT_SUMS, DEPT_WHERE));
static struct db_stmt_def e_collective =
    DB_STMT("EXPLAIN " SQL_COLLECTIVE(DEPT_SUMS, DEPT_WHERE));
static struct db_stmt_def q_team_collective = DB_STMT(SQL_COLLECTIVE(TEAM_SUMS, TEAM_WHERE));
static struct db_stmt_def e_team_collective =
    DB_STMT("EXPLAIN " SQL_COLLECTIVE(TEAM_SUMS, TEAM_WHERE));

/* Whom a reminder goes to (report.h): the first `limit` dossiers of the
 * list by name after the cursor (a reminder reads its list a batch at a
 * time, pages/reports_remind.c), from their facts, then their
 * conversations the number counts, from their few conversations by the
 * dossier's index, in no order.  Of each dossier's, the first not closed,
 * earliest due is the one a reminder names, and the people come by name
 * and id: remind_order below picks and orders them by the columns after
 * report.h's (the dossier, the step, the name's collation key), where a
 * window function (ROW_NUMBER per dossier) and the final ORDER BY name
 * took a temporary table and a filesort (h-scopes2).  params: the
 * scope's, type, the state six times, the cursor's name twice and id,
 * limit (the dossiers), type, the state six times. */
#define SQL_REMIND_PEOPLE \
	SCOPE_CTE " SELECT e.id, e.name, COALESCE(e.email, ''), e.active, COALESCE(e.lang, '')," \
	" c.id, c.type, c.status, COALESCE(DATE_FORMAT(" DUE_ON ", '%Y-%m-%d'), ''), y.name," \
	" COALESCE(m.name, ''), d.id, c.seq, WEIGHT_STRING(e.name)" \
	" FROM (SELECT MIN(f.dossier_id) AS dossier_id FROM dossier_summary f" \
	" WHERE" FACT_SCOPE " AND f.kind = 'conversation' AND f.type = ? AND f.value = 0 AND" \
	F_CONV_STATE_IS AFTER SUMMED " ORDER BY f.sort_name, f.employee_id LIMIT ?) p" \
	" JOIN dossier d ON d.id = p.dossier_id JOIN employee e ON e.id = d.employee_id" \
	" JOIN conversation c ON c.dossier_id = d.id JOIN cycle y ON y.id = d.cycle_id" \
	" LEFT JOIN employee m ON m.id = d.manager_id" \
	" WHERE c.type = ? AND" CONV_STATE_IS
/* SQL_REMIND_PEOPLE's columns after report.h's eleven. */
#define REMIND_DOSSIER 11
#define REMIND_SEQ 12
#define REMIND_NAME_KEY 13
static struct db_stmt_def q_remind_people = DB_STMT(SQL_REMIND_PEOPLE);
static struct db_stmt_def e_remind_people = DB_STMT("EXPLAIN " SQL_REMIND_PEOPLE);

/* The overview read from one source of sums (report_sql.h): its
 * statements above, run by report.c's reader, and their plans. */
struct overview {
	struct report_source src;
	struct db_stmt_def *collective, *distribution;
	struct db_stmt_def *e_conversations, *e_departments, *e_totals, *e_ratings, *e_collective,
	    *e_distribution;
	struct db_stmt_def *e_without;	/* NULL: the recount's (report.c) */
};
static const struct overview department_sums = {
	{ &q_conversations, &q_departments, &q_totals, &q_ratings, &q_without_alone },
	&q_collective,
	&q_distribution, &e_conversations, &e_departments, &e_totals, &e_ratings, &e_collective,
	&e_distribution, &e_without_alone,
};
static const struct overview tree_sums = {
	{ &q_tree_conversations, &q_tree_departments, &q_tree_totals, &q_tree_ratings,
	  &q_without_kept },
	&report_tree_collective, &q_tree_distribution, &e_tree_conversations,
	&e_tree_departments, &e_tree_totals, &e_tree_ratings, &report_tree_collective_explain,
	&e_tree_distribution, &e_without_kept,
};
static const struct overview team_sums = {
	{ &q_team_conversations, &q_team_departments, &q_team_totals, &q_team_ratings, NULL },
	&q_team_collective, &q_team_distribution, &e_team_conversations, &e_team_departments,
	&e_team_totals, &e_team_ratings, &e_team_collective, &e_team_distribution, NULL,
};

/* Whether scope s reads the subtree sums: HR's and a department's with
 * its sub-departments; a manager's reads their dossiers' facts, a
 * department alone its own sums (DEPT_WHERE). */
static bool
reads_tree(const struct report_scope *s)
{
	return s->manager_id == 0 && (s->department_id == 0 || s->recursive);
}

static const struct overview *
overview_of(const struct report_scope *s)
{
	if (s->manager_id != 0)
		return &team_sums;
	return reads_tree(s) ? &tree_sums : &department_sums;
}

int
summary_report_prefetch(struct db *db, const struct report_scope *s, int64_t top_limit)
{
	const struct report_overview_stmts q = {
		tree_sums.src.conversations, tree_sums.src.departments, tree_sums.src.totals,
		tree_sums.src.without, tree_sums.src.ratings, tree_sums.distribution,
		tree_sums.collective,
	};

	/* Only HR's scope reads what one statement can answer for all:
	 * elsewhere the readers run their own. */
	if (s->manager_id != 0 || s->department_id != 0)
		return DB_OK;
	return report_overview_prefetch(db, s, &q, top_limit);
}

void
summary_report_done(struct db *db)
{
	db_prefetch_end(db);
}

/* Where a list's number is read: as the overview reads its numbers. */
static const struct report_people_source *
totals_of(const struct report_scope *s)
{
	if (s->manager_id != 0)
		return &totals_of_team;
	return reads_tree(s) ? &report_tree_totals : &totals_of_departments;
}

int
summary_report_conversations(struct db *db, const struct report_scope *s, report_conv_fn fn,
    void *ud)
{
	return report_source_conversations(db, &overview_of(s)->src, s, fn, ud);
}

int
summary_report_departments(struct db *db, const struct report_scope *s, report_dept_fn fn,
    void *ud)
{
	return report_source_departments(db, &overview_of(s)->src, s, fn, ud);
}

int
summary_report_totals(struct db *db, const struct report_scope *s, struct report_totals *out)
{
	return report_source_totals(db, &overview_of(s)->src, s, out);
}

int
summary_report_ratings(struct db *db, const struct report_scope *s, report_rating_fn fn,
    void *ud)
{
	if (reads_tree(s))
		return report_tree_ratings(db, &q_tree_ratings, s, fn, ud);
	return report_source_ratings(db, &overview_of(s)->src, s, fn, ud);
}

/* The lists read from the summaries, forward and backward from a cursor;
 * the people without a dossier have no facts, so that list stays
 * report.c's. */
static const struct report_people_source people_after = {
	&q_people_dossiers, &q_people_conversations, &q_people_results, &q_people_rating,
	&q_people_collective, NULL, &q_people_competence,
};
static const struct report_people_source people_upto = {
	&b_people_dossiers, &b_people_conversations, &b_people_results, &b_people_rating,
	&b_people_collective, NULL, &b_people_competence,
};
static const struct report_people_source all_after = {
	&a_after_dossiers, &a_after_conversations, &a_after_results, &a_after_rating,
	&a_after_collective, NULL, &a_after_competence,
};
static const struct report_people_source all_upto = {
	&a_upto_dossiers, &a_upto_conversations, &a_upto_results, &a_upto_rating,
	&a_upto_collective, NULL, &a_upto_competence,
};

/* limit of page_args() for a statement without LIMIT ?, whose page is
 * kept here (the read per department, page_row). */
#define PAGED_HERE (-1)

/* The statement of a page of metric m's list and its parameters (into a,
 * *n of them): the scope's (LIST_SCOPE's), the metric's, the cursor's,
 * the limit (none for PAGED_HERE). */
static struct db_stmt_def *
page_args(const struct report_people_source *src, const struct report_scope *s,
    const struct report_metric *m, const struct report_cursor *at, int64_t limit,
    struct db_arg *a, size_t *n)
{
	struct db_arg scope[DB_ARGS_MAX];
	struct db_stmt_def *q = report_metric_args(src, s, m, scope, n);
	size_t i;

	if (q == NULL)
		return NULL;
	/* The scope as LIST_SCOPE takes it, then the metric's own. */
	a[0] = DB_INT(s->department_id);
	a[1] = DB_INT(s->recursive ? 1 : 0);
	a[2] = DB_INT(s->cycle_id);
	a[3] = DB_INT(s->department_id);
	a[4] = DB_INT(s->department_id);
	a[5] = DB_INT(s->recursive ? 1 : 0);
	a[6] = DB_INT(s->manager_id);
	a[7] = DB_INT(s->manager_id);
	for (i = SCOPE_ARGS; i < *n; i++)
		a[i - SCOPE_ARGS + LIST_SCOPE_ARGS] = scope[i];
	*n = *n - SCOPE_ARGS + LIST_SCOPE_ARGS;
	a[(*n)++] = DB_STR(at->name);
	a[(*n)++] = DB_STR(at->name);
	a[(*n)++] = DB_INT(at->employee_id);
	if (limit != PAGED_HERE)
		a[(*n)++] = DB_INT(limit);
	return q;
}

static int
total_row(void *ud, const struct db_row *r)
{
	*(int64_t *)ud = db_int(r, 0);
	return DB_OK;
}

int
summary_report_people_total(struct db *db, const struct report_scope *s,
    const struct report_metric *m, int64_t *total)
{
	struct db_arg a[DB_ARGS_MAX];
	struct report_totals t;
	struct db_stmt_def *q;
	size_t n;
	int st;

	*total = 0;
	if (m->kind == METRIC_NO_DOSSIER) {
		if ((st = summary_report_totals(db, s, &t)) == DB_OK)
			*total = t.without_dossier;
		return st;
	}
	q = report_metric_args(totals_of(s), s, m, a, &n);
	if (q == NULL)
		return DB_ERROR;
	return db_query(db, q, a, n, total_row, total);
}

/* The cycle's dossiers, kept (store/headcount.h): the reads' estimate. */
static struct db_stmt_def q_cycle_dossiers = DB_STMT(
	"SELECT COALESCE(SUM(n), 0) FROM cycle_dossier_count WHERE cycle_id = ?");

/* Whether scope s is HR's whole organisation: its lists read the cycle's
 * key by name, named (ALL_JOINS). */
static bool
whole_scope(const struct report_scope *s)
{
	return s->department_id == 0 && s->manager_id == 0;
}

/* Whether a list of scope s may be read per department (SUB_JOINS): a
 * department with its sub-departments, in HR's (not a manager's) reports. */
static bool
reads_sub(const struct report_scope *s)
{
	return s->recursive && s->department_id != 0 && s->manager_id == 0;
}

/* The statements of a list's page of `limit` rows: HR's whole scope by the
 * cycle's key by name (ALL_JOINS); a department with its
 * sub-departments read per department when that reads fewer facts than
 * the name order of the number's key (see SUB_JOINS), else and in every
 * other scope in name order.  *order: NULL where the statement sorts and
 * limits, else how its rows are sorted here (the read per department). */
static int
list_source(struct db *db, const struct report_scope *s, const struct report_metric *m,
    bool backward, int64_t limit, const struct report_people_source **src,
    const struct report_order **order)
{
	struct report_metric dossiers = { .kind = METRIC_DOSSIERS };
	int64_t number = 0, in_scope = 0, in_cycle = 0;
	int st;

	*order = NULL;
	if (whole_scope(s)) {
		*src = backward ? &all_upto : &all_after;
		return DB_OK;
	}
	*src = backward ? &people_upto : &people_after;
	if (!reads_sub(s))
		return DB_OK;
	if ((st = summary_report_people_total(db, s, m, &number)) != DB_OK ||
	    (st = summary_report_people_total(db, s, &dossiers, &in_scope)) != DB_OK ||
	    (st = db_query(db, &q_cycle_dossiers, DB_ARGS(DB_INT(s->cycle_id)), total_row,
	    &in_cycle)) != DB_OK)
		return st;
	if (in_scope <= limit * in_cycle / (number > 0 ? number : 1)) {
		*src = backward ? &sub_upto : &sub_after;
		*order = backward ? &by_person_desc : &by_person;
	}
	return DB_OK;
}

int
summary_report_people(struct db *db, const struct report_scope *s,
    const struct report_metric *m, const struct report_cursor *at, int64_t limit,
    report_person_fn fn, void *ud)
{
	struct page_cb page = { { fn, ud }, limit };
	const struct report_people_source *src;
	const struct report_order *order;
	struct db_arg a[DB_ARGS_MAX];
	struct db_stmt_def *q;
	size_t n;
	int st;

	if (m->kind == METRIC_NO_DOSSIER)
		return report_people_without_at(db, s, at, limit, fn, ud);
	if ((st = list_source(db, s, m, at->backward, limit, &src, &order)) != DB_OK)
		return st;
	q = page_args(src, s, m, at, order == NULL ? limit : PAGED_HERE, a, &n);
	if (q == NULL)
		return DB_ERROR;
	if (order == NULL)
		return db_query(db, q, a, n, report_person_row, &page.cb);
	return report_query_sorted(db, q, a, n, order, page_row, &page);
}

int
summary_report_distribution(struct db *db, const struct report_scope *s, report_dist_fn fn,
    void *ud)
{
	return report_source_distribution(db, overview_of(s)->distribution, s, fn, ud);
}

int
summary_report_collective(struct db *db, const struct report_scope *s,
    report_collective_fn fn, void *ud)
{
	return report_source_collective(db, overview_of(s)->collective, s, fn, ud);
}

/* SQL_REMIND_PEOPLE's parameters into a; returns how many. */
static size_t
remind_args(const struct report_scope *s, const struct report_metric *m,
    const struct report_cursor *after, int64_t limit, struct db_arg *a)
{
	size_t n = report_scope_args(s, a);

	n += report_conv_metric_args(m, a + n);
	a[n++] = DB_STR(after->name);
	a[n++] = DB_STR(after->name);
	a[n++] = DB_INT(after->employee_id);
	a[n++] = DB_INT(limit);
	n += report_conv_metric_args(m, a + n);
	return n;
}

static bool
remind_closed(const struct db_row *r)
{
	return strcmp(db_str(r, 7), "closed") == 0;
}

/* ORDER BY e.name, e.id by the name's collation key; then per dossier
 * its conversations as ROW_NUMBER numbered them: status = 'closed', due
 * IS NULL, due (as YYYY-MM-DD: in date order; '' for none), seq, id. */
static int
remind_order(const void *x, const void *y)
{
	const struct db_row *a = x, *b = y;
	int c = report_key_cmp(a, b, REMIND_NAME_KEY);

	if (c == 0)
		c = report_int_cmp(a, b, 0);
	if (c == 0)
		c = report_int_cmp(a, b, REMIND_DOSSIER);
	if (c == 0)
		c = (int)remind_closed(a) - (int)remind_closed(b);
	if (c == 0)
		c = (int)(db_str(a, 8)[0] == '\0') - (int)(db_str(b, 8)[0] == '\0');
	if (c == 0)
		c = strcmp(db_str(a, 8), db_str(b, 8));
	if (c == 0)
		c = report_int_cmp(a, b, REMIND_SEQ);
	return c ? c : report_int_cmp(a, b, 5);
}

static bool
same_dossier(const struct db_row *a, const struct db_row *b)
{
	return report_int_cmp(a, b, REMIND_DOSSIER) == 0;
}

/* A dossier's first conversation in remind_order, the nth = 1 of
 * ROW_NUMBER: a group of one dossier, nothing summed. */
static const struct report_order by_remind = { remind_order, same_dossier, { 0 }, 0 };

int
summary_report_remind_people(struct db *db, const struct report_scope *s,
    const struct report_metric *m, const struct report_cursor *after, int64_t limit,
    report_remind_fn fn, void *ud)
{
	struct db_arg a[DB_ARGS_MAX];
	size_t n;

	if (m->kind != METRIC_CONVERSATIONS || after->backward)
		return DB_ERROR;
	n = remind_args(s, m, after, limit, a);
	return report_source_remind_sorted(db, &q_remind_people, a, n, &by_remind, fn, ud);
}

/* ---- the plans of the page statements (gesprekctl explain-reports) ---- */

/* The metrics the plans are asked for: one per list statement, with the
 * states that read most (overdue compares due dates, in progress three
 * states). */
static const struct {
	const char *statement;
	struct report_metric m;
} explain_metrics[] = {
	{ "people.dossiers", { .kind = METRIC_DOSSIERS } },
	{ "people.conversations", { .kind = METRIC_CONVERSATIONS, .type = "goal_setting",
		.state = "overdue" } },
	{ "people.results", { .kind = METRIC_RESULTS, .state = "in_progress" } },
	{ "people.rating", { .kind = METRIC_RATING, .value = 1 } },
	{ "people.collective", { .kind = METRIC_COLLECTIVE } },
	{ "people.competence", { .kind = METRIC_COMPETENCE, .value = 1, .competence_id = 1 } },
};

static const struct report_people_source people_plans = {
	&e_people_dossiers, &e_people_conversations, &e_people_results, &e_people_rating,
	&e_people_collective, NULL, &e_people_competence,
};
static const struct report_people_source all_plans = {
	&a_explain_dossiers, &a_explain_conversations, &a_explain_results, &a_explain_rating,
	&a_explain_collective, NULL, &a_explain_competence,
};

static int
explain_overview(struct db *db, const struct report_scope *s, report_plan_fn fn, void *ud)
{
	const struct overview *o = overview_of(s);
	struct db_arg a[DB_ARGS_MAX];
	size_t n = report_scope_args(s, a);
	int st;

	if ((st = report_explain_run(db, "overview.conversations", o->e_conversations, a, n, fn,
	    ud)) != DB_OK ||
	    (st = report_explain_run(db, "overview.totals", o->e_totals, a, n, fn, ud)) != DB_OK ||
	    (st = report_explain_run(db, "overview.ratings", o->e_ratings, a, n, fn, ud)) != DB_OK)
		return st;
	n = report_departments_args(s, a);
	if ((st = report_explain_run(db, "overview.departments", o->e_departments, a, n, fn,
	    ud)) != DB_OK)
		return st;
	n = report_departments_args(s, a);
	if ((st = report_explain_run(db, "overview.distribution", o->e_distribution, a, n, fn,
	    ud)) != DB_OK)
		return st;
	n = report_collective_args(s, a);
	return report_explain_run(db, "overview.collective", o->e_collective, a, n, fn, ud);
}

static int
explain_lists(struct db *db, const struct report_scope *s, int64_t goal_id,
    report_plan_fn fn, void *ud)
{
	struct db_arg a[DB_ARGS_MAX];
	struct report_metric m;
	struct db_stmt_def *q;
	size_t i, n;
	int st;

	for (i = 0; i < ARRAY_LEN(explain_metrics); i++) {
		m = explain_metrics[i].m;
		if (m.kind == METRIC_COLLECTIVE)
			m.value = goal_id;
		q = page_args(whole_scope(s) ? &all_plans : &people_plans, s, &m,
		    &REPORT_CURSOR_START, REPORT_EXPLAIN_PAGE_ROWS, a, &n);
		if (q == NULL)
			return DB_ERROR;
		if ((st = report_explain_run(db, explain_metrics[i].statement, q, a, n, fn,
		    ud)) != DB_OK)
			return st;
	}
	m = explain_metrics[1].m;
	q = report_metric_args(totals_of(s), s, &m, a, &n);
	if (q == NULL)
		return DB_ERROR;
	if ((st = report_explain_run(db, "people.total", s->manager_id ? &e_team_total :
	    reads_tree(s) ? &report_tree_total_explain : &e_total, a, n, fn, ud)) != DB_OK)
		return st;
	/* The read per department only where list_source() may take it: in
	 * HR's and a manager's scope no page runs it. */
	if (reads_sub(s)) {
		q = page_args(&sub_after, s, &m, &REPORT_CURSOR_START, PAGED_HERE, a, &n);
		if (q == NULL)
			return DB_ERROR;
		if ((st = report_explain_run(db, "people.conversations.sub", &e_sub_conversations,
		    a, n, fn, ud)) != DB_OK)
			return st;
	}
	n = remind_args(s, &m, &REPORT_CURSOR_START, REPORT_EXPLAIN_PAGE_ROWS, a);
	return report_explain_run(db, "remind.people", &e_remind_people, a, n, fn, ud);
}

int
summary_report_explain(struct db *db, const struct report_scope *s, int64_t goal_id,
    report_plan_fn fn, void *ud)
{
	struct db_arg a[DB_ARGS_MAX];
	size_t n;
	int st;

	/* HR's overview runs one statement (summary_report_prefetch), which
	 * answers the readers' statements, the count without a dossier among
	 * them: its plan is the page's, theirs are not run. */
	if (whole_scope(s)) {
		if ((st = report_overview_explain(db, s, fn, ud)) != DB_OK ||
		    (st = explain_lists(db, s, goal_id, fn, ud)) != DB_OK)
			return st;
		return report_explain_people_without(db, s, fn, ud);
	}
	if ((st = explain_overview(db, s, fn, ud)) != DB_OK ||
	    (st = explain_lists(db, s, goal_id, fn, ud)) != DB_OK)
		return st;
	/* A manager's count of those without a dossier stays a recount. */
	if (s->manager_id != 0)
		return report_explain_without(db, s, fn, ud);
	n = report_scope_args(s, a);
	if ((st = report_explain_run(db, "overview.without_dossier", overview_of(s)->e_without,
	    a, n, fn, ud)) != DB_OK)
		return st;
	return report_explain_people_without(db, s, fn, ud);
}

static struct db_stmt_def q_newest_cycle = DB_STMT("SELECT COALESCE(MAX(id), 0) FROM cycle");

static int
newest_row(void *ud, const struct db_row *r)
{
	*(int64_t *)ud = db_int(r, 0);
	return DB_OK;
}

int
summary_newest_cycle(struct db *db, int64_t *cycle_id)
{
	*cycle_id = 0;
	return db_query(db, &q_newest_cycle, DB_NOARGS, newest_row, cycle_id);
}
