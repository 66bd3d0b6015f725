/* template_model.c -- the in-memory template of template.h: its names,
 * allocation and texts.  No SQL (so the fuzz harness of the template
 * reader links it without MariaDB). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store/template.h"

const char *const tpl_lang_names[TPL_LANGS] = { "nl", "en" };
const char *const tpl_conv_names[TPL_CONVS] = { "goal_setting", "progress", "assessment" };
const char *const tpl_kind_names[TPL_KINDS] = {
	"result_goals", "development", "actions", "remarks",
	"open_question", "rating_question", "competences",
};
const char *const tpl_who_names[TPL_WHOS] = { "employee", "manager", "both" };
const char *const tpl_part_names[TPL_PARTS] = {
	"result_goals", "competences", "rating_questions",
};

const char *const tpl_fb_kind_names[TPL_FB_KINDS] = { "open", "rating" };
const char *const tpl_fb_sees_names[TPL_FB_SEES] = { "always", "after_conversation", "never" };

int
tpl_name_index(const char *const *names, size_t n, const char *name)
{
	size_t i;

	for (i = 0; name && i < n; i++)
		if (strcmp(names[i], name) == 0)
			return (int)i;
	return -1;
}

struct tpl *
tpl_new(void)
{
	struct tpl *t = calloc(1, sizeof(*t));
	size_t f, s, r;

	if (t == NULL)
		return NULL;
	for (r = 0; r < TPL_RULES; r++)
		t->goal_required[r] = true;
	for (f = 0; f < TPL_CONVS; f++)
		for (s = 0; s < TPL_SECTIONS_MAX; s++)
			t->form[f].section[s].explain_below = -1;
	t->feedback.conversation = TPL_ASSESSMENT;
	t->feedback.invited_by = TPL_BY_BOTH;
	t->feedback.anonymous = true;
	t->feedback.threshold = TPL_FB_THRESHOLD_DEFAULT;
	t->feedback.employee_sees = TPL_FB_AFTER;
	return t;
}

static void
text_free(struct tpl_text *x)
{
	size_t l;

	for (l = 0; l < TPL_LANGS; l++) {
		free(x->v[l]);
		x->v[l] = NULL;
	}
}

void
tpl_free(struct tpl *t)
{
	size_t i, j;

	if (t == NULL)
		return;
	text_free(&t->name);
	text_free(&t->description);
	for (i = 0; i < TPL_SCALES_MAX; i++)
		for (j = 0; j < TPL_LEVELS_MAX; j++) {
			text_free(&t->scale[i].level[j].label);
			text_free(&t->scale[i].level[j].description);
		}
	for (i = 0; i < TPL_CONVS; i++)
		for (j = 0; j < TPL_SECTIONS_MAX; j++) {
			text_free(&t->form[i].section[j].title);
			text_free(&t->form[i].section[j].guidance);
		}
	for (i = 0; i < TPL_FB_QUESTIONS_MAX; i++)
		text_free(&t->feedback.question[i].title);
	free(t);
}

bool
tpl_text_set(char **slot, const char *s, size_t len)
{
	char *copy = malloc(len + 1);

	if (copy == NULL)
		return false;
	memcpy(copy, s, len);
	copy[len] = '\0';
	free(*slot);
	*slot = copy;
	return true;
}
