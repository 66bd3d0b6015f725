/* plan.c -- see plan.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/sha256.h"
#include "base/util.h"
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
	if (!org_map_put(&d->by_login, c->login, d->nemp))
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
	if (!org_map_put(&d->dept_by_name, x->name, d->ndept))
		d->oom = true;
	d->ndept++;
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

/* Classifies each good row as new, changed or unchanged. */
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
		if (!org_map_get(&d->by_login, r->f[ORG_LOGIN], &k)) {
			it->kind = PLAN_NEW;
			continue;
		}
		it->cur = k;
		it->id = d->emp[k].id;
		it->changes = changes_of(r, d, &d->emp[k], it->dept);
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
		*after = r ? "1" : "0";
		break;
	}
}

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
