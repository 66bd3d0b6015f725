/* session.c -- see session.h. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "auth/session.h"
#include "http/params.h"
#include "log.h"
#include "util.h"

static const char *
cookie_name(const struct ctx *c)
{
	return c->conf->cookie_secure ? COOKIE_SECURE_NAME : COOKIE_PLAIN_NAME;
}

bool
token_hash(const char *hex, size_t len, unsigned char out[SHA256_LEN])
{
	unsigned char raw[TOKEN_BYTES];

	if (!hex_decode(hex, len, raw, sizeof(raw)))
		return false;
	sha256(raw, sizeof(raw), out);
	wipe(raw, sizeof(raw));
	return true;
}

void
cookie_format(char *out, size_t size, bool secure, const char *token)
{
	snprintf(out, size, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s",
	    secure ? COOKIE_SECURE_NAME : COOKIE_PLAIN_NAME, token ? token : "",
	    secure ? "; Secure" : "", token ? "" : "; Max-Age=0");
}

static void
set_cookie(struct ctx *c, const char *token)
{
	char v[256];

	cookie_format(v, sizeof(v), c->conf->cookie_secure, token);
	resp_header(c->req, "Set-Cookie", v);
}

int
auth_load(struct ctx *c)
{
	unsigned char hash[SHA256_LEN];
	const char *val;
	size_t len;
	int st;

	if (!cookie_find(c->req->cookie, cookie_name(c), &val, &len) ||
	    !token_hash(val, len, hash))
		return DB_OK;
	st = session_get(c->db, hash, c->conf->session_idle, &c->session, &c->user);
	if (st == DB_NOTFOUND)
		return DB_OK;
	if (st != DB_OK)
		return st;
	c->has_session = true;
	if (c->session.stale && (st = session_touch(c->db, hash)) != DB_OK)
		return st;
	if (c->session.employee_id == 0)
		return DB_OK;
	if (c->user.id == 0 || !c->user.active) {
		/* Deactivated or gone since login: the session ends now. */
		c->has_session = false;
		memset(&c->user, 0, sizeof(c->user));
		return session_delete(c->db, hash);
	}
	c->logged_in = true;
	c->is_hr = c->session.is_hr || c->user.is_hr;
	return DB_OK;
}

/* A new session row with fresh token and CSRF secret; sets the cookie. */
static int
create(struct ctx *c, int64_t employee_id, bool is_hr, int64_t lifetime)
{
	unsigned char token[TOKEN_BYTES], csrf[TOKEN_BYTES];
	char hex[TOKEN_HEX + 1];
	struct session_row s;
	int st;

	memset(&s, 0, sizeof(s));
	if (!random_bytes(token, sizeof(token)) || !random_bytes(csrf, sizeof(csrf)))
		return DB_ERROR;
	sha256(token, sizeof(token), s.token_hash);
	hex_encode(csrf, sizeof(csrf), s.csrf);
	s.employee_id = employee_id;
	s.is_hr = is_hr;
	st = session_create(c->db, &s, lifetime, c->req->remote_addr, c->req->user_agent);
	if (st == DB_OK) {
		hex_encode(token, sizeof(token), hex);
		set_cookie(c, hex);
		c->session = s;
		c->has_session = true;
		wipe(hex, sizeof(hex));
	}
	wipe(token, sizeof(token));
	return st;
}

int
auth_visitor(struct ctx *c)
{
	if (c->has_session)
		return DB_OK;
	return create(c, 0, false, VISITOR_LIFETIME);
}

int
auth_login(struct ctx *c, int64_t employee_id, bool is_hr)
{
	int st;

	/* A new token at every login: a token planted before login is useless. */
	if (c->has_session && (st = session_delete(c->db, c->session.token_hash)) != DB_OK)
		return st;
	c->has_session = false;
	if ((st = create(c, employee_id, is_hr, c->conf->session_absolute)) != DB_OK)
		return st;
	if (session_purge(c->db) != DB_OK)
		log_warn("session: purge of expired rows failed");
	return DB_OK;
}

int
auth_logout(struct ctx *c)
{
	int st = DB_OK;

	if (c->has_session)
		st = session_delete(c->db, c->session.token_hash);
	c->has_session = false;
	c->logged_in = false;
	set_cookie(c, NULL);
	return st;
}

bool
auth_csrf_ok(const struct ctx *c)
{
	const char *sent = request_param(c->req, "csrf");

	if (!c->has_session || sent == NULL || strlen(sent) != CSRF_HEX_LEN ||
	    strlen(c->session.csrf) != CSRF_HEX_LEN)
		return false;
	return ct_equal(sent, c->session.csrf, CSRF_HEX_LEN);
}

int
auth_flash(struct ctx *c, const char *key)
{
	if (!c->has_session)
		return DB_OK;
	strlcopy(c->session.flash, key, sizeof(c->session.flash));
	return session_set_flash(c->db, c->session.token_hash, key);
}
