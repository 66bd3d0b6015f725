/* report_summary.c -- the numbers of HR's overview read from
 * department_cycle_summary (store/summary.h) instead of recounted from the
 * cycle's rows (report.c).  Same scope: one cycle, optionally a department
 * (with its sub-departments when recursive) and, for a manager, only the
 * dossiers they hold; the rows of a department are its own dossiers', so
 * sub-departments are summed here.
 *
 * The department set comes from the stored ancestors (sql/064), as in
 * report.c. */
#include "config.h"

#include <string.h>

#include "store/db.h"
#include "store/report_sql.h"
#include "store/report_summary.h"
#include "store/summary.h"
#include "base/util.h"

/* The department alone, or with its sub-departments: a range of the
 * stored ancestors' key (sql/064), as report.c reads them; params:
 * department id, recursive (0/1). */
#define SCOPE_CTE \
	"WITH sub (id) AS (SELECT dep FROM department_ancestor" \
	" WHERE up = ? AND (? = 1 OR depth = 0))"
#define SCOPE_CTE_ARGS 2
/* The summary rows s in scope; params: cycle, department (0: all),
 * manager twice (0: all). */
#define SUM_SCOPE \
	" FROM department_cycle_summary s WHERE s.cycle_id = ?" \
	" AND (? = 0 OR s.department_id IN (SELECT id FROM sub))" \
	" AND (? = 0 OR s.manager_id = ?)"
#define S_NOT_HELD "s.state IN ('planned', 'preparing')"
#define CONV_SUMS \
	" SUM(IF(" S_NOT_HELD ", s.n, 0)), SUM(IF(s.state = 'held', s.n, 0))," \
	" SUM(IF(s.state = 'finalized', s.n, 0)), SUM(IF(s.state = 'closed', s.n, 0))," \
	" SUM(IF(" S_NOT_HELD " AND s.due_on < UTC_DATE(), s.n, 0)), SUM(s.n)"
#define TYPE_ORDER "FIELD(s.type, 'goal_setting', 'progress', 'assessment')"

static struct db_stmt_def q_conversations = DB_STMT(
	SCOPE_CTE " SELECT s.type," CONV_SUMS SUM_SCOPE " AND s.kind = 'conversation'"
	" GROUP BY s.type");
/* Per department, folded to one level as report.c's q_departments (see
 * report.h): the ancestor k of the summary row's department that hangs
 * directly under the scope's department (under none: at the top); without
 * one the row is that department's own.  params: the scope CTE's, the
 * level's parent (0: the top), fold (0/1), then the summary scope's. */
static struct db_stmt_def q_departments = DB_STMT(
	SCOPE_CTE " SELECT COALESCE(k.id, s.department_id) AS fid,"
	" COALESCE(k.name, dp.name, '') AS fname, k.id IS NOT NULL AS folded, s.type," CONV_SUMS
	" FROM department_cycle_summary s LEFT JOIN department dp ON dp.id = s.department_id"
	" LEFT JOIN (department_ancestor a JOIN department k ON k.id = a.up"
	" AND k.parent_id <=> NULLIF(?, 0)) ON ? = 1 AND a.dep = s.department_id"
	" WHERE s.cycle_id = ? AND (? = 0 OR s.department_id IN (SELECT id FROM sub))"
	" AND (? = 0 OR s.manager_id = ?) AND s.kind = 'conversation'"
	" GROUP BY fname, fid, folded, s.type HAVING SUM(s.n) <> 0"
	" ORDER BY fname, fid, " TYPE_ORDER);
static struct db_stmt_def q_totals = DB_STMT(
	SCOPE_CTE " SELECT SUM(IF(s.kind = 'dossier', s.n, 0)), SUM(IF(s.kind = 'result', s.n, 0)),"
	" SUM(IF(s.kind = 'result' AND s.state = 'achieved', s.n, 0)),"
	" SUM(IF(s.kind = 'result' AND s.state = 'not_achieved', s.n, 0)),"
	" SUM(IF(s.kind = 'result' AND s.state IN " IN_PROGRESS_STATES ", s.n, 0))"
	SUM_SCOPE " AND s.kind IN ('dossier', 'result')");
static struct db_stmt_def q_ratings = DB_STMT(
	SCOPE_CTE " SELECT s.value, SUM(s.n)" SUM_SCOPE " AND s.kind = 'rating'"
	" GROUP BY s.value HAVING SUM(s.n) <> 0 ORDER BY s.value");

static const char *const conversation_types[] = { "goal_setting", "progress", "assessment" };

static size_t
scope_args(const struct report_scope *s, struct db_arg *a)
{
	a[0] = DB_INT(s->department_id);
	a[1] = DB_INT(s->recursive ? 1 : 0);
	a[2] = DB_INT(s->cycle_id);
	a[3] = DB_INT(s->department_id);
	a[4] = DB_INT(s->manager_id);
	a[5] = DB_INT(s->manager_id);
	return 6;
}

static void
conv_from_row(const struct db_row *r, size_t f, struct report_conv_row *row)
{
	row->planned = db_int(r, f);
	row->held = db_int(r, f + 1);
	row->signing = db_int(r, f + 2);
	row->closed = db_int(r, f + 3);
	row->overdue = db_int(r, f + 4);
	row->total = db_int(r, f + 5);
}

struct conv_counts {
	struct report_conv_row rows[ARRAY_LEN(conversation_types)];
};

static int
conv_count_row(void *ud, const struct db_row *r)
{
	struct conv_counts *cc = ud;
	size_t i;

	for (i = 0; i < ARRAY_LEN(conversation_types); i++)
		if (strcmp(db_str(r, 0), conversation_types[i]) == 0)
			conv_from_row(r, 1, &cc->rows[i]);
	return DB_OK;
}

int
summary_report_conversations(struct db *db, const struct report_scope *s, report_conv_fn fn,
    void *ud)
{
	struct conv_counts cc;
	struct db_arg a[DB_ARGS_MAX];
	size_t i, n = scope_args(s, a);
	int st;

	memset(&cc, 0, sizeof(cc));
	for (i = 0; i < ARRAY_LEN(conversation_types); i++)
		cc.rows[i].type = conversation_types[i];
	if ((st = db_query(db, &q_conversations, a, n, conv_count_row, &cc)) != DB_OK)
		return st;
	/* Every type, also those without a conversation yet: the page shows zeros. */
	for (i = 0; i < ARRAY_LEN(conversation_types); i++)
		if ((st = fn(ud, &cc.rows[i])) != DB_OK)
			return st;
	return DB_OK;
}

struct dept_cb {
	report_dept_fn fn;
	void *ud;
};

static int
dept_row(void *ud, const struct db_row *r)
{
	struct dept_cb *cb = ud;
	struct report_dept_row row = {
		.department_id = db_int(r, 0), .department = db_str(r, 1),
		.subtree = db_int(r, 2) != 0, .conv = { .type = db_str(r, 3) },
	};

	conv_from_row(r, 4, &row.conv);
	return cb->fn(cb->ud, &row);
}

int
summary_report_departments(struct db *db, const struct report_scope *s, report_dept_fn fn,
    void *ud)
{
	struct dept_cb cb = { fn, ud };
	struct db_arg a[DB_ARGS_MAX];
	size_t n = scope_args(s, a);

	/* The level's two parameters go between the CTE's and the scope's. */
	memmove(&a[SCOPE_CTE_ARGS + 2], &a[SCOPE_CTE_ARGS], (n - SCOPE_CTE_ARGS) * sizeof(a[0]));
	a[SCOPE_CTE_ARGS] = DB_INT(s->department_id);
	/* A manager's dossiers are few: per department as they are. */
	a[SCOPE_CTE_ARGS + 1] = DB_INT(s->manager_id == 0 ? 1 : 0);
	return db_query(db, &q_departments, a, n + 2, dept_row, &cb);
}

static int
totals_row(void *ud, const struct db_row *r)
{
	struct report_totals *t = ud;

	t->dossiers = db_int(r, 0);
	t->results = db_int(r, 1);
	t->achieved = db_int(r, 2);
	t->not_achieved = db_int(r, 3);
	t->in_progress = db_int(r, 4);
	return DB_OK;
}

int
summary_report_totals(struct db *db, const struct report_scope *s, struct report_totals *out)
{
	struct db_arg a[DB_ARGS_MAX];
	size_t n = scope_args(s, a);
	int st;

	memset(out, 0, sizeof(*out));
	if ((st = db_query(db, &q_totals, a, n, totals_row, out)) != DB_OK)
		return st;
	/* Employees without a dossier have no summary row (yet). */
	return report_without_dossier(db, s, &out->without_dossier);
}

struct rating_cb {
	report_rating_fn fn;
	void *ud;
};

static int
rating_row(void *ud, const struct db_row *r)
{
	struct rating_cb *cb = ud;

	return cb->fn(cb->ud, (int)db_int(r, 0), db_int(r, 1));
}

int
summary_report_ratings(struct db *db, const struct report_scope *s, report_rating_fn fn,
    void *ud)
{
	struct rating_cb cb = { fn, ud };
	struct db_arg a[DB_ARGS_MAX];
	size_t n = scope_args(s, a);

	return db_query(db, &q_ratings, a, n, rating_row, &cb);
}
