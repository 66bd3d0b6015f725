/* conversation.c -- the writes of a conversation: items, updates, remarks,
 * state moves, signatures and snapshots.  Each is one statement; callers
 * group them in one db_tx with the audit row. */
#include "config.h"

#include <string.h>

#include "store/store.h"
#include "util.h"

/* States a conversation may move from, at most this many per move. */
#define MOVE_FROM_MAX 4

static struct db_stmt_def q_item_add = DB_STMT(
	"INSERT INTO item (dossier_id, kind, title, measure, deadline, responsible_id,"
	" org_goal_id, weight, created_in_conversation_id, author_id)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
static struct db_stmt_def q_item_edit = DB_STMT(
	"UPDATE item SET title = ?, measure = ?, deadline = ?, responsible_id = ?,"
	" org_goal_id = ?, weight = ?, version = version + 1, updated_at = UTC_TIMESTAMP()"
	" WHERE id = ? AND dossier_id = ? AND version = ?");
static struct db_stmt_def q_item_exists = DB_STMT(
	"SELECT COUNT(*) FROM item WHERE id = ? AND dossier_id = ?");
static struct db_stmt_def q_item_one = DB_STMT(
	"SELECT i.id, i.kind, i.title, COALESCE(i.measure, ''), COALESCE(i.deadline, ''),"
	" COALESCE(i.responsible_id, 0), COALESCE(r.name, ''), COALESCE(i.org_goal_id, 0),"
	" COALESCE(g.title, ''), COALESCE(i.weight, 0), i.status, COALESCE(i.achieved_on, ''),"
	" COALESCE(i.created_in_conversation_id, 0), COALESCE(i.author_id, 0),"
	" COALESCE(a.name, ''), i.version"
	" FROM item i LEFT JOIN employee r ON r.id = i.responsible_id"
	" LEFT JOIN org_goal g ON g.id = i.org_goal_id"
	" LEFT JOIN employee a ON a.id = i.author_id"
	" WHERE i.id = ? AND i.dossier_id = ?");
/* One note per item, conversation and author (the unique key
 * item_update_once): a later save replaces it in the same statement, so
 * two saves at once cannot both insert. */
static struct db_stmt_def q_update_save = DB_STMT(
	"INSERT INTO item_update (item_id, conversation_id, author_id, status, note, rating)"
	" SELECT i.id, ?, ?, ?, ?, ? FROM item i WHERE i.id = ? AND i.dossier_id = ?"
	" ON DUPLICATE KEY UPDATE status = VALUES(status), note = VALUES(note),"
	" rating = VALUES(rating), version = item_update.version + 1,"
	" updated_at = UTC_TIMESTAMP()");
static struct db_stmt_def q_item_status = DB_STMT(
	"UPDATE item SET status = ?, achieved_on = IF(? = 'achieved', COALESCE(achieved_on, UTC_DATE()), NULL),"
	" version = version + 1, updated_at = UTC_TIMESTAMP() WHERE id = ? AND dossier_id = ?");
static struct db_stmt_def q_remark_add = DB_STMT(
	"INSERT INTO remark (conversation_id, author_id, role, text) VALUES (?, ?, ?, ?)");
static struct db_stmt_def q_move = DB_STMT(
	"UPDATE conversation SET status = ?, version = version + 1, updated_at = UTC_TIMESTAMP(),"
	" held_on = IF(? = 'held', COALESCE(held_on, UTC_DATE()), held_on)"
	" WHERE id = ? AND version = ? AND status IN (?, ?, ?, ?)");
static struct db_stmt_def q_plan = DB_STMT(
	"UPDATE conversation SET scheduled_at = ?, status = IF(status = 'planned', 'preparing', status),"
	" version = version + 1, updated_at = UTC_TIMESTAMP()"
	" WHERE id = ? AND version = ? AND status IN ('planned', 'preparing')");
static struct db_stmt_def q_share_employee = DB_STMT(
	"UPDATE conversation SET employee_shared = 1, updated_at = UTC_TIMESTAMP() WHERE id = ?");
static struct db_stmt_def q_share_manager = DB_STMT(
	"UPDATE conversation SET manager_shared = 1, updated_at = UTC_TIMESTAMP() WHERE id = ?");
static struct db_stmt_def q_overall = DB_STMT(
	"UPDATE conversation SET overall_rating = ?, overall_note = ?, version = version + 1,"
	" updated_at = UTC_TIMESTAMP() WHERE id = ? AND version = ?");
static struct db_stmt_def q_signature = DB_STMT(
	"INSERT INTO signature (conversation_id, employee_id, role, verdict, remark)"
	" VALUES (?, ?, ?, ?, ?)");
static struct db_stmt_def q_snapshot = DB_STMT(
	"INSERT INTO snapshot (conversation_id, xml, sha256) VALUES (?, ?, ?)");
static struct db_stmt_def q_seal = DB_STMT(
	"UPDATE signature SET snapshot_sha256 = ?"
	" WHERE conversation_id = ? AND snapshot_sha256 IS NULL AND voided_at IS NULL");
static struct db_stmt_def q_reopen = DB_STMT(
	"UPDATE conversation SET status = 'held', reopen_reason = ?, version = version + 1,"
	" updated_at = UTC_TIMESTAMP() WHERE id = ? AND version = ? AND status IN ('finalized', 'closed')");
static struct db_stmt_def q_void = DB_STMT(
	"UPDATE signature SET voided_at = UTC_TIMESTAMP()"
	" WHERE conversation_id = ? AND snapshot_sha256 IS NULL AND voided_at IS NULL");
static struct db_stmt_def q_employee_active = DB_STMT(
	"SELECT COUNT(*) FROM employee WHERE id = ? AND active = 1");
static struct db_stmt_def q_goal_in_cycle = DB_STMT(
	"SELECT COUNT(*) FROM org_goal WHERE id = ? AND cycle_id = ?");

static int
count_row(void *ud, const struct db_row *r)
{
	*(int64_t *)ud = db_int(r, 0);
	return DB_OK;
}

static int
exists(struct db *db, struct db_stmt_def *q, int64_t a, int64_t b, bool *yes)
{
	int64_t n = 0;
	int st = db_query(db, q, DB_ARGS(DB_INT(a), DB_INT(b)), count_row, &n);

	*yes = n > 0;
	return st;
}

int
item_add(struct db *db, int64_t dossier_id, int64_t conversation_id, int64_t author_id,
    const struct item_input *in, int64_t *id)
{
	return db_exec(db, &q_item_add, DB_ARGS(DB_INT(dossier_id), DB_STR(in->kind),
	    DB_STR(in->title), DB_STR(in->measure), DB_STR(in->deadline),
	    DB_REF(in->responsible_id), DB_REF(in->org_goal_id), DB_REF(in->weight),
	    DB_REF(conversation_id), DB_REF(author_id)), NULL, id);
}

int
item_edit(struct db *db, int64_t id, int64_t dossier_id, int64_t version,
    const struct item_input *in)
{
	uint64_t n = 0;
	bool found;
	int st = db_exec(db, &q_item_edit, DB_ARGS(DB_STR(in->title), DB_STR(in->measure),
	    DB_STR(in->deadline), DB_REF(in->responsible_id), DB_REF(in->org_goal_id),
	    DB_REF(in->weight), DB_INT(id), DB_INT(dossier_id), DB_INT(version)), &n, NULL);

	if (st != DB_OK || n == 1)
		return st;
	/* Nothing changed: another version, or not this dossier's item. */
	if ((st = exists(db, &q_item_exists, id, dossier_id, &found)) != DB_OK)
		return st;
	return found ? DB_CONFLICT : DB_NOTFOUND;
}

struct one_item {
	item_fn fn;
	void *ud;
	bool seen;
};

static int
one_item_row(void *ud, const struct db_row *r)
{
	struct one_item *o = ud;
	struct item it = {
		.id = db_int(r, 0), .kind = db_str(r, 1), .title = db_str(r, 2),
		.measure = db_str(r, 3), .deadline = db_str(r, 4),
		.responsible_id = db_int(r, 5), .responsible_name = db_str(r, 6),
		.org_goal_id = db_int(r, 7), .org_goal_title = db_str(r, 8),
		.weight = db_int(r, 9), .status = db_str(r, 10), .achieved_on = db_str(r, 11),
		.conversation_id = db_int(r, 12), .author_id = db_int(r, 13),
		.author_name = db_str(r, 14), .version = db_int(r, 15),
	};

	o->seen = true;
	return o->fn ? o->fn(o->ud, &it) : DB_OK;
}

int
item_of_dossier(struct db *db, int64_t id, int64_t dossier_id, item_fn fn, void *ud)
{
	struct one_item o = { fn, ud, false };
	int st = db_query(db, &q_item_one, DB_ARGS(DB_INT(id), DB_INT(dossier_id)), one_item_row, &o);

	if (st != DB_OK)
		return st;
	return o.seen ? DB_OK : DB_NOTFOUND;
}

int
update_save(struct db *db, int64_t item_id, int64_t dossier_id, int64_t conversation_id,
    int64_t author_id, const char *status, const char *note, int rating)
{
	uint64_t n = 0;
	int st;

	/* The item's row lock first: the note's foreign key would otherwise
	 * take a shared lock on it that two saves of the same item could both
	 * hold and neither turn into the exclusive one (a deadlock). */
	if (status && ((st = db_exec(db, &q_item_status, DB_ARGS(DB_STR(status), DB_STR(status),
	    DB_INT(item_id), DB_INT(dossier_id)), &n, NULL)) != DB_OK || n == 0))
		return st != DB_OK ? st : DB_NOTFOUND;
	st = db_exec(db, &q_update_save, DB_ARGS(DB_INT(conversation_id), DB_INT(author_id),
	    DB_STR(status), DB_STR(note), DB_REF(rating), DB_INT(item_id), DB_INT(dossier_id)),
	    &n, NULL);
	if (st != DB_OK)
		return st;
	return n > 0 ? DB_OK : DB_NOTFOUND;	/* no such item in the dossier */
}

int
remark_add(struct db *db, int64_t conversation_id, int64_t author_id, const char *role,
    const char *text)
{
	return db_exec(db, &q_remark_add, DB_ARGS(DB_INT(conversation_id), DB_INT(author_id),
	    DB_STR(role), DB_STR(text)), NULL, NULL);
}

int
conversation_move(struct db *db, int64_t id, int64_t version, const char *const *from,
    const char *to)
{
	const char *f[MOVE_FROM_MAX] = { NULL, NULL, NULL, NULL };
	uint64_t n = 0;
	size_t i;
	int st;

	for (i = 0; i < MOVE_FROM_MAX && from[i]; i++)
		f[i] = from[i];
	st = db_exec(db, &q_move, DB_ARGS(DB_STR(to), DB_STR(to), DB_INT(id), DB_INT(version),
	    DB_STR(f[0]), DB_STR(f[1]), DB_STR(f[2]), DB_STR(f[3])), &n, NULL);
	if (st != DB_OK)
		return st;
	return n == 1 ? DB_OK : DB_CONFLICT;
}

int
conversation_plan(struct db *db, int64_t id, int64_t version, const char *when)
{
	uint64_t n = 0;
	int st = db_exec(db, &q_plan, DB_ARGS(DB_STR(when), DB_INT(id), DB_INT(version)), &n, NULL);

	if (st != DB_OK)
		return st;
	return n == 1 ? DB_OK : DB_CONFLICT;
}

int
conversation_share(struct db *db, int64_t id, bool manager_side)
{
	return db_exec(db, manager_side ? &q_share_manager : &q_share_employee,
	    DB_ARGS(DB_INT(id)), NULL, NULL);
}

int
conversation_overall(struct db *db, int64_t id, int64_t version, int rating, const char *note)
{
	uint64_t n = 0;
	int st = db_exec(db, &q_overall, DB_ARGS(DB_REF(rating), DB_STR(note), DB_INT(id),
	    DB_INT(version)), &n, NULL);

	if (st != DB_OK)
		return st;
	return n == 1 ? DB_OK : DB_CONFLICT;
}

int
signature_add(struct db *db, int64_t conversation_id, int64_t employee_id, const char *role,
    const char *verdict, const char *remark)
{
	return db_exec(db, &q_signature, DB_ARGS(DB_INT(conversation_id), DB_INT(employee_id),
	    DB_STR(role), DB_STR(verdict), DB_STR(remark)), NULL, NULL);
}

int
snapshot_add(struct db *db, int64_t conversation_id, const char *xml, size_t len,
    const char *sha256_hex)
{
	return db_exec(db, &q_snapshot, DB_ARGS(DB_INT(conversation_id), DB_BIN(xml, len),
	    DB_STR(sha256_hex)), NULL, NULL);
}

int
signatures_seal(struct db *db, int64_t conversation_id, const char *sha256_hex)
{
	return db_exec(db, &q_seal, DB_ARGS(DB_STR(sha256_hex), DB_INT(conversation_id)), NULL, NULL);
}

int
employee_active(struct db *db, int64_t id, bool *yes)
{
	int64_t n = 0;
	int st = db_query(db, &q_employee_active, DB_ARGS(DB_INT(id)), count_row, &n);

	*yes = n > 0;
	return st;
}

int
org_goal_in_cycle(struct db *db, int64_t id, int64_t cycle_id, bool *yes)
{
	return exists(db, &q_goal_in_cycle, id, cycle_id, yes);
}

int
conversation_reopen(struct db *db, int64_t id, int64_t version, const char *reason)
{
	uint64_t n = 0;
	int st = db_exec(db, &q_reopen, DB_ARGS(DB_STR(reason), DB_INT(id), DB_INT(version)), &n, NULL);

	if (st != DB_OK)
		return st;
	if (n != 1)
		return DB_CONFLICT;
	return db_exec(db, &q_void, DB_ARGS(DB_INT(id)), NULL, NULL);
}
