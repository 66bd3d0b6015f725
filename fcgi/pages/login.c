/* login.c -- GET/POST /login and POST /logout.
 *
 * Every failed login takes at least LOGIN_FAIL_FLOOR_US and gives the same
 * answer, whether the account exists or not, so neither the text nor the
 * timing tells an attacker which logins are real.  Throttling counts
 * failures per login and per client address in MariaDB, so it holds across
 * every gesprekd instance. */
#include "config.h"

#include <string.h>
#include <time.h>

#include "app.h"
#include "auth/broker.h"
#include "auth/nss.h"
#include "auth/session.h"
#include "log.h"
#include "pages/pages.h"
#include "util.h"
#include "xml/page.h"

#define LOGIN_FAIL_FLOOR_US 400000

/* Logins are what Unix and directory services allow in a user name. */
static bool
login_name_ok(const char *s)
{
	return login_name_valid(s, LOGIN_MAX);
}

/* The login form, with its signed CSRF token (no session row). */
static int
show_form(struct ctx *c, const char *username, const char *error, int status)
{
	xmlNodePtr n;
	int st;

	if (!c->logged_in && (st = auth_login_form(c)) != DB_OK)
		return http_status_of(st);
	if (!page_begin(c, "login"))
		return 500;
	n = xml_add(c->page, "login");
	xml_set(n, "username", username && login_name_ok(username) ? username : "");
	xml_set(n, "error", error ? error : "");
	return status;
}

static void
wait_until(int64_t deadline_us)
{
	int64_t left = deadline_us - now_us();
	struct timespec ts;

	if (left <= 0)
		return;
	ts.tv_sec = left / 1000000;
	ts.tv_nsec = (left % 1000000) * 1000;
	while (nanosleep(&ts, &ts) != 0)
		;
}

/* Writes nothing: a visitor costs no row (DESIGN §9). */
int
login_get(struct ctx *c)
{
	if (c->logged_in) {
		strlcopy(c->location, "/", sizeof(c->location));
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

static int
fail(struct ctx *c, const char *login, int64_t started, const char *error, int status)
{
	if (login_name_ok(login) && strcmp(error, "denied") == 0)
		attempt_record(c->db, login, c->req->remote_addr, false);
	wait_until(started + LOGIN_FAIL_FLOOR_US);
	return show_form(c, login, error, status);
}

int
login_post(struct ctx *c)
{
	const char *login = request_param(c->req, "username");
	const char *password = request_param(c->req, "password");
	int64_t started = now_us(), by_login, by_ip;
	struct employee e;
	enum auth_result ar;
	int st;

	if (!login_name_ok(login) || password == NULL || password[0] == '\0' ||
	    strlen(password) > AUTH_PASS_MAX)
		return fail(c, login ? login : "", started, "denied", 403);
	st = attempts_failed(c->db, login, c->req->remote_addr, c->conf->throttle_window,
	    &by_login, &by_ip);
	if (st != DB_OK)
		return http_status_of(st);
	if (by_login >= c->conf->throttle_login || by_ip >= c->conf->throttle_address)
		return fail(c, login, started, "throttled", 429);
	ar = broker_check(c->w->broker_path, login, password, c->conf->broker_timeout);
	if (ar == AUTH_UNAVAILABLE) {
		c->keep_page = true;
		return show_form(c, login, "unavailable", 503);
	}
	if (ar == AUTH_DENIED)
		return fail(c, login, started, "denied", 403);
	if ((st = find_or_create(c, login, &e)) != DB_OK)
		return http_status_of(st);
	if (!e.active)
		return fail(c, login, started, "denied", 403);
	if ((st = attempt_record(c->db, login, c->req->remote_addr, true)) != DB_OK)
		return http_status_of(st);
	st = auth_login(c, e.id, e.is_hr || nss_in_group(login, c->conf->hr_group));
	if (st != DB_OK)
		return http_status_of(st);
	log_info("login: %s", login);
	strlcopy(c->location, "/", sizeof(c->location));
	return HANDLER_REDIRECT;
}

int
logout_post(struct ctx *c)
{
	int st = auth_logout(c);

	if (st != DB_OK)
		return http_status_of(st);
	strlcopy(c->location, "/login", sizeof(c->location));
	return HANDLER_REDIRECT;
}
