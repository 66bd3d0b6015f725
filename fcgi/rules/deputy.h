/* deputy.h -- the rules of a deputy's period that need no database
 * (issue 17): which day it is in the configured time zone, whether a day
 * lies in a period, and what makes an appointment invalid.  Pure code,
 * unit-tested on its own (tests/unit/test_deputy.c); the store applies
 * them inside its transactions (store/deputy.c, store/conversation.c),
 * the pages to say why a form was refused. */
#ifndef GESPREK_RULES_DEPUTY_H
#define GESPREK_RULES_DEPUTY_H

#include <stdbool.h>
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

#endif
