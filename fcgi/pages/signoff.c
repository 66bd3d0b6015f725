/* signoff.c -- the life of a conversation (DESIGN §5): plan a date, share
 * a preparation, mark it held, finalize, sign by the employee (agree, or
 * seen with a remark), sign by the manager -- which closes it and stores
 * the report as an XML snapshot with its SHA-256 -- and reopen by HR with
 * a written reason.  The page checks the form and answers early what the
 * view already shows (403); each move is one store function that checks
 * side and state again under the conversation's row lock and answers
 * DB_CONFLICT (409, the form again) when another request got there first.
 * Planning, finalizing and the employee's signature send an e-mail
 * (notify.c) once their transaction has committed. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "auth/session.h"
#include "pages/conv_template.h"
#include "pages/conv_view.h"
#include "pages/review.h"
#include "pages/form.h"
#include "pages/notify.h"
#include "pages/pages.h"
#include "base/util.h"
#include "rules/cycle_rules.h"
#include "rules/outcome.h"
#include "xml/page.h"
#include "xml/render.h"
#include "store/dossier.h"

#define UTC_TIME_MAX 32		/* YYYY-MM-DD HH:MM:00 */
#define LOCAL_DATE_MAX 16	/* YYYY-MM-DD and room */
/* A path of this program: /conversations/{id}/{move}. */
#define MOVE_PATH_MAX 96

struct move {
	struct ctx *c;
	struct dossier_view v;
	const struct conversation *cv;
	struct form f;
	int64_t version;
	const char *value;	/* date, verdict or reason */
	const char *remark;
};

static int
load(struct move *m, struct ctx *c, const char *form_name)
{
	bool has;

	memset(m, 0, sizeof(*m));
	m->c = c;
	form_begin(&m->f, c, form_name);
	m->version = in_int(c, "version", &has);
	return conversation_view_load(c, c->ids[0], &m->v, &m->cv);
}

static int
done(struct move *m, int rc)
{
	dossier_view_free(&m->v);
	return rc;
}

static int
redirect(struct move *m, const char *flash)
{
	auth_flash(m->c, flash);
	snprintf(m->c->location, sizeof(m->c->location), "/conversations/%lld",
	    (long long)m->cv->id);
	return HANDLER_REDIRECT;
}

static int
reshow(struct move *m, int status)
{
	return conversation_reshow(m->c, m->cv->id, status, &m->f);
}

/* What the store needs to know of the write.  version 0 when the form
 * sent none: a move that conflicts with nothing typed (the store takes
 * the row's version under its lock). */
static struct conv_write
write_of(const struct move *m)
{
	struct conv_write w = { m->cv->id, m->c->user.id, m->version };

	return w;
}

static bool
in_state(const struct conversation *cv, const char *a, const char *b)
{
	return strcmp(cv->status, a) == 0 || (b && strcmp(cv->status, b) == 0);
}

/* The answer to a store write: 303 on success, the form again with the
 * conflict (409) when another request changed the conversation first,
 * 403 when the actor may not (the same answer as the early checks). */
static int
answer(struct move *m, int st, const char *flash)
{
	if (st == DB_CONFLICT) {
		form_error(&m->f, "version", "form.error.conflict");
		return reshow(m, 409);
	}
	if (st == DB_NOTFOUND)
		return 403;
	if (st != DB_OK)	/* 503 keeps the typed remark or reason */
		return conversation_unavailable(m->c, m->cv->id, st, &m->f);
	return redirect(m, flash);
}

/* ---- the guards of issue 15: confirmations and dates ---- */

/* The confirmation page of a move: the conversation with <confirm> on top
 * and a second form sending the move again with confirm (nothing written). */
static int
ask(struct move *m, const char *what)
{
	char action[MOVE_PATH_MAX], back[MOVE_PATH_MAX];
	xmlNodePtr page = NULL;
	int rc = conversation_page(m->c, m->cv->id, 200, &page);

	if (rc != 200 || page == NULL)
		return rc;
	snprintf(action, sizeof(action), "/conversations/%lld/%s", (long long)m->cv->id,
	    m->f.name);
	snprintf(back, sizeof(back), "/conversations/%lld", (long long)m->cv->id);
	confirm_xml(&m->f, page, what, action, back);
	return 200;
}

/* A date of this conversation against the cycle's period: refused far
 * outside it (the field's error; 0 and the caller re-shows the form),
 * asked about a little outside it (the confirmation page, its status),
 * else 0. */
static int
date_guard(struct move *m, const char *field, const char *date)
{
	enum date_fit fit = cycle_date_fit(date, m->v.d.cycle_starts_on, m->v.d.cycle_ends_on);

	if (fit == DATE_FIT_REFUSE) {
		form_error(&m->f, field, "form.error.date_far_outside_cycle");
		return 0;
	}
	if (fit == DATE_FIT_WARN && !in_flag(m->c, CONFIRM_FIELD))
		return ask(m, "date_outside_cycle");
	return 0;
}

/* Today in the organisation's zone, YYYY-MM-DD. */
static void
local_today(char *out, size_t size)
{
	time_t now = time(NULL);
	struct tm tm;

	if (localtime_r(&now, &tm) == NULL || strftime(out, size, "%Y-%m-%d", &tm) == 0)
		strlcopy(out, "", size);
}

/* ---- plan ---- */

int
plan_post(struct ctx *c)
{
	struct move m;
	struct conv_write w;
	char utc[UTC_TIME_MAX];
	int rc = load(&m, c, "plan");

	if (rc != 200)
		return done(&m, rc);
	if (!m.v.writable || m.v.side != SIDE_MANAGER || !in_state(m.cv, "planned", "preparing"))
		return done(&m, 403);
	m.value = in_text(c, "scheduled_at");
	/* Typed in the organisation's zone, stored in UTC (a time skipped by
	 * the change to summer time does not exist there). */
	if (m.value && !time_local_to_utc(m.value, utc, sizeof(utc)))
		form_error(&m.f, "scheduled_at", "form.error.datetime");
	if (!m.f.failed && (rc = date_guard(&m, "scheduled_at", m.value)) != 0)
		return done(&m, rc);
	if (m.f.failed)
		return done(&m, reshow(&m, 400));
	w = write_of(&m);
	rc = answer(&m, conversation_plan(c->db, &w, utc, m.value), "flash.planned");
	if (rc == HANDLER_REDIRECT)
		notify(c, &m.v, m.cv->id, MAIL_INVITE);
	return done(&m, rc);
}

/* ---- share a preparation ---- */

int
share_post(struct ctx *c)
{
	struct move m;
	struct conv_write w;
	int rc = load(&m, c, "share");

	if (rc != 200)
		return done(&m, rc);
	if (!m.v.writable || !in_state(m.cv, "planned", "preparing"))
		return done(&m, 403);
	if (m.f.failed)	/* a mistyped version */
		return done(&m, reshow(&m, 400));
	w = write_of(&m);
	return done(&m, answer(&m, conversation_share(c->db, &w), "flash.shared"));
}

/* ---- held, finalize ---- */

int
held_post(struct ctx *c)
{
	struct move m;
	struct conv_write w;
	int rc = load(&m, c, "held");

	if (rc != 200)
		return done(&m, rc);
	if (!m.v.writable || m.v.side != SIDE_MANAGER || !in_state(m.cv, "planned", "preparing"))
		return done(&m, 403);
	if (m.f.failed)	/* a mistyped version */
		return done(&m, reshow(&m, 400));
	/* Held before the day it was planned for: a slip of the button, or
	 * the talk came early -- the manager says which. */
	if (m.cv->scheduled_at[0] && !in_flag(c, CONFIRM_FIELD)) {
		char planned[UTC_TIME_MAX], today[LOCAL_DATE_MAX];

		time_utc_to_local(m.cv->scheduled_at, planned, sizeof(planned));
		local_today(today, sizeof(today));
		if (held_before_planned(planned, today))
			return done(&m, ask(&m, "held_early"));
	}
	w = write_of(&m);
	return done(&m, answer(&m, conversation_held(c->db, &w), "flash.held"));
}

/* The names of every lack, with their spaces: "employee manager ...". */
#define GAP_LACKS_MAX 64

/* <section key="..." lacks="employee manager explanation competences"/>:
 * a section of the form without a required answer (issue 16). */
static void
add_gap(xmlNodePtr missing, const struct finalize_gap *gap)
{
	static const struct { unsigned bit; const char *name; } names[] = {
		{ LACK_EMPLOYEE, "employee" }, { LACK_MANAGER, "manager" },
		{ LACK_EXPLANATION, "explanation" }, { LACK_COMPETENCES, "competences" },
	};
	char lacks[GAP_LACKS_MAX] = "";
	xmlNodePtr n = xml_add(missing, "section");
	size_t i, len = 0;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		int w;

		if (!(gap->lacks & names[i].bit))
			continue;
		w = snprintf(lacks + len, sizeof(lacks) - len, "%s%s", len ? " " : "", names[i].name);
		if (w < 0 || (size_t)w >= sizeof(lacks) - len)
			break;
		len += (size_t)w;
	}
	xml_set(n, "key", gap->key);
	xml_set(n, "lacks", lacks);
}

/* A conversation that lacks required answers or ratings: the form again
 * (400) with the error summary listing each, linked to its field. */
static int
incomplete(struct move *m, const struct finalize_missing *missing)
{
	xmlNodePtr page = NULL, n, it;
	size_t i;
	int rc;

	form_error(&m->f, "missing", "conversation.finalize.incomplete");
	if ((rc = conversation_page(m->c, m->cv->id, 400, &page)) != 400 || page == NULL)
		return rc;
	form_xml(&m->f, page);
	n = xml_add(page, "missing");
	if (missing->overall)
		xml_set(n, "overall", "1");
	if (missing->stale)
		xml_set(n, "stale", "1");
	for (i = 0; i < missing->nsections; i++)
		add_gap(n, &missing->sections[i]);
	for (i = 0; i < missing->nitems; i++) {
		it = xml_add(n, "item");
		xml_set_int(it, "id", missing->items[i]);
	}
	return 400;
}

int
finalize_post(struct ctx *c)
{
	struct move m;
	struct conv_write w;
	struct finalize_missing missing;
	int rc = load(&m, c, "finalize"), st;

	if (rc != 200)
		return done(&m, rc);
	if (!m.v.writable || m.v.side != SIDE_MANAGER || !in_state(m.cv, "held", NULL))
		return done(&m, 403);
	if (m.f.failed)	/* a mistyped version */
		return done(&m, reshow(&m, 400));
	w = write_of(&m);
	st = conversation_finalize(c->db, &w, &missing);
	if (st == DB_OK && finalize_incomplete(&missing))
		return done(&m, incomplete(&m, &missing));
	rc = answer(&m, st, "flash.finalized");
	if (rc == HANDLER_REDIRECT)
		notify(c, &m.v, m.cv->id, MAIL_SIGN);	/* the employee signs first */
	return done(&m, rc);
}

/* ---- sign ---- */

/* Whose turn it is, as the view shows it: for the early 403 (before the
 * form is read); the store decides again under the lock. */
struct turn {
	bool employee_signed, manager_signed;
};

static int
note_signature(void *ud, const struct signature *s)
{
	struct turn *t = ud;

	if (s->voided || s->sha256[0])
		return DB_OK;	/* an earlier round */
	if (strcmp(s->role, "employee") == 0)
		t->employee_signed = true;
	else
		t->manager_signed = true;
	return DB_OK;
}

/* The report as signed: the neutral view of the conversation, serialised.
 * Called by the store inside the sign's transaction, after the manager's
 * signature is written, so the view reads it through the same connection. */
static int
render_snapshot(void *ud, struct buf *out)
{
	struct move *m = ud;
	struct dossier_view neutral = m->v;
	xmlNodePtr root;
	xmlDocPtr doc = page_new("snapshot", "nl", NULL, NULL, &root);
	int st = DB_ERROR;

	neutral.side = SIDE_SNAPSHOT;
	neutral.writable = false;
	if (doc == NULL)
		return DB_ERROR;
	if ((st = conv_form_xml(m->c, &neutral, m->cv, root)) != DB_OK)
		goto fail;
	st = render_xml(doc, out) && !out->failed ? DB_OK : DB_ERROR;
fail:
	xmlFreeDoc(doc);
	return st;
}

int
sign_post(struct ctx *c)
{
	struct move m;
	struct snapshot_maker snap = { render_snapshot, &m };
	struct turn t = { false, false };
	struct conv_write w;
	int rc = load(&m, c, "sign"), st;

	if (rc != 200)
		return done(&m, rc);
	if (!m.v.writable || !in_state(m.cv, "finalized", NULL) || !review_sign_open(m.cv))
		return done(&m, 403);
	if ((st = signatures_of_conversation(c->db, m.cv->id, note_signature, &t)) != DB_OK)
		return done(&m, http_status_of(st));
	/* The employee signs first, then the manager; each once a round. */
	if (m.v.side == SIDE_EMPLOYEE ? t.employee_signed : (!t.employee_signed || t.manager_signed))
		return done(&m, 403);
	m.value = in_choice(c, "verdict");
	m.remark = in_text(c, "remark");
	if (m.value && strcmp(m.value, "seen") == 0 && m.remark == NULL)
		form_error(&m.f, "remark", "form.error.remark_for_seen");
	if (m.f.failed)
		return done(&m, reshow(&m, 400));
	/* Decided again under the lock: a double submit signs once. */
	w = write_of(&m);
	rc = answer(&m, conversation_sign(c->db, &w, m.value, m.remark, &snap, NULL),
	    m.v.side == SIDE_MANAGER ? "flash.closed" : "flash.signed");
	if (rc == HANDLER_REDIRECT && m.v.side == SIDE_EMPLOYEE)
		notify(c, &m.v, m.cv->id, MAIL_SIGNED);	/* now the manager's turn */
	return done(&m, rc);
}

/* ---- reopen (HR) ---- */

int
reopen_post(struct ctx *c)
{
	struct move m;
	struct conv_write w;
	int rc = load(&m, c, "reopen");

	if (rc != 200)
		return done(&m, rc);
	/* HR, and no party of this report (the store checks it again). */
	if (!m.v.hr || m.v.side != SIDE_READER || !in_state(m.cv, "finalized", "closed"))
		return done(&m, 403);
	m.value = in_text(c, "reason");
	if (m.f.failed)
		return done(&m, reshow(&m, 400));
	w = write_of(&m);
	return done(&m, answer(&m, conversation_reopen(c->db, &w, m.value), "flash.reopened"));
}
