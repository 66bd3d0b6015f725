/* remind.c -- reminders HR or a manager sends from the people behind a
 * number of the reports (pages/reports_remind.c): every message queued in
 * one transaction with one audit row, and the last send of the same list
 * for the warning against sending it twice.  The list is named by the
 * audit detail's start (the metric and scope, remind.h); the cycle's row
 * is locked while checking it, so two sends of one list cannot both pass. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "store/audit.h"
#include "store/db.h"
#include "store/remind.h"
#include "base/util.h"

/* Longest audit detail: the key and "count: N". */
#define REMIND_DETAIL_MAX 512
#define REMIND_ENTITY "cycle"
#define REMIND_ACTION "remind"

static struct db_stmt_def q_lock_cycle = DB_STMT(
	"SELECT id FROM cycle WHERE id = ? FOR UPDATE");
/* The audit_entity key (entity, entity_id, at) finds the rows; the detail
 * starts with the list's key.  The window's count comes with the newest
 * row, so the warning and the cap cost one statement. */
static struct db_stmt_def q_recent = DB_STMT(
	"SELECT DATE_FORMAT(a.at, '%Y-%m-%dT%H:%i:%sZ'), COALESCE(e.name, ''), COUNT(*) OVER ()"
	" FROM audit a LEFT JOIN employee e ON e.id = a.actor_id"
	" WHERE a.entity = '" REMIND_ENTITY "' AND a.entity_id = ?"
	" AND a.action = '" REMIND_ACTION "'"
	" AND a.at >= UTC_TIMESTAMP() - INTERVAL ? SECOND"
	" AND LEFT(a.detail, CHAR_LENGTH(?)) = ? ORDER BY a.at DESC, a.id DESC LIMIT 1");
/* Queued only while its conversation is not closed: done since the list
 * was read means no reminder. */
static struct db_stmt_def q_enqueue_open = DB_STMT(
	"INSERT INTO mail_queue (kind, conversation_id, recipient_id, recipient, subject, message)"
	" SELECT ?, c.id, ?, ?, ?, ? FROM conversation c WHERE c.id = ? AND c.status <> 'closed'");

static int
last_row(void *ud, const struct db_row *r)
{
	struct remind_last *l = ud;

	l->found = true;
	strlcopy(l->at, db_str(r, 0), sizeof(l->at));
	strlcopy(l->actor, db_str(r, 1), sizeof(l->actor));
	l->count = db_int(r, 2);
	return DB_OK;
}

int
remind_recent(struct db *db, int64_t cycle_id, const char *key, int64_t window_s,
    struct remind_last *out)
{
	memset(out, 0, sizeof(*out));
	return db_query(db, &q_recent, DB_ARGS(DB_INT(cycle_id), DB_INT(window_s), DB_STR(key),
	    DB_STR(key)), last_row, out);
}

static int
enqueue_open(struct db *db, const struct mail_new *m, int64_t *queued)
{
	uint64_t n = 0;
	int st = db_exec(db, &q_enqueue_open, DB_ARGS(DB_STR(m->kind), DB_INT(m->recipient_id),
	    DB_STR(m->recipient), DB_STR(m->subject), DB_BIN(m->message, m->message_len),
	    DB_INT(m->conversation_id)), &n, NULL);

	*queued += (int64_t)n;
	return st;
}

static int
found_row(void *ud, const struct db_row *r)
{
	(void)r;
	*(bool *)ud = true;
	return DB_OK;
}

/* Every batch next() hands over, queued. */
static int
queue_all(struct db *db, struct remind_batch *b)
{
	const struct mail_new *mails;
	bool first = true;
	size_t i, n;
	int st;

	do {
		if ((st = b->next(b->next_ud, db, first, &mails, &n)) != DB_OK)
			return st;
		first = false;
		for (i = 0; i < n; i++)
			if ((st = enqueue_open(db, &mails[i], &b->queued)) != DB_OK)
				return st;
	} while (n > 0);
	return DB_OK;
}

static int
queue_tx(struct db *db, void *ud)
{
	struct remind_batch *b = ud;
	char detail[REMIND_DETAIL_MAX];
	bool cycle = false;
	int st;

	b->queued = 0;
	st = db_query(db, &q_lock_cycle, DB_ARGS(DB_INT(b->cycle_id)), found_row, &cycle);
	if (st != DB_OK)
		return st;
	if (!cycle)
		return DB_NOTFOUND;
	b->capped = false;
	/* Under the cycle's lock: a send in another tab is counted. */
	st = remind_recent(db, b->cycle_id, b->key, b->window_s, &b->last);
	if (st != DB_OK)
		return st;
	if (b->last.count >= b->sends_max) {
		b->capped = true;
		return DB_CONFLICT;
	}
	if (b->last.found && !b->again)
		return DB_CONFLICT;
	if ((st = queue_all(db, b)) != DB_OK)
		return st;
	if (b->queued == 0)
		return DB_OK;
	snprintf(detail, sizeof(detail), "%scount: %lld", b->key, (long long)b->queued);
	return audit_add(db, b->actor_id, REMIND_ENTITY, b->cycle_id, REMIND_ACTION, detail);
}

int
remind_queue(struct db *db, struct remind_batch *b)
{
	return db_tx(db, queue_tx, b);
}
