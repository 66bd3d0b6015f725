/* test_tree.c -- the department tree order (base/tree.c): depth first,
 * siblings by name whatever order the rows came in, loops and orphans left
 * out, the depth bound kept. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "base/tree.h"
#include "tap.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
/* Room for every case below. */
#define CASE_MAX 16

/* The names in tree order with their depth, "name/depth name/depth ...". */
static void
drawn(const struct tree_node *v, size_t n, int max_depth, char *out, size_t size)
{
	size_t order[CASE_MAX];
	int depth[CASE_MAX];
	long k, i;

	out[0] = '\0';
	k = tree_order(v, n, max_depth, order, depth);
	for (i = 0; i < k; i++) {
		size_t len = strlen(out);

		snprintf(out + len, size - len, "%s%s/%d", i ? " " : "", v[order[i]].name, depth[i]);
	}
}

static void
test_order(void)
{
	/* Added out of order: children before parents, siblings unsorted,
	 * and "Sales Support" a sibling whose name extends "Sales". */
	static const struct tree_node v[] = {
		{ 6, 5, "Zuid" }, { 1, 0, "Zeta" }, { 3, 0, "Sales Support" },
		{ 2, 1, "alpha" }, { 5, 0, "Sales" }, { 7, 5, "Noord" }, { 8, 7, "Beta" },
		{ 9, 1, "Alpha" },
	};
	char s[512];

	drawn(v, N(v), 10, s, sizeof(s));
	is_str(s, "Sales/0 Noord/1 Beta/2 Zuid/1 Sales Support/0 Zeta/0 Alpha/1 alpha/1",
	    "depth first, siblings by name (case after letters), children under their parent");
	drawn(v, N(v), 1, s, sizeof(s));
	is_str(s, "Sales/0 Noord/1 Zuid/1 Sales Support/0 Zeta/0 Alpha/1 alpha/1",
	    "nothing deeper than the bound");
	drawn(v, 0, 10, s, sizeof(s));
	is_str(s, "", "no departments, nothing drawn");
}

static void
test_broken(void)
{
	/* 2 and 3 are each other's parent; 4 hangs under the missing 99. */
	static const struct tree_node v[] = {
		{ 2, 3, "Loop a" }, { 3, 2, "Loop b" }, { 4, 99, "Orphan" }, { 1, 0, "Top" },
		{ 5, 5, "Self" },
	};
	/* Repeated ids must not write past the arrays. */
	static const struct tree_node dup[] = {
		{ 1, 0, "A" }, { 1, 1, "B" }, { 1, 1, "C" },
	};
	char s[512];

	drawn(v, N(v), 10, s, sizeof(s));
	is_str(s, "Top/0", "loops and orphans are left out, not drawn under a wrong parent");
	drawn(dup, N(dup), 10, s, sizeof(s));
	ok(strlen(s) > 0 && strlen(s) < 40, "repeated ids stop at n entries");
}

static void
test_names(void)
{
	ok(tree_name_cmp("Sales", "Sales Support") < 0, "a prefix first");
	ok(tree_name_cmp("sales", "Sales") > 0 && tree_name_cmp("Sales", "sales") < 0,
	    "same letters: upper case first, so the order is total");
	ok(tree_name_cmp("abc", "ABD") < 0, "letters before case");
	ok(tree_name_cmp("x", "x") == 0, "equal");
}

int
main(void)
{
	test_order();
	test_broken();
	test_names();
	return tap_done();
}
