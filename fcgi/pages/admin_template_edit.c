/* admin_template_edit.c -- HR's form template editor (issue 16; HR only,
 * routes.c):
 *
 *   GET  /admin/templates/new          an empty template (the goal-setting
 *                                      form with its result goals)
 *   GET  /admin/templates/{id}/edit    the template's newest version
 *   POST (either path)                 the whole form, and `op`: which
 *                                      button was pressed
 *
 * One HTML form that works without JavaScript: "add", "remove", "up" and
 * "down" are submit buttons (op = add_scale, del_level_2_3, up_1_4 ...)
 * that answer the same form with the change made and every typed value
 * kept; "save" builds a struct tpl from the form and holds it to the
 * rules of the XML import (tpl_check, then the template written as XML
 * and read back through template.xsd), shows each problem next to its
 * field and saves nothing; or writes a new version (template_save_next:
 * a version, once written, never changes; the store audits the save and
 * checks inside its transaction that the key is new, or that no other
 * version was saved since the editor's).
 *
 * The feedback round (issue 17: who may invite, anonymity and its
 * threshold, what the employee sees, the questions) is edited in the same
 * form and held to the same rules (template_edit_feedback.c).
 *
 * The form's check and its translation into a struct tpl are in
 * template_edit_check.c (template_edit.h).
 *
 * The rows of the form are repeated fields (http/input.h): s2_key,
 * s2_l3_label_nl, f1_x4_title_en ... (scale 2, level 3; form 1, section
 * 4; numbers from 1); each value is checked against the route's
 * declaration of its pattern. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "import/template_xml.h"
#include "pages/form.h"
#include "pages/pages.h"
#include "base/util.h"
#include "base/validate.h"
#include "xml/page.h"
#include "store/template.h"
#include "pages/template_edit.h"

static const char *const rule_fields[TPL_RULES] = {
	"rule_org_goal", "rule_measure", "rule_end_date",
};

/* A number as text in the pool ("" when the pool is full: it is sized
 * for the largest template). */
const char *
ed_pool_int(struct ed *e, int64_t v)
{
	char *p = e->pool + e->pooled;
	int n;

	if (e->pooled + ED_NUMBER_MAX > sizeof(e->pool))
		return "";
	n = snprintf(p, ED_NUMBER_MAX, "%lld", (long long)v);
	e->pooled += (size_t)n + 1;
	return p;
}


/* ---- the form from the request ---- */

/* The body field `name` as typed, NULL when absent (check_body has
 * named its problem, if any). */
static const char *
ed_get(struct ed *e, const char *name)
{
	return request_body_param(e->c->req, name);
}

/* Every field of the body against its declaration (a repeated one too,
 * whether or not its row is complete): a value of the wrong kind is kept
 * as typed and named next to its field. */
static void
check_body(struct ed *e)
{
	const struct request *r = e->c->req;
	size_t i;

	for (i = r->nquery; i < r->params.n; i++) {
		const struct param *p = &r->params.v[i];
		const struct field *d = input_declared(e->c->route->fields, p->name);
		const char *problem;
		int64_t num;

		if (d == NULL || blank(p->value))
			continue;
		if ((problem = input_problem(d, p->value, &num)) != NULL)
			ed_error(e, p->name, problem, NULL,
			    strcmp(problem, "form.error.too_long") == 0 ? d->max : 0);
	}
}

/* The field prefix + tail ("s2_l3" "_value"); name is the caller's. */
static const char *
ed_part(struct ed *e, char *name, const char *prefix, const char *tail)
{
	ed_join(name, prefix, tail);
	return ed_get(e, name);
}

/* prefix + what + "_nl" / "_en"; absent texts read as "". */
static void
read_texts(struct ed *e, const char *out[TPL_LANGS], const char *prefix, const char *what)
{
	char name[ED_NAME_MAX], tail[ED_NAME_MAX];
	size_t l;

	for (l = 0; l < TPL_LANGS; l++) {
		snprintf(tail, sizeof(tail), "%s_%s", what, tpl_lang_names[l]);
		out[l] = ed_str(ed_part(e, name, prefix, tail));
	}
}

static void
read_level(struct ed *e, struct ed_scale *sc, size_t i, size_t j)
{
	char prefix[ED_NAME_MAX], name[ED_NAME_MAX];
	const char *v;
	struct ed_level *l;

	snprintf(prefix, sizeof(prefix), "s%zu_l%zu", i, j);
	if ((v = ed_part(e, name, prefix, "_value")) == NULL)
		return;
	l = &sc->level[sc->n++];
	l->value = v;
	read_texts(e, l->label, prefix, "_label");
	read_texts(e, l->desc, prefix, "_desc");
}

static void
read_scales(struct ed *e)
{
	char prefix[ED_NAME_MAX], name[ED_NAME_MAX];
	size_t i, j;

	for (i = 1; i <= TPL_SCALES_MAX; i++) {
		struct ed_scale *sc;
		const char *key;

		snprintf(prefix, sizeof(prefix), "s%zu", i);
		if ((key = ed_part(e, name, prefix, "_key")) == NULL)
			continue;
		sc = &e->scale[e->nscales++];
		sc->key = key;
		for (j = 1; j <= TPL_LEVELS_MAX; j++)
			read_level(e, sc, i, j);
	}
}

/* Section k of form c (1-based), when the form sent its kind. */
static void
read_section(struct ed *e, size_t c, size_t k)
{
	char prefix[ED_NAME_MAX], name[ED_NAME_MAX];
	struct ed_form *f = &e->form[c - 1];
	struct ed_section *x;
	const char *kind;

	snprintf(prefix, sizeof(prefix), "f%zu_x%zu", c, k);
	if ((kind = ed_part(e, name, prefix, "_kind")) == NULL)
		return;
	x = &f->x[f->n++];
	x->kind = kind;
	x->key = ed_str(ed_part(e, name, prefix, "_key"));
	x->who = ed_str(ed_part(e, name, prefix, "_who"));
	x->scale = ed_str(ed_part(e, name, prefix, "_scale"));
	x->below = ed_str(ed_part(e, name, prefix, "_below"));
	x->required = ed_part(e, name, prefix, "_required") != NULL;
	x->self = ed_part(e, name, prefix, "_self") != NULL;
	read_texts(e, x->title, prefix, "_title");
	read_texts(e, x->guid, prefix, "_guid");
}

static void
read_request(struct ed *e)
{
	char name[ED_NAME_MAX];
	int64_t based_on;
	size_t i, k;

	check_body(e);
	e->key = ed_str(ed_get(e, "key"));
	read_texts(e, e->name, "", "name");
	read_texts(e, e->desc, "", "desc");
	for (i = 0; i < TPL_RULES; i++)
		e->rule[i] = ed_get(e, rule_fields[i]) != NULL;
	for (i = 0; i < TPL_PARTS; i++)
		e->weight[i] = ed_str(ed_part(e, name, "w_", tpl_part_names[i]));
	e->final_scale = ed_str(ed_get(e, "final_scale"));
	e->second_assessor = ed_get(e, "second_assessor") != NULL;
	if (int_valid(ed_str(ed_get(e, "based_on")), 1, INT32_MAX, &based_on))
		e->based_on = (int)based_on;
	read_scales(e);
	for (i = 1; i <= TPL_CONVS; i++)
		for (k = 1; k <= TPL_SECTIONS_MAX; k++)
			read_section(e, i, k);
	ed_fb_read(e);
}

/* ---- the form from a stored version, or a new one ---- */

static void
from_text(const char *out[TPL_LANGS], const struct tpl_text *x)
{
	size_t l;

	for (l = 0; l < TPL_LANGS; l++)
		out[l] = ed_str(x->v[l]);
}

static void
from_section(struct ed *e, struct ed_section *x, const struct tpl_section *s)
{
	x->key = s->key;
	x->kind = tpl_kind_names[s->kind];
	x->who = tpl_who_names[s->answered_by];
	x->scale = s->scale;
	x->below = s->explain_below >= 0 ? ed_pool_int(e, s->explain_below) : "";
	x->required = s->required;
	x->self = s->self_assessment;
	from_text(x->title, &s->title);
	from_text(x->guid, &s->guidance);
}

static void
from_tpl(struct ed *e, const struct tpl *t)
{
	size_t i, j;

	e->key = t->key;
	e->based_on = t->number;
	from_text(e->name, &t->name);
	from_text(e->desc, &t->description);
	for (i = 0; i < TPL_RULES; i++)
		e->rule[i] = t->goal_required[i];
	for (i = 0; i < TPL_PARTS; i++)
		e->weight[i] = ed_pool_int(e, t->weight[i]);
	e->final_scale = t->final_scale;
	e->second_assessor = t->second_assessor;
	e->nscales = t->nscales;
	for (i = 0; i < t->nscales; i++) {
		e->scale[i].key = t->scale[i].key;
		e->scale[i].n = t->scale[i].nlevels;
		for (j = 0; j < t->scale[i].nlevels; j++) {
			const struct tpl_level *l = &t->scale[i].level[j];

			e->scale[i].level[j].value = ed_pool_int(e, l->value);
			from_text(e->scale[i].level[j].label, &l->label);
			from_text(e->scale[i].level[j].desc, &l->description);
		}
	}
	for (i = 0; i < t->nforms; i++) {
		struct ed_form *f = &e->form[t->form[i].type];

		for (j = 0; j < t->form[i].nsections; j++)
			from_section(e, &f->x[f->n++], &t->form[i].section[j]);
	}
	ed_fb_from(e, &t->feedback);
}

static void
blank_section(struct ed_section *x, const char *kind)
{
	size_t l;

	x->key = x->scale = x->below = "";
	x->kind = kind;
	x->who = tpl_who_names[TPL_BY_BOTH];
	x->required = x->self = false;
	for (l = 0; l < TPL_LANGS; l++)
		x->title[l] = x->guid[l] = "";
}

/* A new template: every goal rule required, the outcome all result goals,
 * and the one section no goal-setting form may lose. */
static void
fresh(struct ed *e)
{
	struct ed_section *x = &e->form[TPL_GOAL_SETTING].x[0];
	size_t i;

	e->key = e->final_scale = "";
	for (i = 0; i < TPL_LANGS; i++)
		e->name[i] = e->desc[i] = "";
	for (i = 0; i < TPL_RULES; i++)
		e->rule[i] = true;
	for (i = 0; i < TPL_PARTS; i++)
		e->weight[i] = i == TPL_PART_RESULT_GOALS ? ed_pool_int(e, TPL_WEIGHT_TOTAL) : "0";
	e->form[TPL_GOAL_SETTING].n = 1;
	blank_section(x, tpl_kind_names[TPL_RESULT_GOALS]);
	x->key = "resultaten";
	x->title[TPL_NL] = "Resultaatdoelstellingen";
	x->title[TPL_EN] = "Result goals";
	ed_fb_fresh(e);
}

/* ---- the buttons ---- */

/* op is prefix followed by `want` numbers, each "_N" with N in
 * 1..INPUT_INDEX_MAX ("del_level_2_3": 2, 3); false otherwise. */
static bool
op_is(const char *op, const char *prefix, size_t want, size_t *a, size_t *b)
{
	size_t n = strlen(prefix), got = 0, *slot[2] = { a, b };
	const char *p = op + n;

	if (strncmp(op, prefix, n) != 0)
		return false;
	while (got < want && *p == '_') {
		size_t v = 0;

		for (p++; *p >= '0' && *p <= '9' && v <= INPUT_INDEX_MAX; p++)
			v = v * 10 + (size_t)(*p - '0');
		if (v == 0 || v > INPUT_INDEX_MAX)
			return false;
		*slot[got++] = v;
	}
	return *p == '\0' && got == want;
}

static void
add_level(struct ed *e, struct ed_scale *sc)
{
	struct ed_level *l;
	int64_t last = 0;
	size_t t;

	if (sc->n == TPL_LEVELS_MAX)
		return;
	if (sc->n > 0)
		(void)int_valid(sc->level[sc->n - 1].value, 0, TPL_VALUE_MAX, &last);
	l = &sc->level[sc->n++];
	l->value = ed_pool_int(e, sc->n == 1 ? 1 : last + 1);
	for (t = 0; t < TPL_LANGS; t++)
		l->label[t] = l->desc[t] = "";
}

/* A new scale: no key yet, the fewest levels a scale may have. */
static void
add_scale(struct ed *e)
{
	struct ed_scale *sc;
	size_t i;

	if (e->nscales == TPL_SCALES_MAX)
		return;
	sc = &e->scale[e->nscales++];
	sc->key = "";
	sc->n = 0;
	for (i = 0; i < TPL_LEVELS_MIN; i++)
		add_level(e, sc);
}

/* Removes row i (0-based) of n rows of size `size` at base. */
static void
remove_row(void *base, size_t *n, size_t i, size_t size)
{
	char *b = base;

	if (i >= *n)
		return;
	memmove(b + i * size, b + (i + 1) * size, (*n - i - 1) * size);
	(*n)--;
}

static void
swap_sections(struct ed_form *f, size_t i, size_t j)
{
	struct ed_section tmp;

	if (i >= f->n || j >= f->n)
		return;
	tmp = f->x[i];
	f->x[i] = f->x[j];
	f->x[j] = tmp;
}

/* Applies a button other than "save" (indices 1-based, as in the form);
 * one out of range changes nothing. */
static void
apply_op(struct ed *e, const char *op)
{
	size_t a = 0, b = 0;

	if (ed_fb_op(e, op))
		return;
	if (strcmp(op, "add_scale") == 0)
		add_scale(e);
	else if (op_is(op, "del_scale", 1, &a, &b) && a <= e->nscales)
		remove_row(e->scale, &e->nscales, a - 1, sizeof(e->scale[0]));
	else if (op_is(op, "add_level", 1, &a, &b) && a <= e->nscales)
		add_level(e, &e->scale[a - 1]);
	else if (op_is(op, "del_level", 2, &a, &b) && a <= e->nscales)
		remove_row(e->scale[a - 1].level, &e->scale[a - 1].n, b - 1,
		    sizeof(e->scale[0].level[0]));
	else if (op_is(op, "add_section", 1, &a, &b) && a <= TPL_CONVS &&
	    e->form[a - 1].n < TPL_SECTIONS_MAX)
		blank_section(&e->form[a - 1].x[e->form[a - 1].n++],
		    tpl_kind_names[TPL_OPEN_QUESTION]);
	else if (op_is(op, "del_section", 2, &a, &b) && a <= TPL_CONVS)
		remove_row(e->form[a - 1].x, &e->form[a - 1].n, b - 1, sizeof(e->form[0].x[0]));
	else if (op_is(op, "up", 2, &a, &b) && a <= TPL_CONVS && b > 1)
		swap_sections(&e->form[a - 1], b - 2, b - 1);
	else if (op_is(op, "down", 2, &a, &b) && a <= TPL_CONVS)
		swap_sections(&e->form[a - 1], b - 1, b);
}

/* ---- the page ---- */

static void
texts_xml(xmlNodePtr n, const char *what, const char *const v[TPL_LANGS])
{
	char name[ED_NAME_MAX];
	size_t l;

	for (l = 0; l < TPL_LANGS; l++) {
		snprintf(name, sizeof(name), "%s-%s", what, tpl_lang_names[l]);
		xml_set(n, name, v[l]);
	}
}

static void
scales_xml(const struct ed *e, xmlNodePtr parent)
{
	char n[ED_NAME_MAX];
	size_t i, j;

	for (i = 0; i < e->nscales; i++) {
		xmlNodePtr s = xml_add(parent, "scale");

		snprintf(n, sizeof(n), "s%zu", i + 1);
		xml_set(s, "n", n);
		xml_set_int(s, "i", (int64_t)i + 1);
		xml_set(s, "key", e->scale[i].key);
		for (j = 0; j < e->scale[i].n; j++) {
			const struct ed_level *l = &e->scale[i].level[j];
			xmlNodePtr x = xml_add(s, "level");

			snprintf(n, sizeof(n), "s%zu_l%zu", i + 1, j + 1);
			xml_set(x, "n", n);
			xml_set_int(x, "i", (int64_t)j + 1);
			xml_set(x, "value", l->value);
			texts_xml(x, "label", l->label);
			texts_xml(x, "desc", l->desc);
		}
	}
}

static void
section_xml(xmlNodePtr parent, const struct ed_section *x, size_t c, size_t k)
{
	xmlNodePtr s = xml_add(parent, "section");
	char n[ED_NAME_MAX];

	snprintf(n, sizeof(n), "f%zu_x%zu", c + 1, k + 1);
	xml_set(s, "n", n);
	xml_set_int(s, "i", (int64_t)k + 1);
	xml_set(s, "key", x->key);
	xml_set(s, "kind", x->kind);
	xml_set(s, "who", x->who);
	xml_set(s, "scale", x->scale);
	xml_set(s, "below", x->below);
	xml_set(s, "required", x->required ? "1" : "0");
	xml_set(s, "self", x->self ? "1" : "0");
	texts_xml(s, "title", x->title);
	texts_xml(s, "guid", x->guid);
}

static void
forms_xml(const struct ed *e, xmlNodePtr parent)
{
	char n[ED_NAME_MAX];
	size_t c, k;

	for (c = 0; c < TPL_CONVS; c++) {
		xmlNodePtr f = xml_add(parent, "form");

		snprintf(n, sizeof(n), "f%zu", c + 1);
		xml_set(f, "n", n);
		xml_set_int(f, "i", (int64_t)c + 1);
		xml_set(f, "type", tpl_conv_names[c]);
		for (k = 0; k < e->form[c].n; k++)
			section_xml(f, &e->form[c].x[k], c, k);
	}
}

static void
errors_xml(const struct ed *e, xmlNodePtr parent)
{
	size_t i;

	for (i = 0; i < e->nerrors; i++) {
		xmlNodePtr x = xml_add(parent, "error");

		xml_set(x, "field", e->error[i].field);
		xml_set(x, "key", e->error[i].key);
		if (e->error[i].reason[0])
			xml_set(x, "reason", e->error[i].reason);
		if (e->error[i].max > 0)
			xml_set_int(x, "max", e->error[i].max);
	}
}

/* The declared form as every page has it (<form><field error>): the
 * checked fields, and the editor's problems by field name. */
static void
form_page(struct ed *e)
{
	struct form f;
	size_t i;

	form_begin(&f, e->c, "template-edit");
	for (i = 0; i < e->nerrors; i++) {
		if (e->error[i].field[0] == '\0')
			continue;
		form_error(&f, e->error[i].field, e->error[i].key);	/* names live in e */
		if (e->error[i].max > 0)
			form_limit(&f, e->error[i].field, e->error[i].max);
	}
	form_xml(&f, e->c->page);
}

static int
page(struct ed *e, int status)
{
	char action[sizeof("/admin/templates//edit") + 24];
	xmlNodePtr n;
	size_t i;

	if (!page_begin(e->c, "admin_template_edit"))
		return 500;
	n = xml_add(e->c->page, "editor");
	if (e->id > 0) {
		snprintf(action, sizeof(action), "/admin/templates/%lld/edit", (long long)e->id);
		xml_set_int(n, "id", e->id);
		xml_set_int(n, "based-on", e->based_on);
	} else {
		strlcopy(action, "/admin/templates/new", sizeof(action));
	}
	xml_set(n, "action", action);
	xml_set(n, "key", e->key);
	texts_xml(n, "name", e->name);
	texts_xml(n, "desc", e->desc);
	for (i = 0; i < TPL_RULES; i++)
		xml_set(n, rule_fields[i], e->rule[i] ? "1" : "0");
	for (i = 0; i < TPL_PARTS; i++) {
		char w[ED_NAME_MAX];

		snprintf(w, sizeof(w), "w_%s", tpl_part_names[i]);
		xml_set(n, w, e->weight[i]);
	}
	xml_set(n, "final-scale", e->final_scale);
	xml_set(n, "second_assessor", e->second_assessor ? "1" : "0");
	xml_set_int(n, "scales-max", TPL_SCALES_MAX);
	xml_set_int(n, "levels-max", TPL_LEVELS_MAX);
	xml_set_int(n, "levels-min", TPL_LEVELS_MIN);
	xml_set_int(n, "sections-max", TPL_SECTIONS_MAX);
	if (e->nerrors > 0)
		xml_set(n, "failed", "1");
	scales_xml(e, n);
	forms_xml(e, n);
	ed_fb_xml(e, n);
	errors_xml(e, n);
	form_page(e);
	return status;
}

/* ---- save ---- */

static int
saved(struct ed *e, const struct tpl_saved *s)
{
	int st = auth_flash(e->c, "flash.template_saved");

	if (st != DB_OK)
		return http_status_of(st);
	snprintf(e->c->location, sizeof(e->c->location), "/admin/templates/%lld",
	    (long long)s->template_id);
	return HANDLER_REDIRECT;
}

/* Checks the form and writes it as a new version of template `key`; a
 * refusal answers the form with its problems and writes nothing. */
static int
save(struct ed *e, const char *key)
{
	struct tpl_saved s;
	struct tpl *t = tpl_new();
	int st;

	if (t == NULL)
		return 500;
	if (!ed_build(e, t, key)) {
		tpl_free(t);
		return 500;
	}
	if (e->id > 0 && e->based_on <= 0)
		ed_error(e, "", "form.error.conflict", NULL, 0);	/* no version named */
	if (e->nerrors > 0 || !ed_check(e, t)) {
		tpl_free(t);
		return page(e, 400);
	}
	st = template_save_next(e->c->db, t, e->c->user.id, e->id > 0 ? e->based_on : 0, &s);
	tpl_free(t);
	if (st == DB_OK)
		return saved(e, &s);
	if (st == DB_DUPLICATE) {
		ed_error(e, "key", "templates.edit.error.key_taken", NULL, 0);
		return page(e, 409);
	}
	if (st == DB_CONFLICT) {
		ed_error(e, "", "form.error.conflict", NULL, 0);
		return page(e, 409);
	}
	return http_status_of(st);
}

/* The newest version of the route's template into e->loaded. */
static int
load(struct ed *e)
{
	int st;

	if ((e->loaded = tpl_new()) == NULL)
		return 500;
	st = template_load_id(e->c->db, e->id, 0, e->loaded);
	return st == DB_OK ? 200 : st == DB_NOTFOUND ? 404 : http_status_of(st);
}

/* A POST: a button that changes the form, or "save".  A value of the
 * wrong kind is named next to its field (400) before anything else, as
 * for every declared field; an edit's key is the stored template's,
 * never the form's. */
static int
post(struct ed *e)
{
	const char *op = ed_str(request_body_param(e->c->req, "op"));
	int status;

	read_request(e);
	if (e->nerrors > 0)
		return page(e, 400);
	if (e->id > 0) {
		if ((status = load(e)) != 200)
			return status;
		e->key = e->loaded->key;
	}
	if (strcmp(op, "save") == 0)
		return save(e, e->key);
	apply_op(e, op);
	return page(e, 200);
}

static struct ed *
ed_new(struct ctx *c, int64_t id)
{
	struct ed *e = calloc(1, sizeof(*e));

	if (e == NULL)
		return NULL;
	e->c = c;
	e->id = id;
	return e;
}

static void
ed_free(struct ed *e)
{
	if (e == NULL)
		return;
	tpl_free(e->loaded);
	free(e);
}

/* The form kept when the session ended (app_resume.c), back as typed
 * after the login: read as a POST without a button is, unsaved.  *shown:
 * there was one and e holds it. */
static int
restored(struct ed *e, bool *shown)
{
	int st = resume_take_fields(e->c, shown);

	if (st != DB_OK)
		return http_status_of(st);
	if (*shown)
		read_request(e);
	return 200;
}

int
admin_template_new_get(struct ctx *c)
{
	struct ed *e = ed_new(c, 0);
	bool shown = false;
	int status;

	if (e == NULL)
		return 500;
	if ((status = restored(e, &shown)) == 200) {
		if (!shown)
			fresh(e);
		status = page(e, 200);
	}
	ed_free(e);
	return status;
}

/* A save or a button of the form, of a new template (id 0) or of template id. */
static int
post_for(struct ctx *c, int64_t id)
{
	struct ed *e = ed_new(c, id);
	int status;

	if (e == NULL)
		return 500;
	status = post(e);
	ed_free(e);
	return status;
}

int
admin_template_new_post(struct ctx *c)
{
	return post_for(c, 0);
}

int
admin_template_edit_get(struct ctx *c)
{
	struct ed *e = ed_new(c, c->ids[0]);
	bool shown = false;
	int status;

	if (e == NULL)
		return 500;
	if ((status = load(e)) == 200 && (status = restored(e, &shown)) == 200) {
		/* A kept form keeps the version it was based on: a version saved
		 * meanwhile makes its save a conflict, as for any stale form. */
		if (shown)
			e->key = e->loaded->key;
		else
			from_tpl(e, e->loaded);
		status = page(e, 200);
	}
	ed_free(e);
	return status;
}

int
admin_template_edit_post(struct ctx *c)
{
	return post_for(c, c->ids[0]);
}
