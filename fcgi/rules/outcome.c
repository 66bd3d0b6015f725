/* outcome.c -- the weighted outcome and the finalize decision (outcome.h
 * says the rules and why). */
#include "config.h"

#include <float.h>

#include "rules/outcome.h"

/* |d|, without libm. */
static double
gap_of(double d)
{
	return d < 0 ? -d : d;
}

static void
scale_range(const struct outcome_scale *s, int *min, int *max)
{
	size_t i;

	*min = *max = s->value[0];
	for (i = 1; i < s->n; i++) {
		if (s->value[i] < *min)
			*min = s->value[i];
		if (s->value[i] > *max)
			*max = s->value[i];
	}
}

bool
outcome_scale_ok(const struct outcome_scale *s)
{
	int min, max;

	if (s == NULL || s->n < OUTCOME_LEVELS_MIN || s->n > OUTCOME_LEVELS_MAX)
		return false;
	scale_range(s, &min, &max);
	return min < max;
}

static bool
on_scale(const struct outcome_scale *s, int value)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->value[i] == value)
			return true;
	return false;
}

double
outcome_normalise(const struct outcome_scale *s, int value)
{
	int min, max;

	if (!outcome_scale_ok(s) || !on_scale(s, value))
		return -1;
	scale_range(s, &min, &max);
	return (double)(value - min) / (double)(max - min);
}

int
outcome_nearest(const struct outcome_scale *s, double score)
{
	int min, max, best = OUTCOME_NO_LEVEL;
	double target, best_gap = DBL_MAX;
	size_t i;

	if (!outcome_scale_ok(s) || !(score >= 0 && score <= 1))
		return OUTCOME_NO_LEVEL;
	scale_range(s, &min, &max);
	target = min + score * (max - min);
	for (i = 0; i < s->n; i++) {
		double gap = gap_of(s->value[i] - target);

		/* Nearer wins; an equal gap (a tie) goes to the higher level. */
		if (gap < best_gap - OUTCOME_TIE_EPSILON ||
		    (gap_of(gap - best_gap) <= OUTCOME_TIE_EPSILON && s->value[i] > best)) {
			best = s->value[i];
			best_gap = gap < best_gap ? gap : best_gap;
		}
	}
	return best;
}

/* Each part's weighted mean into out->part/rated; false on a bad rating. */
static bool
part_scores(const struct outcome_rating *r, size_t n, struct outcome *out)
{
	double sum[OUTCOME_PARTS] = { 0 }, weights[OUTCOME_PARTS] = { 0 };
	size_t i, p;

	for (i = 0; i < n; i++) {
		double v;

		if ((unsigned)r[i].part >= OUTCOME_PARTS || r[i].weight < 0)
			return false;
		if (r[i].weight == 0)
			continue;
		if ((v = outcome_normalise(r[i].scale, r[i].value)) < 0)
			return false;
		sum[r[i].part] += v * r[i].weight;
		weights[r[i].part] += r[i].weight;
	}
	for (p = 0; p < OUTCOME_PARTS; p++) {
		out->rated[p] = weights[p] > 0;
		out->part[p] = out->rated[p] ? sum[p] / weights[p] : 0;
	}
	return true;
}

enum outcome_status
outcome_compute(const int weight[OUTCOME_PARTS], const struct outcome_scale *final,
    const struct outcome_rating *r, size_t n, struct outcome *out)
{
	double sum = 0, weights = 0;
	int min, max;
	size_t p;

	*out = (struct outcome){ .status = OUTCOME_BAD };
	if (!outcome_scale_ok(final) || n > OUTCOME_RATINGS_MAX || (n > 0 && r == NULL))
		return out->status;
	for (p = 0; p < OUTCOME_PARTS; p++)
		if (weight[p] < 0)
			return out->status;
	if (!part_scores(r, n, out))
		return out->status;
	/* A part without ratings, or without weight, is left out of the
	 * weighing; the others count in proportion to their weights. */
	for (p = 0; p < OUTCOME_PARTS; p++) {
		if (!out->rated[p] || weight[p] == 0)
			continue;
		sum += out->part[p] * weight[p];
		weights += weight[p];
	}
	if (weights == 0)
		return out->status = OUTCOME_NONE;
	out->score = sum / weights;
	out->proposed = outcome_nearest(final, out->score);
	scale_range(final, &min, &max);
	out->on_final = min + out->score * (max - min);
	return out->status = OUTCOME_OK;
}

/* ---- the finalize decision ---- */

static const unsigned side_lack[FIN_SIDES] = { LACK_EMPLOYEE, LACK_MANAGER };

static unsigned
open_lacks(const struct finalize_section *s)
{
	unsigned lacks = 0;
	size_t i;

	for (i = 0; i < FIN_SIDES && s->required; i++)
		if (s->by[i] && !s->side[i].answered)
			lacks |= side_lack[i];
	return lacks;
}

static unsigned
rating_lacks(const struct finalize_section *s)
{
	unsigned lacks = 0;
	size_t i;

	for (i = 0; i < FIN_SIDES; i++) {
		const struct finalize_answer *a = &s->side[i];

		if (!s->by[i])
			continue;
		if (!a->rated) {
			if (s->required)
				lacks |= side_lack[i];
		} else if (s->explain_below >= 0 && a->rating < s->explain_below && !a->explained) {
			lacks |= LACK_EXPLANATION;
		}
	}
	return lacks;
}

unsigned
finalize_lacks(const struct finalize_section *s)
{
	switch (s->kind) {
	case FIN_OPEN:
		return open_lacks(s);
	case FIN_RATING:
		return rating_lacks(s);
	case FIN_COMPETENCES:
		return s->required && s->rated < s->to_rate ? LACK_COMPETENCES : 0;
	case FIN_OTHER:
		break;
	}
	return 0;
}

enum finalize_overall
finalize_overall_state(int confirmed, int proposed_then, int proposed_now)
{
	if (confirmed == OUTCOME_NO_LEVEL)
		return OVERALL_MISSING;
	if (proposed_then != proposed_now)
		return OVERALL_STALE;
	return OVERALL_CONFIRMED;
}
