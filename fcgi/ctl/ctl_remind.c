/* ctl_remind.c -- gesprekctl remind: reminders before a due date, for a
 * daily systemd timer (gesprek-remind.timer) or cron job.  Idempotent:
 * each reminder is recorded in mail_reminder and its message queued in the
 * same transaction (a second run, or a run on another host at the same
 * time, queues nothing); `gesprekctl mail-send` sends it, with retries. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/validate.h"		/* date_valid */
#include "ctl/cli.h"
#include "ctl/ctl_remind.h"
#include "base/log.h"
#include "notify/mail.h"
#include "notify/remind.h"
#include "rules/person.h"
#include "store/db.h"
#include "store/feedback.h"
#include "store/mail.h"
#include "store/preference.h"
#include "base/util.h"
#include "xml/i18n.h"

/* Reminders one run sends at most; the rest follow the next day. */
#define REMIND_BATCH_MAX 500
#define CATALOG_PATH_MAX (2 * CONF_STR_MAX + 16)	/* DIR/i18n/LANG.xml */
#define CYCLE_BYTES (4 * 100)

/* One reminder, copied out of the result set: sending happens after the
 * query, never while its rows are being read. */
struct reminder {
	int64_t conversation_id, recipient_id;
	char type[16], due_on[DATE_LEN + 1], cycle[CYCLE_BYTES + 1];
	char employee[NAME_BYTES + 1], manager[NAME_BYTES + 1];
	char name[NAME_BYTES + 1], email[EMAIL_MAX + 1];
	char lang[PREF_LANG_LEN];	/* the recipient's choice, or "" */
	char deputy_until[DATE_LEN + 1];	/* a deputy's last day, or "" */
};

/* The catalogs of every language we speak, and the one [mail] language
 * names for those who chose none. */
struct catalogs {
	struct catalog *of[I18N_LANGS];
	const struct catalog *fallback;
};

struct batch {
	struct reminder *v;
	size_t n;
};

static int
collect(void *ud, const struct reminder_row *r)
{
	struct batch *b = ud;
	struct reminder *x;

	if (b->n >= REMIND_BATCH_MAX)
		return DB_OK;
	x = &b->v[b->n++];
	x->conversation_id = r->conversation_id;
	x->recipient_id = r->recipient_id;
	strlcopy(x->type, r->type, sizeof(x->type));
	strlcopy(x->due_on, r->due_on, sizeof(x->due_on));
	strlcopy(x->cycle, r->cycle, sizeof(x->cycle));
	strlcopy(x->employee, r->employee, sizeof(x->employee));
	strlcopy(x->manager, r->manager, sizeof(x->manager));
	strlcopy(x->name, r->name, sizeof(x->name));
	strlcopy(x->email, r->email, sizeof(x->email));
	strlcopy(x->lang, r->lang, sizeof(x->lang));
	strlcopy(x->deputy_until, r->deputy_until, sizeof(x->deputy_until));
	return DB_OK;
}

/* The catalog of the recipient's language (notify/remind.h: their
 * choice, else [mail]'s). */
static const struct catalog *
catalog_for(const struct catalogs *cats, const struct conf *conf, const char *lang)
{
	const char *want = remind_lang(conf, lang);
	size_t i;

	for (i = 0; i < I18N_LANGS; i++)
		if (strcmp(i18n_langs[i], want) == 0 && cats->of[i])
			return cats->of[i];
	return cats->fallback;
}

/* Records and queues one reminder; true when it was queued now or by
 * another run before. */
static bool
remind_one(struct db *db, const struct catalogs *cats, const struct conf *conf,
    const struct reminder *r, int *queued)
{
	const struct catalog *cat = catalog_for(cats, conf, r->lang);
	struct remind_note note = { .conversation_id = r->conversation_id, .type = r->type,
		.due_on = r->due_on, .cycle = r->cycle, .employee = r->employee,
		.manager = r->manager, .name = r->name, .email = r->email,
		.deputy_until = r->deputy_until };
	struct buf msg, subject;
	struct mail_new m;
	bool ok, now = false;

	buf_init(&msg);
	buf_init(&subject);
	ok = remind_compose(cat, conf, &note, &msg, &subject);
	if (ok) {
		m = (struct mail_new){ .kind = mail_kind_name(MAIL_REMIND),
			.conversation_id = r->conversation_id, .recipient_id = r->recipient_id,
			.recipient = r->email, .subject = subject.data, .message = msg.data,
			.message_len = msg.len };
		ok = reminder_enqueue(db, r->conversation_id, r->due_on, &m, &now) == DB_OK;
	}
	buf_free(&msg);
	buf_free(&subject);
	if (!ok) {
		fprintf(stderr, "gesprekctl: remind: conversation %lld, employee %lld: not queued\n",
		    (long long)r->conversation_id, (long long)r->recipient_id);
		return false;
	}
	*queued += now;
	return true;
}

/* ---- feedback asked and not given (issue 17) ---- */

/* One feedback reminder, copied out of the result set. */
struct fb_reminder {
	int64_t invitation_id, conversation_id, invitee_id;
	char name[NAME_BYTES + 1], email[EMAIL_MAX + 1], lang[PREF_LANG_LEN];
	char employee[NAME_BYTES + 1], cycle[CYCLE_BYTES + 1], deadline[DATE_LEN + 1];
};

struct fb_batch {
	struct fb_reminder *v;
	size_t n;
};

static int
collect_feedback(void *ud, const struct feedback_reminder *r)
{
	struct fb_batch *b = ud;
	struct fb_reminder *x;

	if (b->n >= REMIND_BATCH_MAX)
		return DB_OK;
	x = &b->v[b->n++];
	x->invitation_id = r->invitation_id;
	x->conversation_id = r->conversation_id;
	x->invitee_id = r->invitee_id;
	strlcopy(x->name, r->name, sizeof(x->name));
	strlcopy(x->email, r->email, sizeof(x->email));
	strlcopy(x->lang, r->lang, sizeof(x->lang));
	strlcopy(x->employee, r->employee, sizeof(x->employee));
	strlcopy(x->cycle, r->cycle, sizeof(x->cycle));
	strlcopy(x->deadline, r->deadline, sizeof(x->deadline));
	return DB_OK;
}

/* "/feedback/" and a 64-bit id. */
#define FEEDBACK_PATH_MAX 40
/* A date written out: "27 november 2026" and room to spare. */
#define DATE_TEXT_MAX 128

static bool
remind_feedback_one(struct db *db, const struct catalogs *cats, const struct conf *conf,
    const char *today, const struct fb_reminder *r, int *queued)
{
	const struct catalog *cat = catalog_for(cats, conf, r->lang);
	char path[FEEDBACK_PATH_MAX], date[DATE_TEXT_MAX];
	struct mail_vars v;
	struct buf msg, subject;
	struct mail_new m;
	bool ok, now = false;

	snprintf(path, sizeof(path), "/feedback/%lld", (long long)r->invitation_id);
	mail_date(cat, r->deadline, date, sizeof(date));
	v = (struct mail_vars){ .name = r->name, .employee = r->employee, .manager = "",
		.type = "", .date = date, .cycle = r->cycle, .path = path };
	buf_init(&msg);
	buf_init(&subject);
	ok = mail_compose(cat, conf, MAIL_FEEDBACK_REMIND, &v, r->email, r->name, NULL, &msg,
	    &subject);
	if (ok) {
		/* the queue's kinds (sql/054): a reminder */
		m = (struct mail_new){ .kind = mail_kind_name(MAIL_REMIND),
			.conversation_id = r->conversation_id, .recipient_id = r->invitee_id,
			.recipient = r->email, .subject = subject.data, .message = msg.data,
			.message_len = msg.len };
		ok = feedback_remind_enqueue(db, r->invitation_id, today, &m, &now) == DB_OK;
	}
	buf_free(&msg);
	buf_free(&subject);
	if (!ok) {
		fprintf(stderr, "gesprekctl: remind: feedback invitation %lld: not queued\n",
		    (long long)r->invitation_id);
		return false;
	}
	*queued += now;
	return true;
}

/* Invitations whose deadline is within [mail] remind_days, answered by
 * nobody yet: one reminder each, ever (feedback_invitation.reminded_on). */
static int
run_feedback(struct db *db, const struct conf *conf, const char *today,
    const struct catalogs *cats, int *queued, int *failed)
{
	struct fb_batch b = { calloc(REMIND_BATCH_MAX, sizeof(struct fb_reminder)), 0 };
	size_t i;
	int st;

	if (b.v == NULL)
		return DB_ERROR;
	st = feedback_reminders_due(db, today, conf->mail_remind_days, REMIND_BATCH_MAX,
	    collect_feedback, &b);
	for (i = 0; st == DB_OK && i < b.n; i++)
		if (!remind_feedback_one(db, cats, conf, today, &b.v[i], queued))
			(*failed)++;
	free(b.v);
	return st;
}

static bool
today_local(const char *arg, char *out, size_t size)
{
	time_t now = time(NULL);
	struct tm tm;

	if (arg)
		return date_valid(arg) && strlcopy(out, arg, size);
	localtime_r(&now, &tm);
	return strftime(out, size, "%Y-%m-%d", &tm) > 0;
}

static int
run(const struct conf *conf, const char *today, const struct catalogs *cats)
{
	struct batch b = { calloc(REMIND_BATCH_MAX, sizeof(struct reminder)), 0 };
	struct db *db = NULL;
	int rc = 1, queued = 0, failed = 0;
	size_t i;

	if (b.v == NULL) {
		fprintf(stderr, "gesprekctl: remind: out of memory\n");
		goto out;
	}
	if ((db = cli_db_open(conf, "remind", false)) == NULL)
		goto out;
	if (reminders_due(db, today, conf->mail_remind_days, REMIND_BATCH_MAX, collect, &b) != DB_OK) {
		fprintf(stderr, "gesprekctl: remind: %s\n", db_error(db));
		goto out;
	}
	for (i = 0; i < b.n; i++)
		if (!remind_one(db, cats, conf, &b.v[i], &queued))
			failed++;
	if (run_feedback(db, conf, today, cats, &queued, &failed) != DB_OK) {
		fprintf(stderr, "gesprekctl: remind: feedback: %s\n", db_error(db));
		goto out;
	}
	printf("remind: %d queued, %d failed (due %s + %d days); gesprekctl mail-send sends "
	    "them\n", queued, failed, today, conf->mail_remind_days);
	rc = failed ? 1 : 0;
out:
	db_free(db);
	free(b.v);
	return rc;
}

/* Every language's catalog: each recipient gets their own. */
static bool
catalogs_load(const struct conf *conf, struct catalogs *cats)
{
	char path[CATALOG_PATH_MAX], err[CONF_ERR_MAX];
	size_t i;

	memset(cats, 0, sizeof(*cats));
	for (i = 0; i < I18N_LANGS; i++) {
		snprintf(path, sizeof(path), "%s/i18n/%s.xml", conf->stylesheets, i18n_langs[i]);
		if ((cats->of[i] = catalog_load(path, i18n_langs[i], err, sizeof(err))) == NULL) {
			fprintf(stderr, "gesprekctl: remind: %s\n", err);
			return false;
		}
		if (strcmp(i18n_langs[i], conf->mail_language) == 0)
			cats->fallback = cats->of[i];
	}
	return cats->fallback != NULL;
}

int
ctl_remind(const struct cli_call *c)
{
	const struct conf *conf = c->conf;
	char today[DATE_LEN + 1];
	const char *when = cli_value(&c->args, "--today");
	struct catalogs cats;
	int rc = 1;
	size_t i;

	if (when && !date_valid(when)) {
		fprintf(stderr, "gesprekctl: remind: --today needs a date YYYY-MM-DD\n");
		return 2;
	}
	if (!mail_on(conf)) {
		printf("remind: mail is off ([mail] sendmail is empty): nothing sent\n");
		return 0;
	}
	/* Due dates are local dates: "today" in the organisation's zone,
	 * gesprekctl's (setup()). */
	if (!today_local(when, today, sizeof(today))) {
		fprintf(stderr, "gesprekctl: remind: no date for today\n");
		return 1;
	}
	if (catalogs_load(conf, &cats))
		rc = run(conf, today, &cats);
	for (i = 0; i < I18N_LANGS; i++)
		catalog_free(cats.of[i]);
	return rc;
}
