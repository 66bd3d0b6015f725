/* test_retention.c -- the retention rules (rules/retention.c): the
 * presets, custom periods from gesprek.conf, the cutoff date and whether
 * one record is due. */
#include "config.h"

#include <string.h>

#include "base/conf.h"
#include "rules/retention.h"
#include "tap.h"

static const char *
cutoff(int months, int days, const char *today)
{
	static char out[ISO_DATE_LEN + 1];
	struct conf_period p = { months, days };

	if (!retention_cutoff(&p, today, out))
		return "none";
	return out;
}

static void
test_cutoff(void)
{
	is_str(cutoff(24, 0, "2026-12-06"), "2024-12-06", "two years back");
	is_str(cutoff(24, 0, "2028-02-29"), "2026-02-28", "29 February to the 28th");
	is_str(cutoff(1, 0, "2026-03-31"), "2026-02-28", "a month back from the 31st");
	is_str(cutoff(13, 0, "2026-01-15"), "2024-12-15", "over a year boundary");
	is_str(cutoff(0, 30, "2026-03-01"), "2026-01-30", "thirty days back");
	is_str(cutoff(12, 1, "2026-01-01"), "2024-12-31", "a year and a day");
	is_str(cutoff(120, 0, "2026-13-01"), "none", "no date, no cutoff");
	is_str(cutoff(12 * 40, 0, "2026-06-01"), "none", "before 2000: nothing due");
}

static struct retention_policy
policy_of(const char *text)
{
	struct conf c;
	struct retention_policy p;
	char err[CONF_ERR_MAX];

	conf_defaults(&c);
	if (!conf_parse(&c, "t", text, strlen(text), err, sizeof(err)))
		printf("# %s\n", err);
	retention_policy(&c, &p);
	return p;
}

static void
test_presets(void)
{
	struct retention_policy p = policy_of("");

	is_int(p.preset, RETENTION_PRESET_AP, "AP personnel file is the default");
	is_int(p.rule[RETENTION_DOSSIER].start, RETENTION_START_LEAVING, "AP: from leaving");
	is_int(p.rule[RETENTION_DOSSIER].period.months, 24, "AP: two years");
	p = policy_of("[retention]\npreset = gemeente\n");
	is_int(p.rule[RETENTION_DOSSIER].start, RETENTION_START_CYCLE_CLOSE,
	    "gemeente: from the close of the cycle");
	is_int(p.rule[RETENTION_DOSSIER].period.months, 60, "gemeente: five years");
	p = policy_of("[retention]\npreset = provincie\n");
	is_int(p.rule[RETENTION_DOSSIER].period.months, 120, "provincie: ten years");
	is_int(p.rule[RETENTION_PERSON].start, RETENTION_START_LEAVING,
	    "a person always from leaving");
	p = policy_of("[retention]\npreset = custom\ndossier = 18m\ndossier_from = cycle_close\n"
	    "sessions = 7d\n");
	is_int(p.rule[RETENTION_DOSSIER].period.months, 18, "custom dossier period");
	is_int(p.rule[RETENTION_DOSSIER].start, RETENTION_START_CYCLE_CLOSE, "custom start");
	is_int(p.rule[RETENTION_SESSIONS].period.days, 7, "custom sessions period");
	is_int(p.rule[RETENTION_MAIL].period.months, 12, "unset custom keeps AP's");
}

static bool
refused(const char *text, const char *why)
{
	struct conf c;
	char err[CONF_ERR_MAX];

	conf_defaults(&c);
	return !conf_parse(&c, "t", text, strlen(text), err, sizeof(err)) &&
	    strstr(err, why) != NULL;
}

static void
test_conf_refusals(void)
{
	ok(refused("[retention]\npreset = rijk\n", "expected ap, gemeente"), "unknown preset");
	ok(refused("[retention]\npreset = custom\ndossier = 2\n", "period"), "no unit");
	ok(refused("[retention]\npreset = custom\ndossier = 0y\n", "period"), "zero");
	ok(refused("[retention]\npreset = custom\ndossier = 101y\n", "period"), "a century+");
	ok(refused("[retention]\ndossier = 3y\n", "need preset = custom"),
	    "a period under a preset is refused, not ignored");
	ok(refused("[retention]\npreset = custom\ndossier_from = hire\n", "leaving or"),
	    "unknown start event");
}

static void
test_due(void)
{
	struct retention_policy p = policy_of("");
	const struct retention_rule *dossier = &p.rule[RETENTION_DOSSIER];
	struct retention_dates d = { .ended_on = "2024-12-06" };

	ok(retention_due(dossier, &d, "2026-12-06"), "due on the second anniversary");
	ok(!retention_due(dossier, &d, "2026-12-05"), "not the day before");
	d.held = true;
	ok(!retention_due(dossier, &d, "2030-01-01"), "never while held");
	d = (struct retention_dates){ .ended_on = "", .cycle_closed_on = "2010-12-31" };
	ok(!retention_due(dossier, &d, "2030-01-01"), "still employed: not due under AP");
	p = policy_of("[retention]\npreset = gemeente\n");
	ok(retention_due(&p.rule[RETENTION_DOSSIER], &d, "2016-01-01"),
	    "gemeente: five years after the cycle closed, employed or not");
	d.cycle_closed_on = NULL;
	ok(!retention_due(&p.rule[RETENTION_DOSSIER], &d, "2030-01-01"),
	    "a cycle not closed is never due");
	d = (struct retention_dates){ .created_on = "2026-01-01 10:00:00" };
	ok(retention_due(&p.rule[RETENTION_SESSIONS], &d, "2026-01-31"),
	    "a datetime counts by its day");
	ok(!retention_due(&p.rule[RETENTION_SESSIONS], &d, "2026-01-30"), "29 days: kept");
}

int
main(void)
{
	test_cutoff();
	test_presets();
	test_conf_refusals();
	test_due();
	return tap_done();
}
