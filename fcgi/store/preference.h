/* preference.h -- what a person chose for themselves (sql/062): for now
 * the language of their pages and e-mail.  An empty choice means "none":
 * the browser's Accept-Language decides the pages, [mail] language the
 * e-mail. */
#ifndef GESPREK_STORE_PREFERENCE_H
#define GESPREK_STORE_PREFERENCE_H

#include <stdint.h>

struct db;

/* "nl", "en" and the terminating NUL. */
#define PREF_LANG_LEN 3

/* Records employee id's language: "nl", "en", or NULL/"" for no choice;
 * DB_ERROR for any other value. */
int pref_lang_set(struct db *db, int64_t id, const char *lang);
/* Reads it into out (PREF_LANG_LEN bytes): "" when none was chosen. */
int pref_lang_get(struct db *db, int64_t id, char out[PREF_LANG_LEN]);

#endif
