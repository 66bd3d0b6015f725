/* reports_dist.c -- the distributions of GET /reports (issue 16): per
 * department of the overview (folded as its per-department table), how
 * many overall ratings each level of each scale got (the cycle's own and
 * the forms' final scales: reports_scales.c), and how many
 * manager's ratings each level of each competence got; every count a
 * link to the people behind it (GET /reports/people, metric
 * "rating.VALUE", "rating.SCALE.VALUE" or "competence.ID.LEVEL" with that
 * department as the filter).  The numbers come from the summaries the writes keep
 * (store/summary.h), read by index; the competence scales' labels from
 * the cycle's form templates.  A cycle whose forms rate no competence
 * and that holds no competence rating gets no competence block. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "http/url.h"
#include "pages/reports.h"
#include "base/util.h"
#include "xml/page.h"
#include "store/competence.h"
#include "store/report.h"
#include "store/report_summary.h"

/* Level values a competence scale may hold: template.xsd's level-value
 * (store/template.h's TPL_VALUE_MAX, which pages do not include). */
#define DIST_LEVEL_MAX 100

/* The levels the competence block shows: every level of the forms'
 * scales, and any other value a rating holds (a scale changed since). */
struct level_set {
	bool used[DIST_LEVEL_MAX + 1];
	xmlNodePtr labelled[DIST_LEVEL_MAX + 1];	/* in the detached list */
};

struct dist_view {
	xmlNodePtr list, dept, comp;
	int64_t cycle_id, dept_id, comp_id;
	bool subtree;
	struct level_set *levels;
};

/* The filter of a department's links: the cycle, the department, and
 * its sub-departments where the row sums them in. */
static void
department_query(xmlNodePtr n, int64_t cycle_id, const struct report_dist_row *r)
{
	struct buf q;

	buf_init(&q);
	url_param_int(&q, "cycle", cycle_id);
	url_param_int(&q, "department", r->department_id);
	if (r->subtree)
		url_param(&q, "recursive", "1");
	if (!q.failed)
		xml_set(n, "query", q.data);
	buf_free(&q);
}

static void
begin_department(struct dist_view *v, const struct report_dist_row *r)
{
	v->dept = xml_add(v->list, "department");
	v->dept_id = r->department_id;
	v->subtree = r->subtree;
	v->comp = NULL;
	xml_set_int(v->dept, "id", r->department_id);
	xml_set(v->dept, "name", r->department);
	if (r->subtree)
		xml_set(v->dept, "subtree", "1");
	/* Department 0 (employees without one) cannot be a filter: its
	 * numbers are shown without a link. */
	if (r->department_id != 0)
		department_query(v->dept, v->cycle_id, r);
}

static int
add_dist(void *ud, const struct report_dist_row *r)
{
	struct dist_view *v = ud;
	xmlNodePtr n;

	if (v->dept == NULL || r->department_id != v->dept_id || r->subtree != v->subtree)
		begin_department(v, r);
	if (strcmp(r->kind, "rating") == 0) {
		/* On its own scale (issue 16): the overview's ratings/scale. */
		n = xml_add(v->dept, "rating");
		xml_set_int(n, "scale", r->scale_id);
		xml_set_int(n, "value", r->value);
		xml_set_int(n, "count", r->count);
		return DB_OK;
	}
	if (v->comp == NULL || r->competence_id != v->comp_id) {
		v->comp = xml_add(v->dept, "competence");
		v->comp_id = r->competence_id;
		xml_set_int(v->comp, "id", r->competence_id);
		xml_set(v->comp, "name_nl", r->name_nl);
		xml_set(v->comp, "name_en", r->name_en);
	}
	n = xml_add(v->comp, "level");
	xml_set_int(n, "value", r->value);
	xml_set_int(n, "count", r->count);
	if (r->value >= 1 && r->value <= DIST_LEVEL_MAX)
		v->levels->used[r->value] = true;
	return DB_OK;
}

static int
keep_level(void *ud, const struct report_level *l)
{
	struct level_set *ls = ud;
	xmlNodePtr n;

	if (l->value < 1 || l->value > DIST_LEVEL_MAX)
		return DB_OK;
	n = xmlNewNode(NULL, BAD_CAST "level");
	if (n == NULL)
		return DB_ERROR;
	xml_set_int(n, "value", l->value);
	xml_set(n, "label_nl", l->label_nl);
	xml_set(n, "label_en", l->label_en);
	ls->labelled[l->value] = n;
	ls->used[l->value] = true;
	return DB_OK;
}

/* <competence_levels>: each level in value order, labelled where a
 * scale labels it; nothing when there is none (no competence block). */
static void
levels_xml(struct level_set *ls, xmlNodePtr parent)
{
	xmlNodePtr list = NULL, n;
	int v;

	for (v = 1; v <= DIST_LEVEL_MAX; v++) {
		if (!ls->used[v])
			continue;
		if (list == NULL)
			list = xml_add(parent, "competence_levels");
		if (ls->labelled[v] != NULL) {
			xmlAddChild(list, ls->labelled[v]);
			ls->labelled[v] = NULL;
			continue;
		}
		n = xml_add(list, "level");
		xml_set_int(n, "value", v);
	}
}

static void
levels_free(struct level_set *ls)
{
	int v;

	for (v = 0; v <= DIST_LEVEL_MAX; v++)
		xmlFreeNode(ls->labelled[v]);	/* NULL-safe; shown ones are NULL */
	free(ls);
}

int
reports_distribution_xml(struct ctx *c, const struct report_scope *s, xmlNodePtr parent)
{
	struct dist_view v = { .cycle_id = s->cycle_id };
	int st;

	if ((v.levels = calloc(1, sizeof(*v.levels))) == NULL)
		return DB_ERROR;
	v.list = xml_add(parent, "distribution");
	st = report_competence_levels(c->db, s->cycle_id, keep_level, v.levels);
	if (st == DB_OK)
		st = summary_report_distribution(c->db, s, add_dist, &v);
	if (st == DB_OK)
		levels_xml(v.levels, v.list);
	levels_free(v.levels);
	return st;
}

/* ---- the people behind a competence's level ---- */

bool
reports_parse_competence(const char *rest, struct report_metric *m)
{
	const char *dot = strchr(rest, '.');

	memset(m, 0, sizeof(*m));
	m->kind = METRIC_COMPETENCE;
	if (dot == NULL || !parse_id(rest, (size_t)(dot - rest), &m->competence_id))
		return false;
	/* parse_id refuses 0 and leading zeros: a level is 1..DIST_LEVEL_MAX. */
	return parse_id(dot + 1, strlen(dot + 1), &m->value) && m->value <= DIST_LEVEL_MAX;
}

struct level_label {
	int64_t value;
	xmlNodePtr node;
};

static int
find_level(void *ud, const struct report_level *l)
{
	struct level_label *ll = ud;

	if (l->value != ll->value)
		return DB_OK;
	xml_set(ll->node, "label_nl", l->label_nl);
	xml_set(ll->node, "label_en", l->label_en);
	return DB_OK;
}

int
reports_competence_people_xml(struct ctx *c, int64_t cycle_id, const struct report_metric *m,
    xmlNodePtr people)
{
	struct level_label ll = { m->value, people };
	struct competence *cp;
	int st;

	if ((cp = calloc(1, sizeof(*cp))) == NULL)
		return DB_ERROR;
	st = competence_get(c->db, m->competence_id, cp);
	if (st == DB_OK) {
		xml_set_int(people, "competence", m->competence_id);
		xml_set(people, "name_nl", cp->name_nl);
		xml_set(people, "name_en", cp->name_en);
	}
	free(cp);
	if (st != DB_OK)
		return st;	/* DB_NOTFOUND: no such competence, 404 */
	return report_competence_levels(c->db, cycle_id, find_level, &ll);
}
