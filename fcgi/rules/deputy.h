/* deputy.h -- the rules of a deputy's period that need no database
 * (issue 17): which day it is in the configured time zone, whether a day
 * lies in a period, and what makes an appointment invalid.  Pure code,
 * unit-tested on its own (tests/unit/test_deputy.c); the store applies
 * them inside its transactions (store/deputy.c, store/conversation.c),
 * the pages to say why a form was refused. */
#ifndef GESPREK_RULES_DEPUTY_H
#define GESPREK_RULES_DEPUTY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define DEPUTY_DATE_LEN 10		/* YYYY-MM-DD */
/* The longest period one appointment may span, in days: a year of leave
 * (a leap year's 366) is the most a deputy stands in without the manager
 * or HR looking at it again. */
#define DEPUTY_PERIOD_DAYS_MAX 366

/* The day of `now` in the process's time zone (gesprekd and gesprekctl set
 * TZ to site.timezone at start): a period's dates are days as people in
 * the organisation count them, so the period starts at local midnight, not
 * at UTC's.  False when the clock cannot be read as a date. */
bool deputy_today(time_t now, char out[DEPUTY_DATE_LEN + 1]);

/* Is `day` in the period from `starts_on` to `ends_on`, both included?
 * All three YYYY-MM-DD (ISO dates compare as strings). */
bool deputy_in_period(const char *starts_on, const char *ends_on, const char *day);

/* Do two periods share at least one day? */
bool deputy_periods_overlap(const char *from_a, const char *until_a, const char *from_b,
    const char *until_b);

/* Why an appointment is refused; the pages map each to a field and a text. */
enum deputy_problem {
	DEPUTY_OK,
	DEPUTY_UNTIL_BEFORE_FROM,	/* until: before from */
	DEPUTY_PAST,			/* until: the period has ended already */
	DEPUTY_TOO_LONG,		/* until: longer than DEPUTY_PERIOD_DAYS_MAX */
	DEPUTY_SELF,			/* deputy: the manager themself */
	DEPUTY_IS_EMPLOYEE,		/* deputy: the report it is for */
	DEPUTY_UNKNOWN,			/* deputy: no active employee by that login */
	DEPUTY_NOT_REPORT,		/* employee: not a report of the manager */
	DEPUTY_OVERLAP,			/* from: another period of the same report */
	DEPUTY_NO_MANAGER,		/* the manager has no reports, or is no one */
};

/* The checks of an appointment that need no database: dates valid and in
 * order, not ended before `today`, not too long, the deputy neither the
 * manager nor the report (employee_id 0: every report).  DEPUTY_OK or the
 * first problem, in the order the form shows its fields. */
enum deputy_problem deputy_check(int64_t manager_id, int64_t deputy_id, int64_t employee_id,
    const char *starts_on, const char *ends_on, const char *today);

/* Whose team the report pages (GET /reports, /reports/people) count for
 * a viewer (issue 17).  The numbers are kept per manager (store/summary.h),
 * so a deputy sees a manager's team report only where the borrowed
 * people are the whole team: during a period of an appointment for all
 * the manager's reports.  One for a single report opens that dossier, not
 * the team's numbers, which would count people the deputy does not stand
 * in for.  The borrowed team is a scope of its own (the page's `team`),
 * never folded into the deputy's own team. */
enum report_team {
	REPORT_TEAM_ALL,	/* HR: every team; `team` is not asked for */
	REPORT_TEAM_OWN,	/* a manager's own team */
	REPORT_TEAM_BORROWED,	/* the team of a manager the viewer stands in for */
	REPORT_TEAM_REFUSED,	/* 403, as for a stranger */
};

/* asked: the team (manager id) the request names, 0 for none; borrowed:
 * the managers whose all-reports appointment covers today, n of them.
 * No team asked: a manager's own, else the first borrowed one.  *team: the
 * manager whose team is counted (0 for ALL and REFUSED). */
enum report_team deputy_report_team(bool reports_all, bool is_manager, int64_t viewer,
    int64_t asked, const int64_t *borrowed, size_t n, int64_t *team);

#endif
