/* cycle_tx.h -- the writes of cycle.c, cycle_start.c and goal.c as steps of
 * a transaction the caller runs (db_tx), for store code that does several
 * of them at once: the demo data builds a whole cycle in one transaction.
 * Private to fcgi/store/; the rest of gesprek uses store/cycle.h and
 * store/goal.h, whose functions run each of these in a transaction of
 * its own. */
#ifndef GESPREK_CYCLE_TX_H
#define GESPREK_CYCLE_TX_H

#include "store/cycle.h"

/* store/goal.h's; declared here so that cycle.c, which never calls a goal
 * function, does not depend on goal.c through this shared header. */
struct collective_input;

int cycle_create_tx(struct db *db, int64_t actor, const struct cycle_input *in, int64_t *id);
int cycle_start_tx(struct db *db, int64_t actor, int64_t id, const struct cycle_start *how,
    struct cycle_started *out);
/* Gives one active employee without a dossier in the cycle one, as a
 * start would (cycle_start.c); *created false when there was nothing to
 * give.  The caller holds the cycle's lock. */
int cycle_join_tx(struct db *db, int64_t actor, int64_t cycle_id, const char *cycle_name,
    int64_t employee_id, bool *created);
/* Copies those of goals not copied yet (cycle_carry.c); all or nothing. */
int cycle_copy_goals_tx(struct db *db, int64_t actor, int64_t cycle_id, const int64_t *goals,
    size_t n, int64_t *copied, int64_t *refused);
/* Makes proposals on the new dossier's goal setting of the unfinished
 * goals and development points of the employee's previous dossier
 * (proposal.c); *carried says how many. */
int proposal_carry_tx(struct db *db, int64_t dossier_id, int64_t cycle_id, int64_t employee_id,
    int64_t *carried);
int org_goal_create_tx(struct db *db, int64_t actor, int64_t cycle_id, const char *title,
    const char *description, int64_t *id);
int collective_create_tx(struct db *db, int64_t actor, int64_t cycle_id,
    const struct collective_input *in, int64_t *id);

/* Locks the cycle row for the rest of the transaction (every write to a
 * cycle or its goals does, so they run one after another) and reads its
 * name and status; DB_NOTFOUND when there is none. */
struct cycle_lock {
	char name[CYCLE_NAME_MAX * 4 + 1];
	char status[8];
	int64_t version;
	bool has_dossiers;		/* any dossier, of any status */
};
int cycle_lock(struct db *db, int64_t id, struct cycle_lock *out);

#endif
