/* test_request.c -- FastCGI parameters to a request: limits, methods,
 * paths, the XML view, bodies. */
#include "config.h"

#include "base/conf.h"
#include "http/request.h"
#include "tap.h"

static struct conf c;

static int
head(struct request *r, const char **env, size_t *len)
{
	request_free(r);
	request_init(r);
	return request_head(r, (char **)env, &c.limits, len);
}

static void
test_paths(void)
{
	struct request r;
	size_t len;
	const char *env1[] = { "REQUEST_METHOD=GET", "REQUEST_URI=/dossiers/12.xml", NULL };
	const char *env2[] = { "REQUEST_METHOD=GET", "REQUEST_URI=/a%2Fb?x=1&y=%C3%A9", "QUERY_STRING=x=1&y=%C3%A9", NULL };
	const char *env3[] = { "REQUEST_METHOD=GET", "REQUEST_URI=/a%FF", NULL };
	const char *env4[] = { "REQUEST_METHOD=GET", "REQUEST_URI=/a%0Ab", NULL };
	const char *env5[] = { "REQUEST_METHOD=GET", "REQUEST_URI=relative", NULL };
	const char *env6[] = { "REQUEST_METHOD=G3T", "REQUEST_URI=/", NULL };
	const char *env7[] = { "REQUEST_METHOD=GET", "REQUEST_URI=/", "HTTP_ACCEPT=application/xml", NULL };

	request_init(&r);
	is_int(head(&r, env1, &len), 0, "plain GET parses");
	is_str(r.path, "/dossiers/12", ".xml suffix stripped");
	ok(r.want_xml, ".xml suffix asks for XML");
	is_int(head(&r, env2, &len), 0, "query parses");
	is_str(r.path, "/a/b", "path percent-decoded");
	is_str(request_param(&r, "y"), "\xc3\xa9", "query parameter decoded");
	is_int(head(&r, env3, &len), 400, "invalid UTF-8 in path: 400");
	is_int(head(&r, env4, &len), 400, "control character in path: 400");
	is_int(head(&r, env5, &len), 400, "relative path: 400");
	is_int(head(&r, env6, &len), 400, "bad method: 400");
	is_int(head(&r, env7, &len), 0, "Accept parses");
	ok(r.want_xml, "Accept: application/xml asks for XML");
	request_free(&r);
}

static void
test_limits(void)
{
	struct request r;
	size_t len;
	char cookie[5000], ua[9000], query[5000];
	const char *env_cookie[] = { "REQUEST_METHOD=GET", "REQUEST_URI=/", cookie, NULL };
	const char *env_ua[] = { "REQUEST_METHOD=GET", "REQUEST_URI=/", ua, NULL };
	const char *env_q[] = { "REQUEST_METHOD=GET", "REQUEST_URI=/?q", query, NULL };
	const char *env_big[] = { "REQUEST_METHOD=POST", "REQUEST_URI=/login", "CONTENT_TYPE=application/x-www-form-urlencoded", "CONTENT_LENGTH=10485760", NULL };
	const char *env_neg[] = { "REQUEST_METHOD=POST", "REQUEST_URI=/login", "CONTENT_LENGTH=-5", NULL };
	const char *env_sp[] = { "REQUEST_METHOD=POST", "REQUEST_URI=/login", "CONTENT_LENGTH=1 0", NULL };
	const char *env_ok[] = { "REQUEST_METHOD=POST", "REQUEST_URI=/login", "CONTENT_TYPE=application/x-www-form-urlencoded; charset=UTF-8", "CONTENT_LENGTH=7", NULL };
	const char *env_getbody[] = { "REQUEST_METHOD=GET", "REQUEST_URI=/", "CONTENT_LENGTH=7", NULL };
	const char *env_json[] = { "REQUEST_METHOD=POST", "REQUEST_URI=/login", "CONTENT_TYPE=application/json", "CONTENT_LENGTH=2", NULL };

	request_init(&r);
	snprintf(cookie, sizeof(cookie), "HTTP_COOKIE=%4097d", 1);
	is_int(head(&r, env_cookie, &len), 400, "cookie over 4k: 400");
	snprintf(ua, sizeof(ua), "HTTP_USER_AGENT=%8193d", 1);
	is_int(head(&r, env_ua, &len), 400, "header over 8k: 400");
	memcpy(query, "QUERY_STRING=", 13);
	memset(query + 13, 'q', 4097);
	query[13 + 4097] = '\0';
	is_int(head(&r, env_q, &len), 413, "query over 4k: 413");
	is_int(head(&r, env_big, &len), 413, "10 MB form body announced: 413");
	is_int(head(&r, env_neg, &len), 400, "negative length: 400");
	is_int(head(&r, env_sp, &len), 400, "length with a space: 400");
	is_int(head(&r, env_getbody, &len), 400, "GET with a body: 400");
	is_int(head(&r, env_ok, &len), 0, "form POST head parses");
	is_int(len, 7, "its length");
	is_int(request_body(&r, "a=1&b=2", 7, &c.limits), 0, "form body parses");
	is_str(request_param(&r, "b"), "2", "body parameter read");
	is_int(request_body(&r, "a=3", 3, &c.limits), 400, "a body repeating a query field: 400");
	is_int(head(&r, env_json, &len), 0, "json head parses");
	is_int(request_body(&r, "{}", 2, &c.limits), 400, "json body refused");
	/* A route's own bound (app.c read_request): the head was read under
	 * the widest; the body is refused before a byte of it is read. */
	is_int(head(&r, env_ok, &len), 0, "form POST head parses again");
	{
		struct limits own = c.limits;

		own.body = len - 1;
		is_int(request_read_body(&r, len, &own), 413, "a body over the route's bound: 413");
		is_int(request_read_body(&r, 0, &own), 0, "no body: nothing to read");
	}
	request_free(&r);
}

/* Where resp_redirect(target) sends the browser: the Location header it
 * adds ("" when it added none). */
static const char *
redirect_to(struct request *r, const char *target)
{
	static const char prefix[] = "Location: ";
	static char loc[256];
	size_t n;

	request_free(r);
	request_init(r);
	resp_redirect(r, target);
	loc[0] = '\0';
	if (r->headers.len < sizeof(prefix) + 1 ||
	    strncmp(r->headers.data, prefix, sizeof(prefix) - 1) != 0)
		return loc;
	n = r->headers.len - (sizeof(prefix) - 1) - 2;	/* without CRLF */
	if (n >= sizeof(loc) || memcmp(r->headers.data + r->headers.len - 2, "\r\n", 2) != 0)
		return loc;
	memcpy(loc, r->headers.data + sizeof(prefix) - 1, n);
	loc[n] = '\0';
	return loc;
}

static void
test_redirect(void)
{
	struct request r;

	request_init(&r);
	is_str(redirect_to(&r, "/"), "/", "the root is a local path");
	is_str(redirect_to(&r, "/dossiers/3?tab=2"), "/dossiers/3?tab=2", "a local path is kept");
	is_str(redirect_to(&r, "/%5Cx"), "/%5Cx", "an encoded backslash stays in the path");
	/* Browsers read "/\\host" like "//host": another site. */
	is_str(redirect_to(&r, "/\\evil.example"), "/", "/\\host: not followed");
	is_str(redirect_to(&r, "/\\/evil.example"), "/", "/\\/host: not followed");
	is_str(redirect_to(&r, "//evil.example"), "/", "//host: not followed");
	is_str(redirect_to(&r, "\\\\evil.example"), "/", "\\\\host: not followed");
	is_str(redirect_to(&r, "https://evil.example/"), "/", "an absolute URL: not followed");
	is_str(redirect_to(&r, ""), "/", "empty: the root");
	is_str(redirect_to(&r, "/a\r\nSet-Cookie: x=1"), "/", "CR LF: no header injected");
	is_str(redirect_to(&r, "/a\tb"), "/", "a control character: the root");
	request_free(&r);
}

static void
test_head(void)
{
	static const char want[] = "Status: 200 OK\r\nContent-Type: text/html\r\n"
	    "Content-Length: 12\r\n";
	size_t full = sizeof(want) - 1, first = full - strlen("Content-Length: 12\r\n");
	char head[RESP_HEAD_MAX], ctype[RESP_HEAD_MAX];

	is_int(resp_format_head(head, sizeof(head), 200, "text/html", 12), full, "head: its length");
	is_str(head, want, "head: status, type and length");
	is_int(resp_format_head(head, sizeof(head), 200, "text/html", -1), first,
	    "streamed: no Content-Length");
	is_int(resp_format_head(head, full + 1, 200, "text/html", 12), full, "an exact fit");
	is_int(resp_format_head(head, full, 200, "text/html", 12), -1,
	    "one byte short in Content-Length: refused");
	is_int(resp_format_head(head, first, 200, "text/html", 12), -1,
	    "one byte short in Content-Type: refused");
	memset(ctype, 'x', sizeof(ctype) - 1);
	ctype[sizeof(ctype) - 1] = '\0';
	is_int(resp_format_head(head, sizeof(head), 200, ctype, 12), -1,
	    "a type longer than the head: refused, not cut");
}

/* real_ip_from through the request: REMOTE_ADDR is replaced only behind a
 * trusted proxy that sent X-Forwarded-For. */
static void
test_client_address(void)
{
	struct request r;
	struct realip_list none = { 0 }, proxies;
	const char *why = NULL;
	size_t len;
	const char *via_proxy[] = { "REQUEST_METHOD=GET", "REQUEST_URI=/", "REMOTE_ADDR=10.0.0.5",
	    "HTTP_X_FORWARDED_FOR=6.6.6.6, 192.0.2.44", NULL };
	const char *direct[] = { "REQUEST_METHOD=GET", "REQUEST_URI=/", "REMOTE_ADDR=192.0.2.9",
	    "HTTP_X_FORWARDED_FOR=10.0.0.7", NULL };
	const char *no_header[] = { "REQUEST_METHOD=GET", "REQUEST_URI=/", "REMOTE_ADDR=10.0.0.5",
	    NULL };

	ok(realip_parse(&proxies, "10.0.0.0/8", &why), "a proxy network parses");
	request_init(&r);
	is_int(head(&r, via_proxy, &len), 0, "a request through a proxy parses");
	request_client(&r, &none);
	is_str(r.remote_addr, "10.0.0.5", "no proxy configured: REMOTE_ADDR stays");
	request_client(&r, &proxies);
	is_str(r.remote_addr, "192.0.2.44", "behind a trusted proxy: the forwarded client");
	is_int(head(&r, direct, &len), 0, "a direct request parses");
	request_client(&r, &proxies);
	is_str(r.remote_addr, "192.0.2.9", "a client's own X-Forwarded-For changes nothing");
	is_int(head(&r, no_header, &len), 0, "a proxy request without the header parses");
	request_client(&r, &proxies);
	is_str(r.remote_addr, "10.0.0.5", "no header: the proxy's address stays");
	request_free(&r);
}

int
main(void)
{
	conf_defaults(&c);
	test_client_address();
	test_paths();
	test_limits();
	test_redirect();
	test_head();
	return tap_done();
}
