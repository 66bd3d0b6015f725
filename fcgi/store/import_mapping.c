/* import_mapping.c -- the column mapping HR chose for its exports (table
 * import_mapping, migration 056): one row per field of ours that is
 * mapped, holding the header of the export's column.  Saving replaces the
 * whole mapping in one transaction, audited. */
#include "config.h"

#include <string.h>

#include "store/audit.h"
#include "store/db.h"
#include "store/organisation.h"
#include "base/util.h"

static struct db_stmt_def q_mapping = DB_STMT(
	"SELECT field, header FROM import_mapping ORDER BY field");
static struct db_stmt_def q_clear = DB_STMT(
	"DELETE FROM import_mapping");
static struct db_stmt_def q_add = DB_STMT(
	"INSERT INTO import_mapping (field, header) VALUES (?, ?)");

struct each_cb {
	import_mapping_fn fn;
	void *ud;
};

static int
mapping_row(void *ud, const struct db_row *r)
{
	struct each_cb *cb = ud;

	return cb->fn(cb->ud, db_str(r, 0), db_str(r, 1));
}

int
import_mapping_each(struct db *db, import_mapping_fn fn, void *ud)
{
	struct each_cb cb = { fn, ud };

	return db_query(db, &q_mapping, DB_NOARGS, mapping_row, &cb);
}

struct save_tx {
	const char *const *fields, *const *headers;
	size_t n;
	int64_t actor;
};

static int
save_tx(struct db *db, void *ud)
{
	struct save_tx *t = ud;
	struct buf b;
	size_t i;
	int st;

	if ((st = db_exec(db, &q_clear, DB_NOARGS, NULL, NULL)) != DB_OK)
		return st;
	buf_init(&b);
	buf_puts(&b, "mapping: ");
	for (i = 0; i < t->n; i++) {
		if (t->headers[i][0] == '\0')
			continue;
		st = db_exec(db, &q_add, DB_ARGS(DB_STR(t->fields[i]), DB_STR(t->headers[i])),
		    NULL, NULL);
		if (st != DB_OK)
			break;
		audit_value(&b, t->fields[i], t->headers[i]);
	}
	if (st == DB_OK)
		st = b.failed ? DB_ERROR : audit_add(db, t->actor, "organisation", 0, "mapping", b.data);
	buf_free(&b);
	return st;
}

int
import_mapping_save(struct db *db, int64_t actor, const char *const *fields,
    const char *const *headers, size_t n)
{
	struct save_tx t = { fields, headers, n, actor };

	return db_tx(db, save_tx, &t);
}
