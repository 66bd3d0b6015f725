/* app_resume.c -- nothing typed is lost when a session ends.
 *
 * A manager writing an assessment for longer than the idle limit used to
 * get a bare 403 and lose the text.  Now a form sent after the session
 * ended is kept (store/draft.h) against the person the ended session row
 * still names -- only when the form carries that session's own CSRF token,
 * so no other site or person can plant text in someone's form -- and the
 * login form says the session ended.  After login the browser returns to
 * the page the form was on, and the typed fields are back in the form,
 * unsaved: the person reads them and presses save again, with the new
 * session's CSRF token.  The same return works for a link opened while
 * logged out (an invitation mail): the login form carries the page.
 *
 * The kept text is never logged: the request's log line names the path
 * only. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "base/log.h"
#include "base/util.h"
#include "base/validate.h"
#include "http/params.h"
#include "http/router.h"
#include "http/url.h"
#include "store/draft.h"
#include "xml/page.h"

/* The flash that announces a kept form after login; its GET restores it. */
#define FLASH_RESTORED "flash.draft_restored"
/* The field that names an edited item's conversation (POST /items/{id}). */
#define FIELD_CONVERSATION "conversation"
/* The field that names the item of a progress note (POST .../updates). */
#define FIELD_ITEM "item"

/* The template editor's form (admin_template_edit.c): kept whole, every
 * field of the body, and given back as the request's fields. */
#define FORM_TEMPLATE_EDIT "template-edit"
/* The editor's button pressed: not kept, so the form comes back without
 * being saved (the person presses save again). */
#define FIELD_OP "op"

/* The forms whose text is kept: those of the conversation page and the
 * template editor, where people write at length.  Each names the form as
 * its handler does (form_begin), so the page shows the kept fields in the
 * right form. */
static const struct resumable {
	const char *pattern;	/* the POST route's */
	const char *form;
} resumables[] = {
	{ "/admin/templates/new", FORM_TEMPLATE_EDIT },
	{ "/admin/templates/{id}/edit", FORM_TEMPLATE_EDIT },
	{ "/conversations/{id}/items", "item-new" },
	{ "/items/{id}", "item-edit" },
	{ "/conversations/{id}/updates", "update" },
	{ "/conversations/{id}/remarks", "remark" },
	{ "/conversations/{id}/overall", "overall" },
	{ "/conversations/{id}/plan", "plan" },
	{ "/conversations/{id}/sign", "sign" },
	{ "/conversations/{id}/reopen", "reopen" },
};

static const struct resumable *
resumable_of(const struct route *r)
{
	size_t i;

	for (i = 0; i < sizeof(resumables) / sizeof(resumables[0]); i++)
		if (strcmp(r->pattern, resumables[i].pattern) == 0)
			return &resumables[i];
	return NULL;
}

/* The page the form was on: its conversation, or for an item's form the
 * editor it was typed in (issue 15: one editor at a time, at its own URL;
 * the editor of a new item opens the kept form's kind).  False when
 * unknown. */
static bool
page_of(const struct ctx *c, const struct resumable *rs, char *page, size_t size)
{
	int64_t id = c->ids[0], item = 0;
	bool present = true, update = strcmp(rs->form, "update") == 0;

	/* The editor is at its own URL, GET and POST alike. */
	if (strcmp(rs->form, FORM_TEMPLATE_EDIT) == 0)
		return strlcopy(page, c->req->path, size);
	if (strcmp(rs->form, "item-edit") == 0) {
		id = input_num(&c->in, FIELD_CONVERSATION, &present);
		item = c->ids[0];
	} else if (update) {
		item = input_num(&c->in, FIELD_ITEM, &present);	/* declared required */
	}
	if (!present || id <= 0 || item < 0)
		return false;
	if (strcmp(rs->form, "item-new") == 0)
		snprintf(page, size, "/conversations/%lld/items/new", (long long)id);
	else if (item > 0)
		snprintf(page, size, "/conversations/%lld/items/%lld/%s", (long long)id,
		    (long long)item, update ? "update" : "edit");
	else
		snprintf(page, size, "/conversations/%lld", (long long)id);
	return true;
}

/* The declared fields as typed, name NUL value NUL ...; empty ones are
 * left out.  False when they do not fit DRAFT_BYTES_MAX. */
static bool
pack_fields(const struct form *f, struct buf *out)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		const char *v = f->f[i].value;

		if (v == NULL || v[0] == '\0')
			continue;
		buf_append(out, f->f[i].name, strlen(f->f[i].name) + 1);
		buf_append(out, v, strlen(v) + 1);
	}
	return !out->failed && out->len <= DRAFT_BYTES_MAX;
}

/* Every field of the body as typed (the editor's rows repeat: its
 * declaration names them with '#'), but the CSRF token and the button;
 * packed and bounded as above. */
static bool
pack_body(const struct request *r, struct buf *out)
{
	size_t i;

	for (i = r->nquery; i < r->params.n; i++) {
		const struct param *p = &r->params.v[i];

		if (p->value[0] == '\0' || strcmp(p->name, INPUT_CSRF) == 0 ||
		    strcmp(p->name, FIELD_OP) == 0)
			continue;
		buf_append(out, p->name, strlen(p->name) + 1);
		buf_append(out, p->value, strlen(p->value) + 1);
	}
	return !out->failed && out->len <= DRAFT_BYTES_MAX;
}

/* The ended session's person when the form came from that session's own
 * pages (its CSRF token), else 0. */
static int
owner_of_form(struct ctx *c, int64_t *employee_id)
{
	char csrf[CSRF_HEX_LEN + 1];
	const char *sent = request_body_param(c->req, INPUT_CSRF);
	int st;

	*employee_id = 0;
	st = draft_session_owner(c->db, c->ended_hash, employee_id, csrf, sizeof(csrf));
	if (st == DB_NOTFOUND)
		return DB_OK;
	if (st != DB_OK)
		return st;
	if (sent == NULL || strlen(sent) != CSRF_HEX_LEN || strlen(csrf) != CSRF_HEX_LEN ||
	    !ct_equal(sent, csrf, CSRF_HEX_LEN))
		*employee_id = 0;
	return DB_OK;
}

/* Keeps the form of c's POST for its person (*kept); *page becomes the
 * page to return to ("" when the form is not one that is kept).  A form
 * past what a draft holds is not kept, and *kept says so: the page then
 * tells how to save the text rather than losing it unsaid. */
static int
keep_form(struct ctx *c, char *page, size_t size, enum kept_form *kept)
{
	const struct resumable *rs = resumable_of(c->route);
	int64_t who;
	struct buf fields;
	bool packed;
	int st;

	page[0] = '\0';
	*kept = FORM_NOT_KEPT;
	if (rs == NULL)
		return DB_OK;
	/* Undeclared fields: not a form of ours; nothing is kept. */
	if (input_check(&c->in, c->route->fields, c->req) != 0 || !page_of(c, rs, page, size))
		return DB_OK;
	if ((st = owner_of_form(c, &who)) != DB_OK || who == 0)
		return st;
	buf_init(&fields);
	packed = strcmp(rs->form, FORM_TEMPLATE_EDIT) == 0 ? pack_body(c->req, &fields) :
	    pack_fields(&c->in.form, &fields);
	if (packed && fields.len > 0) {
		st = draft_keep(c->db, who, page, rs->form, c->req->path, fields.data,
		    fields.len);
		*kept = st == DB_OK ? FORM_KEPT : FORM_NOT_KEPT;
	} else if (!packed && !fields.failed) {
		*kept = FORM_TOO_LARGE;
	}
	buf_free(&fields);
	return st;
}

int
resume_expired_post(struct ctx *c)
{
	char page[DRAFT_PAGE_MAX + 1];
	enum kept_form kept;
	int st = keep_form(c, page, sizeof(page), &kept);

	/* A store that cannot keep it: say so rather than pretend. */
	if (st != DB_OK)
		return http_status_of(st);
	return app_expired_page(c, page, kept);
}

/* path?query of c's GET, the query re-encoded; false when it fails. */
static bool
requested(const struct ctx *c, struct buf *out)
{
	const struct params *p = &c->req->params;
	struct buf q;
	size_t i;

	buf_init(&q);
	buf_puts(out, c->req->path);
	for (i = 0; i < c->req->nquery && i < p->n; i++)
		url_param(&q, p->v[i].name, p->v[i].value);
	if (q.len > 0) {
		buf_puts(out, "?");
		buf_append(out, q.data, q.len);
	}
	buf_append(out, "", 1);
	buf_free(&q);
	return !out->failed;
}

int
resume_to_login(struct ctx *c)
{
	struct buf next, q;

	buf_init(&next);
	buf_init(&q);
	strlcopy(c->location, "/login", sizeof(c->location));
	/* The dashboard is where a login goes anyway; a path that is not
	 * plainly one of ours is not carried. */
	if (requested(c, &next) && strcmp(next.data, "/") != 0 &&
	    local_path_valid(next.data, RETURN_PATH_MAX) && url_param(&q, "next", next.data) &&
	    buf_append(&q, "", 1))
		snprintf(c->location, sizeof(c->location), "/login?%s", q.data);
	buf_free(&next);
	buf_free(&q);
	return HANDLER_REDIRECT;
}

int
resume_after_login(struct ctx *c, int64_t employee_id, const char *next)
{
	char page[DRAFT_PAGE_MAX + 1];
	bool found = false;
	int st;

	if (next == NULL || !local_path_valid(next, RETURN_PATH_MAX))
		next = "/";
	strlcopy(c->location, next, sizeof(c->location));
	/* A kept form belongs to a page (path without query). */
	strlcopy(page, next, sizeof(page));
	page[strcspn(page, "?#")] = '\0';
	if ((st = draft_exists(c->db, employee_id, page, &found)) != DB_OK)
		return st;
	return found ? auth_flash(c, FLASH_RESTORED) : DB_OK;
}

/* One field of a packed form, into form; false at its end. */
static bool
unpack_field(const struct buf *b, size_t *at, const char **name, const char **value)
{
	const char *end = b->data + b->len, *p = b->data + *at, *nul;

	if (*at >= b->len || (nul = memchr(p, '\0', (size_t)(end - p))) == NULL)
		return false;
	*name = p;
	p = nul + 1;
	if (p >= end || (nul = memchr(p, '\0', (size_t)(end - p))) == NULL)
		return false;
	*value = p;
	*at = (size_t)(nul + 1 - b->data);
	return true;
}

/* The page already shows a form (a refused POST's): it stays alone. */
static bool
has_form(xmlNodePtr page)
{
	xmlNodePtr n;

	for (n = page->children; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST "form"))
			return true;
	return false;
}

static void
restore_xml(struct ctx *c, const struct draft *d)
{
	xmlNodePtr f = xml_add(c->page, "form"), fl;
	const char *name, *value;
	size_t at = 0;

	xml_set(f, "name", d->form);
	xml_set(f, "restored", "1");
	/* The edited item, for a form that is not at its own URL now. */
	if (strncmp(d->action, "/items/", sizeof("/items/") - 1) == 0)
		xml_set(f, "item", d->action + sizeof("/items/") - 1);
	while (unpack_field(&d->fields, &at, &name, &value)) {
		fl = xml_add(f, "field");
		xml_set(fl, "name", name);
		xml_set(fl, "value", value);
	}
}

int
resume_restore(struct ctx *c, int status)
{
	struct draft d;
	int st;

	if (status != 200 || c->req->is_post || !c->logged_in || c->doc == NULL ||
	    c->page == NULL || strcmp(c->session.flash, FLASH_RESTORED) != 0 ||
	    has_form(c->page))
		return DB_OK;
	memset(&d, 0, sizeof(d));
	buf_init(&d.fields);
	st = draft_take(c->db, c->user.id, c->req->path, &d);
	if (st == DB_OK)
		restore_xml(c, &d);
	buf_free(&d.fields);
	return st == DB_NOTFOUND ? DB_OK : st;
}

/* The bounds the kept form was sent under: those of the POST route it was
 * sent to (action), not of this GET, which declares no fields -- the
 * template editor's form may hold far more than [limits] params. */
static struct limits
kept_limits(const struct ctx *c, const char *action)
{
	struct route_result m;

	if (router_match(app_routes, app_routes_len, "POST", action, &m) == ROUTE_FOUND)
		return app_limits_for(c->conf, m.route);
	return app_limits_for(c->conf, c->route);
}

/* The kept fields as body fields of c's request. */
static int
fields_into_request(struct ctx *c, const struct draft *d)
{
	struct limits lim = kept_limits(c, d->action);
	const struct buf *fields = &d->fields;
	struct request *r = c->req;
	const char *name, *value;
	size_t at = 0, total = r->params.n;

	/* A GET has no body: what follows the query is the kept form's. */
	r->nquery = r->params.n;
	while (unpack_field(fields, &at, &name, &value))
		if (params_add(&r->params, name, value, strlen(value), &lim, &total) != PARSE_OK)
			return DB_ERROR;	/* it was within these bounds when kept */
	return DB_OK;
}

int
resume_take_fields(struct ctx *c, bool *restored)
{
	struct draft d;
	int st;

	*restored = false;
	if (c->req->is_post || !c->logged_in || strcmp(c->session.flash, FLASH_RESTORED) != 0)
		return DB_OK;
	memset(&d, 0, sizeof(d));
	buf_init(&d.fields);
	st = draft_take(c->db, c->user.id, c->req->path, &d);
	if (st == DB_OK && (st = fields_into_request(c, &d)) == DB_OK)
		*restored = true;
	buf_free(&d.fields);
	return st == DB_NOTFOUND ? DB_OK : st;
}
