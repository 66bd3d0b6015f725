/* db.c -- see db.h. */
#include "config.h"

#include <errno.h>
#include <mysql.h>
#include <errmsg.h>
#include <mysqld_error.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "log.h"
#include "store/db.h"
#include "util.h"

struct db {
	const struct conf *conf;
	MYSQL *my;
	bool multi;
	bool in_tx;
	MYSQL_STMT *stmts[DB_STMT_MAX];
	char err[256];
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
	}
	return db;
}

static void
disconnect(struct db *db)
{
	size_t i;

	for (i = 0; i < DB_STMT_MAX; i++) {
		if (db->stmts[i])
			mysql_stmt_close(db->stmts[i]);
		db->stmts[i] = NULL;
	}
	if (db->my)
		mysql_close(db->my);
	db->my = NULL;
	db->in_tx = false;
}

void
db_free(struct db *db)
{
	if (db == NULL)
		return;
	disconnect(db);
	free(db);
}

const char *
db_error(struct db *db)
{
	return db->err;
}

static bool
is_gone(unsigned e)
{
	return e == CR_SERVER_GONE_ERROR || e == CR_SERVER_LOST ||
	    e == CR_CONNECTION_ERROR || e == CR_CONN_HOST_ERROR ||
	    e == CR_SERVER_LOST_EXTENDED || e == ER_CONNECTION_KILLED ||
	    e == ER_SERVER_SHUTDOWN || e == CR_COMMANDS_OUT_OF_SYNC;
}

/* Maps a MariaDB error number to a status, remembering the text. */
static int
classify(struct db *db, unsigned e, const char *msg)
{
	snprintf(db->err, sizeof(db->err), "%u: %s", e, msg ? msg : "");
	if (e == ER_DUP_ENTRY)
		return DB_DUPLICATE;
	if (e == ER_LOCK_DEADLOCK || e == ER_LOCK_WAIT_TIMEOUT)
		return DB_RETRY;
	if (is_gone(e))
		return DB_UNAVAILABLE;
	return DB_ERROR;
}

int
db_connect(struct db *db)
{
	const struct conf *c = db->conf;
	unsigned timeout = (unsigned)c->db_connect_timeout;
	unsigned long flags = CLIENT_FOUND_ROWS;
	const char *host = c->db_host[0] ? c->db_host : NULL;
	const char *sock = c->db_host[0] ? NULL : c->db_socket;
	my_bool off = 0;

	if (db->my)
		return DB_OK;
	if ((db->my = mysql_init(NULL)) == NULL)
		return DB_ERROR;
	/* utf8mb4 before connecting, so the handshake already uses it. */
	mysql_optionsv(db->my, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	mysql_optionsv(db->my, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
	mysql_optionsv(db->my, MYSQL_OPT_READ_TIMEOUT, &(unsigned){ 30 });
	mysql_optionsv(db->my, MYSQL_OPT_WRITE_TIMEOUT, &(unsigned){ 30 });
	/* Reconnecting is ours to do: a silent reconnect would lose prepared
	 * statements and an open transaction without telling us. */
	mysql_optionsv(db->my, MYSQL_OPT_RECONNECT, &off);
	mysql_optionsv(db->my, MYSQL_INIT_COMMAND,
	    "SET time_zone = '+00:00', sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,"
	    "NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'");
	if (db->multi)
		flags |= CLIENT_MULTI_STATEMENTS;
	if (!mysql_real_connect(db->my, host, c->db_user, c->db_password, c->db_name,
	    (unsigned)c->db_port, sock, flags)) {
		classify(db, mysql_errno(db->my), mysql_error(db->my));
		mysql_close(db->my);
		db->my = NULL;
		return DB_UNAVAILABLE;
	}
	return DB_OK;
}

static MYSQL_STMT *
prepare(struct db *db, struct db_stmt_def *def, int *st)
{
	int slot = stmt_slot(def);
	MYSQL_STMT *s;

	if (slot < 0) {
		*st = DB_ERROR;
		return NULL;
	}
	if (db->stmts[slot])
		return db->stmts[slot];
	if ((s = mysql_stmt_init(db->my)) == NULL) {
		*st = DB_ERROR;
		return NULL;
	}
	if (mysql_stmt_prepare(s, def->sql, (unsigned long)strlen(def->sql)) != 0) {
		*st = classify(db, mysql_stmt_errno(s), mysql_stmt_error(s));
		if (*st == DB_ERROR)
			log_err("db: prepare failed: %s in: %s", db->err, def->sql);
		mysql_stmt_close(s);
		return NULL;
	}
	db->stmts[slot] = s;
	return s;
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
		return classify(db, mysql_stmt_errno(s), mysql_stmt_error(s));
	return DB_OK;
}

/* Fetches every row of an executed statement as text. */
static int
fetch_rows(struct db *db, MYSQL_STMT *s, db_row_fn fn, void *ud)
{
	MYSQL_RES *meta = mysql_stmt_result_metadata(s);
	MYSQL_BIND b[DB_COLS_MAX];
	unsigned long lens[DB_COLS_MAX];
	my_bool nulls[DB_COLS_MAX];
	char *bufs[DB_COLS_MAX] = {0};
	struct db_row row;
	unsigned ncols, i;
	int st = DB_OK, rc;

	if (meta == NULL)
		return DB_OK;
	ncols = mysql_num_fields(meta);
	if (ncols > DB_COLS_MAX) {
		mysql_free_result(meta);
		snprintf(db->err, sizeof(db->err), "too many columns");
		return DB_ERROR;
	}
	if (mysql_stmt_store_result(s) != 0) {
		st = classify(db, mysql_stmt_errno(s), mysql_stmt_error(s));
		goto out;
	}
	memset(b, 0, sizeof(b));
	for (i = 0; i < ncols; i++) {
		MYSQL_FIELD *f = mysql_fetch_field_direct(meta, i);
		unsigned long cap = f->max_length + 1;

		/* max_length is 0 for columns that are NULL or empty everywhere,
		 * and for numbers it can be short of the text form. */
		if (cap < 32)
			cap = 32;
		if ((bufs[i] = malloc(cap)) == NULL) {
			st = DB_ERROR;
			goto out;
		}
		b[i].buffer_type = MYSQL_TYPE_STRING;
		b[i].buffer = bufs[i];
		b[i].buffer_length = cap;
		b[i].length = &lens[i];
		b[i].is_null = &nulls[i];
	}
	if (mysql_stmt_bind_result(s, b) != 0) {
		st = classify(db, mysql_stmt_errno(s), mysql_stmt_error(s));
		goto out;
	}
	row.ncols = ncols;
	while ((rc = mysql_stmt_fetch(s)) == 0) {
		for (i = 0; i < ncols; i++) {
			row.len[i] = nulls[i] ? 0 : lens[i];
			row.val[i] = nulls[i] ? NULL : bufs[i];
			if (!nulls[i])
				bufs[i][lens[i]] = '\0';
		}
		if (fn && (st = fn(ud, &row)) != DB_OK)
			break;
	}
	if (rc == 1)
		st = classify(db, mysql_stmt_errno(s), mysql_stmt_error(s));
	else if (rc == MYSQL_DATA_TRUNCATED) {
		snprintf(db->err, sizeof(db->err), "column truncated");
		st = DB_ERROR;
	}
out:
	mysql_stmt_free_result(s);
	mysql_free_result(meta);
	for (i = 0; i < DB_COLS_MAX; i++)
		free(bufs[i]);
	return st;
}

static int
run_once(struct db *db, struct db_stmt_def *def, const struct db_arg *args,
    size_t nargs, db_row_fn fn, void *ud, uint64_t *affected, int64_t *insert_id)
{
	MYSQL_STMT *s;
	my_bool update_max = 1;
	int st = DB_OK;

	if ((st = db_connect(db)) != DB_OK)
		return st;
	if ((s = prepare(db, def, &st)) == NULL)
		return st;
	if ((st = bind_args(db, s, args, nargs)) != DB_OK)
		return st;
	mysql_stmt_attr_set(s, STMT_ATTR_UPDATE_MAX_LENGTH, &update_max);
	if (mysql_stmt_execute(s) != 0)
		return classify(db, mysql_stmt_errno(s), mysql_stmt_error(s));
	if (affected)
		*affected = mysql_stmt_affected_rows(s);
	if (insert_id)
		*insert_id = (int64_t)mysql_stmt_insert_id(s);
	return fetch_rows(db, s, fn, ud);
}

static int
run(struct db *db, struct db_stmt_def *def, const struct db_arg *args,
    size_t nargs, db_row_fn fn, void *ud, uint64_t *affected, int64_t *insert_id)
{
	int st = run_once(db, def, args, nargs, fn, ud, affected, insert_id);

	if (st != DB_UNAVAILABLE)
		goto done;
	/* The server went away.  Inside a transaction the work is lost and the
	 * caller must start over; outside, one fresh connection may serve. */
	disconnect(db);
	if (db->in_tx)
		goto done;
	st = run_once(db, def, args, nargs, fn, ud, affected, insert_id);
	if (st == DB_UNAVAILABLE)
		disconnect(db);
done:
	if (st == DB_ERROR)
		log_err("db: %s in: %.120s", db->err, def->sql);
	return st;
}

int
db_query(struct db *db, struct db_stmt_def *def, const struct db_arg *args,
    size_t nargs, db_row_fn fn, void *ud)
{
	return run(db, def, args, nargs, fn, ud, NULL, NULL);
}

int
db_exec(struct db *db, struct db_stmt_def *def, const struct db_arg *args,
    size_t nargs, uint64_t *affected, int64_t *insert_id)
{
	return run(db, def, args, nargs, NULL, NULL, affected, insert_id);
}

static int
simple(struct db *db, const char *sql)
{
	if (db->my == NULL)
		return DB_UNAVAILABLE;
	if (mysql_real_query(db->my, sql, (unsigned long)strlen(sql)) != 0)
		return classify(db, mysql_errno(db->my), mysql_error(db->my));
	return DB_OK;
}

int
db_tx(struct db *db, db_tx_fn fn, void *ud)
{
	int st = DB_ERROR, tries;

	for (tries = 0; tries < DB_TX_TRIES; tries++) {
		if ((st = db_connect(db)) != DB_OK)
			return st;
		if ((st = simple(db, "START TRANSACTION")) != DB_OK) {
			disconnect(db);
			if (st == DB_UNAVAILABLE && tries == 0)
				continue;	/* a stale connection: one fresh try */
			return st;
		}
		db->in_tx = true;
		st = fn(db, ud);
		if (st == DB_OK)
			st = simple(db, "COMMIT");
		if (st != DB_OK && db->my)
			simple(db, "ROLLBACK");	/* harmless after 1213's own rollback */
		db->in_tx = false;
		if (st != DB_RETRY)
			return st;
		log_warn("db: transaction retried after: %s", db->err);
	}
	return st;
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
	st = classify(db, mysql_errno(db->my), mysql_error(db->my));
	snprintf(err, errlen, "%s", db->err);
	return st;
}
