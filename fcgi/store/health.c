/* health.c -- see health.h.  A prepared SELECT 1 on the worker's own
 * connection: it proves the server answers statements, not just that a
 * socket is open, and costs MariaDB nothing. */
#include "config.h"

#include <stdbool.h>

#include "store/db.h"
#include "store/health.h"

static struct db_stmt_def q_ping = DB_STMT("SELECT 1");

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
