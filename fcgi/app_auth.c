/* app_auth.c -- the session of one request: reads the cookie, loads the
 * session and its user, makes and checks the CSRF values, sets and clears
 * the cookies.  It binds auth/session.h's pure parts (tokens, cookie
 * formats, signed login values, the HR group cache) to struct ctx, so it
 * sits in the app room above auth/ (fcgi/LAYERS): auth/ never sees the
 * request context. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "auth/nss.h"
#include "auth/session.h"
#include "http/params.h"
#include "base/log.h"
#include "base/util.h"
#include "rules/roles.h"
#include "store/session.h"

/* Per worker thread: the server secret, read once, and the HR group's
 * answers.  Thread-local, so no worker waits for another's lock. */
static _Thread_local struct {
	bool loaded;
	unsigned char key[SERVER_SECRET_LEN];
} login_secret;
static _Thread_local struct group_cache hr_groups;
/* The split HR roles' groups (issue 17): one cache each, keyed by login. */
static _Thread_local struct group_cache admin_groups, advisor_groups, auditor_groups;

static const char *
cookie_name(const struct ctx *c)
{
	return c->conf->cookie_secure ? COOKIE_SECURE_NAME : COOKIE_PLAIN_NAME;
}

static const char *
login_cookie_name(const struct ctx *c)
{
	return c->conf->cookie_secure ? LOGIN_COOKIE_SECURE_NAME : LOGIN_COOKIE_PLAIN_NAME;
}

static void
set_cookie(struct ctx *c, const char *token)
{
	char v[256];

	cookie_format(v, sizeof(v), c->conf->cookie_secure, token);
	resp_header(c->req, "Set-Cookie", v);
}

static void
set_login_cookie(struct ctx *c, const char *nonce_hex)
{
	char v[256];

	login_cookie_format(v, sizeof(v), c->conf->cookie_secure, nonce_hex,
	    LOGIN_CSRF_LIFETIME);
	resp_header(c->req, "Set-Cookie", v);
}

/* The secret that signs login forms: this thread's copy, read (or made)
 * once. */
static int
login_key(struct ctx *c, const unsigned char **key)
{
	int st;

	if (!login_secret.loaded) {
		st = server_secret_get(c->db, LOGIN_SECRET_NAME, login_secret.key);
		if (st != DB_OK)
			return st;
		login_secret.loaded = true;
	}
	*key = login_secret.key;
	return DB_OK;
}

static bool
member(const struct ctx *c, struct group_cache *cache, const char *group)
{
	if (group[0] == '\0')
		return false;	/* not configured: nobody, without asking NSS */
	return group_cache_member(cache, c->user.login, group, now_us() / 1000000,
	    c->conf->group_cache, nss_in_group);
}

/* The HR roles of the user, from employee.is_hr and the four groups. */
static unsigned
user_roles(const struct ctx *c)
{
	struct role_facts f = {
		.is_hr = c->user.is_hr,
		.hr_group = member(c, &hr_groups, c->conf->hr_group),
		.admin_group = member(c, &admin_groups, c->conf->hr_admin_group),
		.advisor_group = member(c, &advisor_groups, c->conf->hr_advisor_group),
		.auditor_group = member(c, &auditor_groups, c->conf->auditor_group),
	};

	return roles_of(&f);
}

/* Whether the page cache may answer this request: a GET of a handler
 * that asks it, with the cache on.  Only then is the session read with
 * the page stamps. */
static bool
wants_stamps(const struct ctx *c)
{
	size_t i;

	if (!c->conf->page_cache || c->req->is_post || c->route == NULL)
		return false;
	for (i = 0; i < app_stamped_handlers_len; i++)
		if (c->route->handler == app_stamped_handlers[i])
			return true;
	return false;
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
	st = session_get(c->db, hash, c->conf->session_idle, wants_stamps(c), &c->session,
	    &c->user);
	if (st == DB_NOTFOUND) {
		/* Ended, or never was: what it still tells is read only when
		 * a form arrives (app_resume.c), not on every request. */
		c->session_ended = true;
		memcpy(c->ended_hash, hash, sizeof(c->ended_hash));
		return DB_OK;
	}
	if (st != DB_OK)
		return st;
	if (c->session.employee_id == 0)
		return DB_OK;	/* a visitor's row of old (sql/053): not a session */
	c->has_session = true;
	if (c->session.stale && (st = session_touch(c->db, hash)) != DB_OK)
		return st;
	if (c->user.id == 0 || !c->user.active) {
		/* Deactivated or gone since login: the session ends now. */
		c->has_session = false;
		memset(&c->user, 0, sizeof(c->user));
		return session_delete(c->db, hash);
	}
	c->logged_in = true;
	/* The person's own choice (sql/062) beats the browser's. */
	if (strcmp(c->session.lang, "en") == 0 || strcmp(c->session.lang, "nl") == 0)
		c->lang = strcmp(c->session.lang, "en") == 0 ? "en" : "nl";
	/* Live, not as at login: a role taken away ends at the next request
	 * (employee.is_hr) or within [auth] group_cache (a group). */
	c->roles = user_roles(c);
	return DB_OK;
}

void
auth_begin(struct ctx *c, const struct employee *e)
{
	c->user = *e;
	c->logged_in = true;
	c->session_ended = false;
	c->roles = user_roles(c);
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
auth_login_form(struct ctx *c)
{
	unsigned char nonce[LOGIN_NONCE_BYTES];
	char hex[LOGIN_NONCE_HEX + 1];
	const unsigned char *key;
	const char *val;
	size_t len;
	int st;

	if (c->login_csrf[0])
		return DB_OK;	/* made once a request */
	if ((st = login_key(c, &key)) != DB_OK)
		return st;
	/* The browser's nonce stays: a second tab's form leaves the first one's
	 * valid.  Only a browser that has none gets a new one. */
	if (!cookie_find(c->req->cookie, login_cookie_name(c), &val, &len) ||
	    !hex_decode(val, len, nonce, sizeof(nonce))) {
		if (!random_bytes(nonce, sizeof(nonce)))
			return DB_ERROR;
	}
	login_csrf_sign(key, SERVER_SECRET_LEN, nonce, now_unix() + LOGIN_CSRF_LIFETIME,
	    c->login_csrf);
	hex_encode(nonce, sizeof(nonce), hex);
	set_login_cookie(c, hex);
	return DB_OK;
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
	/* The form's nonce has served; expired sessions are purged by
	 * `gesprekctl` on a timer, not in a request. */
	set_login_cookie(c, NULL);
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

/* The login form's double-submit value against the cookie's nonce. */
static bool
login_csrf_ok(struct ctx *c, const char *sent)
{
	const unsigned char *key;
	const char *val;
	size_t len;

	if (!cookie_find(c->req->cookie, login_cookie_name(c), &val, &len))
		return false;
	if (login_key(c, &key) != DB_OK) {
		log_warn("session: no login secret: login form refused");
		return false;
	}
	return login_csrf_verify(key, SERVER_SECRET_LEN, val, len, sent, now_unix());
}

bool
auth_csrf_ok(struct ctx *c)
{
	/* From the body only: a token in a URL leaks through logs, history
	 * and Referer. */
	const char *sent = request_body_param(c->req, "csrf");

	if (sent == NULL)
		return false;
	if (!c->logged_in)
		return login_csrf_ok(c, sent);
	if (strlen(sent) != CSRF_HEX_LEN || strlen(c->session.csrf) != CSRF_HEX_LEN)
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
