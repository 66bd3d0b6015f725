/* report_export.c -- reading a whole cycle (or one employee's dossiers)
 * for the XML and CSV exports, without holding it all in memory.
 *
 * The dossiers are read in rounds by id (keyset: id > last): f->chunk
 * dossiers a round, or without one EXPORT_CHUNK first and then as many as
 * fit EXPORT_ROUND_BYTES of kept rows (next_chunk).
 * For each round, one query per kind of row -- conversations, items,
 * updates, remarks, answers, competence ratings, signatures, review
 * events -- reads the rows of that round's dossiers; they are sorted here
 * by dossier, then by their parent and their own id (part_order: a sort
 * in C of pointers instead of MariaDB's filesort of whole rows), and the
 * rounds' rows are merged in C like a merge join, so the sink sees them
 * already nested.
 * Nine statements per round instead of eight per dossier: for 9,000
 * dossiers 360 statements instead of 72,000 (tests/bench/export
 * measures --chunk).  Memory is one round's rows, whatever the
 * size of the cycle: db_query buffers a whole result (store_result), so a
 * single query over the cycle would hold all of it.
 *
 * Everything is read in one transaction: InnoDB's consistent snapshot
 * makes the rounds agree with each other even while people keep working.
 *
 * Private preparation: see store/report_export.h (struct export_filter) and the
 * annotation of xslt/schema/report.xsd. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/rows.h"
#include "store/audit.h"
#include "store/cycle.h"
#include "store/db.h"
#include "store/dossier.h"
#include "store/goal.h"
#include "store/organisation.h"
#include "store/report_export.h"
#include "store/report_export_sql.h"
#include "store/report_export_rows.h"
#include "base/util.h"

static struct db_stmt_def q_count_dossiers = DB_STMT(
	SCOPE_CTE " SELECT COUNT(*)" DOSSIERS " WHERE" SCOPE);
static struct db_stmt_def q_count_conversations = DB_STMT(
	SCOPE_CTE " SELECT COUNT(*)" DOSSIERS " JOIN conversation c ON c.dossier_id = d.id"
	" WHERE" SCOPE DATED("c"));
static struct db_stmt_def q_count_items = DB_STMT(
	SCOPE_CTE " SELECT COUNT(*)" DOSSIERS ITEM_JOINS
	" WHERE" SCOPE VISIBLE("i.author_id", "ic"));

/* The cycle asked for (also without a dossier in scope) and those of the
 * dossiers in scope; param before the scope: the cycle. */
static struct db_stmt_def q_cycles = DB_STMT(
	SCOPE_CTE " SELECT cy.id, cy.name, cy.starts_on, cy.ends_on, cy.status, cy.rating_scale,"
	" cy.version FROM cycle cy WHERE cy.id = ? OR cy.id IN (SELECT d.cycle_id" DOSSIERS
	" WHERE" SCOPE ") ORDER BY cy.starts_on, cy.id");
/* The departments of the employees in scope and their ancestors (stored,
 * sql/064), so the tree can be rebuilt.  DISTINCT on a join, not a
 * nested IN: with two semi-joins MariaDB 10.11 was seen to return a
 * department once per employee under it, depending on the plan it chose
 * (test_reports.py::test_ctl_export, now and then). */
static struct db_stmt_def q_departments = DB_STMT(
	SCOPE_CTE " SELECT DISTINCT dp.id, dp.name, COALESCE(dp.parent_id, 0) FROM department dp"
	" JOIN department_ancestor a ON a.up = dp.id"
	" WHERE a.dep IN (SELECT e.department_id" DOSSIERS " WHERE" SCOPE ") ORDER BY dp.id");

/* ---- one round: its dossiers, then their rows by kind ---- */

static struct db_stmt_def q_round_dossiers = DB_STMT(
	SCOPE_CTE " SELECT d.id, d.cycle_id, cy.name, d.status, e.id, e.login, e.name,"
	" COALESCE(e.email, ''), COALESCE(e.department_id, 0), COALESCE(dp.name, ''), e.active,"
	" COALESCE(d.manager_id, 0), COALESCE(m.login, ''), COALESCE(m.name, '')"
	DOSSIERS " JOIN cycle cy ON cy.id = d.cycle_id"
	" LEFT JOIN department dp ON dp.id = e.department_id"
	" LEFT JOIN employee m ON m.id = d.manager_id"
	" WHERE" SCOPE " AND d.id > ? ORDER BY d.id LIMIT ?");
/* Columns 24-26: the second assessor's review (issue 17).
 * Columns 13-20: the template (key, Dutch name, number) and what the
 * overall rating was confirmed against (sql/071): score, proposal,
 * override reason, the labels of the proposal and of the rating; 21-23:
 * the name and the two labels in English ("" or Dutch when none). */
static struct db_stmt_def q_round_conversations = DB_STMT(
	SCOPE_CTE " SELECT d.id, c.seq, c.id, c.type, c.status,"
	" COALESCE(" ISO("c.scheduled_at") ", ''), COALESCE(c.held_on, ''), COALESCE(c.due_on, ''),"
	" COALESCE(c.overall_rating, -1), COALESCE(c.overall_note, ''),"
	" COALESCE(c.reopen_reason, ''), c.manager_shared, COALESCE(d.manager_id, 0),"
	" COALESCE(t.tkey, ''), COALESCE(tv.name_nl, ''), COALESCE(tv.number, 0),"
	" " SCORE_TEXT("c.outcome_score") ", COALESCE(c.outcome_proposed, -1),"
	" COALESCE(c.override_reason, ''),"
	" " LEVEL_LABEL("tv.id", "tv.final_scale_key", "c.outcome_proposed") ","
	" " LEVEL_LABEL("tv.id", "tv.final_scale_key", "c.overall_rating") ","
	" COALESCE(tv.name_en, ''),"
	" " LEVEL_LABEL_EN("tv.id", "tv.final_scale_key", "c.outcome_proposed") ","
	" " LEVEL_LABEL_EN("tv.id", "tv.final_scale_key", "c.overall_rating") ","
	" c.review, COALESCE(c.second_assessor_id, 0), COALESCE(sa.name, '')"
	DOSSIERS " JOIN cycle cy ON cy.id = d.cycle_id JOIN conversation c ON c.dossier_id = d.id"
	" LEFT JOIN employee sa ON sa.id = c.second_assessor_id"
	" LEFT JOIN template_version tv ON tv.id = " CONV_TV("c")
	" LEFT JOIN template t ON t.id = tv.template_id"
	" WHERE" SCOPE IN_ROUND("c.dossier_id") DATED("c"));
/* Answers to the form's questions; the section by its key in the
 * conversation's version (versions never change, so the key finds it).
 * Columns 12-14: the label in English, the section's title in Dutch and
 * in English ("" when none). */
static struct db_stmt_def q_round_answers = DB_STMT(
	SCOPE_CTE " SELECT d.id, c.seq, x.id, x.section_key, x.role, " SELF_ASSESSMENT("x") ","
	" COALESCE(x.body, ''), COALESCE(x.rating, -1),"
	" IF(s.id IS NULL, '', " LEVEL_LABEL("s.version_id", "s.scale_key", "x.rating") "),"
	" COALESCE(x.explanation, ''), x.shared_at IS NOT NULL, " ISO("x.updated_at") ","
	" IF(s.id IS NULL, '', " LEVEL_LABEL_EN("s.version_id", "s.scale_key", "x.rating") "),"
	" COALESCE(s.title_nl, ''), COALESCE(s.title_en, '')"
	ANSWER_JOINS("x", "conversation_answer")
	" LEFT JOIN template_section s ON s.version_id = " CONV_TV("c")
	" AND s.conv_type = CONCAT(c.type) AND s.skey = x.section_key"
	" WHERE" SCOPE IN_ROUND("c.dossier_id") DATED("c") ANSWER_VISIBLE("x")
	" ORDER BY d.id, c.seq, s.seq, x.section_key, x.role");
/* Competence ratings, on the scale of the form's (first) competence
 * section, as store/outcome.c weighs them.  Columns 13-14: the
 * competence's name and the label in English ("" when none).  The first
 * competences section of every version and type is one small derived
 * table, made once per statement (GROUP BY keeps MariaDB from merging it
 * back), not a subquery with ORDER BY ... LIMIT 1 run for every
 * conversation of the round: that subquery was three quarters of the
 * statement, the second costliest of the export.  (version, type, seq)
 * is unique (template_section_seq), so the section without a lower seq
 * is the one ORDER BY seq LIMIT 1 found. */
static struct db_stmt_def q_round_competences = DB_STMT(
	SCOPE_CTE " SELECT d.id, c.seq, x.id, x.competence_id, k.ckey, k.name_nl, x.role,"
	" " SELF_ASSESSMENT("x") ", COALESCE(x.level, -1),"
	" IF(s.id IS NULL, '', " LEVEL_LABEL("s.version_id", "s.scale_key", "x.level") "),"
	" COALESCE(x.explanation, ''), x.shared_at IS NOT NULL, " ISO("x.updated_at") ","
	" COALESCE(k.name_en, ''),"
	" IF(s.id IS NULL, '', " LEVEL_LABEL_EN("s.version_id", "s.scale_key", "x.level") ")"
	ANSWER_JOINS("x", "competence_rating")
	" JOIN competence k ON k.id = x.competence_id"
	" LEFT JOIN (SELECT cs.id, cs.version_id, cs.conv_type FROM template_section cs"
	" WHERE cs.kind = 'competences' AND NOT EXISTS (SELECT 1 FROM template_section cl"
	" WHERE cl.version_id = cs.version_id AND cl.conv_type = cs.conv_type"
	" AND cl.kind = 'competences' AND cl.seq < cs.seq) GROUP BY cs.id) fc"
	" ON fc.version_id = " CONV_TV("c") " AND fc.conv_type = CONCAT(c.type)"
	" LEFT JOIN template_section s ON s.id = fc.id"
	" WHERE" SCOPE IN_ROUND("c.dossier_id") DATED("c") ANSWER_VISIBLE("x")
	" ORDER BY d.id, c.seq, k.ckey, x.role");
/* Column 16: the status shown (ITEM_STATUS); 11 is the live one.  17-20:
 * the key result area and the competence an item names (issue 16), with
 * their Dutch names; 21-22: their English names ("" when none). */
static struct db_stmt_def q_round_items = DB_STMT(
	SCOPE_CTE " SELECT d.id, i.id, i.kind, i.title, COALESCE(i.measure, ''),"
	" COALESCE(i.deadline, ''), COALESCE(i.responsible_id, 0), COALESCE(r.name, ''),"
	" COALESCE(i.org_goal_id, 0), COALESCE(g.title, ''), COALESCE(i.weight, 0), i.status,"
	" COALESCE(i.achieved_on, ''), COALESCE(i.created_in_conversation_id, 0),"
	" COALESCE(i.author_id, 0), COALESCE(a.name, ''), " ITEM_STATUS ","
	" COALESCE(i.area_id, 0), COALESCE(ka.name_nl, ''), COALESCE(i.competence_id, 0),"
	" COALESCE(kc.name_nl, ''), COALESCE(ka.name_en, ''), COALESCE(kc.name_en, '')"
	DOSSIERS ITEM_JOINS HIDDEN_STATUS
	" LEFT JOIN employee r ON r.id = i.responsible_id"
	" LEFT JOIN org_goal g ON g.id = i.org_goal_id"
	" LEFT JOIN employee a ON a.id = i.author_id"
	" LEFT JOIN job_profile_area ka ON ka.id = i.area_id"
	" LEFT JOIN competence kc ON kc.id = i.competence_id"
	" WHERE" SCOPE IN_ROUND("i.dossier_id") VISIBLE("i.author_id", "ic"));
/* Updates of items left out are skipped by the merge. */
static struct db_stmt_def q_round_updates = DB_STMT(
	SCOPE_CTE " SELECT d.id, i.id, u.id, u.conversation_id, u.author_id, a.name,"
	" COALESCE(u.status, ''), COALESCE(u.note, ''), COALESCE(u.rating, -1), " ISO("u.updated_at")
	DOSSIERS " JOIN item i ON i.dossier_id = d.id JOIN item_update u ON u.item_id = i.id"
	" JOIN conversation uc ON uc.id = u.conversation_id JOIN employee a ON a.id = u.author_id"
	" WHERE" SCOPE IN_ROUND("i.dossier_id") VISIBLE("u.author_id", "uc") DATED("uc"));
static struct db_stmt_def q_round_remarks = DB_STMT(
	SCOPE_CTE " SELECT d.id, c.seq, r.id, r.author_id, a.name, r.role, r.text, "
	ISO("r.created_at")
	DOSSIERS " JOIN conversation c ON c.dossier_id = d.id"
	" JOIN remark r ON r.conversation_id = c.id JOIN employee a ON a.id = r.author_id"
	" WHERE" SCOPE IN_ROUND("c.dossier_id") DATED("c") VISIBLE("r.author_id", "c"));
static struct db_stmt_def q_round_signatures = DB_STMT(
	SCOPE_CTE " SELECT d.id, c.seq, s.employee_id, se.name, s.role, s.verdict,"
	" COALESCE(s.remark, ''), " ISO("s.signed_at") ", COALESCE(s.snapshot_sha256, ''),"
	" " SIGNATURE_VOIDED("s", "c") ", s.id, COALESCE(s.deputy_of, 0), COALESCE(sd.name, '')"
	DOSSIERS " JOIN conversation c ON c.dossier_id = d.id"
	" JOIN signature s ON s.conversation_id = c.id JOIN employee se ON se.id = s.employee_id"
	" LEFT JOIN employee sd ON sd.id = s.deputy_of"
	" WHERE" SCOPE IN_ROUND("c.dossier_id") DATED("c"));
/* The second assessor's moves (issue 17): shown on the conversation's
 * page to everyone who reads it, so exported with the conversation.  A
 * move exists only once the manager finalized (held, finalized, closed),
 * when nothing of the review is private any more. */
static struct db_stmt_def q_round_reviews = DB_STMT(
	SCOPE_CTE " SELECT d.id, c.seq, r.id, r.action, COALESCE(r.target, ''),"
	" COALESCE(r.target_id, 0), COALESCE(i.title, ''), COALESCE(r.section_key, ''),"
	" COALESCE(r.old_rating, -1), COALESCE(r.new_rating, -1), COALESCE(r.reason, ''),"
	" r.author_id, a.name, " ISO("r.created_at") ","
	" COALESCE(r.decided_by, 0), COALESCE(rb.name, ''), COALESCE(r.deputy_of, 0),"
	" COALESCE(rd.name, '')"
	DOSSIERS " JOIN conversation c ON c.dossier_id = d.id"
	" JOIN review_event r ON r.conversation_id = c.id JOIN employee a ON a.id = r.author_id"
	" LEFT JOIN item i ON r.target = 'item' AND i.id = r.target_id"
	" LEFT JOIN employee rb ON rb.id = r.decided_by LEFT JOIN employee rd ON rd.id = r.deputy_of"
	" WHERE" SCOPE IN_ROUND("c.dossier_id") DATED("c"));

/* ---- parameters ---- */

static bool
dated(const struct export_filter *f)
{
	return (f->from && f->from[0]) || (f->to && f->to[0]);
}

static struct db_arg
date_arg(const char *d, const char *otherwise)
{
	return DB_STR(d && d[0] ? d : otherwise);
}

static size_t
cte_args(const struct export_filter *f, struct db_arg *a)
{
	a[0] = DB_INT(f->department_id);
	a[1] = DB_INT(f->recursive ? 1 : 0);
	return 2;
}

static size_t
scope_where_args(const struct export_filter *f, struct db_arg *a)
{
	a[0] = DB_INT(f->cycle_id);
	a[1] = DB_INT(f->cycle_id);
	a[2] = DB_INT(f->department_id);
	a[3] = DB_INT(f->manager_id);
	a[4] = DB_INT(f->manager_id);
	a[5] = DB_INT(f->employee_id);
	a[6] = DB_INT(f->employee_id);
	a[7] = DB_INT(dated(f) ? 1 : 0);
	a[8] = date_arg(f->from, DATE_LOWEST);
	a[9] = date_arg(f->to, DATE_HIGHEST);
	return 10;
}

static size_t
scope_args(const struct export_filter *f, struct db_arg *a)
{
	size_t n = cte_args(f, a);

	return n + scope_where_args(f, a + n);
}

static size_t
dated_args(const struct export_filter *f, struct db_arg *a)
{
	a[0] = DB_INT(dated(f) ? 1 : 0);
	a[1] = date_arg(f->from, DATE_LOWEST);
	a[2] = date_arg(f->to, DATE_HIGHEST);
	return 3;
}

/* ---- counting and the audit row ---- */

static int
one_int(void *ud, const struct db_row *r)
{
	*(int64_t *)ud = db_int(r, 0);
	return DB_OK;
}

static int
count_all(struct db *db, const struct export_filter *f, struct export_counts *out)
{
	struct db_arg a[DB_ARGS_MAX];
	size_t n = scope_args(f, a);
	int st;

	if ((st = db_query(db, &q_count_dossiers, a, n, one_int, &out->dossiers)) != DB_OK)
		return st;
	n += dated_args(f, a + n);
	if ((st = db_query(db, &q_count_conversations, a, n, one_int,
	    &out->conversations)) != DB_OK)
		return st;
	n = scope_args(f, a);
	a[n++] = DB_INT(f->viewer_id);
	return db_query(db, &q_count_items, a, n, one_int, &out->items);
}

struct begin_tx {
	int64_t actor;
	const struct export_filter *f;
	const char *format, *via;
	struct export_counts *counts;
};

/* "format: xml; cycle: 5; department: 3 with sub-departments; ..." */
static void
audit_detail(struct buf *b, const struct begin_tx *t)
{
	const struct export_filter *f = t->f;

	buf_printf(b, "format: %s; ", t->format);
	if (f->cycle_id)
		buf_printf(b, "cycle: %lld; ", (long long)f->cycle_id);
	if (f->department_id)
		buf_printf(b, "department: %lld%s; ", (long long)f->department_id,
		    f->recursive ? " with sub-departments" : "");
	if (f->manager_id)
		buf_printf(b, "team of: %lld; ", (long long)f->manager_id);
	if (f->employee_id)
		buf_printf(b, "employee: %lld; ", (long long)f->employee_id);
	audit_value(b, "from", f->from);
	audit_value(b, "to", f->to);
	buf_printf(b, "dossiers: %lld; conversations: %lld; items: %lld; via: %s",
	    (long long)t->counts->dossiers, (long long)t->counts->conversations,
	    (long long)t->counts->items, t->via);
}

static int
begin_tx(struct db *db, void *ud)
{
	struct begin_tx *t = ud;
	struct buf detail;
	int st;

	memset(t->counts, 0, sizeof(*t->counts));
	if ((st = count_all(db, t->f, t->counts)) != DB_OK)
		return st;
	buf_init(&detail);
	audit_detail(&detail, t);
	st = detail.failed ? DB_ERROR : audit_add(db, t->actor, "export", t->f->cycle_id,
	    t->f->cycle_id ? "cycle" : "personal", detail.data);
	buf_free(&detail);
	return st;
}

int
export_begin(struct db *db, int64_t actor, const struct export_filter *f, const char *format,
    const char *via, struct export_counts *out)
{
	struct begin_tx t = { actor, f, format, via, out };

	return db_tx(db, begin_tx, &t);
}

enum round_part { R_DOSSIERS, R_CONVERSATIONS, R_ANSWERS, R_COMPETENCES, R_ITEMS, R_UPDATES,
	R_REMARKS, R_SIGNATURES, R_REVIEWS, R_PARTS };

/* Each part's keys (columns) and whether its statement sorts it: the
 * answers and competence ratings sort on text in MariaDB's collation, so
 * they keep their ORDER BY (few rows); the rest is sorted here. */
static const struct {
	size_t key[REC_KEYS], nkeys;
	bool sorted;
} part_order[] = {
	[R_DOSSIERS] = { { 0 }, 1, true },
	[R_CONVERSATIONS] = { { 0, 1 }, 2, false },	/* dossier, seq */
	[R_ANSWERS] = { { 0, 1 }, 2, true },
	[R_COMPETENCES] = { { 0, 1 }, 2, true },
	[R_ITEMS] = { { 0, 1 }, 2, false },		/* dossier, item */
	[R_UPDATES] = { { 0, 1, 2 }, 3, false },	/* dossier, item, note */
	[R_REMARKS] = { { 0, 1, 2 }, 3, false },	/* dossier, seq, remark */
	[R_SIGNATURES] = { { 0, 1, 10 }, 3, false },	/* dossier, seq, signature */
	[R_REVIEWS] = { { 0, 1, 2 }, 3, false },	/* dossier, seq, event */
};
_Static_assert(sizeof(part_order) / sizeof(part_order[0]) == R_PARTS, "every part's order");

struct run {
	const struct export_filter *f;
	const struct export_sink *sink;
	void *ud;
	bool emitted;
	struct rowset parts[R_PARTS];
};

/* ---- rows to the sink ---- */

static int
emit_dossier(struct run *x, const struct rec *r)
{
	struct export_dossier d = {
		.id = ri(r, 0), .cycle_id = ri(r, 1), .cycle = rs(r, 2), .status = rs(r, 3),
		.employee_id = ri(r, 4), .login = rs(r, 5), .name = rs(r, 6), .email = rs(r, 7),
		.department_id = ri(r, 8), .department = rs(r, 9), .active = ri(r, 10) != 0,
		.manager_id = ri(r, 11), .manager_login = rs(r, 12), .manager_name = rs(r, 13),
	};

	return x->sink->dossier(x->ud, &d);
}

/* The overall rating is the manager's: hidden while it is private. */
static int
emit_conversation(struct run *x, const struct rec *r)
{
	const char *status = rs(r, 4);
	bool open = strcmp(status, "planned") != 0 && strcmp(status, "preparing") != 0;
	bool visible = open || ri(r, 11) != 0 || (x->f->viewer_id && ri(r, 12) == x->f->viewer_id);
	struct export_conversation c = {
		.id = ri(r, 2), .type = rs(r, 3), .seq = (int)ri(r, 1), .status = status,
		.scheduled_at = rs(r, 5), .held_on = rs(r, 6), .due_on = rs(r, 7),
		.overall_rating = visible ? (int)ri(r, 8) : -1,
		.overall_note = visible ? rs(r, 9) : "", .reopen_reason = rs(r, 10),
		.template_key = rs(r, 13), .template_name = rs(r, 14),
		.template_version = (int)ri(r, 15),
		.outcome_score = visible ? rs(r, 16) : "",
		.outcome_proposed = visible ? (int)ri(r, 17) : -1,
		.override_reason = visible ? rs(r, 18) : "",
		.proposed_label = visible ? rs(r, 19) : "", .overall_label = visible ? rs(r, 20) : "",
		.template_name_en = rs(r, 21),
		.proposed_label_en = visible ? rs(r, 22) : "",
		.overall_label_en = visible ? rs(r, 23) : "",
		.review = rs(r, 24), .second_assessor_id = ri(r, 25), .second_assessor = rs(r, 26),
	};

	return x->sink->conversation(x->ud, &c);
}

static int
emit_answer(struct run *x, const struct rec *r)
{
	struct export_answer a = {
		.id = ri(r, 2), .section_key = rs(r, 3), .role = rs(r, 4),
		.self_assessment = ri(r, 5) != 0, .body = rs(r, 6), .rating = (int)ri(r, 7),
		.rating_label = rs(r, 8), .explanation = rs(r, 9), .shared = ri(r, 10) != 0,
		.at = rs(r, 11), .competence_key = "", .competence_name = "",
		.competence_name_en = "", .rating_label_en = rs(r, 12),
		.section_title = rs(r, 13), .section_title_en = rs(r, 14),
	};

	return x->sink->answer(x->ud, &a);
}

static int
emit_competence(struct run *x, const struct rec *r)
{
	struct export_answer a = {
		.id = ri(r, 2), .section_key = "", .competence_id = ri(r, 3),
		.competence_key = rs(r, 4), .competence_name = rs(r, 5), .role = rs(r, 6),
		.self_assessment = ri(r, 7) != 0, .body = "", .rating = (int)ri(r, 8),
		.rating_label = rs(r, 9), .explanation = rs(r, 10), .shared = ri(r, 11) != 0,
		.at = rs(r, 12), .competence_name_en = rs(r, 13), .rating_label_en = rs(r, 14),
		.section_title = "", .section_title_en = "",
	};

	return x->sink->answer(x->ud, &a);
}

static int
emit_remark(struct run *x, const struct rec *r)
{
	struct remark m = {
		.id = ri(r, 2), .author_id = ri(r, 3), .author_name = rs(r, 4), .role = rs(r, 5),
		.text = rs(r, 6), .at = rs(r, 7),
	};

	return x->sink->remark(x->ud, &m);
}

static int
emit_signature(struct run *x, const struct rec *r)
{
	struct signature s = {
		.employee_id = ri(r, 2), .name = rs(r, 3), .role = rs(r, 4), .verdict = rs(r, 5),
		.remark = rs(r, 6), .at = rs(r, 7), .sha256 = rs(r, 8), .voided = ri(r, 9) != 0,
		.deputy_of = ri(r, 11), .deputy_of_name = rs(r, 12),
	};

	return x->sink->signature(x->ud, &s);
}

static int
emit_review(struct run *x, const struct rec *r)
{
	struct export_review_event e = {
		.id = ri(r, 2), .action = rs(r, 3), .target = rs(r, 4), .target_id = ri(r, 5),
		.target_title = rs(r, 6), .section = rs(r, 7), .old_rating = (int)ri(r, 8),
		.new_rating = (int)ri(r, 9), .reason = rs(r, 10), .author_id = ri(r, 11),
		.author = rs(r, 12), .at = rs(r, 13), .decided_by_id = ri(r, 14),
		.decided_by = rs(r, 15), .deputy_of_id = ri(r, 16), .deputy_of = rs(r, 17),
	};

	return x->sink->review_event(x->ud, &e);
}

static int
emit_item(struct run *x, const struct rec *r)
{
	struct item it = {
		.id = ri(r, 1), .kind = rs(r, 2), .title = rs(r, 3), .measure = rs(r, 4),
		.deadline = rs(r, 5), .responsible_id = ri(r, 6), .responsible_name = rs(r, 7),
		.org_goal_id = ri(r, 8), .org_goal_title = rs(r, 9), .weight = ri(r, 10),
		.status = rs(r, 16), .achieved_on = rs(r, 12), .conversation_id = ri(r, 13),
		.author_id = ri(r, 14), .author_name = rs(r, 15),
		.area_id = ri(r, 17), .area_nl = rs(r, 18), .area_en = rs(r, 21),
		.competence_id = ri(r, 19), .competence_nl = rs(r, 20), .competence_en = rs(r, 22),
	};

	/* A status a private note set hides its date as well. */
	if (strcmp(rs(r, 16), rs(r, 11)) != 0)
		it.achieved_on = "";

	return x->sink->item(x->ud, &it);
}

static int
emit_update(struct run *x, const struct rec *r)
{
	struct item_update u = {
		.id = ri(r, 2), .item_id = ri(r, 1), .conversation_id = ri(r, 3),
		.author_id = ri(r, 4), .author_name = rs(r, 5), .status = rs(r, 6),
		.note = rs(r, 7), .rating = (int)ri(r, 8), .at = rs(r, 9),
	};

	return x->sink->update(x->ud, &u);
}

/* A conversation's children, in document order: answers, competence
 * ratings, remarks, signatures, review events (cursors indexed by enum
 * round_part). */
static int
emit_conversations(struct run *x, int64_t dossier, struct cursor *cur)
{
	struct cursor *cv = &cur[R_CONVERSATIONS], *an = &cur[R_ANSWERS];
	struct cursor *cp = &cur[R_COMPETENCES], *rm = &cur[R_REMARKS], *sg = &cur[R_SIGNATURES];
	struct cursor *rv = &cur[R_REVIEWS];
	const struct rec *c, *r;
	int st;

	while ((c = cursor_next(cv, dossier, -1)) != NULL) {
		int64_t seq = ri(c, 1);

		if ((st = emit_conversation(x, c)) != DB_OK)
			return st;
		while ((r = cursor_next(an, dossier, seq)) != NULL)
			if ((st = emit_answer(x, r)) != DB_OK)
				return st;
		while ((r = cursor_next(cp, dossier, seq)) != NULL)
			if ((st = emit_competence(x, r)) != DB_OK)
				return st;
		while ((r = cursor_next(rm, dossier, seq)) != NULL)
			if ((st = emit_remark(x, r)) != DB_OK)
				return st;
		while ((r = cursor_next(sg, dossier, seq)) != NULL)
			if ((st = emit_signature(x, r)) != DB_OK)
				return st;
		while ((r = cursor_next(rv, dossier, seq)) != NULL)
			if ((st = emit_review(x, r)) != DB_OK)
				return st;
		if ((st = x->sink->conversation_end(x->ud)) != DB_OK)
			return st;
	}
	return DB_OK;
}

static int
emit_items(struct run *x, int64_t dossier, struct cursor *it, struct cursor *up)
{
	const struct rec *i, *u;
	int st;

	while ((i = cursor_next(it, dossier, -1)) != NULL) {
		if ((st = emit_item(x, i)) != DB_OK)
			return st;
		while ((u = cursor_next(up, dossier, ri(i, 1))) != NULL)
			if ((st = emit_update(x, u)) != DB_OK)
				return st;
		if ((st = x->sink->item_end(x->ud)) != DB_OK)
			return st;
	}
	return DB_OK;
}

/* The round's dossiers with their rows nested, in document order. */
static int
emit_round(struct run *x)
{
	struct cursor c[R_PARTS];
	size_t i;
	int st;

	x->emitted = true;
	for (i = 0; i < R_PARTS; i++) {
		rowset_sort(&x->parts[i]);
		c[i] = (struct cursor){ &x->parts[i], 0 };
	}
	for (i = 0; i < x->parts[R_DOSSIERS].n; i++) {
		const struct rec *d = x->parts[R_DOSSIERS].v[i];
		int64_t id = d->k[0];

		if ((st = emit_dossier(x, d)) != DB_OK ||
		    (st = emit_conversations(x, id, c)) != DB_OK ||
		    (st = emit_items(x, id, &c[R_ITEMS], &c[R_UPDATES])) != DB_OK ||
		    (st = x->sink->dossier_end(x->ud)) != DB_OK)
			return st;
	}
	return x->sink->chunk_end(x->ud);
}

/* ---- reading a round ---- */

/* The round's items: the select list's ITEM_STATUS takes the viewer and
 * HIDDEN_STATUS the round and 0 (neither party), between the CTE's
 * parameters and the WHERE's. */
static int
read_items(struct db *db, struct run *x, int64_t lo, int64_t hi)
{
	struct db_arg a[DB_ARGS_MAX];
	size_t n = cte_args(x->f, a);

	a[n++] = DB_INT(x->f->viewer_id);
	a[n++] = DB_INT(lo);
	a[n++] = DB_INT(hi);
	a[n++] = DB_INT(0);
	n += scope_where_args(x->f, a + n);
	a[n++] = DB_INT(lo);
	a[n++] = DB_INT(hi);
	a[n++] = DB_INT(lo);
	a[n++] = DB_INT(hi);
	a[n++] = DB_INT(x->f->viewer_id);
	return db_query(db, &q_round_items, a, n, rowset_keep, &x->parts[R_ITEMS]);
}

/* The rows of the round's dossiers [lo, hi], one query per kind. */
static int
read_round(struct db *db, struct run *x, int64_t lo, int64_t hi)
{
	struct db_arg a[DB_ARGS_MAX];
	size_t base = scope_args(x->f, a), n;
	int st;

	a[base++] = DB_INT(lo);
	a[base++] = DB_INT(hi);
	a[base++] = DB_INT(lo);
	a[base++] = DB_INT(hi);
	n = base + dated_args(x->f, a + base);
	if ((st = db_query(db, &q_round_conversations, a, n, rowset_keep,
	    &x->parts[R_CONVERSATIONS])) != DB_OK)
		return st;
	if ((st = read_items(db, x, lo, hi)) != DB_OK)
		return st;
	n = base;
	a[n++] = DB_INT(x->f->viewer_id);
	n += dated_args(x->f, a + n);
	if ((st = db_query(db, &q_round_updates, a, n, rowset_keep, &x->parts[R_UPDATES])) != DB_OK)
		return st;
	n = base + dated_args(x->f, a + base);
	a[n++] = DB_INT(x->f->viewer_id);
	if ((st = db_query(db, &q_round_remarks, a, n, rowset_keep, &x->parts[R_REMARKS])) != DB_OK ||
	    (st = db_query(db, &q_round_answers, a, n, rowset_keep, &x->parts[R_ANSWERS])) != DB_OK ||
	    (st = db_query(db, &q_round_competences, a, n, rowset_keep,
	    &x->parts[R_COMPETENCES])) != DB_OK)
		return st;
	n = base + dated_args(x->f, a + base);
	if ((st = db_query(db, &q_round_signatures, a, n, rowset_keep,
	    &x->parts[R_SIGNATURES])) != DB_OK)
		return st;
	return db_query(db, &q_round_reviews, a, n, rowset_keep, &x->parts[R_REVIEWS]);
}

/* Rounds so far: their dossiers and the bytes of their kept rows. */
struct round_sizes {
	uint64_t dossiers, bytes;
};

/* The next round's dossiers: the caller's chunk, else as many as fit
 * EXPORT_ROUND_BYTES at the mean of the rounds so far (a pointer the
 * width of a round's rows counted per row: nothing is kept for free). */
static size_t
next_chunk(const struct run *x, struct round_sizes *sz, size_t done)
{
	uint64_t per, fit;
	size_t i;

	if (x->f->chunk)
		return x->f->chunk;
	sz->dossiers += done;
	for (i = 0; i < R_PARTS; i++)
		sz->bytes += x->parts[i].bytes + x->parts[i].n * sizeof(struct rec *);
	if (sz->dossiers == 0)
		return EXPORT_CHUNK;
	per = sz->bytes / sz->dossiers + 1;
	fit = EXPORT_ROUND_BYTES / per;
	return fit < 1 ? 1 : fit > EXPORT_CHUNK_MAX ? EXPORT_CHUNK_MAX : (size_t)fit;
}

static int
emit_rounds(struct db *db, struct run *x)
{
	size_t chunk = x->f->chunk ? x->f->chunk : EXPORT_CHUNK, i;
	struct round_sizes sz = { 0, 0 };
	struct db_arg a[DB_ARGS_MAX];
	int64_t after = 0;
	int st = DB_OK;

	for (;;) {
		struct rowset *ds = &x->parts[R_DOSSIERS];
		size_t n = scope_args(x->f, a);

		for (i = 0; i < R_PARTS; i++)
			rowset_clear(&x->parts[i]);
		a[n++] = DB_INT(after);
		a[n++] = DB_INT((int64_t)chunk);
		if ((st = db_query(db, &q_round_dossiers, a, n, rowset_keep, ds)) != DB_OK)
			return st;
		if (ds->n == 0)
			return DB_OK;
		after = ri(ds->v[ds->n - 1], 0);
		if ((st = read_round(db, x, ri(ds->v[0], 0), after)) != DB_OK ||
		    (st = emit_round(x)) != DB_OK)
			return st;
		if (ds->n < chunk)
			return DB_OK;
		chunk = next_chunk(x, &sz, ds->n);
	}
}

/* ---- the head: cycles and departments ---- */

static int
emit_cycles(struct db *db, struct run *x)
{
	const struct export_sink *k = x->sink;
	struct rowset cycles = { .v = NULL };
	struct db_arg a[DB_ARGS_MAX];
	size_t n = cte_args(x->f, a), i;
	int st;

	a[n++] = DB_INT(x->f->cycle_id);
	n += scope_where_args(x->f, a + n);
	if ((st = db_query(db, &q_cycles, a, n, rowset_keep, &cycles)) != DB_OK)
		goto out;
	for (i = 0; i < cycles.n; i++) {
		const struct rec *r = cycles.v[i];
		struct cycle_row c = {
			.id = ri(r, 0), .name = rs(r, 1), .starts_on = rs(r, 2), .ends_on = rs(r, 3),
			.status = rs(r, 4), .scale = rs(r, 5), .version = ri(r, 6),
		};

		x->emitted = true;
		if ((st = k->cycle(x->ud, &c)) != DB_OK ||
		    (st = cycle_steps(db, c.id, k->step, x->ud)) != DB_OK ||
		    (st = org_goals_of_cycle(db, c.id, k->org_goal, x->ud)) != DB_OK ||
		    (st = collective_goals_of_cycle(db, c.id, k->collective, x->ud)) != DB_OK ||
		    (st = k->cycle_end(x->ud)) != DB_OK)
			goto out;
	}
out:
	rowset_free(&cycles);
	return st;
}

static int
department_out(void *ud, const struct db_row *r)
{
	struct run *x = ud;
	struct department_row d = {
		.id = db_int(r, 0), .name = db_str(r, 1), .parent_id = db_int(r, 2),
	};

	x->emitted = true;
	return x->sink->department(x->ud, &d);
}

static int
run_tx(struct db *db, void *ud)
{
	struct run *x = ud;
	struct db_arg a[DB_ARGS_MAX];
	size_t n;
	int st;

	if ((st = emit_cycles(db, x)) != DB_OK)
		goto out;
	n = scope_args(x->f, a);
	if ((st = db_query(db, &q_departments, a, n, department_out, x)) != DB_OK)
		goto out;
	st = emit_rounds(db, x);
out:
	/* Part of it has left: running the transaction again would send it twice. */
	if (st == DB_RETRY && x->emitted)
		st = DB_ERROR;
	return st;
}

int
export_run(struct db *db, const struct export_filter *f, const struct export_sink *sink,
    void *ud)
{
	struct run x;
	size_t i;
	int st;

	memset(&x, 0, sizeof(x));
	x.f = f;
	x.sink = sink;
	x.ud = ud;
	for (i = 0; i < R_PARTS; i++) {
		memcpy(x.parts[i].key, part_order[i].key, sizeof(x.parts[i].key));
		x.parts[i].nkeys = part_order[i].nkeys;
		x.parts[i].sorted = part_order[i].sorted;
	}
	st = db_tx(db, run_tx, &x);
	for (i = 0; i < R_PARTS; i++)
		rowset_free(&x.parts[i]);
	return st;
}
