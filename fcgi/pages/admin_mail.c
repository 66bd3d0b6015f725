/* admin_mail.c -- GET /admin/mail: the outgoing mail queue as HR sees it
 * (how many mails are queued, being sent, sent and failed; each one not
 * sent yet with its kind, recipient, subject, tries, times and the last
 * error), and POST /admin/mail/{id}/retry: queue a failed mail again.
 * HR only (routes.c).  Never the messages themselves: they may carry
 * private content of a conversation.  Times are stored in UTC and shown
 * in the configured zone. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "auth/session.h"
#include "notify/mail.h"
#include "pages/pages.h"
#include "base/util.h"
#include "xml/page.h"
#include "store/mail.h"

/* Mails listed; the rest are only counted. */
#define MAIL_PAGE_ROWS 200
/* "YYYY-MM-DDTHH:MM" and room to spare. */
#define LOCAL_TIME_MAX 32

struct mail_list {
	xmlNodePtr node;
	int rows;
};

static void
time_attr(xmlNodePtr n, const char *name, const char *utc)
{
	char local[LOCAL_TIME_MAX];

	if (utc[0] == '\0')
		return;
	time_utc_to_local(utc, local, sizeof(local));
	xml_set(n, name, local);
}

static int
add_mail(void *ud, const struct mail_row *m)
{
	struct mail_list *l = ud;
	xmlNodePtr n;

	if (++l->rows > MAIL_PAGE_ROWS) {
		xml_set(l->node, "more", "1");
		return DB_OK;
	}
	n = xml_add(l->node, "mail");
	xml_set_int(n, "id", m->id);
	xml_set(n, "kind", m->kind);
	xml_set(n, "state", m->state);
	xml_set(n, "recipient", m->recipient);
	xml_set(n, "recipient-name", m->recipient_name);
	xml_set(n, "subject", m->subject);
	xml_set_int(n, "tries", m->tries);
	time_attr(n, "created", m->created_at);
	/* For a queued mail its next try; for one being sent the end of the
	 * sender's claim; for a failed one it means nothing. */
	if (strcmp(m->state, "failed") != 0)
		time_attr(n, "next-try", m->next_try_at);
	if (m->last_error[0])
		xml_add_text(n, "last-error", m->last_error);
	return DB_OK;
}

/* The page, with status (200; 409 after a refused retry, with alert). */
static int
mail_page(struct ctx *c, int status, const char *alert)
{
	struct mail_counts counts;
	struct mail_list l = { NULL, 0 };
	int st;

	if ((st = mail_queue_counts(c->db, &counts)) != DB_OK)
		return http_status_of(st);
	if (!page_begin(c, "admin_mail"))
		return 500;
	l.node = xml_add(c->page, "mail-queue");
	xml_set_int(l.node, "queued", counts.queued);
	xml_set_int(l.node, "sending", counts.sending);
	xml_set_int(l.node, "sent", counts.sent);
	xml_set_int(l.node, "failed", counts.failed);
	xml_set(l.node, "mail-on", mail_on(c->conf) ? "1" : "0");
	if (alert)
		xml_set(l.node, "alert", alert);
	st = mail_queue_list(c->db, MAIL_PAGE_ROWS + 1, add_mail, &l);
	if (st != DB_OK) {
		xmlFreeDoc(c->doc);
		c->doc = NULL;
		return http_status_of(st);
	}
	return status;
}

int
admin_mail_get(struct ctx *c)
{
	return mail_page(c, 200, NULL);
}

int
admin_mail_retry_post(struct ctx *c)
{
	int st = mail_retry(c->db, c->user.id, c->ids[0]);

	/* Sent meanwhile, or retried by a colleague: say so, change nothing. */
	if (st == DB_CONFLICT)
		return mail_page(c, 409, "admin.mail.not_failed");
	if (st != DB_OK)
		return http_status_of(st);
	if ((st = auth_flash(c, "flash.mail_retried")) != DB_OK)
		return http_status_of(st);
	strlcopy(c->location, "/admin/mail", sizeof(c->location));
	return HANDLER_REDIRECT;
}
