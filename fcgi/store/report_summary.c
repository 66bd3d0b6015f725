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

/* The overview read from the summaries (report_sql.h): the statements
 * above, run by report.c's reader. */
static const struct report_source summaries = { &q_conversations, &q_departments, &q_ratings };

int
summary_report_conversations(struct db *db, const struct report_scope *s, report_conv_fn fn,
    void *ud)
{
	return report_source_conversations(db, &summaries, s, fn, ud);
}

int
summary_report_departments(struct db *db, const struct report_scope *s, report_dept_fn fn,
    void *ud)
{
	return report_source_departments(db, &summaries, s, fn, ud);
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
	size_t n = report_scope_args(s, a);
	int st;

	memset(out, 0, sizeof(*out));
	if ((st = db_query(db, &q_totals, a, n, totals_row, out)) != DB_OK)
		return st;
	/* Employees without a dossier have no summary row (yet). */
	return report_without_dossier(db, s, &out->without_dossier);
}

int
summary_report_ratings(struct db *db, const struct report_scope *s, report_rating_fn fn,
    void *ud)
{
	return report_source_ratings(db, &summaries, s, fn, ud);
}
