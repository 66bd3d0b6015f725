/* test_params.c -- urlencoded parsing and its limits, cookies. */
#include "config.h"

#include "http/params.h"
#include "http/url.h"
#include "tap.h"

static struct limits lim;

static enum parse_status
parse(struct params *p, const char *s)
{
	size_t total = 0;

	params_free(p);
	return params_parse(p, s, strlen(s), &lim, &total);
}

static void
test_decoding(void)
{
	struct params p;

	params_init(&p);
	is_int(parse(&p, "a=1&b=hallo+wereld&c=%C3%A9%26x&d=&e"), PARSE_OK, "plain form parses");
	is_str(params_get(&p, "a"), "1", "a");
	is_str(params_get(&p, "b"), "hallo wereld", "+ is a space");
	is_str(params_get(&p, "c"), "\xc3\xa9&x", "%XX decodes, also UTF-8");
	is_str(params_get(&p, "d"), "", "empty value");
	is_str(params_get(&p, "e"), "", "name without =");
	ok(params_get(&p, "z") == NULL, "absent name is NULL");
	is_int(parse(&p, "a=1&&b=2&"), PARSE_OK, "empty pieces skipped");
	is_int(p.n, 2, "two pairs");
	is_int(parse(&p, "note=regel1%0D%0Aregel2%09tab"), PARSE_OK, "line breaks and tabs allowed");
	params_free(&p);
}

static void
test_refusals(void)
{
	struct params p;
	char big[40000];
	size_t i;

	params_init(&p);
	is_int(parse(&p, "a=%zz"), PARSE_BAD, "bad escape");
	is_int(parse(&p, "a=%4"), PARSE_BAD, "short escape");
	is_int(parse(&p, "a=%FF"), PARSE_BAD, "invalid UTF-8");
	is_int(parse(&p, "a=%00"), PARSE_BAD, "NUL");
	is_int(parse(&p, "a=%01"), PARSE_BAD, "control character");
	is_int(parse(&p, "a=1&a=2"), PARSE_BAD, "a field given twice");
	is_int(parse(&p, "a%20b=1"), PARSE_BAD, "space in a name");
	is_int(parse(&p, "=1"), PARSE_BAD, "empty name");
	big[0] = '\0';
	for (i = 0; i < 201; i++)
		snprintf(big + strlen(big), sizeof(big) - strlen(big), "p%zu=1&", i);
	is_int(parse(&p, big), PARSE_TOO_LARGE, "201 params over a limit of 200");
	memcpy(big, "v=", 2);
	memset(big + 2, 'x', 16385);
	big[16387] = '\0';
	is_int(parse(&p, big), PARSE_TOO_LARGE, "value over 16k");
	memset(big, 'n', 65);
	strcpy(big + 65, "=1");
	is_int(parse(&p, big), PARSE_TOO_LARGE, "name over 64");
	params_free(&p);
}

static void
test_shared_budget(void)
{
	struct params p;
	size_t total = 199;

	params_init(&p);
	is_int(params_parse(&p, "a=1", 3, &lim, &total), PARSE_OK, "200th parameter fits");
	is_int(params_parse(&p, "b=1", 3, &lim, &total), PARSE_TOO_LARGE, "201st across calls does not");
	params_free(&p);
}

static void
test_cookies(void)
{
	const char *v;
	size_t n;

	ok(cookie_find("a=1; __Host-gesprek=abc; b=2", "__Host-gesprek", &v, &n) && n == 3 &&
	    strncmp(v, "abc", 3) == 0, "cookie found among others");
	ok(cookie_find("gesprek=\"q\"", "gesprek", &v, &n) && n == 1 && *v == 'q', "quoted value");
	ok(!cookie_find("xgesprek=1; gesprekx=2", "gesprek", &v, &n), "no prefix or suffix match");
	ok(!cookie_find("", "gesprek", &v, &n), "empty header");
	ok(cookie_find("a=1;gesprek=", "gesprek", &v, &n) && n == 0, "empty value found");
}

/* The link writer: what it writes reads back as exactly what was put in,
 * one parameter each, whatever the bytes. */
static void
test_url_writer(void)
{
	static const char *const hostile[] = {
		"jan&status=all", "a=b", "100%", "x y+z", "#frag", "?q", "\xc3\xa9 \"<>'",
		"line\nbreak", "",
	};
	struct params p;
	struct buf b;
	size_t i;

	params_init(&p);
	for (i = 0; i < ARRAY_LEN(hostile); i++) {
		buf_init(&b);
		ok(url_param(&b, "q", hostile[i]) && url_param_int(&b, "department", 42),
		    "query written");
		ok(strpbrk(b.data, " \"<>#?'\n+") == NULL, "nothing unsafe left in the query");
		is_int(parse(&p, b.data), PARSE_OK, "written query parses");
		is_int(p.n, 2, "one parameter each");
		is_str(params_get(&p, "q"), hostile[i], "value reads back unchanged");
		is_str(params_get(&p, "department"), "42", "number reads back");
		buf_free(&b);
	}
	buf_init(&b);
	url_param(&b, "q", "a-Z_0.9~");
	is_str(b.data, "q=a-Z_0.9%7E", "unreserved bytes kept, '~' encoded");
	buf_reset(&b);
	url_param_int(&b, "cycle", 7);
	url_param(&b, "recursive", "1");
	is_str(b.data, "cycle=7&recursive=1", "separator only between parameters");
	buf_free(&b);
	params_free(&p);
}

int
main(void)
{
	conf_defaults(&(struct conf){0});
	lim.params = 200;
	lim.param_name = 64;
	lim.param_value = 16384;
	test_decoding();
	test_refusals();
	test_shared_budget();
	test_cookies();
	test_url_writer();
	return tap_done();
}
