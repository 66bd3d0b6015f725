/* test_deputy.c -- the rules of a deputy's period (rules/deputy.c): the
 * day in the configured time zone, the period's bounds, what refuses an
 * appointment. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rules/deputy.h"
#include "tap.h"

/* A UTC time as seconds since the epoch. */
static time_t
utc(int y, int mo, int d, int h, int mi)
{
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d,
	    .tm_hour = h, .tm_min = mi };

	return timegm(&tm);
}

static const char *
today_in(const char *zone, time_t t)
{
	static char day[DEPUTY_DATE_LEN + 1];

	setenv("TZ", zone, 1);
	tzset();
	if (!deputy_today(t, day))
		return "";
	return day;
}

static void
test_today_by_zone(void)
{
	/* 22:30 UTC on 30 June is 00:30 on 1 July in Amsterdam (summer, +2). */
	time_t t = utc(2026, 6, 30, 22, 30);

	is_str(today_in("UTC", t), "2026-06-30", "UTC: still 30 June");
	is_str(today_in("Europe/Amsterdam", t), "2026-07-01", "Amsterdam: already 1 July");
	is_str(today_in("America/New_York", t), "2026-06-30", "New York: 30 June");
	/* Winter (+1): 23:30 UTC on 31 December is New Year in Amsterdam. */
	t = utc(2026, 12, 31, 23, 30);
	is_str(today_in("Europe/Amsterdam", t), "2027-01-01", "Amsterdam: New Year at 00:30");
	t = utc(2026, 12, 31, 22, 59);
	is_str(today_in("Europe/Amsterdam", t), "2026-12-31", "Amsterdam: 23:59 on 31 December");
	/* Tokyo (+9) is a day ahead of UTC from 15:00 UTC. */
	is_str(today_in("Asia/Tokyo", utc(2026, 3, 1, 15, 0)), "2026-03-02", "Tokyo: next day");
}

static void
test_period_boundary_by_zone(void)
{
	/* A period from 1 July: at 00:30 in Amsterdam it has begun, while UTC
	 * still says 30 June. */
	time_t t = utc(2026, 6, 30, 22, 30);

	ok(deputy_in_period("2026-07-01", "2026-07-31", today_in("Europe/Amsterdam", t)),
	    "Amsterdam 00:30 on the first day: in the period");
	ok(!deputy_in_period("2026-07-01", "2026-07-31", today_in("UTC", t)),
	    "the same moment in UTC: not yet");
	/* The last day counts until local midnight. */
	t = utc(2026, 7, 31, 21, 59);
	ok(deputy_in_period("2026-07-01", "2026-07-31", today_in("Europe/Amsterdam", t)),
	    "23:59 on the last day: still in");
	t = utc(2026, 7, 31, 22, 0);
	ok(!deputy_in_period("2026-07-01", "2026-07-31", today_in("Europe/Amsterdam", t)),
	    "00:00 the day after: out");
}

static void
test_in_period(void)
{
	ok(deputy_in_period("2026-01-05", "2026-01-05", "2026-01-05"), "a one-day period");
	ok(!deputy_in_period("2026-01-05", "2026-01-09", "2026-01-04"), "the day before");
	ok(deputy_in_period("2026-01-05", "2026-01-09", "2026-01-05"), "the first day");
	ok(deputy_in_period("2026-01-05", "2026-01-09", "2026-01-09"), "the last day");
	ok(!deputy_in_period("2026-01-05", "2026-01-09", "2026-01-10"), "the day after");
	ok(deputy_in_period("2025-12-30", "2026-01-02", "2026-01-01"), "across a year");
}

static void
test_overlap(void)
{
	ok(deputy_periods_overlap("2026-01-01", "2026-01-10", "2026-01-10", "2026-01-20"),
	    "sharing the last day");
	ok(!deputy_periods_overlap("2026-01-01", "2026-01-10", "2026-01-11", "2026-01-20"),
	    "the next day: no overlap");
	ok(deputy_periods_overlap("2026-01-05", "2026-01-06", "2026-01-01", "2026-01-31"),
	    "one inside the other");
	ok(!deputy_periods_overlap("2026-02-01", "2026-02-10", "2026-01-01", "2026-01-31"),
	    "one after the other");
}

static void
test_check(void)
{
	const char *today = "2026-03-10";

	is_int(deputy_check(1, 2, 3, "2026-03-10", "2026-03-20", today), DEPUTY_OK, "valid");
	is_int(deputy_check(1, 2, 0, "2026-03-01", "2026-03-10", today), DEPUTY_OK,
	    "began earlier, ends today: valid");
	is_int(deputy_check(1, 2, 3, "2026-03-20", "2026-03-10", today), DEPUTY_UNTIL_BEFORE_FROM,
	    "until before from");
	is_int(deputy_check(1, 2, 3, "2026-02-30", "2026-03-10", today), DEPUTY_UNTIL_BEFORE_FROM,
	    "no such day");
	is_int(deputy_check(1, 2, 3, "2026-03-01", "2026-03-09", today), DEPUTY_PAST,
	    "ended yesterday");
	is_int(deputy_check(1, 2, 3, "2026-03-10", "2027-03-11", today), DEPUTY_TOO_LONG,
	    "367 days");
	is_int(deputy_check(1, 2, 3, "2026-03-10", "2027-03-10", today), DEPUTY_OK,
	    "366 days: the most");
	is_int(deputy_check(1, 1, 3, "2026-03-10", "2026-03-20", today), DEPUTY_SELF,
	    "the manager as their own deputy");
	is_int(deputy_check(1, 3, 3, "2026-03-10", "2026-03-20", today), DEPUTY_IS_EMPLOYEE,
	    "the employee as deputy over their own dossier");
	is_int(deputy_check(1, 3, 0, "2026-03-10", "2026-03-20", today), DEPUTY_OK,
	    "a report as deputy for all: allowed (their own dossier stays theirs)");
}

static void
test_report_team(void)
{
	const int64_t two[] = { 7, 9 };
	int64_t team = -1;

	is_int(deputy_report_team(true, true, 1, 7, two, 2, &team), REPORT_TEAM_ALL,
	    "HR: every team, whatever is asked");
	is_int(team, 0, "HR: no team limit");
	is_int(deputy_report_team(false, true, 1, 0, two, 2, &team), REPORT_TEAM_OWN,
	    "a manager asking nothing: the own team, borrowed ones or not");
	is_int(team, 1, "the own team is the viewer's");
	is_int(deputy_report_team(false, true, 1, 1, NULL, 0, &team), REPORT_TEAM_OWN,
	    "a manager asking for the own team");
	is_int(deputy_report_team(false, true, 1, 9, two, 2, &team), REPORT_TEAM_BORROWED,
	    "a manager who stands in: the borrowed team when asked");
	is_int(team, 9, "the team asked for");
	is_int(deputy_report_team(false, false, 1, 0, two, 2, &team), REPORT_TEAM_BORROWED,
	    "a deputy who manages no one: the first borrowed team");
	is_int(team, 7, "the first");
	is_int(deputy_report_team(false, false, 1, 0, NULL, 0, &team), REPORT_TEAM_REFUSED,
	    "no team and none borrowed (before or after the period): refused");
	is_int(team, 0, "refused: no team");
	is_int(deputy_report_team(false, false, 1, 8, two, 2, &team), REPORT_TEAM_REFUSED,
	    "a team not borrowed: refused");
	is_int(deputy_report_team(false, true, 1, 8, two, 2, &team), REPORT_TEAM_REFUSED,
	    "a manager asking for another manager's team: refused");
	is_int(deputy_report_team(false, false, 1, 1, two, 2, &team), REPORT_TEAM_REFUSED,
	    "a non-manager asking for their own 'team': refused");
}

int
main(void)
{
	test_today_by_zone();
	test_period_boundary_by_zone();
	test_in_period();
	test_overlap();
	test_check();
	test_report_team();
	return tap_done();
}
