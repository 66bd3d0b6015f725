/* preference.c -- POST /me/language: the language switch in the user menu
 * (layout.xsl).  The choice is kept with the person (store/preference.h),
 * so it follows them to every browser and into their e-mail; without one
 * the browser's Accept-Language decides, as before (app_auth.c).  Answers
 * with a redirect back to the page the switch was pressed on. */
#include "config.h"

#include <string.h>

#include "app.h"
#include "http/router.h"
#include "pages/pages.h"
#include "base/util.h"
#include "base/validate.h"
#include "store/preference.h"

/* back is a same-origin path (local_path_valid: the one check the login's
 * return path uses too) of a page, a GET route with a page of its own,
 * that this person may ask for again; the route's own checks run when it
 * is asked for.  ".." is no part of our paths: anything with it, or with a
 * query, matches no route and returns to the dashboard. */
static bool
back_ok(const char *back, size_t max)
{
	struct route_result m;

	if (back == NULL || !local_path_valid(back, max - 1) || strstr(back, "..") != NULL)
		return false;
	return router_match(app_routes, app_routes_len, "GET", back, &m) == ROUTE_FOUND &&
	    m.route->style != NULL;
}

int
language_post(struct ctx *c)
{
	const char *lang = input_text(&c->in, "lang");
	const char *back = input_text(&c->in, "back");
	int st;

	/* Only the two languages of the catalogs (routes.c declares them),
	 * and a return path of a sane length: else nothing is changed. */
	if (lang == NULL || c->in.form.failed)
		return 400;
	if ((st = pref_lang_set(c->db, c->user.id, lang)) != DB_OK)
		return http_status_of(st);
	strlcopy(c->location, back_ok(back, sizeof(c->location)) ? back : "/",
	    sizeof(c->location));
	return HANDLER_REDIRECT;
}
