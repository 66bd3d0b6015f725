/* ctl_retention.c -- gesprekctl retention: what the retention rules say is
 * due (--dry-run) or its deletion (--apply), for the daily
 * gesprek-retention.timer.  Output is counts only, never a name or a text:
 * comment lines (#) with the policy, then one line per rule and kind of
 * record, "RULE<TAB>KIND<TAB>COUNT".  The apply deletes in bounded
 * transactions (store/retention.h), so killing it is safe and the next run
 * goes on. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/util.h"
#include "base/validate.h"
#include "ctl/cli.h"
#include "ctl/ctl_retention.h"
#include "rules/retention.h"
#include "store/db.h"
#include "store/retention.h"

static int
print_line(void *ud, const char *rule, const char *kind, int64_t n)
{
	(void)ud;
	printf("%s\t%s\t%lld\n", rule, kind, (long long)n);
	return DB_OK;
}

static void
print_policy(const struct retention_policy *p, const char *today, bool apply)
{
	size_t i;

	printf("# retention %s: preset %s, today %s (UTC)\n", apply ? "apply" : "dry run",
	    retention_preset_name(p->preset), today);
	for (i = 0; i < RETENTION_KINDS; i++)
		printf("# rule %s: %d months %d days after %s\n", p->rule[i].name,
		    p->rule[i].period.months, p->rule[i].period.days,
		    retention_start_name(p->rule[i].start));
}

/* Today in UTC, the day the database's dates are kept in. */
static bool
utc_today(char out[ISO_DATE_LEN + 1])
{
	time_t now = time(NULL);
	struct tm tm;

	return gmtime_r(&now, &tm) != NULL && strftime(out, ISO_DATE_LEN + 1, "%Y-%m-%d", &tm) ==
	    ISO_DATE_LEN;
}

int
ctl_retention(const struct cli_call *c)
{
	struct retention_policy p;
	char today[ISO_DATE_LEN + 1];
	const char *given = cli_value(&c->args, "--today");
	bool apply = cli_given(&c->args, "--apply"), dry = cli_given(&c->args, "--dry-run");
	int64_t stubs = 0;
	struct db *db;
	int st;

	/* One of the two, always said: a timer that runs it means --apply. */
	if (apply == dry) {
		fprintf(stderr, "gesprekctl: retention: give --dry-run or --apply\n");
		return cli_usage_error(c->args.spec);
	}
	/* Another day only for a look ahead: deleting before the term is no
	 * option. */
	if (given && (apply || !date_valid(given))) {
		fprintf(stderr, "gesprekctl: retention: --today takes a date YYYY-MM-DD, with "
		    "--dry-run only\n");
		return 2;
	}
	if (given)
		strlcopy(today, given, sizeof(today));
	else if (!utc_today(today))
		return 1;
	retention_policy(c->conf, &p);
	if ((db = cli_db_open(c->conf, "retention", false)) == NULL)
		return 1;
	print_policy(&p, today, apply);
	fflush(stdout);
	st = apply ? retention_apply(db, &p, today, print_line, NULL, &stubs) :
	    retention_plan(db, &p, today, print_line, NULL);
	if (st != DB_OK) {
		fprintf(stderr, "gesprekctl: retention: %s\n", db_error(db));
		db_free(db);
		return 1;
	}
	if (apply)
		printf("# of them kept as pseudonymised stubs: %lld\n", (long long)stubs);
	db_free(db);
	return 0;
}
