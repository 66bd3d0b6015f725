/* template.h -- form templates (issue 16, sql/069_template.sql).
 *
 * The model
 * ---------
 * template (key, default flag)
 *   -> template_version (number 1, 2, ...; created, by whom): IMMUTABLE.
 *      Editing a template writes a new version (template_save_version);
 *      a version once written is never updated, so a conversation that
 *      started on it, and a signed report, keep exactly their form.
 *      A version holds:
 *      - name and description (Dutch required, English optional: a
 *        missing English text falls back to Dutch);
 *      - scales (0..TPL_SCALES_MAX), each with a key and 2..10 levels
 *        (value, label, description, both languages), lowest first;
 *      - goal rules: derived from an organisation goal, measure, end date,
 *        each required or optional (default: all required);
 *      - the outcome formula: a weight in percent per part (result goals,
 *        competences, rating questions), summing to 100, and the final
 *        scale; each part's ratings are normalised to 0..1 on their own
 *        scale before weighing;
 *      - whether the assessment needs a second assessor (issue 17: the
 *        department's named person, else the manager's manager, approves
 *        or changes it before the employee signs; store/review.h);
 *      - per conversation type (goal_setting, progress, assessment) an
 *        ordered list of sections.  A section has a key (unique in its
 *        form), a kind (the four built-in item sections of the seed, an
 *        open question, a rating question, the competences of the
 *        employee's job profile), who answers it, whether it is required,
 *        whether the employee rates it beforehand (self-assessment), a
 *        scale key, the level value below which an explanation is
 *        required, and title and guidance texts.
 *      A scale key left empty (a section's or the final scale) means the
 *      cycle's own rating scale (cycle.rating_scale): that is the form as
 *      it was before templates, version 1 of the default 'standaard'.
 * cycle_template (cycle, scope default|department|job_profile, scope id,
 *   template version): which version a cycle's conversations start on;
 *   the job profile's wins over the department's, both over the default.
 * conversation.template_version_id: the version it started with, kept.
 *
 * feedback (issue 17, sql/087_feedback.sql; optional, one per version):
 *   the questions colleagues answer about the employee (open text, or a
 *   rating on one of the version's scales), the conversation type whose
 *   round it is, who may invite (employee, manager, both), named or
 *   anonymous, the anonymity threshold N (answers of an anonymous round
 *   are shown, aggregated, only when at least N have answered), and when
 *   the employee sees the answers (always, after the conversation is
 *   held, never).  store/feedback.h keeps the rounds.
 *
 * The XML twin is xslt/schema/template.xsd; fcgi/import/template.c reads
 * it into a struct tpl and checks what the schema cannot, and
 * template_write.c writes one.  The store reads and writes a struct tpl
 * as a whole, one version per transaction. */
#ifndef GESPREK_STORE_TEMPLATE_H
#define GESPREK_STORE_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/status.h"

/* Characters of a key (template, scale, section): template.xsd's. */
#define TPL_KEY_MAX 40
/* Characters of a name, title or label, and of a description or guidance. */
#define TPL_SHORT_MAX 200
#define TPL_LONG_MAX 4000
/* Scales of one version, levels of one scale (at least TPL_LEVELS_MIN). */
#define TPL_SCALES_MAX 10
#define TPL_LEVELS_MIN 2
#define TPL_LEVELS_MAX 10
/* A level's value (and explain-below): template.xsd's level-value. */
#define TPL_VALUE_MAX 100
/* Sections of one conversation type's form. */
#define TPL_SECTIONS_MAX 30
/* The weights of the outcome formula sum to this. */
#define TPL_WEIGHT_TOTAL 100
/* Templates a list shows. */
#define TPL_LIST_MAX 200

/* Feedback (issue 17): questions of one version, the anonymity threshold. */
#define TPL_FB_QUESTIONS_MAX 20
#define TPL_FB_THRESHOLD_MIN 2
#define TPL_FB_THRESHOLD_MAX 20
#define TPL_FB_THRESHOLD_DEFAULT 3

enum tpl_lang { TPL_NL, TPL_EN, TPL_LANGS };
enum tpl_conv { TPL_GOAL_SETTING, TPL_PROGRESS, TPL_ASSESSMENT, TPL_CONVS };
enum tpl_kind {
	TPL_RESULT_GOALS, TPL_DEVELOPMENT, TPL_ACTIONS, TPL_REMARKS,
	TPL_OPEN_QUESTION, TPL_RATING_QUESTION, TPL_COMPETENCES, TPL_KINDS
};
enum tpl_who { TPL_BY_EMPLOYEE, TPL_BY_MANAGER, TPL_BY_BOTH, TPL_WHOS };
enum tpl_part { TPL_PART_RESULT_GOALS, TPL_PART_COMPETENCES, TPL_PART_RATING_QUESTIONS,
	TPL_PARTS };
enum tpl_goal_rule { TPL_RULE_ORG_GOAL, TPL_RULE_MEASURE, TPL_RULE_END_DATE, TPL_RULES };

/* Feedback (issue 17): a question's kind, who may invite, when the
 * employee sees the answers. */
enum tpl_fb_kind { TPL_FB_OPEN, TPL_FB_RATING, TPL_FB_KINDS };
enum tpl_fb_sees { TPL_FB_ALWAYS, TPL_FB_AFTER, TPL_FB_NEVER, TPL_FB_SEES };

/* The names of each enum, as in SQL and XML (NULL-free, indexed). */
extern const char *const tpl_lang_names[TPL_LANGS];
extern const char *const tpl_conv_names[TPL_CONVS];
extern const char *const tpl_kind_names[TPL_KINDS];
extern const char *const tpl_who_names[TPL_WHOS];
extern const char *const tpl_part_names[TPL_PARTS];
extern const char *const tpl_fb_kind_names[TPL_FB_KINDS];
extern const char *const tpl_fb_sees_names[TPL_FB_SEES];
/* Index of name in names[n], or -1. */
int tpl_name_index(const char *const *names, size_t n, const char *name);

/* A text per language; v[TPL_EN] may be NULL (falls back to Dutch).
 * The strings are owned by the struct tpl (tpl_free). */
struct tpl_text {
	char *v[TPL_LANGS];
};

struct tpl_level {
	int value;
	struct tpl_text label, description;
	size_t line;		/* in the imported file; 0 otherwise */
};

struct tpl_scale {
	char key[TPL_KEY_MAX + 1];
	size_t nlevels;
	struct tpl_level level[TPL_LEVELS_MAX];
	size_t line;
};

struct tpl_section {
	char key[TPL_KEY_MAX + 1];
	enum tpl_kind kind;
	enum tpl_who answered_by;
	bool required, self_assessment;
	char scale[TPL_KEY_MAX + 1];	/* "": the cycle's scale */
	int explain_below;		/* -1: none */
	struct tpl_text title, guidance;
	size_t line;
};

struct tpl_form {
	enum tpl_conv type;
	size_t nsections;
	struct tpl_section section[TPL_SECTIONS_MAX];
	size_t line;
};

/* A feedback question (issue 17). */
struct tpl_fb_question {
	char key[TPL_KEY_MAX + 1];
	enum tpl_fb_kind kind;
	char scale[TPL_KEY_MAX + 1];	/* a rating's: a scale of the version */
	struct tpl_text title;
	size_t line;
};

/* The feedback round of a version (issue 17); enabled false: none. */
struct tpl_feedback {
	bool enabled;
	enum tpl_conv conversation;	/* whose round it is */
	enum tpl_who invited_by;
	bool anonymous;
	int threshold;			/* TPL_FB_THRESHOLD_MIN..MAX */
	enum tpl_fb_sees employee_sees;
	size_t nquestions;
	struct tpl_fb_question question[TPL_FB_QUESTIONS_MAX];
	size_t line;
};

struct tpl {
	char key[TPL_KEY_MAX + 1];
	int number;			/* version number when read from the store */
	struct tpl_text name, description;
	size_t nscales;
	struct tpl_scale scale[TPL_SCALES_MAX];
	bool goal_required[TPL_RULES];
	char final_scale[TPL_KEY_MAX + 1];	/* "": the cycle's scale */
	int weight[TPL_PARTS];		/* percent; 0: the part does not count */
	size_t outcome_line;		/* in the imported file; 0 otherwise */
	size_t nforms;			/* forms in document order */
	struct tpl_form form[TPL_CONVS];
	/* The assessment needs a second assessor's approval before the
	 * employee signs (issue 17, store/review.h). */
	bool second_assessor;
	struct tpl_feedback feedback;	/* issue 17 */
};

/* A zeroed template (goal rules required, no explain-below): NULL when
 * out of memory.  tpl_free frees it and every text it owns. */
struct tpl *tpl_new(void);
void tpl_free(struct tpl *t);
/* Copies s (len bytes) into *slot, freeing what was there; false: no memory. */
bool tpl_text_set(char **slot, const char *s, size_t len);

/* What a save did. */
struct tpl_saved {
	int64_t template_id, version_id;
	int number;		/* the version written */
	bool created;		/* the template's key was new */
};

/* Writes t as a new version of the template t->key (made when unknown),
 * by actor (0: gesprekctl or the migration), in one transaction; with
 * dry_run everything is written and then rolled back, so a dry run meets
 * exactly the checks of the real one.  DB_OK, or the store's status. */
int template_save_version(struct db *db, const struct tpl *t, int64_t actor, bool dry_run,
    struct tpl_saved *out);

/* The editor's save (pages/admin_template_edit.c): as
 * template_save_version, with the state the editor started from checked
 * inside the transaction, under the template's lock: after == 0, the key
 * must be new (DB_DUPLICATE when it is taken); after == N, version N must
 * still be the newest (DB_CONFLICT when another save came between). */
int template_save_next(struct db *db, const struct tpl *t, int64_t actor, int after,
    struct tpl_saved *out);

/* Reads version `number` (0: the newest) of template `key` into t (a
 * fresh tpl_new()).  DB_NOTFOUND when there is none. */
int template_load(struct db *db, const char *key, int number, struct tpl *t);

/* The same, for the template with this id (the pages' handle). */
int template_load_id(struct db *db, int64_t id, int number, struct tpl *t);

/* One row of the list of templates. */
struct template_row {
	int64_t id;
	char key[TPL_KEY_MAX + 1];
	char name_nl[4 * TPL_SHORT_MAX + 1];
	char name_en[4 * TPL_SHORT_MAX + 1];
	int versions;			/* the newest version's number */
	bool is_default;
	int in_use;			/* conversations on any of its versions */
};
typedef int (*template_row_fn)(void *ud, const struct template_row *r);
/* The templates by key, at most TPL_LIST_MAX. */
int template_list(struct db *db, template_row_fn fn, void *ud);

#endif
