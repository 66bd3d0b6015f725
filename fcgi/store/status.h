/* status.h -- what every store function returns, and the connection as
 * the layers above the store see it: a handle they pass on, never open.
 * Split from db.h so that a page can test DB_OK without seeing how the
 * store talks to MariaDB (DESIGN §3: no page includes store/db.h). */
#ifndef GESPREK_STORE_STATUS_H
#define GESPREK_STORE_STATUS_H

/* Results of every store function. */
enum db_status {
	DB_OK = 0,
	DB_NOTFOUND,		/* no such row (or not yours: callers can't tell) */
	DB_DUPLICATE,		/* unique key taken */
	DB_CONFLICT,		/* optimistic lock: the row's version moved on */
	DB_RETRY,		/* deadlock or lock wait timeout: rerun the transaction */
	DB_UNAVAILABLE,		/* MariaDB unreachable, read-only or full: 503 */
	DB_ERROR,		/* anything else: 500, logged */
};

/* One worker's connection (store/db.c); opaque above the store. */
struct db;

#endif
