/* app.h -- the request pipeline and what a page handler sees: the parsed
 * request, the worker's database handle, the session and the user, and the
 * page document it builds. */
#ifndef GESPREK_APP_H
#define GESPREK_APP_H

#include <stdbool.h>
#include <stdint.h>

#include <libxml/tree.h>

#include "auth/session.h"
#include "conf.h"
#include "http/request.h"
#include "http/router.h"
#include "input.h"
#include "store/store.h"

struct styles;

/* Per-thread state, alive as long as its thread. */
struct worker {
	const struct conf *conf;
	struct db *db;
	const char *broker_path;	/* auth broker socket */
	int index;
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
	bool is_hr;			/* live: employee.is_hr or the HR group */
	/* Without a session: the login form's signed token (auth_login_form). */
	char login_csrf[LOGIN_CSRF_MAX + 1];

	/* The page being built; the route's stylesheet renders it. */
	xmlDocPtr doc;
	xmlNodePtr page;
	const char *style;
	bool keep_page;			/* a 5xx answered with this page, not the error page */
	char location[256];		/* for 303 */

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

/* The table of every route (fcgi/pages/routes.c). */
extern const struct route app_routes[];
extern const size_t app_routes_len;

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
