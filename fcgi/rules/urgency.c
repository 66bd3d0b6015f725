/* urgency.c -- the order of the dashboard's cards (urgency.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "rules/urgency.h"

enum todo_urgency
todo_urgency_of(const char *action, bool overdue)
{
	if (action && strcmp(action, "sign") == 0)
		return TODO_SIGN;
	return overdue ? TODO_OVERDUE : TODO_LATER;
}

static int
cmp_int64(int64_t a, int64_t b)
{
	return (a > b) - (a < b);
}

/* A due date sorts before none; ISO dates compare as strings. */
static int
cmp_due(const char *a, const char *b)
{
	if (*a == '\0' || *b == '\0')
		return (*a == '\0') - (*b == '\0');
	return strcmp(a, b);
}

static int
cmp_urgency(const void *pa, const void *pb)
{
	const struct todo_key *a = pa, *b = pb;
	int r;

	if (a->urgency != b->urgency)
		return a->urgency < b->urgency ? -1 : 1;
	if ((r = cmp_due(a->due_on, b->due_on)) != 0)
		return r;
	return cmp_int64(a->id, b->id);
}

/* The group first, then the urgency order within it (the keys are
 * distinct by id, so qsort's instability does not matter). */
static int
cmp_grouped(const void *pa, const void *pb)
{
	const struct todo_key *a = pa, *b = pb;

	if (a->group != b->group)
		return a->group < b->group ? -1 : 1;
	return cmp_urgency(pa, pb);
}

void
todo_order(struct todo_key *v, size_t n)
{
	if (n == 0)
		return;
	qsort(v, n, sizeof(*v), cmp_urgency);
	/* A group's rank is the position of its first (most urgent) card.
	 * Quadratic in the worst case, but n is at most two TODO_MAX lists
	 * and the groups are few: the inner loop stops at the first match. */
	for (size_t i = 0; i < n; i++) {
		size_t j = 0;

		while (v[j].cycle_id != v[i].cycle_id)
			j++;
		v[i].group = j;
	}
	qsort(v, n, sizeof(*v), cmp_grouped);
}
