/* retention.h -- how long gesprek keeps each kind of record (issue 18):
 * the rules of the configured preset, and whether one record is due for
 * deletion given its dates.  Pure code, unit-tested on its own
 * (tests/unit/test_retention.c); the store turns a rule into the cutoff
 * date its statements compare with (store/retention.c), and asks
 * retention_due of every record it is about to delete, so the SQL and
 * this decision have to agree or nothing goes.
 *
 * Kinds of record and where their period starts:
 *   dossier   a dossier with everything under it (conversations, items,
 *             notes, remarks, answers, ratings, feedback, signatures,
 *             snapshots, its audit rows and page stamps): from the end of
 *             the employee's employment (AP) or the end of its closed
 *             cycle (gemeente, provincie);
 *   person    the employee row and what is only theirs (sessions, kept
 *             forms, mail to them, login records): from the end of
 *             employment, once no dossier of theirs is left; a row still
 *             named by a kept record becomes a pseudonymised stub;
 *   audit     the audit trail and the read log: from creation;
 *   sessions  sessions and login throttling: from creation (expiry);
 *   mail      the mail log (sent or failed mail, reminders): from creation.
 * Kept forms (draft, sql/060) and import previews (sql/057) live a day and
 * an hour and go with `gesprekctl purge`; the server keeps no import files
 * or reports.  A legal hold on a person stops every deletion of theirs. */
#ifndef GESPREK_RULES_RETENTION_H
#define GESPREK_RULES_RETENTION_H

#include <stdbool.h>

#include "base/conf.h"
#include "rules/cycle_rules.h"

enum retention_kind {
	RETENTION_DOSSIER,
	RETENTION_PERSON,
	RETENTION_AUDIT,
	RETENTION_SESSIONS,
	RETENTION_MAIL,
	RETENTION_KINDS
};

enum retention_start {
	RETENTION_START_LEAVING,	/* end of employment */
	RETENTION_START_CYCLE_CLOSE,	/* the end date of the closed cycle */
	RETENTION_START_CREATION,
};

struct retention_rule {
	const char *name;		/* the rule's name in the deletion log */
	enum retention_start start;
	struct conf_period period;
};

struct retention_policy {
	enum conf_retention_preset preset;
	struct retention_rule rule[RETENTION_KINDS];
};

/* What the rules of one record are judged on: dates as YYYY-MM-DD, NULL
 * or "" when the record has none (an employee still employed, a cycle not
 * closed). */
struct retention_dates {
	const char *ended_on;		/* end of employment */
	const char *cycle_closed_on;	/* the end date of a closed cycle */
	const char *created_on;
	bool held;			/* a legal hold on the person */
};

/* The policy gesprek.conf's [retention] gives: a preset's rules, or
 * custom periods with the AP preset's for those not given. */
void retention_policy(const struct conf *c, struct retention_policy *out);

/* A preset's name as in gesprek.conf ("ap", ...); "" for none. */
const char *retention_preset_name(enum conf_retention_preset p);
/* A start event's name as the dry run prints it ("leaving", ...). */
const char *retention_start_name(enum retention_start s);

/* The latest start date a record may have and be due on `today`: today
 * less the period (a month back from the 31st is the month's last day).
 * False when today is no date or the cutoff lies before the dates the
 * rules can count (then nothing is due). */
bool retention_cutoff(const struct conf_period *p, const char *today,
    char out[ISO_DATE_LEN + 1]);

/* Whether a record with these dates is due for deletion on `today` under
 * rule r: never while held, never without the start event's date, and
 * otherwise when that date is on or before the cutoff. */
bool retention_due(const struct retention_rule *r, const struct retention_dates *d,
    const char *today);

#endif
