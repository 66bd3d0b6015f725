/* db.h -- one MariaDB connection per worker thread, prepared statements
 * prepared once per connection, reconnect outside transactions, and whole-
 * transaction retry on deadlock and on a connection lost inside one.
 * The store's own header: files of fcgi/store/ include it, and above the
 * store only what opens connections or reads a transcript (main.c, app.c,
 * gesprekctl).  Pages never do (DESIGN §3): they get the status codes and
 * the opaque struct db from store/status.h through the store's aggregate
 * headers (store/employee.h, store/dossier.h, ...), and every transaction
 * is opened inside a store function.  Only fcgi/store/ may run SQL. */
#ifndef GESPREK_DB_H
#define GESPREK_DB_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/conf.h"
#include "base/util.h"
#include "store/status.h"

/* Distinct statements one process may run (a slot each, handed out on
 * first use; db.c): every DB_STMT the code defines must fit -- 413 at
 * issue 16/21 -- or a long-lived gesprekd fails the statements past it.
 * tests/integration/test_stmt_slots.py counts them.  A connection keeps a
 * pointer per slot: 8 KiB. */
#define DB_STMT_MAX 1024
/* How often a transaction that hit a deadlock, a Galera certification
 * failure (also 1213) or a lock wait timeout runs. */
#define DB_TX_TRIES 4
/* How often a transaction whose connection was lost, or whose Galera node
 * left the primary component (1047, 1180) before its COMMIT, runs: nothing
 * of it was kept, so it is rerun whole on a new connection, to the next
 * host of [database] host when there are several; servers that keep
 * failing us get DB_UNAVAILABLE (503) after this many tries. */
#define DB_TX_LOST_TRIES 3
/* Columns a statement may return. */
#define DB_COLS_MAX 32
/* Parameters a statement may take: the summaries' delta (store/summary.c)
 * takes its selector once per part of the facts, six parts of six. */
#define DB_ARGS_MAX 48
/* How long one statement's answer may take before the connection is given
 * up (MariaDB's client read and write timeouts).  A page's statements are
 * keyed reads: a request stuck longer than DB_IO_TIMEOUT_S holds a worker
 * for nothing.  gesprekctl's batch work (rebuild-summaries, verify, the
 * migrations, the export) runs single statements over a whole
 * organisation: rebuilding the summaries of 10,000 employees took 51 s on
 * a loaded 2-core machine, and failed with "Lost connection" under the
 * request limit (db_set_batch). */
#define DB_IO_TIMEOUT_S 30
#define DB_BATCH_IO_TIMEOUT_S 3600
/* How long a request's statement waits for a row lock (the session's
 * innodb_lock_wait_timeout; the server's default is 50 s) before it fails
 * with 1205 and its transaction is tried again, up to DB_TX_TRIES times.
 * A request's transaction holds its locks for milliseconds, so a longer
 * wait is one of two things, and waiting it out held a worker past
 * DB_IO_TIMEOUT_S, where the connection is dropped: a batch's transaction
 * in the way (gesprekctl), which the retries then wait for a while longer
 * before the request answers 503; or, on Galera, a transaction that an
 * applier chose as its victim (BF abort) without waking it from its lock
 * wait, which only the lock wait timeout ends (MariaDB's MDEV-24966
 * describes the symptom).  The cluster run on CI met the second: a save
 * stuck 30 s on node2 after "cluster conflict due to high priority abort",
 * ended by the read timeout.  Batch work keeps the server's default. */
#define DB_LOCK_WAIT_S 5


/* A statement known by its text; `slot` is assigned on first use and names
 * its place in every connection's cache.  Define one per query, static. */
struct db_stmt_def {
	const char *sql;
	_Atomic int slot;	/* 0 = unassigned */
	/* A write that does the same when run twice (a value set by key, a
	 * row deleted by key, INSERT IGNORE of a fixed row): outside a
	 * transaction it is rerun after its answer was lost, where any other
	 * write answers DB_UNAVAILABLE (it may have been done). */
	bool idempotent;
};
#define DB_STMT(text) { .sql = (text), .slot = 0, .idempotent = false }
#define DB_STMT_IDEMPOTENT(text) { .sql = (text), .slot = 0, .idempotent = true }

enum db_arg_type { DB_ARG_NULL, DB_ARG_INT, DB_ARG_STR };

struct db_arg {
	enum db_arg_type type;
	int64_t i;
	const char *s;
	size_t len;
};

#define DB_INT(v) ((struct db_arg){ .type = DB_ARG_INT, .i = (v) })
#define DB_STR(v) db_arg_str(v)
#define DB_BIN(p, n) ((struct db_arg){ .type = DB_ARG_STR, .s = (const char *)(p), .len = (n) })
#define DB_NULL ((struct db_arg){ .type = DB_ARG_NULL })
/* An id where 0 means NULL (optional references). */
#define DB_REF(v) ((v) > 0 ? DB_INT(v) : DB_NULL)
/* A level of a scale, 0 included; negative: none (NULL). */
#define DB_LEVEL(v) ((v) >= 0 ? DB_INT(v) : DB_NULL)
#define DB_ARGS(...) (const struct db_arg[]){ __VA_ARGS__ }, \
	(sizeof((const struct db_arg[]){ __VA_ARGS__ }) / sizeof(struct db_arg))
#define DB_NOARGS NULL, 0

static inline struct db_arg
db_arg_str(const char *s)
{
	struct db_arg a = { .type = s ? DB_ARG_STR : DB_ARG_NULL, .s = s,
		.len = s ? strlen(s) : 0 };
	return a;
}

/* One result row; columns are read as text. */
struct db_row {
	size_t ncols;
	const char *val[DB_COLS_MAX];	/* NULL for SQL NULL */
	size_t len[DB_COLS_MAX];
};

static inline const char *
db_str(const struct db_row *r, size_t i)
{
	return i < r->ncols && r->val[i] ? r->val[i] : "";
}

static inline bool
db_isnull(const struct db_row *r, size_t i)
{
	return i >= r->ncols || r->val[i] == NULL;
}

int64_t db_int(const struct db_row *r, size_t i);

/* Called for each row; returning non-zero stops and becomes the result. */
typedef int (*db_row_fn)(void *ud, const struct db_row *row);

/* Library set-up, once in main before threads; per-thread end. */
bool db_library_init(void);
void db_thread_end(void);

/* A handle that connects lazily; never NULL except out of memory. */
struct db *db_new(const struct conf *c, bool multi_statements);
void db_free(struct db *db);
/* Before db_connect: this handle does batch work (gesprekctl), whose
 * statements may take up to DB_BATCH_IO_TIMEOUT_S and wait for row locks
 * as long as the server's default, not DB_LOCK_WAIT_S. */
void db_set_batch(struct db *db);
/* Connects now if not connected; DB_OK or DB_UNAVAILABLE. */
int db_connect(struct db *db);

/* Connected to a Galera node (wsrep_on): reads that must see what another
 * node committed just before ask for a causality wait (store/session.c). */
bool db_in_cluster(const struct db *db);

/* Runs a statement; fn sees each row (may be NULL). */
int db_query(struct db *db, struct db_stmt_def *def, const struct db_arg *args,
    size_t nargs, db_row_fn fn, void *ud);
/* Several lists in one statement (a UNION ALL of SELECTs): every row
 * starts with a one-letter tag naming its list, and is handed without it
 * to the fn of that tag, as if its SELECT had run alone.  Each statement
 * costs MariaDB some 80 us before it reads a row; a page's short lists
 * together cost one.  A row with an unknown tag is DB_ERROR. */
struct db_tag {
	char tag;
	db_row_fn fn;
	void *ud;
};
int db_query_tagged(struct db *db, struct db_stmt_def *def, const struct db_arg *args,
    size_t nargs, const struct db_tag *tags, size_t ntags);
/* The row handler of db_query_tagged, for rows from elsewhere (kept rows:
 * db_rows_each(rows, db_row_by_tag, &(struct tagged){ tags, ntags })). */
struct tagged {
	const struct db_tag *tags;
	size_t ntags;
};
int db_row_by_tag(void *ud, const struct db_row *r);
/* Rows kept to be handed on later, each a copy of the row it was made
 * from (db_rows.c): a cache of what never changes (store/template.c). */
struct db_rows {
	struct buf data;
	size_t nrows, ncols;
};
void db_rows_init(struct db_rows *r);
void db_rows_free(struct db_rows *r);
/* Keeps columns first .. first + ncols - 1 of row; false out of memory or
 * when the row is narrower, or its width differs from the rows before. */
bool db_rows_add(struct db_rows *r, const struct db_row *row, size_t first, size_t ncols);
/* Hands every kept row to fn, in the order kept; fn's non-zero stops. */
int db_rows_each(const struct db_rows *r, db_row_fn fn, void *ud);
/* Runs a statement and keeps its rows in into (initialised by the caller). */
int db_query_keep(struct db *db, struct db_stmt_def *def, const struct db_arg *args,
    size_t nargs, struct db_rows *into);

/* One statement for several readers of a page (db_rows.c).  def is a UNION
 * ALL whose every row starts with a one-letter tag naming its part; part i
 * stands for the statement whose text is parts[i].sql run with
 * parts[i].args, and its rows are that statement's ncols columns at the
 * end of the row (NULLs between the tag and them pad it to one width).  The rows are kept: until db_prefetch_end, a
 * db_query of exactly that text with exactly those arguments is answered
 * from them, once, instead of running (in the transcript as if it ran).
 * So a page reads its lists in one statement and each list's reader stays
 * as it was.  Each part must return the rows, in the order, its statement
 * would.  A write (db_exec, db_tx) ends the prefetch first: kept rows are
 * for reads before any write. */
#define DB_PREFETCH_PARTS 16
struct db_part {
	char tag;
	const char *sql;
	const struct db_arg *args;
	size_t nargs;
	size_t ncols;
};
int db_prefetch(struct db *db, struct db_stmt_def *def, const struct db_arg *args, size_t nargs,
    const struct db_part *parts, size_t nparts);
void db_prefetch_end(struct db *db);
/* The same for rows a store function derives itself from one statement
 * that answers several readers, where a reader's rows are not one part
 * of it (sums it would group, sort or add up): db_prefetch_query runs def
 * (ending any prefetch before; the readers' statements, not def, go into
 * the transcript as they take their rows) and keeps every row in into;
 * db_prefetch_keep then keeps rows (moved: *rows is left empty) as the
 * answer of a db_query of exactly sql with exactly args, until
 * db_prefetch_end, at most DB_PREFETCH_PARTS of them. */
int db_prefetch_query(struct db *db, struct db_stmt_def *def, const struct db_arg *args,
    size_t nargs, struct db_rows *into);
int db_prefetch_keep(struct db *db, const char *sql, const struct db_arg *args, size_t nargs,
    struct db_rows *rows);

/* Runs a statement without rows; affected rows and insert id are optional. */
int db_exec(struct db *db, struct db_stmt_def *def, const struct db_arg *args,
    size_t nargs, uint64_t *affected, int64_t *insert_id);

/* Runs fn(db, ud) in one transaction, rerunning it on DB_RETRY.  fn's
 * result decides: DB_OK commits, anything else rolls back.  A connection
 * lost inside the transaction fails it whatever fn answers (every later
 * statement of that try refuses to run), and fn runs again from its first
 * statement on a new connection, up to DB_TX_LOST_TRIES times in all; then
 * DB_UNAVAILABLE; so is a transaction still meeting deadlocks after
 * DB_TX_TRIES tries.  So fn must be safe to run more than once: it keeps its
 * results in ud only, overwriting what an earlier try left there. */
typedef int (*db_tx_fn)(struct db *db, void *ud);
int db_tx(struct db *db, db_tx_fn fn, void *ud);

/* From begin to end, every statement run on db appends what identifies
 * it and its arguments, its rows and its status to `into` (the caller's):
 * two requests whose transcripts are equal read exactly the same data.
 * The page cache (xml/pagecache.h) keys rendered pages by it. */
struct buf;
void db_transcript_begin(struct db *db, struct buf *into);
void db_transcript_end(struct db *db);

/* Runs a script of several statements (migrations only). */
int db_script(struct db *db, const char *sql, size_t len, char *err, size_t errlen);

/* The text of the last error, for logs (never for pages). */
const char *db_error(struct db *db);

/* "%text%" for a LIKE parameter, with LIKE's own characters (% _ \\)
 * escaped, cut to fit size (at least 3).  A search box's text stays text. */
void db_like_pattern(const char *text, char *out, size_t size);

#endif
