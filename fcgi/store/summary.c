/* summary.c -- the counts of HR's overview kept by the writes: the refresh
 * every counted write calls in its transaction, the rebuild, and the
 * recount that verifies them.  The design is in store/summary.h; what
 * counts is store/report_sql.h, shared with the recount of report.c.
 *
 * One refresh serves every write: it names its dossiers by a selector (an
 * id range, a cycle, an employee; 0 switches the last two off) and runs
 *   1. the delta: stored facts negated UNION ALL the facts recounted now,
 *      summed per department key, only keys whose sum is not 0, added to
 *      department_cycle_summary (in key order, so concurrent refreshes of
 *      one department take its rows in the same order);
 *   2. the stored facts deleted;
 *   3. the facts recounted now inserted.
 * Statements 1 and 3 read the rows with locking reads (INSERT ... SELECT),
 * so they count the latest committed state, never a stale snapshot.  The
 * conversation writes lock their dossier first (store/conversation.c), so
 * two refreshes of one dossier do not run side by side. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "store/db.h"
#include "store/report_sql.h"
#include "store/summary.h"
#include "base/util.h"

#define NO_DUE "DATE '" SUMMARY_NO_DUE "'"
/* The dossiers a refresh names (d: dossier); params: first id, last id,
 * cycle twice, employee twice (0: any). */
#define LIVE_SEL \
	" d.id BETWEEN ? AND ? AND (? = 0 OR d.cycle_id = ?) AND (? = 0 OR d.employee_id = ?)"
#define STORED_SEL \
	" f.dossier_id BETWEEN ? AND ? AND (? = 0 OR f.cycle_id = ?)" \
	" AND (? = 0 OR f.employee_id = ?)"
#define SEL_PARAMS 6
/* How often LIVE_FACTS takes the selector. */
#define LIVE_PARTS 5
#define KEY_OF_DOSSIER \
	"d.id, d.cycle_id, d.employee_id, COALESCE(e.department_id, 0), COALESCE(d.manager_id, 0)"
#define FROM_DOSSIERS \
	" FROM dossier d JOIN employee e ON e.id = d.employee_id WHERE" DOSSIER_COUNTS " AND"
#define GROUP_FACT " GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10"
/* A text column of the facts: ascii, like the tables' (the ENUMs of the
 * rows and the literals differ in collation, which a UNION refuses). */
#define ASCII(x) "CONVERT(" x " USING ascii)"
/* The 'competence' facts (issue 16): per dossier the manager's visible
 * ratings of each competence in its assessments (report_sql.h), by level
 * (value).  type holds the competence's id as decimal text: it leads the
 * keys of sql/073 and sql/074 after the kind, so the distributions and the
 * people behind them read by index without a column of their own; an id
 * fits the 16 characters up to 10^16, far beyond any dictionary. */
#define COMPETENCE_FACTS \
	" UNION ALL SELECT " KEY_OF_DOSSIER ", 'competence', " ASCII("CAST(cr.competence_id AS CHAR)") "," \
	" '', cr.level, " NO_DUE ", COUNT(*) FROM dossier d JOIN employee e ON e.id = d.employee_id" \
	COMPETENCE_RATINGS " WHERE" DOSSIER_COUNTS " AND" LIVE_SEL COMPETENCE_VISIBLE GROUP_FACT
/* The facts of the selected dossiers as their rows give them now. */
#define LIVE_FACTS \
	"SELECT d.id AS dossier_id, d.cycle_id AS cycle_id, d.employee_id AS employee_id," \
	" COALESCE(e.department_id, 0) AS department_id, COALESCE(d.manager_id, 0) AS manager_id," \
	" " ASCII("'dossier'") " AS kind, " ASCII("''") " AS type, " ASCII("''") " AS state," \
	" 0 AS value, " NO_DUE " AS due_on, 1 AS n" \
	FROM_DOSSIERS LIVE_SEL \
	" UNION ALL SELECT " KEY_OF_DOSSIER ", 'conversation', " ASCII("c.type") "," \
	" " ASCII("c.status") ", 0," \
	" IF(" NOT_HELD ", COALESCE(" DUE_ON ", " NO_DUE "), " NO_DUE "), COUNT(*)" \
	" FROM dossier d JOIN employee e ON e.id = d.employee_id" \
	" JOIN conversation c ON c.dossier_id = d.id WHERE" DOSSIER_COUNTS " AND" LIVE_SEL \
	GROUP_FACT \
	" UNION ALL SELECT " KEY_OF_DOSSIER ", 'result', '', " ASCII("i.status") ", 0, " NO_DUE "," \
	" COUNT(*)" \
	" FROM dossier d JOIN employee e ON e.id = d.employee_id" RESULT_ITEMS \
	" WHERE" DOSSIER_COUNTS " AND" LIVE_SEL RESULT_COUNTS GROUP_FACT \
	" UNION ALL SELECT " KEY_OF_DOSSIER ", 'rating', '', '', c.overall_rating, " NO_DUE "," \
	" COUNT(*) FROM dossier d JOIN employee e ON e.id = d.employee_id" \
	" JOIN conversation c ON c.dossier_id = d.id WHERE" DOSSIER_COUNTS " AND" LIVE_SEL \
	RATING_VISIBLE GROUP_FACT COMPETENCE_FACTS
#define DEPT_KEY "cycle_id, department_id, manager_id, kind, type, state, value, due_on"
#define FACT_COLUMNS "dossier_id, cycle_id, employee_id, department_id, manager_id," \
	" kind, type, state, value, due_on, n"

static struct db_stmt_def q_delta = DB_STMT(
	"INSERT INTO department_cycle_summary (" DEPT_KEY ", n)"
	" SELECT " DEPT_KEY ", SUM(x.n) FROM ("
	" SELECT " DEPT_KEY ", -f.n AS n FROM dossier_summary f WHERE" STORED_SEL
	" UNION ALL SELECT " DEPT_KEY ", l.n FROM (" LIVE_FACTS ") l) x"
	" GROUP BY " DEPT_KEY " HAVING SUM(x.n) <> 0 ORDER BY " DEPT_KEY
	" ON DUPLICATE KEY UPDATE n = department_cycle_summary.n + VALUES(n),"
	" updated_at = UTC_TIMESTAMP()");
static struct db_stmt_def q_forget = DB_STMT(
	"DELETE f FROM dossier_summary f WHERE" STORED_SEL);
static struct db_stmt_def q_store = DB_STMT(
	"INSERT INTO dossier_summary (" FACT_COLUMNS ") " LIVE_FACTS);
static struct db_stmt_def q_dossier_of = DB_STMT(
	"SELECT dossier_id FROM conversation WHERE id = ?");

/* ---- rebuild ---- */

static struct db_stmt_def q_clear_facts = DB_STMT("DELETE FROM dossier_summary");
static struct db_stmt_def q_clear_sums = DB_STMT("DELETE FROM department_cycle_summary");
static struct db_stmt_def q_sum_all = DB_STMT(
	"INSERT INTO department_cycle_summary (" DEPT_KEY ", n)"
	" SELECT " DEPT_KEY ", SUM(n) FROM dossier_summary GROUP BY " DEPT_KEY);

/* ---- verify: stored against recounted, every key of either side ---- */

#define FACT_KEY "dossier_id, " DEPT_KEY
static struct db_stmt_def q_verify_facts = DB_STMT(
	"SELECT 'dossier_summary', " FACT_KEY ", SUM(stored), SUM(recount) FROM ("
	" SELECT " FACT_KEY ", f.n AS stored, 0 AS recount FROM dossier_summary f WHERE" STORED_SEL
	" UNION ALL SELECT " FACT_KEY ", 0, l.n FROM (" LIVE_FACTS ") l) x"
	" GROUP BY " FACT_KEY " HAVING SUM(stored) <> SUM(recount) ORDER BY " FACT_KEY);
static struct db_stmt_def q_verify_sums = DB_STMT(
	"SELECT 'department_cycle_summary', 0, " DEPT_KEY ", SUM(stored), SUM(recount) FROM ("
	" SELECT " DEPT_KEY ", s.n AS stored, 0 AS recount FROM department_cycle_summary s"
	" UNION ALL SELECT " DEPT_KEY ", 0, l.n FROM (" LIVE_FACTS ") l) x"
	" GROUP BY " DEPT_KEY " HAVING SUM(stored) <> SUM(recount) ORDER BY " DEPT_KEY);

/* Which dossiers a refresh names. */
struct selector {
	int64_t first, last, cycle_id, employee_id;
};

static size_t
sel_args(const struct selector *s, struct db_arg *a)
{
	a[0] = DB_INT(s->first);
	a[1] = DB_INT(s->last);
	a[2] = DB_INT(s->cycle_id);
	a[3] = DB_INT(s->cycle_id);
	a[4] = DB_INT(s->employee_id);
	a[5] = DB_INT(s->employee_id);
	return SEL_PARAMS;
}

/* The selector once per part of LIVE_FACTS, after n arguments already in a. */
static size_t
live_args(const struct selector *s, struct db_arg *a, size_t n)
{
	size_t i;

	for (i = 0; i < LIVE_PARTS; i++)
		n += sel_args(s, a + n);
	return n;
}

static int
refresh(struct db *db, const struct selector *s)
{
	struct db_arg a[DB_ARGS_MAX];
	size_t n;
	int st;

	_Static_assert(SEL_PARAMS * (1 + LIVE_PARTS) <= DB_ARGS_MAX, "too many parameters");
	n = live_args(s, a, sel_args(s, a));
	if ((st = db_exec(db, &q_delta, a, n, NULL, NULL)) != DB_OK)
		return st;
	n = sel_args(s, a);
	if ((st = db_exec(db, &q_forget, a, n, NULL, NULL)) != DB_OK)
		return st;
	n = live_args(s, a, 0);
	return db_exec(db, &q_store, a, n, NULL, NULL);
}

int
summary_dossiers(struct db *db, int64_t first, int64_t last)
{
	struct selector s = { first, last, 0, 0 };

	return refresh(db, &s);
}

int
summary_dossier(struct db *db, int64_t dossier_id)
{
	return summary_dossiers(db, dossier_id, dossier_id);
}

static int
id_row(void *ud, const struct db_row *r)
{
	*(int64_t *)ud = db_int(r, 0);
	return DB_OK;
}

int
summary_conversation(struct db *db, int64_t conversation_id)
{
	int64_t dossier_id = 0;
	int st = db_query(db, &q_dossier_of, DB_ARGS(DB_INT(conversation_id)), id_row,
	    &dossier_id);

	if (st != DB_OK || dossier_id == 0)
		return st;
	return summary_dossier(db, dossier_id);
}

int
summary_employee(struct db *db, int64_t employee_id)
{
	struct selector s = { 0, INT64_MAX, 0, employee_id };

	return refresh(db, &s);
}

int
summary_cycle(struct db *db, int64_t cycle_id)
{
	struct selector s = { 0, INT64_MAX, cycle_id, 0 };

	return refresh(db, &s);
}

static int
rebuild_tx(struct db *db, void *ud)
{
	struct selector all = { 0, INT64_MAX, 0, 0 };
	struct db_arg a[DB_ARGS_MAX];
	size_t n = live_args(&all, a, 0);
	int st;

	(void)ud;
	if ((st = db_exec(db, &q_clear_facts, DB_NOARGS, NULL, NULL)) != DB_OK ||
	    (st = db_exec(db, &q_clear_sums, DB_NOARGS, NULL, NULL)) != DB_OK ||
	    (st = db_exec(db, &q_store, a, n, NULL, NULL)) != DB_OK)
		return st;
	return db_exec(db, &q_sum_all, DB_NOARGS, NULL, NULL);
}

int
summary_rebuild(struct db *db)
{
	return db_tx(db, rebuild_tx, NULL);
}

struct verify_cb {
	summary_diff_fn fn;
	void *ud;
	int64_t *differences;
};

static int
diff_row(void *ud, const struct db_row *r)
{
	struct verify_cb *cb = ud;
	struct summary_diff d = {
		.table = db_str(r, 0), .dossier_id = db_int(r, 1), .cycle_id = db_int(r, 2),
		.department_id = db_int(r, 3), .manager_id = db_int(r, 4), .kind = db_str(r, 5),
		.type = db_str(r, 6), .state = db_str(r, 7), .value = db_int(r, 8),
		.due_on = db_str(r, 9), .stored = db_int(r, 10), .recount = db_int(r, 11),
	};

	(*cb->differences)++;
	cb->fn(cb->ud, &d);
	return DB_OK;
}

/* Both recounts read one snapshot, so a write in between cannot make
 * them disagree with each other. */
static int
verify_tx(struct db *db, void *ud)
{
	struct verify_cb *cb = ud;
	struct selector all = { 0, INT64_MAX, 0, 0 };
	struct db_arg a[DB_ARGS_MAX];
	size_t n;
	int st;

	*cb->differences = 0;
	n = live_args(&all, a, sel_args(&all, a));
	if ((st = db_query(db, &q_verify_facts, a, n, diff_row, cb)) != DB_OK)
		return st;
	n = live_args(&all, a, 0);
	return db_query(db, &q_verify_sums, a, n, diff_row, cb);
}

int
summary_verify(struct db *db, summary_diff_fn fn, void *ud, int64_t *differences)
{
	struct verify_cb cb = { fn, ud, differences };

	return db_tx(db, verify_tx, &cb);
}

/* ---- every scope of the overview, for the comparison with the recount ---- */

/* HR's per cycle, each department's that holds a dossier of the cycle
 * (and each of its ancestors) with and without its sub-departments, each
 * manager's team; params: cycle three times twice (0: every cycle).  The
 * other departments count nothing in the cycle. */
static struct db_stmt_def q_scopes = DB_STMT(
	"WITH used (cycle_id, id) AS ("
	" SELECT DISTINCT d.cycle_id, a.up FROM dossier d"
	" JOIN employee e ON e.id = d.employee_id"
	" JOIN department_ancestor a ON a.dep = e.department_id"
	" WHERE (? = 0 OR d.cycle_id = ?))"
	" SELECT c.id, 0, 0, 0 FROM cycle c WHERE ? = 0 OR c.id = ?"
	" UNION ALL SELECT used.cycle_id, used.id, r.rec, 0 FROM used"
	" JOIN (SELECT 0 AS rec UNION ALL SELECT 1) r"
	" UNION ALL SELECT DISTINCT d.cycle_id, 0, 0, d.manager_id FROM dossier d"
	" WHERE d.manager_id IS NOT NULL AND (? = 0 OR d.cycle_id = ?) ORDER BY 1, 2, 3, 4");

struct scope_cb {
	summary_scope_fn fn;
	void *ud;
};

static int
scope_row(void *ud, const struct db_row *r)
{
	struct scope_cb *cb = ud;

	return cb->fn(cb->ud, db_int(r, 0), db_int(r, 1), db_int(r, 2) != 0, db_int(r, 3));
}

int
summary_scopes(struct db *db, int64_t cycle_id, summary_scope_fn fn, void *ud)
{
	struct scope_cb cb = { fn, ud };

	return db_query(db, &q_scopes, DB_ARGS(DB_INT(cycle_id), DB_INT(cycle_id),
	    DB_INT(cycle_id), DB_INT(cycle_id), DB_INT(cycle_id), DB_INT(cycle_id)), scope_row, &cb);
}
