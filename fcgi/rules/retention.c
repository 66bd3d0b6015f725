/* retention.c -- the retention presets and the one decision: is a record
 * due (retention.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "rules/retention.h"

#define MONTHS_PER_YEAR 12
/* The presets' periods (research.md: the Autoriteit Persoonsgegevens'
 * personnel-file guidance, the municipal and provincial selection lists). */
#define AP_DOSSIER_YEARS 2
#define GEMEENTE_DOSSIER_YEARS 5
#define PROVINCIE_DOSSIER_YEARS 10
/* The audit trail outlives the dossiers it is about by a year where the
 * dossier's period starts at a cycle's end (rows are made before that end);
 * with AP the leaver's own audit rows go with their dossiers anyway. */
#define AP_AUDIT_YEARS 5
#define GEMEENTE_AUDIT_YEARS 6
#define PROVINCIE_AUDIT_YEARS 11
/* Sessions and login records serve security only: a month of them is
 * enough to look into a break-in reported late. */
#define SESSIONS_DAYS 30
/* The mail log answers "was I told?" for a year. */
#define MAIL_YEARS 1

static struct conf_period
years(int n)
{
	return (struct conf_period){ .months = n * MONTHS_PER_YEAR, .days = 0 };
}

static void
preset_rules(enum conf_retention_preset p, struct retention_policy *out)
{
	int dossier = AP_DOSSIER_YEARS, audit = AP_AUDIT_YEARS;
	enum retention_start from = RETENTION_START_LEAVING;

	if (p == RETENTION_PRESET_GEMEENTE || p == RETENTION_PRESET_PROVINCIE) {
		from = RETENTION_START_CYCLE_CLOSE;
		dossier = p == RETENTION_PRESET_GEMEENTE ? GEMEENTE_DOSSIER_YEARS :
		    PROVINCIE_DOSSIER_YEARS;
		audit = p == RETENTION_PRESET_GEMEENTE ? GEMEENTE_AUDIT_YEARS :
		    PROVINCIE_AUDIT_YEARS;
	}
	out->rule[RETENTION_DOSSIER] = (struct retention_rule){ "dossier", from, years(dossier) };
	/* A person's row goes the dossier's period after leaving, and only
	 * once no dossier of theirs is left (store/retention.c). */
	out->rule[RETENTION_PERSON] = (struct retention_rule){ "person",
	    RETENTION_START_LEAVING, years(dossier) };
	out->rule[RETENTION_AUDIT] = (struct retention_rule){ "audit",
	    RETENTION_START_CREATION, years(audit) };
	out->rule[RETENTION_SESSIONS] = (struct retention_rule){ "sessions",
	    RETENTION_START_CREATION, { .months = 0, .days = SESSIONS_DAYS } };
	out->rule[RETENTION_MAIL] = (struct retention_rule){ "mail",
	    RETENTION_START_CREATION, years(MAIL_YEARS) };
}

static bool
period_set(const struct conf_period *p)
{
	return p->months > 0 || p->days > 0;
}

/* A custom period replaces the AP preset's where it is given. */
static void
custom(struct conf_period *rule, const struct conf_period *given)
{
	if (period_set(given))
		*rule = *given;
}

void
retention_policy(const struct conf *c, struct retention_policy *out)
{
	memset(out, 0, sizeof(*out));
	out->preset = c->retention_preset;
	if (c->retention_preset != RETENTION_PRESET_CUSTOM) {
		preset_rules(c->retention_preset, out);
		return;
	}
	preset_rules(RETENTION_PRESET_AP, out);
	custom(&out->rule[RETENTION_DOSSIER].period, &c->retention_dossier);
	custom(&out->rule[RETENTION_PERSON].period, &c->retention_dossier);
	custom(&out->rule[RETENTION_AUDIT].period, &c->retention_audit);
	custom(&out->rule[RETENTION_SESSIONS].period, &c->retention_sessions);
	custom(&out->rule[RETENTION_MAIL].period, &c->retention_mail);
	if (c->retention_given & CONF_RETENTION_GIVEN_FROM)
		out->rule[RETENTION_DOSSIER].start =
		    c->retention_dossier_from == RETENTION_FROM_CYCLE_CLOSE ?
		    RETENTION_START_CYCLE_CLOSE : RETENTION_START_LEAVING;
}

const char *
retention_preset_name(enum conf_retention_preset p)
{
	switch (p) {
	case RETENTION_PRESET_AP: return "ap";
	case RETENTION_PRESET_GEMEENTE: return "gemeente";
	case RETENTION_PRESET_PROVINCIE: return "provincie";
	case RETENTION_PRESET_CUSTOM: return "custom";
	}
	return "";
}

const char *
retention_start_name(enum retention_start s)
{
	switch (s) {
	case RETENTION_START_LEAVING: return "leaving";
	case RETENTION_START_CYCLE_CLOSE: return "cycle_close";
	case RETENTION_START_CREATION: return "creation";
	}
	return "";
}

static bool
leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
last_day(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && leap_year(y) ? 29 : days[m - 1];
}

bool
retention_cutoff(const struct conf_period *p, const char *today, char out[ISO_DATE_LEN + 1])
{
	int64_t n;
	int y, m, d, months;
	char ymd[ISO_DATE_LEN + 1];

	if (!date_days(today, &n) || p->months < 0 || p->days < 0)
		return false;
	y = atoi(today);
	m = atoi(today + 5);
	d = atoi(today + 8);
	/* Months first, on the calendar: two years before 29 February is
	 * 28 February. */
	months = y * MONTHS_PER_YEAR + (m - 1) - p->months;
	y = months / MONTHS_PER_YEAR;
	m = months % MONTHS_PER_YEAR + 1;
	if (d > last_day(y, m))
		d = last_day(y, m);
	ymd[0] = (char)('0' + y / 1000 % 10);
	ymd[1] = (char)('0' + y / 100 % 10);
	ymd[2] = (char)('0' + y / 10 % 10);
	ymd[3] = (char)('0' + y % 10);
	ymd[4] = '-';
	ymd[5] = (char)('0' + m / 10);
	ymd[6] = (char)('0' + m % 10);
	ymd[7] = '-';
	ymd[8] = (char)('0' + d / 10);
	ymd[9] = (char)('0' + d % 10);
	ymd[10] = '\0';
	/* Then days, counted; before the first day the rules count nothing
	 * is due, which errs on the side of keeping. */
	if (!date_days(ymd, &n) || n < p->days)
		return false;
	days_date(n - p->days, out);
	return true;
}

static const char *
start_date(const struct retention_rule *r, const struct retention_dates *d)
{
	switch (r->start) {
	case RETENTION_START_LEAVING: return d->ended_on;
	case RETENTION_START_CYCLE_CLOSE: return d->cycle_closed_on;
	case RETENTION_START_CREATION: return d->created_on;
	}
	return NULL;
}

bool
retention_due(const struct retention_rule *r, const struct retention_dates *d,
    const char *today)
{
	char cutoff[ISO_DATE_LEN + 1], day[ISO_DATE_LEN + 1];
	const char *start = start_date(r, d);
	int64_t s, c;

	if (d->held || start == NULL || strlen(start) < ISO_DATE_LEN)
		return false;
	if (!retention_cutoff(&r->period, today, cutoff))
		return false;
	/* A datetime counts by its day. */
	memcpy(day, start, ISO_DATE_LEN);
	day[ISO_DATE_LEN] = '\0';
	if (!date_days(day, &s) || !date_days(cutoff, &c))
		return false;
	return s <= c;
}
