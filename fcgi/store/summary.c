/* summary.c -- the counts of HR's overview kept by the writes: the refresh
 * every counted write calls in its transaction, the rebuild, and the
 * recount that verifies them.  The design is in store/summary.h; what
 * counts is store/report_sql.h, shared with the recount of report.c.
 *
 * One dossier's refresh (refresh_one: every conversation and item write)
 * reads its stored facts and counts its facts now in one statement,
 * compares them here and writes only the facts and department sums that
 * change (issue 21: the saving POST counted them twice and rewrote every
 * fact).  Several dossiers' refresh names them by a selector (an id
 * range, a cycle, an employee; 0 switches the last two off) and runs
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
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/headcount.h"
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
	"d.id, d.cycle_id, d.employee_id, e.name, COALESCE(e.department_id, 0)," \
	" COALESCE(d.manager_id, 0)"
#define FROM_DOSSIERS \
	" FROM dossier d JOIN employee e ON e.id = d.employee_id WHERE" DOSSIER_COUNTS " AND"
#define GROUP_FACT " GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11"
/* A text column of the facts: ascii, like the tables' (the ENUMs of the
 * rows and the literals differ in collation, which a UNION refuses). */
#define ASCII(x) "CONVERT(" x " USING ascii)"
/* The facts of the selected dossiers as their rows give them now: one
 * part per kind, each selecting by SEL (LIVE_SEL, or one dossier's id)
 * and ending its columns with TAIL (the one-dossier read marks its rows
 * with it, after the columns GROUP_FACT counts). */
#define DOSSIER_FACT(SEL, TAIL) \
	"SELECT d.id AS dossier_id, d.cycle_id AS cycle_id, d.employee_id AS employee_id," \
	" e.name AS sort_name," \
	" COALESCE(e.department_id, 0) AS department_id, COALESCE(d.manager_id, 0) AS manager_id," \
	" " ASCII("'dossier'") " AS kind, " ASCII("''") " AS type, " ASCII("''") " AS state," \
	" 0 AS value, " NO_DUE " AS due_on, 1 AS n" TAIL \
	FROM_DOSSIERS SEL
#define CONVERSATION_FACTS(SEL, TAIL) \
	"SELECT " KEY_OF_DOSSIER ", 'conversation', " ASCII("c.type") "," \
	" " ASCII("c.status") ", 0," \
	" IF(" NOT_HELD ", COALESCE(" DUE_ON ", " NO_DUE "), " NO_DUE "), COUNT(*)" TAIL \
	" FROM dossier d JOIN employee e ON e.id = d.employee_id" \
	" JOIN conversation c ON c.dossier_id = d.id WHERE" DOSSIER_COUNTS " AND" SEL \
	GROUP_FACT
#define RESULT_FACTS(SEL, TAIL) \
	"SELECT " KEY_OF_DOSSIER ", 'result', '', " ASCII("i.status") ", 0, " NO_DUE "," \
	" COUNT(*)" TAIL \
	" FROM dossier d JOIN employee e ON e.id = d.employee_id" RESULT_ITEMS \
	" WHERE" DOSSIER_COUNTS " AND" SEL RESULT_COUNTS GROUP_FACT
/* The 'rating' facts: per dossier its visible overall ratings by the
 * scale they are on (type: report_sql.h's RATING_SCALE, '' the cycle's;
 * issue 16) and value. */
#define RATING_FACTS(SEL, TAIL) \
	"SELECT " KEY_OF_DOSSIER ", 'rating', " ASCII(RATING_SCALE) ", '', c.overall_rating," \
	" " NO_DUE "," \
	" COUNT(*)" TAIL " FROM dossier d JOIN employee e ON e.id = d.employee_id" \
	" JOIN conversation c ON c.dossier_id = d.id WHERE" DOSSIER_COUNTS " AND" SEL \
	RATING_VISIBLE GROUP_FACT
/* The 'competence' facts (issue 16): per dossier the manager's visible
 * ratings of each competence in its assessments (report_sql.h), by level
 * (value).  type holds the competence's id as decimal text: it follows the
 * kind in the keys, so the distributions and the people behind them read
 * by index without a column of their own; an id fits the 16 characters up
 * to 10^16, far beyond any dictionary. */
#define COMPETENCE_FACTS(SEL, TAIL) \
	"SELECT " KEY_OF_DOSSIER ", 'competence', " ASCII("CAST(cr.competence_id AS CHAR)") "," \
	" '', cr.level, " NO_DUE ", COUNT(*)" TAIL \
	" FROM dossier d JOIN employee e ON e.id = d.employee_id" \
	COMPETENCE_RATINGS " WHERE" DOSSIER_COUNTS " AND" SEL COMPETENCE_VISIBLE GROUP_FACT
/* Every part, each through PART(part): LIVE_PARTS of them.  A new kind of
 * fact is a new part here, so both reads below count it. */
#define FACT_PARTS(PART, SEL, TAIL) \
	PART(DOSSIER_FACT(SEL, TAIL)) " UNION ALL " PART(CONVERSATION_FACTS(SEL, TAIL)) \
	" UNION ALL " PART(RESULT_FACTS(SEL, TAIL)) " UNION ALL " PART(RATING_FACTS(SEL, TAIL)) \
	" UNION ALL " PART(COMPETENCE_FACTS(SEL, TAIL))
#define AS_IS(part) part
#define LIVE_FACTS FACT_PARTS(AS_IS, LIVE_SEL, "")
/* A department sum's key: no manager (sql/075; a manager's overview reads
 * their dossiers' facts). */
#define DEPT_KEY "cycle_id, department_id, kind, type, state, value, due_on"
#define FACT_COLUMNS "dossier_id, cycle_id, employee_id, sort_name, department_id, manager_id," \
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
/* A rename: the name the lists sort by, in every fact of the employee (by
 * the employee's key); the counts stay.  Every fact, not only those whose
 * name differs: a change of case alone compares equal in the collation. */
static struct db_stmt_def q_rename = DB_STMT(
	"UPDATE dossier_summary f JOIN employee e ON e.id = f.employee_id"
	" SET f.sort_name = e.name WHERE f.employee_id = ?");

/* ---- one dossier: counted once, only what changed written ---- */

/* A dossier's facts as stored (last column 0) and as its rows give them
 * now (1), in one statement.  Each part is a locking read of its own --
 * MariaDB locks nothing for a part of a UNION or a derived table that
 * does not say so -- so it counts the latest committed rows, as the
 * INSERT ... SELECT of refresh() does; the stored facts FOR UPDATE, as
 * they are what this rewrites.  ID names the dossier: its id, or a
 * conversation's; params: ID once for the stored facts and once per
 * part (LIVE_PARTS). */
#define LOCKED(part) "(" part " LOCK IN SHARE MODE)"
#define FACTS_NOW_AND_STORED(ID) \
	"(SELECT " FACT_COLUMNS ", 0 FROM dossier_summary WHERE dossier_id = " ID " FOR UPDATE)" \
	" UNION ALL " FACT_PARTS(LOCKED, " d.id = " ID, ", 1")
#define DOSSIER_OF_CONVERSATION "(SELECT cv.dossier_id FROM conversation cv WHERE cv.id = ?)"
static struct db_stmt_def q_facts_of_dossier = DB_STMT(FACTS_NOW_AND_STORED("?"));
static struct db_stmt_def q_facts_of_conversation =
    DB_STMT(FACTS_NOW_AND_STORED(DOSSIER_OF_CONVERSATION));
/* A fact written or taken out by its primary key; a department sum moved
 * by a difference. */
/* Each write below comes in two forms: of one row, and of two in one
 * statement (issue 22: a note that moves its goal changes two facts, two
 * department sums and their subtree sums -- one statement each instead of
 * two).  More are written two at a time, in order. */
#define FACT_VALUES "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
#define FACT_PUT(VALUES) \
	"INSERT INTO dossier_summary (" FACT_COLUMNS ") VALUES " VALUES \
	" ON DUPLICATE KEY UPDATE cycle_id = VALUES(cycle_id), employee_id = VALUES(employee_id)," \
	" sort_name = VALUES(sort_name)," \
	" department_id = VALUES(department_id), manager_id = VALUES(manager_id), n = VALUES(n)"
#define FACT_PARAMS 12
static struct db_stmt_def q_fact_put = DB_STMT(FACT_PUT(FACT_VALUES));
static struct db_stmt_def q_fact_put2 = DB_STMT(FACT_PUT(FACT_VALUES ", " FACT_VALUES));
#define FACT_ROW_KEY \
	"(dossier_id = ? AND kind = ? AND type = ? AND state = ? AND value = ? AND due_on = ?)"
#define FACT_KEY_PARAMS 6
static struct db_stmt_def q_fact_delete = DB_STMT(
	"DELETE FROM dossier_summary WHERE " FACT_ROW_KEY);
static struct db_stmt_def q_fact_delete2 = DB_STMT(
	"DELETE FROM dossier_summary WHERE " FACT_ROW_KEY " OR " FACT_ROW_KEY);
#define SUM_VALUES "(?, ?, ?, ?, ?, ?, ?, ?)"
#define SUM_ADD(VALUES) \
	"INSERT INTO department_cycle_summary (" DEPT_KEY ", n) VALUES " VALUES \
	" ON DUPLICATE KEY UPDATE n = department_cycle_summary.n + VALUES(n)," \
	" updated_at = UTC_TIMESTAMP()"
#define SUM_PARAMS 8
static struct db_stmt_def q_sum_add = DB_STMT(SUM_ADD(SUM_VALUES));
static struct db_stmt_def q_sum_add2 = DB_STMT(SUM_ADD(SUM_VALUES ", " SUM_VALUES));

/* ---- the subtree sums (department_tree_summary, sql/091) ----
 * A sum's change goes to the department and each of its ancestors in one
 * statement over the stored ancestors (sql/064), in the order of the
 * table's key -- whatever the depth, one statement per changed sum. */
#define TREE_KEY "cycle_id, department_id, kind, type, state, value, due_on, slot"
#define TREE_SLOT "f.dossier_id % " STR(SUMMARY_TREE_SLOTS)
#define TREE_ADD_N \
	" ON DUPLICATE KEY UPDATE n = department_tree_summary.n + VALUES(n)," \
	" updated_at = UTC_TIMESTAMP()"
/* params: cycle, kind, type, state, value, due_on, slot, n, department;
 * the form of two sums takes them twice, and writes the rows of both in
 * the table's key order. */
#define TREE_ROWS "SELECT ? AS c, a.up AS up, ? AS k, ? AS t, ? AS s, ? AS v, ? AS d, ? AS sl," \
	" ? AS n FROM department_ancestor a WHERE a.dep = ?"
#define TREE_PARAMS 9
static struct db_stmt_def q_tree_add = DB_STMT(
	"INSERT INTO department_tree_summary (" TREE_KEY ", n)"
	" SELECT ?, a.up, ?, ?, ?, ?, ?, ?, ? FROM department_ancestor a WHERE a.dep = ?"
	" ORDER BY a.up" TREE_ADD_N);
static struct db_stmt_def q_tree_add2 = DB_STMT(
	"INSERT INTO department_tree_summary (" TREE_KEY ", n)"
	" SELECT c, up, k, t, s, v, d, sl, n FROM (" TREE_ROWS " UNION ALL " TREE_ROWS ") x"
	" ORDER BY c, up, k, t, s, v, d, sl" TREE_ADD_N);
/* The stored facts of the selected dossiers (STORED_SEL) added to (SIGN
 * "") or taken out of (SIGN "-") the subtree sums of their department's
 * ancestors: a refresh of several dossiers takes the old facts out before
 * it forgets them and adds the new ones once stored. */
#define TREE_OF_FACTS(SIGN, WHERE) \
	"INSERT INTO department_tree_summary (" TREE_KEY ", n)" \
	" SELECT f.cycle_id, a.up, f.kind, f.type, f.state, f.value, f.due_on, " TREE_SLOT "," \
	" " SIGN "SUM(f.n) FROM dossier_summary f" \
	" JOIN department_ancestor a ON a.dep = f.department_id WHERE" WHERE \
	" GROUP BY f.cycle_id, a.up, f.kind, f.type, f.state, f.value, f.due_on, " TREE_SLOT \
	" HAVING SUM(f.n) <> 0 ORDER BY f.cycle_id, a.up, f.kind, f.type, f.state, f.value," \
	" f.due_on, " TREE_SLOT TREE_ADD_N
static struct db_stmt_def q_tree_take = DB_STMT(TREE_OF_FACTS("-", STORED_SEL));
static struct db_stmt_def q_tree_give = DB_STMT(TREE_OF_FACTS("", STORED_SEL));
/* A cycle's subtree sums refilled from its facts (summary_repair_cycle). */
static struct db_stmt_def q_tree_clear_cycle = DB_STMT(
	"DELETE FROM department_tree_summary WHERE cycle_id = ?");
static struct db_stmt_def q_tree_fill_cycle = DB_STMT(
	TREE_OF_FACTS("", " f.cycle_id = ?"));
/* A department moved (store/department.c): its subtree sums, of every
 * cycle, taken out of (SIGN "-") or added to (SIGN "") the sums of its
 * ancestors above it -- the old ones before the stored ancestors change,
 * the new ones after.  Read by the key per cycle; params: department
 * twice. */
#define TREE_MOVE(SIGN) \
	"INSERT INTO department_tree_summary (" TREE_KEY ", n)" \
	" SELECT t.cycle_id, a.up, t.kind, t.type, t.state, t.value, t.due_on, t.slot, " SIGN "t.n" \
	" FROM cycle y JOIN department_tree_summary t ON t.cycle_id = y.id AND t.department_id = ?" \
	" JOIN department_ancestor a ON a.dep = ? AND a.depth > 0 WHERE t.n <> 0" \
	" ORDER BY t.cycle_id, a.up, t.kind, t.type, t.state, t.value, t.due_on, t.slot" TREE_ADD_N
static struct db_stmt_def q_tree_move_out = DB_STMT(TREE_MOVE("-"));
static struct db_stmt_def q_tree_move_in = DB_STMT(TREE_MOVE(""));

/* ---- rebuild ---- */

static struct db_stmt_def q_clear_facts = DB_STMT("DELETE FROM dossier_summary");
static struct db_stmt_def q_clear_sums = DB_STMT("DELETE FROM department_cycle_summary");
static struct db_stmt_def q_sum_all = DB_STMT(
	"INSERT INTO department_cycle_summary (" DEPT_KEY ", n)"
	" SELECT " DEPT_KEY ", SUM(n) FROM dossier_summary GROUP BY " DEPT_KEY);
static struct db_stmt_def q_clear_tree = DB_STMT("DELETE FROM department_tree_summary");
static struct db_stmt_def q_tree_all = DB_STMT(TREE_OF_FACTS("", " 1 = 1"));

/* ---- verify: stored against recounted, every key of either side ---- */

/* A fact whose stored name is not the employee's (in bytes: a change of
 * case too) falls under two keys, stored and recounted, and shows as two
 * differences of its dossier. */
#define FACT_KEY \
	"dossier_id, cycle_id, department_id, manager_id, kind, type, state, value, due_on"
/* A department sum as a difference row (summary_diff_row): no dossier, no manager. */
#define DEPT_DIFF "0, cycle_id, department_id, 0, kind, type, state, value, due_on"
static struct db_stmt_def q_verify_facts = DB_STMT(
	"SELECT 'dossier_summary', " FACT_KEY ", SUM(stored), SUM(recount) FROM ("
	" SELECT " FACT_KEY ", CAST(f.sort_name AS BINARY) AS name_key, f.n AS stored,"
	" 0 AS recount FROM dossier_summary f WHERE" STORED_SEL
	" UNION ALL SELECT " FACT_KEY ", CAST(l.sort_name AS BINARY), 0, l.n"
	" FROM (" LIVE_FACTS ") l) x"
	" GROUP BY " FACT_KEY ", name_key HAVING SUM(stored) <> SUM(recount) ORDER BY " FACT_KEY);
static struct db_stmt_def q_verify_sums = DB_STMT(
	"SELECT 'department_cycle_summary', " DEPT_DIFF ", SUM(stored), SUM(recount) FROM ("
	" SELECT " DEPT_KEY ", s.n AS stored, 0 AS recount FROM department_cycle_summary s"
	" UNION ALL SELECT " DEPT_KEY ", 0, l.n FROM (" LIVE_FACTS ") l) x"
	" GROUP BY " DEPT_KEY " HAVING SUM(stored) <> SUM(recount) ORDER BY " DEPT_KEY);
/* The subtree sums, summed over their slots (a read sums them; which slot
 * holds a count decides only which row a write takes), against the facts
 * recounted from the rows and summed over the stored ancestors -- from the
 * rows, not from the other tables, so that a wrong own sum or fact shows
 * once, in its own table. */
static struct db_stmt_def q_verify_tree = DB_STMT(
	"SELECT 'department_tree_summary', " DEPT_DIFF ", SUM(stored), SUM(recount) FROM ("
	" SELECT " DEPT_KEY ", t.n AS stored, 0 AS recount FROM department_tree_summary t"
	" UNION ALL SELECT l.cycle_id, a.up, l.kind, l.type, l.state, l.value, l.due_on, 0, l.n"
	" FROM (" LIVE_FACTS ") l JOIN department_ancestor a ON a.dep = l.department_id) x"
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
	if ((st = db_exec(db, &q_tree_take, a, n, NULL, NULL)) != DB_OK ||
	    (st = db_exec(db, &q_forget, a, n, NULL, NULL)) != DB_OK)
		return st;
	n = live_args(s, a, 0);
	if ((st = db_exec(db, &q_store, a, n, NULL, NULL)) != DB_OK)
		return st;
	n = sel_args(s, a);
	return db_exec(db, &q_tree_give, a, n, NULL, NULL);
}

int
summary_dossiers(struct db *db, int64_t first, int64_t last)
{
	struct selector s = { first, last, 0, 0 };

	return refresh(db, &s);
}

/* A dossier's facts compared in memory: it holds a few -- its
 * conversations by type, state and due date, its goals by state, its
 * ratings -- and one with more is refreshed by refresh() instead. */
#define DOSSIER_FACTS_MAX 64
/* The text columns of a fact: kind, type, state VARCHAR(16) ascii; a
 * date as YYYY-MM-DD. */
#define FACT_TEXT_BYTES (16 + 1)
#define DATE_BYTES (10 + 1)

/* The employee's name as the lists sort by it: employee.name VARCHAR(200),
 * at most 4 bytes a character in utf8mb4. */
#define SORT_NAME_BYTES (200 * 4 + 1)

struct fact {
	int64_t dossier_id, cycle_id, employee_id, department_id, manager_id, value, n;
	char kind[FACT_TEXT_BYTES], type[FACT_TEXT_BYTES], state[FACT_TEXT_BYTES];
	char due_on[DATE_BYTES];
	char sort_name[SORT_NAME_BYTES];
};

/* A dossier's facts as stored and as counted now; overflow: more than
 * fit, or a text longer than its column (then refresh() does it). */
struct facts {
	struct fact stored[DOSSIER_FACTS_MAX], live[DOSSIER_FACTS_MAX];
	size_t nstored, nlive;
	int64_t dossier_id;
	bool overflow;
};

/* A department sum's change: the fact naming its key, and by how much. */
struct sum_delta {
	const struct fact *key;
	int64_t n;
};

static bool
fact_read(struct fact *f, const struct db_row *r)
{
	f->dossier_id = db_int(r, 0);
	f->cycle_id = db_int(r, 1);
	f->employee_id = db_int(r, 2);
	f->department_id = db_int(r, 4);
	f->manager_id = db_int(r, 5);
	f->value = db_int(r, 9);
	f->n = db_int(r, 11);
	return strlcopy(f->sort_name, db_str(r, 3), sizeof(f->sort_name)) &&
	    strlcopy(f->kind, db_str(r, 6), sizeof(f->kind)) &&
	    strlcopy(f->type, db_str(r, 7), sizeof(f->type)) &&
	    strlcopy(f->state, db_str(r, 8), sizeof(f->state)) &&
	    strlcopy(f->due_on, db_str(r, 10), sizeof(f->due_on));
}

/* FACTS_NOW_AND_STORED's rows: FACT_COLUMNS (sort_name the 4th), then 1
 * for a fact counted now. */
static int
fact_row(void *ud, const struct db_row *r)
{
	struct facts *fs = ud;
	bool live = db_int(r, 12) != 0;
	size_t *len = live ? &fs->nlive : &fs->nstored;

	fs->dossier_id = db_int(r, 0);
	if (*len == DOSSIER_FACTS_MAX) {
		fs->overflow = true;
		return DB_OK;
	}
	if (!fact_read(&(live ? fs->live : fs->stored)[(*len)++], r))
		fs->overflow = true;
	return DB_OK;
}

/* The same row of dossier_summary: (dossier, kind, type, state, value, due_on). */
static bool
same_key(const struct fact *a, const struct fact *b)
{
	return a->dossier_id == b->dossier_id && a->value == b->value &&
	    strcmp(a->kind, b->kind) == 0 && strcmp(a->type, b->type) == 0 &&
	    strcmp(a->state, b->state) == 0 && strcmp(a->due_on, b->due_on) == 0;
}

/* The same row with the same contents: nothing to write. */
static bool
same_fact(const struct fact *a, const struct fact *b)
{
	return same_key(a, b) && a->cycle_id == b->cycle_id && a->employee_id == b->employee_id &&
	    a->department_id == b->department_id && a->manager_id == b->manager_id && a->n == b->n &&
	    strcmp(a->sort_name, b->sort_name) == 0;	/* bytes: a change of case too */
}

static const struct fact *
find_key(const struct fact *set, size_t n, const struct fact *f)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (same_key(&set[i], f))
			return &set[i];
	return NULL;
}

/* Department sums in DEPT_KEY's order (cycle, department, kind, type,
 * state, value, due_on), the order refresh() writes them in, so that two
 * refreshes of one department take its rows in the same order.  The text
 * columns are ascii and lower case: byte order is the index's. */
static int
sum_cmp(const void *pa, const void *pb)
{
	const struct fact *a = ((const struct sum_delta *)pa)->key;
	const struct fact *b = ((const struct sum_delta *)pb)->key;
	int c;

	if (a->cycle_id != b->cycle_id)
		return a->cycle_id < b->cycle_id ? -1 : 1;
	if (a->department_id != b->department_id)
		return a->department_id < b->department_id ? -1 : 1;
	if ((c = strcmp(a->kind, b->kind)) != 0 || (c = strcmp(a->type, b->type)) != 0 ||
	    (c = strcmp(a->state, b->state)) != 0)
		return c;
	if (a->value != b->value)
		return a->value < b->value ? -1 : 1;
	return strcmp(a->due_on, b->due_on);
}

static void
delta_add(struct sum_delta *d, size_t *nd, const struct fact *f, int64_t n)
{
	struct sum_delta probe = { f, 0 };
	size_t i;

	for (i = 0; i < *nd; i++)
		if (sum_cmp(&d[i], &probe) == 0) {
			d[i].n += n;
			return;
		}
	d[(*nd)++] = (struct sum_delta){ f, n };
}

/* What a fact counts, in the order every statement of a fact or a sum
 * takes it: kind, type, state, value, due date (five arguments). */
static void
what_args(const struct fact *f, struct db_arg *a)
{
	a[0] = DB_STR(f->kind);
	a[1] = DB_STR(f->type);
	a[2] = DB_STR(f->state);
	a[3] = DB_INT(f->value);
	a[4] = DB_STR(f->due_on);
}

/* The arguments of a department sum's change (q_sum_add's row). */
static size_t
sum_args(const struct sum_delta *d, struct db_arg *a)
{
	const struct fact *k = d->key;

	a[0] = DB_INT(k->cycle_id);
	a[1] = DB_INT(k->department_id);
	what_args(k, a + 2);
	a[7] = DB_INT(d->n);
	return SUM_PARAMS;
}

/* The arguments of its change in the subtree sums of the department and
 * its ancestors, in the dossier's slot (q_tree_add's). */
static size_t
tree_args(const struct sum_delta *d, struct db_arg *a)
{
	const struct fact *k = d->key;

	a[0] = DB_INT(k->cycle_id);
	what_args(k, a + 1);
	a[6] = DB_INT(k->dossier_id % SUMMARY_TREE_SLOTS);
	a[7] = DB_INT(d->n);
	a[8] = DB_INT(k->department_id);
	return TREE_PARAMS;
}

/* The arguments of a fact written (q_fact_put's row). */
static size_t
fact_args(const struct fact *f, struct db_arg *a)
{
	a[0] = DB_INT(f->dossier_id);
	a[1] = DB_INT(f->cycle_id);
	a[2] = DB_INT(f->employee_id);
	a[3] = DB_STR(f->sort_name);
	a[4] = DB_INT(f->department_id);
	a[5] = DB_INT(f->manager_id);
	what_args(f, a + 6);
	a[11] = DB_INT(f->n);
	return FACT_PARAMS;
}

/* The arguments of a fact taken out (its key: q_fact_delete's). */
static size_t
fact_key_args(const struct fact *f, struct db_arg *a)
{
	a[0] = DB_INT(f->dossier_id);
	what_args(f, a + 1);
	return FACT_KEY_PARAMS;
}

/* Rows to write, each by its arguments, two to a statement (q2) and a
 * last one alone (q1), in the order given. */
struct batch {
	struct db_stmt_def *q1, *q2;
	struct db_arg a[DB_ARGS_MAX];
	size_t nargs, rows;
};

static int
batch_flush(struct db *db, struct batch *b)
{
	int st = DB_OK;

	if (b->rows > 0)
		st = db_exec(db, b->rows == 2 ? b->q2 : b->q1, b->a, b->nargs, NULL, NULL);
	b->nargs = b->rows = 0;
	return st;
}

/* A row whose arguments were just appended to b->a (b->nargs moved
 * on): writes the pair it completes. */
static int
batch_row(struct db *db, struct batch *b)
{
	return ++b->rows == 2 ? batch_flush(db, b) : DB_OK;
}

_Static_assert(2 * FACT_PARAMS <= DB_ARGS_MAX && 2 * TREE_PARAMS <= DB_ARGS_MAX,
    "two rows' parameters fit a statement");

/* The department sums moved by the difference between the stored facts
 * and the counted ones; only sums whose count changes are written, two
 * to a statement, in DEPT_KEY's order. */
static int
write_sums(struct db *db, const struct facts *fs)
{
	struct sum_delta d[2 * DOSSIER_FACTS_MAX];
	struct batch *b = calloc(1, sizeof(*b));
	size_t i, nd = 0;
	int st = DB_ERROR;

	if (b == NULL)
		return DB_ERROR;
	for (i = 0; i < fs->nstored; i++)
		delta_add(d, &nd, &fs->stored[i], -fs->stored[i].n);
	for (i = 0; i < fs->nlive; i++)
		delta_add(d, &nd, &fs->live[i], fs->live[i].n);
	qsort(d, nd, sizeof(d[0]), sum_cmp);
	b->q1 = &q_sum_add;
	b->q2 = &q_sum_add2;
	for (i = 0; i < nd; i++)
		if (d[i].n != 0) {
			b->nargs += sum_args(&d[i], b->a + b->nargs);
			if ((st = batch_row(db, b)) != DB_OK)
				goto fail;
		}
	if ((st = batch_flush(db, b)) != DB_OK)
		goto fail;
	/* The subtree sums after every own sum, as refresh() writes them, so
	 * that the two take the rows of both tables in the same order.
	 * Employees without a department (0) are in no subtree: HR's overview
	 * reads their own sums. */
	b->q1 = &q_tree_add;
	b->q2 = &q_tree_add2;
	for (i = 0; i < nd; i++)
		if (d[i].n != 0 && d[i].key->department_id != 0) {
			b->nargs += tree_args(&d[i], b->a + b->nargs);
			if ((st = batch_row(db, b)) != DB_OK)
				goto fail;
		}
	st = batch_flush(db, b);
fail:
	free(b);
	return st;
}

/* The dossier's facts: those no longer counted taken out, new or changed
 * ones written, two to a statement; the rest stays as it is. */
static int
write_facts(struct db *db, const struct facts *fs)
{
	const struct fact *f, *was;
	struct batch *b = calloc(1, sizeof(*b));
	size_t i;
	int st = DB_ERROR;

	if (b == NULL)
		return DB_ERROR;
	b->q1 = &q_fact_delete;
	b->q2 = &q_fact_delete2;
	for (i = 0; i < fs->nstored; i++) {
		f = &fs->stored[i];
		if (find_key(fs->live, fs->nlive, f) != NULL)
			continue;
		b->nargs += fact_key_args(f, b->a + b->nargs);
		if ((st = batch_row(db, b)) != DB_OK)
			goto fail;
	}
	if ((st = batch_flush(db, b)) != DB_OK)
		goto fail;
	b->q1 = &q_fact_put;
	b->q2 = &q_fact_put2;
	for (i = 0; i < fs->nlive; i++) {
		f = &fs->live[i];
		was = find_key(fs->stored, fs->nstored, f);
		if (was != NULL && same_fact(was, f))
			continue;
		b->nargs += fact_args(f, b->a + b->nargs);
		if ((st = batch_row(db, b)) != DB_OK)
			goto fail;
	}
	st = batch_flush(db, b);
fail:
	free(b);
	return st;
}

/* One dossier's refresh, named by id through q (FACTS_NOW_AND_STORED):
 * one read, then only the rows that change -- a saving POST that changes
 * no counted fact writes nothing.  The sums are written before the facts,
 * as refresh() does. */
static int
refresh_one(struct db *db, struct db_stmt_def *q, int64_t id)
{
	struct db_arg a[1 + LIVE_PARTS];
	struct facts *fs = calloc(1, sizeof(*fs));
	size_t i;
	int st = DB_ERROR;

	if (fs == NULL)
		goto fail;
	for (i = 0; i < ARRAY_LEN(a); i++)
		a[i] = DB_INT(id);
	if ((st = db_query(db, q, a, ARRAY_LEN(a), fact_row, fs)) != DB_OK)
		goto fail;
	if (fs->overflow)
		st = summary_dossiers(db, fs->dossier_id, fs->dossier_id);
	else if ((st = write_sums(db, fs)) == DB_OK)
		st = write_facts(db, fs);
fail:
	free(fs);
	return st;
}

int
summary_dossier(struct db *db, int64_t dossier_id)
{
	return refresh_one(db, &q_facts_of_dossier, dossier_id);
}

int
summary_conversation(struct db *db, int64_t conversation_id)
{
	return refresh_one(db, &q_facts_of_conversation, conversation_id);
}

int
summary_employee(struct db *db, int64_t employee_id)
{
	struct selector s = { 0, INT64_MAX, 0, employee_id };

	return refresh(db, &s);
}

int
summary_employee_name(struct db *db, int64_t employee_id)
{
	return db_exec(db, &q_rename, DB_ARGS(DB_INT(employee_id)), NULL, NULL);
}

int
summary_cycle(struct db *db, int64_t cycle_id)
{
	struct selector s = { 0, INT64_MAX, cycle_id, 0 };

	return refresh(db, &s);
}

int
summary_tree_move_out(struct db *db, int64_t department_id)
{
	return db_exec(db, &q_tree_move_out, DB_ARGS(DB_INT(department_id),
	    DB_INT(department_id)), NULL, NULL);
}

int
summary_tree_move_in(struct db *db, int64_t department_id)
{
	return db_exec(db, &q_tree_move_in, DB_ARGS(DB_INT(department_id),
	    DB_INT(department_id)), NULL, NULL);
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
	    (st = db_exec(db, &q_store, a, n, NULL, NULL)) != DB_OK ||
	    (st = db_exec(db, &q_sum_all, DB_NOARGS, NULL, NULL)) != DB_OK ||
	    (st = db_exec(db, &q_clear_tree, DB_NOARGS, NULL, NULL)) != DB_OK ||
	    (st = db_exec(db, &q_tree_all, DB_NOARGS, NULL, NULL)) != DB_OK)
		return st;
	/* The counts of people beside them (store/headcount.h). */
	return headcount_rebuild_tx(db);
}

int
summary_rebuild(struct db *db)
{
	return db_tx(db, rebuild_tx, NULL);
}

static int
repair_tx(struct db *db, void *ud)
{
	int64_t cycle_id = *(int64_t *)ud;
	int st = summary_cycle(db, cycle_id);

	/* The subtree sums refilled from the facts: rows written past the
	 * store (a department moved with SQL) leave them wrong where the
	 * facts are right, which the refresh's difference would not mend. */
	if (st == DB_OK)
		st = db_exec(db, &q_tree_clear_cycle, DB_ARGS(DB_INT(cycle_id)), NULL, NULL);
	if (st == DB_OK)
		st = db_exec(db, &q_tree_fill_cycle, DB_ARGS(DB_INT(cycle_id)), NULL, NULL);
	return st != DB_OK ? st : headcount_repair_cycle_tx(db, cycle_id);
}

int
summary_repair_cycle(struct db *db, int64_t cycle_id)
{
	return db_tx(db, repair_tx, &cycle_id);
}

int
summary_diff_row(void *ud, const struct db_row *r)
{
	struct summary_verify_cb *cb = ud;
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
	struct summary_verify_cb *cb = ud;
	struct selector all = { 0, INT64_MAX, 0, 0 };
	struct db_arg a[DB_ARGS_MAX];
	size_t n;
	int st;

	*cb->differences = 0;
	n = live_args(&all, a, sel_args(&all, a));
	if ((st = db_query(db, &q_verify_facts, a, n, summary_diff_row, cb)) != DB_OK)
		return st;
	n = live_args(&all, a, 0);
	if ((st = db_query(db, &q_verify_sums, a, n, summary_diff_row, cb)) != DB_OK ||
	    (st = db_query(db, &q_verify_tree, a, n, summary_diff_row, cb)) != DB_OK)
		return st;
	return headcount_verify_tx(db, summary_diff_row, cb);
}

int
summary_verify(struct db *db, summary_diff_fn fn, void *ud, int64_t *differences)
{
	struct summary_verify_cb cb = { fn, ud, differences };

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
