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

/* ---- how many a list holds: report_tree_sql.h has the statements ---- */

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
