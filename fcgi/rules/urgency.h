/* urgency.h -- the order of the dashboard's "waiting for you" cards, in
 * one place (issue 15): a signature owed first, then what is overdue,
 * then by due date (none last); the cards then grouped by cycle, the
 * cycle holding the most urgent card first.  Pure code: the page builds
 * the keys, todo_order decides, the stylesheet only shows. */
#ifndef GESPREK_URGENCY_H
#define GESPREK_URGENCY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum todo_urgency {
	TODO_SIGN = 0,		/* a signature this person owes */
	TODO_OVERDUE = 1,	/* past its due date */
	TODO_LATER = 2,		/* everything else */
};

#define TODO_DUE_BYTES 11	/* YYYY-MM-DD and its NUL; "" when none */

struct todo_key {
	enum todo_urgency urgency;
	char due_on[TODO_DUE_BYTES];
	int64_t id;		/* the conversation: the last tie-break */
	int64_t cycle_id;	/* the group */
	size_t group;		/* set by todo_order: the group's rank */
	void *ud;		/* the caller's card */
};

/* The urgency of a card by its action (prepare | finalize | sign) and
 * whether its due date has passed (the database's date decides). */
enum todo_urgency todo_urgency_of(const char *action, bool overdue);
/* Sorts v by urgency, due date and id, then groups by cycle: each group
 * keeps that order and the groups follow their most urgent card. */
void todo_order(struct todo_key *v, size_t n);

#endif
