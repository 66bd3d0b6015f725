/* department.c -- the departments: a tree by parent_id, names unique in the
 * whole organisation (imports name a department by its name alone).  Each
 * write is one transaction with its audit row, and keeps the stored
 * ancestors (department_ancestor, sql/064) in step in that transaction:
 * the reports read "with sub-departments" from them by index. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store/audit.h"
#include "store/db.h"
#include "store/department_sql.h"
#include "store/headcount.h"
#include "store/organisation.h"
#include "store/summary.h"
#include "base/tree.h"
#include "base/util.h"

/* A parent chain longer than this is itself a sign of a loop. */
#define DEPARTMENT_DEPTH_MAX 1000

static struct db_stmt_def q_all = DB_STMT(
	"SELECT d.id, d.name, COALESCE(d.parent_id, 0), d.version,"
	" (SELECT COUNT(*) FROM employee e WHERE e.department_id = d.id AND e.active = 1)"
	" FROM department d ORDER BY d.name, d.id");
static struct db_stmt_def q_get = DB_STMT(
	"SELECT d.id, d.name, COALESCE(d.parent_id, 0), d.version,"
	" (SELECT COUNT(*) FROM employee e WHERE e.department_id = d.id AND e.active = 1),"
	" COALESCE(p.name, '')"
	" FROM department d LEFT JOIN department p ON p.id = d.parent_id WHERE d.id = ?");
static struct db_stmt_def q_create = DB_STMT(
	"INSERT INTO department (name, parent_id) VALUES (?, ?)");
static struct db_stmt_def q_update = DB_STMT(
	"UPDATE department SET name = ?, parent_id = ?, version = version + 1,"
	" updated_at = UTC_TIMESTAMP() WHERE id = ? AND version = ?");

/* ---- the stored ancestors (sql/064: department_ancestor) ----
 * Row (up, dep, depth): up is dep itself (depth 0) or one of its
 * ancestors, depth steps above it. */

/* Every department without its own row, with its whole chain upwards:
 * what a bulk writer (generate, demo, import) added.  The walk stops at
 * DEPARTMENT_DEPTH_MAX like every other walk of the tree. */
static struct db_stmt_def q_paths_fill = DB_STMT(
	"INSERT IGNORE INTO department_ancestor (up, dep, depth)"
	" WITH RECURSIVE walk (up, dep, depth) AS ("
	" SELECT d.id, d.id, 0 FROM department d WHERE NOT EXISTS"
	" (SELECT 1 FROM department_ancestor a WHERE a.up = d.id AND a.dep = d.id)"
	" UNION ALL SELECT p.parent_id, w.dep, w.depth + 1 FROM walk w"
	" JOIN department p ON p.id = w.up WHERE p.parent_id IS NOT NULL AND w.depth < ?)"
	" SELECT up, dep, depth FROM walk");
/* The new parent's ancestors, locked: a concurrent move of any of them
 * rewrites these rows and so waits for this one (and the loop check below
 * reads what is committed, not a snapshot). */
static struct db_stmt_def q_paths_lock = DB_STMT(
	"SELECT up FROM department_ancestor WHERE dep = ? FOR UPDATE");
/* Moving department X: the subtree keeps its rows inside it (depth up to
 * X), loses those above X, and gains the new parent's chain. */
static struct db_stmt_def q_paths_cut = DB_STMT(
	"DELETE a FROM department_ancestor a JOIN department_ancestor s ON s.dep = a.dep"
	" WHERE s.up = ? AND a.depth > s.depth");
static struct db_stmt_def q_paths_self = DB_STMT(
	"INSERT INTO department_ancestor (up, dep, depth) VALUES (?, ?, 0)");
static struct db_stmt_def q_paths_graft = DB_STMT(
	"INSERT INTO department_ancestor (up, dep, depth)"
	" SELECT p.up, s.dep, p.depth + s.depth + 1 FROM department_ancestor s"
	" JOIN department_ancestor p ON p.dep = ? WHERE s.up = ?");

/* The department filter of the reports (pages/reports.c): one level, one
 * chain, one search, each a bounded read by index (the key
 * department_name is (parent_id, name); the chain is the stored
 * ancestors).  DEPT_PICK_COLUMNS and the top level's statement are in
 * department_sql.h.  Two statements, not one "parent_id <=> NULLIF(?, 0)",
 * and by name alone (names are unique, sql/020): the key's own order, no
 * sort. */
static struct db_stmt_def q_children = DB_STMT(
	DEPT_PICK_COLUMNS " FROM department d WHERE d.parent_id = ?"
	" ORDER BY d.name LIMIT ?");
static struct db_stmt_def q_top = DB_STMT(SQL_DEPARTMENT_TOP);
static struct db_stmt_def q_chain = DB_STMT(
	DEPT_PICK_COLUMNS " FROM department_ancestor a JOIN department d ON d.id = a.up"
	" WHERE a.dep = ? ORDER BY a.depth DESC");
/* INSTR, not LIKE: % and _ are plain letters in a name searched for. */
static struct db_stmt_def q_search = DB_STMT(
	DEPT_PICK_COLUMNS " FROM department d WHERE INSTR(d.name, ?) > 0"
	" ORDER BY d.name, d.id LIMIT ?");

struct list_cb {
	department_fn fn;
	void *ud;
};

static int
list_row(void *ud, const struct db_row *r)
{
	struct list_cb *cb = ud;
	struct department_row d = {
		.id = db_int(r, 0), .name = db_str(r, 1), .parent_id = db_int(r, 2),
		.version = db_int(r, 3), .employees = db_int(r, 4),
	};

	return cb->fn(cb->ud, &d);
}

int
departments_all(struct db *db, department_fn fn, void *ud)
{
	struct list_cb cb = { fn, ud };

	return db_query(db, &q_all, DB_NOARGS, list_row, &cb);
}

int
department_children(struct db *db, int64_t parent_id, int64_t limit, department_fn fn, void *ud)
{
	struct list_cb cb = { fn, ud };

	if (parent_id == 0)
		return db_query(db, &q_top, DB_ARGS(DB_INT(limit)), list_row, &cb);
	return db_query(db, &q_children, DB_ARGS(DB_INT(parent_id), DB_INT(limit)), list_row, &cb);
}

int
department_chain(struct db *db, int64_t id, department_fn fn, void *ud)
{
	struct list_cb cb = { fn, ud };

	return db_query(db, &q_chain, DB_ARGS(DB_INT(id)), list_row, &cb);
}

int
department_search(struct db *db, const char *text, int64_t limit, department_fn fn, void *ud)
{
	struct list_cb cb = { fn, ud };

	return db_query(db, &q_search, DB_ARGS(DB_STR(text), DB_INT(limit)), list_row, &cb);
}

/* ---- the tree order ---- */

struct tree_list {
	struct department_row *v;
	size_t n, cap;
	bool full;
};

static int
collect_row(void *ud, const struct department_row *d)
{
	struct tree_list *l = ud;
	struct department_row *r;

	if (l->n == DEPARTMENT_TREE_MAX) {
		l->full = true;
		return DB_OK;
	}
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;

		if ((r = realloc(l->v, cap * sizeof(*r))) == NULL)
			return DB_ERROR;
		l->v = r;
		l->cap = cap;
	}
	r = &l->v[l->n];
	*r = *d;
	if ((r->name = strdup(d->name)) == NULL)
		return DB_ERROR;
	l->n++;
	return DB_OK;
}

/* Hands the collected rows to fn in tree order. */
static int
emit_tree(const struct tree_list *l, department_fn fn, void *ud)
{
	struct tree_node *nodes = calloc(l->n, sizeof(*nodes));
	size_t *order = calloc(l->n, sizeof(*order));
	int *depth = calloc(l->n, sizeof(*depth));
	long placed, k;
	int st = DB_ERROR;

	/* calloc(0) may answer NULL: no departments is no failure */
	if (l->n == 0) {
		st = DB_OK;
		goto out;
	}
	if (nodes == NULL || order == NULL || depth == NULL)
		goto out;
	for (size_t i = 0; i < l->n; i++)
		nodes[i] = (struct tree_node){ l->v[i].id, l->v[i].parent_id, l->v[i].name };
	if ((placed = tree_order(nodes, l->n, DEPARTMENT_DEPTH_MAX, order, depth)) < 0)
		goto out;
	st = DB_OK;
	for (k = 0; k < placed && st == DB_OK; k++) {
		struct department_row d = l->v[order[k]];

		d.depth = depth[k];
		st = fn(ud, &d);
	}
out:
	free(nodes);
	free(order);
	free(depth);
	return st;
}

int
departments_tree(struct db *db, department_fn fn, void *ud, bool *truncated)
{
	struct tree_list l = { 0 };
	int st = departments_all(db, collect_row, &l);

	if (st == DB_OK)
		st = emit_tree(&l, fn, ud);
	if (truncated)
		*truncated = l.full;
	for (size_t i = 0; i < l.n; i++)
		free((char *)l.v[i].name);
	free(l.v);
	return st;
}

static int
get_row(void *ud, const struct db_row *r)
{
	struct department *d = ud;

	d->id = db_int(r, 0);
	strlcopy(d->name, db_str(r, 1), sizeof(d->name));
	d->parent_id = db_int(r, 2);
	d->version = db_int(r, 3);
	d->employees = db_int(r, 4);
	strlcopy(d->parent, db_str(r, 5), sizeof(d->parent));
	return DB_OK;
}

int
department_get(struct db *db, int64_t id, struct department *out)
{
	int st;

	memset(out, 0, sizeof(*out));
	if ((st = db_query(db, &q_get, DB_ARGS(DB_INT(id)), get_row, out)) != DB_OK)
		return st;
	return out->id ? DB_OK : DB_NOTFOUND;
}

struct chain_scan {
	int64_t self;
	bool found, loop;
};

static int
chain_row(void *ud, const struct db_row *r)
{
	struct chain_scan *c = ud;

	c->found = true;
	if (db_int(r, 0) == c->self)
		c->loop = true;
	return DB_OK;
}

/* Locks the chain of parent (itself and its ancestors) and checks it:
 * DEPT_PARENT_UNKNOWN when there is none, DEPT_LOOP when self is on it
 * (the parent is self or one of its descendants).  Inside the write's
 * transaction, so two moves at once cannot make a loop together. */
static int
lock_parent_chain(struct db *db, int64_t self, int64_t parent, enum department_problem *problem)
{
	struct chain_scan c = { self, false, false };
	int st;

	if (parent == 0)
		return DB_OK;
	if ((st = db_query(db, &q_paths_lock, DB_ARGS(DB_INT(parent)), chain_row, &c)) != DB_OK)
		return st;
	if (!c.found)
		*problem = DEPT_PARENT_UNKNOWN;
	else if (c.loop && self != 0)
		*problem = DEPT_LOOP;
	return DB_OK;
}

/* Hangs the subtree of id (its rows below id already stored) under
 * parent (0: the top). */
static int
graft(struct db *db, int64_t id, int64_t parent)
{
	if (parent == 0)
		return DB_OK;
	return db_exec(db, &q_paths_graft, DB_ARGS(DB_INT(parent), DB_INT(id)), NULL, NULL);
}

/* The subtree's report sums (department_tree_summary, store/summary.h)
 * move with it: out of the old ancestors' before the cut, into the new
 * ones' after the graft, in this transaction. */
int
department_paths_move(struct db *db, int64_t id, int64_t parent_id)
{
	int st = summary_tree_move_out(db, id);

	if (st == DB_OK)
		st = headcount_tree_move_out(db, id);
	if (st == DB_OK)
		st = db_exec(db, &q_paths_cut, DB_ARGS(DB_INT(id)), NULL, NULL);
	if (st == DB_OK)
		st = graft(db, id, parent_id);
	if (st == DB_OK)
		st = summary_tree_move_in(db, id);
	return st == DB_OK ? headcount_tree_move_in(db, id) : st;
}

int
department_paths_fill(struct db *db)
{
	return db_exec(db, &q_paths_fill, DB_ARGS(DB_INT(DEPARTMENT_DEPTH_MAX)), NULL, NULL);
}

struct write_tx {
	int64_t actor, id, version, parent_id;
	const char *name;
	enum department_problem *problem;
};

static int
create_tx(struct db *db, void *ud)
{
	struct write_tx *t = ud;
	struct department parent = { 0 };
	struct buf b;
	int st;

	*t->problem = DEPT_OK;
	if ((st = lock_parent_chain(db, 0, t->parent_id, t->problem)) != DB_OK || *t->problem)
		return st;
	if (t->parent_id && (st = department_get(db, t->parent_id, &parent)) != DB_OK)
		return st;
	st = db_exec(db, &q_create, DB_ARGS(DB_STR(t->name), DB_REF(t->parent_id)), NULL, &t->id);
	if (st == DB_OK)
		st = db_exec(db, &q_paths_self, DB_ARGS(DB_INT(t->id), DB_INT(t->id)), NULL, NULL);
	if (st == DB_OK)
		st = graft(db, t->id, t->parent_id);
	if (st != DB_OK)
		return st;
	buf_init(&b);
	buf_puts(&b, "created: ");
	audit_value(&b, "name", t->name);
	audit_value(&b, "parent", parent.name);
	st = b.failed ? DB_ERROR : audit_add(db, t->actor, "department", t->id, "create", b.data);
	buf_free(&b);
	return st;
}

int
department_create(struct db *db, int64_t actor, const char *name, int64_t parent_id,
    int64_t *id, enum department_problem *problem)
{
	struct write_tx t = { .actor = actor, .name = name, .parent_id = parent_id,
		.problem = problem };
	int st = db_tx(db, create_tx, &t);

	*id = t.id;
	return st;
}

static int
update_tx(struct db *db, void *ud)
{
	struct write_tx *t = ud;
	struct department old, parent = { 0 };
	uint64_t n = 0;
	struct buf b;
	int st;

	*t->problem = DEPT_OK;
	if ((st = department_get(db, t->id, &old)) != DB_OK)
		return st;
	if (old.version != t->version)
		return DB_CONFLICT;
	if ((st = lock_parent_chain(db, t->id, t->parent_id, t->problem)) != DB_OK || *t->problem)
		return st;
	if (t->parent_id && (st = department_get(db, t->parent_id, &parent)) != DB_OK)
		return st;
	buf_init(&b);
	audit_diff(&b, "name", old.name, t->name);
	if (old.parent_id != t->parent_id)
		audit_diff(&b, "parent", old.parent_id ? old.parent : "-",
		    t->parent_id ? parent.name : "-");
	if (b.len == 0 || b.failed) {
		st = b.failed ? DB_ERROR : DB_OK;
		goto out;
	}
	st = db_exec(db, &q_update, DB_ARGS(DB_STR(t->name), DB_REF(t->parent_id), DB_INT(t->id),
	    DB_INT(t->version)), &n, NULL);
	if (st == DB_OK && n == 0)
		st = DB_CONFLICT;
	/* The whole subtree's ancestors change with it, in this transaction. */
	if (st == DB_OK && old.parent_id != t->parent_id)
		st = department_paths_move(db, t->id, t->parent_id);
	if (st == DB_OK)
		st = audit_add(db, t->actor, "department", t->id, "update", b.data);
out:
	buf_free(&b);
	return st;
}

int
department_update(struct db *db, int64_t actor, int64_t id, int64_t version, const char *name,
    int64_t parent_id, enum department_problem *problem)
{
	struct write_tx t = { .actor = actor, .id = id, .version = version, .name = name,
		.parent_id = parent_id, .problem = problem };

	return db_tx(db, update_tx, &t);
}
