/* remind.h -- the reminder e-mail (remind.c): whom, about which
 * conversation, in the recipient's language.  One composition for both
 * senders: `gesprekctl remind` (before a due date, ctl/ctl_remind.c) and
 * HR or a manager from the people behind a number of the reports
 * (pages/reports_remind.c).  Composing only: the callers queue it. */
#ifndef GESPREK_NOTIFY_REMIND_H
#define GESPREK_NOTIFY_REMIND_H

#include <stdbool.h>
#include <stdint.h>

#include "base/conf.h"
#include "base/util.h"

struct catalog;

/* One reminder; every string valid while composing. */
struct remind_note {
	int64_t conversation_id;
	const char *type;		/* goal_setting | progress | assessment */
	const char *due_on;		/* YYYY-MM-DD, or "" when the cycle has none */
	const char *cycle;
	const char *employee;		/* whose conversation */
	const char *manager;
	const char *name;		/* the recipient */
	const char *email;
	/* issue 17: the recipient stands in for the manager until this day
	 * (YYYY-MM-DD): the deputy's own text (MAIL_REMIND_DEPUTY), which
	 * says for whom and until when; NULL or "": the parties' text. */
	const char *deputy_until;
};

/* The language a reminder to someone who chose `chosen` ("" or NULL: no
 * choice) is written in: their choice when we speak it, else the one
 * [mail] language names -- never the sender's. */
const char *remind_lang(const struct conf *c, const char *chosen);

/* The whole message (mail_compose, kind MAIL_REMIND, or
 * MAIL_REMIND_DEPUTY for a deputy) in the catalog's
 * language into msg, its subject as text into subject; false when a text
 * is missing, the address is bad or out of memory. */
bool remind_compose(const struct catalog *cat, const struct conf *c, const struct remind_note *r,
    struct buf *msg, struct buf *subject);

/* Subject and body as text, what remind_compose would send: the preview
 * HR sees before sending. */
bool remind_texts(const struct catalog *cat, const struct conf *c, const struct remind_note *r,
    struct buf *subject, struct buf *body);

#endif
