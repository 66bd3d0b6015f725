/* app.h -- the request pipeline and what a page handler sees: the parsed
 * request, the worker's database handle, the session and the user, and the
 * page document it builds. */
#ifndef GESPREK_APP_H
#define GESPREK_APP_H

#include <stdbool.h>
#include <stdint.h>

#include <libxml/tree.h>

#include "auth/session.h"
#include "base/conf.h"
#include "http/request.h"
#include "http/router.h"
#include "http/input.h"
#include "store/employee.h"
#include "store/session.h"

struct styles;
struct describe;

/* A redirect's target: a return-to path of RETURN_PATH_MAX percent-encoded
 * (three bytes each) after "/login?next=" fits. */
#define RETURN_PATH_MAX 255
#define LOCATION_MAX (sizeof("/login?next=") + 3 * RETURN_PATH_MAX)

/* Per-thread state, alive as long as its thread. */
struct worker {
	const struct conf *conf;
	struct db *db;
	const char *broker_path;	/* auth broker socket */
	int index;
	/* The listener whose requests may bring REMOTE_USER ([auth]
	 * trusted_listener), -1 for none: a request is trusted when its
	 * FCGX_Request's listen_sock is this one. */
	int trusted_fd;
	/* sql/describe.tsv, read once at start (base/describe.h) for the
	 * privacy statement; NULL when it could not be read (logged). */
	const struct describe *describe;
};

struct ctx {
	struct worker *w;
	struct db *db;
	const struct conf *conf;
	struct request *req;
	const struct route *route;
	int64_t ids[ROUTE_IDS_MAX];
	struct input in;		/* the request checked against route->fields */
	const char *lang;		/* "nl" or "en" */
	struct styles *styles;

	/* Session: present when the cookie named a live one. */
	bool has_session;
	struct session_row session;
	bool logged_in;
	struct employee user;
	/* Live HR roles (rules/roles.h HR_*): from employee.is_hr and the
	 * configured groups, looked up at every request (app_auth.c). */
	unsigned roles;
	/* The cookie named a session that has ended (idle or absolute
	 * limit): its hash, to find whose it was (app_resume.c). */
	bool session_ended;
	unsigned char ended_hash[SHA256_LEN];
	/* Without a session: the login form's signed token (auth_login_form). */
	char login_csrf[LOGIN_CSRF_MAX + 1];
	/* Single sign-on (app_sso.c): the FastCGI parameter REMOTE_USER of a
	 * request on the trusted listener, else NULL; whether it was refused
	 * (another realm, a deactivated account) or made a session now. */
	const char *remote_user;
	bool sso_refused;
	bool sso_fresh;

	/* The page being built; the route's stylesheet renders it. */
	xmlDocPtr doc;
	xmlNodePtr page;
	const char *style;
	bool keep_page;			/* a 5xx answered with this page, not the error page */
	char location[LOCATION_MAX];	/* for 303 */

	/* page_cache_begin: what the handler read, to find the page rendered
	 * from exactly the same rows, and the stamps read before them
	 * (xml/pagecache.h). */
	bool cache;
	struct buf transcript;
	struct buf stamps;		/* what the page will be kept on */
	struct buf person_stamps;	/* the viewer's own */
	struct buf cache_key;		/* the context, once made */
};

/* Starts a page document for route `name` with user and flash filled in;
 * false when out of memory. */
bool page_begin(struct ctx *c, const char *name);

/* Called by a GET handler before it reads its page's data: when the page
 * turns out the same as one rendered before -- the same context (route,
 * path, parameters, language, session and user) and the same rows, byte
 * for byte -- the rendered one is sent instead of rendering it again.  Only
 * for pages that are a function of those alone (no clock, no randomness)
 * and only with status 200 and no flash message. */
void page_cache_begin(struct ctx *c);
/* What a page's data depends on, for page_cache_stamped. */
enum stamp_scope {
	STAMP_PERSON,		/* the viewer's dossiers (the dashboard) */
	STAMP_DOSSIER,		/* id: a dossier */
	STAMP_CONVERSATION,	/* id: a conversation, of a dossier */
};
/* Then, for a page whose data the page stamps mark (store/stamp.h): when
 * the page kept for this context has the same stamps -- the viewer's own,
 * read with the session, or else the dossier's -- it is sent and true
 * returned: the handler returns HANDLER_SENT without reading anything
 * else.  Otherwise the page will be kept on the dossier's stamp ... */
bool page_cache_stamped(struct ctx *c, enum stamp_scope scope, int64_t id);
/* ... or, when the handler finds the viewer is the dossier's employee or
 * manager (whose own stamp moves with every change to it), on theirs. */
void page_cache_by_person(struct ctx *c);

/* The session of a request (fcgi/app_auth.c). */
/* Reads the cookie and loads the session and its user; the HR role comes
 * from employee.is_hr (read with the session) or the HR group, never from
 * what was true at login.  DB_OK also when there is none; DB_UNAVAILABLE
 * and DB_ERROR pass through. */
int auth_load(struct ctx *c);
/* Makes the login form's token (c->login_csrf) and sets its cookie,
 * keeping the nonce of a cookie the browser sent.  Writes nothing. */
int auth_login_form(struct ctx *c);
/* Replaces any session with a fresh one for employee_id (login) and clears
 * the login form's cookie.  is_hr is recorded only. */
int auth_login(struct ctx *c, int64_t employee_id, bool is_hr);
/* Deletes the session and clears the cookie. */
int auth_logout(struct ctx *c);
/* True when the csrf field of the POST's body (never its query string)
 * matches: the session's token when logged in, else the login form's
 * signed double-submit value. */
bool auth_csrf_ok(struct ctx *c);
/* Keeps a message key for the next page (post/redirect/get). */
int auth_flash(struct ctx *c, const char *key);

/* Logins, wherever the name comes from (fcgi/app_sso.c). */
/* The page after a logout through single sign-on: it must not sign the
 * browser in again at once (it says that the next page will). */
#define SSO_LOGGED_OUT_PATH "/logged-out"
/* One auth log line: "OUTCOME from ADDR user NAME", the name escaped and
 * cut (what a visitor typed cannot pose as another field). */
void auth_log_outcome(struct ctx *c, const char *outcome, const char *name);
/* The employee row of a login that was accepted, created at the first
 * login (the name from NSS). */
int auth_find_or_create(struct ctx *c, const char *login, struct employee *e);
/* The FastCGI parameter REMOTE_USER of envp; NULL when absent or sent
 * more than once (fail closed: which one a library reads differs). */
const char *auth_remote_user_param(char **envp);
/* True when [auth] method lets REMOTE_USER in (remote_user or both). */
bool auth_sso_enabled(const struct ctx *c);
/* After auth_load: a GET on the trusted listener with REMOTE_USER logs
 * that person in (a new session, unless the session is theirs already),
 * or sets c->sso_refused for a name that is not one of ours.  DB_OK also
 * when there is nothing to do. */
int auth_remote_user(struct ctx *c);
/* The request goes on as e, logged in with the session just made (roles
 * read live, as auth_load does). */
void auth_begin(struct ctx *c, const struct employee *e);

/* Nothing typed is lost (fcgi/app_resume.c). */
/* A POST to a logged-in route whose session has ended: keeps the form's
 * declared fields against the person the ended session was (when its CSRF
 * token matches that session's), never logged, and answers the login form
 * saying the session ended, with the page to return to. */
int resume_expired_post(struct ctx *c);
/* A GET of a logged-in page without a session: 303 to the login form,
 * carrying the page (path and query) to come back to. */
int resume_to_login(struct ctx *c);
/* After employee_id logged in: c->location becomes `next` when it is a
 * path of this site (local_path_valid), else the dashboard; a form kept
 * for that page is announced by a flash and put back on its GET. */
int resume_after_login(struct ctx *c, int64_t employee_id, const char *next);
/* After a GET handler built its page (status 200) following the login
 * above: the kept form of this page and person is taken out of the store
 * and put into the page as /page/form[@restored = 1], unsaved.  The
 * handler answering 200 is the page's own access check, done again. */
int resume_restore(struct ctx *c, int status);
/* For a page that builds its form from the request's fields (the template
 * editor, whose rows repeat): on the GET after the login above, the kept
 * form of this page and person is taken out of the store and its fields
 * become the request's body fields, as if the form had been sent again
 * without a button (*restored; nothing is saved).  The handler reads them
 * as it reads a POST; its form then stands in the page, so resume_restore
 * leaves it alone. */
int resume_take_fields(struct ctx *c, bool *restored);
/* What became of a form sent after the session ended (app_resume.c). */
enum kept_form {
	FORM_NOT_KEPT,		/* not a form that is kept, or not this session's */
	FORM_KEPT,		/* kept: back in its form after login */
	FORM_TOO_LARGE,		/* past DRAFT_BYTES_MAX: the page says how to save it */
};
/* The login form saying the session ended, with the page to return to and
 * what became of the typed text (fcgi/pages/login.c, given like
 * app_error_page). */
extern int (*const app_expired_page)(struct ctx *c, const char *next, enum kept_form kept);

/* The table of every route (fcgi/pages/routes.c). */
extern const struct route app_routes[];
extern const size_t app_routes_len;
/* The handlers that ask the page cache (page_cache_stamped), listed next
 * to the table: their GETs read the page stamps with the session, which
 * every other request reads without (store/session.h).  A handler missing
 * here is never answered from the cache, only slower. */
extern const route_fn app_stamped_handlers[];
extern const size_t app_stamped_handlers_len;
/* Routes whose requests carry more than [limits] allows any other form
 * (the template editor sends a whole template in one request): declared
 * next to their fields in routes.c, found by the route's field
 * declaration.  params: their own bound on the number of parameters
 * (never below [limits] params); body_as_upload: their urlencoded body is
 * bounded by [limits] upload, the bound of an imported file, instead of
 * [limits] body. */
struct route_bounds {
	const struct field *fields;
	size_t params;
	bool body_as_upload;
};
extern const struct route_bounds app_route_bounds[];
extern const size_t app_route_bounds_len;
/* The bounds of a request on route r (NULL: none found): [limits], or
 * what the route declares beyond them (app_route_bounds). */
struct limits app_limits_for(const struct conf *conf, const struct route *r);
/* The error page (fcgi/pages/error.c), given with the table by the pages
 * layer: app.c answers a failed handler with it but may not include a page,
 * since pages sit above it (fcgi/LAYERS). */
extern int (*const app_error_page)(struct ctx *c, int status);

/* Checks the route table against the stylesheets at start-up. */
bool app_check_routes(const struct styles *s, char *err, size_t errlen);

/* Handles one FastCGI request end to end.  True when its answer is held
 * (request_hold) and f went to http/defer.h's delay thread: the caller
 * must not finish f and takes a fresh one. */
bool app_handle(struct worker *w, FCGX_Request *f);

/* The HTTP status a store result leads to. */
int http_status_of(int db_status);

/* Handler return for "redirect to c->location". */
#define HANDLER_REDIRECT 303
/* Handler return for "the handler sent the response itself" (downloads). */
#define HANDLER_SENT 1

#endif
