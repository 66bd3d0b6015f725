/* conv_view.c -- see conv_view.h.
 *
 * Private preparation (DESIGN §5): while a conversation is planned or
 * being prepared, what one party writes in it is visible to that party
 * alone, until it shares its preparation or the conversation is held.
 * Readers (HR, the manager's manager) see what both parties could see. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "base/util.h"
#include "pages/conv_view.h"
#include "xml/page.h"
#include "rules/roles.h"
#include "store/advisor.h"
#include "store/audit.h"
#include "store/deputy.h"
#include "rules/review.h"
#include "store/dossier.h"

const char *
side_role(enum side s)
{
	return s == SIDE_MANAGER ? "manager" : "employee";
}

static const char *
side_name(enum side s)
{
	switch (s) {
	case SIDE_EMPLOYEE: return "employee";
	case SIDE_MANAGER: return "manager";
	case SIDE_SNAPSHOT: return "snapshot";
	default: return "reader";
	}
}

static int
keep_conversation(void *ud, const struct conversation *cv)
{
	struct dossier_view *v = ud;
	struct conversation *copy;
	size_t i, last = 0;

	/* Rows come in no order: when full, keep the first by seq. */
	if (v->nconv == CONVERSATIONS_MAX) {
		for (i = 1; i < v->nconv; i++)
			if (v->conv[i]->seq > v->conv[last]->seq)
				last = i;
		if (cv->seq < v->conv[last]->seq)
			*v->conv[last] = *cv;
		return DB_OK;
	}
	if ((copy = malloc(sizeof(*copy))) == NULL)
		return DB_ERROR;
	*copy = *cv;
	v->conv[v->nconv++] = copy;
	return DB_OK;
}

void
dossier_view_free(struct dossier_view *v)
{
	size_t i;

	for (i = 0; i < v->nconv; i++)
		free(v->conv[i]);
	v->nconv = 0;
}

/* HR reads a dossier's content as an advisor only (issue 17,
 * rules/roles.h): of every department (hr_group), or of the departments
 * assigned with the ones below them.  An administrator alone is a
 * stranger here.  A failed look-up denies. */
static bool
hr_reader(const struct ctx *c, const struct dossier *d)
{
	bool assigned = false;

	if (roles_needs_assignment(c->roles) &&
	    advisor_covers(c->db, c->user.id, d->department_id, &assigned) != DB_OK)
		return false;
	return roles_reads_dossier(c->roles, assigned);
}

/* issue 17: is the viewer, today (site.timezone), the deputy of the
 * dossier's manager for its employee?  Asked only of someone who is
 * neither party.  The store asks again under the lock of every write. */
static int
acting_deputy(struct ctx *c, const struct dossier *d, bool *deputy)
{
	char today[DEPUTY_DATE_LEN + 1];
	int64_t appointment = 0;
	int st;

	*deputy = false;
	if (c->user.id == d->employee_id || c->user.id == d->manager_id || d->manager_id == 0 ||
	    !deputy_today(time(NULL), today))
		return DB_OK;
	st = deputy_acting(c->db, c->user.id, d->manager_id, d->employee_id, today, &appointment);
	*deputy = st == DB_OK && appointment != 0;
	return st;
}

/* hr: set when the viewer reads as an HR advisor (asked once: it may
 * cost a look-up of the departments assigned). */
static enum side
decide_side(const struct ctx *c, const struct dossier *d, bool deputy, bool *hr)
{
	*hr = false;
	if (c->user.id == d->employee_id)
		return SIDE_EMPLOYEE;
	if (c->user.id == d->manager_id)
		return SIDE_MANAGER;
	/* A deputy during the period acts as the manager (issue 17). */
	if (deputy)
		return SIDE_MANAGER;
	if ((*hr = hr_reader(c, d)) ||
	    (d->managers_manager_id && c->user.id == d->managers_manager_id))
		return SIDE_READER;
	return SIDE_NONE;
}

bool
view_read_recorded(const struct ctx *c)
{
	return roles_read_audited(c->roles) && !c->req->is_post;
}

/* A read of the content by HR or by a second assessor is recorded (issue
 * 17): once per reader, object and day (store/audit.h audit_read).  Writes
 * (a reopen, a review) have their own audit rows; a failed record fails
 * the read. */
static int
record_read(struct ctx *c, const struct dossier_view *v, int64_t id, bool by_conversation)
{
	const char *kind = by_conversation ? READ_KIND_CONVERSATION : READ_KIND_DOSSIER;

	if (c->req->is_post)
		return DB_OK;
	if (v->reviewer || (v->hr && view_read_recorded(c)))
		return audit_read(c->db, c->user.id, kind, id, "");
	return DB_OK;
}

/* A second assessor (issue 17) reads the dossier of a conversation that
 * named them, from the finalize that asked them on: the decision is
 * rules/review.h's; a party or HR keeps its own side. */
static bool
reviews_dossier(const struct ctx *c, const struct dossier_view *v)
{
	size_t i;

	for (i = 0; i < v->nconv; i++)
		if (review_is_assessor(c->user.id, v->conv[i]->second_assessor_id))
			return true;
	return false;
}

static int
by_seq(const void *a, const void *b)
{
	const struct conversation *x = *(struct conversation *const *)a;
	const struct conversation *y = *(struct conversation *const *)b;

	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The dossier and its conversations (one statement), then who the viewer
 * is in it.  Nothing is shown before the side is known. */
static int
view_load(struct ctx *c, int64_t id, bool by_conversation, struct dossier_view *v)
{
	int st;

	memset(v, 0, sizeof(*v));
	st = dossier_view_rows(c->db, id, by_conversation, &v->d, keep_conversation, v);
	if (st == DB_NOTFOUND)
		return 403;
	if (st != DB_OK)
		return http_status_of(st);
	qsort(v->conv, v->nconv, sizeof(v->conv[0]), by_seq);
	if ((st = acting_deputy(c, &v->d, &v->deputy)) != DB_OK)
		return http_status_of(st);
	v->side = decide_side(c, &v->d, v->deputy, &v->hr);
	v->reviewer = v->side != SIDE_EMPLOYEE && v->side != SIDE_MANAGER &&
	    reviews_dossier(c, v);
	if (v->side == SIDE_NONE && v->reviewer)
		v->side = SIDE_READER;
	if (v->side == SIDE_NONE)
		return 403;
	if ((st = record_read(c, v, id, by_conversation)) != DB_OK)
		return http_status_of(st);
	v->writable = (v->side == SIDE_EMPLOYEE || v->side == SIDE_MANAGER) &&
	    strcmp(v->d.status, "open") == 0 && strcmp(v->d.cycle_status, "closed") != 0;
	return 200;
}

int
dossier_view_load(struct ctx *c, int64_t dossier_id, struct dossier_view *v)
{
	return view_load(c, dossier_id, false, v);
}

const struct conversation *
view_conversation(const struct dossier_view *v, int64_t id)
{
	size_t i;

	for (i = 0; i < v->nconv; i++)
		if (v->conv[i]->id == id)
			return v->conv[i];
	return NULL;
}

int
conversation_view_load(struct ctx *c, int64_t conversation_id, struct dossier_view *v,
    const struct conversation **conv)
{
	int rc = view_load(c, conversation_id, true, v);

	if (rc != 200)
		return rc;
	*conv = view_conversation(v, conversation_id);
	return *conv ? 200 : 403;
}

bool
conversation_editable(const struct dossier_view *v, const struct conversation *cv)
{
	return v->writable && (strcmp(cv->status, "planned") == 0 ||
	    strcmp(cv->status, "preparing") == 0 || strcmp(cv->status, "held") == 0);
}

static bool
is_private_phase(const struct conversation *cv)
{
	return strcmp(cv->status, "planned") == 0 || strcmp(cv->status, "preparing") == 0;
}

/* May the viewer see what author_id wrote in conversation conv_id? */
bool
view_visible(const struct dossier_view *v, int64_t viewer_id, int64_t author_id, int64_t conv_id)
{
	const struct conversation *cv = view_conversation(v, conv_id);
	bool by_employee = author_id == v->d.employee_id;

	if (cv == NULL || !is_private_phase(cv) || v->side == SIDE_SNAPSHOT)
		return true;
	if (author_id == viewer_id)
		return true;
	return by_employee ? cv->employee_shared : cv->manager_shared;
}

/* ---- building the XML ---- */

struct build {
	struct ctx *c;
	const struct dossier_view *v;
	const struct conversation *cv;	/* NULL on the dossier page */
	xmlNodePtr items;
	/* Scores of the assessment: sum of weight * rating and of weights. */
	int64_t weighted, weights;
};

static const char *
author_side(const struct dossier_view *v, int64_t author_id)
{
	return author_id == v->d.employee_id ? "employee" : "manager";
}

/* issue 17: written by neither of today's parties -- a deputy, or the
 * manager before the dossier followed its employee to a new one: the page
 * names the author. */
static void
mark_other_author(xmlNodePtr n, const struct dossier_view *v, int64_t author_id)
{
	if (author_id && author_id != v->d.employee_id && author_id != v->d.manager_id)
		xml_set(n, "by_other", "1");
}

static bool
item_closed(const char *status)
{
	return strcmp(status, "achieved") == 0 || strcmp(status, "not_achieved") == 0 ||
	    strcmp(status, "cancelled") == 0;
}

/* An item's key result area or competence (issue 16) as
 * <name id=""><name lang="nl">..</name><name lang="en">..</name></name>:
 * both languages, so the signed snapshot keeps the text as shown. */
static void
link_xml(xmlNodePtr item, const char *name, int64_t id, const char *nl, const char *en)
{
	xmlNodePtr n, t;

	if (id == 0)
		return;
	n = xml_add(item, name);
	xml_set_int(n, "id", id);
	t = xml_add_text(n, "name", nl);
	xml_set(t, "lang", "nl");
	if (en[0]) {
		t = xml_add_text(n, "name", en);
		xml_set(t, "lang", "en");
	}
}

static int
add_item(void *ud, const struct item *it)
{
	struct build *b = ud;
	xmlNodePtr n;

	if (!view_visible(b->v, b->c->user.id, it->author_id, it->conversation_id))
		return DB_OK;
	n = xml_add(b->items, "item");
	xml_set_int(n, "id", it->id);
	xml_set(n, "kind", it->kind);
	xml_set(n, "title", it->title);
	xml_set(n, "deadline", it->deadline);
	xml_set_int(n, "responsible_id", it->responsible_id);
	xml_set(n, "responsible", it->responsible_name);
	if (it->org_goal_id) {
		xml_set_int(n, "org_goal_id", it->org_goal_id);
		xml_set(n, "org_goal", it->org_goal_title);
	}
	if (it->weight)
		xml_set_int(n, "weight", it->weight);
	link_xml(n, "area", it->area_id, it->area_nl, it->area_en);
	link_xml(n, "competence", it->competence_id, it->competence_nl, it->competence_en);
	xml_set(n, "status", it->status);
	xml_set(n, "achieved_on", it->achieved_on);
	xml_set(n, "author", it->author_name);
	xml_set(n, "author_side", author_side(b->v, it->author_id));
	mark_other_author(n, b->v, it->author_id);
	xml_set_int(n, "conversation", it->conversation_id);
	/* The author may delete an item made in this conversation while it
	 * is open (the page offers it; store/conversation.c decides). */
	if (b->cv && it->author_id == b->c->user.id && it->conversation_id == b->cv->id &&
	    conversation_editable(b->v, b->cv))
		xml_set(n, "deletable", "1");
	xml_set_int(n, "version", it->version);
	xml_set(n, "open", item_closed(it->status) ? "0" : "1");
	xml_add_text(n, "measure", it->measure);
	return DB_OK;
}

static xmlNodePtr
find_item(xmlNodePtr items, int64_t id)
{
	char want[24];
	xmlNodePtr n;

	snprintf(want, sizeof(want), "%lld", (long long)id);
	for (n = items->children; n; n = n->next) {
		xmlChar *v = xmlGetProp(n, BAD_CAST "id");
		bool hit = v && strcmp((const char *)v, want) == 0;

		xmlFree(v);
		if (hit)
			return n;
	}
	return NULL;
}

/* Temporary attributes of an <item> while its notes are read (see
 * settle_status); none of them is left in the page. */
#define ATTR_STATUS_PRIVATE "status_private"	/* a private note set a status */
#define ATTR_STATUS_SEEN "status_seen"		/* the latest visible note's status */
#define ATTR_STATUS_SEEN_AT "status_seen_at"	/* ... and when it was written */
/* Characters of a note's time ("YYYY-MM-DDThh:mm:ssZ") that are its date. */
#define DATE_CHARS 10

/* The item's stored status is that of the latest note both parties may
 * see (store/conversation.c applies a note's status once it is shared or
 * held).  A private note -- the viewer's own, or one hidden from the
 * viewer -- is not in it: remember what the viewer may know instead. */
static void
note_status(xmlNodePtr item, const struct item_update *u, bool visible, bool both)
{
	xmlChar *at;

	if (u->status[0] == '\0')
		return;
	if (!both)
		xml_set(item, ATTR_STATUS_PRIVATE, "1");
	if (!visible)
		return;
	/* Notes come by id; the later write wins a tie of the same second. */
	at = xmlGetProp(item, BAD_CAST ATTR_STATUS_SEEN_AT);
	if (at == NULL || strcmp((const char *)at, u->at) <= 0) {
		xml_set(item, ATTR_STATUS_SEEN, u->status);
		xml_set(item, ATTR_STATUS_SEEN_AT, u->at);
	}
	xmlFree(at);
}

/* The achieved date the viewer sees: the stored one, else (a note of the
 * viewer's own, not yet shared, says achieved) the day of that note;
 * none unless the status shown is "achieved". */
static void
settle_achieved_on(xmlNodePtr n, const char *status, const xmlChar *seen_at)
{
	xmlChar *on;
	char day[DATE_CHARS + 1];

	if (strcmp(status, "achieved") != 0) {
		xmlUnsetProp(n, BAD_CAST "achieved_on");
		return;
	}
	on = xmlGetProp(n, BAD_CAST "achieved_on");
	if ((on == NULL || on[0] == '\0') && seen_at && xmlStrlen(seen_at) >= DATE_CHARS) {
		strlcopy(day, (const char *)seen_at, sizeof(day));
		xml_set(n, "achieved_on", day);
	}
	xmlFree(on);
}

/* Where a private note set a status, the item shows the status of the
 * latest note the viewer may see, or the stored one when the viewer may
 * see none: a status is preparation like the note that carries it
 * (DESIGN §5). */
static void
settle_status(struct build *b)
{
	xmlNodePtr n;

	for (n = b->items->children; n; n = n->next) {
		xmlChar *pending = xmlGetProp(n, BAD_CAST ATTR_STATUS_PRIVATE);
		xmlChar *seen = xmlGetProp(n, BAD_CAST ATTR_STATUS_SEEN);
		xmlChar *seen_at = xmlGetProp(n, BAD_CAST ATTR_STATUS_SEEN_AT);

		if (pending && seen) {
			const char *status = (const char *)seen;

			xml_set(n, "status", status);
			xml_set(n, "open", item_closed(status) ? "0" : "1");
			settle_achieved_on(n, status, seen_at);
		}
		xmlUnsetProp(n, BAD_CAST ATTR_STATUS_PRIVATE);
		xmlUnsetProp(n, BAD_CAST ATTR_STATUS_SEEN);
		xmlUnsetProp(n, BAD_CAST ATTR_STATUS_SEEN_AT);
		xmlFree(pending);
		xmlFree(seen);
		xmlFree(seen_at);
	}
}

static int
add_update(void *ud, const struct item_update *u)
{
	struct build *b = ud;
	const struct conversation *uc = view_conversation(b->v, u->conversation_id);
	xmlNodePtr item = find_item(b->items, u->item_id), n;
	bool visible;

	if (item == NULL)
		return DB_OK;
	visible = view_visible(b->v, b->c->user.id, u->author_id, u->conversation_id);
	/* Viewer 0 is neither party: what both may see. */
	note_status(item, u, visible, view_visible(b->v, 0, u->author_id, u->conversation_id));
	if (!visible)
		return DB_OK;
	n = xml_add(item, "update");
	xml_set_int(n, "conversation", u->conversation_id);
	if (uc) {
		xml_set(n, "type", uc->type);
		xml_set_int(n, "seq", uc->seq);
	}
	xml_set(n, "author", u->author_name);
	xml_set(n, "author_side", author_side(b->v, u->author_id));
	mark_other_author(n, b->v, u->author_id);
	xml_set(n, "status", u->status);
	if (u->rating != UPDATE_NO_RATING)
		xml_set_int(n, "rating", u->rating);
	xml_set_time(n, "at", u->at);
	if (b->cv && u->conversation_id == b->cv->id) {
		xml_set(n, "current", "1");
		xml_set(item, "updated_here", "1");
	}
	xml_add_text(n, "note", u->note);
	return DB_OK;
}

/* Which items a form lists: the goal setting and the assessment show
 * every item; a progress conversation the open ones and those whose
 * status changed in it. */
static void
filter_items(struct build *b)
{
	xmlNodePtr n = b->items->children, next;

	for (; n; n = next) {
		xmlChar *open = xmlGetProp(n, BAD_CAST "open");
		xmlChar *here = xmlGetProp(n, BAD_CAST "updated_here");
		bool keep = !b->cv || strcmp(b->cv->type, "progress") != 0 ||
		    (open && open[0] == '1') || here;

		next = n->next;
		xmlFree(open);
		xmlFree(here);
		if (!keep) {
			xmlUnlinkNode(n);
			xmlFreeNode(n);
		}
	}
}

/* Weighted score of an assessment: rated result items with a weight. */
static void
score_items(struct build *b, xmlNodePtr conv)
{
	xmlNodePtr n, u;
	char s[32];

	for (n = b->items->children; n; n = n->next) {
		xmlChar *w = xmlGetProp(n, BAD_CAST "weight");

		for (u = n->children; w && u; u = u->next) {
			xmlChar *cur = xmlGetProp(u, BAD_CAST "current");
			xmlChar *r = xmlGetProp(u, BAD_CAST "rating");

			if (cur && r) {
				b->weighted += atoll((const char *)w) * atoll((const char *)r);
				b->weights += atoll((const char *)w);
			}
			xmlFree(cur);
			xmlFree(r);
		}
		xmlFree(w);
	}
	if (b->weights > 0) {
		snprintf(s, sizeof(s), "%.1f", (double)b->weighted / (double)b->weights);
		xml_set(conv, "weighted_score", s);
	}
}

static int
add_remark(void *ud, const struct remark *r)
{
	struct build *b = ud;
	xmlNodePtr n;

	if (!view_visible(b->v, b->c->user.id, r->author_id, b->cv->id))
		return DB_OK;
	n = xml_add_text(b->items, "remark", r->text);
	xml_set_int(n, "id", r->id);
	xml_set(n, "author", r->author_name);
	xml_set(n, "role", r->role);
	xml_set_time(n, "at", r->at);
	return DB_OK;
}

static int
add_signature(void *ud, const struct signature *s)
{
	xmlNodePtr n = xml_add(ud, "signature");

	xml_set_int(n, "employee_id", s->employee_id);
	xml_set(n, "name", s->name);
	xml_set(n, "role", s->role);
	xml_set(n, "verdict", s->verdict);
	xml_set_time(n, "at", s->at);
	if (s->sha256[0])
		xml_set(n, "sha256", s->sha256);
	if (s->voided)
		xml_set(n, "voided", "1");
	if (s->deputy_of) {
		xml_set_int(n, "deputy_of_id", s->deputy_of);
		xml_set(n, "deputy_of", s->deputy_of_name);
	}
	if (s->remark[0])
		xml_add_text(n, "remark", s->remark);
	return DB_OK;
}

static int
add_snapshot(void *ud, int64_t id, const char *sha, const char *at)
{
	xmlNodePtr n = xml_add(ud, "snapshot");

	xml_set_int(n, "id", id);
	xml_set(n, "sha256", sha);
	xml_set_time(n, "at", at);
	return DB_OK;
}

static void
add_scale(const struct dossier *d, xmlNodePtr parent)
{
	xmlNodePtr scale = xml_add(parent, "scale");
	char labels[SCALE_MAX + 1], *p, *save = NULL;
	int i = 1;

	strlcopy(labels, d->rating_scale, sizeof(labels));
	for (p = strtok_r(labels, "|", &save); p; p = strtok_r(NULL, "|", &save), i++) {
		xmlNodePtr l = xml_add_text(scale, "label", p);

		xml_set_int(l, "value", i);
	}
}

static void
add_conversation_attrs(xmlNodePtr n, const struct conversation *cv)
{
	xml_set_int(n, "id", cv->id);
	xml_set(n, "type", cv->type);
	xml_set_int(n, "seq", cv->seq);
	xml_set(n, "status", cv->status);
	xml_set_time(n, "scheduled_at", cv->scheduled_at);
	xml_set(n, "held_on", cv->held_on);
	xml_set(n, "due_on", cv->due_on);
	xml_set_int(n, "version", cv->version);
}

/* The overall assessment is the manager's preparation like any other:
 * while the conversation is private it is shown to the manager alone,
 * until the manager's side shares it (the exports apply the same rule,
 * store/report_export.c). */
static void
add_overall(const struct ctx *c, const struct dossier_view *v, const struct conversation *cv,
    xmlNodePtr conv)
{
	if (!view_visible(v, c->user.id, v->d.manager_id, cv->id))
		return;
	if (cv->overall_rating != CONV_NO_RATING)
		xml_set_int(conv, "overall_rating", cv->overall_rating);
	xml_add_text(conv, "overall_note", cv->overall_note);
}

static xmlNodePtr
add_dossier(const struct dossier_view *v, xmlNodePtr parent)
{
	xmlNodePtr n = xml_add(parent, "dossier");

	xml_set_int(n, "id", v->d.id);
	xml_set_int(n, "cycle_id", v->d.cycle_id);
	xml_set(n, "cycle", v->d.cycle);
	xml_set(n, "status", v->d.status);
	xml_set_int(n, "employee_id", v->d.employee_id);
	xml_set(n, "employee", v->d.employee_name);
	xml_set_int(n, "manager_id", v->d.manager_id);
	xml_set(n, "manager", v->d.manager_name);
	xml_set(n, "side", side_name(v->side));
	if (v->deputy)
		xml_set(n, "deputy", "1");	/* the viewer acts for @manager */
	xml_set(n, "writable", v->writable ? "1" : "0");
	return n;
}

int
view_xml(struct ctx *c, const struct dossier_view *v, const struct conversation *cv,
    xmlNodePtr parent)
{
	struct build b = { .c = c, .v = v, .cv = cv };
	struct signoff_fns f = { .remark = add_remark, .signature = add_signature,
	    .snapshot = add_snapshot };
	xmlNodePtr list, conv = NULL;
	size_t i;
	int st;

	add_dossier(v, parent);
	add_scale(&v->d, parent);
	list = xml_add(parent, "conversations");
	for (i = 0; i < v->nconv; i++) {
		xmlNodePtr n = xml_add(list, "conversation");

		add_conversation_attrs(n, v->conv[i]);
		/* The dossier page shows who signed what. */
		if (cv == NULL && (st = signatures_of_conversation(c->db, v->conv[i]->id,
		    add_signature, n)) != DB_OK)
			return st;
	}
	if (cv) {
		conv = xml_add(parent, "conversation");
		add_conversation_attrs(conv, cv);
		xml_set(conv, "editable", conversation_editable(v, cv) ? "1" : "0");
		xml_set(conv, "employee_shared", cv->employee_shared ? "1" : "0");
		xml_set(conv, "manager_shared", cv->manager_shared ? "1" : "0");
		add_overall(c, v, cv, conv);
		/* <outcome>: conv_template.c, which reads the template it needs. */
		if (cv->reopen_reason[0])
			xml_add_text(conv, "reopen_reason", cv->reopen_reason);
	}
	b.items = xml_add(conv ? conv : parent, "items");
	if ((st = items_of_dossier(c->db, v->d.id, add_item, &b)) != DB_OK ||
	    (st = updates_of_dossier(c->db, v->d.id, add_update, &b)) != DB_OK)
		return st;
	settle_status(&b);
	filter_items(&b);
	if (cv == NULL)
		return DB_OK;
	score_items(&b, conv);
	b.items = xml_add(conv, "remarks");
	f.remark_ud = &b;
	f.signature_ud = xml_add(conv, "signatures");
	f.snapshot_ud = xml_add(conv, "snapshots");
	return signoff_of_conversation(c->db, cv->id, &f);
}
