/* app_sso.c -- who logs in, wherever the name comes from: the auth log's
 * lines, the employee row found or created at a first login, and single
 * sign-on through the web server (issue 19).
 *
 * Single sign-on: with [auth] method remote_user or both, a web server in
 * front (Apache with mod_auth_gssapi, mod_auth_mellon, mod_auth_openidc)
 * has authenticated the person and passes the name as the FastCGI
 * parameter REMOTE_USER.  It is believed only
 *   - from that parameter: never from an HTTP header (HTTP_REMOTE_USER and
 *     the like), which any browser can send;
 *   - on the trusted listener ([auth] trusted_listener), a socket only the
 *     SSO web server reaches: nginx fills REMOTE_USER from any client's
 *     "Authorization: Basic" header, so the ordinary listener never counts;
 *   - after the same mapping as a typed login (auth/loginname.h: case,
 *     realm; a principal of another realm is refused).
 * Then it is a login like PAM's: the employee found or created, a fresh
 * session with its own CSRF token, the roles read live, a line in the auth
 * log.  No throttling: the web server did the authenticating, and a name
 * that does not map costs nothing. */
#include "config.h"

#include <string.h>

#include "app.h"
#include "auth/loginname.h"
#include "auth/nss.h"
#include "base/log.h"
#include "base/util.h"
#include "store/employee.h"

/* A name that does not map is logged cut to as many characters as a login
 * may have (what is longer tells a reader nothing more), each escaped to
 * at most 4 bytes. */
#define LOG_TYPED_MAX LOGINNAME_MAX
#define LOG_ESCAPE_BYTES 4
#define LOG_NAME_BYTES (LOG_TYPED_MAX * LOG_ESCAPE_BYTES + sizeof("..."))

/* Characters a log line shows as they are: no blank, quote or control
 * character a reader or fail2ban could take for a field of its own. */
static bool
log_plain(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-' || ch == '@';
}

/* The name for the log: other bytes as \xHH, cut at LOG_TYPED_MAX with
 * "..." so a flood of long names cannot fill the disk. */
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
 * types can pose as it.  Never the password.  A single sign-on line ends
 * in "via remote_user": the start stays what fail2ban's filter reads. */
static void
log_line(struct ctx *c, const char *outcome, const char *name, const char *via)
{
	char shown[LOG_NAME_BYTES];

	log_name(name, shown, sizeof(shown));
	log_auth("%s from %s user %s%s%s", outcome, c->req->remote_addr,
	    shown[0] ? shown : "-", via ? " via " : "", via ? via : "");
}

void
auth_log_outcome(struct ctx *c, const char *outcome, const char *name)
{
	log_line(c, outcome, name, NULL);
}

int
auth_find_or_create(struct ctx *c, const char *login, struct employee *e)
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

const char *
auth_remote_user_param(char **envp)
{
	const char *value;

	/* libfcgi's FCGX_ParamArray is char **; nothing here writes to it. */
	if (loginname_remote_user((const char *const *)envp, &value) == REMOTE_USER_MANY)
		log_warn("sso: REMOTE_USER sent more than once on the trusted listener: "
		    "ignored (is nginx pointed at it?)");
	return value;
}

bool
auth_sso_enabled(const struct ctx *c)
{
	return c->conf->auth_method != AUTH_METHOD_PAM;
}

/* The name the web server vouches for, or NULL: only with single sign-on
 * on and only on the trusted listener (c->remote_user is set by app.c from
 * the FastCGI parameter of a request on that listener alone). */
static const char *
vouched_name(const struct ctx *c)
{
	if (!auth_sso_enabled(c) || c->remote_user == NULL || c->remote_user[0] == '\0')
		return NULL;
	return c->remote_user;
}

/* A name the web server vouches for that is not one of ours: no session,
 * and the login page says so.  A session this browser still has ends as
 * well: the web server now says it is someone else, and keeping the old
 * person signed in would believe the browser over the web server. */
static int
refuse(struct ctx *c, const char *name)
{
	log_line(c, "login failed", name, "remote_user");
	c->sso_refused = true;
	if (!c->has_session)
		return DB_OK;
	memset(&c->user, 0, sizeof(c->user));
	c->roles = 0;
	return auth_logout(c);
}

int
auth_remote_user(struct ctx *c)
{
	const char *name = vouched_name(c);
	char login[LOGINNAME_MAX + 1];
	struct employee e;
	int st;

	/* A form's POST keeps the session it was made in: a new one here
	 * would fail its CSRF check; an ended session takes the login page's
	 * way (app_resume.c), whose GET signs in again.  The page after
	 * logout is the one page that must not sign in at once. */
	if (name == NULL || c->req->is_post || strcmp(c->req->path, SSO_LOGGED_OUT_PATH) == 0)
		return DB_OK;
	if (loginname_map(name, c->conf->realm, c->conf->login_pattern, login, sizeof(login)) != LOGINNAME_OK)
		return refuse(c, name);
	if (c->logged_in && strcmp(c->user.login, login) == 0)
		return DB_OK;	/* the session is this person's already */
	if ((st = auth_find_or_create(c, login, &e)) != DB_OK)
		return st;
	if (!e.active)
		return refuse(c, login);
	/* Another person's session in this browser (a shared machine) ends:
	 * auth_login replaces it. */
	if ((st = auth_login(c, e.id, e.is_hr || nss_in_group(login, c->conf->hr_group))) != DB_OK)
		return st;
	auth_begin(c, &e);
	c->sso_fresh = true;
	log_line(c, "login ok", login, "remote_user");
	return DB_OK;
}
