/* conversation.c -- the writes of a conversation: items, progress notes,
 * remarks, the overall rating, the moves of its life (plan, share, held,
 * finalize, sign, close with its snapshot, reopen).  Each is one
 * transaction of its own, with its audit row (DESIGN §3).
 *
 * Each starts by locking the conversation row, with its dossier (SELECT
 * ... FOR UPDATE), and checks under that lock everything it depends on:
 * who the actor is in the dossier, the dossier being open, the
 * conversation's state, version and signing round.  A check on data read
 * before the transaction can be overtaken between the read and the write
 * (a double submit, a finalize or a reopen at the same moment); under the
 * lock every write of one conversation runs after the other, so each sees
 * what the one before it left. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "base/sha256.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/dossier.h"
#include "store/goal.h"
#include "base/util.h"
#include "store/rows.h"

/* Characters of a user's text kept in an audit detail: a title whole, a
 * reason up to this. */
#define AUDIT_TITLE_CHARS TITLE_MAX_CHARS
#define AUDIT_TEXT_CHARS 400
/* An audit detail: a short fixed part plus the text, 4 bytes a character. */
#define AUDIT_DETAIL_MAX (128 + 4 * AUDIT_TEXT_CHARS)

static struct db_stmt_def q_lock = DB_STMT(
	"SELECT c.status, c.version, c.sign_round, c.type, c.employee_shared, c.manager_shared,"
	" c.dossier_id, d.employee_id, COALESCE(d.manager_id, 0), d.status, d.cycle_id,"
	" c.overall_rating IS NOT NULL"
	" FROM conversation c JOIN dossier d ON d.id = c.dossier_id WHERE c.id = ? FOR UPDATE");
static struct db_stmt_def q_item_add = DB_STMT(
	"INSERT INTO item (dossier_id, kind, title, measure, deadline, responsible_id,"
	" org_goal_id, weight, created_in_conversation_id, author_id)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
static struct db_stmt_def q_item_edit = DB_STMT(
	"UPDATE item SET title = ?, measure = ?, deadline = ?, responsible_id = ?,"
	" org_goal_id = ?, weight = ?, version = version + 1, updated_at = UTC_TIMESTAMP()"
	" WHERE id = ? AND dossier_id = ? AND version = ?");
/* An item of the dossier with what decides whether the actor may see it:
 * who wrote it and the privacy of the conversation it was written in. */
static struct db_stmt_def q_item_seen = DB_STMT(
	"SELECT COALESCE(i.author_id, 0), COALESCE(i.responsible_id, 0), COALESCE(ic.status, ''),"
	" COALESCE(ic.employee_shared, 0), COALESCE(ic.manager_shared, 0)"
	" FROM item i LEFT JOIN conversation ic ON ic.id = i.created_in_conversation_id"
	" WHERE i.id = ? AND i.dossier_id = ?");
static struct db_stmt_def q_item_one = DB_STMT(
	ITEM_SELECT
	" WHERE i.id = ? AND i.dossier_id = ?");
/* One note per item, conversation and author (the unique key
 * item_update_once): a later save replaces it in the same statement. */
static struct db_stmt_def q_update_save = DB_STMT(
	"INSERT INTO item_update (item_id, conversation_id, author_id, status, note, rating)"
	" SELECT i.id, ?, ?, ?, ?, ? FROM item i WHERE i.id = ? AND i.dossier_id = ?"
	" ON DUPLICATE KEY UPDATE status = VALUES(status), note = VALUES(note),"
	" rating = VALUES(rating), version = item_update.version + 1,"
	" updated_at = UTC_TIMESTAMP()");
/* Note n, written in conversation nc of dossier d, is visible to both
 * parties: the conversation is past its private phase, or the author's
 * side shared it (the rule of view_visible in pages/conv_view.c). */
#define BOTH_SEE(n, nc) \
	"(" nc ".status NOT IN ('planned', 'preparing')" \
	" OR (" n ".author_id = d.employee_id AND " nc ".employee_shared = 1)" \
	" OR (" n ".author_id <> d.employee_id AND " nc ".manager_shared = 1))"
/* An item's status is the status of its latest note (by updated_at, then
 * id: the order the pages use) that both parties may see; a note's status
 * is preparation like its text (DESIGN §5), so it reaches the item -- and
 * with it HR's numbers and the manager's dashboard -- only once the note
 * is visible to both.  This applies the notes of conversation ? (one item
 * ?, or 0: all) that both may see now and that no later visible note
 * overrides; run after every write that makes notes visible (a note saved
 * visible, a share, held).  The conditions are the state check: a note
 * still private, or no longer the latest, changes nothing; an item whose
 * status is already the note's keeps its version.  achieved_on: the day
 * the note was written, kept when it was achieved already. */
static struct db_stmt_def q_apply_status = DB_STMT(
	"UPDATE item i JOIN item_update u ON u.item_id = i.id"
	" JOIN conversation c ON c.id = u.conversation_id JOIN dossier d ON d.id = i.dossier_id"
	" SET i.status = u.status,"
	" i.achieved_on = IF(u.status = 'achieved', COALESCE(i.achieved_on, DATE(u.updated_at)), NULL),"
	" i.version = i.version + 1, i.updated_at = UTC_TIMESTAMP()"
	" WHERE u.conversation_id = ? AND (? = 0 OR u.item_id = ?) AND u.status IS NOT NULL"
	" AND i.status <> u.status AND " BOTH_SEE("u", "c")
	" AND NOT EXISTS (SELECT 1 FROM item_update v JOIN conversation vc ON vc.id = v.conversation_id"
	"  WHERE v.item_id = u.item_id AND v.status IS NOT NULL"
	"  AND (v.updated_at > u.updated_at OR (v.updated_at = u.updated_at AND v.id > u.id))"
	"  AND " BOTH_SEE("v", "vc") ")");
static struct db_stmt_def q_remark_add = DB_STMT(
	"INSERT INTO remark (conversation_id, author_id, role, text) VALUES (?, ?, ?, ?)");
/* The moves below run under the row lock; their conditions repeat what was
 * checked under it, so a move never lands on a row it was not meant for. */
static struct db_stmt_def q_move = DB_STMT(
	"UPDATE conversation SET status = ?, version = version + 1, updated_at = UTC_TIMESTAMP(),"
	" held_on = IF(? = 'held', COALESCE(held_on, UTC_DATE()), held_on)"
	" WHERE id = ? AND version = ?");
static struct db_stmt_def q_plan = DB_STMT(
	"UPDATE conversation SET scheduled_at = ?, status = IF(status = 'planned', 'preparing', status),"
	" version = version + 1, updated_at = UTC_TIMESTAMP() WHERE id = ? AND version = ?");
static struct db_stmt_def q_share_employee = DB_STMT(
	"UPDATE conversation SET employee_shared = 1, updated_at = UTC_TIMESTAMP() WHERE id = ?");
static struct db_stmt_def q_share_manager = DB_STMT(
	"UPDATE conversation SET manager_shared = 1, updated_at = UTC_TIMESTAMP() WHERE id = ?");
static struct db_stmt_def q_overall = DB_STMT(
	"UPDATE conversation SET overall_rating = ?, overall_note = ?, version = version + 1,"
	" updated_at = UTC_TIMESTAMP() WHERE id = ? AND version = ?");
/* Who signed in the round (a locking read: the latest committed rows). */
static struct db_stmt_def q_round_signers = DB_STMT(
	"SELECT role FROM signature WHERE conversation_id = ? AND round = ? AND voided_at IS NULL"
	" LOCK IN SHARE MODE");
static struct db_stmt_def q_signature = DB_STMT(
	"INSERT INTO signature (conversation_id, employee_id, role, verdict, remark, round)"
	" VALUES (?, ?, ?, ?, ?, ?)");
static struct db_stmt_def q_snapshot = DB_STMT(
	"INSERT INTO snapshot (conversation_id, xml, sha256) VALUES (?, ?, ?)");
static struct db_stmt_def q_seal = DB_STMT(
	"UPDATE signature SET snapshot_sha256 = ?"
	" WHERE conversation_id = ? AND round = ? AND voided_at IS NULL");
/* A reopen starts a new signing round; the old round's signatures that
 * no snapshot sealed are voided (they stay, marked, for the record). */
static struct db_stmt_def q_reopen = DB_STMT(
	"UPDATE conversation SET status = 'held', reopen_reason = ?, sign_round = sign_round + 1,"
	" version = version + 1, updated_at = UTC_TIMESTAMP() WHERE id = ? AND version = ?");
static struct db_stmt_def q_void = DB_STMT(
	"UPDATE signature SET voided_at = UTC_TIMESTAMP()"
	" WHERE conversation_id = ? AND round = ? AND snapshot_sha256 IS NULL AND voided_at IS NULL");
/* The manager's other active reports as the form offers them
 * (form_lists in goal.c: by name, at most PEOPLE_MAX). */
static struct db_stmt_def q_colleague = DB_STMT(
	"SELECT COUNT(*) FROM (SELECT e.id FROM employee e"
	" WHERE e.manager_id = ? AND e.active = 1 AND e.id <> ? ORDER BY e.name"
	" LIMIT " STR(PEOPLE_MAX) ") p WHERE p.id = ?");
static struct db_stmt_def q_goal_in_cycle = DB_STMT(
	"SELECT COUNT(*) FROM org_goal WHERE id = ? AND cycle_id = ?");
/* What an assessment must hold before it is finalized: a rating in this
 * conversation of every result goal of the dossier that was not
 * cancelled (the form offers a rating on result goals only; a cancelled
 * goal has nothing to rate).  The first few, by id: the page lists them. */
static struct db_stmt_def q_unrated = DB_STMT(
	"SELECT i.id FROM item i WHERE i.dossier_id = ? AND i.kind = 'result'"
	" AND i.status <> 'cancelled' AND NOT EXISTS (SELECT 1 FROM item_update u"
	"  WHERE u.item_id = i.id AND u.conversation_id = ? AND u.rating IS NOT NULL)"
	" ORDER BY i.id LIMIT " STR(FINALIZE_MISSING_MAX));
/* The item to delete, under its row lock: who wrote it, where, its text
 * for the audit row. */
static struct db_stmt_def q_item_mine = DB_STMT(
	"SELECT COALESCE(author_id, 0), COALESCE(created_in_conversation_id, 0), kind, title,"
	" COALESCE(measure, '') FROM item WHERE id = ? AND dossier_id = ? FOR UPDATE");
/* Its notes, all of conversations still open for writing (the delete
 * below refuses an item with a note anywhere else). */
static struct db_stmt_def q_item_notes_delete = DB_STMT(
	"DELETE u FROM item_update u JOIN conversation c ON c.id = u.conversation_id"
	" WHERE u.item_id = ? AND c.status IN ('planned', 'preparing', 'held')");
/* The state check is in the write: only the author's item, made in this
 * conversation while it is still open, with no note left in a finalized
 * or signed report. */
static struct db_stmt_def q_item_delete = DB_STMT(
	"DELETE i FROM item i JOIN conversation c ON c.id = i.created_in_conversation_id"
	" WHERE i.id = ? AND i.dossier_id = ? AND i.author_id = ? AND c.id = ?"
	" AND c.status IN ('planned', 'preparing', 'held')"
	" AND NOT EXISTS (SELECT 1 FROM item_update u WHERE u.item_id = i.id)");

static const char *const st_prepare[] = { "planned", "preparing", NULL };
static const char *const st_editable[] = { "planned", "preparing", "held", NULL };
static const char *const st_held[] = { "held", NULL };
static const char *const st_finalized[] = { "finalized", NULL };
static const char *const st_signed[] = { "finalized", "closed", NULL };

/* The conversation row as locked, with its dossier. */
struct locked {
	char status[12];
	int64_t version, round;
	char type[16];
	bool employee_shared, manager_shared;
	int64_t dossier_id, employee_id, manager_id;
	char dossier_status[8];
	int64_t cycle_id;
	bool overall_rated;
	const char *role;	/* the actor's: "employee", "manager" or NULL */
};

/* Who a write needs. */
enum need {
	NEED_PARTY,	/* the employee or the manager of the dossier */
	NEED_MANAGER,
};

static int
locked_row(void *ud, const struct db_row *r)
{
	struct locked *l = ud;

	strlcopy(l->status, db_str(r, 0), sizeof(l->status));
	l->version = db_int(r, 1);
	l->round = db_int(r, 2);
	strlcopy(l->type, db_str(r, 3), sizeof(l->type));
	l->employee_shared = db_int(r, 4) != 0;
	l->manager_shared = db_int(r, 5) != 0;
	l->dossier_id = db_int(r, 6);
	l->employee_id = db_int(r, 7);
	l->manager_id = db_int(r, 8);
	strlcopy(l->dossier_status, db_str(r, 9), sizeof(l->dossier_status));
	l->cycle_id = db_int(r, 10);
	l->overall_rated = db_int(r, 11) != 0;
	return DB_OK;
}

static int
lock_conversation(struct db *db, int64_t id, struct locked *l)
{
	int st;

	memset(l, 0, sizeof(*l));
	if ((st = db_query(db, &q_lock, DB_ARGS(DB_INT(id)), locked_row, l)) != DB_OK)
		return st;
	return l->dossier_id ? DB_OK : DB_NOTFOUND;
}

static bool
in_set(const char *s, const char *const *set)
{
	for (; *set; set++)
		if (strcmp(s, *set) == 0)
			return true;
	return false;
}

/* The actor's part, as the pages decide it (the employee first). */
static const char *
role_of(const struct locked *l, int64_t actor)
{
	if (actor == l->employee_id)
		return "employee";
	if (l->manager_id && actor == l->manager_id)
		return "manager";
	return NULL;
}

/* Locks the conversation and checks what every write of a party needs:
 * DB_NOTFOUND when the actor is not the party `need` asks for; DB_CONFLICT
 * when the dossier closed, the state is none of `from` or, when the form
 * sent one, the version moved on. */
static int
guard(struct db *db, const struct conv_write *w, enum need need, const char *const *from,
    struct locked *l)
{
	int st = lock_conversation(db, w->id, l);

	if (st != DB_OK)
		return st;
	l->role = role_of(l, w->actor_id);
	if (l->role == NULL || (need == NEED_MANAGER && strcmp(l->role, "manager") != 0))
		return DB_NOTFOUND;
	if (strcmp(l->dossier_status, "open") != 0 || !in_set(l->status, from))
		return DB_CONFLICT;
	if (w->version && w->version != l->version)
		return DB_CONFLICT;
	return DB_OK;
}

static int
count_row(void *ud, const struct db_row *r)
{
	*(int64_t *)ud = db_int(r, 0);
	return DB_OK;
}

/* Runs an UPDATE that must hit exactly one row; DB_CONFLICT otherwise. */
static int
exec_one(struct db *db, struct db_stmt_def *q, const struct db_arg *args, size_t nargs)
{
	uint64_t n = 0;
	int st = db_exec(db, q, args, nargs, &n, NULL);

	if (st != DB_OK)
		return st;
	return n == 1 ? DB_OK : DB_CONFLICT;
}

/* Applies to their items the statuses of the notes of conversation
 * conv_id (of item item_id, or 0: every item) that both parties may see
 * now (q_apply_status). */
static int
apply_statuses(struct db *db, int64_t conv_id, int64_t item_id)
{
	return db_exec(db, &q_apply_status, DB_ARGS(DB_INT(conv_id), DB_INT(item_id),
	    DB_INT(item_id)), NULL, NULL);
}

static int
audit_conv(struct db *db, const struct conv_write *w, const char *action, const char *detail)
{
	return audit_add(db, w->actor_id, "conversation", w->id, action, detail);
}

/* "prefix" followed by text cut to chars characters, never mid-character. */
static void
detail_with(char *out, size_t size, const char *prefix, const char *text, size_t chars)
{
	int n = snprintf(out, size, "%s", prefix);

	if (n < 0 || (size_t)n >= size)
		return;
	utf8_copy(out + n, size - (size_t)n, text ? text : "", chars);
}

/* ---- plan, share, held, finalize, overall rating ---- */

struct plan_tx {
	const struct conv_write *w;
	const char *utc, *local;
};

static int
tx_plan(struct db *db, void *ud)
{
	struct plan_tx *t = ud;
	struct locked l;
	char detail[AUDIT_DETAIL_MAX];
	int st = guard(db, t->w, NEED_MANAGER, st_prepare, &l);

	if (st != DB_OK)
		return st;
	if ((st = exec_one(db, &q_plan, DB_ARGS(DB_STR(t->utc), DB_INT(t->w->id),
	    DB_INT(l.version)))) != DB_OK)
		return st;
	detail_with(detail, sizeof(detail), "planned at ", t->local, AUDIT_TEXT_CHARS);
	return audit_conv(db, t->w, "plan", detail);
}

int
conversation_plan(struct db *db, const struct conv_write *w, const char *utc, const char *local)
{
	struct plan_tx t = { w, utc, local };

	return db_tx(db, tx_plan, &t);
}

static int
tx_share(struct db *db, void *ud)
{
	const struct conv_write *w = ud;
	struct locked l;
	char detail[AUDIT_DETAIL_MAX];
	bool manager;
	int st = guard(db, w, NEED_PARTY, st_prepare, &l);

	if (st != DB_OK)
		return st;
	manager = strcmp(l.role, "manager") == 0;
	st = db_exec(db, manager ? &q_share_manager : &q_share_employee, DB_ARGS(DB_INT(w->id)),
	    NULL, NULL);
	if (st != DB_OK)
		return st;
	/* The side's notes are visible to both from now on: their statuses too. */
	if ((st = apply_statuses(db, w->id, 0)) != DB_OK)
		return st;
	snprintf(detail, sizeof(detail), "%s shared the preparation", l.role);
	return audit_conv(db, w, "share", detail);
}

int
conversation_share(struct db *db, const struct conv_write *w)
{
	return db_tx(db, tx_share, (void *)w);
}

struct move_tx {
	const struct conv_write *w;
	const char *const *from;
	const char *to, *action;
	struct finalize_missing *missing;	/* finalize only */
};

static int
unrated_row(void *ud, const struct db_row *r)
{
	struct finalize_missing *m = ud;

	if (m->nitems < FINALIZE_MISSING_MAX)
		m->items[m->nitems++] = db_int(r, 0);
	return DB_OK;
}

/* What the assessment under the lock still lacks (into m); the move is
 * not made when anything does. */
static int
check_complete(struct db *db, const struct locked *l, int64_t conv_id,
    struct finalize_missing *m)
{
	if (strcmp(l->type, "assessment") != 0)
		return DB_OK;
	m->overall = !l->overall_rated;
	return db_query(db, &q_unrated, DB_ARGS(DB_INT(l->dossier_id), DB_INT(conv_id)),
	    unrated_row, m);
}

static int
tx_move(struct db *db, void *ud)
{
	struct move_tx *t = ud;
	struct locked l;
	int st = guard(db, t->w, NEED_MANAGER, t->from, &l);

	if (st != DB_OK)
		return st;
	if (t->missing) {
		memset(t->missing, 0, sizeof(*t->missing));
		if ((st = check_complete(db, &l, t->w->id, t->missing)) != DB_OK)
			return st;
		if (finalize_incomplete(t->missing))
			return DB_OK;	/* nothing written: the page lists what is missing */
	}
	if ((st = exec_one(db, &q_move, DB_ARGS(DB_STR(t->to), DB_STR(t->to), DB_INT(t->w->id),
	    DB_INT(l.version)))) != DB_OK)
		return st;
	/* Held: both sides' notes are visible to both, their statuses too. */
	if (strcmp(t->to, "held") == 0 && (st = apply_statuses(db, t->w->id, 0)) != DB_OK)
		return st;
	return audit_conv(db, t->w, t->action, NULL);
}

int
conversation_held(struct db *db, const struct conv_write *w)
{
	struct move_tx t = { w, st_prepare, "held", "held", NULL };

	return db_tx(db, tx_move, &t);
}

bool
finalize_incomplete(const struct finalize_missing *m)
{
	return m->overall || m->nitems > 0;
}

int
conversation_finalize(struct db *db, const struct conv_write *w, struct finalize_missing *missing)
{
	struct move_tx t = { w, st_held, "finalized", "finalize", missing };

	return db_tx(db, tx_move, &t);
}

struct overall_tx {
	const struct conv_write *w;
	int rating;
	const char *note;
};

static int
tx_overall(struct db *db, void *ud)
{
	struct overall_tx *t = ud;
	struct locked l;
	char detail[AUDIT_DETAIL_MAX];
	int st = guard(db, t->w, NEED_MANAGER, st_editable, &l);

	if (st != DB_OK)
		return st;
	if (strcmp(l.type, "assessment") != 0)
		return DB_NOTFOUND;
	if ((st = exec_one(db, &q_overall, DB_ARGS(DB_REF(t->rating), DB_STR(t->note),
	    DB_INT(t->w->id), DB_INT(l.version)))) != DB_OK)
		return st;
	snprintf(detail, sizeof(detail), "overall rating %d", t->rating);
	return audit_conv(db, t->w, "rate", detail);
}

int
conversation_overall(struct db *db, const struct conv_write *w, int rating, const char *note)
{
	struct overall_tx t = { w, rating, note };

	return db_tx(db, tx_overall, &t);
}

/* ---- sign, close, reopen ---- */

struct signers {
	bool employee, manager;
};

static int
signer_row(void *ud, const struct db_row *r)
{
	struct signers *s = ud;

	if (strcmp(db_str(r, 0), "employee") == 0)
		s->employee = true;
	else
		s->manager = true;
	return DB_OK;
}

struct sign_tx {
	const struct conv_write *w;
	const char *verdict, *remark;
	const struct snapshot_maker *snap;
	bool closed;
};

/* The report as signed, rendered by the caller inside this transaction
 * (it reads the signature just written), its SHA-256 on the snapshot and
 * on every signature of the round. */
static int
seal(struct db *db, struct sign_tx *t, const struct locked *l)
{
	unsigned char digest[SHA256_LEN];
	char sha[2 * SHA256_LEN + 1], detail[AUDIT_DETAIL_MAX];
	struct buf out;
	int st;

	buf_init(&out);
	if ((st = t->snap->render(t->snap->ud, &out)) != DB_OK)
		goto fail;
	st = DB_ERROR;
	if (out.failed)
		goto fail;
	sha256(out.data, out.len, digest);
	hex_encode(digest, sizeof(digest), sha);
	if ((st = db_exec(db, &q_snapshot, DB_ARGS(DB_INT(t->w->id), DB_BIN(out.data, out.len),
	    DB_STR(sha)), NULL, NULL)) != DB_OK)
		goto fail;
	if ((st = db_exec(db, &q_seal, DB_ARGS(DB_STR(sha), DB_INT(t->w->id), DB_INT(l->round)),
	    NULL, NULL)) != DB_OK)
		goto fail;
	snprintf(detail, sizeof(detail), "closed; snapshot sha256 %s", sha);
	st = audit_conv(db, t->w, "close", detail);
fail:
	buf_free(&out);
	return st;
}

static int
tx_sign(struct db *db, void *ud)
{
	struct sign_tx *t = ud;
	struct signers s = { false, false };
	struct locked l;
	char detail[AUDIT_DETAIL_MAX];
	bool manager;
	int st = guard(db, t->w, NEED_PARTY, st_finalized, &l);

	t->closed = false;
	if (st != DB_OK)
		return st;
	if ((st = db_query(db, &q_round_signers, DB_ARGS(DB_INT(t->w->id), DB_INT(l.round)),
	    signer_row, &s)) != DB_OK)
		return st;
	/* The employee signs first, then the manager; each once a round. */
	manager = strcmp(l.role, "manager") == 0;
	if (manager ? (!s.employee || s.manager) : s.employee)
		return DB_NOTFOUND;
	st = db_exec(db, &q_signature, DB_ARGS(DB_INT(t->w->id), DB_INT(t->w->actor_id),
	    DB_STR(l.role), DB_STR(t->verdict), DB_STR(t->remark), DB_INT(l.round)), NULL, NULL);
	if (st == DB_DUPLICATE)
		return DB_NOTFOUND;	/* the unique key: signed already */
	if (st != DB_OK)
		return st;
	snprintf(detail, sizeof(detail), "%s signed: %s", l.role, t->verdict);
	if ((st = audit_conv(db, t->w, "sign", detail)) != DB_OK || !manager)
		return st;
	/* The manager signs last: the report closes for good. */
	if ((st = exec_one(db, &q_move, DB_ARGS(DB_STR("closed"), DB_STR("closed"),
	    DB_INT(t->w->id), DB_INT(l.version)))) != DB_OK)
		return st;
	if ((st = seal(db, t, &l)) != DB_OK)
		return st;
	t->closed = true;
	return DB_OK;
}

int
conversation_sign(struct db *db, const struct conv_write *w, const char *verdict,
    const char *remark, const struct snapshot_maker *snap, bool *closed)
{
	struct sign_tx t = { w, verdict, remark, snap, false };
	int st = db_tx(db, tx_sign, &t);

	if (closed)
		*closed = st == DB_OK && t.closed;
	return st;
}

struct reopen_tx {
	const struct conv_write *w;
	const char *reason;
};

static int
tx_reopen(struct db *db, void *ud)
{
	struct reopen_tx *t = ud;
	struct locked l;
	char detail[AUDIT_DETAIL_MAX];
	int st = lock_conversation(db, t->w->id, &l);

	if (st != DB_OK)
		return st;
	/* HR reopens other people's reports, never one it is a party of. */
	if (role_of(&l, t->w->actor_id) != NULL)
		return DB_NOTFOUND;
	if (!in_set(l.status, st_signed) || (t->w->version && t->w->version != l.version))
		return DB_CONFLICT;
	if ((st = exec_one(db, &q_reopen, DB_ARGS(DB_STR(t->reason), DB_INT(t->w->id),
	    DB_INT(l.version)))) != DB_OK)
		return st;
	if ((st = db_exec(db, &q_void, DB_ARGS(DB_INT(t->w->id), DB_INT(l.round)), NULL,
	    NULL)) != DB_OK)
		return st;
	detail_with(detail, sizeof(detail), "reopened: ", t->reason, AUDIT_TEXT_CHARS);
	return audit_conv(db, t->w, "reopen", detail);
}

int
conversation_reopen(struct db *db, const struct conv_write *w, const char *reason)
{
	struct reopen_tx t = { w, reason };

	return db_tx(db, tx_reopen, &t);
}

/* ---- items, notes, remarks ---- */

/* What decides whether the actor may see an item, and its responsible. */
struct item_seen {
	bool found;
	int64_t author_id, responsible_id;
	char status[12];	/* of the conversation it was written in; "" none */
	bool employee_shared, manager_shared;
};

static int
item_seen_row(void *ud, const struct db_row *r)
{
	struct item_seen *s = ud;

	s->found = true;
	s->author_id = db_int(r, 0);
	s->responsible_id = db_int(r, 1);
	strlcopy(s->status, db_str(r, 2), sizeof(s->status));
	s->employee_shared = db_int(r, 3) != 0;
	s->manager_shared = db_int(r, 4) != 0;
	return DB_OK;
}

/* The item, if it is the dossier's and the actor may see it: the rule of
 * view_visible (pages/conv_view.c) -- what a party writes while its
 * conversation is planned or being prepared is its own until its side
 * shares it.  DB_NOTFOUND for "not there" and "not yours to see" alike,
 * so that the answer tells nothing about which ids exist. */
static int
visible_item(struct db *db, const struct locked *l, int64_t item_id, int64_t actor,
    struct item_seen *s)
{
	bool private_phase, shared;
	int st;

	memset(s, 0, sizeof(*s));
	st = db_query(db, &q_item_seen, DB_ARGS(DB_INT(item_id), DB_INT(l->dossier_id)),
	    item_seen_row, s);
	if (st != DB_OK)
		return st;
	if (!s->found)
		return DB_NOTFOUND;
	private_phase = strcmp(s->status, "planned") == 0 || strcmp(s->status, "preparing") == 0;
	shared = s->author_id == l->employee_id ? s->employee_shared : s->manager_shared;
	if (private_phase && s->author_id != actor && !shared)
		return DB_NOTFOUND;
	return DB_OK;
}

/* Only the people the form offers may be responsible: the employee, the
 * manager and the manager's other active reports (not anyone in the
 * organisation: the page would show their name).  `keep` (an edit's
 * current responsible) stays allowed. */
static int
responsible_ok(struct db *db, const struct locked *l, int64_t id, int64_t keep, bool *ok)
{
	int64_t n = 0;
	int st;

	*ok = id == 0 || id == keep || id == l->employee_id || (l->manager_id && id == l->manager_id);
	if (*ok || l->manager_id == 0)
		return DB_OK;
	st = db_query(db, &q_colleague, DB_ARGS(DB_INT(l->manager_id), DB_INT(l->employee_id),
	    DB_INT(id)), count_row, &n);
	*ok = st == DB_OK && n > 0;
	return st;
}

/* The checks of an item's fields that need the database; a failed one
 * is a problem for the form, reported with DB_OK and nothing written. */
static int
item_checks(struct db *db, const struct locked *l, const struct item_input *in, int64_t keep,
    enum item_problem *problem)
{
	int64_t n = 0;
	bool ok;
	int st;

	*problem = ITEM_OK;
	if ((st = responsible_ok(db, l, in->responsible_id, keep, &ok)) != DB_OK)
		return st;
	if (!ok) {
		*problem = ITEM_RESPONSIBLE;
		return DB_OK;
	}
	if (in->org_goal_id == 0)
		return DB_OK;
	st = db_query(db, &q_goal_in_cycle, DB_ARGS(DB_INT(in->org_goal_id), DB_INT(l->cycle_id)),
	    count_row, &n);
	if (st == DB_OK && n == 0)
		*problem = ITEM_ORG_GOAL;
	return st;
}

struct item_tx {
	const struct conv_write *w;
	const struct item_input *in;
	int64_t item_id, item_version;
	enum item_problem problem;
};

static int
tx_item_add(struct db *db, void *ud)
{
	struct item_tx *t = ud;
	struct locked l;
	char prefix[128], detail[AUDIT_DETAIL_MAX];
	int64_t id = 0, responsible;
	int st = guard(db, t->w, NEED_PARTY, st_editable, &l);

	if (st != DB_OK)
		return st;
	if ((st = item_checks(db, &l, t->in, 0, &t->problem)) != DB_OK || t->problem != ITEM_OK)
		return st;
	responsible = t->in->responsible_id ? t->in->responsible_id : l.employee_id;
	st = db_exec(db, &q_item_add, DB_ARGS(DB_INT(l.dossier_id), DB_STR(t->in->kind),
	    DB_STR(t->in->title), DB_STR(t->in->measure), DB_STR(t->in->deadline),
	    DB_REF(responsible), DB_REF(t->in->org_goal_id), DB_REF(t->in->weight),
	    DB_INT(t->w->id), DB_INT(t->w->actor_id)), NULL, &id);
	if (st != DB_OK)
		return st;
	t->item_id = id;
	snprintf(prefix, sizeof(prefix), "added %s in conversation %lld: ", t->in->kind,
	    (long long)t->w->id);
	detail_with(detail, sizeof(detail), prefix, t->in->title, AUDIT_TITLE_CHARS);
	return audit_add(db, t->w->actor_id, "item", id, "create", detail);
}

int
conversation_item_add(struct db *db, const struct conv_write *w, const struct item_input *in,
    int64_t *id, enum item_problem *problem)
{
	struct item_tx t = { w, in, 0, 0, ITEM_OK };
	int st = db_tx(db, tx_item_add, &t);

	*problem = t.problem;
	*id = st == DB_OK ? t.item_id : 0;
	return st;
}

static int
tx_item_edit(struct db *db, void *ud)
{
	struct item_tx *t = ud;
	struct item_seen seen;
	struct locked l;
	char detail[AUDIT_DETAIL_MAX];
	int st = guard(db, t->w, NEED_PARTY, st_editable, &l);

	if (st != DB_OK)
		return st;
	if ((st = visible_item(db, &l, t->item_id, t->w->actor_id, &seen)) != DB_OK)
		return st;
	st = item_checks(db, &l, t->in, seen.responsible_id, &t->problem);
	if (st != DB_OK || t->problem != ITEM_OK)
		return st;
	if ((st = exec_one(db, &q_item_edit, DB_ARGS(DB_STR(t->in->title), DB_STR(t->in->measure),
	    DB_STR(t->in->deadline), DB_REF(t->in->responsible_id), DB_REF(t->in->org_goal_id),
	    DB_REF(t->in->weight), DB_INT(t->item_id), DB_INT(l.dossier_id),
	    DB_INT(t->item_version)))) != DB_OK)
		return st;
	detail_with(detail, sizeof(detail), "edited: ", t->in->title, AUDIT_TITLE_CHARS);
	return audit_add(db, t->w->actor_id, "item", t->item_id, "update", detail);
}

int
conversation_item_edit(struct db *db, const struct conv_write *w, int64_t item_id,
    int64_t item_version, const struct item_input *in, enum item_problem *problem)
{
	struct item_tx t = { w, in, item_id, item_version, ITEM_OK };
	int st = db_tx(db, tx_item_edit, &t);

	*problem = t.problem;
	return st;
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
	struct item it = item_from_row(r);

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

struct update_tx {
	const struct conv_write *w;
	const struct update_input *in;
};

static int
tx_update(struct db *db, void *ud)
{
	struct update_tx *t = ud;
	const struct update_input *in = t->in;
	struct item_seen seen;
	struct locked l;
	char detail[AUDIT_DETAIL_MAX];
	uint64_t n = 0;
	int st = guard(db, t->w, NEED_PARTY, st_editable, &l);

	if (st != DB_OK)
		return st;
	/* A rating is the manager's, in an assessment. */
	if (in->rating && (strcmp(l.role, "manager") != 0 || strcmp(l.type, "assessment") != 0))
		return DB_NOTFOUND;
	if ((st = visible_item(db, &l, in->item_id, t->w->actor_id, &seen)) != DB_OK)
		return st;
	st = db_exec(db, &q_update_save, DB_ARGS(DB_INT(t->w->id), DB_INT(t->w->actor_id),
	    DB_STR(in->status), DB_STR(in->note), DB_REF(in->rating), DB_INT(in->item_id),
	    DB_INT(l.dossier_id)), &n, NULL);
	if (st != DB_OK)
		return st;
	if (n == 0)
		return DB_NOTFOUND;
	/* The status reaches the item now only if both may see the note;
	 * a private note keeps it until its side shares or the conversation
	 * is held. */
	if (in->status && (st = apply_statuses(db, t->w->id, in->item_id)) != DB_OK)
		return st;
	snprintf(detail, sizeof(detail), "conversation %lld: status %s, rating %d",
	    (long long)t->w->id, in->status ? in->status : "-", in->rating);
	return audit_add(db, t->w->actor_id, "item", in->item_id, "progress", detail);
}

int
conversation_update(struct db *db, const struct conv_write *w, const struct update_input *in)
{
	struct update_tx t = { w, in };

	return db_tx(db, tx_update, &t);
}

struct remark_tx {
	const struct conv_write *w;
	const char *text;
};

static int
tx_remark(struct db *db, void *ud)
{
	struct remark_tx *t = ud;
	struct locked l;
	int st = guard(db, t->w, NEED_PARTY, st_editable, &l);

	if (st != DB_OK)
		return st;
	if ((st = db_exec(db, &q_remark_add, DB_ARGS(DB_INT(t->w->id), DB_INT(t->w->actor_id),
	    DB_STR(l.role), DB_STR(t->text)), NULL, NULL)) != DB_OK)
		return st;
	return audit_conv(db, t->w, "remark", NULL);
}

int
conversation_remark(struct db *db, const struct conv_write *w, const char *text)
{
	struct remark_tx t = { w, text };

	return db_tx(db, tx_remark, &t);
}

/* ---- deleting an item added by mistake ---- */

struct item_mine {
	int64_t author_id, conversation_id;
	char kind[16];
	char title[4 * TITLE_MAX_CHARS + 1];
	char measure[4 * AUDIT_TEXT_CHARS + 1];
};

static int
item_mine_row(void *ud, const struct db_row *r)
{
	struct item_mine *m = ud;

	m->author_id = db_int(r, 0);
	m->conversation_id = db_int(r, 1);
	strlcopy(m->kind, db_str(r, 2), sizeof(m->kind));
	strlcopy(m->title, db_str(r, 3), sizeof(m->title));
	utf8_copy(m->measure, sizeof(m->measure), db_str(r, 4), AUDIT_TEXT_CHARS);
	return DB_OK;
}

struct delete_tx {
	const struct conv_write *w;
	int64_t item_id;
};

static int
tx_item_delete(struct db *db, void *ud)
{
	struct delete_tx *t = ud;
	struct item_mine m;
	struct locked l;
	char prefix[128], detail[AUDIT_DETAIL_MAX + 4 * TITLE_MAX_CHARS];
	size_t n;
	int st = guard(db, t->w, NEED_PARTY, st_editable, &l);

	if (st != DB_OK)
		return st;
	memset(&m, 0, sizeof(m));
	st = db_query(db, &q_item_mine, DB_ARGS(DB_INT(t->item_id), DB_INT(l.dossier_id)),
	    item_mine_row, &m);
	if (st != DB_OK)
		return st;
	/* Not there, not the actor's, or made in another conversation (part
	 * of a report already saved): one answer, 403. */
	if (m.author_id != t->w->actor_id || m.conversation_id != t->w->id)
		return DB_NOTFOUND;
	/* The audit row first: it stamps the pages of the item's dossier,
	 * found through the item (store/stamp.c), which is gone after. */
	snprintf(prefix, sizeof(prefix), "deleted %s in conversation %lld: ", m.kind,
	    (long long)t->w->id);
	detail_with(detail, sizeof(detail), prefix, m.title, AUDIT_TITLE_CHARS);
	if (m.measure[0]) {
		n = strlen(detail);
		detail_with(detail + n, sizeof(detail) - n, "; measure: ", m.measure,
		    AUDIT_TEXT_CHARS);
	}
	if ((st = audit_add(db, t->w->actor_id, "item", t->item_id, "delete", detail)) != DB_OK)
		return st;
	st = db_exec(db, &q_item_notes_delete, DB_ARGS(DB_INT(t->item_id)), NULL, NULL);
	if (st != DB_OK)
		return st;
	/* DB_CONFLICT rolls the audit row and the notes back too. */
	return exec_one(db, &q_item_delete, DB_ARGS(DB_INT(t->item_id), DB_INT(l.dossier_id),
	    DB_INT(t->w->actor_id), DB_INT(t->w->id)));
}

int
conversation_item_delete(struct db *db, const struct conv_write *w, int64_t item_id)
{
	struct delete_tx t = { w, item_id };

	return db_tx(db, tx_item_delete, &t);
}
