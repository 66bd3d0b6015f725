/* test_cycle_rules.c -- rating scales, dates and the default schedule. */
#include "config.h"

#include "rules/cycle_rules.h"
#include "tap.h"

static void
test_scale_parse(void)
{
	char out[SCALE_STORED_MAX], shown[SCALE_TYPED_MAX];
	const char *err = NULL;

	ok(scale_parse("onvoldoende / matig / voldoende / goed / uitstekend", out, sizeof(out), &err),
	    "the default scale as typed");
	is_str(out, CYCLE_DEFAULT_SCALE, "stored joined by |");
	is_int(scale_count(out), 5, "five labels");
	scale_format(out, shown, sizeof(shown));
	is_str(shown, "onvoldoende / matig / voldoende / goed / uitstekend", "shown as typed");
	ok(scale_parse("  laag/hoog\t", out, sizeof(out), &err), "blanks around labels");
	is_str(out, "laag|hoog", "blanks trimmed");
	ok(!scale_parse("alleen", out, sizeof(out), &err), "one label is too few");
	is_str(err, "admin.cycle.error.scale_count", "count error");
	is_str(out, "", "nothing stored on error");
	ok(!scale_parse("a/b/c/d/e/f/g/h/i/j/k", out, sizeof(out), &err), "eleven labels are too many");
	is_str(err, "admin.cycle.error.scale_count", "count error for many");
	ok(scale_parse("a/b/c/d/e/f/g/h/i/j", out, sizeof(out), &err), "ten labels are fine");
	ok(!scale_parse("goed / / slecht", out, sizeof(out), &err), "an empty label");
	is_str(err, "admin.cycle.error.scale_label", "label error");
	ok(!scale_parse("a / 12345678901234567890123456789012345678901", out, sizeof(out), &err),
	    "a label of 41 characters");
	ok(scale_parse("a / \xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9", out, sizeof(out), &err), "40 two-byte characters count as 40");
	ok(!scale_parse("a|b / c", out, sizeof(out), &err), "the stored separator in a label");
	is_str(err, "admin.cycle.error.scale_char", "separator error");
	ok(!scale_parse("a\nb / c", out, sizeof(out), &err), "a line break in a label");
	ok(!scale_parse("goed / matig / goed", out, sizeof(out), &err), "a label twice");
	is_str(err, "admin.cycle.error.scale_duplicate", "duplicate error");
	ok(!scale_parse("", out, sizeof(out), &err), "empty input");
	is_int(scale_count(""), 0, "no labels in an empty scale");
}

static void
test_dates(void)
{
	char d[ISO_DATE_LEN + 1];
	int64_t n = -1;

	ok(date_days("2000-01-01", &n) && n == 0, "day 0");
	ok(date_days("2027-01-01", &n), "2027-01-01");
	days_date(n, d);
	is_str(d, "2027-01-01", "round trip");
	ok(date_days("2028-02-29", &n), "a leap day");
	days_date(n + 1, d);
	is_str(d, "2028-03-01", "the day after a leap day");
	ok(!date_days("2027-02-29", &n), "no leap day in 2027");
	ok(!date_days("2027-13-01", &n), "no month 13");
	ok(!date_days("1999-12-31", &n), "before the range");
	ok(!date_days("2027-1-01", &n), "not YYYY-MM-DD");
	ok(!date_days(NULL, &n), "NULL");
}

static void
test_plan(void)
{
	struct plan_step s[CYCLE_DEFAULT_STEPS];

	ok(plan_default("2027-01-01", "2027-12-31", s), "a calendar year");
	is_str(s[0].type, "goal_setting", "first goal setting");
	is_str(s[0].due_on, "2027-02-15", "goal setting on 15 February");
	is_str(s[1].type, "progress", "then progress");
	is_str(s[1].due_on, "2027-06-30", "progress on 30 June");
	is_str(s[2].type, "assessment", "last the assessment");
	is_str(s[2].due_on, "2027-12-15", "assessment on 15 December");
	ok(plan_default("2027-04-01", "2027-09-30", s), "half a year");
	ok(strcmp(s[0].due_on, "2027-04-01") > 0 && strcmp(s[0].due_on, s[1].due_on) < 0 &&
	    strcmp(s[1].due_on, s[2].due_on) < 0 && strcmp(s[2].due_on, "2027-09-30") < 0,
	    "in order inside the period");
	ok(plan_default("2027-05-05", "2027-05-05", s), "a one-day period");
	is_str(s[2].due_on, "2027-05-05", "everything on that day");
	ok(!plan_default("2027-12-31", "2027-01-01", s), "a period that ends before it starts");
	ok(!plan_default("nope", "2027-01-01", s), "an invalid date");
	ok(step_type_valid("progress") && !step_type_valid("review") && !step_type_valid(NULL),
	    "step types");
}

/* Dates against the cycle 2026-01-01 .. 2026-12-31. */
static void
test_date_fit(void)
{
	const char *s = "2026-01-01", *e = "2026-12-31";

	is_int(cycle_date_fit("2026-06-30", s, e), DATE_FIT_OK, "mid-period date fits");
	is_int(cycle_date_fit("2026-01-01", s, e), DATE_FIT_OK, "the first day fits");
	is_int(cycle_date_fit("2026-12-31", s, e), DATE_FIT_OK, "the last day fits");
	is_int(cycle_date_fit("", s, e), DATE_FIT_OK, "no date: nothing to check");
	is_int(cycle_date_fit(NULL, s, e), DATE_FIT_OK, "NULL: nothing to check");
	is_int(cycle_date_fit("2027-01-01", s, e), DATE_FIT_WARN, "a day after the end: warn");
	is_int(cycle_date_fit("2025-12-31", s, e), DATE_FIT_WARN, "a day before the start: warn");
	is_int(cycle_date_fit("2028-01-01", s, e), DATE_FIT_WARN, "366 days after: still warn");
	is_int(cycle_date_fit("2028-01-02", s, e), DATE_FIT_REFUSE, "367 days after: refuse");
	is_int(cycle_date_fit("2024-12-30", s, e), DATE_FIT_REFUSE, "367 days before: refuse");
	is_int(cycle_date_fit("2062-03-01", s, e), DATE_FIT_REFUSE, "a typing error: refuse");
	is_int(cycle_date_fit("2026-07-01T10:30", s, e), DATE_FIT_OK, "a time: its date fits");
	is_int(cycle_date_fit("2030-07-01T10:30", s, e), DATE_FIT_REFUSE, "a time years out");
	is_int(cycle_date_fit("2026-02-30", s, e), DATE_FIT_REFUSE, "no real date: refuse");
	is_int(cycle_date_fit("2062-03-01", "", e), DATE_FIT_OK, "unreadable period: no check");
	is_int(cycle_date_fit("2062-03-01", e, s), DATE_FIT_OK, "reversed period: no check");
}

static void
test_held_early(void)
{
	ok(held_before_planned("2026-05-10T14:00", "2026-05-09"), "a day early");
	ok(!held_before_planned("2026-05-10T14:00", "2026-05-10"), "on the day");
	ok(!held_before_planned("2026-05-10", "2026-06-01"), "after the day");
	ok(!held_before_planned("", "2026-05-01"), "not planned: no question");
	ok(!held_before_planned("2026-05-10", "garbage!!!"), "unreadable today: no question");
}

int
main(void)
{
	test_date_fit();
	test_held_early();
	test_scale_parse();
	test_dates();
	test_plan();
	return tap_done();
}
