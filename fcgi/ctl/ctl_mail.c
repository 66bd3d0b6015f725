/* ctl_mail.c -- gesprekctl mail-send and gesprekctl purge: the scheduled
 * work of gesprek, run by the shipped systemd timers (gesprek-mail.timer,
 * gesprek-purge.timer) and never by a request thread.
 *
 * mail-send claims due mail in bounded batches (store/mail.c: SELECT ...
 * FOR UPDATE SKIP LOCKED, then marked sending under this run's random
 * claim token and committed), hands each message to sendmail with no lock
 * held, and marks it sent, or queued again with an exponential backoff, or
 * failed after MAIL_TRIES_MAX tries.  Any number of runs on any number of
 * hosts may overlap: a row belongs to one claim at a time, and a run that
 * stops mid-batch leaves its rows to be claimed again when their lease
 * ends.  (A run killed after sendmail took a message but before it was
 * marked sent sends that one message again: at least once, not exactly
 * once, across crashes.) */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctl/cli.h"
#include "ctl/ctl_mail.h"
#include "base/log.h"
#include "notify/mail.h"
#include "store/db.h"
#include "store/deputy.h"
#include "store/draft.h"
#include "store/organisation.h"
#include "store/mail.h"
#include "store/session.h"
#include "base/util.h"

/* Mails one claim takes: a run that stops leaves at most these behind
 * until their lease ends. */
#define MAIL_SEND_BATCH 20
/* Batches one run sends at most; the next run (a minute later) goes on. */
#define MAIL_SEND_ROUNDS_MAX 50
/* Seconds a claim holds its rows: time for every message of a batch to
 * reach sendmail's timeout, and some. */
#define MAIL_LEASE_S ((int64_t)MAIL_SEND_BATCH * (MAIL_TIMEOUT_S + 10))
/* Tries of one mail before it is failed (and shown to HR as such). */
#define MAIL_TRIES_MAX 6
/* Wait after the first failed try; doubled after each further one:
 * 2, 4, 8, 16, 32 minutes, so an MTA down for an hour loses nothing. */
#define MAIL_RETRY_BASE_S 120
#define MAIL_RETRY_MAX_S (6 * 3600)
/* Random bytes of a claim token (hex: MAIL_CLAIM_LEN characters). */
#define CLAIM_BYTES (MAIL_CLAIM_LEN / 2)

/* Sessions: session_purge removes a bounded batch per call. */
#define PURGE_SESSION_ROUNDS 25
/* Sent mail is kept this long for HR's counts, then deleted. */
#define MAIL_SENT_KEEP_S (30 * 24 * 3600)
#define PURGE_MAIL_BATCH 500
#define PURGE_MAIL_ROUNDS 20

/* One claimed mail, copied out of the result set: sending happens after
 * the query, never while its rows are being read. */
struct outgoing {
	int64_t id;
	int tries;
	char *message;
	size_t len;
};

struct batch {
	struct outgoing v[MAIL_SEND_BATCH];
	int n;
	bool oom;
};

static int
collect(void *ud, const struct mail_claimed *m)
{
	struct batch *b = ud;
	struct outgoing *o;

	if (b->n >= MAIL_SEND_BATCH)
		return DB_OK;
	o = &b->v[b->n];
	if ((o->message = malloc(m->message_len + 1)) == NULL) {
		b->oom = true;
		return DB_OK;	/* its lease ends, and a later run sends it */
	}
	memcpy(o->message, m->message, m->message_len);
	o->message[m->message_len] = '\0';
	o->len = m->message_len;
	o->id = m->id;
	o->tries = m->tries;
	b->n++;
	return DB_OK;
}

static void
batch_free(struct batch *b)
{
	int i;

	for (i = 0; i < b->n; i++)
		free(b->v[i].message);
	b->n = 0;
}

/* The wait before try tries + 1. */
static int64_t
backoff(int tries)
{
	int64_t d = MAIL_RETRY_BASE_S;

	while (--tries > 0 && d < MAIL_RETRY_MAX_S)
		d *= 2;
	return d < MAIL_RETRY_MAX_S ? d : MAIL_RETRY_MAX_S;
}

struct tally {
	int sent, retry, failed, lost;
};

static void
send_one(struct db *db, const struct conf *conf, const char *claim, const struct outgoing *o,
    struct tally *t)
{
	char why[MAIL_WHY_MAX];
	int st;

	if (o->len == 0) {
		snprintf(why, sizeof(why), "empty message");
		st = DB_ERROR;
	} else {
		st = mail_send(conf, o->message, o->len, why, sizeof(why)) ? DB_OK : DB_ERROR;
	}
	if (st == DB_OK) {
		if ((st = mail_mark_sent(db, o->id, claim)) == DB_OK)
			t->sent++;
	} else {
		fprintf(stderr, "gesprekctl: mail-send: mail %lld, try %d: %s\n",
		    (long long)o->id, o->tries, why);
		st = mail_mark_unsent(db, o->id, claim, why, MAIL_TRIES_MAX, backoff(o->tries));
		if (st == DB_OK && o->tries >= MAIL_TRIES_MAX)
			t->failed++;	/* given up: HR sees it on /admin/mail */
		else if (st == DB_OK)
			t->retry++;
	}
	if (st != DB_OK) {
		/* Its lease ends and another run takes it up again. */
		fprintf(stderr, "gesprekctl: mail-send: mail %lld: state not recorded: %s\n",
		    (long long)o->id, db_error(db));
		t->lost++;
	}
}

/* A fresh token for each claim: a row whose outcome could not be recorded
 * still carries the last one, and must not come back in the next batch. */
static bool
new_claim(char claim[MAIL_CLAIM_LEN + 1])
{
	unsigned char r[CLAIM_BYTES];

	if (!random_bytes(r, sizeof(r))) {
		fprintf(stderr, "gesprekctl: mail-send: no random bytes for a claim\n");
		return false;
	}
	hex_encode(r, sizeof(r), claim);
	return true;
}

static int
send_all(struct db *db, const struct conf *conf, struct tally *t)
{
	struct batch *b = calloc(1, sizeof(*b));
	char claim[MAIL_CLAIM_LEN + 1];
	int round, i, st = DB_OK;

	if (b == NULL)
		return DB_ERROR;
	for (round = 0; round < MAIL_SEND_ROUNDS_MAX; round++) {
		if (!new_claim(claim)) {
			st = DB_ERROR;
			break;
		}
		st = mail_claim(db, claim, MAIL_SEND_BATCH, MAIL_TRIES_MAX, MAIL_LEASE_S, collect, b);
		if (st != DB_OK || b->n == 0)
			break;
		for (i = 0; i < b->n; i++)
			send_one(db, conf, claim, &b->v[i], t);
		batch_free(b);
		if (b->oom) {
			st = DB_ERROR;
			break;
		}
	}
	batch_free(b);
	free(b);
	return st;
}

int
ctl_mail_send(const struct cli_call *c)
{
	const struct conf *conf = c->conf;
	struct tally t = { 0, 0, 0, 0 };
	struct db *db;
	int st;

	if (!mail_on(conf)) {
		printf("mail-send: mail is off ([mail] sendmail is empty): nothing sent\n");
		return 0;
	}
	/* sendmail may stop reading early: an error to report, not a signal. */
	signal(SIGPIPE, SIG_IGN);
	if ((db = cli_db_open(conf, "mail-send", false)) == NULL)
		return 1;
	st = send_all(db, conf, &t);
	if (st != DB_OK)
		fprintf(stderr, "gesprekctl: mail-send: %s\n", db_error(db));
	db_free(db);
	printf("mail-send: %d sent, %d to try again, %d failed\n", t.sent, t.retry, t.failed);
	return st == DB_OK && t.retry == 0 && t.failed == 0 && t.lost == 0 ? 0 : 1;
}

/* ---- purge ---- */

int
ctl_purge(const struct cli_call *c)
{
	uint64_t n = 0, mails = 0, leavers = 0, lapses = 0;
	char today[DEPUTY_DATE_LEN + 1];
	struct db *db;
	int i, st = DB_OK;

	if ((db = cli_db_open(c->conf, "purge", false)) == NULL)
		return 1;
	/* Each call is one bounded DELETE of sessions and one of attempts,
	 * short enough not to hold up logins; a statement that finds
	 * nothing left costs next to nothing. */
	for (i = 0; i < PURGE_SESSION_ROUNDS && st == DB_OK; i++) {
		st = session_purge(db);
		if (st == DB_OK)	/* forms kept when a session ended (sql/060) */
			st = draft_purge(db);
	}
	for (i = 0; i < PURGE_MAIL_ROUNDS && st == DB_OK; i++) {
		st = mail_purge_sent(db, MAIL_SENT_KEEP_S, PURGE_MAIL_BATCH, &n);
		mails += n;
		if (n < PURGE_MAIL_BATCH)
			break;
	}
	/* A leaving date is a day: the timer's next run after it starts
	 * makes the person inactive (the import does it for a date past). */
	if (st == DB_OK)
		st = employees_retire_leavers(db, &leavers);
	/* A deputy's period that ran out by its date: its end is audited once
	 * (issue 17), at the timer's first run after its last day -- a day
	 * of site.timezone (gesprekctl's zone, as gesprekd's), not of the
	 * machine's (between midnight in Amsterdam and midnight UTC a UTC
	 * machine still lived the day before). */
	if (st == DB_OK)
		st = deputy_today(time(NULL), today) ?
		    deputy_record_lapses(db, today, &lapses) : DB_ERROR;
	if (st != DB_OK) {
		fprintf(stderr, "gesprekctl: purge: %s\n", db_error(db));
		db_free(db);
		return 1;
	}
	db_free(db);
	printf("purge: expired sessions, kept forms and old login attempts removed; %llu sent mail(s) "
	    "deleted; %llu leaver(s) deactivated; %llu deputy period end(s) recorded\n",
	    (unsigned long long)mails, (unsigned long long)leavers, (unsigned long long)lapses);
	return 0;
}
