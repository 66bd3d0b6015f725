/* signoff.c -- the life of a conversation (DESIGN §5): plan a date, share
 * a preparation, mark it held, finalize, sign by the employee (agree, or
 * seen with a remark), sign by the manager -- which closes it and stores
 * the report as an XML snapshot with its SHA-256 -- and reopen by HR with
 * a written reason.  Every move checks side and state on the server.
 * Planning, finalizing and the employee's signature send an e-mail
 * (notify.c) once their transaction has committed. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "auth/session.h"
#include "pages/conv_view.h"
#include "pages/form.h"
#include "pages/notify.h"
#include "pages/pages.h"
#include "sha256.h"
#include "util.h"
#include "xml/page.h"
#include "xml/render.h"

#define DATETIME_LEN 16		/* YYYY-MM-DDTHH:MM */
#define AUDIT_DETAIL_MAX 512

static const char *const verdicts[] = { "agree", "seen", NULL };

struct move {
	struct ctx *c;
	struct dossier_view v;
	const struct conversation *cv;
	struct form f;
	int64_t version;
	const char *value;	/* date, verdict or reason */
	const char *remark;
	bool employee_signed, manager_signed;
	char sha[2 * SHA256_LEN + 1];
	char detail[AUDIT_DETAIL_MAX];
};

static int
load(struct move *m, struct ctx *c, const char *form_name)
{
	bool has;

	memset(m, 0, sizeof(*m));
	m->c = c;
	form_init(&m->f, form_name);
	m->version = form_int(&m->f, c, "version", false, 1, INT64_MAX, &has);
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
	xmlNodePtr page;
	int rc = conversation_page(m->c, m->cv->id, status, &page);

	if (rc == status)
		form_xml(&m->f, page);
	return rc;
}

/* The version the form was built on, or the current one when the form
 * did not send it (a move that conflicts with nothing typed). */
static int64_t
version_of(const struct move *m)
{
	return m->version ? m->version : m->cv->version;
}

static bool
in_state(const struct conversation *cv, const char *a, const char *b)
{
	return strcmp(cv->status, a) == 0 || (b && strcmp(cv->status, b) == 0);
}

static int
run(struct move *m, db_tx_fn fn, const char *flash)
{
	int rc = db_tx(m->c->db, fn, m);

	if (rc == DB_CONFLICT) {
		form_error(&m->f, "version", "form.error.conflict");
		return reshow(m, 409);
	}
	if (rc != DB_OK)
		return http_status_of(rc);
	return redirect(m, flash);
}

static int
audit(struct db *db, struct move *m, const char *action)
{
	return audit_add(db, m->c->user.id, "conversation", m->cv->id, action,
	    m->detail[0] ? m->detail : NULL);
}

/* ---- plan ---- */

static bool
datetime_valid(const char *s)
{
	char date[DATE_LEN + 1];

	if (s == NULL || strlen(s) != DATETIME_LEN || s[10] != 'T' || s[13] != ':')
		return false;
	memcpy(date, s, DATE_LEN);
	date[DATE_LEN] = '\0';
	return date_valid(date) && s[11] >= '0' && s[11] <= '2' && s[12] >= '0' && s[12] <= '9' &&
	    (s[11] - '0') * 10 + (s[12] - '0') < 24 && s[14] >= '0' && s[14] <= '5' &&
	    s[15] >= '0' && s[15] <= '9';
}

static int
tx_plan(struct db *db, void *ud)
{
	struct move *m = ud;
	char utc[32];
	int st;

	/* Typed in the organisation's zone, stored in UTC. */
	if (!time_local_to_utc(m->value, utc, sizeof(utc)))
		return DB_ERROR;
	st = conversation_plan(db, m->cv->id, version_of(m), utc);

	if (st != DB_OK)
		return st;
	snprintf(m->detail, sizeof(m->detail), "planned at %s", m->value);
	return audit(db, m, "plan");
}

int
plan_post(struct ctx *c)
{
	struct move m;
	int rc = load(&m, c, "plan");

	if (rc != 200)
		return done(&m, rc);
	if (!m.v.writable || m.v.side != SIDE_MANAGER || !in_state(m.cv, "planned", "preparing"))
		return done(&m, 403);
	m.value = form_text(&m.f, c, "scheduled_at", true, DATETIME_LEN);
	if (m.value && (!datetime_valid(m.value) ||
	    !time_local_to_utc(m.value, (char[32]){ 0 }, 32)))
		form_error(&m.f, "scheduled_at", "form.error.datetime");
	if (m.f.failed)
		return done(&m, reshow(&m, 400));
	rc = run(&m, tx_plan, "flash.planned");
	if (rc == HANDLER_REDIRECT)
		notify(c, &m.v, m.cv->id, MAIL_INVITE);
	return done(&m, rc);
}

/* ---- share a preparation ---- */

static int
tx_share(struct db *db, void *ud)
{
	struct move *m = ud;
	int st = conversation_share(db, m->cv->id, m->v.side == SIDE_MANAGER);

	if (st != DB_OK)
		return st;
	snprintf(m->detail, sizeof(m->detail), "%s shared the preparation", side_role(m->v.side));
	return audit(db, m, "share");
}

int
share_post(struct ctx *c)
{
	struct move m;
	int rc = load(&m, c, "share");

	if (rc != 200)
		return done(&m, rc);
	if (!m.v.writable || !in_state(m.cv, "planned", "preparing"))
		return done(&m, 403);
	return done(&m, run(&m, tx_share, "flash.shared"));
}

/* ---- held, finalize ---- */

static int
tx_held(struct db *db, void *ud)
{
	static const char *const from[] = { "planned", "preparing", NULL };
	struct move *m = ud;
	int st = conversation_move(db, m->cv->id, version_of(m), from, "held");

	return st != DB_OK ? st : audit(db, m, "held");
}

int
held_post(struct ctx *c)
{
	struct move m;
	int rc = load(&m, c, "held");

	if (rc != 200)
		return done(&m, rc);
	if (!m.v.writable || m.v.side != SIDE_MANAGER || !in_state(m.cv, "planned", "preparing"))
		return done(&m, 403);
	return done(&m, run(&m, tx_held, "flash.held"));
}

static int
tx_finalize(struct db *db, void *ud)
{
	static const char *const from[] = { "held", NULL };
	struct move *m = ud;
	int st = conversation_move(db, m->cv->id, version_of(m), from, "finalized");

	return st != DB_OK ? st : audit(db, m, "finalize");
}

int
finalize_post(struct ctx *c)
{
	struct move m;
	int rc = load(&m, c, "finalize");

	if (rc != 200)
		return done(&m, rc);
	if (!m.v.writable || m.v.side != SIDE_MANAGER || !in_state(m.cv, "held", NULL))
		return done(&m, 403);
	rc = run(&m, tx_finalize, "flash.finalized");
	if (rc == HANDLER_REDIRECT)
		notify(c, &m.v, m.cv->id, MAIL_SIGN);	/* the employee signs first */
	return done(&m, rc);
}

/* ---- sign ---- */

static int
note_signature(void *ud, const struct signature *s)
{
	struct move *m = ud;

	if (s->voided || s->sha256[0])
		return DB_OK;	/* an earlier round */
	if (strcmp(s->role, "employee") == 0)
		m->employee_signed = true;
	else
		m->manager_signed = true;
	return DB_OK;
}

/* The report as signed: the neutral view of the conversation, serialised,
 * and its SHA-256.  Stored before the conversation closes, in the same
 * transaction. */
static int
store_snapshot(struct db *db, struct move *m)
{
	struct dossier_view neutral = m->v;
	unsigned char digest[SHA256_LEN];
	xmlNodePtr root;
	xmlDocPtr doc = page_new("snapshot", "nl", NULL, NULL, &root);
	struct buf out;
	int st = DB_ERROR;

	buf_init(&out);
	neutral.side = SIDE_SNAPSHOT;
	neutral.writable = false;
	if (doc == NULL)
		goto fail;
	if ((st = view_xml(m->c, &neutral, m->cv, root)) != DB_OK)
		goto fail;
	st = DB_ERROR;
	if (!render_xml(doc, &out) || out.failed)
		goto fail;
	sha256(out.data, out.len, digest);
	hex_encode(digest, sizeof(digest), m->sha);
	if ((st = snapshot_add(db, m->cv->id, out.data, out.len, m->sha)) != DB_OK)
		goto fail;
	st = signatures_seal(db, m->cv->id, m->sha);
fail:
	buf_free(&out);
	if (doc)
		xmlFreeDoc(doc);
	return st;
}

static int
tx_sign(struct db *db, void *ud)
{
	static const char *const from[] = { "finalized", NULL };
	struct move *m = ud;
	bool manager = m->v.side == SIDE_MANAGER;
	int st = signature_add(db, m->cv->id, m->c->user.id, side_role(m->v.side), m->value,
	    m->remark);

	if (st != DB_OK)
		return st;
	snprintf(m->detail, sizeof(m->detail), "%s signed: %s", side_role(m->v.side), m->value);
	if ((st = audit(db, m, "sign")) != DB_OK || !manager)
		return st;
	/* The manager signs last: the report closes for good. */
	if ((st = conversation_move(db, m->cv->id, m->cv->version, from, "closed")) != DB_OK)
		return st;
	if ((st = store_snapshot(db, m)) != DB_OK)
		return st;
	snprintf(m->detail, sizeof(m->detail), "closed; snapshot sha256 %s", m->sha);
	return audit(db, m, "close");
}

int
sign_post(struct ctx *c)
{
	struct move m;
	int rc = load(&m, c, "sign"), st;

	if (rc != 200)
		return done(&m, rc);
	if (!m.v.writable || !in_state(m.cv, "finalized", NULL))
		return done(&m, 403);
	if ((st = signatures_of_conversation(c->db, m.cv->id, note_signature, &m)) != DB_OK)
		return done(&m, http_status_of(st));
	/* The employee signs first, then the manager; each once per round. */
	if (m.v.side == SIDE_EMPLOYEE ? m.employee_signed : (!m.employee_signed || m.manager_signed))
		return done(&m, 403);
	m.value = form_choice(&m.f, c, "verdict", true, verdicts);
	m.remark = form_text(&m.f, c, "remark", false, TEXT_MAX_CHARS);
	if (m.value && strcmp(m.value, "seen") == 0 && m.remark == NULL)
		form_error(&m.f, "remark", "form.error.remark_for_seen");
	if (m.f.failed)
		return done(&m, reshow(&m, 400));
	rc = run(&m, tx_sign, m.v.side == SIDE_MANAGER ? "flash.closed" : "flash.signed");
	if (rc == HANDLER_REDIRECT && m.v.side == SIDE_EMPLOYEE)
		notify(c, &m.v, m.cv->id, MAIL_SIGNED);	/* now the manager's turn */
	return done(&m, rc);
}

/* ---- reopen (HR) ---- */

static int
tx_reopen(struct db *db, void *ud)
{
	struct move *m = ud;
	int st = conversation_reopen(db, m->cv->id, version_of(m), m->value);

	if (st != DB_OK)
		return st;
	snprintf(m->detail, sizeof(m->detail), "reopened: %.400s", m->value);
	return audit(db, m, "reopen");
}

int
reopen_post(struct ctx *c)
{
	struct move m;
	int rc = load(&m, c, "reopen");

	if (rc != 200)
		return done(&m, rc);
	if (!c->is_hr || !in_state(m.cv, "finalized", "closed"))
		return done(&m, 403);
	m.value = form_text(&m.f, c, "reason", true, TEXT_MAX_CHARS);
	if (m.f.failed)
		return done(&m, reshow(&m, 400));
	return done(&m, run(&m, tx_reopen, "flash.reopened"));
}
