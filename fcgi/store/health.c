/* health.c -- see health.h.  A prepared SELECT 1 on the worker's own
 * connection: it proves the server answers statements, not just that a
 * socket is open, and costs MariaDB nothing. */
#include "config.h"

#include <stdbool.h>

#include "store/db.h"
#include "store/health.h"

static struct db_stmt_def q_ping = DB_STMT("SELECT 1");
/* CURRENT_USER(): the account the server matched (user@host as granted),
 * not the name the client gave. */
static struct db_stmt_def q_grants = DB_STMT("SHOW GRANTS FOR CURRENT_USER()");

static int
ping_row(void *ud, const struct db_row *r)
{
	bool *seen = ud;

	*seen = db_int(r, 0) == 1;
	return DB_OK;
}

int
store_ping(struct db *db)
{
	bool seen = false;
	int st = db_query(db, &q_ping, DB_NOARGS, ping_row, &seen);

	if (st != DB_OK)
		return st;
	return seen ? DB_OK : DB_ERROR;
}

struct grant_walk {
	grant_fn fn;
	void *ud;
};

static int
grant_row(void *ud, const struct db_row *r)
{
	struct grant_walk *w = ud;

	return w->fn(w->ud, db_str(r, 0), r->len[0]);
}

int
store_grants(struct db *db, grant_fn fn, void *ud)
{
	struct grant_walk w = { fn, ud };

	return db_query(db, &q_grants, DB_NOARGS, grant_row, &w);
}
