/* test_db_rows.c -- rows kept to be handed on later (store/db_rows.c): what
 * the form's prefetch and the template versions kept for the process read
 * back is exactly what was fetched, NULLs and empty values apart. */
#include "config.h"

#include <string.h>

#include "store/db.h"
#include "tap.h"

/* What a reader saw: the rows joined as "a|b|~" (~ for NULL), ";" after each. */
static int
seen(void *ud, const struct db_row *r)
{
	struct buf *b = ud;
	size_t i;

	for (i = 0; i < r->ncols; i++) {
		if (i)
			buf_puts(b, "|");
		if (r->val[i] == NULL) {
			buf_puts(b, "~");
			continue;
		}
		/* A kept value ends in NUL, as a fetched one does. */
		if (r->val[i][r->len[i]] != '\0')
			return DB_ERROR;
		buf_append(b, r->val[i], r->len[i]);
	}
	buf_puts(b, ";");
	return DB_OK;
}

static struct db_row
row3(const char *a, const char *b, const char *c)
{
	struct db_row r = { .ncols = 3, .val = { a, b, c } };
	size_t i;

	for (i = 0; i < r.ncols; i++)
		r.len[i] = r.val[i] ? strlen(r.val[i]) : 0;
	return r;
}

static int
stop_at_first(void *ud, const struct db_row *r)
{
	(void)r;
	++*(int *)ud;
	return DB_NOTFOUND;
}

static void
test_round_trip(void)
{
	struct db_rows k;
	struct db_row r1 = row3("t", "1", "een"), r2 = row3("t", NULL, ""), r3;
	struct buf b;
	int calls = 0;

	db_rows_init(&k);
	buf_init(&b);
	ok(db_rows_each(&k, seen, &b) == DB_OK && b.len == 0, "no rows: nothing handed on");
	ok(db_rows_add(&k, &r1, 1, 2), "the columns after a tag kept");
	ok(db_rows_add(&k, &r2, 1, 2), "a NULL and an empty value kept");
	r3 = row3("t", "x", "y");
	r3.ncols = 2;
	ok(!db_rows_add(&k, &r3, 1, 2), "a row narrower than asked: refused");
	ok(!db_rows_add(&k, &r1, 0, 3), "a width other than the rows before: refused");
	is_int(k.nrows, 2, "two rows kept");
	ok(db_rows_each(&k, seen, &b) == DB_OK, "handed on");
	buf_append(&b, "", 1);	/* a C string to compare */
	is_str(b.data, "1|een;~|;", "in order, NULL apart from empty");
	is_int(db_rows_each(&k, stop_at_first, &calls), DB_NOTFOUND, "a reader's status stops");
	is_int(calls, 1, "... at the row that gave it");
	buf_free(&b);
	db_rows_free(&k);
}

int
main(void)
{
	test_round_trip();
	return tap_done();
}
