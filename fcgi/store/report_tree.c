/* report_tree.c -- in HR's scope and a department's with its
 * sub-departments, the numbers behind the overview's lists (how many a
 * list holds) and the collective goals' counts, read from the subtree sums
 * (department_tree_summary, sql/091; store/report_tree_sql.h) as the
 * overview's own numbers are.  They summed the departments' own sums
 * instead: every department's rows of the kind in the cycle, about
 * departments x states x due dates (issue 21: 300 rows at 10,000
 * employees for a list's total, 303 for the collective goals, ten times
 * that at 100,000).  Now each reads the scope's roots -- or a goal's
 * department -- by the key (cycle, department, kind, ...) over its slots,
 * whatever the size of the organisation.
 *
 * The department alone and a manager's scope keep report_summary.c's
 * reads: their rows are the department's own, or the manager's facts. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store/report_tree_sql.h"
#include "store/rows.h"
#include "base/util.h"

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
/* The scope's roots' subtree sums and, in HR's scope, department 0's own:
 * one row, the number, as the sum of three scalar subqueries over p, each
 * a key range of a few rows that is empty in the other scope.  Read as
 * the overview reads its sums (TREE_SUMS: the parts' UNION ALL in a
 * derived table) it made four temporary tables per view, and planning
 * it at each execution cost MariaDB more (ANALYZE at 1,000 employees,
 * medians of ten at load 20: planned in 0.53-0.56 ms, executed in 0.067;
 * now 0.49-0.50 and 0.057; issue 21, h-people).  Naming the parameters in
 * p costs a temporary table and 0.1 ms of that planning still (written
 * out as constants: 0.39 and 0.005 ms). */
#define TOTAL_ROOT(COND) \
	"(SELECT SUM(ts.n) FROM department_tree_summary ts WHERE ts.cycle_id = p.cyc" \
	" AND ts.department_id = p.lvl AND p.lvl <> 0 AND " COND("ts") ")"
#define TOTAL_TOPS(COND) \
	"(SELECT SUM(ts.n) FROM department l STRAIGHT_JOIN department_tree_summary ts" \
	" ON ts.cycle_id = p.cyc AND ts.department_id = l.id AND " COND("ts") \
	" WHERE l.parent_id IS NULL AND p.lvl = 0)"
#define TOTAL_OWN(COND) \
	"(SELECT SUM(s.n) FROM department_cycle_summary s FORCE INDEX (PRIMARY)" \
	" WHERE s.cycle_id = p.cyc AND s.department_id = p.dep AND " ROOTS_OWN \
	" AND " COND("s") ")"
#define SQL_TREE_TOTAL(METRIC, COND) \
	TOTAL_P(METRIC) " SELECT COALESCE(" TOTAL_ROOT(COND) ", 0)" \
	" + COALESCE(" TOTAL_TOPS(COND) ", 0) + COALESCE(" TOTAL_OWN(COND) ", 0)" \
	" FROM p WHERE p.m1 = 0 AND p.m2 = 0"

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
/* A list's number for goal p.goal: no row for a goal of another cycle
 * (summary_report_people_total then says 0). */
#define SQL_TREE_TOTAL_GOAL \
	TOTAL_P(P_GOAL) " SELECT " G_DOSSIERS \
	" FROM p JOIN collective_goal g ON g.id = p.goal AND g.cycle_id = p.cyc"
/* The overview's goals, in no order: report_source_collective sorts them
 * by COLLECTIVE_KEY (report_sql.h). */
#define SQL_TREE_COLLECTIVE \
	TREE_SCOPE_P " SELECT " COLLECTIVE_COLUMNS ", " G_DOSSIERS COLLECTIVE_KEY \
	" FROM p JOIN collective_goal g LEFT JOIN department dp ON dp.id = g.department_id" \
	" WHERE g.cycle_id = ?"

static struct db_stmt_def tt_dossiers = DB_STMT(SQL_TREE_TOTAL(P_NONE, PK_DOSSIERS));
static struct db_stmt_def tt_conversations = DB_STMT(
	SQL_TREE_TOTAL(P_CONVERSATIONS, PK_CONVERSATIONS));
static struct db_stmt_def tt_results = DB_STMT(SQL_TREE_TOTAL(P_RESULTS, PK_RESULTS));
static struct db_stmt_def tt_rating = DB_STMT(SQL_TREE_TOTAL(P_RATING, PK_RATING));
static struct db_stmt_def tt_collective = DB_STMT(SQL_TREE_TOTAL_GOAL);
static struct db_stmt_def tt_competence = DB_STMT(
	SQL_TREE_TOTAL(P_COMPETENCE, PK_COMPETENCE));

const struct report_people_source report_tree_totals = {
	&tt_dossiers, &tt_conversations, &tt_results, &tt_rating, &tt_collective, NULL,
	&tt_competence,
};
struct db_stmt_def report_tree_total_explain = DB_STMT(
	"EXPLAIN " SQL_TREE_TOTAL(P_CONVERSATIONS, PK_CONVERSATIONS));
struct db_stmt_def report_tree_collective = DB_STMT(SQL_TREE_COLLECTIVE);
struct db_stmt_def report_tree_collective_explain = DB_STMT("EXPLAIN " SQL_TREE_COLLECTIVE);

/* ---- the overall ratings, added up here ----
 * The subtree sums' parts hand a scale's value over in several rows (a
 * root's slots, department 0's own); grouping them in MariaDB took a
 * temporary table and a sort for some twenty rows.  They are added up
 * here per scale and value, in the order the other sources give
 * (report_summary.c's SQL_RATINGS: the scale's text, then the value),
 * those that sum to 0 left out. */

/* A rating fact's type: a scale's id as decimal text, '' the cycle's. */
#define RATING_TYPE_BYTES 24
/* Distinct (scale, value) pairs a scope may have: scales x levels. */
#define RATING_SUMS_MAX 512

struct rating_sum {
	char type[RATING_TYPE_BYTES];
	int value;
	int64_t n;
};

struct rating_sums {
	struct rating_sum v[RATING_SUMS_MAX];
	size_t n;
};

static int
add_rating(void *ud, const struct db_row *r)
{
	struct rating_sums *rs = ud;
	const char *type = db_str(r, 0);
	int value = (int)db_int(r, 1);
	size_t i;

	if (strlen(type) >= RATING_TYPE_BYTES)
		return DB_ERROR;
	for (i = 0; i < rs->n; i++)
		if (rs->v[i].value == value && strcmp(rs->v[i].type, type) == 0)
			break;
	if (i == rs->n) {
		if (rs->n == RATING_SUMS_MAX)
			return DB_ERROR;
		strlcopy(rs->v[i].type, type, sizeof(rs->v[i].type));
		rs->v[i].value = value;
		rs->v[i].n = 0;
		rs->n++;
	}
	rs->v[i].n += db_int(r, 2);
	return DB_OK;
}

static int
rating_order(const void *a, const void *b)
{
	const struct rating_sum *x = a, *y = b;
	int c = strcmp(x->type, y->type);

	return c ? c : (x->value > y->value) - (x->value < y->value);
}

/* As report.c's scale_of_type: '' the cycle's scale (0). */
static int64_t
scale_id_of(const char *type)
{
	int64_t id;

	if (type[0] == '\0')
		return 0;
	return parse_id(type, strlen(type), &id) ? id : -1;
}

int
report_tree_ratings(struct db *db, struct db_stmt_def *q, const struct report_scope *s,
    report_rating_fn fn, void *ud)
{
	struct rating_sums *rs = calloc(1, sizeof(*rs));
	struct db_arg a[DB_ARGS_MAX];
	size_t i, n = report_scope_args(s, a);
	int st;

	if (rs == NULL)
		return DB_ERROR;
	if ((st = db_query(db, q, a, n, add_rating, rs)) != DB_OK)
		goto fail;
	qsort(rs->v, rs->n, sizeof(rs->v[0]), rating_order);
	for (i = 0; i < rs->n && st == DB_OK; i++)
		if (rs->v[i].n != 0)
			st = fn(ud, scale_id_of(rs->v[i].type), rs->v[i].value, rs->v[i].n);
fail:
	free(rs);
	return st;
}
