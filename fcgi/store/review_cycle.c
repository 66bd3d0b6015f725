/* review_cycle.c -- a cycle's demand for a second assessor (review.h
 * cycle_review_set, sql/089).  The cycle row is locked (cycle_lock, as
 * every write to a cycle does) and the version and status checked under
 * that lock; the UPDATE repeats both, so a double submit or an edit of
 * the cycle at the same moment lands on the state it saw or not at all
 * (DESIGN §3).  Conversations are not touched: the setting is read when a
 * manager finalizes an assessment (review.c review_begin). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "store/audit.h"
#include "store/cycle_tx.h"
#include "store/db.h"
#include "store/review.h"

/* "second assessor: required -> template" and room to spare. */
#define DEMAND_DETAIL_MAX 64

static struct db_stmt_def q_demand_of = DB_STMT(
	"SELECT second_assessor FROM cycle WHERE id = ?");
static struct db_stmt_def q_demand_set = DB_STMT(
	"UPDATE cycle SET second_assessor = ?, version = version + 1, updated_at = UTC_TIMESTAMP()"
	" WHERE id = ? AND version = ? AND status <> 'closed'");

struct demand_tx {
	int64_t actor, id, version;
	enum review_demand demand;
};

static int
keep_demand(void *ud, const struct db_row *r)
{
	*(enum review_demand *)ud = review_demand_of(db_str(r, 0));
	return DB_OK;
}

static int
tx_demand(struct db *db, void *ud)
{
	const struct demand_tx *t = ud;
	struct cycle_lock lock;
	enum review_demand before = DEMAND_TEMPLATE;
	char detail[DEMAND_DETAIL_MAX];
	uint64_t affected = 0;
	int st;

	if ((st = cycle_lock(db, t->id, &lock)) != DB_OK)
		return st;
	if (lock.version != t->version || strcmp(lock.status, "closed") == 0)
		return DB_CONFLICT;
	if ((st = db_query(db, &q_demand_of, DB_ARGS(DB_INT(t->id)), keep_demand, &before)) != DB_OK)
		return st;
	if (before == t->demand)	/* nothing changed: no new version, no audit row */
		return DB_OK;
	if ((st = db_exec(db, &q_demand_set, DB_ARGS(DB_STR(review_demand_names[t->demand]),
	    DB_INT(t->id), DB_INT(t->version)), &affected, NULL)) != DB_OK)
		return st;
	if (affected == 0)
		return DB_CONFLICT;
	snprintf(detail, sizeof(detail), "second assessor: %s -> %s",
	    review_demand_names[before], review_demand_names[t->demand]);
	return audit_add(db, t->actor, "cycle", t->id, "second_assessor", detail);
}

int
cycle_review_set(struct db *db, int64_t actor, int64_t cycle_id, int64_t version,
    enum review_demand demand)
{
	struct demand_tx t = { actor, cycle_id, version, demand };

	if ((int)demand < 0 || demand >= REVIEW_DEMANDS)
		return DB_ERROR;
	return db_tx(db, tx_demand, &t);
}
