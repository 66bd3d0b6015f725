/* error.c -- the error page: a status and nothing that tells whether an
 * object exists or how the server is built. */
#include "config.h"

#include <string.h>

#include "app.h"
#include "pages/pages.h"
#include "xml/page.h"

int
error_page(struct ctx *c, int status)
{
	xmlNodePtr e;

	if (c->doc) {
		xmlFreeDoc(c->doc);
		c->doc = NULL;
	}
	if (!page_begin(c, "error"))
		return status;
	c->style = "error";
	e = xml_add(c->page, "error");
	xml_set_int(e, "code", status);
	/* A field the route does not declare: naming it tells the sender
	 * nothing about the objects, and tells a developer what to fix. */
	if (status == 400 && c->in.refused)
		xml_set(e, "field", c->in.refused);
	return status;
}

int
error_signed_page(struct ctx *c, int64_t conversation_id, const char *status)
{
	xmlNodePtr e;

	if (c->doc) {
		xmlFreeDoc(c->doc);
		c->doc = NULL;
	}
	if (!page_begin(c, "error"))
		return 403;
	c->style = "error";
	e = xml_add(c->page, "error");
	xml_set_int(e, "code", 403);
	/* closed: signed by both; finalized: saved for good, awaiting them */
	xml_set(e, "reason", strcmp(status, "closed") == 0 ? "signed" : "finalized");
	xml_set_int(e, "conversation", conversation_id);
	return 403;
}
