/* fuzz_orgxml.c -- libFuzzer target: the XML organisation import through
 * orgxml_parse: well-formedness without DTDs, entities or network, the
 * schema, then the same row checks as CSV.  Needs the schema: run from the
 * top of the source tree (tests/fuzz/run does). */
#include "config.h"

#include <stdint.h>

#include "import/parse.h"

#define XSD "xslt/schema/organisation.xsd"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct org_file f;

	org_init(&f);
	orgxml_parse(&f, (const char *)data, size, XSD);
	org_sort_errors(&f);
	org_free(&f);
	return 0;
}
