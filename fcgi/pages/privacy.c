/* privacy.c -- GET /admin/privacy: the privacy statement for the works
 * council and the privacy officer (issue 18; what it holds:
 * app_privacy.h).  The HR administrator and the auditor (routes.c,
 * ROLE_HR_OR_AUDITOR); it names no one's conversation content, so reading
 * it is not a read of content (no read audit).  Never from the page cache:
 * it carries the date it was made. */
#include "config.h"

#include "app.h"
#include "app_privacy.h"
#include "base/describe.h"
#include "base/log.h"
#include "pages/pages.h"
#include "store/status.h"

int
admin_privacy_get(struct ctx *c)
{
	struct privacy_source src = { c->db, c->conf, c->w->describe };
	int st;

	if (c->w->describe == NULL)
		log_warn("privacy statement: no column descriptions (%s/%s): see gesprekctl check",
		    c->conf->migrations, DESCRIBE_FILE);
	if (!page_begin(c, "admin_privacy"))
		return 500;
	if ((st = privacy_statement(&src, c->page)) != DB_OK) {
		xmlFreeDoc(c->doc);
		c->doc = NULL;
		return http_status_of(st);
	}
	return 200;
}
