/* cycle_carry.c -- what a new cycle takes over from the one before it
 * (issue 15): organisation goals HR ticks on the start form are copied
 * into the cycle being started, in the start's own transaction.
 *
 * "The cycle before" is the one that starts last before this one (by
 * starts_on, then id): the same rule for the list the form offers, for
 * the confirmation page and for the copy itself, so a goal id from any
 * other cycle is refused, not copied.  A copy records its source
 * (org_goal.copied_from_id, sql/061): a goal is copied into a cycle at
 * most once, however often the cycle is started. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "store/audit.h"
#include "store/cycle.h"
#include "store/cycle_tx.h"
#include "store/db.h"

/* The id of the cycle before cycle ?, as a scalar subquery. */
#define PREVIOUS_CYCLE \
	"(SELECT o.id FROM cycle o JOIN cycle t ON t.id = ?" \
	" WHERE (o.starts_on, o.id) < (t.starts_on, t.id)" \
	" ORDER BY o.starts_on DESC, o.id DESC LIMIT 1)"

static struct db_stmt_def q_previous_goals = DB_STMT(
	"SELECT g.id, g.title, COALESCE(g.description, ''), p.id, p.name,"
	" EXISTS (SELECT 1 FROM org_goal c WHERE c.cycle_id = ? AND c.copied_from_id = g.id)"
	" FROM org_goal g JOIN cycle p ON p.id = g.cycle_id"
	" WHERE g.cycle_id = " PREVIOUS_CYCLE " ORDER BY g.id");
/* Whether goal ? is of the cycle before ?, and whether it is copied already. */
static struct db_stmt_def q_goal_source = DB_STMT(
	"SELECT EXISTS (SELECT 1 FROM org_goal c WHERE c.cycle_id = ? AND c.copied_from_id = g.id)"
	" FROM org_goal g WHERE g.id = ? AND g.cycle_id = " PREVIOUS_CYCLE);
/* A copy keeps the department the goal belongs to (issue 16). */
static struct db_stmt_def q_goal_copy = DB_STMT(
	"INSERT INTO org_goal (cycle_id, title, description, department_id, copied_from_id)"
	" SELECT ?, title, description, department_id, id FROM org_goal WHERE id = ?");

struct previous_cb {
	goal_copy_fn fn;
	void *ud;
};

static int
previous_row(void *ud, const struct db_row *r)
{
	struct previous_cb *cb = ud;
	struct goal_copy_row g = {
		.id = db_int(r, 0), .title = db_str(r, 1), .description = db_str(r, 2),
		.cycle_id = db_int(r, 3), .cycle_name = db_str(r, 4),
		.copied = db_int(r, 5) != 0,
	};

	return cb->fn(cb->ud, &g);
}

int
cycle_goals_to_copy(struct db *db, int64_t cycle_id, goal_copy_fn fn, void *ud)
{
	struct previous_cb cb = { fn, ud };

	return db_query(db, &q_previous_goals, DB_ARGS(DB_INT(cycle_id), DB_INT(cycle_id)),
	    previous_row, &cb);
}

/* One row: whether the source is copied already. */
struct source {
	bool found;
	bool copied;
};

static int
source_row(void *ud, const struct db_row *r)
{
	struct source *s = ud;

	s->found = true;
	s->copied = db_int(r, 0) != 0;
	return DB_OK;
}

/* DB_NOTFOUND (and *refused = goal) when a goal is not of the cycle
 * before; *fresh counts those not copied yet. */
static int
check_sources(struct db *db, int64_t cycle_id, const int64_t *goals, size_t n,
    int64_t *fresh, int64_t *refused)
{
	struct source s;
	size_t i;
	int st;

	*fresh = 0;
	for (i = 0; i < n; i++) {
		memset(&s, 0, sizeof(s));
		st = db_query(db, &q_goal_source, DB_ARGS(DB_INT(cycle_id), DB_INT(goals[i]),
		    DB_INT(cycle_id)), source_row, &s);
		if (st != DB_OK)
			return st;
		if (!s.found) {
			*refused = goals[i];
			return DB_NOTFOUND;
		}
		if (!s.copied)
			(*fresh)++;
	}
	return DB_OK;
}

int
cycle_copy_preview(struct db *db, int64_t cycle_id, const int64_t *goals, size_t n,
    int64_t *fresh, int64_t *refused)
{
	return check_sources(db, cycle_id, goals, n, fresh, refused);
}

static int
copy_one(struct db *db, int64_t actor, int64_t cycle_id, int64_t goal)
{
	char detail[64];
	int64_t id = 0;
	int st;

	st = db_exec(db, &q_goal_copy, DB_ARGS(DB_INT(cycle_id), DB_INT(goal)), NULL, &id);
	if (st != DB_OK)
		return st;
	snprintf(detail, sizeof(detail), "copied from goal %lld", (long long)goal);
	return audit_add(db, actor, "org_goal", id, "create", detail);
}

int
cycle_copy_goals_tx(struct db *db, int64_t actor, int64_t cycle_id, const int64_t *goals,
    size_t n, int64_t *copied, int64_t *refused)
{
	struct source s;
	int64_t fresh;
	size_t i;
	int st;

	*copied = 0;
	/* All checked before any is written: one stranger refuses them all. */
	if ((st = check_sources(db, cycle_id, goals, n, &fresh, refused)) != DB_OK)
		return st;
	for (i = 0; i < n; i++) {
		memset(&s, 0, sizeof(s));
		st = db_query(db, &q_goal_source, DB_ARGS(DB_INT(cycle_id), DB_INT(goals[i]),
		    DB_INT(cycle_id)), source_row, &s);
		if (st != DB_OK)
			return st;
		/* Ticked twice in one form, or copied by an earlier start. */
		if (s.copied)
			continue;
		if ((st = copy_one(db, actor, cycle_id, goals[i])) != DB_OK)
			return st;
		(*copied)++;
	}
	return DB_OK;
}
