/* draft.c -- see draft.h. */
#include "config.h"

#include <string.h>

#include "store/db.h"
#include "store/draft.h"

/* The session row outlives its idle limit until `gesprekctl` purges it
 * after its absolute expiry: until then it names its person. */
static struct db_stmt_def q_owner = DB_STMT(
	"SELECT employee_id, csrf FROM session WHERE token_sha256 = ? AND employee_id IS NOT NULL");
static struct db_stmt_def q_purge = DB_STMT(
	"DELETE FROM draft WHERE expires_at < UTC_TIMESTAMP() LIMIT 50");
static struct db_stmt_def q_keep = DB_STMT(
	"INSERT INTO draft (employee_id, page, form, action, fields, expires_at)"
	" VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP() + INTERVAL ? SECOND)"
	" ON DUPLICATE KEY UPDATE form = VALUES(form), action = VALUES(action),"
	" fields = VALUES(fields), created_at = UTC_TIMESTAMP(), expires_at = VALUES(expires_at)");
static struct db_stmt_def q_exists = DB_STMT(
	"SELECT 1 FROM draft WHERE employee_id = ? AND page = ? AND expires_at > UTC_TIMESTAMP()");
static struct db_stmt_def q_take = DB_STMT(
	"SELECT form, action, fields FROM draft WHERE employee_id = ? AND page = ?"
	" AND expires_at > UTC_TIMESTAMP() FOR UPDATE");
/* Taken or expired: either way it goes. */
static struct db_stmt_def q_delete = DB_STMT(
	"DELETE FROM draft WHERE employee_id = ? AND page = ?");
static struct db_stmt_def q_writer = DB_STMT(
	"SELECT a.actor_id, COALESCE(e.name, ''), DATE_FORMAT(a.at, '%Y-%m-%dT%H:%i:%s')"
	" FROM audit a"
	" LEFT JOIN employee e ON e.id = a.actor_id"
	" WHERE a.entity = ? AND a.entity_id = ? ORDER BY a.at DESC, a.id DESC LIMIT 1");

_Static_assert(DRAFT_PURGE_BATCH == 50, "q_purge spells DRAFT_PURGE_BATCH out");

struct owner {
	int64_t *employee_id;
	char *csrf;
	size_t csrf_size;
	bool found;
};

static int
owner_row(void *ud, const struct db_row *r)
{
	struct owner *o = ud;

	*o->employee_id = db_int(r, 0);
	strlcopy(o->csrf, db_str(r, 1), o->csrf_size);
	o->found = true;
	return DB_OK;
}

int
draft_session_owner(struct db *db, const unsigned char hash[SHA256_LEN],
    int64_t *employee_id, char *csrf, size_t csrf_size)
{
	struct owner o = { employee_id, csrf, csrf_size, false };
	int st;

	*employee_id = 0;
	csrf[0] = '\0';
	st = db_query(db, &q_owner, DB_ARGS(DB_BIN(hash, SHA256_LEN)), owner_row, &o);
	if (st != DB_OK)
		return st;
	return o.found && *employee_id > 0 ? DB_OK : DB_NOTFOUND;
}

int
draft_purge(struct db *db)
{
	return db_exec(db, &q_purge, DB_NOARGS, NULL, NULL);
}

struct keep {
	int64_t employee_id;
	const char *page, *form, *action;
	const void *fields;
	size_t len;
};

static int
keep_tx(struct db *db, void *ud)
{
	struct keep *k = ud;
	int st = db_exec(db, &q_purge, DB_NOARGS, NULL, NULL);

	if (st != DB_OK)
		return st;
	return db_exec(db, &q_keep, DB_ARGS(DB_INT(k->employee_id), DB_STR(k->page),
	    DB_STR(k->form), DB_STR(k->action), DB_BIN(k->fields, k->len),
	    DB_INT(DRAFT_LIFETIME)), NULL, NULL);
}

int
draft_keep(struct db *db, int64_t employee_id, const char *page, const char *form,
    const char *action, const void *fields, size_t len)
{
	struct keep k = { employee_id, page, form, action, fields, len };

	if (employee_id <= 0 || len > DRAFT_BYTES_MAX || strlen(page) > DRAFT_PAGE_MAX ||
	    strlen(action) > DRAFT_PAGE_MAX || strlen(form) > DRAFT_FORM_MAX)
		return DB_ERROR;
	return db_tx(db, keep_tx, &k);
}

static int
found_row(void *ud, const struct db_row *r)
{
	(void)r;
	*(bool *)ud = true;
	return DB_OK;
}

int
draft_exists(struct db *db, int64_t employee_id, const char *page, bool *found)
{
	*found = false;
	return db_query(db, &q_exists, DB_ARGS(DB_INT(employee_id), DB_STR(page)), found_row,
	    found);
}

struct take {
	int64_t employee_id;
	const char *page;
	struct draft *out;
	bool found;
};

static int
take_row(void *ud, const struct db_row *r)
{
	struct take *t = ud;

	strlcopy(t->out->form, db_str(r, 0), sizeof(t->out->form));
	strlcopy(t->out->action, db_str(r, 1), sizeof(t->out->action));
	buf_reset(&t->out->fields);
	if (!db_isnull(r, 2) && !buf_append(&t->out->fields, r->val[2], r->len[2]))
		return DB_ERROR;
	t->found = true;
	return DB_OK;
}

static int
take_tx(struct db *db, void *ud)
{
	struct take *t = ud;
	int st;

	t->found = false;
	st = db_query(db, &q_take, DB_ARGS(DB_INT(t->employee_id), DB_STR(t->page)),
	    take_row, t);
	if (st != DB_OK)
		return st;
	return db_exec(db, &q_delete, DB_ARGS(DB_INT(t->employee_id), DB_STR(t->page)), NULL,
	    NULL);
}

int
draft_take(struct db *db, int64_t employee_id, const char *page, struct draft *out)
{
	struct take t = { employee_id, page, out, false };
	int st = db_tx(db, take_tx, &t);

	if (st != DB_OK)
		return st;
	return t.found ? DB_OK : DB_NOTFOUND;
}

static int
writer_row(void *ud, const struct db_row *r)
{
	struct last_writer *w = ud;

	w->id = db_int(r, 0);
	strlcopy(w->name, db_str(r, 1), sizeof(w->name));
	strlcopy(w->at, db_str(r, 2), sizeof(w->at));
	return DB_OK;
}

int
last_writer(struct db *db, const char *entity, int64_t entity_id, struct last_writer *out)
{
	int st;

	memset(out, 0, sizeof(*out));
	st = db_query(db, &q_writer, DB_ARGS(DB_STR(entity), DB_INT(entity_id)), writer_row,
	    out);
	if (st != DB_OK)
		return st;
	return out->at[0] ? DB_OK : DB_NOTFOUND;
}
