/* session.c -- sessions and login attempts, kept in MariaDB so that any
 * number of gesprekd instances share them. */
#include "config.h"

#include <string.h>

#include "store/rows.h"
#include "store/store.h"
#include "util.h"

/* How many expired rows one purge removes: bounded work per login. */
#define PURGE_BATCH 200
/* Login attempts are kept this long (seconds) for the audit of abuse. */
#define ATTEMPT_KEEP (7 * 24 * 3600)
/* seen_at is written at most this often (seconds): a read costs no write. */
#define SEEN_GRANULARITY 60

/* The session, its employee and the page stamps in one statement: every
 * request reads them.  "Has reports" is a join stopped at the first row
 * (LIMIT 1), cheaper for MariaDB than EXISTS. */
static struct db_stmt_def q_get = DB_STMT(
	"SELECT COALESCE(s.employee_id, 0), s.is_hr, s.csrf, COALESCE(s.flash, ''),"
	" s.seen_at < UTC_TIMESTAMP() - INTERVAL " "60" " SECOND, COALESCE(pa.stamp, 0),"
	" COALESCE(pp.stamp, 0), UTC_DATE(),"
	" e.id, e.login, e.name, e.email, e.department_id, e.manager_id, e.is_hr, e.active,"
	" r.id IS NOT NULL"
	" FROM session s LEFT JOIN page_stamp pa ON pa.kind = 'a' AND pa.ref = 0"
	" LEFT JOIN page_stamp pp ON pp.kind = 'p' AND pp.ref = s.employee_id"
	" LEFT JOIN employee e ON e.id = s.employee_id"
	" LEFT JOIN employee r ON r.manager_id = e.id AND r.active = 1"
	" WHERE s.token_sha256 = ? AND s.expires_at > UTC_TIMESTAMP()"
	" AND s.seen_at > UTC_TIMESTAMP() - INTERVAL ? SECOND LIMIT 1");
#define SESSION_NCOLS 8
static struct db_stmt_def q_create = DB_STMT(
	"INSERT INTO session (token_sha256, employee_id, is_hr, csrf, expires_at, ip, user_agent)"
	" VALUES (?, ?, ?, ?, UTC_TIMESTAMP() + INTERVAL ? SECOND, ?, ?)");
static struct db_stmt_def q_touch = DB_STMT(
	"UPDATE session SET seen_at = UTC_TIMESTAMP() WHERE token_sha256 = ?");
static struct db_stmt_def q_delete = DB_STMT(
	"DELETE FROM session WHERE token_sha256 = ?");
static struct db_stmt_def q_flash = DB_STMT(
	"UPDATE session SET flash = ? WHERE token_sha256 = ?");
static struct db_stmt_def q_secret_get = DB_STMT(
	"SELECT secret FROM server_secret WHERE name = ?");
/* IGNORE: when several gesprekd make it at once, the first one's stays and
 * everyone reads that one back. */
static struct db_stmt_def q_secret_add = DB_STMT(
	"INSERT IGNORE INTO server_secret (name, secret) VALUES (?, ?)");
static struct db_stmt_def q_purge_sessions = DB_STMT(
	"DELETE FROM session WHERE expires_at < UTC_TIMESTAMP() LIMIT 200");
static struct db_stmt_def q_purge_attempts = DB_STMT(
	"DELETE FROM login_attempt WHERE at < UTC_TIMESTAMP() - INTERVAL ? SECOND LIMIT 200");
static struct db_stmt_def q_failed = DB_STMT(
	"SELECT"
	" (SELECT COUNT(*) FROM login_attempt WHERE login = ? AND ok = 0"
	"   AND at > UTC_TIMESTAMP() - INTERVAL ? SECOND"
	"   AND at >= COALESCE((SELECT MAX(at) FROM login_attempt WHERE login = ? AND ok = 1),"
	"                      '1970-01-01')),"
	" (SELECT COUNT(*) FROM login_attempt WHERE ip = ? AND ok = 0"
	"   AND at > UTC_TIMESTAMP() - INTERVAL ? SECOND)");
static struct db_stmt_def q_attempt = DB_STMT(
	"INSERT INTO login_attempt (login, ip, ok) VALUES (?, ?, ?)");

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
	strlcopy(s->today, db_str(r, 7), sizeof(s->today));
	if (!db_isnull(r, SESSION_NCOLS))
		employee_from_row(r, SESSION_NCOLS, su->e);
	return DB_OK;
}

int
session_get(struct db *db, const unsigned char hash[SHA256_LEN], int64_t idle,
    struct session_row *out, struct employee *user)
{
	struct session_user su = { out, user };
	int st;

	memset(out, 0, sizeof(*out));
	memset(user, 0, sizeof(*user));
	memcpy(out->token_hash, hash, SHA256_LEN);
	st = db_query(db, &q_get, DB_ARGS(DB_BIN(hash, SHA256_LEN), DB_INT(idle)),
	    session_row, &su);
	if (st != DB_OK)
		return st;
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
	return db_exec(db, &q_purge_attempts, DB_ARGS(DB_INT(ATTEMPT_KEEP)), NULL, NULL);
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

struct counts {
	int64_t login, ip;
};

static int
counts_row(void *ud, const struct db_row *r)
{
	struct counts *c = ud;

	c->login = db_int(r, 0);
	c->ip = db_int(r, 1);
	return DB_OK;
}

int
attempts_failed(struct db *db, const char *login, const char *ip, int64_t window,
    int64_t *by_login, int64_t *by_ip)
{
	struct counts c = { 0, 0 };
	int st = db_query(db, &q_failed, DB_ARGS(DB_STR(login), DB_INT(window), DB_STR(login),
	    DB_STR(ip), DB_INT(window)), counts_row, &c);

	*by_login = c.login;
	*by_ip = c.ip;
	return st;
}

int
attempt_record(struct db *db, const char *login, const char *ip, bool ok)
{
	return db_exec(db, &q_attempt, DB_ARGS(DB_STR(login), DB_STR(ip), DB_INT(ok)),
	    NULL, NULL);
}
