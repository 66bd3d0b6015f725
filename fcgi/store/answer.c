/* answer.c -- see answer.h.  The answers of a form rendered from its
 * template version: one write (conversation_answer_save) that checks
 * everything under the conversation's row lock (guard(), as every write of
 * a conversation does), and the reads the form needs. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "store/answer.h"
#include "store/conversation_tx.h"
#include "store/db.h"
#include "store/form_sql.h"

static struct db_stmt_def q_version_of = DB_STMT("SELECT " FORM_VERSION_PART);
/* The section of the conversation's form, read inside the write: its kind,
 * who answers it, self-assessment, scale (NULL: the cycle's, whose labels
 * come along), explain_below, and whether level ? is on its own scale.
 * conv_type is compared as text (CONCAT): two ENUMs of different lists. */
static struct db_stmt_def q_section = DB_STMT(
	"SELECT s.kind, s.answered_by, s.self_assessment, s.scale_key IS NULL, s.explain_below,"
	" cy.rating_scale, EXISTS (SELECT 1 FROM template_scale sc"
	"  JOIN template_scale_level l ON l.scale_id = sc.id"
	"  WHERE sc.version_id = s.version_id AND sc.skey = s.scale_key AND l.value = ?)"
	" FROM conversation c JOIN dossier d ON d.id = c.dossier_id JOIN cycle cy ON cy.id = d.cycle_id"
	" JOIN template_section s ON s.version_id = " ANSWER_TV
	"  AND s.conv_type = CONCAT(c.type) AND s.skey = ?"
	" WHERE c.id = ?");
/* The competence is one of the employee's job profile now. */
static struct db_stmt_def q_profile_has = DB_STMT(
	"SELECT COUNT(*) FROM employee e JOIN job_profile_competence j ON j.profile_id = e.job_profile_id"
	" WHERE e.id = ? AND j.competence_id = ?");
static struct db_stmt_def q_answer_new = DB_STMT(
	"INSERT INTO conversation_answer (conversation_id, section_key, role, body, rating,"
	" explanation, shared_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, IF(?, UTC_TIMESTAMP(), NULL), ?)");
/* The version check is the condition: a lost race hits no row.  A share
 * is for good: an answer shown once is not taken back. */
static struct db_stmt_def q_answer_edit = DB_STMT(
	"UPDATE conversation_answer SET body = ?, rating = ?, explanation = ?,"
	" shared_at = IF(?, COALESCE(shared_at, UTC_TIMESTAMP()), shared_at),"
	" version = version + 1, updated_at = UTC_TIMESTAMP(), updated_by = ?"
	" WHERE conversation_id = ? AND section_key = ? AND role = ? AND version = ?");
/* A competence rating is its competence section's (sql/079): a form may
 * rate the job profile's competences in more than one section. */
static struct db_stmt_def q_rating_new = DB_STMT(
	"INSERT INTO competence_rating (conversation_id, section_key, competence_id, role, level,"
	" explanation, shared_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, IF(?, UTC_TIMESTAMP(), NULL), ?)");
static struct db_stmt_def q_rating_edit = DB_STMT(
	"UPDATE competence_rating SET level = ?, explanation = ?,"
	" shared_at = IF(?, COALESCE(shared_at, UTC_TIMESTAMP()), shared_at),"
	" version = version + 1, updated_at = UTC_TIMESTAMP(), updated_by = ?"
	" WHERE conversation_id = ? AND section_key = ? AND competence_id = ? AND role = ?"
	" AND version = ?");
/* Both lists in one statement, tagged a (answers) and r (ratings, with
 * their section). */
static struct db_stmt_def q_answers = DB_STMT(FORM_ANSWERS_SQL);
static struct db_stmt_def q_competences = DB_STMT("SELECT " FORM_COMPETENCES_PART);

/* ---- the conversation's template version ---- */

struct version_of {
	int64_t id;
	char key[TPL_KEY_MAX + 1];
	int number;
};

static int
version_of_row(void *ud, const struct db_row *r)
{
	struct version_of *v = ud;

	v->id = db_int(r, 0);
	strlcopy(v->key, db_str(r, 1), sizeof(v->key));
	v->number = (int)db_int(r, 2);
	return DB_OK;
}

int
conversation_template(struct db *db, int64_t conv_id, struct tpl *t, int64_t *version_id)
{
	struct version_of v = { 0 };
	int st = db_query(db, &q_version_of, DB_ARGS(DB_INT(conv_id)), version_of_row, &v);

	if (st != DB_OK)
		return st;
	if (v.id == 0)
		return DB_NOTFOUND;
	*version_id = v.id;
	return template_load(db, v.key, v.number, t);
}

/* ---- saving an answer ---- */

struct section_rule {
	bool found;
	char kind[20], answered_by[12];
	bool self_assessment, cycle_scale, level_on_scale;
	int explain_below;		/* 0: none */
	char cycle_scale_labels[SCALE_MAX + 1];
};

static int
section_row(void *ud, const struct db_row *r)
{
	struct section_rule *s = ud;

	s->found = true;
	strlcopy(s->kind, db_str(r, 0), sizeof(s->kind));
	strlcopy(s->answered_by, db_str(r, 1), sizeof(s->answered_by));
	s->self_assessment = db_int(r, 2) != 0;
	s->cycle_scale = db_int(r, 3) != 0;
	s->explain_below = db_isnull(r, 4) ? 0 : (int)db_int(r, 4);
	strlcopy(s->cycle_scale_labels, db_str(r, 5), sizeof(s->cycle_scale_labels));
	s->level_on_scale = db_int(r, 6) != 0;
	return DB_OK;
}

/* Levels of the cycle's own scale: its labels joined by '|'. */
static int
labels_count(const char *labels)
{
	int n = labels[0] ? 1 : 0;

	for (; *labels; labels++)
		n += *labels == '|';
	return n;
}

static bool
is_kind(const struct section_rule *s, const char *kind)
{
	return strcmp(s->kind, kind) == 0;
}

/* May `role` answer the section?  Its own side, or the employee rating
 * beforehand what the manager rates (self-assessment). */
static bool
role_may(const struct section_rule *s, const char *role)
{
	if (strcmp(s->answered_by, "both") == 0 || strcmp(s->answered_by, role) == 0)
		return true;
	return s->self_assessment && strcmp(role, "employee") == 0 &&
	    (is_kind(s, "rating_question") || is_kind(s, "competences"));
}

static bool
has_text(const char *s)
{
	return s && s[0];
}

/* What the section allows of this input: ANSWER_OK or the first problem. */
static enum answer_problem
judge(const struct section_rule *s, const struct answer_input *in, const char *role)
{
	bool competence = in->competence_id != 0;

	if (!s->found || (competence != is_kind(s, "competences")))
		return ANSWER_SECTION;
	if (!competence && !is_kind(s, "open_question") && !is_kind(s, "rating_question"))
		return ANSWER_SECTION;
	if (!role_may(s, role))
		return ANSWER_ROLE;
	if (is_kind(s, "open_question"))
		return in->rating != ANSWER_NO_RATING || has_text(in->explanation) ?
		    ANSWER_NOT_RATED : ANSWER_OK;
	if (in->rating == ANSWER_NO_RATING)
		return ANSWER_MISSING;
	/* The cycle's scale is valued 1, 2, ...; a template's names its values. */
	if (s->cycle_scale ? in->rating < 1 || in->rating > labels_count(s->cycle_scale_labels) :
	    !s->level_on_scale)
		return ANSWER_RATING;
	if (in->rating < s->explain_below && !has_text(in->explanation))
		return ANSWER_EXPLAIN;
	return ANSWER_OK;
}

struct answer_tx {
	const struct conv_write *w;
	const struct answer_input *in;
	enum answer_problem *problem;
};

/* A new answer hits the unique key when another request saved the first
 * one meanwhile: the form was built without it, a conflict.  body: the
 * text, kept for an open question only. */
static int
insert_answer(struct db *db, const struct answer_tx *t, const char *role, const char *body)
{
	const struct answer_input *in = t->in;
	int st;

	if (in->competence_id)
		st = db_exec(db, &q_rating_new, DB_ARGS(DB_INT(t->w->id), DB_STR(in->section_key),
		    DB_INT(in->competence_id), DB_STR(role), DB_INT(in->rating), DB_STR(in->explanation), DB_INT(in->share),
		    DB_INT(t->w->actor_id)), NULL, NULL);
	else
		st = db_exec(db, &q_answer_new, DB_ARGS(DB_INT(t->w->id), DB_STR(in->section_key),
		    DB_STR(role), DB_STR(body), DB_LEVEL(in->rating), DB_STR(in->explanation),
		    DB_INT(in->share), DB_INT(t->w->actor_id)), NULL, NULL);
	return st == DB_DUPLICATE ? DB_CONFLICT : st;
}

static int
update_answer(struct db *db, const struct answer_tx *t, const char *role, const char *body)
{
	const struct answer_input *in = t->in;

	if (in->competence_id)
		return exec_one(db, &q_rating_edit, DB_ARGS(DB_INT(in->rating),
		    DB_STR(in->explanation), DB_INT(in->share), DB_INT(t->w->actor_id),
		    DB_INT(t->w->id), DB_STR(in->section_key), DB_INT(in->competence_id),
		    DB_STR(role), DB_INT(in->version)));
	return exec_one(db, &q_answer_edit, DB_ARGS(DB_STR(body), DB_LEVEL(in->rating),
	    DB_STR(in->explanation), DB_INT(in->share), DB_INT(t->w->actor_id), DB_INT(t->w->id),
	    DB_STR(in->section_key), DB_STR(role), DB_INT(in->version)));
}

static int
tx_answer(struct db *db, void *ud)
{
	struct answer_tx *t = ud;
	const struct answer_input *in = t->in;
	struct section_rule s;
	struct locked l;
	const char *body;
	int64_t has = 0;
	char detail[AUDIT_DETAIL_MAX];
	int st = guard(db, t->w, NEED_PARTY, st_editable, &l);

	*t->problem = ANSWER_OK;
	if (st != DB_OK)
		return st;
	memset(&s, 0, sizeof(s));
	if ((st = db_query(db, &q_section, DB_ARGS(DB_INT(in->rating), DB_STR(in->section_key),
	    DB_INT(t->w->id)), section_row, &s)) != DB_OK)
		return st;
	if ((*t->problem = judge(&s, in, l.role)) != ANSWER_OK)
		return DB_OK;
	if (in->competence_id) {
		if ((st = db_query(db, &q_profile_has, DB_ARGS(DB_INT(l.employee_id),
		    DB_INT(in->competence_id)), count_row, &has)) != DB_OK)
			return st;
		if (has == 0) {
			*t->problem = ANSWER_COMPETENCE;
			return DB_OK;
		}
	}
	/* A text sent with a rating is not kept: only an open question has one. */
	body = is_kind(&s, "open_question") ? in->body : NULL;
	st = in->version ? update_answer(db, t, l.role, body) : insert_answer(db, t, l.role, body);
	if (st != DB_OK)
		return st;
	/* The answer's text is preparation: never in the audit trail. */
	if (in->competence_id)
		snprintf(detail, sizeof(detail), "%s rated competence %lld in section %s%s", l.role,
		    (long long)in->competence_id, in->section_key, in->share ? ", shared" : "");
	else
		snprintf(detail, sizeof(detail), "%s answered section %s%s", l.role,
		    in->section_key, in->share ? ", shared" : "");
	return audit_conv(db, t->w, "answer", detail);
}

int
conversation_answer_save(struct db *db, const struct conv_write *w,
    const struct answer_input *in, enum answer_problem *problem)
{
	struct answer_tx t = { w, in, problem };

	return db_tx(db, tx_answer, &t);
}

/* ---- reads ---- */

/* The caller's function and data, under the row functions. */
struct answer_cb {
	answer_fn fn;
	void *ud;
};
struct competence_cb {
	form_competence_fn fn;
	void *ud;
};

static int
answer_row(void *ud, const struct db_row *r)
{
	struct answer_cb *f = ud;
	struct answer a = {
		.section_key = db_str(r, 0), .competence_id = db_int(r, 1), .role = db_str(r, 2),
		.body = db_str(r, 3), .rating = (int)db_int(r, 4), .explanation = db_str(r, 5),
		.shared = db_int(r, 6) != 0, .version = db_int(r, 7), .at = db_str(r, 8),
		.updated_by = db_int(r, 9), .updated_by_name = db_str(r, 10),
	};

	return f->fn(f->ud, &a);
}

int
answers_of_conversation(struct db *db, int64_t conv_id, answer_fn fn, void *ud)
{
	struct answer_cb f = { fn, ud };
	const struct db_tag tags[] = { { 'a', answer_row, &f }, { 'r', answer_row, &f } };

	return db_query_tagged(db, &q_answers, DB_ARGS(DB_INT(conv_id), DB_INT(conv_id)), tags,
	    sizeof(tags) / sizeof(tags[0]));
}

static int
competence_row(void *ud, const struct db_row *r)
{
	struct competence_cb *f = ud;
	struct form_competence fc = {
		.id = db_int(r, 0), .key = db_str(r, 1), .name_nl = db_str(r, 2),
		.name_en = db_str(r, 3), .definition_nl = db_str(r, 4),
		.definition_en = db_str(r, 5), .level = (int)db_int(r, 6),
		.indicator_nl = db_str(r, 7), .indicator_en = db_str(r, 8),
	};

	return f->fn(f->ud, &fc);
}

int
form_competences(struct db *db, int64_t employee_id, form_competence_fn fn, void *ud)
{
	struct competence_cb f = { fn, ud };

	return db_query(db, &q_competences, DB_ARGS(DB_INT(employee_id)), competence_row, &f);
}
