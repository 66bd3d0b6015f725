/* admin_employee.c -- one employee for HR: GET /admin/employees/{id} (the
 * edit form, the dossiers with their managers, the recent audit trail),
 * POST /admin/employees/{id} (edit, with version), POST .../deactivate and
 * .../activate, POST .../hold and .../release (a legal hold that stops
 * every retention deletion of theirs, store/retention.h), and POST
 * /admin/dossiers/{id}/manager (move one dossier to the employee's current
 * manager).  HR administrators only (routes.c).
 *
 * A refused POST shows this page again: typed values and the problem next
 * to its field (400), or, when someone else saved first, the typed values
 * with the stored ones beside them (409). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "pages/admin_org.h"
#include "pages/choices.h"
#include "pages/pages.h"
#include "base/util.h"
#include "base/validate.h"
#include "xml/page.h"
#include "store/organisation.h"
#include "store/retention.h"

static void
employee_xml(xmlNodePtr parent, const struct employee_edit *e)
{
	xmlNodePtr n = xml_add(parent, "employee");

	xml_set_int(n, "id", e->id);
	xml_set(n, "login", e->login);
	xml_set(n, "name", e->name);
	xml_set(n, "email", e->email);
	if (e->department_id)
		xml_set_int(n, "department", e->department_id);
	xml_set(n, "department-name", e->department);
	xml_set(n, "manager", e->manager_login);
	if (e->manager_id)
		xml_set_int(n, "manager-id", e->manager_id);
	xml_set(n, "manager-name", e->manager_name);
	xml_set(n, "hr", e->is_hr ? "1" : "0");
	xml_set(n, "active", e->active ? "1" : "0");
	xml_set_int(n, "version", e->version);
}

struct dossiers {
	xmlNodePtr node;
	int64_t current_manager;
};

static int
add_dossier(void *ud, const struct employee_dossier *d)
{
	struct dossiers *ds = ud;
	xmlNodePtr n = xml_add(ds->node, "dossier");

	xml_set_int(n, "id", d->id);
	xml_set(n, "cycle", d->cycle);
	xml_set(n, "status", d->status);
	if (d->manager_id)
		xml_set_int(n, "manager-id", d->manager_id);
	xml_set(n, "manager", d->manager_name);
	/* HR may move an open dossier whose manager is not the current one. */
	if (strcmp(d->status, "open") == 0 && ds->current_manager &&
	    d->manager_id != ds->current_manager)
		xml_set(n, "movable", "1");
	return DB_OK;
}

/* <legal-hold reason set-by at/> when the employee is on hold. */
static int
hold_xml(struct ctx *c, int64_t id)
{
	struct legal_hold h;
	xmlNodePtr n;
	int st;

	if ((st = legal_hold_get(c->db, id, &h)) != DB_OK || !h.held)
		return st;
	n = xml_add(c->page, "legal-hold");
	xml_set(n, "reason", h.reason);
	xml_set(n, "set-by", h.set_by);
	xml_set_time(n, "at", h.at);
	return DB_OK;
}

/* <access-export/> when the viewer may produce the person's export
 * (access.c, issue 18): the page links to it. */
static int
access_link_xml(struct ctx *c, const struct employee_edit *e)
{
	bool may = false;
	int st = access_may_export(c, e->department_id, &may);

	if (st == DB_OK && may)
		xml_add(c->page, "access-export");
	return st;
}

int
employee_view(struct ctx *c, int64_t id, const struct employee_view *v, int status)
{
	struct employee_edit e;
	struct dossiers ds;
	int st;

	if ((st = employee_edit_get(c->db, id, &e)) != DB_OK)
		return http_status_of(st);
	if (!page_begin(c, "admin_employee"))
		return 500;
	employee_xml(c->page, &e);
	if (v && v->alert)
		xml_set(xml_add(c->page, "alert"), "key", v->alert);
	if (v && v->form)
		form_xml(v->form, c->page);
	if (e.id == c->user.id)
		xml_add(c->page, "self");
	/* The department choice, bounded: the way to the employee's (the
	 * typed one in a refused form) and the matches of ?dq=. */
	st = department_tree_xml(c->db, v && v->form ? in_id(c, "department") : e.department_id,
	    in_text(c, "dq"), c->page);
	if (st != DB_OK)
		return http_status_of(st);
	if (v == NULL)
		status = department_search_status(c, c->page, status);
	if ((st = employee_profile_xml(c, id)) != DB_OK || (st = hold_xml(c, id)) != DB_OK)
		return http_status_of(st);
	if ((st = access_link_xml(c, &e)) != DB_OK)
		return http_status_of(st);
	ds.node = xml_add(c->page, "dossiers");
	ds.current_manager = e.manager_id;
	if ((st = employee_dossiers(c->db, id, add_dossier, &ds)) != DB_OK)
		return http_status_of(st);
	if ((st = org_audit_xml(c, c->page, "employee", id)) != DB_OK)
		return http_status_of(st);
	return status;
}

int
admin_employee_get(struct ctx *c)
{
	return employee_view(c, c->ids[0], NULL, 200);
}

static int
back_to(struct ctx *c, int64_t id, const char *flash)
{
	char where[64];

	snprintf(where, sizeof(where), "/admin/employees/%lld", (long long)id);
	return org_redirect(c, where, flash);
}

int
admin_employee_post(struct ctx *c)
{
	char dept[NAME_BYTES + 1];
	struct employee_view v = { 0 };
	struct employee_input in;
	enum employee_problem problem = EMP_OK;
	struct form f;
	int64_t id = c->ids[0], version;
	bool present;
	int st;

	form_begin(&f, c, "employee");
	employee_form_read(&f, c, &in);
	version = in_int(c, "version", &present);
	v.form = &f;
	if (f.failed)
		return employee_view(c, id, &v, 400);
	org_department_name(c, in.department_id, dept, sizeof(dept));
	in.department_name = dept;
	st = employee_admin_update(c->db, c->user.id, id, version, &in, &problem);
	if (st == DB_CONFLICT) {
		v.alert = "admin.employee.conflict";
		return employee_view(c, id, &v, 409);
	}
	if (st == DB_DUPLICATE)
		form_error(&f, "login", "admin.employee.error.login_taken");
	else if (st != DB_OK)
		return http_status_of(st);
	employee_problem_mark(&f, problem);
	if (f.failed)
		return employee_view(c, id, &v, 400);
	return back_to(c, id, "flash.saved");
}

static int
set_active(struct ctx *c, bool active)
{
	struct employee_view v = { 0 };
	struct form f;
	int64_t id = c->ids[0], version;
	bool present;
	int st;

	form_begin(&f, c, "status");
	version = in_int(c, "version", &present);
	if (f.failed) {
		v.alert = "admin.employee.error.version";
		return employee_view(c, id, &v, 400);
	}
	if (!active && id == c->user.id) {
		/* HR locking itself out helps no one. */
		v.alert = "admin.employee.error.self";
		return employee_view(c, id, &v, 400);
	}
	st = employee_set_active(c->db, c->user.id, id, version, active);
	if (st == DB_CONFLICT) {
		v.alert = "admin.employee.conflict";
		return employee_view(c, id, &v, 409);
	}
	if (st != DB_OK)
		return http_status_of(st);
	return back_to(c, id, active ? "flash.employee_activated" : "flash.employee_deactivated");
}

int
admin_employee_deactivate(struct ctx *c)
{
	return set_active(c, false);
}

int
admin_employee_activate(struct ctx *c)
{
	return set_active(c, true);
}

int
admin_employee_hold(struct ctx *c)
{
	struct employee_view v = { 0 };
	struct form f;
	const char *reason;
	int64_t id = c->ids[0];
	int st;

	form_begin(&f, c, "hold");
	reason = in_text(c, "reason");
	/* A reason is required (a hold nobody can explain cannot be reviewed);
	 * only blanks is none. */
	if (!f.failed && (reason == NULL || blank(reason)))
		form_error(&f, "reason", "form.error.required");
	v.form = &f;
	if (f.failed)
		return employee_view(c, id, &v, 400);
	st = legal_hold_set(c->db, c->user.id, id, reason);
	if (st == DB_DUPLICATE) {
		v.alert = "admin.employee.hold.already";
		return employee_view(c, id, &v, 409);
	}
	if (st != DB_OK)
		return http_status_of(st);
	return back_to(c, id, "flash.hold_set");
}

int
admin_employee_release(struct ctx *c)
{
	struct employee_view v = { 0 };
	struct form f;
	int64_t id = c->ids[0];
	int st;

	form_begin(&f, c, "release");
	if (f.failed)
		return 400;
	st = legal_hold_lift(c->db, c->user.id, id);
	if (st == DB_NOTFOUND) {
		/* No such employee is a 404; no hold (lifted meanwhile) a 409. */
		v.alert = "admin.employee.hold.none";
		return employee_view(c, id, &v, 409);
	}
	if (st != DB_OK)
		return http_status_of(st);
	return back_to(c, id, "flash.hold_lifted");
}

int
admin_dossier_manager_post(struct ctx *c)
{
	struct employee_view v = { 0 };
	struct form f;
	int64_t manager, employee = 0;
	int st;

	form_begin(&f, c, "move");
	manager = in_id(c, "manager");
	if (f.failed)
		return 400;
	st = dossier_move_manager(c->db, c->user.id, c->ids[0], manager, &employee);
	if (st == DB_CONFLICT && employee) {
		v.alert = "admin.dossier.conflict";
		return employee_view(c, employee, &v, 409);
	}
	if (st != DB_OK)
		return http_status_of(st);
	return back_to(c, employee, "flash.dossier_moved");
}
