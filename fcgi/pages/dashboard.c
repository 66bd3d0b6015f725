/* dashboard.c -- GET /: the start page after login: my dossiers, my team
 * (managers), the assessments waiting for the viewer as second assessor
 * (issue 17), the way to administration (HR). */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "rules/roles.h"
#include "pages/pages.h"
#include "base/util.h"
#include "xml/page.h"
#include "rules/deputy.h"
#include "store/dashboard.h"
#include "pages/calibration.h"
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

/* The manager's team as read, in no order, and each row's key:
 * order_members puts them in the order of the employee's name as the
 * database's collation orders it, then employee and dossier -- the team
 * page's ORDER BY (store/dashboard.c TEAM: that ORDER BY in the
 * dashboard's statement cost MariaDB a temporary table and a sort). */
struct member_key {
	unsigned char *name;	/* owned: the name's collation key */
	size_t len;
	int64_t id, dossier;
	xmlNodePtr node;
};
struct member_list {
	xmlNodePtr parent;
	struct member_key *keys;	/* cap of them, n used */
	size_t n, cap;
};

/* The first team grows to this many rows before it is grown again. */
#define MEMBER_KEYS_FIRST 32

static int
keep_member_key(struct member_list *l, const struct member_row *m, xmlNodePtr n)
{
	struct member_key *k;

	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : MEMBER_KEYS_FIRST;

		if (!(k = realloc(l->keys, cap * sizeof(*k))))
			return DB_ERROR;
		l->keys = k;
		l->cap = cap;
	}
	k = &l->keys[l->n];
	if (!(k->name = malloc(m->name_key_len + 1)))
		return DB_ERROR;
	if (m->name_key_len)
		memcpy(k->name, m->name_key, m->name_key_len);
	k->len = m->name_key_len;
	k->id = m->id;
	k->dossier = m->dossier_id;
	k->node = n;
	l->n++;
	return DB_OK;
}

static int
member_cmp(const void *a, const void *b)
{
	const struct member_key *x = a, *y = b;
	int c = memcmp(x->name, y->name, x->len < y->len ? x->len : y->len);

	if (c != 0)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	if (x->id != y->id)
		return (x->id > y->id) - (x->id < y->id);
	return (x->dossier > y->dossier) - (x->dossier < y->dossier);
}

static void
order_members(struct member_list *l)
{
	if (l->n < 2)
		return;
	qsort(l->keys, l->n, sizeof(*l->keys), member_cmp);
	for (size_t i = 0; i < l->n; i++) {
		xmlUnlinkNode(l->keys[i].node);
		xmlAddChild(l->parent, l->keys[i].node);
	}
}

static void
free_members(struct member_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->keys[i].name);
	free(l->keys);
}

static int
add_member(void *ud, const struct member_row *m)
{
	struct member_list *l = ud;
	xmlNodePtr n = xml_add(l->parent, "member");

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
	return keep_member_key(l, m, n);
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

/* The calibration proposals waiting for the manager as read, the oldest
 * first (and those waiting for the managers a deputy stands in for, in
 * no order), and their keys: order_proposals puts them in the order of
 * their employee's name as the database's collation orders it, then
 * proposal (store/dashboard.c PROPOSALS: an ORDER BY on the name there
 * cost MariaDB a temporary table). */
struct proposal_key {
	unsigned char *name;	/* owned: the name's collation key */
	size_t len;
	int64_t id;
	xmlNodePtr node;
};
struct proposal_list {
	xmlNodePtr parent;
	struct proposal_key *keys;	/* CALIB_TODO_MAX of them, from the first row */
	size_t n;
};

static int
add_proposal(void *ud, const struct calib_proposal *p)
{
	struct proposal_list *l = ud;
	struct proposal_key *k;
	int st;

	/* cannot happen: the list is LIMIT CALIB_TODO_MAX */
	if (l->n == CALIB_TODO_MAX)
		return DB_ERROR;
	/* most people have none waiting: no keys until the first */
	if (!l->keys && !(l->keys = calloc(CALIB_TODO_MAX, sizeof(*l->keys))))
		return DB_ERROR;
	if ((st = calibration_dashboard_add(l->parent, p)) != DB_OK)
		return st;
	k = &l->keys[l->n];
	if (!(k->name = malloc(p->name_key_len + 1)))
		return DB_ERROR;
	if (p->name_key_len)
		memcpy(k->name, p->name_key, p->name_key_len);
	k->len = p->name_key_len;
	k->id = p->id;
	k->node = l->parent->last;
	l->n++;
	return DB_OK;
}

/* issue 17: a proposal waiting for a manager the user stands in for
 * today, which they decide for the manager ("namens"). */
static int
add_borrowed_proposal(void *ud, const struct calib_proposal *p)
{
	struct proposal_list *l = ud;
	int st;

	if ((st = add_proposal(l, p)) != DB_OK)
		return st;
	xml_set(l->parent->last, "manager", p->manager);
	return DB_OK;
}

static void
free_proposals(struct proposal_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->keys[i].name);
	free(l->keys);
}

static int
proposal_cmp(const void *a, const void *b)
{
	const struct proposal_key *x = a, *y = b;
	int c = memcmp(x->name, y->name, x->len < y->len ? x->len : y->len);

	if (c != 0)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

static void
order_proposals(struct proposal_list *l)
{
	if (l->n < 2)		/* none at all: no keys either */
		return;
	qsort(l->keys, l->n, sizeof(*l->keys), proposal_cmp);
	for (size_t i = 0; i < l->n; i++) {
		xmlUnlinkNode(l->keys[i].node);
		xmlAddChild(l->parent, l->keys[i].node);
	}
}

/* issue 17: a manager whose every report the deputy holds today, whose
 * team report they may open (rules/deputy.h deputy_report_team): listed
 * only for a deputy with a dossier listed after the <todo>. */
static int
add_borrowed_team(void *ud, int64_t manager_id, const char *manager_name)
{
	struct todo_list *l = ud;

	if (l->parent->parent->last == l->parent)
		return DB_OK;
	return add_team(l->parent->parent, manager_id, manager_name);
}

static void
add_roles(struct ctx *c, xmlNodePtr dash)
{
	xmlNodePtr roles = xml_add(dash, "roles");

	xml_add_text(roles, "role", "employee");
	if (c->user.is_manager)
		xml_add_text(roles, "role", "manager");
	if (roles_administers(c->roles))
		xml_add_text(roles, "role", "hr");
	if (roles_read_audited(c->roles))
		xml_add_text(roles, "role", "advisor");
	if (roles_audits(c->roles))
		xml_add_text(roles, "role", "auditor");
}

/* Every list in one statement (store/dashboard.h), into the page's
 * elements made beforehand in the page's order; then the two to-do lists
 * ordered. */
static int
read_lists(struct ctx *c, xmlNodePtr dash, struct todo_list *own, struct todo_list *lent,
    struct proposal_list *props, struct proposal_list *lent_props, struct member_list *team)
{
	char today[DEPUTY_DATE_LEN + 1];
	struct dashboard_lists l = {
		.user_id = c->user.id, .manager = c->user.is_manager, .today = today,
		.todo = add_todo, .todo_ud = own, .review = add_review, .feedback = add_feedback,
		.calibration = add_proposal, .calibration_ud = props, .dossier = add_dossier,
		.borrowed_todo = add_todo, .borrowed_todo_ud = lent, .borrowed = add_borrowed,
		.borrowed_calibration = add_borrowed_proposal, .borrowed_calibration_ud = lent_props,
		.team = add_borrowed_team, .team_ud = lent, .member = add_member,
		.member_ud = team,
	};
	int st;

	if (!deputy_today(time(NULL), today))
		return 500;
	l.review_ud = xml_add(dash, "reviews");
	l.feedback_ud = xml_add(dash, "feedback");
	if (c->user.is_manager)
		props->parent = xml_add(dash, "calibrations");
	l.dossier_ud = xml_add(dash, "dossiers");
	l.borrowed_ud = xml_add(dash, "borrowed");
	/* before <todo>: add_borrowed_team looks for a dossier after it */
	lent_props->parent = xml_add(l.borrowed_ud, "calibrations");
	lent->parent = xml_add(l.borrowed_ud, "todo");
	if (c->user.is_manager)
		team->parent = xml_add(dash, "team");
	if ((st = dashboard_read(c->db, &l)) != DB_OK)
		return http_status_of(st);
	order_todo(own);
	order_todo(lent);
	order_proposals(props);
	order_proposals(lent_props);
	order_members(team);
	return 200;
}

int
dashboard_get(struct ctx *c)
{
	struct todo_list own = { NULL, NULL, 0 }, lent = { NULL, NULL, 0 };
	struct proposal_list props = { NULL, NULL, 0 }, lent_props = { NULL, NULL, 0 };
	struct member_list team = { NULL, NULL, 0, 0 };
	xmlNodePtr dash;
	int st = 500;

	/* The page is made of rows alone: overdue counts come from the
	 * database's date, so a new day reads different rows. */
	page_cache_begin(c);
	if (page_cache_stamped(c, STAMP_PERSON, c->user.id))
		return HANDLER_SENT;
	if (!page_begin(c, "dashboard"))
		return 500;
	dash = xml_add(c->page, "dashboard");
	add_roles(c, dash);
	own.parent = xml_add(dash, "todo");
	if (!(own.keys = calloc(TODO_CARDS_MAX, sizeof(*own.keys))) ||
	    !(lent.keys = calloc(TODO_CARDS_MAX, sizeof(*lent.keys))))
		goto fail;
	st = read_lists(c, dash, &own, &lent, &props, &lent_props, &team);
fail:
	free_members(&team);
	free_proposals(&props);
	free_proposals(&lent_props);
	free(own.keys);
	free(lent.keys);
	return st;
}
