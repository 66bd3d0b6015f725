/* routes.c -- every route of gesprek in one table: method, path, handler,
 * who may call it, and the stylesheet that renders its page.  Deny by
 * default: a route is public only when it says so. */
#include "config.h"

#include <stdio.h>

#include "app.h"
#include "pages/pages.h"
#include "xml/render.h"

const struct route app_routes[] = {
	{ "GET",  "/",       dashboard_get, ROLE_USER,   "dashboard", NULL },
	{ "GET",  "/login",  login_get,     ROLE_PUBLIC, "login",     NULL },
	{ "POST", "/login",  login_post,    ROLE_PUBLIC, "login",     login_csrf_failed },
	{ "POST", "/logout", logout_post,   ROLE_USER,   NULL,        NULL },
};

const size_t app_routes_len = sizeof(app_routes) / sizeof(app_routes[0]);

bool
app_check_routes(const struct styles *s, char *err, size_t errlen)
{
	size_t i;

	if (!styles_has(s, "error")) {
		snprintf(err, errlen, "stylesheet error.xsl is missing");
		return false;
	}
	for (i = 0; i < app_routes_len; i++) {
		const struct route *r = &app_routes[i];

		if (!router_pattern_ok(r->pattern)) {
			snprintf(err, errlen, "route %s %s: bad pattern", r->method, r->pattern);
			return false;
		}
		if (r->style && !styles_has(s, r->style)) {
			snprintf(err, errlen, "route %s %s: stylesheet %s.xsl is missing",
			    r->method, r->pattern, r->style);
			return false;
		}
	}
	return true;
}
