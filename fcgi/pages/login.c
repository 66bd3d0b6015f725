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
_Static_assert(LOGINNAME_MAX == LOGIN_MAX, "a mapped login fits employee.login");

/* Logins are what Unix and directory services allow in a user name. */
static bool
login_name_ok(const char *s)
{
	return login_name_valid(s, LOGIN_MAX);
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
	/* A name the SSO web server vouched for that is not one of ours says
	 * so where no other error does. */
	if ((error == NULL || error[0] == '\0') && c->sso_refused)
		error = "sso-denied";
	xml_set(n, "error", error ? error : "");
	/* method = remote_user: the web server signs in; no password form. */
	if (c->conf->auth_method == AUTH_METHOD_REMOTE_USER)
		xml_set(n, "sso", "only");
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

	int st;

	/* Signed in by the web server on this very request: as after a typed
	 * login, back to the page asked for with a form kept for it. */
	if (c->sso_fresh) {
		if ((st = resume_after_login(c, c->user.id, next)) != DB_OK)
			return http_status_of(st);
		return HANDLER_REDIRECT;
	}
	if (c->logged_in) {
		strlcopy(c->location, next[0] ? next : "/", sizeof(c->location));
		return HANDLER_REDIRECT;
	}
	return show_form(c, "", "", 200);
}

/* GET /logged-out: after a logout through single sign-on.  The browser
 * still holds its Kerberos ticket (or IdP session), so the next page signs
 * it in again at once: the page says so instead of showing a form that
 * looks like the way back in.  Writes nothing. */
int
logged_out_get(struct ctx *c)
{
	int st;

	if (c->logged_in) {
		strlcopy(c->location, "/", sizeof(c->location));
		return HANDLER_REDIRECT;
	}
	if ((st = login_form(c, "", "", "", FORM_NOT_KEPT, 200)) != 200)
		return st;
	/* The login element login_form just added. */
	xml_set(xmlLastElementChild(c->page), "loggedout", "1");
	return 200;
}

int
login_csrf_failed(struct ctx *c)
{
	/* Most often an expired form: show a fresh one and say so. */
	return show_form(c, request_param(c->req, "username"), "csrf", 403);
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

	if ((st = auth_find_or_create(c, login, &e)) != DB_OK)
		return http_status_of(st);
	if (!e.active) {
		auth_log_outcome(c, "login failed", login);
		return denied(c, typed, started);
	}
	st = attempt_succeeded(c->db, attempt, login, c->req->remote_addr);
	if (st != DB_OK)
		return http_status_of(st);
	st = auth_login(c, e.id, e.is_hr || nss_in_group(login, c->conf->hr_group));
	if (st != DB_OK)
		return http_status_of(st);
	auth_log_outcome(c, "login ok", login);
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

	/* method = remote_user: only the web server signs in. */
	if (c->conf->auth_method == AUTH_METHOD_REMOTE_USER) {
		auth_log_outcome(c, "login refused (method remote_user)", typed);
		return show_form(c, "", "", 403);
	}
	/* A name no account can have, or no password: no try to count. */
	if (loginname_map(typed, c->conf->realm, c->conf->login_pattern, login, sizeof(login)) != LOGINNAME_OK) {
		auth_log_outcome(c, "login failed", typed);
		return denied(c, typed, started);
	}
	if (!password_ok(password)) {
		auth_log_outcome(c, "login failed", login);
		return denied(c, typed, started);
	}
	st = attempt_reserve(c->db, login, c->req->remote_addr, &lim, &allowed, &attempt);
	if (st != DB_OK)
		return http_status_of(st);
	if (!allowed) {
		auth_log_outcome(c, "login throttled", login);
		return show_form(c, typed, "throttled", 429);
	}
	ar = broker_check(c->w->broker_path, login, password, c->conf->broker_timeout);
	if (ar == AUTH_UNAVAILABLE) {
		/* Not the user's fault: the try does not count.  Should the
		 * release fail, it counts as a failure: the safe side. */
		attempt_release(c->db, attempt);
		auth_log_outcome(c, "login unavailable", login);
		c->keep_page = true;
		return show_form(c, typed, "unavailable", 503);
	}
	if (ar == AUTH_DENIED) {
		auth_log_outcome(c, "login failed", login);
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
	auth_log_outcome(c, "logout", login);
	/* Signed in by the web server: the login page would sign in again
	 * at once; the logged-out page says why. */
	strlcopy(c->location, auth_sso_enabled(c) && c->remote_user && c->remote_user[0] ?
	    SSO_LOGGED_OUT_PATH : "/login", sizeof(c->location));
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
