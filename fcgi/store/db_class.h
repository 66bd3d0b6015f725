/* db_class.h -- what a MariaDB error number means to a transaction.  Pure
 * (error numbers in, a kind out), so tests/unit/test_db_class.c checks
 * the table without a server; store/db.c acts on the kind. */
#ifndef GESPREK_DB_CLASS_H
#define GESPREK_DB_CLASS_H

enum db_err_kind {
	DB_EK_OTHER,		/* a bug or bad data: 500, logged */
	DB_EK_DUPLICATE,	/* unique key taken */
	/* The server rolled back (deadlock, a Galera certification failure,
	 * which also reads 1213) or we must (lock wait timeout): rerun the
	 * whole transaction on the same connection. */
	DB_EK_RETRY,
	/* This node cannot serve now but another may: a Galera node outside
	 * the primary component or still joining (1047), a write it could not
	 * replicate (1180).  Before COMMIT nothing was written: rerun the whole
	 * transaction on the next host of the list (at COMMIT the others may
	 * have the write set: store/db.c answers 503 then, no rerun). */
	DB_EK_NODE,
	DB_EK_GONE,		/* the connection is lost: rerun on a new one */
	/* The server is up but cannot take this now (read-only, disk full,
	 * out of connections): 503, the user tries again later. */
	DB_EK_REFUSAL,
};

enum db_err_kind db_err_kind(unsigned errnum);

#endif
