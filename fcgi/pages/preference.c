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
#include "store/preference.h"

/* Characters a path to return to may hold: what our own routes use.  A
 * path with anything else (a scheme, "//", a backslash, a query) is not
 * one of our pages: the switch returns to the dashboard instead. */
static bool
path_char_ok(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= '0' && ch <= '9') || ch == '/' || ch == '-' || ch == '_' || ch == '.';
}

/* back is a same-origin path of a page (a GET route) this person may ask
 * for again; the route's own checks run when it is asked for. */
static bool
back_ok(const char *back, size_t max)
{
	struct route_result m;
	size_t i;

	if (back == NULL || back[0] != '/' || back[1] == '/' || strlen(back) >= max)
		return false;
	for (i = 0; back[i]; i++)
		if (!path_char_ok(back[i]) || (back[i] == '.' && back[i + 1] == '.'))
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
