/* cycle_rules.h -- the rules of a cycle that need no database: the rating
 * scale (its default, how HR types it and how it is stored), the kinds of
 * conversation a schedule may hold, and the default schedule of a period.
 * Pure code, unit-tested on its own (tests/unit/test_cycle_rules.c); the
 * pages, gesprekctl and the demo data all use it, so a default is defined
 * once. */
#ifndef GESPREK_CYCLE_RULES_H
#define GESPREK_CYCLE_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CYCLE_NAME_MAX 100	/* characters of cycle.name */

/* The stored scale: labels lowest first, joined by SCALE_SEP. */
#define SCALE_SEP '|'
/* How HR types it in the form, and how it is shown there. */
#define SCALE_TYPED_SEP '/'
#define CYCLE_DEFAULT_SCALE "onvoldoende|matig|voldoende|goed|uitstekend"
#define SCALE_LABELS_MIN 2
#define SCALE_LABELS_MAX 10
#define SCALE_LABEL_MAX 40		/* characters per label */
/* Bytes of a stored scale: every label at 4 bytes a character, plus
 * separators and NUL; the column (VARCHAR(1000)) holds more. */
#define SCALE_STORED_MAX (SCALE_LABELS_MAX * (SCALE_LABEL_MAX * 4 + 1) + 1)
/* Bytes of the typed form: " / " between labels. */
#define SCALE_TYPED_MAX (SCALE_LABELS_MAX * (SCALE_LABEL_MAX * 4 + 3) + 1)

/* Conversation types a schedule step may have (NULL-terminated), in the
 * order of the cycle: the values of cycle_step.type. */
extern const char *const cycle_step_types[];
#define CYCLE_STEP_TYPE_MAX 16		/* longest type name, bytes */
/* How many steps a schedule may hold: one goal setting, a progress
 * conversation every other month and an assessment fit with room. */
#define CYCLE_STEPS_MAX 8
#define CYCLE_DEFAULT_STEPS 3
#define ISO_DATE_LEN 10			/* YYYY-MM-DD */

struct plan_step {
	char type[CYCLE_STEP_TYPE_MAX + 1];
	char due_on[ISO_DATE_LEN + 1];
};

/* Parses what HR typed ("onvoldoende / matig / goed") into the stored
 * form ("onvoldoende|matig|goed").  On a problem returns false with *err a
 * catalog key; out is always terminated. */
bool scale_parse(const char *typed, char *out, size_t outlen, const char **err);
/* The stored form as HR types it: "a / b / c". */
void scale_format(const char *stored, char *out, size_t outlen);
/* Labels in a stored scale (0 for ""). */
size_t scale_count(const char *stored);

/* True when type is one of cycle_step_types. */
bool step_type_valid(const char *type);

/* Days since 2000-01-01 of a YYYY-MM-DD date in years 2000..2100; false
 * when it is no real date of that range. */
bool date_days(const char *ymd, int64_t *days);
/* The date of a day number (the inverse of date_days). */
void days_date(int64_t days, char out[ISO_DATE_LEN + 1]);

/* The default schedule of a period: a goal-setting conversation about six
 * weeks in, a progress conversation halfway and the assessment about two
 * weeks before the end (for a calendar year: 15 February, 30 June and
 * 15 December), in proportion for other periods.  Fills
 * out[CYCLE_DEFAULT_STEPS]; false when the dates are invalid or the period
 * ends before it starts. */
bool plan_default(const char *starts_on, const char *ends_on,
    struct plan_step out[CYCLE_DEFAULT_STEPS]);

/* ---- dates checked against the cycle (issue 15) ----
 *
 * A date of the cycle's work -- an item's end date, a collective goal's
 * deadline, the date of a conversation -- belongs in the cycle's period.
 * A little outside it is plausible (a goal due just after the year ends, a
 * goal-setting talk in the last week of the year before): it is warned
 * about and accepted once the person confirms.  Far outside it is a typing
 * error (2062 for 2026): it is refused. */

/* Days outside the period after which a date is refused: more than a year
 * away from the cycle cannot be this cycle's work. */
#define CYCLE_DATE_REFUSE_DAYS 366

enum date_fit {
	DATE_FIT_OK,		/* inside the period (or no date) */
	DATE_FIT_WARN,		/* outside, within CYCLE_DATE_REFUSE_DAYS: ask */
	DATE_FIT_REFUSE,	/* further outside, or no real date: refuse */
};

/* How ymd (YYYY-MM-DD; a longer string is read up to its date, so a
 * "YYYY-MM-DDTHH:MM" fits) fits the period starts_on..ends_on.  An empty
 * or NULL date is DATE_FIT_OK (optional fields); a period that cannot be
 * read checks nothing (DATE_FIT_OK). */
enum date_fit cycle_date_fit(const char *ymd, const char *starts_on, const char *ends_on);

/* True when a conversation planned for `planned` (a date or a
 * "YYYY-MM-DDTHH:MM" time) is marked held on `today` before that day: the
 * manager is asked to confirm.  False when either cannot be read. */
bool held_before_planned(const char *planned, const char *today);

#endif
