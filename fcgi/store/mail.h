/* mail.h -- what the store offers on e-mail reminders and the mail queue
 * (store/mail.c). Every function returns an enum db_status
 * (store/status.h); the SQL stays in fcgi/store/. */
#ifndef GESPREK_STORE_MAIL_H
#define GESPREK_STORE_MAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/status.h"

/* A conversation due within `days` days of `today` (YYYY-MM-DD), not
 * closed, whose recipient (its employee, its manager, and the manager's
 * deputy whose period covers `today`: one row each) is
 * active, has an address and was not reminded of this due date yet. */
struct reminder_row {
	int64_t conversation_id, recipient_id;
	const char *type, *due_on, *cycle, *employee, *manager;
	const char *name, *email;	/* the recipient */
	const char *lang;		/* the recipient's choice (sql/062), or "" */
	/* issue 17: the recipient is the manager's deputy until this day
	 * (YYYY-MM-DD, included); "" for the employee and the manager. */
	const char *deputy_until;
};
typedef int (*reminder_fn)(void *ud, const struct reminder_row *r);
int reminders_due(struct db *db, const char *today, int days, int limit, reminder_fn fn,
    void *ud);

/* ---- the outgoing mail queue (store/mail.c, sql/054_mail_queue.sql) ---- */

/* Longest text of a send failure kept with the mail (characters). */
#define MAIL_ERROR_MAX_CHARS 255
/* A claim token: 16 random bytes in hex. */
#define MAIL_CLAIM_LEN 32

/* A message to queue: composed in full (RFC 5322, ASCII), to one person. */
struct mail_new {
	const char *kind;		/* invite | sign | signed | remind */
	int64_t conversation_id;	/* 0: about no conversation */
	int64_t recipient_id;
	const char *recipient;		/* the address */
	const char *subject;		/* UTF-8, as shown to HR */
	const char *message;
	size_t message_len;
};
/* Queues one message (state queued, due now). */
int mail_enqueue(struct db *db, const struct mail_new *m, int64_t *id);

/* Records the reminder and queues its message in one transaction;
 * *queued false when another run did already (the unique key of
 * mail_reminder decides, also across hosts). */
int reminder_enqueue(struct db *db, int64_t conversation_id, const char *due_on,
    const struct mail_new *m, bool *queued);

/* What a sender claimed: one row, valid during the callback. */
struct mail_claimed {
	int64_t id;
	int tries;			/* this one included */
	const char *recipient;
	const char *message;
	size_t message_len;
};
typedef int (*mail_claimed_fn)(void *ud, const struct mail_claimed *m);
/* In one transaction: at most `limit` mails that are due (queued with
 * next_try_at passed, or sending with its lease passed: a sender that
 * stopped) are locked with FOR UPDATE SKIP LOCKED -- rows another sender
 * holds are passed over, never waited for -- and marked sending under
 * `claim`, their tries counted and their next_try_at moved lease_s ahead;
 * a stopped sender's row already at tries_max becomes failed.  After the
 * commit fn sees each claimed row. */
int mail_claim(struct db *db, const char *claim, int limit, int tries_max, int64_t lease_s,
    mail_claimed_fn fn, void *ud);
/* The claimed mail went out: sent, its message dropped.  DB_NOTFOUND when
 * the claim is no longer ours. */
int mail_mark_sent(struct db *db, int64_t id, const char *claim);
/* The claimed mail did not go out: failed when tries reached tries_max,
 * else queued again, due in delay_s seconds; `error` is kept for HR. */
int mail_mark_unsent(struct db *db, int64_t id, const char *claim, const char *error,
    int tries_max, int64_t delay_s);

/* One mail of the queue as HR sees it: never its message. */
struct mail_row {
	int64_t id;
	const char *kind, *state, *recipient, *recipient_name, *subject;
	int tries;
	const char *created_at, *next_try_at, *last_error;	/* ISO 8601 UTC; "" */
};
typedef int (*mail_row_fn)(void *ud, const struct mail_row *r);
/* Mail not sent yet (failed first, then sending and queued, oldest first),
 * at most limit rows; and how many mails are in each state. */
int mail_queue_list(struct db *db, int limit, mail_row_fn fn, void *ud);
struct mail_counts {
	int64_t queued, sending, sent, failed;
};
int mail_queue_counts(struct db *db, struct mail_counts *out);
/* HR queues a failed mail again (tries from 0, due now), audited in the
 * same transaction.  DB_NOTFOUND: no such mail; DB_CONFLICT: not failed. */
int mail_retry(struct db *db, int64_t actor_id, int64_t id);
/* Deletes at most limit sent mails older than keep_s seconds; *deleted
 * says how many. */
int mail_purge_sent(struct db *db, int64_t keep_s, int limit, uint64_t *deleted);

#endif
