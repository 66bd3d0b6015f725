/* import.c -- the SQL of an organisation import: read the employees and
 * the departments the file names, let rules/plan.c decide, and write the
 * plan in one transaction with an audit row per employee and one for the
 * import.  Either every row is applied or none. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "rules/plan.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/organisation.h"
#include "base/util.h"

static struct db_stmt_def q_employees = DB_STMT(
	"SELECT e.id, e.login, e.name, COALESCE(e.email, ''), COALESCE(d.name, ''),"
	" COALESCE(m.login, ''), COALESCE(e.department_id, 0), COALESCE(e.manager_id, 0),"
	" e.version, e.active, COALESCE(e.employee_number, ''),"
	" COALESCE(DATE_FORMAT(e.left_on, '%Y-%m-%d'), '')"
	" FROM employee e LEFT JOIN department d ON d.id = e.department_id"
	" LEFT JOIN employee m ON m.id = e.manager_id ORDER BY e.id");
static struct db_stmt_def q_department = DB_STMT(
	"SELECT id FROM department WHERE name = ? ORDER BY id LIMIT 1");
static struct db_stmt_def q_department_add = DB_STMT(
	"INSERT INTO department (name) VALUES (?)");
static struct db_stmt_def q_tree = DB_STMT(
	"SELECT id, COALESCE(parent_id, 0) FROM department ORDER BY id");
static struct db_stmt_def q_department_parent = DB_STMT(
	"UPDATE department SET parent_id = ?, version = version + 1, updated_at = UTC_TIMESTAMP()"
	" WHERE id = ?");
static struct db_stmt_def q_insert = DB_STMT(
	"INSERT INTO employee (login, name, email, department_id, manager_id, employee_number,"
	" left_on, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
static struct db_stmt_def q_update = DB_STMT(
	"UPDATE employee SET name = ?, email = ?, department_id = ?, manager_id = ?, active = 1,"
	" employee_number = ?, left_on = ?,"
	" version = version + 1, updated_at = UTC_TIMESTAMP() WHERE id = ? AND version = ?");
/* A leaver in the file also gets the leaving date; one absent keeps hers. */
static struct db_stmt_def q_deactivate = DB_STMT(
	"UPDATE employee SET active = 0, left_on = COALESCE(?, left_on), version = version + 1,"
	" updated_at = UTC_TIMESTAMP() WHERE id = ? AND version = ? AND active = 1");
/* The day a leaving date counts from: UTC, as `gesprekctl purge` uses. */
static struct db_stmt_def q_today = DB_STMT(
	"SELECT DATE_FORMAT(UTC_DATE(), '%Y-%m-%d')");
static struct db_stmt_def q_sessions = DB_STMT(
	"DELETE FROM session WHERE employee_id = ?");
static struct db_stmt_def q_history = DB_STMT(
	"SELECT a.id, DATE_FORMAT(a.at, '%Y-%m-%dT%H:%i:%sZ'), COALESCE(e.name, ''),"
	" a.entity, COALESCE(a.entity_id, 0), a.action, COALESCE(a.detail, '')"
	" FROM audit a LEFT JOIN employee e ON e.id = a.actor_id"
	" WHERE a.entity = 'organisation' AND a.action = 'import'"
	" ORDER BY a.at DESC, a.id DESC LIMIT ?");

/* The summary row of an import, written by write_plan and read back by
 * import_history: one format for both. */
#define SUMMARY_FORMAT "import (%s): %zu new, %zu changed, %zu deactivated, %zu new departments"
#define SUMMARY_SCAN "import (%7[a-z]): %zu new, %zu changed, %zu deactivated, %zu new departments"

static int
employee_row(void *ud, const struct db_row *r)
{
	struct org_db *d = ud;
	struct org_current c = {
		.id = db_int(r, 0), .login = db_str(r, 1), .name = db_str(r, 2),
		.email = db_str(r, 3), .department = db_str(r, 4), .manager = db_str(r, 5),
		.department_id = db_int(r, 6), .manager_id = db_int(r, 7),
		.version = db_int(r, 8), .active = db_int(r, 9) != 0,
		.employee_number = db_str(r, 10), .left_on = db_str(r, 11),
	};

	org_db_add_employee(d, &c);
	return d->oom ? DB_ERROR : DB_OK;
}

static int
today_row(void *ud, const struct db_row *r)
{
	strlcopy(ud, db_str(r, 0), ORG_DATE_LEN + 1);
	return DB_OK;
}

/* A column's value as stored: NULL for "". */
static struct db_arg
str_or_null(const char *s)
{
	return s[0] ? DB_STR(s) : DB_NULL;
}

/* The employee number and leaving date an update writes: the file's when
 * it has the column, else what is stored. */
static const char *
hr_value(const struct org_file *f, const struct org_row *r, const struct org_current *c,
    enum org_column col)
{
	if (f->present[col])
		return r->f[col];
	return col == ORG_NUMBER ? c->employee_number : c->left_on;
}

static int
id_row(void *ud, const struct db_row *r)
{
	*(int64_t *)ud = db_int(r, 0);
	return DB_OK;
}

/* Looks up each department the good rows name, by the database's own
 * collation (so "ict" finds "ICT"); 0 for the ones to create. */
static int
load_department(struct db *db, struct org_db *d, const char *name)
{
	int64_t id = 0;
	int st;

	if (name[0] == '\0' || org_map_get(&d->dept_by_name, name, NULL))
		return DB_OK;
	if ((st = db_query(db, &q_department, DB_ARGS(DB_STR(name)), id_row, &id)) != DB_OK)
		return st;
	org_db_add_department(d, name, id);
	return DB_OK;
}

static int
tree_row(void *ud, const struct db_row *r)
{
	struct org_db *d = ud;

	org_db_add_tree(d, db_int(r, 0), db_int(r, 1));
	return d->oom ? DB_ERROR : DB_OK;
}

/* The departments and parent departments the good rows name; with a
 * parent column also the whole tree, to keep it free of loops. */
static int
load_departments(struct db *db, const struct org_file *f, struct org_db *d)
{
	size_t i;
	int st;

	for (i = 0; i < f->n; i++) {
		if (f->rows[i].bad)
			continue;
		if ((st = load_department(db, d, f->rows[i].f[ORG_DEPARTMENT])) != DB_OK ||
		    (st = load_department(db, d, f->rows[i].f[ORG_PARENT])) != DB_OK)
			return st;
	}
	if (f->present[ORG_PARENT] &&
	    (st = db_query(db, &q_tree, DB_NOARGS, tree_row, d)) != DB_OK)
		return st;
	return d->oom ? DB_ERROR : DB_OK;
}

/* Puts each department under the parent the file gives it. */
static int
link_departments(struct db *db, struct org_db *d, int64_t actor)
{
	char detail[NAME_MAX_LEN * 4 + 32];
	size_t i;
	int st;

	for (i = 0; i < d->ndept; i++) {
		const struct org_dept *x = &d->dept[i];
		int64_t parent;

		if (x->parent == PLAN_NONE)
			continue;
		parent = d->dept[x->parent].id;
		if (x->id == 0 || parent == 0 || plan_tree_parent(d, x->id) == parent)
			continue;
		st = db_exec(db, &q_department_parent, DB_ARGS(DB_INT(parent), DB_INT(x->id)), NULL, NULL);
		if (st != DB_OK)
			return st;
		snprintf(detail, sizeof(detail), "import: parent: %s; ", d->dept[x->parent].name);
		if ((st = audit_add(db, actor, "department", x->id, "update", detail)) != DB_OK)
			return st;
	}
	return DB_OK;
}

static int
create_departments(struct db *db, struct org_db *d, int64_t actor)
{
	char detail[NAME_MAX_LEN * 4 + 32];
	size_t i;
	int st;

	for (i = 0; i < d->ndept; i++) {
		struct org_dept *x = &d->dept[i];

		if (!x->used || x->id != 0)
			continue;
		st = db_exec(db, &q_department_add, DB_ARGS(DB_STR(x->name)), NULL, &x->id);
		if (st == DB_DUPLICATE)	/* another spelling of one made just now */
			st = db_query(db, &q_department, DB_ARGS(DB_STR(x->name)), id_row, &x->id);
		if (st != DB_OK)
			return st;
		snprintf(detail, sizeof(detail), "import: created: name: %s; ", x->name);
		if ((st = audit_add(db, actor, "department", x->id, "create", detail)) != DB_OK)
			return st;
	}
	return DB_OK;
}

static int64_t
manager_of(const struct import_plan *p, const struct plan_item *it)
{
	return it->manager != PLAN_NONE ? p->items[it->manager].id : it->manager_id;
}

static int64_t
department_of(const struct org_db *d, const struct plan_item *it)
{
	return it->dept != PLAN_NONE ? d->dept[it->dept].id : 0;
}

/* The audit row of an imported employee, its detail written into b; an
 * allocation that failed while writing it fails the import. */
static int
audit_import(struct db *db, int64_t actor, int64_t employee_id, const struct buf *b)
{
	if (b->failed)
		return DB_ERROR;
	return audit_add(db, actor, "employee", employee_id, "import", b->data);
}

static int
insert_new(struct db *db, const struct org_file *f, const struct org_db *d,
    struct import_plan *p, int64_t actor, struct buf *b)
{
	size_t i;
	int st;

	for (i = 0; i < p->norder; i++) {
		struct plan_item *it = &p->items[p->order[i]];
		const char *const *v = f->rows[it->row].f;

		st = db_exec(db, &q_insert, DB_ARGS(DB_STR(v[ORG_LOGIN]), DB_STR(v[ORG_NAME]),
		    v[ORG_EMAIL][0] ? DB_STR(v[ORG_EMAIL]) : DB_NULL,
		    DB_REF(department_of(d, it)), DB_REF(manager_of(p, it)),
		    str_or_null(v[ORG_NUMBER]), str_or_null(v[ORG_LEFT_ON]),
		    DB_INT(it->left ? 0 : 1)), NULL, &it->id);
		if (st != DB_OK)
			return st;
		buf_reset(b);
		buf_puts(b, "import: created: ");
		audit_value(b, "login", v[ORG_LOGIN]);
		audit_value(b, "name", v[ORG_NAME]);
		audit_value(b, "email", v[ORG_EMAIL]);
		audit_value(b, "department", v[ORG_DEPARTMENT]);
		audit_value(b, "manager", v[ORG_MANAGER]);
		audit_value(b, "employee_number", v[ORG_NUMBER]);
		audit_value(b, "left_on", v[ORG_LEFT_ON]);
		if ((st = audit_import(db, actor, it->id, b)) != DB_OK)
			return st;
	}
	return DB_OK;
}

static int
update_changed(struct db *db, const struct org_file *f, const struct org_db *d,
    struct import_plan *p, int64_t actor, struct buf *b)
{
	static const unsigned fields[] = PLAN_FIELDS;
	const char *before, *after;
	uint64_t n = 0;
	size_t i, k;
	int st;

	for (i = 0; i < p->n; i++) {
		struct plan_item *it = &p->items[i];
		const struct org_current *c;
		const char *const *v;

		if (it->kind != PLAN_CHANGED)
			continue;
		v = f->rows[it->row].f;
		c = &d->emp[it->cur];
		st = db_exec(db, &q_update, DB_ARGS(DB_STR(v[ORG_NAME]),
		    v[ORG_EMAIL][0] ? DB_STR(v[ORG_EMAIL]) : DB_NULL,
		    DB_REF(department_of(d, it)), DB_REF(manager_of(p, it)),
		    str_or_null(hr_value(f, &f->rows[it->row], c, ORG_NUMBER)),
		    str_or_null(hr_value(f, &f->rows[it->row], c, ORG_LEFT_ON)), DB_INT(it->id),
		    DB_INT(c->version)), &n, NULL);
		if (st != DB_OK)
			return st;
		if (n == 0)
			return DB_CONFLICT;	/* changed since it was read */
		buf_reset(b);
		buf_puts(b, "import: ");
		for (k = 0; k < ARRAY_LEN(fields); k++) {
			if (!(it->changes & fields[k]))
				continue;
			plan_values(f, d, it, fields[k], &before, &after);
			audit_diff(b, plan_field_name(fields[k]), before, after);
		}
		if ((st = audit_import(db, actor, it->id, b)) != DB_OK)
			return st;
	}
	return DB_OK;
}

static int
deactivate_absent(struct db *db, const struct org_file *f, const struct org_db *d,
    const struct import_plan *p, int64_t actor)
{
	uint64_t n = 0;
	size_t i;
	int st;

	for (i = 0; i < p->n; i++) {
		const struct plan_item *it = &p->items[i];
		const char *left_on;

		if (it->kind != PLAN_DEACTIVATE)
			continue;
		left_on = it->row != PLAN_NONE ? f->rows[it->row].f[ORG_LEFT_ON] : "";
		st = db_exec(db, &q_deactivate, DB_ARGS(str_or_null(left_on), DB_INT(it->id),
		    DB_INT(d->emp[it->cur].version)), &n, NULL);
		if (st != DB_OK)
			return st;
		if (n == 0)
			return DB_CONFLICT;
		/* They cannot log in any more; whoever is logged in is out now. */
		if ((st = db_exec(db, &q_sessions, DB_ARGS(DB_INT(it->id)), NULL, NULL)) != DB_OK)
			return st;
		st = audit_add(db, actor, "employee", it->id, "import", left_on[0] ?
		    "import: deactivated: left" : "import: deactivated");
		if (st != DB_OK)
			return st;
	}
	return DB_OK;
}

struct import_tx {
	struct org_file *f;
	struct org_db *d;
	struct import_plan *p;
	int64_t actor;
	bool apply;
};

static int
write_plan(struct db *db, struct import_tx *t)
{
	char summary[160];
	struct buf b;
	int st;

	buf_init(&b);
	if ((st = create_departments(db, t->d, t->actor)) == DB_OK &&
	    (st = link_departments(db, t->d, t->actor)) == DB_OK &&
	    (st = insert_new(db, t->f, t->d, t->p, t->actor, &b)) == DB_OK &&
	    (st = update_changed(db, t->f, t->d, t->p, t->actor, &b)) == DB_OK)
		st = deactivate_absent(db, t->f, t->d, t->p, t->actor);
	buf_free(&b);
	if (st != DB_OK)
		return st;
	snprintf(summary, sizeof(summary), SUMMARY_FORMAT, t->f->format, t->p->nnew, t->p->nchanged, t->p->ndeactivated, t->p->nnewdepts);
	return audit_add(db, t->actor, "organisation", 0, "import", summary);
}

static int
import_tx(struct db *db, void *ud)
{
	struct import_tx *t = ud;
	int64_t importer = t->d->importer_id;
	int st;

	/* A rerun after a deadlock starts from scratch. */
	org_db_free(t->d);
	org_db_init(t->d, importer);
	plan_free(t->p);
	if ((st = db_query(db, &q_employees, DB_NOARGS, employee_row, t->d)) != DB_OK)
		return st;
	if ((st = db_query(db, &q_today, DB_NOARGS, today_row, t->d->today)) != DB_OK)
		return st;
	plan_resolve_numbers(t->f, t->d);
	if (t->f->oom)
		return DB_ERROR;
	if ((st = load_departments(db, t->f, t->d)) != DB_OK)
		return st;
	plan_link_parents(t->f, t->d);
	if (!plan_build(t->f, t->d, t->p))
		return DB_ERROR;
	if (org_failed(t->f) || !t->apply)
		return DB_OK;	/* nothing was written */
	return write_plan(db, t);
}

int
import_run(struct db *db, struct org_file *f, int64_t actor_id, bool apply,
    struct org_db *d, struct import_plan *p)
{
	struct import_tx t = { f, d, p, actor_id, apply };

	org_db_init(d, actor_id);
	memset(p, 0, sizeof(*p));
	return db_tx(db, import_tx, &t);
}

struct history_cb {
	import_history_fn fn;
	void *ud;
};

static int
history_row(void *ud, const struct db_row *r)
{
	struct history_cb *cb = ud;
	struct audit_row a = {
		.id = db_int(r, 0), .at = db_str(r, 1), .actor = db_str(r, 2),
		.entity = db_str(r, 3), .entity_id = db_int(r, 4), .action = db_str(r, 5),
		.detail = db_str(r, 6),
	};
	struct import_counts n;

	memset(&n, 0, sizeof(n));
	if (sscanf(a.detail, SUMMARY_SCAN, n.format, &n.added, &n.changed, &n.deactivated,
	    &n.departments) != 5)
		return DB_OK;	/* not written by write_plan: not an import summary */
	return cb->fn(cb->ud, &a, &n);
}

int
import_history(struct db *db, int64_t limit, import_history_fn fn, void *ud)
{
	struct history_cb cb = { fn, ud };

	return db_query(db, &q_history, DB_ARGS(DB_INT(limit)), history_row, &cb);
}
