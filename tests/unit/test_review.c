/* test_review.c -- the second assessor's rules (rules/review.h): who it
 * is, and which moves each review state allows. */
#include "config.h"

#include <stdio.h>

#include "rules/review.h"
#include "tap.h"

/* Ids of the people in the tests. */
enum { EMPLOYEE = 10, MANAGER = 20, BOSS = 30, NAMED = 40 };

static void
test_assessor(void)
{
	is_int(review_assessor(0, BOSS, MANAGER, EMPLOYEE), BOSS, "default: the manager's manager");
	is_int(review_assessor(NAMED, BOSS, MANAGER, EMPLOYEE), NAMED,
	    "the department's named person wins");
	is_int(review_assessor(NAMED, 0, MANAGER, EMPLOYEE), NAMED, "named, no manager's manager");
	is_int(review_assessor(0, 0, MANAGER, EMPLOYEE), 0, "nobody: no second assessor");
	is_int(review_assessor(MANAGER, BOSS, MANAGER, EMPLOYEE), BOSS,
	    "the named person is the manager: the manager's manager");
	is_int(review_assessor(EMPLOYEE, BOSS, MANAGER, EMPLOYEE), BOSS,
	    "the named person is the employee: the manager's manager");
	is_int(review_assessor(0, MANAGER, MANAGER, EMPLOYEE), 0,
	    "a manager who is their own manager is no second assessor");
	is_int(review_assessor(0, EMPLOYEE, MANAGER, EMPLOYEE), 0,
	    "the employee (the manager's manager) is no second assessor of themselves");
}

static void
test_states(void)
{
	int i;

	for (i = 0; i < REVIEW_STATES; i++)
		is_int(review_state_of(review_state_names[i]), i, review_state_names[i]);
	is_int(review_state_of(NULL), REVIEW_NONE, "NULL: none");
	is_int(review_state_of("bogus"), REVIEW_NONE, "unknown: none");
}

/* Every move against every state, in a finalized conversation and in the
 * others: the table the store enforces. */
static void
test_moves(void)
{
	static const char *const statuses[] = { "planned", "preparing", "held", "finalized",
		"closed" };
	static const struct { enum review_move m; bool in[REVIEW_STATES]; } want[] = {
		/*                     none   pending returned approved */
		{ REVIEW_APPROVE, { false, true,  false,   false } },
		{ REVIEW_RETURN,  { false, true,  false,   false } },
		{ REVIEW_CHANGE,  { false, true,  false,   false } },
		{ REVIEW_SIGN,    { true,  false, false,   true  } },
	};
	char what[96];
	size_t m, s;
	int st;

	for (m = 0; m < sizeof(want) / sizeof(want[0]); m++)
		for (st = 0; st < REVIEW_STATES; st++)
			for (s = 0; s < sizeof(statuses) / sizeof(statuses[0]); s++) {
				bool fin = s == 3;

				snprintf(what, sizeof(what), "move %d, review %s, %s", (int)want[m].m,
				    review_state_names[st], statuses[s]);
				is_int(review_allows((enum review_state)st, statuses[s], want[m].m),
				    fin && want[m].in[st], what);
			}
	ok(!review_allows(REVIEW_PENDING, NULL, REVIEW_APPROVE), "no status: nothing");
	ok(!review_allows(REVIEW_PENDING, "finalized", REVIEW_MOVES), "an unknown move: nothing");
}

static void
test_is_assessor(void)
{
	ok(review_is_assessor(BOSS, BOSS), "the named assessor");
	ok(!review_is_assessor(MANAGER, BOSS), "someone else");
	ok(!review_is_assessor(0, 0), "nobody is assessor of a conversation without one");
}

static void
test_demand(void)
{
	int d;

	for (d = 0; d < REVIEW_DEMANDS; d++)
		is_int(review_demand_of(review_demand_names[d]), d, review_demand_names[d]);
	is_int(review_demand_of(NULL), DEMAND_TEMPLATE, "no setting: the template decides");
	is_int(review_demand_of("maybe"), DEMAND_TEMPLATE, "an unknown setting: the template decides");
	/* Before a review began: the cycle overrides the template both ways. */
	ok(review_required(DEMAND_TEMPLATE, true, false), "template asks, cycle follows it");
	ok(!review_required(DEMAND_TEMPLATE, false, false), "template does not ask");
	ok(review_required(DEMAND_REQUIRED, false, false), "cycle requires against the template");
	ok(!review_required(DEMAND_NONE, true, false), "cycle waives against the template");
	/* After: a begun review stays, whatever the cycle says now. */
	for (d = 0; d < REVIEW_DEMANDS; d++) {
		ok(review_required((enum review_demand)d, false, true), "a begun review stays");
		ok(review_required((enum review_demand)d, true, true), "a begun review stays (asks)");
	}
}

int
main(void)
{
	test_demand();
	test_assessor();
	test_states();
	test_moves();
	test_is_assessor();
	return tap_done();
}
