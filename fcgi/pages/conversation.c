/* conversation.c -- GET /dossiers/{id}, GET /conversations/{id}, its item
 * editors (GET /conversations/{id}/items/...) and the calendar invitation
 * GET /conversations/{id}.ics. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <libxml/parser.h>

#include "app.h"
#include "notify/ics.h"
#include "pages/admin_cycle.h"	/* audit_reads_xml */
#include "pages/conv_template.h"
#include "pages/conv_view.h"
#include "pages/form.h"
#include "pages/pages.h"
#include "pages/proposal.h"
#include "pages/review.h"
#include "base/util.h"
#include "xml/i18n.h"
#include "xml/page.h"
#include "xml/render.h"
#include "store/dossier.h"
#include "store/draft.h"
#include "store/employee.h"
#include "store/goal.h"

/* Room for the SUMMARY and DESCRIPTION of an invitation (names of
 * NAME_BYTES each and a cycle name). */
#define ICS_TEXT_MAX (3 * NAME_BYTES)
/* An id in decimal: INT64_MAX has 19 digits, and room for a sign. */
#define ID_DIGITS 20

static void
add_side_flags(struct ctx *c, const struct dossier_view *v, const struct conversation *cv,
    xmlNodePtr conv)
{
	bool manager = v->side == SIDE_MANAGER, party = v->writable;
	bool early = strcmp(cv->status, "planned") == 0 || strcmp(cv->status, "preparing") == 0;
	bool finalized = strcmp(cv->status, "finalized") == 0;
	const char *status = cv->status;
	xmlNodePtr may = xml_add(conv, "may");

	if (party && manager && early)
		xml_set(may, "plan", "1");
	if (party && early)
		xml_set(may, "share", "1");
	if (party && manager && early)
		xml_set(may, "hold", "1");
	if (party && manager && strcmp(status, "held") == 0)
		xml_set(may, "finalize", "1");
	if (party && finalized && review_sign_open(cv))
		xml_set(may, "sign", "1");	/* the handler checks whose turn it is */
	/* HR reopens as an advisor of this dossier (conv_view.c), never as
	 * administrator alone (rules/roles.h roles_may_reopen). */
	if (v->hr && (finalized || strcmp(status, "closed") == 0))
		xml_set(may, "reopen", "1");
	if (conversation_editable(v, cv)) {
		xml_set(may, "edit", "1");
		if (manager && strcmp(cv->type, "assessment") == 0)
			xml_set(may, "rate", "1");
	}
}

static int add_collective(void *ud, const struct collective_row *g);

int
dossier_get_page(struct ctx *c)
{
	struct dossier_view v;
	int rc, st;

	if (!view_read_recorded(c)) {
		page_cache_begin(c);
		if (page_cache_stamped(c, STAMP_DOSSIER, c->ids[0]))
			return HANDLER_SENT;
	}
	rc = dossier_view_load(c, c->ids[0], &v);

	if (rc != 200)
		goto out;
	/* A deputy's own stamp does not move with the dossier (issue 17). */
	if ((v.side == SIDE_EMPLOYEE || v.side == SIDE_MANAGER) && !v.deputy)
		page_cache_by_person(c);
	rc = 500;
	if (!page_begin(c, "dossier"))
		goto out;
	st = view_xml(c, &v, NULL, c->page);
	if (st == DB_OK)
		st = collective_goals_for_dossier(c->db, v.d.id, add_collective,
		    xml_add(c->page, "collective_goals"));
	/* The employee sees who of HR read their dossier (issue 17), on this
	 * page: /page/reads. */
	if (st == DB_OK && v.side == SIDE_EMPLOYEE)
		st = audit_reads_xml(c, NULL, v.d.id, c->page);
	rc = st == DB_OK ? 200 : http_status_of(st);
out:
	dossier_view_free(&v);
	return rc;
}

/* A closed report shows what was signed: its items and remarks come from
 * the stored snapshot, not from the live rows (items carried into later
 * conversations change status there).  Signatures and hashes stay live. */
static int
use_snapshot(struct ctx *c, const struct conversation *cv, xmlNodePtr conv)
{
	static const char *const frozen[] = { "items", "remarks", "overall_note", "form_template" };
	struct buf xml;
	xmlDocPtr snap = NULL;
	xmlNodePtr sconv, n, next;
	size_t i;
	int st;

	buf_init(&xml);
	if ((st = snapshot_latest(c->db, cv->id, &xml)) != DB_OK)
		goto out;
	st = DB_ERROR;
	snap = xmlReadMemory(xml.data, (int)xml.len, NULL, "UTF-8", XML_PARSE_NONET);
	if (snap == NULL || (sconv = xmlDocGetRootElement(snap)) == NULL)
		goto out;
	for (sconv = sconv->children; sconv && !xmlStrEqual(sconv->name, BAD_CAST "conversation");)
		sconv = sconv->next;
	if (sconv == NULL)
		goto out;
	for (i = 0; i < sizeof(frozen) / sizeof(frozen[0]); i++) {
		for (n = conv->children; n; n = next) {
			next = n->next;
			if (xmlStrEqual(n->name, BAD_CAST frozen[i])) {
				xmlUnlinkNode(n);
				xmlFreeNode(n);
			}
		}
		for (n = sconv->children; n; n = n->next)
			if (xmlStrEqual(n->name, BAD_CAST frozen[i]))
				xmlAddChild(conv, xmlDocCopyNode(n, conv->doc, 1));
	}
	xml_set(conv, "from_snapshot", "1");
	st = DB_OK;
out:
	if (snap)
		xmlFreeDoc(snap);
	buf_free(&xml);
	return st == DB_NOTFOUND ? DB_OK : st;	/* closed before snapshots: live */
}

/* The last child element of parent named name, or NULL. */
static xmlNodePtr
last_child_named(xmlNodePtr parent, const char *name)
{
	xmlNodePtr n = xmlGetLastChild(parent);

	while (n && !(n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST name)))
		n = n->prev;
	return n;
}

/* The conversation page of a loaded view (v, cv) with `status`. */
static int
page_build(struct ctx *c, const struct dossier_view *v, const struct conversation *cv,
    int status, xmlNodePtr *extra)
{
	xmlNodePtr conv;
	int st;

	/* The parties' own stamps move with every change to the dossier; a
	 * deputy's does not (issue 17): theirs is kept on the dossier's. */
	if ((v->side == SIDE_EMPLOYEE || v->side == SIDE_MANAGER) && !v->deputy)
		page_cache_by_person(c);
	if (!page_begin(c, "conversation"))
		return 500;
	c->style = "conversation";
	if ((st = conv_form_xml(c, v, cv, c->page)) != DB_OK)
		return http_status_of(st);
	conv = last_child_named(c->page, "conversation");
	if (conv)
		add_side_flags(c, v, cv, conv);
	if (conv && strcmp(cv->status, "closed") == 0 &&
	    (st = use_snapshot(c, cv, conv)) != DB_OK)
		return http_status_of(st);
	if ((st = conversation_extras(c, v, c->page)) != DB_OK ||
	    (st = proposals_xml(c, v, cv, c->page)) != DB_OK)
		return http_status_of(st);
	if (extra)
		*extra = c->page;
	return status;
}

/* page_build with its lists read in one statement (issue 22: MariaDB
 * plans every statement again, so their number is its cost): the readers
 * below take their rows from it.  Only once the viewer may read the
 * conversation: nothing is fetched for a refusal.  A failed prefetch
 * costs only itself: each reader then runs its own statement. */
static int
page_of_view(struct ctx *c, const struct dossier_view *v, const struct conversation *cv,
    int status, xmlNodePtr *extra)
{
	int rc;

	(void)conversation_form_prefetch(c->db, &v->d, cv->id);
	rc = page_build(c, v, cv, status, extra);
	conversation_form_done(c->db);
	return rc;
}

/* Builds the conversation page; also used to re-show it with a form
 * error (status 400) or a version conflict (409). */
int
conversation_page(struct ctx *c, int64_t id, int status, xmlNodePtr *extra)
{
	const struct conversation *cv;
	struct dossier_view v;
	int rc = conversation_view_load(c, id, &v, &cv);

	if (rc == 200)
		rc = page_of_view(c, &v, cv, status, extra);
	dossier_view_free(&v);
	return rc;
}

int
conversation_get_page(struct ctx *c)
{
	if (!view_read_recorded(c)) {
		page_cache_begin(c);
		if (page_cache_stamped(c, STAMP_CONVERSATION, c->ids[0]))
			return HANDLER_SENT;
	}
	return conversation_page(c, c->ids[0], 200, NULL);
}

/* A catalog text in lang, or "" (a missing key is logged by i18n tests). */
static const char *
msg(const struct ctx *c, const char *lang, const char *key)
{
	const char *t = catalog_get(styles_catalog(c->styles, lang), key);

	return t ? t : "";
}

bool
conversation_ics_build(struct ctx *c, const struct dossier_view *v,
    const struct conversation *cv, const char *lang, struct buf *out)
{
	struct employee emp, mgr;
	char key[I18N_KEY_MAX], summary[ICS_TEXT_MAX], description[ICS_TEXT_MAX];
	struct ics_event e;

	/* An address is a courtesy: without one the invitation still works. */
	if (employee_by_id(c->db, v->d.employee_id, &emp) != DB_OK)
		emp.email[0] = '\0';
	if (employee_by_id(c->db, v->d.manager_id, &mgr) != DB_OK)
		mgr.email[0] = '\0';
	snprintf(key, sizeof(key), "conversation.type.%s", cv->type);
	snprintf(summary, sizeof(summary), "%s %s - %s", msg(c, lang, key),
	    v->d.employee_name, v->d.manager_name);
	snprintf(description, sizeof(description), "%s %s", msg(c, lang, "ics.description"),
	    v->d.cycle);
	memset(&e, 0, sizeof(e));
	e.id = cv->id;
	e.sequence = cv->version;
	e.start_utc = cv->scheduled_at;
	e.summary = summary;
	e.description = description;
	e.organizer_name = v->d.manager_name;
	e.organizer_email = mgr.email;
	e.attendee_name = v->d.employee_name;
	e.attendee_email = emp.email;
	return ics_build(out, &e);
}

int
conversation_ics(struct ctx *c)
{
	const struct conversation *cv;
	struct dossier_view v;
	struct buf b;
	int rc = conversation_view_load(c, c->ids[0], &v, &cv);

	if (rc != 200)
		goto out;
	buf_init(&b);
	if (conversation_ics_build(c, &v, cv, c->lang, &b)) {
		resp_header(c->req, "Content-Disposition", "attachment; filename=\"gesprek.ics\"");
		resp_send(c->req, 200, "text/calendar; charset=utf-8", b.data, b.len);
		rc = HANDLER_SENT;
	} else {
		/* no date planned yet: nothing to put in a calendar */
		rc = b.failed ? 500 : 404;
	}
	buf_free(&b);
out:
	dossier_view_free(&v);
	return rc;
}

/* ---- what the form offers beside the conversation itself ---- */

static int
add_org_goal(void *ud, const struct org_goal_row *g)
{
	xmlNodePtr n = xml_add(ud, "goal");

	xml_set_int(n, "id", g->id);
	xml_set(n, "title", g->title);
	if (g->department_id) {
		xml_set_int(n, "department_id", g->department_id);
		xml_set(n, "department", g->department);
	}
	xml_add_text(n, "description", g->description);
	return DB_OK;
}

/* A key result area or competence of the employee's profile: its names
 * in each language given (the stylesheet shows the reader's, else Dutch). */
static int
add_link(void *ud, const struct profile_link_row *l)
{
	xmlNodePtr n = xml_add(ud, "option"), t;

	xml_set_int(n, "id", l->id);
	xml_set(n, "key", l->key);
	t = xml_add_text(n, "name", l->name_nl);
	xml_set(t, "lang", "nl");
	if (l->name_en[0]) {
		t = xml_add_text(n, "name", l->name_en);
		xml_set(t, "lang", "en");
	}
	return DB_OK;
}

static int
add_collective(void *ud, const struct collective_row *g)
{
	xmlNodePtr n = xml_add(ud, "goal");

	xml_set_int(n, "id", g->id);
	xml_set(n, "title", g->title);
	xml_set(n, "deadline", g->deadline);
	xml_set(n, "department", g->department);
	xml_set(n, "bonus", g->bonus ? "1" : "0");
	xml_set(n, "status", g->status);
	xml_add_text(n, "measure", g->measure);
	xml_add_text(n, "status_note", g->status_note);
	return DB_OK;
}

static int
add_person(void *ud, const struct member_row *m)
{
	xmlNodePtr n = xml_add(ud, "person");

	xml_set_int(n, "id", m->id);
	xml_set(n, "name", m->name);
	return DB_OK;
}

int
conversation_extras(struct ctx *c, const struct dossier_view *v, xmlNodePtr page)
{
	struct form_list_fns f = { .collective = add_collective, .org_goal = add_org_goal,
	    .person = add_person, .area = add_link, .competence = add_link };

	f.org_goal_ud = xml_add(page, "org_goals");
	f.collective_ud = xml_add(page, "collective_goals");
	/* Who can be responsible: the employee, the manager, and the people
	 * who share the employee's manager. */
	f.person_ud = xml_add(page, "people");
	/* What a result goal and a development point may name (issue 16). */
	f.area_ud = xml_add(page, "profile_areas");
	f.competence_ud = xml_add(page, "profile_competences");
	return form_lists(c->db, &v->d, &f);
}

void
conflict_writer(struct ctx *c, xmlNodePtr page, const char *entity, int64_t id)
{
	struct last_writer w;
	char at[LOCAL_TIME_LEN + 1];
	xmlNodePtr n;

	/* A courtesy: without it the box still says the row changed. */
	if (last_writer(c->db, entity, id, &w) != DB_OK)
		return;
	time_utc_to_local(w.at, at, sizeof(at));
	n = xml_add(page, "last_writer");
	xml_set(n, "name", w.name);
	xml_set(n, "at", at);
	if (w.id == c->user.id)
		xml_set(n, "self", "1");
}

int
conversation_reshow(struct ctx *c, int64_t id, int status, struct form *f)
{
	xmlNodePtr page = NULL;
	int rc = conversation_page(c, id, status, &page);

	if (rc == status && page != NULL) {
		form_xml(f, page);
		if (status == 409)
			conflict_writer(c, page, "conversation", id);
	}
	return rc;
}

/* MariaDB unreachable, read-only or full: nothing was written, and nothing
 * typed is lost.  Anything else is the status alone.  A page that cannot
 * be read either is a 503 of its own: then the error page it is. */
int
conversation_unavailable(struct ctx *c, int64_t id, int st, struct form *f)
{
	xmlNodePtr page = NULL;
	int rc;

	if (st != DB_UNAVAILABLE)
		return http_status_of(st);
	form_error(f, "save", "form.error.unavailable");
	if ((rc = conversation_page(c, id, 503, &page)) != 503 || page == NULL)
		return rc;
	form_xml(f, page);
	c->keep_page = true;
	return 503;
}

/* ---- one editor at a time, at its own URL (issue 15) ----
 *
 * The plain page renders no item form: each item links to its editor,
 * GET /conversations/{id}/items/{item}/edit or .../update, and each
 * section to GET /conversations/{id}/items/new?kind=...  An editor page
 * is the conversation page with <editor kind="new|edit|update" item=""
 * item_kind=""/>, which conversation.xsl opens in place.  The GET checks
 * what the POST it leads to checks, so nobody is shown a form that could
 * only be refused. */

/* The answer to an editor or a write the conversation no longer takes.
 * A report saved definitively or signed says so, and what can still be
 * done (error_signed_page); the viewer may read this conversation, so that
 * tells nothing new.  Anything else: the one 403. */
int
conversation_refusal(struct ctx *c, const struct dossier_view *v,
    const struct conversation *cv)
{
	if (!v->writable)
		return 403;
	if (strcmp(cv->status, "finalized") != 0 && strcmp(cv->status, "closed") != 0)
		return 403;
	return error_signed_page(c, cv->id, cv->status);
}

enum editor_kind { EDITOR_NEW, EDITOR_EDIT, EDITOR_UPDATE };
static const char *const editor_names[] = { "new", "edit", "update" };

/* Who wrote an item and in which conversation. */
struct item_origin {
	int64_t author_id, conversation_id;
};

static int
keep_origin(void *ud, const struct item *it)
{
	struct item_origin *o = ud;

	o->author_id = it->author_id;
	o->conversation_id = it->conversation_id;
	return DB_OK;
}

/* The item is one of this dossier's that the viewer may see, as POST
 * /items/{id} checks: 200, or 404 alike for an item not there, of another
 * dossier or private to the other party.  The viewer may read this
 * conversation, so a 404 tells nothing the page does not. */
static int
editor_item_check(struct ctx *c, const struct dossier_view *v, int64_t item_id)
{
	struct item_origin o = { 0, 0 };
	int st = item_of_dossier(c->db, item_id, v->d.id, keep_origin, &o);

	if (st == DB_NOTFOUND)
		return 404;
	if (st != DB_OK)
		return http_status_of(st);
	return view_visible(v, c->user.id, o.author_id, o.conversation_id) ? 200 : 404;
}

/* The item is on this conversation's page (an item reached in an earlier
 * conversation is not carried into a later one): its editor has a place. */
static bool
item_listed(xmlNodePtr page, int64_t item_id)
{
	xmlNodePtr conv = last_child_named(page, "conversation"), items, n;
	char want[ID_DIGITS + 1];
	bool found = false;

	if (conv == NULL || (items = last_child_named(conv, "items")) == NULL)
		return false;
	snprintf(want, sizeof(want), "%lld", (long long)item_id);
	for (n = items->children; n && !found; n = n->next) {
		xmlChar *id;

		if (n->type != XML_ELEMENT_NODE || !xmlStrEqual(n->name, BAD_CAST "item"))
			continue;
		id = xmlGetProp(n, BAD_CAST "id");
		found = id != NULL && xmlStrEqual(id, BAD_CAST want);
		xmlFree(id);
	}
	return found;
}

/* A section its template switched off has no add editor (issue 16): the
 * POST it leads to is refused too (conversation_post.c section_guard). */
static int
editor_section_check(struct ctx *c, const struct conversation *cv, const char *item_kind)
{
	bool on = true;
	int st = conv_template_has(c, cv, item_kind, &on);

	if (st != DB_OK)
		return http_status_of(st);
	return on ? 200 : 404;
}

static int
editor_page(struct ctx *c, enum editor_kind kind, int64_t item_id, const char *item_kind)
{
	const struct conversation *cv;
	struct dossier_view v;
	xmlNodePtr page = NULL, ed;
	int rc = conversation_view_load(c, c->ids[0], &v, &cv);

	if (rc != 200)
		goto out;
	if (!conversation_editable(&v, cv)) {
		rc = conversation_refusal(c, &v, cv);
		goto out;
	}
	/* Progress notes and ratings belong to the follow-up conversations. */
	if (kind == EDITOR_UPDATE && strcmp(cv->type, "goal_setting") == 0) {
		rc = 404;
		goto out;
	}
	if (kind != EDITOR_NEW && (rc = editor_item_check(c, &v, item_id)) != 200)
		goto out;
	if (kind == EDITOR_NEW && item_kind && (rc = editor_section_check(c, cv, item_kind)) != 200)
		goto out;
	if ((rc = page_of_view(c, &v, cv, 200, &page)) != 200 || page == NULL)
		goto out;
	if (kind != EDITOR_NEW && !item_listed(page, item_id)) {
		rc = 404;
		goto out;
	}
	ed = xml_add(page, "editor");
	xml_set(ed, "kind", editor_names[kind]);
	if (kind != EDITOR_NEW)
		xml_set_int(ed, "item", item_id);
	if (item_kind)
		xml_set(ed, "item_kind", item_kind);
out:
	dossier_view_free(&v);
	return rc;
}

/* GET /conversations/{id}/items/new?kind=...: without a kind (the return
 * after login, whose kept form names it) the page opens the kept form. */
int
item_new_get(struct ctx *c)
{
	if (in_failed(c))
		return 400;	/* a kind that is not one */
	return editor_page(c, EDITOR_NEW, 0, in_choice(c, "kind"));
}

int
item_edit_get(struct ctx *c)
{
	return editor_page(c, EDITOR_EDIT, c->ids[1], NULL);
}

int
item_update_get(struct ctx *c)
{
	return editor_page(c, EDITOR_UPDATE, c->ids[1], NULL);
}
