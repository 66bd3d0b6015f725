/* dashboard.c -- GET /: the start page after login: my dossiers, my team
 * (managers), the way to administration (HR). */
#include "config.h"

#include "app.h"
#include "pages/pages.h"
#include "base/util.h"
#include "xml/page.h"
#include "store/employee.h"

static void
xml_set_local(xmlNodePtr n, const char *name, const char *utc)
{
	char local[32];

	time_utc_to_local(utc, local, sizeof(local));
	xml_set(n, name, local);
}

static int
add_dossier(void *ud, const struct dossier_row *d)
{
	xmlNodePtr n = xml_add(ud, "dossier");

	xml_set_int(n, "id", d->id);
	xml_set(n, "cycle", d->cycle);
	xml_set(n, "status", d->status);
	xml_set(n, "manager", d->manager_name);
	xml_set(n, "starts_on", d->starts_on);
	return DB_OK;
}

static int
add_member(void *ud, const struct member_row *m)
{
	xmlNodePtr n = xml_add(ud, "member");

	xml_set_int(n, "id", m->id);
	xml_set(n, "login", m->login);
	xml_set(n, "name", m->name);
	if (m->dossier_id)
		xml_set_int(n, "dossier", m->dossier_id);
	if (m->next_id) {
		xml_set_int(n, "next", m->next_id);
		xml_set(n, "next_type", m->next_type);
		xml_set(n, "next_status", m->next_status);
		xml_set(n, "next_due", m->next_due);
		xml_set_local(n, "next_at", m->next_at);
	}
	xml_set_int(n, "overdue", m->overdue);
	return DB_OK;
}

static int
add_todo(void *ud, const struct todo_row *t)
{
	xmlNodePtr n = xml_add(ud, "conversation");

	xml_set_int(n, "id", t->conversation_id);
	xml_set(n, "type", t->type);
	xml_set(n, "status", t->status);
	xml_set_int(n, "dossier", t->dossier_id);
	xml_set(n, "cycle", t->cycle);
	xml_set(n, "due_on", t->due_on);
	xml_set_local(n, "scheduled_at", t->scheduled_at);
	xml_set(n, "employee", t->employee_name);
	xml_set(n, "action", t->action);
	return DB_OK;
}

int
dashboard_get(struct ctx *c)
{
	xmlNodePtr dash, roles;
	int st;

	/* The page is made of rows alone: overdue counts come from the
	 * database's date, so a new day reads different rows. */
	page_cache_begin(c);
	if (page_cache_stamped(c, STAMP_PERSON, c->user.id))
		return HANDLER_SENT;
	if (!page_begin(c, "dashboard"))
		return 500;
	dash = xml_add(c->page, "dashboard");
	roles = xml_add(dash, "roles");
	xml_add_text(roles, "role", "employee");
	if (c->user.is_manager)
		xml_add_text(roles, "role", "manager");
	if (c->is_hr)
		xml_add_text(roles, "role", "hr");
	st = todo_of_employee(c->db, c->user.id, add_todo, xml_add(dash, "todo"));
	if (st != DB_OK)
		return http_status_of(st);
	st = dossiers_of_employee(c->db, c->user.id, add_dossier, xml_add(dash, "dossiers"));
	if (st != DB_OK)
		return st == DB_UNAVAILABLE ? 503 : 500;
	if (c->user.is_manager) {
		st = team_of_manager(c->db, c->user.id, add_member, xml_add(dash, "team"));
		if (st != DB_OK)
			return st == DB_UNAVAILABLE ? 503 : 500;
	}
	return 200;
}
