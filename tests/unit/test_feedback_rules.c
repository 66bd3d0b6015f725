/* test_feedback_rules.c -- who may invite and answer in a feedback round,
 * and what each viewer is shown of its answers (rules/feedback.h). */
#include "config.h"

#include <string.h>

#include "rules/feedback.h"
#include "tap.h"

static struct fb_round
round_of(bool anonymous, int answered, int open)
{
	struct fb_round r = { anonymous, 3, FB_BY_BOTH, FB_SEES_AFTER, answered, open };

	return r;
}

static void
test_threshold(void)
{
	struct fb_round r = round_of(true, 2, 0);

	is_int(fb_visibility(&r, FB_MANAGER, "preparing"), FB_SHOW_THRESHOLD,
	    "anonymous, two of three: the manager sees nothing");
	is_int(fb_visibility(&r, FB_READER, "closed"), FB_SHOW_THRESHOLD,
	    "anonymous, two of three: HR sees nothing either");
	is_int(fb_visibility(&r, FB_EMPLOYEE, "held"), FB_SHOW_THRESHOLD,
	    "anonymous, two of three: the employee after the conversation neither");
	r.answered = 3;
	is_int(fb_visibility(&r, FB_MANAGER, "preparing"), FB_SHOW_AGGREGATE,
	    "the third answer: the aggregate");
	is_int(fb_visibility(&r, FB_READER, "preparing"), FB_SHOW_AGGREGATE, "HR: the aggregate");
	r.open = 1;
	is_int(fb_visibility(&r, FB_MANAGER, "preparing"), FB_SHOW_WAITING,
	    "enough answers but an invitation still open: waiting");
	is_int(fb_visibility(&r, FB_NOBODY, "preparing"), FB_SHOW_NONE, "a stranger: nothing");
}

static void
test_employee_sees(void)
{
	struct fb_round r = round_of(false, 1, 0);

	is_int(fb_visibility(&r, FB_MANAGER, "preparing"), FB_SHOW_NAMED,
	    "named: the manager sees each answer below any threshold");
	is_int(fb_visibility(&r, FB_EMPLOYEE, "preparing"), FB_SHOW_AFTER,
	    "after the conversation: not while preparing");
	is_int(fb_visibility(&r, FB_EMPLOYEE, "held"), FB_SHOW_NAMED, "after: once held");
	is_int(fb_visibility(&r, FB_EMPLOYEE, "closed"), FB_SHOW_NAMED, "after: once closed");
	r.employee_sees = FB_SEES_NEVER;
	is_int(fb_visibility(&r, FB_EMPLOYEE, "closed"), FB_SHOW_NEVER, "never: not even closed");
	is_int(fb_visibility(&r, FB_MANAGER, "closed"), FB_SHOW_NAMED, "never: the manager still does");
	r.employee_sees = FB_SEES_ALWAYS;
	is_int(fb_visibility(&r, FB_EMPLOYEE, "planned"), FB_SHOW_NAMED, "always: at once");
}

static void
test_invite(void)
{
	struct fb_round r = round_of(true, 0, 0);

	ok(fb_may_invite(&r, FB_EMPLOYEE, "preparing"), "both: the employee invites");
	ok(fb_may_invite(&r, FB_MANAGER, "held"), "both: the manager invites while held");
	ok(!fb_may_invite(&r, FB_READER, "preparing"), "HR does not invite");
	ok(!fb_may_invite(&r, FB_NOBODY, "preparing"), "a stranger does not invite");
	ok(!fb_may_invite(&r, FB_MANAGER, "finalized"), "not once finalized");
	r.invited_by = FB_BY_MANAGER;
	ok(!fb_may_invite(&r, FB_EMPLOYEE, "preparing"), "manager only: not the employee");
	ok(fb_may_invite(&r, FB_MANAGER, "preparing"), "manager only: the manager");
	r.invited_by = FB_BY_EMPLOYEE;
	ok(!fb_may_invite(&r, FB_MANAGER, "preparing"), "employee only: not the manager");
	r.answered = 3;
	ok(!fb_may_invite(&r, FB_EMPLOYEE, "preparing"),
	    "an anonymous round that has shown its answers takes nobody new");
	r.open = 1;
	ok(fb_may_invite(&r, FB_EMPLOYEE, "preparing"), "still open: it does");
	r.anonymous = false;
	r.open = 0;
	ok(fb_may_invite(&r, FB_EMPLOYEE, "preparing"), "a named round: always while open");
}

static void
test_answer(void)
{
	ok(fb_may_answer(false, "2027-03-01", "2027-03-01"), "on the deadline");
	ok(!fb_may_answer(false, "2027-03-02", "2027-03-01"), "the day after: no");
	ok(!fb_may_answer(true, "2027-02-01", "2027-03-01"), "once only");
	is_str(fb_show_name(FB_SHOW_AGGREGATE), "aggregate", "names for the page");
	is_str(fb_show_name((enum fb_show)99), "none", "an unknown one: none");
}

static void
test_suggested_deadline(void)
{
	char out[16];

	ok(fb_suggested_deadline("2027-03-01", "2027-03-20", out, sizeof(out)), "a later conversation");
	is_str(out, "2027-03-19", "the day before it");
	ok(fb_suggested_deadline("2027-03-01", "2027-03-05", out, sizeof(out)), "on the lead's edge");
	is_str(out, "2027-03-04", "three days to answer are enough");
	ok(fb_suggested_deadline("2027-03-01", "2027-03-04", out, sizeof(out)), "too close");
	is_str(out, "2027-03-15", "too close: two weeks from today");
	ok(fb_suggested_deadline("2027-03-01", "2027-02-20", out, sizeof(out)), "held already");
	is_str(out, "2027-03-15", "past: two weeks from today");
	ok(fb_suggested_deadline("2027-12-25", "", out, sizeof(out)), "no date");
	is_str(out, "2028-01-08", "no date: two weeks, over the year's end");
	ok(fb_suggested_deadline("2028-02-20", "2028-03-01", out, sizeof(out)), "a leap year");
	is_str(out, "2028-02-29", "the day before 1 March 2028 is the 29th");
	ok(fb_suggested_deadline("2027-03-01", "2027-02-30", out, sizeof(out)), "no such day");
	is_str(out, "2027-03-15", "no such conversation day: two weeks");
	ok(!fb_suggested_deadline("2027-13-01", "", out, sizeof(out)), "today no day: false");
	ok(!fb_suggested_deadline("2027-03-01", "2027-03-20", out, 10), "no room for the day: false");
}

int
main(void)
{
	test_threshold();
	test_employee_sees();
	test_invite();
	test_answer();
	test_suggested_deadline();
	return tap_done();
}
