/* admin_start.c -- POST /admin/cycles/{id}/start: HR starts a cycle for
 * every active employee, one department (with or without its
 * sub-departments) or a hand-picked list of logins.  HR only (routes.c).
 * The scope is always chosen (the form preselects none), and the start may
 * copy organisation goals of the cycle before (copy1 ... copyN).
 *
 * POST /admin/cycles/{id}/people: HR confirms one joiner (gets a dossier,
 * as the start would have given) or leaver (open dossier becomes 'left')
 * from the list of pending changes on the cycle page (store/cycle_people.c).
 *
 * A list is all or nothing: one unknown or inactive login refuses the
 * whole start, with every such login named.  Starting again gives no one a
 * second dossier; the redirect carries how many were created and how many
 * were there already, and the audit row of the cycle keeps both.
 *
 * The start also names the cycle's form templates (issue 16): a default
 * template (template) with, optionally, one of its versions
 * (template_version; none: the version the cycle names already, else the
 * newest), and a template per department (dep1 + dep1_template ...) and
 * per job profile (profile1 + profile1_template ...).  The form shows what
 * the cycle names, so sending it unchanged changes nothing; a start
 * without the template field keeps the cycle's choices
 * (store/cycle_template.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "pages/admin_cycle.h"
#include "pages/pages.h"
#include "base/util.h"
#include "store/competence.h"
#include "store/cycle.h"
#include "store/cycle_template.h"
#include "store/employee.h"
#include "xml/page.h"

/* A list names at most this many logins in at most this many characters
 * (the whole organisation of a mid-sized company; larger ones use scope
 * "all" or a department). */
#define START_LOGINS_MAX 2000
/* What separates logins in the list. */
#define LOGIN_SEPARATORS " \t\r\n,;"

/* The list's logins, resolved to employees; `text` is a copy the unknown
 * ones point into. */
struct picked {
	char *text;
	int64_t *ids;
	size_t n;
	const char **unknown;
	size_t nunknown;
};

static void
picked_free(struct picked *p)
{
	free(p->text);
	free(p->ids);
	free(p->unknown);
}

/* Looks up one login: known and active goes to ids, anything else to
 * unknown.  DB_OK unless the database failed. */
static int
pick(struct ctx *c, struct picked *p, const char *login)
{
	struct employee e;
	int st = DB_NOTFOUND;

	if (strlen(login) <= LOGIN_MAX)
		st = employee_by_login(c->db, login, &e);
	if (st == DB_OK && e.active) {
		p->ids[p->n++] = e.id;
		return DB_OK;
	}
	if (st != DB_OK && st != DB_NOTFOUND)
		return st;
	p->unknown[p->nunknown++] = login;
	return DB_OK;
}

/* Splits and resolves the list; on too many logins sets the field error. */
static int
pick_all(struct ctx *c, struct form *f, const char *logins, struct picked *p)
{
	char *tok, *save = NULL;
	int st;

	memset(p, 0, sizeof(*p));
	p->text = strdup(logins);
	p->ids = calloc(START_LOGINS_MAX, sizeof(*p->ids));
	p->unknown = calloc(START_LOGINS_MAX, sizeof(*p->unknown));
	if (p->text == NULL || p->ids == NULL || p->unknown == NULL)
		return DB_ERROR;
	for (tok = strtok_r(p->text, LOGIN_SEPARATORS, &save); tok;
	    tok = strtok_r(NULL, LOGIN_SEPARATORS, &save)) {
		if (p->n + p->nunknown == START_LOGINS_MAX) {
			form_error(f, "logins", "admin.cycle.error.logins_many");
			return DB_OK;
		}
		if ((st = pick(c, p, tok)) != DB_OK)
			return st;
	}
	if (p->nunknown)
		form_error(f, "logins", "admin.cycle.error.logins_unknown");
	else if (p->n == 0)
		form_error(f, "logins", "form.error.required");
	return DB_OK;
}

/* The goals ticked to copy: fields copy1 ... copyN, in form order. */
static size_t
copy_goals_read(struct ctx *c, int64_t goals[START_COPY_MAX])
{
	char name[16];
	size_t i, n = 0;

	for (i = 1; i <= START_COPY_MAX; i++) {
		snprintf(name, sizeof(name), "copy%zu", i);
		if (in_given(c, name))
			goals[n++] = in_id(c, name);
	}
	return n;
}

struct copy_xml {
	xmlNodePtr node;
	size_t n;	/* goals offered (not copied yet) */
};

static int
copy_goal_add(void *ud, const struct goal_copy_row *g)
{
	struct copy_xml *x = ud;
	xmlNodePtr n;

	xml_set_int(x->node, "cycle_id", g->cycle_id);
	xml_set(x->node, "cycle", g->cycle_name);
	/* Goals copied already take no field: a later start offers the rest. */
	if (!g->copied && x->n == START_COPY_MAX) {
		xml_set(x->node, "more", "1");
		return DB_OK;
	}
	n = xml_add(x->node, "goal");
	xml_set_int(n, "id", g->id);
	xml_set(n, "title", g->title);
	if (g->copied)
		xml_set(n, "copied", "1");
	else
		xml_set_int(n, "slot", (int64_t)++x->n);
	return DB_OK;
}

int
start_copy_goals_xml(struct ctx *c, int64_t cycle_id, xmlNodePtr page)
{
	struct copy_xml x = { xml_add(page, "copy-goals"), 0 };

	return cycle_goals_to_copy(c->db, cycle_id, copy_goal_add, &x);
}

/* ---- the form templates a start names ---- */

/* Bytes of a choice's field name: "profile5_template" and its NUL. */
#define CHOICE_FIELD_BYTES 24

/* The choices of one start form, with the fields each came from. */
struct start_templates {
	struct cycle_template_choice v[2 * CYCLE_TEMPLATE_CHOICES_MAX];
	char field[2 * CYCLE_TEMPLATE_CHOICES_MAX][2][CHOICE_FIELD_BYTES];	/* scope, template */
	size_t n;
};

/* One row of dep{n} / profile{n} and its template: both or neither. */
static void
choice_read(struct ctx *c, struct form *f, struct start_templates *t,
    enum cycle_template_scope scope, const char *prefix, size_t n)
{
	char *scope_field = t->field[t->n][0], *template_field = t->field[t->n][1];
	bool has_scope, has_template;

	snprintf(scope_field, sizeof(t->field[0][0]), "%s%zu", prefix, n);
	snprintf(template_field, sizeof(t->field[0][1]), "%s%zu_template", prefix, n);
	has_scope = in_given(c, scope_field);
	has_template = in_given(c, template_field);
	if (!has_scope && !has_template)
		return;
	if (!has_scope || !has_template) {
		form_error(f, has_scope ? template_field : scope_field, "form.error.required");
		return;
	}
	t->v[t->n++] = (struct cycle_template_choice){ scope, in_id(c, scope_field),
	    in_id(c, template_field) };
}

static void
templates_read(struct ctx *c, struct form *f, struct start_templates *t,
    struct cycle_templates_in *in)
{
	size_t i;

	memset(t, 0, sizeof(*t));
	memset(in, 0, sizeof(*in));
	for (i = 1; i <= CYCLE_TEMPLATE_CHOICES_MAX; i++)
		choice_read(c, f, t, CT_DEPARTMENT, "dep", i);
	for (i = 1; i <= CYCLE_TEMPLATE_CHOICES_MAX; i++)
		choice_read(c, f, t, CT_JOB_PROFILE, "profile", i);
	in->given = in_given(c, "template");
	/* Without the default the choices would be dropped unseen. */
	if (!in->given && (t->n > 0 || in_given(c, "template_version")))
		form_error(f, "template", "form.error.required");
	in->template_id = in_id(c, "template");
	in->version_id = in_id(c, "template_version");
	in->choices = t->v;
	in->nchoices = t->n;
}

/* The refused choice's field and message. */
static void
templates_error(struct form *f, const struct start_templates *t,
    const struct cycle_template_refusal *r)
{
	const char *field;

	if (r->choice == CT_REFUSED_DEFAULT || r->choice >= t->n) {
		form_error(f, r->problem == CT_VERSION_OTHER ? "template_version" : "template",
		    r->problem == CT_VERSION_OTHER ? "admin.cycle.error.template_version" :
		    "admin.cycle.error.template");
		return;
	}
	field = t->field[r->choice][r->problem == CT_TEMPLATE_UNKNOWN ? 1 : 0];
	switch (r->problem) {
	case CT_TEMPLATE_UNKNOWN:
		form_error(f, field, "admin.cycle.error.template");
		break;
	case CT_TWICE:
		form_error(f, field, "admin.cycle.error.template_twice");
		break;
	default:
		form_error(f, field, "form.error.choice");
		break;
	}
}

static void
template_name_xml(xmlNodePtr n, const char *key, const char *name_nl, const char *name_en,
    int number)
{
	xml_set(n, "key", key);
	xml_set(n, "name", name_nl);
	if (name_en[0])
		xml_set(n, "name_en", name_en);
	xml_set_int(n, "number", number);
}

static int
version_add(void *ud, const struct template_version_row *v)
{
	xmlNodePtr n = xml_add(ud, "version");

	xml_set_int(n, "id", v->version_id);
	xml_set_int(n, "template_id", v->template_id);
	template_name_xml(n, v->template_key, v->name_nl, v->name_en, v->number);
	if (v->newest)
		xml_set(n, "newest", "1");
	if (v->is_default)
		xml_set(n, "default", "1");
	return DB_OK;
}

static int
choice_add(void *ud, const struct cycle_template_row *r)
{
	xmlNodePtr n = xml_add(ud, "choice");

	xml_set(n, "scope", cycle_template_scope_names[r->scope]);
	xml_set_int(n, "scope_id", r->scope_id);
	xml_set(n, "scope_name", r->scope_name);
	xml_set_int(n, "template_id", r->template_id);
	xml_set_int(n, "version_id", r->version_id);
	template_name_xml(n, r->template_key, r->name_nl, r->name_en, r->number);
	xml_set_int(n, "conversations", r->conversations);
	return DB_OK;
}

static int
used_add(void *ud, const struct cycle_template_row *r)
{
	xmlNodePtr n = xml_add(ud, "used");

	xml_set_int(n, "version_id", r->version_id);
	template_name_xml(n, r->template_key, r->name_nl, r->name_en, r->number);
	xml_set_int(n, "conversations", r->conversations);
	return DB_OK;
}

static int
profile_add(void *ud, const struct profile_row *p)
{
	xmlNodePtr n = xml_add(ud, "profile");

	xml_set_int(n, "id", p->id);
	xml_set(n, "name", p->name_nl);
	if (p->name_en && p->name_en[0])
		xml_set(n, "name_en", p->name_en);
	return DB_OK;
}

int
start_templates_xml(struct ctx *c, int64_t cycle_id, bool closed, xmlNodePtr page)
{
	xmlNodePtr n = xml_add(page, "templates");
	int st;
	int i;

	for (i = 1; i <= CYCLE_TEMPLATE_CHOICES_MAX; i++)
		xml_set_int(xml_add(n, "slot"), "n", i);
	if ((st = cycle_templates_list(c->db, cycle_id, choice_add, n)) != DB_OK ||
	    (st = cycle_templates_used(c->db, cycle_id, used_add, n)) != DB_OK)
		return st;
	/* What the start form chooses from; a closed cycle has none. */
	if (closed)
		return DB_OK;
	if ((st = template_versions_list(c->db, version_add, n)) != DB_OK)
		return st;
	return profiles_list(c->db, profile_add, xml_add(page, "job-profiles"));
}

static int
refuse(struct ctx *c, int64_t id, const struct form *f, const struct picked *p, int status)
{
	struct cycle_view v = { .form = f };

	if (p) {
		v.unknown = p->unknown;
		v.nunknown = p->nunknown;
	}
	return cycle_view(c, id, &v, status);
}

static int
started(struct ctx *c, int64_t id, const struct cycle_started *r)
{
	char suffix[64];

	snprintf(suffix, sizeof(suffix), "?created=%lld&present=%lld#start-result",
	    (long long)r->created, (long long)r->present);
	return cycle_redirect(c, id, suffix, "flash.cycle_started");
}

/* A goal that is not of the cycle before: a forged or stale form. */
static int
refuse_goal(struct ctx *c, int64_t id, struct form *f)
{
	form_error(f, "scope", "admin.cycle.error.copy_goal");
	return refuse(c, id, f, NULL, 400);
}

/* One more count on a confirmation page (room for CYCLE_CONFIRM_COUNTS). */
static void
confirm_more(struct cycle_confirm *k, const char *name, int64_t value)
{
	if (k->ncounts == CYCLE_CONFIRM_COUNTS)
		return;
	k->names[k->ncounts] = name;
	k->values[k->ncounts++] = value;
}

/* The first POST: the confirmation page with who would get a dossier.
 * A closed cycle, or a department that is not there, is refused as the
 * start itself would refuse it. */
static int
ask_start(struct ctx *c, int64_t id, struct form *f, const struct cycle_start *how,
    const struct start_templates *t)
{
	struct cycle_template_refusal tr;
	struct cycle_started r = { 0 };
	struct cycle_brief b;
	struct cycle_confirm k = { "cycle_start", f, NULL, { "created", "present" },
	    { 0 }, 2 };
	struct cycle_view v = { .confirm = &k };
	int64_t goals = 0, refused = 0;
	int st;

	if ((st = cycle_brief_get(c, id, &b)) != DB_OK)
		return http_status_of(st);
	if (cycle_closed(&b)) {
		form_error(f, "scope", "admin.cycle.error.closed");
		return refuse(c, id, f, NULL, 409);
	}
	st = cycle_start_preview(c->db, id, how, &r);
	if (st == DB_NOTFOUND && how->scope == SCOPE_DEPARTMENT) {
		form_error(f, "department", "form.error.choice");
		return refuse(c, id, f, NULL, 400);
	}
	if (st != DB_OK)
		return http_status_of(st);
	st = cycle_copy_preview(c->db, id, how->copy_goals, how->ncopy_goals, &goals, &refused);
	if (st == DB_NOTFOUND)
		return refuse_goal(c, id, f);
	if (st != DB_OK)
		return http_status_of(st);
	if ((st = cycle_templates_check(c->db, &how->templates, &tr)) != DB_OK)
		return http_status_of(st);
	if (tr.problem != CT_OK) {
		templates_error(f, t, &tr);
		return refuse(c, id, f, NULL, 400);
	}
	k.values[0] = r.created;
	k.values[1] = r.present;
	/* Unfinished goals of the cycle before, carried as proposals, when
	 * there are any; the goals' count only when some were ticked. */
	if (r.proposals > 0)
		confirm_more(&k, "proposals", r.proposals);
	if (how->ncopy_goals > 0)
		confirm_more(&k, "goals_copied", goals);
	return cycle_view(c, id, &v, 200);
}

int
admin_cycle_start_post(struct ctx *c)
{
	int64_t id = c->ids[0];
	struct cycle_start how = { .scope = SCOPE_ALL };
	struct picked p = { 0 };
	struct cycle_started r = { 0 };
	struct start_templates t;
	int64_t goals[START_COPY_MAX];
	const char *scope, *logins;
	struct form f;
	int st;

	form_begin(&f, c, "start");
	scope = in_choice(c, "scope");
	how.department_id = in_id(c, "department");
	how.recursive = in_flag(c, "recursive");
	logins = in_text(c, "logins");
	how.ncopy_goals = copy_goals_read(c, goals);
	how.copy_goals = goals;
	templates_read(c, &f, &t, &how.templates);
	/* Which of the two is required depends on the scope chosen. */
	if (scope && strcmp(scope, "department") == 0 && !in_given(c, "department"))
		form_error(&f, "department", "form.error.required");
	if (scope && strcmp(scope, "list") == 0 && !in_given(c, "logins"))
		form_error(&f, "logins", "form.error.required");
	if (f.failed)
		return refuse(c, id, &f, NULL, 400);
	if (strcmp(scope, "department") == 0)
		how.scope = SCOPE_DEPARTMENT;
	if (strcmp(scope, "list") == 0) {
		how.scope = SCOPE_LIST;
		if ((st = pick_all(c, &f, logins, &p)) != DB_OK)
			goto done;
		if (f.failed) {
			st = refuse(c, id, &f, &p, 400);
			picked_free(&p);
			return st;
		}
		how.employees = p.ids;
		how.nemployees = p.n;
	}
	if (!in_flag(c, CONFIRM_FIELD)) {
		st = ask_start(c, id, &f, &how, &t);
		picked_free(&p);
		return st;
	}
	st = cycle_start(c->db, c->user.id, id, &how, &r);
done:
	picked_free(&p);
	if (st == DB_OK)
		return started(c, id, &r);
	if (st == DB_NOTFOUND && r.goal_refused)
		return refuse_goal(c, id, &f);
	if (st == DB_NOTFOUND && r.templates.problem != CT_OK) {
		templates_error(&f, &t, &r.templates);
		return refuse(c, id, &f, NULL, 400);
	}
	if (st == DB_CONFLICT) {
		form_error(&f, "scope", "admin.cycle.error.closed");
		return refuse(c, id, &f, NULL, 409);
	}
	if (st == DB_NOTFOUND && how.scope == SCOPE_DEPARTMENT) {
		/* The cycle or the department: the overview tells which. */
		form_error(&f, "department", "form.error.choice");
		return refuse(c, id, &f, NULL, 400);
	}
	return http_status_of(st);
}

/* ---- joiners and leavers ---- */

static int
person_add(void *ud, const struct person_change *p)
{
	xmlNodePtr n = xml_add(ud, "person");

	xml_set_int(n, "employee_id", p->employee_id);
	xml_set(n, "login", p->login);
	xml_set(n, "name", p->name);
	xml_set(n, "department", p->department);
	xml_set(n, "change", p->leave ? "leave" : "join");
	if (p->dossier_id)
		xml_set_int(n, "dossier_id", p->dossier_id);
	return DB_OK;
}

int
start_people_xml(struct ctx *c, int64_t cycle_id, xmlNodePtr page)
{
	return cycle_people_pending(c->db, cycle_id, PEOPLE_PENDING_SHOWN, person_add,
	    xml_add(page, "people-changes"));
}

/* The change field's values (routes.c people_changes), in the order of
 * enum person_decision, with the flash message of each. */
static const struct {
	const char *change;
	enum person_decision decision;
	const char *flash;
} person_decisions[] = {
	{ "leave", PERSON_LEAVE, "flash.person_left" },
	{ "join", PERSON_JOIN, "flash.person_joined" },
	{ "dismiss", PERSON_DISMISS, "flash.person_dismissed" },
};

int
admin_cycle_people_post(struct ctx *c)
{
	int64_t id = c->ids[0];
	const char *change = in_choice(c, "change");
	struct form f;
	size_t i;
	int st;

	form_begin(&f, c, "people");
	if (f.failed)
		return refuse(c, id, &f, NULL, 400);
	for (i = 0; i < ARRAY_LEN(person_decisions); i++)
		if (change && strcmp(change, person_decisions[i].change) == 0)
			break;
	if (i == ARRAY_LEN(person_decisions))
		return 400;	/* the route's choice list allows no other */
	st = cycle_person_confirm(c->db, c->user.id, id, in_id(c, "employee"),
	    person_decisions[i].decision);
	if (st == DB_OK)
		return cycle_redirect(c, id, "#people", person_decisions[i].flash);
	if (st == DB_CONFLICT || st == DB_NOTFOUND) {
		/* Confirmed already, or no longer due: the list shows what is. */
		form_error(&f, "employee", "admin.cycle.error.person");
		return refuse(c, id, &f, NULL, 409);
	}
	return http_status_of(st);
}
