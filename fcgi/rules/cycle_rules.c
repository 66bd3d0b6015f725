/* cycle_rules.c -- see cycle_rules.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/cycle_rules.h"
#include "base/util.h"

#define DAYS_YEAR_MIN 2000
#define DAYS_YEAR_MAX 2100
/* The default schedule in days of a 364-day year (1 January .. 31 December
 * of a common year): goal setting on day 45 (15 February), progress on day
 * 180 (30 June), the assessment 16 days before the end (15 December). */
#define PLAN_YEAR_DAYS 364
#define PLAN_GOAL_SETTING_DAY 45
#define PLAN_PROGRESS_DAY 180
#define PLAN_ASSESSMENT_BEFORE_END 16

const char *const cycle_step_types[] = { "goal_setting", "progress", "assessment", NULL };

bool
step_type_valid(const char *type)
{
	const char *const *t;

	for (t = cycle_step_types; type && *t; t++)
		if (strcmp(*t, type) == 0)
			return true;
	return false;
}

/* Characters (not bytes) of s[0..n). */
static size_t
chars_of(const char *s, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			c++;
	return c;
}

static bool
label_seen(const char *stored, const char *label, size_t n)
{
	const char *p = stored, *end;

	while (*p) {
		end = strchr(p, SCALE_SEP);
		if (end == NULL)
			end = p + strlen(p);
		if ((size_t)(end - p) == n && memcmp(p, label, n) == 0)
			return true;
		p = *end ? end + 1 : end;
	}
	return false;
}

/* Appends one trimmed label s[0..n) to out, checking it. */
static bool
add_label(const char *s, size_t n, char *out, size_t outlen, size_t *used, const char **err)
{
	size_t i;

	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0 || chars_of(s, n) > SCALE_LABEL_MAX) {
		*err = "admin.cycle.error.scale_label";
		return false;
	}
	for (i = 0; i < n; i++) {
		/* The separator of the stored form, and no line breaks: a label
		 * is one line on a form. */
		if (s[i] == SCALE_SEP || (unsigned char)s[i] < 0x20 || s[i] == 0x7f) {
			*err = "admin.cycle.error.scale_char";
			return false;
		}
	}
	if (label_seen(out, s, n)) {
		*err = "admin.cycle.error.scale_duplicate";
		return false;
	}
	if (*used + n + 2 > outlen) {
		*err = "admin.cycle.error.scale_count";
		return false;
	}
	if (*used)
		out[(*used)++] = SCALE_SEP;
	memcpy(out + *used, s, n);
	*used += n;
	out[*used] = '\0';
	return true;
}

bool
scale_parse(const char *typed, char *out, size_t outlen, const char **err)
{
	const char *p = typed ? typed : "", *end;
	size_t used = 0, labels = 0;

	if (outlen == 0)
		return false;
	out[0] = '\0';
	for (;;) {
		end = strchr(p, SCALE_TYPED_SEP);
		if (end == NULL)
			end = p + strlen(p);
		if (++labels > SCALE_LABELS_MAX) {
			*err = "admin.cycle.error.scale_count";
			out[0] = '\0';
			return false;
		}
		if (!add_label(p, (size_t)(end - p), out, outlen, &used, err)) {
			out[0] = '\0';
			return false;
		}
		if (*end == '\0')
			break;
		p = end + 1;
	}
	if (labels < SCALE_LABELS_MIN) {
		*err = "admin.cycle.error.scale_count";
		out[0] = '\0';
		return false;
	}
	return true;
}

void
scale_format(const char *stored, char *out, size_t outlen)
{
	struct buf b;
	const char *p;

	if (outlen == 0)
		return;
	buf_init(&b);
	for (p = stored ? stored : ""; *p; p++) {
		if (*p == SCALE_SEP)
			buf_puts(&b, " / ");
		else
			buf_append(&b, p, 1);
	}
	strlcopy(out, b.failed || b.data == NULL ? "" : b.data, outlen);
	buf_free(&b);
}

size_t
scale_count(const char *stored)
{
	size_t n = 1;

	if (stored == NULL || stored[0] == '\0')
		return 0;
	for (; *stored; stored++)
		if (*stored == SCALE_SEP)
			n++;
	return n;
}

static bool
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return days[m - 1] + (m == 2 && leap(y));
}

bool
date_days(const char *s, int64_t *out)
{
	int y, m, d, i;
	int64_t n = 0;

	if (s == NULL || strlen(s) != ISO_DATE_LEN || s[4] != '-' || s[7] != '-')
		return false;
	for (i = 0; i < ISO_DATE_LEN; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (y < DAYS_YEAR_MIN || y > DAYS_YEAR_MAX || m < 1 || m > 12 || d < 1 ||
	    d > month_days(y, m))
		return false;
	/* A century of years at most: counting is clearer than a formula. */
	for (i = DAYS_YEAR_MIN; i < y; i++)
		n += leap(i) ? 366 : 365;
	for (i = 1; i < m; i++)
		n += month_days(y, i);
	*out = n + d - 1;
	return true;
}

void
days_date(int64_t days, char out[ISO_DATE_LEN + 1])
{
	int y = DAYS_YEAR_MIN, m = 1;
	char tmp[32];	/* room for any int, to please -Wformat-truncation */

	if (days < 0)
		days = 0;
	while (y < DAYS_YEAR_MAX && days >= (leap(y) ? 366 : 365))
		days -= leap(y++) ? 366 : 365;
	while (m < 12 && days >= month_days(y, m))
		days -= month_days(y, m++);
	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d", y, m, (int)days + 1);
	strlcopy(out, tmp, ISO_DATE_LEN + 1);
}

bool
plan_default(const char *starts_on, const char *ends_on,
    struct plan_step out[CYCLE_DEFAULT_STEPS])
{
	int64_t start, end, span;

	if (!date_days(starts_on, &start) || !date_days(ends_on, &end) || end < start)
		return false;
	span = end - start;
	strlcopy(out[0].type, "goal_setting", sizeof(out[0].type));
	days_date(start + span * PLAN_GOAL_SETTING_DAY / PLAN_YEAR_DAYS, out[0].due_on);
	strlcopy(out[1].type, "progress", sizeof(out[1].type));
	days_date(start + span * PLAN_PROGRESS_DAY / PLAN_YEAR_DAYS, out[1].due_on);
	strlcopy(out[2].type, "assessment", sizeof(out[2].type));
	days_date(end - span * PLAN_ASSESSMENT_BEFORE_END / PLAN_YEAR_DAYS, out[2].due_on);
	return true;
}

/* The date at the start of s (the first ISO_DATE_LEN characters). */
static bool
leading_days(const char *s, int64_t *days)
{
	char ymd[ISO_DATE_LEN + 1];

	if (s == NULL || strlen(s) < ISO_DATE_LEN)
		return false;
	memcpy(ymd, s, ISO_DATE_LEN);
	ymd[ISO_DATE_LEN] = '\0';
	return date_days(ymd, days);
}

enum date_fit
cycle_date_fit(const char *ymd, const char *starts_on, const char *ends_on)
{
	int64_t day, start, end, away;

	if (ymd == NULL || ymd[0] == '\0')
		return DATE_FIT_OK;
	if (!date_days(starts_on, &start) || !date_days(ends_on, &end) || end < start)
		return DATE_FIT_OK;
	if (!leading_days(ymd, &day))
		return DATE_FIT_REFUSE;
	if (day >= start && day <= end)
		return DATE_FIT_OK;
	away = day < start ? start - day : day - end;
	return away > CYCLE_DATE_REFUSE_DAYS ? DATE_FIT_REFUSE : DATE_FIT_WARN;
}

bool
held_before_planned(const char *planned, const char *today)
{
	int64_t p, t;

	if (!leading_days(planned, &p) || !leading_days(today, &t))
		return false;
	return t < p;
}
