/* admin_employees.c -- GET /admin/employees (search by name, login or
 * e-mail, filter by department and status, a page at a time),
 * GET /admin/employees/new and POST /admin/employees (create).  HR only
 * (routes.c).  Also what the organisation pages share (admin_org.h): the
 * department tree, the employee form, redirects and recent audit rows. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "http/url.h"
#include "auth/session.h"
#include "pages/admin_cycle.h"	/* form_line, audit_entry_add */
#include "pages/admin_org.h"
#include "pages/choices.h"
#include "pages/pages.h"
#include "base/util.h"
#include "xml/page.h"
#include "store/audit.h"
#include "store/organisation.h"

/* Employees on one page of the list. */
#define EMPLOYEES_PAGE_SIZE 50
/* Pages of the list one can ask for (the last holds the rest). */


/* ---- shared ---- */

int
org_redirect(struct ctx *c, const char *location, const char *flash)
{
	int st = auth_flash(c, flash);

	if (st != DB_OK)
		return http_status_of(st);
	strlcopy(c->location, location, sizeof(c->location));
	return HANDLER_REDIRECT;
}

void
org_department_name(struct ctx *c, int64_t id, char *out, size_t size)
{
	struct department d;

	out[0] = '\0';
	if (id && department_get(c->db, id, &d) == DB_OK)
		strlcopy(out, d.name, size);
}

/* Nests each department in tree order under the one above it at one
 * level less: departments_tree gives parents before children, so the open
 * ancestors are the last one seen at each depth. */
struct dept_nest {
	xmlNodePtr at[DEPARTMENT_DEPTH_SHOWN + 1];
};

static int
nest_dept(void *ud, const struct department_row *d)
{
	struct dept_nest *t = ud;
	xmlNodePtr n;

	if (d->depth >= DEPARTMENT_DEPTH_SHOWN)
		return DB_OK;
	n = xml_add(t->at[d->depth], "department");
	xml_set_int(n, "id", d->id);
	xml_set(n, "name", d->name);
	xml_set_int(n, "employees", d->employees);
	t->at[d->depth + 1] = n;
	return DB_OK;
}

int
departments_xml(struct ctx *c, xmlNodePtr parent)
{
	struct dept_nest t = { { xml_add(parent, "departments") } };
	bool truncated = false;
	int st = departments_tree(c->db, nest_dept, &t, &truncated);

	if (st == DB_OK && truncated)
		xml_set(t.at[0], "more", "1");
	return st;
}

int
org_audit_xml(struct ctx *c, xmlNodePtr parent, const char *entity, int64_t id)
{
	struct audit_xml t = { xml_add(parent, "audit"), ORG_AUDIT_RECENT, 0 };

	if (strcmp(entity, "employee") == 0)
		return audit_trail(c->db, entity, id, ORG_AUDIT_RECENT + 1, audit_entry_add, &t);
	return audit_list(c->db, entity, id, audit_entry_add, &t);
}

bool
employee_form_read(struct form *f, const struct ctx *c, struct employee_input *in)
{
	const char *manager;

	memset(in, 0, sizeof(*in));
	in->login = in_text(c, "login");
	if (in->login && !login_name_valid(in->login, LOGIN_MAX)) {
		form_error(f, "login", "admin.employee.error.login");
		in->login = NULL;
	}
	in->name = in_text(c, "name");
	in->email = in_text(c, "email");	/* email_valid: at most EMAIL_MAX */
	in->department_id = in_id(c, "department");
	manager = in_text(c, "manager");
	if (manager && !login_name_valid(manager, LOGIN_MAX))
		form_error(f, "manager", "admin.employee.error.manager_unknown");
	in->manager_login = manager ? manager : "";
	in->is_hr = in_flag(c, "hr");
	if (in->email == NULL)
		in->email = "";
	return !f->failed;
}

void
employee_problem_mark(struct form *f, enum employee_problem p)
{
	switch (p) {
	case EMP_MANAGER_UNKNOWN:
		form_error(f, "manager", "admin.employee.error.manager_unknown");
		break;
	case EMP_MANAGER_LOOP:
		form_error(f, "manager", "admin.employee.error.manager_loop");
		break;
	case EMP_DEPARTMENT_UNKNOWN:
		form_error(f, "department", "form.error.choice");
		break;
	case EMP_OK:
		break;
	}
}

/* ---- the list ---- */

static int
add_employee(void *ud, const struct employee_item *e)
{
	xmlNodePtr n = xml_add(ud, "employee");

	xml_set_int(n, "id", e->id);
	xml_set(n, "login", e->login);
	xml_set(n, "name", e->name);
	xml_set(n, "email", e->email);
	xml_set(n, "department", e->department);
	xml_set(n, "manager", e->manager);
	xml_set(n, "hr", e->is_hr ? "1" : "0");
	xml_set(n, "active", e->active ? "1" : "0");
	return DB_OK;
}

/* Reads the search fields; refused ones are shown with their problem. */
static void
read_filter(const struct ctx *c, struct employee_filter *flt, int64_t *page)
{
	const char *status;
	bool present;

	memset(flt, 0, sizeof(*flt));
	flt->q = in_text(c, "q");
	if (flt->q == NULL)
		flt->q = "";
	flt->department_id = in_id(c, "department");
	status = in_choice(c, "status");
	flt->active = status == NULL || strcmp(status, "active") == 0 ? 1 :
	    strcmp(status, "inactive") == 0 ? 0 : -1;
	*page = in_int(c, "page", &present);
	if (!present)
		*page = 1;
	flt->limit = EMPLOYEES_PAGE_SIZE;
	flt->offset = (*page - 1) * EMPLOYEES_PAGE_SIZE;
}

/* The search as a query string for the pager's links (the one link writer
 * encodes what was typed, so it cannot leave the URL). */
static void
filter_query(struct buf *b, const struct employee_filter *flt)
{
	url_param(b, "q", flt->q);
	if (flt->department_id)
		url_param_int(b, "department", flt->department_id);
	url_param(b, "status", flt->active == 1 ? "active" : flt->active == 0 ? "inactive" : "all");
}

int
admin_employees_get(struct ctx *c)
{
	struct employee_filter flt;
	struct form f;
	xmlNodePtr list;
	int64_t page, total = 0;
	int st;

	form_begin(&f, c, "search");
	read_filter(c, &flt, &page);
	if (!page_begin(c, "admin_employees"))
		return 500;
	form_xml(&f, c->page);
	if ((st = departments_xml(c, c->page)) != DB_OK)
		return http_status_of(st);
	list = xml_add(c->page, "employees");
	if (!f.failed && (st = employees_find(c->db, &flt, &total, add_employee, list)) != DB_OK)
		return http_status_of(st);
	xml_set_int(list, "total", total);
	xml_set_int(list, "page", page);
	xml_set_int(list, "pages", total ? (total + EMPLOYEES_PAGE_SIZE - 1) / EMPLOYEES_PAGE_SIZE : 1);
	xml_set_int(list, "size", EMPLOYEES_PAGE_SIZE);
	if (!f.failed) {
		struct buf q;

		buf_init(&q);
		filter_query(&q, &flt);
		if (!q.failed)
			xml_set(list, "query", q.data);
		buf_free(&q);
	}
	return f.failed ? 400 : 200;
}

/* ---- create ---- */

/* The form for a new employee, empty or as refused. */
static int
new_form(struct ctx *c, const struct form *f, int status)
{
	int st;

	if (!page_begin(c, "admin_employee_new"))
		return 500;
	xml_add(c->page, "employee-new");
	if (f)
		form_xml(f, c->page);
	/* The department choice, bounded (the typed one in a refused form). */
	st = department_tree_xml(c->db, f ? in_id(c, "department") : 0, in_text(c, "dq"), c->page);
	if (st != DB_OK)
		return http_status_of(st);
	return f ? status : department_search_status(c, c->page, status);
}

int
admin_employee_new(struct ctx *c)
{
	return new_form(c, NULL, 200);
}

int
admin_employees_post(struct ctx *c)
{
	char dept[NAME_BYTES + 1], where[64];
	struct employee_input in;
	enum employee_problem problem = EMP_OK;
	struct form f;
	int64_t id = 0;
	int st;

	form_begin(&f, c, "employee");
	if (!employee_form_read(&f, c, &in))
		return new_form(c, &f, 400);
	org_department_name(c, in.department_id, dept, sizeof(dept));
	in.department_name = dept;
	st = employee_admin_create(c->db, c->user.id, &in, &id, &problem);
	if (st == DB_DUPLICATE)
		form_error(&f, "login", "admin.employee.error.login_taken");
	else if (st != DB_OK)
		return http_status_of(st);
	employee_problem_mark(&f, problem);
	if (f.failed)
		return new_form(c, &f, 400);
	snprintf(where, sizeof(where), "/admin/employees/%lld", (long long)id);
	return org_redirect(c, where, "flash.employee_created");
}
