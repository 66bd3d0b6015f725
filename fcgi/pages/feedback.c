/* feedback.c -- 360-degree and upward feedback (issue 17):
 *
 *   GET  /conversations/{id}/feedback              the round: settings, who
 *        ?q=...                                    was invited, what the
 *                                                  viewer may see of the
 *                                                  answers, the invitation
 *                                                  form with a name search
 *   POST /conversations/{id}/feedback/invitations  invitee, deadline
 *   GET  /feedback/{id}                            the invitee's form
 *   POST /feedback/{id}                            q1_body, q1_rating, ...
 *
 * The round's conversation is read as every conversation page reads it
 * (conv_view.c: 403 alike for "not yours" and "not there"); its template
 * version says whether it has a round and how (store/template.h); who may
 * invite and what a viewer is shown is decided in rules/feedback.h, and
 * the store checks each write's conditions again inside its transaction.
 * An invitation is its invitee's alone: anyone else gets the 403 of an id
 * that does not exist.
 *
 * Anonymity: the page of an anonymous round shows counts per level and
 * the texts sorted, never an author, an answer's time or order, nor
 * which invitee has answered; below the threshold (or while invitations
 * are open) it shows nothing of the answers, to anyone, and says why. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "base/util.h"
#include "pages/conv_view.h"
#include "pages/form.h"
#include "pages/pages.h"
#include "rules/feedback.h"
#include "xml/page.h"
#include "export/export.h"
#include "base/log.h"
#include "notify/mail.h"
#include "notify/remind.h"
#include "store/employee.h"
#include "store/mail.h"
#include "store/preference.h"
#include "xml/i18n.h"
#include "xml/render.h"
#include "store/answer.h"
#include "store/feedback.h"
#include "store/template.h"

/* "/conversations/" or "/feedback/", a 64-bit id and "/feedback". */
#define FEEDBACK_PATH_MAX 64
/* A deadline written out in a mail: "27 november 2026" and room to spare. */
#define FEEDBACK_DATE_TEXT_MAX 128
/* "q" and a size_t (20 digits) and "_rating": the name of a question's field. */
#define FIELD_NAME_MAX 32

/* Today in the organisation's zone (the process's TZ), YYYY-MM-DD. */
static void
local_today(char *out, size_t size)
{
	time_t now = time(NULL);
	struct tm tm;

	if (localtime_r(&now, &tm) == NULL || strftime(out, size, "%Y-%m-%d", &tm) == 0)
		strlcopy(out, "", size);
}

/* A text in the page's language, Dutch when it has none. */
static const char *
text_in(const struct ctx *c, const struct tpl_text *x)
{
	int l = tpl_name_index(tpl_lang_names, TPL_LANGS, c->lang);

	return l >= 0 && x->v[l] ? x->v[l] : x->v[TPL_NL] ? x->v[TPL_NL] : "";
}

static const struct tpl_scale *
scale_of(const struct tpl *t, const char *key)
{
	size_t i;

	for (i = 0; i < t->nscales; i++)
		if (strcmp(t->scale[i].key, key) == 0)
			return &t->scale[i];
	return NULL;
}

static enum fb_party
party_of(enum side s)
{
	switch (s) {
	case SIDE_EMPLOYEE:
		return FB_EMPLOYEE;
	case SIDE_MANAGER:
		return FB_MANAGER;
	case SIDE_READER:
		return FB_READER;
	default:
		return FB_NOBODY;
	}
}

/* The round's settings and counts as the rules take them. */
static struct fb_round
round_of(const struct tpl_feedback *fb, const struct feedback_counts *n)
{
	struct fb_round r = {
		fb->anonymous, fb->threshold, (enum fb_inviter)fb->invited_by,
		(enum fb_sees)fb->employee_sees, n->answered, n->open,
	};

	_Static_assert((int)FB_BY_EMPLOYEE == (int)TPL_BY_EMPLOYEE &&
	    (int)FB_BY_BOTH == (int)TPL_BY_BOTH && (int)FB_SEES_AFTER == (int)TPL_FB_AFTER &&
	    (int)FB_SEES_NEVER == (int)TPL_FB_NEVER, "rules/feedback.h follows store/template.h");
	return r;
}

/* ---- the questions, with what the viewer may see of their answers ---- */

static xmlNodePtr
question_node(const struct ctx *c, xmlNodePtr parent, const struct tpl *t,
    const struct tpl_fb_question *q)
{
	const struct tpl_scale *sc = q->kind == TPL_FB_RATING ? scale_of(t, q->scale) : NULL;
	xmlNodePtr n = xml_add(parent, "question");
	size_t i;

	xml_set(n, "key", q->key);
	xml_set(n, "kind", tpl_fb_kind_names[q->kind]);
	xml_set(n, "title", text_in(c, &q->title));
	for (i = 0; sc && i < sc->nlevels; i++) {
		xmlNodePtr l = xml_add(n, "level");

		xml_set_int(l, "value", sc->level[i].value);
		xml_set(l, "label", text_in(c, &sc->level[i].label));
		xml_set_int(l, "count", 0);
	}
	return n;
}

/* The <question> of key under parent, or NULL. */
static xmlNodePtr
find_question(xmlNodePtr parent, const char *key)
{
	xmlNodePtr n;

	for (n = parent->children; n; n = n->next) {
		xmlChar *k = xmlGetProp(n, (const xmlChar *)"key");
		bool same = k && strcmp((const char *)k, key) == 0;

		xmlFree(k);
		if (same)
			return n;
	}
	return NULL;
}

/* The <level> of value under a question, or NULL. */
static xmlNodePtr
find_level(xmlNodePtr q, int value)
{
	char v[16];
	xmlNodePtr n;

	snprintf(v, sizeof(v), "%d", value);
	for (n = q->children; n; n = n->next) {
		xmlChar *x;
		bool same;

		if (strcmp((const char *)n->name, "level") != 0)
			continue;
		x = xmlGetProp(n, (const xmlChar *)"value");
		same = x && strcmp((const char *)x, v) == 0;
		xmlFree(x);
		if (same)
			return n;
	}
	return NULL;
}

static int
add_aggregate(void *ud, const struct feedback_aggregate *a)
{
	xmlNodePtr q = find_question(ud, a->question_key), l;

	if (q == NULL)
		return DB_OK;	/* cannot happen: the version is immutable */
	if (a->body) {
		xml_add_text(q, "text", a->body);
		return DB_OK;
	}
	if ((l = find_level(q, a->rating)) != NULL)
		xml_set_int(l, "count", a->count);
	return DB_OK;
}

static int
add_named(void *ud, const struct feedback_named *a)
{
	xmlNodePtr q = find_question(ud, a->question_key), n;

	if (q == NULL)
		return DB_OK;
	n = xml_add(q, "answer");
	xml_set(n, "author", a->author);
	if (a->rating >= 0)
		xml_set_int(n, "rating", a->rating);
	if (a->body[0])
		xml_text(n, a->body);
	return DB_OK;
}

static int
answers_xml(struct ctx *c, const struct conversation *cv, const struct tpl *t,
    enum fb_show show, xmlNodePtr fb)
{
	xmlNodePtr qs = xml_add(fb, "questions");
	size_t i;

	for (i = 0; i < t->feedback.nquestions; i++)
		question_node(c, qs, t, &t->feedback.question[i]);
	if (show == FB_SHOW_AGGREGATE)
		return feedback_aggregate(c->db, cv->id, add_aggregate, qs);
	if (show == FB_SHOW_NAMED)
		return feedback_named_answers(c->db, cv->id, add_named, qs);
	return DB_OK;
}

/* ---- the round's page ---- */

struct inv_ctx {
	xmlNodePtr list;
	bool anonymous;
};

static int
add_invitation(void *ud, const struct feedback_invitation *i)
{
	struct inv_ctx *x = ud;
	xmlNodePtr n = xml_add(x->list, "invitation");

	xml_set(n, "invitee", i->invitee);
	xml_set(n, "deadline", i->deadline);
	/* Who has answered is named only in a named round. */
	if (!x->anonymous)
		xml_set(n, "answered", i->answered ? "1" : "0");
	return DB_OK;
}

static int
add_person(void *ud, const struct feedback_person *p)
{
	xmlNodePtr n = xml_add(ud, "person");

	xml_set_int(n, "id", p->id);
	xml_set(n, "name", p->name);
	xml_set(n, "login", p->login);
	return DB_OK;
}

struct round {
	struct dossier_view v;
	const struct conversation *cv;
	struct tpl *t;
	struct feedback_counts n;
	struct fb_round r;
	char today[FEEDBACK_DATE_SIZE];
};

static void
round_free(struct round *x)
{
	dossier_view_free(&x->v);
	tpl_free(x->t);
}

/* The conversation, its template's round and counts; 403 as every
 * conversation page, 404 when its template has no round for it. */
static int
round_load(struct ctx *c, int64_t conv_id, struct round *x)
{
	int64_t version_id = 0;
	int rc, st;

	memset(x, 0, sizeof(*x));
	local_today(x->today, sizeof(x->today));
	if ((rc = conversation_view_load(c, conv_id, &x->v, &x->cv)) != 200)
		return rc;
	if ((x->t = tpl_new()) == NULL)
		return 500;
	st = conversation_template(c->db, conv_id, x->t, &version_id);
	if (st != DB_OK)
		return st == DB_NOTFOUND ? 404 : http_status_of(st);
	if (!x->t->feedback.enabled ||
	    strcmp(tpl_conv_names[x->t->feedback.conversation], x->cv->type) != 0)
		return 404;
	if ((st = feedback_counts(c->db, conv_id, x->today, &x->n)) != DB_OK)
		return http_status_of(st);
	x->r = round_of(&x->t->feedback, &x->n);
	return 200;
}

/* The invitation form's deadline, filled in (rules/feedback.h): before
 * the conversation's local day, its deadline when it is not planned. */
static void
suggest_deadline(const struct round *x, xmlNodePtr fb)
{
	char local[LOCAL_TIME_LEN + 1], day[DAY_LEN + 1], out[DAY_LEN + 1];

	strlcopy(day, x->cv->due_on, sizeof(day));
	if (x->cv->scheduled_at[0]) {
		time_utc_to_local(x->cv->scheduled_at, local, sizeof(local));
		strlcopy(day, local, sizeof(day));	/* its first DAY_LEN characters */
	}
	if (fb_suggested_deadline(x->today, day, out, sizeof(out)))
		xml_set(fb, "suggested", out);
}

static void
settings_xml(const struct round *x, xmlNodePtr fb)
{
	const struct tpl_feedback *s = &x->t->feedback;

	xml_set_int(fb, "conversation", x->cv->id);
	xml_set_int(fb, "dossier", x->v.d.id);
	xml_set(fb, "type", x->cv->type);
	xml_set(fb, "status", x->cv->status);
	xml_set(fb, "employee", x->v.d.employee_name);
	xml_set(fb, "cycle", x->v.d.cycle);
	xml_set(fb, "anonymity", s->anonymous ? "anonymous" : "named");
	xml_set_int(fb, "threshold", s->threshold);
	xml_set(fb, "invited_by", tpl_who_names[s->invited_by]);
	xml_set(fb, "employee_sees", tpl_fb_sees_names[s->employee_sees]);
	xml_set_int(fb, "invited", x->n.invited);
	xml_set_int(fb, "answered", x->n.answered);
	xml_set_int(fb, "open", x->n.open);
	xml_set(fb, "today", x->today);
	suggest_deadline(x, fb);
}

/* The page of the round with `status`; f (may be NULL) the invitation
 * form as typed, refusal (may be NULL) a reason key shown on top. */
static int
round_page(struct ctx *c, struct round *x, int status, const struct form *f,
    const char *refusal)
{
	enum fb_party party = party_of(x->v.side);
	enum fb_show show = fb_visibility(&x->r, party, x->cv->status);
	struct inv_ctx inv;
	const char *q = in_text(c, "q");
	xmlNodePtr fb, search;
	int st;

	if (!page_begin(c, "feedback"))
		return 500;
	fb = xml_add(c->page, "feedback");
	settings_xml(x, fb);
	xml_set(fb, "show", fb_show_name(show));
	if (fb_may_invite(&x->r, party, x->cv->status))
		xml_set(fb, "may_invite", "1");
	if (refusal)
		xml_set(fb, "refused", refusal);
	if ((st = answers_xml(c, x->cv, x->t, show, fb)) != DB_OK)
		return http_status_of(st);
	inv = (struct inv_ctx){ xml_add(fb, "invitations"), x->t->feedback.anonymous };
	if ((st = feedback_invitations(c->db, x->cv->id, x->today, add_invitation, &inv)) != DB_OK)
		return http_status_of(st);
	if (q && *q && fb_may_invite(&x->r, party, x->cv->status)) {
		search = xml_add(fb, "search");
		xml_set(search, "q", q);
		st = feedback_search(c->db, q, x->v.d.employee_id, add_person, search);
		if (st != DB_OK)
			return http_status_of(st);
	}
	if (f)
		form_xml(f, fb);
	return status;
}

int
feedback_get(struct ctx *c)
{
	struct round x;
	struct form f;
	int rc = round_load(c, c->ids[0], &x);

	/* a refused search (too long, not one line) is named next to it */
	form_begin(&f, c, "search");
	if (rc == 200)
		rc = f.failed ? round_page(c, &x, 400, &f, NULL) : round_page(c, &x, 200, NULL, NULL);
	round_free(&x);
	return rc;
}

/* ---- invite ---- */

/* "/feedback/" and a 64-bit id. */
#define SHEET_PATH_MAX 40

/* The invitation by e-mail, when mail is configured and the invitee has
 * an address, in their language (pages/notify.c's rule): who asks, about
 * whom, by when, and the link to the form.  Queued after the invitation
 * committed; never fails the request (`gesprekctl mail-send` sends it). */
static void
mail_invitation(struct ctx *c, const struct round *x, int64_t invitee_id, int64_t inv_id,
    const char *deadline)
{
	char chosen[PREF_LANG_LEN] = "", path[SHEET_PATH_MAX], date[FEEDBACK_DATE_TEXT_MAX];
	const struct catalog *cat;
	struct employee to;
	struct mail_vars vars;
	struct buf msg, subject;
	struct mail_new m;

	if (!mail_on(c->conf) || employee_by_id(c->db, invitee_id, &to) != DB_OK ||
	    to.email[0] == '\0' || !to.active)
		return;
	(void)pref_lang_get(c->db, invitee_id, chosen);
	cat = styles_catalog(c->styles, remind_lang(c->conf, chosen));
	if (cat == NULL)
		return;
	snprintf(path, sizeof(path), "/feedback/%lld", (long long)inv_id);
	mail_date(cat, deadline, date, sizeof(date));
	vars = (struct mail_vars){ .name = to.name, .employee = x->v.d.employee_name,
		.manager = c->user.name, .type = "", .date = date, .cycle = x->v.d.cycle,
		.path = path };
	buf_init(&msg);
	buf_init(&subject);
	if (mail_compose(cat, c->conf, MAIL_FEEDBACK, &vars, to.email, to.name, NULL, &msg,
	    &subject)) {
		/* the queue's kinds (sql/054): an invitation */
		m = (struct mail_new){ .kind = "invite", .conversation_id = x->cv->id,
			.recipient_id = invitee_id, .recipient = to.email, .subject = subject.data,
			.message = msg.data, .message_len = msg.len };
		if (mail_enqueue(c->db, &m, NULL) != DB_OK)
			log_warn("mail: feedback invitation %lld not queued", (long long)inv_id);
	}
	buf_free(&msg);
	buf_free(&subject);
}

/* The invitation form's own checks, then the store's; the answer. */
static int
invite(struct ctx *c, struct round *x)
{
	struct form f;
	struct feedback_invite in;
	int64_t made = 0;
	const char *deadline = in_date(c, "deadline");
	char path[FEEDBACK_PATH_MAX];
	int st;

	form_begin(&f, c, "invite");
	if (deadline && strcmp(deadline, x->today) < 0)
		form_error(&f, "deadline", "form.error.feedback_deadline_past");
	if (f.failed)
		return round_page(c, x, 400, &f, NULL);
	in = (struct feedback_invite){ x->cv->id, in_id(c, "invitee"), c->user.id, deadline,
		x->today, x->cv->type, x->t->feedback.anonymous, x->t->feedback.threshold, &made };
	st = feedback_invite(c->db, &in);
	if (st == DB_NOTFOUND) {
		form_error(&f, "invitee", "form.error.feedback_invitee");
		return round_page(c, x, 400, &f, NULL);
	}
	if (st == DB_DUPLICATE) {
		form_error(&f, "invitee", "form.error.feedback_already_invited");
		return round_page(c, x, 409, &f, NULL);
	}
	if (st == DB_CONFLICT)
		return round_page(c, x, 409, &f, "closed");
	if (st != DB_OK)
		return http_status_of(st);
	mail_invitation(c, x, in.invitee_id, made, deadline);
	if ((st = auth_flash(c, "flash.feedback_invited")) != DB_OK)
		return http_status_of(st);
	snprintf(path, sizeof(path), "/conversations/%lld/feedback", (long long)x->cv->id);
	strlcopy(c->location, path, sizeof(c->location));
	return HANDLER_REDIRECT;
}

int
feedback_invite_post(struct ctx *c)
{
	struct round x;
	enum fb_party party;
	int rc = round_load(c, c->ids[0], &x);

	if (rc != 200)
		goto out;
	party = party_of(x.v.side);
	/* Only the sides the template names invite: anyone else is refused
	 * as for any write of the dossier they may not make. */
	if ((party != FB_EMPLOYEE && party != FB_MANAGER) ||
	    (party == FB_EMPLOYEE && x.r.invited_by == FB_BY_MANAGER) ||
	    (party == FB_MANAGER && x.r.invited_by == FB_BY_EMPLOYEE)) {
		rc = 403;
		goto out;
	}
	if (!fb_may_invite(&x.r, party, x.cv->status) || !x.v.writable) {
		rc = round_page(c, &x, 409, NULL, "closed");
		goto out;
	}
	rc = invite(c, &x);
out:
	round_free(&x);
	return rc;
}

/* ---- the invitee's form ---- */

struct sheet {
	struct feedback_invitation inv;
	struct tpl *t;
	char today[FEEDBACK_DATE_SIZE];
	/* the fields' names (q1_body, q1_rating, ...), which the form keeps
	 * pointers to */
	char names[TPL_FB_QUESTIONS_MAX][2][FIELD_NAME_MAX];
};

/* The invitation, the invitee's alone (403 as for one that does not
 * exist), and its round's template. */
static int
sheet_load(struct ctx *c, struct sheet *s)
{
	int64_t version_id = 0;
	int st;

	memset(s, 0, sizeof(*s));
	local_today(s->today, sizeof(s->today));
	st = feedback_invitation_get(c->db, c->ids[0], s->today, &s->inv);
	if (st == DB_NOTFOUND || (st == DB_OK && s->inv.invitee_id != c->user.id))
		return 403;
	if (st != DB_OK)
		return http_status_of(st);
	if ((s->t = tpl_new()) == NULL)
		return 500;
	st = conversation_template(c->db, s->inv.conversation_id, s->t, &version_id);
	if (st != DB_OK || !s->t->feedback.enabled)
		return st == DB_OK || st == DB_NOTFOUND ? 404 : http_status_of(st);
	return 200;
}

static int
sheet_page(struct ctx *c, struct sheet *s, int status, const struct form *f,
    const char *refusal)
{
	xmlNodePtr fb, qs;
	size_t i;

	if (!page_begin(c, "feedback_answer"))
		return 500;
	fb = xml_add(c->page, "feedback_answer");
	xml_set_int(fb, "id", s->inv.id);
	xml_set(fb, "employee", s->inv.employee);
	xml_set(fb, "cycle", s->inv.cycle);
	xml_set(fb, "deadline", s->inv.deadline);
	xml_set(fb, "anonymity", s->t->feedback.anonymous ? "anonymous" : "named");
	xml_set_int(fb, "threshold", s->t->feedback.threshold);
	if (s->inv.answered)
		xml_set(fb, "answered", "1");
	else if (!s->inv.open)
		xml_set(fb, "past", "1");
	if (refusal)
		xml_set(fb, "refused", refusal);
	qs = xml_add(fb, "questions");
	for (i = 0; i < s->t->feedback.nquestions; i++)
		xml_set_int(question_node(c, qs, s->t, &s->t->feedback.question[i]), "n",
		    (int64_t)i + 1);
	if (f)
		form_xml(f, fb);
	return status;
}

int
feedback_answer_get(struct ctx *c)
{
	struct sheet s;
	int rc = sheet_load(c, &s);

	if (rc == 200)
		rc = sheet_page(c, &s, 200, NULL, NULL);
	tpl_free(s.t);
	return rc;
}

/* The body field `name` as typed, checked against its declaration; a
 * problem goes to the form.  NULL when absent or blank. */
static const char *
body_field(struct ctx *c, struct form *f, const char *name, int64_t *num)
{
	const char *v = request_body_param(c->req, name);
	const struct field *d = input_declared(c->route->fields, name);
	const char *problem;
	const char *p;

	for (p = v; p && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'); p++)
		;
	if (v == NULL || *p == '\0' || d == NULL)
		return NULL;
	form_value(f, name, v);
	if ((problem = input_problem(d, v, num)) != NULL) {
		form_error(f, name, problem);
		if (strcmp(problem, "form.error.too_long") == 0)
			form_limit(f, name, d->max);
		return NULL;
	}
	return v;
}

static bool
level_of(const struct tpl_scale *sc, int64_t v)
{
	size_t i;

	for (i = 0; sc && i < sc->nlevels; i++)
		if (sc->level[i].value == v)
			return true;
	return false;
}

/* One field of the form (q{i+1}_body when text, else q{i+1}_rating) into
 * a[*n]: checked by its declaration, then against the question: a text
 * for an open one, a level of its scale for a rating; a field of no
 * question, or of the other kind, is refused next to it. */
static void
read_field(struct ctx *c, struct sheet *s, struct form *f, size_t i, bool text,
    struct feedback_answer_input *a, size_t *n)
{
	const struct tpl *t = s->t;
	const struct tpl_fb_question *q = i < t->feedback.nquestions ?
	    &t->feedback.question[i] : NULL;
	char *name = s->names[i][text];
	int64_t num = -1;
	const char *v;

	snprintf(name, FIELD_NAME_MAX, "q%zu_%s", i + 1, text ? "body" : "rating");
	if ((v = body_field(c, f, name, &num)) == NULL)
		return;
	if (q == NULL || (q->kind == TPL_FB_OPEN) != text) {
		form_error(f, name, "form.error.feedback_field");
		return;
	}
	if (!text && !level_of(scale_of(t, q->scale), num)) {
		form_error(f, name, "form.error.choice");
		return;
	}
	a[*n] = (struct feedback_answer_input){ q->key, text ? v : NULL, text ? -1 : (int)num };
	(*n)++;
}

/* Every field of the form into a[], checked (read_field).  The number of
 * answers given. */
static size_t
read_answers(struct ctx *c, struct sheet *s, struct form *f,
    struct feedback_answer_input a[TPL_FB_QUESTIONS_MAX])
{
	size_t i, n = 0;

	for (i = 0; i < TPL_FB_QUESTIONS_MAX; i++) {
		read_field(c, s, f, i, true, a, &n);
		read_field(c, s, f, i, false, a, &n);
	}
	return n;
}

static int
answer(struct ctx *c, struct sheet *s)
{
	struct feedback_answer_input a[TPL_FB_QUESTIONS_MAX];
	struct form f;
	size_t n;
	int st;

	form_init(&f, "feedback");
	n = read_answers(c, s, &f, a);
	if (!f.failed && n == 0)
		form_error(&f, "", "form.error.feedback_empty");
	if (f.failed)
		return sheet_page(c, s, 400, &f, NULL);
	st = feedback_answer_save(c->db, s->inv.id, c->user.id, s->today,
	    s->t->feedback.anonymous, a, n);
	if (st == DB_NOTFOUND)
		return 403;
	if (st == DB_CONFLICT) {
		/* answered meanwhile (another window), or the deadline passed:
		 * the invitation as it is now */
		st = feedback_invitation_get(c->db, s->inv.id, s->today, &s->inv);
		return st == DB_OK ? sheet_page(c, s, 409, NULL, "closed") : http_status_of(st);
	}
	if (st != DB_OK)
		return http_status_of(st);
	if ((st = auth_flash(c, "flash.feedback_answered")) != DB_OK)
		return http_status_of(st);
	strlcopy(c->location, "/", sizeof(c->location));
	return HANDLER_REDIRECT;
}

int
feedback_answer_post(struct ctx *c)
{
	struct sheet s;
	int rc = sheet_load(c, &s);

	if (rc != 200)
		goto out;
	if (s.inv.answered || !s.inv.open) {
		rc = sheet_page(c, &s, 409, NULL, "closed");
		goto out;
	}
	rc = answer(c, &s);
out:
	tpl_free(s.t);
	return rc;
}

/* ---- the personal export ---- */

/* Rounds of one employee's dossiers an export names, at most: a
 * conversation per cycle has one. */
#define EXPORT_ROUNDS_MAX 64

struct export_rounds {
	int64_t id[EXPORT_ROUNDS_MAX];
	size_t n;
};

static int
keep_round(void *ud, int64_t conv_id)
{
	struct export_rounds *r = ud;

	if (r->n < EXPORT_ROUNDS_MAX)
		r->id[r->n++] = conv_id;
	return DB_OK;
}

/* A node the page would show, written through the export writer: its
 * attributes and text, its children in order. */
static void
write_node(struct export_writer *w, xmlNodePtr n)
{
	xmlAttrPtr a;
	xmlNodePtr k;

	export_writer_start(w, (const char *)n->name);
	for (a = n->properties; a; a = a->next) {
		xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);

		export_writer_attr(w, (const char *)a->name, (const char *)v);
		xmlFree(v);
	}
	for (k = n->children; k; k = k->next) {
		if (k->type == XML_TEXT_NODE)
			export_writer_text(w, (const char *)k->content);
		else if (k->type == XML_ELEMENT_NODE)
			write_node(w, k);
	}
	export_writer_end(w);
}

/* One round as the employee may see it, into w. */
static int
export_round(struct ctx *c, struct export_writer *w, int64_t conv_id, const char *today)
{
	struct conversation cv;
	struct feedback_counts n;
	struct fb_round r;
	struct tpl *t = tpl_new();
	xmlNodePtr fb = xmlNewNode(NULL, BAD_CAST "feedback");
	int64_t version_id = 0;
	enum fb_show show;
	int st = DB_ERROR;

	if (t == NULL || fb == NULL)
		goto out;
	if ((st = conversation_get(c->db, conv_id, &cv)) != DB_OK ||
	    (st = conversation_template(c->db, conv_id, t, &version_id)) != DB_OK ||
	    (st = feedback_counts(c->db, conv_id, today, &n)) != DB_OK)
		goto out;
	if (!t->feedback.enabled)
		goto out;
	r = round_of(&t->feedback, &n);
	show = fb_visibility(&r, FB_EMPLOYEE, cv.status);
	xml_set_int(fb, "conversation", conv_id);
	xml_set(fb, "anonymity", t->feedback.anonymous ? "anonymous" : "named");
	xml_set_int(fb, "threshold", t->feedback.threshold);
	xml_set(fb, "show", fb_show_name(show));
	xml_set_int(fb, "invited", n.invited);
	xml_set_int(fb, "answered", n.answered);
	if ((st = answers_xml(c, &cv, t, show, fb)) == DB_OK)
		write_node(w, fb);
out:
	xmlFreeNode(fb);
	tpl_free(t);
	return st;
}

int
feedback_export(struct ctx *c, int64_t employee_id, struct export_writer *w)
{
	struct export_rounds r = { .n = 0 };
	char today[FEEDBACK_DATE_SIZE];
	size_t i;
	int st;

	local_today(today, sizeof(today));
	st = feedback_conversations_of(c->db, employee_id, keep_round, &r);
	for (i = 0; st == DB_OK && i < r.n; i++)
		st = export_round(c, w, r.id[i], today);
	return st;
}
