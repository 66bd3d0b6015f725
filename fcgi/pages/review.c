/* review.c -- see review.h.  The handlers answer early (403) what the
 * view already shows -- the viewer is not this conversation's second
 * assessor, or it does not wait for them -- and the store decides again
 * under the conversation's lock (store/review.c). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "auth/session.h"
#include "base/util.h"
#include "pages/conv_view.h"
#include "pages/form.h"
#include "pages/notify.h"
#include "pages/pages.h"
#include "pages/review.h"
#include "rules/review.h"
#include "store/review.h"
#include "xml/page.h"

static int
add_event(void *ud, const struct review_event *e)
{
	xmlNodePtr n = xml_add(ud, "event");

	xml_set_int(n, "id", e->id);
	xml_set(n, "action", e->action);
	if (e->target[0]) {
		xml_set(n, "target", e->target);
		xml_set_int(n, "target_id", e->target_id);
		xml_set(n, "title", e->target_title);
		if (e->section[0])
			xml_set(n, "section", e->section);
	}
	if (e->old_rating != REVIEW_NO_RATING)
		xml_set_int(n, "old", e->old_rating);
	if (e->new_rating != REVIEW_NO_RATING)
		xml_set_int(n, "new", e->new_rating);
	xml_set_int(n, "author_id", e->author_id);
	xml_set(n, "author", e->author);
	if (e->decided_by[0])
		xml_set(n, "decided_by", e->decided_by);
	if (e->deputy_of[0])	/* a deputy took the change over, namens the manager */
		xml_set(n, "deputy_of", e->deputy_of);
	xml_set_time(n, "at", e->at);
	if (e->reason[0])
		xml_add_text(n, "reason", e->reason);
	return DB_OK;
}

static bool
waits_for(const struct ctx *c, const struct dossier_view *v, const struct conversation *cv)
{
	return v->side != SIDE_SNAPSHOT && review_is_assessor(c->user.id, cv->second_assessor_id) &&
	    review_allows(review_state_of(cv->review), cv->status, REVIEW_APPROVE);
}

/* A calibration proposal was ever made (issue 17): an accepted one is a
 * review event, shown with the second assessor's. */
static bool
calibrated(const struct conversation *cv)
{
	return cv->calibration[0] != '\0' && strcmp(cv->calibration, "none") != 0;
}

int
review_xml(struct ctx *c, const struct dossier_view *v, const struct conversation *cv,
    xmlNodePtr conv)
{
	struct review_head h;
	struct review_read rd = { &h, add_event, NULL };
	xmlNodePtr n;
	int st;

	/* No second assessor was ever asked: nothing to read or show (and no
	 * statement spent on the view of an ordinary assessment). */
	if (strcmp(cv->type, "assessment") != 0 ||
	    (cv->second_assessor_id == 0 && !calibrated(cv)))
		return DB_OK;
	n = xml_add(conv, "review");
	rd.ud = n;
	if ((st = review_of(c->db, cv->id, &rd)) != DB_OK)
		return st;
	xml_set(n, "state", h.state[0] ? h.state : cv->review);
	xml_set_int(n, "assessor_id", h.assessor_id);
	xml_set(n, "assessor", h.assessor);
	if (waits_for(c, v, cv))
		xml_set(n, "mine", "1");
	return DB_OK;
}

bool
review_sign_open(const struct conversation *cv)
{
	return review_allows(review_state_of(cv->review), cv->status, REVIEW_SIGN);
}

/* ---- the moves ---- */

struct rmove {
	struct ctx *c;
	struct dossier_view v;
	const struct conversation *cv;
	struct form f;
	struct conv_write w;
};

/* The view, and the early answer: 403 unless it waits for this viewer. */
static int
load(struct rmove *m, struct ctx *c, const char *form_name)
{
	bool has;
	int rc;

	memset(m, 0, sizeof(*m));
	m->c = c;
	form_begin(&m->f, c, form_name);
	if ((rc = conversation_view_load(c, c->ids[0], &m->v, &m->cv)) != 200)
		return rc;
	if (!waits_for(c, &m->v, m->cv))
		return 403;
	m->w.id = m->cv->id;
	m->w.actor_id = c->user.id;
	m->w.version = in_int(c, "version", &has);
	return 200;
}

static int
done(struct rmove *m, int rc)
{
	dossier_view_free(&m->v);
	return rc;
}

/* 303 on success; the form again with the conflict (409) when another
 * request moved the conversation first; 403 when the store says the
 * actor may not. */
static int
answer(struct rmove *m, int st, const char *flash)
{
	if (st == DB_CONFLICT) {
		form_error(&m->f, "version", "form.error.conflict");
		return conversation_reshow(m->c, m->cv->id, 409, &m->f);
	}
	if (st == DB_NOTFOUND)
		return 403;
	if (st != DB_OK)
		return conversation_unavailable(m->c, m->cv->id, st, &m->f);
	auth_flash(m->c, flash);
	snprintf(m->c->location, sizeof(m->c->location), "/conversations/%lld",
	    (long long)m->cv->id);
	return HANDLER_REDIRECT;
}

int
review_approve_post(struct ctx *c)
{
	struct rmove m;
	int rc = load(&m, c, "review_approve");

	if (rc != 200)
		return done(&m, rc);
	if (m.f.failed)
		return done(&m, conversation_reshow(c, m.cv->id, 400, &m.f));
	rc = answer(&m, review_approve(c->db, &m.w), "flash.review.approved");
	if (rc == HANDLER_REDIRECT)	/* now the employee signs */
		notify(c, &m.v, m.cv->id, MAIL_SIGN);
	return done(&m, rc);
}

int
review_return_post(struct ctx *c)
{
	struct rmove m;
	const char *reason;
	int rc = load(&m, c, "review_return");

	if (rc != 200)
		return done(&m, rc);
	reason = in_text(c, "reason");
	if (m.f.failed)	/* a reason is required: the route says so */
		return done(&m, conversation_reshow(c, m.cv->id, 400, &m.f));
	rc = answer(&m, review_return(c->db, &m.w, reason), "flash.review.returned");
	if (rc == HANDLER_REDIRECT)	/* the manager learns why */
		notify_reason(c, &m.v, m.cv->id, MAIL_REVIEW_RETURN, reason);
	return done(&m, rc);
}

/* The error key of a change the store refused, on the field it is about. */
static void
change_problem(struct form *f, enum review_problem p)
{
	if (p == REVIEW_PROBLEM_TARGET)
		form_error(f, "target_id", "review.error.target");
	else if (p == REVIEW_PROBLEM_RATING)
		form_error(f, "rating", "review.error.rating");
	else if (p == REVIEW_PROBLEM_SAME)
		form_error(f, "rating", "review.error.same");
}

/* The fields that name the rating: an item or a competence by id, a
 * question or a competence by its section; the overall rating by none. */
static bool
target_named(const struct review_change_input *in)
{
	bool by_section = in->target == REVIEW_TARGET_QUESTION ||
	    in->target == REVIEW_TARGET_COMPETENCE;
	bool by_id = in->target == REVIEW_TARGET_ITEM || in->target == REVIEW_TARGET_COMPETENCE;

	if (by_section && (in->section == NULL || in->section[0] == '\0'))
		return false;
	return !by_id || in->target_id != 0;
}

int
review_change_post(struct ctx *c)
{
	struct rmove m;
	struct review_change_input in = { 0 };
	enum review_problem problem = REVIEW_PROBLEM_NONE;
	const char *target;
	bool has;
	int rc = load(&m, c, "review_change"), st;

	if (rc != 200)
		return done(&m, rc);
	target = in_choice(c, "target");
	in.target = REVIEW_TARGET_OVERALL;
	for (int i = 0; target && i < REVIEW_TARGETS; i++)
		if (strcmp(target, review_target_names[i]) == 0)
			in.target = (enum review_target)i;
	in.target_id = in_id(c, "target_id");
	in.section = in_text(c, "section");
	in.rating = (int)in_int(c, "rating", &has);
	in.reason = in_text(c, "reason");
	if (!target_named(&in))
		form_error(&m.f, "target_id", "review.error.target");
	if (m.f.failed)
		return done(&m, conversation_reshow(c, m.cv->id, 400, &m.f));
	st = review_change(c->db, &m.w, &in, &problem);
	if (st == DB_OK && problem != REVIEW_PROBLEM_NONE) {
		change_problem(&m.f, problem);
		return done(&m, conversation_reshow(c, m.cv->id, 400, &m.f));
	}
	return done(&m, answer(&m, st, "flash.review.changed"));
}
