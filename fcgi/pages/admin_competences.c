/* admin_competences.c -- the competence dictionary and job profiles for HR
 * (issue 16): GET/POST /admin/competences (the list and a new one),
 * GET/POST /admin/competences/{id} (edit, with behaviour indicators per
 * level), GET/POST /admin/profiles and /admin/profiles/{id} (a profile's
 * name and competences, named by key in the order a form lists them).
 * HR only (routes.c).  The store writes each change with its audit row. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "pages/admin_org.h"
#include "pages/pages.h"
#include "base/util.h"
#include "xml/page.h"
#include "store/competence.h"
#include "import/competences.h"
#include "http/request.h"

/* Where the schema lives under the stylesheets directory. */
#define COMPETENCES_XSD "/schema/competences.xsd"
#define CTYPE_XML "application/xml; charset=utf-8"
/* Field names of the indicators: "level1" .. "level10", "level1_en" .. */
#define LEVEL_FIELD_BYTES 16

static void
level_field(char *out, int level, bool en)
{
	snprintf(out, LEVEL_FIELD_BYTES, "level%d%s", level, en ? "_en" : "");
}

/* ---- the lists ---- */

static int
competence_item(void *ud, const struct competence_row *r)
{
	xmlNodePtr n = xml_add(ud, "competence");

	xml_set_int(n, "id", r->id);
	xml_set(n, "key", r->key);
	xml_set(n, "name", r->name_nl);
	xml_set(n, "name-en", r->name_en);
	xml_set_int(n, "levels", r->levels);
	xml_set_int(n, "profiles", r->profiles);
	return DB_OK;
}

/* A key result area of the profile page (issue 16). */
static int
area_item(void *ud, const struct area_row *r)
{
	xmlNodePtr n = xml_add(ud, "area");

	xml_set_int(n, "id", r->id);
	xml_set(n, "key", r->key);
	xml_set(n, "name", r->name_nl);
	xml_set(n, "name-en", r->name_en);
	xml_set_int(n, "goals", r->goals);
	return DB_OK;
}

static int
competences_xml(struct ctx *c)
{
	return competences_list(c->db, competence_item, xml_add(c->page, "competences"));
}

static int
profile_item(void *ud, const struct profile_row *r)
{
	xmlNodePtr n = xml_add(ud, "profile");

	xml_set_int(n, "id", r->id);
	xml_set(n, "key", r->key);
	xml_set(n, "name", r->name_nl);
	xml_set(n, "name-en", r->name_en);
	xml_set_int(n, "competences", r->competences);
	xml_set_int(n, "employees", r->employees);
	return DB_OK;
}

/* ---- competences ---- */

/* Reads the competence form into in; false when a field is wrong. */
static bool
read_competence(struct form *f, const struct ctx *c, struct competence_in *in)
{
	char name[LEVEL_FIELD_BYTES];

	in->key = in_text(c, "key");
	in->name_nl = in_text(c, "name");
	in->name_en = in_text(c, "name_en");
	in->definition_nl = in_text(c, "definition");
	in->definition_en = in_text(c, "definition_en");
	for (int l = 0; l < COMPETENCE_LEVELS_MAX; l++) {
		level_field(name, l + 1, false);
		in->indicator_nl[l] = in_text(c, name);
		level_field(name, l + 1, true);
		in->indicator_en[l] = in_text(c, name);
		/* an English text needs the Dutch one it translates */
		if (in->indicator_en[l] && *in->indicator_en[l] &&
		    !(in->indicator_nl[l] && *in->indicator_nl[l])) {
			level_field(name, l + 1, false);
			form_error(f, name, "admin.competence.error.level_nl");
		}
	}
	if (in->key && !competence_key_ok(in->key))
		form_error(f, "key", "admin.competence.error.key");
	return !f->failed;
}

/* The list page; *page (when asked for) is the page node, for the
 * import's result. */
static int
list_page_at(struct ctx *c, const struct form *f, int status, xmlNodePtr *page)
{
	int st;

	if (!page_begin(c, "admin_competences"))
		return 500;
	if (page)
		*page = c->page;
	if (f)
		form_xml(f, c->page);
	if ((st = competences_xml(c)) != DB_OK)
		return http_status_of(st);
	return status;
}

static int
list_page(struct ctx *c, const struct form *f, int status)
{
	return list_page_at(c, f, status, NULL);
}

int
admin_competences_get(struct ctx *c)
{
	return list_page(c, NULL, 200);
}

int
admin_competences_post(struct ctx *c)
{
	struct competence_in in = { 0 };
	struct form f;
	char where[64];
	int64_t id = 0;
	int st;

	form_begin(&f, c, "competence");
	if (!read_competence(&f, c, &in))
		return list_page(c, &f, 400);
	st = competence_create(c->db, c->user.id, &in, &id);
	if (st == DB_DUPLICATE) {
		form_error(&f, "key", "admin.competence.error.key_taken");
		return list_page(c, &f, 400);
	}
	if (st != DB_OK)
		return http_status_of(st);
	snprintf(where, sizeof(where), "/admin/competences/%lld", (long long)id);
	return org_redirect(c, where, "flash.competence_created");
}

static void
competence_node(xmlNodePtr page, const struct competence *k)
{
	xmlNodePtr n = xml_add(page, "competence");

	xml_set_int(n, "id", k->id);
	xml_set(n, "key", k->key);
	xml_set(n, "name", k->name_nl);
	xml_set(n, "name-en", k->name_en);
	xml_set_int(n, "version", k->version);
	xml_set_int(n, "profiles", k->profiles);
	xml_add_text(n, "definition", k->definition_nl);
	xml_add_text(n, "definition-en", k->definition_en);
	for (int l = 0; l < COMPETENCE_LEVELS_MAX; l++) {
		xmlNodePtr lv = xml_add(n, "level");

		xml_set_int(lv, "n", l + 1);
		xml_add_text(lv, "nl", k->indicator_nl[l]);
		xml_add_text(lv, "en", k->indicator_en[l]);
	}
}

/* The page of one competence, with a refused form and alert if any. */
static int
competence_page(struct ctx *c, int64_t id, const struct form *f, const char *alert, int status)
{
	struct competence *k = malloc(sizeof(*k));
	int st;

	if (k == NULL)
		return 500;
	if ((st = competence_get(c->db, id, k)) != DB_OK) {
		free(k);
		return http_status_of(st);
	}
	if (!page_begin(c, "admin_competence")) {
		free(k);
		return 500;
	}
	competence_node(c->page, k);
	free(k);
	if (alert)
		xml_set(xml_add(c->page, "alert"), "key", alert);
	if (f)
		form_xml(f, c->page);
	if ((st = org_audit_xml(c, c->page, "competence", id)) != DB_OK)
		return http_status_of(st);
	return status;
}

int
admin_competence_get(struct ctx *c)
{
	return competence_page(c, c->ids[0], NULL, NULL, 200);
}

int
admin_competence_post(struct ctx *c)
{
	struct competence_in in = { 0 };
	struct form f;
	int64_t id = c->ids[0], version;
	bool present;
	int st;

	form_begin(&f, c, "competence");
	read_competence(&f, c, &in);
	version = in_int(c, "version", &present);
	if (f.failed)
		return competence_page(c, id, &f, NULL, 400);
	st = competence_update(c->db, c->user.id, id, version, &in);
	if (st == DB_CONFLICT)
		return competence_page(c, id, &f, "admin.competence.conflict", 409);
	if (st == DB_DUPLICATE) {
		form_error(&f, "key", "admin.competence.error.key_taken");
		return competence_page(c, id, &f, NULL, 400);
	}
	if (st != DB_OK)
		return http_status_of(st);
	return org_redirect(c, "/admin/competences", "flash.saved");
}

/* ---- job profiles ---- */

static void
read_profile(struct form *f, const struct ctx *c, struct profile_in *in)
{
	in->key = in_text(c, "key");
	in->name_nl = in_text(c, "name");
	in->name_en = in_text(c, "name_en");
	in->keys = in_text(c, "competences");
	if (in->key && !competence_key_ok(in->key))
		form_error(f, "key", "admin.competence.error.key");
}

/* The text that names why a key list was refused. */
static const char *
problem_key(const struct profile_check *chk)
{
	static const char *const keys[] = {
		[PROFILE_OK] = NULL,
		[PROFILE_KEY_UNKNOWN] = "admin.profile.error.unknown",
		[PROFILE_KEY_TWICE] = "admin.profile.error.twice",
		[PROFILE_KEY_BAD] = "admin.profile.error.bad",
		[PROFILE_TOO_MANY] = "admin.profile.error.too_many",
	};

	return keys[chk->problem];
}

/* Puts a refused key list on its field, the key named in the page. */
static void
mark_keys(struct form *f, xmlNodePtr page, const struct profile_check *chk)
{
	if (chk->problem == PROFILE_OK)
		return;
	form_error(f, "competences", problem_key(chk));
	xml_set(xml_add(page, "refused-key"), "key", chk->bad);
}

static int
profiles_page(struct ctx *c, const struct form *f, const struct profile_check *chk, int status)
{
	int st;

	if (!page_begin(c, "admin_profiles"))
		return 500;
	if (chk && chk->problem != PROFILE_OK)
		xml_set(xml_add(c->page, "refused-key"), "key", chk->bad);
	if (f)
		form_xml(f, c->page);
	if ((st = profiles_list(c->db, profile_item, xml_add(c->page, "profiles"))) != DB_OK)
		return http_status_of(st);
	if ((st = competences_xml(c)) != DB_OK)
		return http_status_of(st);
	return status;
}

int
admin_profiles_get(struct ctx *c)
{
	return profiles_page(c, NULL, NULL, 200);
}

int
admin_profiles_post(struct ctx *c)
{
	struct profile_check chk = { 0 };
	struct profile_in in = { 0 };
	struct form f;
	char where[64];
	int64_t id = 0;
	int st;

	form_begin(&f, c, "profile");
	read_profile(&f, c, &in);
	if (f.failed)
		return profiles_page(c, &f, NULL, 400);
	st = profile_create(c->db, c->user.id, &in, &id, &chk);
	if (st == DB_DUPLICATE)
		form_error(&f, "key", "admin.competence.error.key_taken");
	else if (st != DB_OK)
		return http_status_of(st);
	if (chk.problem != PROFILE_OK)
		form_error(&f, "competences", problem_key(&chk));
	if (f.failed)
		return profiles_page(c, &f, &chk, 400);
	snprintf(where, sizeof(where), "/admin/profiles/%lld", (long long)id);
	return org_redirect(c, where, "flash.profile_created");
}

static int
profile_page(struct ctx *c, int64_t id, struct form *f, const struct profile_check *chk,
    const char *alert, int status)
{
	struct job_profile *p = malloc(sizeof(*p));
	xmlNodePtr n;
	int st;

	if (p == NULL)
		return 500;
	if ((st = profile_get(c->db, id, p)) != DB_OK || !page_begin(c, "admin_profile")) {
		free(p);
		return st != DB_OK ? http_status_of(st) : 500;
	}
	n = xml_add(c->page, "profile");
	xml_set_int(n, "id", p->id);
	xml_set(n, "key", p->key);
	xml_set(n, "name", p->name_nl);
	xml_set(n, "name-en", p->name_en);
	xml_set(n, "keys", p->keys);
	xml_set_int(n, "version", p->version);
	xml_set_int(n, "employees", p->employees);
	free(p);
	if ((st = profile_competences(c->db, id, competence_item, n)) != DB_OK ||
	    (st = profile_areas(c->db, id, area_item, n)) != DB_OK)
		return http_status_of(st);
	if (alert)
		xml_set(xml_add(c->page, "alert"), "key", alert);
	if (f && chk)
		mark_keys(f, c->page, chk);
	if (f)
		form_xml(f, c->page);
	if ((st = competences_xml(c)) != DB_OK)
		return http_status_of(st);
	if ((st = org_audit_xml(c, c->page, "job_profile", id)) != DB_OK)
		return http_status_of(st);
	return status;
}

int
admin_profile_get(struct ctx *c)
{
	return profile_page(c, c->ids[0], NULL, NULL, NULL, 200);
}

int
admin_profile_post(struct ctx *c)
{
	struct profile_check chk = { 0 };
	struct profile_in in = { 0 };
	struct form f;
	int64_t id = c->ids[0], version;
	bool present;
	int st;

	form_begin(&f, c, "profile");
	read_profile(&f, c, &in);
	version = in_int(c, "version", &present);
	if (f.failed)
		return profile_page(c, id, &f, NULL, NULL, 400);
	st = profile_update(c->db, c->user.id, id, version, &in, &chk);
	if (st == DB_CONFLICT)
		return profile_page(c, id, &f, NULL, "admin.profile.conflict", 409);
	if (st == DB_DUPLICATE) {
		form_error(&f, "key", "admin.competence.error.key_taken");
		return profile_page(c, id, &f, NULL, NULL, 400);
	}
	if (st != DB_OK)
		return http_status_of(st);
	if (chk.problem != PROFILE_OK)
		return profile_page(c, id, &f, &chk, NULL, 400);
	return org_redirect(c, "/admin/profiles", "flash.saved");
}

/* ---- key result areas of a profile (issue 16) ---- */

/* The op field's choices (routes.c declares them) and what each does. */
static const struct {
	const char *name;
	enum area_op op;
} area_ops[] = {
	{ "add", AREA_ADD }, { "save", AREA_RENAME }, { "up", AREA_UP },
	{ "down", AREA_DOWN }, { "remove", AREA_REMOVE },
};

/* Reads the area form into in; false when a field is wrong (each named
 * on the form).  Adding needs a key and a Dutch name; renaming a Dutch
 * name; every op but add names the area. */
static bool
read_area(struct form *f, const struct ctx *c, struct area_in *in)
{
	const char *op = in_choice(c, "op");
	bool found = false;

	for (size_t i = 0; op && i < sizeof(area_ops) / sizeof(area_ops[0]); i++)
		if (strcmp(op, area_ops[i].name) == 0) {
			in->op = area_ops[i].op;
			found = true;
		}
	if (!found)
		return false;	/* the declared choice already failed the form */
	in->area_id = in_id(c, "area");
	in->key = in_text(c, "area_key");
	in->name_nl = in_text(c, "area_name");
	in->name_en = in_text(c, "area_name_en");
	/* a field typed wrong already carries its problem (form_begin) */
	if (in->op == AREA_ADD && !in_given(c, "area_key"))
		form_error(f, "area_key", "form.error.required");
	else if (in->op == AREA_ADD && in->key && !competence_key_ok(in->key))
		form_error(f, "area_key", "admin.competence.error.key");
	if ((in->op == AREA_ADD || in->op == AREA_RENAME) && !in_given(c, "area_name"))
		form_error(f, "area_name", "form.error.required");
	if (in->op != AREA_ADD && !in_given(c, "area"))
		form_error(f, "area", "form.error.required");
	return !f->failed;
}

/* Where a refusal is named, and with which text. */
static void
mark_area(struct form *f, enum area_problem p)
{
	static const struct {
		const char *field, *key;
	} named[] = {
		[AREA_OK] = { NULL, NULL },
		[AREA_KEY_TAKEN] = { "area_key", "admin.profile.area.error.key_taken" },
		[AREA_TOO_MANY] = { "area_key", "admin.profile.area.error.too_many" },
		[AREA_IN_USE] = { "area", "admin.profile.area.error.in_use" },
		[AREA_GONE] = { "area", "form.error.choice" },
	};

	if (p != AREA_OK)
		form_error(f, named[p].field, named[p].key);
}

/* The profile page with the refused area form; <form name="area"
 * area="ID"> names the area a row's form was about (none: the new one). */
static int
area_page(struct ctx *c, int64_t id, const struct form *f, const struct area_in *in,
    const char *alert, int status)
{
	int got = profile_page(c, id, NULL, NULL, alert, status);
	xmlNodePtr n;

	if (got != status || c->page == NULL)
		return got;
	n = form_xml(f, c->page);
	if (n && in->op != AREA_ADD && in->area_id > 0)
		xml_set_int(n, "area", in->area_id);
	return status;
}

int
admin_profile_areas_post(struct ctx *c)
{
	struct area_in in = { .op = AREA_ADD };
	enum area_problem problem = AREA_OK;
	int64_t id = c->ids[0], version, goals = 0;
	char where[64];
	struct form f;
	bool present;
	int st;

	form_begin(&f, c, "area");
	version = in_int(c, "version", &present);
	if (!read_area(&f, c, &in))
		return area_page(c, id, &f, &in, NULL, 400);
	st = profile_area_change(c->db, c->user.id, id, version, &in, &problem, &goals);
	if (st == DB_CONFLICT)
		return area_page(c, id, &f, &in, "admin.profile.conflict", 409);
	if (st != DB_OK)
		return http_status_of(st);
	if (problem != AREA_OK) {
		mark_area(&f, problem);
		return area_page(c, id, &f, &in, NULL, problem == AREA_GONE ? 404 : 400);
	}
	snprintf(where, sizeof(where), "/admin/profiles/%lld#areas", (long long)id);
	return org_redirect(c, where, "flash.saved");
}

/* ---- XML export and import ---- */

int
admin_competences_export(struct ctx *c)
{
	struct competence_set set;
	char *doc = NULL;
	size_t len = 0;
	int st;

	competence_set_init(&set);
	st = competence_set_load(c->db, &set);
	if (st == DB_OK && !compxml_write(&set, &doc, &len))
		st = DB_ERROR;
	competence_set_free(&set);
	if (st != DB_OK)
		return http_status_of(st);
	resp_header(c->req, "Content-Disposition", "attachment; filename=\"competenties.xml\"");
	resp_begin(c->req, 200, CTYPE_XML);
	if (!c->req->is_head)
		resp_write(c->req, doc, len);
	free(doc);
	return HANDLER_SENT;
}

static void
problems_xml(xmlNodePtr page, const struct compxml_report *rep)
{
	xmlNodePtr n = xml_add(page, "import-problems");

	xml_set_int(n, "total", (int64_t)rep->total);
	for (size_t i = 0; i < rep->n; i++) {
		xmlNodePtr p = xml_add_text(n, "problem", rep->p[i].reason);

		xml_set_int(p, "line", (int64_t)rep->p[i].line);
	}
}

static void
counts_xml(xmlNodePtr page, bool apply, const struct competence_import_counts *k)
{
	xmlNodePtr n = xml_add(page, "import-result");

	xml_set(n, "mode", apply ? "apply" : "dry-run");
	xml_set_int(n, "competences-added", (int64_t)k->competences_added);
	xml_set_int(n, "competences-changed", (int64_t)k->competences_changed);
	xml_set_int(n, "competences-same", (int64_t)k->competences_same);
	xml_set_int(n, "profiles-added", (int64_t)k->profiles_added);
	xml_set_int(n, "profiles-changed", (int64_t)k->profiles_changed);
	xml_set_int(n, "profiles-same", (int64_t)k->profiles_same);
}

/* Reads, checks and applies (or tries) the file; the page with what it
 * did or why it was refused. */
static int
import_file(struct ctx *c, struct form *f, const char *data, size_t len, bool apply)
{
	char xsd[CONF_STR_MAX + sizeof(COMPETENCES_XSD)];
	struct competence_import_counts k = { 0 };
	struct compxml_report *rep = calloc(1, sizeof(*rep));
	struct competence_set set;
	xmlNodePtr page = NULL;
	int st = DB_OK, status;

	if (rep == NULL)
		return 500;
	competence_set_init(&set);
	snprintf(xsd, sizeof(xsd), "%s%s", c->conf->stylesheets, COMPETENCES_XSD);
	if (!compxml_read(data, len, xsd, &set, rep)) {
		status = rep->oom ? 500 : 400;
		form_error(f, "file", "admin.competences.import.refused");
	} else {
		st = competence_set_apply(c->db, c->user.id, &set, !apply, &k);
		status = st == DB_OK ? 200 : http_status_of(st);
	}
	competence_set_free(&set);
	if (status == 200 || status == 400) {
		status = list_page_at(c, f, status, &page);
		if (page && rep->total)
			problems_xml(page, rep);
		else if (page)
			counts_xml(page, apply, &k);
	}
	free(rep);
	return status;
}

int
admin_competences_import(struct ctx *c)
{
	const char *data = NULL, *mode;
	struct form f;
	size_t len = 0;

	form_begin(&f, c, "competence-import");
	mode = in_choice(c, "mode");
	if (!request_file(c->req, "file", &data, &len, NULL) || len == 0)
		form_error(&f, "file", "import.error.file_missing");
	if (f.failed)
		return list_page(c, &f, 400);
	return import_file(c, &f, data, len, mode && strcmp(mode, "apply") == 0);
}

/* ---- an employee's job profile (the employee page, admin_employee.c) ---- */

int
employee_profile_xml(struct ctx *c, int64_t employee_id)
{
	char key[COMPETENCE_KEY_MAX + 1];
	int64_t profile = 0;
	xmlNodePtr n;
	int st;

	if ((st = employee_profile_get(c->db, employee_id, &profile, key, sizeof(key))) != DB_OK)
		return st;
	n = xml_add(c->page, "job-profiles");
	if (profile)
		xml_set_int(n, "current", profile);
	return profiles_list(c->db, profile_item, n);
}

int
admin_employee_profile_post(struct ctx *c)
{
	struct employee_view v = { 0 };
	int64_t id = c->ids[0], profile;
	bool missing = false;
	struct form f;
	char where[64];
	int st;

	form_begin(&f, c, "job-profile");
	v.form = &f;
	profile = in_id(c, "job_profile");
	if (f.failed)
		return employee_view(c, id, &v, 400);
	st = employee_profile_set(c->db, c->user.id, id, profile, &missing);
	if (st == DB_NOTFOUND && missing) {
		form_error(&f, "job_profile", "form.error.choice");
		return employee_view(c, id, &v, 400);
	}
	if (st != DB_OK)
		return http_status_of(st);
	snprintf(where, sizeof(where), "/admin/employees/%lld", (long long)id);
	return org_redirect(c, where, "flash.saved");
}
