/* choices.c -- see choices.h. */
#include "config.h"

#include <stdlib.h>

#include "pages/choices.h"
#include "pages/form.h"
#include "store/organisation.h"
#include "xml/page.h"

/* ---- the department tree, bounded (choices.h) ---- */

/* A bounded list of departments: past max it only says there are more. */
struct dept_list {
	xmlNodePtr node;
	int64_t n, max;
};

static int
add_dept_choice(void *ud, const struct department_row *d)
{
	struct dept_list *l = ud;
	xmlNodePtr n;

	if (++l->n > l->max) {
		xml_set(l->node, "more", "1");
		return DB_OK;
	}
	n = xml_add(l->node, "department");
	xml_set_int(n, "id", d->id);
	xml_set(n, "name", d->name);
	return DB_OK;
}

static int
dept_level_xml(struct db *db, int64_t parent_id, xmlNodePtr tree)
{
	struct dept_list l = { xml_add(tree, "level"), 0, DEPT_LEVEL_MAX };

	xml_set_int(l.node, "parent", parent_id);
	return department_children(db, parent_id, DEPT_LEVEL_MAX + 1, add_dept_choice, &l);
}

/* The chosen department's ancestors, top first, and itself. */
struct dept_chain {
	xmlNodePtr node;
	int64_t id[DEPT_CHAIN_MAX];
	size_t n;
};

static int
add_chain(void *ud, const struct department_row *d)
{
	struct dept_chain *ch = ud;
	xmlNodePtr n;

	if (ch->n == DEPT_CHAIN_MAX)
		return DB_OK;
	ch->id[ch->n++] = d->id;
	n = xml_add(ch->node, "department");
	xml_set_int(n, "id", d->id);
	xml_set(n, "name", d->name);
	return DB_OK;
}

int
department_tree_xml(struct db *db, int64_t chosen, const char *dq, xmlNodePtr parent)
{
	xmlNodePtr tree = xml_add(parent, "department_tree");
	struct dept_chain *ch = NULL;
	int st;

	if ((st = dept_level_xml(db, 0, tree)) != DB_OK)
		return st;
	if (dq && *dq) {
		struct dept_list found = { xml_add(tree, "search"), 0, DEPT_MATCH_MAX };

		xml_set(found.node, "q", dq);
		st = department_search(db, dq, DEPT_MATCH_MAX + 1, add_dept_choice, &found);
		if (st != DB_OK)
			return st;
	}
	if (chosen == 0)
		return DB_OK;
	if ((ch = calloc(1, sizeof(*ch))) == NULL)
		return DB_ERROR;
	ch->node = xml_add(tree, "chain");
	st = department_chain(db, chosen, add_chain, ch);
	for (size_t i = 0; i < ch->n && st == DB_OK; i++)
		st = dept_level_xml(db, ch->id[i], tree);
	free(ch);
	return st;
}

int
department_search_status(const struct ctx *c, xmlNodePtr page, int status)
{
	struct form f;

	if (!in_failed(c))
		return status;
	form_begin(&f, c, DEPT_SEARCH_FORM);
	form_xml(&f, page);
	return 400;
}
