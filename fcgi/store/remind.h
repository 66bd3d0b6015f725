/* remind.h -- what the store offers on reminders sent from the reports
 * (store/remind.c): queueing them at once, audited, and the last send of
 * the same list.  Every function returns an enum db_status
 * (store/status.h); the SQL stays in fcgi/store/. */
#ifndef GESPREK_STORE_REMIND_H
#define GESPREK_STORE_REMIND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rules/person.h"
#include "store/mail.h"
#include "store/status.h"

/* "YYYY-MM-DDTHH:MM:SSZ" and its NUL. */
#define REMIND_AT_LEN 21

/* The last send of a list: when (UTC) and by whom, and how many sends
 * of it fell within the window. */
struct remind_last {
	bool found;
	char at[REMIND_AT_LEN];
	char actor[NAME_BYTES + 1];
	int64_t count;
};

/* The last send of the list `key` (the audit detail's start, see
 * remind_queue) of the cycle within window_s seconds, for the warning of
 * the confirmation page. */
int remind_recent(struct db *db, int64_t cycle_id, const char *key, int64_t window_s,
    struct remind_last *out);

/* The next mails of a send, read and composed by the caller inside the
 * send's transaction (db): *n of them in *mails, 0 when there are no
 * more; `first` starts the list again (a transaction run again starts
 * from its first statement).  The mails stay the caller's, valid until
 * its next call.  DB status. */
typedef int (*remind_next_fn)(void *ud, struct db *db, bool first,
    const struct mail_new **mails, size_t *n);

/* One send: each mail is about a conversation (mail_new.conversation_id),
 * queued only while that conversation is not closed -- checked in the
 * insert itself.  The mails come a batch at a time from next(), so a
 * list of any length is queued with bounded memory, all in one
 * transaction with one audit row. */
struct remind_batch {
	int64_t actor_id, cycle_id;
	const char *key;		/* names the list; ends with "; " */
	int64_t window_s;
	bool again;			/* send even when sent within window_s */
	int64_t sends_max;		/* sends of the list within window_s, again or not */
	remind_next_fn next;
	void *next_ud;
	int64_t queued;			/* out: how many were queued */
	struct remind_last last;	/* out, with DB_CONFLICT */
	bool capped;			/* out, with DB_CONFLICT: sends_max reached */
};
/* In one transaction: the cycle's row locked (two sends of one cycle
 * take turns), DB_CONFLICT with b->last when the same list was sent
 * within window_s and b->again is false, or (b->capped) when it was sent
 * sends_max times within window_s already, else every mail queued and
 * one audit row (cycle, "remind", key + "count: N") when any was. */
int remind_queue(struct db *db, struct remind_batch *b);

#endif
