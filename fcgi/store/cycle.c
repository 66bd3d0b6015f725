/* cycle.c -- cycles and their schedules: listing, reading, creating and
 * editing; the department tree offered when starting one.  Starting and
 * closing are in cycle_start.c.
 *
 * Every write locks the cycle row first (cycle_lock), so writes to one
 * cycle and its goals run one after another, on Galera too: a conflicting
 * write on another node fails certification and db_tx runs it again. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "store/cycle_tx.h"
#include "store/audit.h"
#include "store/cycle.h"
#include "store/cycle_sql.h"
#include "store/db.h"
#include "base/util.h"

/* Bytes of a stored scale as the column may hold it (VARCHAR(1000)). */
#define SCALE_COLUMN_BYTES (1000 * 4 + 1)

static struct db_stmt_def q_list = DB_STMT(SQL_CYCLE_LIST);
static struct db_stmt_def q_get = DB_STMT(SQL_CYCLE_GET);
static struct db_stmt_def q_steps = DB_STMT(
	"SELECT seq, type, due_on FROM cycle_step WHERE cycle_id = ? ORDER BY seq");
/* Whether the cycle has a dossier decides what a write may change: read
 * from the dossiers themselves (one index entry), not from a count. */
static struct db_stmt_def q_lock = DB_STMT(
	"SELECT c.name, c.status, c.version,"
	" EXISTS (SELECT 1 FROM dossier d WHERE d.cycle_id = c.id)"
	" FROM cycle c WHERE c.id = ? FOR UPDATE");
static struct db_stmt_def q_insert = DB_STMT(
	"INSERT INTO cycle (name, starts_on, ends_on, rating_scale) VALUES (?, ?, ?, ?)");
static struct db_stmt_def q_update = DB_STMT(
	"UPDATE cycle SET name = ?, starts_on = ?, ends_on = ?, rating_scale = ?,"
	" version = version + 1, updated_at = UTC_TIMESTAMP()"
	" WHERE id = ? AND version = ?");
static struct db_stmt_def q_step_insert = DB_STMT(
	"INSERT INTO cycle_step (cycle_id, seq, type, due_on) VALUES (?, ?, ?, ?)");
static struct db_stmt_def q_step_delete = DB_STMT(
	"DELETE FROM cycle_step WHERE cycle_id = ?");

/* ---- reading ---- */

struct cycle_cb {
	cycle_fn fn;
	void *ud;
	bool found;
};

static int
cycle_row(void *ud, const struct db_row *r)
{
	struct cycle_cb *cb = ud;
	struct cycle_row c = {
		.id = db_int(r, 0), .name = db_str(r, 1), .starts_on = db_str(r, 2),
		.ends_on = db_str(r, 3), .status = db_str(r, 4), .scale = db_str(r, 5),
		.version = db_int(r, 6), .dossiers = db_int(r, 7), .dossiers_open = db_int(r, 8),
		.second_assessor = db_str(r, 9),
	};

	cb->found = true;
	return cb->fn(cb->ud, &c);
}

int
cycle_list(struct db *db, cycle_fn fn, void *ud)
{
	struct cycle_cb cb = { fn, ud, false };

	return db_query(db, &q_list, DB_NOARGS, cycle_row, &cb);
}

int
cycle_get(struct db *db, int64_t id, cycle_fn fn, void *ud)
{
	struct cycle_cb cb = { fn, ud, false };
	int st = db_query(db, &q_get, DB_ARGS(DB_INT(id)), cycle_row, &cb);

	if (st != DB_OK)
		return st;
	return cb.found ? DB_OK : DB_NOTFOUND;
}

struct step_cb {
	cycle_step_fn fn;
	void *ud;
};

static int
step_row(void *ud, const struct db_row *r)
{
	struct step_cb *cb = ud;
	struct cycle_step_row s = {
		.seq = (int)db_int(r, 0), .type = db_str(r, 1), .due_on = db_str(r, 2),
	};

	return cb->fn(cb->ud, &s);
}

int
cycle_steps(struct db *db, int64_t cycle_id, cycle_step_fn fn, void *ud)
{
	struct step_cb cb = { fn, ud };

	return db_query(db, &q_steps, DB_ARGS(DB_INT(cycle_id)), step_row, &cb);
}

/* ---- locking ---- */

static int
lock_row(void *ud, const struct db_row *r)
{
	struct cycle_lock *l = ud;

	strlcopy(l->name, db_str(r, 0), sizeof(l->name));
	strlcopy(l->status, db_str(r, 1), sizeof(l->status));
	l->version = db_int(r, 2);
	l->has_dossiers = db_int(r, 3) != 0;
	return DB_OK;
}

int
cycle_lock(struct db *db, int64_t id, struct cycle_lock *out)
{
	int st;

	memset(out, 0, sizeof(*out));
	if ((st = db_query(db, &q_lock, DB_ARGS(DB_INT(id)), lock_row, out)) != DB_OK)
		return st;
	return out->version ? DB_OK : DB_NOTFOUND;
}

/* ---- schedule text for the audit trail ---- */

/* "goal_setting 2027-02-15, progress 2027-06-30" */
static void
schedule_text(struct buf *b, const struct plan_step *steps, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		buf_printf(b, "%s%s %s", i ? ", " : "", steps[i].type, steps[i].due_on);
}

static int
old_step_row(void *ud, const struct cycle_step_row *s)
{
	struct buf *b = ud;

	buf_printf(b, "%s%s %s", b->len ? ", " : "", s->type, s->due_on);
	return DB_OK;
}

static int
insert_steps(struct db *db, int64_t cycle_id, const struct plan_step *steps, size_t n)
{
	size_t i;
	int st;

	for (i = 0; i < n; i++) {
		st = db_exec(db, &q_step_insert, DB_ARGS(DB_INT(cycle_id), DB_INT((int64_t)i + 1),
		    DB_STR(steps[i].type), steps[i].due_on[0] ? DB_STR(steps[i].due_on) : DB_NULL),
		    NULL, NULL);
		if (st != DB_OK)
			return st;
	}
	return DB_OK;
}

/* ---- create ---- */

int
cycle_create_tx(struct db *db, int64_t actor, const struct cycle_input *in, int64_t *id)
{
	struct buf detail;
	int st;

	st = db_exec(db, &q_insert, DB_ARGS(DB_STR(in->name), DB_STR(in->starts_on),
	    DB_STR(in->ends_on), DB_STR(in->scale)), NULL, id);
	if (st != DB_OK)
		return st;
	if ((st = insert_steps(db, *id, in->steps, in->nsteps)) != DB_OK)
		return st;
	buf_init(&detail);
	buf_printf(&detail, "name: %s; period: %s .. %s; scale: %s; schedule: ", in->name,
	    in->starts_on, in->ends_on, in->scale);
	schedule_text(&detail, in->steps, in->nsteps);
	st = detail.failed ? DB_ERROR : audit_add(db, actor, "cycle", *id, "create", detail.data);
	buf_free(&detail);
	return st;
}

struct create_args {
	int64_t actor;
	const struct cycle_input *in;
	int64_t *id;
};

static int
create_tx(struct db *db, void *ud)
{
	struct create_args *a = ud;

	return cycle_create_tx(db, a->actor, a->in, a->id);
}

int
cycle_create(struct db *db, int64_t actor, const struct cycle_input *in, int64_t *id)
{
	struct create_args a = { actor, in, id };

	return db_tx(db, create_tx, &a);
}

/* ---- update ---- */

struct cycle_before {
	char name[CYCLE_NAME_MAX * 4 + 1];
	char starts_on[ISO_DATE_LEN + 1];
	char ends_on[ISO_DATE_LEN + 1];
	char scale[SCALE_COLUMN_BYTES];
};

static int
before_row(void *ud, const struct cycle_row *c)
{
	struct cycle_before *b = ud;

	strlcopy(b->name, c->name, sizeof(b->name));
	strlcopy(b->starts_on, c->starts_on, sizeof(b->starts_on));
	strlcopy(b->ends_on, c->ends_on, sizeof(b->ends_on));
	strlcopy(b->scale, c->scale, sizeof(b->scale));
	return DB_OK;
}

struct update_args {
	int64_t actor, id, version;
	const struct cycle_input *in;
};

/* The schedule part of an update: replaced only while no dossier exists
 * (conversations were planned from it); its before and after go to b. */
static int
update_schedule(struct db *db, const struct update_args *a, struct buf *b)
{
	struct buf before, after;
	int st;

	buf_init(&before);
	buf_init(&after);
	if ((st = cycle_steps(db, a->id, old_step_row, &before)) != DB_OK)
		goto out;
	schedule_text(&after, a->in->steps, a->in->nsteps);
	if (before.failed || after.failed) {
		st = DB_ERROR;
		goto out;
	}
	if (strcmp(before.data ? before.data : "", after.data ? after.data : "") == 0)
		goto out;
	audit_diff(b, "schedule", before.data, after.data);
	if ((st = db_exec(db, &q_step_delete, DB_ARGS(DB_INT(a->id)), NULL, NULL)) != DB_OK)
		goto out;
	st = insert_steps(db, a->id, a->in->steps, a->in->nsteps);
out:
	buf_free(&before);
	buf_free(&after);
	return st;
}

static int
update_tx(struct db *db, void *ud)
{
	const struct update_args *a = ud;
	struct cycle_before old;
	struct cycle_lock lock;
	struct buf detail;
	uint64_t affected = 0;
	int st;

	if ((st = cycle_lock(db, a->id, &lock)) != DB_OK)
		return st;
	if (lock.version != a->version || strcmp(lock.status, "closed") == 0)
		return DB_CONFLICT;
	if (lock.has_dossiers && a->in->steps != NULL)
		return DB_CONFLICT;
	if ((st = cycle_get(db, a->id, before_row, &old)) != DB_OK)
		return st;
	if (lock.has_dossiers && scale_count(old.scale) != scale_count(a->in->scale))
		return DB_CONFLICT;
	buf_init(&detail);
	audit_diff(&detail, "name", old.name, a->in->name);
	audit_diff(&detail, "starts_on", old.starts_on, a->in->starts_on);
	audit_diff(&detail, "ends_on", old.ends_on, a->in->ends_on);
	audit_diff(&detail, "scale", old.scale, a->in->scale);
	if (a->in->steps && (st = update_schedule(db, a, &detail)) != DB_OK)
		goto out;
	if (detail.len == 0)		/* nothing changed: no new version */
		goto out;
	st = db_exec(db, &q_update, DB_ARGS(DB_STR(a->in->name), DB_STR(a->in->starts_on),
	    DB_STR(a->in->ends_on), DB_STR(a->in->scale), DB_INT(a->id), DB_INT(a->version)),
	    &affected, NULL);
	if (st == DB_OK && affected == 0)
		st = DB_CONFLICT;
	if (st == DB_OK)
		st = detail.failed ? DB_ERROR : audit_add(db, a->actor, "cycle", a->id, "update",
		    detail.data);
out:
	buf_free(&detail);
	return st;
}

int
cycle_update(struct db *db, int64_t actor, int64_t id, int64_t version,
    const struct cycle_input *in)
{
	struct update_args a = { actor, id, version, in };

	return db_tx(db, update_tx, &a);
}
