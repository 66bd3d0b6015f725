/* test_urgency.c -- the order of the dashboard's "waiting for you" cards. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "rules/urgency.h"
#include "base/util.h"
#include "tap.h"

static struct todo_key
key(int64_t id, int64_t cycle, const char *action, bool overdue, const char *due)
{
	struct todo_key k = { .id = id, .cycle_id = cycle };

	k.urgency = todo_urgency_of(action, overdue);
	strlcopy(k.due_on, due, sizeof(k.due_on));
	return k;
}

static void
ids(const struct todo_key *v, size_t n, char *out, size_t size)
{
	size_t o = 0;

	out[0] = '\0';
	for (size_t i = 0; i < n && o < size; i++)
		o += (size_t)snprintf(out + o, size - o, i ? " %lld" : "%lld", (long long)v[i].id);
}

static void
test_urgency_of(void)
{
	is_int(todo_urgency_of("sign", false), TODO_SIGN, "a signature");
	is_int(todo_urgency_of("sign", true), TODO_SIGN, "a signature, overdue: still a signature");
	is_int(todo_urgency_of("finalize", true), TODO_OVERDUE, "overdue");
	is_int(todo_urgency_of("prepare", false), TODO_LATER, "not yet due");
	is_int(todo_urgency_of(NULL, false), TODO_LATER, "no action");
}

static void
test_one_cycle(void)
{
	/* the case: the signature was card 10 */
	struct todo_key v[] = {
		key(1, 7, "prepare", false, "2026-09-01"),
		key(2, 7, "prepare", false, ""),
		key(3, 7, "finalize", true, "2026-03-01"),
		key(4, 7, "prepare", false, "2026-06-01"),
		key(5, 7, "prepare", true, "2026-01-15"),
		key(10, 7, "sign", false, "2026-12-01"),
	};
	char got[128];

	todo_order(v, sizeof(v) / sizeof(v[0]));
	ids(v, sizeof(v) / sizeof(v[0]), got, sizeof(got));
	is_str(got, "10 5 3 4 1 2", "sign, overdue by date, then by due date, none last");
}

static void
test_groups(void)
{
	/* cycle 8 holds the signature: its group comes first, whole */
	struct todo_key v[] = {
		key(1, 7, "prepare", true, "2026-01-01"),
		key(2, 8, "prepare", false, "2026-05-01"),
		key(3, 7, "prepare", false, "2026-02-01"),
		key(4, 8, "sign", false, ""),
		key(5, 9, "prepare", false, "2026-03-01"),
	};
	char got[128];

	todo_order(v, sizeof(v) / sizeof(v[0]));
	ids(v, sizeof(v) / sizeof(v[0]), got, sizeof(got));
	is_str(got, "4 2 1 3 5", "groups by their most urgent card");
	ok(v[0].group == v[1].group && v[1].group != v[2].group, "group ranks mark the groups");
}

static void
test_ties_and_empty(void)
{
	struct todo_key v[] = {
		key(9, 1, "prepare", false, "2026-05-01"),
		key(3, 1, "prepare", false, "2026-05-01"),
	};
	char got[64];

	todo_order(v, 0);
	todo_order(v, 2);
	ids(v, 2, got, sizeof(got));
	is_str(got, "3 9", "the same day: by id");
}

int
main(void)
{
	test_urgency_of();
	test_one_cycle();
	test_groups();
	test_ties_and_empty();
	return tap_done();
}
