/* admin_cycle.c -- GET /admin/cycles/{id}: one cycle for HR (schedule,
 * scale, organisation and collective goals, dossiers, the start and close
 * forms, the latest audit rows); POST /admin/cycles/{id} (edit, with
 * version) and POST /admin/cycles/{id}/close.  HR only (routes.c).
 *
 * Closing freezes the cycle: its status and every dossier's become closed.
 * Conversations keep their own status; they are read-only because their
 * dossier is closed (the conversation pages check the dossier).  Goals of
 * a closed cycle cannot change any more, but the central status of a
 * collective goal can: a bonus is often settled after the period. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "pages/admin_cycle.h"
#include "pages/choices.h"
#include "pages/pages.h"
#include "base/util.h"
#include "xml/page.h"
#include "store/audit.h"
#include "store/cycle.h"
#include "store/goal.h"
#include "store/review.h"

/* ---- the brief look before a write ---- */

static int
brief_row(void *ud, const struct cycle_row *r)
{
	struct cycle_brief *b = ud;

	b->id = r->id;
	strlcopy(b->status, r->status, sizeof(b->status));
	strlcopy(b->scale, r->scale, sizeof(b->scale));
	b->dossiers = r->dossiers;
	b->version = r->version;
	strlcopy(b->starts_on, r->starts_on, sizeof(b->starts_on));
	strlcopy(b->ends_on, r->ends_on, sizeof(b->ends_on));
	return DB_OK;
}

int
cycle_brief_get(struct ctx *c, int64_t id, struct cycle_brief *out)
{
	memset(out, 0, sizeof(*out));
	return cycle_get(c->db, id, brief_row, out);
}

bool
cycle_closed(const struct cycle_brief *b)
{
	return strcmp(b->status, "closed") == 0;
}

/* ---- the overview ---- */

static void
labels_xml(xmlNodePtr parent, const char *scale)
{
	char label[SCALE_LABEL_MAX * 4 + 1];
	const char *p = scale, *end;
	int n = 0;
	xmlNodePtr l;

	while (p && *p) {
		end = strchr(p, SCALE_SEP);
		if (end == NULL)
			end = p + strlen(p);
		snprintf(label, sizeof(label), "%.*s", (int)(end - p), p);
		l = xml_add_text(parent, "label", label);
		xml_set_int(l, "n", ++n);
		p = *end ? end + 1 : end;
	}
}

struct view_state {
	xmlNodePtr page;
	xmlNodePtr cycle;
	bool closed;
	int64_t dossiers;
};

static int
add_cycle(void *ud, const struct cycle_row *r)
{
	struct view_state *vs = ud;
	char typed[SCALE_TYPED_MAX];
	xmlNodePtr n = xml_add(vs->page, "cycle");

	xml_set_int(n, "id", r->id);
	xml_set(n, "name", r->name);
	xml_set(n, "starts_on", r->starts_on);
	xml_set(n, "ends_on", r->ends_on);
	xml_set(n, "status", r->status);
	xml_set_int(n, "version", r->version);
	xml_set_int(n, "dossiers", r->dossiers);
	xml_set_int(n, "dossiers_open", r->dossiers_open);
	xml_set(n, "second_assessor", r->second_assessor ? r->second_assessor : "template");
	scale_format(r->scale, typed, sizeof(typed));
	xml_set(n, "scale", typed);
	labels_xml(n, r->scale);
	vs->cycle = n;
	vs->closed = strcmp(r->status, "closed") == 0;
	vs->dossiers = r->dossiers;
	return DB_OK;
}

static int
add_step(void *ud, const struct cycle_step_row *s)
{
	xmlNodePtr n = xml_add(ud, "step");

	xml_set_int(n, "seq", s->seq);
	xml_set(n, "type", s->type);
	xml_set(n, "due_on", s->due_on);
	return DB_OK;
}

static int
add_org_goal(void *ud, const struct org_goal_row *g)
{
	xmlNodePtr n = xml_add(ud, "org-goal");

	xml_set_int(n, "id", g->id);
	xml_set_int(n, "version", g->version);
	xml_set(n, "title", g->title);
	if (g->department_id) {
		xml_set_int(n, "department_id", g->department_id);
		xml_set(n, "department", g->department);
	}
	xml_add_text(n, "description", g->description);
	return DB_OK;
}

static int
add_collective(void *ud, const struct collective_row *g)
{
	xmlNodePtr n = xml_add(ud, "collective-goal");

	xml_set_int(n, "id", g->id);
	xml_set_int(n, "version", g->version);
	xml_set(n, "title", g->title);
	xml_set(n, "deadline", g->deadline);
	if (g->department_id) {
		xml_set_int(n, "department_id", g->department_id);
		xml_set(n, "department", g->department);
	}
	xml_set(n, "bonus", g->bonus ? "1" : "0");
	xml_set(n, "status", g->status);
	xml_add_text(n, "measure", g->measure);
	xml_add_text(n, "status_note", g->status_note);
	return DB_OK;
}

/* A count from the query string, or -1 (a link that lost it shows no
 * result, not an error). */
static int64_t
count_param(const struct ctx *c, const char *name)
{
	bool present;
	int64_t n = in_int(c, name, &present);

	return present ? n : -1;
}

/* The result of a start, carried by the redirect to this page. */
static void
start_result_xml(const struct ctx *c, xmlNodePtr page)
{
	int64_t created = count_param(c, "created"), present = count_param(c, "present");
	xmlNodePtr n;

	if (created < 0 || present < 0)
		return;
	n = xml_add(page, "start-result");
	xml_set_int(n, "created", created);
	xml_set_int(n, "present", present);
}

/* A path of this program: /admin/cycles/{id}/{action}. */
#define CYCLE_PATH_MAX 96

static void
confirm_page_xml(const struct ctx *c, xmlNodePtr page, const struct cycle_confirm *k)
{
	char action[CYCLE_PATH_MAX], back[CYCLE_PATH_MAX];
	xmlNodePtr n;
	size_t i;

	snprintf(action, sizeof(action), "/admin/cycles/%lld/%s", (long long)c->ids[0],
	    k->form->name);
	snprintf(back, sizeof(back), "/admin/cycles/%lld", (long long)c->ids[0]);
	n = confirm_xml(k->form, page, k->what, k->action ? k->action : action, back);
	for (i = 0; i < k->ncounts; i++)
		confirm_count(n, k->names[i], k->values[i]);
}

static void
extras_xml(const struct ctx *c, xmlNodePtr page, const struct cycle_view *v, int status)
{
	xmlNodePtr n;
	size_t i;

	if (status == 200 && (v == NULL || v->confirm == NULL))
		start_result_xml(c, page);
	if (v == NULL)
		return;
	if (v->confirm)
		confirm_page_xml(c, page, v->confirm);
	if (v->nunknown) {
		n = xml_add(page, "unknown-logins");
		for (i = 0; i < v->nunknown; i++)
			xml_add_text(n, "unknown", v->unknown[i]);
	}
	if (v->form) {
		n = form_xml(v->form, page);
		if (v->conflict)
			xml_set(n, "conflict", "1");
	}
}

/* The lists below the cycle; st of the first that fails. */
static int
lists_xml(struct ctx *c, int64_t id, struct view_state *vs)
{
	struct audit_xml trail = { NULL, CYCLE_AUDIT_RECENT, 0 };
	int st;

	if ((st = cycle_steps(c->db, id, add_step, vs->cycle)) != DB_OK)
		return st;
	if (vs->dossiers == 0 && !vs->closed)
		step_slots_xml(vs->page);
	/* The department choices, bounded: the one chosen in a refused form
	 * and the matches of the page's department search. */
	st = department_tree_xml(c->db, in_id(c, "department"), in_text(c, "dq"), vs->page);
	if (st != DB_OK)
		return st;
	if ((st = org_goals_of_cycle(c->db, id, add_org_goal, xml_add(vs->page, "org-goals"))) != DB_OK)
		return st;
	if (!vs->closed && (st = start_copy_goals_xml(c, id, vs->page)) != DB_OK)
		return st;
	if (!vs->closed && (st = start_people_xml(c, id, vs->page)) != DB_OK)
		return st;
	if ((st = start_templates_xml(c, id, vs->closed, vs->page)) != DB_OK)
		return st;
	st = collective_goals_of_cycle(c->db, id, add_collective,
	    xml_add(vs->page, "collective-goals"));
	if (st != DB_OK)
		return st;
	trail.node = xml_add(vs->page, "audit-trail");
	return audit_trail(c->db, "cycle", id, CYCLE_AUDIT_RECENT + 1, audit_entry_add, &trail);
}

int
cycle_view(struct ctx *c, int64_t id, const struct cycle_view *v, int status)
{
	struct view_state vs = { NULL, NULL, false, 0 };
	int st;

	if (!page_begin(c, "admin_cycle"))
		return 500;
	vs.page = c->page;
	if ((st = cycle_get(c->db, id, add_cycle, &vs)) == DB_OK)
		st = lists_xml(c, id, &vs);
	if (st != DB_OK) {
		/* The error page, not this half-built one. */
		xmlFreeDoc(c->doc);
		c->doc = NULL;
		return http_status_of(st);
	}
	extras_xml(c, vs.page, v, status);
	return status;
}

int
admin_cycle_get(struct ctx *c)
{
	/* A start's result in the link, altered: the page, without it, 400. */
	return cycle_view(c, c->ids[0], NULL, in_failed(c) ? 400 : 200);
}

/* ---- POST /admin/cycles/{id} ---- */

static int
refuse(struct ctx *c, int64_t id, const struct form *f, bool conflict, int status)
{
	struct cycle_view v = { .form = f, .conflict = conflict };

	return cycle_view(c, id, &v, status);
}

/* The first POST of a change to a cycle with dossiers: the confirmation
 * page with how many dossiers it reaches (nothing written). */
static int
ask_change(struct ctx *c, int64_t id, const struct form *f, const struct cycle_brief *b)
{
	char action[CYCLE_PATH_MAX];
	struct cycle_confirm k = { "cycle_change", f, action, { "cycle_dossiers" },
	    { b->dossiers }, 1 };
	struct cycle_view v = { .confirm = &k };

	snprintf(action, sizeof(action), "/admin/cycles/%lld", (long long)id);
	return cycle_view(c, id, &v, 200);
}

int
admin_cycle_post(struct ctx *c)
{
	int64_t id = c->ids[0], version;
	struct cycle_brief b;
	struct cycle_form cf;
	bool present;
	int st;

	if ((st = cycle_brief_get(c, id, &b)) != DB_OK)
		return http_status_of(st);
	form_begin(&cf.f, c, "cycle");
	/* The schedule planned the dossiers' conversations: fixed once there
	 * are dossiers, and so is the number of labels (ratings are stored as
	 * positions on the scale). */
	cycle_form_read(&cf, c, b.dossiers == 0);
	version = in_int(c, "version", &present);
	if (cycle_closed(&b)) {
		form_error(&cf.f, "name", "admin.cycle.error.closed");
		return refuse(c, id, &cf.f, false, 409);
	}
	if (b.dossiers > 0 && cf.scale[0] && scale_count(cf.scale) != scale_count(b.scale))
		form_error(&cf.f, "scale", "admin.cycle.error.scale_fixed");
	if (cf.f.failed)
		return refuse(c, id, &cf.f, false, 400);
	/* A change of a cycle with dossiers is a change of every one of them
	 * (their period, their scale's words): asked first, with how many. */
	if (b.dossiers > 0 && !in_flag(c, CONFIRM_FIELD))
		return ask_change(c, id, &cf.f, &b);
	st = cycle_update(c->db, c->user.id, id, version, &cf.in);
	if (st == DB_DUPLICATE) {
		form_error(&cf.f, "name", "admin.cycle.error.name_taken");
		return refuse(c, id, &cf.f, false, 400);
	}
	if (st == DB_CONFLICT)
		return refuse(c, id, &cf.f, true, 409);
	if (st != DB_OK)
		return http_status_of(st);
	return cycle_redirect(c, id, NULL, "flash.saved");
}

/* ---- POST /admin/cycles/{id}/close ---- */

/* The first POST: the confirmation page with what closing freezes. */
static int
ask_close(struct ctx *c, int64_t id, const struct form *f)
{
	struct cycle_close_counts n;
	struct cycle_confirm k = { "cycle_close", f, NULL, { "dossiers", "not_held", "not_signed" },
	    { 0 }, 3 };
	struct cycle_view v = { .confirm = &k };
	int st = cycle_close_preview(c->db, id, &n);

	if (st != DB_OK)
		return http_status_of(st);
	k.values[0] = n.dossiers;
	k.values[1] = n.not_held;
	k.values[2] = n.not_signed;
	return cycle_view(c, id, &v, 200);
}

int
admin_cycle_close_post(struct ctx *c)
{
	int64_t id = c->ids[0], closed = 0;
	struct cycle_brief b;
	struct form f;
	int st;

	form_begin(&f, c, "close");
	if ((st = cycle_brief_get(c, id, &b)) != DB_OK)
		return http_status_of(st);
	/* Already closed: the refusal below, not a question. */
	if (!cycle_closed(&b) && !in_flag(c, CONFIRM_FIELD))
		return ask_close(c, id, &f);
	st = cycle_close(c->db, c->user.id, id, &closed);
	if (st == DB_CONFLICT) {
		form_error(&f, "close", "admin.cycle.error.closed");
		return refuse(c, id, &f, false, 409);
	}
	if (st != DB_OK)
		return http_status_of(st);
	return cycle_redirect(c, id, NULL, "flash.cycle_closed");
}

/* ---- POST /admin/cycles/{id}/second-assessor ---- */

/* HR sets whether the cycle's assessments ask a second assessor: as their
 * template says, always, or never (issue 17).  Only later finalizes follow
 * a change (rules/review.h review_required), so no confirmation is asked:
 * nothing already finalized changes. */
int
admin_cycle_review_post(struct ctx *c)
{
	int64_t id = c->ids[0], version;
	struct form f;
	bool present;
	int st;

	form_begin(&f, c, "second_assessor");
	version = in_int(c, "version", &present);
	if (f.failed)
		return refuse(c, id, &f, false, 400);
	st = cycle_review_set(c->db, c->user.id, id, version,
	    review_demand_of(in_choice(c, "second_assessor")));
	if (st == DB_CONFLICT)
		return refuse(c, id, &f, true, 409);
	if (st != DB_OK)
		return http_status_of(st);
	return cycle_redirect(c, id, NULL, "flash.saved");
}
