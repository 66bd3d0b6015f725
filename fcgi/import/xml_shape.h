/* xml_shape.h -- a linear, bounded look at an untrusted XML file before
 * libxml2 builds a tree of it (xml_shape.c): how many elements, and how
 * many attributes in each, so that a file of a million elements or an
 * element of a million attributes is refused in one pass over its bytes
 * instead of costing a tree.  Shared by every XML import (the
 * organisation, the competences, the form templates), each with limits
 * of its own. */
#ifndef GESPREK_IMPORT_XML_SHAPE_H
#define GESPREK_IMPORT_XML_SHAPE_H

#include <stddef.h>

struct xml_shape_limits {
	size_t attrs_max;	/* attributes of one element */
	size_t elements_max;	/* elements of the file */
};

enum xml_shape {
	XML_SHAPE_OK,
	XML_SHAPE_ATTRS,	/* an element with more than attrs_max attributes */
	XML_SHAPE_ELEMENTS,	/* more than elements_max elements */
};

/* Counts start tags and the attributes of each ('=' outside quoted
 * values), skipping comments, CDATA, processing instructions and end
 * tags.  A DOCTYPE ends the look with XML_SHAPE_OK: the parser refuses it
 * before any element, with its line.  *line: the line of the start tag
 * that went over a limit (1-based). */
enum xml_shape xml_shape_check(const char *data, size_t len,
    const struct xml_shape_limits *lim, size_t *line);

#endif
