/* report_overview_filter.c -- the filter of HR's overview of the whole
 * organisation, read by the overview's one statement (report_overview.c;
 * issue 21).
 *
 * Above its numbers the overview offers every cycle and the top level of
 * the departments to choose from, and reads the chosen cycle first: three
 * statements of their own (cycle_get, cycle_list, department_children),
 * each planned again at every view, as many as the numbers' one.  Their
 * rows are few -- the cycles, the kept dossier counts of each, the top
 * departments -- so the overview's statement reads them too (tags C and
 * N, report_overview.h OVERVIEW_FILTER_PARTS; the top departments are
 * the numbers' own T rows), in no order, and here
 * they are put in their statements' order and kept as those statements'
 * answers (db.h db_prefetch_keep), as the numbers' readers' are: cycle.c
 * and department.c ask as always and get the rows their statements would
 * have returned.  The chosen cycle is one of the list's rows. */
#include "config.h"

#include <strings.h>

#include "base/util.h"
#include "store/cycle_sql.h"
#include "store/department_sql.h"
#include "store/report_overview.h"

/* A cycle as read: CYCLE_COLUMNS but the two counts. */
#define FILTER_CYCLE_NCOLS 8
struct filter_cycle {
	struct col c[FILTER_CYCLE_NCOLS];	/* id ... version, second_assessor */
	int64_t id, dossiers, dossiers_open;
};

struct filter_count {
	int64_t cycle, n;
	bool open;
};

/* The first column of a part that ends the row with ncols of its own. */
#define PART_FIRST(ncols) (OV_WIDTH + 1 - (ncols))

static int
take_cycle(struct overview_filter *f, const struct db_row *r)
{
	struct filter_cycle *c = grow((void **)&f->cycles, &f->ncycles, sizeof(*c));
	size_t first = PART_FIRST(FILTER_CYCLE_NCOLS), i;

	if (c == NULL)
		return DB_ERROR;
	for (i = 0; i < FILTER_CYCLE_NCOLS; i++)
		c->c[i] = col_of(r, first + i);
	c->id = db_int(r, first);
	c->dossiers = c->dossiers_open = 0;
	return DB_OK;
}

static int
take_count(struct overview_filter *f, const struct db_row *r)
{
	struct filter_count *k = grow((void **)&f->counts, &f->ncounts, sizeof(*k));
	size_t first = PART_FIRST(3);

	if (k == NULL)
		return DB_ERROR;
	k->cycle = db_int(r, first);
	/* k.status = 'open' in the column's collation (ascii_general_ci) */
	k->open = r->len[first + 1] == 4 && strncasecmp(db_str(r, first + 1), "open", 4) == 0;
	k->n = db_int(r, first + 2);
	return DB_OK;
}

int
overview_filter_row(struct overview_filter *f, const struct db_row *r)
{
	switch (r->val[0][0]) {
	case 'C':
		return take_cycle(f, r);
	case 'N':
		return take_count(f, r);
	default:
		return DB_NOTFOUND;
	}
}

/* ORDER BY c.starts_on DESC, c.id DESC (the dates as YYYY-MM-DD). */
static int
cycle_order(const void *x, const void *y)
{
	const struct filter_cycle *a = x, *b = y;
	int c = key_cmp(b->c[2], a->c[2]);

	return c ? c : int_cmp(b->id, a->id);
}

/* ORDER BY d.name: by the names' sort keys (unique, as the names are). */
static int
top_order(const void *x, const void *y)
{
	return key_cmp(((const struct top_row *)x)->key, ((const struct top_row *)y)->key);
}

/* A cycle's row as CYCLE_COLUMNS read it, its counts summed as
 * CYCLE_KEPT_COUNT sums them. */
static bool
add_cycle(struct db_rows *into, const struct filter_cycle *c)
{
	struct out w;
	size_t i;

	memset(&w.r, 0, sizeof(w.r));
	for (i = 0; i < 7; i++)
		out_col(&w, i, c->c[i]);
	out_int(&w, 7, c->dossiers);
	out_int(&w, 8, c->dossiers_open);
	out_col(&w, 9, c->c[7]);
	return db_rows_add(into, &w.r, 0, CYCLE_NCOLS);
}

static void
sum_counts(struct overview_filter *f)
{
	size_t i, j;

	for (i = 0; i < f->ncycles; i++)
		for (j = 0; j < f->ncounts; j++) {
			if (f->counts[j].cycle != f->cycles[i].id)
				continue;
			f->cycles[i].dossiers += f->counts[j].n;
			f->cycles[i].dossiers_open += f->counts[j].open ? f->counts[j].n : 0;
		}
}

/* Keeps rows as the answer of sql with args, or frees them. */
static int
keep(struct db *db, const char *sql, const struct db_arg *args, size_t nargs,
    struct db_rows *rows, bool built)
{
	int st = built ? db_prefetch_keep(db, sql, args, nargs, rows) : DB_ERROR;

	db_rows_free(rows);
	return st;
}

static int
keep_cycles(struct db *db, struct overview_filter *f, int64_t cycle_id)
{
	struct db_rows list, one;
	bool ok = true;
	size_t i;
	int st;

	db_rows_init(&list);
	db_rows_init(&one);
	if (f->ncycles > 1)
		qsort(f->cycles, f->ncycles, sizeof(f->cycles[0]), cycle_order);
	for (i = 0; i < f->ncycles && ok; i++) {
		ok = add_cycle(&list, &f->cycles[i]);
		if (ok && f->cycles[i].id == cycle_id)
			ok = add_cycle(&one, &f->cycles[i]);
	}
	if ((st = keep(db, SQL_CYCLE_LIST, NULL, 0, &list, ok)) != DB_OK) {
		db_rows_free(&one);
		return st;
	}
	return keep(db, SQL_CYCLE_GET, DB_ARGS(DB_INT(cycle_id)), &one, ok);
}

static int
keep_tops(struct db *db, struct top_row *tops, size_t ntops, int64_t limit)
{
	struct db_rows rows;
	struct out w;
	bool ok = true;
	size_t i;

	db_rows_init(&rows);
	if (ntops > 1)
		qsort(tops, ntops, sizeof(tops[0]), top_order);
	for (i = 0; i < ntops && (int64_t)i < limit && ok; i++) {
		memset(&w.r, 0, sizeof(w.r));
		out_col(&w, 0, tops[i].id);
		out_col(&w, 1, tops[i].name);
		out_str(&w, 2, "0");
		out_col(&w, 3, tops[i].version);
		out_str(&w, 4, "0");
		ok = db_rows_add(&rows, &w.r, 0, DEPT_PICK_NCOLS);
	}
	return keep(db, SQL_DEPARTMENT_TOP, DB_ARGS(DB_INT(limit)), &rows, ok);
}

int
overview_filter_keep(struct db *db, struct overview_filter *f, struct top_row *tops,
    size_t ntops, int64_t cycle_id, int64_t top_limit)
{
	int st;

	sum_counts(f);
	if ((st = keep_cycles(db, f, cycle_id)) != DB_OK)
		return st;
	return keep_tops(db, tops, ntops, top_limit);
}

void
overview_filter_free(struct overview_filter *f)
{
	free(f->cycles);
	free(f->counts);
	memset(f, 0, sizeof(*f));
}
