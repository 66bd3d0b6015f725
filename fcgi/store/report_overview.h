/* report_overview.h -- what report_overview.c (HR's overview in one
 * statement) and report_overview_filter.c (its filter's lists, read by
 * the same statement) share: the statement's width, its columns as read,
 * and the rows they build as a reader's statement would return them.
 * Inside store/ only. */
#ifndef GESPREK_STORE_REPORT_OVERVIEW_H
#define GESPREK_STORE_REPORT_OVERVIEW_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/rows.h"

/* The width of every part after its tag: the goals' columns, their count
 * and their department's sort key. */
#define OV_WIDTH (COLLECTIVE_NCOLS + 2)
#define OV_PAD1 " NULL,"
#define OV_PAD2 OV_PAD1 OV_PAD1
#define OV_PAD4 OV_PAD2 OV_PAD2
#define OV_PAD8 OV_PAD4 OV_PAD4

/* A column of a kept row: its bytes (NULL for SQL NULL) and length. */
struct col {
	const char *s;
	size_t len;
};

static inline struct col
col_of(const struct db_row *r, size_t i)
{
	return (struct col){ r->val[i], r->len[i] };
}

static inline bool
col_is(struct col c, const char *s)
{
	return c.s != NULL && c.len == strlen(s) && memcmp(c.s, s, c.len) == 0;
}

/* A sort key's order: bytes, then length; NULL before everything. */
static inline int
key_cmp(struct col a, struct col b)
{
	int c;

	if (a.s == NULL || b.s == NULL)
		return (a.s != NULL) - (b.s != NULL);
	c = memcmp(a.s, b.s, a.len < b.len ? a.len : b.len);
	return c ? c : (a.len > b.len) - (a.len < b.len);
}

static inline int
int_cmp(int64_t a, int64_t b)
{
	return (a > b) - (a < b);
}

/* Grows *v (of *n elements of size each) by one; NULL out of memory. */
static inline void *
grow(void **v, size_t *n, size_t each)
{
	void *p = realloc(*v, (*n + 1) * each);

	if (p == NULL)
		return NULL;
	*v = p;
	return (char *)p + (*n)++ * each;
}

/* A row being built: its columns, integers written into num. */
struct out {
	struct db_row r;
	char num[DB_COLS_MAX][24];
};

static inline void
out_col(struct out *o, size_t i, struct col c)
{
	o->r.val[i] = c.s;
	o->r.len[i] = c.len;
	if (o->r.ncols < i + 1)
		o->r.ncols = i + 1;
}

static inline void
out_str(struct out *o, size_t i, const char *s)
{
	out_col(o, i, (struct col){ s, strlen(s) });
}

static inline void
out_int(struct out *o, size_t i, int64_t v)
{
	int len = snprintf(o->num[i], sizeof(o->num[i]), "%lld", (long long)v);

	out_col(o, i, (struct col){ o->num[i], (size_t)len });
}

/* ---- report_overview_filter.c: the filter's lists ---- */

/* The parts that read them, to follow the overview's: C, every cycle
 * (cycle_list's columns but the counts, in no order); N, the kept counts
 * of dossiers those are summed from (cycle_sql.h CYCLE_KEPT_COUNT), a
 * table of a few rows per cycle, read whole instead of twice per cycle;
 * T, the top level of the departments (department_sql.h) with the
 * names' sort keys.  The order is made in C.  params: the top level's
 * limit. */
#define OVERVIEW_FILTER_PARTS \
	" UNION ALL SELECT 'C'," OV_PAD4 OV_PAD1 " c.id, c.name, c.starts_on, c.ends_on, c.status," \
	" c.rating_scale, c.version, c.second_assessor FROM cycle c" \
	" UNION ALL SELECT 'N'," OV_PAD8 OV_PAD2 " k.cycle_id, k.status, k.n" \
	" FROM cycle_dossier_count k" \
	" UNION ALL (SELECT 'T'," OV_PAD8 OV_PAD1 " d.id, d.name, d.version, WEIGHT_STRING(d.name)" \
	" FROM department d WHERE d.parent_id IS NULL ORDER BY d.name LIMIT ?)"
#define OVERVIEW_FILTER_ARGS 1

struct filter_cycle;
struct filter_count;
struct filter_top;
/* Their rows as read, pointing into the statement's kept rows. */
struct overview_filter {
	struct filter_cycle *cycles;
	struct filter_count *counts;
	struct filter_top *tops;
	size_t ncycles, ncounts, ntops;
};

/* Takes row r if it is one of the filter's (DB_OK), DB_NOTFOUND if not. */
int overview_filter_row(struct overview_filter *f, const struct db_row *r);
/* Keeps the answers of cycle_list, cycle_get(cycle_id) and
 * department_children(0, top_limit) (cycle_sql.h, department_sql.h). */
int overview_filter_keep(struct db *db, struct overview_filter *f, int64_t cycle_id,
    int64_t top_limit);
void overview_filter_free(struct overview_filter *f);

#endif
