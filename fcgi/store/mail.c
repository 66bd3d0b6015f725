/* mail.c -- the outgoing mail queue (sql/054_mail_queue.sql): requests
 * queue their messages, `gesprekctl mail-send` claims and sends them, HR
 * sees what is stuck and queues a failed one again.  And what `gesprekctl
 * remind` needs: the conversations whose due date is near and who has not
 * been reminded yet, and the claim that makes a reminder go out once
 * (table mail_reminder, sql/030_mail.sql). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store/audit.h"
#include "store/db.h"
#include "store/mail.h"
#include "base/util.h"

/* One branch per recipient (employee, manager, deputy): each uses the
 * unique key of mail_reminder for its NOT EXISTS, and all only active
 * people with an address, in open dossiers of open cycles, conversations
 * not closed.  `until`: the last day of a deputy's period, '' for the
 * dossier's own parties. */
#define REMIND_SELECT(until) \
	" SELECT c.id AS conv, p.id AS who, c.type AS type," \
	" DATE_FORMAT(c.due_on, '%Y-%m-%d') AS due_text, y.name AS cycle, e.name AS emp," \
	" COALESCE(m.name, '') AS mgr, p.name AS pname, p.email AS pemail, c.due_on AS due," \
	" COALESCE(p.lang, '') AS plang, " until " AS until" \
	" FROM conversation c JOIN dossier d ON d.id = c.dossier_id" \
	" JOIN cycle y ON y.id = d.cycle_id JOIN employee e ON e.id = d.employee_id" \
	" LEFT JOIN employee m ON m.id = d.manager_id"
#define REMIND_BRANCH(who) \
	REMIND_SELECT("''") " JOIN employee p ON p.id = " who REMIND_WHERE
#define REMIND_WHERE \
	" WHERE c.status <> 'closed' AND d.status = 'open' AND y.status = 'open'" \
	" AND c.due_on BETWEEN ? AND DATE_ADD(?, INTERVAL ? DAY)" \
	" AND p.active = 1 AND p.email IS NOT NULL AND p.email <> ''" \
	" AND NOT EXISTS (SELECT 1 FROM mail_reminder r WHERE r.conversation_id = c.id" \
	" AND r.employee_id = p.id AND r.due_on = c.due_on)"

/* The third recipient (issue 17): the manager's deputy whose period
 * covers `today` for this report -- during the period the deputy acts as
 * the manager, so the deputy is reminded too (and the manager as ever),
 * with a text of its own that names the period's last day.
 * Appointments for one report do not overlap (store/deputy.c), so there
 * is at most one; never the employee themself. */
#define REMIND_DEPUTY \
	REMIND_SELECT("DATE_FORMAT(dp.ends_on, '%Y-%m-%d')") \
	" JOIN deputy dp ON dp.id = (SELECT x.id FROM deputy x WHERE x.manager_id = d.manager_id" \
	" AND (x.employee_id IS NULL OR x.employee_id = d.employee_id)" \
	" AND x.deputy_id <> d.employee_id AND x.ended_at IS NULL" \
	" AND x.starts_on <= ? AND x.ends_on >= ? ORDER BY x.id LIMIT 1)" \
	" JOIN employee p ON p.id = dp.deputy_id" REMIND_WHERE

static struct db_stmt_def q_due = DB_STMT(
	"SELECT * FROM (" REMIND_BRANCH("d.employee_id") " UNION ALL "
	REMIND_BRANCH("d.manager_id") " UNION ALL " REMIND_DEPUTY
	") t ORDER BY due, conv, who LIMIT ?");
static struct db_stmt_def q_claim = DB_STMT(
	"INSERT IGNORE INTO mail_reminder (conversation_id, employee_id, due_on) VALUES (?, ?, ?)");

static struct db_stmt_def q_enqueue = DB_STMT(
	"INSERT INTO mail_queue (kind, conversation_id, recipient_id, recipient, subject, message)"
	" VALUES (?, ?, ?, ?, ?, ?)");
/* Due: queued and its time has come, or sending and its lease has passed
 * (the sender stopped).  SKIP LOCKED: rows another sender is claiming
 * right now are not waited for, so two senders never take the same row. */
static struct db_stmt_def q_due_mail = DB_STMT(
	"SELECT id FROM mail_queue WHERE state IN ('queued', 'sending')"
	" AND next_try_at <= UTC_TIMESTAMP() AND (state = 'queued' OR tries < ?)"
	" ORDER BY next_try_at, id LIMIT ? FOR UPDATE SKIP LOCKED");
static struct db_stmt_def q_claim_one = DB_STMT(
	"UPDATE mail_queue SET state = 'sending', claim = ?, tries = tries + 1,"
	" next_try_at = UTC_TIMESTAMP() + INTERVAL ? SECOND, version = version + 1,"
	" updated_at = UTC_TIMESTAMP() WHERE id = ?");
/* A stopped sender's mail that has had all its tries.  Found with SKIP
 * LOCKED like the due mail and then failed by id: a plain UPDATE over the
 * same range waited for the rows a second sender was claiming while that
 * sender waited for this one's, and both ended in a deadlock (1213). */
static struct db_stmt_def q_abandoned = DB_STMT(
	"SELECT id FROM mail_queue WHERE state = 'sending'"
	" AND next_try_at <= UTC_TIMESTAMP() AND tries >= ? LIMIT ? FOR UPDATE SKIP LOCKED");
static struct db_stmt_def q_abandon_one = DB_STMT(
	"UPDATE mail_queue SET state = 'failed', claim = NULL,"
	" last_error = 'the sender stopped while sending', version = version + 1,"
	" updated_at = UTC_TIMESTAMP() WHERE id = ? AND state = 'sending'");
static struct db_stmt_def q_claimed = DB_STMT(
	"SELECT id, tries, recipient, message FROM mail_queue"
	" WHERE claim = ? AND state = 'sending' ORDER BY id");
static struct db_stmt_def q_sent = DB_STMT(
	"UPDATE mail_queue SET state = 'sent', sent_at = UTC_TIMESTAMP(), message = NULL,"
	" claim = NULL, last_error = NULL, version = version + 1, updated_at = UTC_TIMESTAMP()"
	" WHERE id = ? AND claim = ? AND state = 'sending'");
static struct db_stmt_def q_unsent = DB_STMT(
	"UPDATE mail_queue SET state = IF(tries >= ?, 'failed', 'queued'),"
	" next_try_at = UTC_TIMESTAMP() + INTERVAL ? SECOND, last_error = ?, claim = NULL,"
	" version = version + 1, updated_at = UTC_TIMESTAMP()"
	" WHERE id = ? AND claim = ? AND state = 'sending'");
#define ISO(col) "DATE_FORMAT(" col ", '%Y-%m-%dT%H:%i:%sZ')"
static struct db_stmt_def q_list = DB_STMT(
	"SELECT q.id, q.kind, q.state, q.recipient, COALESCE(e.name, ''), q.subject, q.tries,"
	" " ISO("q.created_at") ", " ISO("q.next_try_at") ", COALESCE(q.last_error, '')"
	" FROM mail_queue q LEFT JOIN employee e ON e.id = q.recipient_id"
	" WHERE q.state IN ('failed', 'sending', 'queued')"
	" ORDER BY FIELD(q.state, 'failed', 'sending', 'queued'), q.created_at, q.id LIMIT ?");
static struct db_stmt_def q_counts = DB_STMT(
	"SELECT state, COUNT(*) FROM mail_queue GROUP BY state");
static struct db_stmt_def q_lock_one = DB_STMT(
	"SELECT state FROM mail_queue WHERE id = ? FOR UPDATE");
static struct db_stmt_def q_retry = DB_STMT(
	"UPDATE mail_queue SET state = 'queued', tries = 0, next_try_at = UTC_TIMESTAMP(),"
	" claim = NULL, version = version + 1, updated_at = UTC_TIMESTAMP()"
	" WHERE id = ? AND state = 'failed'");
static struct db_stmt_def q_purge_sent = DB_STMT(
	"DELETE FROM mail_queue WHERE state = 'sent'"
	" AND sent_at < UTC_TIMESTAMP() - INTERVAL ? SECOND LIMIT ?");

struct remind_cb {
	reminder_fn fn;
	void *ud;
};

static int
remind_row(void *ud, const struct db_row *r)
{
	struct remind_cb *cb = ud;
	struct reminder_row row = {
		.conversation_id = db_int(r, 0), .recipient_id = db_int(r, 1),
		.type = db_str(r, 2), .due_on = db_str(r, 3), .cycle = db_str(r, 4),
		.employee = db_str(r, 5), .manager = db_str(r, 6), .name = db_str(r, 7),
		.email = db_str(r, 8), .lang = db_str(r, 10), .deputy_until = db_str(r, 11),
	};

	return cb->fn(cb->ud, &row);
}

int
reminders_due(struct db *db, const char *today, int days, int limit, reminder_fn fn, void *ud)
{
	struct remind_cb cb = { fn, ud };

	return db_query(db, &q_due, DB_ARGS(DB_STR(today), DB_STR(today), DB_INT(days),
	    DB_STR(today), DB_STR(today), DB_INT(days),
	    DB_STR(today), DB_STR(today), DB_STR(today), DB_STR(today), DB_INT(days),
	    DB_INT(limit)), remind_row, &cb);
}

int
mail_enqueue(struct db *db, const struct mail_new *m, int64_t *id)
{
	return db_exec(db, &q_enqueue, DB_ARGS(DB_STR(m->kind), DB_REF(m->conversation_id),
	    DB_INT(m->recipient_id), DB_STR(m->recipient), DB_STR(m->subject),
	    DB_BIN(m->message, m->message_len)), NULL, id);
}

struct reminder_tx {
	int64_t conversation_id;
	const char *due_on;
	const struct mail_new *m;
	bool queued;
};

static int
reminder_tx(struct db *db, void *ud)
{
	struct reminder_tx *t = ud;
	uint64_t n = 0;
	int st;

	t->queued = false;
	st = db_exec(db, &q_claim, DB_ARGS(DB_INT(t->conversation_id),
	    DB_INT(t->m->recipient_id), DB_STR(t->due_on)), &n, NULL);
	if (st != DB_OK || n == 0)
		return st;	/* reminded already: nothing to queue */
	if ((st = mail_enqueue(db, t->m, NULL)) == DB_OK)
		t->queued = true;
	return st;
}

int
reminder_enqueue(struct db *db, int64_t conversation_id, const char *due_on,
    const struct mail_new *m, bool *queued)
{
	struct reminder_tx t = { conversation_id, due_on, m, false };
	int st = db_tx(db, reminder_tx, &t);

	*queued = st == DB_OK && t.queued;
	return st;
}

/* ---- claiming and sending ---- */

/* Ids found due, in the claim's transaction. */
struct claim_ids {
	int64_t *v;
	int n, max;
};

static int
claim_id_row(void *ud, const struct db_row *r)
{
	struct claim_ids *ids = ud;

	if (ids->n < ids->max)
		ids->v[ids->n++] = db_int(r, 0);
	return DB_OK;
}

struct claim_tx {
	const char *claim;
	int limit, tries_max;
	int64_t lease_s;
	struct claim_ids ids;
};

static int
claim_tx(struct db *db, void *ud)
{
	struct claim_tx *t = ud;
	int i, st;

	t->ids.n = 0;
	st = db_query(db, &q_abandoned, DB_ARGS(DB_INT(t->tries_max), DB_INT(t->limit)),
	    claim_id_row, &t->ids);
	for (i = 0; st == DB_OK && i < t->ids.n; i++)
		st = db_exec(db, &q_abandon_one, DB_ARGS(DB_INT(t->ids.v[i])), NULL, NULL);
	if (st != DB_OK)
		return st;
	t->ids.n = 0;
	st = db_query(db, &q_due_mail, DB_ARGS(DB_INT(t->tries_max), DB_INT(t->limit)),
	    claim_id_row, &t->ids);
	for (i = 0; st == DB_OK && i < t->ids.n; i++)
		st = db_exec(db, &q_claim_one, DB_ARGS(DB_STR(t->claim), DB_INT(t->lease_s),
		    DB_INT(t->ids.v[i])), NULL, NULL);
	return st;
}

struct claimed_cb {
	mail_claimed_fn fn;
	void *ud;
};

static int
claimed_row(void *ud, const struct db_row *r)
{
	struct claimed_cb *cb = ud;
	struct mail_claimed m = {
		.id = db_int(r, 0), .tries = (int)db_int(r, 1), .recipient = db_str(r, 2),
		.message = db_str(r, 3), .message_len = r->len[3],
	};

	return cb->fn(cb->ud, &m);
}

int
mail_claim(struct db *db, const char *claim, int limit, int tries_max, int64_t lease_s,
    mail_claimed_fn fn, void *ud)
{
	struct claim_tx t = { claim, limit, tries_max, lease_s, { NULL, 0, limit } };
	struct claimed_cb cb = { fn, ud };
	int st;

	if (limit <= 0)
		return DB_OK;
	if ((t.ids.v = calloc((size_t)limit, sizeof(*t.ids.v))) == NULL)
		return DB_ERROR;
	st = db_tx(db, claim_tx, &t);
	free(t.ids.v);
	if (st != DB_OK || t.ids.n == 0)
		return st;
	/* Read after the commit: the rows are ours now, no lock is held while
	 * the caller sends. */
	return db_query(db, &q_claimed, DB_ARGS(DB_STR(claim)), claimed_row, &cb);
}

int
mail_mark_sent(struct db *db, int64_t id, const char *claim)
{
	uint64_t n = 0;
	int st = db_exec(db, &q_sent, DB_ARGS(DB_INT(id), DB_STR(claim)), &n, NULL);

	return st == DB_OK && n == 0 ? DB_NOTFOUND : st;
}

int
mail_mark_unsent(struct db *db, int64_t id, const char *claim, const char *error,
    int tries_max, int64_t delay_s)
{
	char text[MAIL_ERROR_MAX_CHARS + 1];	/* bytes: within the column's characters */
	uint64_t n = 0;
	int st;

	utf8_copy(text, sizeof(text), error ? error : "", MAIL_ERROR_MAX_CHARS);
	st = db_exec(db, &q_unsent, DB_ARGS(DB_INT(tries_max), DB_INT(delay_s), DB_STR(text),
	    DB_INT(id), DB_STR(claim)), &n, NULL);
	return st == DB_OK && n == 0 ? DB_NOTFOUND : st;
}

/* ---- HR's view ---- */

struct list_cb {
	mail_row_fn fn;
	void *ud;
};

static int
list_row(void *ud, const struct db_row *r)
{
	struct list_cb *cb = ud;
	struct mail_row m = {
		.id = db_int(r, 0), .kind = db_str(r, 1), .state = db_str(r, 2),
		.recipient = db_str(r, 3), .recipient_name = db_str(r, 4), .subject = db_str(r, 5),
		.tries = (int)db_int(r, 6), .created_at = db_str(r, 7), .next_try_at = db_str(r, 8),
		.last_error = db_str(r, 9),
	};

	return cb->fn(cb->ud, &m);
}

int
mail_queue_list(struct db *db, int limit, mail_row_fn fn, void *ud)
{
	struct list_cb cb = { fn, ud };

	return db_query(db, &q_list, DB_ARGS(DB_INT(limit)), list_row, &cb);
}

static int
count_row(void *ud, const struct db_row *r)
{
	struct mail_counts *c = ud;
	const char *state = db_str(r, 0);
	int64_t n = db_int(r, 1);

	if (strcmp(state, "queued") == 0)
		c->queued = n;
	else if (strcmp(state, "sending") == 0)
		c->sending = n;
	else if (strcmp(state, "sent") == 0)
		c->sent = n;
	else if (strcmp(state, "failed") == 0)
		c->failed = n;
	return DB_OK;
}

int
mail_queue_counts(struct db *db, struct mail_counts *out)
{
	memset(out, 0, sizeof(*out));
	return db_query(db, &q_counts, DB_NOARGS, count_row, out);
}

struct retry_tx {
	int64_t actor_id, id;
	char state[16];
	bool found;
};

static int
state_row(void *ud, const struct db_row *r)
{
	struct retry_tx *t = ud;

	t->found = true;
	strlcopy(t->state, db_str(r, 0), sizeof(t->state));
	return DB_OK;
}

static int
retry_tx(struct db *db, void *ud)
{
	struct retry_tx *t = ud;
	uint64_t n = 0;
	int st;

	t->found = false;
	/* The state is checked on the locked row, so a sender that claims or
	 * an HR colleague that retries at the same moment waits for us. */
	if ((st = db_query(db, &q_lock_one, DB_ARGS(DB_INT(t->id)), state_row, t)) != DB_OK)
		return st;
	if (!t->found)
		return DB_NOTFOUND;
	if (strcmp(t->state, "failed") != 0)
		return DB_CONFLICT;
	if ((st = db_exec(db, &q_retry, DB_ARGS(DB_INT(t->id)), &n, NULL)) != DB_OK)
		return st;
	if (n != 1)
		return DB_CONFLICT;
	return audit_add(db, t->actor_id, "mail", t->id, "retry", NULL);
}

int
mail_retry(struct db *db, int64_t actor_id, int64_t id)
{
	struct retry_tx t = { .actor_id = actor_id, .id = id };

	return db_tx(db, retry_tx, &t);
}

int
mail_purge_sent(struct db *db, int64_t keep_s, int limit, uint64_t *deleted)
{
	*deleted = 0;
	return db_exec(db, &q_purge_sent, DB_ARGS(DB_INT(keep_s), DB_INT(limit)), deleted, NULL);
}
