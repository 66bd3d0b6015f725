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
 * table of a few rows per cycle, read whole instead of twice per cycle.
 * The top departments are the overview's T rows.  The order is made in
 * C.  No params.  The aliases are the ones report.c's plan_tables names
 * (y, kc), so that explain-reports says which tables these read whole. */
#define OVERVIEW_FILTER_PARTS \
	" UNION ALL SELECT 'C'," OV_PAD4 OV_PAD1 " y.id, y.name, y.starts_on, y.ends_on, y.status," \
	" y.rating_scale, y.version, y.second_assessor FROM cycle y" \
	" UNION ALL SELECT 'N'," OV_PAD8 OV_PAD2 " kc.cycle_id, kc.status, kc.n" \
	" FROM cycle_dossier_count kc"

struct filter_cycle;
struct filter_count;
struct top_row;
/* Their rows as read, pointing into the statement's kept rows. */
struct overview_filter {
	struct filter_cycle *cycles;
	struct filter_count *counts;
	size_t ncycles, ncounts;
};

/* Takes row r if it is one of the filter's (DB_OK), DB_NOTFOUND if not. */
int overview_filter_row(struct overview_filter *f, const struct db_row *r);
/* Keeps the answers of cycle_list, cycle_get(cycle_id) and
 * department_children(0, top_limit) (cycle_sql.h, department_sql.h), the
 * last from tops (every top department; sorted here). */
int overview_filter_keep(struct db *db, struct overview_filter *f, struct top_row *tops,
    size_t ntops, int64_t cycle_id, int64_t top_limit);
void overview_filter_free(struct overview_filter *f);

/* ---- report_overview_rows.c: the statement's rows, by tag ---- */

/* The columns of a sums row (tags L and O, report_overview.c OV_SUM_COLS):
 * the department, kind, type, state, value, overdue, n. */
#define OV_SUMS_NCOLS 7

/* A top department as its T row read it (report_overview.c): the filter's
 * top level and the names of the table's departments. */
struct top_row {
	struct col id, name, version, key;
	int64_t fid;
};

struct sum_row {
	int64_t fid, value, n, cid;
	bool folded, overdue;
	struct col fname, fkey, kind, type, state, cname, cname_en, ckey;
};

struct goal_row {
	struct col c[COLLECTIVE_NCOLS];	/* the goal's columns */
	struct col key;			/* its department's sort key */
	int64_t id, dossiers;
	bool has_department;
};

struct competence_row {
	int64_t id;
	struct col nl, en, key;
};

struct scale_row {
	struct col c[8];
	int64_t scale, value, version;
};

struct level_row {
	int64_t value;
	struct col nl, nl_key, en, en_key;
};

/* Rows of each kind, pointing into the kept answer; the sums rows with
 * their department's and competence's names (overview_rows_read). */
struct overview_rows {
	struct sum_row *sums;
	struct goal_row *goals;
	struct scale_row *scales;
	struct level_row *levels;
	struct top_row *tops;
	struct competence_row *competences;
	size_t nsums, ngoals, nscales, nlevels, ntops, ncompetences;
	int64_t without;	/* the employees without a dossier */
	bool failed;
	struct overview_filter filter;	/* the filter's lists, if read */
};

/* Sorts every row of rows by its tag into o (zeroed by the caller), gives
 * each sums row its names and each goal its dossiers; DB_ERROR on a row
 * it does not know or a missing top department. */
int overview_rows_read(struct overview_rows *o, const struct db_rows *rows);
void overview_rows_free(struct overview_rows *o);

#endif
