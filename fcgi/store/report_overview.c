/* report_overview.c -- HR's overview of the whole organisation in one
 * statement (report_summary.h summary_report_prefetch; issue 21).
 *
 * The overview's readers -- the conversations, the table per department,
 * the totals, the employees without a dossier, the overall ratings and
 * their scales, the distributions and their competence levels, the
 * collective goals -- ran nine statements, each with its own CTE, five of
 * them grouping or sorting through a temporary table.  MariaDB plans every
 * statement again at each execution, and most of their cost was that
 * planning (tests/bench/RESULTS.md, h-hrov).  In HR's scope they all read
 * the same few rows: the subtree sums of the top departments
 * (department_tree_summary), which are both the scope's roots and the
 * level the table shows, and the own sums of department 0 (the employees
 * without one).  So one UNION ALL reads those rows once, every kind at
 * once, with the kept headcounts, the goals, the scales and the levels,
 * in no order (report_overview_rows.c sorts them by their tag and
 * joins their names); here they are added up, grouped and sorted as each
 * reader's own statement would (by MariaDB's collation through
 * WEIGHT_STRING), and kept as that statement's answer (db.h
 * db_prefetch_keep).  Every reader keeps its own statement and its own
 * code: a reader asks as always and gets the rows its statement would
 * have returned.  Another scope (a department, a manager's) runs the
 * readers' statements as before. */
#include "config.h"

#include "base/util.h"
#include "store/report_overview.h"
#include "store/report_sql.h"
#include "store/report_tree_sql.h"

/* A sums row (tags L and O): the department it is shown under, kind,
 * type, state, value, whether its due date has passed, n.  The
 * department's name and sort key come from its T row, a competence's
 * names and sort key from its P row (report_overview_rows.c names()):
 * joined in the statement, each row carried them (five columns of ~100
 * rows) and the competences were looked up row by row, a third of what
 * MariaDB spent on this part (tests/bench/RESULTS.md, h-hrov3). */
#define OV_SUM_COLS(A) \
	" " A ".kind, " A ".type, " A ".state, " A ".value, " A ".due_on < UTC_DATE(), " A ".n FROM"
/* L: the top departments' subtree sums, every kind, by the key (cycle,
 * department); O: department 0's own, by its primary key. */
#define OV_LEVEL \
	"SELECT STRAIGHT_JOIN 'L'," OV_PAD4 OV_PAD2 " l.id," OV_SUM_COLS("ts") \
	" department l JOIN department_tree_summary ts ON ts.cycle_id = ? AND ts.department_id = l.id" \
	" WHERE l.parent_id IS NULL"
#define OV_OWN \
	" UNION ALL SELECT 'O'," OV_PAD4 OV_PAD2 " 0," OV_SUM_COLS("s") \
	" department_cycle_summary s FORCE INDEX (PRIMARY) WHERE s.cycle_id = ? AND s.department_id = 0"
/* T: the top departments (their names for L, and the filter's top level,
 * department_sql.h's columns); P: the competences' names
 * (COALESCE(cp.name_nl, '') and its sort key, COALESCE(cp.name_en, '')). */
#define OV_TOPS \
	" UNION ALL SELECT 'T'," OV_PAD8 OV_PAD1 " dp.id, dp.name, dp.version, WEIGHT_STRING(dp.name)" \
	" FROM department dp WHERE dp.parent_id IS NULL"
#define OV_COMPETENCES \
	" UNION ALL SELECT 'P'," OV_PAD8 OV_PAD1 " cp.id, COALESCE(cp.name_nl, ''), COALESCE(cp.name_en, '')," \
	" WEIGHT_STRING(COALESCE(cp.name_nl, '')) FROM competence cp"
/* W and V: the kept headcounts (cycle 0: the active employees) of the
 * top departments' subtrees and of department 0, as report_summary.c's
 * SQL_WITHOUT_KEPT reads them. */
#define OV_STAFF \
	" UNION ALL SELECT STRAIGHT_JOIN 'W'," OV_PAD8 OV_PAD2 OV_PAD1 " tt.cycle_id, tt.n" \
	" FROM department l JOIN department_tree_staff tt ON tt.department_id = l.id" \
	" AND tt.cycle_id IN (0, ?) WHERE l.parent_id IS NULL" \
	" UNION ALL SELECT 'V'," OV_PAD8 OV_PAD2 OV_PAD1 " t.cycle_id, t.n" \
	" FROM department_staff t FORCE INDEX (PRIMARY) WHERE t.cycle_id IN (0, ?)" \
	" AND t.department_id = 0"
/* G: the cycle's collective goals, the dossiers a department's goal
 * stands on (its department's subtree sums of kind dossier:
 * report_tree.c's G_DOSSIERS in HR's scope), and their department's sort
 * key.  A goal for everyone stands on the L and O rows of kind dossier
 * (the top departments' subtrees and department 0's own), added up in
 * report_overview_rows.c goal_dossiers(): two correlated subqueries fewer,
 * planned at every execution before. */
#define OV_GOALS \
	" UNION ALL SELECT 'G', " COLLECTIVE_COLUMNS ", IF(g.department_id IS NULL, NULL," \
	" COALESCE((SELECT SUM(ts.n) FROM department_tree_summary ts WHERE ts.cycle_id = g.cycle_id" \
	" AND ts.department_id = g.department_id AND ts.kind = 'dossier'), 0))," \
	" WEIGHT_STRING(dp.name)" \
	" FROM collective_goal g LEFT JOIN department dp ON dp.id = g.department_id" \
	" WHERE g.cycle_id = ?"
/* S: report_scale.c's scales with the version's id (its ORDER BY's last
 * key); K: report.c's competence levels, ungrouped, with the labels' sort
 * keys.  params: the cycle twice, the cycle.  S reads the versions the
 * cycle names (and the default's newest) first, then each by its primary
 * key: as report_scale.c's `tv.id IN (... UNION SELECT MAX ...)`, which
 * MariaDB cannot make a semi-join, it read every form version whole
 * (h-scopes2). */
#define OV_TEMPLATE_VERSIONS \
	" (SELECT ct.template_version_id FROM cycle_template ct WHERE ct.cycle_id = ?"
#define OV_SCALES \
	" UNION ALL SELECT 'S'," OV_PAD4 " COALESCE(sc.id, 0), COALESCE(sc.skey, ''), tv.name_nl," \
	" COALESCE(tv.name_en, ''), tv.number, COALESCE(sl.value, -1), COALESCE(sl.label_nl, '')," \
	" COALESCE(sl.label_en, ''), tv.id FROM" OV_TEMPLATE_VERSIONS \
	" UNION SELECT MAX(dv.id) FROM template dt JOIN template_version dv" \
	" ON dv.template_id = dt.id WHERE dt.is_default = 1 AND NOT EXISTS (SELECT 1" \
	" FROM cycle_template cd WHERE cd.cycle_id = ? AND cd.scope = 'default')) vs" \
	" STRAIGHT_JOIN template_version tv FORCE INDEX (PRIMARY) ON tv.id = vs.template_version_id" \
	" LEFT JOIN template_scale sc ON sc.version_id = tv.id AND sc.skey = tv.final_scale_key" \
	" LEFT JOIN template_scale_level sl ON sl.scale_id = sc.id"
#define OV_LEVELS \
	" UNION ALL SELECT 'K'," OV_PAD8 " sl.value, sl.label_nl, WEIGHT_STRING(sl.label_nl)," \
	" sl.label_en, WEIGHT_STRING(sl.label_en) FROM template_section sx" \
	" JOIN template_scale sc ON sc.version_id = sx.version_id AND sc.skey = sx.scale_key" \
	" JOIN template_scale_level sl ON sl.scale_id = sc.id" \
	" WHERE sx.conv_type = 'assessment' AND sx.kind = 'competences' AND sx.version_id IN" \
	OV_TEMPLATE_VERSIONS " UNION SELECT MAX(tv.id) FROM template_version tv JOIN template dt" \
	" ON dt.id = tv.template_id WHERE dt.is_default = 1)"
#define OV_PARTS OV_LEVEL OV_OWN OV_TOPS OV_COMPETENCES OV_STAFF OV_GOALS OV_SCALES OV_LEVELS
static struct db_stmt_def q_overview = DB_STMT(OV_PARTS);
/* The same with the filter's lists above the numbers (the cycle list and
 * the top departments, report_overview_filter.c): the page's one
 * statement. */
static struct db_stmt_def q_overview_page = DB_STMT(OV_PARTS OVERVIEW_FILTER_PARTS);
/* The parameters: every one is the cycle. */
#define OV_ARGS 8

/* ---- the readers' answers ---- */

static bool
not_held(const struct sum_row *s)
{
	return col_is(s->state, "planned") || col_is(s->state, "preparing");
}

/* The six counts of SQL_TREE_CONVERSATIONS' CONV_COUNTS, from column at. */
static void
out_counts(struct out *o, size_t at, const int64_t c[6])
{
	size_t i;

	for (i = 0; i < 6; i++)
		out_int(o, at + i, c[i]);
}

static void
conv_counts(const struct sum_row *s, int64_t c[6])
{
	c[0] = not_held(s) ? s->n : 0;
	c[1] = col_is(s->state, "held") ? s->n : 0;
	c[2] = col_is(s->state, "finalized") ? s->n : 0;
	c[3] = col_is(s->state, "closed") ? s->n : 0;
	c[4] = not_held(s) && s->overdue ? s->n : 0;
	c[5] = s->n;
}

/* The conversations (SQL_TREE_CONVERSATIONS): each row as read, which the
 * reader adds up per type; the level's rows and department 0's are the
 * scope's roots and its own in HR's scope. */
static bool
conversations(struct overview_rows *o, struct db_rows *into)
{
	struct out w;
	int64_t c[6];
	size_t i;

	for (i = 0; i < o->nsums; i++) {
		const struct sum_row *s = &o->sums[i];

		if (!col_is(s->kind, "conversation"))
			continue;
		memset(&w.r, 0, sizeof(w.r));
		out_col(&w, 0, s->type);
		conv_counts(s, c);
		out_counts(&w, 1, c);
		if (!db_rows_add(into, &w.r, 0, w.r.ncols))
			return false;
	}
	return true;
}

static bool
in_progress(const struct sum_row *s)
{
	return col_is(s->state, "open") || col_is(s->state, "on_track") ||
	    col_is(s->state, "at_risk");
}

/* The totals (SQL_TREE_TOTALS): one row. */
static bool
totals(struct overview_rows *o, struct db_rows *into)
{
	int64_t t[5] = { 0, 0, 0, 0, 0 };
	struct out w;
	size_t i;

	for (i = 0; i < o->nsums; i++) {
		const struct sum_row *s = &o->sums[i];

		if (col_is(s->kind, "dossier"))
			t[0] += s->n;
		if (!col_is(s->kind, "result"))
			continue;
		t[1] += s->n;
		t[2] += col_is(s->state, "achieved") ? s->n : 0;
		t[3] += col_is(s->state, "not_achieved") ? s->n : 0;
		t[4] += in_progress(s) ? s->n : 0;
	}
	memset(&w.r, 0, sizeof(w.r));
	for (i = 0; i < 5; i++)
		out_int(&w, i, t[i]);
	return db_rows_add(into, &w.r, 0, w.r.ncols);
}

static bool
without(struct overview_rows *o, struct db_rows *into)
{
	struct out w;

	memset(&w.r, 0, sizeof(w.r));
	out_int(&w, 0, o->without);
	return db_rows_add(into, &w.r, 0, 1);
}

static bool
is_rating(const struct sum_row *s)
{
	return col_is(s->kind, "rating") && col_is(s->state, "");
}

static bool
is_competence(const struct sum_row *s)
{
	return col_is(s->kind, "competence") && col_is(s->state, "");
}

/* The overall ratings (SQL_TREE_RATINGS): each row as read; the reader
 * adds them up per scale and value and sorts them (report_tree.c). */
static bool
ratings(struct overview_rows *o, struct db_rows *into)
{
	struct out w;
	size_t i;

	for (i = 0; i < o->nsums; i++) {
		const struct sum_row *s = &o->sums[i];

		if (!is_rating(s))
			continue;
		memset(&w.r, 0, sizeof(w.r));
		out_col(&w, 0, s->type);
		out_int(&w, 1, s->value);
		out_int(&w, 2, s->n);
		if (!db_rows_add(into, &w.r, 0, w.r.ncols))
			return false;
	}
	return true;
}

/* ---- grouped and sorted: the table per department, the distributions ---- */

/* A group: its first row (its keys) and its sums. */
struct group {
	const struct sum_row *s;
	int64_t c[6];
};

struct groups {
	struct group *v;
	size_t n;
};

/* How the rows of one statement are grouped: which rows, their order (on
 * pointers to rows: the statement's ORDER BY, then the rest of the group's
 * keys, so that a group's rows lie side by side), whether two rows are of
 * one group, and what a row adds to its group's sums. */
struct grouping {
	bool (*wants)(const struct sum_row *s);
	int (*order)(const void *x, const void *y);
	bool (*same)(const struct sum_row *a, const struct sum_row *b);
	void (*counts)(const struct sum_row *s, int64_t c[6]);
};

/* The groups of the rows `how` wants, in their order: the rows sorted,
 * then summed group by group (n log n, however many departments). */
static bool
group_rows(const struct overview_rows *o, const struct grouping *how, struct groups *g)
{
	const struct sum_row **v = malloc((o->nsums + 1) * sizeof(*v));
	int64_t c[6];
	size_t n = 0, i, j;

	g->n = 0;
	g->v = calloc(o->nsums + 1, sizeof(*g->v));
	if (v == NULL || g->v == NULL) {
		free(v);
		return false;
	}
	for (i = 0; i < o->nsums; i++)
		if (how->wants(&o->sums[i]))
			v[n++] = &o->sums[i];
	if (n > 1)
		qsort(v, n, sizeof(*v), how->order);
	for (i = 0; i < n; i++) {
		if (g->n == 0 || !how->same(g->v[g->n - 1].s, v[i]))
			g->v[g->n++].s = v[i];
		how->counts(v[i], c);
		for (j = 0; j < 6; j++)
			g->v[g->n - 1].c[j] += c[j];
	}
	free(v);
	return true;
}

static bool
col_eq(struct col a, struct col b)
{
	if (a.s == NULL || b.s == NULL)
		return a.s == b.s;
	return a.len == b.len && memcmp(a.s, b.s, a.len) == 0;
}

/* FIELD(type, 'goal_setting', 'progress', 'assessment'): 0 for another. */
static int
type_rank(struct col type)
{
	static const char *const order[] = { "goal_setting", "progress", "assessment" };
	size_t i;

	for (i = 0; i < ARRAY_LEN(order); i++)
		if (col_is(type, order[i]))
			return (int)i + 1;
	return 0;
}

static bool
is_conversation(const struct sum_row *s)
{
	return col_is(s->kind, "conversation");
}

static bool
same_department_type(const struct sum_row *a, const struct sum_row *b)
{
	return a->fid == b->fid && a->folded == b->folded && col_eq(a->type, b->type);
}

static const struct sum_row *
row_at(const void *x)
{
	return *(const struct sum_row *const *)x;
}

/* ORDER BY fname, fid, FIELD(type, ...); then the group's other keys. */
static int
department_order(const void *x, const void *y)
{
	const struct sum_row *a = row_at(x), *b = row_at(y);
	int c = key_cmp(a->fkey, b->fkey);

	if (c == 0)
		c = int_cmp(a->fid, b->fid);
	if (c == 0)
		c = type_rank(a->type) - type_rank(b->type);
	if (c == 0)
		c = (int)a->folded - (int)b->folded;
	return c ? c : key_cmp(a->type, b->type);
}

static const struct grouping by_department_type = {
	is_conversation, department_order, same_department_type, conv_counts,
};

/* The table per department (SQL_TREE_DEPARTMENTS): the level's rows and
 * department 0's own, summed per department and type, those summing to 0
 * left out, by name, id and type. */
static bool
departments(struct overview_rows *o, struct db_rows *into)
{
	struct groups g;
	struct out w;
	bool ok = group_rows(o, &by_department_type, &g);
	size_t i;

	for (i = 0; i < g.n && ok; i++) {
		const struct sum_row *s = g.v[i].s;

		if (g.v[i].c[5] == 0)
			continue;
		memset(&w.r, 0, sizeof(w.r));
		out_int(&w, 0, s->fid);
		out_col(&w, 1, s->fname);
		out_int(&w, 2, s->folded);
		out_col(&w, 3, s->type);
		out_counts(&w, 4, g.v[i].c);
		out_col(&w, DEPT_KEY_COL, s->fkey);
		ok = db_rows_add(into, &w.r, 0, w.r.ncols);
	}
	free(g.v);
	return ok;
}

static bool
is_distributed(const struct sum_row *s)
{
	return is_rating(s) || is_competence(s);
}

static bool
same_distribution(const struct sum_row *a, const struct sum_row *b)
{
	return a->fid == b->fid && a->folded == b->folded && col_eq(a->kind, b->kind) &&
	    a->cid == b->cid && col_eq(a->cname, b->cname) && col_eq(a->cname_en, b->cname_en) &&
	    a->value == b->value;
}

/* ORDER BY fname, fid, kind = 'competence', cname, cid, value; then the
 * group's other keys. */
static int
distribution_order(const void *x, const void *y)
{
	const struct sum_row *a = row_at(x), *b = row_at(y);
	int c = key_cmp(a->fkey, b->fkey);

	if (c == 0)
		c = int_cmp(a->fid, b->fid);
	if (c == 0)
		c = (int)col_is(a->kind, "competence") - (int)col_is(b->kind, "competence");
	if (c == 0)
		c = key_cmp(a->ckey, b->ckey);
	if (c == 0)
		c = int_cmp(a->cid, b->cid);
	if (c == 0)
		c = int_cmp(a->value, b->value);
	if (c == 0)
		c = (int)a->folded - (int)b->folded;
	if (c == 0)
		c = key_cmp(a->kind, b->kind);
	if (c == 0)
		c = key_cmp(a->cname, b->cname);
	return c ? c : key_cmp(a->cname_en, b->cname_en);
}

static void
dist_counts(const struct sum_row *s, int64_t c[6])
{
	memset(c, 0, 6 * sizeof(c[0]));
	c[0] = s->n;
}

static const struct grouping by_distribution = {
	is_distributed, distribution_order, same_distribution, dist_counts,
};

/* The distributions (SQL_TREE_DISTRIBUTION): the ratings' and
 * competences' rows summed per department, kind, id and value, those
 * summing to 0 left out, in the statement's order. */
static bool
distribution(struct overview_rows *o, struct db_rows *into)
{
	struct groups g;
	struct out w;
	bool ok = group_rows(o, &by_distribution, &g);
	size_t i;

	for (i = 0; i < g.n && ok; i++) {
		const struct sum_row *s = g.v[i].s;

		if (g.v[i].c[0] == 0)
			continue;
		memset(&w.r, 0, sizeof(w.r));
		out_int(&w, 0, s->fid);
		out_col(&w, 1, s->fname);
		out_int(&w, 2, s->folded);
		out_col(&w, 3, s->kind);
		out_int(&w, 4, s->cid);
		out_col(&w, 5, s->cname);
		out_col(&w, 6, s->cname_en);
		out_int(&w, 7, s->value);
		out_int(&w, 8, g.v[i].c[0]);
		out_col(&w, DIST_KEYS_COL, s->fkey);
		out_col(&w, DIST_KEYS_COL + 1, s->ckey);
		ok = db_rows_add(into, &w.r, 0, w.r.ncols);
	}
	free(g.v);
	return ok;
}

/* ---- the goals, the scales, the levels ---- */

/* ORDER BY g.department_id IS NOT NULL, dp.name, g.id */
static int
goal_order(const void *x, const void *y)
{
	const struct goal_row *a = x, *b = y;
	int c = (int)a->has_department - (int)b->has_department;

	if (c == 0)
		c = key_cmp(a->key, b->key);
	return c ? c : int_cmp(a->id, b->id);
}

static bool
goals(struct overview_rows *o, struct db_rows *into)
{
	struct out w;
	size_t i, j;

	if (o->ngoals > 1)
		qsort(o->goals, o->ngoals, sizeof(o->goals[0]), goal_order);
	for (i = 0; i < o->ngoals; i++) {
		memset(&w.r, 0, sizeof(w.r));
		for (j = 0; j < COLLECTIVE_NCOLS; j++)
			out_col(&w, j, o->goals[i].c[j]);
		out_int(&w, COLLECTIVE_NCOLS, o->goals[i].dossiers);
		out_col(&w, COLLECTIVE_KEY_COL, o->goals[i].key);
		if (!db_rows_add(into, &w.r, 0, COLLECTIVE_KEY_COL + 1))
			return false;
	}
	return true;
}

/* ORDER BY 1, 6, tv.id */
static int
scale_order(const void *x, const void *y)
{
	const struct scale_row *a = x, *b = y;
	int c = int_cmp(a->scale, b->scale);

	if (c == 0)
		c = int_cmp(a->value, b->value);
	return c ? c : int_cmp(a->version, b->version);
}

static bool
scales(struct overview_rows *o, struct db_rows *into)
{
	struct out w;
	size_t i, j;

	if (o->nscales > 1)
		qsort(o->scales, o->nscales, sizeof(o->scales[0]), scale_order);
	for (i = 0; i < o->nscales; i++) {
		memset(&w.r, 0, sizeof(w.r));
		for (j = 0; j < 8; j++)
			out_col(&w, j, o->scales[i].c[j]);
		if (!db_rows_add(into, &w.r, 0, 8))
			return false;
	}
	return true;
}

static int
level_order(const void *x, const void *y)
{
	return int_cmp(((const struct level_row *)x)->value, ((const struct level_row *)y)->value);
}

/* The competence levels (report.c): per value the least Dutch and
 * English label in the collation's order (MIN, which passes NULL by),
 * by value. */
static bool
levels(struct overview_rows *o, struct db_rows *into)
{
	struct out w;
	size_t i = 0, j;

	if (o->nlevels > 1)
		qsort(o->levels, o->nlevels, sizeof(o->levels[0]), level_order);
	while (i < o->nlevels) {
		struct level_row least = o->levels[i];

		for (j = i + 1; j < o->nlevels && o->levels[j].value == least.value; j++) {
			if (key_cmp(o->levels[j].nl_key, least.nl_key) < 0)
				least.nl = o->levels[j].nl, least.nl_key = o->levels[j].nl_key;
			if (o->levels[j].en.s != NULL && (least.en.s == NULL ||
			    key_cmp(o->levels[j].en_key, least.en_key) < 0))
				least.en = o->levels[j].en, least.en_key = o->levels[j].en_key;
		}
		memset(&w.r, 0, sizeof(w.r));
		out_int(&w, 0, least.value);
		out_col(&w, 1, least.nl);
		if (least.en.s != NULL)
			out_col(&w, 2, least.en);
		else
			out_str(&w, 2, "");
		if (!db_rows_add(into, &w.r, 0, 3))
			return false;
		i = j;
	}
	return true;
}

/* ---- keeping them ---- */

typedef bool (*answer_fn)(struct overview_rows *o, struct db_rows *into);

/* Keeps what fn derives as the answer of statement q with args. */
static int
keep(struct db *db, struct overview_rows *o, answer_fn fn, struct db_stmt_def *q,
    const struct db_arg *args, size_t nargs)
{
	struct db_rows rows;
	int st = DB_ERROR;

	db_rows_init(&rows);
	if (fn(o, &rows))
		st = db_prefetch_keep(db, q->sql, args, nargs, &rows);
	db_rows_free(&rows);
	return st;
}

static int
keep_all(struct db *db, struct overview_rows *o, const struct report_scope *s,
    const struct report_overview_stmts *q)
{
	struct db_arg scope[DB_ARGS_MAX], level[DB_ARGS_MAX], goal[DB_ARGS_MAX];
	const struct db_arg cycle2[] = { DB_INT(s->cycle_id), DB_INT(s->cycle_id) };
	size_t ns = report_scope_args(s, scope), nl = report_departments_args(s, level);
	size_t ng = report_collective_args(s, goal);
	int st;

	if ((st = keep(db, o, conversations, q->conversations, scope, ns)) != DB_OK ||
	    (st = keep(db, o, departments, q->departments, level, nl)) != DB_OK ||
	    (st = keep(db, o, totals, q->totals, scope, ns)) != DB_OK ||
	    (st = keep(db, o, without, q->without, scope, ns)) != DB_OK ||
	    (st = keep(db, o, ratings, q->ratings, scope, ns)) != DB_OK ||
	    (st = keep(db, o, distribution, q->distribution, level, nl)) != DB_OK ||
	    (st = keep(db, o, goals, q->collective, goal, ng)) != DB_OK ||
	    (st = keep(db, o, scales, &report_scales_stmt, cycle2, 2)) != DB_OK)
		return st;
	return keep(db, o, levels, &report_levels_stmt, cycle2, 1);
}

int
report_overview_prefetch(struct db *db, const struct report_scope *s,
    const struct report_overview_stmts *q, int64_t top_limit)
{
	struct db_arg a[OV_ARGS];
	struct db_stmt_def *def = top_limit > 0 ? &q_overview_page : &q_overview;
	size_t i;
	struct overview_rows o;
	struct db_rows rows;
	int st;

	memset(&o, 0, sizeof(o));
	db_rows_init(&rows);
	for (i = 0; i < OV_ARGS; i++)
		a[i] = DB_INT(s->cycle_id);
	if ((st = db_prefetch_query(db, def, a, OV_ARGS, &rows)) != DB_OK ||
	    (st = overview_rows_read(&o, &rows)) != DB_OK)
		goto fail;
	/* The kept rows point into rows: each reader's answer is copied. */
	if ((st = keep_all(db, &o, s, q)) != DB_OK ||
	    (top_limit > 0 && (st = overview_filter_keep(db, &o.filter, o.tops, o.ntops,
	    s->cycle_id, top_limit)) != DB_OK))
		db_prefetch_end(db);
fail:
	overview_rows_free(&o);
	db_rows_free(&rows);
	return st;
}

/* The plan of the page's one statement above (gesprekctl explain-reports):
 * what HR's overview runs instead of its readers' and its filter's
 * statements. */
static struct db_stmt_def e_overview = DB_STMT(
	"EXPLAIN " OV_PARTS OVERVIEW_FILTER_PARTS);

int
report_overview_explain(struct db *db, const struct report_scope *s, report_plan_fn fn,
    void *ud)
{
	struct db_arg a[OV_ARGS];
	size_t i;

	for (i = 0; i < OV_ARGS; i++)
		a[i] = DB_INT(s->cycle_id);
	return report_explain_run(db, "overview.prefetch", &e_overview, a, OV_ARGS, fn, ud);
}
