/* template_edit.h -- the template editor's form (admin_template_edit.c)
 * and its check (template_edit_check.c): the form as typed, as rows of
 * strings, and the problems it has, next to their fields. */
#ifndef GESPREK_TEMPLATE_EDIT_H
#define GESPREK_TEMPLATE_EDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libxml/tree.h>

#include "import/template_xml.h"
#include "store/template.h"

struct ctx;

/* Room for a field name: "f3_x30_title_nl" is the longest the editor
 * makes, and the compiler's bound for two size_t indices fits too. */
#define ED_NAME_MAX 96
/* A catalog key: "templates.edit.error." and the word of a rule. */
#define ED_KEY_MAX 64
/* Problems shown at once; more wait for the next save. */
#define ED_ERRORS_MAX 40
/* Numbers the editor writes into its form (levels, explain-below,
 * weights, the button's new level), each at most ED_NUMBER_MAX bytes. */
#define ED_NUMBER_MAX 12
#define ED_POOL ((TPL_SCALES_MAX * TPL_LEVELS_MAX + TPL_CONVS * TPL_SECTIONS_MAX + \
	TPL_PARTS + 1 + 1) * ED_NUMBER_MAX)	/* ... and the feedback threshold */

struct ed_level {
	const char *value, *label[TPL_LANGS], *desc[TPL_LANGS];
};

struct ed_scale {
	const char *key;
	size_t n;
	struct ed_level level[TPL_LEVELS_MAX];
};

struct ed_section {
	const char *key, *kind, *who, *scale, *below, *title[TPL_LANGS], *guid[TPL_LANGS];
	bool required, self;
};

struct ed_form {
	size_t n;
	struct ed_section x[TPL_SECTIONS_MAX];
};

/* A feedback question (issue 17): fields q1_key, q1_kind ... */
struct ed_question {
	const char *key, *kind, *scale, *title[TPL_LANGS];
};

/* The feedback round (issue 17), as typed: fb_enabled, fb_conversation,
 * fb_invited_by, fb_anonymity, fb_threshold, fb_sees and the questions.
 * Not enabled: the version has no round (the typed rows stay in the form
 * until the page is left). */
struct ed_feedback {
	bool enabled;
	const char *conversation, *invited_by, *anonymity, *threshold, *sees;
	size_t n;
	struct ed_question q[TPL_FB_QUESTIONS_MAX];
};

/* A problem next to its field ("" : the form as a whole). */
struct ed_error {
	char field[ED_NAME_MAX];
	char key[ED_KEY_MAX];
	char reason[TPL_REASON_MAX];	/* the import's words, when there are no others */
	int64_t max;			/* form.error.too_long: the limit */
};

/* The form as typed (or as loaded): strings point into the request, into
 * the loaded template or into pool, so rows can be moved as values. */
struct ed {
	struct ctx *c;
	int64_t id;		/* 0: a new template */
	int based_on;		/* the version the editor started from; 0: new */
	const char *key, *name[TPL_LANGS], *desc[TPL_LANGS], *final_scale;
	const char *weight[TPL_PARTS];
	bool rule[TPL_RULES];
	size_t nscales;
	struct ed_scale scale[TPL_SCALES_MAX];
	struct ed_form form[TPL_CONVS];
	size_t nerrors;
	struct ed_error error[ED_ERRORS_MAX];
	char pool[ED_POOL];
	size_t pooled;
	struct tpl *loaded;	/* owns the texts of a GET's version */
	bool second_assessor;	/* issue 17 */
	struct ed_feedback fb;	/* issue 17 */
};

/* s, or "" for NULL. */
static inline const char *
ed_str(const char *s)
{
	return s ? s : "";
}

/* The field "" is the form as a whole; key a catalog key; reason the
 * import's English words where there are no others; max the limit of a
 * too-long text.  Beyond ED_ERRORS_MAX problems, the rest wait. */
void ed_error(struct ed *e, const char *field, const char *key, const char *reason,
    int64_t max);
bool ed_has_error(const struct ed *e, const char *field);
/* name = a + b, in ED_NAME_MAX bytes (every name the editor makes fits). */
void ed_join(char *name, const char *a, const char *b);

/* v as text in e->pool ("" when the pool is full: it is sized for the
 * largest template); admin_template_edit.c. */
const char *ed_pool_int(struct ed *e, int64_t v);

/* The feedback round (issue 17, template_edit_feedback.c): read from the
 * request; a new one's settings (template.xsd's defaults, no round); a
 * stored version's; a button of its rows (false: op is none of them,
 * nothing changed); its part of the page (editor/feedback). */
void ed_fb_read(struct ed *e);
void ed_fb_fresh(struct ed *e);
void ed_fb_from(struct ed *e, const struct tpl_feedback *fb);
bool ed_fb_op(struct ed *e, const char *op);
void ed_fb_xml(const struct ed *e, xmlNodePtr editor);

/* The form as a struct tpl with the template's key (t: a fresh
 * tpl_new()); false when out of memory.  Problems of single fields (a
 * Dutch text missing, a number out of range, a kind unknown) go to
 * e->error. */
bool ed_build(struct ed *e, struct tpl *t, const char *key);
/* The rules of the XML import, whole: tpl_check, then t written as a file
 * and read back through template.xsd (tpl_read), so the editor never
 * saves what an import would refuse.  True when t passes; else the
 * problem is in e->error, next to its field. */
bool ed_check(struct ed *e, const struct tpl *t);

#endif
