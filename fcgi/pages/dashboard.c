/* dashboard.c -- GET /: the start page after login: my dossiers, my team
 * (managers), the assessments waiting for the viewer as second assessor
 * (issue 17), the way to administration (HR). */
#include "config.h"

#include <stdlib.h>
#include <time.h>

#include "app.h"
#include "rules/roles.h"
#include "pages/pages.h"
#include "base/util.h"
#include "xml/page.h"
#include "store/deputy.h"
#include "store/employee.h"
#include "store/review.h"
#include "pages/calibration.h"
#include "store/feedback.h"
#include "rules/urgency.h"

/* Both todo lists at their most (store/employee.h). */
#define TODO_CARDS_MAX (2 * TODO_MAX)

/* The cards as they are read, and their keys: todo_order decides the
 * order, the page only moves the nodes. */
struct todo_list {
	xmlNodePtr parent;
	struct todo_key *keys;
	size_t n;
};

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
	if (m->dossier_id) {
		xml_set_int(n, "dossier", m->dossier_id);
		xml_set(n, "cycle", m->cycle);
	}
	if (m->next_id) {
		xml_set_int(n, "next", m->next_id);
		xml_set(n, "next_type", m->next_type);
		xml_set(n, "next_status", m->next_status);
		xml_set(n, "next_due", m->next_due);
		xml_set_time(n, "next_at", m->next_at);
	}
	xml_set_int(n, "overdue", m->overdue);
	return DB_OK;
}

static int
add_todo(void *ud, const struct todo_row *t)
{
	struct todo_list *l = ud;
	xmlNodePtr n;
	struct todo_key *k;

	/* cannot happen: each list is LIMIT TODO_MAX */
	if (l->n == TODO_CARDS_MAX)
		return DB_ERROR;
	n = xml_add(l->parent, "conversation");
	k = &l->keys[l->n++];
	k->urgency = todo_urgency_of(t->action, t->overdue);
	strlcopy(k->due_on, t->due_on, sizeof(k->due_on));
	k->id = t->conversation_id;
	k->cycle_id = t->cycle_id;
	k->ud = n;
	xml_set_int(n, "cycle_id", t->cycle_id);
	xml_set_int(n, "overdue", t->overdue);

	xml_set_int(n, "id", t->conversation_id);
	xml_set(n, "type", t->type);
	xml_set(n, "status", t->status);
	xml_set_int(n, "dossier", t->dossier_id);
	xml_set(n, "cycle", t->cycle);
	xml_set(n, "due_on", t->due_on);
	xml_set_time(n, "scheduled_at", t->scheduled_at);
	xml_set(n, "employee", t->employee_name);
	xml_set(n, "action", t->action);
	if (t->manager_name[0])		/* a deputy's card names whose dossier */
		xml_set(n, "manager", t->manager_name);
	return DB_OK;
}

/* issue 17: a dossier the user holds today as a deputy. */
static int
add_borrowed(void *ud, const struct borrowed_row *b)
{
	xmlNodePtr n = xml_add(ud, "dossier");

	xml_set_int(n, "id", b->dossier_id);
	xml_set(n, "cycle", b->cycle);
	xml_set(n, "employee", b->employee_name);
	xml_set(n, "manager", b->manager_name);
	xml_set(n, "until", b->ends_on);
	return DB_OK;
}

/* issue 17: a manager whose every report the user holds today. */
static int
add_team(void *ud, int64_t manager_id, const char *manager_name)
{
	xmlNodePtr n = xml_add(ud, "team");

	xml_set_int(n, "manager_id", manager_id);
	xml_set(n, "manager", manager_name);
	return DB_OK;
}

/* A group's heading: its cycle and how many cards it holds. */
static void
add_group(xmlNodePtr todo, const struct todo_key *first, size_t count)
{
	xmlNodePtr g = xml_add(todo, "group");
	xmlChar *name = xmlGetProp(first->ud, (const xmlChar *)"cycle");

	xml_set_int(g, "cycle_id", first->cycle_id);
	xml_set(g, "cycle", name ? (const char *)name : "");
	xml_set_int(g, "count", (int64_t)count);
	xmlFree(name);
}

/* Puts the cards in todo_order's order (unlinked and added again) and
 * adds one <group> per cycle, in the same order. */
static void
order_todo(struct todo_list *l)
{
	size_t start = 0;

	todo_order(l->keys, l->n);
	for (size_t i = 0; i < l->n; i++) {
		xmlUnlinkNode(l->keys[i].ud);
		xmlAddChild(l->parent, l->keys[i].ud);
	}
	for (size_t i = 1; i <= l->n; i++) {
		if (i < l->n && l->keys[i].group == l->keys[start].group)
			continue;
		add_group(l->parent, &l->keys[start], i - start);
		start = i;
	}
}

static int
todo_cards(struct ctx *c, xmlNodePtr dash)
{
	struct todo_list l = { xml_add(dash, "todo"), NULL, 0 };
	int st;

	if (!(l.keys = calloc(TODO_CARDS_MAX, sizeof(*l.keys))))
		return 500;
	st = todo_of_employee(c->db, c->user.id, add_todo, &l);
	if (st == DB_OK)
		order_todo(&l);
	free(l.keys);
	return st == DB_OK ? 200 : http_status_of(st);
}

/* The dossiers the user holds today as a deputy, apart from their own:
 * the manager's to-do cards for them (ordered as the own ones are), then
 * the list.  Both read with the same `today`. */
static int
borrowed(struct ctx *c, xmlNodePtr dash, const char *today)
{
	xmlNodePtr b = xml_add(dash, "borrowed");
	struct todo_list l = { xml_add(b, "todo"), NULL, 0 };
	int st;

	if (!(l.keys = calloc(TODO_CARDS_MAX, sizeof(*l.keys))))
		return DB_ERROR;
	st = todo_of_deputy(c->db, c->user.id, today, add_todo, &l);
	if (st == DB_OK)
		order_todo(&l);
	free(l.keys);
	if (st != DB_OK)
		return st;
	if ((st = deputy_borrowed(c->db, c->user.id, today, add_borrowed, b)) != DB_OK)
		return st;
	/* The teams held whole, whose team report the deputy may open
	 * (rules/deputy.h deputy_report_team): asked only of a deputy, one
	 * with a dossier listed after the <todo>. */
	if (b->last == l.parent)
		return DB_OK;
	return deputy_teams(c->db, c->user.id, today, add_team, b);
}

/* An assessment waiting for the viewer as its second assessor (issue 17). */
static int
add_review(void *ud, const struct review_todo *t)
{
	xmlNodePtr n = xml_add(ud, "conversation");

	xml_set_int(n, "id", t->conversation_id);
	xml_set_int(n, "dossier_id", t->dossier_id);
	xml_set(n, "employee", t->employee);
	xml_set(n, "manager", t->manager);
	xml_set(n, "cycle", t->cycle);
	return DB_OK;
}

static int
add_feedback(void *ud, const struct feedback_invitation *i)
{
	xmlNodePtr n = xml_add(ud, "invitation");

	xml_set_int(n, "id", i->id);
	xml_set(n, "employee", i->employee);
	xml_set(n, "cycle", i->cycle);
	xml_set(n, "deadline", i->deadline);
	return DB_OK;
}

/* The feedback the user was asked for (issue 17) and has not given yet,
 * deadline today or later in the organisation's zone. */
static int
feedback_cards(struct ctx *c, xmlNodePtr dash)
{
	char today[FEEDBACK_DATE_SIZE] = "";
	time_t now = time(NULL);
	struct tm tm;
	int st;

	if (localtime_r(&now, &tm) != NULL)
		strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	st = feedback_todo(c->db, c->user.id, today, add_feedback, xml_add(dash, "feedback"));
	return st == DB_OK ? 200 : http_status_of(st);
}

int
dashboard_get(struct ctx *c)
{
	xmlNodePtr dash, roles;
	char today[DEPUTY_DATE_LEN + 1];
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
	if (roles_administers(c->roles))
		xml_add_text(roles, "role", "hr");
	if (roles_read_audited(c->roles))
		xml_add_text(roles, "role", "advisor");
	if (roles_audits(c->roles))
		xml_add_text(roles, "role", "auditor");
	if ((st = todo_cards(c, dash)) != 200)
		return st;
	st = review_todo_of(c->db, c->user.id, add_review, xml_add(dash, "reviews"));
	if (st != DB_OK)
		return http_status_of(st);
	if ((st = feedback_cards(c, dash)) != 200)
		return st;
	/* Calibration proposals waiting for the manager (issue 17). */
	if ((st = calibration_dashboard_xml(c, dash)) != DB_OK)
		return http_status_of(st);
	st = dossiers_of_employee(c->db, c->user.id, add_dossier, xml_add(dash, "dossiers"));
	if (st == DB_OK)
		st = deputy_today(time(NULL), today) ? borrowed(c, dash, today) : DB_ERROR;
	if (st != DB_OK)
		return st == DB_UNAVAILABLE ? 503 : 500;
	if (c->user.is_manager) {
		st = team_of_manager(c->db, c->user.id, add_member, xml_add(dash, "team"));
		if (st != DB_OK)
			return st == DB_UNAVAILABLE ? 503 : 500;
	}
	return 200;
}
