/* test_i18n.c -- language choice and the shipped catalogs: both load and
 * hold exactly the same keys. */
#include "config.h"

#include <stdlib.h>

#include <libxml/parser.h>

#include "tap.h"
#include "xml/i18n.h"

static void
test_pick(void)
{
	is_str(lang_pick(""), "nl", "no header: Dutch");
	is_str(lang_pick(NULL), "nl", "NULL header: Dutch");
	is_str(lang_pick("en-US,en;q=0.9"), "en", "English browser");
	is_str(lang_pick("nl-NL,nl;q=0.9,en;q=0.8"), "nl", "Dutch browser");
	is_str(lang_pick("de-DE,de;q=0.9,en;q=0.5"), "en", "German browser that also reads English");
	is_str(lang_pick("de-DE,fr"), "nl", "neither: Dutch");
	is_str(lang_pick("en;q=0.4, nl;q=0.6"), "nl", "q-values decide");
	is_str(lang_pick("EN-gb"), "en", "case-insensitive");
	is_str(lang_pick("eng"), "nl", "no prefix match without a dash");
	is_str(lang_pick("en;q=0"), "nl", "q=0 means not English");
	is_str(lang_pick("en;q=x"), "nl", "broken q ignored");
}

static void
test_catalogs(void)
{
	const char *top = getenv("top_srcdir");
	char p1[1024], p2[1024], err[256] = "";
	struct catalog *nl, *en;
	size_t i, missing = 0;

	snprintf(p1, sizeof(p1), "%s/xslt/i18n/nl.xml", top ? top : ".");
	snprintf(p2, sizeof(p2), "%s/xslt/i18n/en.xml", top ? top : ".");
	nl = catalog_load(p1, "nl", err, sizeof(err));
	ok(nl != NULL, "nl catalog loads");
	en = catalog_load(p2, "en", err, sizeof(err));
	ok(en != NULL, "en catalog loads");
	if (!nl || !en)
		return;
	ok(catalog_size(nl) > 10, "nl catalog has messages");
	is_int(catalog_size(nl), catalog_size(en), "both catalogs have as many keys");
	for (i = 0; i < catalog_size(nl); i++)
		if (catalog_get(en, catalog_key(nl, i)) == NULL) {
			printf("# missing in en: %s\n", catalog_key(nl, i));
			missing++;
		}
	for (i = 0; i < catalog_size(en); i++)
		if (catalog_get(nl, catalog_key(en, i)) == NULL) {
			printf("# missing in nl: %s\n", catalog_key(en, i));
			missing++;
		}
	is_int(missing, 0, "every key in both catalogs");
	is_str(catalog_get(nl, "error.404.title") ? "present" : "absent", "present", "error.404.title exists");
	ok(catalog_get(nl, "no.such.key") == NULL, "unknown key is NULL");
	catalog_free(nl);
	catalog_free(en);
}

int
main(void)
{
	xmlInitParser();
	test_pick();
	test_catalogs();
	return tap_done();
}
