/* login.c -- GET/POST /login and POST /logout.
 *
 * Every failed login takes at least LOGIN_FAIL_FLOOR_US and gives the same
 * answer, whether the account exists or not, so neither the text nor the
 * timing tells an attacker which logins are real.  The answer is held for
 * that time (http/defer.h), not the worker thread.  A throttled try is
 * answered at once: it costs PAM nothing and tells nothing.
 *
 * The typed name is mapped first (auth/loginname.h: case, realm), and the
 * try is reserved in MariaDB before PAM is asked (store/session.h attempt_reserve),
 * so the limits hold for parallel tries and across every gesprekd
 * instance. */
#include "config.h"

#include <string.h>

#include "app.h"
#include "auth/broker.h"
#include "auth/loginname.h"
#include "auth/nss.h"
#include "auth/session.h"
#include "base/log.h"
#include "pages/pages.h"
#include "base/util.h"
#include "base/validate.h"
#include "xml/page.h"
#include "store/employee.h"
#include "store/session.h"

#define LOGIN_FAIL_FLOOR_US 400000
/* A typed name that does not map is logged cut to as many characters as a
 * login may have (what is longer tells a reader nothing more), each
 * escaped to at most 4 bytes. */
#define LOG_TYPED_MAX LOGINNAME_MAX
#define LOG_ESCAPE_BYTES 4
#define LOG_NAME_BYTES (LOG_TYPED_MAX * LOG_ESCAPE_BYTES + sizeof("..."))

_Static_assert(LOGINNAME_MAX == LOGIN_MAX, "a mapped login fits employee.login");

/* Logins are what Unix and directory services allow in a user name. */
static bool
login_name_ok(const char *s)
{
	return login_name_valid(s, LOGIN_MAX);
}

/* Characters a log line shows as they are: no blank, quote or control
 * character a reader or fail2ban could take for a field of its own. */
static bool
log_plain(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-' || ch == '@';
}

/* The typed name for the log: other bytes as \xHH, cut at LOG_TYPED_MAX
 * with "..." so a flood of long names cannot fill the disk. */
static void
log_name(const char *typed, char *out, size_t outlen)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, o = 0;

	if (typed == NULL)
		typed = "";
	for (i = 0; typed[i] != '\0' && i < LOG_TYPED_MAX; i++) {
		unsigned char ch = (unsigned char)typed[i];

		if (o + LOG_ESCAPE_BYTES + sizeof("...") > outlen)
			break;
		if (log_plain(ch)) {
			out[o++] = (char)ch;
			continue;
		}
		out[o++] = '\\';
		out[o++] = 'x';
		out[o++] = hex[ch >> 4];
		out[o++] = hex[ch & 0xf];
	}
	out[o] = '\0';
	if (typed[i] != '\0')
		strlcopy(out + o, "...", outlen - o);
}

/* One line per outcome; the address comes first so nothing a visitor
 * types can pose as it.  Never the password. */
static void
log_outcome(struct ctx *c, const char *outcome, const char *name)
{
	char shown[LOG_NAME_BYTES];

	log_name(name, shown, sizeof(shown));
	log_auth("%s from %s user %s", outcome, c->req->remote_addr,
	    shown[0] ? shown : "-");
}

/* The page to return to after login, as the form or link carried it:
 * only a path of this site (base/validate.h), else none. */
static const char *
return_path(const struct ctx *c)
{
	const char *next = request_param(c->req, "next");

	return next && local_path_valid(next, RETURN_PATH_MAX) ? next : "";
}

/* The login form, with its signed CSRF token (no session row) and the page
 * to return to. */
static int
login_form(struct ctx *c, const char *username, const char *error, const char *next,
    enum kept_form kept, int status)
{
	xmlNodePtr n;
	int st;

	if (!c->logged_in && (st = auth_login_form(c)) != DB_OK)
		return http_status_of(st);
	if (!page_begin(c, "login"))
		return 500;
	c->style = "login";	/* also for a form of another route (expired) */
	n = xml_add(c->page, "login");
	xml_set(n, "username", username && login_name_ok(username) ? username : "");
	xml_set(n, "error", error ? error : "");
	xml_set(n, "next", next);
	if (kept == FORM_KEPT)
		xml_set(n, "kept", "1");
	else if (kept == FORM_TOO_LARGE)
		xml_set(n, "kept", "too-large");
	return status;
}

static int
show_form(struct ctx *c, const char *username, const char *error, int status)
{
	return login_form(c, username, error, return_path(c), FORM_NOT_KEPT, status);
}

/* A form sent after the session ended (app_resume.c): 403, as before, but
 * the login form saying so, returning to the form's page.  The username
 * is not prefilled: the page tells nothing about whose session it was. */
static int
expired_page(struct ctx *c, const char *next, enum kept_form kept)
{
	return login_form(c, "", "expired",
	    next && local_path_valid(next, RETURN_PATH_MAX) ? next : "", kept, 403);
}

int (*const app_expired_page)(struct ctx *c, const char *next, enum kept_form kept) =
    expired_page;

/* Writes nothing: a visitor costs no row (DESIGN §9). */
int
login_get(struct ctx *c)
{
	const char *next = return_path(c);

	if (c->logged_in) {
		strlcopy(c->location, next[0] ? next : "/", sizeof(c->location));
		return HANDLER_REDIRECT;
	}
	return show_form(c, "", "", 200);
}

int
login_csrf_failed(struct ctx *c)
{
	/* Most often an expired form: show a fresh one and say so. */
	return show_form(c, request_param(c->req, "username"), "csrf", 403);
}

/* The employee row of a login PAM accepted, created on first login. */
static int
find_or_create(struct ctx *c, const char *login, struct employee *e)
{
	char name[NAME_BYTES + 1];
	int64_t id;
	int st = employee_by_login(c->db, login, e);

	if (st != DB_NOTFOUND)
		return st;
	nss_full_name(login, name, sizeof(name));
	st = employee_create(c->db, login, name, &id);
	if (st == DB_DUPLICATE)	/* a parallel first login won */
		return employee_by_login(c->db, login, e);
	if (st != DB_OK)
		return st;
	log_info("login: created employee %lld for %s", (long long)id, login);
	return employee_by_id(c->db, id, e);
}

/* The one answer of every failed login, held until the floor. */
static int
denied(struct ctx *c, const char *typed, int64_t started)
{
	request_hold(c->req, started + LOGIN_FAIL_FLOOR_US);
	return show_form(c, typed, "denied", 403);
}

static bool
password_ok(const char *password)
{
	return password != NULL && password[0] != '\0' && strlen(password) <= AUTH_PASS_MAX;
}

/* After PAM said yes: the employee, the attempt marked a success, the
 * session. */
static int
log_in(struct ctx *c, const char *typed, const char *login, int64_t attempt,
    int64_t started)
{
	struct employee e;
	int st;

	if ((st = find_or_create(c, login, &e)) != DB_OK)
		return http_status_of(st);
	if (!e.active) {
		log_outcome(c, "login failed", login);
		return denied(c, typed, started);
	}
	st = attempt_succeeded(c->db, attempt, login, c->req->remote_addr);
	if (st != DB_OK)
		return http_status_of(st);
	st = auth_login(c, e.id, e.is_hr || nss_in_group(login, c->conf->hr_group));
	if (st != DB_OK)
		return http_status_of(st);
	log_outcome(c, "login ok", login);
	/* Back to the page asked for (a link, or a form the session ended
	 * under), else the dashboard. */
	if ((st = resume_after_login(c, e.id, return_path(c))) != DB_OK)
		return http_status_of(st);
	return HANDLER_REDIRECT;
}

int
login_post(struct ctx *c)
{
	/* Declared in routes.c (so nothing else gets in) but read as typed:
	 * every wrong try, whatever its shape, gets the same answer and time
	 * from loginname_map and password_ok, never a form error. */
	const char *typed = request_param(c->req, "username");
	const char *password = request_param(c->req, "password");
	const struct attempt_limits lim = { c->conf->throttle_window,
		c->conf->throttle_login, c->conf->throttle_address };
	char login[LOGINNAME_MAX + 1];
	int64_t started = now_us(), attempt;
	enum auth_result ar;
	bool allowed;
	int st;

	/* A name no account can have, or no password: no try to count. */
	if (loginname_map(typed, c->conf->realm, login, sizeof(login)) != LOGINNAME_OK) {
		log_outcome(c, "login failed", typed);
		return denied(c, typed, started);
	}
	if (!password_ok(password)) {
		log_outcome(c, "login failed", login);
		return denied(c, typed, started);
	}
	st = attempt_reserve(c->db, login, c->req->remote_addr, &lim, &allowed, &attempt);
	if (st != DB_OK)
		return http_status_of(st);
	if (!allowed) {
		log_outcome(c, "login throttled", login);
		return show_form(c, typed, "throttled", 429);
	}
	ar = broker_check(c->w->broker_path, login, password, c->conf->broker_timeout);
	if (ar == AUTH_UNAVAILABLE) {
		/* Not the user's fault: the try does not count.  Should the
		 * release fail, it counts as a failure: the safe side. */
		attempt_release(c->db, attempt);
		log_outcome(c, "login unavailable", login);
		c->keep_page = true;
		return show_form(c, typed, "unavailable", 503);
	}
	if (ar == AUTH_DENIED) {
		log_outcome(c, "login failed", login);
		return denied(c, typed, started);
	}
	return log_in(c, typed, login, attempt, started);
}

int
logout_post(struct ctx *c)
{
	char login[LOGIN_MAX + 1];
	int st;

	/* Kept first: the logout may forget who it was. */
	strlcopy(login, c->logged_in ? c->user.login : "", sizeof(login));
	if ((st = auth_logout(c)) != DB_OK)
		return http_status_of(st);
	log_outcome(c, "logout", login);
	strlcopy(c->location, "/login", sizeof(c->location));
	return HANDLER_REDIRECT;
}

/* GET /session/alive: the idle warning's "stay logged in" (gesprek.js).
 * Loading the session touched it (at most once a minute, app_auth.c):
 * nothing more to do. */
int
session_alive_get(struct ctx *c)
{
	resp_send(c->req, 204, "text/plain; charset=utf-8", "", 0);
	return HANDLER_SENT;
}
