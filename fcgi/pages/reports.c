/* reports.c -- GET /reports: HR's overview of a cycle, per department (with
 * its sub-departments folded in or not): conversations of each type by
 * state, result goals achieved, the distribution of overall ratings, each
 * collective goal's status and the employees without a dossier.  Every
 * number links to GET /reports/people, the people behind it.
 *
 * HR sees everyone; a manager the same view of the dossiers they hold
 * (and of their reports without one); anyone else gets 403.  Both pages
 * are GET forms: a refused filter comes back with status 400, the typed
 * values kept and the problem next to its field. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/base64.h>

#include "app.h"
#include "rules/roles.h"
#include "store/audit.h"
#include "http/url.h"
#include "pages/choices.h"
#include "pages/form.h"
#include "pages/pages.h"
#include "pages/reports.h"
#include "base/util.h"
#include "xml/page.h"
#include "store/cycle.h"
#include "store/dossier.h"
#include "store/goal.h"
#include "store/organisation.h"
#include "store/report.h"
#include "store/report_summary.h"
#include "rules/person.h"

static const char *const conversation_types[] = { "goal_setting", "progress", "assessment", NULL };
static const char *const conversation_states[] = { "planned", "held", "signing", "closed",
	"overdue", "total", NULL };
static const char *const result_states[] = { "total", "achieved", "not_achieved",
	"in_progress", NULL };

bool
reports_allowed(const struct ctx *c)
{
	return roles_reports_all(c->roles) || c->user.is_manager;
}

/* ---- the filter: cycle, department, sub-departments ---- */

struct chosen_cycle {
	int64_t id;
	char name[CYCLE_NAME_MAX * 4 + 1];
	char status[8];
	char scale[SCALE_MAX + 1];
	bool found;
};

struct filter {
	struct chosen_cycle cycle;
	int64_t department_id;
	bool recursive;
	/* issue 17: the team of a manager the viewer stands in for
	 * (reports_choose_team); 0: the viewer's usual scope (scope_of). */
	int64_t team;
	/* The filter's lists and the numbers were read ahead in one
	 * statement (prefetch_overview). */
	bool prefetched;
};

static int
keep_cycle(void *ud, const struct cycle_row *r)
{
	struct chosen_cycle *cc = ud;

	/* cycle_list: newest first; keep the first open one, else the newest. */
	if (cc->found && (strcmp(cc->status, "open") == 0 || strcmp(r->status, "open") != 0))
		return DB_OK;
	cc->id = r->id;
	strlcopy(cc->name, r->name, sizeof(cc->name));
	strlcopy(cc->status, r->status, sizeof(cc->status));
	strlcopy(cc->scale, r->scale, sizeof(cc->scale));
	cc->found = true;
	return DB_OK;
}

/* Reads cycle, department and recursive; unknown ids are form errors.
 * Without a cycle the newest open one is taken (where the route declares
 * it optional). */
static int
read_filter(struct ctx *c, struct form *f, struct filter *out)
{
	struct department dep;
	int64_t cycle_id;
	int st;

	memset(out, 0, sizeof(*out));
	cycle_id = in_id(c, "cycle");
	out->department_id = in_id(c, "department");
	out->recursive = in_flag(c, "recursive");
	if (cycle_id) {
		st = cycle_get(c->db, cycle_id, keep_cycle, &out->cycle);
		if (st == DB_NOTFOUND)
			form_error(f, "cycle", "form.error.choice");
		else if (st != DB_OK)
			return st;
	} else if (!f->failed && (st = cycle_list(c->db, keep_cycle, &out->cycle)) != DB_OK) {
		return st;
	}
	if (out->department_id) {
		st = department_get(c->db, out->department_id, &dep);
		if (st == DB_NOTFOUND)
			form_error(f, "department", "form.error.choice");
		else if (st != DB_OK)
			return st;
	}
	return DB_OK;
}

static void
scope_of(const struct ctx *c, const struct filter *fl, struct report_scope *s)
{
	s->cycle_id = fl->cycle.id;
	s->department_id = fl->department_id;
	s->recursive = fl->department_id && fl->recursive;
	s->manager_id = roles_reports_all(c->roles) ? 0 : fl->team ? fl->team : c->user.id;
}

/* The filter, and as a query string for links. */
static void
filter_xml(const struct filter *fl, xmlNodePtr parent)
{
	xmlNodePtr n = xml_add(parent, "filter");
	struct buf q;

	buf_init(&q);
	url_param_int(&q, "cycle", fl->cycle.id);
	if (fl->department_id)
		url_param_int(&q, "department", fl->department_id);
	if (fl->department_id && fl->recursive)
		url_param(&q, "recursive", "1");
	if (fl->team) {
		url_param_int(&q, "team", fl->team);
		xml_set_int(n, "team", fl->team);
	}
	xml_set_int(n, "cycle", fl->cycle.id);
	if (fl->department_id)
		xml_set_int(n, "department", fl->department_id);
	if (fl->department_id && fl->recursive)
		xml_set(n, "recursive", "1");
	if (!q.failed)
		xml_set(n, "query", q.data);
	buf_free(&q);
}

/* ---- choices of the filter form ---- */

static int
add_cycle_choice(void *ud, const struct cycle_row *r)
{
	xmlNodePtr n = xml_add(ud, "cycle");

	xml_set_int(n, "id", r->id);
	xml_set(n, "name", r->name);
	xml_set(n, "status", r->status);
	return DB_OK;
}

static int
choices_xml(struct ctx *c, int64_t department_id, xmlNodePtr parent)
{
	int st = cycle_list(c->db, add_cycle_choice, xml_add(parent, "cycles"));

	if (st != DB_OK)
		return st;
	return department_tree_xml(c->db, department_id, in_text(c, "dq"), parent);
}

static void
cycle_xml(const struct chosen_cycle *cc, xmlNodePtr parent)
{
	xmlNodePtr n = xml_add(parent, "cycle");

	xml_set_int(n, "id", cc->id);
	xml_set(n, "name", cc->name);
	xml_set(n, "status", cc->status);
}

/* ---- the numbers ---- */

static int
add_conv_row(void *ud, const struct report_conv_row *r)
{
	xmlNodePtr n = xml_add(ud, "type");

	xml_set(n, "name", r->type);
	xml_set_int(n, "planned", r->planned);
	xml_set_int(n, "held", r->held);
	xml_set_int(n, "signing", r->signing);
	xml_set_int(n, "closed", r->closed);
	xml_set_int(n, "overdue", r->overdue);
	xml_set_int(n, "total", r->total);
	return DB_OK;
}

/* <by_department>: one <department> per department with a <type> per
 * conversation type it has; the charts draw from these, the page sums
 * them in the stylesheet (nothing else is computed here). */
struct dept_view {
	xmlNodePtr list;
	xmlNodePtr current;
	int64_t current_id;
};

static int
add_dept_row(void *ud, const struct report_dept_row *r)
{
	struct dept_view *v = ud;

	if (v->current == NULL || r->department_id != v->current_id) {
		v->current = xml_add(v->list, "department");
		v->current_id = r->department_id;
		xml_set_int(v->current, "id", r->department_id);
		xml_set(v->current, "name", r->department);
		if (r->subtree)
			xml_set(v->current, "subtree", "1");
	}
	return add_conv_row(v->current, &r->conv);
}

static void
totals_xml(const struct report_totals *t, xmlNodePtr parent)
{
	xmlNodePtr n = xml_add(parent, "results");

	xml_set_int(n, "total", t->results);
	xml_set_int(n, "achieved", t->achieved);
	xml_set_int(n, "not_achieved", t->not_achieved);
	xml_set_int(n, "in_progress", t->in_progress);
	/* Whole percent, rounded half up: what a reader expects to see. */
	if (t->results > 0)
		xml_set_int(n, "share", (t->achieved * 200 + t->results) / (2 * t->results));
	xml_set_int(xml_add(parent, "dossiers"), "count", t->dossiers);
	xml_set_int(xml_add(parent, "without_dossier"), "count", t->without_dossier);
}

struct collective_view {
	xmlNodePtr node;
	bool everything;	/* HR without a department: every goal counts */
};

static int
add_collective(void *ud, const struct collective_row *g, int64_t dossiers)
{
	struct collective_view *v = ud;
	xmlNodePtr n;

	/* Goals of other departments say nothing about this scope. */
	if (!v->everything && dossiers == 0 && g->department_id != 0)
		return DB_OK;
	n = xml_add(v->node, "goal");
	xml_set_int(n, "id", g->id);
	xml_set(n, "title", g->title);
	xml_set(n, "status", g->status);
	xml_set(n, "department", g->department);
	xml_set(n, "deadline", g->deadline);
	xml_set(n, "bonus", g->bonus ? "1" : "0");
	xml_set_int(n, "dossiers", dossiers);
	xml_add_text(n, "status_note", g->status_note);
	return DB_OK;
}

static int
numbers_of(struct ctx *c, const struct filter *fl, const struct report_scope *scope,
    xmlNodePtr r)
{
	const struct report_scope s = *scope;
	struct report_totals t;
	struct collective_view cv;
	struct dept_view dv;
	int st;

	dv = (struct dept_view){ NULL, NULL, 0 };
	/* The numbers come from the summaries the writes keep (issue 21). */
	st = summary_report_conversations(c->db, &s, add_conv_row, xml_add(r, "conversations"));
	if (st != DB_OK)
		return st;
	dv.list = xml_add(r, "by_department");
	if ((st = summary_report_departments(c->db, &s, add_dept_row, &dv)) != DB_OK ||
	    (st = summary_report_totals(c->db, &s, &t)) != DB_OK)
		return st;
	totals_xml(&t, r);
	/* The overall ratings, each on its own scale (issue 16). */
	if ((st = reports_ratings_xml(c, &s, fl->cycle.scale, r)) != DB_OK)
		return st;
	/* The rating and competence distributions per department (issue 16). */
	if ((st = reports_distribution_xml(c, &s, r)) != DB_OK)
		return st;
	cv.node = xml_add(r, "collective");
	cv.everything = roles_reports_all(c->roles) && fl->department_id == 0;
	return summary_report_collective(c->db, &s, add_collective, &cv);
}

/* The numbers: HR's overview of the whole organisation reads them in one
 * statement (summary_report_prefetch; read ahead with the filter's lists
 * by prefetch_overview), each reader below as before. */
static int
numbers_xml(struct ctx *c, const struct filter *fl, xmlNodePtr r)
{
	struct report_scope s;
	int st;

	scope_of(c, fl, &s);
	if (!fl->prefetched && (st = summary_report_prefetch(c->db, &s, 0)) != DB_OK)
		return st;
	st = numbers_of(c, fl, &s, r);
	summary_report_done(c->db);
	return st;
}

/* The overview page; `extra` (a refused export form) may be NULL. */
/* tc: the teams to choose from (NULL: none offered). */
static int
overview(struct ctx *c, const struct filter *fl, const struct team_choice *tc,
    const struct form *extra, int status)
{
	xmlNodePtr r;
	int st;

	if (!page_begin(c, "reports"))
		return 500;
	r = xml_add(c->page, "reports");
	xml_set(r, "scope", roles_reports_all(c->roles) ? "all" : "team");
	if (tc)
		reports_teams_xml(c, tc, r);
	if ((st = choices_xml(c, fl->department_id, r)) != DB_OK)
		return http_status_of(st);
	if (extra)
		form_xml(extra, c->page);
	if (!fl->cycle.found)
		return status;	/* no cycle yet: the page says so */
	filter_xml(fl, r);
	cycle_xml(&fl->cycle, r);
	if ((st = numbers_xml(c, fl, r)) != DB_OK)
		return http_status_of(st);
	return status;
}

/* The filter form refused: the form again, no numbers. */
static int
refused(struct ctx *c, const char *route, const struct form *f)
{
	xmlNodePtr r;
	int st;

	if (!page_begin(c, route))
		return 500;
	r = xml_add(c->page, route);
	xml_set(r, "scope", roles_reports_all(c->roles) ? "all" : "team");
	/* The department asked for may be the refused value: the top only. */
	if ((st = choices_xml(c, 0, r)) != DB_OK)
		return http_status_of(st);
	form_xml(f, c->page);
	return 400;
}

/* HR's overview of the whole organisation: the cycle, the filter's cycle
 * list and top departments, and the numbers in one statement
 * (summary_report_prefetch with the top level's limit), read before the
 * filter reads the cycle; every reader below asks as before and is
 * answered from it, once.  Any other view, or a failure here, leaves each
 * reader to run its own statement.  The scope is scope_of's for HR
 * without a department: the cycle asked for. */
static bool
prefetch_overview(struct ctx *c)
{
	struct report_scope s;

	memset(&s, 0, sizeof(s));
	s.cycle_id = in_id(c, "cycle");
	if (!roles_reports_all(c->roles) || s.cycle_id == 0 || in_id(c, "department") != 0)
		return false;
	return summary_report_prefetch(c->db, &s, DEPT_LEVEL_MAX + 1) == DB_OK;
}

static int
overview_get(struct ctx *c, const struct team_choice *tc, bool prefetched)
{
	struct filter fl;
	struct form f;
	int st;

	form_begin(&f, c, "filter");
	if ((st = read_filter(c, &f, &fl)) != DB_OK)
		return http_status_of(st);
	if (f.failed)
		return refused(c, "reports", &f);
	fl.team = tc->team;
	fl.prefetched = prefetched;
	return overview(c, &fl, tc, NULL, 200);
}

int
reports_get(struct ctx *c)
{
	struct team_choice tc;
	int st;

	if ((st = reports_choose_team(c, &tc)) != 200)
		return st;
	st = overview_get(c, &tc, prefetch_overview(c));
	summary_report_done(c->db);	/* whatever the page did not take */
	return st;
}

int
reports_export_refused(struct ctx *c, int64_t cycle_id, const struct form *export_form)
{
	struct filter fl;
	int st;

	memset(&fl, 0, sizeof(fl));
	st = cycle_get(c->db, cycle_id, keep_cycle, &fl.cycle);
	if (st != DB_OK)
		return http_status_of(st);
	c->req->want_xml = false;	/* a browser sent the form: show it the page */
	return overview(c, &fl, NULL, export_form, 400);
}

/* ---- GET /reports/people: the people behind a number ---- */

static const char *
word_of(const char *s, size_t len, const char *const *words)
{
	for (; *words; words++)
		if (strlen(*words) == len && strncmp(s, *words, len) == 0)
			return *words;
	return NULL;
}

/* The rest of s after prefix p, or NULL when s does not start with it. */
static const char *
after(const char *s, const char *p)
{
	size_t n = strlen(p);

	return strncmp(s, p, n) == 0 ? s + n : NULL;
}

/* "dossiers", "no_dossier", "conversations.TYPE.STATE", "results.STATE",
 * "rating.N" (the cycle's scale), "rating.SCALE.N", "collective.ID",
 * "competence.ID.LEVEL"; false on anything else. */
static bool
parse_metric(const char *s, struct report_metric *m)
{
	const char *rest, *dot;

	memset(m, 0, sizeof(*m));
	if (strcmp(s, "dossiers") == 0) {
		m->kind = METRIC_DOSSIERS;
		return true;
	}
	if (strcmp(s, "no_dossier") == 0) {
		m->kind = METRIC_NO_DOSSIER;
		return true;
	}
	if ((rest = after(s, "conversations.")) != NULL && (dot = strchr(rest, '.')) != NULL) {
		m->kind = METRIC_CONVERSATIONS;
		m->type = word_of(rest, (size_t)(dot - rest), conversation_types);
		m->state = word_of(dot + 1, strlen(dot + 1), conversation_states);
		return m->type && m->state;
	}
	if ((rest = after(s, "results.")) != NULL) {
		m->kind = METRIC_RESULTS;
		m->state = word_of(rest, strlen(rest), result_states);
		return m->state != NULL;
	}
	if ((rest = after(s, "rating.")) != NULL)
		return reports_parse_rating(rest, m);
	if ((rest = after(s, "collective.")) != NULL) {
		m->kind = METRIC_COLLECTIVE;
		return parse_id(rest, strlen(rest), &m->value);
	}
	if ((rest = after(s, "competence.")) != NULL)
		return reports_parse_competence(rest, m);
	return false;
}

/* ---- the cursor of a page (?after=): where it starts in the list ---- */

/* "CYCLE.EMPLOYEE.NAME": after the person of that employee id and name
 * (the name as the list sorts it: its UTF-8 in base64url without padding,
 * so the link needs no escaping and stays short enough for any web
 * server's request line -- hex made it twice the name's bytes), in that
 * cycle's list.  Opaque to the browser; a cursor of another cycle is
 * refused, since its names say nothing of this cycle's list. */
struct people_cursor {
	int64_t cycle_id, employee_id;
	char name[NAME_BYTES + 1];
};
/* The base64url of the longest name, and the cursor's text at most: two
 * ids, two dots and that (routes.c declares the same length). */
#define CURSOR_NAME_CHARS (BASE64_ENCODE_LENGTH(NAME_BYTES) + BASE64_ENCODE_FINAL_LENGTH)
#define PEOPLE_CURSOR_BYTES (2 * 20 + 2 + CURSOR_NAME_CHARS)
/* A base64 quantum: the padding the cursor leaves out fills up to it. */
#define BASE64_QUANTUM 4

/* The id before the next dot of *s (advanced past it); false if none. */
static bool
cursor_id(const char **s, int64_t *out)
{
	const char *dot = strchr(*s, '.');

	if (dot == NULL || !parse_id(*s, (size_t)(dot - *s), out))
		return false;
	*s = dot + 1;
	return true;
}

/* The name of a cursor's base64url (len characters) into name (NAME_BYTES
 * + 1); false unless it is text of at most NAME_BYTES without a NUL. */
static bool
cursor_name(const char *s, size_t len, char *name)
{
	char padded[CURSOR_NAME_CHARS + BASE64_QUANTUM];
	uint8_t raw[BASE64_DECODE_LENGTH(CURSOR_NAME_CHARS + BASE64_QUANTUM)];
	struct base64_decode_ctx d;
	size_t n = 0;

	memcpy(padded, s, len);
	while (len % BASE64_QUANTUM != 0)
		padded[len++] = '=';
	base64url_decode_init(&d);
	if (!base64_decode_update(&d, &n, raw, len, padded) || !base64_decode_final(&d) ||
	    n > NAME_BYTES || memchr(raw, '\0', n) != NULL || !utf8_valid((char *)raw, n))
		return false;
	memcpy(name, raw, n);
	name[n] = '\0';
	return true;
}

static bool
parse_cursor(const char *s, struct people_cursor *cur)
{
	size_t len;

	if (!cursor_id(&s, &cur->cycle_id) || !cursor_id(&s, &cur->employee_id))
		return false;
	if ((len = strlen(s)) > CURSOR_NAME_CHARS)
		return false;
	return cursor_name(s, len, cur->name);
}

/* The cursor after person (employee_id, name) of cycle_id, into out
 * (PEOPLE_CURSOR_BYTES + 1). */
static void
cursor_text(int64_t cycle_id, int64_t employee_id, const char *name, char *out, size_t size)
{
	size_t len = strlen(name), n;
	int w = snprintf(out, size, "%lld.%lld.", (long long)cycle_id, (long long)employee_id);
	struct base64_encode_ctx e;

	if (w < 0 || len > NAME_BYTES || (size_t)w + CURSOR_NAME_CHARS >= size) {
		out[0] = '\0';
		return;
	}
	base64url_encode_init(&e);
	n = (size_t)w + base64_encode_update(&e, out + w, len, (const uint8_t *)name);
	n += base64_encode_final(&e, out + n);
	while (n > (size_t)w && out[n - 1] == '=')
		n--;
	out[n] = '\0';
}

struct people_page {
	xmlNodePtr node;
	int64_t cycle_id;
	int64_t rows;
	char next[PEOPLE_CURSOR_BYTES + 1];	/* after the page's last person */
};

static int
add_person(void *ud, const struct report_person *p)
{
	struct people_page *pp = ud;
	xmlNodePtr n;

	if (++pp->rows > PEOPLE_PAGE_ROWS) {
		xml_set(pp->node, "more", "1");
		xml_set(pp->node, "next", pp->next);
		return DB_OK;
	}
	cursor_text(pp->cycle_id, p->employee_id, p->name, pp->next, sizeof(pp->next));
	n = xml_add(pp->node, "person");
	xml_set_int(n, "id", p->employee_id);
	xml_set(n, "login", p->login);
	xml_set(n, "name", p->name);
	xml_set(n, "department", p->department);
	xml_set(n, "manager", p->manager);
	if (p->dossier_id)
		xml_set_int(n, "dossier", p->dossier_id);
	xml_set_int(n, "count", p->count);
	return DB_OK;
}

struct goal_title {
	int64_t id;
	xmlNodePtr node;
	bool found;
};

static int
find_goal(void *ud, const struct collective_row *g, int64_t dossiers)
{
	struct goal_title *gt = ud;

	(void)dossiers;
	if (g->id != gt->id)
		return DB_OK;
	xml_set(gt->node, "goal", g->title);
	gt->found = true;
	return DB_OK;
}

/* The page before: the people at or before the cursor, nearest first; the
 * last of a whole page and one is the cursor of the page before (fewer:
 * that page is the first). */
struct before_page {
	int64_t cycle_id, rows;
	char prev[PEOPLE_CURSOR_BYTES + 1];
};

static int
count_before(void *ud, const struct report_person *p)
{
	struct before_page *bp = ud;

	if (++bp->rows == PEOPLE_PAGE_ROWS + 1)
		cursor_text(bp->cycle_id, p->employee_id, p->name, bp->prev, sizeof(bp->prev));
	return DB_OK;
}

/* people/@prev (empty: the first page) when a page lies before cursor
 * `at`; one bounded read backward from it. */
static int
previous_xml(struct ctx *c, const struct report_scope *s, const struct report_metric *m,
    const struct report_cursor *at, xmlNodePtr people)
{
	struct before_page bp = { s->cycle_id, 0, "" };
	struct report_cursor back = { at->name, at->employee_id, true };
	int st = summary_report_people(c->db, s, m, &back, PEOPLE_PAGE_ROWS + 1, count_before,
	    &bp);

	if (st == DB_OK && bp.rows > 0)
		xml_set(people, "prev", bp.prev);
	return st;
}

/* people/@total: the number the list is behind, as the overview shows it,
 * from the summaries (every page of the list together). */
static int
total_xml(struct ctx *c, const struct report_scope *s, const struct report_metric *m,
    xmlNodePtr people, int64_t *total)
{
	int st = summary_report_people_total(c->db, s, m, total);

	if (st == DB_OK)
		xml_set_int(people, "total", *total);
	return st;
}

static int
people_xml(struct ctx *c, const struct filter *fl, const struct report_metric *m,
    const char *metric, const struct people_cursor *after, int64_t page, xmlNodePtr r)
{
	struct people_page pp = { xml_add(r, "people"), fl->cycle.id, 0, "" };
	struct report_cursor at = REPORT_CURSOR_START;
	struct report_scope s;
	int64_t total = 0;
	int st;

	scope_of(c, fl, &s);
	xml_set(pp.node, "metric", metric);
	/* An administrator who reads no dossier gets no links to them. */
	if (roles_reports_all(c->roles) && !roles_reads_all(c->roles))
		xml_set(pp.node, "readable", "0");
	xml_set(pp.node, "type", m->type);
	xml_set(pp.node, "state", m->state);
	if (m->kind == METRIC_RATING || m->kind == METRIC_COLLECTIVE)
		xml_set_int(pp.node, "value", m->value);
	if (m->kind == METRIC_RATING &&
	    (st = reports_rating_people_xml(c, fl->cycle.scale, m, pp.node)) != DB_OK)
		return st;	/* DB_NOTFOUND: no such scale, 404 */
	if (m->kind == METRIC_COMPETENCE) {
		xml_set_int(pp.node, "value", m->value);
		if ((st = reports_competence_people_xml(c, fl->cycle.id, m, pp.node)) != DB_OK)
			return st;
	}
	xml_set_int(pp.node, "page", page);
	xml_set_int(pp.node, "page_rows", PEOPLE_PAGE_ROWS);
	if ((st = total_xml(c, &s, m, pp.node, &total)) != DB_OK)
		return st;
	/* A reminder's list is the viewer's own scope (reports_remind.c):
	 * none from a borrowed team's list. */
	if (fl->team == 0 && reports_remind_offered(c, m, fl->cycle.status))
		xml_set(pp.node, "remind", "1");
	/* Nobody behind the number: no list to read.  A list of a state few
	 * have reads the number's facts in name order until its page is full
	 * (report_summary.c), and for none that was every fact of the type --
	 * 90,000 at 100,000 employees for those overdue with an assessment. */
	if (total == 0)
		return DB_OK;
	if (after != NULL) {
		at = (struct report_cursor){ after->name, after->employee_id, false };
		if ((st = previous_xml(c, &s, m, &at, pp.node)) != DB_OK)
			return st;
	}
	return summary_report_people(c->db, &s, m, &at, PEOPLE_PAGE_ROWS + 1, add_person, &pp);
}

/* The people page's head: its filter and cycle (GET /reports/people and
 * the reminder of its list).  NULL when the page cannot be begun. */
static xmlNodePtr
people_page_begin(struct ctx *c, const struct filter *fl)
{
	xmlNodePtr r;

	if (!page_begin(c, "reports_people"))
		return NULL;
	r = xml_add(c->page, "reports_people");
	xml_set(r, "scope", roles_reports_all(c->roles) ? "all" : "team");
	filter_xml(fl, r);
	cycle_xml(&fl->cycle, r);
	return r;
}

/* A list of people with a rating column: the people behind a rating or a
 * competence level. */
static bool
rating_list(const struct report_metric *m)
{
	return m->kind == METRIC_RATING || m->kind == METRIC_COMPETENCE;
}

/* Whole-organisation HR reads ratings with names only when it reads every
 * dossier; a manager (team scope) reads those of their own team. */
static bool
people_with_ratings_allowed(const struct ctx *c)
{
	return roles_reads_all(c->roles) || !roles_reports_all(c->roles);
}

/* The read audit's record of a people list read by HR (issue 17): one
 * per reader, cycle, list and day, naming the list. */
static int
record_people(struct ctx *c, const struct filter *fl, const char *metric, const char *after)
{
	char what[READ_WHAT_MAX + 1];

	if (!roles_read_audited(c->roles))
		return DB_OK;
	snprintf(what, sizeof(what), "metric=%s department=%lld recursive=%d after=%s",
	    metric ? metric : "", (long long)fl->department_id, fl->recursive ? 1 : 0,
	    after ? after : "");
	return audit_read(c->db, c->user.id, READ_KIND_PEOPLE, fl->cycle.id, what);
}

int
reports_people_get(struct ctx *c)
{
	struct people_cursor cur;
	struct report_metric m;
	struct goal_title gt;
	struct team_choice tc;
	struct report_scope s;
	struct filter fl;
	struct form f;
	const char *metric, *after;
	xmlNodePtr r;
	int64_t page;
	bool has_page;
	int st;

	if ((st = reports_choose_team(c, &tc)) != 200)
		return st;
	form_begin(&f, c, "people");
	if ((st = read_filter(c, &f, &fl)) != DB_OK)
		return http_status_of(st);
	fl.team = tc.team;
	metric = in_text(c, "metric");
	if (metric && !parse_metric(metric, &m))
		form_error(&f, "metric", "form.error.choice");
	page = in_int(c, "page", &has_page);
	/* A page after the first starts at its cursor; the page number only
	 * says which page it is. */
	if ((after = in_text(c, "after")) != NULL &&
	    (!parse_cursor(after, &cur) || cur.cycle_id != fl.cycle.id))
		form_error(&f, "after", "form.error.cursor");
	if (after == NULL && has_page && page > 1)
		form_error(&f, "page", "form.error.cursor");
	if (f.failed)
		return refused(c, "reports_people", &f);
	/* The people behind a rating are content (issue 17): an administrator
	 * who reads no dossier is refused as a stranger is. */
	if (rating_list(&m) && !people_with_ratings_allowed(c))
		return 403;
	if ((r = people_page_begin(c, &fl)) == NULL)
		return 500;
	if (m.kind == METRIC_COLLECTIVE) {
		/* The goal must be one of this cycle's: its title heads the list. */
		gt = (struct goal_title){ m.value, r, false };
		scope_of(c, &fl, &s);
		if ((st = summary_report_collective(c->db, &s, find_goal, &gt)) != DB_OK)
			return http_status_of(st);
		if (!gt.found)
			return 404;
	}
	st = people_xml(c, &fl, &m, metric, after ? &cur : NULL, has_page ? page : 1, r);
	if (st == DB_OK)
		st = record_people(c, &fl, metric, after);
	return st == DB_OK ? 200 : http_status_of(st);
}

/* ---- the list a reminder names (reports_remind.c) ---- */

int
reports_list_begin(struct ctx *c, struct reports_list *out)
{
	const char *metric = in_text(c, "metric");
	struct filter fl;
	struct form f;
	xmlNodePtr r;
	int st;

	memset(out, 0, sizeof(*out));
	form_begin(&f, c, "people");
	if ((st = read_filter(c, &f, &fl)) != DB_OK)
		return http_status_of(st);
	if (metric == NULL || !parse_metric(metric, &out->metric))
		form_error(&f, "metric", "form.error.choice");
	if (f.failed)
		return refused(c, "reports_people", &f);
	scope_of(c, &fl, &out->scope);
	strlcopy(out->cycle_status, fl.cycle.status, sizeof(out->cycle_status));
	if ((r = people_page_begin(c, &fl)) == NULL)
		return 500;
	out->people = xml_add(r, "people");
	xml_set(out->people, "metric", metric);
	xml_set(out->people, "type", out->metric.type);
	xml_set(out->people, "state", out->metric.state);
	return 0;
}
