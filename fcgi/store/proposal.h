/* proposal.h -- unfinished goals and development points of an employee's
 * previous cycle, offered on the new cycle's goal setting (issue 15;
 * proposal.c, sql/063_proposal.sql).  Every function returns an enum
 * db_status (store/status.h). */
#ifndef GESPREK_STORE_PROPOSAL_H
#define GESPREK_STORE_PROPOSAL_H

#include <stdbool.h>
#include <stdint.h>

#include "store/dossier.h"
#include "store/status.h"

/* A goal-setting conversation shows at most this many proposals: more
 * than a form can hold is a previous cycle gone wrong, not a plan. */
#define PROPOSALS_MAX 200

struct proposal_row {
	int64_t id;
	const char *kind;		/* result | development */
	const char *title;
	const char *measure;
	const char *source_status;	/* open | on_track | at_risk, in the cycle before */
	const char *source_cycle;	/* its name, "" when gone */
	const char *status;		/* proposed | accepted | dropped */
	int64_t item_id;		/* the item an accept made; 0: none (any more) */
	const char *decided_by;		/* a name, "" while proposed */
};
typedef int (*proposal_fn)(void *ud, const struct proposal_row *p);

/* The proposals of a conversation, oldest first, at most PROPOSALS_MAX. */
int proposals_of_conversation(struct db *db, int64_t conversation_id, proposal_fn fn,
    void *ud);
/* The conversation a proposal is on; DB_NOTFOUND when there is none. */
int proposal_conversation(struct db *db, int64_t id, int64_t *conversation_id);

/* Accepting makes an item of the proposal in its conversation (kind,
 * title and measure; the employee responsible) and links it; dropping
 * only marks it.  Either party, while the conversation (w->id) is planned
 * or being prepared; the checks run under the conversation's row lock and
 * the proposal must still be proposed (the write's own condition), so two
 * accepts make one item.  DB_NOTFOUND: not a party; DB_CONFLICT: the
 * conversation moved on, the dossier closed, or the proposal is decided
 * already (or not of this conversation). */
int proposal_accept(struct db *db, const struct conv_write *w, int64_t id, int64_t *item_id);
int proposal_drop(struct db *db, const struct conv_write *w, int64_t id);

/* How many proposals a new dossier of employee_id in cycle_id would get
 * (for the start's confirmation page). */
int proposals_to_carry(struct db *db, int64_t cycle_id, int64_t employee_id, int64_t *n);

#endif
