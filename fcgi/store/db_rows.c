/* db_rows.c -- rows kept to be handed on later (struct db_rows), and the
 * prefetch: one statement that reads what several readers of a page would
 * each read with their own (db.h, db_prefetch).
 *
 * Why: MariaDB plans a prepared statement again at every execution, so a
 * page's cost in the server is mostly its number of statements (DESIGN
 * §11).  The prefetch lets a page read its lists in one UNION ALL while
 * every reader keeps its own statement, its own row handling and its own
 * place in the page: a reader that asks for exactly what was prefetched
 * (the same statement text, the same arguments) gets the kept rows, once;
 * anything else runs as always. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "store/db.h"
#include "store/db_impl.h"

/* A kept value: its length, or this mark for NULL, then its bytes and a
 * NUL (a reader may use a value as a C string, as it may a fetched one). */
#define KEPT_NULL UINT32_MAX

void
db_rows_init(struct db_rows *r)
{
	memset(r, 0, sizeof(*r));
	buf_init(&r->data);
}

void
db_rows_free(struct db_rows *r)
{
	buf_free(&r->data);
	memset(r, 0, sizeof(*r));
}

bool
db_rows_add(struct db_rows *r, const struct db_row *row, size_t first, size_t ncols)
{
	size_t i;

	if (first + ncols > row->ncols || ncols > DB_COLS_MAX)
		return false;
	if (r->nrows == 0)
		r->ncols = ncols;
	else if (r->ncols != ncols)
		return false;
	for (i = first; i < first + ncols; i++) {
		uint32_t len = row->val[i] ? (uint32_t)row->len[i] : KEPT_NULL;

		if (row->val[i] && row->len[i] >= KEPT_NULL)
			return false;
		buf_append(&r->data, &len, sizeof(len));
		if (row->val[i]) {
			buf_append(&r->data, row->val[i], row->len[i]);
			buf_append(&r->data, "", 1);
		}
	}
	r->nrows++;
	return !r->data.failed;
}

/* The kept row that starts at *at, into row; *at moves past it. */
static void
kept_row(const struct db_rows *r, size_t *at, struct db_row *row)
{
	size_t i;

	row->ncols = r->ncols;
	for (i = 0; i < r->ncols; i++) {
		uint32_t len;

		memcpy(&len, r->data.data + *at, sizeof(len));
		*at += sizeof(len);
		if (len == KEPT_NULL) {
			row->val[i] = NULL;
			row->len[i] = 0;
			continue;
		}
		row->val[i] = r->data.data + *at;
		row->len[i] = len;
		*at += (size_t)len + 1;
	}
}

int
db_rows_each(const struct db_rows *r, db_row_fn fn, void *ud)
{
	struct db_row row;
	size_t at = 0, n;
	int st;

	for (n = 0; n < r->nrows; n++) {
		kept_row(r, &at, &row);
		if ((st = fn(ud, &row)) != DB_OK)
			return st;
	}
	return DB_OK;
}

static int
keep_row(void *ud, const struct db_row *row)
{
	return db_rows_add(ud, row, 0, row->ncols) ? DB_OK : DB_ERROR;
}

int
db_query_keep(struct db *db, struct db_stmt_def *def, const struct db_arg *args, size_t nargs,
    struct db_rows *into)
{
	return db_query(db, def, args, nargs, keep_row, into);
}

/* ---- the prefetch ---- */

struct kept_part {
	char tag;
	const char *sql;
	struct buf args;	/* the arguments, as args_key writes them */
	struct db_rows rows;
	bool taken;
};

struct db_prefetch {
	size_t n;
	struct kept_part part[DB_PREFETCH_PARTS];
};

/* Arguments written as bytes, to be compared with memcmp. */
static void
args_key(struct buf *b, const struct db_arg *args, size_t nargs)
{
	size_t i;

	for (i = 0; i < nargs; i++) {
		unsigned char type = (unsigned char)args[i].type;

		buf_append(b, &type, 1);
		if (args[i].type == DB_ARG_INT)
			buf_append(b, &args[i].i, sizeof(args[i].i));
		else if (args[i].type == DB_ARG_STR) {
			buf_append(b, &args[i].len, sizeof(args[i].len));
			buf_append(b, args[i].s, args[i].len);
		}
	}
}

void
db_prefetch_end(struct db *db)
{
	size_t i;

	if (db->prefetch == NULL)
		return;
	for (i = 0; i < db->prefetch->n; i++) {
		buf_free(&db->prefetch->part[i].args);
		db_rows_free(&db->prefetch->part[i].rows);
	}
	free(db->prefetch);
	db->prefetch = NULL;
}

struct fill {
	struct db_prefetch *p;
	const struct db_part *parts;
};

/* A row of the prefetch: its tag names the part, whose columns are the
 * last of the row (the padding between tag and them is dropped). */
static int
fill_row(void *ud, const struct db_row *row)
{
	struct fill *f = ud;
	size_t i;

	if (row->ncols == 0 || row->val[0] == NULL || row->len[0] != 1)
		return DB_ERROR;
	for (i = 0; i < f->p->n; i++) {
		struct kept_part *k = &f->p->part[i];
		size_t ncols = f->parts[i].ncols;

		if (k->tag != row->val[0][0])
			continue;
		if (ncols + 1 > row->ncols)
			return DB_ERROR;
		return db_rows_add(&k->rows, row, row->ncols - ncols, ncols) ? DB_OK : DB_ERROR;
	}
	return DB_ERROR;
}

int
db_prefetch(struct db *db, struct db_stmt_def *def, const struct db_arg *args, size_t nargs,
    const struct db_part *parts, size_t nparts)
{
	struct db_prefetch *p;
	struct buf *transcript = db->transcript;
	struct fill f;
	size_t i;
	int st;

	db_prefetch_end(db);
	if (nparts > DB_PREFETCH_PARTS || (p = calloc(1, sizeof(*p))) == NULL)
		return DB_ERROR;
	for (i = 0; i < nparts; i++) {
		struct kept_part *k = &p->part[i];

		k->tag = parts[i].tag;
		k->sql = parts[i].sql;
		buf_init(&k->args);
		args_key(&k->args, parts[i].args, parts[i].nargs);
		db_rows_init(&k->rows);
		k->rows.ncols = parts[i].ncols;
		p->n++;
	}
	f.p = p;
	f.parts = parts;
	/* What a reader takes goes into the transcript as that reader's
	 * statement (db_prefetch_take): the page cache keys on what the page
	 * used, not on how it was fetched. */
	db->transcript = NULL;
	st = db_query(db, def, args, nargs, fill_row, &f);
	db->transcript = transcript;
	db->prefetch = p;
	if (st != DB_OK)
		db_prefetch_end(db);
	return st;
}

int
db_prefetch_query(struct db *db, struct db_stmt_def *def, const struct db_arg *args,
    size_t nargs, struct db_rows *into)
{
	struct buf *transcript = db->transcript;
	int st;

	db_prefetch_end(db);
	/* As db_prefetch: the readers' statements go into the transcript as
	 * each takes its rows, not this one. */
	db->transcript = NULL;
	st = db_query_keep(db, def, args, nargs, into);
	db->transcript = transcript;
	return st;
}

int
db_prefetch_keep(struct db *db, const char *sql, const struct db_arg *args, size_t nargs,
    struct db_rows *rows)
{
	struct kept_part *k;

	if (db->prefetch == NULL && (db->prefetch = calloc(1, sizeof(*db->prefetch))) == NULL)
		return DB_ERROR;
	if (db->prefetch->n == DB_PREFETCH_PARTS)
		return DB_ERROR;
	k = &db->prefetch->part[db->prefetch->n++];
	k->tag = 0;
	k->sql = sql;
	k->taken = false;
	buf_init(&k->args);
	args_key(&k->args, args, nargs);
	k->rows = *rows;	/* moved: the caller's is left empty */
	db_rows_init(rows);
	return k->args.failed ? DB_ERROR : DB_OK;
}

struct take {
	struct db *db;
	db_row_fn fn;
	void *ud;
};

static int
take_row(void *ud, const struct db_row *row)
{
	struct take *t = ud;

	db_transcript_row(t->db, row);
	t->db->rows_seen++;
	return t->fn ? t->fn(t->ud, row) : DB_OK;
}

bool
db_prefetch_take(struct db *db, struct db_stmt_def *def, const struct db_arg *args,
    size_t nargs, db_row_fn fn, void *ud, int *status)
{
	struct take t = { db, fn, ud };
	struct buf key;
	struct kept_part *k = NULL;
	size_t i;

	buf_init(&key);
	args_key(&key, args, nargs);
	for (i = 0; i < db->prefetch->n && k == NULL; i++) {
		struct kept_part *p = &db->prefetch->part[i];

		if (!p->taken && strcmp(p->sql, def->sql) == 0 && p->args.len == key.len &&
		    !key.failed && !p->args.failed &&
		    (key.len == 0 || memcmp(p->args.data, key.data, key.len) == 0))
			k = p;
	}
	buf_free(&key);
	if (k == NULL)
		return false;
	k->taken = true;
	db_transcript_args(db, def, args, nargs);
	*status = db_rows_each(&k->rows, take_row, &t);
	db_transcript_status(db, *status);
	return true;
}
