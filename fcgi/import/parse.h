/* parse.h -- the parsers of an organisation file (the CSV or XML import of
 * HR).  They hand each row to rules/org.h's org_add and each problem to
 * org_fail, below them; org_parse, which picks the parser, sits here above
 * both, so the rules never call back up into a parser. */
#ifndef GESPREK_PARSE_H
#define GESPREK_PARSE_H

#include <stddef.h>

#include "rules/org.h"

struct buf;

/* Parses a whole file: XML when it starts (after a byte order mark and
 * blanks) with '<', else CSV.  xsd is the path of organisation.xsd. */
void org_parse(struct org_file *f, const char *data, size_t len, const char *xsd);

/* decode.c: appends the text of data to out as UTF-8, without a byte
 * order mark: as it is when it is UTF-8, else read as Windows-1252
 * (*converted then).  False when out of memory. */
bool text_utf8(const char *data, size_t len, struct buf *out, bool *converted);

/* csv.c: the header is read through f->mapping and the aliases of
 * import/mapping.h. */
void csv_parse(struct org_file *f, const char *data, size_t len);
/* orgxml.c: validates against the schema at xsd (compiled once). */
void orgxml_parse(struct org_file *f, const char *data, size_t len, const char *xsd);

#endif
