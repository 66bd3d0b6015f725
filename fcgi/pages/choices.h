/* choices.h -- lists that several pages offer in their forms, built once:
 * the same element names wherever a stylesheet reads them. */
#ifndef GESPREK_PAGES_CHOICES_H
#define GESPREK_PAGES_CHOICES_H

#include <stdint.h>

#include <libxml/tree.h>

struct ctx;
struct db;

/* A department choice stays small in a large organisation: a level lists
 * at most DEPT_LEVEL_MAX departments (the search finds the rest), a search
 * at most DEPT_MATCH_MAX, and the way down to the chosen one opens at most
 * DEPT_CHAIN_MAX levels. */
#define DEPT_LEVEL_MAX 100
#define DEPT_MATCH_MAX 25
#define DEPT_CHAIN_MAX 32

/* Appends <department_tree> to parent: the top level (<level parent="0">),
 * and for a chosen department (0: none) the way down to it (<chain>, top
 * first, itself last) with the level under each department on it; after
 * a search (dq, NULL or "": none) its matches (<search q>).  Each
 * <department id name>; @more on a list that holds only its first ones.
 * A few short reads by index, whatever the organisation's size, where a
 * select of every department grew the page by each one (1,119 at 100,000
 * employees): the report filter's links and the forms' bounded selects
 * (xslt/dept_choice.xsl) read it.  The store's status. */
int department_tree_xml(struct db *db, int64_t chosen, const char *dq, xmlNodePtr parent);

/* The name of the search's form in the page (xslt/dept_choice.xsl). */
#define DEPT_SEARCH_FORM "dept-search"

/* A GET page with a department search: when its query was refused (dq
 * over its length, or not one line) appends the search's <form> with the
 * problem next to dq and answers 400, else status. */
int department_search_status(const struct ctx *c, xmlNodePtr page, int status);

#endif
