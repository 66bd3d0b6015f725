/* session.c -- sessions and login attempts, kept in MariaDB so that any
 * number of gesprekd instances share them. */
#include "config.h"

#include <string.h>

#include "store/rows.h"
#include "store/db.h"
#include "store/employee.h"
#include "store/session.h"
#include "base/util.h"

/* How many expired rows one purge removes: bounded work per login. */
#define PURGE_BATCH 200
/* Login attempts are kept this long (seconds) for the audit of abuse. */
#define ATTEMPT_KEEP (7 * 24 * 3600)
/* seen_at is written at most this often (seconds): a read costs no write. */
#define SEEN_GRANULARITY 60
/* How far back a pair's failures make its lock longer (seconds)... */
#define ATTEMPT_HORIZON (24 * 3600)
/* ... doubling its window at most this many times (window << 6: 16 h at
 * the default 15 minutes). */
#define ATTEMPT_STRIKES_MAX 6
/* An address is known for an account this long after its last success. */
#define KNOWN_KEEP (180 * 24 * 3600)

/* The session and its employee in one statement: every request reads
 * them.  "Has reports" is a join stopped at the first row (LIMIT 1),
 * cheaper for MariaDB than EXISTS.  MariaDB plans the statement again at
 * every execution, and the plan, not the rows, is its cost (callgrind on
 * mariadbd: half its instructions in JOIN::optimize, a fifth in
 * JOIN::prepare, an eighth executing): the session and the
 * employee are read by their keys while it plans, and "has reports" by
 * the one index that answers it, named, so that the plan does not weigh
 * the three keys that start with `active` against it, a dive into each
 * (ANALYZE, median of 25 under load: 0.42 -> 0.33 ms of optimization;
 * sql/040's key covers id, manager_id, active).  The page stamps come
 * along only when asked (`stamps`: the pages the page cache may answer,
 * app.c), in a form of the statement of their own: no other page uses
 * them, and each page_stamp joined costs the plan about as much as a
 * table it reads -- the two, 74,000 of the statement's 257,000
 * instructions in mariadbd (callgrind; tests/bench/RESULTS.md, "the
 * people list and the session read"). */
#define Q_GET_WITH(stamps, stamp_joins) \
	"SELECT COALESCE(s.employee_id, 0), s.is_hr, s.csrf, COALESCE(s.flash, '')," \
	" s.seen_at < UTC_TIMESTAMP() - INTERVAL " "60" " SECOND, " stamps "," \
	" UTC_DATE()," \
	" e.id, e.login, e.name, e.email, e.department_id, e.manager_id, e.is_hr, e.active," \
	" r.id IS NOT NULL, COALESCE(e.lang, '')" \
	" FROM session s" stamp_joins \
	" LEFT JOIN employee e ON e.id = s.employee_id" \
	" LEFT JOIN employee r FORCE INDEX (employee_manager_active)" \
	" ON r.manager_id = e.id AND r.active = 1" \
	" WHERE s.token_sha256 = ? AND s.expires_at > UTC_TIMESTAMP()" \
	" AND s.seen_at > UTC_TIMESTAMP() - INTERVAL ? SECOND LIMIT 1"
#define Q_GET Q_GET_WITH("0, 0, 0", "")
/* The third stamp is a deputy's (issue 17): their start page lists the
 * dossiers and proposals of the managers they stand in for, whose changes
 * move the manager's stamp and the employee's, not the deputy's -- the
 * sum of those managers' stamps moves with any of them (each only grows).
 * From the deputy's appointments by key (deputy_acting), those not over
 * by yesterday's UTC date: a day of site.timezone may still be running. */
#define DEPUTY_STAMP \
	"COALESCE((SELECT SUM(pm.stamp) FROM deputy g" \
	" JOIN page_stamp pm ON pm.kind = 'p' AND pm.ref = g.manager_id" \
	" WHERE g.deputy_id = s.employee_id AND g.ends_on >= UTC_DATE() - INTERVAL 1 DAY" \
	" AND g.ended_at IS NULL), 0)"
#define Q_GET_STAMPED Q_GET_WITH("COALESCE(pa.stamp, 0), COALESCE(pp.stamp, 0), " DEPUTY_STAMP, \
	" LEFT JOIN page_stamp pa ON pa.kind = 'a' AND pa.ref = 0" \
	" LEFT JOIN page_stamp pp ON pp.kind = 'p' AND pp.ref = s.employee_id")
static struct db_stmt_def q_get = DB_STMT(Q_GET);
static struct db_stmt_def q_get_stamped = DB_STMT(Q_GET_STAMPED);
/* On a Galera cluster the same read waits until this node has applied
 * everything the cluster committed before it (wsrep_sync_wait = 1, reads).
 * The POST before a redirect may have committed on another node: its
 * session, flash and data must be there when the next page reads them.
 * Every request reads the session first, and a node applies writes in
 * order, so this one wait gives the whole request read-your-writes; the
 * statements after it run without (a wait per statement would cost a
 * round trip through the cluster each). */
#define SYNC_READ "SET STATEMENT wsrep_sync_wait = 1 FOR "
static struct db_stmt_def q_get_sync = DB_STMT(SYNC_READ Q_GET);
static struct db_stmt_def q_get_stamped_sync = DB_STMT(SYNC_READ Q_GET_STAMPED);
#define SESSION_NCOLS 9
/* After the session's and the employee's columns: the person's language
 * (sql/062), read here so that choosing it costs no statement per page. */
#define SESSION_LANG_COL (SESSION_NCOLS + 9)
static struct db_stmt_def q_create = DB_STMT(
	"INSERT INTO session (token_sha256, employee_id, is_hr, csrf, expires_at, ip, user_agent)"
	" VALUES (?, ?, ?, ?, UTC_TIMESTAMP() + INTERVAL ? SECOND, ?, ?)");
static struct db_stmt_def q_touch = DB_STMT_IDEMPOTENT(
	"UPDATE session SET seen_at = UTC_TIMESTAMP() WHERE token_sha256 = ?");
static struct db_stmt_def q_delete = DB_STMT_IDEMPOTENT(
	"DELETE FROM session WHERE token_sha256 = ?");
static struct db_stmt_def q_flash = DB_STMT_IDEMPOTENT(
	"UPDATE session SET flash = ? WHERE token_sha256 = ?");
static struct db_stmt_def q_secret_get = DB_STMT(
	"SELECT secret FROM server_secret WHERE name = ?");
/* IGNORE: when several gesprekd make it at once, the first one's stays and
 * everyone reads that one back. */
static struct db_stmt_def q_secret_add = DB_STMT_IDEMPOTENT(
	"INSERT IGNORE INTO server_secret (name, secret) VALUES (?, ?)");
static struct db_stmt_def q_purge_sessions = DB_STMT(
	"DELETE FROM session WHERE expires_at < UTC_TIMESTAMP() LIMIT 200");
static struct db_stmt_def q_purge_attempts = DB_STMT(
	"DELETE FROM login_attempt WHERE at < UTC_TIMESTAMP() - INTERVAL ? SECOND LIMIT 200");
/* Locks the login's guard row (made on its first try): parallel tries of
 * one login count and reserve one after the other. */
static struct db_stmt_def q_guard = DB_STMT(
	"INSERT INTO login_guard (login) VALUES (?)"
	" ON DUPLICATE KEY UPDATE tries = tries + 1, updated_at = UTC_TIMESTAMP()");
/* Whether the pair is known; the pair's failures within the horizon and
 * since its last success; the account's failures within the window since
 * its last success from unknown addresses; the address's failures. */
static struct db_stmt_def q_counts = DB_STMT(
	"SELECT"
	" (SELECT COUNT(*) FROM login_known WHERE login = ? AND ip = ?),"
	" (SELECT COUNT(*) FROM login_attempt WHERE login = ? AND ip = ? AND ok = 0"
	"   AND at > UTC_TIMESTAMP(6) - INTERVAL ? SECOND"
	"   AND at > COALESCE((SELECT last_ok_at FROM login_known WHERE login = ? AND ip = ?),"
	"                     '1970-01-01')),"
	" (SELECT COUNT(*) FROM login_attempt a WHERE a.login = ? AND a.ok = 0"
	"   AND a.at > UTC_TIMESTAMP(6) - INTERVAL ? SECOND"
	"   AND a.at > COALESCE((SELECT MAX(last_ok_at) FROM login_known WHERE login = ?),"
	"                       '1970-01-01')"
	"   AND NOT EXISTS (SELECT 1 FROM login_known k WHERE k.login = a.login AND k.ip = a.ip)),"
	" (SELECT COUNT(*) FROM login_attempt WHERE ip = ? AND ok = 0"
	"   AND at > UTC_TIMESTAMP(6) - INTERVAL ? SECOND)");
/* The pair's failures within its (progressive) window since its last success. */
static struct db_stmt_def q_pair = DB_STMT(
	"SELECT COUNT(*) FROM login_attempt WHERE login = ? AND ip = ? AND ok = 0"
	" AND at > UTC_TIMESTAMP(6) - INTERVAL ? SECOND"
	" AND at > COALESCE((SELECT last_ok_at FROM login_known WHERE login = ? AND ip = ?),"
	"                   '1970-01-01')");
static struct db_stmt_def q_attempt = DB_STMT(
	"INSERT INTO login_attempt (login, ip, ok) VALUES (?, ?, 0)");
static struct db_stmt_def q_attempt_ok = DB_STMT(
	"UPDATE login_attempt SET ok = 1 WHERE id = ?");
static struct db_stmt_def q_known = DB_STMT(
	"INSERT INTO login_known (login, ip, last_ok_at) VALUES (?, ?, UTC_TIMESTAMP(6))"
	" ON DUPLICATE KEY UPDATE last_ok_at = UTC_TIMESTAMP(6)");
static struct db_stmt_def q_attempt_release = DB_STMT_IDEMPOTENT(
	"DELETE FROM login_attempt WHERE id = ? AND ok = 0");
static struct db_stmt_def q_purge_guards = DB_STMT(
	"DELETE FROM login_guard WHERE updated_at < UTC_TIMESTAMP() - INTERVAL ? SECOND LIMIT 200");
static struct db_stmt_def q_purge_known = DB_STMT(
	"DELETE FROM login_known WHERE last_ok_at < UTC_TIMESTAMP() - INTERVAL ? SECOND LIMIT 200");

_Static_assert(SEEN_GRANULARITY == 60, "q_get spells SEEN_GRANULARITY out");
_Static_assert(PURGE_BATCH == 200, "the purge statements spell PURGE_BATCH out");

struct session_user {
	struct session_row *s;
	struct employee *e;
};

static int
session_row(void *ud, const struct db_row *r)
{
	struct session_user *su = ud;
	struct session_row *s = su->s;

	s->employee_id = db_int(r, 0);
	s->is_hr = db_int(r, 1) != 0;
	strlcopy(s->csrf, db_str(r, 2), sizeof(s->csrf));
	strlcopy(s->flash, db_str(r, 3), sizeof(s->flash));
	s->stale = db_int(r, 4) != 0;
	s->all_stamp = db_int(r, 5);
	s->person_stamp = db_int(r, 6);
	s->deputy_stamp = db_int(r, 7);
	strlcopy(s->today, db_str(r, 8), sizeof(s->today));
	if (!db_isnull(r, SESSION_NCOLS))
		employee_from_row(r, SESSION_NCOLS, su->e);
	strlcopy(s->lang, db_str(r, SESSION_LANG_COL), sizeof(s->lang));
	return DB_OK;
}

/* The form of the session read: with the page stamps or without, on a
 * Galera node with its wait or without. */
static struct db_stmt_def *
session_read(struct db *db, bool stamps)
{
	if (db_in_cluster(db))
		return stamps ? &q_get_stamped_sync : &q_get_sync;
	return stamps ? &q_get_stamped : &q_get;
}

int
session_get(struct db *db, const unsigned char hash[SHA256_LEN], int64_t idle, bool stamps,
    struct session_row *out, struct employee *user)
{
	struct session_user su = { out, user };
	int st;

	memset(out, 0, sizeof(*out));
	memset(user, 0, sizeof(*user));
	memcpy(out->token_hash, hash, SHA256_LEN);
	st = db_query(db, session_read(db, stamps), DB_ARGS(DB_BIN(hash, SHA256_LEN), DB_INT(idle)),
	    session_row, &su);
	if (st != DB_OK)
		return st;
	out->stamped = stamps;
	return out->csrf[0] ? DB_OK : DB_NOTFOUND;
}

int
session_create(struct db *db, const struct session_row *s, int64_t lifetime,
    const char *ip, const char *user_agent)
{
	return db_exec(db, &q_create, DB_ARGS(DB_BIN(s->token_hash, SHA256_LEN),
	    DB_REF(s->employee_id), DB_INT(s->is_hr), DB_STR(s->csrf), DB_INT(lifetime),
	    DB_STR(ip), DB_STR(user_agent)), NULL, NULL);
}

int
session_touch(struct db *db, const unsigned char hash[SHA256_LEN])
{
	return db_exec(db, &q_touch, DB_ARGS(DB_BIN(hash, SHA256_LEN)), NULL, NULL);
}

int
session_delete(struct db *db, const unsigned char hash[SHA256_LEN])
{
	return db_exec(db, &q_delete, DB_ARGS(DB_BIN(hash, SHA256_LEN)), NULL, NULL);
}

int
session_set_flash(struct db *db, const unsigned char hash[SHA256_LEN], const char *flash)
{
	return db_exec(db, &q_flash, DB_ARGS(DB_STR(flash && *flash ? flash : NULL),
	    DB_BIN(hash, SHA256_LEN)), NULL, NULL);
}

int
session_purge(struct db *db)
{
	int st = db_exec(db, &q_purge_sessions, DB_NOARGS, NULL, NULL);

	if (st != DB_OK)
		return st;
	st = db_exec(db, &q_purge_attempts, DB_ARGS(DB_INT(ATTEMPT_KEEP)), NULL, NULL);
	if (st == DB_OK)
		st = db_exec(db, &q_purge_guards, DB_ARGS(DB_INT(ATTEMPT_KEEP)), NULL, NULL);
	if (st == DB_OK)
		st = db_exec(db, &q_purge_known, DB_ARGS(DB_INT(KNOWN_KEEP)), NULL, NULL);
	return st;
}

struct secret_out {
	unsigned char *out;
	bool found;
};

static int
secret_row(void *ud, const struct db_row *r)
{
	struct secret_out *so = ud;

	if (db_isnull(r, 0) || r->len[0] != SERVER_SECRET_LEN)
		return DB_ERROR;	/* not one this code made: refuse to sign with it */
	memcpy(so->out, r->val[0], SERVER_SECRET_LEN);
	so->found = true;
	return DB_OK;
}

static int
secret_read(struct db *db, const char *name, struct secret_out *so)
{
	so->found = false;
	return db_query(db, &q_secret_get, DB_ARGS(DB_STR(name)), secret_row, so);
}

int
server_secret_get(struct db *db, const char *name, unsigned char out[SERVER_SECRET_LEN])
{
	struct secret_out so = { out, false };
	unsigned char fresh[SERVER_SECRET_LEN];
	int st;

	if ((st = secret_read(db, name, &so)) != DB_OK || so.found)
		return st;
	if (!random_bytes(fresh, sizeof(fresh)))
		return DB_ERROR;
	st = db_exec(db, &q_secret_add, DB_ARGS(DB_STR(name), DB_BIN(fresh, sizeof(fresh))),
	    NULL, NULL);
	wipe(fresh, sizeof(fresh));
	if (st != DB_OK || (st = secret_read(db, name, &so)) != DB_OK)
		return st;
	return so.found ? DB_OK : DB_ERROR;
}

_Static_assert(ATTEMPT_KEEP >= ATTEMPT_HORIZON, "attempts are kept as long as they count");

struct counts {
	int64_t known, pair_horizon, account, address;
};

static int
counts_row(void *ud, const struct db_row *r)
{
	struct counts *c = ud;

	c->known = db_int(r, 0);
	c->pair_horizon = db_int(r, 1);
	c->account = db_int(r, 2);
	c->address = db_int(r, 3);
	return DB_OK;
}

static int
count_row(void *ud, const struct db_row *r)
{
	*(int64_t *)ud = db_int(r, 0);
	return DB_OK;
}

/* The pair's window: the base window, doubled for every per_login
 * failures of the pair in the horizon beyond the first lot. */
static int64_t
pair_window(const struct attempt_limits *lim, int64_t pair_horizon)
{
	int64_t strikes = pair_horizon / lim->per_login - 1;
	int64_t w = lim->window;

	if (strikes > ATTEMPT_STRIKES_MAX)
		strikes = ATTEMPT_STRIKES_MAX;
	for (; strikes > 0 && w < ATTEMPT_HORIZON; strikes--)
		w *= 2;
	return w < ATTEMPT_HORIZON ? w : ATTEMPT_HORIZON;
}

struct reserve {
	const char *login, *ip;
	const struct attempt_limits *lim;
	bool allowed;
	int64_t id;
};

static int
reserve_tx(struct db *db, void *ud)
{
	struct reserve *rv = ud;
	const struct attempt_limits *lim = rv->lim;
	struct counts c = { 0, 0, 0, 0 };
	int64_t pair = 0;
	int st;

	rv->allowed = false;
	rv->id = 0;
	if ((st = db_exec(db, &q_guard, DB_ARGS(DB_STR(rv->login)), NULL, NULL)) != DB_OK)
		return st;
	st = db_query(db, &q_counts, DB_ARGS(DB_STR(rv->login), DB_STR(rv->ip),
	    DB_STR(rv->login), DB_STR(rv->ip), DB_INT(ATTEMPT_HORIZON), DB_STR(rv->login),
	    DB_STR(rv->ip), DB_STR(rv->login), DB_INT(lim->window), DB_STR(rv->login),
	    DB_STR(rv->ip), DB_INT(lim->window)), counts_row, &c);
	if (st != DB_OK)
		return st;
	if (c.address >= lim->per_address || (!c.known && c.account >= lim->per_login))
		return DB_OK;	/* held: commit the guard, write nothing */
	st = db_query(db, &q_pair, DB_ARGS(DB_STR(rv->login), DB_STR(rv->ip),
	    DB_INT(pair_window(lim, c.pair_horizon)), DB_STR(rv->login), DB_STR(rv->ip)),
	    count_row, &pair);
	if (st != DB_OK || pair >= lim->per_login)
		return st;
	st = db_exec(db, &q_attempt, DB_ARGS(DB_STR(rv->login), DB_STR(rv->ip)), NULL, &rv->id);
	if (st == DB_OK)
		rv->allowed = true;
	return st;
}

int
attempt_reserve(struct db *db, const char *login, const char *ip,
    const struct attempt_limits *lim, bool *allowed, int64_t *id)
{
	struct reserve rv = { login, ip, lim, false, 0 };
	int st;

	if (lim->per_login < 1 || lim->per_address < 1)
		return DB_ERROR;
	st = db_tx(db, reserve_tx, &rv);
	*allowed = st == DB_OK && rv.allowed;
	*id = *allowed ? rv.id : 0;
	return st;
}

struct success {
	int64_t id;
	const char *login, *ip;
};

static int
success_tx(struct db *db, void *ud)
{
	struct success *sc = ud;
	int st = db_exec(db, &q_attempt_ok, DB_ARGS(DB_INT(sc->id)), NULL, NULL);

	if (st != DB_OK)
		return st;
	return db_exec(db, &q_known, DB_ARGS(DB_STR(sc->login), DB_STR(sc->ip)), NULL, NULL);
}

int
attempt_succeeded(struct db *db, int64_t id, const char *login, const char *ip)
{
	struct success sc = { id, login, ip };

	return db_tx(db, success_tx, &sc);
}

int
attempt_release(struct db *db, int64_t id)
{
	return db_exec(db, &q_attempt_release, DB_ARGS(DB_INT(id)), NULL, NULL);
}
