/* admin_templates.c -- HR's form templates (issue 16; HR only, routes.c):
 *
 *   GET  /admin/templates               the templates and the import form
 *   POST /admin/templates/import        multipart `file`, `mode` dry-run|apply
 *   GET  /admin/templates/{id}          a template's newest version, read-only
 *   GET  /admin/templates/{id}/export   that version as XML (template.xsd)
 *
 * An import reads the file as gesprekctl template import does
 * (import/template_xml.h: no DTD, no entities, the schema, the rules) and
 * writes it as a new version of its template; a dry run writes it and
 * rolls it back, so it meets every check of the real one and changes
 * nothing.  A refused file is named with its line and reason, and nothing
 * changes.  The editor comes in a later slice. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "import/template_xml.h"
#include "pages/form.h"
#include "pages/pages.h"
#include "base/util.h"
#include "xml/page.h"
#include "store/template.h"

#define TPL_XSD "/schema/template.xsd"
#define TPL_CTYPE "application/xml"
/* "gesprek-template-" key "-v" number ".xml" */
#define TPL_NAME_MAX (sizeof("gesprek-template--v.xml") + TPL_KEY_MAX + 12)
#define TPL_DISPOSITION_MAX (TPL_NAME_MAX + sizeof("attachment; filename=\"\""))

/* ---- a template in the page document ---- */

static void
text_xml(xmlNodePtr parent, const char *name, const struct tpl_text *x)
{
	size_t l;

	for (l = 0; l < TPL_LANGS; l++)
		if (x->v[l])
			xml_set(xml_add_text(parent, name, x->v[l]), "lang", tpl_lang_names[l]);
}

static void
scale_xml(xmlNodePtr parent, const struct tpl_scale *sc)
{
	xmlNodePtr n = xml_add(parent, "scale"), l;
	size_t i;

	xml_set(n, "key", sc->key);
	for (i = 0; i < sc->nlevels; i++) {
		l = xml_add(n, "level");
		xml_set_int(l, "value", sc->level[i].value);
		text_xml(l, "label", &sc->level[i].label);
		text_xml(l, "description", &sc->level[i].description);
	}
}

static void
section_xml(xmlNodePtr parent, const struct tpl_section *x)
{
	xmlNodePtr n = xml_add(parent, "section");

	xml_set(n, "key", x->key);
	xml_set(n, "kind", tpl_kind_names[x->kind]);
	xml_set(n, "answered-by", tpl_who_names[x->answered_by]);
	xml_set(n, "required", x->required ? "1" : "0");
	xml_set(n, "self-assessment", x->self_assessment ? "1" : "0");
	if (x->scale[0])
		xml_set(n, "scale", x->scale);
	if (x->explain_below >= 0)
		xml_set_int(n, "explain-below", x->explain_below);
	text_xml(n, "title", &x->title);
	text_xml(n, "guidance", &x->guidance);
}

static void
rules_xml(xmlNodePtr parent, const struct tpl *t)
{
	xmlNodePtr n = xml_add(parent, "goal-rules"), o;
	size_t p;

	xml_set(n, "org-goal", t->goal_required[TPL_RULE_ORG_GOAL] ? "1" : "0");
	xml_set(n, "measure", t->goal_required[TPL_RULE_MEASURE] ? "1" : "0");
	xml_set(n, "end-date", t->goal_required[TPL_RULE_END_DATE] ? "1" : "0");
	o = xml_add(parent, "outcome");
	if (t->final_scale[0])
		xml_set(o, "final-scale", t->final_scale);
	xml_set(o, "second-assessor", t->second_assessor ? "1" : "0");
	for (p = 0; p < TPL_PARTS; p++) {
		xmlNodePtr w = xml_add(o, "weight");

		xml_set(w, "part", tpl_part_names[p]);
		xml_set_int(w, "percent", t->weight[p]);
	}
}

/* The feedback round (issue 17), shown as it is (the editor keeps it). */
static void
feedback_xml(xmlNodePtr parent, const struct tpl_feedback *fb)
{
	xmlNodePtr n, q;
	size_t i;

	if (!fb->enabled)
		return;
	n = xml_add(parent, "feedback");
	xml_set(n, "conversation", tpl_conv_names[fb->conversation]);
	xml_set(n, "invited-by", tpl_who_names[fb->invited_by]);
	xml_set(n, "anonymity", fb->anonymous ? "anonymous" : "named");
	xml_set_int(n, "threshold", fb->threshold);
	xml_set(n, "employee-sees", tpl_fb_sees_names[fb->employee_sees]);
	for (i = 0; i < fb->nquestions; i++) {
		q = xml_add(n, "question");
		xml_set(q, "key", fb->question[i].key);
		xml_set(q, "kind", tpl_fb_kind_names[fb->question[i].kind]);
		if (fb->question[i].scale[0])
			xml_set(q, "scale", fb->question[i].scale);
		text_xml(q, "title", &fb->question[i].title);
	}
}

static void
template_xml(xmlNodePtr parent, int64_t id, const struct tpl *t)
{
	xmlNodePtr n = xml_add(parent, "template"), f;
	size_t i, j;

	xml_set_int(n, "id", id);
	xml_set(n, "key", t->key);
	xml_set_int(n, "number", t->number);
	text_xml(n, "name", &t->name);
	text_xml(n, "description", &t->description);
	for (i = 0; i < t->nscales; i++)
		scale_xml(n, &t->scale[i]);
	rules_xml(n, t);
	for (i = 0; i < t->nforms; i++) {
		f = xml_add(n, "form");
		xml_set(f, "type", tpl_conv_names[t->form[i].type]);
		for (j = 0; j < t->form[i].nsections; j++)
			section_xml(f, &t->form[i].section[j]);
	}
	feedback_xml(n, &t->feedback);
}

/* ---- the list ---- */

static int
add_row(void *ud, const struct template_row *r)
{
	xmlNodePtr n = xml_add(ud, "template");

	xml_set_int(n, "id", r->id);
	xml_set(n, "key", r->key);
	xml_set(n, "name-nl", r->name_nl);
	if (r->name_en[0])
		xml_set(n, "name-en", r->name_en);
	xml_set_int(n, "versions", r->versions);
	xml_set(n, "default", r->is_default ? "1" : "0");
	xml_set_int(n, "in-use", r->in_use);
	return DB_OK;
}

/* The list page with status; *out the page node (for a result to add). */
static int
list_page(struct ctx *c, const struct form *f, int status, xmlNodePtr *out)
{
	int st;

	if (!page_begin(c, "admin_templates"))
		return 500;
	if (f)
		form_xml(f, c->page);
	if ((st = template_list(c->db, add_row, xml_add(c->page, "templates"))) != DB_OK) {
		xmlFreeDoc(c->doc);
		c->doc = NULL;
		return http_status_of(st);
	}
	if (out)
		*out = c->page;
	return status;
}

int
admin_templates_get(struct ctx *c)
{
	return list_page(c, NULL, 200, NULL);
}

/* ---- import ---- */

static int
refused(struct ctx *c, const struct form *f, const struct tpl_error *err)
{
	xmlNodePtr page = NULL, n;
	int status = list_page(c, f, 400, &page);

	if (page == NULL)
		return status;
	n = xml_add(page, "template-refused");
	if (err->line)
		xml_set_int(n, "line", (int64_t)err->line);
	xml_set(n, "reason", err->reason);
	return status;
}

static int
dry_run_page(struct ctx *c, const struct form *f, const struct tpl *t,
    const struct tpl_saved *s)
{
	xmlNodePtr page = NULL, n;
	int status = list_page(c, f, 200, &page);

	if (page == NULL)
		return status;
	n = xml_add(page, "template-dry-run");
	xml_set(n, "key", t->key);
	xml_set_int(n, "number", s->number);
	xml_set(n, "new", s->created ? "1" : "0");
	template_xml(n, 0, t);
	return status;
}

static int
import_file(struct ctx *c, struct form *f, const char *data, size_t len, bool apply)
{
	char xsd[CONF_STR_MAX + sizeof(TPL_XSD)];
	struct tpl_error err;
	struct tpl_saved saved;
	struct tpl *t;
	int st, status;

	snprintf(xsd, sizeof(xsd), "%s%s", c->conf->stylesheets, TPL_XSD);
	if ((t = tpl_read(data, len, xsd, &err)) == NULL)
		return refused(c, f, &err);
	st = template_save_version(c->db, t, c->user.id, !apply, &saved);
	if (st != DB_OK)
		status = http_status_of(st);
	else if (!apply)
		status = dry_run_page(c, f, t, &saved);
	else if ((st = auth_flash(c, "flash.template_imported")) != DB_OK)
		status = http_status_of(st);
	else {
		snprintf(c->location, sizeof(c->location), "/admin/templates/%lld",
		    (long long)saved.template_id);
		status = HANDLER_REDIRECT;
	}
	tpl_free(t);
	return status;
}

int
admin_templates_import_post(struct ctx *c)
{
	const char *mode, *data = NULL;
	size_t len = 0;
	struct form f;

	form_begin(&f, c, "template-import");
	mode = in_choice(c, "mode");	/* NULL when missing: f.failed */
	if (!request_file(c->req, "file", &data, &len, NULL) || len == 0)
		form_error(&f, "file", "import.error.file_missing");
	if (f.failed)
		return list_page(c, &f, 400, NULL);
	return import_file(c, &f, data, len, strcmp(mode, "apply") == 0);
}

/* ---- one template ---- */

/* The newest version of the template of the route's id into *t. */
static int
load(struct ctx *c, struct tpl **t)
{
	int st;

	if ((*t = tpl_new()) == NULL)
		return 500;
	st = template_load_id(c->db, c->ids[0], 0, *t);
	return st == DB_OK ? 200 : st == DB_NOTFOUND ? 404 : http_status_of(st);
}

int
admin_template_get(struct ctx *c)
{
	struct tpl *t = NULL;
	int status = load(c, &t);

	if (status == 200 && !page_begin(c, "admin_template"))
		status = 500;
	if (status == 200)
		template_xml(c->page, c->ids[0], t);
	tpl_free(t);
	return status;
}

int
admin_template_export(struct ctx *c)
{
	char name[TPL_NAME_MAX], disposition[TPL_DISPOSITION_MAX];
	struct tpl *t = NULL;
	struct buf xml;
	int status = load(c, &t);

	buf_init(&xml);
	if (status == 200 && !tpl_write(t, &xml))
		status = 500;
	if (status == 200) {
		snprintf(name, sizeof(name), "gesprek-template-%s-v%d.xml", t->key, t->number);
		snprintf(disposition, sizeof(disposition), "attachment; filename=\"%s\"", name);
		resp_header(c->req, "Content-Disposition", disposition);
		resp_send(c->req, 200, TPL_CTYPE, xml.data, xml.len);
		status = HANDLER_SENT;
	}
	buf_free(&xml);
	tpl_free(t);
	return status;
}
