/* mail.h -- e-mail notifications through the local sendmail interface
 * ([mail] in gesprek.conf; off while sendmail is empty).
 *
 * The texts are catalog messages (mail.KIND.subject, mail.KIND.body,
 * mail.link, mail.footer) in the recipient's language (their choice in
 * the user menu, sql/062; else the one [mail] language names), with
 * {name}, {employee}, {manager}, {type}, {date}, {cycle} and {reason}
 * filled in.  A
 * message is RFC 5322 + MIME: UTF-8 headers as RFC 2047 encoded-words, a
 * base64 text/plain body, and for an invitation the .ics as a
 * text/calendar attachment.  Requests only compose and queue messages
 * (pages/notify.c, the mail_queue table); `gesprekctl mail-send` hands
 * them to "sendmail -t -i" (mail_send: posix_spawn, no shell) and waits at
 * most MAIL_TIMEOUT_S for each; a failure is retried later, never fatal to
 * the request that caused the mail. */
#ifndef GESPREK_MAIL_H
#define GESPREK_MAIL_H

#include <stdbool.h>
#include <stddef.h>

#include "base/conf.h"
#include "base/util.h"

struct catalog;

/* Seconds sendmail may take to accept one message. */
#define MAIL_TIMEOUT_S 20
/* Longest filled-in subject and body, in bytes. */
#define MAIL_SUBJECT_MAX 512
#define MAIL_BODY_MAX 16384

enum mail_kind {
	MAIL_INVITE,	/* the manager planned a conversation: to the employee */
	MAIL_SIGN,	/* finalized, waiting for the employee's signature */
	MAIL_SIGNED,	/* the employee signed, waiting for the manager's */
	MAIL_REMIND,	/* the due date is near: to both */
	MAIL_FEEDBACK,	/* a colleague is asked for feedback (issue 17) */
	MAIL_FEEDBACK_REMIND,	/* ... and its deadline is near, not answered yet */
	MAIL_REVIEW,	/* finalized, waiting for the second assessor (issue 17) */
	MAIL_REVIEW_RETURN,	/* the second assessor returned it: to the manager */
	MAIL_REMIND_DEPUTY,	/* the due date is near: to the manager's deputy
				 * (issue 17; queued as a "remind") */
};

/* What the catalog texts may name. */
struct mail_vars {
	const char *name;	/* the recipient */
	const char *employee;
	const char *manager;
	const char *type;	/* "Doelstellingengesprek" */
	const char *date;	/* as shown: "10 februari 2027 om 09:30" */
	const char *cycle;
	const char *path;	/* "/conversations/12": with [mail] url, a link */
	const char *reason;	/* a second assessor's return: why (issue 17) */
	const char *until;	/* a deputy's last day, written out (issue 17) */
};

struct mail_msg {
	const char *from;		/* address */
	const char *from_name;
	const char *to;			/* address */
	const char *to_name;
	const char *lang;		/* Content-Language */
	const char *subject;		/* UTF-8 */
	const char *body;		/* UTF-8, "\n" line ends */
	const char *ics;		/* attachment, or NULL */
	size_t ics_len;
};

/* Mail is configured. */
bool mail_on(const struct conf *c);

/* Subject and body of kind in the catalog's language; false when a
 * message is missing or out of memory. */
bool mail_texts(const struct catalog *cat, const struct conf *c, enum mail_kind kind,
    const struct mail_vars *v, struct buf *subject, struct buf *body);

/* "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM" (local) as "27 november 2026" or
 * "27 november 2026 om 09:30", in the catalog's language. */
void mail_date(const struct catalog *cat, const char *iso, char *out, size_t size);

/* The whole message, CRLF line ends; false on a bad address or OOM. */
bool mail_format(const struct mail_msg *m, struct buf *out);

/* mail_texts + mail_format for one recipient, From: the [mail] address
 * under the catalog's app.name, Content-Language the catalog's; ics (may be NULL) is attached.  The
 * subject as text goes to subject_out too, when that is not NULL. */
bool mail_compose(const struct catalog *cat, const struct conf *c, enum mail_kind kind,
    const struct mail_vars *v, const char *to, const char *to_name, const struct buf *ics,
    struct buf *out, struct buf *subject_out);

/* Longest reason mail_send gives for a failure, with its NUL. */
#define MAIL_WHY_MAX 128

/* Hands a formatted message to sendmail and waits for it (at most
 * MAIL_TIMEOUT_S): never from a request thread -- requests queue their
 * mail (store/mail.h: mail_enqueue) and `gesprekctl mail-send` sends it.  False
 * (logged) on any failure, with the reason in why (ASCII). */
bool mail_send(const struct conf *c, const char *message, size_t len, char *why,
    size_t why_size);

/* Catalog key of a kind's subject and body ("mail.invite.subject"). */
const char *mail_kind_name(enum mail_kind kind);

#endif
