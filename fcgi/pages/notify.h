/* notify.h -- e-mails that steps of a conversation queue (notify.c). */
#ifndef GESPREK_NOTIFY_H
#define GESPREK_NOTIFY_H

#include <stdint.h>

#include "notify/mail.h"

struct ctx;
struct dossier_view;

/* Queues kind about the conversation (re-read: the step has committed) to
 * the employee (invite, sign) or the manager (signed) of the dossier, when
 * mail is configured and they have an address; `gesprekctl mail-send`
 * sends it.  Never runs sendmail, never fails the caller. */
void notify(struct ctx *c, const struct dossier_view *v, int64_t conversation_id,
    enum mail_kind kind);
/* notify with a reason the text names ({reason}): the second assessor's
 * return to the manager (issue 17).  MAIL_SIGN after a finalize that
 * names a second assessor goes to them as MAIL_REVIEW; MAIL_REVIEW_RETURN
 * goes to the manager. */
void notify_reason(struct ctx *c, const struct dossier_view *v, int64_t conversation_id,
    enum mail_kind kind, const char *reason);

#endif
