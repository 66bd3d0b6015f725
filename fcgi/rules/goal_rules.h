/* goal_rules.h -- a template's goal rules applied to a result goal
 * (issue 16).  Pure code: the store reads the rules of the conversation's
 * template version under the conversation's lock and what the goal holds,
 * and these functions decide; the store refuses the write with the field
 * this names, so the form shows the error next to it.
 *
 * The seed's good goal is derived from an organisation goal, says what
 * exactly must be achieved (the measure) and has an end date.  A template
 * makes each of the three required or optional (template.h,
 * enum tpl_goal_rule); the default template's version 1, the form as it
 * was before templates, has all three optional (sql/078), because that
 * form never required them. */
#ifndef GESPREK_RULES_GOAL_RULES_H
#define GESPREK_RULES_GOAL_RULES_H

#include <stdbool.h>

/* The three rules, in the order the form shows their fields. */
enum goal_rule { GOAL_RULE_ORG_GOAL, GOAL_RULE_MEASURE, GOAL_RULE_END_DATE, GOAL_RULES };

/* What a result goal holds of the three. */
struct goal_fill {
	bool org_goal;		/* names an organisation goal */
	bool measure;		/* a measure with more than blanks */
	bool end_date;		/* an end date */
};

/* The first rule of `required` that the goal breaks, in form order, or
 * GOAL_RULES when it keeps them all. */
enum goal_rule goal_rules_broken(const bool required[GOAL_RULES], const struct goal_fill *g);

/* Whether text holds anything but blanks (spaces, tabs, line breaks): a
 * measure of only blanks says nothing that must be achieved.  NULL: no. */
bool goal_text_given(const char *text);

#endif
