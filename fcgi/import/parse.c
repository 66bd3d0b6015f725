/* parse.c -- org_parse: which parser reads an organisation file. */
#include "config.h"

#include <string.h>

#include "import/parse.h"

#define BOM "\xef\xbb\xbf"

void
org_parse(struct org_file *f, const char *data, size_t len, const char *xsd)
{
	size_t i = 0;

	if (len >= 3 && memcmp(data, BOM, 3) == 0)
		i = 3;
	while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
		i++;
	if (i < len && data[i] == '<')
		orgxml_parse(f, data, len, xsd);
	else
		csv_parse(f, data, len);
	if (!org_failed(f) && f->n == 0)
		org_fail(f, 0, ORG_EMPTY, NULL);
	org_sort_errors(f);
}
