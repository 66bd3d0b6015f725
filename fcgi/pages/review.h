/* review.h -- the second assessor on the conversation page (issue 17):
 * the <review> element of a conversation, in the page and in the signed
 * snapshot, and the three moves (store/review.h). */
#ifndef GESPREK_PAGES_REVIEW_H
#define GESPREK_PAGES_REVIEW_H

#include <stdbool.h>

#include <libxml/tree.h>

#include "pages/conv_view.h"

struct ctx;

/* Appends to conv, for an assessment with a second assessor or any
 * review event:
 *   <review state="pending" assessor="name" assessor_id="N" mine="1">
 *     <event action="change" target="item" target_id="N" title="..."
 *            old="2" new="3" author="..." author_id="N" at="...">
 *       <reason>...</reason></event>...
 *   </review>
 * mine: the viewer is the second assessor and it waits for them (not in
 * the snapshot).  DB_OK or the store's status. */
int review_xml(struct ctx *c, const struct dossier_view *v, const struct conversation *cv,
    xmlNodePtr conv);

/* May the parties sign now (no second assessor still to approve)? */
bool review_sign_open(const struct conversation *cv);

int review_approve_post(struct ctx *c);
int review_return_post(struct ctx *c);
int review_change_post(struct ctx *c);

#endif
