/* template_check.c -- the rules of a template that template.xsd cannot
 * express (XSD 1.0 has no sums and no conditions between attributes).
 * Pure: the importer calls it after validation, and the editor of a later
 * slice can call it on a template built from a form. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "import/template_xml.h"

static bool
refuse(struct tpl_error *err, size_t line, const char *reason)
{
	err->line = line;
	snprintf(err->reason, sizeof(err->reason), "%s", reason);
	return false;
}

static const struct tpl_scale *
find_scale(const struct tpl *t, const char *key)
{
	size_t i;

	for (i = 0; i < t->nscales; i++)
		if (strcmp(t->scale[i].key, key) == 0)
			return &t->scale[i];
	return NULL;
}

static bool
weights_ok(const struct tpl *t, struct tpl_error *err)
{
	char reason[TPL_REASON_MAX];
	int sum = 0;
	size_t p;

	for (p = 0; p < TPL_PARTS; p++)
		sum += t->weight[p];
	if (sum == TPL_WEIGHT_TOTAL)
		return true;
	snprintf(reason, sizeof(reason), "the weights of the outcome add up to %d %%, not %d %%",
	    sum, TPL_WEIGHT_TOTAL);
	return refuse(err, t->outcome_line, reason);
}

static bool
scales_ok(const struct tpl *t, struct tpl_error *err)
{
	size_t i, j;

	for (i = 0; i < t->nscales; i++) {
		const struct tpl_scale *sc = &t->scale[i];

		if (sc->nlevels < TPL_LEVELS_MIN || sc->nlevels > TPL_LEVELS_MAX)
			return refuse(err, sc->line, "a scale needs 2 to 10 levels");
		for (j = 1; j < sc->nlevels; j++)
			if (sc->level[j].value <= sc->level[j - 1].value)
				return refuse(err, sc->level[j].line,
				    "the levels of a scale go from low to high, each value once");
	}
	if (t->final_scale[0] && find_scale(t, t->final_scale) == NULL)
		return refuse(err, t->outcome_line,
		    "the outcome's final scale is not a scale of this template");
	return true;
}

static bool
has_level(const struct tpl_scale *sc, int value)
{
	size_t i;

	for (i = 0; i < sc->nlevels; i++)
		if (sc->level[i].value == value)
			return true;
	return false;
}

static bool
rated(enum tpl_kind k)
{
	return k == TPL_RATING_QUESTION || k == TPL_COMPETENCES || k == TPL_RESULT_GOALS;
}

static bool
section_ok(const struct tpl *t, const struct tpl_section *x, struct tpl_error *err)
{
	const struct tpl_scale *sc = x->scale[0] ? find_scale(t, x->scale) : NULL;

	if ((int)x->kind < 0 || (int)x->kind >= TPL_KINDS ||
	    (int)x->answered_by < 0 || (int)x->answered_by >= TPL_WHOS)
		return refuse(err, x->line, "unknown section kind or answerer");
	if (x->scale[0] && sc == NULL)
		return refuse(err, x->line, "the section's scale is not a scale of this template");
	if (x->scale[0] && !rated(x->kind))
		return refuse(err, x->line, "only rated sections (rating question, competences, "
		    "result goals) take a scale");
	if (x->kind == TPL_RATING_QUESTION && sc == NULL)
		return refuse(err, x->line, "a rating question needs a scale of this template");
	if (x->self_assessment && x->kind != TPL_RATING_QUESTION && x->kind != TPL_COMPETENCES)
		return refuse(err, x->line, "self-assessment is for rating questions and competences");
	if (x->explain_below >= 0 && sc == NULL)
		return refuse(err, x->line, "explain-below needs the section's own scale");
	if (x->explain_below >= 0 &&
	    (!has_level(sc, x->explain_below) || x->explain_below == sc->level[0].value))
		return refuse(err, x->line, "explain-below is a level of the scale above its lowest");
	return true;
}

/* One of each built-in item section per form; the goal setting keeps its
 * result goals (issue 16: they cannot be switched off). */
static bool
form_ok(const struct tpl *t, const struct tpl_form *f, bool have[TPL_KINDS],
    struct tpl_error *err)
{
	bool seen[TPL_KINDS] = { false };
	size_t i;

	for (i = 0; i < f->nsections; i++) {
		const struct tpl_section *x = &f->section[i];

		if (!section_ok(t, x, err))
			return false;
		if (x->kind <= TPL_REMARKS && seen[x->kind])
			return refuse(err, x->line, "a built-in section (result goals, development, "
			    "actions, remarks) comes once per form");
		seen[x->kind] = have[x->kind] = true;
	}
	if (f->type == TPL_GOAL_SETTING && !seen[TPL_RESULT_GOALS])
		return refuse(err, f->line, "the goal-setting form must keep its result goals");
	return true;
}

bool
tpl_check(const struct tpl *t, struct tpl_error *err)
{
	bool have[TPL_KINDS] = { false }, goal_setting = false;
	size_t i;

	if (!weights_ok(t, err) || !scales_ok(t, err))
		return false;
	for (i = 0; i < t->nforms; i++) {
		if ((int)t->form[i].type < 0 || (int)t->form[i].type >= TPL_CONVS)
			return refuse(err, t->form[i].line, "unknown conversation type");
		goal_setting |= t->form[i].type == TPL_GOAL_SETTING;
		if (!form_ok(t, &t->form[i], have, err))
			return false;
	}
	if (!goal_setting)
		return refuse(err, 0, "a template needs a goal-setting form (with its result goals)");
	if (t->weight[TPL_PART_COMPETENCES] > 0 && !have[TPL_COMPETENCES])
		return refuse(err, t->outcome_line, "competences weigh in the outcome but no form has a "
		    "competence section");
	if (t->weight[TPL_PART_RATING_QUESTIONS] > 0 && !have[TPL_RATING_QUESTION])
		return refuse(err, t->outcome_line,
		    "rating questions weigh in the outcome but no form has one");
	return true;
}
