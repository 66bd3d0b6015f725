/* reports_scales.c -- the overall ratings of GET /reports on the scales they
 * were given on (issue 16).  A cycle has its own scale (cycle.rating_scale:
 * labels valued 1, 2, ...), but a form template confirms the overall
 * rating on its version's final scale (0..3, 1..10, ...), and a cycle may
 * start departments and job profiles on different versions.  So the
 * counts come per (scale, value) from the summaries (store/summary.h: a
 * rating fact names its scale), and each scale is shown with its own
 * levels and labels, in the page's language: the cycle's own, each final
 * scale of the forms the cycle names, and any other scale a rating is on
 * (a version the cycle no longer names).  A number links to the people
 * behind it by "rating.VALUE" (the cycle's scale) or "rating.SCALE.VALUE". */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "pages/reports.h"
#include "base/util.h"
#include "xml/page.h"
#include "store/report.h"
#include "store/report_summary.h"

/* A level's value: template.xsd's level-value (0..100; store/template.h's
 * TPL_VALUE_MAX, which pages do not include); the cycle's scale has its
 * positions 1.. up to the same bound. */
#define RATING_VALUE_MAX 100
/* Scales one overview shows: the cycle's own and a few forms' final
 * scales; a scale beyond them is not shown (its numbers stay in the
 * distributions and lists). */
#define RATING_SCALES_MAX 16
/* A version's name (template_version.name_nl: 200 characters of up to 4
 * bytes) and a scale's key (template.xsd: 40 ASCII characters). */
#define SCALE_NAME_BYTES (4 * 200 + 1)
#define SCALE_KEY_BYTES (40 + 1)

struct level_slot {
	bool used;		/* a level of the scale, or a value with a count */
	char *label;		/* owned; NULL: the scale has no such level */
	int64_t count;
};

struct scale_view {
	int64_t id;		/* 0: the cycle's own scale */
	bool described;		/* levels and name read */
	char name[SCALE_NAME_BYTES], key[SCALE_KEY_BYTES];
	int number;
	struct level_slot level[RATING_VALUE_MAX + 1];
};

struct scales {
	struct scale_view v[RATING_SCALES_MAX];
	size_t n;
	bool en;			/* the page's language is English */
	const char *cycle_scale;	/* the cycle's labels, '|' between */
	bool failed;			/* out of memory */
};

static struct scale_view *
find_scale(struct scales *ss, int64_t id)
{
	size_t i;

	for (i = 0; i < ss->n; i++)
		if (ss->v[i].id == id)
			return &ss->v[i];
	return NULL;
}

/* The view of scale id, added when new; NULL when no more fit. */
static struct scale_view *
scale_of(struct scales *ss, int64_t id)
{
	struct scale_view *v = find_scale(ss, id);

	if (v != NULL || ss->n == RATING_SCALES_MAX)
		return v;
	v = &ss->v[ss->n++];
	v->id = id;
	return v;
}

static void
set_label(struct scales *ss, struct scale_view *v, int value, const char *label, size_t len)
{
	struct level_slot *l;

	if (value < 0 || value > RATING_VALUE_MAX)
		return;
	l = &v->level[value];
	l->used = true;
	free(l->label);
	if ((l->label = strndup(label, len)) == NULL)
		ss->failed = true;
}

/* The cycle's own scale: its labels valued 1, 2, ... lowest first. */
static void
describe_cycle_scale(struct scales *ss, struct scale_view *v)
{
	const char *p = ss->cycle_scale, *end;
	int value = 1;

	v->described = true;
	if (p[0] == '\0')
		return;
	for (;; value++) {
		end = strchr(p, '|');
		set_label(ss, v, value, p, end ? (size_t)(end - p) : strlen(p));
		if (end == NULL)
			break;
		p = end + 1;
	}
}

/* A level row of store/report_scale.c: the cycle's scale (id 0) or a
 * template scale's level, labelled in the page's language (Dutch where
 * the English is missing). */
static int
add_level(void *ud, const struct report_scale_level *l)
{
	struct scales *ss = ud;
	struct scale_view *v = scale_of(ss, l->scale_id);
	const char *label = ss->en && l->label_en[0] ? l->label_en : l->label_nl;
	const char *name = ss->en && l->template_en[0] ? l->template_en : l->template_nl;

	if (v == NULL)
		return DB_OK;
	if (l->scale_id == 0) {
		if (!v->described)
			describe_cycle_scale(ss, v);
		return ss->failed ? DB_ERROR : DB_OK;
	}
	v->described = true;
	strlcopy(v->name, name, sizeof(v->name));
	strlcopy(v->key, l->key, sizeof(v->key));
	v->number = l->number;
	set_label(ss, v, l->value, label, strlen(label));
	return ss->failed ? DB_ERROR : DB_OK;
}

static int
add_count(void *ud, int64_t scale_id, int rating, int64_t count)
{
	struct scales *ss = ud;
	struct scale_view *v;

	if (scale_id < 0 || rating < 0 || rating > RATING_VALUE_MAX)
		return DB_OK;	/* no scale or value a form can give */
	if ((v = scale_of(ss, scale_id)) == NULL)
		return DB_OK;
	v->level[rating].used = true;
	v->level[rating].count = count;
	return DB_OK;
}

/* The scales a count named that the cycle's forms did not: described
 * after the counts are read (one statement runs at a time). */
static int
describe_rest(struct db *db, struct scales *ss)
{
	size_t i;
	int st;

	for (i = 0; i < ss->n; i++) {
		if (ss->v[i].described)
			continue;
		if (ss->v[i].id == 0)
			describe_cycle_scale(ss, &ss->v[i]);
		else if ((st = report_rating_scale(db, ss->v[i].id, add_level, ss)) != DB_OK)
			return st;
	}
	return ss->failed ? DB_ERROR : DB_OK;
}

static int
by_id(const void *a, const void *b)
{
	int64_t x = ((const struct scale_view *)a)->id, y = ((const struct scale_view *)b)->id;

	return x < y ? -1 : x > y;
}

/* <scale> and its <rating>s, each value in order. */
static void
scale_xml(const struct scale_view *v, xmlNodePtr parent)
{
	xmlNodePtr n = xml_add(parent, "scale");
	int value;

	xml_set_int(n, "id", v->id);
	if (v->id != 0) {
		xml_set(n, "key", v->key);
		xml_set(n, "template", v->name);
		xml_set_int(n, "version", v->number);
	}
	for (value = 0; value <= RATING_VALUE_MAX; value++) {
		const struct level_slot *l = &v->level[value];

		if (!l->used)
			continue;
		n = xml_add(parent, "rating");
		xml_set_int(n, "scale", v->id);
		xml_set_int(n, "value", value);
		if (l->label)
			xml_set(n, "label", l->label);
		xml_set_int(n, "count", l->count);
	}
}

static void
scales_free(struct scales *ss)
{
	size_t i;
	int value;

	for (i = 0; i < ss->n; i++)
		for (value = 0; value <= RATING_VALUE_MAX; value++)
			free(ss->v[i].level[value].label);
	free(ss);
}

int
reports_ratings_xml(struct ctx *c, const struct report_scope *s, const char *cycle_scale,
    xmlNodePtr parent)
{
	struct scales *ss = calloc(1, sizeof(*ss));
	xmlNodePtr list;
	size_t i;
	int st;

	if (ss == NULL)
		return DB_ERROR;
	ss->en = strcmp(c->lang, "en") == 0;
	ss->cycle_scale = cycle_scale;
	st = report_rating_scales(c->db, s->cycle_id, add_level, ss);
	if (st == DB_OK)
		st = summary_report_ratings(c->db, s, add_count, ss);
	if (st == DB_OK)
		st = describe_rest(c->db, ss);
	if (st == DB_OK) {
		/* The cycle's own first (id 0), then the forms' by id. */
		qsort(ss->v, ss->n, sizeof(ss->v[0]), by_id);
		list = xml_add(parent, "ratings");
		for (i = 0; i < ss->n; i++)
			scale_xml(&ss->v[i], list);
	}
	scales_free(ss);
	return st;
}

/* ---- the people behind a rating ---- */

/* A level's value: "0", or a number without leading zeros; at most
 * RATING_VALUE_MAX. */
static bool
parse_value(const char *s, size_t len, int64_t *out)
{
	if (len == 1 && s[0] == '0') {
		*out = 0;
		return true;
	}
	return parse_id(s, len, out) && *out <= RATING_VALUE_MAX;
}

bool
reports_parse_rating(const char *rest, struct report_metric *m)
{
	const char *dot = strchr(rest, '.');

	memset(m, 0, sizeof(*m));
	m->kind = METRIC_RATING;
	/* The cycle's scale starts at 1: parse_id refuses 0. */
	if (dot == NULL)
		return parse_id(rest, strlen(rest), &m->value) && m->value <= RATING_VALUE_MAX;
	return parse_id(rest, (size_t)(dot - rest), &m->scale_id) &&
	    parse_value(dot + 1, strlen(dot + 1), &m->value);
}

int
reports_rating_people_xml(struct ctx *c, const char *cycle_scale, const struct report_metric *m,
    xmlNodePtr people)
{
	struct scales *ss = calloc(1, sizeof(*ss));
	const struct scale_view *v;
	int st = DB_OK;

	if (ss == NULL)
		return DB_ERROR;
	ss->en = strcmp(c->lang, "en") == 0;
	ss->cycle_scale = cycle_scale;
	xml_set_int(people, "scale", m->scale_id);
	if (m->scale_id == 0)
		describe_cycle_scale(ss, scale_of(ss, 0));
	else
		st = report_rating_scale(c->db, m->scale_id, add_level, ss);
	if (st == DB_OK && ss->failed)
		st = DB_ERROR;
	if (st != DB_OK)
		goto done;
	v = ss->n ? &ss->v[0] : NULL;
	if (v == NULL || (m->scale_id != 0 && !v->described)) {
		st = DB_NOTFOUND;	/* no such scale: 404 */
		goto done;
	}
	if (v->id != 0)
		xml_set(people, "template", v->name);
	if (v->level[m->value].label != NULL)
		xml_set(people, "label", v->level[m->value].label);
done:
	scales_free(ss);
	return st;
}
