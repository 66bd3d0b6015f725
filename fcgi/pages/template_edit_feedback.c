/* template_edit_feedback.c -- the feedback round in the template editor
 * (issue 17; template_edit.h): its settings and questions read from the
 * form, from a stored version or as new, the buttons of its question
 * rows, and its part of the page.  The round is held to the import's rules
 * with the rest of the template (template_edit_check.c ed_check): nothing
 * here decides what is valid.
 *
 * Fields: fb_enabled (a flag: the version has a round), fb_conversation,
 * fb_invited_by, fb_anonymity, fb_threshold, fb_sees; per question (from
 * 1) q1_key, q1_kind, q1_scale, q1_title_nl, q1_title_en.  Buttons:
 * add_question, del_question_N, up_question_N, down_question_N. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "base/util.h"
#include "pages/template_edit.h"
#include "xml/page.h"

/* The anonymity choices, as template.xsd names them. */
#define FB_ANONYMOUS "anonymous"
#define FB_NAMED "named"

static const char *
get(struct ed *e, const char *name)
{
	return request_body_param(e->c->req, name);
}

/* Question i (1-based), when the form sent its kind. */
static void
read_question(struct ed *e, size_t i)
{
	char name[ED_NAME_MAX];
	struct ed_question *q;
	const char *kind;
	size_t l;

	snprintf(name, sizeof(name), "q%zu_kind", i);
	if ((kind = get(e, name)) == NULL || e->fb.n == TPL_FB_QUESTIONS_MAX)
		return;
	q = &e->fb.q[e->fb.n++];
	q->kind = kind;
	snprintf(name, sizeof(name), "q%zu_key", i);
	q->key = ed_str(get(e, name));
	snprintf(name, sizeof(name), "q%zu_scale", i);
	q->scale = ed_str(get(e, name));
	for (l = 0; l < TPL_LANGS; l++) {
		snprintf(name, sizeof(name), "q%zu_title_%s", i, tpl_lang_names[l]);
		q->title[l] = ed_str(get(e, name));
	}
}

void
ed_fb_read(struct ed *e)
{
	size_t i;

	e->fb.enabled = get(e, "fb_enabled") != NULL;
	e->fb.conversation = ed_str(get(e, "fb_conversation"));
	e->fb.invited_by = ed_str(get(e, "fb_invited_by"));
	e->fb.anonymity = ed_str(get(e, "fb_anonymity"));
	e->fb.threshold = ed_str(get(e, "fb_threshold"));
	e->fb.sees = ed_str(get(e, "fb_sees"));
	e->fb.n = 0;
	for (i = 1; i <= TPL_FB_QUESTIONS_MAX; i++)
		read_question(e, i);
}

/* The settings a new round starts with: template.xsd's defaults. */
void
ed_fb_fresh(struct ed *e)
{
	e->fb.enabled = false;
	e->fb.conversation = tpl_conv_names[TPL_ASSESSMENT];
	e->fb.invited_by = tpl_who_names[TPL_BY_BOTH];
	e->fb.anonymity = FB_ANONYMOUS;
	e->fb.threshold = ed_pool_int(e, TPL_FB_THRESHOLD_DEFAULT);
	e->fb.sees = tpl_fb_sees_names[TPL_FB_AFTER];
	e->fb.n = 0;
}

void
ed_fb_from(struct ed *e, const struct tpl_feedback *fb)
{
	size_t i, l;

	ed_fb_fresh(e);
	if (!fb->enabled)
		return;
	e->fb.enabled = true;
	e->fb.conversation = tpl_conv_names[fb->conversation];
	e->fb.invited_by = tpl_who_names[fb->invited_by];
	e->fb.anonymity = fb->anonymous ? FB_ANONYMOUS : FB_NAMED;
	e->fb.threshold = ed_pool_int(e, fb->threshold);
	e->fb.sees = tpl_fb_sees_names[fb->employee_sees];
	for (i = 0; i < fb->nquestions && i < TPL_FB_QUESTIONS_MAX; i++) {
		const struct tpl_fb_question *s = &fb->question[i];
		struct ed_question *q = &e->fb.q[e->fb.n++];

		q->key = s->key;
		q->kind = tpl_fb_kind_names[s->kind];
		q->scale = s->scale;
		for (l = 0; l < TPL_LANGS; l++)
			q->title[l] = ed_str(s->title.v[l]);
	}
}

/* ---- the buttons of the question rows ---- */

/* op is prefix "_N" with N in 1..n; *i = N - 1. */
static bool
row_op(const char *op, const char *prefix, size_t n, size_t *i)
{
	size_t len = strlen(prefix), v = 0;
	const char *p = op + len;

	if (strncmp(op, prefix, len) != 0 || *p != '_')
		return false;
	for (p++; *p >= '0' && *p <= '9' && v <= TPL_FB_QUESTIONS_MAX; p++)
		v = v * 10 + (size_t)(*p - '0');
	if (*p != '\0' || v == 0 || v > n)
		return false;
	*i = v - 1;
	return true;
}

static void
swap(struct ed_feedback *fb, size_t i, size_t j)
{
	struct ed_question tmp;

	if (i >= fb->n || j >= fb->n)
		return;
	tmp = fb->q[i];
	fb->q[i] = fb->q[j];
	fb->q[j] = tmp;
}

/* A new question: open, no key or title yet. */
static void
add_question(struct ed_feedback *fb)
{
	struct ed_question *q;
	size_t l;

	if (fb->n == TPL_FB_QUESTIONS_MAX)
		return;
	q = &fb->q[fb->n++];
	q->key = q->scale = "";
	q->kind = tpl_fb_kind_names[TPL_FB_OPEN];
	for (l = 0; l < TPL_LANGS; l++)
		q->title[l] = "";
}

bool
ed_fb_op(struct ed *e, const char *op)
{
	struct ed_feedback *fb = &e->fb;
	size_t i;

	if (strcmp(op, "add_question") == 0)
		add_question(fb);
	else if (row_op(op, "del_question", fb->n, &i)) {
		memmove(&fb->q[i], &fb->q[i + 1], (fb->n - i - 1) * sizeof(fb->q[0]));
		fb->n--;
	} else if (row_op(op, "up_question", fb->n, &i) && i > 0)
		swap(fb, i - 1, i);
	else if (row_op(op, "down_question", fb->n, &i))
		swap(fb, i, i + 1);
	else
		return false;
	return true;
}

/* ---- the page: editor/feedback ---- */

void
ed_fb_xml(const struct ed *e, xmlNodePtr editor)
{
	xmlNodePtr n = xml_add(editor, "feedback");
	char name[ED_NAME_MAX];
	size_t i, l;

	xml_set(n, "enabled", e->fb.enabled ? "1" : "0");
	xml_set(n, "conversation", e->fb.conversation);
	xml_set(n, "invited_by", e->fb.invited_by);
	xml_set(n, "anonymity", e->fb.anonymity);
	xml_set(n, "threshold", e->fb.threshold);
	xml_set(n, "sees", e->fb.sees);
	xml_set_int(n, "threshold-min", TPL_FB_THRESHOLD_MIN);
	xml_set_int(n, "threshold-max", TPL_FB_THRESHOLD_MAX);
	xml_set_int(n, "questions-max", TPL_FB_QUESTIONS_MAX);
	for (i = 0; i < e->fb.n; i++) {
		const struct ed_question *q = &e->fb.q[i];
		xmlNodePtr x = xml_add(n, "question");

		snprintf(name, sizeof(name), "q%zu", i + 1);
		xml_set(x, "n", name);
		xml_set_int(x, "i", (int64_t)i + 1);
		xml_set(x, "key", q->key);
		xml_set(x, "kind", q->kind);
		xml_set(x, "scale", q->scale);
		for (l = 0; l < TPL_LANGS; l++) {
			snprintf(name, sizeof(name), "title-%s", tpl_lang_names[l]);
			xml_set(x, name, q->title[l]);
		}
	}
}
