/* deputy.c -- deputies (vervangers, issue 17): GET /deputies (a manager's
 * own appointments and the form to make one; for everyone, where they
 * stand in themselves), GET /admin/employees/{id}/deputies (HR, for the
 * manager {id}), POST /deputies (appoint; HR names the manager, a manager
 * appoints for their own reports) and POST /deputies/{id}/end.
 *
 * The store checks every rule inside its transaction (store/deputy.h);
 * this file maps its answers to the form: a refused appointment shows the
 * page again with the typed values and the problem at its field (400). */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "pages/admin_org.h"
#include "pages/form.h"
#include "pages/pages.h"
#include "base/util.h"
#include "xml/page.h"
#include "rules/roles.h"
#include "store/deputy.h"
#include "store/employee.h"

/* Where a page about manager `m` lives: the manager's own, or HR's. */
#define DEPUTY_PATH_MAX 64

static void
page_path(const struct ctx *c, int64_t manager_id, char *out, size_t size)
{
	if (manager_id == c->user.id)
		strlcopy(out, "/deputies", size);
	else
		snprintf(out, size, "/admin/employees/%lld/deputies", (long long)manager_id);
}

static int
add_appointment(void *ud, const struct deputy_row *r)
{
	xmlNodePtr n = xml_add(ud, "appointment");

	xml_set_int(n, "id", r->id);
	xml_set_int(n, "manager_id", r->manager_id);
	xml_set(n, "manager", r->manager_name);
	xml_set_int(n, "deputy_id", r->deputy_id);
	xml_set(n, "deputy", r->deputy_name);
	xml_set(n, "deputy_login", r->deputy_login);
	if (r->employee_id) {
		xml_set_int(n, "employee_id", r->employee_id);
		xml_set(n, "employee", r->employee_name);
	}
	xml_set(n, "from", r->starts_on);
	xml_set(n, "until", r->ends_on);
	xml_set(n, "state", r->state);
	xml_set_int(n, "version", r->version);
	return DB_OK;
}

/* The manager's reports for the form's choice: team_of_manager gives a
 * row per open dossier, so a report may come twice (in a row). */
struct reports {
	xmlNodePtr node;
	int64_t last;
};

static int
add_report(void *ud, const struct member_row *m)
{
	struct reports *r = ud;
	xmlNodePtr n;

	if (m->id == r->last)
		return DB_OK;
	r->last = m->id;
	n = xml_add(r->node, "report");
	xml_set_int(n, "id", m->id);
	xml_set(n, "name", m->name);
	return DB_OK;
}

/* The page for manager `m` (0: the viewer has no reports to appoint
 * for); `f` a refused form or NULL. */
static int
deputies_page(struct ctx *c, const struct employee *m, const struct form *f, int status)
{
	char today[DEPUTY_DATE_LEN + 1];
	struct reports reports = { NULL, 0 };
	xmlNodePtr d;
	int st;

	if (!deputy_today(time(NULL), today))
		return 500;
	if (!page_begin(c, "deputies"))
		return 500;
	d = xml_add(c->page, "deputies");
	xml_set(d, "today", today);
	if (m) {
		xml_set_int(d, "manager_id", m->id);
		xml_set(d, "manager", m->name);
		if (m->id != c->user.id)
			xml_set(d, "for_other", "1");
		reports.node = xml_add(d, "reports");
		if ((st = team_of_manager(c->db, m->id, add_report, &reports)) != DB_OK ||
		    (st = deputies_of_manager(c->db, m->id, today, add_appointment,
		    xml_add(d, "appointments"))) != DB_OK)
			return http_status_of(st);
	}
	if (m == NULL || m->id == c->user.id) {
		st = deputies_of_deputy(c->db, c->user.id, today, add_appointment,
		    xml_add(d, "standing_in"));
		if (st != DB_OK)
			return http_status_of(st);
	}
	if (f)
		form_xml(f, c->page);
	return status;
}

/* The manager of a page: the viewer (when they have reports), or for HR
 * the employee {id}.  *found false: none to show (the viewer has no
 * reports). */
static int
manager_of_page(struct ctx *c, int64_t id, struct employee *m, bool *found)
{
	int st;

	*found = false;
	if ((st = employee_by_id(c->db, id, m)) == DB_NOTFOUND)
		return 404;
	if (st != DB_OK)
		return http_status_of(st);
	*found = id != c->user.id || m->is_manager;
	return 200;
}

int
deputies_get(struct ctx *c)
{
	struct employee m;
	bool found;
	int rc = manager_of_page(c, c->user.id, &m, &found);

	if (rc != 200)
		return rc;
	return deputies_page(c, found ? &m : NULL, NULL, 200);
}

int
admin_deputies_get(struct ctx *c)
{
	struct employee m;
	bool found;
	int rc = manager_of_page(c, c->ids[0], &m, &found);

	if (rc != 200)
		return rc;
	return deputies_page(c, &m, NULL, 200);
}

/* The field and text of each refusal (rules/deputy.h). */
static void
mark_problem(struct form *f, enum deputy_problem p)
{
	static const struct { enum deputy_problem p; const char *field, *key; } map[] = {
		{ DEPUTY_UNTIL_BEFORE_FROM, "until", "form.error.deputy.until_before_from" },
		{ DEPUTY_PAST, "until", "form.error.deputy.past" },
		{ DEPUTY_TOO_LONG, "until", "form.error.deputy.too_long" },
		{ DEPUTY_SELF, "deputy", "form.error.deputy.self" },
		{ DEPUTY_IS_EMPLOYEE, "deputy", "form.error.deputy.is_employee" },
		{ DEPUTY_UNKNOWN, "deputy", "form.error.deputy.unknown" },
		{ DEPUTY_NOT_REPORT, "employee", "form.error.deputy.not_report" },
		{ DEPUTY_OVERLAP, "from", "form.error.deputy.overlap" },
		{ DEPUTY_NO_MANAGER, "employee", "form.error.deputy.no_reports" },
	};
	size_t i;

	for (i = 0; i < ARRAY_LEN(map); i++)
		if (map[i].p == p)
			form_error(f, map[i].field, map[i].key);
}

/* Who the appointment is for: HR names any manager; anyone else only
 * themself (a manager field naming someone else is refused as 403). */
static int
form_manager(struct ctx *c, int64_t *manager_id)
{
	int64_t named = in_id(c, "manager");

	*manager_id = named ? named : c->user.id;
	if (*manager_id != c->user.id && !roles_administers(c->roles))
		return 403;
	return 200;
}

int
deputies_post(struct ctx *c)
{
	char today[DEPUTY_DATE_LEN + 1], where[DEPUTY_PATH_MAX];
	enum deputy_problem problem = DEPUTY_OK;
	struct deputy_input in = { 0 };
	struct employee m;
	struct form f;
	bool found;
	int64_t id = 0;
	int rc, st;

	if ((rc = form_manager(c, &in.manager_id)) != 200)
		return rc;
	if ((rc = manager_of_page(c, in.manager_id, &m, &found)) != 200)
		return rc == 404 ? 400 : rc;
	form_begin(&f, c, "deputy");
	if (f.failed || !deputy_today(time(NULL), today))
		return deputies_page(c, &m, &f, f.failed ? 400 : 500);
	in.deputy_login = in_text(c, "deputy");
	in.employee_id = in_id(c, "employee");
	in.starts_on = in_date(c, "from");
	in.ends_on = in_date(c, "until");
	st = deputy_appoint(c->db, c->user.id, &in, today, &id, &problem);
	if (st != DB_OK)
		return http_status_of(st);
	if (problem != DEPUTY_OK) {
		mark_problem(&f, problem);
		return deputies_page(c, &m, &f, 400);
	}
	page_path(c, in.manager_id, where, sizeof(where));
	return org_redirect(c, where, "flash.deputy_appointed");
}

int
deputy_end_post(struct ctx *c)
{
	char where[DEPUTY_PATH_MAX];
	int64_t manager_id = 0, version;
	bool present;
	int st;

	version = in_int(c, "version", &present);
	if (!present)
		return 400;
	st = deputy_end(c->db, c->user.id, roles_administers(c->roles), c->ids[0], version, &manager_id);
	if (st == DB_NOTFOUND)
		return 403;
	if (st == DB_CONFLICT && manager_id) {
		struct employee m;
		bool found;
		int rc = manager_of_page(c, manager_id, &m, &found);

		if (rc != 200)
			return rc;
		if ((rc = deputies_page(c, &m, NULL, 409)) == 409)
			xml_set(xml_add(c->page, "alert"), "key", "deputy.conflict");
		return rc;
	}
	if (st != DB_OK)
		return http_status_of(st);
	page_path(c, manager_id, where, sizeof(where));
	return org_redirect(c, where, "flash.deputy_ended");
}
