/* report_export_rows.h -- the rows the export keeps for one round
 * (report_export_rows.c): each a copy of a fetched row with its merge keys
 * parsed, a part's rows sorted by those keys, and a cursor that walks them
 * as a merge join does.  Private to fcgi/store/report_export.c. */
#ifndef GESPREK_STORE_REPORT_EXPORT_ROWS_H
#define GESPREK_STORE_REPORT_EXPORT_ROWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "store/db.h"

/* The integer columns a part is merged on, at most this many. */
#define REC_KEYS 3

/* A row's columns copied into one allocation; NULL stays NULL.  k: the
 * part's key columns as integers (struct rowset's key), parsed once. */
struct rec {
	int64_t k[REC_KEYS];
	size_t n;
	const char *v[];
};

/* A part's rows.  key: the columns of its order -- the dossier, the
 * parent (conversation seq or item id), the row's own id -- and nkeys of
 * them; sorted: the statement has no ORDER BY, so the rows are sorted
 * here by those keys, which are unique within the part (a sort in
 * MariaDB is a filesort of whole rows: a third of the items' and the
 * notes' statements). */
struct rowset {
	struct rec **v;
	size_t n, cap;
	size_t bytes;			/* kept in v's rows */
	size_t key[REC_KEYS], nkeys;
	bool sorted;
};

/* db_row_fn: keeps the row in the rowset ud (DB_ERROR out of memory). */
int rowset_keep(void *ud, const struct db_row *r);
/* Into the order of the part's keys, unless its statement sorted it. */
void rowset_sort(struct rowset *s);
void rowset_clear(struct rowset *s);
void rowset_free(struct rowset *s);

static inline const char *
rs(const struct rec *r, size_t i)
{
	return i < r->n && r->v[i] ? r->v[i] : "";
}

static inline int64_t
ri(const struct rec *r, size_t i)
{
	return strtoll(rs(r, i), NULL, 10);
}

/* Walks a rowset ordered by (dossier, key, ...). */
struct cursor {
	const struct rowset *s;
	size_t i;
};

/* The next row of (dossier, key) -- key its second key (column 1), or
 * any key when key < 0 -- after skipping rows that sort before it; NULL
 * when none. */
const struct rec *cursor_next(struct cursor *c, int64_t dossier, int64_t key);

#endif
