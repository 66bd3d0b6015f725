/* tree.c -- see tree.h. */
#include "config.h"

#include <stdlib.h>

#include "base/tree.h"

int
tree_name_cmp(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;
	size_t i;

	for (i = 0; p[i] && q[i]; i++) {
		int x = p[i] >= 'A' && p[i] <= 'Z' ? p[i] + ('a' - 'A') : p[i];
		int y = q[i] >= 'A' && q[i] <= 'Z' ? q[i] + ('a' - 'A') : q[i];

		if (x != y)
			return x < y ? -1 : 1;
	}
	if (p[i] || q[i])
		return p[i] ? 1 : -1;	/* a prefix comes first */
	for (i = 0; p[i] && p[i] == q[i]; i++)
		;
	return p[i] < q[i] ? -1 : p[i] > q[i];
}

/* Siblings side by side (by parent), each group by name, then id. */
static int
by_parent_name(const void *x, const void *y)
{
	const struct tree_node *a = *(const struct tree_node *const *)x;
	const struct tree_node *b = *(const struct tree_node *const *)y;
	int c;

	if (a->parent_id != b->parent_id)
		return a->parent_id < b->parent_id ? -1 : 1;
	if ((c = tree_name_cmp(a->name, b->name)) != 0)
		return c;
	return (a->id > b->id) - (a->id < b->id);
}

/* The first index in sorted[0..n) whose parent is parent_id, or n. */
static size_t
first_child(const struct tree_node *const *sorted, size_t n, int64_t parent_id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (sorted[mid]->parent_id < parent_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct walk {
	const struct tree_node *nodes;
	const struct tree_node *const *sorted;
	size_t n, placed;
	int max_depth;
	size_t *order;
	int *depth;
};

/* Places the children of parent_id, each followed by its own subtree.
 * The recursion is bounded by max_depth; a loop of parents is never
 * reached from the top, so it cannot make the walk go round. */
static void
place_children(struct walk *w, int64_t parent_id, int depth)
{
	size_t i;

	if (depth > w->max_depth)
		return;
	for (i = first_child(w->sorted, w->n, parent_id);
	    i < w->n && w->sorted[i]->parent_id == parent_id; i++) {
		/* Only a repeated id could place more than n: never overrun. */
		if (w->placed == w->n)
			return;
		w->order[w->placed] = (size_t)(w->sorted[i] - w->nodes);
		w->depth[w->placed] = depth;
		w->placed++;
		/* id 0 is "the top": a node claiming it would be its own parent */
		if (w->sorted[i]->id != 0)
			place_children(w, w->sorted[i]->id, depth + 1);
	}
}

long
tree_order(const struct tree_node *nodes, size_t n, int max_depth, size_t *order, int *depth)
{
	const struct tree_node **sorted;
	struct walk w;
	size_t i;

	if (n == 0)
		return 0;
	if ((sorted = malloc(n * sizeof(*sorted))) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		sorted[i] = &nodes[i];
	qsort(sorted, n, sizeof(*sorted), by_parent_name);
	w = (struct walk){ .nodes = nodes, .sorted = sorted, .n = n, .max_depth = max_depth,
	    .order = order, .depth = depth };
	place_children(&w, 0, 0);
	free(sorted);
	return (long)w.placed;
}
