/* import.c -- the SQL of an organisation import: read the employees and
 * the departments the file names, let rules/plan.c decide, and write the
 * plan in one transaction with an audit row per employee and one for the
 * import.  Either every row is applied or none. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/plan.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/headcount.h"
#include "store/deputy.h"
#include "store/summary.h"
#include "store/organisation.h"
#include "base/sha256.h"
#include "base/util.h"

static struct db_stmt_def q_employees = DB_STMT(
	"SELECT e.id, e.login, e.name, COALESCE(e.email, ''), COALESCE(d.name, ''),"
	" COALESCE(m.login, ''), COALESCE(e.department_id, 0), COALESCE(e.manager_id, 0),"
	" e.version, e.active, COALESCE(e.employee_number, ''),"
	" COALESCE(DATE_FORMAT(e.left_on, '%Y-%m-%d'), ''), e.is_hr,"
	" COALESCE(p.pkey, ''), COALESCE(e.job_profile_id, 0)"
	" FROM employee e LEFT JOIN department d ON d.id = e.department_id"
	" LEFT JOIN employee m ON m.id = e.manager_id"
	" LEFT JOIN job_profile p ON p.id = e.job_profile_id ORDER BY e.id");
/* Every job profile, for a file with the job-profile column (issue 16): a
 * dictionary of a few hundred at most.  Shared locks: a profile the
 * import names stays until it commits. */
static struct db_stmt_def q_profiles = DB_STMT(
	"SELECT pkey, id FROM job_profile ORDER BY id LOCK IN SHARE MODE");
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
	" left_on, active, job_profile_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
static struct db_stmt_def q_update = DB_STMT(
	"UPDATE employee SET name = ?, email = ?, department_id = ?, manager_id = ?, active = 1,"
	" inactive_since = NULL, employee_number = ?, left_on = ?, job_profile_id = ?,"
	" version = version + 1, updated_at = UTC_TIMESTAMP() WHERE id = ? AND version = ?");
/* A leaver in the file also gets the leaving date; one absent keeps hers. */
static struct db_stmt_def q_deactivate = DB_STMT(
	"UPDATE employee SET active = 0, left_on = COALESCE(?, left_on),"
	" inactive_since = UTC_DATE(), version = version + 1,"
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

/* The kept preview being applied: locked, so that two applies of one
 * token cannot both write; only its owner's and only while it lasts. */
static struct db_stmt_def q_preview_lock = DB_STMT(
	"SELECT file_sha256, deactivate_sha256 FROM import_preview"
	" WHERE token_sha256 = ? AND employee_id = ? AND expires_at > UTC_TIMESTAMP() FOR UPDATE");
static struct db_stmt_def q_preview_digest = DB_STMT(
	"UPDATE import_preview SET deactivate_sha256 = ? WHERE token_sha256 = ?");
static struct db_stmt_def q_preview_delete = DB_STMT(
	"DELETE FROM import_preview WHERE token_sha256 = ?");

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
		.is_hr = db_int(r, 12) != 0, .job_profile = db_str(r, 13),
		.job_profile_id = db_int(r, 14),
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
profile_row(void *ud, const struct db_row *r)
{
	struct org_db *d = ud;

	org_db_add_profile(d, db_str(r, 0), db_int(r, 1));
	return d->oom ? DB_ERROR : DB_OK;
}

/* With a job-profile column: every profile, and each unknown key a
 * problem of its row. */
static int
load_profiles(struct db *db, struct org_file *f, struct org_db *d)
{
	int st;

	if (!f->present[ORG_JOB_PROFILE])
		return DB_OK;
	if ((st = db_query(db, &q_profiles, DB_NOARGS, profile_row, d)) != DB_OK)
		return st;
	plan_check_profiles(f, d);
	return f->oom ? DB_ERROR : DB_OK;
}

/* The job profile an update writes: the file's when it has the column,
 * else what is stored. */
static int64_t
profile_value(const struct org_file *f, const struct org_db *d, const struct org_row *r,
    const struct org_current *c)
{
	return f->present[ORG_JOB_PROFILE] ? org_db_profile(d, r->f[ORG_JOB_PROFILE]) :
	    c->job_profile_id;
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
		if (st == DB_OK)	/* its subtree's stored ancestors move with it */
			st = department_paths_move(db, x->id, parent);
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
	/* Each new one at the top for now: link_departments moves it under
	 * its parent. */
	return department_paths_fill(db);
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
		    DB_INT(it->left ? 0 : 1), DB_REF(org_db_profile(d, v[ORG_JOB_PROFILE]))),
		    NULL, &it->id);
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
		audit_value(b, "job_profile", v[ORG_JOB_PROFILE]);
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
		    str_or_null(hr_value(f, &f->rows[it->row], c, ORG_LEFT_ON)),
		    DB_REF(profile_value(f, d, &f->rows[it->row], c)), DB_INT(it->id),
		    DB_INT(c->version)), &n, NULL);
		if (st != DB_OK)
			return st;
		if (n == 0)
			return DB_CONFLICT;	/* changed since it was read */
		/* A new department moves the employee's dossiers to its counts. */
		if ((it->changes & PLAN_DEPARTMENT) && (st = summary_employee(db, it->id)) != DB_OK)
			return st;
		/* A new name re-sorts them in the people lists (a move above
		 * rewrote it already). */
		if ((it->changes & (PLAN_NAME | PLAN_DEPARTMENT)) == PLAN_NAME &&
		    (st = summary_employee_name(db, it->id)) != DB_OK)
			return st;
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
		/* A new manager takes over the open dossiers (issue 17). */
		if ((it->changes & PLAN_MANAGER) &&
		    (st = dossiers_follow_manager(db, actor, it->id)) != DB_OK)
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
	const struct import_request *rq;
	struct import_outcome *o;
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
	/* The headcounts (store/headcount.h) after every employee added,
	 * moved or deactivated: one recount of them all, as an import may
	 * touch every department. */
	if (st != DB_OK || (st = headcount_rebuild_tx(db)) != DB_OK)
		return st;
	snprintf(summary, sizeof(summary), SUMMARY_FORMAT, t->f->format, t->p->nnew, t->p->nchanged, t->p->ndeactivated, t->p->nnewdepts);
	return audit_add(db, t->actor, "organisation", 0, "import", summary);
}

struct preview_row {
	unsigned char file[SHA256_LEN], deactivate[SHA256_LEN];
	bool found;
};

static int
preview_row(void *ud, const struct db_row *r)
{
	struct preview_row *pr = ud;

	if (r->len[0] != SHA256_LEN || r->len[1] != SHA256_LEN)
		return DB_ERROR;
	memcpy(pr->file, r->val[0], SHA256_LEN);
	memcpy(pr->deactivate, r->val[1], SHA256_LEN);
	pr->found = true;
	return DB_OK;
}

/* Applying a kept preview: the row must still be this actor's, unexpired,
 * for the same file (locked until the transaction ends); a plan whose
 * deactivations are not the previewed ones is shown again instead (the
 * row then holds the new digest, so that this preview can be applied). */
static int
check_preview(struct db *db, struct import_tx *t, const unsigned char *digest, bool *go)
{
	const struct import_request *rq = t->rq;
	struct preview_row pr = { .found = false };
	int st;

	*go = false;
	st = db_query(db, &q_preview_lock, DB_ARGS(DB_BIN(rq->preview, SHA256_LEN),
	    DB_INT(t->actor)), preview_row, &pr);
	if (st != DB_OK)
		return st;
	if (!pr.found || memcmp(pr.file, rq->file_sha256, SHA256_LEN) != 0) {
		t->o->preview_gone = true;
		return DB_OK;
	}
	if (memcmp(pr.deactivate, digest, SHA256_LEN) != 0) {
		t->o->differs = true;
		return db_exec(db, &q_preview_digest, DB_ARGS(DB_BIN(digest, SHA256_LEN),
		    DB_BIN(rq->preview, SHA256_LEN)), NULL, NULL);
	}
	*go = true;
	return DB_OK;
}

/* After the plan is built: whether to write it (guard, preview), writing it
 * if so. */
static int
decide_and_write(struct db *db, struct import_tx *t)
{
	const struct import_request *rq = t->rq;
	bool go = true;
	int st;

	plan_guard(t->d, t->p, rq->max_deactivate_percent, &t->o->guard);
	if (!plan_deactivation_digest(t->p, t->o->digest))
		return DB_ERROR;
	if (org_failed(t->f) || !rq->apply)
		return DB_OK;	/* nothing was written */
	if (rq->preview && (st = check_preview(db, t, t->o->digest, &go)) != DB_OK)
		return st;
	if (!go)
		return DB_OK;
	if (plan_guard_trips(&t->o->guard) && !rq->confirmed) {
		t->o->refused = true;
		return DB_OK;
	}
	if ((st = write_plan(db, t)) != DB_OK)
		return st;
	if (rq->preview)
		st = db_exec(db, &q_preview_delete, DB_ARGS(DB_BIN(rq->preview, SHA256_LEN)),
		    NULL, NULL);
	if (st == DB_OK)
		t->o->written = true;
	return st;
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
	memset(t->o, 0, sizeof(*t->o));
	if ((st = db_query(db, &q_employees, DB_NOARGS, employee_row, t->d)) != DB_OK)
		return st;
	if ((st = db_query(db, &q_today, DB_NOARGS, today_row, t->d->today)) != DB_OK)
		return st;
	plan_resolve_numbers(t->f, t->d);
	if (t->f->oom)
		return DB_ERROR;
	if ((st = load_departments(db, t->f, t->d)) != DB_OK)
		return st;
	if ((st = load_profiles(db, t->f, t->d)) != DB_OK)
		return st;
	plan_link_parents(t->f, t->d);
	if (!plan_build(t->f, t->d, t->p))
		return DB_ERROR;
	return decide_and_write(db, t);
}

int
import_run(struct db *db, struct org_file *f, int64_t actor_id, const struct import_request *rq,
    struct org_db *d, struct import_plan *p, struct import_outcome *o)
{
	struct import_tx t = { f, d, p, actor_id, rq, o };

	org_db_init(d, actor_id);
	memset(p, 0, sizeof(*p));
	memset(o, 0, sizeof(*o));
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

/* ---- previews kept between a dry run and its apply (sql/057) ---- */

/* Each importer keeps one preview: a new dry run replaces the last, and
 * expired ones go whenever anyone saves one, so the table holds at most one
 * row per HR member, each at most [limits] upload bytes. */
static struct db_stmt_def q_preview_purge = DB_STMT(
	"DELETE FROM import_preview WHERE employee_id = ? OR expires_at <= UTC_TIMESTAMP()");
static struct db_stmt_def q_preview_add = DB_STMT(
	"INSERT INTO import_preview (token_sha256, employee_id, file_sha256, deactivate_sha256,"
	" data, expires_at) VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP() + INTERVAL ? SECOND)");
static struct db_stmt_def q_preview_get = DB_STMT(
	"SELECT data, file_sha256 FROM import_preview"
	" WHERE token_sha256 = ? AND employee_id = ? AND expires_at > UTC_TIMESTAMP()");

struct preview_save {
	int64_t employee_id;
	const char *data;
	size_t len;
	unsigned char token[SHA256_LEN], file[SHA256_LEN];
	const unsigned char *digest;
};

static int
preview_save_tx(struct db *db, void *ud)
{
	const struct preview_save *s = ud;
	int st;

	st = db_exec(db, &q_preview_purge, DB_ARGS(DB_INT(s->employee_id)), NULL, NULL);
	if (st != DB_OK)
		return st;
	return db_exec(db, &q_preview_add, DB_ARGS(DB_BIN(s->token, SHA256_LEN),
	    DB_INT(s->employee_id), DB_BIN(s->file, SHA256_LEN), DB_BIN(s->digest, SHA256_LEN),
	    DB_BIN(s->data, s->len), DB_INT(IMPORT_PREVIEW_SECONDS)), NULL, NULL);
}

int
import_preview_save(struct db *db, int64_t employee_id, const char *data, size_t len,
    const unsigned char *digest, char token_hex[IMPORT_TOKEN_HEX + 1])
{
	unsigned char token[IMPORT_TOKEN_BYTES];
	struct preview_save s = { .employee_id = employee_id, .data = data, .len = len,
		.digest = digest };

	if (!random_bytes(token, sizeof(token)))
		return DB_ERROR;
	hex_encode(token, sizeof(token), token_hex);
	sha256(token, sizeof(token), s.token);
	sha256(data, len, s.file);
	return db_tx(db, preview_save_tx, &s);
}

struct preview_get {
	char *data;
	size_t len;
	bool oom;
};

static int
preview_get_row(void *ud, const struct db_row *r)
{
	struct preview_get *g = ud;
	unsigned char file[SHA256_LEN];

	/* The file as previewed, or nothing: a row whose data no longer has
	 * the SHA-256 it was stored with is not applied. */
	sha256(db_str(r, 0), r->len[0], file);
	if (r->len[1] != SHA256_LEN || memcmp(file, r->val[1], SHA256_LEN) != 0)
		return DB_OK;
	free(g->data);
	if ((g->data = malloc(r->len[0] + 1)) == NULL) {
		g->oom = true;
		return DB_ERROR;
	}
	memcpy(g->data, db_str(r, 0), r->len[0]);
	g->data[r->len[0]] = '\0';
	g->len = r->len[0];
	return DB_OK;
}

int
import_preview_load(struct db *db, int64_t employee_id, const char *token_hex,
    unsigned char token_sha256[SHA256_LEN], char **data, size_t *len)
{
	unsigned char token[IMPORT_TOKEN_BYTES];
	struct preview_get g = { NULL, 0, false };
	int st;

	*data = NULL;
	*len = 0;
	if (!hex_decode(token_hex, strlen(token_hex), token, sizeof(token)))
		return DB_NOTFOUND;
	sha256(token, sizeof(token), token_sha256);
	st = db_query(db, &q_preview_get, DB_ARGS(DB_BIN(token_sha256, SHA256_LEN),
	    DB_INT(employee_id)), preview_get_row, &g);
	if (st != DB_OK) {
		free(g.data);
		return st;
	}
	if (g.data == NULL)
		return DB_NOTFOUND;
	*data = g.data;
	*len = g.len;
	return DB_OK;
}
