/* xml_safe.h -- the one hardened reader of untrusted XML files, shared
 * by every XML import (the organisation, the competences, the form
 * templates) (xml_safe.c).  In this order:
 *
 *   1. the shape check (xml_shape.h): elements and attributes bounded in
 *      one linear pass, before libxml2 builds a tree (its duplicate
 *      attribute check is quadratic);
 *   2. the parse: no network, no entity substitution, no DTD loaded or
 *      used; a DOCTYPE stops the parser at once and refuses the file (it
 *      is the door to every entity trick: billion laughs, external
 *      entities, parameter entities);
 *   3. validation against the importer's schema, compiled once per
 *      process (xsd_cache.h).
 *
 * Each refusal reaches the importer through one callback, with its line
 * and libxml2's text, so that each importer words it in its own report
 * and keeps only its walk over the valid tree.  The parser's first error
 * is reported (later ones follow from it); a schema error is reported
 * each time libxml2 finds one, the importer keeps as many as it lists. */
#ifndef GESPREK_IMPORT_XML_SAFE_H
#define GESPREK_IMPORT_XML_SAFE_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/tree.h>

#include "import/xml_shape.h"
#include "import/xsd_cache.h"

enum xml_safe_fault {
	XML_SAFE_ATTRS,		/* an element over shape.attrs_max attributes */
	XML_SAFE_ELEMENTS,	/* more than shape.elements_max elements */
	XML_SAFE_DOCTYPE,	/* a DOCTYPE (no DTD, no entities) */
	XML_SAFE_ENCODING,	/* not UTF-8 or a character XML forbids */
	XML_SAFE_SYNTAX,	/* not well-formed XML */
	XML_SAFE_SCHEMA,	/* not valid against the schema */
	XML_SAFE_NO_SCHEMA,	/* the schema file does not compile */
	XML_SAFE_OOM,		/* out of memory, or a file libxml2 cannot size */
};

/* One refusal: line 0 is the file as a whole; msg is libxml2's text
 * without its trailing newline (ENCODING, SYNTAX, SCHEMA), or NULL when
 * there is none (then the importer says it in its own words). */
typedef void xml_safe_report(void *ud, enum xml_safe_fault fault, size_t line,
    const char *msg);

struct xml_safe {
	struct xml_shape_limits shape;
	struct xsd_cache *schema;	/* the importer's own, XSD_CACHE_INIT */
	const char *xsd;		/* its path */
	const char *what;		/* names it in the log */
	xml_safe_report *report;
	void *ud;			/* handed to report */
};

/* data[0..len) parsed and validated as r says: the document (the caller
 * frees it with xmlFreeDoc), or NULL after at least one report.  Safe to
 * call from several threads at once. */
xmlDocPtr xml_safe_read(const struct xml_safe *r, const char *data, size_t len);

/* Whether n is the element name in namespace ns (the importers' schemas
 * are all qualified: an element of another namespace is never theirs). */
bool xml_safe_is(xmlNodePtr n, const char *ns, const char *name);

#endif
