/* audit.c -- the audit trail: who changed what, when, with before and
 * after.  Written inside the transaction of the change it records. */
#include "config.h"

#include "store/store.h"

static struct db_stmt_def q_add = DB_STMT(
	"INSERT INTO audit (actor_id, entity, entity_id, action, detail)"
	" VALUES (?, ?, ?, ?, ?)");
static struct db_stmt_def q_list = DB_STMT(
	"SELECT a.id, DATE_FORMAT(a.at, '%Y-%m-%dT%H:%i:%sZ'), COALESCE(e.name, ''),"
	" a.entity, a.entity_id, a.action, COALESCE(a.detail, '')"
	" FROM audit a LEFT JOIN employee e ON e.id = a.actor_id"
	" WHERE a.entity = ? AND a.entity_id = ? ORDER BY a.at DESC, a.id DESC LIMIT 500");

int
audit_add(struct db *db, int64_t actor_id, const char *entity, int64_t entity_id,
    const char *action, const char *detail)
{
	return db_exec(db, &q_add, DB_ARGS(DB_REF(actor_id), DB_STR(entity),
	    DB_REF(entity_id), DB_STR(action), DB_STR(detail)), NULL, NULL);
}

struct audit_cb {
	audit_fn fn;
	void *ud;
};

static int
audit_row(void *ud, const struct db_row *r)
{
	struct audit_cb *cb = ud;
	struct audit_row a = {
		.id = db_int(r, 0), .at = db_str(r, 1), .actor = db_str(r, 2),
		.entity = db_str(r, 3), .entity_id = db_int(r, 4), .action = db_str(r, 5),
		.detail = db_str(r, 6),
	};

	return cb->fn(cb->ud, &a);
}

int
audit_list(struct db *db, const char *entity, int64_t entity_id, audit_fn fn, void *ud)
{
	struct audit_cb cb = { fn, ud };

	return db_query(db, &q_list, DB_ARGS(DB_STR(entity), DB_INT(entity_id)), audit_row, &cb);
}
