/* fuzz_csv.c -- libFuzzer target: the CSV organisation import through
 * csv_parse and the row checks of org_add, then the sorting of the
 * problems found (what POST /admin/import and gesprekctl import report). */
#include "config.h"

#include <stdint.h>

#include "import/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct org_file f;
	size_t i;

	org_init(&f);
	csv_parse(&f, (const char *)data, size);
	org_sort_errors(&f);
	for (i = 0; i < f.nerr; i++)
		(void)org_reason_name(f.errors[i].reason);
	for (i = 0; i < f.n; i++)
		if (f.rows[i].f[ORG_LOGIN] == NULL)
			__builtin_trap();	/* absent columns are "" */
	org_free(&f);
	return 0;
}
