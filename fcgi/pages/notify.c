/* notify.c -- the e-mails a step of a conversation causes (mail.h): the
 * invitation when the manager plans it, "waiting for your signature" to
 * the employee when it is finalized and to the manager once the employee
 * has signed.  With a second assessor (issue 17) the finalize asks the
 * second assessor instead, the approval then asks the employee, and a
 * return tells the manager why.  The message is composed here, in the request, and only
 * queued (table mail_queue): `gesprekctl mail-send` hands it to sendmail
 * outside any request, with retries, so a slow or broken MTA never holds
 * a worker thread.  Called right after the step's transaction committed
 * (signoff.c runs db_tx itself; queuing inside that transaction would take
 * a change of every caller), so a failure here is logged and the step
 * stays done. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "base/log.h"
#include "notify/mail.h"
#include "pages/conv_view.h"
#include "pages/notify.h"
#include "pages/pages.h"
#include "xml/i18n.h"
#include "xml/render.h"
#include "store/dossier.h"
#include "store/employee.h"
#include "store/mail.h"
#include "store/preference.h"

#define PATH_LEN 64
#define DATE_TEXT_MAX 128

/* The conversation as it is now (after the step), its recipient and the
 * texts of the catalog. */
struct note {
	struct ctx *c;
	const struct dossier_view *v;
	struct conversation cv;
	struct employee to;
	const struct catalog *cat;
	const char *lang;
	char chosen[PREF_LANG_LEN];	/* the recipient's own choice, or "" */
	const char *reason;		/* a return's, or NULL */
};

static const char *
type_text(const struct note *n)
{
	char key[I18N_KEY_MAX];
	const char *t;

	snprintf(key, sizeof(key), "conversation.type.%s", n->cv.type);
	t = catalog_get(n->cat, key);
	return t ? t : n->cv.type;
}

/* The date the message is about: the planned moment (local time) for an
 * invitation, else the due date. */
static void
date_text(const struct note *n, enum mail_kind kind, char *out, size_t size)
{
	char local[LOCAL_TIME_LEN + 8];

	if (kind == MAIL_INVITE && n->cv.scheduled_at[0]) {
		time_utc_to_local(n->cv.scheduled_at, local, sizeof(local));
		mail_date(n->cat, local, out, size);
	} else {
		mail_date(n->cat, n->cv.due_on, out, size);
	}
}

static bool
compose(struct note *n, enum mail_kind kind, struct buf *msg, struct buf *subject)
{
	char path[PATH_LEN], date[DATE_TEXT_MAX];
	struct mail_vars vars;
	struct buf ics;
	bool ok = false;

	buf_init(&ics);
	snprintf(path, sizeof(path), "/conversations/%lld", (long long)n->cv.id);
	date_text(n, kind, date, sizeof(date));
	vars = (struct mail_vars){ .name = n->to.name, .employee = n->v->d.employee_name,
		.manager = n->v->d.manager_name, .type = type_text(n), .date = date,
		.cycle = n->v->d.cycle, .path = path, .reason = n->reason };
	/* the invitation carries the same .ics as the page offers */
	if (kind != MAIL_INVITE || conversation_ics_build(n->c, n->v, &n->cv, n->lang, &ics))
		ok = mail_compose(n->cat, n->c->conf, kind, &vars, n->to.email, n->to.name,
		    kind == MAIL_INVITE ? &ics : NULL, msg, subject);
	buf_free(&ics);
	return ok;
}

static int
queue(const struct note *n, enum mail_kind kind, const struct buf *msg,
    const struct buf *subject)
{
	struct mail_new m = { .kind = mail_kind_name(kind), .conversation_id = n->cv.id,
		.recipient_id = n->to.id, .recipient = n->to.email, .subject = subject->data,
		.message = msg->data, .message_len = msg->len };

	return mail_enqueue(n->c->db, &m, NULL);
}

/* The finalize's "waiting for your signature" goes to the second
 * assessor instead while one is to approve first (the employee is asked
 * after the approval: review.c). */
static enum mail_kind
kind_now(enum mail_kind kind, const struct conversation *cv)
{
	if (kind == MAIL_SIGN && cv->second_assessor_id != 0 && strcmp(cv->review, "pending") == 0)
		return MAIL_REVIEW;
	return kind;
}

/* Who a kind of mail is for. */
static int64_t
recipient(enum mail_kind kind, const struct dossier_view *v, const struct conversation *cv)
{
	switch (kind) {
	case MAIL_SIGNED:
	case MAIL_REVIEW_RETURN:
		return v->d.manager_id;
	case MAIL_REVIEW:
		return cv->second_assessor_id;
	default:
		return v->d.employee_id;
	}
}

void
notify(struct ctx *c, const struct dossier_view *v, int64_t conversation_id, enum mail_kind kind)
{
	notify_reason(c, v, conversation_id, kind, NULL);
}

void
notify_reason(struct ctx *c, const struct dossier_view *v, int64_t conversation_id,
    enum mail_kind kind, const char *reason)
{
	struct note n = { .c = c, .v = v, .lang = c->conf->mail_language, .reason = reason };
	int64_t to;
	struct buf msg, subject;

	if (!mail_on(c->conf))
		return;
	if (conversation_get(c->db, conversation_id, &n.cv) != DB_OK) {
		log_warn("mail: %s for conversation %lld not queued: data unavailable",
		    mail_kind_name(kind), (long long)conversation_id);
		return;
	}
	kind = kind_now(kind, &n.cv);
	to = recipient(kind, v, &n.cv);
	/* In the recipient's language: their choice, else [mail] language
	 * (never the sender's: a manager in English writes to a Dutch team). */
	if (pref_lang_get(c->db, to, n.chosen) == DB_OK && n.chosen[0])
		n.lang = n.chosen;
	n.cat = styles_catalog(c->styles, n.lang);
	if (n.cat == NULL || employee_by_id(c->db, to, &n.to) != DB_OK) {
		log_warn("mail: %s for conversation %lld not queued: data unavailable",
		    mail_kind_name(kind), (long long)conversation_id);
		return;
	}
	if (n.to.email[0] == '\0' || !n.to.active) {
		log_info("mail: %s for conversation %lld: employee %lld has no address",
		    mail_kind_name(kind), (long long)conversation_id, (long long)to);
		return;
	}
	buf_init(&msg);
	buf_init(&subject);
	if (!compose(&n, kind, &msg, &subject))
		log_err("mail: %s for conversation %lld could not be composed",
		    mail_kind_name(kind), (long long)conversation_id);
	else if (queue(&n, kind, &msg, &subject) != DB_OK)
		log_err("mail: %s for conversation %lld could not be queued",
		    mail_kind_name(kind), (long long)conversation_id);
	else
		log_info("mail: %s for conversation %lld queued for employee %lld",
		    mail_kind_name(kind), (long long)conversation_id, (long long)to);
	buf_free(&msg);
	buf_free(&subject);
}
