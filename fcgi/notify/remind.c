/* remind.c -- the reminder e-mail (remind.h).  The texts are the catalog's
 * mail.remind.subject and mail.remind.body -- for a manager's deputy
 * mail.remind_deputy.*, which name the manager and the period's last day
 * (issue 17) -- with the conversation's type and due date written in the
 * recipient's language and a link to the conversation (mail.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "notify/mail.h"
#include "notify/remind.h"
#include "xml/i18n.h"

/* "/conversations/" and a 64-bit id. */
#define REMIND_PATH_MAX 64
/* A date written out: "27 november 2026" and room to spare. */
#define REMIND_DATE_MAX 128

const char *
remind_lang(const struct conf *c, const char *chosen)
{
	size_t i;

	for (i = 0; chosen && i < I18N_LANGS; i++)
		if (strcmp(i18n_langs[i], chosen) == 0)
			return i18n_langs[i];
	return c->mail_language;
}

/* What the texts name; the buffers are the caller's. */
struct remind_words {
	char date[REMIND_DATE_MAX], until[REMIND_DATE_MAX], path[REMIND_PATH_MAX];
};

static bool
is_deputy(const struct remind_note *r)
{
	return r->deputy_until && r->deputy_until[0];
}

static enum mail_kind
kind_of(const struct remind_note *r)
{
	return is_deputy(r) ? MAIL_REMIND_DEPUTY : MAIL_REMIND;
}

static struct mail_vars
vars_of(const struct catalog *cat, const struct remind_note *r, struct remind_words *w)
{
	char key[I18N_KEY_MAX];
	const char *type;

	snprintf(key, sizeof(key), "conversation.type.%s", r->type);
	type = catalog_get(cat, key);
	mail_date(cat, r->due_on, w->date, sizeof(w->date));
	w->until[0] = '\0';
	if (is_deputy(r))
		mail_date(cat, r->deputy_until, w->until, sizeof(w->until));
	snprintf(w->path, sizeof(w->path), "/conversations/%lld", (long long)r->conversation_id);
	return (struct mail_vars){ .name = r->name, .employee = r->employee,
		.manager = r->manager, .type = type ? type : r->type, .date = w->date,
		.cycle = r->cycle, .path = w->path, .until = w->until };
}

bool
remind_compose(const struct catalog *cat, const struct conf *c, const struct remind_note *r,
    struct buf *msg, struct buf *subject)
{
	struct remind_words w;
	struct mail_vars v = vars_of(cat, r, &w);

	return mail_compose(cat, c, kind_of(r), &v, r->email, r->name, NULL, msg, subject);
}

bool
remind_texts(const struct catalog *cat, const struct conf *c, const struct remind_note *r,
    struct buf *subject, struct buf *body)
{
	struct remind_words w;
	struct mail_vars v = vars_of(cat, r, &w);

	return mail_texts(cat, c, kind_of(r), &v, subject, body);
}
