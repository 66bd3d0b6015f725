/* conv_view.h -- who may do what with a dossier and its conversations, and
 * the XML of a conversation as each party may see it.  The conversation
 * page, the dossier page and the signed snapshot all use this one view. */
#ifndef GESPREK_CONV_VIEW_H
#define GESPREK_CONV_VIEW_H

#include <stdbool.h>
#include <stdint.h>

#include <libxml/tree.h>

#include "store/dossier.h"

struct ctx;

/* The viewer's part in a dossier (DESIGN §6). */
enum side {
	SIDE_NONE,
	SIDE_READER,	/* HR, the manager's manager: read only */
	SIDE_EMPLOYEE,
	SIDE_MANAGER,
	SIDE_SNAPSHOT,	/* the neutral view stored when a report is signed */
};

/* Conversations of one dossier, at most this many. */
#define CONVERSATIONS_MAX 16

struct dossier_view {
	struct dossier d;
	enum side side;
	bool writable;		/* dossier and cycle open, viewer a party */
	bool hr;		/* a reader as HR advisor of this dossier (issue 17) */
	struct conversation *conv[CONVERSATIONS_MAX];	/* owned */
	size_t nconv;
	bool deputy;		/* issue 17: the viewer is the manager's deputy today */
	bool reviewer;		/* a second assessor, no party (issue 17) */
};

/* Loads a dossier and its conversations for the viewer.  Returns 200, or
 * 403 both for "no such dossier" and "not yours" (the body must not tell
 * which), or 5xx. */
int dossier_view_load(struct ctx *c, int64_t dossier_id, struct dossier_view *v);
/* True when this request's read of a dossier as a reader is recorded in
 * the read audit (issue 17: an HR advisor's GET).  Such a page is never
 * served from the page cache: every read must reach the recording. */
bool view_read_recorded(const struct ctx *c);
void dossier_view_free(struct dossier_view *v);
/* The conversation of the view with this id, or NULL. */
const struct conversation *view_conversation(const struct dossier_view *v, int64_t id);
/* Finds the dossier of a conversation and loads the view (403 as above). */
int conversation_view_load(struct ctx *c, int64_t conversation_id, struct dossier_view *v,
    const struct conversation **conv);

/* May viewer_id see what author_id wrote in conversation conv_id? */
bool view_visible(const struct dossier_view *v, int64_t viewer_id, int64_t author_id,
    int64_t conv_id);

/* Items, notes and remarks may still change. */
bool conversation_editable(const struct dossier_view *v, const struct conversation *cv);

/* Appends <dossier>, <scale>, <conversations>, and for cv (may be NULL for
 * the dossier page) <conversation> with items, updates, remarks,
 * signatures and snapshots, as the viewer may see them. */
int view_xml(struct ctx *c, const struct dossier_view *v, const struct conversation *cv,
    xmlNodePtr parent);

/* "employee" or "manager": the role of the viewer's writes. */
const char *side_role(enum side s);

#endif
