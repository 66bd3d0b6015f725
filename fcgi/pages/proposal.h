/* proposal.h -- the proposals of a goal setting (issue 15): unfinished
 * goals and development points of the cycle before, which either party
 * accepts or drops (proposal.c). */
#ifndef GESPREK_PAGES_PROPOSAL_H
#define GESPREK_PAGES_PROPOSAL_H

#include <libxml/tree.h>

struct ctx;
struct dossier_view;
struct conversation;

/* POST /proposals/{id}/accept and /proposals/{id}/drop. */
int proposal_accept_post(struct ctx *c);
int proposal_drop_post(struct ctx *c);
/* <proposals may=?><proposal .../>...</proposals> on the page of a goal
 * setting that has any and is not closed; nothing otherwise. */
int proposals_xml(struct ctx *c, const struct dossier_view *v, const struct conversation *cv,
    xmlNodePtr page);

#endif
