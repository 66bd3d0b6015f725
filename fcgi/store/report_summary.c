/* report_summary.c -- the numbers of HR's overview read from
 * department_cycle_summary (store/summary.h) instead of recounted from the
 * cycle's rows (report.c).  Same scope: one cycle, optionally a department
 * (with its sub-departments when recursive) and, for a manager, only the
 * dossiers they hold; the rows of a department are its own dossiers', so
 * sub-departments are summed here.
 *
 * The people behind each number (and whom a reminder reaches) come from
 * the dossiers' own facts in dossier_summary, by the keys of sql/070, the
 * employee joined by primary key; the collective goals' counts from the
 * department sums.  Only the employees without a dossier, who have no
 * facts, are still counted from the employees (report.c).  Every page
 * statement can be EXPLAINed with its real arguments
 * (summary_report_explain, gesprekctl explain-reports).
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
#include "store/rows.h"

/* The department alone, or with its sub-departments: a range of the
 * stored ancestors' key (sql/064), as report.c reads them; params:
 * department id, recursive (0/1). */
#define SCOPE_CTE \
	"WITH sub (id) AS (SELECT dep FROM department_ancestor" \
	" WHERE up = ? AND (? = 1 OR depth = 0))"
/* The summary rows s in scope; params: cycle, department (0: all),
 * manager twice (0: all). */
#define SUM_SCOPE " FROM department_cycle_summary s" SUM_WHERE
#define SUM_WHERE \
	" WHERE s.cycle_id = ?" \
	" AND (? = 0 OR s.department_id IN (SELECT id FROM sub))" \
	" AND (? = 0 OR s.manager_id = ?)"
#define S_NOT_HELD "s.state IN ('planned', 'preparing')"
#define CONV_SUMS \
	" SUM(IF(" S_NOT_HELD ", s.n, 0)), SUM(IF(s.state = 'held', s.n, 0))," \
	" SUM(IF(s.state = 'finalized', s.n, 0)), SUM(IF(s.state = 'closed', s.n, 0))," \
	" SUM(IF(" S_NOT_HELD " AND s.due_on < UTC_DATE(), s.n, 0)), SUM(s.n)"

/* Grouped by type along the keys of sql/074 -- (cycle, kind, type) for
 * HR and a department, (cycle, manager, kind, type) for a manager -- which
 * hand the rows over in type order from the index alone.  Left to itself
 * MariaDB reads the cycle's range of the primary key (every kind) and
 * groups it through a temporary table and a sort; the hint only takes the
 * primary key out of the grouping, the choice of key stays its own. */
#define SQL_CONVERSATIONS \
	SCOPE_CTE " SELECT s.type," CONV_SUMS \
	" FROM department_cycle_summary s IGNORE INDEX FOR GROUP BY (PRIMARY)" SUM_WHERE \
	" AND s.kind = 'conversation' GROUP BY s.type"
static struct db_stmt_def q_conversations = DB_STMT(SQL_CONVERSATIONS);
static struct db_stmt_def e_conversations = DB_STMT("EXPLAIN " SQL_CONVERSATIONS);
/* Per department, folded to one level as report.c's q_departments (see
 * report.h): the ancestor k of the department that hangs directly under
 * the scope's department (under none: at the top); without one the row is
 * that department's own.  The scope's sums are first summed per own
 * department and type (o: a few rows per department, whatever its
 * managers and due dates), and only those are joined to their ancestors:
 * joining every summary row to its ancestors read the rows times the
 * tree's depth (issue 21: 1,980 k rows at 100,000 employees).  The fold
 * sits in a RIGHT JOIN so the parameters keep report_departments_args()'
 * order: the scope CTE's, the level's parent (0: the top), fold (0/1),
 * then the summary scope's. */
#define O_SUMS \
	" SUM(o.planned), SUM(o.held), SUM(o.signing), SUM(o.closed), SUM(o.overdue), SUM(o.total)"
#define SQL_DEPARTMENTS \
	SCOPE_CTE " SELECT COALESCE(k.id, o.dep) AS fid," \
	" COALESCE(k.name, dp.name, '') AS fname, k.id IS NOT NULL AS folded, o.type," O_SUMS \
	" FROM (department_ancestor a JOIN department k ON k.id = a.up" \
	" AND k.parent_id <=> NULLIF(?, 0) AND ? = 1)" \
	" RIGHT JOIN (SELECT s.department_id AS dep, s.type," \
	" SUM(IF(" S_NOT_HELD ", s.n, 0)) AS planned, SUM(IF(s.state = 'held', s.n, 0)) AS held," \
	" SUM(IF(s.state = 'finalized', s.n, 0)) AS signing," \
	" SUM(IF(s.state = 'closed', s.n, 0)) AS closed," \
	" SUM(IF(" S_NOT_HELD " AND s.due_on < UTC_DATE(), s.n, 0)) AS overdue, SUM(s.n) AS total" \
	SUM_SCOPE " AND s.kind = 'conversation' GROUP BY s.department_id, s.type) o" \
	" ON a.dep = o.dep LEFT JOIN department dp ON dp.id = o.dep" \
	" GROUP BY fname, fid, folded, o.type HAVING SUM(o.total) <> 0" \
	" ORDER BY fname, fid, FIELD(o.type, 'goal_setting', 'progress', 'assessment')"
static struct db_stmt_def q_departments = DB_STMT(SQL_DEPARTMENTS);
static struct db_stmt_def e_departments = DB_STMT("EXPLAIN " SQL_DEPARTMENTS);
#define SQL_TOTALS \
	SCOPE_CTE " SELECT SUM(IF(s.kind = 'dossier', s.n, 0)), SUM(IF(s.kind = 'result', s.n, 0))," \
	" SUM(IF(s.kind = 'result' AND s.state = 'achieved', s.n, 0))," \
	" SUM(IF(s.kind = 'result' AND s.state = 'not_achieved', s.n, 0))," \
	" SUM(IF(s.kind = 'result' AND s.state IN " IN_PROGRESS_STATES ", s.n, 0))" \
	SUM_SCOPE " AND s.kind IN ('dossier', 'result')"
static struct db_stmt_def q_totals = DB_STMT(SQL_TOTALS);
static struct db_stmt_def e_totals = DB_STMT("EXPLAIN " SQL_TOTALS);
/* A rating's facts have no type or state (summary.c): saying so lets the
 * key of sql/074 (cycle, kind, type, state, value) hand the rows over in
 * value order, grouped without a temporary table or a sort. */
#define SQL_RATINGS \
	SCOPE_CTE " SELECT s.value, SUM(s.n)" SUM_SCOPE " AND s.kind = 'rating'" \
	" AND s.type = '' AND s.state = '' GROUP BY s.value HAVING SUM(s.n) <> 0 ORDER BY s.value"
static struct db_stmt_def q_ratings = DB_STMT(SQL_RATINGS);
static struct db_stmt_def e_ratings = DB_STMT("EXPLAIN " SQL_RATINGS);
/* The distributions per department (issue 16; report.h): the 'rating'
 * and 'competence' sums in scope, summed per own department, kind,
 * competence (the type, its id as text) and value (o), then folded as
 * SQL_DEPARTMENTS folds, with the competence's names by primary key.
 * Neither kind has a state (store/summary.c), so the key of sql/074
 * reads the two kinds' rows of the cycle by index.  params:
 * report_departments_args(). */
#define SQL_DISTRIBUTION \
	SCOPE_CTE " SELECT COALESCE(k.id, o.dep) AS fid, COALESCE(k.name, dp.name, '') AS fname," \
	" k.id IS NOT NULL AS folded, o.kind, o.cid, COALESCE(cp.name_nl, '') AS cname," \
	" COALESCE(cp.name_en, ''), o.value, SUM(o.n)" \
	" FROM (department_ancestor a JOIN department k ON k.id = a.up" \
	" AND k.parent_id <=> NULLIF(?, 0) AND ? = 1)" \
	" RIGHT JOIN (SELECT s.department_id AS dep, s.kind," \
	" IF(s.kind = 'competence', CAST(s.type AS UNSIGNED), 0) AS cid, s.value, SUM(s.n) AS n" \
	SUM_SCOPE " AND s.kind IN ('competence', 'rating') AND s.state = ''" \
	" GROUP BY s.department_id, s.kind, s.type, s.value) o" \
	" ON a.dep = o.dep LEFT JOIN department dp ON dp.id = o.dep" \
	" LEFT JOIN competence cp ON cp.id = o.cid" \
	" GROUP BY fname, fid, folded, o.kind, o.cid, cname, 7, o.value HAVING SUM(o.n) <> 0" \
	" ORDER BY fname, fid, o.kind = 'competence', cname, o.cid, o.value"
static struct db_stmt_def q_distribution = DB_STMT(SQL_DISTRIBUTION);
static struct db_stmt_def e_distribution = DB_STMT("EXPLAIN " SQL_DISTRIBUTION);

/* ---- the people behind a number, from the dossiers' summary rows ---- */

/* The dossiers' facts f in scope (store/summary.h: each row names its
 * dossier's cycle, employee, department and manager); params as
 * SUM_SCOPE's.  The cycle and kind lead the index of sql/070, so a list
 * reads the facts of its kind in one cycle by index, never a conversation
 * or item. */
#define FACT_SCOPE \
	" f.cycle_id = ? AND (? = 0 OR f.department_id IN (SELECT id FROM sub))" \
	" AND (? = 0 OR f.manager_id = ?)"
/* The same columns as report.c's lists: the employee joined by primary
 * key, their department's and the dossier's manager's names.  The facts
 * drive (STRAIGHT_JOIN): left to itself MariaDB may start from the
 * employees, a read of the whole organisation for a short list. */
#define FACT_PERSON \
	"SELECT STRAIGHT_JOIN e.id, e.login, e.name, COALESCE(dp.name, '')," \
	" COALESCE(m.name, ''), f.dossier_id"
#define FACT_JOINS \
	" FROM dossier_summary f JOIN employee e ON e.id = f.employee_id" \
	" LEFT JOIN department dp ON dp.id = e.department_id" \
	" LEFT JOIN employee m ON m.id = f.manager_id"
#define PAGE " ORDER BY e.name, e.id LIMIT ? OFFSET ?"
/* A dossier has several facts of one conversation type or of results
 * (per state and due date): summed per dossier. */
#define PAGE_SUMMED " GROUP BY f.dossier_id" PAGE
#define F_NOT_HELD "f.state IN ('planned', 'preparing')"
/* Fact f is of the state a number names (the state six times), as
 * report.c's CONV_STATE_IS says it of a conversation. */
#define F_CONV_STATE_IS \
	" (? = 'total' OR (? = 'planned' AND " F_NOT_HELD ")" \
	" OR (? = 'held' AND f.state = 'held') OR (? = 'signing' AND f.state = 'finalized')" \
	" OR (? = 'closed' AND f.state = 'closed')" \
	" OR (? = 'overdue' AND " F_NOT_HELD " AND f.due_on < UTC_DATE()))"
/* Collective goal ? stands on the dossier of fact f: one key lookup in
 * the stored ancestors, as report.c's GOAL_APPLIES. */
#define F_GOAL_APPLIES \
	" EXISTS (SELECT 1 FROM collective_goal g WHERE g.id = ? AND g.cycle_id = f.cycle_id" \
	" AND (g.department_id IS NULL OR EXISTS (SELECT 1 FROM department_ancestor anc" \
	" WHERE anc.up = g.department_id AND anc.dep = f.department_id)))"

/* One 'dossier' fact per dossier (n = 1): no grouping. */
#define SQL_PEOPLE_DOSSIERS \
	SCOPE_CTE " " FACT_PERSON ", 1" FACT_JOINS " WHERE" FACT_SCOPE \
	" AND f.kind = 'dossier'" PAGE
static struct db_stmt_def q_people_dossiers = DB_STMT(SQL_PEOPLE_DOSSIERS);
static struct db_stmt_def e_people_dossiers = DB_STMT("EXPLAIN " SQL_PEOPLE_DOSSIERS);
/* params after the scope: type, then the state six times. */
#define SQL_PEOPLE_CONVERSATIONS \
	SCOPE_CTE " " FACT_PERSON ", SUM(f.n)" FACT_JOINS " WHERE" FACT_SCOPE \
	" AND f.kind = 'conversation' AND f.type = ? AND" F_CONV_STATE_IS PAGE_SUMMED
static struct db_stmt_def q_people_conversations = DB_STMT(SQL_PEOPLE_CONVERSATIONS);
static struct db_stmt_def e_people_conversations = DB_STMT("EXPLAIN " SQL_PEOPLE_CONVERSATIONS);
/* params after the scope: the state four times. */
#define SQL_PEOPLE_RESULTS \
	SCOPE_CTE " " FACT_PERSON ", SUM(f.n)" FACT_JOINS " WHERE" FACT_SCOPE \
	" AND f.kind = 'result'" \
	" AND (? = 'total' OR (? = 'achieved' AND f.state = 'achieved')" \
	" OR (? = 'not_achieved' AND f.state = 'not_achieved')" \
	" OR (? = 'in_progress' AND f.state IN " IN_PROGRESS_STATES "))" PAGE_SUMMED
static struct db_stmt_def q_people_results = DB_STMT(SQL_PEOPLE_RESULTS);
static struct db_stmt_def e_people_results = DB_STMT("EXPLAIN " SQL_PEOPLE_RESULTS);
/* One 'rating' fact per dossier and value. */
#define SQL_PEOPLE_RATING \
	SCOPE_CTE " " FACT_PERSON ", f.n" FACT_JOINS " WHERE" FACT_SCOPE \
	" AND f.kind = 'rating' AND f.value = ?" PAGE
static struct db_stmt_def q_people_rating = DB_STMT(SQL_PEOPLE_RATING);
static struct db_stmt_def e_people_rating = DB_STMT("EXPLAIN " SQL_PEOPLE_RATING);
#define SQL_PEOPLE_COLLECTIVE \
	SCOPE_CTE " " FACT_PERSON ", 1" FACT_JOINS " WHERE" FACT_SCOPE \
	" AND f.kind = 'dossier' AND" F_GOAL_APPLIES PAGE
static struct db_stmt_def q_people_collective = DB_STMT(SQL_PEOPLE_COLLECTIVE);
static struct db_stmt_def e_people_collective = DB_STMT("EXPLAIN " SQL_PEOPLE_COLLECTIVE);
/* One 'competence' fact per dossier, competence and level (issue 16;
 * store/summary.c): the competence's id is the fact's type, as text.
 * params after the scope: competence id, level. */
#define SQL_PEOPLE_COMPETENCE \
	SCOPE_CTE " " FACT_PERSON ", f.n" FACT_JOINS " WHERE" FACT_SCOPE \
	" AND f.kind = 'competence' AND f.type = CONVERT(CAST(? AS CHAR) USING ascii)" \
	" AND f.state = '' AND f.value = ?" PAGE
static struct db_stmt_def q_people_competence = DB_STMT(SQL_PEOPLE_COMPETENCE);
static struct db_stmt_def e_people_competence = DB_STMT("EXPLAIN " SQL_PEOPLE_COMPETENCE);

/* Each collective goal with the dossiers in scope it stands on: the
 * department sums of the departments under the goal's (all for a goal
 * for everyone).  params: report_collective_args(). */
#define SQL_COLLECTIVE \
	SCOPE_CTE " SELECT " COLLECTIVE_COLUMNS "," \
	" (SELECT COALESCE(SUM(s.n), 0)" SUM_SCOPE " AND s.kind = 'dossier'" \
	" AND (g.department_id IS NULL OR s.department_id IN (SELECT anc.dep" \
	" FROM department_ancestor anc WHERE anc.up = g.department_id)))" \
	" FROM collective_goal g LEFT JOIN department dp ON dp.id = g.department_id" \
	" WHERE g.cycle_id = ? ORDER BY g.department_id IS NOT NULL, dp.name, g.id"
static struct db_stmt_def q_collective = DB_STMT(SQL_COLLECTIVE);
static struct db_stmt_def e_collective = DB_STMT("EXPLAIN " SQL_COLLECTIVE);

/* Whom a reminder goes to (report.h): the first `limit` dossiers of the
 * list by name, from their facts, then of each the one conversation the
 * number counts -- the first not closed, earliest due -- from its few
 * conversations by the dossier's index.  params: the scope's, type, the
 * state six times, limit (the dossiers), type, the state six times,
 * limit. */
#define SQL_REMIND_PEOPLE \
	SCOPE_CTE " SELECT id, name, email, active, lang, conv, type, status," \
	" COALESCE(DATE_FORMAT(due, '%Y-%m-%d'), ''), cycle, mgr" \
	" FROM (SELECT u.*, ROW_NUMBER() OVER (PARTITION BY u.dossier" \
	" ORDER BY u.status = 'closed', u.due IS NULL, u.due, u.seq, u.conv) AS nth" \
	" FROM (SELECT d.id AS dossier, e.id, e.name, COALESCE(e.email, '') AS email, e.active," \
	" COALESCE(e.lang, '') AS lang, c.id AS conv, c.seq, c.type, c.status," \
	" " DUE_ON " AS due, y.name AS cycle, COALESCE(m.name, '') AS mgr" \
	" FROM (SELECT STRAIGHT_JOIN f.dossier_id FROM dossier_summary f" \
	" JOIN employee e ON e.id = f.employee_id" \
	" WHERE" FACT_SCOPE " AND f.kind = 'conversation' AND f.type = ? AND" F_CONV_STATE_IS \
	" GROUP BY f.dossier_id ORDER BY e.name, e.id LIMIT ?) p" \
	" JOIN dossier d ON d.id = p.dossier_id JOIN employee e ON e.id = d.employee_id" \
	" JOIN conversation c ON c.dossier_id = d.id JOIN cycle y ON y.id = d.cycle_id" \
	" LEFT JOIN employee m ON m.id = d.manager_id" \
	" WHERE c.type = ? AND" CONV_STATE_IS ") u) t" \
	" WHERE nth = 1 ORDER BY name, id LIMIT ?"
static struct db_stmt_def q_remind_people = DB_STMT(SQL_REMIND_PEOPLE);
static struct db_stmt_def e_remind_people = DB_STMT("EXPLAIN " SQL_REMIND_PEOPLE);

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

/* The lists read from the summaries, by report.c's reader; the people
 * without a dossier have no facts, so that list stays report.c's. */
static const struct report_people_source people_summaries = {
	&q_people_dossiers, &q_people_conversations, &q_people_results, &q_people_rating,
	&q_people_collective, NULL, &q_people_competence,
};

int
summary_report_people(struct db *db, const struct report_scope *s,
    const struct report_metric *m, int64_t offset, int64_t limit, report_person_fn fn,
    void *ud)
{
	if (m->kind == METRIC_NO_DOSSIER)
		return report_people(db, s, m, offset, limit, fn, ud);
	return report_source_people(db, &people_summaries, s, m, offset, limit, fn, ud);
}

int
summary_report_distribution(struct db *db, const struct report_scope *s, report_dist_fn fn,
    void *ud)
{
	return report_source_distribution(db, &q_distribution, s, fn, ud);
}

int
summary_report_collective(struct db *db, const struct report_scope *s,
    report_collective_fn fn, void *ud)
{
	return report_source_collective(db, &q_collective, s, fn, ud);
}

int
summary_report_remind_people(struct db *db, const struct report_scope *s,
    const struct report_metric *m, int64_t limit, report_remind_fn fn, void *ud)
{
	struct db_arg a[DB_ARGS_MAX];
	size_t n;

	if (m->kind != METRIC_CONVERSATIONS)
		return DB_ERROR;
	n = report_scope_args(s, a);
	n += report_conv_metric_args(m, a + n);
	a[n++] = DB_INT(limit);
	n += report_conv_metric_args(m, a + n);
	a[n++] = DB_INT(limit);
	return report_source_remind(db, &q_remind_people, a, n, fn, ud);
}

/* ---- the plans of the page statements (gesprekctl explain-reports) ---- */

/* The metrics the plans are asked for: one per list statement, with the
 * states that read most (overdue compares due dates, in progress three
 * states). */
static const struct {
	const char *statement;
	struct report_metric m;
} explain_metrics[] = {
	{ "people.dossiers", { .kind = METRIC_DOSSIERS } },
	{ "people.conversations", { .kind = METRIC_CONVERSATIONS, .type = "goal_setting",
		.state = "overdue" } },
	{ "people.results", { .kind = METRIC_RESULTS, .state = "in_progress" } },
	{ "people.rating", { .kind = METRIC_RATING, .value = 1 } },
	{ "people.collective", { .kind = METRIC_COLLECTIVE } },
	{ "people.competence", { .kind = METRIC_COMPETENCE, .value = 1, .competence_id = 1 } },
};

static const struct report_people_source people_plans = {
	&e_people_dossiers, &e_people_conversations, &e_people_results, &e_people_rating,
	&e_people_collective, NULL, &e_people_competence,
};

static int
explain_overview(struct db *db, const struct report_scope *s, report_plan_fn fn, void *ud)
{
	struct db_arg a[DB_ARGS_MAX];
	size_t n = report_scope_args(s, a);
	int st;

	if ((st = report_explain_run(db, "overview.conversations", &e_conversations, a, n, fn,
	    ud)) != DB_OK ||
	    (st = report_explain_run(db, "overview.totals", &e_totals, a, n, fn, ud)) != DB_OK ||
	    (st = report_explain_run(db, "overview.ratings", &e_ratings, a, n, fn, ud)) != DB_OK)
		return st;
	n = report_departments_args(s, a);
	if ((st = report_explain_run(db, "overview.departments", &e_departments, a, n, fn,
	    ud)) != DB_OK)
		return st;
	n = report_departments_args(s, a);
	if ((st = report_explain_run(db, "overview.distribution", &e_distribution, a, n, fn,
	    ud)) != DB_OK)
		return st;
	n = report_collective_args(s, a);
	return report_explain_run(db, "overview.collective", &e_collective, a, n, fn, ud);
}

static int
explain_lists(struct db *db, const struct report_scope *s, int64_t goal_id,
    report_plan_fn fn, void *ud)
{
	struct db_arg a[DB_ARGS_MAX];
	struct report_metric m;
	struct db_stmt_def *q;
	size_t i, n;
	int st;

	for (i = 0; i < ARRAY_LEN(explain_metrics); i++) {
		m = explain_metrics[i].m;
		if (m.kind == METRIC_COLLECTIVE)
			m.value = goal_id;
		q = report_people_args(&people_plans, s, &m, 0, REPORT_EXPLAIN_PAGE_ROWS, a, &n);
		if (q == NULL)
			return DB_ERROR;
		if ((st = report_explain_run(db, explain_metrics[i].statement, q, a, n, fn,
		    ud)) != DB_OK)
			return st;
	}
	m = explain_metrics[1].m;
	n = report_scope_args(s, a);
	n += report_conv_metric_args(&m, a + n);
	a[n++] = DB_INT(REPORT_EXPLAIN_PAGE_ROWS);
	n += report_conv_metric_args(&m, a + n);
	a[n++] = DB_INT(REPORT_EXPLAIN_PAGE_ROWS);
	return report_explain_run(db, "remind.people", &e_remind_people, a, n, fn, ud);
}

int
summary_report_explain(struct db *db, const struct report_scope *s, int64_t goal_id,
    report_plan_fn fn, void *ud)
{
	int st;

	if ((st = explain_overview(db, s, fn, ud)) != DB_OK ||
	    (st = explain_lists(db, s, goal_id, fn, ud)) != DB_OK)
		return st;
	return report_explain_without(db, s, fn, ud);
}

static struct db_stmt_def q_newest_cycle = DB_STMT("SELECT COALESCE(MAX(id), 0) FROM cycle");

static int
newest_row(void *ud, const struct db_row *r)
{
	*(int64_t *)ud = db_int(r, 0);
	return DB_OK;
}

int
summary_newest_cycle(struct db *db, int64_t *cycle_id)
{
	*cycle_id = 0;
	return db_query(db, &q_newest_cycle, DB_NOARGS, newest_row, cycle_id);
}
