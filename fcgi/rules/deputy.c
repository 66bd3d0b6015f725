/* deputy.c -- see deputy.h. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "rules/deputy.h"

/* Seconds of a day: the span of two dates read as UTC midnights. */
#define SECONDS_PER_DAY 86400

bool
deputy_today(time_t now, char out[DEPUTY_DATE_LEN + 1])
{
	struct tm tm;

	if (localtime_r(&now, &tm) == NULL)
		return false;
	return strftime(out, DEPUTY_DATE_LEN + 1, "%Y-%m-%d", &tm) == DEPUTY_DATE_LEN;
}

/* YYYY-MM-DD, a real day of the Gregorian calendar, as a UTC midnight. */
static bool
parse_day(const char *s, time_t *out)
{
	struct tm tm = { 0 };
	int y, m, d, n = 0;
	char back[DEPUTY_DATE_LEN + 1];

	if (s == NULL || strlen(s) != DEPUTY_DATE_LEN ||
	    sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != DEPUTY_DATE_LEN)
		return false;
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	*out = timegm(&tm);
	/* timegm moves 2027-02-30 to March: a date that does not round-trip
	 * does not exist. */
	if (gmtime_r(out, &tm) == NULL ||
	    strftime(back, sizeof(back), "%Y-%m-%d", &tm) != DEPUTY_DATE_LEN)
		return false;
	return strcmp(back, s) == 0;
}

bool
deputy_in_period(const char *starts_on, const char *ends_on, const char *day)
{
	return strcmp(starts_on, day) <= 0 && strcmp(day, ends_on) <= 0;
}

bool
deputy_periods_overlap(const char *from_a, const char *until_a, const char *from_b,
    const char *until_b)
{
	return strcmp(from_a, until_b) <= 0 && strcmp(from_b, until_a) <= 0;
}

enum deputy_problem
deputy_check(int64_t manager_id, int64_t deputy_id, int64_t employee_id,
    const char *starts_on, const char *ends_on, const char *today)
{
	time_t from, until;

	if (!parse_day(starts_on, &from) || !parse_day(ends_on, &until) ||
	    until < from)
		return DEPUTY_UNTIL_BEFORE_FROM;
	if (strcmp(ends_on, today) < 0)
		return DEPUTY_PAST;
	/* Both days count: from == until is one day. */
	if ((until - from) / SECONDS_PER_DAY + 1 > DEPUTY_PERIOD_DAYS_MAX)
		return DEPUTY_TOO_LONG;
	if (deputy_id == manager_id)
		return DEPUTY_SELF;
	if (employee_id && deputy_id == employee_id)
		return DEPUTY_IS_EMPLOYEE;
	return DEPUTY_OK;
}

static bool
among(int64_t id, const int64_t *ids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

enum report_team
deputy_report_team(bool reports_all, bool is_manager, int64_t viewer, int64_t asked,
    const int64_t *borrowed, size_t n, int64_t *team)
{
	*team = 0;
	if (reports_all)
		return REPORT_TEAM_ALL;
	if ((asked == 0 || asked == viewer) && is_manager) {
		*team = viewer;
		return REPORT_TEAM_OWN;
	}
	if (asked == 0 && n > 0) {
		*team = borrowed[0];
		return REPORT_TEAM_BORROWED;
	}
	if (asked != 0 && asked != viewer && among(asked, borrowed, n)) {
		*team = asked;
		return REPORT_TEAM_BORROWED;
	}
	return REPORT_TEAM_REFUSED;
}
