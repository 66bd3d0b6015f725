/* parse.h -- the parsers of an organisation file (the CSV or XML import of
 * HR).  They hand each row to rules/org.h's org_add and each problem to
 * org_fail, below them; org_parse, which picks the parser, sits here above
 * both, so the rules never call back up into a parser. */
#ifndef GESPREK_PARSE_H
#define GESPREK_PARSE_H

#include <stddef.h>

#include "rules/org.h"

/* Parses a whole file: XML when it starts (after a byte order mark and
 * blanks) with '<', else CSV.  xsd is the path of organisation.xsd. */
void org_parse(struct org_file *f, const char *data, size_t len, const char *xsd);

/* csv.c */
void csv_parse(struct org_file *f, const char *data, size_t len);
/* orgxml.c: validates against the schema at xsd (compiled once). */
void orgxml_parse(struct org_file *f, const char *data, size_t len, const char *xsd);

#endif
