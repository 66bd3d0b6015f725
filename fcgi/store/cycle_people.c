/* cycle_people.c -- people who join and leave while a cycle runs (issue 15).
 *
 * Nothing happens to a dossier behind HR's back.  The cycle page lists the
 * changes the employee records call for, and HR confirms each:
 *  - a leaver: an employee made inactive whose dossier in the cycle is
 *    still open; confirmed, the dossier is 'left' (read-only, out of the
 *    reports' completion and overdue figures);
 *  - a joiner: an active employee without a dossier in an open cycle, in a
 *    department where someone has a dossier in it (a started department);
 *    confirmed, they get the dossier a start would have given them;
 *    dismissed ("not added", sql/067), they leave this cycle's list.
 * Each confirmation is one transaction that locks the cycle and checks,
 * inside it, that the change is still due; one that is not any more
 * (confirmed in another tab, the employee active again) is DB_CONFLICT. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "store/audit.h"
#include "store/cycle.h"
#include "store/cycle_tx.h"
#include "store/db.h"
#include "store/headcount.h"
#include "base/util.h"
#include "rules/person.h"
#include "store/summary.h"

/* A department where someone who has not left holds a dossier of cycle ?. */
#define STARTED_DEPARTMENT \
	"e.department_id IN (SELECT x.department_id FROM dossier sd" \
	" JOIN employee x ON x.id = sd.employee_id" \
	" WHERE sd.cycle_id = ? AND sd.status = 'open' AND x.department_id IS NOT NULL)"
/* params: cycle three times. */
#define JOINER \
	"e.active = 1 AND " STARTED_DEPARTMENT \
	" AND NOT EXISTS (SELECT 1 FROM dossier y WHERE y.cycle_id = ? AND y.employee_id = e.id)" \
	" AND NOT EXISTS (SELECT 1 FROM joiner_dismissed z WHERE z.cycle_id = ?" \
	" AND z.employee_id = e.id)"
#define LEAVER "d.status = 'open' AND e.active = 0"

/* params: cycle (leavers), cycle three times (joiners), cycle (open), limit. */
static struct db_stmt_def q_pending = DB_STMT(
	"SELECT employee_id, login, name, dep, change_kind, dossier_id FROM ("
	"SELECT e.id AS employee_id, e.login, e.name, COALESCE(dp.name, '') AS dep,"
	" 'leave' AS change_kind, d.id AS dossier_id"
	" FROM dossier d JOIN employee e ON e.id = d.employee_id"
	" LEFT JOIN department dp ON dp.id = e.department_id"
	" WHERE d.cycle_id = ? AND " LEAVER
	" UNION ALL"
	" SELECT e.id, e.login, e.name, COALESCE(dp.name, ''), 'join', 0"
	" FROM employee e LEFT JOIN department dp ON dp.id = e.department_id"
	" WHERE " JOINER
	" AND (SELECT status FROM cycle WHERE id = ?) = 'open'"
	") p ORDER BY change_kind DESC, name LIMIT ?");
static struct db_stmt_def q_leaver = DB_STMT(
	"SELECT d.id FROM dossier d JOIN employee e ON e.id = d.employee_id"
	" WHERE d.cycle_id = ? AND d.employee_id = ? AND " LEAVER " FOR UPDATE");
static struct db_stmt_def q_leave = DB_STMT(
	"UPDATE dossier SET status = 'left', version = version + 1, updated_at = UTC_TIMESTAMP()"
	" WHERE id = ? AND status = 'open'");
static struct db_stmt_def q_joiner = DB_STMT(
	"SELECT e.id, e.login FROM employee e WHERE e.id = ? AND " JOINER " FOR UPDATE");
static struct db_stmt_def q_dismiss = DB_STMT(
	"INSERT INTO joiner_dismissed (cycle_id, employee_id) VALUES (?, ?)");

struct pending_cb {
	person_change_fn fn;
	void *ud;
};

static int
pending_row(void *ud, const struct db_row *r)
{
	struct pending_cb *cb = ud;
	struct person_change p = {
		.employee_id = db_int(r, 0), .login = db_str(r, 1), .name = db_str(r, 2),
		.department = db_str(r, 3), .leave = strcmp(db_str(r, 4), "leave") == 0,
		.dossier_id = db_int(r, 5),
	};

	return cb->fn(cb->ud, &p);
}

int
cycle_people_pending(struct db *db, int64_t cycle_id, int limit, person_change_fn fn,
    void *ud)
{
	struct pending_cb cb = { fn, ud };

	return db_query(db, &q_pending, DB_ARGS(DB_INT(cycle_id), DB_INT(cycle_id),
	    DB_INT(cycle_id), DB_INT(cycle_id), DB_INT(cycle_id), DB_INT(limit)), pending_row,
	    &cb);
}

static int
id_row(void *ud, const struct db_row *r)
{
	*(int64_t *)ud = db_int(r, 0);
	return DB_OK;
}

static int
leave_tx(struct db *db, int64_t actor, int64_t cycle_id, int64_t employee_id,
    int64_t *dossier_id)
{
	uint64_t n = 0;
	int st;

	st = db_query(db, &q_leaver, DB_ARGS(DB_INT(cycle_id), DB_INT(employee_id)), id_row,
	    dossier_id);
	if (st != DB_OK)
		return st;
	if (*dossier_id == 0)
		return DB_CONFLICT;
	if ((st = db_exec(db, &q_leave, DB_ARGS(DB_INT(*dossier_id)), &n, NULL)) != DB_OK)
		return st;
	if (n != 1)
		return DB_CONFLICT;
	if ((st = summary_dossier(db, *dossier_id)) != DB_OK ||
	    (st = headcount_dossiers(db, cycle_id, "open", "left", 1)) != DB_OK)
		return st;
	return audit_add(db, actor, "dossier", *dossier_id, "left",
	    "status: open -> left (employee left)");
}

static int
join_tx(struct db *db, int64_t actor, int64_t cycle_id, const struct cycle_lock *lock,
    int64_t employee_id)
{
	int64_t found = 0;
	bool created;
	int st;

	if (strcmp(lock->status, "open") != 0)
		return DB_CONFLICT;
	st = db_query(db, &q_joiner, DB_ARGS(DB_INT(employee_id), DB_INT(cycle_id),
	    DB_INT(cycle_id), DB_INT(cycle_id)), id_row, &found);
	if (st != DB_OK)
		return st;
	if (found == 0)
		return DB_CONFLICT;
	st = cycle_join_tx(db, actor, cycle_id, lock->name, employee_id, &created);
	if (st == DB_OK && !created)
		st = DB_CONFLICT;
	return st;
}

struct joiner_found {
	int64_t id;
	char login[LOGIN_MAX + 1];
};

static int
joiner_row(void *ud, const struct db_row *r)
{
	struct joiner_found *j = ud;

	j->id = db_int(r, 0);
	strlcopy(j->login, db_str(r, 1), sizeof(j->login));
	return DB_OK;
}

/* The cycle is still open and the joiner still listed (both checked
 * under the cycle's lock: a close in another tab has finished or waits),
 * then recorded as not to be added, with the login in the audit detail.
 * A closed cycle lists no joiners, so there is nothing left to dismiss. */
static int
dismiss_tx(struct db *db, int64_t actor, int64_t cycle_id, const struct cycle_lock *lock,
    int64_t employee_id)
{
	struct joiner_found j = { 0, "" };
	char detail[sizeof("employee: ") + LOGIN_MAX];
	int st;

	if (strcmp(lock->status, "open") != 0)
		return DB_CONFLICT;
	st = db_query(db, &q_joiner, DB_ARGS(DB_INT(employee_id), DB_INT(cycle_id),
	    DB_INT(cycle_id), DB_INT(cycle_id)), joiner_row, &j);
	if (st != DB_OK)
		return st;
	if (j.id == 0)
		return DB_CONFLICT;
	st = db_exec(db, &q_dismiss, DB_ARGS(DB_INT(cycle_id), DB_INT(employee_id)), NULL, NULL);
	if (st == DB_DUPLICATE)
		return DB_CONFLICT;
	if (st != DB_OK)
		return st;
	snprintf(detail, sizeof(detail), "employee: %s", j.login);
	return audit_add(db, actor, "cycle", cycle_id, "joiner_dismissed", detail);
}

struct person_args {
	int64_t actor, cycle_id, employee_id;
	enum person_decision decision;
	int64_t dossier_id;
};

static int
person_tx(struct db *db, void *ud)
{
	struct person_args *a = ud;
	struct cycle_lock lock;
	int st;

	/* Starts, closes and other confirmations of this cycle wait. */
	if ((st = cycle_lock(db, a->cycle_id, &lock)) != DB_OK)
		return st;
	a->dossier_id = 0;
	switch (a->decision) {
	case PERSON_LEAVE:
		return leave_tx(db, a->actor, a->cycle_id, a->employee_id, &a->dossier_id);
	case PERSON_JOIN:
		return join_tx(db, a->actor, a->cycle_id, &lock, a->employee_id);
	case PERSON_DISMISS:
		return dismiss_tx(db, a->actor, a->cycle_id, &lock, a->employee_id);
	}
	return DB_ERROR;
}

int
cycle_person_confirm(struct db *db, int64_t actor, int64_t cycle_id, int64_t employee_id,
    enum person_decision decision)
{
	struct person_args a = { actor, cycle_id, employee_id, decision, 0 };

	return db_tx(db, person_tx, &a);
}
