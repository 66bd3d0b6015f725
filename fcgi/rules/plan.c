/* plan.c -- see plan.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/sha256.h"
#include "base/util.h"		/* login_name_valid */
#include "rules/plan.h"

void
org_db_init(struct org_db *d, int64_t importer_id)
{
	memset(d, 0, sizeof(*d));
	d->importer_id = importer_id;
}

void
org_db_free(struct org_db *d)
{
	free(d->emp);
	free(d->dept);
	org_map_free(&d->by_login);
	org_map_free(&d->dept_by_name);
	org_map_free(&d->by_number);
	org_map_free(&d->profile_by_key);
	free(d->profile_id);
	free(d->tree);
	org_arena_free(&d->arena);
	memset(d, 0, sizeof(*d));
}

static const char *
dup(struct org_db *d, const char *s)
{
	const char *out = org_strndup(&d->arena, s ? s : "", s ? strlen(s) : 0);

	if (out == NULL)
		d->oom = true;
	return out ? out : "";
}

/* Grows v (of elements of size sz) to hold one more; false on OOM. */
static bool
grow(void **v, size_t *cap, size_t n, size_t sz)
{
	size_t c;
	void *nv;

	if (n < *cap)
		return true;
	c = *cap ? *cap * 2 : 64;
	if ((nv = realloc(*v, c * sz)) == NULL)
		return false;
	*v = nv;
	*cap = c;
	return true;
}

void
org_db_add_employee(struct org_db *d, const struct org_current *e)
{
	struct org_current *c;

	if (!grow((void **)&d->emp, &d->empcap, d->nemp, sizeof(*d->emp))) {
		d->oom = true;
		return;
	}
	c = &d->emp[d->nemp];
	*c = *e;
	c->login = dup(d, e->login);
	c->name = dup(d, e->name);
	c->email = dup(d, e->email);
	c->department = dup(d, e->department);
	c->manager = dup(d, e->manager);
	c->employee_number = dup(d, e->employee_number);
	c->left_on = dup(d, e->left_on);
	c->job_profile = dup(d, e->job_profile);
	if (!org_map_put(&d->by_login, c->login, d->nemp))
		d->oom = true;
	if (c->employee_number[0] && !org_map_put(&d->by_number, c->employee_number, d->nemp))
		d->oom = true;
	d->nemp++;
}

void
org_db_add_department(struct org_db *d, const char *name, int64_t id)
{
	struct org_dept *x;

	if (!grow((void **)&d->dept, &d->deptcap, d->ndept, sizeof(*d->dept))) {
		d->oom = true;
		return;
	}
	x = &d->dept[d->ndept];
	x->name = dup(d, name);
	x->id = id;
	x->used = false;
	x->parent = PLAN_NONE;
	if (!org_map_put(&d->dept_by_name, x->name, d->ndept))
		d->oom = true;
	d->ndept++;
}

void
org_db_add_tree(struct org_db *d, int64_t id, int64_t parent_id)
{
	if (!grow((void **)&d->tree, &d->treecap, d->ntree, sizeof(*d->tree))) {
		d->oom = true;
		return;
	}
	d->tree[d->ntree++] = (struct org_tree_node){ id, parent_id };
}

void
org_db_add_profile(struct org_db *d, const char *key, int64_t id)
{
	const char *k = dup(d, key);

	if (!grow((void **)&d->profile_id, &d->profilecap, d->nprofiles, sizeof(*d->profile_id))) {
		d->oom = true;
		return;
	}
	d->profile_id[d->nprofiles] = id;
	if (!org_map_put(&d->profile_by_key, k, d->nprofiles))
		d->oom = true;
	d->nprofiles++;
}

int64_t
org_db_profile(const struct org_db *d, const char *key)
{
	size_t k;

	if (key[0] == '\0' || !org_map_get(&d->profile_by_key, key, &k))
		return 0;
	return d->profile_id[k];
}

void
plan_check_profiles(struct org_file *f, const struct org_db *d)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		struct org_row *r = &f->rows[i];

		if (r->bad || r->f[ORG_JOB_PROFILE][0] == '\0' ||
		    org_db_profile(d, r->f[ORG_JOB_PROFILE]) != 0)
			continue;
		org_fail(f, r->line, ORG_PROFILE_UNKNOWN, r->f[ORG_JOB_PROFILE]);
		r->bad = true;
	}
	org_sort_errors(f);
}

void
plan_free(struct import_plan *p)
{
	free(p->items);
	free(p->order);
	memset(p, 0, sizeof(*p));
}

/* The importer's index in d, PLAN_NONE when none or not in the database. */
static size_t
importer_index(const struct org_db *d)
{
	size_t i;

	for (i = 0; d->importer_id && i < d->nemp; i++)
		if (d->emp[i].id == d->importer_id)
			return d->emp[i].active ? i : PLAN_NONE;
	return PLAN_NONE;
}

/* Finds the manager of row i: another row, or the importer. */
static void
resolve_manager(struct org_file *f, const struct org_db *d, size_t imp, size_t i,
    struct plan_item *it)
{
	const char *m = f->rows[i].f[ORG_MANAGER];
	size_t j;

	it->manager = PLAN_NONE;
	it->manager_id = 0;
	if (m[0] == '\0')
		return;
	if (org_map_get(&f->logins, m, &j)) {
		it->manager = j;
		return;
	}
	if (imp != PLAN_NONE && strcmp(d->emp[imp].login, m) == 0) {
		it->manager_id = d->importer_id;
		return;
	}
	org_fail(f, f->rows[i].line, ORG_MANAGER_UNKNOWN, m);
	f->rows[i].bad = true;
}

/* The columns the file leaves out keep what is stored. */
static unsigned
hr_changes_of(const struct org_file *f, const struct org_row *r, const struct org_current *c)
{
	unsigned ch = 0;

	if (f->present[ORG_NUMBER] && strcmp(r->f[ORG_NUMBER], c->employee_number) != 0)
		ch |= PLAN_NUMBER;
	if (f->present[ORG_LEFT_ON] && strcmp(r->f[ORG_LEFT_ON], c->left_on) != 0)
		ch |= PLAN_LEFT_ON;
	if (f->present[ORG_JOB_PROFILE] && strcmp(r->f[ORG_JOB_PROFILE], c->job_profile) != 0)
		ch |= PLAN_JOB_PROFILE;
	return ch;
}

static unsigned
changes_of(const struct org_row *r, const struct org_db *d, const struct org_current *c,
    size_t dept)
{
	unsigned ch = 0;
	int64_t want_dept = dept == PLAN_NONE ? 0 : d->dept[dept].id;

	if (strcmp(r->f[ORG_NAME], c->name) != 0)
		ch |= PLAN_NAME;
	if (strcmp(r->f[ORG_EMAIL], c->email) != 0)
		ch |= PLAN_EMAIL;
	if ((dept != PLAN_NONE && want_dept == 0) || want_dept != c->department_id)
		ch |= PLAN_DEPARTMENT;
	if (strcmp(r->f[ORG_MANAGER], c->manager) != 0)
		ch |= PLAN_MANAGER;
	if (!c->active)
		ch |= PLAN_ACTIVE;
	return ch;
}

/* A known employee whose leaving date has come: deactivated when active
 * (with the date stored); the importer never, as for an absent row. */
static void
classify_leaver(const struct org_db *d, struct plan_item *it)
{
	const struct org_current *c = &d->emp[it->cur];

	it->kind = c->active && c->id != d->importer_id ? PLAN_DEACTIVATE : PLAN_UNCHANGED;
}

/* Classifies each good row as new, changed, unchanged or leaving. */
static void
classify(struct org_file *f, struct org_db *d, struct import_plan *p)
{
	size_t i, k;

	for (i = 0; i < f->n; i++) {
		struct plan_item *it = &p->items[i];
		const struct org_row *r = &f->rows[i];

		it->row = i;
		it->cur = PLAN_NONE;
		it->dept = PLAN_NONE;
		if (r->bad) {
			it->kind = PLAN_SKIP;
			continue;
		}
		if (r->f[ORG_DEPARTMENT][0] && org_map_get(&d->dept_by_name, r->f[ORG_DEPARTMENT], &k)) {
			it->dept = k;
			d->dept[k].used = true;
		}
		it->left = r->f[ORG_LEFT_ON][0] && strcmp(r->f[ORG_LEFT_ON], d->today) <= 0;
		if (!org_map_get(&d->by_login, r->f[ORG_LOGIN], &k)) {
			it->kind = PLAN_NEW;
			continue;
		}
		it->cur = k;
		it->id = d->emp[k].id;
		if (it->left) {
			classify_leaver(d, it);
			continue;
		}
		it->changes = changes_of(r, d, &d->emp[k], it->dept) | hr_changes_of(f, r, &d->emp[k]);
		it->kind = it->changes ? PLAN_CHANGED : PLAN_UNCHANGED;
	}
}

/* Marks every row on a loop of the manager graph next[] (node f->n is the
 * importer when not in the file).  Each node is walked once. */
static bool
find_loops(struct org_file *f, const size_t *next, size_t nodes)
{
	unsigned char *state = calloc(nodes, 1);	/* 0 new, 1 on path, 2 done */
	size_t *path = malloc(nodes * sizeof(*path));
	size_t i, len, j, k;

	if (state == NULL || path == NULL) {
		free(state);
		free(path);
		return false;
	}
	for (i = 0; i < nodes; i++) {
		for (len = 0, j = i; j != PLAN_NONE && state[j] == 0; j = next[j]) {
			state[j] = 1;
			path[len++] = j;
		}
		if (j != PLAN_NONE && state[j] == 1) {
			/* j is on this path: from there on it is a loop. */
			for (k = len; k-- > 0;) {
				if (path[k] < f->n) {
					org_fail(f, f->rows[path[k]].line, ORG_MANAGER_LOOP,
					    f->rows[path[k]].f[ORG_MANAGER]);
					f->rows[path[k]].bad = true;
				}
				if (path[k] == j)
					break;
			}
		}
		for (k = 0; k < len; k++)
			state[path[k]] = 2;
	}
	free(state);
	free(path);
	return true;
}

static bool
check_loops(struct org_file *f, const struct org_db *d, size_t imp, struct import_plan *p)
{
	size_t nodes = f->n + 1, i, j;
	size_t *next = malloc(nodes * sizeof(*next));
	bool ok;

	if (next == NULL)
		return false;
	for (i = 0; i < f->n; i++) {
		const struct plan_item *it = &p->items[i];

		next[i] = PLAN_NONE;
		if (it->kind == PLAN_SKIP)
			continue;
		if (it->manager != PLAN_NONE && p->items[it->manager].kind != PLAN_SKIP)
			next[i] = it->manager;
		else if (it->manager_id)
			next[i] = f->n;
	}
	/* The importer keeps the manager the database gives them. */
	next[f->n] = PLAN_NONE;
	if (imp != PLAN_NONE && org_map_get(&f->logins, d->emp[imp].manager, &j) &&
	    p->items[j].kind != PLAN_SKIP)
		next[f->n] = j;
	ok = find_loops(f, next, nodes);
	free(next);
	return ok;
}

/* New employees in an order that inserts every manager before its reports. */
static bool
order_new(struct import_plan *p, size_t nrows)
{
	unsigned char *placed = calloc(nrows ? nrows : 1, 1);
	size_t *stack = malloc((nrows ? nrows : 1) * sizeof(*stack));
	size_t i, j, top;

	p->order = malloc((nrows ? nrows : 1) * sizeof(*p->order));
	if (placed == NULL || stack == NULL || p->order == NULL) {
		free(placed);
		free(stack);
		return false;
	}
	for (i = 0; i < nrows; i++) {
		if (p->items[i].kind != PLAN_NEW || placed[i])
			continue;
		/* Walk up through new, unplaced managers; placed[] = 2 while on
		 * the stack guards against a loop the checks would have caught. */
		for (top = 0, j = i; j != PLAN_NONE && p->items[j].kind == PLAN_NEW && !placed[j];
		    j = p->items[j].manager) {
			placed[j] = 2;
			stack[top++] = j;
		}
		while (top > 0) {
			j = stack[--top];
			placed[j] = 1;
			p->order[p->norder++] = j;
		}
	}
	free(placed);
	free(stack);
	return true;
}

static void
count(struct import_plan *p, const struct org_db *d)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		switch (p->items[i].kind) {
		case PLAN_NEW: p->nnew++; break;
		case PLAN_CHANGED: p->nchanged++; break;
		case PLAN_UNCHANGED: p->nunchanged++; break;
		case PLAN_DEACTIVATE: p->ndeactivated++; break;
		case PLAN_SKIP: break;
		}
	}
	for (i = 0; i < d->ndept; i++)
		if (d->dept[i].used && d->dept[i].id == 0)
			p->nnewdepts++;
}

bool
plan_build(struct org_file *f, struct org_db *d, struct import_plan *p)
{
	size_t imp = importer_index(d), i, k, n;

	memset(p, 0, sizeof(*p));
	if ((p->items = calloc(f->n + d->nemp + 1, sizeof(*p->items))) == NULL)
		return false;
	for (i = 0; i < f->n; i++) {
		p->items[i].manager = PLAN_NONE;
		if (!f->rows[i].bad)
			resolve_manager(f, d, imp, i, &p->items[i]);
	}
	classify(f, d, p);
	if (!check_loops(f, d, imp, p))
		return false;
	/* Rows found on a loop are bad now. */
	for (i = 0; i < f->n; i++)
		if (f->rows[i].bad)
			p->items[i].kind = PLAN_SKIP;
	n = f->n;
	for (k = 0; k < d->nemp; k++) {
		const struct org_current *c = &d->emp[k];

		if (!c->active || c->id == d->importer_id || org_map_get(&f->logins, c->login, NULL))
			continue;
		p->items[n] = (struct plan_item){ .kind = PLAN_DEACTIVATE, .row = PLAN_NONE,
		    .cur = k, .dept = PLAN_NONE, .manager = PLAN_NONE, .id = c->id };
		n++;
	}
	p->n = n;
	count(p, d);
	org_sort_errors(f);
	return org_failed(f) ? true : order_new(p, f->n);
}

const char *
plan_field_name(unsigned field)
{
	switch (field) {
	case PLAN_NAME: return "name";
	case PLAN_EMAIL: return "email";
	case PLAN_DEPARTMENT: return "department";
	case PLAN_MANAGER: return "manager";
	case PLAN_ACTIVE: return "active";
	case PLAN_NUMBER: return "employee_number";
	case PLAN_LEFT_ON: return "left_on";
	case PLAN_JOB_PROFILE: return "job_profile";
	default: return "";
	}
}

void
plan_values(const struct org_file *f, const struct org_db *d, const struct plan_item *it,
    unsigned field, const char **before, const char **after)
{
	const struct org_current *c = it->cur != PLAN_NONE ? &d->emp[it->cur] : NULL;
	const struct org_row *r = it->row != PLAN_NONE ? &f->rows[it->row] : NULL;

	*before = *after = "";
	switch (field) {
	case PLAN_NAME:
		*before = c ? c->name : "";
		*after = r ? r->f[ORG_NAME] : "";
		break;
	case PLAN_EMAIL:
		*before = c ? c->email : "";
		*after = r ? r->f[ORG_EMAIL] : "";
		break;
	case PLAN_DEPARTMENT:
		*before = c ? c->department : "";
		*after = r ? r->f[ORG_DEPARTMENT] : "";
		break;
	case PLAN_MANAGER:
		*before = c ? c->manager : "";
		*after = r ? r->f[ORG_MANAGER] : "";
		break;
	case PLAN_ACTIVE:
		*before = c && c->active ? "1" : "0";
		*after = r && !it->left ? "1" : "0";
		break;
	case PLAN_NUMBER:
		*before = c ? c->employee_number : "";
		*after = r ? r->f[ORG_NUMBER] : "";
		break;
	case PLAN_LEFT_ON:
		*before = c ? c->left_on : "";
		*after = r ? r->f[ORG_LEFT_ON] : "";
		break;
	case PLAN_JOB_PROFILE:
		*before = c ? c->job_profile : "";
		*after = r ? r->f[ORG_JOB_PROFILE] : "";
		break;
	}
}

/* ---- employee numbers ---- */

/* Rebuilds f->logins after logins changed; a login now on two rows is a
 * duplicate of the first. */
static void
rekey_logins(struct org_file *f)
{
	char where[ORG_DETAIL_MAX];
	size_t i, first;

	org_map_free(&f->logins);
	for (i = 0; i < f->n; i++) {
		struct org_row *r = &f->rows[i];

		if (!login_name_valid(r->f[ORG_LOGIN], LOGIN_MAX))
			continue;
		if (org_map_get(&f->logins, r->f[ORG_LOGIN], &first)) {
			if (r->bad)
				continue;	/* reported when read */
			snprintf(where, sizeof(where), "%zu", f->rows[first].line);
			org_fail(f, r->line, ORG_DUPLICATE, where);
			r->bad = true;
			continue;
		}
		if (!org_map_put(&f->logins, r->f[ORG_LOGIN], i))
			f->oom = true;
	}
}

/* A number given to a row that the database has for someone else. */
static void
check_number_owner(struct org_file *f, const struct org_db *d, struct org_row *r)
{
	size_t k;

	if (r->bad || r->f[ORG_NUMBER][0] == '\0' ||
	    !org_map_get(&d->by_number, r->f[ORG_NUMBER], &k) ||
	    strcmp(d->emp[k].login, r->f[ORG_LOGIN]) == 0)
		return;
	org_fail(f, r->line, ORG_NUMBER_TAKEN, d->emp[k].login);
	r->bad = true;
}

/* A login of d copied into f: d is read again when a transaction is
 * retried, f is not. */
static const char *
keep_login(struct org_file *f, const char *login)
{
	const char *s = org_strndup(&f->arena, login, strlen(login));

	if (s == NULL)
		f->oom = true;
	return s ? s : "";
}

/* A manager given by employee number becomes a login: of the row with
 * that number, else of the employee the database has with it. */
static void
resolve_manager_number(struct org_file *f, const struct org_db *d, const struct org_map *rows,
    struct org_row *r)
{
	const char *m = r->f[ORG_MANAGER];
	size_t k;

	if (m[0] == '\0' || org_map_get(&f->logins, m, NULL))
		return;
	if (org_map_get(rows, m, &k))
		r->f[ORG_MANAGER] = f->rows[k].f[ORG_LOGIN];
	else if (org_map_get(&d->by_number, m, &k))
		r->f[ORG_MANAGER] = keep_login(f, d->emp[k].login);
}

void
plan_resolve_numbers(struct org_file *f, const struct org_db *d)
{
	struct org_map rows = { 0 };	/* number -> row */
	size_t i, k;

	if (!f->present[ORG_NUMBER])
		return;
	for (i = 0; i < f->n; i++) {
		struct org_row *r = &f->rows[i];

		if (r->f[ORG_NUMBER][0] && org_map_get(&rows, r->f[ORG_NUMBER], &k)) {
			/* Twice with a login column (without one it is a
			 * duplicate login already). */
			if (!r->login_from_number && !r->bad) {
				org_fail(f, r->line, ORG_NUMBER_TAKEN, f->rows[k].f[ORG_LOGIN]);
				r->bad = true;
			}
		} else if (r->f[ORG_NUMBER][0] && !org_map_put(&rows, r->f[ORG_NUMBER], i)) {
			f->oom = true;
		}
		if (r->login_from_number)
			r->f[ORG_LOGIN] = org_map_get(&d->by_number, r->f[ORG_NUMBER], &k) ?
			    keep_login(f, d->emp[k].login) : r->f[ORG_NUMBER];
	}
	rekey_logins(f);
	for (i = 0; i < f->n; i++) {
		check_number_owner(f, d, &f->rows[i]);
		resolve_manager_number(f, d, &rows, &f->rows[i]);
	}
	org_map_free(&rows);
	org_sort_errors(f);
}

/* ---- the department tree ---- */

/* The database parent of department id, 0 for none (d->tree is by id). */
static int64_t
tree_parent(const struct org_db *d, int64_t id)
{
	size_t lo = 0, hi = d->ntree;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (d->tree[mid].id == id)
			return d->tree[mid].parent_id;
		if (d->tree[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* The file's department of database id, PLAN_NONE when the file names
 * none with it. */
static size_t
named(const struct org_db *d, int64_t id)
{
	size_t i;

	for (i = 0; id && i < d->ndept; i++)
		if (d->dept[i].id == id)
			return i;
	return PLAN_NONE;
}

/* True when walking up from department `from` (the file's parent where it
 * gives one, else the database's) reaches `dept`.  A walk longer than
 * every department there is has met a loop that is already there. */
static bool
reaches(const struct org_db *d, size_t from, size_t dept)
{
	size_t steps = d->ndept + d->ntree + 2, at = from;
	int64_t id = 0, target = d->dept[dept].id;

	while (steps-- > 0) {
		if (at != PLAN_NONE) {		/* a department the file names */
			if (at == dept)
				return true;
			if (d->dept[at].parent != PLAN_NONE) {
				at = d->dept[at].parent;
				continue;
			}
			if ((id = d->dept[at].id) == 0)
				return false;	/* new, and no parent given */
		}
		if ((id = tree_parent(d, id)) == 0)
			return false;
		if (id == target)
			return true;
		at = named(d, id);
	}
	return true;
}

static void
parent_fail(struct org_file *f, struct org_row *r, const char *detail)
{
	org_fail(f, r->line, ORG_PARENT_CONFLICT, detail);
	r->bad = true;
}

void
plan_link_parents(struct org_file *f, struct org_db *d)
{
	size_t i, k, p;

	for (i = 0; i < f->n; i++) {
		struct org_row *r = &f->rows[i];

		if (r->bad || r->f[ORG_PARENT][0] == '\0' || r->f[ORG_DEPARTMENT][0] == '\0' ||
		    !org_map_get(&d->dept_by_name, r->f[ORG_DEPARTMENT], &k) ||
		    !org_map_get(&d->dept_by_name, r->f[ORG_PARENT], &p))
			continue;
		if (p == k || (d->dept[k].id && d->dept[k].id == d->dept[p].id)) {
			parent_fail(f, r, r->f[ORG_PARENT]);
			continue;
		}
		if (d->dept[k].parent != PLAN_NONE) {
			if (d->dept[k].parent != p)
				parent_fail(f, r, d->dept[d->dept[k].parent].name);
			continue;
		}
		if (reaches(d, p, k)) {
			parent_fail(f, r, r->f[ORG_PARENT]);
			continue;
		}
		d->dept[k].parent = p;
		d->dept[k].used = d->dept[p].used = true;
	}
	org_sort_errors(f);
}

int64_t
plan_tree_parent(const struct org_db *d, int64_t id)
{
	return tree_parent(d, id);
}

/* ---- the deactivation guard ---- */

void
plan_guard(const struct org_db *d, const struct import_plan *p, int max_percent,
    struct plan_guard *g)
{
	size_t i;

	memset(g, 0, sizeof(*g));
	g->max_percent = max_percent;
	for (i = 0; i < d->nemp; i++)
		if (d->emp[i].active)
			g->active++;
	for (i = 0; i < p->n; i++) {
		const struct plan_item *it = &p->items[i];

		if (it->kind != PLAN_DEACTIVATE)
			continue;
		g->deactivated++;
		if (d->emp[it->cur].is_hr)
			g->hr++;
		if (d->importer_id && it->id == d->importer_id)
			g->self = true;
	}
	/* More than max_percent: deactivated / active > max_percent / 100,
	 * in integers so that 10 % of 30 (three people) is still allowed. */
	if (g->deactivated > 0 && g->deactivated * 100 > (size_t)max_percent * g->active)
		g->reasons |= PLAN_GUARD_SHARE;
	if (g->hr > 0)
		g->reasons |= PLAN_GUARD_HR;
	if (g->self)
		g->reasons |= PLAN_GUARD_SELF;
}

bool
plan_guard_trips(const struct plan_guard *g)
{
	return g->reasons != 0;
}

bool
plan_deactivation_digest(const struct import_plan *p, unsigned char *out)
{
	/* Ids as fixed-width decimal, one per line: no two lists share a text. */
	char line[32];
	struct buf b;
	size_t i;

	buf_init(&b);
	for (i = 0; i < p->n; i++) {
		if (p->items[i].kind != PLAN_DEACTIVATE)
			continue;
		snprintf(line, sizeof(line), "%020lld\n", (long long)p->items[i].id);
		buf_puts(&b, line);
	}
	if (b.failed) {
		buf_free(&b);
		return false;
	}
	sha256(b.data ? b.data : "", b.len, out);
	buf_free(&b);
	return true;
}
