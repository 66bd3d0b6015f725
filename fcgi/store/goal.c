/* goal.c -- organisation goals and collective goals of a cycle.
 *
 * Writes lock the cycle row first (cycle_lock): a closed cycle takes no new
 * or changed goals, but the central status of a collective goal may still
 * be set (a bonus is often settled after the period). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "store/cycle_tx.h"
#include "store/audit.h"
#include "store/competence.h"
#include "store/db.h"
#include "store/dossier.h"
#include "store/employee.h"
#include "store/form_sql.h"
#include "store/goal.h"
#include "base/util.h"
#include "store/rows.h"

static struct db_stmt_def q_org_list = DB_STMT(
	"SELECT " ORG_COLUMNS " FROM org_goal g LEFT JOIN department gd ON gd.id = g.department_id"
	" WHERE g.cycle_id = ? ORDER BY g.id");
static struct db_stmt_def q_org_one = DB_STMT(
	"SELECT " ORG_COLUMNS " FROM org_goal g LEFT JOIN department gd ON gd.id = g.department_id"
	" WHERE g.id = ? FOR UPDATE");
static struct db_stmt_def q_org_cycle = DB_STMT(
	"SELECT cycle_id FROM org_goal WHERE id = ?");
static struct db_stmt_def q_org_insert = DB_STMT(
	"INSERT INTO org_goal (cycle_id, title, description) VALUES (?, ?, ?)");
static struct db_stmt_def q_org_update = DB_STMT(
	"UPDATE org_goal SET title = ?, description = ?, department_id = ?, version = version + 1,"
	" updated_at = UTC_TIMESTAMP() WHERE id = ? AND version = ?");
static struct db_stmt_def q_org_department = DB_STMT(
	"UPDATE org_goal SET department_id = ? WHERE id = ?");

static struct db_stmt_def q_coll_list = DB_STMT(
	"SELECT " COLLECTIVE_COLUMNS " FROM collective_goal g"
	" LEFT JOIN department dp ON dp.id = g.department_id"
	" WHERE g.cycle_id = ? ORDER BY g.department_id IS NOT NULL, dp.name, g.id");
static struct db_stmt_def q_coll_dossier = DB_STMT(
	DOSSIER_DEPARTMENTS " SELECT " COLLECTIVE_COLUMNS GOALS_OF_DOSSIER);
/* The lists of a conversation form in one statement (form_sql.h). */
static struct db_stmt_def q_form_lists = DB_STMT(FORM_LISTS_SQL);
static struct db_stmt_def q_coll_one = DB_STMT(
	"SELECT " COLLECTIVE_COLUMNS " FROM collective_goal g"
	" LEFT JOIN department dp ON dp.id = g.department_id WHERE g.id = ? FOR UPDATE");
static struct db_stmt_def q_coll_cycle = DB_STMT(
	"SELECT cycle_id FROM collective_goal WHERE id = ?");
static struct db_stmt_def q_coll_insert = DB_STMT(
	"INSERT INTO collective_goal (cycle_id, title, measure, deadline, department_id, bonus)"
	" VALUES (?, ?, ?, ?, ?, ?)");
static struct db_stmt_def q_coll_update = DB_STMT(
	"UPDATE collective_goal SET title = ?, measure = ?, deadline = ?, department_id = ?,"
	" bonus = ?, version = version + 1, updated_at = UTC_TIMESTAMP()"
	" WHERE id = ? AND version = ?");
static struct db_stmt_def q_coll_status = DB_STMT(
	"UPDATE collective_goal SET status = ?, status_note = ?, version = version + 1,"
	" updated_at = UTC_TIMESTAMP() WHERE id = ? AND version = ?");
static struct db_stmt_def q_department = DB_STMT(
	"SELECT name FROM department WHERE id = ?");

/* "" as NULL: optional texts and dates are stored as absent. */
static struct db_arg
opt_str(const char *s)
{
	return s && s[0] ? DB_STR(s) : DB_NULL;
}

static int
id_row(void *ud, const struct db_row *r)
{
	*(int64_t *)ud = db_int(r, 0);
	return DB_OK;
}

static int
cycle_of(struct db *db, struct db_stmt_def *q, int64_t id, int64_t *cycle_id)
{
	int st;

	*cycle_id = 0;
	if ((st = db_query(db, q, DB_ARGS(DB_INT(id)), id_row, cycle_id)) != DB_OK)
		return st;
	return *cycle_id ? DB_OK : DB_NOTFOUND;
}

/* A cycle that takes changes to its goals: present and not closed. */
static int
lock_open_cycle(struct db *db, int64_t cycle_id, struct cycle_lock *lock)
{
	int st = cycle_lock(db, cycle_id, lock);

	if (st != DB_OK)
		return st;
	return strcmp(lock->status, "closed") == 0 ? DB_CONFLICT : DB_OK;
}

/* ---- organisation goals ---- */

struct org_cb {
	org_goal_fn fn;
	void *ud;
};

static int
org_row(void *ud, const struct db_row *r)
{
	struct org_cb *cb = ud;
	struct org_goal_row g = {
		.id = db_int(r, 0), .cycle_id = db_int(r, 1), .title = db_str(r, 2),
		.description = db_str(r, 3), .version = db_int(r, 4),
		.department_id = db_int(r, 5), .department = db_str(r, 6),
	};

	return cb->fn(cb->ud, &g);
}

struct link_cb {
	profile_link_fn fn;
	void *ud;
};

static int
link_row(void *ud, const struct db_row *r)
{
	struct link_cb *cb = ud;
	struct profile_link_row l = {
		.id = db_int(r, 0), .key = db_str(r, 1), .name_nl = db_str(r, 2),
		.name_en = db_str(r, 3),
	};

	return cb->fn ? cb->fn(cb->ud, &l) : DB_OK;
}

int
org_goals_of_cycle(struct db *db, int64_t cycle_id, org_goal_fn fn, void *ud)
{
	struct org_cb cb = { fn, ud };

	return db_query(db, &q_org_list, DB_ARGS(DB_INT(cycle_id)), org_row, &cb);
}

int
org_goal_cycle(struct db *db, int64_t id, int64_t *cycle_id)
{
	return cycle_of(db, &q_org_cycle, id, cycle_id);
}

int
org_goal_create_tx(struct db *db, int64_t actor, int64_t cycle_id, const char *title,
    const char *description, int64_t *id)
{
	struct cycle_lock lock;
	struct buf detail;
	int st;

	if ((st = lock_open_cycle(db, cycle_id, &lock)) != DB_OK)
		return st;
	st = db_exec(db, &q_org_insert, DB_ARGS(DB_INT(cycle_id), DB_STR(title),
	    opt_str(description)), NULL, id);
	if (st != DB_OK)
		return st;
	buf_init(&detail);
	buf_printf(&detail, "cycle: %s; title: %s; description: %s", lock.name, title,
	    description ? description : "");
	st = detail.failed ? DB_ERROR : audit_add(db, actor, "org_goal", *id, "create",
	    detail.data);
	buf_free(&detail);
	return st;
}

static int department_name(struct db *db, int64_t id, char *out, size_t size);

struct org_args {
	int64_t actor, cycle_id, id, version, department_id;
	const char *title, *description;
	int64_t *new_id;
	bool found;
	struct buf detail;
};

static int
org_create(struct db *db, void *ud)
{
	struct org_args *a = ud;
	char dep[NAME_MAX_LEN * 4 + 1];
	int st;

	if ((st = department_name(db, a->department_id, dep, sizeof(dep))) != DB_OK)
		return st;
	st = org_goal_create_tx(db, a->actor, a->cycle_id, a->title, a->description, a->new_id);
	if (st != DB_OK || a->department_id == 0)
		return st;
	return db_exec(db, &q_org_department, DB_ARGS(DB_INT(a->department_id),
	    DB_INT(*a->new_id)), NULL, NULL);
}

int
org_goal_create(struct db *db, int64_t actor, int64_t cycle_id, const char *title,
    const char *description, int64_t department_id, int64_t *id)
{
	struct org_args a = { .actor = actor, .cycle_id = cycle_id, .title = title,
		.description = description, .department_id = department_id, .new_id = id };

	return db_tx(db, org_create, &a);
}

/* The row before the update: its cycle, version and the diff. */
static int
org_before(void *ud, const struct org_goal_row *g)
{
	struct org_args *a = ud;

	a->found = true;
	a->cycle_id = g->cycle_id;
	if (g->version != a->version)
		return DB_CONFLICT;
	audit_diff(&a->detail, "title", g->title, a->title);
	audit_diff(&a->detail, "description", g->description, a->description);
	if (g->department_id != a->department_id) {
		char from[32], to[32];

		snprintf(from, sizeof(from), "%lld", (long long)g->department_id);
		snprintf(to, sizeof(to), "%lld", (long long)a->department_id);
		audit_diff(&a->detail, "department", from, to);
	}
	return DB_OK;
}

static int
org_update(struct db *db, void *ud)
{
	struct org_args *a = ud;
	struct org_cb cb = { org_before, a };
	struct cycle_lock lock;
	uint64_t affected = 0;
	int st;

	char dep[NAME_MAX_LEN * 4 + 1];

	a->found = false;
	buf_reset(&a->detail);
	if ((st = department_name(db, a->department_id, dep, sizeof(dep))) != DB_OK)
		return st;
	if ((st = org_goal_cycle(db, a->id, &a->cycle_id)) != DB_OK)
		return st;
	if ((st = lock_open_cycle(db, a->cycle_id, &lock)) != DB_OK)
		return st;
	if ((st = db_query(db, &q_org_one, DB_ARGS(DB_INT(a->id)), org_row, &cb)) != DB_OK)
		return st;
	if (!a->found)
		return DB_NOTFOUND;
	if (a->detail.len == 0)
		return DB_OK;
	st = db_exec(db, &q_org_update, DB_ARGS(DB_STR(a->title), opt_str(a->description),
	    DB_REF(a->department_id), DB_INT(a->id), DB_INT(a->version)), &affected, NULL);
	if (st == DB_OK && affected == 0)
		return DB_CONFLICT;
	if (st != DB_OK || a->detail.failed)
		return st != DB_OK ? st : DB_ERROR;
	return audit_add(db, a->actor, "org_goal", a->id, "update", a->detail.data);
}

int
org_goal_update(struct db *db, int64_t actor, int64_t id, int64_t version,
    const char *title, const char *description, int64_t department_id)
{
	struct org_args a = { .actor = actor, .id = id, .version = version, .title = title,
		.description = description, .department_id = department_id };
	int st;

	buf_init(&a.detail);
	st = db_tx(db, org_update, &a);
	buf_free(&a.detail);
	return st;
}

/* ---- collective goals ---- */

struct coll_cb {
	collective_fn fn;
	void *ud;
};

struct collective_row
collective_from_row(const struct db_row *r)
{
	struct collective_row g = {
		.id = db_int(r, 0), .cycle_id = db_int(r, 1), .title = db_str(r, 2),
		.measure = db_str(r, 3), .deadline = db_str(r, 4), .department_id = db_int(r, 5),
		.department = db_str(r, 6), .bonus = db_int(r, 7) != 0, .status = db_str(r, 8),
		.status_note = db_str(r, 9), .version = db_int(r, 10),
	};

	return g;
}

static int
coll_row(void *ud, const struct db_row *r)
{
	struct coll_cb *cb = ud;
	struct collective_row g = collective_from_row(r);

	return cb->fn(cb->ud, &g);
}

int
collective_goals_of_cycle(struct db *db, int64_t cycle_id, collective_fn fn, void *ud)
{
	struct coll_cb cb = { fn, ud };

	return db_query(db, &q_coll_list, DB_ARGS(DB_INT(cycle_id)), coll_row, &cb);
}

int
collective_goals_for_dossier(struct db *db, int64_t dossier_id, collective_fn fn, void *ud)
{
	struct coll_cb cb = { fn, ud };

	return db_query(db, &q_coll_dossier, DB_ARGS(DB_INT(dossier_id), DB_INT(dossier_id)),
	    coll_row, &cb);
}

struct person_cb {
	member_fn fn;
	void *ud;
};

static int
person_row(void *ud, const struct db_row *r)
{
	struct person_cb *cb = ud;
	struct member_row m = { .id = db_int(r, 0), .login = db_str(r, 1), .name = db_str(r, 2) };

	return cb->fn(cb->ud, &m);
}

int
form_lists(struct db *db, const struct dossier *d, const struct form_list_fns *f)
{
	struct coll_cb c = { f->collective, f->collective_ud };
	struct org_cb g = { f->org_goal, f->org_goal_ud };
	struct person_cb p = { f->person, f->person_ud };
	struct link_cb a = { f->area, f->area_ud }, k = { f->competence, f->competence_ud };
	const struct db_tag tags[] = {
		{ 'c', coll_row, &c }, { 'g', org_row, &g }, { 'p', person_row, &p },
		{ 'a', link_row, &a }, { 'k', link_row, &k },
	};
	struct member_row m = { .id = d->employee_id, .login = "", .name = d->employee_name };
	int st;

	/* The employee and the manager come with the dossier, first. */
	if ((st = f->person(f->person_ud, &m)) != DB_OK)
		return st;
	if (d->manager_id) {
		m.id = d->manager_id;
		m.name = d->manager_name;
		if ((st = f->person(f->person_ud, &m)) != DB_OK)
			return st;
	}
	return db_query_tagged(db, &q_form_lists, DB_ARGS(DB_INT(d->id), DB_INT(d->id),
	    DB_INT(d->id), DB_INT(d->cycle_id), DB_INT(d->manager_id), DB_INT(d->employee_id),
	    DB_INT(d->employee_id), DB_INT(d->employee_id)), tags, ARRAY_LEN(tags));
}

int
collective_goal_cycle(struct db *db, int64_t id, int64_t *cycle_id)
{
	return cycle_of(db, &q_coll_cycle, id, cycle_id);
}

struct name_out {
	char *s;
	size_t size;
};

static int
name_row(void *ud, const struct db_row *r)
{
	struct name_out *o = ud;

	strlcopy(o->s, db_str(r, 0), o->size);
	return DB_OK;
}

/* The name of a department for the audit row ("everyone" for 0);
 * DB_NOTFOUND when there is no such department. */
static int
department_name(struct db *db, int64_t id, char *out, size_t size)
{
	struct name_out o = { out, size };
	int st;

	if (id == 0) {
		strlcopy(out, "everyone", size);
		return DB_OK;
	}
	out[0] = '\0';
	if ((st = db_query(db, &q_department, DB_ARGS(DB_INT(id)), name_row, &o)) != DB_OK)
		return st;
	return out[0] ? DB_OK : DB_NOTFOUND;
}

static const char *
yes_no(bool b)
{
	return b ? "yes" : "no";
}

int
collective_create_tx(struct db *db, int64_t actor, int64_t cycle_id,
    const struct collective_input *in, int64_t *id)
{
	char department[NAME_MAX_LEN * 4 + 1];
	struct cycle_lock lock;
	struct buf detail;
	int st;

	if ((st = lock_open_cycle(db, cycle_id, &lock)) != DB_OK)
		return st;
	if ((st = department_name(db, in->department_id, department, sizeof(department))) != DB_OK)
		return st;
	st = db_exec(db, &q_coll_insert, DB_ARGS(DB_INT(cycle_id), DB_STR(in->title),
	    opt_str(in->measure), opt_str(in->deadline), DB_REF(in->department_id),
	    DB_INT(in->bonus)), NULL, id);
	if (st != DB_OK)
		return st;
	buf_init(&detail);
	buf_printf(&detail, "cycle: %s; title: %s; measure: %s; deadline: %s; department: %s;"
	    " bonus: %s", lock.name, in->title, in->measure ? in->measure : "",
	    in->deadline ? in->deadline : "", department, yes_no(in->bonus));
	st = detail.failed ? DB_ERROR : audit_add(db, actor, "collective_goal", *id, "create",
	    detail.data);
	buf_free(&detail);
	return st;
}

struct coll_args {
	int64_t actor, cycle_id, id, version;
	const struct collective_input *in;
	const char *department;		/* the new department's name (update) */
	const char *status, *note;	/* collective_set_status */
	int64_t *new_id;
	bool found;
	struct buf detail;
};

static int
coll_create(struct db *db, void *ud)
{
	struct coll_args *a = ud;

	return collective_create_tx(db, a->actor, a->cycle_id, a->in, a->new_id);
}

int
collective_create(struct db *db, int64_t actor, int64_t cycle_id,
    const struct collective_input *in, int64_t *id)
{
	struct coll_args a = { .actor = actor, .cycle_id = cycle_id, .in = in, .new_id = id };

	return db_tx(db, coll_create, &a);
}

/* Reads the row to change (locked), checks its version and lets `diff`
 * write the detail of the change. */
static int
coll_read(struct db *db, struct coll_args *a, collective_fn diff)
{
	struct coll_cb cb = { diff, a };
	int st;

	a->found = false;
	buf_reset(&a->detail);
	if ((st = db_query(db, &q_coll_one, DB_ARGS(DB_INT(a->id)), coll_row, &cb)) != DB_OK)
		return st;
	return a->found ? DB_OK : DB_NOTFOUND;
}

static int
coll_before(void *ud, const struct collective_row *g)
{
	struct coll_args *a = ud;

	a->found = true;
	if (g->version != a->version)
		return DB_CONFLICT;
	audit_diff(&a->detail, "title", g->title, a->in->title);
	audit_diff(&a->detail, "measure", g->measure, a->in->measure);
	audit_diff(&a->detail, "deadline", g->deadline, a->in->deadline);
	if (g->department_id != a->in->department_id)
		audit_diff(&a->detail, "department", g->department_id ? g->department : "everyone",
		    a->department);
	audit_diff(&a->detail, "bonus", yes_no(g->bonus), yes_no(a->in->bonus));
	return DB_OK;
}

static int
coll_update(struct db *db, void *ud)
{
	struct coll_args *a = ud;
	char department[NAME_MAX_LEN * 4 + 1];
	struct cycle_lock lock;
	uint64_t affected = 0;
	int st;

	if ((st = collective_goal_cycle(db, a->id, &a->cycle_id)) != DB_OK)
		return st;
	if ((st = lock_open_cycle(db, a->cycle_id, &lock)) != DB_OK)
		return st;
	if ((st = department_name(db, a->in->department_id, department, sizeof(department))) != DB_OK)
		return st;
	a->department = department;
	if ((st = coll_read(db, a, coll_before)) != DB_OK)
		return st;
	if (a->detail.len == 0)
		return DB_OK;
	st = db_exec(db, &q_coll_update, DB_ARGS(DB_STR(a->in->title), opt_str(a->in->measure),
	    opt_str(a->in->deadline), DB_REF(a->in->department_id), DB_INT(a->in->bonus),
	    DB_INT(a->id), DB_INT(a->version)), &affected, NULL);
	if (st == DB_OK && affected == 0)
		return DB_CONFLICT;
	if (st != DB_OK || a->detail.failed)
		return st != DB_OK ? st : DB_ERROR;
	return audit_add(db, a->actor, "collective_goal", a->id, "update", a->detail.data);
}

static int
tx_with_detail(struct db *db, db_tx_fn fn, struct coll_args *a)
{
	int st;

	buf_init(&a->detail);
	st = db_tx(db, fn, a);
	buf_free(&a->detail);
	return st;
}

int
collective_update(struct db *db, int64_t actor, int64_t id, int64_t version,
    const struct collective_input *in)
{
	struct coll_args a = { .actor = actor, .id = id, .version = version, .in = in };

	return tx_with_detail(db, coll_update, &a);
}

static int
status_before(void *ud, const struct collective_row *g)
{
	struct coll_args *a = ud;

	a->found = true;
	a->cycle_id = g->cycle_id;
	if (g->version != a->version)
		return DB_CONFLICT;
	audit_diff(&a->detail, "status", g->status, a->status);
	audit_diff(&a->detail, "status_note", g->status_note, a->note);
	return DB_OK;
}

static int
coll_status(struct db *db, void *ud)
{
	struct coll_args *a = ud;
	struct cycle_lock lock;
	uint64_t affected = 0;
	int st;

	/* Locks the cycle too (also when closed): writes to a cycle and its
	 * goals take their locks in one order. */
	if ((st = collective_goal_cycle(db, a->id, &a->cycle_id)) != DB_OK)
		return st;
	if ((st = cycle_lock(db, a->cycle_id, &lock)) != DB_OK)
		return st;
	if ((st = coll_read(db, a, status_before)) != DB_OK)
		return st;
	if (a->detail.len == 0)
		return DB_OK;
	st = db_exec(db, &q_coll_status, DB_ARGS(DB_STR(a->status), opt_str(a->note),
	    DB_INT(a->id), DB_INT(a->version)), &affected, NULL);
	if (st == DB_OK && affected == 0)
		return DB_CONFLICT;
	if (st != DB_OK || a->detail.failed)
		return st != DB_OK ? st : DB_ERROR;
	return audit_add(db, a->actor, "collective_goal", a->id, "status", a->detail.data);
}

int
collective_set_status(struct db *db, int64_t actor, int64_t id, int64_t version,
    const char *status, const char *note)
{
	struct coll_args a = { .actor = actor, .id = id, .version = version, .status = status,
		.note = note };

	return tx_with_detail(db, coll_status, &a);
}
