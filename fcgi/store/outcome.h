/* outcome.h -- the weighted outcome of an assessment (issue 16,
 * sql/071_outcome.sql): gathering its ratings and the formula of the
 * conversation's template version, the manager's confirmation or override,
 * and the finalize check that the confirmation still stands.  The formula
 * itself is pure code, rules/outcome.h.
 *
 * Where the numbers come from
 * ---------------------------
 * - the template version the conversation started with
 *   (conversation.template_version_id; a conversation without one: the
 *   newest version of the default template) gives the weights per part,
 *   the final scale and the scale of each section;
 * - a scale key left empty is the cycle's own scale (cycle.rating_scale,
 *   its labels valued 1, 2, ... lowest first);
 * - result goals: the manager's ratings of this conversation's result
 *   goals that are not cancelled, on the scale of the form's result-goals
 *   section; each goal weighs its weight when every rated goal has one,
 *   otherwise they weigh alike (a weight on some goals only says nothing
 *   about the others);
 * - competences: the manager's levels (competence_rating, sql/070) on the
 *   scale of the form's competence section;
 * - rating questions: the manager's ratings of the form's rating questions
 *   (conversation_answer), each on its section's scale.
 * A part without any rating is left out of the weighing (rules/outcome.h).
 * The employee's ratings (self-assessment) never count: the outcome is
 * the manager's assessment. */
#ifndef GESPREK_STORE_OUTCOME_H
#define GESPREK_STORE_OUTCOME_H

#include <stdbool.h>
#include <stdint.h>

#include "rules/outcome.h"
#include "store/dossier.h"
#include "store/status.h"
#include "store/template.h"

/* ten-thousandths of the 0..1 score, as sql/071 stores it */
#define OUTCOME_SCORE_SCALE 10000
/* Bytes of a level's label (template.h's TPL_SHORT_MAX characters). */
#define OUTCOME_LABEL_BYTES (4 * TPL_SHORT_MAX + 1)
/* Bytes of an override reason (a text of TEXT_MAX_CHARS characters). */
#define OUTCOME_REASON_BYTES (4 * TEXT_MAX_CHARS + 1)

/* What an assessment's page shows of its outcome. */
struct conv_outcome {
	struct outcome now;		/* from the ratings as they are now */
	int weight[OUTCOME_PARTS];	/* the template's, percent */
	/* The final scale: level values, lowest first, with labels (English
	 * empty: the page falls back to Dutch). */
	size_t nlevels;
	int level[OUTCOME_LEVELS_MAX];
	char label[TPL_LANGS][OUTCOME_LEVELS_MAX][OUTCOME_LABEL_BYTES];
	/* What the manager confirmed (conversation.overall_rating and 071's
	 * columns): OUTCOME_NO_LEVEL (score_then -1) when none. */
	int confirmed, proposed_then, score_then;
	char override_reason[OUTCOME_REASON_BYTES];
};

/* Reads the outcome of conversation conv_id (an assessment of `type`)
 * into *out, on t, the conversation's template version the page has read
 * already (answer.h conversation_template): one statement.  DB_NOTFOUND
 * when there is no such conversation. */
int outcome_of_form(struct db *db, int64_t conv_id, const struct tpl *t, const char *type,
    struct conv_outcome *out);

/* Why a confirmation was not written (DB_OK with this set). */
enum outcome_problem {
	OUTCOME_PROBLEM_NONE,
	OUTCOME_PROBLEM_RATING,		/* not a level of the final scale */
	OUTCOME_PROBLEM_REASON,		/* another rating than the proposal, no reason */
};

/* The manager confirms `rating` as the final rating of an assessment still
 * editable, with the note for the employee; a rating other than the
 * proposal needs `reason` (NULL: none).  The proposal is computed again
 * under the conversation's lock, so the reason is asked for against the
 * ratings as they are at the write.  Confirming the proposal clears an
 * earlier reason.  DB_NOTFOUND: not the manager, or not an assessment;
 * DB_CONFLICT: the state or version moved on. */
int outcome_confirm(struct db *db, const struct conv_write *w, int rating, const char *note,
    const char *reason, enum outcome_problem *problem);

/* For store/conversation.c's finalize, under the conversation's lock: the
 * sections of the conversation's form that lack a required answer (into
 * m->sections), and of an assessment whether its final rating is
 * confirmed, and still for the proposal of the ratings as they are now
 * (m->overall, m->stale); *goals: its form has a result-goals section, so
 * each goal needs its rating. */
int outcome_finalize_check(struct db *db, int64_t conv_id, struct finalize_missing *m,
    bool *goals);

/* The scale of a result goal's rating is decided by the conversation's
 * template version: the scale its result-goals section names, else the
 * cycle's (positions 1..n of its labels, as the migrated forms have it).
 * The rating's write checks it here and the outcome weighs it on the same
 * scale (gather), so no rating can be stored that the outcome cannot
 * read.  For store/conversation_items.c's write, inside its transaction:
 * *ok when `rating` is a level of that scale in conversation conv_id. */
int outcome_goal_rating_ok(struct db *db, int64_t conv_id, int rating, bool *ok);
/* The same for the final (overall) rating: *ok when `rating` is a level
 * of the conversation's final scale (a second assessor's change, issue
 * 17, store/review.c). */
int outcome_final_rating_ok(struct db *db, int64_t conv_id, int rating, bool *ok);

#endif
