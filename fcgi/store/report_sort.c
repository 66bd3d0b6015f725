/* report_sort.c -- a report statement's rows sorted, and grouped, here
 * instead of in MariaDB (report_sql.h report_query_sorted).
 *
 * Why: the report pages' tables, distributions and collective goals are
 * shown by a department's or a competence's name as the collation orders
 * it.  Sorted by MariaDB, a statement of a few rows took a temporary table
 * and a filesort at every view (issue 21: no page statement may).  The
 * statements hand over instead, beside the name, its collation key
 * (WEIGHT_STRING), and their rows ungrouped where grouping took the
 * temporary table; here the rows are sorted by those keys and the rows of
 * one group added up, which gives the rows, in the order, the statement's
 * GROUP BY and ORDER BY gave.  Rows that are already grouped and sorted
 * (HR's overview's prefetched answers, report_overview.c; the recounts of
 * report.c) pass unchanged. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/report_sql.h"
#include "store/rows.h"

int
report_key_cmp(const struct db_row *a, const struct db_row *b, size_t i)
{
	size_t la, lb;
	int c;

	if (db_isnull(a, i) || db_isnull(b, i))
		return (int)!db_isnull(a, i) - (int)!db_isnull(b, i);
	la = a->len[i];
	lb = b->len[i];
	c = memcmp(a->val[i], b->val[i], la < lb ? la : lb);
	return c ? c : (la > lb) - (la < lb);
}

int
report_int_cmp(const struct db_row *a, const struct db_row *b, size_t i)
{
	int64_t x = db_int(a, i), y = db_int(b, i);

	return (x > y) - (x < y);
}

bool
report_col_same(const struct db_row *a, const struct db_row *b, size_t i)
{
	if (db_isnull(a, i) || db_isnull(b, i))
		return db_isnull(a, i) == db_isnull(b, i);
	return a->len[i] == b->len[i] && memcmp(a->val[i], b->val[i], a->len[i]) == 0;
}

/* The rows kept, as rows pointing into the kept data. */
struct collected {
	struct db_row *v;
	size_t n, cap;
};

static int
collect(void *ud, const struct db_row *r)
{
	struct collected *c = ud;

	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 16;
		struct db_row *v = realloc(c->v, cap * sizeof(*v));

		if (v == NULL)
			return DB_ERROR;
		c->v = v;
		c->cap = cap;
	}
	c->v[c->n++] = *r;
	return DB_OK;
}

/* The most digits of a sum, sign and NUL included. */
#define SUM_CHARS 24

/* Hands on the group of rows v[0 .. n-1]: its first row with the sum
 * columns added up, unless the last of them sums to 0 (HAVING SUM(n) <> 0). */
static int
hand_group(const struct report_order *o, const struct db_row *v, size_t n, db_row_fn fn,
    void *ud)
{
	char num[REPORT_SUM_COLS_MAX][SUM_CHARS];
	struct db_row r = v[0];
	int64_t sum = 0;
	size_t i, j;

	if (o->nsums == 0)
		return fn(ud, &r);
	for (j = 0; j < o->nsums; j++) {
		for (i = 0, sum = 0; i < n; i++)
			sum += db_int(&v[i], o->sums[j]);
		snprintf(num[j], sizeof(num[j]), "%" PRId64, sum);
		r.val[o->sums[j]] = num[j];
		r.len[o->sums[j]] = strlen(num[j]);
	}
	/* sum: the last sum column's, the group's count. */
	return sum == 0 ? DB_OK : fn(ud, &r);
}

/* qsort has no context: the order of the statement being sorted, set by
 * report_query_sorted around its qsort.  One per thread (the workers). */
static _Thread_local const struct report_order *sorting;

static int
row_order(const void *x, const void *y)
{
	return sorting->cmp(x, y);
}

int
report_query_sorted(struct db *db, struct db_stmt_def *q, const struct db_arg *a, size_t n,
    const struct report_order *o, db_row_fn fn, void *ud)
{
	struct collected c = { NULL, 0, 0 };
	struct db_rows rows;
	size_t i, j;
	int st;

	if (o->nsums > REPORT_SUM_COLS_MAX)
		return DB_ERROR;
	db_rows_init(&rows);
	if ((st = db_query_keep(db, q, a, n, &rows)) != DB_OK ||
	    (st = db_rows_each(&rows, collect, &c)) != DB_OK)
		goto fail;
	if (c.n > 1) {
		sorting = o;
		qsort(c.v, c.n, sizeof(*c.v), row_order);
		sorting = NULL;
	}
	for (i = 0; i < c.n && st == DB_OK; i = j) {
		for (j = i + 1; o->same != NULL && j < c.n && o->same(&c.v[i], &c.v[j]); j++)
			;
		st = hand_group(o, &c.v[i], j - i, fn, ud);
	}
fail:
	free(c.v);
	db_rows_free(&rows);
	return st;
}

/* ---- the orders of report.c's readers (report_sql.h) ---- */

/* ORDER BY fname, fid, type, by the name's collation key; then the
 * group's other key. */
static int
department_order(const void *x, const void *y)
{
	const struct db_row *a = x, *b = y;
	int c = report_key_cmp(a, b, DEPT_KEY_COL);

	if (c == 0)
		c = report_int_cmp(a, b, 0);
	if (c == 0)
		c = report_int_cmp(a, b, 2);
	return c ? c : report_key_cmp(a, b, 3);
}

/* GROUP BY fname, fid, folded, type (the id names the name). */
static bool
same_department(const struct db_row *a, const struct db_row *b)
{
	return report_int_cmp(a, b, 0) == 0 && report_int_cmp(a, b, 2) == 0 &&
	    report_col_same(a, b, 3);
}

/* The six counts summed per group; HAVING COUNT(*) <> 0 (the last). */
const struct report_order report_by_department = {
	department_order, same_department, { 4, 5, 6, 7, 8, 9 }, 6,
};

/* ORDER BY g.department_id IS NOT NULL, dp.name, g.id (COLLECTIVE_KEY). */
static int
collective_order(const void *x, const void *y)
{
	const struct db_row *a = x, *b = y;
	int c = (int)!db_isnull(a, 5) - (int)!db_isnull(b, 5);

	if (c == 0)
		c = report_key_cmp(a, b, COLLECTIVE_KEY_COL);
	return c ? c : report_int_cmp(a, b, 0);
}

const struct report_order report_by_collective = { collective_order, NULL, { 0 }, 0 };

/* ORDER BY fname, fid, kind = 'competence', cname, cid, value by the
 * names' collation keys (DIST_KEYS_COL); then the group's other keys. */
static int
distribution_order(const void *x, const void *y)
{
	const struct db_row *a = x, *b = y;
	int c = report_key_cmp(a, b, DIST_KEYS_COL);

	if (c == 0)
		c = report_int_cmp(a, b, 0);
	if (c == 0)
		c = (int)(strcmp(db_str(a, 3), "competence") == 0) -
		    (int)(strcmp(db_str(b, 3), "competence") == 0);
	if (c == 0)
		c = report_key_cmp(a, b, DIST_KEYS_COL + 1);
	if (c == 0)
		c = report_int_cmp(a, b, 4);
	if (c == 0)
		c = report_int_cmp(a, b, 7);
	if (c == 0)
		c = report_int_cmp(a, b, 2);
	return c ? c : report_key_cmp(a, b, 3);
}

/* GROUP BY fname, fid, folded, kind, cid, cname, cname_en, value (the
 * ids name the names). */
static bool
same_distribution(const struct db_row *a, const struct db_row *b)
{
	return report_int_cmp(a, b, 0) == 0 && report_int_cmp(a, b, 2) == 0 &&
	    report_col_same(a, b, 3) && report_int_cmp(a, b, 4) == 0 &&
	    report_int_cmp(a, b, 7) == 0;
}

/* The count summed per group; HAVING SUM(n) <> 0. */
const struct report_order report_by_distribution = {
	distribution_order, same_distribution, { 8 }, 1,
};
