/* employee_admin.c -- HR's side of the employees: the searchable list, the
 * edit view, create, edit, (de)activate, an employee's dossiers, and moving
 * one dossier to the employee's current manager.  Each
 * write is one transaction that also writes its audit row.
 *
 * A change of manager moves the employee's open dossiers to the new one
 * in the same transaction, with their history (issue 17,
 * store/deputy.h dossiers_follow_manager); closed ones keep the manager
 * who held them.  The one-by-one move below stays for a dossier left with
 * another manager before that (or by hand). */
#include "config.h"

#include <string.h>

#include "store/audit.h"
#include "store/db.h"
#include "store/headcount.h"
#include "store/deputy.h"
#include "store/summary.h"
#include "store/organisation.h"
#include "base/util.h"

/* A manager chain longer than this is itself a sign of a loop. */
#define MANAGER_CHAIN_MAX 10000
/* Room for an escaped search text: each character may double. */
#define SEARCH_PATTERN_MAX (2 * 4 * SEARCH_MAX_CHARS + 3)

/* A pseudonymised stub (retention, sql/092) is nobody to HR: no name, no
 * login; only the kept records that name it point to it. */
#define LIST_WHERE \
	" WHERE e.removed_at IS NULL" \
	" AND (? = '' OR e.name LIKE ? OR CONVERT(e.login USING utf8mb4) LIKE ?" \
	"   OR e.email LIKE ?)" \
	" AND (? = 0 OR e.department_id = ?) AND (? < 0 OR e.active = ?)"

static struct db_stmt_def q_list = DB_STMT(
	"SELECT e.id, e.login, e.name, COALESCE(e.email, ''), COALESCE(d.name, ''),"
	" COALESCE(m.name, ''), e.is_hr, e.active"
	" FROM employee e LEFT JOIN department d ON d.id = e.department_id"
	" LEFT JOIN employee m ON m.id = e.manager_id" LIST_WHERE
	" ORDER BY e.name, e.id LIMIT ? OFFSET ?");
static struct db_stmt_def q_count = DB_STMT(
	"SELECT COUNT(*) FROM employee e" LIST_WHERE);
static struct db_stmt_def q_get = DB_STMT(
	"SELECT e.id, e.login, e.name, COALESCE(e.email, ''), COALESCE(e.department_id, 0),"
	" COALESCE(d.name, ''), COALESCE(e.manager_id, 0), COALESCE(m.login, ''),"
	" COALESCE(m.name, ''), e.is_hr, e.active, e.version"
	" FROM employee e LEFT JOIN department d ON d.id = e.department_id"
	" LEFT JOIN employee m ON m.id = e.manager_id WHERE e.id = ?");
static struct db_stmt_def q_manager = DB_STMT(
	"SELECT id FROM employee WHERE login = ? AND active = 1");
static struct db_stmt_def q_up = DB_STMT(
	"SELECT COALESCE(manager_id, 0) FROM employee WHERE id = ?");
static struct db_stmt_def q_department = DB_STMT(
	"SELECT id FROM department WHERE id = ?");
static struct db_stmt_def q_create = DB_STMT(
	"INSERT INTO employee (login, name, email, department_id, manager_id, is_hr)"
	" VALUES (?, ?, ?, ?, ?, ?)");
static struct db_stmt_def q_update = DB_STMT(
	"UPDATE employee SET login = ?, name = ?, email = ?, department_id = ?, manager_id = ?,"
	" is_hr = ?, version = version + 1, updated_at = UTC_TIMESTAMP()"
	" WHERE id = ? AND version = ?");
/* inactive_since: when the employment ended, for retention (sql/092). */
static struct db_stmt_def q_active = DB_STMT(
	"UPDATE employee SET active = ?, inactive_since = IF(? = 1, NULL, UTC_DATE()),"
	" version = version + 1, updated_at = UTC_TIMESTAMP()"
	" WHERE id = ? AND version = ?");
static struct db_stmt_def q_sessions = DB_STMT(
	"DELETE FROM session WHERE employee_id = ?");
static struct db_stmt_def q_dossiers = DB_STMT(
	"SELECT d.id, c.name, d.status, COALESCE(d.manager_id, 0), COALESCE(m.name, '')"
	" FROM dossier d JOIN cycle c ON c.id = d.cycle_id"
	" LEFT JOIN employee m ON m.id = d.manager_id"
	" WHERE d.employee_id = ? ORDER BY c.starts_on DESC, d.id DESC");
static struct db_stmt_def q_dossier = DB_STMT(
	"SELECT d.employee_id, COALESCE(d.manager_id, 0), COALESCE(e.manager_id, 0),"
	" d.status, d.version, COALESCE(dm.login, ''), COALESCE(em.login, '')"
	" FROM dossier d JOIN employee e ON e.id = d.employee_id"
	" LEFT JOIN employee dm ON dm.id = d.manager_id"
	" LEFT JOIN employee em ON em.id = e.manager_id WHERE d.id = ?");
static struct db_stmt_def q_move = DB_STMT(
	"UPDATE dossier SET manager_id = ?, version = version + 1, updated_at = UTC_TIMESTAMP()"
	" WHERE id = ? AND version = ?");

/* ---- list ---- */

struct list_cb {
	employee_item_fn fn;
	void *ud;
};

static int
list_row(void *ud, const struct db_row *r)
{
	struct list_cb *cb = ud;
	struct employee_item e = {
		.id = db_int(r, 0), .login = db_str(r, 1), .name = db_str(r, 2),
		.email = db_str(r, 3), .department = db_str(r, 4), .manager = db_str(r, 5),
		.is_hr = db_int(r, 6) != 0, .active = db_int(r, 7) != 0,
	};

	return cb->fn(cb->ud, &e);
}

static int
int_row(void *ud, const struct db_row *r)
{
	*(int64_t *)ud = db_int(r, 0);
	return DB_OK;
}

int
employees_find(struct db *db, const struct employee_filter *f, int64_t *total,
    employee_item_fn fn, void *ud)
{
	char pat[SEARCH_PATTERN_MAX];
	struct list_cb cb = { fn, ud };
	const char *q = f->q ? f->q : "";
	int st;

	db_like_pattern(q, pat, sizeof(pat));
#define FILTER_ARGS DB_STR(q), DB_STR(pat), DB_STR(pat), DB_STR(pat), \
	DB_INT(f->department_id), DB_INT(f->department_id), DB_INT(f->active), DB_INT(f->active)
	*total = 0;
	if ((st = db_query(db, &q_count, DB_ARGS(FILTER_ARGS), int_row, total)) != DB_OK)
		return st;
	return db_query(db, &q_list, DB_ARGS(FILTER_ARGS, DB_INT(f->limit), DB_INT(f->offset)),
	    list_row, &cb);
#undef FILTER_ARGS
}

/* ---- one employee ---- */

static int
edit_row(void *ud, const struct db_row *r)
{
	struct employee_edit *e = ud;

	e->id = db_int(r, 0);
	strlcopy(e->login, db_str(r, 1), sizeof(e->login));
	strlcopy(e->name, db_str(r, 2), sizeof(e->name));
	strlcopy(e->email, db_str(r, 3), sizeof(e->email));
	e->department_id = db_int(r, 4);
	strlcopy(e->department, db_str(r, 5), sizeof(e->department));
	e->manager_id = db_int(r, 6);
	strlcopy(e->manager_login, db_str(r, 7), sizeof(e->manager_login));
	strlcopy(e->manager_name, db_str(r, 8), sizeof(e->manager_name));
	e->is_hr = db_int(r, 9) != 0;
	e->active = db_int(r, 10) != 0;
	e->version = db_int(r, 11);
	return DB_OK;
}

int
employee_edit_get(struct db *db, int64_t id, struct employee_edit *out)
{
	int st;

	memset(out, 0, sizeof(*out));
	if ((st = db_query(db, &q_get, DB_ARGS(DB_INT(id)), edit_row, out)) != DB_OK)
		return st;
	return out->id ? DB_OK : DB_NOTFOUND;
}

/* Resolves the manager login and department of in; *problem tells a
 * caller which field is wrong (nothing is written then). */
static int
check_input(struct db *db, int64_t self, const struct employee_input *in,
    int64_t *manager_id, enum employee_problem *problem)
{
	int64_t id = 0, up;
	int st, steps;

	*manager_id = 0;
	if (in->department_id) {
		if ((st = db_query(db, &q_department, DB_ARGS(DB_INT(in->department_id)),
		    int_row, &id)) != DB_OK)
			return st;
		if (id == 0) {
			*problem = EMP_DEPARTMENT_UNKNOWN;
			return DB_OK;
		}
	}
	if (in->manager_login == NULL || in->manager_login[0] == '\0')
		return DB_OK;
	if ((st = db_query(db, &q_manager, DB_ARGS(DB_STR(in->manager_login)), int_row,
	    manager_id)) != DB_OK)
		return st;
	if (*manager_id == 0) {
		*problem = EMP_MANAGER_UNKNOWN;
		return DB_OK;
	}
	/* Walk up from the new manager: meeting self means a loop. */
	for (up = *manager_id, steps = 0; up && steps < MANAGER_CHAIN_MAX; steps++) {
		if (up == self) {
			*problem = EMP_MANAGER_LOOP;
			return DB_OK;
		}
		id = up;
		up = 0;
		if ((st = db_query(db, &q_up, DB_ARGS(DB_INT(id)), int_row, &up)) != DB_OK)
			return st;
	}
	if (up)
		*problem = EMP_MANAGER_LOOP;
	return DB_OK;
}

struct write_tx {
	int64_t actor, id, version;
	const struct employee_input *in;
	enum employee_problem *problem;
	bool active;
};

static int
create_tx(struct db *db, void *ud)
{
	struct write_tx *t = ud;
	const struct employee_input *in = t->in;
	int64_t manager_id;
	struct buf b;
	int st;

	*t->problem = EMP_OK;
	if ((st = check_input(db, 0, in, &manager_id, t->problem)) != DB_OK || *t->problem)
		return st;
	st = db_exec(db, &q_create, DB_ARGS(DB_STR(in->login), DB_STR(in->name),
	    in->email && in->email[0] ? DB_STR(in->email) : DB_NULL, DB_REF(in->department_id),
	    DB_REF(manager_id), DB_INT(in->is_hr)), NULL, &t->id);
	if (st != DB_OK || (st = headcount_employee(db, t->id)) != DB_OK)
		return st;
	buf_init(&b);
	buf_puts(&b, "created: ");
	audit_value(&b, "login", in->login);
	audit_value(&b, "name", in->name);
	audit_value(&b, "email", in->email);
	audit_value(&b, "department", in->department_name);
	audit_value(&b, "manager", in->manager_login);
	audit_value(&b, "hr", in->is_hr ? "1" : "0");
	st = b.failed ? DB_ERROR : audit_add(db, t->actor, "employee", t->id, "create", b.data);
	buf_free(&b);
	return st;
}

int
employee_admin_create(struct db *db, int64_t actor, const struct employee_input *in,
    int64_t *id, enum employee_problem *problem)
{
	struct write_tx t = { .actor = actor, .in = in, .problem = problem };
	int st = db_tx(db, create_tx, &t);

	*id = t.id;
	return st;
}

/* "field: before -> after; " for each field that differs. */
static void
describe_edit(struct buf *b, const struct employee_edit *old, const struct employee_input *in)
{
	audit_diff(b, "login", old->login, in->login);
	audit_diff(b, "name", old->name, in->name);
	audit_diff(b, "email", old->email, in->email);
	if (old->department_id != in->department_id)
		audit_diff(b, "department", old->department_id ? old->department : "-",
		    in->department_id ? in->department_name : "-");
	audit_diff(b, "manager", old->manager_login, in->manager_login);
	audit_diff(b, "hr", old->is_hr ? "1" : "0", in->is_hr ? "1" : "0");
}

/* A new department moves the employee's dossiers to its counts, and the
 * employee from one department's headcount to the other's. */
static int
move_counts(struct db *db, int64_t employee_id, int64_t old_department_id)
{
	int st;

	if ((st = headcount_department(db, old_department_id)) != DB_OK ||
	    (st = headcount_employee(db, employee_id)) != DB_OK)
		return st;
	return summary_employee(db, employee_id);
}

static int
update_tx(struct db *db, void *ud)
{
	struct write_tx *t = ud;
	const struct employee_input *in = t->in;
	struct employee_edit old;
	int64_t manager_id;
	uint64_t n = 0;
	struct buf b;
	int st;

	*t->problem = EMP_OK;
	if ((st = employee_edit_get(db, t->id, &old)) != DB_OK)
		return st;
	if (old.version != t->version)
		return DB_CONFLICT;
	if ((st = check_input(db, t->id, in, &manager_id, t->problem)) != DB_OK || *t->problem)
		return st;
	buf_init(&b);
	describe_edit(&b, &old, in);
	if (b.len == 0 || b.failed) {
		st = b.failed ? DB_ERROR : DB_OK;	/* nothing changed: nothing to write */
		goto out;
	}
	st = db_exec(db, &q_update, DB_ARGS(DB_STR(in->login), DB_STR(in->name),
	    in->email && in->email[0] ? DB_STR(in->email) : DB_NULL, DB_REF(in->department_id),
	    DB_REF(manager_id), DB_INT(in->is_hr), DB_INT(t->id), DB_INT(t->version)), &n, NULL);
	if (st == DB_OK && n == 0)
		st = DB_CONFLICT;
	if (st == DB_OK && in->department_id != old.department_id)
		st = move_counts(db, t->id, old.department_id);
	/* A new name re-sorts them in the people lists (a move above
	 * rewrote it already). */
	else if (st == DB_OK && strcmp(in->name, old.name) != 0)
		st = summary_employee_name(db, t->id);
	if (st == DB_OK)
		st = audit_add(db, t->actor, "employee", t->id, "update", b.data);
	/* The open dossiers follow the employee to the new manager. */
	if (st == DB_OK && manager_id != old.manager_id)
		st = dossiers_follow_manager(db, t->actor, t->id);
out:
	buf_free(&b);
	return st;
}

int
employee_admin_update(struct db *db, int64_t actor, int64_t id, int64_t version,
    const struct employee_input *in, enum employee_problem *problem)
{
	struct write_tx t = { .actor = actor, .id = id, .version = version, .in = in,
		.problem = problem };

	return db_tx(db, update_tx, &t);
}

static int
active_tx(struct db *db, void *ud)
{
	struct write_tx *t = ud;
	uint64_t n = 0;
	int st;

	st = db_exec(db, &q_active, DB_ARGS(DB_INT(t->active), DB_INT(t->active), DB_INT(t->id),
	    DB_INT(t->version)), &n, NULL);
	if (st != DB_OK)
		return st;
	if (n == 0)
		return DB_CONFLICT;
	if ((st = headcount_employee(db, t->id)) != DB_OK)
		return st;
	/* A deactivated employee is logged out everywhere at once. */
	if (!t->active && (st = db_exec(db, &q_sessions, DB_ARGS(DB_INT(t->id)), NULL, NULL)) != DB_OK)
		return st;
	return audit_add(db, t->actor, "employee", t->id, t->active ? "activate" : "deactivate",
	    t->active ? "activated" : "deactivated");
}

int
employee_set_active(struct db *db, int64_t actor, int64_t id, int64_t version, bool active)
{
	struct write_tx t = { .actor = actor, .id = id, .version = version, .active = active };

	return db_tx(db, active_tx, &t);
}

/* ---- dossiers and audit trail of one employee ---- */

struct dossier_cb {
	employee_dossier_fn fn;
	void *ud;
};

static int
dossier_row(void *ud, const struct db_row *r)
{
	struct dossier_cb *cb = ud;
	struct employee_dossier d = {
		.id = db_int(r, 0), .cycle = db_str(r, 1), .status = db_str(r, 2),
		.manager_id = db_int(r, 3), .manager_name = db_str(r, 4),
	};

	return cb->fn(cb->ud, &d);
}

int
employee_dossiers(struct db *db, int64_t employee_id, employee_dossier_fn fn, void *ud)
{
	struct dossier_cb cb = { fn, ud };

	return db_query(db, &q_dossiers, DB_ARGS(DB_INT(employee_id)), dossier_row, &cb);
}

/* ---- moving a dossier to the current manager ---- */

struct move_state {
	int64_t employee_id, dossier_manager, current_manager, version;
	char status[16];
	char from[LOGIN_MAX + 1], to[LOGIN_MAX + 1];
};

static int
move_row(void *ud, const struct db_row *r)
{
	struct move_state *m = ud;

	m->employee_id = db_int(r, 0);
	m->dossier_manager = db_int(r, 1);
	m->current_manager = db_int(r, 2);
	strlcopy(m->status, db_str(r, 3), sizeof(m->status));
	m->version = db_int(r, 4);
	strlcopy(m->from, db_str(r, 5), sizeof(m->from));
	strlcopy(m->to, db_str(r, 6), sizeof(m->to));
	return DB_OK;
}

struct move_tx {
	int64_t actor, dossier_id, manager_id, employee_id;
};

static int
move_tx(struct db *db, void *ud)
{
	struct move_tx *t = ud;
	struct move_state m = { 0 };
	uint64_t n = 0;
	struct buf b;
	int st;

	if ((st = db_query(db, &q_dossier, DB_ARGS(DB_INT(t->dossier_id)), move_row, &m)) != DB_OK)
		return st;
	if (m.employee_id == 0)
		return DB_NOTFOUND;
	t->employee_id = m.employee_id;
	/* The form names the manager HR saw; another one by now is a conflict,
	 * and so is a closed dossier (its history stays as it was). */
	if (m.current_manager != t->manager_id || strcmp(m.status, "open") != 0)
		return DB_CONFLICT;
	if (m.dossier_manager == m.current_manager)
		return DB_OK;
	st = db_exec(db, &q_move, DB_ARGS(DB_REF(m.current_manager), DB_INT(t->dossier_id),
	    DB_INT(m.version)), &n, NULL);
	if (st != DB_OK)
		return st;
	if (n == 0)
		return DB_CONFLICT;
	if ((st = summary_dossier(db, t->dossier_id)) != DB_OK)
		return st;
	buf_init(&b);
	audit_diff(&b, "manager", m.from, m.to);
	st = b.failed ? DB_ERROR : audit_add(db, t->actor, "dossier", t->dossier_id, "manager",
	    b.data);
	buf_free(&b);
	return st;
}

int
dossier_move_manager(struct db *db, int64_t actor, int64_t dossier_id, int64_t manager_id,
    int64_t *employee_id)
{
	struct move_tx t = { actor, dossier_id, manager_id, 0 };
	int st = db_tx(db, move_tx, &t);

	*employee_id = t.employee_id;
	return st;
}

/* ---- leavers ---- */

static struct db_stmt_def q_leavers = DB_STMT(
	"SELECT id FROM employee WHERE active = 1 AND left_on <= UTC_DATE()"
	" ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED");
static struct db_stmt_def q_leave = DB_STMT(
	"UPDATE employee SET active = 0, inactive_since = UTC_DATE(), version = version + 1,"
	" updated_at = UTC_TIMESTAMP() WHERE id = ? AND active = 1");

struct leavers {
	int64_t id[LEAVERS_BATCH_MAX];
	size_t n;
};

static int
leaver_row(void *ud, const struct db_row *r)
{
	struct leavers *l = ud;

	if (l->n < LEAVERS_BATCH_MAX)
		l->id[l->n++] = db_int(r, 0);
	return DB_OK;
}

static int
leavers_tx(struct db *db, void *ud)
{
	struct leavers *l = ud;
	uint64_t n = 0;
	size_t i;
	int st;

	l->n = 0;
	st = db_query(db, &q_leavers, DB_ARGS(DB_INT(LEAVERS_BATCH_MAX)), leaver_row, l);
	for (i = 0; st == DB_OK && i < l->n; i++) {
		if ((st = db_exec(db, &q_leave, DB_ARGS(DB_INT(l->id[i])), &n, NULL)) != DB_OK ||
		    (st = headcount_employee(db, l->id[i])) != DB_OK)
			break;
		/* Logged in until now: out from today, as after a deactivation. */
		if ((st = db_exec(db, &q_sessions, DB_ARGS(DB_INT(l->id[i])), NULL, NULL)) != DB_OK)
			break;
		st = audit_add(db, 0, "employee", l->id[i], "leave", "left_on: deactivated");
	}
	return st;
}

int
employees_retire_leavers(struct db *db, uint64_t *retired)
{
	struct leavers l;
	int st;

	*retired = 0;
	do {
		if ((st = db_tx(db, leavers_tx, &l)) != DB_OK)
			return st;
		*retired += l.n;
	} while (l.n == LEAVERS_BATCH_MAX);
	return DB_OK;
}
