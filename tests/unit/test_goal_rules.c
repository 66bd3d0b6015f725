/* test_goal_rules.c -- a template's goal rules on a result goal
 * (rules/goal_rules.c): each rule alone, all off, the order in which a
 * goal that breaks several is answered, and what counts as a measure. */
#include "config.h"

#include "rules/goal_rules.h"
#include "tap.h"

static const bool none[GOAL_RULES] = { false, false, false };
static const bool all[GOAL_RULES] = { true, true, true };

static void
test_each_rule_alone(void)
{
	const struct goal_fill empty = { false, false, false };
	const struct goal_fill full = { true, true, true };

	for (int r = 0; r < GOAL_RULES; r++) {
		bool one[GOAL_RULES] = { false, false, false };
		struct goal_fill missing = full;

		one[r] = true;
		if (r == GOAL_RULE_ORG_GOAL)
			missing.org_goal = false;
		else if (r == GOAL_RULE_MEASURE)
			missing.measure = false;
		else
			missing.end_date = false;
		ok(goal_rules_broken(one, &missing) == (enum goal_rule)r, "a required field missing");
		ok(goal_rules_broken(one, &full) == GOAL_RULES, "the required field given");
		ok(goal_rules_broken(none, &missing) == GOAL_RULES, "the rule off: not needed");
	}
	ok(goal_rules_broken(none, &empty) == GOAL_RULES, "no rule: a bare goal is taken");
	ok(goal_rules_broken(all, &full) == GOAL_RULES, "every rule kept");
}

static void
test_form_order(void)
{
	const struct goal_fill no_measure_no_date = { true, false, false };
	const struct goal_fill only_org = { true, false, true };

	ok(goal_rules_broken(all, &(struct goal_fill){ false, false, false }) == GOAL_RULE_ORG_GOAL,
	    "several broken: the organisation goal first");
	ok(goal_rules_broken(all, &no_measure_no_date) == GOAL_RULE_MEASURE,
	    "then the measure");
	ok(goal_rules_broken(all, &only_org) == GOAL_RULE_MEASURE, "the measure alone");
}

static void
test_text_given(void)
{
	ok(!goal_text_given(NULL), "NULL is no measure");
	ok(!goal_text_given(""), "empty is no measure");
	ok(!goal_text_given(" \t\r\n "), "blanks are no measure");
	ok(goal_text_given(" 10 klanten "), "a text is");
}

int
main(void)
{
	test_each_rule_alone();
	test_form_order();
	test_text_given();
	return tap_done();
}
