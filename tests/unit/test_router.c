/* test_router.c -- path patterns with ids, 404 and 405. */
#include "config.h"

#include "http/router.h"
#include "tap.h"

static int h(struct ctx *c) { (void)c; return 200; }

static const struct route table[] = {
	{ "GET", "/", h, ROLE_USER, "dashboard", NULL, NULL, "route.test" },
	{ "GET", "/login", h, ROLE_PUBLIC, "login", NULL, NULL, "route.test" },
	{ "POST", "/login", h, ROLE_PUBLIC, "login", NULL, NULL, "route.test" },
	{ "GET", "/dossiers/{id}", h, ROLE_USER, "dossier", NULL, NULL, "route.test" },
	{ "POST", "/conversations/{id}/items", h, ROLE_USER, NULL, NULL, NULL, "route.test" },
	{ "POST", "/a/{id}/b/{id}", h, ROLE_USER, NULL, NULL, NULL, "route.test" },
};
#define N (sizeof(table) / sizeof(table[0]))

int
main(void)
{
	struct route_result m;

	is_int(router_match(table, N, "GET", "/", &m), ROUTE_FOUND, "root found");
	ok(m.route == &table[0], "root route");
	is_int(router_match(table, N, "POST", "/login", &m), ROUTE_FOUND, "POST /login found");
	ok(m.route == &table[2], "the POST route, not the GET one");
	is_int(router_match(table, N, "HEAD", "/login", &m), ROUTE_FOUND, "HEAD answered by GET");
	is_int(router_match(table, N, "GET", "/dossiers/42", &m), ROUTE_FOUND, "id route found");
	ok(m.nids == 1 && m.ids[0] == 42, "id captured");
	is_int(router_match(table, N, "GET", "/dossiers/042", &m), ROUTE_NO_PATH, "leading zero: 404");
	is_int(router_match(table, N, "GET", "/dossiers/0", &m), ROUTE_NO_PATH, "id 0: 404");
	is_int(router_match(table, N, "GET", "/dossiers/-1", &m), ROUTE_NO_PATH, "negative id: 404");
	is_int(router_match(table, N, "GET", "/dossiers/1e3", &m), ROUTE_NO_PATH, "exponent: 404");
	is_int(router_match(table, N, "GET", "/dossiers/9999999999999", &m), ROUTE_NO_PATH, "13 digits: 404");
	is_int(router_match(table, N, "GET", "/dossiers/", &m), ROUTE_NO_PATH, "missing id: 404");
	is_int(router_match(table, N, "GET", "/dossiers/4/", &m), ROUTE_NO_PATH, "trailing slash: 404");
	is_int(router_match(table, N, "GET", "/nope", &m), ROUTE_NO_PATH, "unknown path: 404");
	is_int(router_match(table, N, "DELETE", "/login", &m), ROUTE_NO_METHOD, "DELETE /login: 405");
	is_str(m.allow, "GET, HEAD, POST", "Allow lists GET, HEAD, POST");
	is_int(router_match(table, N, "GET", "/conversations/7/items", &m), ROUTE_NO_METHOD, "GET on a POST route: 405");
	is_str(m.allow, "POST", "Allow lists POST");
	is_int(router_match(table, N, "POST", "/a/3/b/5", &m), ROUTE_FOUND, "two ids");
	ok(m.nids == 2 && m.ids[0] == 3 && m.ids[1] == 5, "both ids captured in order");
	ok(router_pattern_ok("/a/{id}/b"), "good pattern");
	ok(!router_pattern_ok("a/{id}"), "relative pattern refused");
	ok(!router_pattern_ok("/a/{name}"), "unknown placeholder refused");
	ok(!router_pattern_ok("/a{id}"), "placeholder inside a segment refused");
	return tap_done();
}
