/* fuzz_competences.c -- libFuzzer target: the competence dictionary as XML
 * through compxml_read (size, shape scan, no DTDs, entities or network,
 * competences.xsd, then keys, levels and profile references), and every
 * file it accepts written back by compxml_write and read again: what the
 * export writes, the import must take.  Needs the schema: run from the
 * top of the source tree (tests/fuzz/run does). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "import/competences.h"

#define XSD "xslt/schema/competences.xsd"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct compxml_report rep;	/* large: not on the stack */
	struct competence_set set, again;
	char *out = NULL;
	size_t len = 0;

	competence_set_init(&set);
	competence_set_init(&again);
	if (compxml_read((const char *)data, size, XSD, &set, &rep) &&
	    compxml_write(&set, &out, &len) &&
	    !compxml_read(out, len, XSD, &again, &rep))
		abort();	/* the export of an accepted file must be accepted */
	free(out);
	competence_set_free(&set);
	competence_set_free(&again);
	return 0;
}
