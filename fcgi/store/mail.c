/* mail.c -- what `gesprekctl remind` needs: the conversations whose due
 * date is near and who has not been reminded yet, and the claim that makes
 * a reminder go out once (table mail_reminder, sql/030_mail.sql). */
#include "config.h"

#include "store/store.h"

/* One branch per recipient (employee, manager): each uses the unique key
 * of mail_reminder for its NOT EXISTS, and both only active people with an
 * address, in open dossiers of open cycles, conversations not closed. */
#define REMIND_BRANCH(who) \
	" SELECT c.id AS conv, p.id AS who, c.type AS type," \
	" DATE_FORMAT(c.due_on, '%Y-%m-%d') AS due_text, y.name AS cycle, e.name AS emp," \
	" COALESCE(m.name, '') AS mgr, p.name AS pname, p.email AS pemail, c.due_on AS due" \
	" FROM conversation c JOIN dossier d ON d.id = c.dossier_id" \
	" JOIN cycle y ON y.id = d.cycle_id JOIN employee e ON e.id = d.employee_id" \
	" LEFT JOIN employee m ON m.id = d.manager_id JOIN employee p ON p.id = " who \
	" WHERE c.status <> 'closed' AND d.status = 'open' AND y.status = 'open'" \
	" AND c.due_on BETWEEN ? AND DATE_ADD(?, INTERVAL ? DAY)" \
	" AND p.active = 1 AND p.email IS NOT NULL AND p.email <> ''" \
	" AND NOT EXISTS (SELECT 1 FROM mail_reminder r WHERE r.conversation_id = c.id" \
	" AND r.employee_id = p.id AND r.due_on = c.due_on)"

static struct db_stmt_def q_due = DB_STMT(
	"SELECT * FROM (" REMIND_BRANCH("d.employee_id") " UNION ALL "
	REMIND_BRANCH("d.manager_id") ") t ORDER BY due, conv, who LIMIT ?");
static struct db_stmt_def q_claim = DB_STMT(
	"INSERT IGNORE INTO mail_reminder (conversation_id, employee_id, due_on) VALUES (?, ?, ?)");
static struct db_stmt_def q_release = DB_STMT(
	"DELETE FROM mail_reminder WHERE conversation_id = ? AND employee_id = ? AND due_on = ?");

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
		.email = db_str(r, 8),
	};

	return cb->fn(cb->ud, &row);
}

int
reminders_due(struct db *db, const char *today, int days, int limit, reminder_fn fn, void *ud)
{
	struct remind_cb cb = { fn, ud };

	return db_query(db, &q_due, DB_ARGS(DB_STR(today), DB_STR(today), DB_INT(days),
	    DB_STR(today), DB_STR(today), DB_INT(days), DB_INT(limit)), remind_row, &cb);
}

int
reminder_claim(struct db *db, int64_t conversation_id, int64_t recipient_id, const char *due_on,
    bool *claimed)
{
	uint64_t n = 0;
	int st = db_exec(db, &q_claim, DB_ARGS(DB_INT(conversation_id), DB_INT(recipient_id),
	    DB_STR(due_on)), &n, NULL);

	*claimed = st == DB_OK && n == 1;
	return st;
}

int
reminder_release(struct db *db, int64_t conversation_id, int64_t recipient_id, const char *due_on)
{
	return db_exec(db, &q_release, DB_ARGS(DB_INT(conversation_id), DB_INT(recipient_id),
	    DB_STR(due_on)), NULL, NULL);
}
