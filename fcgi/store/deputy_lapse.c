/* deputy_lapse.c -- see deputy.h deputy_record_lapses: the end of a
 * deputy's period by its date, audited once (sql/090). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "store/audit.h"
#include "store/db.h"
#include "store/deputy.h"
#include "base/util.h"

/* Periods over (their last day before today), not ended early, not yet
 * recorded.  SKIP LOCKED: the rows another run is recording are left to
 * it; the conditional UPDATE below is the check that holds even without
 * it. */
static struct db_stmt_def q_lapsed = DB_STMT(
	"SELECT id, manager_id, deputy_id, DATE_FORMAT(starts_on, '%Y-%m-%d'),"
	" DATE_FORMAT(ends_on, '%Y-%m-%d'), COALESCE(employee_id, 0)"
	" FROM deputy WHERE lapse_audited_at IS NULL AND ends_on < ? AND ended_at IS NULL"
	" ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED");
/* Not locking (the deputy's row is no part of the decision): the login
 * names the deputy in the record as the appointment's record does. */
static struct db_stmt_def q_login = DB_STMT(
	"SELECT login FROM employee WHERE id = ?");
static struct db_stmt_def q_mark = DB_STMT(
	"UPDATE deputy SET lapse_audited_at = UTC_TIMESTAMP()"
	" WHERE id = ? AND lapse_audited_at IS NULL AND ended_at IS NULL");

struct lapse {
	int64_t id, manager_id, deputy_id, employee_id;
	char from[DEPUTY_DATE_LEN + 1], until[DEPUTY_DATE_LEN + 1];
};

struct lapse_batch {
	const char *today;
	struct lapse row[DEPUTY_LAPSE_BATCH];
	size_t n;
	uint64_t recorded;
};

static int
lapse_row(void *ud, const struct db_row *r)
{
	struct lapse_batch *b = ud;
	struct lapse *l;

	if (b->n == DEPUTY_LAPSE_BATCH)	/* cannot happen: LIMIT */
		return DB_OK;
	l = &b->row[b->n++];
	l->id = db_int(r, 0);
	l->manager_id = db_int(r, 1);
	l->deputy_id = db_int(r, 2);
	strlcopy(l->from, db_str(r, 3), sizeof(l->from));
	strlcopy(l->until, db_str(r, 4), sizeof(l->until));
	l->employee_id = db_int(r, 5);
	return DB_OK;
}

/* One period: marked and audited on the manager's trail, where its
 * appointment and an early end are; no actor -- no one ended it. */
static int
login_row(void *ud, const struct db_row *r)
{
	strlcopy(ud, db_str(r, 0), LOGIN_MAX + 1);
	return DB_OK;
}

static int
record_one(struct db *db, const struct lapse *l, uint64_t *recorded)
{
	char detail[256], deputy[LOGIN_MAX + 1] = "";
	uint64_t n = 0;
	int st = db_exec(db, &q_mark, DB_ARGS(DB_INT(l->id)), &n, NULL);

	if (st != DB_OK || n == 0)
		return st;
	if ((st = db_query(db, &q_login, DB_ARGS(DB_INT(l->deputy_id)), login_row,
	    deputy)) != DB_OK)
		return st;
	snprintf(detail, sizeof(detail), "deputy: %s; employee: %lld; from: %s; until: %s;"
	    " period over", deputy, (long long)l->employee_id, l->from, l->until);
	(*recorded)++;
	return audit_add(db, 0, "employee", l->manager_id, "deputy_lapse", detail);
}

static int
lapse_tx(struct db *db, void *ud)
{
	struct lapse_batch *b = ud;
	int st;

	b->n = 0;
	b->recorded = 0;
	st = db_query(db, &q_lapsed, DB_ARGS(DB_STR(b->today), DB_INT(DEPUTY_LAPSE_BATCH)),
	    lapse_row, b);
	for (size_t i = 0; st == DB_OK && i < b->n; i++)
		st = record_one(db, &b->row[i], &b->recorded);
	return st;
}

int
deputy_record_lapses(struct db *db, const char *today, uint64_t *recorded)
{
	struct lapse_batch *b;
	int st;

	*recorded = 0;
	if ((b = calloc(1, sizeof(*b))) == NULL)
		return DB_ERROR;
	b->today = today;
	do {
		if ((st = db_tx(db, lapse_tx, b)) != DB_OK)
			break;
		*recorded += b->recorded;
	} while (b->n == DEPUTY_LAPSE_BATCH);
	free(b);
	return st;
}
