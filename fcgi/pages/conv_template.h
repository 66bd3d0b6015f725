/* conv_template.h -- the form of a conversation as its template version
 * defines it (issue 16): the page XML of its sections, in order, with the
 * answers and competence ratings the viewer may see, and the checks the
 * handlers make against the form (a switched-off section takes nothing). */
#ifndef GESPREK_CONV_TEMPLATE_H
#define GESPREK_CONV_TEMPLATE_H

#include <stdbool.h>

#include <libxml/tree.h>

#include "pages/conv_view.h"

struct ctx;

/* view_xml (conv_view.h) for one conversation, and its <form_template>
 * under the <conversation> it made: the conversation page and the signed
 * snapshot both use this, so the snapshot keeps the form as shown.  (The
 * form is added here, not by view_xml, so that conv_view needs nothing of
 * this file.) */
int conv_form_xml(struct ctx *c, const struct dossier_view *v, const struct conversation *cv,
    xmlNodePtr parent);

/* Appends <form_template> to conv: the version's key, number and name,
 * and each section of cv's type in order (title and guidance in every
 * language the template gives, the scale's levels, the competences of
 * the employee's job profile with their behaviour indicators, and the
 * answers and ratings the viewer may see).  DB_OK or the store's status. */
int conv_template_xml(struct ctx *c, const struct dossier_view *v,
    const struct conversation *cv, xmlNodePtr conv);

/* Is the built-in section of an item kind ("result", "development",
 * "action") or "remarks" part of cv's form?  *on is false when its
 * template switched it off: nothing may be added to it.  DB_OK or the
 * store's status. */
int conv_template_has(struct ctx *c, const struct conversation *cv, const char *kind,
    bool *on);

#endif
