/* router.h -- matching a method and path against the one route table
 * (fcgi/pages/routes.c).  Pure code: unit-tested on its own. */
#ifndef GESPREK_ROUTER_H
#define GESPREK_ROUTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Ids a path may carry, as "{id}" segments of a pattern. */
#define ROUTE_IDS_MAX 4
/* Room for "GET, HEAD, POST" in an Allow header. */
#define ROUTE_ALLOW_MAX 64

struct ctx;
struct field;

/* Who may call a route.  Ownership of the objects named by ids is checked
 * by the handler, through store functions that take the user. */
enum role {
	ROLE_PUBLIC,	/* anyone, also without a session */
	ROLE_USER,	/* any logged-in employee */
	ROLE_HR,	/* HR administrator (rules/roles.h roles_administers) */
	ROLE_AUDITOR,	/* the audit trail's reader (roles_audits) */
	/* HR administrator or auditor (roles_oversees): the privacy
	 * statement (issue 18), which names no one's content. */
	ROLE_HR_OR_AUDITOR,
};

/* A handler returns the HTTP status: 200 renders ctx's page, 303 redirects,
 * anything else renders the error page of that status. */
typedef int (*route_fn)(struct ctx *);

struct route {
	const char *method;	/* "GET" (also answers HEAD) or "POST" */
	const char *pattern;	/* "/conversations/{id}/items" */
	route_fn handler;
	enum role role;
	const char *style;	/* stylesheet name without .xsl, or NULL */
	route_fn csrf_failed;	/* optional: answers a POST with a bad token */
	const struct field *fields;	/* declared input (fcgi/http/input.h), NULL: none */
	/* What the route shows or does and for whom beyond its role: the key
	 * of its description in xslt/i18n ("route.get.dossiers.id"), for the
	 * privacy statement (issue 18).  Required: app_check_routes refuses a
	 * route without one, gesprekctl check names it. */
	const char *about;
};

enum route_match {
	ROUTE_FOUND,
	ROUTE_NO_PATH,		/* 404 */
	ROUTE_NO_METHOD,	/* 405; allow lists the methods */
};

struct route_result {
	const struct route *route;
	int64_t ids[ROUTE_IDS_MAX];
	size_t nids;
	char allow[ROUTE_ALLOW_MAX];
};

enum route_match router_match(const struct route *table, size_t n,
    const char *method, const char *path, struct route_result *out);

/* A role's name as `gesprekctl routes` and the privacy statement print
 * it: "public", "user", "hr", "auditor", "hr_or_auditor". */
const char *router_role_name(enum role r);

/* True when a pattern is well formed (checked for the table at start-up). */
bool router_pattern_ok(const char *pattern);

#endif
