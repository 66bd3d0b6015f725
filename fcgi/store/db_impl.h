/* db_impl.h -- the connection handle as store/db.c (statements,
 * transactions) and store/db_node.c (connecting, error meanings, Galera)
 * share it.  Private to those two files: the rest of the store sees the
 * opaque struct db of store/db.h. */
#ifndef GESPREK_DB_IMPL_H
#define GESPREK_DB_IMPL_H

#include <mysql.h>
#include <stdbool.h>

#include "store/db.h"

struct stmt;

struct db {
	const struct conf *conf;
	MYSQL *my;
	bool multi;
	/* db_set_batch: gesprekctl's batch work, with DB_BATCH_IO_TIMEOUT_S
	 * and the server's lock wait (db.h). */
	bool batch;
	bool in_tx;
	/* The connection was lost inside the open transaction: the server has
	 * rolled it back, so no later statement of it may run (on a new
	 * connection it would run in autocommit, and half the work would be
	 * committed).  db_tx clears it when the try ends. */
	bool tx_failed;
	unsigned errnum;		/* MariaDB's number of the last error */
	/* Index in conf->db_hosts of the server connected to (-1: none or the
	 * socket), and of the one that failed us last, tried last next time. */
	int host, avoid;
	bool cluster;			/* connected to a Galera node (wsrep_on) */
	unsigned rows_seen;		/* rows handed to fn by this try of a statement */
	/* This try of a statement reached the server (execute sent), and the
	 * statement writes (no result columns at prepare): if its answer is
	 * lost, it may have been done. */
	bool sent_write;
#ifdef GESPREK_FAULT_INJECTION
	unsigned fault_at;		/* break before this statement of the try; 0: never */
	unsigned tx_stmts;		/* statements of this try so far */
#endif
	struct stmt *stmts[DB_STMT_MAX];
	struct buf *transcript;		/* db_transcript_begin: what was read */
	struct db_prefetch *prefetch;	/* db_prefetch: rows kept for readers */
	char err[256];
};

/* Maps a MariaDB error number to a status, remembering number and text. */
int db_classify(struct db *db, unsigned e, const char *msg);
/* Closes the connection and its statements (db.c). */
void db_disconnect(struct db *db);
/* After a plain error inside a transaction on a Galera node: true if the
 * transaction was rolled back under us (a brute-force abort). */
bool db_rolled_back_behind(struct db *db);

/* The transcript of a statement answered from kept rows (db_rows.c), as
 * db.c writes it for one that ran: which and with what, its rows, its
 * status. */
void db_transcript_args(struct db *db, struct db_stmt_def *def, const struct db_arg *args,
    size_t nargs);
void db_transcript_row(struct db *db, const struct db_row *row);
void db_transcript_status(struct db *db, int status);
/* The rows db_prefetch kept for exactly this statement and these
 * arguments, handed to fn once: true (and *status); false when none. */
bool db_prefetch_take(struct db *db, struct db_stmt_def *def, const struct db_arg *args,
    size_t nargs, db_row_fn fn, void *ud, int *status);

#endif
