/* report.c -- the numbers of HR's overview (GET /reports) and the people
 * behind each number (GET /reports/people).
 *
 * Every query starts from the dossiers of one cycle in scope: optionally
 * one department (with its sub-departments when recursive, through the
 * CTE `sub` over the stored ancestors) and, for a manager, only the dossiers they hold.
 * Parameters that switch a condition off are passed as 0 ("? = 0 OR ...");
 * MariaDB optimises a prepared statement at each execution, so the
 * switched-off branch costs nothing.
 *
 * Private preparation (DESIGN §5): an item written while its conversation
 * is still planned or being prepared, and not shared by its author's side,
 * is not counted: the overview shows what both parties could see.  The
 * same holds for a status: item.status is that of the latest note both
 * parties may see -- a private note's status reaches the item only when it
 * is shared or the conversation is held (store/conversation.c) -- so the
 * counts read it as it is, without a look at the notes per row. */
#include "config.h"

#include <string.h>

#include "store/db.h"
#include "store/goal.h"
#include "store/report.h"
#include "store/report_tree_sql.h"
#include "store/report_sql.h"
#include "base/util.h"
#include "store/rows.h"

/* The department alone, or with its sub-departments: a range of the
 * stored ancestors' primary key (sql/064), not a walk of the tree;
 * params: department id, recursive (0/1). */
#define SCOPE_CTE \
	"WITH sub (id) AS (SELECT dep FROM department_ancestor" \
	" WHERE up = ? AND (? = 1 OR depth = 0))"
/* The dossiers in scope, d joined with its employee e; params: cycle,
 * department (0: all), manager twice (0: all).  A leaver's dossier ('left',
 * store/cycle_people.c) counts nowhere: not as work to complete, not as
 * overdue. */
#define DOSSIER_SCOPE \
	" d.cycle_id = ? AND d.status <> 'left'" \
	" AND (? = 0 OR e.department_id IN (SELECT id FROM sub))" \
	" AND (? = 0 OR d.manager_id = ?)"
#define DOSSIERS \
	" FROM dossier d JOIN employee e ON e.id = d.employee_id"
/* Collective goal g applies to the employee e of a dossier: one key
 * lookup in the stored ancestors. */
#define GOAL_APPLIES \
	" (g.department_id IS NULL OR EXISTS (SELECT 1 FROM department_ancestor anc" \
	" WHERE anc.up = g.department_id AND anc.dep = e.department_id))"

static struct db_stmt_def q_conversations = DB_STMT(
	SCOPE_CTE " SELECT c.type, SUM(" NOT_HELD "), SUM(c.status = 'held'),"
	" SUM(c.status = 'finalized'), SUM(c.status = 'closed'), SUM(" OVERDUE "), COUNT(*)"
	DOSSIERS " JOIN conversation c ON c.dossier_id = d.id"
	" WHERE" DOSSIER_SCOPE " GROUP BY c.type");
/* q_conversations per department, folded to one level (report.h): the
 * ancestor k of the employee's department that hangs directly under the
 * scope's department (under none: at the top), one at most; without one
 * the dossier counts as that department's own.  Grouped on the name too
 * so that the rows of one department stay together in name order.
 * params: the scope CTE's, then the level's parent (0: the top), fold
 * (0/1), then the dossier scope's. */
static struct db_stmt_def q_departments = DB_STMT(
	SCOPE_CTE " SELECT COALESCE(k.id, e.department_id, 0) AS fid,"
	" COALESCE(k.name, dp.name, '') AS fname, k.id IS NOT NULL AS folded, c.type,"
	" SUM(" NOT_HELD "), SUM(c.status = 'held'), SUM(c.status = 'finalized'),"
	" SUM(c.status = 'closed'), SUM(" OVERDUE "), COUNT(*),"
	" WEIGHT_STRING(COALESCE(k.name, dp.name, ''))"
	DOSSIERS " JOIN conversation c ON c.dossier_id = d.id"
	" LEFT JOIN department dp ON dp.id = e.department_id"
	" LEFT JOIN (department_ancestor a JOIN department k ON k.id = a.up"
	" AND k.parent_id <=> NULLIF(?, 0)) ON ? = 1 AND a.dep = e.department_id"
	" WHERE" DOSSIER_SCOPE
	" GROUP BY fname, fid, folded, c.type ORDER BY fname, fid, c.type");
/* The dossiers and their counted result goals in one row, the columns of
 * report_summary.c's totals (report_source_totals): each dossier with its
 * goals, if any, joined as RESULT_ITEMS and RESULT_COUNTS say. */
static struct db_stmt_def q_totals = DB_STMT(
	SCOPE_CTE " SELECT COUNT(DISTINCT d.id), COUNT(i.id),"
	" COALESCE(SUM(i.status = 'achieved'), 0), COALESCE(SUM(i.status = 'not_achieved'), 0),"
	" COALESCE(SUM(" IN_PROGRESS "), 0)" DOSSIERS
	" LEFT JOIN (item i LEFT JOIN conversation ic ON ic.id = i.created_in_conversation_id)"
	" ON i.dossier_id = d.id" RESULT_COUNTS " WHERE" DOSSIER_SCOPE);
/* Employees in scope: the department's, and for a manager their reports;
 * without a dossier in the cycle: an anti-join on the unique (cycle,
 * employee) key, one lookup per employee (NOT EXISTS let MariaDB
 * materialize every dossier of the cycle first).  params: cycle (the
 * join's), then department, manager twice. */
#define WITHOUT_DOSSIER_JOIN \
	" LEFT JOIN dossier x ON x.cycle_id = ? AND x.employee_id = e.id"
#define EMPLOYEE_SCOPE \
	" x.id IS NULL AND e.active = 1" \
	" AND (? = 0 OR e.department_id IN (SELECT id FROM sub))" \
	" AND (? = 0 OR e.manager_id = ?)"
#define SQL_WITHOUT \
	SCOPE_CTE " SELECT COUNT(*) FROM employee e" WITHOUT_DOSSIER_JOIN " WHERE" EMPLOYEE_SCOPE
static struct db_stmt_def q_without = DB_STMT(SQL_WITHOUT);
static struct db_stmt_def e_without = DB_STMT("EXPLAIN " SQL_WITHOUT);
/* By scale (RATING_SCALE's text, in the order of the summaries' type)
 * and value. */
static struct db_stmt_def q_ratings = DB_STMT(
	SCOPE_CTE " SELECT " RATING_SCALE " AS scale, c.overall_rating, COUNT(*)" DOSSIERS
	" JOIN conversation c ON c.dossier_id = d.id"
	" WHERE" DOSSIER_SCOPE RATING_VISIBLE
	" GROUP BY scale, c.overall_rating ORDER BY scale, c.overall_rating");
static struct db_stmt_def q_collective = DB_STMT(
	SCOPE_CTE
	" SELECT " COLLECTIVE_COLUMNS ","
	" (SELECT COUNT(*)" DOSSIERS " WHERE" DOSSIER_SCOPE " AND" GOAL_APPLIES ")" COLLECTIVE_KEY
	" FROM collective_goal g LEFT JOIN department dp ON dp.id = g.department_id"
	" WHERE g.cycle_id = ?");

/* ---- the people behind a number ---- */

#define PERSON_COLUMNS \
	"SELECT e.id, e.login, e.name, COALESCE(dp.name, ''), COALESCE(m.name, ''), d.id"
#define PERSON_JOINS \
	DOSSIERS " LEFT JOIN department dp ON dp.id = e.department_id" \
	" LEFT JOIN employee m ON m.id = d.manager_id"
#define PERSON_TAIL " GROUP BY d.id ORDER BY e.name, e.id LIMIT ? OFFSET ?"

static struct db_stmt_def q_people_dossiers = DB_STMT(
	SCOPE_CTE " " PERSON_COLUMNS ", 1" PERSON_JOINS " WHERE" DOSSIER_SCOPE PERSON_TAIL);
/* params after the scope: type, then the state six times. */
static struct db_stmt_def q_people_conversations = DB_STMT(
	SCOPE_CTE " " PERSON_COLUMNS ", COUNT(*)" PERSON_JOINS
	" JOIN conversation c ON c.dossier_id = d.id"
	" WHERE" DOSSIER_SCOPE " AND c.type = ? AND" CONV_STATE_IS
	PERSON_TAIL);
/* params after the scope: the state four times. */
static struct db_stmt_def q_people_results = DB_STMT(
	SCOPE_CTE " " PERSON_COLUMNS ", COUNT(*)" PERSON_JOINS RESULT_ITEMS
	" WHERE" DOSSIER_SCOPE RESULT_COUNTS
	" AND (? = 'total' OR (? = 'achieved' AND i.status = 'achieved')"
	" OR (? = 'not_achieved' AND i.status = 'not_achieved')"
	" OR (? = 'in_progress' AND " IN_PROGRESS "))"
	PERSON_TAIL);
/* params after the scope: the scale (SCALE_PARAM), the value. */
static struct db_stmt_def q_people_rating = DB_STMT(
	SCOPE_CTE " " PERSON_COLUMNS ", COUNT(*)" PERSON_JOINS
	" JOIN conversation c ON c.dossier_id = d.id"
	" WHERE" DOSSIER_SCOPE RATING_VISIBLE " AND " RATING_SCALE " = " SCALE_PARAM
	" AND c.overall_rating = ?" PERSON_TAIL);
static struct db_stmt_def q_people_collective = DB_STMT(
	SCOPE_CTE " " PERSON_COLUMNS ", 1" PERSON_JOINS
	" JOIN collective_goal g ON g.cycle_id = d.cycle_id"
	" WHERE" DOSSIER_SCOPE " AND g.id = ? AND" GOAL_APPLIES PERSON_TAIL);
#define SQL_PEOPLE_WITHOUT \
	SCOPE_CTE " SELECT e.id, e.login, e.name, COALESCE(dp.name, ''), COALESCE(m.name, ''), 0, 1" \
	" FROM employee e" WITHOUT_DOSSIER_JOIN \
	" LEFT JOIN department dp ON dp.id = e.department_id" \
	" LEFT JOIN employee m ON m.id = e.manager_id" \
	" WHERE" EMPLOYEE_SCOPE " ORDER BY e.name, e.id LIMIT ? OFFSET ?"
static struct db_stmt_def q_people_without = DB_STMT(SQL_PEOPLE_WITHOUT);
static struct db_stmt_def e_people_without = DB_STMT("EXPLAIN " SQL_PEOPLE_WITHOUT);
/* The same list a page at a time from a cursor (report_people_without_at):
 * in HR's scope the active employees along sql/100's key (active, name,
 * id) from the cursor, each looked up in the cycle's dossiers, until the
 * page is full -- about the page divided by the share without a dossier
 * (287 rows for 50 at 100,000 employees, where every employee was read and
 * sorted).  params: employee_args(), then the cursor's name twice and id,
 * limit. */
#define SQL_PEOPLE_WITHOUT_AT(keyset, order) \
	SCOPE_CTE " SELECT e.id, e.login, e.name, COALESCE(dp.name, ''), COALESCE(m.name, ''), 0, 1" \
	" FROM employee e" WITHOUT_DOSSIER_JOIN \
	" LEFT JOIN department dp ON dp.id = e.department_id" \
	" LEFT JOIN employee m ON m.id = e.manager_id" \
	" WHERE" EMPLOYEE_SCOPE keyset order
static struct db_stmt_def q_people_without_after = DB_STMT(SQL_PEOPLE_WITHOUT_AT(
	" AND (e.name > ? OR (e.name = ? AND e.id > ?))", " ORDER BY e.name, e.id LIMIT ?"));
static struct db_stmt_def q_people_without_upto = DB_STMT(SQL_PEOPLE_WITHOUT_AT(
	" AND (e.name < ? OR (e.name = ? AND e.id <= ?))",
	" ORDER BY e.name DESC, e.id DESC LIMIT ?"));
/* The people behind a competence's level (issue 16); params after the
 * scope: competence id, level. */
static struct db_stmt_def q_people_competence = DB_STMT(
	SCOPE_CTE " " PERSON_COLUMNS ", COUNT(*)" PERSON_JOINS COMPETENCE_RATINGS
	" WHERE" DOSSIER_SCOPE COMPETENCE_VISIBLE " AND cr.competence_id = ? AND cr.level = ?"
	PERSON_TAIL);

/* The overview recounted from the cycle's rows (report_sql.h). */
static const struct report_source recount = {
	&q_conversations, &q_departments, &q_totals, &q_ratings, NULL,
};

static const char *const conversation_types[] = { "goal_setting", "progress", "assessment" };

/* How often the state is a parameter of q_people_conversations and
 * q_people_results: once per state it may name. */
#define CONV_STATE_PARAMS 6
#define RESULT_STATE_PARAMS 4

/* How many of report_scope_args' parameters are the CTE's (department, recursive). */
#define SCOPE_CTE_ARGS 2

size_t
report_scope_args(const struct report_scope *s, struct db_arg *a)
{
	a[0] = DB_INT(s->department_id);
	a[1] = DB_INT(s->recursive ? 1 : 0);
	a[2] = DB_INT(s->cycle_id);
	a[3] = DB_INT(s->department_id);
	a[4] = DB_INT(s->manager_id);
	a[5] = DB_INT(s->manager_id);
	return 6;
}

/* CTE and employee scope parameters (EMPLOYEE_SCOPE). */
static size_t
employee_args(const struct report_scope *s, struct db_arg *a)
{
	a[0] = DB_INT(s->department_id);
	a[1] = DB_INT(s->recursive ? 1 : 0);
	a[2] = DB_INT(s->cycle_id);
	a[3] = DB_INT(s->department_id);
	a[4] = DB_INT(s->manager_id);
	a[5] = DB_INT(s->manager_id);
	return 6;
}

/* ---- the overview ---- */

struct conv_counts {
	struct report_conv_row rows[ARRAY_LEN(conversation_types)];
};

static int
conv_count_row(void *ud, const struct db_row *r)
{
	struct conv_counts *cc = ud;
	size_t i;

	for (i = 0; i < ARRAY_LEN(conversation_types); i++) {
		struct report_conv_row *row = &cc->rows[i];

		if (strcmp(db_str(r, 0), conversation_types[i]) != 0)
			continue;
		/* Added up: a source may hand a type's counts over in several
		 * rows (the subtree sums' parts, report_summary.c), so that
		 * MariaDB need not group them through a temporary table. */
		row->planned += db_int(r, 1);
		row->held += db_int(r, 2);
		row->signing += db_int(r, 3);
		row->closed += db_int(r, 4);
		row->overdue += db_int(r, 5);
		row->total += db_int(r, 6);
	}
	return DB_OK;
}

int
report_source_conversations(struct db *db, const struct report_source *src,
    const struct report_scope *s, report_conv_fn fn, void *ud)
{
	struct conv_counts cc;
	struct db_arg a[DB_ARGS_MAX];
	size_t i, n = report_scope_args(s, a);
	int st;

	memset(&cc, 0, sizeof(cc));
	for (i = 0; i < ARRAY_LEN(conversation_types); i++)
		cc.rows[i].type = conversation_types[i];
	if ((st = db_query(db, src->conversations, a, n, conv_count_row, &cc)) != DB_OK)
		return st;
	/* Every type, also those without a conversation yet: the page shows zeros. */
	for (i = 0; i < ARRAY_LEN(conversation_types); i++)
		if ((st = fn(ud, &cc.rows[i])) != DB_OK)
			return st;
	return DB_OK;
}

int
report_conversations(struct db *db, const struct report_scope *s, report_conv_fn fn, void *ud)
{
	return report_source_conversations(db, &recount, s, fn, ud);
}

/* The most bytes of a department's name (department.name: 200
 * characters of utf8mb4). */
#define DEPT_NAME_BYTES 800

/* The rows of one department shown (its id, name and subtree flag), held
 * until the next department's: handed on with its types in the cycle's
 * order (conversation_types), whatever order they came in -- a statement
 * grouped by the type along a key reads them in the key's order
 * (assessment first), where ORDER BY FIELD(type, ...) took a sort. */
struct dept_cb {
	report_dept_fn fn;
	void *ud;
	bool held;			/* a department's rows are held */
	struct report_dept_row row;	/* its id, name (in name) and flag */
	char name[DEPT_NAME_BYTES + 1];
	struct report_conv_row conv[ARRAY_LEN(conversation_types)];
	bool has[ARRAY_LEN(conversation_types)];
};

/* The held department's rows, in the cycle's order of the types. */
static int
dept_flush(struct dept_cb *cb)
{
	size_t i;
	int st;

	for (i = 0; i < ARRAY_LEN(conversation_types); i++) {
		if (!cb->has[i])
			continue;
		cb->has[i] = false;
		cb->row.conv = cb->conv[i];
		if ((st = cb->fn(cb->ud, &cb->row)) != DB_OK)
			return st;
	}
	cb->held = false;
	return DB_OK;
}

static int
dept_row(void *ud, const struct db_row *r)
{
	struct dept_cb *cb = ud;
	const char *name = db_str(r, 1), *type = db_str(r, 3);
	int64_t id = db_int(r, 0);
	bool subtree = db_int(r, 2) != 0;
	size_t i;
	int st;

	for (i = 0; i < ARRAY_LEN(conversation_types); i++)
		if (strcmp(type, conversation_types[i]) == 0)
			break;
	if (i == ARRAY_LEN(conversation_types))
		return DB_ERROR;	/* conversation.type has no other value */
	if (cb->held && (cb->row.department_id != id || cb->row.subtree != subtree ||
	    strcmp(cb->name, name) != 0 || cb->has[i]) && (st = dept_flush(cb)) != DB_OK)
		return st;
	if (!cb->held) {
		if (!strlcopy(cb->name, name, sizeof(cb->name)))
			return DB_ERROR;
		cb->row = (struct report_dept_row){ .department_id = id, .department = cb->name,
			.subtree = subtree };
		cb->held = true;
	}
	cb->conv[i] = (struct report_conv_row){ .type = conversation_types[i],
		.planned = db_int(r, 4), .held = db_int(r, 5), .signing = db_int(r, 6),
		.closed = db_int(r, 7), .overdue = db_int(r, 8), .total = db_int(r, 9) };
	cb->has[i] = true;
	return DB_OK;
}

size_t
report_departments_args(const struct report_scope *s, struct db_arg *a)
{
	size_t n = report_scope_args(s, a);

	/* The level's two parameters go between the CTE's and the scope's. */
	memmove(&a[SCOPE_CTE_ARGS + 2], &a[SCOPE_CTE_ARGS], (n - SCOPE_CTE_ARGS) * sizeof(a[0]));
	a[SCOPE_CTE_ARGS] = DB_INT(s->department_id);
	/* Only a scope with sub-departments folds them into its level: a
	 * manager's dossiers are few and stay per department as they are, and
	 * a department alone has no sub-department's dossiers to fold (its
	 * map stays out of the plan: MariaDB sees an impossible WHERE). */
	a[SCOPE_CTE_ARGS + 1] = DB_INT(s->manager_id == 0 &&
	    (s->department_id == 0 || s->recursive) ? 1 : 0);
	return n + 2;
}

int
report_source_departments(struct db *db, const struct report_source *src,
    const struct report_scope *s, report_dept_fn fn, void *ud)
{
	struct dept_cb cb = { .fn = fn, .ud = ud };
	struct db_arg a[DB_ARGS_MAX];
	size_t n = report_departments_args(s, a);
	int st;

	if ((st = report_query_sorted(db, src->departments, a, n, &report_by_department,
	    dept_row, &cb)) != DB_OK)
		return st;
	return dept_flush(&cb);
}

int
report_departments(struct db *db, const struct report_scope *s, report_dept_fn fn, void *ud)
{
	return report_source_departments(db, &recount, s, fn, ud);
}

static int
one_int(void *ud, const struct db_row *r)
{
	*(int64_t *)ud = db_int(r, 0);
	return DB_OK;
}

/* src->totals' one row: dossiers, results, achieved, not achieved, in
 * progress. */
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
report_source_totals(struct db *db, const struct report_source *src,
    const struct report_scope *s, struct report_totals *out)
{
	struct db_arg a[DB_ARGS_MAX];
	size_t n = report_scope_args(s, a);
	int st;

	memset(out, 0, sizeof(*out));
	if ((st = db_query(db, src->totals, a, n, totals_row, out)) != DB_OK)
		return st;
	/* Employees without a dossier have no summary row: counted from the
	 * kept headcounts where the source has them, else here. */
	n = employee_args(s, a);
	return db_query(db, src->without ? src->without : &q_without, a, n, one_int,
	    &out->without_dossier);
}

int
report_totals(struct db *db, const struct report_scope *s, struct report_totals *out)
{
	return report_source_totals(db, &recount, s, out);
}

struct rating_cb {
	report_rating_fn fn;
	void *ud;
};

/* A rating fact's type, or RATING_SCALE's text, as the scale's id (0:
 * the cycle's own scale; -1: no scale id, which no statement gives). */
static int64_t
scale_of_type(const char *type)
{
	int64_t id;

	if (type[0] == '\0')
		return 0;
	return parse_id(type, strlen(type), &id) ? id : -1;
}

static int
rating_row(void *ud, const struct db_row *r)
{
	struct rating_cb *cb = ud;

	return cb->fn(cb->ud, scale_of_type(db_str(r, 0)), (int)db_int(r, 1), db_int(r, 2));
}

int
report_source_ratings(struct db *db, const struct report_source *src,
    const struct report_scope *s, report_rating_fn fn, void *ud)
{
	struct rating_cb cb = { fn, ud };
	struct db_arg a[DB_ARGS_MAX];
	size_t n = report_scope_args(s, a);

	return db_query(db, src->ratings, a, n, rating_row, &cb);
}

int
report_ratings(struct db *db, const struct report_scope *s, report_rating_fn fn, void *ud)
{
	return report_source_ratings(db, &recount, s, fn, ud);
}

struct collective_cb {
	report_collective_fn fn;
	void *ud;
};

static int
collective_row(void *ud, const struct db_row *r)
{
	struct collective_cb *cb = ud;
	struct collective_row g = collective_from_row(r);

	return cb->fn(cb->ud, &g, db_int(r, COLLECTIVE_NCOLS));
}

size_t
report_collective_args(const struct report_scope *s, struct db_arg *a)
{
	size_t n = report_scope_args(s, a);

	a[n++] = DB_INT(s->cycle_id);
	return n;
}

int
report_source_collective(struct db *db, struct db_stmt_def *q, const struct report_scope *s,
    report_collective_fn fn, void *ud)
{
	struct collective_cb cb = { fn, ud };
	struct db_arg a[DB_ARGS_MAX];
	size_t n = report_collective_args(s, a);

	return report_query_sorted(db, q, a, n, &report_by_collective, collective_row, &cb);
}

int
report_collective(struct db *db, const struct report_scope *s, report_collective_fn fn,
    void *ud)
{
	return report_source_collective(db, &q_collective, s, fn, ud);
}

/* ---- the people behind a number ---- */

int
report_person_row(void *ud, const struct db_row *r)
{
	struct report_person_cb *cb = ud;
	struct report_person p = {
		.employee_id = db_int(r, 0), .login = db_str(r, 1), .name = db_str(r, 2),
		.department = db_str(r, 3), .manager = db_str(r, 4), .dossier_id = db_int(r, 5),
		.count = db_int(r, 6),
	};

	return cb->fn(cb->ud, &p);
}

/* The people lists recounted from the cycle's rows (report_sql.h). */
static const struct report_people_source people_recount = {
	&q_people_dossiers, &q_people_conversations, &q_people_results, &q_people_rating,
	&q_people_collective, &q_people_without, &q_people_competence,
};

/* Appends the metric's own parameters; the statement, or NULL. */
static struct db_stmt_def *
metric_query(const struct report_people_source *src, const struct report_metric *m,
    struct db_arg *a, size_t *n)
{
	int i;

	switch (m->kind) {
	case METRIC_DOSSIERS:
		return src->dossiers;
	case METRIC_CONVERSATIONS:
		a[(*n)++] = DB_STR(m->type);
		for (i = 0; i < CONV_STATE_PARAMS; i++)
			a[(*n)++] = DB_STR(m->state);
		return src->conversations;
	case METRIC_RESULTS:
		for (i = 0; i < RESULT_STATE_PARAMS; i++)
			a[(*n)++] = DB_STR(m->state);
		return src->results;
	case METRIC_RATING:
		for (i = 0; i < SCALE_PARAM_ARGS; i++)
			a[(*n)++] = DB_INT(m->scale_id);
		a[(*n)++] = DB_INT(m->value);
		return src->rating;
	case METRIC_COLLECTIVE:
		a[(*n)++] = DB_INT(m->value);
		return src->collective;
	case METRIC_NO_DOSSIER:
		return src->without;
	case METRIC_COMPETENCE:
		a[(*n)++] = DB_INT(m->competence_id);
		a[(*n)++] = DB_INT(m->value);
		return src->competence;
	}
	return NULL;
}

struct db_stmt_def *
report_metric_args(const struct report_people_source *src, const struct report_scope *s,
    const struct report_metric *m, struct db_arg *a, size_t *n)
{
	*n = m->kind == METRIC_NO_DOSSIER ? employee_args(s, a) : report_scope_args(s, a);
	return metric_query(src, m, a, n);
}

struct db_stmt_def *
report_people_args(const struct report_people_source *src, const struct report_scope *s,
    const struct report_metric *m, int64_t offset, int64_t limit, struct db_arg *a, size_t *n)
{
	struct db_stmt_def *q;

	if ((q = report_metric_args(src, s, m, a, n)) == NULL)
		return NULL;
	a[(*n)++] = DB_INT(limit);
	a[(*n)++] = DB_INT(offset);
	return q;
}

int
report_source_people(struct db *db, const struct report_people_source *src,
    const struct report_scope *s, const struct report_metric *m, int64_t offset,
    int64_t limit, report_person_fn fn, void *ud)
{
	struct report_person_cb cb = { fn, ud };
	struct db_arg a[DB_ARGS_MAX];
	struct db_stmt_def *q;
	size_t n;

	if ((q = report_people_args(src, s, m, offset, limit, a, &n)) == NULL)
		return DB_ERROR;
	return db_query(db, q, a, n, report_person_row, &cb);
}

int
report_people(struct db *db, const struct report_scope *s, const struct report_metric *m,
    int64_t offset, int64_t limit, report_person_fn fn, void *ud)
{
	return report_source_people(db, &people_recount, s, m, offset, limit, fn, ud);
}

int
report_people_without_at(struct db *db, const struct report_scope *s,
    const struct report_cursor *at, int64_t limit, report_person_fn fn, void *ud)
{
	struct report_person_cb cb = { fn, ud };
	struct db_arg a[DB_ARGS_MAX];
	size_t n = employee_args(s, a);

	a[n++] = DB_STR(at->name);
	a[n++] = DB_STR(at->name);
	a[n++] = DB_INT(at->employee_id);
	a[n++] = DB_INT(limit);
	return db_query(db, at->backward ? &q_people_without_upto : &q_people_without_after, a, n,
	    report_person_row, &cb);
}

/* ---- whom a reminder from the reports goes to (pages/reports_remind.c) ---- */

/* The people of q_people_conversations with the one conversation of the
 * number a reminder names: of its matches the first not closed, earliest
 * due.  params after the scope: type, the state six times, the limit. */
static struct db_stmt_def q_remind_people = DB_STMT(
	SCOPE_CTE " SELECT id, name, email, active, lang, conv, type, status,"
	" COALESCE(DATE_FORMAT(due, '%Y-%m-%d'), ''), cycle, mgr"
	" FROM (SELECT u.*, ROW_NUMBER() OVER (PARTITION BY u.dossier"
	" ORDER BY u.status = 'closed', u.due IS NULL, u.due, u.seq, u.conv) AS nth"
	" FROM (SELECT d.id AS dossier, e.id, e.name, COALESCE(e.email, '') AS email, e.active,"
	" COALESCE(e.lang, '') AS lang, c.id AS conv, c.seq, c.type, c.status,"
	" " DUE_ON " AS due, y.name AS cycle, COALESCE(m.name, '') AS mgr"
	DOSSIERS " JOIN conversation c ON c.dossier_id = d.id JOIN cycle y ON y.id = d.cycle_id"
	" LEFT JOIN employee m ON m.id = d.manager_id"
	" WHERE" DOSSIER_SCOPE " AND c.type = ? AND" CONV_STATE_IS ") u) t"
	" WHERE nth = 1 ORDER BY name, id LIMIT ?");

struct remind_cb {
	report_remind_fn fn;
	void *ud;
};

static int
remind_row(void *ud, const struct db_row *r)
{
	struct remind_cb *cb = ud;
	struct report_remind_row row = {
		.employee_id = db_int(r, 0), .name = db_str(r, 1), .email = db_str(r, 2),
		.active = db_int(r, 3) != 0, .lang = db_str(r, 4), .conversation_id = db_int(r, 5),
		.type = db_str(r, 6), .status = db_str(r, 7), .due_on = db_str(r, 8),
		.cycle = db_str(r, 9), .manager = db_str(r, 10),
	};

	return cb->fn(cb->ud, &row);
}

size_t
report_conv_metric_args(const struct report_metric *m, struct db_arg *a)
{
	size_t n = 0;
	int i;

	a[n++] = DB_STR(m->type);
	for (i = 0; i < CONV_STATE_PARAMS; i++)
		a[n++] = DB_STR(m->state);
	return n;
}

int
report_source_remind(struct db *db, struct db_stmt_def *q, const struct db_arg *a, size_t n,
    report_remind_fn fn, void *ud)
{
	struct remind_cb cb = { fn, ud };

	return db_query(db, q, a, n, remind_row, &cb);
}

int
report_source_remind_sorted(struct db *db, struct db_stmt_def *q, const struct db_arg *a,
    size_t n, const struct report_order *o, report_remind_fn fn, void *ud)
{
	struct remind_cb cb = { fn, ud };

	return report_query_sorted(db, q, a, n, o, remind_row, &cb);
}

int
report_remind_people(struct db *db, const struct report_scope *s, const struct report_metric *m,
    int64_t limit, report_remind_fn fn, void *ud)
{
	struct db_arg a[DB_ARGS_MAX];
	size_t n;

	if (m->kind != METRIC_CONVERSATIONS)
		return DB_ERROR;
	n = report_scope_args(s, a);
	n += report_conv_metric_args(m, a + n);
	a[n++] = DB_INT(limit);
	return report_source_remind(db, &q_remind_people, a, n, fn, ud);
}

/* ---- the plans of the page statements (gesprekctl explain-reports) ---- */

/* The tables behind the aliases of the report statements (here, in
 * report_sql.h and in report_summary.c; one alias, one table), so that a
 * plan names what it reads. */
static const struct {
	const char *alias, *table;
} plan_tables[] = {
	{ "f", "dossier_summary" }, { "s", "department_cycle_summary" }, { "d", "dossier" },
	{ "x", "dossier" }, { "c", "conversation" }, { "ic", "conversation" }, { "i", "item" },
	{ "e", "employee" }, { "m", "employee" }, { "dp", "department" }, { "k", "department" },
	{ "a", "department_ancestor" }, { "anc", "department_ancestor" },
	{ "department_ancestor", "department_ancestor" }, { "g", "collective_goal" },
	{ "y", "cycle" }, { "cs", "cycle_step" }, { "t", "department_staff" },
	{ "ts", "department_tree_summary" }, { "l", "department" },
	{ "tt", "department_tree_staff" }, { "kc", "cycle_dossier_count" },
	{ "cp", "competence" }, { "tv", "template_version" }, { "dv", "template_version" },
	{ "dt", "template" }, { "ct", "cycle_template" }, { "cd", "cycle_template" },
	{ "sc", "template_scale" }, { "sl", "template_scale_level" },
	{ "sx", "template_section" },
};

static const char *
plan_table(const char *alias)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(plan_tables); i++)
		if (strcmp(plan_tables[i].alias, alias) == 0)
			return plan_tables[i].table;
	/* <derivedN>, <subqueryN>, a CTE: the server's own name. */
	return alias;
}

struct plan_cb {
	const char *statement;
	report_plan_fn fn;
	void *ud;
};

/* EXPLAIN's columns: id, select_type, table, type, possible_keys, key,
 * key_len, ref, rows, Extra. */
static int
plan_row(void *ud, const struct db_row *r)
{
	struct plan_cb *cb = ud;
	struct report_plan_row p = {
		.statement = cb->statement, .id = db_int(r, 0), .select_type = db_str(r, 1),
		.alias = db_str(r, 2), .table = plan_table(db_str(r, 2)), .type = db_str(r, 3),
		.key = db_str(r, 5), .rows = db_int(r, 8), .extra = db_str(r, 9),
	};

	return cb->fn(cb->ud, &p);
}

int
report_explain_run(struct db *db, const char *statement, struct db_stmt_def *q,
    const struct db_arg *a, size_t n, report_plan_fn fn, void *ud)
{
	struct plan_cb cb = { statement, fn, ud };

	return db_query(db, q, a, n, plan_row, &cb);
}

/* The statements of the pages that stay recounts: the employees without a
 * dossier (they have no summary rows), their count and their list. */
int
report_explain_without(struct db *db, const struct report_scope *s, report_plan_fn fn,
    void *ud)
{
	struct db_arg a[DB_ARGS_MAX];
	size_t n = employee_args(s, a);
	int st;

	if ((st = report_explain_run(db, "overview.without_dossier", &e_without, a, n, fn,
	    ud)) != DB_OK)
		return st;
	return report_explain_people_without(db, s, fn, ud);
}

int
report_explain_people_without(struct db *db, const struct report_scope *s, report_plan_fn fn,
    void *ud)
{
	struct db_arg a[DB_ARGS_MAX];
	size_t n = employee_args(s, a);

	a[n++] = DB_INT(REPORT_EXPLAIN_PAGE_ROWS);
	a[n++] = DB_INT(0);
	return report_explain_run(db, "people.no_dossier", &e_people_without, a, n, fn, ud);
}

/* ---- the distributions per department (issue 16) ---- */

/* Each visible overall rating and manager's competence rating of the
 * dossiers in scope, once per kind (x), folded to one level as
 * q_departments; cid the rating's scale (RATING_SCALE_ID) or the
 * competence.  params: report_departments_args(). */
static struct db_stmt_def q_distribution = DB_STMT(
	SCOPE_CTE " SELECT COALESCE(k.id, e.department_id, 0) AS fid,"
	" COALESCE(k.name, dp.name, '') AS fname, k.id IS NOT NULL AS folded, x.kind,"
	" IF(x.kind = 'rating', " RATING_SCALE_ID ", cr.competence_id) AS cid,"
	" COALESCE(cp.name_nl, '') AS cname,"
	" COALESCE(cp.name_en, ''), IF(x.kind = 'rating', c.overall_rating, cr.level) AS value,"
	" COUNT(*), WEIGHT_STRING(COALESCE(k.name, dp.name, '')),"
	" WEIGHT_STRING(COALESCE(cp.name_nl, ''))" DOSSIERS " JOIN conversation c ON c.dossier_id = d.id"
	" JOIN (SELECT 'rating' AS kind UNION ALL SELECT 'competence') x"
	" LEFT JOIN competence_rating cr ON x.kind = 'competence' AND cr.conversation_id = c.id"
	" LEFT JOIN competence cp ON cp.id = cr.competence_id"
	" LEFT JOIN department dp ON dp.id = e.department_id"
	" LEFT JOIN (department_ancestor a JOIN department k ON k.id = a.up"
	" AND k.parent_id <=> NULLIF(?, 0)) ON ? = 1 AND a.dep = e.department_id"
	" WHERE" DOSSIER_SCOPE " AND ((x.kind = 'rating'" RATING_VISIBLE ")"
	" OR (x.kind = 'competence'" COMPETENCE_VISIBLE "))"
	" GROUP BY fname, fid, folded, x.kind, cid, cname, 7, value"
	" ORDER BY fname, fid, x.kind = 'competence', cname, cid, value");

/* The competence scales' levels of the cycle's forms (report.h); params:
 * the cycle. */
struct db_stmt_def report_levels_stmt = DB_STMT(
	"SELECT l.value, MIN(l.label_nl), COALESCE(MIN(l.label_en), '')"
	" FROM template_section ts"
	" JOIN template_scale sc ON sc.version_id = ts.version_id AND sc.skey = ts.scale_key"
	" JOIN template_scale_level l ON l.scale_id = sc.id"
	" WHERE ts.conv_type = 'assessment' AND ts.kind = 'competences' AND ts.version_id IN ("
	" SELECT ct.template_version_id FROM cycle_template ct WHERE ct.cycle_id = ?"
	" UNION SELECT MAX(tv.id) FROM template_version tv JOIN template t"
	" ON t.id = tv.template_id WHERE t.is_default = 1)"
	" GROUP BY l.value ORDER BY l.value");

struct dist_cb {
	report_dist_fn fn;
	void *ud;
};

static int
dist_row(void *ud, const struct db_row *r)
{
	struct dist_cb *cb = ud;
	struct report_dist_row row = {
		.department_id = db_int(r, 0), .department = db_str(r, 1),
		.subtree = db_int(r, 2) != 0, .kind = db_str(r, 3),
		.name_nl = db_str(r, 5), .name_en = db_str(r, 6), .value = (int)db_int(r, 7),
		.count = db_int(r, 8),
	};
	bool rating = strcmp(row.kind, "rating") == 0;

	/* The fifth column is the kind's id: a rating's scale, a competence. */
	row.scale_id = rating ? db_int(r, 4) : 0;
	row.competence_id = rating ? 0 : db_int(r, 4);

	return cb->fn(cb->ud, &row);
}

int
report_source_distribution(struct db *db, struct db_stmt_def *q, const struct report_scope *s,
    report_dist_fn fn, void *ud)
{
	struct dist_cb cb = { fn, ud };
	struct db_arg a[DB_ARGS_MAX];
	size_t n = report_departments_args(s, a);

	return report_query_sorted(db, q, a, n, &report_by_distribution, dist_row, &cb);
}

int
report_distribution(struct db *db, const struct report_scope *s, report_dist_fn fn, void *ud)
{
	return report_source_distribution(db, &q_distribution, s, fn, ud);
}

struct level_cb {
	report_level_fn fn;
	void *ud;
};

static int
level_row(void *ud, const struct db_row *r)
{
	struct level_cb *cb = ud;
	struct report_level l = {
		.value = (int)db_int(r, 0), .label_nl = db_str(r, 1), .label_en = db_str(r, 2),
	};

	return cb->fn(cb->ud, &l);
}

int
report_competence_levels(struct db *db, int64_t cycle_id, report_level_fn fn, void *ud)
{
	struct level_cb cb = { fn, ud };

	return db_query(db, &report_levels_stmt, DB_ARGS(DB_INT(cycle_id)), level_row, &cb);
}
