/* conversation_post.c -- the writes of a conversation form: items, item
 * updates, remarks and the overall assessment.  Each POST checks the form
 * and answers early what the view already shows (403); the write is one
 * store function that checks the viewer's part and the conversation's
 * state again under the conversation's row lock, with its audit row.  The
 * answer is 303 back to the form, or the form again with every typed value
 * and the problem next to its field (400), or with the conflict when
 * another request changed the conversation first (409). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "auth/session.h"
#include "pages/conv_template.h"
#include "pages/conv_view.h"
#include "pages/form.h"
#include "pages/pages.h"
#include "base/util.h"
#include "rules/cycle_rules.h"
#include "xml/page.h"
#include "store/answer.h"
#include "store/dossier.h"
#include "store/outcome.h"

/* A path of this program: /conversations/{id}/items, /items/{id}. */
#define POST_PATH_MAX 96


/* Everything a POST handler needs about its conversation. */
struct post {
	struct ctx *c;
	struct dossier_view v;
	const struct conversation *cv;
	struct form f;
	int64_t item_id;
	struct item_input in;
	int64_t version;
	const char *status, *note, *text;
	int rating;
};

static int
load(struct post *p, struct ctx *c, int64_t conversation_id, const char *form_name)
{
	memset(p, 0, sizeof(*p));
	p->c = c;
	form_begin(&p->f, c, form_name);
	return conversation_view_load(c, conversation_id, &p->v, &p->cv);
}

/* Back to the form, scrolled to the item saved (or the section). */
static int
back_to_form(struct post *p, const char *flash)
{
	struct ctx *c = p->c;

	auth_flash(c, flash);
	if (p->item_id)
		snprintf(c->location, sizeof(c->location), "/conversations/%lld#item-%lld",
		    (long long)p->cv->id, (long long)p->item_id);
	else
		snprintf(c->location, sizeof(c->location), "/conversations/%lld#%s",
		    (long long)p->cv->id, p->f.name);
	return HANDLER_REDIRECT;
}

/* Re-shows the form with the typed values and their errors. */
static int
reshow(struct post *p, int status)
{
	return conversation_reshow(p->c, p->cv->id, status, &p->f);
}

/* The answer to a write that did not happen: see conversation_unavailable. */
static int
failed(struct post *p, int st)
{
	return conversation_unavailable(p->c, p->cv->id, st, &p->f);
}

static int
finish(struct post *p, int rc)
{
	dossier_view_free(&p->v);
	return rc;
}

/* The answer to a write the conversation's state no longer takes: the
 * same as its editor's (conversation_refusal). */
static int
not_editable(struct post *p)
{
	return conversation_refusal(p->c, &p->v, p->cv);
}

/* A built-in section the conversation's template switched off takes
 * nothing (issue 16): the form does not offer it, and a hand-made POST is
 * refused on `field` with nothing written.  0: on, go on; else the
 * answer (a store failure's status). */
static int
section_guard(struct post *p, const char *kind, const char *field)
{
	bool on = true;
	int st = conv_template_has(p->c, p->cv, kind, &on);

	if (st != DB_OK)
		return failed(p, st);
	if (!on)
		form_error(&p->f, field, "form.error.section_off");
	return 0;
}

/* Reads and checks the fields of an item (new or edited).  Whether the
 * responsible person and the organisation goal may be chosen is checked by
 * the store, inside the write (item_problem). */
static void
read_item(struct post *p, bool is_new)
{
	struct ctx *c = p->c;
	bool has_weight;

	if (is_new)
		p->in.kind = in_choice(c, "kind");
	p->in.title = in_text(c, "title");
	p->in.measure = in_text(c, "measure");
	p->in.deadline = in_date(c, "deadline");
	p->in.responsible_id = in_id(c, "responsible");
	p->in.org_goal_id = in_id(c, "org_goal");
	p->in.weight = in_int(c, "weight", &has_weight);
	p->in.area_id = in_id(c, "area");
	p->in.competence_id = in_id(c, "competence");
	if (p->in.responsible_id == 0 && !p->f.failed)
		p->in.responsible_id = p->v.d.employee_id;	/* default: the employee */
}

/* An item's end date against the cycle's period (issue 15): far outside
 * it is refused on the field (0: the caller re-shows the form); a little
 * outside it answers the confirmation page (its status) unless confirmed. */
static int
deadline_guard(struct post *p, const char *action)
{
	char back[POST_PATH_MAX];
	xmlNodePtr page = NULL;
	enum date_fit fit = cycle_date_fit(p->in.deadline, p->v.d.cycle_starts_on,
	    p->v.d.cycle_ends_on);
	int rc;

	if (fit == DATE_FIT_REFUSE)
		form_error(&p->f, "deadline", "form.error.date_far_outside_cycle");
	if (fit != DATE_FIT_WARN || in_flag(p->c, CONFIRM_FIELD))
		return 0;
	if ((rc = conversation_page(p->c, p->cv->id, 200, &page)) != 200 || page == NULL)
		return rc;
	snprintf(back, sizeof(back), "/conversations/%lld", (long long)p->cv->id);
	confirm_xml(&p->f, page, "date_outside_cycle", action, back);
	return 200;
}

static struct conv_write
write_of(const struct post *p)
{
	struct conv_write w = { p->cv->id, p->c->user.id, p->version };

	return w;
}

/* The store's answer to a write of the form; conflict_fn shows a 409. */
/* The field and message of each item_problem the store answers. */
static const struct {
	const char *field, *msg;
} item_problem_error[] = {
	[ITEM_RESPONSIBLE] = { "responsible", "form.error.choice" },
	[ITEM_ORG_GOAL] = { "org_goal", "form.error.choice" },
	[ITEM_NEED_ORG_GOAL] = { "org_goal", "form.error.goal_rule.org_goal" },
	[ITEM_NEED_MEASURE] = { "measure", "form.error.goal_rule.measure" },
	[ITEM_NEED_END_DATE] = { "deadline", "form.error.goal_rule.end_date" },
	[ITEM_AREA] = { "area", "form.error.area" },
	[ITEM_COMPETENCE] = { "competence", "form.error.competence" },
	[ITEM_RATING] = { "rating", "form.error.rating_scale" },
};

static int
answer(struct post *p, int st, enum item_problem problem, int (*conflict_fn)(struct post *))
{
	if (st == DB_OK && problem != ITEM_OK) {
		/* A refusal the table does not name still refuses (fail closed). */
		if ((size_t)problem < ARRAY_LEN(item_problem_error) && item_problem_error[problem].field)
			form_error(&p->f, item_problem_error[problem].field, item_problem_error[problem].msg);
		else
			form_error(&p->f, "title", "form.error.choice");
		return reshow(p, 400);
	}
	if (st == DB_CONFLICT)
		return conflict_fn(p);
	if (st == DB_NOTFOUND)
		return 403;	/* one answer for "not yours" and "not there" */
	if (st != DB_OK)
		return failed(p, st);
	return back_to_form(p, "flash.saved");
}

/* Another request changed the conversation first (finalized it, say):
 * the form again, as it is now, with what was typed. */
static int
reshow_conflict(struct post *p)
{
	form_error(&p->f, "version", "form.error.conflict");
	return reshow(p, 409);
}

int
item_add_post(struct ctx *c)
{
	struct post p;
	struct conv_write w;
	enum item_problem problem;
	int rc = load(&p, c, c->ids[0], "item-new");

	if (rc != 200)
		return finish(&p, rc);
	if (!conversation_editable(&p.v, p.cv))
		return finish(&p, not_editable(&p));
	read_item(&p, true);
	if (!p.f.failed && (rc = section_guard(&p, p.in.kind, "kind")) != 0)
		return finish(&p, rc);
	if (!p.f.failed) {
		char action[POST_PATH_MAX];

		snprintf(action, sizeof(action), "/conversations/%lld/items", (long long)p.cv->id);
		if ((rc = deadline_guard(&p, action)) != 0)
			return finish(&p, rc);
	}
	if (p.f.failed)
		return finish(&p, reshow(&p, 400));
	w = write_of(&p);
	rc = conversation_item_add(c->db, &w, &p.in, &p.item_id, &problem);
	return finish(&p, answer(&p, rc, problem, reshow_conflict));
}

/* ---- editing an item: POST /items/{id} ---- */

/* Who wrote an item and where: for the early 403, before the form is
 * read (the store checks again in the write). */
struct whose {
	int64_t author_id, conversation_id;
};

static int
keep_whose(void *ud, const struct item *it)
{
	struct whose *w = ud;

	w->author_id = it->author_id;
	w->conversation_id = it->conversation_id;
	return DB_OK;
}

/* The saved item, next to the user's own text on a 409. */
static int
keep_theirs(void *ud, const struct item *it)
{
	xmlNodePtr n = xml_add(ud, "theirs");

	xml_set_int(n, "id", it->id);
	xml_set(n, "title", it->title);
	xml_set(n, "deadline", it->deadline);
	xml_set_int(n, "version", it->version);
	xml_add_text(n, "measure", it->measure);
	return DB_OK;
}

/* 409: the page shows the saved text next to the user's own. */
static int
conflict(struct post *p)
{
	xmlNodePtr page, n;
	int rc = conversation_page(p->c, p->cv->id, 409, &page);

	if (rc != 409)
		return rc;
	form_xml(&p->f, page);
	n = xml_add(page, "conflict");
	xml_set_int(n, "item", p->item_id);
	item_of_dossier(p->c->db, p->item_id, p->v.d.id, keep_theirs, n);
	conflict_writer(p->c, page, "item", p->item_id);
	return 409;
}

/* The start of a write to item c->ids[0]: the conversation the form
 * names (of the item's dossier, loaded for form_name) and the item's
 * author and conversation into who.  200 to go on; anything else is the
 * answer, already finished: 403 alike for an item not there, of another
 * dossier, or not the viewer's, whatever the form holds. */
static int
load_item(struct post *p, struct ctx *c, const char *form_name, struct whose *who)
{
	int64_t conv_id = in_id(c, "conversation");
	int rc;

	if (conv_id == 0)
		return 400;
	if ((rc = load(p, c, conv_id, form_name)) != 200)
		return finish(p, rc);
	p->item_id = c->ids[0];
	rc = item_of_dossier(c->db, p->item_id, p->v.d.id, keep_whose, who);
	if (rc == DB_NOTFOUND)
		return finish(p, 403);
	if (rc != DB_OK)
		return finish(p, http_status_of(rc));
	return 200;
}

int
item_edit_post(struct ctx *c)
{
	struct post p;
	struct whose who = { 0, 0 };
	struct conv_write w;
	enum item_problem problem;
	int64_t item_version;
	bool has_version;
	int rc;

	/* The item names its dossier; the form names the conversation it was
	 * edited in, which must be of the same dossier and still editable. */
	if ((rc = load_item(&p, c, "item-edit", &who)) != 200)
		return rc;
	if (!view_visible(&p.v, c->user.id, who.author_id, who.conversation_id))
		return finish(&p, 403);
	if (!conversation_editable(&p.v, p.cv))
		return finish(&p, not_editable(&p));
	item_version = in_int(c, "version", &has_version);
	read_item(&p, false);
	if (!p.f.failed) {
		char action[POST_PATH_MAX];

		snprintf(action, sizeof(action), "/items/%lld", (long long)p.item_id);
		if ((rc = deadline_guard(&p, action)) != 0)
			return finish(&p, rc);
	}
	if (p.f.failed)
		return finish(&p, reshow(&p, 400));
	w = write_of(&p);
	rc = conversation_item_edit(c->db, &w, p.item_id, item_version, &p.in, &problem);
	return finish(&p, answer(&p, rc, problem, conflict));
}

/* ---- deleting an item added by mistake: POST /items/{id}/delete ---- */

/* The author's own item, made in this conversation while it is open;
 * the store checks all of it again in the write (a conditional DELETE). */
int
item_delete_post(struct ctx *c)
{
	struct post p;
	struct whose who = { 0, 0 };
	struct conv_write w;
	int rc;

	if ((rc = load_item(&p, c, "item-delete", &who)) != 200)
		return rc;
	if (who.author_id != c->user.id || who.conversation_id != p.cv->id)
		return finish(&p, 403);
	if (!conversation_editable(&p.v, p.cv))
		return finish(&p, not_editable(&p));
	w = write_of(&p);
	rc = conversation_item_delete(c->db, &w, p.item_id);
	if (rc == DB_CONFLICT)
		return finish(&p, reshow_conflict(&p));
	if (rc == DB_NOTFOUND)
		return finish(&p, 403);
	if (rc != DB_OK)
		return finish(&p, failed(&p, rc));
	p.item_id = 0;	/* gone: back to the section */
	auth_flash(c, "flash.item_deleted");
	snprintf(c->location, sizeof(c->location), "/conversations/%lld", (long long)p.cv->id);
	return finish(&p, HANDLER_REDIRECT);
}

/* ---- POST /conversations/{id}/updates ---- */

/* The fields of a note into in; *has_rating: a rating was sent. */
static void
read_update(struct post *p, struct update_input *in, bool *has_rating)
{
	struct ctx *c = p->c;

	p->item_id = in_id(c, "item");
	p->status = in_choice(c, "status");
	p->note = in_text(c, "note");
	/* A level of the goals' scale, which the conversation's template
	 * decides: the store checks it in the write (ITEM_RATING). */
	p->rating = (int)in_int(c, "rating", has_rating);
	in->item_id = p->item_id;
	in->status = p->status;
	in->note = p->note;
	in->rating = *has_rating ? p->rating : UPDATE_NO_RATING;
}

/* Saved: back to the form at the item.  The flash was written in the
 * save's transaction (update_input.flash). */
static int
update_saved(struct post *p)
{
	struct ctx *c = p->c;

	strlcopy(c->session.flash, "flash.saved", sizeof(c->session.flash));
	snprintf(c->location, sizeof(c->location), "/conversations/%lld#item-%lld",
	    (long long)c->ids[0], (long long)p->item_id);
	return HANDLER_REDIRECT;
}

/* The save comes first, before the view (issue 22: the saving POST
 * loaded the whole view of the dossier to answer early what the store
 * checks again under its lock anyway).  The store checks everything a
 * save depends on in the write: the viewer is a party (or the manager's
 * deputy today), the dossier open, the conversation editable, the item
 * the dossier's and visible to the viewer, a rating the manager's in an
 * assessment and on its scale; a refusal writes nothing.  Only a form
 * that cannot be saved, or a save refused, loads the view, and answers
 * as the view decides -- the answers of a check before the write: 403
 * alike for "not there" and "not yours", the refusal of a conversation
 * no longer editable, the form again with its errors (400) or the
 * conflict (409). */
int
update_post(struct ctx *c)
{
	struct post p;
	struct conv_write w = { c->ids[0], c->user.id, 0 };
	struct update_input in = { 0 };
	enum item_problem problem = ITEM_OK;
	bool has_rating, tried = false;
	int st = DB_OK, rc;

	memset(&p, 0, sizeof(p));
	p.c = c;
	form_begin(&p.f, c, "update");
	read_update(&p, &in, &has_rating);
	if (!p.f.failed && p.item_id != 0 && (p.status || p.note || has_rating)) {
		in.flash_session = c->has_session ? c->session.token_hash : NULL;
		in.flash = "flash.saved";
		st = conversation_update(c->db, &w, &in, &problem);
		if (st == DB_OK && problem == ITEM_OK)
			return update_saved(&p);
		tried = true;
	}
	if ((rc = conversation_view_load(c, c->ids[0], &p.v, &p.cv)) != 200)
		return finish(&p, rc);
	if (!conversation_editable(&p.v, p.cv))
		return finish(&p, not_editable(&p));
	if (p.item_id == 0)
		return finish(&p, reshow(&p, 400));
	if (has_rating && (p.v.side != SIDE_MANAGER || strcmp(p.cv->type, "assessment") != 0))
		form_error(&p.f, "rating", "form.error.rating_not_allowed");
	if (!p.status && !p.note && !has_rating && !p.f.failed)
		form_error(&p.f, "note", "form.error.required");
	if (p.f.failed || !tried)
		return finish(&p, reshow(&p, 400));
	return finish(&p, answer(&p, st, problem, reshow_conflict));
}

/* ---- POST /conversations/{id}/remarks ---- */

int
remark_post(struct ctx *c)
{
	struct post p;
	struct conv_write w;
	int rc = load(&p, c, c->ids[0], "remark");

	if (rc != 200)
		return finish(&p, rc);
	if (!conversation_editable(&p.v, p.cv))
		return finish(&p, not_editable(&p));
	p.text = in_text(c, "text");
	if (!p.f.failed && (rc = section_guard(&p, "remarks", "text")) != 0)
		return finish(&p, rc);
	if (p.f.failed)
		return finish(&p, reshow(&p, 400));
	w = write_of(&p);
	rc = conversation_remark(c->db, &w, p.text);
	return finish(&p, answer(&p, rc, ITEM_OK, reshow_conflict));
}

/* ---- POST /conversations/{id}/overall (assessment, manager): the final
 * rating, confirming the weighted outcome's proposal or overriding it with
 * a reason (store/outcome.h) ---- */

int
overall_post(struct ctx *c)
{
	struct post p;
	struct conv_write w;
	enum outcome_problem problem;
	bool has;
	int rc = load(&p, c, c->ids[0], "overall");

	if (rc != 200)
		return finish(&p, rc);
	if (p.v.side != SIDE_MANAGER || strcmp(p.cv->type, "assessment") != 0)
		return finish(&p, 403);
	if (!conversation_editable(&p.v, p.cv))
		return finish(&p, not_editable(&p));
	p.version = in_int(c, "version", &has);
	/* A level of the final scale, which may be the template's own: the
	 * store checks it against that scale, not the cycle's. */
	p.rating = (int)in_int(c, "rating", &has);
	p.note = in_text(c, "note");
	p.text = in_text(c, "reason");
	if (p.f.failed)
		return finish(&p, reshow(&p, 400));
	w = write_of(&p);
	/* The store decides, against the proposal under its lock, whether
	 * this is an override that needs the reason. */
	rc = outcome_confirm(c->db, &w, p.rating, p.note, p.text, &problem);
	if (rc == DB_OK && problem != OUTCOME_PROBLEM_NONE) {
		form_error(&p.f, problem == OUTCOME_PROBLEM_REASON ? "reason" : "rating",
		    problem == OUTCOME_PROBLEM_REASON ? "conversation.outcome.reason_needed" :
		    "form.error.choice");
		return finish(&p, reshow(&p, 400));
	}
	return finish(&p, answer(&p, rc, ITEM_OK, reshow_conflict));
}

/* ---- POST /conversations/{id}/answers: an answer of the form (issue 16) ---- */

/* Where each refusal of the store is shown, and how. */
static const struct {
	enum answer_problem problem;
	const char *field, *key;
} answer_errors[] = {
	{ ANSWER_SECTION, "section", "form.error.section_off" },
	{ ANSWER_RATING, "rating", "form.error.choice" },
	{ ANSWER_MISSING, "rating", "form.error.required" },
	{ ANSWER_EXPLAIN, "explanation", "form.error.explain_required" },
	{ ANSWER_COMPETENCE, "competence", "form.error.choice" },
	{ ANSWER_NOT_RATED, "rating", "form.error.not_rated" },
};

/* Back to the section answered. */
static int
back_to_section(struct post *p, const char *section_key)
{
	auth_flash(p->c, "flash.saved");
	snprintf(p->c->location, sizeof(p->c->location), "/conversations/%lld#section-q-%s",
	    (long long)p->cv->id, section_key);
	return HANDLER_REDIRECT;
}

static int
answer_refused(struct post *p, enum answer_problem problem)
{
	size_t i;

	/* The side does not answer this section: as any write not the
	 * viewer's to make. */
	if (problem == ANSWER_ROLE)
		return 403;
	for (i = 0; i < sizeof(answer_errors) / sizeof(answer_errors[0]); i++)
		if (answer_errors[i].problem == problem)
			form_error(&p->f, answer_errors[i].field, answer_errors[i].key);
	return reshow(p, 400);
}

int
answer_post(struct ctx *c)
{
	struct post p;
	struct conv_write w;
	struct answer_input in = { 0 };
	enum answer_problem problem = ANSWER_OK;
	bool has_rating, has_version;
	int rc = load(&p, c, c->ids[0], "answer");

	if (rc != 200)
		return finish(&p, rc);
	if (!conversation_editable(&p.v, p.cv))
		return finish(&p, not_editable(&p));
	in.section_key = in_text(c, "section");
	in.competence_id = in_id(c, "competence");
	in.body = in_text(c, "body");
	in.rating = (int)in_int(c, "rating", &has_rating);
	if (!has_rating)
		in.rating = ANSWER_NO_RATING;
	in.explanation = in_text(c, "explanation");
	in.share = in_flag(c, "share");
	in.version = in_int(c, "version", &has_version);
	if (!in.body && !has_rating && !p.f.failed)
		form_error(&p.f, in.competence_id ? "rating" : "body", "form.error.required");
	if (p.f.failed || in.section_key == NULL)
		return finish(&p, reshow(&p, 400));
	w = write_of(&p);
	rc = conversation_answer_save(c->db, &w, &in, &problem);
	if (rc == DB_OK && problem != ANSWER_OK)
		return finish(&p, answer_refused(&p, problem));
	if (rc == DB_CONFLICT)
		return finish(&p, reshow_conflict(&p));
	if (rc == DB_NOTFOUND)
		return finish(&p, 403);
	if (rc != DB_OK)
		return finish(&p, failed(&p, rc));
	return finish(&p, back_to_section(&p, in.section_key));
}
