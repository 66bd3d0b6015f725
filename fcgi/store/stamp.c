/* stamp.c -- see stamp.h. */
#include "config.h"

#include <string.h>

#include "store/stamp.h"
#include "base/util.h"
#include "store/db.h"

/* The stamps of a dossier's employee and manager (0 when it has none: a
 * row that stamps nobody's pages), in one statement, in that order;
 * `dossier` is SQL naming the dossier, evaluated twice with its own
 * parameter each time. */
#define TOUCH_DOSSIER(dossier) \
	"INSERT INTO page_stamp (kind, ref, stamp) VALUES" \
	" ('p', (SELECT d.employee_id FROM dossier d WHERE d.id = " dossier "), 1)," \
	" ('p', (SELECT COALESCE(d.manager_id, 0) FROM dossier d WHERE d.id = " dossier "), 1)" \
	" ON DUPLICATE KEY UPDATE stamp = stamp + 1, updated_at = UTC_TIMESTAMP()"

static struct db_stmt_def q_touch_item = DB_STMT(
	TOUCH_DOSSIER("(SELECT i.dossier_id FROM item i WHERE i.id = ?)"));
static struct db_stmt_def q_touch_conversation = DB_STMT(
	TOUCH_DOSSIER("(SELECT c.dossier_id FROM conversation c WHERE c.id = ?)"));
static struct db_stmt_def q_touch_dossier = DB_STMT(
	TOUCH_DOSSIER("?"));
static struct db_stmt_def q_touch_all = DB_STMT(
	"INSERT INTO page_stamp (kind, ref, stamp) VALUES ('a', 0, 1)"
	" ON DUPLICATE KEY UPDATE stamp = stamp + 1, updated_at = UTC_TIMESTAMP()");

/* A dossier's own stamp is its employee's: every change to it moves that. */
static struct db_stmt_def q_by_conversation = DB_STMT(
	"SELECT COALESCE(ps.stamp, 0) FROM conversation c JOIN dossier d ON d.id = c.dossier_id"
	" LEFT JOIN page_stamp ps ON ps.kind = 'p' AND ps.ref = d.employee_id WHERE c.id = ?");
static struct db_stmt_def q_by_dossier = DB_STMT(
	"SELECT COALESCE(ps.stamp, 0) FROM dossier d"
	" LEFT JOIN page_stamp ps ON ps.kind = 'p' AND ps.ref = d.employee_id WHERE d.id = ?");

int
stamp_touch(struct db *db, const char *entity, int64_t entity_id)
{
	struct db_stmt_def *q = NULL;
	int st;

	if (strcmp(entity, "export") == 0)
		return DB_OK;
	if (strcmp(entity, "item") == 0)
		q = &q_touch_item;
	else if (strcmp(entity, "conversation") == 0)
		q = &q_touch_conversation;
	else if (strcmp(entity, "dossier") == 0)
		q = &q_touch_dossier;
	if (q && (st = db_exec(db, q, DB_ARGS(DB_INT(entity_id), DB_INT(entity_id)), NULL,
	    NULL)) != DB_OK)
		return st;
	/* A dossier made or moved changes who sees it: the old manager's
	 * dashboard too, whom the dossier no longer names. */
	if (q == NULL || q == &q_touch_dossier)
		return db_exec(db, &q_touch_all, DB_NOARGS, NULL, NULL);
	return DB_OK;
}

int
stamp_touch_people(struct db *db, const char *entity, int64_t entity_id)
{
	struct db_stmt_def *q = strcmp(entity, "conversation") == 0 ? &q_touch_conversation :
	    &q_touch_dossier;

	return db_exec(db, q, DB_ARGS(DB_INT(entity_id), DB_INT(entity_id)), NULL, NULL);
}

static struct db_stmt_def q_touch_person = DB_STMT(
	"INSERT INTO page_stamp (kind, ref, stamp) VALUES ('p', ?, 1)"
	" ON DUPLICATE KEY UPDATE stamp = stamp + 1, updated_at = UTC_TIMESTAMP()");

/* In the order of TOUCH_DOSSIER: the employee's, then the manager's. */
static struct db_stmt_def q_touch_pair = DB_STMT(
	"INSERT INTO page_stamp (kind, ref, stamp) VALUES ('p', ?, 1), ('p', ?, 1)"
	" ON DUPLICATE KEY UPDATE stamp = stamp + 1, updated_at = UTC_TIMESTAMP()");

int
stamp_touch_pair(struct db *db, int64_t employee_id, int64_t manager_id)
{
	return db_exec(db, &q_touch_pair, DB_ARGS(DB_INT(employee_id), DB_INT(manager_id)), NULL,
	    NULL);
}

int
stamp_touch_person(struct db *db, int64_t employee_id)
{
	return db_exec(db, &q_touch_person, DB_ARGS(DB_INT(employee_id)), NULL, NULL);
}

static int
stamp_row(void *ud, const struct db_row *r)
{
	*(int64_t *)ud = db_int(r, 0);
	return DB_OK;
}

int
dossier_stamp(struct db *db, int64_t id, bool by_conversation, int64_t *stamp)
{
	*stamp = 0;
	return db_query(db, by_conversation ? &q_by_conversation : &q_by_dossier,
	    DB_ARGS(DB_INT(id)), stamp_row, stamp);
}
