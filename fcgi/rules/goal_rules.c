/* goal_rules.c -- see goal_rules.h. */
#include "config.h"

#include <stddef.h>

#include "rules/goal_rules.h"

bool
goal_text_given(const char *text)
{
	if (text == NULL)
		return false;
	for (; *text; text++)
		if (*text != ' ' && *text != '\t' && *text != '\r' && *text != '\n')
			return true;
	return false;
}

enum goal_rule
goal_rules_broken(const bool required[GOAL_RULES], const struct goal_fill *g)
{
	if (required[GOAL_RULE_ORG_GOAL] && !g->org_goal)
		return GOAL_RULE_ORG_GOAL;
	if (required[GOAL_RULE_MEASURE] && !g->measure)
		return GOAL_RULE_MEASURE;
	if (required[GOAL_RULE_END_DATE] && !g->end_date)
		return GOAL_RULE_END_DATE;
	return GOAL_RULES;
}
