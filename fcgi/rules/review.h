/* review.h -- the second assessor (tweede beoordelaar, issue 17): who it
 * is, and which moves each state of the review allows.  Pure decisions:
 * the store applies them under the conversation's row lock
 * (store/review.c), the pages to decide what to offer (pages/review.c). */
#ifndef GESPREK_RULES_REVIEW_H
#define GESPREK_RULES_REVIEW_H

#include <stdbool.h>
#include <stdint.h>

/* conversation.review (sql/085_second_assessor.sql). */
enum review_state {
	REVIEW_NONE,		/* no second assessor for this conversation */
	REVIEW_PENDING,		/* finalized; waiting for the second assessor */
	REVIEW_RETURNED,	/* back with the manager, held again */
	REVIEW_APPROVED,	/* the employee may sign */
	REVIEW_STATES
};

enum review_move {
	REVIEW_APPROVE,		/* the second assessor agrees */
	REVIEW_RETURN,		/* back to the manager, with a reason */
	REVIEW_CHANGE,		/* a rating changed, with a reason */
	REVIEW_SIGN,		/* the employee's (and then the manager's) signature */
	REVIEW_MOVES
};

extern const char *const review_state_names[REVIEW_STATES];
/* The state named s; REVIEW_NONE for NULL or an unknown name. */
enum review_state review_state_of(const char *s);

/* The second assessor of a dossier: the department's named person, else
 * the manager's manager; never the employee or the manager themselves
 * (a named person who is one of them falls back to the manager's
 * manager).  0: there is none, and the assessment needs no approval. */
int64_t review_assessor(int64_t named_id, int64_t managers_manager_id, int64_t manager_id,
    int64_t employee_id);

/* May `move` happen to a conversation in `status` (planned ... closed)
 * whose review is in `state`?  The second assessor's three moves need a
 * finalized conversation waiting for them; a signature needs a finalized
 * conversation that no second assessor is still to approve. */
bool review_allows(enum review_state state, const char *status, enum review_move move);

/* Is viewer the second assessor named on the conversation (0: none)? */
bool review_is_assessor(int64_t viewer_id, int64_t assessor_id);

/* cycle.second_assessor (sql/089): what a cycle says of the second
 * assessor of its assessments.  HR sets it on the cycle's page. */
enum review_demand {
	DEMAND_TEMPLATE,	/* as the conversation's template version says */
	DEMAND_REQUIRED,	/* always, whatever the template says */
	DEMAND_NONE,		/* never, whatever the template says */
	REVIEW_DEMANDS
};
extern const char *const review_demand_names[REVIEW_DEMANDS];
/* The demand named s; DEMAND_TEMPLATE for NULL or an unknown name. */
enum review_demand review_demand_of(const char *s);

/* Does a finalize of an assessment ask a second assessor?  The rule for a
 * setting that changes while conversations run: the question is settled
 * when a conversation's review begins (its first finalize that names a
 * second assessor), and a conversation whose review has begun (`begun`:
 * a second assessor is named on it) keeps it through returns and HR's
 * reopenings, whatever the cycle or template says later.  One finalized
 * without a second assessor keeps that too: the setting is read at a
 * finalize only, never applied to conversations already finalized. */
bool review_required(enum review_demand cycle, bool template_asks, bool begun);

#endif
