/* template_edit_check.c -- the template editor's form into a struct tpl,
 * held to the rules of the XML import (template_edit.h).  A refusal of
 * tpl_check names a line of a file; the editor gives each part of its
 * struct tpl a locator instead of a line, and turns the one refused back
 * into the field it came from. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "pages/template_edit.h"
#include "base/util.h"
#include "base/validate.h"

#define ED_XSD "/schema/template.xsd"
/* The `line` locators the editor gives the parts of its struct tpl, so
 * that a refusal of tpl_check (which names a line of an imported file)
 * names the field instead: below LOC_FORM the outcome and the feedback
 * round, then the forms, the scales, the levels (100 per scale), the
 * sections (100 per form), the feedback questions (issue 17). */
#define LOC_OUTCOME 1
#define LOC_FEEDBACK 2
#define LOC_FORM 10
#define LOC_SCALE 100
#define LOC_LEVEL 1000
#define LOC_SECTION 100000
#define LOC_QUESTION 200000
#define LOC_ROW 100
_Static_assert(TPL_LEVELS_MAX < LOC_ROW && TPL_SECTIONS_MAX < LOC_ROW, "a row per locator");
_Static_assert(LOC_LEVEL + TPL_SCALES_MAX * LOC_ROW < LOC_SECTION, "locators apart");
_Static_assert(LOC_SECTION + TPL_CONVS * LOC_ROW < LOC_QUESTION, "questions after sections");
_Static_assert(LOC_FEEDBACK < LOC_FORM, "the round below the forms");

void
ed_error(struct ed *e, const char *field, const char *key, const char *reason, int64_t max)
{
	struct ed_error *x;

	if (e->nerrors == ED_ERRORS_MAX)
		return;
	x = &e->error[e->nerrors++];
	strlcopy(x->field, field, sizeof(x->field));
	strlcopy(x->key, key, sizeof(x->key));
	strlcopy(x->reason, ed_str(reason), sizeof(x->reason));
	x->max = max;
}

void
ed_join(char *name, const char *a, const char *b)
{
	size_t n;

	strlcopy(name, a, ED_NAME_MAX);
	n = strlen(name);
	strlcopy(name + n, b, ED_NAME_MAX - n);
}

/* Sets the texts of x from out; a Dutch text is required when `need`
 * names its field (prefix + what + "_nl"). */
static bool
set_texts(struct ed *e, struct tpl_text *x, const char *const in[TPL_LANGS],
    const char *prefix, const char *what, bool need)
{
	char name[ED_NAME_MAX], part[ED_NAME_MAX];
	size_t l;

	for (l = 0; l < TPL_LANGS; l++)
		if (!blank(in[l]) && !tpl_text_set(&x->v[l], in[l], strlen(in[l])))
			return false;
	if (need && blank(in[TPL_NL])) {
		ed_join(part, prefix, what);
		ed_join(name, part, "_nl");
		ed_error(e, name, "form.error.required", NULL, 0);
	}
	return true;
}

bool
ed_has_error(const struct ed *e, const char *field)
{
	size_t i;

	for (i = 0; i < e->nerrors; i++)
		if (strcmp(e->error[i].field, field) == 0)
			return true;
	return false;
}

/* The number typed in field `name` (value v), within lo..hi; a wrong one
 * is named once (ed_get may have named it already). */
static int
number(struct ed *e, const char *name, const char *v, int64_t lo, int64_t hi, int absent)
{
	int64_t n;

	if (blank(v))
		return absent;
	if (int_valid(v, lo, hi, &n))
		return (int)n;
	if (!ed_has_error(e, name))
		ed_error(e, name, "form.error.number", NULL, 0);
	return absent;
}

static bool
build_scale(struct ed *e, struct tpl_scale *sc, const struct ed_scale *in, size_t i)
{
	char prefix[ED_NAME_MAX], name[ED_NAME_MAX];
	size_t j;

	strlcopy(sc->key, in->key, sizeof(sc->key));
	sc->line = LOC_SCALE + i;
	sc->nlevels = in->n;
	for (j = 0; j < in->n; j++) {
		struct tpl_level *l = &sc->level[j];

		snprintf(prefix, sizeof(prefix), "s%zu_l%zu", i + 1, j + 1);
		ed_join(name, prefix, "_value");
		if (blank(in->level[j].value))
			ed_error(e, name, "form.error.required", NULL, 0);
		l->value = number(e, name, in->level[j].value, 0, TPL_VALUE_MAX, 0);
		l->line = LOC_LEVEL + i * LOC_ROW + j;
		if (!set_texts(e, &l->label, in->level[j].label, prefix, "_label", true) ||
		    !set_texts(e, &l->description, in->level[j].desc, prefix, "_desc", false))
			return false;
	}
	return true;
}

static bool
build_section(struct ed *e, struct tpl_section *x, const struct ed_section *in, size_t c,
    size_t k)
{
	char prefix[ED_NAME_MAX], name[ED_NAME_MAX];
	int v;

	snprintf(prefix, sizeof(prefix), "f%zu_x%zu", c + 1, k + 1);
	strlcopy(x->key, in->key, sizeof(x->key));
	strlcopy(x->scale, in->scale, sizeof(x->scale));
	x->line = LOC_SECTION + c * LOC_ROW + k;
	if ((v = tpl_name_index(tpl_kind_names, TPL_KINDS, in->kind)) < 0) {
		ed_join(name, prefix, "_kind");
		ed_error(e, name, "form.error.choice", NULL, 0);
		v = TPL_OPEN_QUESTION;
	}
	x->kind = (enum tpl_kind)v;
	if ((v = tpl_name_index(tpl_who_names, TPL_WHOS, in->who)) < 0) {
		ed_join(name, prefix, "_who");
		ed_error(e, name, "form.error.choice", NULL, 0);
		v = TPL_BY_BOTH;
	}
	x->answered_by = (enum tpl_who)v;
	x->required = in->required;
	x->self_assessment = in->self;
	ed_join(name, prefix, "_below");
	x->explain_below = number(e, name, in->below, 0, TPL_VALUE_MAX, -1);
	return set_texts(e, &x->title, in->title, prefix, "_title", true) &&
	    set_texts(e, &x->guidance, in->guid, prefix, "_guid", false);
}

/* A choice of names[n] typed in field `name` (value v): its index, or
 * `absent` with the field named (the route's declaration has refused any
 * other already; this keeps a stale form from saving a default). */
static int
choice(struct ed *e, const char *name, const char *v, const char *const *names, size_t n,
    int absent)
{
	int i = tpl_name_index(names, n, v);

	if (i >= 0)
		return i;
	if (!ed_has_error(e, name))
		ed_error(e, name, "form.error.choice", NULL, 0);
	return absent;
}

/* The feedback round (issue 17) from its fields; not enabled: none (the
 * questions typed are not checked).  False when out of memory. */
static bool
build_feedback(struct ed *e, struct tpl_feedback *fb)
{
	const struct ed_feedback *in = &e->fb;
	char name[ED_NAME_MAX], prefix[ED_NAME_MAX];
	size_t i;

	fb->enabled = in->enabled;
	if (!in->enabled)
		return true;
	fb->line = LOC_FEEDBACK;
	fb->conversation = (enum tpl_conv)choice(e, "fb_conversation", in->conversation,
	    tpl_conv_names, TPL_CONVS, TPL_ASSESSMENT);
	fb->invited_by = (enum tpl_who)choice(e, "fb_invited_by", in->invited_by, tpl_who_names,
	    TPL_WHOS, TPL_BY_BOTH);
	fb->anonymous = strcmp(in->anonymity, "named") != 0;
	/* the range is tpl_check's rule (the import's), not the form's */
	fb->threshold = number(e, "fb_threshold", in->threshold, INT32_MIN, INT32_MAX,
	    TPL_FB_THRESHOLD_DEFAULT);
	fb->employee_sees = (enum tpl_fb_sees)choice(e, "fb_sees", in->sees, tpl_fb_sees_names,
	    TPL_FB_SEES, TPL_FB_AFTER);
	for (i = 0; i < in->n; i++) {
		struct tpl_fb_question *q = &fb->question[fb->nquestions++];

		snprintf(prefix, sizeof(prefix), "q%zu", i + 1);
		strlcopy(q->key, in->q[i].key, sizeof(q->key));
		strlcopy(q->scale, in->q[i].scale, sizeof(q->scale));
		q->line = LOC_QUESTION + i;
		ed_join(name, prefix, "_kind");
		q->kind = (enum tpl_fb_kind)choice(e, name, in->q[i].kind, tpl_fb_kind_names,
		    TPL_FB_KINDS, TPL_FB_OPEN);
		if (!set_texts(e, &q->title, in->q[i].title, prefix, "_title", true))
			return false;
	}
	return true;
}

/* The form as a struct tpl (key: the template's); false when out of
 * memory.  Problems of single fields go to e->error. */
bool
ed_build(struct ed *e, struct tpl *t, const char *key)
{
	char name[ED_NAME_MAX];
	size_t i, k;

	strlcopy(t->key, key, sizeof(t->key));
	if (e->id == 0 && blank(key))
		ed_error(e, "key", "form.error.required", NULL, 0);
	if (!set_texts(e, &t->name, e->name, "", "name", true) ||
	    !set_texts(e, &t->description, e->desc, "", "desc", false))
		return false;
	for (i = 0; i < TPL_RULES; i++)
		t->goal_required[i] = e->rule[i];
	for (i = 0; i < TPL_PARTS; i++) {
		snprintf(name, sizeof(name), "w_%s", tpl_part_names[i]);
		t->weight[i] = number(e, name, e->weight[i], 0, TPL_WEIGHT_TOTAL, 0);
	}
	strlcopy(t->final_scale, e->final_scale, sizeof(t->final_scale));
	t->second_assessor = e->second_assessor;
	t->outcome_line = LOC_OUTCOME;
	for (i = 0; i < e->nscales; i++)
		if (!build_scale(e, &t->scale[t->nscales++], &e->scale[i], i))
			return false;
	/* A conversation type without sections has no form of its own. */
	for (i = 0; i < TPL_CONVS; i++) {
		struct tpl_form *f;

		if (e->form[i].n == 0)
			continue;
		f = &t->form[t->nforms++];
		f->type = (enum tpl_conv)i;
		f->line = LOC_FORM + i;
		for (k = 0; k < e->form[i].n; k++)
			if (!build_section(e, &f->section[f->nsections++], &e->form[i].x[k], i, k))
				return false;
	}
	return build_feedback(e, &t->feedback);
}

/* The field of a section a rule of tpl_check is about. */
static const char *
section_field(const char *code)
{
	if (strcmp(code, "section_scale") == 0 || strcmp(code, "scale_kind") == 0 ||
	    strcmp(code, "rating_scale") == 0)
		return "_scale";
	if (strncmp(code, "explain_", 8) == 0)
		return "_below";
	if (strcmp(code, "self") == 0 || strcmp(code, "self_manager") == 0)
		return "_self";
	if (strcmp(code, "kind") == 0 || strcmp(code, "builtin_once") == 0)
		return "_kind";
	return "_key";
}

/* The field of a feedback question a rule of tpl_check is about. */
static const char *
question_field(const char *code)
{
	if (strcmp(code, "rating_scale") == 0 || strcmp(code, "scale_kind") == 0)
		return "_scale";
	if (strcmp(code, "kind") == 0)
		return "_kind";
	return "_key";
}

/* The field of the round's own settings a rule is about. */
static const char *
feedback_field(const char *code)
{
	if (strcmp(code, "threshold") == 0)
		return "fb_threshold";
	if (strcmp(code, "feedback_form") == 0)
		return "fb_conversation";
	if (strcmp(code, "feedback_questions") == 0)
		return "fb_questions";
	return "fb_enabled";
}

/* A refusal of tpl_check next to the field its locator names. */
static void
check_error(struct ed *e, const struct tpl_error *err)
{
	char field[ED_NAME_MAX] = "", key[ED_KEY_MAX];
	const char *code = err->code ? err->code : "schema";
	size_t l = err->line;

	if (l >= LOC_QUESTION)
		snprintf(field, sizeof(field), "q%zu%s", l - LOC_QUESTION + 1, question_field(code));
	else if (l >= LOC_SECTION)
		snprintf(field, sizeof(field), "f%zu_x%zu%s", (l - LOC_SECTION) / LOC_ROW + 1,
		    (l - LOC_SECTION) % LOC_ROW + 1, section_field(code));
	else if (l >= LOC_LEVEL)
		snprintf(field, sizeof(field), "s%zu_l%zu_value", (l - LOC_LEVEL) / LOC_ROW + 1,
		    (l - LOC_LEVEL) % LOC_ROW + 1);
	else if (l >= LOC_SCALE)
		snprintf(field, sizeof(field), "s%zu_key", l - LOC_SCALE + 1);
	else if (l >= LOC_FORM)
		snprintf(field, sizeof(field), "f%zu", l - LOC_FORM + 1);
	else if (l == LOC_FEEDBACK)
		strlcopy(field, feedback_field(code), sizeof(field));
	else if (l == LOC_OUTCOME)
		strlcopy(field, strcmp(code, "final_scale") == 0 ? "final_scale" : "weights",
		    sizeof(field));
	else if (strcmp(code, "key") == 0)
		strlcopy(field, "key", sizeof(field));
	else if (strcmp(code, "result_goals") == 0)
		strlcopy(field, "f1", sizeof(field));
	snprintf(key, sizeof(key), "templates.edit.error.%s", code);
	ed_error(e, field, key, err->reason, 0);
}

/* The rules of the XML import, whole: tpl_check, then the template as a
 * file through template.xsd and tpl_read, so a form can never save what
 * an import would refuse.  True when t passes. */
bool
ed_check(struct ed *e, const struct tpl *t)
{
	char xsd[CONF_STR_MAX + sizeof(ED_XSD)];
	struct tpl_error err;
	struct tpl *back;
	struct buf xml;

	memset(&err, 0, sizeof(err));
	if (!tpl_check(t, &err)) {
		check_error(e, &err);
		return false;
	}
	buf_init(&xml);
	snprintf(xsd, sizeof(xsd), "%s%s", e->c->conf->stylesheets, ED_XSD);
	if (!tpl_write(t, &xml)) {
		buf_free(&xml);
		ed_error(e, "", "templates.edit.error.schema", "out of memory", 0);
		return false;
	}
	back = tpl_read(xml.data, xml.len, xsd, &err);
	buf_free(&xml);
	if (back == NULL) {
		err.line = 0;
		check_error(e, &err);
		return false;
	}
	tpl_free(back);
	return true;
}

