/* review.c -- the second assessor's moves (review.h).  Each write locks
 * the conversation row with its dossier (SELECT ... FOR UPDATE) and checks
 * under that lock who the actor is and what state the review is in
 * (rules/review.h decides), then writes with a condition that repeats the
 * state (version), so a double submit or a move of the manager at the same
 * moment lands on the state it saw or not at all (DESIGN §3). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "rules/review.h"
#include "store/db.h"
#include "store/outcome.h"
#include "store/review.h"
#include "store/audit.h"
#include "store/stamp.h"
#include "store/conversation_tx.h"

const char *const review_target_names[REVIEW_TARGETS] = {
	"overall", "item", "question", "competence",
};

/* Who the second assessor would be: the template version's demand
 * (ANSWER_TV's rule for a conversation without a version: the newest
 * version of the default template), the cycle's (sql/089), the named
 * person of the employee's department, the manager's manager, and the one
 * a review begun earlier named.  Under the finalize's lock. */
static struct db_stmt_def q_begin_facts = DB_STMT(
	"SELECT c.type = 'assessment', COALESCE(tv.second_assessor, 0) = 1,"
	" COALESCE(dep.second_assessor_id, 0), COALESCE(m.manager_id, 0),"
	" COALESCE(d.manager_id, 0), d.employee_id, cy.second_assessor,"
	" COALESCE(c.second_assessor_id, 0)"
	" FROM conversation c JOIN dossier d ON d.id = c.dossier_id"
	" JOIN cycle cy ON cy.id = d.cycle_id"
	" JOIN employee e ON e.id = d.employee_id"
	" LEFT JOIN department dep ON dep.id = e.department_id"
	" LEFT JOIN employee m ON m.id = d.manager_id"
	" LEFT JOIN template_version tv ON tv.id = COALESCE(c.template_version_id,"
	"  (SELECT dv.id FROM template dt JOIN template_version dv ON dv.template_id = dt.id"
	"   WHERE dt.is_default = 1 ORDER BY dv.number DESC LIMIT 1))"
	" WHERE c.id = ?");
static struct db_stmt_def q_begin = DB_STMT(
	"UPDATE conversation SET review = ?,"
	" second_assessor_id = COALESCE(?, second_assessor_id) WHERE id = ?");
static struct db_stmt_def q_lock = DB_STMT(
	"SELECT c.status, c.version, c.review, COALESCE(c.second_assessor_id, 0), c.dossier_id,"
	" d.status, c.type FROM conversation c JOIN dossier d ON d.id = c.dossier_id"
	" WHERE c.id = ? FOR UPDATE");
static struct db_stmt_def q_approve = DB_STMT(
	"UPDATE conversation SET review = 'approved', version = version + 1,"
	" updated_at = UTC_TIMESTAMP()"
	" WHERE id = ? AND version = ? AND status = 'finalized' AND review = 'pending'");
/* Back to held: the manager edits and finalizes again, which asks the
 * second assessor again (review_begin). */
static struct db_stmt_def q_return = DB_STMT(
	"UPDATE conversation SET status = 'held', review = 'returned', version = version + 1,"
	" updated_at = UTC_TIMESTAMP()"
	" WHERE id = ? AND version = ? AND status = 'finalized' AND review = 'pending'");
/* A change leaves the conversation pending: the second assessor still
 * approves (or returns) it; the version moves, so a form shown before the
 * change conflicts. */
static struct db_stmt_def q_bump = DB_STMT(
	"UPDATE conversation SET version = version + 1, updated_at = UTC_TIMESTAMP()"
	" WHERE id = ? AND version = ? AND status = 'finalized' AND review = 'pending'");
static struct db_stmt_def q_overall_of = DB_STMT(
	"SELECT COALESCE(overall_rating, -1) FROM conversation WHERE id = ?");
static struct db_stmt_def q_overall_set = DB_STMT(
	"UPDATE conversation SET overall_rating = ? WHERE id = ? AND overall_rating IS NOT NULL");
/* The manager's rating of a result goal of this dossier in this
 * conversation (the form rates result goals only). */
static struct db_stmt_def q_item_of = DB_STMT(
	"SELECT u.rating FROM item_update u JOIN item i ON i.id = u.item_id"
	" WHERE u.item_id = ? AND u.conversation_id = ? AND i.dossier_id = ?"
	" AND i.kind = 'result' AND u.rating IS NOT NULL FOR UPDATE");
/* updated_at stays: it orders the notes whose status the item takes
 * (store/conversation.c q_apply_status), and a rating is no status. */
static struct db_stmt_def q_item_set = DB_STMT(
	"UPDATE item_update SET rating = ?, version = version + 1"
	" WHERE item_id = ? AND conversation_id = ? AND rating IS NOT NULL");
/* Is level ? on the scale of the section s of the conversation c (in
 * its template version, cy its cycle)?  The section's own scale, or
 * positions 1..n of the cycle's labels when it names none (as
 * store/answer.c checks an answer's rating). */
#define ON_SECTION_SCALE \
	" IF(s.scale_key IS NULL," \
	"  ? BETWEEN 1 AND 1 + LENGTH(cy.rating_scale) - LENGTH(REPLACE(cy.rating_scale, '|', ''))," \
	"  EXISTS (SELECT 1 FROM template_scale sc JOIN template_scale_level l ON l.scale_id = sc.id" \
	"   WHERE sc.version_id = s.version_id AND sc.skey = s.scale_key AND l.value = ?))"
#define SECTION_JOINS(kind) \
	" JOIN conversation c ON c.id = x.conversation_id JOIN dossier d ON d.id = c.dossier_id" \
	" JOIN cycle cy ON cy.id = d.cycle_id" \
	" JOIN template_section s ON s.version_id = COALESCE(c.template_version_id," \
	"  (SELECT dv.id FROM template dt JOIN template_version dv ON dv.template_id = dt.id" \
	"   WHERE dt.is_default = 1 ORDER BY dv.number DESC LIMIT 1))" \
	"  AND s.conv_type = CONCAT(c.type) AND s.skey = x.section_key AND s.kind = '" kind "'"
/* The manager's rating of a rating question, and whether the new one is
 * on its section's scale. */
static struct db_stmt_def q_question_of = DB_STMT(
	"SELECT x.rating," ON_SECTION_SCALE " FROM conversation_answer x"
	SECTION_JOINS("rating_question")
	" WHERE x.conversation_id = ? AND x.section_key = ? AND x.role = 'manager'"
	" AND x.rating IS NOT NULL FOR UPDATE");
static struct db_stmt_def q_question_set = DB_STMT(
	"UPDATE conversation_answer SET rating = ?, version = version + 1,"
	" updated_at = UTC_TIMESTAMP(), updated_by = ?"
	" WHERE conversation_id = ? AND section_key = ? AND role = 'manager' AND rating IS NOT NULL");
static struct db_stmt_def q_competence_of = DB_STMT(
	"SELECT x.level," ON_SECTION_SCALE " FROM competence_rating x"
	SECTION_JOINS("competences")
	" WHERE x.conversation_id = ? AND x.section_key = ? AND x.competence_id = ?"
	" AND x.role = 'manager' AND x.level IS NOT NULL FOR UPDATE");
static struct db_stmt_def q_competence_set = DB_STMT(
	"UPDATE competence_rating SET level = ?, version = version + 1,"
	" updated_at = UTC_TIMESTAMP(), updated_by = ?"
	" WHERE conversation_id = ? AND section_key = ? AND competence_id = ? AND role = 'manager'"
	" AND level IS NOT NULL");
static struct db_stmt_def q_event = DB_STMT(
	"INSERT INTO review_event (conversation_id, author_id, action, target, target_id,"
	" old_rating, new_rating, reason, section_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
/* The review of a conversation in one statement (db_query_tagged): 'h'
 * its state and second assessor, 'e' its events by id. */
static struct db_stmt_def q_review = DB_STMT(
	"SELECT * FROM ("
	"SELECT 'e' AS tag, r.id AS a, r.action, COALESCE(r.target, ''), COALESCE(r.target_id, 0),"
	" COALESCE(i.title, ''), COALESCE(r.old_rating, -1), COALESCE(r.new_rating, -1),"
	" COALESCE(r.reason, ''), r.author_id, a.name,"
	" DATE_FORMAT(r.created_at, '%Y-%m-%dT%H:%i:%sZ'), COALESCE(r.section_key, ''),"
	" COALESCE(db.name, ''), COALESCE(dp.name, '')"
	" FROM review_event r JOIN employee a ON a.id = r.author_id"
	" LEFT JOIN employee db ON db.id = r.decided_by LEFT JOIN employee dp ON dp.id = r.deputy_of"
	" LEFT JOIN item i ON r.target = 'item' AND i.id = r.target_id"
	" WHERE r.conversation_id = ?"
	" UNION ALL "
	"SELECT 'h', 0, c.review, COALESCE(s.name, ''), COALESCE(c.second_assessor_id, 0),"
	" '', 0, 0, '', 0, '', '', '', '', ''"
	" FROM conversation c LEFT JOIN employee s ON s.id = c.second_assessor_id WHERE c.id = ?"
	") x ORDER BY tag, a");
/* ---- finalize: who assesses second ---- */

struct begin_facts {
	bool assessment, template_asks;
	enum review_demand cycle;
	int64_t named, managers_manager, manager, employee, begun;
};

static int
begin_row(void *ud, const struct db_row *r)
{
	struct begin_facts *f = ud;

	f->assessment = db_int(r, 0) != 0;
	f->template_asks = db_int(r, 1) != 0;
	f->named = db_int(r, 2);
	f->managers_manager = db_int(r, 3);
	f->manager = db_int(r, 4);
	f->employee = db_int(r, 5);
	f->cycle = review_demand_of(db_str(r, 6));
	f->begun = db_int(r, 7);
	return DB_OK;
}

/* Who assesses this finalize: the one a begun review named keeps it
 * (rules/review.h review_required: what started stays as it was), else
 * the one the department or the manager's manager gives now. */
static int64_t
begin_who(const struct begin_facts *f)
{
	if (!f->assessment || !review_required(f->cycle, f->template_asks, f->begun != 0))
		return 0;
	if (f->begun)
		return f->begun;
	return review_assessor(f->named, f->managers_manager, f->manager, f->employee);
}

int
review_begin(struct db *db, int64_t conv_id)
{
	struct begin_facts f;
	int64_t who;
	int st;

	memset(&f, 0, sizeof(f));
	if ((st = db_query(db, &q_begin_facts, DB_ARGS(DB_INT(conv_id)), begin_row, &f)) != DB_OK)
		return st;
	who = begin_who(&f);
	/* Nobody to ask (no manager's manager, nobody named): the manager's
	 * assessment stands alone, as before second assessors existed.  One
	 * asked in an earlier round stays named: their record stays shown,
	 * and they keep reading the dossier they assessed. */
	if ((st = db_exec(db, &q_begin, DB_ARGS(DB_STR(review_state_names[who ? REVIEW_PENDING :
	    REVIEW_NONE]), DB_REF(who), DB_INT(conv_id)), NULL, NULL)) != DB_OK)
		return st;
	/* Their dashboard lists it now. */
	return who ? stamp_touch_person(db, who) : DB_OK;
}

/* ---- the second assessor's moves ---- */

struct review_lock {
	char status[12], review[12], dossier_status[8], type[16];
	int64_t version, assessor, dossier_id;
};

static int
lock_row(void *ud, const struct db_row *r)
{
	struct review_lock *l = ud;

	strlcopy(l->status, db_str(r, 0), sizeof(l->status));
	l->version = db_int(r, 1);
	strlcopy(l->review, db_str(r, 2), sizeof(l->review));
	l->assessor = db_int(r, 3);
	l->dossier_id = db_int(r, 4);
	strlcopy(l->dossier_status, db_str(r, 5), sizeof(l->dossier_status));
	strlcopy(l->type, db_str(r, 6), sizeof(l->type));
	return DB_OK;
}

/* Locks the conversation: DB_NOTFOUND unless the actor is its second
 * assessor; DB_CONFLICT unless `move` is allowed now (and the form's
 * version, when it sent one, is the row's). */
static int
review_guard(struct db *db, const struct conv_write *w, enum review_move move,
    struct review_lock *l)
{
	int st;

	memset(l, 0, sizeof(*l));
	if ((st = db_query(db, &q_lock, DB_ARGS(DB_INT(w->id)), lock_row, l)) != DB_OK)
		return st;
	if (l->dossier_id == 0 || !review_is_assessor(w->actor_id, l->assessor))
		return DB_NOTFOUND;
	if (strcmp(l->dossier_status, "open") != 0 ||
	    !review_allows(review_state_of(l->review), l->status, move))
		return DB_CONFLICT;
	if (w->version && w->version != l->version)
		return DB_CONFLICT;
	return DB_OK;
}

/* The event of a move: a change (c) with its target and both ratings, an
 * approval or a return with only its reason (NULL: none). */
static int
event(struct db *db, const struct conv_write *w, const char *action,
    const struct review_change_input *c, const char *reason, int old_rating)
{
	return db_exec(db, &q_event, DB_ARGS(DB_INT(w->id), DB_INT(w->actor_id), DB_STR(action),
	    c ? DB_STR(review_target_names[c->target]) : DB_NULL,
	    c ? DB_INT(c->target_id) : DB_NULL, c ? DB_INT(old_rating) : DB_NULL,
	    c ? DB_INT(c->rating) : DB_NULL, DB_STR(reason), DB_STR(c ? c->section : NULL)),
	    NULL, NULL);
}

struct move_tx {
	const struct conv_write *w;
	enum review_move move;
	const char *reason;		/* return only */
};

static int
tx_move(struct db *db, void *ud)
{
	struct move_tx *t = ud;
	struct review_lock l;
	char detail[AUDIT_DETAIL_MAX];
	bool back = t->move == REVIEW_RETURN;
	int st = review_guard(db, t->w, t->move, &l);

	if (st != DB_OK)
		return st;
	if ((st = exec_one(db, back ? &q_return : &q_approve, DB_ARGS(DB_INT(t->w->id),
	    DB_INT(l.version)))) != DB_OK)
		return st;
	if ((st = event(db, t->w, back ? "return" : "approve", NULL, t->reason, 0)) != DB_OK)
		return st;
	/* Off the second assessor's dashboard. */
	if ((st = stamp_touch_person(db, t->w->actor_id)) != DB_OK)
		return st;
	detail_with(detail, sizeof(detail), back ? "second assessor returned it: " :
	    "second assessor approved", back ? t->reason : "", AUDIT_TEXT_CHARS);
	return audit_conv(db, t->w, back ? "review_return" : "review_approve", detail);
}

int
review_approve(struct db *db, const struct conv_write *w)
{
	struct move_tx t = { w, REVIEW_APPROVE, NULL };

	return db_tx(db, tx_move, &t);
}

int
review_return(struct db *db, const struct conv_write *w, const char *reason)
{
	struct move_tx t = { w, REVIEW_RETURN, reason };

	return db_tx(db, tx_move, &t);
}

struct change_tx {
	const struct conv_write *w;
	const struct review_change_input *in;
	enum review_problem *problem;
};

static int
keep_int(void *ud, const struct db_row *r)
{
	*(int *)ud = (int)db_int(r, 0);
	return DB_OK;
}

struct rated {
	int *old;
	bool *on_scale;
};

static int
rated_row(void *ud, const struct db_row *r)
{
	struct rated *x = ud;

	*x->old = (int)db_int(r, 0);
	*x->on_scale = db_int(r, 1) != 0;
	return DB_OK;
}

/* The manager's rating of a rating question or a competence, with the
 * scale check in the same statement. */
static int
section_rating(struct db *db, const struct change_tx *t, int *old, bool *on_scale)
{
	struct rated x = { old, on_scale };
	const char *section = t->in->section ? t->in->section : "";

	if (t->in->target == REVIEW_TARGET_QUESTION)
		return db_query(db, &q_question_of, DB_ARGS(DB_INT(t->in->rating),
		    DB_INT(t->in->rating), DB_INT(t->w->id), DB_STR(section)), rated_row, &x);
	return db_query(db, &q_competence_of, DB_ARGS(DB_INT(t->in->rating), DB_INT(t->in->rating),
	    DB_INT(t->w->id), DB_STR(section), DB_INT(t->in->target_id)), rated_row, &x);
}

/* The rating now (REVIEW_NO_RATING: no such rating to change) and
 * whether the new one is on its scale. */
static int
current(struct db *db, const struct change_tx *t, const struct review_lock *l, int *old,
    bool *on_scale)
{
	int st;

	*old = REVIEW_NO_RATING;
	*on_scale = false;
	if (t->in->target == REVIEW_TARGET_OVERALL) {
		if (t->in->target_id != 0)
			return DB_OK;
		st = db_query(db, &q_overall_of, DB_ARGS(DB_INT(t->w->id)), keep_int, old);
		if (st != DB_OK || *old == REVIEW_NO_RATING)
			return st;
		return outcome_final_rating_ok(db, t->w->id, t->in->rating, on_scale);
	}
	if (t->in->target == REVIEW_TARGET_ITEM) {
		st = db_query(db, &q_item_of, DB_ARGS(DB_INT(t->in->target_id), DB_INT(t->w->id),
		    DB_INT(l->dossier_id)), keep_int, old);
		if (st != DB_OK || *old == REVIEW_NO_RATING)
			return st;
		return outcome_goal_rating_ok(db, t->w->id, t->in->rating, on_scale);
	}
	return section_rating(db, t, old, on_scale);
}

/* The new rating, where it lives (under the lock; the row was read above). */
static int
write_rating(struct db *db, const struct change_tx *t)
{
	const struct review_change_input *in = t->in;

	switch (in->target) {
	case REVIEW_TARGET_OVERALL:
		return exec_one(db, &q_overall_set, DB_ARGS(DB_INT(in->rating), DB_INT(t->w->id)));
	case REVIEW_TARGET_ITEM:
		return exec_one(db, &q_item_set, DB_ARGS(DB_INT(in->rating), DB_INT(in->target_id),
		    DB_INT(t->w->id)));
	case REVIEW_TARGET_QUESTION:
		return exec_one(db, &q_question_set, DB_ARGS(DB_INT(in->rating),
		    DB_INT(t->w->actor_id), DB_INT(t->w->id), DB_STR(in->section)));
	default:
		return exec_one(db, &q_competence_set, DB_ARGS(DB_INT(in->rating),
		    DB_INT(t->w->actor_id), DB_INT(t->w->id), DB_STR(in->section),
		    DB_INT(in->target_id)));
	}
}

static int
tx_change(struct db *db, void *ud)
{
	struct change_tx *t = ud;
	struct review_lock l;
	char detail[AUDIT_DETAIL_MAX], head[128];
	bool on_scale;
	int old, st = review_guard(db, t->w, REVIEW_CHANGE, &l);

	*t->problem = REVIEW_PROBLEM_NONE;
	if (st != DB_OK)
		return st;
	if ((st = current(db, t, &l, &old, &on_scale)) != DB_OK)
		return st;
	if (old == REVIEW_NO_RATING)
		*t->problem = REVIEW_PROBLEM_TARGET;
	else if (!on_scale)
		*t->problem = REVIEW_PROBLEM_RATING;
	else if (old == t->in->rating)
		*t->problem = REVIEW_PROBLEM_SAME;
	if (*t->problem != REVIEW_PROBLEM_NONE)
		return DB_OK;	/* nothing written: the form says why */
	if ((st = exec_one(db, &q_bump, DB_ARGS(DB_INT(t->w->id), DB_INT(l.version)))) != DB_OK)
		return st;
	if ((st = write_rating(db, t)) != DB_OK)
		return st;
	if ((st = event(db, t->w, "change", t->in, t->in->reason, old)) != DB_OK)
		return st;
	snprintf(head, sizeof(head), "second assessor changed the %s rating %lld: %d -> %d: ",
	    review_target_names[t->in->target], (long long)t->in->target_id, old, t->in->rating);
	detail_with(detail, sizeof(detail), head, t->in->reason, AUDIT_TEXT_CHARS);
	/* audit_conv refreshes the dossier's summaries: the overall rating
	 * is a counted fact. */
	return audit_conv(db, t->w, "review_change", detail);
}

int
review_change(struct db *db, const struct conv_write *w, const struct review_change_input *in,
    enum review_problem *problem)
{
	struct change_tx t = { w, in, problem };

	return db_tx(db, tx_change, &t);
}

/* ---- reads ---- */

static int
event_row(void *ud, const struct db_row *r)
{
	const struct review_read *rd = ud;
	struct review_event e = {
		.id = db_int(r, 0), .action = db_str(r, 1), .target = db_str(r, 2),
		.target_id = db_int(r, 3), .target_title = db_str(r, 4),
		.old_rating = (int)db_int(r, 5), .new_rating = (int)db_int(r, 6),
		.reason = db_str(r, 7), .author_id = db_int(r, 8), .author = db_str(r, 9),
		.at = db_str(r, 10), .section = db_str(r, 11),
		.decided_by = db_str(r, 12), .deputy_of = db_str(r, 13),
	};

	return rd->event(rd->ud, &e);
}

static int
head_row(void *ud, const struct db_row *r)
{
	struct review_head *h = ((const struct review_read *)ud)->head;

	strlcopy(h->state, db_str(r, 1), sizeof(h->state));
	strlcopy(h->assessor, db_str(r, 2), sizeof(h->assessor));
	h->assessor_id = db_int(r, 3);
	return DB_OK;
}

int
review_of(struct db *db, int64_t conv_id, const struct review_read *rd)
{
	const struct db_tag tags[] = { { 'e', event_row, (void *)rd }, { 'h', head_row, (void *)rd } };

	memset(rd->head, 0, sizeof(*rd->head));
	return db_query_tagged(db, &q_review, DB_ARGS(DB_INT(conv_id), DB_INT(conv_id)), tags,
	    sizeof(tags) / sizeof(tags[0]));
}

/* ---- the department's named second assessor ---- */

static struct db_stmt_def q_dept_assessor = DB_STMT(
	"SELECT COALESCE(e.id, 0), COALESCE(e.name, ''), COALESCE(e.login, '')"
	" FROM department d LEFT JOIN employee e ON e.id = d.second_assessor_id WHERE d.id = ?");
static struct db_stmt_def q_dept_lock = DB_STMT(
	"SELECT version FROM department WHERE id = ? FOR UPDATE");
static struct db_stmt_def q_person = DB_STMT(
	"SELECT id FROM employee WHERE login = ? AND active = 1");
static struct db_stmt_def q_dept_set = DB_STMT(
	"UPDATE department SET second_assessor_id = ?, version = version + 1,"
	" updated_at = UTC_TIMESTAMP() WHERE id = ? AND version = ?");

static int
assessor_row(void *ud, const struct db_row *r)
{
	struct dept_assessor *a = ud;

	a->id = db_int(r, 0);
	strlcopy(a->name, db_str(r, 1), sizeof(a->name));
	strlcopy(a->login, db_str(r, 2), sizeof(a->login));
	return DB_OK;
}

int
department_assessor_get(struct db *db, int64_t department_id, struct dept_assessor *out)
{
	memset(out, 0, sizeof(*out));
	return db_query(db, &q_dept_assessor, DB_ARGS(DB_INT(department_id)), assessor_row, out);
}

struct dept_tx {
	int64_t actor, id, version;
	const char *login;
	bool *unknown;
};

static int
keep_int64(void *ud, const struct db_row *r)
{
	*(int64_t *)ud = db_int(r, 0);
	return DB_OK;
}

static int
tx_dept(struct db *db, void *ud)
{
	struct dept_tx *t = ud;
	struct dept_assessor before;
	int64_t version = 0, who = 0;
	char detail[AUDIT_DETAIL_MAX];
	int st;

	*t->unknown = false;
	if ((st = db_query(db, &q_dept_lock, DB_ARGS(DB_INT(t->id)), keep_int64, &version)) != DB_OK)
		return st;
	if (version == 0)
		return DB_NOTFOUND;
	if (version != t->version)
		return DB_CONFLICT;
	if (t->login && t->login[0]) {
		if ((st = db_query(db, &q_person, DB_ARGS(DB_STR(t->login)), keep_int64, &who)) != DB_OK)
			return st;
		if (who == 0) {
			*t->unknown = true;
			return DB_OK;	/* nothing written: the form says why */
		}
	}
	if ((st = department_assessor_get(db, t->id, &before)) != DB_OK)
		return st;
	if ((st = exec_one(db, &q_dept_set, DB_ARGS(DB_REF(who), DB_INT(t->id),
	    DB_INT(version)))) != DB_OK)
		return st;
	snprintf(detail, sizeof(detail), "second assessor: %s -> %s",
	    before.login[0] ? before.login : "-", who ? t->login : "-");
	return audit_add(db, t->actor, "department", t->id, "second_assessor", detail);
}

int
department_assessor_set(struct db *db, int64_t actor, int64_t department_id, int64_t version,
    const char *login, bool *unknown)
{
	struct dept_tx t = { actor, department_id, version, login, unknown };

	return db_tx(db, tx_dept, &t);
}
