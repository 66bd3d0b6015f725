/* template_feedback.h -- a template version's feedback round (issue 17,
 * sql/087_feedback.sql), written and read with its version by
 * template.c.  Private to fcgi/store/. */
#ifndef GESPREK_STORE_TEMPLATE_FEEDBACK_H
#define GESPREK_STORE_TEMPLATE_FEEDBACK_H

#include <stdint.h>

#include "store/template.h"

struct db;

/* Writes fb (nothing when !fb->enabled) for version_id, inside the
 * caller's transaction.  The store's status. */
int template_feedback_save(struct db *db, int64_t version_id, const struct tpl_feedback *fb);

/* Reads version_id's round into fb (a zeroed or tpl_new() one): enabled
 * stays false when the version has none.  One statement. */
int template_feedback_load(struct db *db, int64_t version_id, struct tpl_feedback *fb);

#endif
