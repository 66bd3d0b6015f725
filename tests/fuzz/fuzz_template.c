/* fuzz_template.c -- libFuzzer target: the form template reader
 * (tpl_read: size and shape limits, no DTD, entities or network, the
 * schema, then tpl_check).  Whatever it accepts must survive the round
 * trip: written (tpl_write), read again and written again, the bytes are
 * the same; anything else aborts.  Needs the schema: run from the top of
 * the source tree (tests/fuzz/run does). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "import/template_xml.h"

#define XSD "xslt/schema/template.xsd"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
round_trip(const struct tpl *t)
{
	struct tpl_error err;
	struct buf a, b;
	struct tpl *again;

	buf_init(&a);
	buf_init(&b);
	if (!tpl_write(t, &a))
		goto out;	/* out of memory: nothing to compare */
	if ((again = tpl_read(a.data, a.len, XSD, &err)) == NULL)
		abort();	/* what was accepted once is accepted again */
	if (tpl_write(again, &b) && (a.len != b.len || memcmp(a.data, b.data, a.len) != 0))
		abort();
	tpl_free(again);
out:
	buf_free(&a);
	buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tpl_error err;
	struct tpl *t = tpl_read((const char *)data, size, XSD, &err);

	if (t != NULL) {
		round_trip(t);
		tpl_free(t);
	}
	return 0;
}
