/* admin_import.c -- GET /admin/import (the upload form and the imports
 * applied so far) and POST /admin/import (multipart: `file`, `mode`
 * dry-run | apply).  HR only (routes.c).
 *
 * A dry run shows what the file would change (new, changed, deactivated,
 * new departments) and writes nothing; apply writes the same plan in one
 * transaction and redirects to the form, whose history shows the result.
 * Any bad row refuses the whole import: the page lists each with its line
 * and reason, and nothing changes. */
#include "config.h"

#include <stdio.h>
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
#include "store/audit.h"
#include "store/organisation.h"

/* Employees listed per kind of change on a dry run; the counts are whole. */
#define IMPORT_LIST_MAX 500
/* Imports in the history on the form. */
#define IMPORT_HISTORY_MAX 10
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

static void
result_xml(xmlNodePtr parent, const struct org_file *f, const struct org_db *d,
    const struct import_plan *p)
{
	xmlNodePtr r = xml_add(parent, "import-result"), depts;
	size_t i;

	xml_set(r, "mode", "dry-run");
	xml_set(r, "format", f->format);
	xml_set_int(r, "rows", (int64_t)f->n);
	xml_set_int(r, "new", (int64_t)p->nnew);
	xml_set_int(r, "changed", (int64_t)p->nchanged);
	xml_set_int(r, "deactivated", (int64_t)p->ndeactivated);
	xml_set_int(r, "unchanged", (int64_t)p->nunchanged);
	xml_set_int(r, "departments", (int64_t)p->nnewdepts);
	ignored_xml(r, f);
	list_xml(r, "new", PLAN_NEW, f, d, p);
	list_xml(r, "changed", PLAN_CHANGED, f, d, p);
	list_xml(r, "deactivated", PLAN_DEACTIVATE, f, d, p);
	depts = xml_add(r, "new-departments");
	for (i = 0; i < d->ndept; i++)
		if (d->dept[i].used && d->dept[i].id == 0)
			xml_set(xml_add(depts, "department"), "name", d->dept[i].name);
}

/* Parses and plans (or applies) the uploaded file; the page or redirect. */
static int
run(struct ctx *c, struct form *fm, const char *data, size_t len, bool apply)
{
	char xsd[CONF_STR_MAX + sizeof(ORG_XSD)];
	struct org_file f;
	struct org_db d;
	struct import_plan p;
	struct org_mapping m;
	xmlNodePtr page = NULL;
	int st, status;

	if ((st = map_load(c->db, &m)) != DB_OK)
		return http_status_of(st);
	snprintf(xsd, sizeof(xsd), "%s%s", c->conf->stylesheets, ORG_XSD);
	org_init(&f);
	f.mapping = &m;		/* the one saved on this page */
	org_parse(&f, data, len, xsd);
	st = f.oom ? DB_ERROR : import_run(c->db, &f, c->user.id, apply, &d, &p);
	if (st == DB_CONFLICT)
		fm->failed = true;
	if (st == DB_OK && !org_failed(&f) && apply) {
		status = org_redirect(c, "/admin/import", "flash.import_applied");
	} else if (st != DB_OK && st != DB_CONFLICT) {
		status = http_status_of(st);
	} else {
		status = import_page(c, fm, st == DB_CONFLICT ? 409 :
		    org_failed(&f) ? 400 : 200, &page);
		if (page && st == DB_CONFLICT)
			xml_set(xml_add(page, "alert"), "key", "import.conflict");
		else if (page && org_failed(&f))
			errors_xml(page, &f);
		else if (page)
			result_xml(page, &f, &d, &p);
	}
	if (!f.oom) {
		org_db_free(&d);
		plan_free(&p);
	}
	org_free(&f);
	return status;
}

int
admin_import_post(struct ctx *c)
{
	const char *mode, *data = NULL;
	struct form f;
	size_t len = 0;

	form_begin(&f, c, "import");
	mode = in_choice(c, "mode");
	/* Declared optional: an empty file is as missing as none, and both
	 * are named so. */
	if (!request_file(c->req, "file", &data, &len, NULL) || len == 0)
		form_error(&f, "file", "import.error.file_missing");
	if (f.failed)
		return import_page(c, &f, 400, NULL);
	return run(c, &f, data, len, strcmp(mode, "apply") == 0);
}
