/* directory_sync.c -- see directory_sync.h: the SQL of the sync results. */
#include "config.h"

#include <string.h>

#include "base/util.h"
#include "store/db.h"
#include "store/directory_sync.h"

static const char *const outcomes[] = {
	[SYNC_APPLIED] = "applied", [SYNC_REFUSED] = "refused", [SYNC_FAILED] = "failed",
};

static struct db_stmt_def q_add = DB_STMT(
	"INSERT INTO directory_sync (started_at, finished_at, outcome, entries, pages, added,"
	" changed, deactivated, departments, error)"
	" VALUES (FROM_UNIXTIME(?), UTC_TIMESTAMP(), ?, ?, ?, ?, ?, ?, ?, ?)");
/* The oldest row kept; the DELETE cannot read its own table in a subquery. */
static struct db_stmt_def q_oldest_kept = DB_STMT(
	"SELECT id FROM directory_sync ORDER BY id DESC LIMIT 1 OFFSET ?");
static struct db_stmt_def q_drop_older = DB_STMT(
	"DELETE FROM directory_sync WHERE id < ?");
static struct db_stmt_def q_last = DB_STMT(
	"SELECT DATE_FORMAT(started_at, '%Y-%m-%d %H:%i:%s'),"
	" DATE_FORMAT(finished_at, '%Y-%m-%d %H:%i:%s'), outcome, entries, pages, added,"
	" changed, deactivated, departments, error"
	" FROM directory_sync ORDER BY id DESC LIMIT 1");

struct record_tx {
	const struct sync_result *r;
	char error[SYNC_ERROR_BYTES];
};

static int
id_row(void *ud, const struct db_row *row)
{
	*(int64_t *)ud = db_int(row, 0);
	return DB_OK;
}

static int
record_tx(struct db *db, void *ud)
{
	const struct record_tx *t = ud;
	const struct sync_result *r = t->r;
	int64_t oldest = 0;
	int st;

	st = db_exec(db, &q_add, DB_ARGS(DB_INT(r->started), DB_STR(outcomes[r->outcome]),
	    DB_INT((int64_t)r->entries), DB_INT((int64_t)r->pages), DB_INT((int64_t)r->added),
	    DB_INT((int64_t)r->changed), DB_INT((int64_t)r->deactivated),
	    DB_INT((int64_t)r->departments), DB_STR(t->error)), NULL, NULL);
	if (st != DB_OK)
		return st;
	st = db_query(db, &q_oldest_kept, DB_ARGS(DB_INT(SYNC_HISTORY_MAX - 1)), id_row, &oldest);
	if (st != DB_OK || oldest == 0)
		return st;
	return db_exec(db, &q_drop_older, DB_ARGS(DB_INT(oldest)), NULL, NULL);
}

int
directory_sync_record(struct db *db, const struct sync_result *r)
{
	struct record_tx t = { .r = r };

	/* Cut on a character, never inside one: the column counts characters. */
	utf8_copy(t.error, sizeof(t.error), r->error ? r->error : "", SYNC_ERROR_CHARS);
	return db_tx(db, record_tx, &t);
}

static int
last_row(void *ud, const struct db_row *row)
{
	struct sync_last *l = ud;

	l->found = true;
	strlcopy(l->started_at, db_str(row, 0), sizeof(l->started_at));
	strlcopy(l->finished_at, db_str(row, 1), sizeof(l->finished_at));
	strlcopy(l->outcome, db_str(row, 2), sizeof(l->outcome));
	l->entries = db_int(row, 3);
	l->pages = db_int(row, 4);
	l->added = db_int(row, 5);
	l->changed = db_int(row, 6);
	l->deactivated = db_int(row, 7);
	l->departments = db_int(row, 8);
	strlcopy(l->error, db_str(row, 9), sizeof(l->error));
	return DB_OK;
}

int
directory_sync_last(struct db *db, struct sync_last *out)
{
	memset(out, 0, sizeof(*out));
	return db_query(db, &q_last, DB_NOARGS, last_row, out);
}
