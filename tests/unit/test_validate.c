/* test_validate.c -- the pure validators (base/validate.h) and the check
 * of a request against a route's declared fields (input.h). */
#include "config.h"

#include <string.h>

#include "base/validate.h"
#include "base/conf.h"
#include "http/request.h"
#include "http/input.h"
#include "tap.h"

static struct conf c;

static void
test_dates(void)
{
	ok(date_valid("2024-02-29"), "a leap day");
	ok(!date_valid("2023-02-29"), "no leap day in 2023");
	ok(!date_valid("2100-02-29"), "no leap day in 2100");
	ok(date_valid("2000-02-29"), "a leap day in 2000");
	ok(!date_valid("2024-04-31"), "April has 30 days");
	ok(!date_valid("2024-13-01"), "month 13");
	ok(!date_valid("1999-12-31"), "before DATE_YEAR_MIN");
	ok(!date_valid("2101-01-01"), "after DATE_YEAR_MAX");
	ok(!date_valid("2024-1-01"), "short month");
	ok(!date_valid("2024/01/01"), "slashes");
	ok(!date_valid("2024-01-0x"), "a letter");
	ok(!date_valid(NULL), "NULL");
	ok(datetime_valid("2024-03-01T09:30"), "a datetime");
	ok(datetime_valid("2024-03-01T23:59"), "the last minute of a day");
	ok(!datetime_valid("2024-03-01T24:00"), "hour 24");
	ok(!datetime_valid("2024-03-01T09:60"), "minute 60");
	ok(!datetime_valid("2024-03-01 09:30"), "a space for T");
	ok(!datetime_valid("2024-02-30T09:30"), "a datetime on no day");
	ok(!datetime_valid("2024-03-01T09:30:00"), "with seconds");
}

static void
test_text(void)
{
	char long_email[EMAIL_LEN_MAX + 2];
	int64_t n = 0;
	static const char *const words[] = { "agree", "seen", NULL };

	is_int(utf8_chars(""), 0, "empty: 0 characters");
	is_int(utf8_chars("\xc3\xa9\xc3\xa9"), 2, "two e-acute: 2 characters, 4 bytes");
	is_int(utf8_chars("\xf0\x9f\x98\x80x"), 2, "an emoji and x: 2 characters");
	ok(email_valid("eva@example.nl"), "an address");
	ok(!email_valid("eva@example"), "no dot in the domain");
	ok(!email_valid("@example.nl"), "no local part");
	ok(!email_valid("e va@example.nl"), "a space");
	ok(!email_valid("eva@@example.nl"), "two @");
	ok(!email_valid("<eva>@example.nl"), "markup");
	memset(long_email, 'a', sizeof(long_email) - 1);
	long_email[sizeof(long_email) - 1] = '\0';
	memcpy(long_email + sizeof(long_email) - 8, "@ex.com", 7);
	ok(!email_valid(long_email), "over EMAIL_LEN_MAX");
	ok(int_valid("42", 1, 100, &n) && n == 42, "an integer in range");
	ok(!int_valid("0", 1, 100, &n), "below the range");
	ok(!int_valid("101", 1, 100, &n), "above the range");
	ok(!int_valid("4x", 1, 100, &n), "trailing junk");
	ok(!int_valid("", 1, 100, &n), "empty");
	ok(!int_valid("99999999999999999999", 1, INT64_MAX, &n), "overflow is no number");
	is_str(choice_find("seen", words), "seen", "a word of the list");
	ok(choice_find("seen", words) == words[1], "the list's own string");
	ok(choice_find("Seen", words) == NULL, "case matters");
	ok(blank(" \t\r\n") && blank("") && blank(NULL) && !blank(" x "), "blank");
}

static const char *const kinds[] = { "result", "action", NULL };
static const struct field decl[] = {
	IN_CHOICE("kind", REQUIRED, kinds),
	IN_TEXT("title", REQUIRED, 5),
	IN_DATE("deadline", OPTIONAL),
	IN_ID("responsible", OPTIONAL),
	IN_INT("weight", OPTIONAL, 1, 10),
	IN_FLAG("bonus"),
	IN_END
};

/* A POST of body to a route with declaration d; the status of input_check. */
static int
post_to(struct request *r, struct input *in, const struct field *d, const char *body)
{
	const char *env[] = { "REQUEST_METHOD=POST", "REQUEST_URI=/x",
		"CONTENT_TYPE=application/x-www-form-urlencoded", "CONTENT_LENGTH=1", NULL };
	size_t len;

	request_free(r);
	request_init(r);
	if (request_head(r, (char **)env, &c.limits, &len) != 0 ||
	    request_body(r, body, strlen(body), &c.limits) != 0)
		return -1;
	return input_check(in, d, r);
}

static int
post(struct request *r, struct input *in, const char *body)
{
	return post_to(r, in, decl, body);
}

static const char *
error_of(const struct input *in, const char *name)
{
	size_t i;

	for (i = 0; i < in->form.n; i++)
		if (strcmp(in->form.f[i].name, name) == 0)
			return in->form.f[i].error ? in->form.f[i].error : "";
	return NULL;
}

static void
test_input(void)
{
	struct request r;
	struct input in;
	bool present;

	request_init(&r);
	is_int(post(&r, &in, "kind=action&title=ab&deadline=2030-01-02&responsible=7&weight=3"
	    "&bonus=1&csrf=t"), 0, "a good form passes");
	ok(!in.form.failed, "with no problem");
	is_str(input_text(&in, "kind"), "action", "the choice read");
	ok(input_text(&in, "kind") == kinds[1], "as the list's string");
	is_int(input_num(&in, "responsible", NULL), 7, "the id read");
	is_int(input_num(&in, "weight", &present), 3, "the integer read");
	ok(present, "and present");
	ok(input_flag(&in, "bonus"), "the flag read");
	ok(input_text(&in, "nosuch") == NULL, "an undeclared name reads as absent");

	is_int(post(&r, &in, "kind=action&title=ab&color=red&csrf=t"), 400,
	    "an undeclared body field: 400");
	is_str(in.refused, "color", "named");

	is_int(post(&r, &in, "title=%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9x&deadline=2030-02-30"
	    "&responsible=x1&weight=11&kind=other&csrf=t"), 0,
	    "bad values are no refusal of the request");
	ok(in.form.failed, "but the form failed");
	is_str(error_of(&in, "title"), "form.error.too_long", "6 characters over 5 (12 bytes)");
	is_str(error_of(&in, "deadline"), "form.error.date", "a bad date");
	is_str(error_of(&in, "responsible"), "form.error.choice", "a bad id");
	is_str(error_of(&in, "weight"), "form.error.number", "out of range");
	is_str(error_of(&in, "kind"), "form.error.choice", "not in the list");
	ok(input_text(&in, "title") == NULL && input_num(&in, "responsible", NULL) == 0,
	    "refused values read as absent");
	is_int(post(&r, &in, "title=%C3%A9%C3%A9%C3%A9%C3%A9%C3%A9&kind=result"), 0,
	    "5 characters of 2 bytes");
	ok(!in.form.failed, "fit in 5 characters");

	is_int(post(&r, &in, "title=+++&csrf=t"), 0, "missing required");
	is_str(error_of(&in, "kind"), "form.error.required", "kind required");
	is_str(error_of(&in, "title"), "form.error.required", "blanks are absent");
	is_str(error_of(&in, "deadline"), "", "an optional field absent: no problem");
	request_free(&r);
}

/* Repeated fields ('#': a row number 1..INPUT_INDEX_MAX, input.h). */
static const struct field rows[] = {
	IN_LINE("op", OPTIONAL, 10),
	IN_INT("s#_l#_value", OPTIONAL, 0, 100),
	IN_LINE("s#_key", OPTIONAL, 5),
	IN_END
};

static void
test_repeated(void)
{
	struct request r;
	struct input in;
	int64_t num = 0;

	ok(input_declared(rows, "s1_key") == &rows[2], "s1_key: an instance of s#_key");
	ok(input_declared(rows, "s99_l10_value") == &rows[1], "two indices");
	ok(input_declared(rows, "s100_key") == NULL, "over INPUT_INDEX_MAX");
	ok(input_declared(rows, "s0_key") == NULL, "rows count from 1");
	ok(input_declared(rows, "s01_key") == NULL, "no leading zero");
	ok(input_declared(rows, "s_key") == NULL, "a number is needed");
	ok(input_declared(rows, "s#_key") == NULL, "the pattern itself is no instance");
	ok(input_declared(rows, "s1_key_x") == NULL && input_declared(rows, "xs1_key") == NULL,
	    "the whole name matches");
	ok(input_declared(rows, "op") == &rows[0], "a plain field as before");
	is_str(input_problem(&rows[1], "101", &num), "form.error.number", "checked by its row");
	ok(input_problem(&rows[1], "42", &num) == NULL && num == 42, "a good value read");
	is_str(input_problem(&rows[2], "abcdef", &num), "form.error.too_long", "length too");

	request_init(&r);
	is_int(post_to(&r, &in, rows, "s1_key=a&s2_l3_value=x&op=save"), 0,
	    "instances are declared: no refusal");
	ok(!in.form.failed, "and left to their handler, which checks each");
	is_int(post_to(&r, &in, rows, "s1_colour=red"), 400, "an undeclared name still refused");
	request_free(&r);
}

/* The return-to path of a login: same-origin paths only. */
static void
test_local_path(void)
{
	char longpath[66];

	ok(local_path_valid("/", 64), "the dashboard");
	ok(local_path_valid("/conversations/12", 64), "a page");
	ok(local_path_valid("/reports?cycle=3&dept=2", 64), "a page with its query");
	ok(!local_path_valid(NULL, 64), "none");
	ok(!local_path_valid("", 64), "empty");
	ok(!local_path_valid("conversations/12", 64), "relative");
	ok(!local_path_valid("//evil.example/x", 64), "protocol-relative: another host");
	ok(!local_path_valid("/\\evil.example", 64), "a backslash browsers read as a slash");
	ok(!local_path_valid("/a\\b", 64), "a backslash anywhere");
	ok(!local_path_valid("https://evil.example/", 64), "a scheme");
	ok(!local_path_valid("javascript:alert(1)", 64), "javascript:");
	ok(!local_path_valid("/%2F%2Fevil.example", 64), "an encoded double slash");
	ok(!local_path_valid("/%2fevil", 64), "an encoded slash, lower case");
	ok(!local_path_valid("/%5cevil", 64), "an encoded backslash");
	ok(!local_path_valid("/\t/evil.example", 64), "a tab browsers drop");
	ok(!local_path_valid("/a b", 64), "a space");
	ok(!local_path_valid("/\xc3\xa9", 64), "non-ASCII");
	ok(!local_path_valid("/x//y", 64), "a double slash later on");
	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[0] = '/';
	longpath[sizeof(longpath) - 1] = '\0';
	ok(!local_path_valid(longpath, 64), "65 bytes over a limit of 64");
	longpath[64] = '\0';
	ok(local_path_valid(longpath, 64), "64 bytes at the limit");
}

int
main(void)
{
	conf_defaults(&c);
	test_dates();
	test_text();
	test_local_path();
	test_input();
	test_repeated();
	return tap_done();
}
