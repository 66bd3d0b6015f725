/* competences.h -- the competence dictionary as XML
 * (xslt/schema/competences.xsd), both ways:
 *
 *   <competences xmlns="urn:gesprek:competences:1">
 *     <competence key="samenwerken">
 *       <name>Samenwerken</name> <name-en>Collaboration</name-en>?
 *       <definition>...</definition> <definition-en>...</definition-en>?
 *       <level n="1"><indicator>...</indicator><indicator-en>...</indicator-en>?</level>*
 *     </competence>*
 *     <profile key="adviseur">
 *       <name>Adviseur</name> <name-en>Advisor</name-en>?
 *       <competence-ref key="samenwerken"/>*
 *     </profile>*
 *   </competences>
 *
 * Reading is as hardened as the organisation import (orgxml.c): no DTD,
 * no entities, no network, bounded size and shape, schema validation,
 * then the value rules; every problem with its line and reason, and a
 * file with any problem is refused whole. */
#ifndef GESPREK_IMPORT_COMPETENCES_H
#define GESPREK_IMPORT_COMPETENCES_H

#include <stdbool.h>
#include <stddef.h>

#include "store/competence.h"

#define COMPXML_NS "urn:gesprek:competences:1"
/* A dictionary of 2000 competences with ten levels is well under this. */
#define COMPXML_FILE_MAX (8 * 1024 * 1024)
/* Problems one report lists (the count says how many more). */
#define COMPXML_PROBLEMS_MAX 50
#define COMPXML_REASON_MAX 300

struct compxml_problem {
	size_t line;		/* 0: the file as a whole */
	char reason[COMPXML_REASON_MAX];
};
struct compxml_report {
	struct compxml_problem p[COMPXML_PROBLEMS_MAX];
	size_t n, total;
	bool oom;
};

/* Reads data[0..len) into set (initialised by the caller); false with the
 * problems in rep when the file is refused (set then holds nothing to
 * apply).  xsd: the path of competences.xsd. */
bool compxml_read(const char *data, size_t len, const char *xsd, struct competence_set *set,
    struct compxml_report *rep);

/* The set as a document (UTF-8, indented, one order: the set's); *out is
 * the caller's to free().  False when out of memory. */
bool compxml_write(const struct competence_set *set, char **out, size_t *len);

#endif
