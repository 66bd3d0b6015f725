/* choices.h -- lists that several pages offer in their forms, built once:
 * the same element names wherever a stylesheet reads them. */
#ifndef GESPREK_PAGES_CHOICES_H
#define GESPREK_PAGES_CHOICES_H

#include <libxml/tree.h>

struct db;

/* Appends <departments> to parent with one <department id name depth> per
 * department, in tree order (departments_tree, the order of every tree
 * select): the choice of a
 * department on the cycle page and in the report filter.  The store's
 * status (DB_OK, ...). */
int department_choices_xml(struct db *db, xmlNodePtr parent);

#endif
