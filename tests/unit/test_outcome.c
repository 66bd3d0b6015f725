/* test_outcome.c -- the weighted outcome formula and the finalize decision
 * (rules/outcome.h). */
#include "config.h"

#include <stdio.h>

#include "rules/outcome.h"
#include "tap.h"

/* Two scores this close are the same for these tests. */
#define CLOSE 1e-9

static bool
near(double got, double want)
{
	double d = got - want;

	return d < CLOSE && d > -CLOSE;
}

static struct outcome_scale
scale_1_to(int n)
{
	struct outcome_scale s = { .n = (size_t)n };

	for (int i = 0; i < n; i++)
		s.value[i] = i + 1;
	return s;
}

static void
test_scales(void)
{
	struct outcome_scale one = { 1, { 3 } }, flat = { 2, { 2, 2 } };
	struct outcome_scale odd = { 3, { 10, 0, 4 } }, five = scale_1_to(5);

	ok(!outcome_scale_ok(&one), "one level is no scale");
	ok(!outcome_scale_ok(&flat), "two equal levels are no scale");
	ok(outcome_scale_ok(&odd), "levels in any order");
	ok(near(outcome_normalise(&five, 1), 0), "the lowest level is 0");
	ok(near(outcome_normalise(&five, 5), 1), "the highest level is 1");
	ok(near(outcome_normalise(&five, 4), 0.75), "4 of 1..5 is 0.75");
	ok(near(outcome_normalise(&odd, 4), 0.4), "4 of 0,4,10 is 0.4 (by value, not rank)");
	ok(outcome_normalise(&five, 6) < 0, "a value outside the scale is refused");
	ok(outcome_normalise(&odd, 5) < 0, "a value between two levels is refused");
	ok(outcome_normalise(&one, 3) < 0, "nothing normalises on a one-level scale");
}

static void
test_nearest(void)
{
	struct outcome_scale two = scale_1_to(2), ten = scale_1_to(10), five = scale_1_to(5);
	struct outcome_scale gaps = { 3, { 1, 2, 10 } }, zero = { 3, { 0, 1, 2 } };

	is_int(outcome_nearest(&two, 0.49), 1, "2 levels: just below the middle is the lower");
	is_int(outcome_nearest(&two, 0.5), 2, "2 levels: the middle is a tie, it goes up");
	is_int(outcome_nearest(&two, 0), 1, "2 levels: 0 is the lowest");
	is_int(outcome_nearest(&ten, 1), 10, "10 levels: 1 is the highest");
	is_int(outcome_nearest(&ten, 0.5), 6, "10 levels: 5.5 is a tie between 5 and 6, up");
	is_int(outcome_nearest(&ten, 0.44), 5, "10 levels: 4.96 is 5");
	is_int(outcome_nearest(&five, 0.625), 4, "1..5: 3.5 is a tie, up to 4");
	is_int(outcome_nearest(&five, 0.6), 3, "1..5: 3.4 is 3");
	is_int(outcome_nearest(&gaps, 0.5), 2, "1,2,10: 5.5 is nearer to 2 than to 10");
	is_int(outcome_nearest(&five, 1.5), OUTCOME_NO_LEVEL, "a score above 1 has no level");
	is_int(outcome_nearest(&five, -0.1), OUTCOME_NO_LEVEL, "a score below 0 has no level");
	is_int(outcome_nearest(&zero, 0), 0, "0..2: 0 is the level valued 0, not none");
	is_int(outcome_nearest(&zero, 0.2), 0, "0..2: 0.4 is nearest to 0");
}

static void
test_one_part(void)
{
	struct outcome_scale five = scale_1_to(5);
	int w[OUTCOME_PARTS] = { 100, 0, 0 };
	struct outcome_rating r[] = {
		{ OUTCOME_GOALS, 4, 1, &five }, { OUTCOME_GOALS, 3, 1, &five },
	};
	struct outcome o;

	is_int(outcome_compute(w, &five, r, 2, &o), OUTCOME_OK, "one part: an outcome");
	ok(near(o.score, 0.625), "one part: the mean of 0.75 and 0.5");
	ok(near(o.on_final, 3.5), "one part: 3.5 on the final 1..5");
	is_int(o.proposed, 4, "one part: 3.5 rounds up to 4");
	ok(o.rated[OUTCOME_GOALS] && !o.rated[OUTCOME_COMPETENCES], "only the goals are rated");
}

static void
test_goal_weights(void)
{
	struct outcome_scale five = scale_1_to(5);
	int w[OUTCOME_PARTS] = { 100, 0, 0 };
	struct outcome_rating r[] = {
		{ OUTCOME_GOALS, 5, 3, &five }, { OUTCOME_GOALS, 1, 1, &five },
		{ OUTCOME_GOALS, 1, 0, &five },
	};
	struct outcome o;

	outcome_compute(w, &five, r, 3, &o);
	ok(near(o.score, 0.75), "a rating's weight counts in its part; weight 0 leaves it out");
	is_int(o.proposed, 4, "0.75 of 1..5 is 4");
}

static void
test_parts_weighed(void)
{
	struct outcome_scale five = scale_1_to(5), four = scale_1_to(4), two = scale_1_to(2);
	int w[OUTCOME_PARTS] = { 60, 40, 0 };
	struct outcome_rating r[] = {
		{ OUTCOME_GOALS, 5, 1, &five },		/* 1 */
		{ OUTCOME_COMPETENCES, 1, 1, &four },	/* 0 */
		{ OUTCOME_COMPETENCES, 4, 1, &four },	/* 1: the part is 0.5 */
		{ OUTCOME_QUESTIONS, 1, 1, &two },	/* weight 0: never counts */
	};
	struct outcome o;

	is_int(outcome_compute(w, &four, r, 4, &o), OUTCOME_OK, "three parts: an outcome");
	ok(near(o.part[OUTCOME_COMPETENCES], 0.5), "each part on its own scale");
	ok(near(o.score, 0.6 * 1 + 0.4 * 0.5), "60/40 of 1 and 0.5 is 0.8");
	ok(near(o.on_final, 1 + 0.8 * 3), "0.8 on the final 1..4 is 3.4");
	is_int(o.proposed, 3, "3.4 is 3 on the final scale");
}

static void
test_missing_part(void)
{
	struct outcome_scale five = scale_1_to(5);
	int w[OUTCOME_PARTS] = { 60, 40, 0 };
	struct outcome_rating r[] = { { OUTCOME_GOALS, 2, 1, &five } };
	struct outcome o;

	is_int(outcome_compute(w, &five, r, 1, &o), OUTCOME_OK, "an unrated part: still an outcome");
	ok(near(o.score, 0.25), "an unrated part is left out, not counted as 0");
	is_int(o.proposed, 2, "from the goals alone");
}

static void
test_none_and_bad(void)
{
	struct outcome_scale five = scale_1_to(5), one = { 1, { 1 } };
	int w[OUTCOME_PARTS] = { 0, 100, 0 }, zero[OUTCOME_PARTS] = { 0, 0, 0 };
	int negative[OUTCOME_PARTS] = { -10, 110, 0 };
	struct outcome_rating goal = { OUTCOME_GOALS, 4, 1, &five };
	struct outcome_rating off = { OUTCOME_GOALS, 7, 1, &five };
	struct outcome o;

	is_int(outcome_compute(w, &five, NULL, 0, &o), OUTCOME_NONE, "no rating: no outcome");
	is_int(outcome_compute(w, &five, &goal, 1, &o), OUTCOME_NONE,
	    "only a part of weight 0 rated: no outcome");
	is_int(o.proposed, 0, "no outcome proposes nothing");
	is_int(outcome_compute(zero, &five, &goal, 1, &o), OUTCOME_NONE, "every weight 0: no outcome");
	is_int(outcome_compute(negative, &five, &goal, 1, &o), OUTCOME_BAD, "a negative weight");
	is_int(outcome_compute(w, &one, &goal, 1, &o), OUTCOME_BAD, "a final scale of one level");
	w[OUTCOME_GOALS] = 100;
	w[OUTCOME_COMPETENCES] = 0;
	is_int(outcome_compute(w, &five, &off, 1, &o), OUTCOME_BAD, "a rating off its scale");
	is_int(o.proposed, 0, "a bad outcome proposes nothing");
}

static void
test_ten_levels(void)
{
	struct outcome_scale ten = scale_1_to(10), three = scale_1_to(3);
	int w[OUTCOME_PARTS] = { 50, 0, 50 };
	struct outcome_rating r[] = {
		{ OUTCOME_GOALS, 10, 1, &ten }, { OUTCOME_GOALS, 1, 1, &ten },	/* 0.5 */
		{ OUTCOME_QUESTIONS, 3, 1, &three },				/* 1 */
	};
	struct outcome o;

	outcome_compute(w, &ten, r, 3, &o);
	ok(near(o.score, 0.75), "50/50 of 0.5 and 1");
	ok(near(o.on_final, 7.75), "on 1..10: 7.75");
	is_int(o.proposed, 8, "7.75 is 8");
}

static void
test_finalize_lacks(void)
{
	struct finalize_section open = { .kind = FIN_OPEN, .required = true,
	    .by = { true, true }, .side = { [FIN_MANAGER] = { .answered = true } } };
	struct finalize_section rating = { .kind = FIN_RATING, .required = true,
	    .by = { false, true }, .explain_below = 3 };
	struct finalize_section comp = { .kind = FIN_COMPETENCES, .to_rate = 4, .rated = 3 };
	struct finalize_section other = { .kind = FIN_OTHER, .required = true, .by = { true, true } };

	is_int(finalize_lacks(&open), LACK_EMPLOYEE, "the employee's answer lacks");
	open.side[FIN_MANAGER].answered = false;
	is_int(finalize_lacks(&open), LACK_EMPLOYEE | LACK_MANAGER, "both answers lack");
	open.by[FIN_EMPLOYEE] = false;
	is_int(finalize_lacks(&open), LACK_MANAGER, "only who answers it is asked");
	open.required = false;
	is_int(finalize_lacks(&open), 0, "an optional question lacks nothing");
	is_int(finalize_lacks(&rating), LACK_MANAGER, "a required rating lacks");
	rating.side[FIN_MANAGER] = (struct finalize_answer){ .rated = true, .rating = 2 };
	is_int(finalize_lacks(&rating), LACK_EXPLANATION, "below 3 without explanation");
	rating.side[FIN_MANAGER].explained = true;
	is_int(finalize_lacks(&rating), 0, "below 3, explained");
	rating.side[FIN_MANAGER] = (struct finalize_answer){ .rated = true, .rating = 3 };
	is_int(finalize_lacks(&rating), 0, "at 3 no explanation is needed");
	rating.side[FIN_EMPLOYEE] = (struct finalize_answer){ .rated = true, .rating = 1 };
	is_int(finalize_lacks(&rating), 0, "a side that does not answer is not judged");
	rating = (struct finalize_section){ .kind = FIN_RATING, .by = { true, false },
	    .side = { [FIN_EMPLOYEE] = { .rated = true, .rating = 1 } }, .explain_below = 2 };
	is_int(finalize_lacks(&rating), LACK_EXPLANATION,
	    "an optional rating given low still needs its explanation");
	rating.side[FIN_EMPLOYEE].rating = 0;
	is_int(finalize_lacks(&rating), LACK_EXPLANATION, "a level 0 is a rating given, below 2");
	rating.side[FIN_EMPLOYEE].explained = true;
	is_int(finalize_lacks(&rating), 0, "a level 0, explained");
	rating.side[FIN_EMPLOYEE] = (struct finalize_answer){ .rated = false };
	is_int(finalize_lacks(&rating), 0, "an optional rating not given lacks nothing");
	rating.required = true;
	is_int(finalize_lacks(&rating), LACK_EMPLOYEE, "a required rating not given lacks");
	rating.side[FIN_EMPLOYEE] = (struct finalize_answer){ .rated = true, .rating = 0 };
	rating.explain_below = -1;
	is_int(finalize_lacks(&rating), 0, "a required rating given as level 0 lacks nothing");
	is_int(finalize_lacks(&comp), 0, "optional competences lack nothing");
	comp.required = true;
	is_int(finalize_lacks(&comp), LACK_COMPETENCES, "a required competence unrated");
	comp.rated = 4;
	is_int(finalize_lacks(&comp), 0, "every competence rated");
	comp.to_rate = comp.rated = 0;
	is_int(finalize_lacks(&comp), 0, "no job profile: nothing to rate");
	is_int(finalize_lacks(&other), 0, "items and remarks are not checked here");
}

static void
test_overall_state(void)
{
	const int none = OUTCOME_NO_LEVEL;

	is_int(finalize_overall_state(none, none, 4), OVERALL_MISSING, "never confirmed");
	is_int(finalize_overall_state(4, 4, 4), OVERALL_CONFIRMED, "confirmed the proposal");
	is_int(finalize_overall_state(2, 4, 4), OVERALL_CONFIRMED, "overridden, proposal unchanged");
	is_int(finalize_overall_state(4, 4, 3), OVERALL_STALE, "the proposal moved since");
	is_int(finalize_overall_state(3, none, none), OVERALL_CONFIRMED, "chosen without a proposal");
	is_int(finalize_overall_state(3, none, 4), OVERALL_STALE, "a proposal appeared since");
	is_int(finalize_overall_state(0, 0, 0), OVERALL_CONFIRMED,
	    "a level valued 0 confirmed as the proposal 0");
	is_int(finalize_overall_state(0, none, none), OVERALL_CONFIRMED,
	    "a level valued 0 chosen without a proposal");
	is_int(finalize_overall_state(2, 0, 1), OVERALL_STALE, "the proposal 0 moved to 1");
	is_int(finalize_overall_state(2, none, 0), OVERALL_STALE, "a proposal 0 appeared since");
}

int
main(void)
{
	test_scales();
	test_nearest();
	test_one_part();
	test_goal_weights();
	test_parts_weighed();
	test_missing_part();
	test_none_and_bad();
	test_ten_levels();
	test_finalize_lacks();
	test_overall_state();
	return tap_done();
}
