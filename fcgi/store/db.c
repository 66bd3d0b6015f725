/* db.c -- see db.h. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <mysql.h>
#include <errmsg.h>
#include <mysqld_error.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "base/log.h"
#include "store/db.h"
#include "store/db_class.h"
#include "store/db_impl.h"
#include "base/util.h"

#ifdef GESPREK_FAULT_INJECTION
#include <sys/socket.h>

#include "store/db_fault.h"
#endif

/* A prepared statement with its result buffers, kept for the life of the
 * connection: a query reuses them instead of asking for the result's
 * metadata and allocating buffers each time.  Every column is fetched as
 * text into a buffer that grows when a value does not fit. */
struct stmt {
	MYSQL_STMT *s;
	unsigned ncols;
	/* No result columns at prepare: it writes (a write with RETURNING
	 * shows its columns only once it has run). */
	bool writes;
	MYSQL_BIND bind[DB_COLS_MAX];
	char *buf[DB_COLS_MAX];
	unsigned long cap[DB_COLS_MAX];
	unsigned long len[DB_COLS_MAX];
	my_bool null[DB_COLS_MAX];
	my_bool trunc[DB_COLS_MAX];
};

/* Slots are handed out once per process; slot 0 means "not yet". */
static atomic_int next_slot = 1;

static int
stmt_slot(struct db_stmt_def *def)
{
	int slot = atomic_load_explicit(&def->slot, memory_order_acquire);
	int fresh, expected = 0;

	if (slot != 0)
		return slot;
	fresh = atomic_fetch_add(&next_slot, 1);
	if (fresh >= DB_STMT_MAX) {
		log_err("db: more than %d distinct statements", DB_STMT_MAX);
		return -1;
	}
	/* Another thread may have won the race: use its slot, waste ours. */
	if (!atomic_compare_exchange_strong(&def->slot, &expected, fresh))
		return expected;
	return fresh;
}

int64_t
db_int(const struct db_row *r, size_t i)
{
	if (db_isnull(r, i))
		return 0;
	return strtoll(r->val[i], NULL, 10);
}

bool
db_library_init(void)
{
	return mysql_library_init(0, NULL, NULL) == 0;
}

void
db_thread_end(void)
{
	mysql_thread_end();
}

struct db *
db_new(const struct conf *c, bool multi)
{
	struct db *db = calloc(1, sizeof(*db));

	if (db) {
		db->conf = c;
		db->multi = multi;
		db->host = -1;
		db->avoid = -1;
	}
	return db;
}

void
db_set_batch(struct db *db)
{
	db->batch = true;
}

static void
stmt_free(struct stmt *st)
{
	unsigned i;

	if (st == NULL)
		return;
	if (st->s)
		mysql_stmt_close(st->s);
	for (i = 0; i < st->ncols; i++)
		free(st->buf[i]);
	free(st);
}

void
db_disconnect(struct db *db)
{
	size_t i;

	for (i = 0; i < DB_STMT_MAX; i++) {
		stmt_free(db->stmts[i]);
		db->stmts[i] = NULL;
	}
	if (db->my)
		mysql_close(db->my);
	db->my = NULL;
	/* in_tx stays as it is: only db_tx opens and ends a transaction, and
	 * a transaction whose connection is gone must stay failed, not turn
	 * into autocommit (tx_failed, set by the caller). */
}

void
db_free(struct db *db)
{
	if (db == NULL)
		return;
	db_prefetch_end(db);
	db_disconnect(db);
	free(db);
}

const char *
db_error(struct db *db)
{
	return db->err;
}

/* Result buffers start this small; a longer value makes its own grow. */
#define DB_COL_INITIAL 64

/* Binds every result column of st as text into its buffer. */
static bool
stmt_bind_result(struct stmt *st)
{
	unsigned i;

	for (i = 0; i < st->ncols; i++) {
		MYSQL_BIND *b = &st->bind[i];

		memset(b, 0, sizeof(*b));
		b->buffer_type = MYSQL_TYPE_STRING;
		b->buffer = st->buf[i];
		/* One byte stays free for the terminating NUL. */
		b->buffer_length = st->cap[i] - 1;
		b->length = &st->len[i];
		b->is_null = &st->null[i];
		b->error = &st->trunc[i];
	}
	return st->ncols == 0 || mysql_stmt_bind_result(st->s, st->bind) == 0;
}

/* The buffers of st's result columns, as many as MariaDB says it has
 * now; false when there are too many or no memory (st->ncols counts the
 * buffers made, which stmt_free frees). */
static bool
stmt_columns(struct db *db, struct stmt *st)
{
	unsigned n = mysql_stmt_field_count(st->s);

	if (n > DB_COLS_MAX) {
		snprintf(db->err, sizeof(db->err), "too many columns");
		return false;
	}
	for (st->ncols = 0; st->ncols < n; st->ncols++) {
		st->cap[st->ncols] = DB_COL_INITIAL;
		if ((st->buf[st->ncols] = malloc(DB_COL_INITIAL)) == NULL) {
			snprintf(db->err, sizeof(db->err), "out of memory for a column");
			return false;
		}
	}
	return true;
}

static struct stmt *
stmt_new(struct db *db, struct db_stmt_def *def, int *status)
{
	struct stmt *st = calloc(1, sizeof(*st));

	*status = DB_ERROR;
	if (st == NULL || (st->s = mysql_stmt_init(db->my)) == NULL)
		goto fail;
	if (mysql_stmt_prepare(st->s, def->sql, (unsigned long)strlen(def->sql)) != 0) {
		*status = db_classify(db, mysql_stmt_errno(st->s), mysql_stmt_error(st->s));
		if (*status == DB_ERROR)
			log_err("db: prepare failed: %s in: %s", db->err, def->sql);
		goto fail;
	}
	if (!stmt_columns(db, st))
		goto fail;
	st->writes = st->ncols == 0;
	return st;
fail:
	stmt_free(st);
	return NULL;
}

static struct stmt *
prepare(struct db *db, struct db_stmt_def *def, int *status)
{
	int slot = stmt_slot(def);

	if (slot < 0) {
		*status = DB_ERROR;
		return NULL;
	}
	if (db->stmts[slot] == NULL)
		db->stmts[slot] = stmt_new(db, def, status);
	return db->stmts[slot];
}

static int
bind_args(struct db *db, MYSQL_STMT *s, const struct db_arg *args, size_t nargs)
{
	MYSQL_BIND b[DB_ARGS_MAX];
	size_t i;

	if (nargs > DB_ARGS_MAX || mysql_stmt_param_count(s) != nargs) {
		snprintf(db->err, sizeof(db->err), "statement wants %lu arguments, got %zu",
		    mysql_stmt_param_count(s), nargs);
		return DB_ERROR;
	}
	if (nargs == 0)
		return DB_OK;
	memset(b, 0, sizeof(b));
	for (i = 0; i < nargs; i++) {
		switch (args[i].type) {
		case DB_ARG_NULL:
			b[i].buffer_type = MYSQL_TYPE_NULL;
			break;
		case DB_ARG_INT:
			b[i].buffer_type = MYSQL_TYPE_LONGLONG;
			b[i].buffer = (void *)(uintptr_t)&args[i].i;
			break;
		case DB_ARG_STR:
			b[i].buffer_type = MYSQL_TYPE_STRING;
			b[i].buffer = (void *)(uintptr_t)args[i].s;
			b[i].buffer_length = (unsigned long)args[i].len;
			break;
		}
	}
	if (mysql_stmt_bind_param(s, b) != 0)
		return db_classify(db, mysql_stmt_errno(s), mysql_stmt_error(s));
	return DB_OK;
}

/* Fetches the columns of the current row that did not fit, after growing
 * their buffers; the bigger buffers serve the rows after it too. */
static int
fetch_truncated(struct db *db, struct stmt *st)
{
	unsigned i;
	char *p;

	for (i = 0; i < st->ncols; i++) {
		if (!st->trunc[i] || st->null[i])
			continue;
		if (st->len[i] >= ULONG_MAX - 1 ||
		    (p = realloc(st->buf[i], st->len[i] + 1)) == NULL) {
			snprintf(db->err, sizeof(db->err), "out of memory for a column");
			return DB_ERROR;
		}
		st->buf[i] = p;
		st->cap[i] = st->len[i] + 1;
		st->bind[i].buffer = p;
		st->bind[i].buffer_length = st->cap[i] - 1;
		if (mysql_stmt_fetch_column(st->s, &st->bind[i], i, 0) != 0)
			return db_classify(db, mysql_stmt_errno(st->s), mysql_stmt_error(st->s));
		st->trunc[i] = 0;
	}
	return mysql_stmt_bind_result(st->s, st->bind) == 0 ? DB_OK :
	    db_classify(db, mysql_stmt_errno(st->s), mysql_stmt_error(st->s));
}

/* The transcript records a number as eight bytes, a value as its length
 * (or a mark for NULL) and its bytes: enough to tell two runs apart. */
#define TRANSCRIPT_NULL UINT64_MAX

static void
transcript_num(struct db *db, uint64_t v)
{
	if (db->transcript)
		buf_append(db->transcript, &v, sizeof(v));
}

static void
transcript_value(struct db *db, const char *p, size_t len, bool null)
{
	transcript_num(db, null ? TRANSCRIPT_NULL : (uint64_t)len);
	if (db->transcript && !null)
		buf_append(db->transcript, p, len);
}

/* Fetches every row of an executed statement as text. */
static int
fetch_rows(struct db *db, struct stmt *st, db_row_fn fn, void *ud)
{
	struct db_row row;
	unsigned i;
	int status = DB_OK, rc;

	if (st->ncols == 0)
		return DB_OK;
	if (mysql_stmt_store_result(st->s) != 0 || !stmt_bind_result(st)) {
		status = db_classify(db, mysql_stmt_errno(st->s), mysql_stmt_error(st->s));
		goto out;
	}
	row.ncols = st->ncols;
	while ((rc = mysql_stmt_fetch(st->s)) == 0 || rc == MYSQL_DATA_TRUNCATED) {
		if (rc == MYSQL_DATA_TRUNCATED && (status = fetch_truncated(db, st)) != DB_OK)
			break;
		for (i = 0; i < st->ncols; i++) {
			row.len[i] = st->null[i] ? 0 : st->len[i];
			row.val[i] = st->null[i] ? NULL : st->buf[i];
			if (!st->null[i])
				st->buf[i][st->len[i]] = '\0';
			transcript_value(db, row.val[i], row.len[i], st->null[i]);
		}
		db->rows_seen++;
		if (fn && (status = fn(ud, &row)) != DB_OK)
			break;
	}
	if (rc == 1)
		status = db_classify(db, mysql_stmt_errno(st->s), mysql_stmt_error(st->s));
out:
	mysql_stmt_free_result(st->s);
	return status;
}

/* Which statement ran with which arguments. */
static void
transcript_args(struct db *db, const struct db_stmt_def *def, const struct db_arg *args,
    size_t nargs)
{
	size_t i;

	if (db->transcript == NULL)
		return;
	transcript_num(db, (uint64_t)atomic_load(&def->slot));
	transcript_num(db, nargs);
	for (i = 0; i < nargs; i++) {
		if (args[i].type == DB_ARG_INT)
			transcript_num(db, (uint64_t)args[i].i);
		else
			transcript_value(db, args[i].s, args[i].len, args[i].type == DB_ARG_NULL);
	}
}

#ifdef GESPREK_FAULT_INJECTION
/* At the start of a try: which statement of it breaks, if any. */
static void
fault_arm(struct db *db)
{
	db->tx_stmts = 0;
	db->fault_at = db_fault_armed();
}

/* Before each statement of a transaction: break the connection if this
 * is the one.  shutdown() makes it as real as a network fault: the server
 * sees the connection end and rolls back, the client gets an error on its
 * next command. */
static void
fault_point(struct db *db)
{
	if (!db->in_tx || db->my == NULL || ++db->tx_stmts != db->fault_at)
		return;
	if (!db_fault_consume())
		return;		/* used up by another try meanwhile */
	log_warn("db: fault injection: breaking the connection before statement %u",
	    db->tx_stmts);
	shutdown(mysql_get_socket(db->my), SHUT_RDWR);
}

/* After a write outside a transaction has run (its autocommit done): lose
 * its answer, if the fault file says "lost_answer=1": the connection
 * breaks as in fault_point, and the caller hears of a lost connection
 * about a write that is in fact done, as when a Galera node dies after
 * replicating it. */
static bool
fault_answer(struct db *db, const struct stmt *s)
{
	if (db->in_tx || !s->writes || db->my == NULL || !db_fault_answer_consume())
		return false;
	log_warn("db: fault injection: losing the answer to a write outside a transaction");
	shutdown(mysql_get_socket(db->my), SHUT_RDWR);
	return true;
}
#else
static void fault_arm(struct db *db) { (void)db; }
static void fault_point(struct db *db) { (void)db; }
static bool fault_answer(struct db *db, const struct stmt *s) { (void)db; (void)s; return false; }
#endif

static int
run_once(struct db *db, struct db_stmt_def *def, const struct db_arg *args,
    size_t nargs, db_row_fn fn, void *ud, uint64_t *affected, int64_t *insert_id)
{
	struct stmt *s;
	int st = DB_OK;

	db->sent_write = false;
	if ((st = db_connect(db)) != DB_OK)
		return st;
	if ((s = prepare(db, def, &st)) == NULL)
		return st;
	if ((st = bind_args(db, s->s, args, nargs)) != DB_OK)
		return st;
	transcript_args(db, def, args, nargs);
	db->sent_write = s->writes;
	if (mysql_stmt_execute(s->s) != 0)
		return db_classify(db, mysql_stmt_errno(s->s), mysql_stmt_error(s->s));
	if (fault_answer(db, s))
		return db_classify(db, CR_SERVER_LOST, "Lost connection (fault injection)");
	/* A write with RETURNING: MariaDB tells its columns only once it has
	 * run (none at prepare), and they must be read before the next
	 * command. */
	if (s->ncols == 0 && mysql_stmt_field_count(s->s) > 0 && !stmt_columns(db, s)) {
		mysql_stmt_free_result(s->s);	/* its rows unread: discarded */
		return DB_ERROR;
	}
	if (affected)
		*affected = mysql_stmt_affected_rows(s->s);
	if (insert_id)
		*insert_id = (int64_t)mysql_stmt_insert_id(s->s);
	transcript_num(db, mysql_stmt_affected_rows(s->s));
	return fetch_rows(db, s, fn, ud);
}

/* The connection is gone, or its node cannot serve (Galera, not primary
 * or not synced): either way nothing of the open transaction is kept, and
 * another connection (to the next host) may serve.  Not merely an answer
 * the server refused. */
static bool
connection_lost(const struct db *db)
{
	enum db_err_kind k = db_err_kind(db->errnum);

	return db->my == NULL || k == DB_EK_GONE || k == DB_EK_NODE;
}

/* After a lost connection: whether rerunning the statement of this try
 * could do it twice.  Only a write that was sent, that is not idempotent,
 * and was not refused by a node that could not serve (1047), nor found
 * the connection dead before sending (2006). */
static bool
answer_maybe_done(const struct db *db, const struct db_stmt_def *def)
{
	return db->sent_write && !def->idempotent && db->errnum != ER_UNKNOWN_COM_ERROR &&
	    db->errnum != CR_SERVER_GONE_ERROR;
}

/* Leaves a lost or unusable connection; its host is tried last next time. */
static void
drop(struct db *db)
{
	if (db->host >= 0)
		db->avoid = db->host;
	db->host = -1;
	db_disconnect(db);
}

/* A rerun after a deadlock or a certification failure waits a little,
 * longer each time and with jitter: two transactions that collided once
 * would collide again if both reran at the same instant. */
#define DB_RETRY_BACKOFF_NS 2000000L

static void
backoff(int tries)
{
	struct timespec now, pause = { 0, 0 };

	clock_gettime(CLOCK_MONOTONIC, &now);
	pause.tv_nsec = DB_RETRY_BACKOFF_NS * tries + now.tv_nsec % DB_RETRY_BACKOFF_NS;
	nanosleep(&pause, NULL);
}

static int
run_try(struct db *db, struct db_stmt_def *def, const struct db_arg *args,
    size_t nargs, db_row_fn fn, void *ud, uint64_t *affected, int64_t *insert_id)
{
	int st;

	if (db->in_tx && db->tx_failed) {
		/* The transaction this statement belongs to is gone: running it
		 * on a new connection would commit it alone (autocommit). */
		snprintf(db->err, sizeof(db->err), "not run: the transaction's connection was lost");
		st = DB_UNAVAILABLE;
		goto done;
	}
	fault_point(db);
	st = run_once(db, def, args, nargs, fn, ud, affected, insert_id);
	if (st != DB_UNAVAILABLE || !connection_lost(db))
		goto done;
	/* The server went away.  Inside a transaction it has rolled back all
	 * of it: mark the transaction failed before anything else touches the
	 * connection, so that db_tx reruns it whole.  Outside one, a fresh
	 * connection (to the next host, if the list has several) may serve
	 * this statement. */
	drop(db);
	if (db->in_tx) {
		db->tx_failed = true;
		goto done;
	}
	/* A write outside a transaction commits by itself: if it reached the
	 * server and the answer was lost, it may have been done (on Galera, a
	 * node killed after replicating it: the others keep it), and a rerun
	 * would do it twice (the same session token: a duplicate key; an
	 * audit row: twice).  As with a lost COMMIT, 503 and no rerun.  A
	 * node that refused the statement (1047) did nothing. */
	if (answer_maybe_done(db, def)) {
		log_err("db: the answer to a write outside a transaction was lost (%s): it "
		    "may or may not be done; not rerun, in: %.120s", db->err, def->sql);
		goto done;
	}
	st = run_once(db, def, args, nargs, fn, ud, affected, insert_id);
	if (st == DB_UNAVAILABLE && connection_lost(db))
		drop(db);
done:
	if (st == DB_ERROR && db_rolled_back_behind(db)) {
		log_warn("db: %s, but the transaction was rolled back (a Galera brute-force "
		    "abort): rerun, in: %.120s", db->err, def->sql);
		st = DB_RETRY;
	}
	if (st == DB_ERROR)
		log_err("db: %s in: %.120s", db->err, def->sql);
	transcript_num(db, (uint64_t)st);
	return st;
}

/* A statement or transaction that kept meeting deadlocks or certification
 * failures (DB_TX_TRIES times): done nothing, and the contention is not
 * the user's fault nor a bug: 503 ("try again"), said in the log, rather
 * than a silent 500. */
static int
busy(struct db *db, const char *what)
{
	log_warn("db: %s given up after %d tries, the last: %s", what, DB_TX_TRIES, db->err);
	return DB_UNAVAILABLE;
}

/* A statement outside a transaction (autocommit) that hit a deadlock or a
 * Galera certification failure had no effect at all: it is run again, as
 * db_tx reruns a transaction, instead of handing DB_RETRY to a caller that
 * has no transaction to rerun (two gesprekd making the server secret at
 * once on two nodes: one INSERT IGNORE loses at certification).  So is a
 * read that failed so before its first row: the session read's causality
 * wait on a node that is leaving the primary component (its rerun there
 * meets 1047 and moves to the next host). */
static int
run(struct db *db, struct db_stmt_def *def, const struct db_arg *args,
    size_t nargs, db_row_fn fn, void *ud, uint64_t *affected, int64_t *insert_id)
{
	int tries = 0, st;

	for (;;) {
		db->rows_seen = 0;
		st = run_try(db, def, args, nargs, fn, ud, affected, insert_id);
		/* Not once fn has rows: it would see them twice. */
		if (st != DB_RETRY || db->in_tx || db->rows_seen > 0)
			return st;
		if (++tries >= DB_TX_TRIES)
			return busy(db, "statement");
		log_warn("db: statement rerun after: %s", db->err);
		backoff(tries);
	}
}

void
db_transcript_args(struct db *db, struct db_stmt_def *def, const struct db_arg *args,
    size_t nargs)
{
	if (db->transcript == NULL)
		return;
	(void)stmt_slot(def);	/* a statement known only from a prefetch */
	transcript_args(db, def, args, nargs);
}

void
db_transcript_row(struct db *db, const struct db_row *row)
{
	size_t i;

	for (i = 0; db->transcript && i < row->ncols; i++)
		transcript_value(db, row->val[i], row->len[i], row->val[i] == NULL);
}

void
db_transcript_status(struct db *db, int status)
{
	transcript_num(db, (uint64_t)status);
}

int
db_query(struct db *db, struct db_stmt_def *def, const struct db_arg *args,
    size_t nargs, db_row_fn fn, void *ud)
{
	int st;

	if (db->prefetch && !db->in_tx && db_prefetch_take(db, def, args, nargs, fn, ud, &st))
		return st;
	return run(db, def, args, nargs, fn, ud, NULL, NULL);
}


int
db_row_by_tag(void *ud, const struct db_row *r)
{
	const struct tagged *t = ud;
	struct db_row rest;
	size_t i;

	if (r->ncols == 0 || r->len[0] != 1 || r->val[0] == NULL)
		return DB_ERROR;
	for (i = 0; i < t->ntags; i++) {
		if (t->tags[i].tag != r->val[0][0])
			continue;
		rest.ncols = r->ncols - 1;
		memcpy(rest.val, r->val + 1, rest.ncols * sizeof(rest.val[0]));
		memcpy(rest.len, r->len + 1, rest.ncols * sizeof(rest.len[0]));
		return t->tags[i].fn(t->tags[i].ud, &rest);
	}
	return DB_ERROR;
}

int
db_query_tagged(struct db *db, struct db_stmt_def *def, const struct db_arg *args,
    size_t nargs, const struct db_tag *tags, size_t ntags)
{
	struct tagged t = { tags, ntags };

	return db_query(db, def, args, nargs, db_row_by_tag, &t);
}

int
db_exec(struct db *db, struct db_stmt_def *def, const struct db_arg *args,
    size_t nargs, uint64_t *affected, int64_t *insert_id)
{
	/* A write makes what was prefetched stale. */
	db_prefetch_end(db);
	return run(db, def, args, nargs, NULL, NULL, affected, insert_id);
}

static int
simple(struct db *db, const char *sql)
{
	if (db->my == NULL) {
		snprintf(db->err, sizeof(db->err), "not connected");
		return DB_UNAVAILABLE;
	}
	if (mysql_real_query(db->my, sql, (unsigned long)strlen(sql)) != 0)
		return db_classify(db, mysql_errno(db->my), mysql_error(db->my));
	return DB_OK;
}

/* COMMIT, counted as a statement of the transaction.
 *
 * A connection lost at COMMIT is two different cases.  If the command could
 * not even be sent (CR_SERVER_GONE_ERROR: the client found the connection
 * dead before writing), the server never saw it and has rolled back: the
 * transaction failed like any other statement and is rerun whole.  If it
 * was sent and the answer was lost (CR_SERVER_LOST and the like), the
 * server may have committed or not, and nobody can tell us which.  Then
 * there is no rerun: the writes that are conditional or versioned (state
 * checks, `version = ?`) would answer a conflict on a rerun, but inserts
 * (a remark, a new item, an audit row) would be saved twice.  The answer
 * is DB_UNAVAILABLE (503, "try again"), and the user who reloads the page
 * sees whether it was saved. */
static int
commit(struct db *db)
{
	int st;

	fault_point(db);
	if ((st = simple(db, "COMMIT")) == DB_OK || !connection_lost(db))
		return st;
	if (db->errnum == CR_SERVER_GONE_ERROR) {
		db->tx_failed = true;
	} else {
		/* A Galera node that leaves the primary component while it
		 * commits (1047, 1180) is the same case as a lost answer: its
		 * write set may have reached the others, who commit it. */
		log_err("db: the answer to COMMIT was lost (%s): the transaction may or "
		    "may not be saved; not rerun", db->err);
	}
	drop(db);
	return DB_UNAVAILABLE;
}

/* One try of db_tx; *lost says the connection went away, so that the
 * server has rolled back everything and the try may be rerun whole. */
static int
tx_try(struct db *db, db_tx_fn fn, void *ud, bool *lost)
{
	int st;

	*lost = false;
	if ((st = db_connect(db)) != DB_OK)
		return st;
	if ((st = simple(db, "START TRANSACTION")) != DB_OK) {
		/* A stale connection (the server restarted since its last use). */
		if ((*lost = connection_lost(db)))
			drop(db);
		return st;
	}
	db->in_tx = true;
	db->tx_failed = false;
	fault_arm(db);
	st = fn(db, ud);
	/* A lost connection fails the transaction whatever fn made of the
	 * statement that saw it (a caller may map it to another status). */
	if (db->tx_failed)
		st = DB_UNAVAILABLE;
	else if (st == DB_OK)
		st = commit(db);
	if (st != DB_OK && db->my)
		simple(db, "ROLLBACK");	/* harmless after 1213's own rollback */
	*lost = db->tx_failed;
	db->in_tx = false;
	db->tx_failed = false;
	return st;
}

int
db_tx(struct db *db, db_tx_fn fn, void *ud)
{
	int retries = 0, losses = 0, st;
	bool lost;

	db_prefetch_end(db);	/* a write makes what was prefetched stale */
	for (;;) {
		st = tx_try(db, fn, ud, &lost);
		if (lost && ++losses < DB_TX_LOST_TRIES) {
			log_warn("db: transaction rerun after a lost connection: %s", db->err);
			continue;
		}
		if (lost)
			return DB_UNAVAILABLE;
		if (st != DB_RETRY)
			return st;
		if (++retries >= DB_TX_TRIES)
			return busy(db, "transaction");
		log_warn("db: transaction retried after: %s", db->err);
		backoff(retries);
	}
}

int
db_script(struct db *db, const char *sql, size_t len, char *err, size_t errlen)
{
	int st, more;

	if ((st = db_connect(db)) != DB_OK) {
		snprintf(err, errlen, "%s", db->err);
		return st;
	}
	if (mysql_real_query(db->my, sql, (unsigned long)len) != 0)
		goto fail;
	do {
		MYSQL_RES *res = mysql_store_result(db->my);

		if (res)
			mysql_free_result(res);
		else if (mysql_field_count(db->my) != 0)
			goto fail;
		if ((more = mysql_next_result(db->my)) > 0)
			goto fail;
	} while (more == 0);
	return DB_OK;
fail:
	st = db_classify(db, mysql_errno(db->my), mysql_error(db->my));
	snprintf(err, errlen, "%s", db->err);
	return st;
}

void
db_transcript_begin(struct db *db, struct buf *into)
{
	db->transcript = into;
}

void
db_transcript_end(struct db *db)
{
	db->transcript = NULL;
}

void
db_like_pattern(const char *text, char *out, size_t size)
{
	size_t o = 0;

	out[o++] = '%';
	for (; *text && o + 3 < size; text++) {
		if (*text == '%' || *text == '_' || *text == '\\')
			out[o++] = '\\';
		out[o++] = *text;
	}
	out[o++] = '%';
	out[o] = '\0';
}
