/* proposal.c -- POST /proposals/{id}/accept, POST /proposals/{id}/drop and
 * the proposals on the goal-setting page (issue 15).
 *
 * A proposal is an unfinished goal or development point of the employee's
 * previous cycle (store/proposal.h).  Who may decide is decided as for
 * every write of the conversation: the page's own check first (403 for
 * whoever is not a party, alike for a proposal that is not there), then
 * the store again under the conversation's row lock, where the proposal
 * must still be proposed.  Dropping asks first: the first POST answers a
 * confirmation page, confirm=1 drops.  The answer is 303 back to the page;
 * a proposal decided meanwhile, or a goal setting held meanwhile, is the
 * page again (409) saying so, with nothing changed. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "pages/conv_view.h"
#include "pages/form.h"
#include "pages/pages.h"
#include "pages/proposal.h"
#include "xml/page.h"
#include "store/dossier.h"
#include "store/proposal.h"

/* The states in which a goal setting's proposals may be decided (the
 * store's own list, proposal.c, is the one that counts). */
static bool
decidable(const struct dossier_view *v, const struct conversation *cv)
{
	if (!v->writable || (v->side != SIDE_EMPLOYEE && v->side != SIDE_MANAGER))
		return false;
	return strcmp(cv->status, "planned") == 0 || strcmp(cv->status, "preparing") == 0;
}

static int
proposal_add(void *ud, const struct proposal_row *p)
{
	xmlNodePtr n = xml_add(ud, "proposal");

	xml_set_int(n, "id", p->id);
	xml_set(n, "kind", p->kind);
	xml_set(n, "title", p->title);
	xml_set(n, "source_status", p->source_status);
	xml_set(n, "source_cycle", p->source_cycle);
	xml_set(n, "status", p->status);
	if (p->item_id)
		xml_set_int(n, "item", p->item_id);
	if (p->decided_by[0])
		xml_set(n, "decided_by", p->decided_by);
	if (p->measure[0])
		xml_add_text(n, "measure", p->measure);
	return DB_OK;
}

int
proposals_xml(struct ctx *c, const struct dossier_view *v, const struct conversation *cv,
    xmlNodePtr page)
{
	xmlNodePtr list;
	int st;

	/* A closed report is its snapshot: nothing beside it changes. */
	if (strcmp(cv->type, "goal_setting") != 0 || strcmp(cv->status, "closed") == 0)
		return DB_OK;
	list = xml_add(page, "proposals");
	if (decidable(v, cv))
		xml_set(list, "may", "1");
	st = proposals_of_conversation(c->db, cv->id, proposal_add, list);
	if (st == DB_OK && list->children == NULL) {
		xmlUnlinkNode(list);
		xmlFreeNode(list);
	}
	return st;
}

/* "/proposals/" or "/conversations/", a 64-bit id and "/drop" or
 * "#proposals". */
#define PROPOSAL_PATH_MAX 64

/* Dropping asks first, as the other steps that cannot be taken back do
 * (layout.xsl's confirmation, no JavaScript needed): the page with the
 * question on top and a second form sending confirm=1.  Nothing is
 * written; the drop itself checks the proposal again. */
static int
ask_drop(struct ctx *c, int64_t conversation_id, int64_t id)
{
	char action[PROPOSAL_PATH_MAX], back[PROPOSAL_PATH_MAX];
	xmlNodePtr page = NULL;
	int rc = conversation_page(c, conversation_id, 200, &page);

	if (rc != 200 || page == NULL)
		return rc;
	snprintf(action, sizeof(action), "/proposals/%lld/drop", (long long)id);
	snprintf(back, sizeof(back), "/conversations/%lld#proposals", (long long)conversation_id);
	confirm_xml(NULL, page, "proposal_drop", action, back);
	return 200;
}

/* Decided meanwhile, or the goal setting moved on: the page as it is now,
 * with the refusal next to the proposals. */
static int
refused(struct ctx *c, int64_t conversation_id, int64_t id)
{
	xmlNodePtr page = NULL;
	int rc = conversation_page(c, conversation_id, 409, &page);

	if (rc == 409 && page != NULL)
		xml_set_int(xml_add(page, "proposal_refused"), "id", id);
	return rc;
}

static int
decide(struct ctx *c, bool accept)
{
	const struct conversation *cv = NULL;
	struct dossier_view v;
	struct conv_write w;
	struct form f;
	int64_t id = c->ids[0], conversation_id, item_id = 0;
	int rc, st;

	memset(&v, 0, sizeof(v));
	st = proposal_conversation(c->db, id, &conversation_id);
	if (st != DB_OK)
		return st == DB_NOTFOUND ? 403 : http_status_of(st);
	if ((rc = conversation_view_load(c, conversation_id, &v, &cv)) != 200)
		goto out;
	if (!v.writable || (v.side != SIDE_EMPLOYEE && v.side != SIDE_MANAGER)) {
		rc = 403;
		goto out;
	}
	/* Asked only while it could be done; the drop checks it again. */
	if (!accept && !in_flag(c, CONFIRM_FIELD)) {
		rc = decidable(&v, cv) ? ask_drop(c, cv->id, id) : refused(c, cv->id, id);
		goto out;
	}
	w = (struct conv_write){ cv->id, c->user.id, 0 };
	st = accept ? proposal_accept(c->db, &w, id, &item_id) : proposal_drop(c->db, &w, id);
	if (st == DB_NOTFOUND) {
		rc = 403;
	} else if (st == DB_CONFLICT) {
		rc = refused(c, cv->id, id);
	} else if (st != DB_OK) {
		form_begin(&f, c, "proposal");
		rc = conversation_unavailable(c, cv->id, st, &f);
	} else {
		auth_flash(c, accept ? "flash.proposal_accepted" : "flash.proposal_dropped");
		if (accept)
			snprintf(c->location, sizeof(c->location), "/conversations/%lld#item-%lld",
			    (long long)cv->id, (long long)item_id);
		else
			snprintf(c->location, sizeof(c->location), "/conversations/%lld#proposals",
			    (long long)cv->id);
		rc = HANDLER_REDIRECT;
	}
out:
	dossier_view_free(&v);
	return rc;
}

int
proposal_accept_post(struct ctx *c)
{
	return decide(c, true);
}

int
proposal_drop_post(struct ctx *c)
{
	return decide(c, false);
}
