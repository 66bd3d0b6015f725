/* template_check.c -- the rules of a template that template.xsd cannot
 * express (XSD 1.0 has no sums and no conditions between attributes).
 * Pure: the importer calls it after validation, and the editor
 * (pages/admin_template_edit.c) on the template built from its form, so
 * both meet one set of rules; the keys' form and uniqueness, which the
 * schema holds for a file, are checked here again for the editor. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "import/template_xml.h"

static bool
refuse_as(struct tpl_error *err, size_t line, const char *code, const char *reason)
{
	err->line = line;
	err->code = code;
	snprintf(err->reason, sizeof(err->reason), "%s", reason);
	return false;
}

/* template.xsd's key: a letter a-z, then up to TPL_KEY_MAX - 1 of a-z,
 * 0-9, '_' and '-'.  The schema holds it for a file; the editor's
 * template comes from a form, so the rule is here too. */
static bool
key_valid(const char *k)
{
	size_t n;

	if (k[0] < 'a' || k[0] > 'z')
		return false;
	for (n = 1; k[n]; n++)
		if (!((k[n] >= 'a' && k[n] <= 'z') || (k[n] >= '0' && k[n] <= '9') ||
		    k[n] == '_' || k[n] == '-'))
			return false;
	return n <= TPL_KEY_MAX;
}

/* Keys are well formed and unique where the schema makes them so: the
 * scales of the template, the sections of one form. */
static bool
keys_ok(const struct tpl *t, struct tpl_error *err)
{
	size_t i, j, k;

	if (!key_valid(t->key))
		return refuse_as(err, 0, "key", "the template's key is 1 to 40 of a-z, 0-9, _ and -, "
		    "starting with a letter");
	for (i = 0; i < t->nscales; i++) {
		if (!key_valid(t->scale[i].key))
			return refuse_as(err, t->scale[i].line, "key", "a scale's key is 1 to 40 of "
			    "a-z, 0-9, _ and -, starting with a letter");
		for (j = 0; j < i; j++)
			if (strcmp(t->scale[j].key, t->scale[i].key) == 0)
				return refuse_as(err, t->scale[i].line, "duplicate_key",
				    "two scales have the same key");
	}
	for (i = 0; i < t->nforms; i++) {
		const struct tpl_form *f = &t->form[i];

		for (j = 0; j < f->nsections; j++) {
			if (!key_valid(f->section[j].key))
				return refuse_as(err, f->section[j].line, "key", "a section's key is 1 "
				    "to 40 of a-z, 0-9, _ and -, starting with a letter");
			for (k = 0; k < j; k++)
				if (strcmp(f->section[k].key, f->section[j].key) == 0)
					return refuse_as(err, f->section[j].line, "duplicate_key",
					    "two sections of one form have the same key");
		}
	}
	return true;
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
	return refuse_as(err, t->outcome_line, "weights", reason);
}

static bool
scales_ok(const struct tpl *t, struct tpl_error *err)
{
	size_t i, j;

	for (i = 0; i < t->nscales; i++) {
		const struct tpl_scale *sc = &t->scale[i];

		if (sc->nlevels < TPL_LEVELS_MIN || sc->nlevels > TPL_LEVELS_MAX)
			return refuse_as(err, sc->line, "levels", "a scale needs 2 to 10 levels");
		for (j = 1; j < sc->nlevels; j++)
			if (sc->level[j].value <= sc->level[j - 1].value)
				return refuse_as(err, sc->level[j].line, "level_order",
				    "the levels of a scale go from low to high, each value once");
	}
	if (t->final_scale[0] && find_scale(t, t->final_scale) == NULL)
		return refuse_as(err, t->outcome_line, "final_scale",
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
		return refuse_as(err, x->line, "kind", "unknown section kind or answerer");
	if (x->scale[0] && sc == NULL)
		return refuse_as(err, x->line, "section_scale", "the section's scale is not a scale of this template");
	if (x->scale[0] && !rated(x->kind))
		return refuse_as(err, x->line, "scale_kind", "only rated sections (rating question, competences, "
		    "result goals) take a scale");
	if (x->kind == TPL_RATING_QUESTION && sc == NULL)
		return refuse_as(err, x->line, "rating_scale", "a rating question needs a scale of this template");
	if (x->self_assessment && x->kind != TPL_RATING_QUESTION && x->kind != TPL_COMPETENCES)
		return refuse_as(err, x->line, "self", "self-assessment is for rating questions and competences");
	/* The employee rates beforehand what the manager rates: on a section
	 * both parties answer, her rating is her own answer, and the flag
	 * would promise a self-assessment the form never shows. */
	if (x->self_assessment && x->answered_by != TPL_BY_MANAGER)
		return refuse_as(err, x->line, "self_manager", "self-assessment is for a section the manager answers");
	if (x->explain_below >= 0 && sc == NULL)
		return refuse_as(err, x->line, "explain_scale", "explain-below needs the section's own scale");
	if (x->explain_below >= 0 &&
	    (!has_level(sc, x->explain_below) || x->explain_below == sc->level[0].value))
		return refuse_as(err, x->line, "explain_level", "explain-below is a level of the scale above its lowest");
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
			return refuse_as(err, x->line, "builtin_once", "a built-in section (result goals, development, "
			    "actions, remarks) comes once per form");
		seen[x->kind] = have[x->kind] = true;
	}
	if (f->type == TPL_GOAL_SETTING && !seen[TPL_RESULT_GOALS])
		return refuse_as(err, f->line, "result_goals", "the goal-setting form must keep its result goals");
	return true;
}

/* The feedback round (issue 17): a rating names a scale of the version,
 * an open question none; keys well formed and unique; the threshold in
 * its range; the round's conversation is a form of the template. */
static bool
feedback_question_ok(const struct tpl *t, const struct tpl_fb_question *q,
    struct tpl_error *err)
{
	if ((int)q->kind < 0 || (int)q->kind >= TPL_FB_KINDS)
		return refuse_as(err, q->line, "kind", "unknown feedback question kind");
	if (!key_valid(q->key))
		return refuse_as(err, q->line, "key", "a feedback question's key is 1 to 40 of a-z, "
		    "0-9, _ and -, starting with a letter");
	if (q->kind == TPL_FB_RATING && find_scale(t, q->scale) == NULL)
		return refuse_as(err, q->line, "rating_scale",
		    "a rated feedback question needs a scale of this template");
	if (q->kind == TPL_FB_OPEN && q->scale[0])
		return refuse_as(err, q->line, "scale_kind", "an open feedback question takes no scale");
	return true;
}

static bool
feedback_ok(const struct tpl *t, struct tpl_error *err)
{
	const struct tpl_feedback *fb = &t->feedback;
	bool form = false;
	size_t i, j;

	if (!fb->enabled)
		return true;
	if (fb->threshold < TPL_FB_THRESHOLD_MIN || fb->threshold > TPL_FB_THRESHOLD_MAX)
		return refuse_as(err, fb->line, "threshold", "the feedback threshold is 2 to 20");
	if ((int)fb->invited_by < 0 || (int)fb->invited_by >= TPL_WHOS ||
	    (int)fb->employee_sees < 0 || (int)fb->employee_sees >= TPL_FB_SEES ||
	    (int)fb->conversation < 0 || (int)fb->conversation >= TPL_CONVS)
		return refuse_as(err, fb->line, "kind", "unknown feedback setting");
	if (fb->nquestions == 0 || fb->nquestions > TPL_FB_QUESTIONS_MAX)
		return refuse_as(err, fb->line, "feedback_questions", "feedback needs 1 to 20 questions");
	for (i = 0; i < t->nforms; i++)
		form |= t->form[i].type == fb->conversation;
	if (!form)
		return refuse_as(err, fb->line, "feedback_form",
		    "the feedback's conversation is not a form of this template");
	for (i = 0; i < fb->nquestions; i++) {
		if (!feedback_question_ok(t, &fb->question[i], err))
			return false;
		for (j = 0; j < i; j++)
			if (strcmp(fb->question[j].key, fb->question[i].key) == 0)
				return refuse_as(err, fb->question[i].line, "duplicate_key",
				    "two feedback questions have the same key");
	}
	return true;
}

bool
tpl_check(const struct tpl *t, struct tpl_error *err)
{
	bool have[TPL_KINDS] = { false }, goal_setting = false;
	size_t i;

	if (!keys_ok(t, err) || !weights_ok(t, err) || !scales_ok(t, err))
		return false;
	for (i = 0; i < t->nforms; i++) {
		if ((int)t->form[i].type < 0 || (int)t->form[i].type >= TPL_CONVS)
			return refuse_as(err, t->form[i].line, "kind", "unknown conversation type");
		goal_setting |= t->form[i].type == TPL_GOAL_SETTING;
		if (!form_ok(t, &t->form[i], have, err))
			return false;
	}
	if (!goal_setting)
		return refuse_as(err, 0, "result_goals", "a template needs a goal-setting form (with its result goals)");
	if (t->weight[TPL_PART_COMPETENCES] > 0 && !have[TPL_COMPETENCES])
		return refuse_as(err, t->outcome_line, "competence_weight", "competences weigh in the outcome but no form has a "
		    "competence section");
	if (t->weight[TPL_PART_RATING_QUESTIONS] > 0 && !have[TPL_RATING_QUESTION])
		return refuse_as(err, t->outcome_line, "rating_weight",
		    "rating questions weigh in the outcome but no form has one");
	return feedback_ok(t, err);
}
