/* reports_remind.c -- POST /reports/people/remind: HR (any scope) or a
 * manager (their own team, as the list already limits) reminds the people
 * behind a number of the reports, "everyone overdue in a department".
 *
 * The recipients are never the form's: the list is read again on the
 * server from the cycle, department and metric the page was for (the
 * fields of GET /reports/people), every page of it, REMIND_BATCH people
 * at a time, at most REMIND_PEOPLE_MAX people.  The first POST answers a
 * confirmation page (no JavaScript needed): how many get the reminder and
 * how many are skipped, the first REMIND_SHOWN of them by name with why
 * (inactive, no address, already done), the text as it will read, and a
 * warning when the same list was reminded less than REMIND_AGAIN_S ago.
 * The second POST (confirm=1) reads the list again inside the send's
 * transaction, a batch at a time, composes each mail in its recipient's
 * language (notify/remind.h, the composition `gesprekctl remind` uses) and
 * queues them all in that one transaction with one audit row
 * (store/remind.h); `gesprekctl mail-send` sends them.  A repeat within
 * REMIND_AGAIN_S needs the warning's own second confirmation (again=1),
 * at most REMIND_SENDS_MAX sends of one list within REMIND_AGAIN_S. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "rules/roles.h"
#include "base/log.h"
#include "base/util.h"
#include "http/url.h"
#include "notify/mail.h"
#include "notify/remind.h"
#include "pages/form.h"
#include "pages/pages.h"
#include "pages/reports.h"
#include "rules/cycle_rules.h"
#include "rules/person.h"
#include "store/mail.h"
#include "store/preference.h"
#include "store/remind.h"
#include "store/report.h"
#include "store/report_summary.h"
#include "xml/i18n.h"
#include "xml/page.h"
#include "xml/render.h"

/* People one reminder goes to at most: all are queued in one transaction
 * of one request, which must end well within the web server's FastCGI
 * timeout.  A list of more is refused, naming this; a department or a
 * step is a smaller list.  (One page of the list was the limit before: a
 * longer list could not be reminded at all.) */
#define REMIND_PEOPLE_MAX 10000
/* People read (and composed) at a time: memory and statements bounded
 * whatever the list's length. */
#define REMIND_BATCH 100
/* Of the people, the confirmation page names the first this many; the
 * rest are counted. */
#define REMIND_SHOWN PEOPLE_PAGE_ROWS
/* The same list reminded again within this many seconds is asked about. */
#define REMIND_AGAIN_S 3600
/* Sends of one list within REMIND_AGAIN_S at most, the first included:
 * a confirmed "send again" is for a reminder that went astray, not a way
 * to fill people's mailboxes (again=1 resent without end before). */
#define REMIND_SENDS_MAX 3
#define HTTP_TOO_MANY 429
/* "metric: ...; department: N; recursive: N; team: N; " with room. */
#define REMIND_KEY_MAX 192
#define REMIND_BACK_MAX 256
#define AGAIN_FIELD "again"
#define CYCLE_BYTES (4 * CYCLE_NAME_MAX)
#define TYPE_BYTES 16

/* One person of the list, copied out of the result set. */
struct recipient {
	int64_t employee_id, conversation_id;
	char name[NAME_BYTES + 1], email[EMAIL_MAX + 1], lang[PREF_LANG_LEN];
	char type[TYPE_BYTES], due_on[DATE_LEN + 1];
	char cycle[CYCLE_BYTES + 1], manager[NAME_BYTES + 1];
	const char *skip;	/* why not: inactive | no_address | done; NULL: sent */
};

/* The list read a batch at a time from a cursor (the last one read): the
 * first `cap` people kept in v, every one counted. */
struct recipients {
	struct recipient *v;
	size_t n, cap;		/* kept in v, room in v */
	int64_t total, sendable;
	bool more;		/* over REMIND_PEOPLE_MAX */
	int64_t batch_rows;	/* read by the last batch */
	char after_name[NAME_BYTES + 1];
	int64_t after_id;
};

bool
reports_remind_offered(const struct ctx *c, const struct report_metric *m,
    const char *cycle_status)
{
	return reports_allowed(c) && mail_on(c->conf) && strcmp(cycle_status, "open") == 0 &&
	    m->kind == METRIC_CONVERSATIONS && strcmp(m->state, "closed") != 0;
}

/* Why a person gets no reminder; NULL when they do. */
static const char *
skip_reason(const struct report_remind_row *r)
{
	if (!r->active)
		return "inactive";
	if (r->email[0] == '\0')
		return "no_address";
	if (strcmp(r->status, "closed") == 0)
		return "done";
	return NULL;
}

static int
collect(void *ud, const struct report_remind_row *r)
{
	struct recipients *rs = ud;
	const char *skip = skip_reason(r);
	struct recipient *x;

	rs->batch_rows++;
	strlcopy(rs->after_name, r->name, sizeof(rs->after_name));
	rs->after_id = r->employee_id;
	if (++rs->total > REMIND_PEOPLE_MAX)
		rs->more = true;
	rs->sendable += skip == NULL;
	if (rs->n >= rs->cap)
		return DB_OK;
	x = &rs->v[rs->n++];
	x->employee_id = r->employee_id;
	x->conversation_id = r->conversation_id;
	strlcopy(x->name, r->name, sizeof(x->name));
	strlcopy(x->email, r->email, sizeof(x->email));
	strlcopy(x->lang, r->lang, sizeof(x->lang));
	strlcopy(x->type, r->type, sizeof(x->type));
	strlcopy(x->due_on, r->due_on, sizeof(x->due_on));
	strlcopy(x->cycle, r->cycle, sizeof(x->cycle));
	strlcopy(x->manager, r->manager, sizeof(x->manager));
	x->skip = skip;
	return DB_OK;
}

/* The next batch of the list after rs's cursor, into rs; *last when it
 * was the list's last. */
static int
read_batch(struct db *db, const struct reports_list *l, struct recipients *rs, bool *last)
{
	struct report_cursor after = { rs->after_name, rs->after_id, false };
	int st;

	rs->batch_rows = 0;
	st = summary_report_remind_people(db, &l->scope, &l->metric, &after, REMIND_BATCH,
	    collect, rs);
	*last = rs->batch_rows < REMIND_BATCH;
	return st;
}

/* The whole list counted, its first rs->cap people kept; stops once it
 * is over REMIND_PEOPLE_MAX. */
static int
read_list(struct ctx *c, const struct reports_list *l, struct recipients *rs)
{
	bool last = false;
	int st = DB_OK;

	while (st == DB_OK && !last && !rs->more)
		st = read_batch(c->db, l, rs, &last);
	return st;
}

static int
found_one(void *ud, const struct report_person *p)
{
	(void)p;
	*(bool *)ud = true;
	return DB_OK;
}

/* A manager reminds within a scope holding their own team: a department
 * where they hold no dossier of the cycle is outside it (403), even though
 * the list there would be empty for them anyway. */
static int
scope_is_theirs(struct ctx *c, const struct report_scope *s, bool *theirs)
{
	struct report_metric dossiers = { .kind = METRIC_DOSSIERS };

	*theirs = roles_reports_all(c->roles);
	if (*theirs)
		return DB_OK;
	return summary_report_people(c->db, s, &dossiers, &REPORT_CURSOR_START, 1, found_one,
	    theirs);
}

/* The audit detail's start that names the list (store/remind.h). */
static void
list_key(const struct reports_list *l, const char *metric, char *out, size_t size)
{
	snprintf(out, size, "metric: %s; department: %lld; recursive: %d; team: %lld; ", metric,
	    (long long)l->scope.department_id, l->scope.recursive ? 1 : 0,
	    (long long)l->scope.manager_id);
}

/* The people list this reminder is about, to return to. */
static bool
back_path(const struct reports_list *l, const char *metric, char *out, size_t size)
{
	struct buf q;
	bool ok;

	buf_init(&q);
	url_param_int(&q, "cycle", l->scope.cycle_id);
	if (l->scope.department_id)
		url_param_int(&q, "department", l->scope.department_id);
	if (l->scope.recursive)
		url_param(&q, "recursive", "1");
	url_param(&q, "metric", metric);
	ok = !q.failed && (size_t)snprintf(out, size, "/reports/people?%s", q.data) < size;
	buf_free(&q);
	return ok;
}

static struct remind_note
note_of(const struct recipient *r)
{
	return (struct remind_note){ .conversation_id = r->conversation_id, .type = r->type,
		.due_on = r->due_on, .cycle = r->cycle, .employee = r->name,
		.manager = r->manager, .name = r->name, .email = r->email };
}

/* The text of the first one reminded, in the reader's language: what
 * every recipient reads in theirs. */
static void
preview_xml(struct ctx *c, const struct recipients *rs, xmlNodePtr parent)
{
	const struct catalog *cat = styles_catalog(c->styles, c->lang);
	struct buf subject, body;
	struct remind_note note;
	xmlNodePtr n;
	size_t i;

	for (i = 0; i < rs->n && rs->v[i].skip; i++)
		;
	if (i == rs->n || cat == NULL)
		return;
	note = note_of(&rs->v[i]);
	buf_init(&subject);
	buf_init(&body);
	if (remind_texts(cat, c->conf, &note, &subject, &body)) {
		n = xml_add(parent, "preview");
		xml_set(n, "subject", subject.data);
		xml_add_text(n, "body", body.data);
	}
	buf_free(&subject);
	buf_free(&body);
}

static void
recipients_xml(const struct recipients *rs, xmlNodePtr parent)
{
	xmlNodePtr n;
	size_t i;

	for (i = 0; i < rs->n; i++) {
		n = xml_add(parent, rs->v[i].skip ? "skipped" : "recipient");
		xml_set_int(n, "id", rs->v[i].employee_id);
		xml_set(n, "name", rs->v[i].name);
		xml_set(n, "lang", rs->v[i].lang);
		if (rs->v[i].skip)
			xml_set(n, "reason", rs->v[i].skip);
	}
}

/* The warning's own confirmation: the second form sends again=1 (the
 * field is kept from this form already, empty unless it carried it). */
static void
keep_again(xmlNodePtr confirm)
{
	xmlNodePtr k;
	xmlChar *name;
	bool kept = false;

	for (k = confirm->children; k; k = k->next) {
		if (k->type != XML_ELEMENT_NODE || !xmlStrEqual(k->name, BAD_CAST "keep"))
			continue;
		name = xmlGetProp(k, BAD_CAST "name");
		if (name && xmlStrEqual(name, BAD_CAST AGAIN_FIELD)) {
			xml_set(k, "value", "1");
			kept = true;
		}
		xmlFree(name);
	}
	if (!kept) {
		k = xml_add(confirm, "keep");
		xml_set(k, "name", AGAIN_FIELD);
		xml_set(k, "value", "1");
	}
}

/* The confirmation page: who, who not, the text, a warning, and the
 * second form (layout.xsl's confirm) when there is anyone to remind. */
static int
confirm_page(struct ctx *c, const struct reports_list *l, const struct recipients *rs,
    const struct remind_last *last, const char *back, int status)
{
	xmlNodePtr r = xml_add(l->people, "remind"), k;
	struct form f;

	xml_set_int(r, "count", rs->total);
	xml_set_int(r, "sendable", rs->sendable);
	xml_set_int(r, "shown", (int64_t)rs->n);
	xml_set_int(r, "again_minutes", REMIND_AGAIN_S / 60);
	if (last->found) {
		char local[LOCAL_TIME_LEN + 1];

		time_utc_to_local(last->at, local, sizeof(local));
		xml_set(r, "last_at", local);
		xml_set(r, "last_by", last->actor);
	}
	recipients_xml(rs, r);
	preview_xml(c, rs, r);
	if (rs->sendable == 0)
		return status;
	form_begin(&f, c, "remind");
	k = confirm_xml(&f, c->page, "remind", "/reports/people/remind", back);
	confirm_count(k, "remind_to", rs->sendable);
	confirm_count(k, "remind_skipped", rs->total - rs->sendable);
	if (last->found)
		keep_again(k);
	return status;
}

/* A refusal on the page of the list: the reason, nothing queued. */
static int
refuse(const struct reports_list *l, const char *why, int64_t limit)
{
	xmlNodePtr r = xml_add(l->people, "remind");

	xml_set(r, "error", why);
	if (limit)
		xml_set_int(r, "limit", limit);
	return 400;
}

/* The list was reminded REMIND_SENDS_MAX times within the window:
 * refused, nothing queued, the page names the limit. */
static int
refuse_capped(const struct reports_list *l)
{
	refuse(l, "again_max", REMIND_SENDS_MAX);
	return HTTP_TOO_MANY;
}

/* Composes every mail; the buffers are the caller's (2 per recipient). */
static bool
compose_all(struct ctx *c, const struct recipients *rs, struct buf *bufs, struct mail_new *m,
    size_t *n)
{
	const struct catalog *cat;
	struct remind_note note;
	size_t i;

	*n = 0;
	for (i = 0; i < rs->n; i++) {
		if (rs->v[i].skip)
			continue;
		cat = styles_catalog(c->styles, remind_lang(c->conf, rs->v[i].lang));
		note = note_of(&rs->v[i]);
		if (cat == NULL ||
		    !remind_compose(cat, c->conf, &note, &bufs[2 * *n], &bufs[2 * *n + 1]))
			return false;
		m[*n] = (struct mail_new){ .kind = mail_kind_name(MAIL_REMIND),
			.conversation_id = rs->v[i].conversation_id,
			.recipient_id = rs->v[i].employee_id, .recipient = rs->v[i].email,
			.subject = bufs[2 * *n + 1].data, .message = bufs[2 * *n].data,
			.message_len = bufs[2 * *n].len };
		(*n)++;
	}
	return true;
}

/* The send's source of mails (remind_next_fn): the list read again inside
 * the send's transaction, a batch at a time, each batch composed into
 * texts that live until the next batch. */
struct sender {
	struct ctx *c;
	const struct reports_list *l;
	struct recipients rs;		/* the batch: v holds REMIND_BATCH */
	struct buf bufs[2 * REMIND_BATCH];
	struct mail_new mails[REMIND_BATCH];
	bool last;
};

static void
sender_texts_free(struct sender *s)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(s->bufs); i++) {
		buf_free(&s->bufs[i]);
		buf_init(&s->bufs[i]);
	}
}

static int
next_mails(void *ud, struct db *db, bool first, const struct mail_new **mails, size_t *n)
{
	struct sender *s = ud;
	int st;

	*mails = s->mails;
	*n = 0;
	sender_texts_free(s);
	if (first) {
		s->rs.after_name[0] = '\0';
		s->rs.after_id = 0;
		s->last = false;
	}
	/* A batch of only skipped people has no mail, but is not the end. */
	while (*n == 0 && !s->last) {
		s->rs.n = 0;
		if ((st = read_batch(db, s->l, &s->rs, &s->last)) != DB_OK)
			return st;
		if (!compose_all(s->c, &s->rs, s->bufs, s->mails, n))
			return DB_ERROR;
	}
	return DB_OK;
}

static struct sender *
sender_new(struct ctx *c, const struct reports_list *l)
{
	struct sender *s = calloc(1, sizeof(*s));
	size_t i;

	if (s == NULL)
		return NULL;
	if ((s->rs.v = calloc(REMIND_BATCH, sizeof(*s->rs.v))) == NULL) {
		free(s);
		return NULL;
	}
	s->c = c;
	s->l = l;
	s->rs.cap = REMIND_BATCH;
	for (i = 0; i < ARRAY_LEN(s->bufs); i++)
		buf_init(&s->bufs[i]);
	return s;
}

static void
sender_free(struct sender *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < ARRAY_LEN(s->bufs); i++)
		buf_free(&s->bufs[i]);
	free(s->rs.v);
	free(s);
}

/* The second POST: every mail of the list queued in one transaction,
 * audited once; `shown` is the list as the confirmation counted it. */
static int
send_all(struct ctx *c, const struct reports_list *l, const struct recipients *shown,
    const char *key, const char *back)
{
	struct remind_batch b = { .actor_id = c->user.id, .cycle_id = l->scope.cycle_id,
		.key = key, .window_s = REMIND_AGAIN_S, .again = in_flag(c, AGAIN_FIELD),
		.sends_max = REMIND_SENDS_MAX, .next = next_mails };
	struct sender *s = sender_new(c, l);
	int st = DB_ERROR;

	if (s != NULL) {
		b.next_ud = s;
		st = remind_queue(c->db, &b);
	}
	sender_free(s);
	if (st == DB_CONFLICT && b.capped)
		return refuse_capped(l);
	if (st == DB_CONFLICT)
		return confirm_page(c, l, shown, &b.last, back, 409);
	if (st != DB_OK)
		return http_status_of(st);
	log_info("remind: employee %lld queued %lld reminders (cycle %lld)",
	    (long long)c->user.id, (long long)b.queued, (long long)l->scope.cycle_id);
	if ((st = auth_flash(c, "flash.remind_sent")) != DB_OK)
		return http_status_of(st);
	strlcopy(c->location, back, sizeof(c->location));
	return HANDLER_REDIRECT;
}

static int
remind(struct ctx *c, const struct reports_list *l, struct recipients *rs)
{
	const char *metric = in_text(c, "metric");
	char key[REMIND_KEY_MAX], back[REMIND_BACK_MAX];
	struct remind_last last;
	bool theirs;
	int st;

	if ((st = scope_is_theirs(c, &l->scope, &theirs)) != DB_OK)
		return http_status_of(st);
	/* The list page is begun already: not it, the one "no access" page. */
	if (!theirs)
		return error_page(c, 403);
	if (!mail_on(c->conf))
		return refuse(l, "mail", 0);
	if (!reports_remind_offered(c, &l->metric, l->cycle_status))
		return refuse(l, "metric", 0);
	if ((st = read_list(c, l, rs)) != DB_OK)
		return http_status_of(st);
	if (rs->more)
		return refuse(l, "many", REMIND_PEOPLE_MAX);
	list_key(l, metric, key, sizeof(key));
	if (!back_path(l, metric, back, sizeof(back)))
		return 500;
	if (in_flag(c, CONFIRM_FIELD) && rs->sendable > 0)
		return send_all(c, l, rs, key, back);
	if ((st = remind_recent(c->db, l->scope.cycle_id, key, REMIND_AGAIN_S, &last)) != DB_OK)
		return http_status_of(st);
	/* Not offered when it would be refused: the send checks it again. */
	if (last.count >= REMIND_SENDS_MAX)
		return refuse_capped(l);
	/* confirmed, but nobody is left to remind: say so, queue nothing */
	return confirm_page(c, l, rs, &last, back, in_flag(c, CONFIRM_FIELD) ? 400 : 200);
}

int
reports_remind_post(struct ctx *c)
{
	struct recipients rs = { .cap = REMIND_SHOWN };
	struct reports_list l;
	int st;

	if (!reports_allowed(c))
		return 403;
	if ((st = reports_list_begin(c, &l)) != 0)
		return st;
	if ((rs.v = calloc(REMIND_SHOWN, sizeof(*rs.v))) == NULL)
		return 500;
	st = remind(c, &l, &rs);
	free(rs.v);
	return st;
}
