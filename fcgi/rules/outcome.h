/* outcome.h -- the weighted outcome of an assessment and what an
 * assessment still lacks before it may be finalized (issue 16).  Pure
 * code: the store gathers the ratings, the template's weights and scales
 * and what is present (store/outcome.h); these functions decide.
 *
 * The outcome formula
 * -------------------
 * 1. Each rating is normalised to 0..1 on its own scale:
 *    (value - min) / (max - min) over the scale's level values.  A value
 *    that is not one of the scale's levels makes the whole outcome
 *    OUTCOME_BAD (a stored rating the scale no longer has: nobody may be
 *    proposed a rating from it).
 * 2. A part's score (result goals, competences, rating questions) is the
 *    weighted mean of its normalised ratings; each rating carries its own
 *    weight within its part (a goal's weight, or 1 each).
 * 3. The parts are weighed by the template's weights (percent).  A part
 *    WITHOUT ANY RATING is left out of the weighing and the other parts'
 *    weights count in proportion: a form whose competence section is not
 *    filled in is proposed from its goals alone, instead of counting the
 *    missing part as 0 (that would punish the employee for what the form
 *    lacks; the finalize check is where a missing required rating is
 *    refused).  A part of weight 0 never counts, even when rated.  When no
 *    part with a weight has a rating there is no outcome (OUTCOME_NONE):
 *    the manager chooses without a proposal.
 * 4. The weighted score s (0..1) is placed on the final scale's value
 *    range, min + s * (max - min), and the proposed rating is the level
 *    value nearest to it.  A TIE (exactly between two levels, within
 *    OUTCOME_TIE_EPSILON) GOES UP, to the higher level: the proposal is
 *    only a proposal, and rounding half up is what people expect from a
 *    school grade; the manager confirms or overrides it.
 *
 * No rating is ever final without a person confirming it: the proposal
 * is shown, the manager confirms it or overrides it with a reason. */
#ifndef GESPREK_OUTCOME_H
#define GESPREK_OUTCOME_H

#include <stdbool.h>
#include <stddef.h>

/* The parts, in the order of store/template.h's enum tpl_part. */
enum outcome_part { OUTCOME_GOALS, OUTCOME_COMPETENCES, OUTCOME_QUESTIONS, OUTCOME_PARTS };
/* Levels of one scale (template.h's TPL_LEVELS_MIN/MAX). */
#define OUTCOME_LEVELS_MIN 2
#define OUTCOME_LEVELS_MAX 10
/* Two scores closer than this are equal: a tie between two levels. */
#define OUTCOME_TIE_EPSILON 1e-9
/* Ratings one outcome weighs (goals, competences and questions of one
 * assessment together). */
#define OUTCOME_RATINGS_MAX 200

/* "No level": a level value is 0..100 (template.xsd level-value), so 0
 * is a level like any other -- a scale "0 onvoldoende, 1 voldoende, 2
 * goed" is common -- and only a negative number can stand for none. */
#define OUTCOME_NO_LEVEL (-1)

/* A scale by its level values, in any order. */
struct outcome_scale {
	size_t n;
	int value[OUTCOME_LEVELS_MAX];
};

/* One rating: its part, its value on `scale`, its weight in the part
 * (at least 1 to count; 0 leaves it out). */
struct outcome_rating {
	enum outcome_part part;
	int value;
	int weight;
	const struct outcome_scale *scale;
};

enum outcome_status {
	OUTCOME_OK,	/* score and proposal below */
	OUTCOME_NONE,	/* no rating in a part that has a weight */
	OUTCOME_BAD,	/* a scale of fewer than 2 distinct levels, or a
			   value not on its scale, or a negative weight */
};

struct outcome {
	enum outcome_status status;
	bool rated[OUTCOME_PARTS];	/* the part had a rating that counts */
	double part[OUTCOME_PARTS];	/* its score, 0..1, when rated */
	double score;			/* the weighted score, 0..1 */
	double on_final;		/* the score on the final scale's range */
	int proposed;			/* the final scale's nearest level value */
};

/* Whether s is a scale: OUTCOME_LEVELS_MIN..MAX levels, min < max. */
bool outcome_scale_ok(const struct outcome_scale *s);
/* value on s as 0..1; -1 when s is no scale or value is none of its levels. */
double outcome_normalise(const struct outcome_scale *s, int value);
/* The level value of s nearest to min + score * (max - min), ties up;
 * OUTCOME_NO_LEVEL when s is no scale or score is outside 0..1. */
int outcome_nearest(const struct outcome_scale *s, double score);
/* The outcome of ratings r[0..n) weighed by weight[] (percent per part)
 * on the final scale; *out is always written, its status returned. */
enum outcome_status outcome_compute(const int weight[OUTCOME_PARTS],
    const struct outcome_scale *final, const struct outcome_rating *r, size_t n,
    struct outcome *out);

/* ---- what an assessment lacks before it is finalized ---- */

/* A section of a conversation's form as the finalize check sees it (the
 * result goals of an assessment are checked by the store's own list of
 * unrated goals: each one not cancelled needs its rating). */
enum finalize_kind {
	FIN_OTHER,		/* nothing to check (items, remarks) */
	FIN_OPEN,		/* an open question: a text of each side answering */
	FIN_RATING,		/* a rating question: a level of each side answering,
				   explained when below explain_below */
	FIN_COMPETENCES,	/* the manager's level of each competence of the
				   employee's job profile */
};
enum finalize_side { FIN_EMPLOYEE, FIN_MANAGER, FIN_SIDES };

/* One side's answer to a section. */
struct finalize_answer {
	bool answered;		/* a text (open question) */
	bool rated;		/* a level given (rating question) */
	int rating;		/* that level: 0 is one (template.xsd level-value) */
	bool explained;
};

struct finalize_section {
	enum finalize_kind kind;
	bool required;
	bool by[FIN_SIDES];		/* who answers it */
	struct finalize_answer side[FIN_SIDES];
	int explain_below;		/* -1: never */
	size_t to_rate, rated;		/* competences */
};

/* What is missing of a section: a bit set of these. */
enum {
	LACK_EMPLOYEE = 1 << 0,		/* the employee's answer or rating */
	LACK_MANAGER = 1 << 1,		/* the manager's answer or rating */
	LACK_EXPLANATION = 1 << 2,	/* a rating below explain_below, unexplained */
	LACK_COMPETENCES = 1 << 3,	/* a competence without the manager's level */
};

/* The lacks of one section (0: complete).  An answer is required only in
 * a section the template marks required; an explanation below the chosen
 * level whenever such a rating is given, required section or not. */
unsigned finalize_lacks(const struct finalize_section *s);

/* Whether the overall rating is final: the manager confirmed one, and the
 * proposal it confirmed is still the proposal now (a rating changed after
 * the confirmation asks for it again).  Each of the three is a level value
 * or OUTCOME_NO_LEVEL for none (no confirmation, no proposal). */
enum finalize_overall {
	OVERALL_CONFIRMED,
	OVERALL_MISSING,	/* never confirmed */
	OVERALL_STALE,		/* confirmed, but the proposal moved since */
};
enum finalize_overall finalize_overall_state(int confirmed, int proposed_then,
    int proposed_now);

#endif
