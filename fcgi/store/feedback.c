/* feedback.c -- feedback rounds (feedback.h, sql/087_feedback.sql). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "store/audit.h"
#include "store/dashboard_sql.h"
#include "store/db.h"
#include "store/feedback.h"
#include "store/mail.h"
#include "base/util.h"

/* An answer's random id: 63 bits (a positive BIGINT), drawn again this
 * many times on the (never seen) collision. */
#define ANSWER_ID_TRIES 3
#define ANSWER_ID_MASK INT64_MAX
/* "invitee: <name>; deadline: YYYY-MM-DD" */
#define INVITE_DETAIL_MAX (64 + 4 * NAME_MAX_LEN)
/* A LIKE pattern of a search: %, the text with each character escaped. */
#define LIKE_MAX (2 * 4 * FEEDBACK_SEARCH_CHARS + 3)

/* ---- reads of invitations ---- */

#define INVITATION_SELECT "SELECT " INVITATION_COLUMNS INVITATION_FROM

static struct db_stmt_def q_invitations = DB_STMT(
	INVITATION_SELECT " WHERE i.conversation_id = ? ORDER BY ie.name, i.id LIMIT 50");
static struct db_stmt_def q_invitation = DB_STMT(
	INVITATION_SELECT " WHERE i.id = ?");

struct inv_list {
	feedback_invitation_fn fn;
	void *ud;
	struct feedback_invitation *one;	/* feedback_invitation_get's */
};

void
feedback_invitation_of_row(const struct db_row *r, struct feedback_invitation *i)
{
	memset(i, 0, sizeof(*i));
	i->id = db_int(r, 0);
	i->conversation_id = db_int(r, 1);
	i->invitee_id = db_int(r, 2);
	i->dossier_id = db_int(r, 3);
	strlcopy(i->invitee, db_str(r, 4), sizeof(i->invitee));
	strlcopy(i->employee, db_str(r, 5), sizeof(i->employee));
	strlcopy(i->cycle, db_str(r, 6), sizeof(i->cycle));
	strlcopy(i->deadline, db_str(r, 7), sizeof(i->deadline));
	i->answered = db_int(r, 8) != 0;
	i->open = db_int(r, 9) != 0;
}

static int
invitation_row(void *ud, const struct db_row *r)
{
	struct inv_list *l = ud;
	struct feedback_invitation i;

	if (l->one) {
		feedback_invitation_of_row(r, l->one);
		return DB_OK;
	}
	feedback_invitation_of_row(r, &i);
	return l->fn(l->ud, &i);
}

int
feedback_invitations(struct db *db, int64_t conv_id, const char *today,
    feedback_invitation_fn fn, void *ud)
{
	struct inv_list l = { fn, ud, NULL };

	_Static_assert(FEEDBACK_INVITATIONS_MAX == 50, "q_invitations' LIMIT");
	return db_query(db, &q_invitations, DB_ARGS(DB_STR(today), DB_INT(conv_id)),
	    invitation_row, &l);
}

int
feedback_invitation_get(struct db *db, int64_t id, const char *today,
    struct feedback_invitation *out)
{
	struct inv_list l = { NULL, NULL, out };
	int st;

	memset(out, 0, sizeof(*out));
	st = db_query(db, &q_invitation, DB_ARGS(DB_STR(today), DB_INT(id)), invitation_row, &l);
	if (st == DB_OK && out->id == 0)
		return DB_NOTFOUND;
	return st;
}

/* ---- counts ---- */

static struct db_stmt_def q_counts = DB_STMT(
	"SELECT COUNT(*), COALESCE(SUM(answered), 0),"
	" COALESCE(SUM(answered = 0 AND deadline >= ?), 0)"
	" FROM feedback_invitation WHERE conversation_id = ?");

static int
counts_row(void *ud, const struct db_row *r)
{
	struct feedback_counts *c = ud;

	c->invited = (int)db_int(r, 0);
	c->answered = (int)db_int(r, 1);
	c->open = (int)db_int(r, 2);
	return DB_OK;
}

int
feedback_counts(struct db *db, int64_t conv_id, const char *today, struct feedback_counts *out)
{
	memset(out, 0, sizeof(*out));
	return db_query(db, &q_counts, DB_ARGS(DB_STR(today), DB_INT(conv_id)), counts_row, out);
}

/* ---- invite ---- */

/* The conversation, its dossier and cycle, locked: nothing moves them
 * while the invitation is written. */
static struct db_stmt_def q_lock_conversation = DB_STMT(
	"SELECT c.type, c.status, d.status, d.employee_id, cy.status"
	" FROM conversation c JOIN dossier d ON d.id = c.dossier_id"
	" JOIN cycle cy ON cy.id = d.cycle_id WHERE c.id = ? FOR UPDATE");
static struct db_stmt_def q_invitee = DB_STMT(
	"SELECT name FROM employee WHERE id = ? AND active = 1");
static struct db_stmt_def q_new_invitation = DB_STMT(
	"INSERT INTO feedback_invitation (conversation_id, invitee_id, invited_by, deadline)"
	" VALUES (?, ?, ?, ?)");

struct conv_lock {
	bool found;
	char type[16], status[12], dossier_status[8], cycle_status[8];
	int64_t employee_id;
};

static int
conv_lock_row(void *ud, const struct db_row *r)
{
	struct conv_lock *l = ud;

	l->found = true;
	strlcopy(l->type, db_str(r, 0), sizeof(l->type));
	strlcopy(l->status, db_str(r, 1), sizeof(l->status));
	strlcopy(l->dossier_status, db_str(r, 2), sizeof(l->dossier_status));
	l->employee_id = db_int(r, 3);
	strlcopy(l->cycle_status, db_str(r, 4), sizeof(l->cycle_status));
	return DB_OK;
}

static int
name_row(void *ud, const struct db_row *r)
{
	strlcopy(ud, db_str(r, 0), 4 * NAME_MAX_LEN + 1);
	return DB_OK;
}

/* rules/feedback.c's conversation_open, and an open dossier of a running
 * cycle: checked here again under the lock. */
static bool
still_open(const struct conv_lock *l)
{
	bool conv = strcmp(l->status, "planned") == 0 || strcmp(l->status, "preparing") == 0 ||
	    strcmp(l->status, "held") == 0;

	return conv && strcmp(l->dossier_status, "open") == 0 &&
	    strcmp(l->cycle_status, "closed") != 0;
}

static int
invite_tx(struct db *db, void *ud)
{
	const struct feedback_invite *in = ud;
	struct conv_lock l = { false };
	struct feedback_counts n;
	char name[4 * NAME_MAX_LEN + 1] = "", detail[INVITE_DETAIL_MAX];
	int st;

	st = db_query(db, &q_lock_conversation, DB_ARGS(DB_INT(in->conversation_id)),
	    conv_lock_row, &l);
	if (st != DB_OK)
		return st;
	if (!l.found)
		return DB_NOTFOUND;
	if (strcmp(l.type, in->conv_type) != 0 || !still_open(&l) ||
	    strcmp(in->deadline, in->today) < 0)
		return DB_CONFLICT;
	if (in->invitee_id == l.employee_id)
		return DB_NOTFOUND;
	if ((st = db_query(db, &q_invitee, DB_ARGS(DB_INT(in->invitee_id)), name_row, name)) != DB_OK)
		return st;
	if (name[0] == '\0')
		return DB_NOTFOUND;
	if ((st = feedback_counts(db, in->conversation_id, in->today, &n)) != DB_OK)
		return st;
	/* rules/feedback.h: an anonymous round that has shown its answers
	 * takes nobody new. */
	if (in->anonymous && n.answered >= in->threshold && n.open == 0)
		return DB_CONFLICT;
	st = db_exec(db, &q_new_invitation, DB_ARGS(DB_INT(in->conversation_id),
	    DB_INT(in->invitee_id), DB_INT(in->actor), DB_STR(in->deadline)), NULL, in->made);
	if (st != DB_OK)
		return st;
	snprintf(detail, sizeof(detail), "invitee: %s; deadline: %s", name, in->deadline);
	return audit_add(db, in->actor, "feedback", in->conversation_id, "invite", detail);
}

int
feedback_invite(struct db *db, const struct feedback_invite *in)
{
	return db_tx(db, invite_tx, (void *)in);
}

/* ---- answer ---- */

/* An answer locks the round's conversation first, as an invitation does:
 * an invitation decided on the round's counts (an anonymous round that
 * has shown its answers takes nobody new) never interleaves with the
 * answer that completes it. */
static struct db_stmt_def q_round_of = DB_STMT(
	"SELECT conversation_id FROM feedback_invitation WHERE id = ?");
static struct db_stmt_def q_lock_round = DB_STMT(
	"SELECT id FROM conversation WHERE id = ? FOR UPDATE");
static struct db_stmt_def q_lock_invitation = DB_STMT(
	"SELECT invitee_id, answered, deadline >= ?, conversation_id"
	" FROM feedback_invitation WHERE id = ? FOR UPDATE");
/* Anonymous: no author, and the round's first invitation's time (the same
 * for every answer of the round); named: the author and now. */
static struct db_stmt_def q_new_answer = DB_STMT(
	"INSERT INTO feedback_answer (id, conversation_id, question_key, body, rating, author_id,"
	" created_at) VALUES (?, ?, ?, ?, ?, ?, CASE WHEN ? = 1 THEN"
	" (SELECT MIN(f.created_at) FROM feedback_invitation f WHERE f.conversation_id = ?)"
	" ELSE UTC_TIMESTAMP() END)");
/* Anonymous: updated_at stays the invitation's own (when it was made), so
 * the row does not tell when its invitee answered. */
static struct db_stmt_def q_answered = DB_STMT(
	"UPDATE feedback_invitation SET answered = 1, version = version + 1,"
	" updated_at = CASE WHEN ? = 1 THEN updated_at ELSE UTC_TIMESTAMP() END"
	" WHERE id = ? AND answered = 0");

struct answer_save {
	int64_t invitation_id, actor;
	const char *today;
	bool anonymous;
	const struct feedback_answer_input *a;
	size_t n;
};

struct inv_lock {
	bool found, answered, in_time;
	int64_t invitee_id, conversation_id;
};

static int
inv_lock_row(void *ud, const struct db_row *r)
{
	struct inv_lock *l = ud;

	l->found = true;
	l->invitee_id = db_int(r, 0);
	l->answered = db_int(r, 1) != 0;
	l->in_time = db_int(r, 2) != 0;
	l->conversation_id = db_int(r, 3);
	return DB_OK;
}

static int
id_of_row(void *ud, const struct db_row *r)
{
	*(int64_t *)ud = db_int(r, 0);
	return DB_OK;
}

static int
insert_answer(struct db *db, const struct answer_save *s, int64_t conv_id,
    const struct feedback_answer_input *a)
{
	int st = DB_DUPLICATE;
	int tries;

	for (tries = 0; st == DB_DUPLICATE && tries < ANSWER_ID_TRIES; tries++) {
		int64_t id;

		if (!random_bytes(&id, sizeof(id)))
			return DB_ERROR;
		id &= ANSWER_ID_MASK;
		st = db_exec(db, &q_new_answer, DB_ARGS(DB_INT(id), DB_INT(conv_id),
		    DB_STR(a->question_key), a->body ? DB_STR(a->body) : DB_NULL,
		    DB_LEVEL(a->rating),
		    s->anonymous ? DB_NULL : DB_INT(s->actor), DB_INT(s->anonymous),
		    DB_INT(conv_id)), NULL, NULL);
	}
	return st;
}

static int
answer_tx(struct db *db, void *ud)
{
	const struct answer_save *s = ud;
	struct inv_lock l = { false };
	uint64_t changed = 0;
	int64_t conv_id = 0, locked = 0;
	size_t i;
	int st;

	st = db_query(db, &q_round_of, DB_ARGS(DB_INT(s->invitation_id)), id_of_row, &conv_id);
	if (st == DB_OK && conv_id)
		st = db_query(db, &q_lock_round, DB_ARGS(DB_INT(conv_id)), id_of_row, &locked);
	if (st != DB_OK)
		return st;
	st = db_query(db, &q_lock_invitation, DB_ARGS(DB_STR(s->today), DB_INT(s->invitation_id)),
	    inv_lock_row, &l);
	if (st != DB_OK)
		return st;
	if (!l.found || l.invitee_id != s->actor)
		return DB_NOTFOUND;
	if (l.answered || !l.in_time)
		return DB_CONFLICT;
	for (i = 0; i < s->n; i++)
		if ((st = insert_answer(db, s, l.conversation_id, &s->a[i])) != DB_OK)
			return st;
	st = db_exec(db, &q_answered, DB_ARGS(DB_INT(s->anonymous), DB_INT(s->invitation_id)),
	    &changed, NULL);
	if (st != DB_OK)
		return st;
	if (changed != 1)
		return DB_CONFLICT;
	/* That the invitee answered, never what. */
	return audit_add(db, s->actor, "feedback", l.conversation_id, "answer", "");
}

int
feedback_answer_save(struct db *db, int64_t invitation_id, int64_t actor, const char *today,
    bool anonymous, const struct feedback_answer_input *a, size_t n)
{
	struct answer_save s = { invitation_id, actor, today, anonymous, a, n };

	return db_tx(db, answer_tx, &s);
}

/* ---- answers as shown ---- */

static struct db_stmt_def q_named = DB_STMT(
	"SELECT e.name, a.question_key, COALESCE(a.body, ''), COALESCE(a.rating, -1)"
	" FROM feedback_answer a JOIN employee e ON e.id = a.author_id"
	" WHERE a.conversation_id = ? ORDER BY a.question_key, e.name, e.id");
/* Counts per level, then the texts sorted by themselves: nothing of an
 * author, an id or a time is selected. */
static struct db_stmt_def q_aggregate = DB_STMT(
	"SELECT question_key, rating, COUNT(*), NULL FROM feedback_answer"
	" WHERE conversation_id = ? AND rating IS NOT NULL GROUP BY question_key, rating"
	" UNION ALL "
	"SELECT question_key, -1, 0, body FROM feedback_answer"
	" WHERE conversation_id = ? AND body IS NOT NULL"
	" ORDER BY 1, 2, 4");

struct named_list {
	feedback_named_fn fn;
	void *ud;
};

static int
named_row(void *ud, const struct db_row *r)
{
	struct named_list *l = ud;
	struct feedback_named a = { db_str(r, 0), db_str(r, 1), db_str(r, 2), (int)db_int(r, 3) };

	return l->fn(l->ud, &a);
}

int
feedback_named_answers(struct db *db, int64_t conv_id, feedback_named_fn fn, void *ud)
{
	struct named_list l = { fn, ud };

	return db_query(db, &q_named, DB_ARGS(DB_INT(conv_id)), named_row, &l);
}

struct aggregate_list {
	feedback_aggregate_fn fn;
	void *ud;
};

static int
aggregate_row(void *ud, const struct db_row *r)
{
	struct aggregate_list *l = ud;
	struct feedback_aggregate a = { db_str(r, 0), (int)db_int(r, 1), (int)db_int(r, 2),
		db_isnull(r, 3) ? NULL : db_str(r, 3) };

	return l->fn(l->ud, &a);
}

int
feedback_aggregate(struct db *db, int64_t conv_id, feedback_aggregate_fn fn, void *ud)
{
	struct aggregate_list l = { fn, ud };

	return db_query(db, &q_aggregate, DB_ARGS(DB_INT(conv_id), DB_INT(conv_id)),
	    aggregate_row, &l);
}

/* ---- the search for invitees ---- */

static struct db_stmt_def q_search = DB_STMT(
	"SELECT id, name, login FROM employee WHERE active = 1 AND id <> ?"
	" AND (name LIKE ? OR CONVERT(login USING utf8mb4) LIKE ?) ORDER BY name, id LIMIT 25");

struct person_list {
	feedback_person_fn fn;
	void *ud;
};

static int
person_row(void *ud, const struct db_row *r)
{
	struct person_list *l = ud;
	struct feedback_person p = { db_int(r, 0), db_str(r, 1), db_str(r, 2) };

	return l->fn(l->ud, &p);
}

int
feedback_search(struct db *db, const char *q, int64_t except, feedback_person_fn fn, void *ud)
{
	struct person_list l = { fn, ud };
	char like[LIKE_MAX];

	_Static_assert(FEEDBACK_SEARCH_MAX == 25, "q_search's LIMIT");
	db_like_pattern(q, like, sizeof(like));
	return db_query(db, &q_search, DB_ARGS(DB_INT(except), DB_STR(like), DB_STR(like)),
	    person_row, &l);
}

/* ---- the personal export ---- */

static struct db_stmt_def q_conversations_of = DB_STMT(
	"SELECT DISTINCT c.id FROM feedback_invitation i"
	" JOIN conversation c ON c.id = i.conversation_id JOIN dossier d ON d.id = c.dossier_id"
	" WHERE d.employee_id = ? ORDER BY c.id");

struct conv_list {
	feedback_conv_fn fn;
	void *ud;
};

static int
conv_row(void *ud, const struct db_row *r)
{
	struct conv_list *l = ud;

	return l->fn(l->ud, db_int(r, 0));
}

int
feedback_conversations_of(struct db *db, int64_t employee_id, feedback_conv_fn fn, void *ud)
{
	struct conv_list l = { fn, ud };

	return db_query(db, &q_conversations_of, DB_ARGS(DB_INT(employee_id)), conv_row, &l);
}

/* ---- reminders ---- */

static struct db_stmt_def q_reminders = DB_STMT(
	"SELECT i.id, i.conversation_id, i.invitee_id, ie.name, ie.email,"
	" COALESCE(ie.lang, ''),"
	" de.name, cy.name, i.deadline"
	" FROM feedback_invitation i JOIN employee ie ON ie.id = i.invitee_id"
	" JOIN conversation c ON c.id = i.conversation_id JOIN dossier d ON d.id = c.dossier_id"
	" JOIN employee de ON de.id = d.employee_id JOIN cycle cy ON cy.id = d.cycle_id"
	" WHERE i.answered = 0 AND i.reminded_on IS NULL AND i.deadline >= ?"
	" AND i.deadline <= ? + INTERVAL ? DAY AND ie.active = 1 AND ie.email IS NOT NULL"
	" AND ie.email <> '' ORDER BY i.deadline, i.id LIMIT ?");
static struct db_stmt_def q_reminded = DB_STMT(
	"UPDATE feedback_invitation SET reminded_on = ?"
	" WHERE id = ? AND reminded_on IS NULL AND answered = 0");

struct reminder_list {
	feedback_reminder_fn fn;
	void *ud;
};

static int
reminder_row(void *ud, const struct db_row *r)
{
	struct reminder_list *l = ud;
	struct feedback_reminder x = { db_int(r, 0), db_int(r, 1), db_int(r, 2), db_str(r, 3),
		db_str(r, 4), db_str(r, 5), db_str(r, 6), db_str(r, 7), db_str(r, 8) };

	return l->fn(l->ud, &x);
}

int
feedback_reminders_due(struct db *db, const char *today, int days, int limit,
    feedback_reminder_fn fn, void *ud)
{
	struct reminder_list l = { fn, ud };

	return db_query(db, &q_reminders, DB_ARGS(DB_STR(today), DB_STR(today), DB_INT(days),
	    DB_INT(limit)), reminder_row, &l);
}

struct remind_tx {
	int64_t invitation_id;
	const char *today;
	const struct mail_new *m;
	bool queued;
};

static int
remind_tx(struct db *db, void *ud)
{
	struct remind_tx *x = ud;
	uint64_t changed = 0;
	int st;

	x->queued = false;
	st = db_exec(db, &q_reminded, DB_ARGS(DB_STR(x->today), DB_INT(x->invitation_id)),
	    &changed, NULL);
	if (st != DB_OK || changed == 0)
		return st;
	if ((st = mail_enqueue(db, x->m, NULL)) == DB_OK)
		x->queued = true;
	return st;
}

int
feedback_remind_enqueue(struct db *db, int64_t invitation_id, const char *today,
    const struct mail_new *m, bool *queued)
{
	struct remind_tx x = { invitation_id, today, m, false };
	int st = db_tx(db, remind_tx, &x);

	*queued = st == DB_OK && x.queued;
	return st;
}
