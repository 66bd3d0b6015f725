/* admin.c -- GET /admin: HR's start page for administration, with the way
 * to the employees, departments, import and cycles.  HR only (routes.c). */
#include "config.h"

#include "app.h"
#include "pages/pages.h"
#include "xml/page.h"

int
admin_get(struct ctx *c)
{
	if (!page_begin(c, "admin"))
		return 500;
	xml_add(c->page, "admin");
	return 200;
}
