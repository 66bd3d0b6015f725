/* test_multipart.c -- multipart/form-data bodies: boundaries, parts, the
 * named limits, and the hook into request_body (text parts become params,
 * file parts stay files). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/conf.h"
#include "http/multipart.h"
#include "http/request.h"
#include "tap.h"

#define CT "multipart/form-data; boundary=XyZ"

static struct conf c;

struct seen {
	int parts;
	char names[8][MULTIPART_NAME_MAX + 1];
	char last_filename[MULTIPART_FILENAME_MAX + 1];
	size_t last_len;
	char last_data[64];
};

static enum parse_status
collect(void *ud, const struct multipart_part *p)
{
	struct seen *s = ud;

	if (s->parts < 8)
		snprintf(s->names[s->parts], sizeof(s->names[0]), "%s", p->name);
	s->parts++;
	snprintf(s->last_filename, sizeof(s->last_filename), "%s", p->filename ? p->filename : "(none)");
	s->last_len = p->len;
	snprintf(s->last_data, sizeof(s->last_data), "%.*s", (int)(p->len < 63 ? p->len : 63), p->data);
	return PARSE_OK;
}

static enum parse_status
parse(const char *ct, const char *body, struct seen *s)
{
	memset(s, 0, sizeof(*s));
	return multipart_parse(ct, body, strlen(body), collect, s);
}

static void
test_boundary(void)
{
	char b[MULTIPART_BOUNDARY_MAX + 1];
	char longer[200];

	ok(multipart_boundary(CT, b, sizeof(b)), "boundary found");
	is_str(b, "XyZ", "its value");
	ok(multipart_boundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b\"", b, sizeof(b)) == false,
	    "a space inside a boundary is refused");
	ok(multipart_boundary("multipart/form-data; boundary=\"----WebKit:x=1\"", b, sizeof(b)),
	    "quoted boundary with RFC 2046 characters");
	is_str(b, "----WebKit:x=1", "quoted boundary unquoted");
	ok(!multipart_boundary("multipart/form-data", b, sizeof(b)), "no boundary: refused");
	ok(!multipart_boundary("multipart/mixed; boundary=x", b, sizeof(b)), "another multipart type: refused");
	ok(!multipart_boundary("multipart/form-data; boundary=", b, sizeof(b)), "empty boundary: refused");
	snprintf(longer, sizeof(longer), "multipart/form-data; boundary=%071d", 7);
	ok(!multipart_boundary(longer, b, sizeof(b)), "boundary over 70 characters: refused");
}

static void
test_parts(void)
{
	struct seen s;
	char body[4096];
	size_t i;

	is_int(parse(CT, "--XyZ\r\nContent-Disposition: form-data; name=\"mode\"\r\n\r\napply\r\n"
	    "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"org.csv\"\r\n"
	    "Content-Type: text/csv\r\n\r\nlogin;name\r\neva;Eva\r\n\r\n--XyZ--\r\n", &s), PARSE_OK,
	    "two parts parse");
	is_int(s.parts, 2, "two parts seen");
	is_str(s.names[0], "mode", "first name");
	is_str(s.names[1], "file", "second name");
	is_str(s.last_filename, "org.csv", "file name");
	is_str(s.last_data, "login;name\r\neva;Eva\r\n", "file content with its own line ends");
	is_int(parse(CT, "preamble\r\n--XyZ\r\ncontent-disposition: form-data; name=a\r\n\r\n1\r\n--XyZ--", &s),
	    PARSE_OK, "preamble, lower-case header, token name, no final CRLF");
	is_str(s.last_data, "1", "value read");
	is_int(parse(CT, "--XyZ--\r\n", &s), PARSE_OK, "an empty body with only the close delimiter");
	is_int(s.parts, 0, "no parts");
	is_int(parse(CT, "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"\"\r\n\r\n\r\n--XyZ--", &s),
	    PARSE_OK, "an empty file part");
	is_int(s.last_len, 0, "empty content");
	is_str(s.last_filename, "", "empty file name kept");

	is_int(parse("multipart/form-data", "--XyZ--", &s), PARSE_BAD, "no boundary: 400");
	is_int(parse(CT, "--Other\r\n\r\n--Other--", &s), PARSE_BAD, "wrong boundary: 400");
	is_int(parse(CT, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end", &s),
	    PARSE_BAD, "truncated part: 400");
	is_int(parse(CT, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZjunk", &s),
	    PARSE_BAD, "garbage after a delimiter: 400");
	is_int(parse(CT, "--XyZ\r\nContent-Type: text/plain\r\n\r\n1\r\n--XyZ--", &s),
	    PARSE_BAD, "no Content-Disposition: 400");
	is_int(parse(CT, "--XyZ\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\n1\r\n--XyZ--", &s),
	    PARSE_BAD, "not form-data: 400");
	is_int(parse(CT, "--XyZ\r\nContent-Disposition: form-data; filename=\"x\"\r\n\r\n1\r\n--XyZ--", &s),
	    PARSE_BAD, "no name: 400");
	is_int(parse(CT, "--XyZ\r\nContent-Disposition: form-data; name=\"a b\"\r\n\r\n1\r\n--XyZ--", &s),
	    PARSE_BAD, "a name with a space: 400");
	is_int(parse(CT, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"; name=\"b\"\r\n\r\n1\r\n--XyZ--", &s),
	    PARSE_BAD, "name given twice: 400");
	is_int(parse(CT, "--XyZ\r\nContent-Disposition: form-data; name=\"a\r\n\r\n1\r\n--XyZ--", &s),
	    PARSE_BAD, "unterminated quoted name: 400");
	is_int(parse(CT, "--XyZ\r\nContent-Disposition: form-data;\r\n name=\"a\"\r\n\r\n1\r\n--XyZ--", &s),
	    PARSE_BAD, "folded header line: 400");

	/* Limits: part count, header size, name and file name length. */
	body[0] = '\0';
	for (i = 0; i <= MULTIPART_PARTS_MAX; i++)
		snprintf(body + strlen(body), sizeof(body) - strlen(body),
		    "--XyZ\r\nContent-Disposition: form-data; name=\"f%zu\"\r\n\r\nx\r\n", i);
	strcat(body, "--XyZ--");
	is_int(parse(CT, body, &s), PARSE_TOO_LARGE, "one part over MULTIPART_PARTS_MAX: 413");
	snprintf(body, sizeof(body), "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\nX-Pad: %0*d\r\n\r\n1\r\n--XyZ--",
	    MULTIPART_HEADER_MAX, 0);
	is_int(parse(CT, body, &s), PARSE_TOO_LARGE, "header block over MULTIPART_HEADER_MAX: 413");
	snprintf(body, sizeof(body), "--XyZ\r\nContent-Disposition: form-data; name=\"%0*d\"\r\n\r\n1\r\n--XyZ--",
	    MULTIPART_NAME_MAX + 1, 0);
	is_int(parse(CT, body, &s), PARSE_TOO_LARGE, "name over MULTIPART_NAME_MAX: 413");
	snprintf(body, sizeof(body), "--XyZ\r\nContent-Disposition: form-data; name=\"a\"; filename=\"%0*d\"\r\n\r\n1\r\n--XyZ--",
	    MULTIPART_FILENAME_MAX + 1, 0);
	is_int(parse(CT, body, &s), PARSE_TOO_LARGE, "file name over MULTIPART_FILENAME_MAX: 413");
}

static int
body(struct request *r, const char *ct, const char *text)
{
	request_free(r);
	request_init(r);
	r->content_type = ct;
	return request_body(r, text, strlen(text), &c.limits);
}

static void
test_request(void)
{
	struct request r;
	const char *data = NULL, *name = NULL;
	size_t len = 0;
	char *big;

	request_init(&r);
	is_int(body(&r, CT, "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc\r\n"
	    "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"o.xml\"\r\n\r\n<o/>\r\n--XyZ--\r\n"),
	    0, "multipart body parses");
	is_str(request_param(&r, "csrf"), "abc", "text part is an ordinary field");
	ok(request_param(&r, "file") == NULL, "a file part is not a field");
	ok(request_file(&r, "file", &data, &len, &name), "file part found");
	is_int(len, 4, "its length");
	ok(data && memcmp(data, "<o/>", 4) == 0, "its content");
	is_str(name, "o.xml", "its file name");
	ok(!request_file(&r, "other", &data, &len, NULL), "no such file part");
	is_int(body(&r, CT, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
	    "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n2\r\n--XyZ--"), 400,
	    "a field given twice: 400");
	is_int(body(&r, CT, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"; filename=\"x\"\r\n\r\n1\r\n"
	    "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n2\r\n--XyZ--"), 400,
	    "a text field named like a file: 400");
	is_int(body(&r, CT, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\xff\r\n--XyZ--"), 400,
	    "text part that is not UTF-8: 400");
	is_int(body(&r, "multipart/mixed; boundary=XyZ", "--XyZ--"), 400, "multipart/mixed: 400");
	big = malloc(c.limits.param_value + 200);
	snprintf(big, c.limits.param_value + 200, "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n%0*d\r\n--XyZ--",
	    (int)c.limits.param_value + 1, 0);
	is_int(body(&r, CT, big), 413, "text part over limits.param_value: 413");
	free(big);
	is_int(body(&r, "application/x-www-form-urlencoded", "a=1"), 0, "urlencoded still parses");
	is_str(request_param(&r, "a"), "1", "urlencoded field");
	request_free(&r);
}

int
main(void)
{
	conf_defaults(&c);
	test_boundary();
	test_parts();
	test_request();
	return tap_done();
}
