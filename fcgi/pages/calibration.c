/* calibration.c -- calibration (kalibratie, issue 17): GET /calibration
 * ?cycle=ID&department=ID, the proposed final ratings of a department
 * (and its sub-departments) side by side per manager, with the people
 * behind each number for those who may read them; POST /calibration/rounds
 * (open), /calibration/rounds/{id}/close, /calibration/rounds/{id}/proposals
 * (propose a change with a reason), /calibration/proposals/{id}/accept and
 * .../reject (the dossier's manager).
 *
 * Who sees what is rules/calibration.h's; the handlers ask it early to
 * answer a stranger 403 before anything else, and the store asks it again
 * inside every write (store/calibration.c). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "base/util.h"
#include "http/url.h"
#include "pages/admin_org.h"
#include "pages/calibration.h"
#include "pages/form.h"
#include "pages/pages.h"
#include "rules/calibration.h"
#include "rules/roles.h"
#include "store/advisor.h"
#include "store/audit.h"
#include "store/calibration.h"
#include "store/cycle.h"
#include "store/report.h"
#include "xml/page.h"

/* Final scales one view tells apart (a cycle's forms name a few). */
#define CALIB_SCALES_MAX 16
/* Levels one scale shows (template.xsd's levels of a scale, and values a
 * rating holds beyond them). */
#define CALIB_LEVELS_MAX 64
/* Bytes of the page's own query string. */
/* Bytes of a cycle's scale (cycle.rating_scale VARCHAR(1000), UTF-8). */
#define CALIB_CYCLE_SCALE_BYTES (4 * 1000 + 1)

/* What the handlers know of the viewer and the department. */
struct scope {
	int64_t cycle_id, department_id;
	struct calib_facts facts;
	enum calib_access access;
};

/* May the viewer open GET /calibration at all: an HR advisor (of some
 * department) or a manager.  Anyone else -- an HR administrator without
 * advisor rights too -- gets the stranger's 403. */
static bool
may_visit(const struct ctx *c)
{
	return roles_reads_dossier(c->roles, true) || c->user.is_manager;
}

static int
scope_of(struct ctx *c, int64_t cycle_id, int64_t department_id, struct scope *s)
{
	int st;

	memset(s, 0, sizeof(*s));
	s->cycle_id = cycle_id;
	s->department_id = department_id;
	s->facts.roles = c->roles;
	if (cycle_id == 0 || department_id == 0)
		return DB_OK;
	if (roles_needs_assignment(c->roles) &&
	    (st = advisor_covers(c->db, c->user.id, department_id, &s->facts.advisor_covers)) != DB_OK)
		return st;
	if ((st = calib_manages_in(c->db, c->user.id, cycle_id, department_id,
	    &s->facts.manages_there)) != DB_OK)
		return st;
	s->access = calib_access(&s->facts);
	return DB_OK;
}

static void
page_location(struct ctx *c, int64_t cycle_id, int64_t department_id)
{
	struct buf q;

	buf_init(&q);
	url_param_int(&q, "cycle", cycle_id);
	url_param_int(&q, "department", department_id);
	snprintf(c->location, sizeof(c->location), "/calibration?%s", q.failed ? "" : q.data);
	buf_free(&q);
}

/* ---- the choices: cycles and departments ---- */

struct cycle_pick {
	xmlNodePtr list;
	int64_t selected;
	char scale[CALIB_CYCLE_SCALE_BYTES];
	bool found;
};

static int
add_cycle(void *ud, const struct cycle_row *r)
{
	struct cycle_pick *p = ud;
	xmlNodePtr n = xml_add(p->list, "cycle");

	xml_set_int(n, "id", r->id);
	xml_set(n, "name", r->name);
	xml_set(n, "status", r->status);
	if (r->id == p->selected) {
		xml_set(n, "selected", "1");
		strlcopy(p->scale, r->scale ? r->scale : "", sizeof(p->scale));
		p->found = true;
	}
	return DB_OK;
}

struct dept_pick {
	xmlNodePtr list;
	int64_t selected;
	bool found;
};

static int
add_department(void *ud, int64_t id, const char *name)
{
	struct dept_pick *p = ud;
	xmlNodePtr n = xml_add(p->list, "department");

	xml_set_int(n, "id", id);
	xml_set(n, "name", name);
	if (id == p->selected) {
		xml_set(n, "selected", "1");
		p->found = true;
	}
	return DB_OK;
}

/* ---- the distributions ---- */

/* One proposed rating, as counted. */
struct counted {
	int64_t manager_id, scale_id;
	int rating;
	xmlNodePtr manager;	/* the manager's node in the detached list */
};

struct gather {
	struct ctx *c;
	xmlNodePtr people;
	xmlNodePtr managers;	/* one <manager id name> each, detached */
	struct counted *rows;
	size_t n;
	bool cut;
};

static int
add_person(void *ud, const struct calib_person *p)
{
	struct gather *g = ud;
	struct counted *r;
	xmlNodePtr n;

	if (g->n == CALIB_PEOPLE_MAX) {
		g->cut = true;
		return DB_OK;
	}
	r = &g->rows[g->n];
	r->manager_id = p->manager_id;
	r->scale_id = p->scale_id;
	r->rating = p->rating;
	if (g->n > 0 && g->rows[g->n - 1].manager_id == p->manager_id) {
		r->manager = g->rows[g->n - 1].manager;
	} else {
		r->manager = xml_add(g->managers, "manager");
		xml_set_int(r->manager, "id", p->manager_id);
		xml_set(r->manager, "name", p->manager);
	}
	g->n++;
	n = xml_add(g->people, "person");
	xml_set_int(n, "conversation", p->conversation_id);
	xml_set_int(n, "dossier", p->dossier_id);
	xml_set(n, "name", p->employee);
	xml_set_int(n, "manager_id", p->manager_id);
	xml_set(n, "manager", p->manager);
	xml_set_int(n, "scale", p->scale_id);
	xml_set_int(n, "rating", p->rating);
	if (p->proposal_id) {
		xml_set_int(n, "proposal", p->proposal_id);
		xml_set_int(n, "proposed", p->proposal_rating);
		xml_set(n, "proposed_by", p->proposal_author);
	}
	return DB_OK;
}

struct levels {
	xmlNodePtr scale;
	int value[CALIB_LEVELS_MAX];
	size_t n;
};

static void
level_add(struct levels *l, int value, const char *nl, const char *en)
{
	xmlNodePtr n;
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->value[i] == value)
			return;
	if (l->n == CALIB_LEVELS_MAX)
		return;
	l->value[l->n++] = value;
	n = xml_add(l->scale, "level");
	xml_set_int(n, "value", value);
	if (nl && nl[0])
		xml_set(n, "label_nl", nl);
	if (en && en[0])
		xml_set(n, "label_en", en);
}

static int
add_level(void *ud, const struct report_scale_level *r)
{
	struct levels *l = ud;

	if (r->value >= 0)
		level_add(l, r->value, r->label_nl, r->label_en);
	return DB_OK;
}

/* The cycle's own scale: its labels valued 1, 2, ... lowest first. */
static void
cycle_levels(struct levels *l, const char *scale)
{
	char label[CALIB_CYCLE_SCALE_BYTES];
	const char *p = scale;
	int value = 1;

	while (p && *p) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);

		if (len >= sizeof(label))
			len = sizeof(label) - 1;
		memcpy(label, p, len);
		label[len] = '\0';
		level_add(l, value++, label, NULL);
		p = bar ? bar + 1 : NULL;
	}
}

/* The position of `value` among the scale's levels (l->n: none, as a
 * level beyond CALIB_LEVELS_MAX). */
static size_t
level_index(const struct levels *l, int value)
{
	size_t v;

	for (v = 0; v < l->n && l->value[v] != value; v++)
		;
	return v;
}

/* One manager's column of a scale: the rows from `first` on that are
 * theirs, counted per level. */
static void
manager_xml(const struct gather *g, const struct levels *l, size_t first, int64_t scale_id)
{
	const struct counted *r = &g->rows[first];
	int64_t total = 0, count[CALIB_LEVELS_MAX] = { 0 };
	xmlNodePtr m = xml_add(l->scale, "manager");
	xmlChar *name = xmlGetProp(r->manager, BAD_CAST "name");
	size_t k, v;

	for (k = first; k < g->n && g->rows[k].manager == r->manager; k++) {
		if (g->rows[k].scale_id != scale_id)
			continue;
		if ((v = level_index(l, g->rows[k].rating)) < l->n) {
			count[v]++;
			total++;
		}
	}
	xml_set_int(m, "id", r->manager_id);
	xml_set(m, "name", name ? (const char *)name : "");
	xmlFree(name);
	xml_set_int(m, "total", total);
	for (v = 0; v < l->n; v++) {
		xmlNodePtr n = xml_add(m, "count");

		xml_set_int(n, "value", l->value[v]);
		xml_set_int(n, "n", count[v]);
	}
}

/* One scale's table: its levels (and any value a rating holds beyond
 * them), then per manager with a rating on it how many each level got.
 * The rows come by manager, so each manager's rows are together. */
static int
scale_xml(struct gather *g, xmlNodePtr parent, int64_t scale_id, const char *cycle_scale)
{
	struct levels l = { xml_add(parent, "scale"), { 0 }, 0 };
	xmlNodePtr last = NULL;
	size_t i;
	int st;

	xml_set_int(l.scale, "id", scale_id);
	if (scale_id == 0)
		cycle_levels(&l, cycle_scale);
	else if ((st = report_rating_scale(g->c->db, scale_id, add_level, &l)) != DB_OK)
		return st;
	for (i = 0; i < g->n; i++)
		if (g->rows[i].scale_id == scale_id)
			level_add(&l, g->rows[i].rating, NULL, NULL);
	for (i = 0; i < g->n; i++) {
		if (g->rows[i].scale_id != scale_id || g->rows[i].manager == last)
			continue;
		last = g->rows[i].manager;
		/* from this manager's first row on the scale */
		manager_xml(g, &l, i, scale_id);
	}
	return DB_OK;
}

static int
distributions(struct gather *g, xmlNodePtr cal, const char *cycle_scale)
{
	int64_t scales[CALIB_SCALES_MAX];
	size_t ns = 0, i, j;
	int st;

	for (i = 0; i < g->n; i++) {
		for (j = 0; j < ns && scales[j] != g->rows[i].scale_id; j++)
			;
		if (j == ns && ns < CALIB_SCALES_MAX)
			scales[ns++] = g->rows[i].scale_id;
	}
	for (j = 0; j < ns; j++)
		if ((st = scale_xml(g, cal, scales[j], cycle_scale)) != DB_OK)
			return st;
	return DB_OK;
}

static void
round_xml(const struct calib_round *r, xmlNodePtr cal)
{
	xmlNodePtr n;

	if (r->id == 0)
		return;
	n = xml_add(cal, "round");
	xml_set_int(n, "id", r->id);
	xml_set(n, "status", r->status);
	xml_set_int(n, "version", r->version);
	xml_set(n, "opened_by", r->opened_by);
	xml_set_time(n, "opened_at", r->opened_at);
}

static int add_proposal(void *ud, const struct calib_proposal *p);

/* The round's decided proposals (accepted and rejected: who decided,
 * when, the reasons, the old and new rating), for those who see the
 * people behind the numbers anyway. */
static int
decided_xml(struct ctx *c, const struct calib_round *r, xmlNodePtr cal)
{
	if (r->id == 0)
		return DB_OK;
	return calib_round_decided(c->db, r->id, add_proposal, xml_add(cal, "decided"));
}

/* An HR advisor's read of the people behind the ratings is a people
 * list: one read-audit record naming what it held (issue 17). */
static int
record_read(struct ctx *c, const struct scope *s, size_t n)
{
	char what[READ_WHAT_MAX + 1];

	if (c->req->is_post || !roles_read_audited(c->roles))
		return DB_OK;
	snprintf(what, sizeof(what), "calibration cycle=%lld department=%lld people=%zu",
	    (long long)s->cycle_id, (long long)s->department_id, n);
	return audit_read(c->db, c->user.id, READ_KIND_PEOPLE, s->cycle_id, what);
}

/* The department's part of the page: its round, its distributions, its
 * people (names only for CALIB_NAMES). */
static int
department_xml(struct ctx *c, const struct scope *s, xmlNodePtr cal, const char *cycle_scale)
{
	struct gather g = { c, NULL, xmlNewNode(NULL, BAD_CAST "managers"), NULL, 0, false };
	struct calib_round r;
	int st;

	if (g.managers == NULL ||
	    (g.rows = calloc(CALIB_PEOPLE_MAX, sizeof(*g.rows))) == NULL) {
		st = DB_ERROR;
		goto out;
	}
	if (calib_may_run(&s->facts))
		xml_set(cal, "may_run", "1");
	if ((st = calib_round_of(c->db, s->cycle_id, s->department_id, &r)) != DB_OK)
		goto out;
	round_xml(&r, cal);
	if ((st = decided_xml(c, &r, cal)) != DB_OK)
		goto out;
	g.people = xml_add(cal, "people");
	if ((st = calib_people(c->db, s->cycle_id, s->department_id, add_person, &g)) != DB_OK)
		goto out;
	if (g.cut)
		xml_set_int(cal, "cut", CALIB_PEOPLE_MAX);
	if ((st = distributions(&g, cal, cycle_scale)) != DB_OK)
		goto out;
	st = record_read(c, s, g.n);
out:
	free(g.rows);
	xmlFreeNode(g.managers);
	return st;
}

/* The page for cycle_id and department_id (either 0: the choices only);
 * f a refused form or NULL; alert a catalog key or NULL. */
static int
calibration_page(struct ctx *c, int64_t cycle_id, int64_t department_id, const struct form *f,
    const char *alert, int status)
{
	struct cycle_pick cp = { NULL, cycle_id, "", false };
	struct dept_pick dp = { NULL, department_id, false };
	struct scope s;
	xmlNodePtr cal;
	int st;

	if (!may_visit(c))
		return 403;
	if ((st = scope_of(c, cycle_id, department_id, &s)) != DB_OK)
		return http_status_of(st);
	if (cycle_id && department_id && s.access == CALIB_NONE)
		return 403;
	if (!page_begin(c, "calibration"))
		return 500;
	cal = xml_add(c->page, "calibration");
	cp.list = xml_add(cal, "cycles");
	if ((st = cycle_list(c->db, add_cycle, &cp)) != DB_OK)
		return http_status_of(st);
	if (cycle_id && !cp.found)
		return 404;
	if (cycle_id) {
		xml_set_int(cal, "cycle_id", cycle_id);
		dp.list = xml_add(cal, "departments");
		st = calib_departments(c->db, c->user.id, cycle_id, roles_reads_all(c->roles),
		    roles_needs_assignment(c->roles), add_department, &dp);
		if (st != DB_OK)
			return http_status_of(st);
		/* Only a department that does not exist is missing from the
		 * list of one who may see it. */
		if (department_id && !dp.found)
			return 404;
	}
	if (cycle_id && department_id) {
		xml_set_int(cal, "department_id", department_id);
		if ((st = department_xml(c, &s, cal, cp.scale)) != DB_OK)
			return http_status_of(st);
	}
	if (f)
		form_xml(f, c->page);
	if (alert)
		xml_set(xml_add(c->page, "alert"), "key", alert);
	return status;
}

int
calibration_get(struct ctx *c)
{
	struct form f;

	form_begin(&f, c, "calibration");
	if (f.failed)	/* an id that is no id: the choice again, the field named */
		return calibration_page(c, 0, 0, &f, NULL, 400);
	return calibration_page(c, in_id(c, "cycle"), in_id(c, "department"), NULL, NULL, 200);
}

/* ---- the round's writes ---- */

static struct calib_actor
actor_of(const struct ctx *c)
{
	struct calib_actor a = { c->user.id, c->roles };

	return a;
}

/* The early answer of a round's write: 403 unless the viewer may run
 * rounds in this cycle and department (the store asks again). */
static int
may_run_here(struct ctx *c, int64_t cycle_id, int64_t department_id)
{
	struct scope s;
	int st;

	if ((st = scope_of(c, cycle_id, department_id, &s)) != DB_OK)
		return http_status_of(st);
	return calib_may_run(&s.facts) ? 200 : 403;
}

int
calibration_open_post(struct ctx *c)
{
	struct calib_actor a = actor_of(c);
	int64_t cycle_id = in_id(c, "cycle"), department_id = in_id(c, "department"), id = 0;
	bool closed = false;
	int rc, st;

	if (!may_visit(c))
		return 403;
	if (cycle_id == 0 || department_id == 0)
		return 400;
	if ((rc = may_run_here(c, cycle_id, department_id)) != 200)
		return rc;
	st = calib_round_open(c->db, &a, cycle_id, department_id, &id, &closed);
	if (st == DB_NOTFOUND)	/* the right was checked above: no such cycle or department */
		return 404;
	if (st == DB_CONFLICT)
		return calibration_page(c, cycle_id, department_id, NULL, closed ?
		    "calibration.error.cycle_closed" : "calibration.error.round_open", 409);
	if (st != DB_OK)
		return http_status_of(st);
	if ((st = auth_flash(c, "flash.calibration.opened")) != DB_OK)
		return http_status_of(st);
	page_location(c, cycle_id, department_id);
	return HANDLER_REDIRECT;
}

/* The round {id} and the early answer for it: 403 when there is none or
 * the viewer may not run it (the same answer: nothing tells which). */
static int
round_of_request(struct ctx *c, struct calib_round *r)
{
	int st = calib_round_get(c->db, c->ids[0], r);

	if (st != DB_OK)
		return http_status_of(st);
	if (r->id == 0)
		return 403;
	return may_run_here(c, r->cycle_id, r->department_id);
}

int
calibration_close_post(struct ctx *c)
{
	struct calib_actor a = actor_of(c);
	struct calib_round r;
	bool has;
	int64_t version = in_int(c, "version", &has);
	int rc, st;

	/* Without its version a close is refused before any lookup: the id
	 * tells nothing. */
	if (!may_visit(c))
		return 403;
	if (!has)
		return 400;
	if ((rc = round_of_request(c, &r)) != 200)
		return rc;
	st = calib_round_close(c->db, &a, r.id, version);
	if (st == DB_NOTFOUND)
		return 403;
	if (st == DB_CONFLICT)
		return calibration_page(c, r.cycle_id, r.department_id, NULL,
		    "calibration.error.round_moved", 409);
	if (st != DB_OK)
		return http_status_of(st);
	if ((st = auth_flash(c, "flash.calibration.closed")) != DB_OK)
		return http_status_of(st);
	page_location(c, r.cycle_id, r.department_id);
	return HANDLER_REDIRECT;
}

/* The field and text of each refusal (rules/calibration.h). */
static void
mark_problem(struct form *f, enum calib_problem p)
{
	static const struct { enum calib_problem p; const char *field, *key; } map[] = {
		{ CALIB_NOT_PROPOSED, "conversation", "calibration.error.not_proposed" },
		{ CALIB_SAME, "rating", "calibration.error.same" },
		{ CALIB_NOT_ON_SCALE, "rating", "calibration.error.rating" },
		{ CALIB_OUTSIDE, "conversation", "calibration.error.outside" },
		{ CALIB_WAITING, "conversation", "calibration.error.waiting" },
		{ CALIB_ROUND_CLOSED, "conversation", "calibration.error.round_closed" },
		{ CALIB_STALE, "conversation", "calibration.error.stale" },
	};
	size_t i;

	for (i = 0; i < ARRAY_LEN(map); i++)
		if (map[i].p == p)
			form_error(f, map[i].field, map[i].key);
}

int
calibration_propose_post(struct ctx *c)
{
	struct calib_actor a = actor_of(c);
	enum calib_problem problem = CALIB_OK;
	struct calib_round r;
	struct form f;
	bool has;
	int64_t id = 0;
	int rc, st, rating = (int)in_int(c, "rating", &has);

	if (!may_visit(c))
		return 403;
	/* A field refused (a reason is required, and limited): the round's
	 * page again with the form, for one who may run it; else the choice
	 * with the form, before any lookup says whether the round exists. */
	form_begin(&f, c, "calibration_propose");
	if (f.failed || !has || in_id(c, "conversation") == 0) {
		if (round_of_request(c, &r) == 200)
			return calibration_page(c, r.cycle_id, r.department_id, &f, NULL, 400);
		return calibration_page(c, 0, 0, &f, NULL, 400);
	}
	if ((rc = round_of_request(c, &r)) != 200)
		return rc;
	st = calib_propose(c->db, &a, r.id, in_id(c, "conversation"), rating, in_text(c, "reason"),
	    &id, &problem);
	if (st == DB_NOTFOUND) {
		form_error(&f, "conversation", "calibration.error.outside");
		return calibration_page(c, r.cycle_id, r.department_id, &f, NULL, 400);
	}
	if (st == DB_CONFLICT) {
		form_error(&f, "conversation", "calibration.error.waiting");
		return calibration_page(c, r.cycle_id, r.department_id, &f, NULL, 409);
	}
	if (st != DB_OK)
		return http_status_of(st);
	if (problem != CALIB_OK) {
		mark_problem(&f, problem);
		return calibration_page(c, r.cycle_id, r.department_id, &f, NULL,
		    problem == CALIB_NOT_PROPOSED || problem == CALIB_WAITING ||
		    problem == CALIB_ROUND_CLOSED ? 409 : 400);
	}
	if ((st = auth_flash(c, "flash.calibration.proposed")) != DB_OK)
		return http_status_of(st);
	page_location(c, r.cycle_id, r.department_id);
	return HANDLER_REDIRECT;
}

/* ---- the manager's decision ---- */

/* The conversation page again with the refusal: 409 (it moved on). */
static int
decision_refused(struct ctx *c, int64_t conv_id, const char *key)
{
	xmlNodePtr page = NULL;
	int rc = conversation_page(c, conv_id, 409, &page);

	if (rc == 409 && page)
		xml_set(xml_add(page, "alert"), "key", key);
	return rc;
}

static const char *
problem_key(enum calib_problem p)
{
	switch (p) {
	case CALIB_NOT_PROPOSED: return "calibration.error.not_proposed";
	case CALIB_STALE: return "calibration.error.stale";
	case CALIB_ROUND_CLOSED: return "calibration.error.round_closed";
	default: return "calibration.error.decided";
	}
}

static int
decided(struct ctx *c, int st, enum calib_problem problem, int64_t conv_id, const char *flash)
{
	if (st == DB_NOTFOUND || (st != DB_OK && conv_id == 0))
		return st == DB_NOTFOUND ? 403 : http_status_of(st);
	if (st == DB_CONFLICT)
		return decision_refused(c, conv_id, "calibration.error.decided");
	if (st != DB_OK)
		return http_status_of(st);
	if (problem != CALIB_OK)
		return decision_refused(c, conv_id, problem_key(problem));
	if ((st = auth_flash(c, flash)) != DB_OK)
		return http_status_of(st);
	snprintf(c->location, sizeof(c->location), "/conversations/%lld#calibration",
	    (long long)conv_id);
	return HANDLER_REDIRECT;
}

/* A decision names the proposal's version as shown: without it, refused
 * before any lookup (the id tells nothing). */
int
calibration_accept_post(struct ctx *c)
{
	enum calib_problem problem = CALIB_OK;
	int64_t conv_id = 0, version;
	bool has;
	int st;

	version = in_int(c, "version", &has);
	if (!has)
		return 400;
	st = calib_accept(c->db, c->user.id, c->ids[0], version, &problem, &conv_id);
	return decided(c, st, problem, conv_id, "flash.calibration.accepted");
}

int
calibration_reject_post(struct ctx *c)
{
	enum calib_problem problem = CALIB_OK;
	struct form f;
	int64_t conv_id = 0, version;
	bool has;
	int st;

	form_begin(&f, c, "calibration_reject");
	version = in_int(c, "version", &has);
	if (f.failed || !has)	/* no version, or the reason too long: nothing written */
		return 400;
	st = calib_reject(c->db, c->user.id, c->ids[0], version, in_text(c, "reason"), &problem,
	    &conv_id);
	return decided(c, st, problem, conv_id, "flash.calibration.rejected");
}

/* ---- on the conversation page and the dashboard ---- */

static int
add_proposal(void *ud, const struct calib_proposal *p)
{
	xmlNodePtr n = xml_add(ud, "proposal");

	xml_set_int(n, "id", p->id);
	xml_set_int(n, "version", p->version);
	xml_set_int(n, "conversation", p->conversation_id);
	xml_set_int(n, "dossier", p->dossier_id);
	xml_set(n, "status", p->status);
	xml_set_int(n, "old", p->old_rating);
	xml_set_int(n, "new", p->new_rating);
	xml_set(n, "author", p->author);
	xml_set(n, "employee", p->employee);
	xml_set_time(n, "at", p->at);
	if (p->decided_by[0])
		xml_set(n, "decided_by", p->decided_by);
	if (p->decided_for[0])	/* a deputy decided, namens the manager */
		xml_set(n, "decided_for", p->decided_for);
	if (p->decided_at[0])
		xml_set_time(n, "decided_at", p->decided_at);
	xml_add_text(n, "reason", p->reason);
	if (p->decision_reason[0])
		xml_add_text(n, "decision_reason", p->decision_reason);
	return DB_OK;
}

int
calibration_conv_xml(struct ctx *c, const struct dossier_view *v,
    const struct conversation *cv, xmlNodePtr conv)
{
	xmlNodePtr n;

	/* Never calibrated: no statement spent.  The employee and the signed
	 * report see an accepted change in <review>, not the proposals. */
	if (strcmp(cv->calibration, "none") == 0 || cv->calibration[0] == '\0' ||
	    v->side == SIDE_SNAPSHOT || v->side == SIDE_EMPLOYEE || v->side == SIDE_NONE)
		return DB_OK;
	n = xml_add(conv, "calibration");
	if (v->side == SIDE_MANAGER && calib_decides(c->user.id, v->d.manager_id, v->deputy))
		xml_set(n, "decide", "1");
	return calib_proposals_of_conversation(c->db, cv->id, add_proposal, n);
}

int
calibration_dashboard_add(void *ud, const struct calib_proposal *p)
{
	return add_proposal(ud, p);
}
