/* fuzz_import.c -- libFuzzer target: an organisation file (CSV or XML, as
 * org_parse tells them apart) through the parsers and the row checks, then
 * the plan against a small fixed database.  Needs the schema: run from the
 * top of the source tree (xslt/schema/organisation.xsd).
 * Build and run: tests/fuzz/build.sh, then ./fuzz_import CORPUS_DIR. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "import/parse.h"
#include "rules/plan.h"

#define XSD "xslt/schema/organisation.xsd"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct org_current boss = { .id = 1, .login = "boss", .name = "Boss", .email = "",
		.department = "", .manager = "", .version = 1, .active = true };
	struct org_file f;
	struct org_db d;
	struct import_plan p;

	org_init(&f);
	org_parse(&f, (const char *)data, size, XSD);
	org_db_init(&d, 1);
	org_db_add_employee(&d, &boss);
	org_db_add_department(&d, "ICT", 7);
	if (!f.oom && plan_build(&f, &d, &p))
		plan_free(&p);
	org_db_free(&d);
	org_free(&f);
	return 0;
}
