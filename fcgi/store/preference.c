/* preference.c -- a person's own choices (preference.h, sql/062). */
#include "config.h"

#include <string.h>

#include "store/db.h"
#include "store/preference.h"
#include "base/util.h"

/* One statement, no read before it: the caller is the logged-in person
 * (their row exists; employees are deactivated, never deleted). */
static struct db_stmt_def q_set = DB_STMT(
	"UPDATE employee SET lang = ? WHERE id = ?");
static struct db_stmt_def q_get = DB_STMT(
	"SELECT COALESCE(lang, '') FROM employee WHERE id = ?");

static bool
lang_known(const char *lang)
{
	return strcmp(lang, "nl") == 0 || strcmp(lang, "en") == 0;
}

int
pref_lang_set(struct db *db, int64_t id, const char *lang)
{
	if (lang && *lang && !lang_known(lang))
		return DB_ERROR;
	return db_exec(db, &q_set, DB_ARGS(DB_STR(lang && *lang ? lang : NULL), DB_INT(id)),
	    NULL, NULL);
}

static int
lang_row(void *ud, const struct db_row *r)
{
	strlcopy(ud, db_str(r, 0), PREF_LANG_LEN);
	return DB_OK;
}

int
pref_lang_get(struct db *db, int64_t id, char out[PREF_LANG_LEN])
{
	out[0] = '\0';
	return db_query(db, &q_get, DB_ARGS(DB_INT(id)), lang_row, out);
}
