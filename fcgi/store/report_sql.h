/* report_sql.h -- what the overview counts, as SQL fragments shared by the
 * recount (report.c), the summaries kept by the writes (summary.c) and
 * their reads (report_summary.c): one definition, so the kept counts and
 * the recount cannot drift apart.  Private to fcgi/store/.  The aliases:
 * d the dossier, c a conversation of it, i an item of it, ic the
 * conversation the item was created in. */
#ifndef GESPREK_STORE_REPORT_SQL_H
#define GESPREK_STORE_REPORT_SQL_H

/* The due date of conversation c: its own, else its cycle step's. */
#define DUE_ON \
	"COALESCE(c.due_on, (SELECT cs.due_on FROM cycle_step cs" \
	" WHERE cs.cycle_id = d.cycle_id AND cs.seq = c.seq))"
#define NOT_HELD "c.status IN ('planned', 'preparing')"
#define OVERDUE "(" NOT_HELD " AND " DUE_ON " < UTC_DATE())"
/* Item i (created in conversation ic) as both parties may see it. */
#define ITEM_VISIBLE \
	"(ic.id IS NULL OR ic.status IN ('held', 'finalized', 'closed')" \
	" OR (i.author_id = d.employee_id AND ic.employee_shared = 1)" \
	" OR (COALESCE(i.author_id, 0) <> d.employee_id AND ic.manager_shared = 1))"
/* A result goal that counts: a visible result item, not cancelled. */
#define RESULT_ITEMS \
	" JOIN item i ON i.dossier_id = d.id" \
	" LEFT JOIN conversation ic ON ic.id = i.created_in_conversation_id"
#define RESULT_COUNTS \
	" AND i.kind = 'result' AND i.status <> 'cancelled' AND " ITEM_VISIBLE
#define IN_PROGRESS_STATES "('open', 'on_track', 'at_risk')"
#define IN_PROGRESS "i.status IN " IN_PROGRESS_STATES
/* Conversation c is of the state a number names (the state six times;
 * report_conv_metric_args). */
#define CONV_STATE_IS \
	" (? = 'total' OR (? = 'planned' AND " NOT_HELD ")" \
	" OR (? = 'held' AND c.status = 'held') OR (? = 'signing' AND c.status = 'finalized')" \
	" OR (? = 'closed' AND c.status = 'closed') OR (? = 'overdue' AND " OVERDUE "))"
/* An overall rating both parties may see. */
#define RATING_VISIBLE \
	" AND c.type = 'assessment' AND c.overall_rating IS NOT NULL" \
	" AND (c.status IN ('held', 'finalized', 'closed') OR c.manager_shared = 1)"
/* ---- the scale of an overall rating (issue 16) ----
 * The template version of conversation c: its own, or -- one from before
 * templates were assigned at a cycle's start -- the default template's
 * newest (the one rule of store/answer.c's ANSWER_TV, by which
 * store/outcome.c reads the final scale a rating is confirmed on). */
#define CONV_VERSION \
	"COALESCE(c.template_version_id, (SELECT dv.id FROM template dt" \
	" JOIN template_version dv ON dv.template_id = dt.id WHERE dt.is_default = 1" \
	" ORDER BY dv.number DESC LIMIT 1))"
/* col of the final scale fs of c's version (NULL: the version names none,
 * or a key of no scale of its own -- outcome.c then rates on the cycle's). */
#define FINAL_SCALE_OF(col) \
	"(SELECT " col " FROM template_version fv JOIN template_scale fs" \
	" ON fs.version_id = fv.id AND fs.skey = fv.final_scale_key WHERE fv.id = " CONV_VERSION ")"
/* The scale c's overall rating is on, as a rating fact's type: the
 * template scale's id in decimal text, '' for the cycle's own scale
 * (cycle.rating_scale, valued 1, 2, ...).  Values of different scales are
 * different facts: a 3 on 0..3 is not a 3 on 1..5. */
#define RATING_SCALE "COALESCE(" FINAL_SCALE_OF("CAST(fs.id AS CHAR)") ", '')"
/* The same as a number (0: the cycle's). */
#define RATING_SCALE_ID "COALESCE(" FINAL_SCALE_OF("fs.id") ", 0)"
/* A scale id parameter (0: the cycle's) as RATING_SCALE's text; takes it
 * twice. */
#define SCALE_PARAM "IF(? = 0, '', CAST(? AS CHAR))"
/* How often SCALE_PARAM takes its parameter. */
#define SCALE_PARAM_ARGS 2

/* A leaver's dossier ('left', store/cycle_people.c) counts nowhere: not as
 * work to complete, not as overdue. */
#define DOSSIER_COUNTS " d.status <> 'left'"

/* ---- competence ratings (issue 16: the overview's distributions) ----
 * The manager's rating (cr) of a competence in an assessment c of the
 * dossier, as both parties may see it: the rule of RATING_VISIBLE, plus
 * a rating its author shared on its own (shared_at, sql/070).  The
 * employee's self-assessment is no rating of the manager's and never
 * counts. */
#define COMPETENCE_RATINGS \
	" JOIN conversation c ON c.dossier_id = d.id" \
	" JOIN competence_rating cr ON cr.conversation_id = c.id"
#define COMPETENCE_VISIBLE \
	" AND c.type = 'assessment' AND cr.role = 'manager' AND cr.level IS NOT NULL" \
	" AND (c.status IN ('held', 'finalized', 'closed') OR c.manager_shared = 1" \
	" OR cr.shared_at IS NOT NULL)"

#include <stddef.h>

#include "store/db.h"
#include "store/report.h"

/* Where the overview's numbers come from: recounted from the cycle's rows
 * (report.c) or read from the summaries (report_summary.c).  Both sets of
 * statements take the same parameters -- report_scope_args(), and for
 * departments the level's two between the CTE's and the scope's -- and
 * answer the same columns, so one reader serves both (report.c). */
struct report_source {
	struct db_stmt_def *conversations;	/* type, planned held signing closed overdue total */
	struct db_stmt_def *departments;	/* id, name, folded, type, the six counts */
	struct db_stmt_def *totals;		/* dossiers, results, achieved, not achieved,
						 * in progress */
	struct db_stmt_def *ratings;		/* scale (RATING_SCALE's text), value,
						 * count: by scale, then value */
	/* The employees without a dossier, one count; params as report.c's
	 * employee scope (the CTE's, cycle, department, manager twice).
	 * NULL: the recount's, from the employees. */
	struct db_stmt_def *without;
};
/* The scope's parameters (the CTE's two, then cycle, department, manager
 * twice) into a; returns how many. */
size_t report_scope_args(const struct report_scope *s, struct db_arg *a);
int report_source_conversations(struct db *db, const struct report_source *src,
    const struct report_scope *s, report_conv_fn fn, void *ud);
int report_source_departments(struct db *db, const struct report_source *src,
    const struct report_scope *s, report_dept_fn fn, void *ud);
int report_source_ratings(struct db *db, const struct report_source *src,
    const struct report_scope *s, report_rating_fn fn, void *ud);
/* The totals, one decoder for both sources, with the employees without a
 * dossier (recounted for both: they have no summary row). */
int report_source_totals(struct db *db, const struct report_source *src,
    const struct report_scope *s, struct report_totals *out);


/* The people behind a number, recounted (report.c) or read from the
 * dossiers' summary rows (report_summary.c): the statements take the same
 * parameters -- report_people_args() -- and answer the same columns
 * (employee id, login, name, department, manager, dossier, count). */
struct report_people_source {
	struct db_stmt_def *dossiers, *conversations, *results, *rating, *collective, *without;
	/* A competence's level (issue 16): params competence id, level. */
	struct db_stmt_def *competence;
};
/* The statement of metric m and its parameters (into a, *n of them):
 * the scope's, the metric's, then limit and offset; NULL for an unknown
 * metric. */
/* The statement of metric m with the scope's and the metric's parameters
 * only (into a, *n of them): the keyset pages of report_summary.c append
 * their own; NULL for an unknown metric. */
struct db_stmt_def *report_metric_args(const struct report_people_source *src,
    const struct report_scope *s, const struct report_metric *m, struct db_arg *a, size_t *n);
/* A people list's row (PERSON_COLUMNS' order, then the count) handed to
 * fn: the one decoder of the recount's lists and the summaries'. */
struct report_person_cb {
	report_person_fn fn;
	void *ud;
};
int report_person_row(void *ud, const struct db_row *r);
/* The people without a dossier a page at a time from a cursor (report.h),
 * recounted: they have no facts. */
int report_people_without_at(struct db *db, const struct report_scope *s,
    const struct report_cursor *at, int64_t limit, report_person_fn fn, void *ud);
struct db_stmt_def *report_people_args(const struct report_people_source *src,
    const struct report_scope *s, const struct report_metric *m, int64_t offset,
    int64_t limit, struct db_arg *a, size_t *n);
int report_source_people(struct db *db, const struct report_people_source *src,
    const struct report_scope *s, const struct report_metric *m, int64_t offset,
    int64_t limit, report_person_fn fn, void *ud);
/* The collective goals with their counts: report_scope_args() and the
 * cycle once more; columns COLLECTIVE_COLUMNS, the count and COLLECTIVE_KEY. */
size_t report_collective_args(const struct report_scope *s, struct db_arg *a);
/* After the count, the goal's department's name as the collation orders
 * it: report_source_collective shows the goals for everyone first, then by
 * that name and id (ORDER BY g.department_id IS NOT NULL, dp.name, g.id,
 * which took MariaDB a temporary table and a filesort). */
#define COLLECTIVE_KEY ", WEIGHT_STRING(dp.name)"
#define COLLECTIVE_KEY_COL (COLLECTIVE_NCOLS + 1)
int report_source_collective(struct db *db, struct db_stmt_def *q,
    const struct report_scope *s, report_collective_fn fn, void *ud);
/* A conversations metric's parameters (type, the state six times) into
 * a; returns how many. */
size_t report_conv_metric_args(const struct report_metric *m, struct db_arg *a);
/* Runs a reminder list statement (report.h's columns) with its arguments. */
int report_source_remind(struct db *db, struct db_stmt_def *q, const struct db_arg *a,
    size_t n, report_remind_fn fn, void *ud);
/* The same, its rows sorted and picked by o (report_query_sorted, below). */
struct report_order;
int report_source_remind_sorted(struct db *db, struct db_stmt_def *q, const struct db_arg *a,
    size_t n, const struct report_order *o, report_remind_fn fn, void *ud);
/* A statement's rows sorted and grouped here, not by MariaDB
 * (report_sort.c): rows that cmp finds in order and same finds of one
 * group (NULL: every row its own) are handed on as one, their columns
 * sums[] added up; a group whose last sum is 0 is left out (HAVING SUM(n)
 * <> 0).  cmp compares two struct db_row (a qsort comparator). */
#define REPORT_SUM_COLS_MAX 6
struct report_order {
	int (*cmp)(const void *x, const void *y);
	bool (*same)(const struct db_row *a, const struct db_row *b);
	size_t sums[REPORT_SUM_COLS_MAX];
	size_t nsums;
};
int report_query_sorted(struct db *db, struct db_stmt_def *q, const struct db_arg *a, size_t n,
    const struct report_order *o, db_row_fn fn, void *ud);
/* The orders of the table per department (DEPT_KEY_COL), the
 * distributions (DIST_KEYS_COL) and the collective goals (COLLECTIVE_KEY),
 * as their statements' GROUP BY and ORDER BY were (report_sort.c). */
extern const struct report_order report_by_department, report_by_distribution,
    report_by_collective;
/* Column i of two rows: as sort keys (bytes, then length; NULL first), as
 * integers; whether equal byte for byte (NULL only to NULL). */
int report_key_cmp(const struct db_row *a, const struct db_row *b, size_t i);
int report_int_cmp(const struct db_row *a, const struct db_row *b, size_t i);
bool report_col_same(const struct db_row *a, const struct db_row *b, size_t i);
/* The table per department's columns: the department shown (id, name,
 * subtree flag), the type, its six counts, then its name as the collation
 * orders it, by which report_source_departments sorts and groups them. */
#define DEPT_KEY_COL 10
/* The distributions' columns (report.h): the department shown (id, name,
 * subtree flag), kind, its id (cid), the competence's two names, value,
 * count, then the department's and the Dutch competence name as the
 * collation orders them, by which report_source_distribution sorts and
 * groups them. */
#define DIST_KEYS_COL 9
/* The departments' parameters: the CTE's, the level's two, the scope's. */
size_t report_departments_args(const struct report_scope *s, struct db_arg *a);
/* EXPLAINs statement q (an "EXPLAIN ..." one) with its arguments; fn sees
 * each table of its plan under the name `statement`. */
int report_explain_run(struct db *db, const char *statement, struct db_stmt_def *q,
    const struct db_arg *a, size_t n, report_plan_fn fn, void *ud);
/* The plans of the recounts the pages keep (report.c): the employees
 * without a dossier, their count and their list; the list alone. */
int report_explain_without(struct db *db, const struct report_scope *s, report_plan_fn fn,
    void *ud);
int report_explain_people_without(struct db *db, const struct report_scope *s,
    report_plan_fn fn, void *ud);

/* The distributions per department (issue 16), recounted (report.c) or
 * read from the summaries (report_summary.c): both statements take
 * report_departments_args() and answer report_dist_row's columns. */
int report_source_distribution(struct db *db, struct db_stmt_def *q,
    const struct report_scope *s, report_dist_fn fn, void *ud);

#endif
