/* conversation_post.c -- the writes of a conversation form: items, item
 * updates, remarks and the overall assessment.  Each POST checks the
 * viewer's part and the conversation's state on the server, runs as one
 * transaction with its audit row, and answers 303 back to the form, or the
 * form again with every typed value and the problem next to its field. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "auth/session.h"
#include "pages/conv_view.h"
#include "pages/form.h"
#include "pages/pages.h"
#include "util.h"
#include "xml/page.h"

/* Weights of result goals are percentages or points, up to this. */
#define WEIGHT_MAX 1000
#define AUDIT_DETAIL_MAX 512

static const char *const kinds[] = { "result", "development", "action", NULL };
static const char *const update_statuses[] = { "open", "on_track", "at_risk", "achieved",
	"not_achieved", "cancelled", NULL };

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
	char detail[AUDIT_DETAIL_MAX];
};

static int
load(struct post *p, struct ctx *c, int64_t conversation_id, const char *form_name)
{
	memset(p, 0, sizeof(*p));
	p->c = c;
	form_init(&p->f, form_name);
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
	xmlNodePtr page;
	int rc;

	rc = conversation_page(p->c, p->cv->id, status, &page);
	if (rc == status)
		form_xml(&p->f, page);
	return rc;
}

/* The answer to a write that did not happen: MariaDB unreachable,
 * read-only or full (DB_UNAVAILABLE) comes back as 503 with the form and
 * everything typed in it, so that nothing is lost; anything else is the
 * status alone. */
static int
failed(struct post *p, int st)
{
	xmlNodePtr page = NULL;
	int rc;

	if (st != DB_UNAVAILABLE)
		return http_status_of(st);
	/* A page that cannot be read either is a 503 of its own, without a
	 * page: then the error page it is. */
	if ((rc = conversation_page(p->c, p->cv->id, 503, &page)) != 503 || page == NULL)
		return rc;
	form_error(&p->f, "save", "form.error.unavailable");
	form_xml(&p->f, page);
	p->c->keep_page = true;
	return 503;
}

static int
finish(struct post *p, int rc)
{
	dossier_view_free(&p->v);
	return rc;
}

/* Reads and checks the fields of an item (new or edited). */
static void
read_item(struct post *p, bool is_new)
{
	struct ctx *c = p->c;
	bool has_weight;
	bool yes;

	if (is_new)
		p->in.kind = form_choice(&p->f, c, "kind", true, kinds);
	p->in.title = form_text(&p->f, c, "title", true, TITLE_MAX_CHARS);
	p->in.measure = form_text(&p->f, c, "measure", false, TEXT_MAX_CHARS);
	p->in.deadline = form_date(&p->f, c, "deadline", false);
	p->in.responsible_id = form_id(&p->f, c, "responsible", false);
	p->in.org_goal_id = form_id(&p->f, c, "org_goal", false);
	p->in.weight = form_int(&p->f, c, "weight", false, 1, WEIGHT_MAX, &has_weight);
	if (p->in.responsible_id == 0 && !p->f.failed)
		p->in.responsible_id = p->v.d.employee_id;	/* default: the employee */
	if (p->in.responsible_id && employee_active(c->db, p->in.responsible_id, &yes) == DB_OK && !yes)
		form_error(&p->f, "responsible", "form.error.choice");
	if (p->in.org_goal_id &&
	    org_goal_in_cycle(c->db, p->in.org_goal_id, p->v.d.cycle_id, &yes) == DB_OK && !yes)
		form_error(&p->f, "org_goal", "form.error.choice");
}

static int
tx_item_add(struct db *db, void *ud)
{
	struct post *p = ud;
	int64_t id = 0;
	int st = item_add(db, p->v.d.id, p->cv->id, p->c->user.id, &p->in, &id);

	if (st != DB_OK)
		return st;
	p->item_id = id;
	snprintf(p->detail, sizeof(p->detail), "added %s in conversation %lld: %.200s",
	    p->in.kind, (long long)p->cv->id, p->in.title);
	return audit_add(db, p->c->user.id, "item", id, "create", p->detail);
}

int
item_add_post(struct ctx *c)
{
	struct post p;
	int rc = load(&p, c, c->ids[0], "item-new");

	if (rc != 200)
		return finish(&p, rc);
	if (!conversation_editable(&p.v, p.cv))
		return finish(&p, 403);
	read_item(&p, true);
	if (p.f.failed)
		return finish(&p, reshow(&p, 400));
	if ((rc = db_tx(c->db, tx_item_add, &p)) != DB_OK)
		return finish(&p, failed(&p, rc));
	return finish(&p, back_to_form(&p, "flash.saved"));
}

/* ---- editing an item: POST /items/{id} ---- */

struct theirs {
	xmlNodePtr conflict;
	const struct dossier_view *v;
	int64_t viewer;
	bool visible;
	int64_t author_id, conversation_id;
};

static int
keep_theirs(void *ud, const struct item *it)
{
	struct theirs *t = ud;
	xmlNodePtr n;

	t->author_id = it->author_id;
	t->conversation_id = it->conversation_id;
	if (t->conflict == NULL)
		return DB_OK;
	n = xml_add(t->conflict, "theirs");
	xml_set_int(n, "id", it->id);
	xml_set(n, "title", it->title);
	xml_set(n, "deadline", it->deadline);
	xml_set_int(n, "version", it->version);
	xml_add_text(n, "measure", it->measure);
	return DB_OK;
}

static int
tx_item_edit(struct db *db, void *ud)
{
	struct post *p = ud;
	int st = item_edit(db, p->item_id, p->v.d.id, p->version, &p->in);

	if (st != DB_OK)
		return st;
	snprintf(p->detail, sizeof(p->detail), "edited: %.200s", p->in.title);
	return audit_add(db, p->c->user.id, "item", p->item_id, "update", p->detail);
}

/* 409: the page shows the saved text next to the user's own. */
static int
conflict(struct post *p)
{
	struct theirs t = { 0 };
	xmlNodePtr page;
	int rc = conversation_page(p->c, p->cv->id, 409, &page);

	if (rc != 409)
		return rc;
	form_xml(&p->f, page);
	t.conflict = xml_add(page, "conflict");
	xml_set_int(t.conflict, "item", p->item_id);
	item_of_dossier(p->c->db, p->item_id, p->v.d.id, keep_theirs, &t);
	return 409;
}

int
item_edit_post(struct ctx *c)
{
	struct post p;
	struct theirs t = { 0 };
	int64_t conv_id;
	bool has_version;
	int rc;

	/* The item names its dossier; the form names the conversation it was
	 * edited in, which must be of the same dossier and still editable. */
	conv_id = form_id(&(struct form){ 0 }, c, "conversation", true);
	if (conv_id == 0)
		return 400;
	if ((rc = load(&p, c, conv_id, "item-edit")) != 200)
		return finish(&p, rc);
	p.item_id = c->ids[0];
	rc = item_of_dossier(c->db, p.item_id, p.v.d.id, keep_theirs, &t);
	if (rc == DB_NOTFOUND)
		return finish(&p, 403);
	if (rc != DB_OK)
		return finish(&p, http_status_of(rc));
	if (!conversation_editable(&p.v, p.cv) ||
	    !view_visible(&p.v, c->user.id, t.author_id, t.conversation_id))
		return finish(&p, 403);
	p.version = form_int(&p.f, c, "version", true, 1, INT64_MAX, &has_version);
	read_item(&p, false);
	if (p.f.failed)
		return finish(&p, reshow(&p, 400));
	rc = db_tx(c->db, tx_item_edit, &p);
	if (rc == DB_CONFLICT)
		return finish(&p, conflict(&p));
	if (rc != DB_OK)
		return finish(&p, failed(&p, rc));
	return finish(&p, back_to_form(&p, "flash.saved"));
}

/* ---- POST /conversations/{id}/updates ---- */

static int
tx_update(struct db *db, void *ud)
{
	struct post *p = ud;
	int st = update_save(db, p->item_id, p->v.d.id, p->cv->id, p->c->user.id, p->status,
	    p->note, p->rating);

	if (st != DB_OK)
		return st;
	snprintf(p->detail, sizeof(p->detail), "conversation %lld: status %s, rating %d",
	    (long long)p->cv->id, p->status ? p->status : "-", p->rating);
	return audit_add(db, p->c->user.id, "item", p->item_id, "progress", p->detail);
}

static int
scale_size(const char *scale)
{
	int n = scale[0] ? 1 : 0;

	for (; *scale; scale++)
		n += *scale == '|';
	return n;
}

int
update_post(struct ctx *c)
{
	struct post p;
	bool has_rating;
	int rc = load(&p, c, c->ids[0], "update");

	if (rc != 200)
		return finish(&p, rc);
	if (!conversation_editable(&p.v, p.cv))
		return finish(&p, 403);
	p.item_id = form_id(&p.f, c, "item", true);
	if (p.item_id == 0)
		return finish(&p, reshow(&p, 400));
	p.status = form_choice(&p.f, c, "status", false, update_statuses);
	p.note = form_text(&p.f, c, "note", false, TEXT_MAX_CHARS);
	p.rating = (int)form_int(&p.f, c, "rating", false, 1, scale_size(p.v.d.rating_scale),
	    &has_rating);
	if (has_rating && (p.v.side != SIDE_MANAGER || strcmp(p.cv->type, "assessment") != 0))
		form_error(&p.f, "rating", "form.error.rating_not_allowed");
	if (!p.status && !p.note && !has_rating && !p.f.failed)
		form_error(&p.f, "note", "form.error.required");
	if (p.f.failed)
		return finish(&p, reshow(&p, 400));
	/* The transaction checks the item is this dossier's (one statement
	 * less than asking first); an item of another dossier: 403. */
	if ((rc = db_tx(c->db, tx_update, &p)) == DB_NOTFOUND)
		return finish(&p, 403);
	if (rc != DB_OK)
		return finish(&p, failed(&p, rc));
	return finish(&p, back_to_form(&p, "flash.saved"));
}

/* ---- POST /conversations/{id}/remarks ---- */

static int
tx_remark(struct db *db, void *ud)
{
	struct post *p = ud;
	int st = remark_add(db, p->cv->id, p->c->user.id, side_role(p->v.side), p->text);

	if (st != DB_OK)
		return st;
	return audit_add(db, p->c->user.id, "conversation", p->cv->id, "remark", NULL);
}

int
remark_post(struct ctx *c)
{
	struct post p;
	int rc = load(&p, c, c->ids[0], "remark");

	if (rc != 200)
		return finish(&p, rc);
	if (!conversation_editable(&p.v, p.cv))
		return finish(&p, 403);
	p.text = form_text(&p.f, c, "text", true, TEXT_MAX_CHARS);
	if (p.f.failed)
		return finish(&p, reshow(&p, 400));
	if ((rc = db_tx(c->db, tx_remark, &p)) != DB_OK)
		return finish(&p, failed(&p, rc));
	return finish(&p, back_to_form(&p, "flash.saved"));
}

/* ---- POST /conversations/{id}/overall (assessment, manager) ---- */

static int
tx_overall(struct db *db, void *ud)
{
	struct post *p = ud;
	int st = conversation_overall(db, p->cv->id, p->version, p->rating, p->note);

	if (st != DB_OK)
		return st;
	snprintf(p->detail, sizeof(p->detail), "overall rating %d", p->rating);
	return audit_add(db, p->c->user.id, "conversation", p->cv->id, "rate", p->detail);
}

int
overall_post(struct ctx *c)
{
	struct post p;
	bool has;
	int rc = load(&p, c, c->ids[0], "overall");

	if (rc != 200)
		return finish(&p, rc);
	if (!conversation_editable(&p.v, p.cv) || p.v.side != SIDE_MANAGER ||
	    strcmp(p.cv->type, "assessment") != 0)
		return finish(&p, 403);
	p.version = form_int(&p.f, c, "version", true, 1, INT64_MAX, &has);
	p.rating = (int)form_int(&p.f, c, "rating", true, 1, scale_size(p.v.d.rating_scale), &has);
	p.note = form_text(&p.f, c, "note", true, TEXT_MAX_CHARS);
	if (p.f.failed)
		return finish(&p, reshow(&p, 400));
	rc = db_tx(c->db, tx_overall, &p);
	if (rc == DB_CONFLICT)
		return finish(&p, reshow(&p, 409));
	if (rc != DB_OK)
		return finish(&p, failed(&p, rc));
	return finish(&p, back_to_form(&p, "flash.saved"));
}
