/* conversation.c -- the moves of a conversation's life (plan, share,
 * held, finalize with its completeness check, sign,
 * close with its snapshot, reopen) and the lock and checks every write of
 * a conversation starts with (conversation_tx.h); its content -- items,
 * notes, remarks -- is written by conversation_items.c.  Each write is one
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
#include <time.h>

#include "base/sha256.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/deputy.h"
#include "store/dossier.h"
#include "store/goal.h"
#include "store/outcome.h"
#include "store/review.h"
#include "rules/review.h"
#include "store/summary.h"
#include "base/util.h"
#include "store/rows.h"
#include "store/conversation_tx.h"

static struct db_stmt_def q_lock = DB_STMT(
	"SELECT c.status, c.version, c.sign_round, c.type, c.employee_shared, c.manager_shared,"
	" c.dossier_id, d.employee_id, COALESCE(d.manager_id, 0), d.status, d.cycle_id,"
	" c.overall_rating IS NOT NULL, c.review"
	" FROM conversation c JOIN dossier d ON d.id = c.dossier_id WHERE c.id = ? FOR UPDATE");
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
/* The moves below run under the row lock; their conditions repeat what was
 * checked under it, so a move never lands on a row it was not meant for.
 * Held on: the planned day once it has passed (a manager who records the
 * conversation the day after held it on the planned day), else today (held
 * early, confirmed); never a day in the future. */
static struct db_stmt_def q_move = DB_STMT(
	"UPDATE conversation SET status = ?, version = version + 1, updated_at = UTC_TIMESTAMP(),"
	" held_on = IF(? = 'held', COALESCE(held_on,"
	"  LEAST(UTC_DATE(), COALESCE(DATE(scheduled_at), UTC_DATE()))), held_on)"
	" WHERE id = ? AND version = ?");
static struct db_stmt_def q_plan = DB_STMT(
	"UPDATE conversation SET scheduled_at = ?, status = IF(status = 'planned', 'preparing', status),"
	" version = version + 1, updated_at = UTC_TIMESTAMP() WHERE id = ? AND version = ?");
static struct db_stmt_def q_share_employee = DB_STMT(
	"UPDATE conversation SET employee_shared = 1, updated_at = UTC_TIMESTAMP() WHERE id = ?");
static struct db_stmt_def q_share_manager = DB_STMT(
	"UPDATE conversation SET manager_shared = 1, updated_at = UTC_TIMESTAMP() WHERE id = ?");
/* Who signed in the round (a locking read: the latest committed rows). */
static struct db_stmt_def q_round_signers = DB_STMT(
	"SELECT role FROM signature WHERE conversation_id = ? AND round = ? AND voided_at IS NULL"
	" LOCK IN SHARE MODE");
static struct db_stmt_def q_signature = DB_STMT(
	"INSERT INTO signature (conversation_id, employee_id, role, deputy_of, verdict, remark,"
	" round) VALUES (?, ?, ?, ?, ?, ?, ?)");
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
/* What an assessment must hold before it is finalized: a rating in this
 * conversation of every result goal of the dossier that was not
 * cancelled (the form offers a rating on result goals only; a cancelled
 * goal has nothing to rate).  The first few, by id: the page lists them. */
static struct db_stmt_def q_unrated = DB_STMT(
	"SELECT i.id FROM item i WHERE i.dossier_id = ? AND i.kind = 'result'"
	" AND i.status <> 'cancelled' AND NOT EXISTS (SELECT 1 FROM item_update u"
	"  WHERE u.item_id = i.id AND u.conversation_id = ? AND u.rating IS NOT NULL)"
	" ORDER BY i.id LIMIT " STR(FINALIZE_MISSING_MAX));
static const char *const st_prepare[] = { "planned", "preparing", NULL };
const char *const st_editable[] = { "planned", "preparing", "held", NULL };
static const char *const st_held[] = { "held", NULL };
static const char *const st_finalized[] = { "finalized", NULL };
static const char *const st_signed[] = { "finalized", "closed", NULL };

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
	strlcopy(l->review, db_str(r, 12), sizeof(l->review));
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

/* Neither party: the manager's deputy today (issue 17, store/deputy.h)
 * writes as the manager.  Checked under the conversation's lock with a
 * locking read of the appointment, so an appointment ended meanwhile
 * either waits for this write or refuses it; the first such write of the
 * day is audited. */
static int
deputy_role(struct db *db, const struct conv_write *w, struct locked *l)
{
	char today[DEPUTY_DATE_LEN + 1];
	int64_t appointment = 0;
	int st;

	if (l->manager_id == 0 || !deputy_today(time(NULL), today))
		return DB_OK;
	st = deputy_acting(db, w->actor_id, l->manager_id, l->employee_id, today, &appointment);
	if (st != DB_OK || appointment == 0)
		return st;
	l->role = "manager";
	l->deputy_of = l->manager_id;
	return deputy_use(db, appointment, today, w->actor_id, l->dossier_id);
}

/* Locks the conversation and checks what every write of a party needs:
 * DB_NOTFOUND when the actor is not the party `need` asks for; DB_CONFLICT
 * when the dossier closed, the state is none of `from` or, when the form
 * sent one, the version moved on. */
int
guard(struct db *db, const struct conv_write *w, enum need need, const char *const *from,
    struct locked *l)
{
	int st = lock_conversation(db, w->id, l);

	if (st != DB_OK)
		return st;
	l->role = role_of(l, w->actor_id);
	if (l->role == NULL && (st = deputy_role(db, w, l)) != DB_OK)
		return st;
	if (l->role == NULL || (need == NEED_MANAGER && strcmp(l->role, "manager") != 0))
		return DB_NOTFOUND;
	if (strcmp(l->dossier_status, "open") != 0 || !in_set(l->status, from))
		return DB_CONFLICT;
	if (w->version && w->version != l->version)
		return DB_CONFLICT;
	return DB_OK;
}

int
count_row(void *ud, const struct db_row *r)
{
	*(int64_t *)ud = db_int(r, 0);
	return DB_OK;
}

/* Runs an UPDATE that must hit exactly one row; DB_CONFLICT otherwise. */
int
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
int
apply_statuses(struct db *db, int64_t conv_id, int64_t item_id)
{
	return apply_statuses_counted(db, conv_id, item_id, NULL);
}

/* q_apply_status matches only items whose status differs from the note's,
 * so the rows it matches (the connection counts found rows) are the rows
 * it changes. */
int
apply_statuses_counted(struct db *db, int64_t conv_id, int64_t item_id, uint64_t *changed)
{
	return db_exec(db, &q_apply_status, DB_ARGS(DB_INT(conv_id), DB_INT(item_id),
	    DB_INT(item_id)), changed, NULL);
}

/* Every write of a conversation ends here, after its change: the
 * dossier's report summaries follow in the same transaction. */
int
audit_conv(struct db *db, const struct conv_write *w, const char *action, const char *detail)
{
	int st = summary_conversation(db, w->id);

	if (st != DB_OK)
		return st;
	return audit_add(db, w->actor_id, "conversation", w->id, action, detail);
}

/* "prefix" followed by text cut to chars characters, never mid-character. */
void
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

/* What the conversation under the lock still lacks (into m): the required
 * answers of its form, and of an assessment the confirmed overall rating
 * and a rating of each result goal (when its form has them); the move is
 * not made when anything does. */
static int
check_complete(struct db *db, const struct locked *l, int64_t conv_id,
    struct finalize_missing *m)
{
	bool goals = false;
	int st;

	if ((st = outcome_finalize_check(db, conv_id, m, &goals)) != DB_OK)
		return st;
	if (strcmp(l->type, "assessment") != 0 || !goals)
		return DB_OK;
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
	/* Finalized: a second assessor, when the form asks for one, is next. */
	if (t->missing && (st = review_begin(db, t->w->id)) != DB_OK)
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
	return m->overall || m->stale || m->nitems > 0 || m->nsections > 0;
}

int
conversation_finalize(struct db *db, const struct conv_write *w, struct finalize_missing *missing)
{
	struct move_tx t = { w, st_held, "finalized", "finalize", missing };

	return db_tx(db, tx_move, &t);
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
	/* The employee signs first, then the manager; each once a round;
	 * neither before a second assessor approved (issue 17). */
	manager = strcmp(l.role, "manager") == 0;
	if (manager ? (!s.employee || s.manager) : s.employee)
		return DB_NOTFOUND;
	if (!review_allows(review_state_of(l.review), l.status, REVIEW_SIGN))
		return DB_NOTFOUND;
	st = db_exec(db, &q_signature, DB_ARGS(DB_INT(t->w->id), DB_INT(t->w->actor_id),
	    DB_STR(l.role), DB_REF(l.deputy_of), DB_STR(t->verdict), DB_STR(t->remark),
	    DB_INT(l.round)), NULL, NULL);
	if (st == DB_DUPLICATE)
		return DB_NOTFOUND;	/* the unique key: signed already */
	if (st != DB_OK)
		return st;
	snprintf(detail, sizeof(detail), "%s signed: %s%s", l.role, t->verdict,
	    l.deputy_of ? " (as deputy)" : "");
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
