/* admin_goals.c -- the goals of a cycle, HR only (routes.c):
 *
 *   POST /admin/cycles/{id}/goals         new organisation goal
 *   POST /admin/goals/{id}                edit one (version)
 *   POST /admin/cycles/{id}/collective    new collective goal
 *   POST /admin/collective/{id}           edit one (version)
 *   POST /admin/collective/{id}/status    its central status (version)
 *
 * A refused form comes back on the cycle's overview; forms are named
 * "org-goal-new", "org-goal-{id}", "collective-new", "collective-{id}" and
 * "status-{id}" so the page opens the right one with its errors. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "pages/admin_cycle.h"
#include "pages/pages.h"
#include "base/util.h"
#include "store/goal.h"

/* Room for "collective-123456789012". */
#define FORM_NAME_MAX 40
/* A path of this program: /admin/cycles/{id}/collective. */
#define GOAL_PATH_MAX 96

static int
refuse(struct ctx *c, int64_t cycle_id, const struct form *f, bool conflict, int status)
{
	struct cycle_view v = { .form = f, .conflict = conflict };

	return cycle_view(c, cycle_id, &v, status);
}

/* A cycle whose goals may change: 404 when there is none, the form back
 * with 409 when it is closed; 0 when all is well (b: the cycle, when not
 * NULL). */
static int
goals_open(struct ctx *c, int64_t cycle_id, struct form *f, const char *field,
    struct cycle_brief *out)
{
	struct cycle_brief brief, *b = out ? out : &brief;
	int st = cycle_brief_get(c, cycle_id, b);

	if (st != DB_OK)
		return http_status_of(st);
	if (!cycle_closed(b))
		return 0;
	form_error(f, field, "admin.cycle.error.closed");
	return refuse(c, cycle_id, f, false, 409);
}

/* The answer to a write: the redirect, or the form back with its problem. */
static int
written(struct ctx *c, int64_t cycle_id, struct form *f, int st, const char *anchor,
    const char *flash)
{
	if (st == DB_OK)
		return cycle_redirect(c, cycle_id, anchor, flash);
	if (st == DB_CONFLICT)
		return refuse(c, cycle_id, f, true, 409);
	return http_status_of(st);
}

/* ---- organisation goals ---- */

struct org_fields {
	const char *title;
	const char *description;
	int64_t department_id;		/* 0: the whole organisation */
	int64_t version;
};

/* The department chosen is gone (the goal was there: the cycle lock and
 * the goal's row were read first): on the field, nothing written. */
static int
org_no_department(struct ctx *c, int64_t cycle_id, struct form *f)
{
	form_error(f, "department", "form.error.choice");
	return refuse(c, cycle_id, f, false, 400);
}

static bool
org_read(struct form *f, const struct ctx *c, struct org_fields *o, bool with_version)
{
	bool present;

	o->title = in_text(c, "title");
	o->description = in_text(c, "description");
	o->department_id = in_id(c, "department");
	if (with_version)
		o->version = in_int(c, "version", &present);
	return !f->failed;
}

int
admin_goal_add_post(struct ctx *c)
{
	int64_t cycle_id = c->ids[0], id = 0;
	struct org_fields o;
	struct form f;
	int st;

	form_begin(&f, c, "org-goal-new");
	if (!org_read(&f, c, &o, false))
		return refuse(c, cycle_id, &f, false, 400);
	if ((st = goals_open(c, cycle_id, &f, "title", NULL)) != 0)
		return st;
	st = org_goal_create(c->db, c->user.id, cycle_id, o.title, o.description, o.department_id,
	    &id);
	if (st == DB_NOTFOUND)
		return org_no_department(c, cycle_id, &f);
	return written(c, cycle_id, &f, st, "#org-goals", "flash.goal_added");
}

int
admin_goal_post(struct ctx *c)
{
	char name[FORM_NAME_MAX];
	int64_t id = c->ids[0], cycle_id;
	struct org_fields o;
	struct form f;
	int st;

	if ((st = org_goal_cycle(c->db, id, &cycle_id)) != DB_OK)
		return http_status_of(st);
	snprintf(name, sizeof(name), "org-goal-%lld", (long long)id);
	form_begin(&f, c, name);
	if (!org_read(&f, c, &o, true))
		return refuse(c, cycle_id, &f, false, 400);
	if ((st = goals_open(c, cycle_id, &f, "title", NULL)) != 0)
		return st;
	st = org_goal_update(c->db, c->user.id, id, o.version, o.title, o.description,
	    o.department_id);
	if (st == DB_NOTFOUND)
		return org_no_department(c, cycle_id, &f);
	return written(c, cycle_id, &f, st, "#org-goals", "flash.saved");
}

/* ---- collective goals ---- */

static bool
collective_read(struct form *f, const struct ctx *c, struct collective_input *in,
    int64_t *version)
{
	bool present;

	in->title = in_text(c, "title");
	in->measure = in_text(c, "measure");
	in->deadline = in_date(c, "deadline");
	in->department_id = in_id(c, "department");
	in->bonus = in_flag(c, "bonus");
	if (version)
		*version = in_int(c, "version", &present);
	return !f->failed;
}

/* The deadline against the cycle's period (issue 15): far outside it is
 * refused on the field, a little outside it asks first (the confirmation
 * page); 0 when the write may go on. */
static int
deadline_guard(struct ctx *c, const struct cycle_brief *b, struct form *f,
    const char *deadline, const char *action)
{
	struct cycle_confirm k = { "date_outside_cycle", f, action, { NULL }, { 0 }, 0 };
	struct cycle_view v = { .confirm = &k };
	enum date_fit fit = cycle_date_fit(deadline, b->starts_on, b->ends_on);

	if (fit == DATE_FIT_REFUSE) {
		form_error(f, "deadline", "form.error.date_far_outside_cycle");
		return refuse(c, b->id, f, false, 400);
	}
	if (fit == DATE_FIT_WARN && !in_flag(c, CONFIRM_FIELD))
		return cycle_view(c, b->id, &v, 200);
	return 0;
}

/* A department that does not exist (any more) is a wrong choice. */
static int
collective_written(struct ctx *c, int64_t cycle_id, struct form *f, int st, const char *flash)
{
	if (st == DB_NOTFOUND) {
		form_error(f, "department", "form.error.choice");
		return refuse(c, cycle_id, f, false, 400);
	}
	return written(c, cycle_id, f, st, "#collective-goals", flash);
}

int
admin_collective_add_post(struct ctx *c)
{
	int64_t cycle_id = c->ids[0], id = 0;
	struct collective_input in;
	struct cycle_brief b;
	char action[GOAL_PATH_MAX];
	struct form f;
	int st;

	form_begin(&f, c, "collective-new");
	if (!collective_read(&f, c, &in, NULL))
		return refuse(c, cycle_id, &f, false, 400);
	if ((st = goals_open(c, cycle_id, &f, "title", &b)) != 0)
		return st;
	snprintf(action, sizeof(action), "/admin/cycles/%lld/collective", (long long)cycle_id);
	if ((st = deadline_guard(c, &b, &f, in.deadline, action)) != 0)
		return st;
	st = collective_create(c->db, c->user.id, cycle_id, &in, &id);
	return collective_written(c, cycle_id, &f, st, "flash.goal_added");
}

int
admin_collective_post(struct ctx *c)
{
	char name[FORM_NAME_MAX];
	int64_t id = c->ids[0], cycle_id, version = 0;
	struct collective_input in;
	struct cycle_brief b;
	char action[GOAL_PATH_MAX];
	struct form f;
	int st;

	if ((st = collective_goal_cycle(c->db, id, &cycle_id)) != DB_OK)
		return http_status_of(st);
	snprintf(name, sizeof(name), "collective-%lld", (long long)id);
	form_begin(&f, c, name);
	if (!collective_read(&f, c, &in, &version))
		return refuse(c, cycle_id, &f, false, 400);
	if ((st = goals_open(c, cycle_id, &f, "title", &b)) != 0)
		return st;
	snprintf(action, sizeof(action), "/admin/collective/%lld", (long long)id);
	if ((st = deadline_guard(c, &b, &f, in.deadline, action)) != 0)
		return st;
	st = collective_update(c->db, c->user.id, id, version, &in);
	return collective_written(c, cycle_id, &f, st, "flash.saved");
}

int
admin_collective_status_post(struct ctx *c)
{
	char name[FORM_NAME_MAX];
	int64_t id = c->ids[0], cycle_id, version;
	const char *status, *note;
	struct form f;
	bool present;
	int st;

	if ((st = collective_goal_cycle(c->db, id, &cycle_id)) != DB_OK)
		return http_status_of(st);
	snprintf(name, sizeof(name), "status-%lld", (long long)id);
	form_begin(&f, c, name);
	status = in_choice(c, "status");
	note = in_text(c, "status_note");
	version = in_int(c, "version", &present);
	if (f.failed)
		return refuse(c, cycle_id, &f, false, 400);
	st = collective_set_status(c->db, c->user.id, id, version, status, note);
	return written(c, cycle_id, &f, st, "#collective-goals", "flash.status_saved");
}
