/* conv_outcome.h -- the weighted outcome of an assessment in its page XML
 * (issue 16; store/outcome.h gathers it, rules/outcome.h computes it,
 * xslt/conversation_outcome.xsl shows it). */
#ifndef GESPREK_CONV_OUTCOME_H
#define GESPREK_CONV_OUTCOME_H

#include <stdbool.h>

#include <libxml/tree.h>

#include "store/dossier.h"

struct ctx;

/* Appends <outcome> to conv when cv is an assessment and the viewer may
 * see the manager's preparation of it (`visible`: the rule of the overall
 * rating, conv_view.c); DB_OK or the store's status. */
struct tpl;

/* <outcome> under conv, of an assessment whose template version t the page
 * has read (conv_template.c); nothing when not visible. */
int outcome_xml(struct ctx *c, const struct conversation *cv, bool visible,
    const struct tpl *t, xmlNodePtr conv);

#endif
