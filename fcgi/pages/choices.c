/* choices.c -- see choices.h. */
#include "config.h"

#include "pages/choices.h"
#include "store/organisation.h"
#include "xml/page.h"

static int
add_department(void *ud, const struct department_row *d)
{
	xmlNodePtr n = xml_add(ud, "department");

	xml_set_int(n, "id", d->id);
	xml_set(n, "name", d->name);
	xml_set_int(n, "depth", d->depth);
	return DB_OK;
}

int
department_choices_xml(struct db *db, xmlNodePtr parent)
{
	bool truncated;

	return departments_tree(db, add_department, xml_add(parent, "departments"), &truncated);
}
