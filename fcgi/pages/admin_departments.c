/* admin_departments.c -- the departments for HR: GET /admin/departments
 * (the tree and a form for a new one), POST /admin/departments (create),
 * GET /admin/departments/{id} and POST /admin/departments/{id} (rename,
 * move under another parent, with version).  HR only (routes.c).  Names
 * are unique in the whole organisation: imports name departments alone.
 * POST /admin/departments/{id}/advisors assigns an HR advisor to the
 * department (with its sub-departments) or takes them off, and POST
 * /admin/departments/{id}/second-assessor names its second assessor
 * (issue 17). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "pages/admin_cycle.h"	/* form_line */
#include "pages/admin_org.h"
#include "pages/choices.h"
#include "pages/pages.h"
#include "base/util.h"
#include "xml/page.h"
#include "store/advisor.h"
#include "store/organisation.h"
#include "store/review.h"

static int
tree_page(struct ctx *c, const struct form *f, int status)
{
	int st;

	if (!page_begin(c, "admin_departments"))
		return 500;
	if (f)
		form_xml(f, c->page);
	if ((st = departments_xml(c, c->page)) != DB_OK)
		return http_status_of(st);
	return status;
}

int
admin_departments_get(struct ctx *c)
{
	return tree_page(c, NULL, 200);
}

/* Reads name and parent; false when one is wrong. */
static bool
read_form(struct form *f, const struct ctx *c, const char **name, int64_t *parent)
{
	*name = in_text(c, "name");
	*parent = in_id(c, "parent");
	return !f->failed;
}

static void
mark(struct form *f, int st, enum department_problem p)
{
	if (st == DB_DUPLICATE)
		form_error(f, "name", "admin.department.error.name_taken");
	if (p == DEPT_PARENT_UNKNOWN)
		form_error(f, "parent", "form.error.choice");
	if (p == DEPT_LOOP)
		form_error(f, "parent", "admin.department.error.loop");
}

int
admin_departments_post(struct ctx *c)
{
	enum department_problem p = DEPT_OK;
	const char *name;
	struct form f;
	int64_t parent, id = 0;
	int st;

	form_begin(&f, c, "department");
	if (!read_form(&f, c, &name, &parent))
		return tree_page(c, &f, 400);
	st = department_create(c->db, c->user.id, name, parent, &id, &p);
	if (st != DB_OK && st != DB_DUPLICATE)
		return http_status_of(st);
	mark(&f, st, p);
	if (f.failed)
		return tree_page(c, &f, 400);
	return org_redirect(c, "/admin/departments", "flash.department_created");
}

/* The HR advisors who read this department's dossiers (issue 17):
 * <advisors><advisor id="" login="" name="" from="" from-name=""/>, from:
 * the department assigned when it is one above this one. */
static int
add_advisor(void *ud, const struct advisor_row *a)
{
	xmlNodePtr n = xml_add(ud, "advisor");

	xml_set_int(n, "id", a->employee_id);
	xml_set(n, "login", a->login);
	xml_set(n, "name", a->name);
	xml_set_int(n, "from", a->department_id);
	xml_set(n, "from-name", a->department);
	return DB_OK;
}

static int
advisors_xml(struct ctx *c, int64_t id, xmlNodePtr page)
{
	xmlNodePtr n = xml_add(page, "advisors");

	xml_set(n, "group", c->conf->hr_advisor_group);
	return advisors_of_department(c->db, id, add_advisor, n);
}

/* <second_assessor id="" name="" login=""/>: the department's named
 * second assessor (issue 17), id 0 when none is named. */
static int
assessor_xml(struct ctx *c, int64_t id, xmlNodePtr page)
{
	struct dept_assessor a;
	xmlNodePtr n;
	int st = department_assessor_get(c->db, id, &a);

	if (st != DB_OK)
		return st;
	n = xml_add(page, "second_assessor");
	xml_set_int(n, "id", a.id);
	xml_set(n, "name", a.name);
	xml_set(n, "login", a.login);
	return DB_OK;
}

/* The page of one department, with a refused form and alert if any. */
static int
department_page(struct ctx *c, int64_t id, const struct form *f, const char *alert, int status)
{
	struct department d;
	xmlNodePtr n;
	int st;

	if ((st = department_get(c->db, id, &d)) != DB_OK)
		return http_status_of(st);
	if (!page_begin(c, "admin_department"))
		return 500;
	n = xml_add(c->page, "department");
	xml_set_int(n, "id", d.id);
	xml_set(n, "name", d.name);
	if (d.parent_id)
		xml_set_int(n, "parent", d.parent_id);
	xml_set(n, "parent-name", d.parent);
	xml_set_int(n, "employees", d.employees);
	xml_set_int(n, "version", d.version);
	if (alert)
		xml_set(xml_add(c->page, "alert"), "key", alert);
	if (f)
		form_xml(f, c->page);
	if ((st = assessor_xml(c, id, c->page)) != DB_OK)
		return http_status_of(st);
	/* The parent choice, bounded: the way to the parent (the typed one in
	 * a refused form) and the matches of ?dq=. */
	st = department_tree_xml(c->db, f && strcmp(f->name, "department") == 0 ?
	    in_id(c, "parent") : d.parent_id, in_text(c, "dq"), c->page);
	if (st == DB_OK)
		st = advisors_xml(c, id, c->page);
	if (st != DB_OK)
		return http_status_of(st);
	if (f == NULL && alert == NULL)
		status = department_search_status(c, c->page, status);
	if ((st = org_audit_xml(c, c->page, "department", id)) != DB_OK)
		return http_status_of(st);
	return status;
}

int
admin_department_get(struct ctx *c)
{
	return department_page(c, c->ids[0], NULL, NULL, 200);
}

int
admin_department_post(struct ctx *c)
{
	enum department_problem p = DEPT_OK;
	const char *name;
	struct form f;
	int64_t id = c->ids[0], parent, version;
	bool present;
	int st;

	form_begin(&f, c, "department");
	read_form(&f, c, &name, &parent);
	version = in_int(c, "version", &present);
	if (f.failed)
		return department_page(c, id, &f, NULL, 400);
	st = department_update(c->db, c->user.id, id, version, name, parent, &p);
	if (st == DB_CONFLICT)
		return department_page(c, id, &f, "admin.department.conflict", 409);
	if (st != DB_OK && st != DB_DUPLICATE)
		return http_status_of(st);
	mark(&f, st, p);
	if (f.failed)
		return department_page(c, id, &f, NULL, 400);
	return org_redirect(c, "/admin/departments", "flash.saved");
}

int
admin_department_advisors_post(struct ctx *c)
{
	enum advisor_problem p = ADVISOR_OK;
	char back[sizeof("/admin/departments/") + 20];
	const char *login;
	struct form f;
	bool remove;
	int st;

	form_begin(&f, c, "advisors");
	login = in_text(c, "login");
	remove = in_flag(c, "remove");
	if (f.failed)
		return department_page(c, c->ids[0], &f, NULL, 400);
	st = advisor_assign(c->db, c->user.id, c->ids[0], login, remove, &p);
	if (st != DB_OK)
		return http_status_of(st);
	if (p == ADVISOR_NO_DEPARTMENT)
		return 404;
	if (p == ADVISOR_UNKNOWN) {
		form_error(&f, "login", "admin.advisors.error.unknown");
		return department_page(c, c->ids[0], &f, NULL, 400);
	}
	snprintf(back, sizeof(back), "/admin/departments/%lld", (long long)c->ids[0]);
	return org_redirect(c, back, remove ? "flash.advisor_removed" :
	    "flash.advisor_assigned");
}

/* POST /admin/departments/{id}/second-assessor: HR names the department's
 * second assessor by login, or clears it (login empty). */
int
admin_department_assessor_post(struct ctx *c)
{
	struct form f;
	int64_t id = c->ids[0], version;
	bool present, unknown = false;
	int st;

	form_begin(&f, c, "second_assessor");
	version = in_int(c, "version", &present);
	if (f.failed)
		return department_page(c, id, &f, NULL, 400);
	st = department_assessor_set(c->db, c->user.id, id, version, in_text(c, "login"), &unknown);
	if (st == DB_CONFLICT)
		return department_page(c, id, &f, "admin.department.conflict", 409);
	if (st != DB_OK)
		return http_status_of(st);
	if (unknown) {
		form_error(&f, "login", "admin.department.error.assessor_unknown");
		return department_page(c, id, &f, NULL, 400);
	}
	return org_redirect(c, "/admin/departments", "flash.saved");
}
