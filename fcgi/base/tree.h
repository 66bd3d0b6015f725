/* tree.h -- the one order of a department tree wherever it is drawn
 * (selects, the department list): depth first, each parent before its
 * children, siblings by name.  Pure: no database, no XML, so it is tested
 * on its own (tests/unit/test_tree.c). */
#ifndef GESPREK_BASE_TREE_H
#define GESPREK_BASE_TREE_H

#include <stddef.h>
#include <stdint.h>

struct tree_node {
	int64_t id;
	int64_t parent_id;	/* 0: at the top */
	const char *name;
};

/* Compares two sibling names: letters without regard to ASCII case, then
 * byte for byte (so the order is total and "Sales" comes before
 * "Sales Support"). */
int tree_name_cmp(const char *a, const char *b);

/* Puts the n nodes in tree order: order[k] is the index in nodes of the
 * k-th node and depth[k] its depth (0 at the top); both arrays hold n.
 * Nodes deeper than max_depth, in a parent loop or under a parent that is
 * not among the nodes are left out: they cannot be placed under their
 * parent, and placing them elsewhere would draw them under the wrong one.
 * Returns how many were placed, or -1 when memory ran out. */
long tree_order(const struct tree_node *nodes, size_t n, int max_depth, size_t *order, int *depth);

#endif
