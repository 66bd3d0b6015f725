/* retention.c -- the deleting half of retention (retention.h): the dry
 * run's counts, the batches of the apply, the pseudonymised stub and the
 * legal hold.  Each rule's candidates are one statement, used by the count
 * of the dry run and by the batches of the apply alike, so the two agree. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/headcount.h"
#include "store/retention.h"
#include "store/stamp.h"
#include "store/summary.h"

/* The day after a cutoff date: rows with a time are due before it. */
#define BEFORE_NEXT_DAY(col) col " < CAST(? AS DATE) + INTERVAL 1 DAY"
#define NOT_HELD(col) " NOT EXISTS (SELECT 1 FROM legal_hold h WHERE h.employee_id = " col ")"
#define DOSSIER_NOT_HELD(col) " NOT EXISTS (SELECT 1 FROM dossier hd JOIN legal_hold h" \
	" ON h.employee_id = hd.employee_id WHERE hd.id = " col ")"
#define CONV_NOT_HELD(col) " NOT EXISTS (SELECT 1 FROM conversation hc JOIN dossier hd" \
	" ON hd.id = hc.dossier_id JOIN legal_hold h ON h.employee_id = hd.employee_id" \
	" WHERE hc.id = " col ")"
#define LOGIN_NOT_HELD(col) " " col " NOT IN (SELECT he.login FROM legal_hold h" \
	" JOIN employee he ON he.id = h.employee_id)"

/* ---- 1. table rules: rows older than their rule ---- */

#define AUDIT_DUE BEFORE_NEXT_DAY("a.at") " AND" NOT_HELD("a.actor_id") \
	" AND NOT (a.entity = 'employee' AND EXISTS (SELECT 1 FROM legal_hold h" \
	"   WHERE h.employee_id = a.entity_id))" \
	" AND NOT (a.entity = 'dossier' AND" " NOT" DOSSIER_NOT_HELD("a.entity_id") ")" \
	" AND NOT (a.entity IN ('conversation', 'feedback') AND NOT" CONV_NOT_HELD("a.entity_id") ")" \
	" AND NOT (a.entity = 'item' AND EXISTS (SELECT 1 FROM item hi JOIN dossier hd" \
	"   ON hd.id = hi.dossier_id JOIN legal_hold h ON h.employee_id = hd.employee_id" \
	"   WHERE hi.id = a.entity_id))"
#define READ_DUE BEFORE_NEXT_DAY("r.at") " AND" NOT_HELD("r.reader_id") \
	" AND (r.dossier_id IS NULL OR" DOSSIER_NOT_HELD("r.dossier_id") ")" \
	" AND NOT (r.kind = 'person' AND EXISTS (SELECT 1 FROM legal_hold h" \
	"   WHERE h.employee_id = r.object_id))"
#define ATTEMPT_DUE BEFORE_NEXT_DAY("l.at") " AND" LOGIN_NOT_HELD("l.login")
#define MAIL_DUE "m.state IN ('sent', 'failed') AND " BEFORE_NEXT_DAY("m.created_at") \
	" AND" NOT_HELD("m.recipient_id") \
	" AND (m.conversation_id IS NULL OR" CONV_NOT_HELD("m.conversation_id") ")"
#define REMINDER_DUE BEFORE_NEXT_DAY("m.created_at") " AND" NOT_HELD("m.employee_id") \
	" AND" CONV_NOT_HELD("m.conversation_id")
/* Tables without an id are deleted by a bounded statement. */
#define SESSION_DUE BEFORE_NEXT_DAY("expires_at") \
	" AND (employee_id IS NULL OR employee_id NOT IN (SELECT employee_id FROM legal_hold))"
#define KNOWN_DUE BEFORE_NEXT_DAY("last_ok_at") " AND" LOGIN_NOT_HELD("login")
#define GUARD_DUE BEFORE_NEXT_DAY("updated_at") " AND" LOGIN_NOT_HELD("login")

/* A table rule: count (cutoff), range of the next batch (cutoff, limit:
 * count, first id, last id), delete (first, last, cutoff) -- or, for a
 * table without an id, delete (cutoff, limit). */
struct table_rule {
	enum retention_kind kind;
	const char *table;
	struct db_stmt_def count, range, del;
	bool has_id;
};

#define ID_RULE(k, t, alias, due) { k, t, \
	DB_STMT("SELECT COUNT(*) FROM " t " " alias " WHERE " due), \
	DB_STMT("SELECT COUNT(*), COALESCE(MIN(id), 0), COALESCE(MAX(id), 0) FROM" \
	    " (SELECT " alias ".id FROM " t " " alias " WHERE " due \
	    " ORDER BY " alias ".id LIMIT ?) x"), \
	DB_STMT("DELETE " alias " FROM " t " " alias " WHERE " alias ".id BETWEEN ? AND ?" \
	    " AND " due), true }
#define BOUNDED_RULE(k, t, due) { k, t, \
	DB_STMT("SELECT COUNT(*) FROM " t " WHERE " due), DB_STMT(NULL), \
	DB_STMT("DELETE FROM " t " WHERE " due " LIMIT ?"), false }

static struct table_rule table_rules[] = {
	ID_RULE(RETENTION_AUDIT, "audit", "a", AUDIT_DUE),
	ID_RULE(RETENTION_AUDIT, "read_audit", "r", READ_DUE),
	BOUNDED_RULE(RETENTION_SESSIONS, "session", SESSION_DUE),
	ID_RULE(RETENTION_SESSIONS, "login_attempt", "l", ATTEMPT_DUE),
	BOUNDED_RULE(RETENTION_SESSIONS, "login_known", KNOWN_DUE),
	BOUNDED_RULE(RETENTION_SESSIONS, "login_guard", GUARD_DUE),
	ID_RULE(RETENTION_MAIL, "mail_queue", "m", MAIL_DUE),
	ID_RULE(RETENTION_MAIL, "mail_reminder", "m", REMINDER_DUE),
};

static struct db_stmt_def q_log = DB_STMT(
	"INSERT INTO deletion_log (rule, kind, n, first_id, last_id) VALUES (?, ?, ?, ?, ?)");

static int
deletion_log(struct db *db, const char *rule, const char *kind, int64_t n, int64_t first,
    int64_t last)
{
	return db_exec(db, &q_log, DB_ARGS(DB_STR(rule), DB_STR(kind), DB_INT(n), DB_INT(first),
	    DB_INT(last)), NULL, NULL);
}

/* A row about one person's records (sql/093): their own export lists it. */
static struct db_stmt_def q_log_subject = DB_STMT(
	"INSERT INTO deletion_log (rule, kind, subject_id, n, first_id, last_id)"
	" VALUES (?, ?, ?, ?, ?, ?)");

static int
count_row(void *ud, const struct db_row *r)
{
	*(int64_t *)ud = db_int(r, 0);
	return DB_OK;
}

struct table_batch {
	struct table_rule *t;
	const char *rule, *cutoff;
	int64_t n;		/* deleted by this batch */
};

struct range {
	int64_t n, first, last;
};

static int
range_row(void *ud, const struct db_row *r)
{
	struct range *g = ud;

	g->n = db_int(r, 0);
	g->first = db_int(r, 1);
	g->last = db_int(r, 2);
	return DB_OK;
}

static int
table_batch_tx(struct db *db, void *ud)
{
	struct table_batch *b = ud;
	struct range g = { 0, 0, 0 };
	uint64_t n = 0;
	int st;

	b->n = 0;
	if (!b->t->has_id) {
		st = db_exec(db, &b->t->del, DB_ARGS(DB_STR(b->cutoff), DB_INT(RETENTION_ROWS_BATCH)),
		    &n, NULL);
	} else {
		st = db_query(db, &b->t->range, DB_ARGS(DB_STR(b->cutoff),
		    DB_INT(RETENTION_ROWS_BATCH)), range_row, &g);
		if (st != DB_OK || g.n == 0)
			return st;
		st = db_exec(db, &b->t->del, DB_ARGS(DB_INT(g.first), DB_INT(g.last),
		    DB_STR(b->cutoff)), &n, NULL);
	}
	if (st != DB_OK || n == 0)
		return st;
	b->n = (int64_t)n;
	return deletion_log(db, b->rule, b->t->table, b->n, g.first, g.last);
}

/* The cutoff of a rule on `today`; false: nothing of it is due. */
static bool
rule_cutoff(const struct retention_policy *p, enum retention_kind k, const char *today,
    char out[ISO_DATE_LEN + 1])
{
	return retention_cutoff(&p->rule[k].period, today, out);
}

static int
tables_apply(struct db *db, const struct retention_policy *p, const char *today,
    retention_fn fn, void *ud)
{
	char cutoff[ISO_DATE_LEN + 1];
	struct table_batch b;
	int64_t total;
	size_t i;
	int st;

	for (i = 0; i < ARRAY_LEN(table_rules); i++) {
		b = (struct table_batch){ &table_rules[i], p->rule[table_rules[i].kind].name,
		    cutoff, 0 };
		total = 0;
		if (rule_cutoff(p, table_rules[i].kind, today, cutoff)) {
			do {
				if ((st = db_tx(db, table_batch_tx, &b)) != DB_OK)
					return st;
				total += b.n;
			} while (b.n > 0);
		}
		if ((st = fn(ud, b.rule, table_rules[i].table, total)) != DB_OK)
			return st;
	}
	return DB_OK;
}

static int
tables_plan(struct db *db, const struct retention_policy *p, const char *today,
    retention_fn fn, void *ud)
{
	char cutoff[ISO_DATE_LEN + 1];
	int64_t n;
	size_t i;
	int st;

	for (i = 0; i < ARRAY_LEN(table_rules); i++) {
		n = 0;
		if (rule_cutoff(p, table_rules[i].kind, today, cutoff) &&
		    (st = db_query(db, &table_rules[i].count, DB_ARGS(DB_STR(cutoff)), count_row,
		    &n)) != DB_OK)
			return st;
		if ((st = fn(ud, p->rule[table_rules[i].kind].name, table_rules[i].table, n)) != DB_OK)
			return st;
	}
	return DB_OK;
}

/* ---- 2. dossiers ---- */

/* The end of an inactive employee's employment: the leaving date HR's
 * system gave, else the day they were made inactive (sql/092), else, for
 * a row older than both, its last change. */
#define ENDED_ON "COALESCE(e.left_on, e.inactive_since, DATE(e.updated_at))"
/* A dossier is due by the end of employment (mode 0) or the end of its
 * closed cycle (mode 1); arguments: mode, cutoff, mode, cutoff. */
#define DOSSIER_RULE \
	" ((? = 0 AND e.active = 0 AND " ENDED_ON " <= ?)" \
	"  OR (? = 1 AND c.status = 'closed' AND c.ends_on <= ?))"
#define DOSSIER_DUE DOSSIER_RULE " AND" NOT_HELD("d.employee_id")
#define DOSSIER_FROM " FROM dossier d JOIN employee e ON e.id = d.employee_id" \
	" JOIN cycle c ON c.id = d.cycle_id"

static struct db_stmt_def q_dossiers_count = DB_STMT(
	"SELECT COUNT(*)" DOSSIER_FROM " WHERE" DOSSIER_DUE);
/* Locking: the employee row too, which a legal hold being set locks first
 * (legal_hold_set), so a hold and a deletion never cross. */
static struct db_stmt_def q_dossiers_next = DB_STMT(
	"SELECT d.id, d.employee_id, d.cycle_id, d.status,"
	" IF(e.active = 0, " ENDED_ON ", NULL), IF(c.status = 'closed', c.ends_on, NULL)"
	DOSSIER_FROM " WHERE d.id > ? AND" DOSSIER_DUE " ORDER BY d.id LIMIT ? FOR UPDATE");

/* What goes with a dossier, children before parents; each takes its id. */
static struct db_stmt_def dossier_deletes[] = {
	DB_STMT("DELETE a FROM audit a JOIN item i ON a.entity = 'item' AND a.entity_id = i.id"
	    " WHERE i.dossier_id = ?"),
	DB_STMT("DELETE a FROM audit a JOIN conversation c"
	    " ON a.entity IN ('conversation', 'feedback') AND a.entity_id = c.id"
	    " WHERE c.dossier_id = ?"),
	DB_STMT("DELETE FROM audit WHERE entity = 'dossier' AND entity_id = ?"),
	/* Rows a migration set aside (sql/058) name their conversation, item
	 * or dossier inside their JSON; the table is small and rarely filled. */
	DB_STMT("DELETE s FROM set_aside s JOIN (SELECT CAST(? AS UNSIGNED) AS id) k"
	    " WHERE JSON_VALUE(s.row_data, '$.dossier_id') = k.id"
	    " OR JSON_VALUE(s.row_data, '$.conversation_id') IN"
	    "   (SELECT c.id FROM conversation c WHERE c.dossier_id = k.id)"
	    " OR JSON_VALUE(s.row_data, '$.item_id') IN"
	    "   (SELECT i.id FROM item i WHERE i.dossier_id = k.id)"),
	DB_STMT("DELETE u FROM item_update u JOIN conversation c ON c.id = u.conversation_id"
	    " WHERE c.dossier_id = ?"),
	DB_STMT("DELETE u FROM item_update u JOIN item i ON i.id = u.item_id"
	    " WHERE i.dossier_id = ?"),
	DB_STMT("DELETE r FROM remark r JOIN conversation c ON c.id = r.conversation_id"
	    " WHERE c.dossier_id = ?"),
	DB_STMT("DELETE s FROM signature s JOIN conversation c ON c.id = s.conversation_id"
	    " WHERE c.dossier_id = ?"),
	DB_STMT("DELETE s FROM snapshot s JOIN conversation c ON c.id = s.conversation_id"
	    " WHERE c.dossier_id = ?"),
	DB_STMT("DELETE m FROM mail_reminder m JOIN conversation c ON c.id = m.conversation_id"
	    " WHERE c.dossier_id = ?"),
	DB_STMT("DELETE FROM item WHERE dossier_id = ?"),
	/* Answers, ratings, proposals, review events, feedback and queued
	 * mail go with their conversation (ON DELETE CASCADE). */
	DB_STMT("DELETE FROM conversation WHERE dossier_id = ?"),
	/* The read log of the dossier goes with it (ON DELETE CASCADE). */
	DB_STMT("DELETE FROM dossier WHERE id = ?"),
};

struct candidate {
	int64_t id, employee_id, cycle_id;
	bool deleted;			/* by this try of the batch */
	char status[16];
	char ended_on[ISO_DATE_LEN + 1], cycle_closed_on[ISO_DATE_LEN + 1], login[72];
};

struct batch {
	const struct retention_policy *p;
	const char *today;
	char cutoff[ISO_DATE_LEN + 1], dossier_cutoff[ISO_DATE_LEN + 1];
	int mode;			/* 0: from leaving, 1: from the cycle's close */
	int64_t after;			/* the last id looked at, over batches */
	/* this try's */
	struct candidate c[RETENTION_DOSSIERS_BATCH];
	size_t nc;
	int64_t n, first, last, stubs;
};

static void
copy_date(char out[ISO_DATE_LEN + 1], const struct db_row *r, size_t col)
{
	strlcopy(out, db_isnull(r, col) ? "" : db_str(r, col), ISO_DATE_LEN + 1);
}

static int
dossier_row(void *ud, const struct db_row *r)
{
	struct batch *b = ud;
	struct candidate *c;

	if (b->nc >= RETENTION_DOSSIERS_BATCH)
		return DB_OK;
	c = &b->c[b->nc++];
	c->id = db_int(r, 0);
	c->deleted = false;
	c->employee_id = db_int(r, 1);
	c->cycle_id = db_int(r, 2);
	strlcopy(c->status, db_str(r, 3), sizeof(c->status));
	copy_date(c->ended_on, r, 4);
	copy_date(c->cycle_closed_on, r, 5);
	return DB_OK;
}

static int
dossier_delete(struct db *db, const struct candidate *c)
{
	size_t i;
	int st;

	/* Before the rows go: the stamps of its employee and manager, and of
	 * everything (the lists name it), found through the dossier. */
	if ((st = stamp_touch(db, "dossier", c->id)) != DB_OK)
		return st;
	for (i = 0; i < ARRAY_LEN(dossier_deletes); i++)
		if ((st = db_exec(db, &dossier_deletes[i], DB_ARGS(DB_INT(c->id)), NULL, NULL)) !=
		    DB_OK)
			return st;
	/* A deleted dossier's facts are taken out of the sums; it no longer
	 * counts in its cycle or its department. */
	if ((st = summary_dossier(db, c->id)) != DB_OK ||
	    (st = headcount_dossiers(db, c->cycle_id, c->status, NULL, 1)) != DB_OK)
		return st;
	return headcount_employee(db, c->employee_id);
}

static void
batch_counted(struct batch *b, int64_t id)
{
	if (b->n == 0)
		b->first = id;
	b->last = id;
	b->n++;
}

/* Whether an earlier deleted candidate of the batch is this person's. */
static bool
subject_logged(const struct batch *b, size_t i)
{
	size_t k;

	for (k = 0; k < i; k++)
		if (b->c[k].deleted && b->c[k].employee_id == b->c[i].employee_id)
			return true;
	return false;
}

/* The batch's deletion log: one row per person whose dossiers it removed
 * (subject_id, sql/093), so each person's export names the deletions
 * that concerned them (issue 18, right of access).  The rows' counts add
 * up to the batch's; a batch has at most RETENTION_DOSSIERS_BATCH. */
static int
log_by_subject(struct db *db, const char *rule, const struct batch *b)
{
	size_t i, j;
	int st;

	for (i = 0; i < b->nc; i++) {
		int64_t n = 0, first = 0, last = 0;

		if (!b->c[i].deleted || subject_logged(b, i))
			continue;
		for (j = i; j < b->nc; j++) {
			if (!b->c[j].deleted || b->c[j].employee_id != b->c[i].employee_id)
				continue;
			if (n++ == 0)
				first = b->c[j].id;
			last = b->c[j].id;	/* candidates come in id order */
		}
		st = db_exec(db, &q_log_subject, DB_ARGS(DB_STR(rule), DB_STR("dossier"),
		    DB_INT(b->c[i].employee_id), DB_INT(n), DB_INT(first), DB_INT(last)), NULL,
		    NULL);
		if (st != DB_OK)
			return st;
	}
	return DB_OK;
}

static int
dossier_batch_tx(struct db *db, void *ud)
{
	struct batch *b = ud;
	const struct retention_rule *rule = &b->p->rule[RETENTION_DOSSIER];
	struct retention_dates d;
	size_t i;
	int st;

	b->nc = 0;
	b->n = b->first = b->last = 0;
	st = db_query(db, &q_dossiers_next, DB_ARGS(DB_INT(b->after), DB_INT(b->mode),
	    DB_STR(b->cutoff), DB_INT(b->mode), DB_STR(b->cutoff),
	    DB_INT(RETENTION_DOSSIERS_BATCH)), dossier_row, b);
	for (i = 0; st == DB_OK && i < b->nc; i++) {
		d = (struct retention_dates){ .ended_on = b->c[i].ended_on,
		    .cycle_closed_on = b->c[i].cycle_closed_on };
		/* The statement and the rule must agree; one that does not is
		 * kept, never deleted on the statement's word alone. */
		if (!retention_due(rule, &d, b->today))
			continue;
		if ((st = dossier_delete(db, &b->c[i])) == DB_OK) {
			batch_counted(b, b->c[i].id);
			b->c[i].deleted = true;
		}
	}
	if (st != DB_OK || b->n == 0)
		return st;
	return log_by_subject(db, rule->name, b);
}

/* ---- 3. people ---- */

/* Due: inactive long enough, no hold, not a stub yet, and no dossier of
 * theirs that the dossier rule keeps (none left, once the dossiers have
 * gone).  Arguments: cutoff, then the dossier rule's four. */
#define PERSON_DUE \
	" e.active = 0 AND e.removed_at IS NULL AND " ENDED_ON " <= ? AND" NOT_HELD("e.id") \
	" AND NOT EXISTS (SELECT 1 FROM dossier d JOIN cycle c ON c.id = d.cycle_id" \
	"   WHERE d.employee_id = e.id AND NOT" DOSSIER_RULE ")"

static struct db_stmt_def q_people_count = DB_STMT(
	"SELECT COUNT(*) FROM employee e WHERE" PERSON_DUE);
static struct db_stmt_def q_people_next = DB_STMT(
	"SELECT e.id, e.login, " ENDED_ON " FROM employee e WHERE e.id > ? AND" PERSON_DUE
	" ORDER BY e.id LIMIT ? FOR UPDATE");

/* What is only theirs, by id; then by login. */
static struct db_stmt_def person_deletes[] = {
	DB_STMT("DELETE FROM page_stamp WHERE kind = 'p' AND ref = ?"),
	DB_STMT("DELETE FROM session WHERE employee_id = ?"),
	DB_STMT("DELETE FROM draft WHERE employee_id = ?"),
	DB_STMT("DELETE FROM import_preview WHERE employee_id = ?"),
	DB_STMT("DELETE FROM mail_queue WHERE recipient_id = ?"),
	DB_STMT("DELETE FROM mail_reminder WHERE employee_id = ?"),
	DB_STMT("DELETE FROM joiner_dismissed WHERE employee_id = ?"),
	DB_STMT("DELETE FROM hr_advisor_department WHERE employee_id = ?"),
	DB_STMT("DELETE u FROM deputy_use u JOIN deputy p ON p.id = u.deputy_id"
	    " JOIN (SELECT CAST(? AS UNSIGNED) AS id) k"
	    " WHERE p.manager_id = k.id OR p.deputy_id = k.id OR p.employee_id = k.id"),
	DB_STMT("DELETE p FROM deputy p JOIN (SELECT CAST(? AS UNSIGNED) AS id) k"
	    " WHERE p.manager_id = k.id OR p.deputy_id = k.id OR p.employee_id = k.id"),
	/* HR's exports of the person (sql/093); a 'people' row names a cycle. */
	DB_STMT("DELETE FROM read_audit WHERE kind = 'person' AND object_id = ?"),
	DB_STMT("DELETE FROM audit WHERE entity = 'employee' AND entity_id = ?"),
};
static struct db_stmt_def login_deletes[] = {
	DB_STMT("DELETE FROM login_attempt WHERE login = ?"),
	DB_STMT("DELETE FROM login_guard WHERE login = ?"),
	DB_STMT("DELETE FROM login_known WHERE login = ?"),
};

/* Whether a record that stays names them (every foreign key to employee
 * outside what person_deletes and the dossiers took). */
static struct db_stmt_def q_referenced = DB_STMT(
	"SELECT EXISTS (SELECT 1 FROM employee x WHERE x.manager_id = k.id)"
	" OR EXISTS (SELECT 1 FROM dossier x WHERE x.manager_id = k.id OR x.employee_id = k.id)"
	" OR EXISTS (SELECT 1 FROM item x WHERE x.responsible_id = k.id)"
	" OR EXISTS (SELECT 1 FROM item x WHERE x.author_id = k.id)"
	" OR EXISTS (SELECT 1 FROM item_update x WHERE x.author_id = k.id)"
	" OR EXISTS (SELECT 1 FROM remark x WHERE x.author_id = k.id)"
	" OR EXISTS (SELECT 1 FROM signature x WHERE x.employee_id = k.id)"
	" OR EXISTS (SELECT 1 FROM signature x WHERE x.deputy_of = k.id)"
	" OR EXISTS (SELECT 1 FROM proposal x WHERE x.decided_by = k.id)"
	" OR EXISTS (SELECT 1 FROM template_version x WHERE x.created_by = k.id)"
	" OR EXISTS (SELECT 1 FROM conversation_answer x WHERE x.updated_by = k.id)"
	" OR EXISTS (SELECT 1 FROM competence_rating x WHERE x.updated_by = k.id)"
	" OR EXISTS (SELECT 1 FROM deputy x WHERE x.created_by = k.id OR x.ended_by = k.id)"
	" OR EXISTS (SELECT 1 FROM conversation x WHERE x.second_assessor_id = k.id)"
	" OR EXISTS (SELECT 1 FROM review_event x WHERE x.author_id = k.id)"
	" OR EXISTS (SELECT 1 FROM review_event x WHERE x.decided_by = k.id OR x.deputy_of = k.id)"
	" OR EXISTS (SELECT 1 FROM calibration_proposal x WHERE x.decided_for = k.id"
	"   OR x.author_id = k.id OR x.decided_by = k.id)"
	" OR EXISTS (SELECT 1 FROM calibration_round x WHERE x.opened_by = k.id"
	"   OR x.closed_by = k.id)"
	" OR EXISTS (SELECT 1 FROM feedback_invitation x WHERE x.invitee_id = k.id"
	"   OR x.invited_by = k.id)"
	" OR EXISTS (SELECT 1 FROM feedback_answer x WHERE x.author_id = k.id)"
	" FROM (SELECT CAST(? AS UNSIGNED) AS id) k");
/* The login is a placeholder no login form accepts ('#' is no login
 * character), so the stub can never be logged into or mistaken. */
static struct db_stmt_def q_stub = DB_STMT(
	"UPDATE employee SET login = CONCAT('#removed-', id), name = '', email = NULL,"
	" employee_number = NULL, department_id = NULL, manager_id = NULL, is_hr = 0,"
	" active = 0, lang = NULL, job_profile_id = NULL, left_on = NULL,"
	" inactive_since = NULL, removed_at = UTC_TIMESTAMP(), version = version + 1,"
	" updated_at = UTC_TIMESTAMP() WHERE id = ?");
static struct db_stmt_def q_employee_delete = DB_STMT(
	"DELETE FROM employee WHERE id = ?");

static int
person_row(void *ud, const struct db_row *r)
{
	struct batch *b = ud;
	struct candidate *c;

	if (b->nc >= RETENTION_DOSSIERS_BATCH)
		return DB_OK;
	c = &b->c[b->nc++];
	memset(c, 0, sizeof(*c));
	c->id = db_int(r, 0);
	strlcopy(c->login, db_str(r, 1), sizeof(c->login));
	copy_date(c->ended_on, r, 2);
	return DB_OK;
}

static int
person_remove(struct db *db, const struct candidate *c, bool *stub)
{
	int64_t referenced = 0;
	size_t i;
	int st;

	/* The lists of people change: the stamp of everything moves. */
	if ((st = stamp_touch(db, "employee", c->id)) != DB_OK)
		return st;
	for (i = 0; i < ARRAY_LEN(person_deletes); i++)
		if ((st = db_exec(db, &person_deletes[i], DB_ARGS(DB_INT(c->id)), NULL, NULL)) !=
		    DB_OK)
			return st;
	for (i = 0; i < ARRAY_LEN(login_deletes); i++)
		if ((st = db_exec(db, &login_deletes[i], DB_ARGS(DB_STR(c->login)), NULL, NULL)) !=
		    DB_OK)
			return st;
	/* stamp_touch's own page_stamp row of everything stays; the audit row
	 * audit_add would write is not written: the deletion log is the record. */
	if ((st = db_query(db, &q_referenced, DB_ARGS(DB_INT(c->id)), count_row, &referenced)) !=
	    DB_OK)
		return st;
	*stub = referenced != 0;
	return db_exec(db, *stub ? &q_stub : &q_employee_delete, DB_ARGS(DB_INT(c->id)), NULL,
	    NULL);
}

static int
person_batch_tx(struct db *db, void *ud)
{
	struct batch *b = ud;
	const struct retention_rule *rule = &b->p->rule[RETENTION_PERSON];
	struct retention_dates d;
	bool stub = false;
	size_t i;
	int st;

	b->nc = 0;
	b->n = b->first = b->last = b->stubs = 0;
	st = db_query(db, &q_people_next, DB_ARGS(DB_INT(b->after), DB_STR(b->cutoff),
	    DB_INT(b->mode), DB_STR(b->dossier_cutoff), DB_INT(b->mode), DB_STR(b->dossier_cutoff),
	    DB_INT(RETENTION_DOSSIERS_BATCH)), person_row, b);
	for (i = 0; st == DB_OK && i < b->nc; i++) {
		d = (struct retention_dates){ .ended_on = b->c[i].ended_on };
		if (!retention_due(rule, &d, b->today))
			continue;
		if ((st = person_remove(db, &b->c[i], &stub)) == DB_OK) {
			batch_counted(b, b->c[i].id);
			b->stubs += stub;
		}
	}
	if (st != DB_OK || b->n == 0)
		return st;
	return deletion_log(db, rule->name, "employee", b->n, b->first, b->last);
}

/* Sets up a batch for the dossier and person rules; false: the cutoffs
 * lie before anything the rules count (nothing of theirs is due). */
static bool
batch_init(struct batch *b, const struct retention_policy *p, const char *today)
{
	memset(b, 0, sizeof(*b));
	b->p = p;
	b->today = today;
	b->mode = p->rule[RETENTION_DOSSIER].start == RETENTION_START_CYCLE_CLOSE ? 1 : 0;
	return rule_cutoff(p, RETENTION_DOSSIER, today, b->dossier_cutoff) &&
	    rule_cutoff(p, RETENTION_PERSON, today, b->cutoff);
}

/* Runs tx batch after batch, from the lowest id up, until one finds
 * nothing more to look at. */
static int
batches(struct db *db, struct batch *b, db_tx_fn tx, int64_t *total, int64_t *stubs)
{
	int st;

	b->after = 0;
	do {
		if ((st = db_tx(db, tx, b)) != DB_OK)
			return st;
		*total += b->n;
		*stubs += b->stubs;
		if (b->nc > 0)
			b->after = b->c[b->nc - 1].id;
	} while (b->nc == RETENTION_DOSSIERS_BATCH);
	return DB_OK;
}

int
retention_apply(struct db *db, const struct retention_policy *p, const char *today,
    retention_fn fn, void *ud, int64_t *stubs)
{
	struct batch b;
	int64_t dossiers = 0, people = 0, none = 0;
	bool due;
	int st;

	*stubs = 0;
	/* The table rules first: the dry run counts their rows before the
	 * dossiers take some of them along. */
	if ((st = tables_apply(db, p, today, fn, ud)) != DB_OK)
		return st;
	due = batch_init(&b, p, today);
	if (due) {
		/* The dossier rule's own cutoff drives the dossiers' batches. */
		memcpy(b.cutoff, b.dossier_cutoff, sizeof(b.cutoff));
		if ((st = batches(db, &b, dossier_batch_tx, &dossiers, &none)) != DB_OK)
			return st;
	}
	if ((st = fn(ud, p->rule[RETENTION_DOSSIER].name, "dossier", dossiers)) != DB_OK)
		return st;
	if (due && batch_init(&b, p, today) &&
	    (st = batches(db, &b, person_batch_tx, &people, stubs)) != DB_OK)
		return st;
	return fn(ud, p->rule[RETENTION_PERSON].name, "employee", people);
}

int
retention_plan(struct db *db, const struct retention_policy *p, const char *today,
    retention_fn fn, void *ud)
{
	struct batch b;
	int64_t dossiers = 0, people = 0;
	int st;

	if ((st = tables_plan(db, p, today, fn, ud)) != DB_OK)
		return st;
	if (batch_init(&b, p, today)) {
		st = db_query(db, &q_dossiers_count, DB_ARGS(DB_INT(b.mode),
		    DB_STR(b.dossier_cutoff), DB_INT(b.mode), DB_STR(b.dossier_cutoff)), count_row,
		    &dossiers);
		if (st == DB_OK)
			st = db_query(db, &q_people_count, DB_ARGS(DB_STR(b.cutoff), DB_INT(b.mode),
			    DB_STR(b.dossier_cutoff), DB_INT(b.mode), DB_STR(b.dossier_cutoff)),
			    count_row, &people);
		if (st != DB_OK)
			return st;
	}
	if ((st = fn(ud, p->rule[RETENTION_DOSSIER].name, "dossier", dossiers)) != DB_OK)
		return st;
	return fn(ud, p->rule[RETENTION_PERSON].name, "employee", people);
}

/* ---- legal hold ---- */

static struct db_stmt_def q_hold_lock = DB_STMT(
	"SELECT id FROM employee WHERE id = ? AND removed_at IS NULL FOR UPDATE");
static struct db_stmt_def q_hold_set = DB_STMT(
	"INSERT INTO legal_hold (employee_id, reason, set_by) VALUES (?, ?, ?)");
static struct db_stmt_def q_hold_lift = DB_STMT(
	"DELETE FROM legal_hold WHERE employee_id = ?");
static struct db_stmt_def q_hold_get = DB_STMT(
	"SELECT h.reason, COALESCE(s.name, ''), DATE_FORMAT(h.created_at, '%Y-%m-%d %H:%i:%s')"
	" FROM legal_hold h LEFT JOIN employee s ON s.id = h.set_by WHERE h.employee_id = ?");

struct hold_tx {
	int64_t actor, employee_id;
	const char *reason;
};

/* The employee row, locked: a retention batch that would delete their
 * records holds the same lock, so one waits for the other. */
static int
hold_lock(struct db *db, int64_t employee_id)
{
	int64_t found = 0;
	int st;

	st = db_query(db, &q_hold_lock, DB_ARGS(DB_INT(employee_id)), count_row, &found);
	if (st != DB_OK)
		return st;
	return found ? DB_OK : DB_NOTFOUND;
}

static int
hold_set_tx(struct db *db, void *ud)
{
	struct hold_tx *t = ud;
	struct buf b;
	int st;

	if ((st = hold_lock(db, t->employee_id)) != DB_OK)
		return st;
	st = db_exec(db, &q_hold_set, DB_ARGS(DB_INT(t->employee_id), DB_STR(t->reason),
	    DB_REF(t->actor)), NULL, NULL);
	if (st != DB_OK)
		return st;
	buf_init(&b);
	audit_value(&b, "reason", t->reason);
	st = b.failed ? DB_ERROR : audit_add(db, t->actor, "employee", t->employee_id, "hold",
	    b.data);
	buf_free(&b);
	return st;
}

static int
hold_lift_tx(struct db *db, void *ud)
{
	struct hold_tx *t = ud;
	uint64_t n = 0;
	int st;

	if ((st = hold_lock(db, t->employee_id)) != DB_OK)
		return st;
	if ((st = db_exec(db, &q_hold_lift, DB_ARGS(DB_INT(t->employee_id)), &n, NULL)) != DB_OK)
		return st;
	if (n == 0)
		return DB_NOTFOUND;
	return audit_add(db, t->actor, "employee", t->employee_id, "release", "legal hold lifted");
}

/* Characters of UTF-8 text: bytes that do not continue a sequence. */
static size_t
utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

int
legal_hold_set(struct db *db, int64_t actor, int64_t employee_id, const char *reason)
{
	struct hold_tx t = { actor, employee_id, reason };

	if (reason == NULL || reason[strspn(reason, " \t\r\n")] == '\0' ||
	    utf8_chars(reason) > LEGAL_HOLD_REASON_MAX || !utf8_valid(reason, strlen(reason)))
		return DB_ERROR;
	return db_tx(db, hold_set_tx, &t);
}

int
legal_hold_lift(struct db *db, int64_t actor, int64_t employee_id)
{
	struct hold_tx t = { actor, employee_id, NULL };

	return db_tx(db, hold_lift_tx, &t);
}

static int
hold_row(void *ud, const struct db_row *r)
{
	struct legal_hold *h = ud;

	h->held = true;
	strlcopy(h->reason, db_str(r, 0), sizeof(h->reason));
	strlcopy(h->set_by, db_str(r, 1), sizeof(h->set_by));
	strlcopy(h->at, db_str(r, 2), sizeof(h->at));
	return DB_OK;
}

int
legal_hold_get(struct db *db, int64_t employee_id, struct legal_hold *out)
{
	memset(out, 0, sizeof(*out));
	return db_query(db, &q_hold_get, DB_ARGS(DB_INT(employee_id)), hold_row, out);
}
