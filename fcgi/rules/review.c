/* review.c -- see review.h. */
#include "config.h"

#include <string.h>

#include "rules/review.h"

const char *const review_state_names[REVIEW_STATES] = {
	"none", "pending", "returned", "approved",
};

enum review_state
review_state_of(const char *s)
{
	int i;

	if (s == NULL)
		return REVIEW_NONE;
	for (i = 0; i < REVIEW_STATES; i++)
		if (strcmp(s, review_state_names[i]) == 0)
			return (enum review_state)i;
	return REVIEW_NONE;
}

/* Someone who is a party of the assessment cannot be its second pair of
 * eyes: the point of the role is a person other than the two. */
static bool
outsider(int64_t id, int64_t manager_id, int64_t employee_id)
{
	return id != 0 && id != manager_id && id != employee_id;
}

int64_t
review_assessor(int64_t named_id, int64_t managers_manager_id, int64_t manager_id,
    int64_t employee_id)
{
	if (outsider(named_id, manager_id, employee_id))
		return named_id;
	if (outsider(managers_manager_id, manager_id, employee_id))
		return managers_manager_id;
	return 0;
}

bool
review_allows(enum review_state state, const char *status, enum review_move move)
{
	bool finalized = status && strcmp(status, "finalized") == 0;

	switch (move) {
	case REVIEW_APPROVE:
	case REVIEW_RETURN:
	case REVIEW_CHANGE:
		return finalized && state == REVIEW_PENDING;
	case REVIEW_SIGN:
		return finalized && (state == REVIEW_NONE || state == REVIEW_APPROVED);
	default:
		return false;
	}
}

bool
review_is_assessor(int64_t viewer_id, int64_t assessor_id)
{
	return assessor_id != 0 && viewer_id == assessor_id;
}

const char *const review_demand_names[REVIEW_DEMANDS] = {
	"template", "required", "none",
};

enum review_demand
review_demand_of(const char *s)
{
	int i;

	if (s == NULL)
		return DEMAND_TEMPLATE;
	for (i = 0; i < REVIEW_DEMANDS; i++)
		if (strcmp(s, review_demand_names[i]) == 0)
			return (enum review_demand)i;
	return DEMAND_TEMPLATE;
}

bool
review_required(enum review_demand cycle, bool template_asks, bool begun)
{
	if (begun)
		return true;
	if (cycle == DEMAND_REQUIRED)
		return true;
	if (cycle == DEMAND_NONE)
		return false;
	return template_asks;
}
