/* i18n.h -- message catalogs (xslt/i18n/LANG.xml), loaded once and read by
 * stylesheets through the extension function i:t('key') in the namespace
 * urn:gesprek:i18n; and the choice of language from Accept-Language. */
#ifndef GESPREK_I18N_H
#define GESPREK_I18N_H

#include <stdbool.h>
#include <stddef.h>

#define I18N_NS "urn:gesprek:i18n"
#define I18N_KEY_MAX 128	/* longest catalog key */
#define I18N_TEXT_MAX 4096	/* longest message */
#define I18N_MSGS_MAX 4096	/* messages per catalog */

struct catalog;

/* The languages we speak, the first one the default. */
extern const char *const i18n_langs[];
#define I18N_LANGS 2

/* Loads a catalog file; NULL with err filled on any problem. */
struct catalog *catalog_load(const char *path, const char *lang, char *err, size_t errlen);
void catalog_free(struct catalog *c);
/* The message for key, or NULL. */
const char *catalog_get(const struct catalog *c, const char *key);
size_t catalog_size(const struct catalog *c);
/* The language it was loaded as ("nl"): a mail's Content-Language. */
const char *catalog_lang(const struct catalog *c);
/* The i-th key in sorted order (for completeness checks). */
const char *catalog_key(const struct catalog *c, size_t i);

/* "nl" or "en" for an Accept-Language header; Dutch when in doubt. */
const char *lang_pick(const char *accept_language);

/* Registers i:t() with libxslt; once in main, before threads. */
void i18n_register_xslt(void);

#endif
