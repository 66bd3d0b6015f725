/* audit_read.c -- the read audit (issue 17, sql/086_hr_roles.sql): who of
 * HR (an advisor) or a second assessor read which dossier, conversation,
 * export or people list, when.  See store/audit.h. */
#include "config.h"

#include <string.h>
#include <time.h>

#include "rules/deputy.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/stamp.h"
#include "base/util.h"

/* The dossier a read belongs to is found in the write: the caller names
 * only what it read.  The day is the configured zone's (site.timezone),
 * the day people in the organisation count, as a deputy's period is: a
 * read at 00:30 in Amsterdam is the next day's, not the UTC day's. */
static struct db_stmt_def q_read = DB_STMT_IDEMPOTENT(
	"INSERT IGNORE INTO read_audit (reader_id, kind, object_id, what, day, dossier_id)"
	" VALUES (?, ?, ?, ?, ?, CASE ?"
	" WHEN 'dossier' THEN (SELECT d.id FROM dossier d WHERE d.id = ?)"
	" WHEN 'conversation' THEN (SELECT c.dossier_id FROM conversation c WHERE c.id = ?)"
	" ELSE NULL END)");

#define READ_COLUMNS \
	"SELECT r.id, DATE_FORMAT(r.at, '%Y-%m-%dT%H:%i:%sZ'), COALESCE(e.name, ''), r.kind," \
	" r.object_id, r.what, COALESCE(r.dossier_id, 0)" \
	" FROM read_audit r LEFT JOIN employee e ON e.id = r.reader_id"
static struct db_stmt_def q_of_dossier = DB_STMT(
	READ_COLUMNS " WHERE r.dossier_id = ? ORDER BY r.at DESC, r.id DESC LIMIT ?");
static struct db_stmt_def q_search = DB_STMT(
	READ_COLUMNS
	" WHERE (? = 0 OR r.dossier_id = ?)"
	" AND (? = '' OR INSTR(e.name, ?) > 0 OR e.login = ?)"
	" AND (? = '' OR r.at >= CAST(? AS DATE))"
	" AND (? = '' OR r.at < CAST(? AS DATE) + INTERVAL 1 DAY)"
	" ORDER BY r.at DESC, r.id DESC LIMIT ?");

struct read_tx {
	int64_t reader_id, object_id;
	const char *kind;
	char what[READ_WHAT_MAX + 1];
	char day[DEPUTY_DATE_LEN + 1];	/* today in site.timezone */
};

/* The record; *added says whether it is the first of its day. */
static int
read_insert(struct db *db, const struct read_tx *t, uint64_t *added)
{
	return db_exec(db, &q_read, DB_ARGS(DB_INT(t->reader_id), DB_STR(t->kind),
	    DB_INT(t->object_id), DB_STR(t->what), DB_STR(t->day), DB_STR(t->kind),
	    DB_INT(t->object_id), DB_INT(t->object_id)), added, NULL);
}

/* A read of a dossier or a conversation shows on pages the page cache
 * keeps (their stamps); an export or a people list on none. */
static bool
read_shows_on_pages(const char *kind)
{
	return strcmp(kind, READ_KIND_CONVERSATION) == 0 ||
	    strcmp(kind, READ_KIND_DOSSIER) == 0;
}

static int
read_write(struct db *db, void *ud)
{
	struct read_tx *t = ud;
	uint64_t added = 0;
	int st;

	if ((st = read_insert(db, t, &added)) != DB_OK || added == 0)
		return st;
	/* The first read of the day shows on the employee's own dossier page
	 * (and its manager's, which share the stamps): those pages are stale. */
	return stamp_touch_people(db, t->kind, t->object_id);
}

int
audit_read(struct db *db, int64_t reader_id, const char *kind, int64_t object_id,
    const char *what)
{
	struct read_tx t = { .reader_id = reader_id, .object_id = object_id, .kind = kind };

	if (reader_id <= 0 || object_id < 0 || !deputy_today(time(NULL), t.day))
		return DB_ERROR;
	/* ASCII only (the column's character set): a description is made of
	 * field names and numbers; anything else becomes '?'. */
	strlcopy(t.what, what ? what : "", sizeof(t.what));
	for (char *p = t.what; *p; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e)
			*p = '?';
	/* A record that touches no stamp is one INSERT IGNORE, whole on its
	 * own in autocommit (rerun by db_exec after a deadlock or a lost
	 * answer, which the IGNORE on read_audit_once makes harmless): START
	 * TRANSACTION and COMMIT around it were two of a people list's seven
	 * statements (issue 21). */
	if (!read_shows_on_pages(t.kind))
		return read_insert(db, &t, NULL);
	return db_tx(db, read_write, &t);
}

struct read_cb {
	read_fn fn;
	void *ud;
};

static int
read_row(void *ud, const struct db_row *r)
{
	struct read_cb *cb = ud;
	struct read_row row = {
		.id = db_int(r, 0), .at = db_str(r, 1), .reader = db_str(r, 2),
		.kind = db_str(r, 3), .object_id = db_int(r, 4), .what = db_str(r, 5),
		.dossier_id = db_int(r, 6),
	};

	return cb->fn(cb->ud, &row);
}

int
audit_reads_of_dossier(struct db *db, int64_t dossier_id, int64_t limit, read_fn fn, void *ud)
{
	struct read_cb cb = { fn, ud };

	return db_query(db, &q_of_dossier, DB_ARGS(DB_INT(dossier_id), DB_INT(limit)),
	    read_row, &cb);
}

int
audit_reads_search(struct db *db, const struct audit_query *q, int64_t dossier_id,
    int64_t limit, read_fn fn, void *ud)
{
	struct read_cb cb = { fn, ud };
	const char *who = q->who ? q->who : "";
	const char *from = q->from ? q->from : "", *to = q->to ? q->to : "";

	return db_query(db, &q_search, DB_ARGS(DB_INT(dossier_id), DB_INT(dossier_id),
	    DB_STR(who), DB_STR(who), DB_STR(who), DB_STR(from), DB_STR(from), DB_STR(to),
	    DB_STR(to), DB_INT(limit)), read_row, &cb);
}
