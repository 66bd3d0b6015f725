/* department.c -- the departments: a tree by parent_id, names unique in the
 * whole organisation (imports name a department by its name alone).  Each
 * write is one transaction with its audit row. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store/audit.h"
#include "store/db.h"
#include "store/organisation.h"
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
static struct db_stmt_def q_parent = DB_STMT(
	"SELECT COALESCE(parent_id, 0), 1 FROM department WHERE id = ?");
static struct db_stmt_def q_create = DB_STMT(
	"INSERT INTO department (name, parent_id) VALUES (?, ?)");
static struct db_stmt_def q_update = DB_STMT(
	"UPDATE department SET name = ?, parent_id = ?, version = version + 1,"
	" updated_at = UTC_TIMESTAMP() WHERE id = ? AND version = ?");

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

struct parent_state {
	int64_t parent;
	bool found;
};

static int
parent_row(void *ud, const struct db_row *r)
{
	struct parent_state *p = ud;

	p->parent = db_int(r, 0);
	p->found = true;
	return DB_OK;
}

/* Checks that parent exists and that self is not among its ancestors. */
static int
check_parent(struct db *db, int64_t self, int64_t parent, enum department_problem *problem)
{
	struct parent_state p;
	int64_t at = parent;
	int st, depth;

	for (depth = 0; at && depth < DEPARTMENT_DEPTH_MAX; depth++) {
		if (at == self) {
			*problem = DEPT_LOOP;
			return DB_OK;
		}
		p = (struct parent_state){ 0, false };
		if ((st = db_query(db, &q_parent, DB_ARGS(DB_INT(at)), parent_row, &p)) != DB_OK)
			return st;
		if (!p.found) {
			*problem = DEPT_PARENT_UNKNOWN;
			return DB_OK;
		}
		at = p.parent;
	}
	if (at)
		*problem = DEPT_LOOP;
	return DB_OK;
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
	if ((st = check_parent(db, 0, t->parent_id, t->problem)) != DB_OK || *t->problem)
		return st;
	if (t->parent_id && (st = department_get(db, t->parent_id, &parent)) != DB_OK)
		return st;
	st = db_exec(db, &q_create, DB_ARGS(DB_STR(t->name), DB_REF(t->parent_id)), NULL, &t->id);
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
	if ((st = check_parent(db, t->id, t->parent_id, t->problem)) != DB_OK || *t->problem)
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
