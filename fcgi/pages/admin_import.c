/* admin_import.c -- GET /admin/import (the upload form and the imports
 * applied so far) and POST /admin/import (multipart: `file`, `mode`
 * dry-run | apply, `confirm`; or, applying a kept dry run, `mode` apply,
 * `token` and `confirm` alone).  HR only (routes.c).
 *
 * A dry run shows what the file would change (new, changed, deactivated,
 * new departments), with the deactivation guard's verdict on top, and
 * keeps the file for an hour (store: import_preview_save) so that HR can
 * apply exactly it by its token without choosing it again.  Apply writes
 * the plan in one transaction and redirects to the form, whose history
 * shows the result; a plan the guard stops (rules/plan.h) is written only
 * with `confirm`, otherwise it is shown again with the reason and nothing
 * changes.  Any bad row refuses the whole import: the page lists each with
 * its line and reason, and nothing changes. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "import/mapping.h"
#include "import/parse.h"
#include "rules/plan.h"
#include "pages/admin_cycle.h"	/* audit_entry_xml */
#include "pages/admin_org.h"
#include "pages/pages.h"
#include "base/util.h"
#include "xml/page.h"
#include "base/sha256.h"
#include "store/audit.h"
#include "store/directory_sync.h"
#include "store/organisation.h"

/* Employees listed per kind of change on a dry run; the counts are whole. */
#define IMPORT_LIST_MAX 500
/* Imports in the history on the form. */
#define IMPORT_HISTORY_MAX 10
/* HR members named in the guard's warning; the count is whole. */
#define IMPORT_GUARD_NAMES_MAX 50
/* Where the schema lives under the stylesheets directory. */
#define ORG_XSD "/schema/organisation.xsd"


static int
add_import(void *ud, const struct audit_row *a, const struct import_counts *n)
{
	xmlNodePtr i = xml_add(ud, "import");

	xml_set(i, "format", n->format);
	xml_set_int(i, "new", (int64_t)n->added);
	xml_set_int(i, "changed", (int64_t)n->changed);
	xml_set_int(i, "deactivated", (int64_t)n->deactivated);
	xml_set_int(i, "departments", (int64_t)n->departments);
	audit_entry_xml(i, a);
	return DB_OK;
}

/* The last directory sync (issue 19, gesprekctl sync), if one ran: when,
 * how it ended, its counts and its error, so that HR sees a nightly sync
 * that failed or was refused without reading the server's logs. */
static int
sync_xml(struct ctx *c)
{
	struct sync_last l;
	xmlNodePtr n;
	int st;

	if ((st = directory_sync_last(c->db, &l)) != DB_OK || !l.found)
		return st;
	n = xml_add(c->page, "directory-sync");
	xml_set_time(n, "started", l.started_at);
	xml_set_time(n, "finished", l.finished_at);
	xml_set(n, "outcome", l.outcome);
	xml_set_int(n, "entries", l.entries);
	xml_set_int(n, "pages", l.pages);
	xml_set_int(n, "new", l.added);
	xml_set_int(n, "changed", l.changed);
	xml_set_int(n, "deactivated", l.deactivated);
	xml_set_int(n, "departments", l.departments);
	if (l.error[0])
		xml_set(n, "error", l.error);
	return DB_OK;
}

/* The form (refused or fresh) and the history; returns status. */
static int
import_page(struct ctx *c, const struct form *f, int status, xmlNodePtr *out)
{
	int st;

	if (!page_begin(c, "admin_import"))
		return 500;
	if (f)
		form_xml(f, c->page);
	if ((st = import_mapping_xml(c, c->page)) != DB_OK)
		return http_status_of(st);
	if ((st = sync_xml(c)) != DB_OK)
		return http_status_of(st);
	st = import_history(c->db, IMPORT_HISTORY_MAX, add_import, xml_add(c->page, "imports"));
	if (st != DB_OK)
		return http_status_of(st);
	if (out)
		*out = c->page;
	return status;
}

int
admin_import_get(struct ctx *c)
{
	return import_page(c, NULL, 200, NULL);
}

int
admin_import_refused(struct ctx *c, const struct form *f, int status)
{
	return import_page(c, f, status, NULL);
}

/* The columns of the file the import did not use, so HR sees them. */
static void
ignored_xml(xmlNodePtr parent, const struct org_file *f)
{
	xmlNodePtr n = xml_add(parent, "ignored-columns");
	size_t i;

	for (i = 0; i < f->nignored; i++)
		xml_set(xml_add(n, "column"), "name", f->ignored[i]);
}

static void
errors_xml(xmlNodePtr parent, const struct org_file *f)
{
	xmlNodePtr n = xml_add(parent, "import-errors"), e;
	size_t i;

	xml_set_int(n, "total", (int64_t)f->nerr_total);
	xml_set(n, "format", f->format);
	for (i = 0; i < f->nerr; i++) {
		e = xml_add(n, "problem");
		if (f->errors[i].line)
			xml_set_int(e, "line", (int64_t)f->errors[i].line);
		xml_set(e, "reason", org_reason_name(f->errors[i].reason));
		if (f->errors[i].detail[0])
			xml_set(e, "detail", f->errors[i].detail);
	}
}

/* One listed employee of a dry run: who, and for a change what. */
static void
item_xml(xmlNodePtr list, const struct org_file *f, const struct org_db *d,
    const struct plan_item *it)
{
	static const unsigned fields[] = PLAN_FIELDS;
	const char *before, *after;
	xmlNodePtr n = xml_add(list, "employee"), ch;
	size_t k;

	if (it->row != PLAN_NONE) {
		const char *const *v = f->rows[it->row].f;

		xml_set(n, "login", v[ORG_LOGIN]);
		xml_set(n, "name", v[ORG_NAME]);
		xml_set(n, "department", v[ORG_DEPARTMENT]);
		xml_set(n, "manager", v[ORG_MANAGER]);
		xml_set_int(n, "line", (int64_t)f->rows[it->row].line);
	} else {
		xml_set(n, "login", d->emp[it->cur].login);
		xml_set(n, "name", d->emp[it->cur].name);
	}
	if (it->cur != PLAN_NONE)
		xml_set_int(n, "id", d->emp[it->cur].id);
	for (k = 0; it->kind == PLAN_CHANGED && k < ARRAY_LEN(fields); k++) {
		if (!(it->changes & fields[k]))
			continue;
		plan_values(f, d, it, fields[k], &before, &after);
		ch = xml_add(n, "change");
		xml_set(ch, "field", plan_field_name(fields[k]));
		xml_set(ch, "before", before);
		xml_set(ch, "after", after);
	}
}

static void
list_xml(xmlNodePtr parent, const char *name, enum plan_kind kind, const struct org_file *f,
    const struct org_db *d, const struct import_plan *p)
{
	xmlNodePtr list = xml_add(parent, name);
	size_t i, shown = 0, all = 0;

	for (i = 0; i < p->n; i++) {
		if (p->items[i].kind != kind)
			continue;
		if (++all <= IMPORT_LIST_MAX) {
			item_xml(list, f, d, &p->items[i]);
			shown++;
		}
	}
	if (all > shown)
		xml_set_int(list, "more", (int64_t)(all - shown));
}

/* The guard's verdict: why the plan needs a confirmation, with the HR
 * members it deactivates by name. */
static void
guard_xml(xmlNodePtr parent, const struct org_db *d, const struct import_plan *p,
    const struct plan_guard *g)
{
	xmlNodePtr n = xml_add(parent, "guard");
	size_t i, named = 0;

	xml_set_int(n, "active", (int64_t)g->active);
	xml_set_int(n, "deactivated", (int64_t)g->deactivated);
	xml_set_int(n, "max-percent", g->max_percent);
	xml_set(n, "trips", plan_guard_trips(g) ? "1" : "0");
	xml_set(n, "share", g->reasons & PLAN_GUARD_SHARE ? "1" : "0");
	xml_set_int(n, "hr", (int64_t)g->hr);
	xml_set(n, "self", g->self ? "1" : "0");
	for (i = 0; i < p->n && named < IMPORT_GUARD_NAMES_MAX; i++) {
		const struct plan_item *it = &p->items[i];

		if (it->kind != PLAN_DEACTIVATE || !d->emp[it->cur].is_hr)
			continue;
		xmlNodePtr e = xml_add(n, "hr-member");
		xml_set(e, "login", d->emp[it->cur].login);
		xml_set(e, "name", d->emp[it->cur].name);
		named++;
	}
}

static void
result_xml(xmlNodePtr parent, const struct org_file *f, const struct org_db *d,
    const struct import_plan *p, const struct import_outcome *o, const char *token)
{
	xmlNodePtr r = xml_add(parent, "import-result"), depts;
	size_t i;

	xml_set(r, "mode", "dry-run");
	xml_set(r, "format", f->format);
	if (token)
		xml_set(r, "token", token);
	xml_set_int(r, "rows", (int64_t)f->n);
	xml_set_int(r, "new", (int64_t)p->nnew);
	xml_set_int(r, "changed", (int64_t)p->nchanged);
	xml_set_int(r, "deactivated", (int64_t)p->ndeactivated);
	xml_set_int(r, "unchanged", (int64_t)p->nunchanged);
	xml_set_int(r, "departments", (int64_t)p->nnewdepts);
	ignored_xml(r, f);
	guard_xml(r, d, p, &o->guard);
	list_xml(r, "new", PLAN_NEW, f, d, p);
	list_xml(r, "changed", PLAN_CHANGED, f, d, p);
	list_xml(r, "deactivated", PLAN_DEACTIVATE, f, d, p);
	depts = xml_add(r, "new-departments");
	for (i = 0; i < d->ndept; i++)
		if (d->dept[i].used && d->dept[i].id == 0)
			xml_set(xml_add(depts, "department"), "name", d->dept[i].name);
}

/* A file being imported: its bytes and, when it is a kept dry run, its
 * token (hex, as the form sent it) and the token's SHA-256. */
struct import_file {
	const char *data;
	size_t len;
	const char *token;
	unsigned char token_sha256[SHA256_LEN];
	unsigned char file_sha256[SHA256_LEN];
};

/* The page of a plan that was not written: the dry run (or the refused or
 * changed apply) with its guard, the file kept for the apply form. */
static int
plan_page(struct ctx *c, struct form *fm, const struct import_file *u, int status,
    const char *alert, const struct org_file *f, const struct org_db *d,
    const struct import_plan *p, const struct import_outcome *o)
{
	char token[IMPORT_TOKEN_HEX + 1];
	const char *shown = u->token;
	xmlNodePtr page = NULL;
	int st;

	if (shown == NULL) {
		st = import_preview_save(c->db, c->user.id, u->data, u->len, o->digest, token);
		if (st != DB_OK)
			return http_status_of(st);
		shown = token;
	}
	status = import_page(c, fm, status, &page);
	if (page == NULL)
		return status;
	if (alert)
		xml_set(xml_add(page, "alert"), "key", alert);
	result_xml(page, f, d, p, o, shown);
	return status;
}

/* What the page says after import_run; the page or redirect. */
static int
answer(struct ctx *c, struct form *fm, const struct import_file *u, int st,
    const struct org_file *f, const struct org_db *d, const struct import_plan *p,
    const struct import_outcome *o)
{
	xmlNodePtr page = NULL;
	int status;

	if (st == DB_OK && o->written)
		return org_redirect(c, "/admin/import", "flash.import_applied");
	if (st != DB_OK && st != DB_CONFLICT)
		return http_status_of(st);
	if (st == DB_CONFLICT || org_failed(f) || o->preview_gone) {
		if (st == DB_CONFLICT)
			fm->failed = true;
		status = st == DB_CONFLICT ? 409 : 400;
		status = import_page(c, fm, status, &page);
		if (page && st == DB_CONFLICT)
			xml_set(xml_add(page, "alert"), "key", "import.conflict");
		else if (page && o->preview_gone)
			xml_set(xml_add(page, "alert"), "key", "import.preview_gone");
		else if (page)
			errors_xml(page, f);
		return status;
	}
	if (o->differs)
		return plan_page(c, fm, u, 409, "import.preview_differs", f, d, p, o);
	if (o->refused)
		return plan_page(c, fm, u, 409, "import.guard.refused", f, d, p, o);
	return plan_page(c, fm, u, 200, NULL, f, d, p, o);
}

/* Parses and plans (or applies) the file; the page or redirect. */
static int
run(struct ctx *c, struct form *fm, const struct import_file *u, bool apply)
{
	char xsd[CONF_STR_MAX + sizeof(ORG_XSD)];
	struct import_request rq = {
		.apply = apply, .confirmed = in_flag(c, "confirm"),
		.max_deactivate_percent = c->conf->import_max_deactivate_percent,
		.preview = u->token ? u->token_sha256 : NULL,
		.file_sha256 = u->file_sha256,
	};
	struct import_outcome o;
	struct org_file f;
	struct org_db d;
	struct import_plan p;
	struct org_mapping m;
	int st, status;

	if ((st = map_load(c->db, &m)) != DB_OK)
		return http_status_of(st);
	snprintf(xsd, sizeof(xsd), "%s%s", c->conf->stylesheets, ORG_XSD);
	memset(&o, 0, sizeof(o));
	org_init(&f);
	f.mapping = &m;		/* the one saved on this page */
	org_parse(&f, u->data, u->len, xsd);
	st = f.oom ? DB_ERROR : import_run(c->db, &f, c->user.id, &rq, &d, &p, &o);
	status = answer(c, fm, u, st, &f, &d, &p, &o);
	if (!f.oom) {
		org_db_free(&d);
		plan_free(&p);
	}
	org_free(&f);
	return status;
}

/* mode=apply with a token: the kept dry run, if it is still this user's. */
static int
apply_kept(struct ctx *c, struct form *fm, const char *token)
{
	struct import_file u = { .token = token };
	char *data = NULL;
	size_t len = 0;
	int st, status;

	st = import_preview_load(c->db, c->user.id, token, u.token_sha256, &data, &len);
	if (st == DB_NOTFOUND) {
		xmlNodePtr page = NULL;

		status = import_page(c, fm, 400, &page);
		if (page)
			xml_set(xml_add(page, "alert"), "key", "import.preview_gone");
		return status;
	}
	if (st != DB_OK)
		return http_status_of(st);
	u.data = data;
	u.len = len;
	sha256(data, len, u.file_sha256);
	status = run(c, fm, &u, true);
	free(data);
	return status;
}

int
admin_import_post(struct ctx *c)
{
	const char *mode, *token;
	struct import_file u = { .token = NULL };
	struct form f;
	bool apply;

	form_begin(&f, c, "import");
	mode = in_choice(c, "mode");	/* NULL when missing: f.failed */
	apply = mode && strcmp(mode, "apply") == 0;
	token = in_text(c, "token");
	if (!f.failed && apply && token && token[0])
		return apply_kept(c, &f, token);
	/* Declared optional: an empty file is as missing as none, and both
	 * are named so. */
	if (!request_file(c->req, "file", &u.data, &u.len, NULL) || u.len == 0)
		form_error(&f, "file", "import.error.file_missing");
	if (f.failed)
		return import_page(c, &f, 400, NULL);
	sha256(u.data, u.len, u.file_sha256);
	return run(c, &f, &u, apply);
}
