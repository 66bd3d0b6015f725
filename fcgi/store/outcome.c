/* outcome.c -- an assessment's weighted outcome: gathering, the manager's
 * confirmation or override, the finalize check (outcome.h; the formula is
 * rules/outcome.c). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "rules/outcome.h"
#include "store/conversation_tx.h"
#include "store/answer.h"
#include "store/db.h"
#include "store/outcome.h"
#include "store/template.h"

_Static_assert(OUTCOME_LEVELS_MAX == TPL_LEVELS_MAX, "a template scale fits an outcome scale");
_Static_assert((int)OUTCOME_PARTS == (int)TPL_PARTS, "the same parts");
_Static_assert((int)OUTCOME_GOALS == (int)TPL_PART_RESULT_GOALS &&
    (int)OUTCOME_COMPETENCES == (int)TPL_PART_COMPETENCES &&
    (int)OUTCOME_QUESTIONS == (int)TPL_PART_RATING_QUESTIONS, "in the same order");

/* The conversation, its cycle's scale and what the manager confirmed (a
 * NULL rating or proposal reads as OUTCOME_NO_LEVEL: 0 is a level). */
static struct db_stmt_def q_source = DB_STMT(
	"SELECT c.type, cy.rating_scale, COALESCE(c.overall_rating, -1),"
	" COALESCE(c.outcome_proposed, -1), COALESCE(c.outcome_score, -1),"
	" COALESCE(c.override_reason, '')"
	" FROM conversation c JOIN dossier d ON d.id = c.dossier_id JOIN cycle cy ON cy.id = d.cycle_id"
	" WHERE c.id = ?");
/* The employee's job profile's competences, for a conversation. */
#define PROFILE_OF(conv) \
	" FROM conversation pc JOIN dossier pd ON pd.id = pc.dossier_id" \
	" JOIN employee pe ON pe.id = pd.employee_id" \
	" JOIN job_profile_competence pj ON pj.profile_id = pe.job_profile_id WHERE pc.id = " conv
/* Everything answered in a conversation, in one statement (tag, key,
 * role, three numbers):
 *   g  the manager's rating of a result goal not cancelled (the only
 *      rating an item note carries), with the goal's weight (0: none);
 *   a  an answer to a question: its rating (-1: none; 0 is a level),
 *      whether it has a text and an explanation;
 *   c  a competence rating, by its section: its level (-1: none), whether the
 *      competence is in the employee's job profile now;
 *   p  how many competences that job profile has (each competence
 *      section rates them all). */
#define ANSWERED \
	"SELECT 'g', '', 'manager', u.rating, COALESCE(i.weight, 0), 0 FROM item_update u" \
	" JOIN item i ON i.id = u.item_id JOIN conversation c ON c.id = u.conversation_id" \
	" JOIN dossier d ON d.id = c.dossier_id" \
	" WHERE u.conversation_id = ? AND i.dossier_id = d.id AND i.kind = 'result'" \
	" AND i.status <> 'cancelled' AND u.rating IS NOT NULL AND u.author_id <> d.employee_id" \
	" UNION ALL SELECT 'a', a.section_key, a.role, COALESCE(a.rating, -1)," \
	" TRIM(COALESCE(a.body, '')) <> '', TRIM(COALESCE(a.explanation, '')) <> ''" \
	" FROM conversation_answer a WHERE a.conversation_id = ?" \
	" UNION ALL SELECT 'c', r.section_key, r.role, COALESCE(r.level, -1)," \
	" EXISTS (SELECT 1" PROFILE_OF("r.conversation_id") " AND pj.competence_id = r.competence_id), 0" \
	" FROM competence_rating r WHERE r.conversation_id = ?" \
	" UNION ALL SELECT 'p', '', '', COUNT(*), 0, 0" PROFILE_OF("?")
static struct db_stmt_def q_answered = DB_STMT(ANSWERED);
/* A page's view of the outcome, whose template the page has read: what
 * the manager confirmed (tag s: the cycle's scale, rating, proposal, score,
 * reason) and q_answered's rows, in one statement. */
static struct db_stmt_def q_view = DB_STMT(
	"SELECT 's', cy.rating_scale, COALESCE(c.overall_rating, -1),"
	" COALESCE(c.outcome_proposed, -1), COALESCE(c.outcome_score, -1),"
	" COALESCE(c.override_reason, '')"
	" FROM conversation c JOIN dossier d ON d.id = c.dossier_id JOIN cycle cy ON cy.id = d.cycle_id"
	" WHERE c.id = ? UNION ALL " ANSWERED);
static struct db_stmt_def q_confirm = DB_STMT(
	"UPDATE conversation SET overall_rating = ?, overall_note = ?, outcome_proposed = ?,"
	" outcome_score = ?, override_reason = ?, version = version + 1,"
	" updated_at = UTC_TIMESTAMP() WHERE id = ? AND version = ?");

_Static_assert(FINALIZE_SECTIONS_MAX == TPL_SECTIONS_MAX, "a gap per section");
_Static_assert(FINALIZE_KEY_BYTES == TPL_KEY_MAX + 1, "a section key fits a gap");

/* Everything the formula and the finalize check need, for one conversation. */
struct gathered {
	const struct tpl *t;		/* own, or the caller's (outcome_of_form) */
	struct tpl *own;		/* freed with g (free_gathered) */
	int64_t version_id;
	char type[16];
	char cycle_scale[SCALE_MAX + 1];
	int confirmed, proposed_then, score_then;
	char *reason;			/* the caller's, OUTCOME_REASON_BYTES; or NULL */
	const struct tpl_form *form;	/* of the conversation's type; NULL: none */
	int goals;			/* the result goals' index in form; -1: none */
	struct outcome_scale scale[TPL_SECTIONS_MAX];	/* each section's */
	struct outcome_scale final;
	struct outcome_scale scale_spare;	/* goal_scale's, without a goals section */
	bool seen;			/* q_view found the conversation */
	struct finalize_section fin[TPL_SECTIONS_MAX];
	size_t nratings;
	struct outcome_rating r[OUTCOME_RATINGS_MAX];
	int goal_weight[OUTCOME_RATINGS_MAX];
	bool every_goal_weighted;
};

static int
source_row(void *ud, const struct db_row *r)
{
	struct gathered *g = ud;

	strlcopy(g->type, db_str(r, 0), sizeof(g->type));
	strlcopy(g->cycle_scale, db_str(r, 1), sizeof(g->cycle_scale));
	g->confirmed = (int)db_int(r, 2);
	g->proposed_then = (int)db_int(r, 3);
	g->score_then = (int)db_int(r, 4);
	if (g->reason)
		strlcopy(g->reason, db_str(r, 5), OUTCOME_REASON_BYTES);
	return DB_OK;
}

/* Adds a rating to the outcome (beyond OUTCOME_RATINGS_MAX it is left out:
 * no form has that many). */
static void
add_rating(struct gathered *g, enum outcome_part part, int value, int section, int goal_weight)
{
	size_t i = g->nratings;

	if (i == OUTCOME_RATINGS_MAX || section < 0)
		return;
	g->r[i] = (struct outcome_rating){ part, value, 1, &g->scale[section] };
	g->goal_weight[i] = goal_weight;
	if (part == OUTCOME_GOALS && goal_weight <= 0)
		g->every_goal_weighted = false;
	g->nratings++;
}

/* The index in the form of the section with this key; -1 when none. */
static int
section_of(const struct gathered *g, const char *key)
{
	size_t i;

	for (i = 0; g->form && i < g->form->nsections; i++)
		if (strcmp(g->form->section[i].key, key) == 0)
			return (int)i;
	return -1;
}

/* Rows of q_answered, without their tag: key, role, three numbers. */
static enum finalize_side
side_of(const struct db_row *r)
{
	return strcmp(db_str(r, 1), "employee") == 0 ? FIN_EMPLOYEE : FIN_MANAGER;
}

static int
goal_row(void *ud, const struct db_row *r)
{
	struct gathered *g = ud;

	/* A goal rating counts where the form shows the goals. */
	add_rating(g, OUTCOME_GOALS, (int)db_int(r, 2), g->goals, (int)db_int(r, 3));
	return DB_OK;
}

static int
answer_row(void *ud, const struct db_row *r)
{
	struct gathered *g = ud;
	enum finalize_side side = side_of(r);
	int i = section_of(g, db_str(r, 0)), value = (int)db_int(r, 2);

	if (i < 0)
		return DB_OK;	/* a section of another version: not this form's */
	g->fin[i].side[side] = (struct finalize_answer){ db_int(r, 3) != 0, value >= 0, value,
	    db_int(r, 4) != 0 };
	if (side == FIN_MANAGER && value >= 0 && g->form->section[i].kind == TPL_RATING_QUESTION)
		add_rating(g, OUTCOME_QUESTIONS, value, i, 0);
	return DB_OK;
}

static int
competence_row(void *ud, const struct db_row *r)
{
	struct gathered *g = ud;
	int i = section_of(g, db_str(r, 0)), value = (int)db_int(r, 2);

	if (side_of(r) != FIN_MANAGER || value < 0)
		return DB_OK;	/* a self-assessment never counts */
	if (i < 0 || g->form->section[i].kind != TPL_COMPETENCES)
		return DB_OK;	/* a section of another version: not this form's */
	add_rating(g, OUTCOME_COMPETENCES, value, i, 0);
	if (db_int(r, 3))
		g->fin[i].rated++;
	return DB_OK;
}

/* Every competence section rates the whole job profile. */
static int
profile_row(void *ud, const struct db_row *r)
{
	struct gathered *g = ud;
	size_t i;

	for (i = 0; g->form && i < g->form->nsections; i++)
		if (g->form->section[i].kind == TPL_COMPETENCES)
			g->fin[i].to_rate = (size_t)db_int(r, 2);
	return DB_OK;
}

/* The cycle's scale: its labels, valued 1, 2, ... (more levels than an
 * outcome scale holds make it no scale). */
static void
cycle_scale(const char *labels, struct outcome_scale *s)
{
	size_t n = labels[0] ? 1 : 0, i;

	for (; *labels; labels++)
		n += *labels == '|';
	s->n = n;
	for (i = 0; i < n && i < OUTCOME_LEVELS_MAX; i++)
		s->value[i] = (int)i + 1;
}

/* The scale `key` of the template ("" the cycle's) into s; s->n = 0 when
 * the template has none of that key. */
static void
resolve_scale(const struct gathered *g, const char *key, struct outcome_scale *s)
{
	size_t i, l;

	*s = (struct outcome_scale){ 0 };
	if (key[0] == '\0') {
		cycle_scale(g->cycle_scale, s);
		return;
	}
	for (i = 0; i < g->t->nscales; i++) {
		const struct tpl_scale *sc = &g->t->scale[i];

		if (strcmp(sc->key, key) != 0)
			continue;
		s->n = sc->nlevels;
		for (l = 0; l < sc->nlevels; l++)
			s->value[l] = sc->level[l].value;
		return;
	}
}

static enum finalize_kind
finalize_kind_of(enum tpl_kind k)
{
	switch (k) {
	case TPL_OPEN_QUESTION:
		return FIN_OPEN;
	case TPL_RATING_QUESTION:
		return FIN_RATING;
	case TPL_COMPETENCES:
		return FIN_COMPETENCES;
	default:
		return FIN_OTHER;
	}
}

/* The form of the conversation's type and what the finalize check asks of
 * each section (their scales: resolve_scales). */
static void
read_form(struct gathered *g)
{
	int type = tpl_name_index(tpl_conv_names, TPL_CONVS, g->type);
	size_t f, i;

	g->form = NULL;
	g->goals = -1;
	for (f = 0; f < g->t->nforms; f++)
		if ((int)g->t->form[f].type == type)
			g->form = &g->t->form[f];
	for (i = 0; g->form && i < g->form->nsections; i++) {
		const struct tpl_section *x = &g->form->section[i];

		g->fin[i] = (struct finalize_section){ .kind = finalize_kind_of(x->kind),
		    .required = x->required, .explain_below = x->explain_below,
		    .by = { x->answered_by != TPL_BY_MANAGER, x->answered_by != TPL_BY_EMPLOYEE } };
		if (x->kind == TPL_RESULT_GOALS && g->goals < 0)
			g->goals = (int)i;
	}
}

/* Each section's scale and the final one: after the cycle's scale is read
 * (the scale of a section that names none). */
static void
resolve_scales(struct gathered *g)
{
	size_t i;

	for (i = 0; g->form && i < g->form->nsections; i++)
		resolve_scale(g, g->form->section[i].scale, &g->scale[i]);
	resolve_scale(g, g->t->final_scale, &g->final);
}

/* A gathering with a template of its own (g->t); NULL when out of memory. */
static struct gathered *
new_gathered(void)
{
	struct gathered *g = calloc(1, sizeof(*g));

	if (g && (g->own = tpl_new()) == NULL) {
		free(g);
		return NULL;
	}
	if (g)
		g->t = g->own;
	return g;
}

static void
free_gathered(struct gathered *g)
{
	if (g)
		tpl_free(g->own);
	free(g);
}

/* The conversation, its form and the scales of conversation conv_id into
 * g (from new_gathered). */
static int
gather_form(struct db *db, int64_t conv_id, struct gathered *g)
{
	int st;

	g->every_goal_weighted = true;
	g->type[0] = '\0';
	if ((st = db_query(db, &q_source, DB_ARGS(DB_INT(conv_id)), source_row, g)) != DB_OK)
		return st;
	if (g->type[0] == '\0')
		return DB_NOTFOUND;
	if ((st = conversation_template(db, conv_id, g->own, &g->version_id)) != DB_OK)
		return st;
	read_form(g);
	resolve_scales(g);
	return DB_OK;
}

/* THE scale of a goal rating (the one rule, outcome.h): the result-goals
 * section's, which resolve_scale made the cycle's when it names none; the
 * cycle's in a form without result goals. */
static const struct outcome_scale *
goal_scale(struct gathered *g)
{
	static const char none[] = "";

	if (g->goals >= 0)
		return &g->scale[g->goals];
	resolve_scale(g, none, &g->scale_spare);
	return &g->scale_spare;
}

/* The outcome of the ratings gathered into *o. */
static void
compute(struct gathered *g, struct outcome *o)
{
	size_t i;

	/* Goal weights count only when every rated goal has one. */
	for (i = 0; i < g->nratings && g->every_goal_weighted; i++)
		if (g->r[i].part == OUTCOME_GOALS)
			g->r[i].weight = g->goal_weight[i];
	outcome_compute(g->t->weight, &g->final, g->r, g->nratings, o);
}

/* Reads everything of conversation conv_id into g (from new_gathered) and
 * computes the outcome of the manager's ratings as they are now into *o. */
static int
gather(struct db *db, int64_t conv_id, struct gathered *g, struct outcome *o)
{
	const struct db_tag tags[] = { { 'g', goal_row, g }, { 'a', answer_row, g },
	    { 'c', competence_row, g }, { 'p', profile_row, g } };
	int st;

	if ((st = gather_form(db, conv_id, g)) != DB_OK)
		return st;
	st = db_query_tagged(db, &q_answered, DB_ARGS(DB_INT(conv_id), DB_INT(conv_id),
	    DB_INT(conv_id), DB_INT(conv_id)), tags, sizeof(tags) / sizeof(tags[0]));
	if (st != DB_OK)
		return st;
	compute(g, o);
	return DB_OK;
}

/* The cycle's labels as the final scale's Dutch labels (the cycle has one
 * language: English falls back to them). */
static void
cycle_labels(const char *labels, struct conv_outcome *out)
{
	size_t i = 0, len;
	const char *end;

	for (; i < out->nlevels; i++, labels = end + 1) {
		out->level[i] = (int)i + 1;
		end = strchr(labels, '|');
		len = end ? (size_t)(end - labels) : strlen(labels);
		if (len >= OUTCOME_LABEL_BYTES)
			len = OUTCOME_LABEL_BYTES - 1;
		memcpy(out->label[TPL_NL][i], labels, len);
		out->label[TPL_NL][i][len] = '\0';
		if (end == NULL)
			break;
	}
}

/* The labels of the final scale for the page. */
static void
final_labels(const struct gathered *g, struct conv_outcome *out)
{
	const struct tpl_scale *sc = NULL;
	size_t i, lang;

	for (i = 0; i < g->t->nscales && g->t->final_scale[0]; i++)
		if (strcmp(g->t->scale[i].key, g->t->final_scale) == 0)
			sc = &g->t->scale[i];
	out->nlevels = g->final.n <= OUTCOME_LEVELS_MAX ? g->final.n : 0;
	if (sc == NULL) {
		cycle_labels(g->cycle_scale, out);
		return;
	}
	for (i = 0; i < out->nlevels; i++) {
		out->level[i] = g->final.value[i];
		for (lang = 0; lang < TPL_LANGS; lang++)
			if (sc->level[i].label.v[lang])
				strlcopy(out->label[lang][i], sc->level[i].label.v[lang],
				    OUTCOME_LABEL_BYTES);
	}
}

/* The 's' row of q_view: the cycle's scale and what the manager confirmed. */
static int
view_source_row(void *ud, const struct db_row *r)
{
	struct gathered *g = ud;

	strlcopy(g->cycle_scale, db_str(r, 0), sizeof(g->cycle_scale));
	g->confirmed = (int)db_int(r, 1);
	g->proposed_then = (int)db_int(r, 2);
	g->score_then = (int)db_int(r, 3);
	if (g->reason)
		strlcopy(g->reason, db_str(r, 4), OUTCOME_REASON_BYTES);
	g->seen = true;
	return DB_OK;
}

int
outcome_of_form(struct db *db, int64_t conv_id, const struct tpl *t, const char *type,
    struct conv_outcome *out)
{
	struct gathered *g = calloc(1, sizeof(*g));
	const struct db_tag tags[] = { { 's', view_source_row, g }, { 'g', goal_row, g },
	    { 'a', answer_row, g }, { 'c', competence_row, g }, { 'p', profile_row, g } };
	int st = DB_ERROR;

	memset(out, 0, sizeof(*out));
	if (g == NULL)
		goto fail;
	g->t = t;
	g->reason = out->override_reason;
	g->every_goal_weighted = true;
	/* The form before the rows (they find their sections in it); the
	 * scales after (a section without its own takes the cycle's, which
	 * comes with the rows). */
	strlcopy(g->type, type, sizeof(g->type));
	read_form(g);
	st = db_query_tagged(db, &q_view, DB_ARGS(DB_INT(conv_id), DB_INT(conv_id),
	    DB_INT(conv_id), DB_INT(conv_id), DB_INT(conv_id)), tags, sizeof(tags) / sizeof(tags[0]));
	if (st != DB_OK)
		goto fail;
	st = DB_NOTFOUND;
	if (!g->seen)
		goto fail;
	resolve_scales(g);
	compute(g, &out->now);
	memcpy(out->weight, t->weight, sizeof(out->weight));
	final_labels(g, out);
	out->confirmed = g->confirmed;
	out->proposed_then = g->proposed_then;
	out->score_then = g->score_then;
	st = DB_OK;
fail:
	free(g);
	return st;
}

/* The sections that lack something into m (the form is read whole, so
 * each section has its gap at most once). */
static void
section_gaps(const struct gathered *g, struct finalize_missing *m)
{
	size_t i;

	for (i = 0; g->form && i < g->form->nsections; i++) {
		unsigned lacks = finalize_lacks(&g->fin[i]);

		if (lacks == 0 || m->nsections == FINALIZE_SECTIONS_MAX)
			continue;
		strlcopy(m->sections[m->nsections].key, g->form->section[i].key, FINALIZE_KEY_BYTES);
		m->sections[m->nsections++].lacks = lacks;
	}
}

int
outcome_finalize_check(struct db *db, int64_t conv_id, struct finalize_missing *m, bool *goals)
{
	struct gathered *g = new_gathered();
	struct outcome o;
	enum finalize_overall state;
	int st = DB_ERROR;

	*goals = false;
	if (g == NULL)
		goto fail;
	if ((st = gather(db, conv_id, g, &o)) != DB_OK)
		goto fail;
	section_gaps(g, m);
	*goals = g->goals >= 0;
	if (strcmp(g->type, "assessment") != 0)
		goto fail;	/* DB_OK: nothing more to check */
	state = finalize_overall_state(g->confirmed, g->proposed_then,
	    o.status == OUTCOME_OK ? o.proposed : OUTCOME_NO_LEVEL);
	m->overall = state == OVERALL_MISSING;
	m->stale = state == OVERALL_STALE;
fail:
	free_gathered(g);
	return st;
}

/* ---- confirm or override ---- */

struct confirm_tx {
	const struct conv_write *w;
	int rating;
	const char *note, *reason;
	enum outcome_problem *problem;
};

static bool
on_final(const struct outcome_scale *s, int rating)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->value[i] == rating)
			return true;
	return false;
}

/* What the manager's choice needs, given the proposal now. */
static enum outcome_problem
choice_problem(const struct gathered *g, const struct outcome *o, int rating, const char *reason)
{
	if (!on_final(&g->final, rating))
		return OUTCOME_PROBLEM_RATING;
	if (o->status == OUTCOME_OK && rating != o->proposed && (reason == NULL || !reason[0]))
		return OUTCOME_PROBLEM_REASON;
	return OUTCOME_PROBLEM_NONE;
}

static int
tx_confirm(struct db *db, void *ud)
{
	struct confirm_tx *t = ud;
	struct gathered *g = new_gathered();
	struct outcome o;
	struct locked l;
	char detail[AUDIT_DETAIL_MAX], head[96];
	bool proposal, overridden;
	int st = guard(db, t->w, NEED_MANAGER, st_editable, &l);

	*t->problem = OUTCOME_PROBLEM_NONE;
	if (g == NULL)
		st = DB_ERROR;
	if (st != DB_OK)
		goto done;
	st = DB_NOTFOUND;
	if (strcmp(l.type, "assessment") != 0)
		goto done;
	/* The proposal under the lock: no rating can change between it and
	 * the write below. */
	if ((st = gather(db, t->w->id, g, &o)) != DB_OK)
		goto done;
	if ((*t->problem = choice_problem(g, &o, t->rating, t->reason)) != OUTCOME_PROBLEM_NONE)
		goto done;	/* DB_OK, nothing written: the form shows the problem */
	proposal = o.status == OUTCOME_OK;
	overridden = proposal && t->rating != o.proposed;
	if ((st = exec_one(db, &q_confirm, DB_ARGS(DB_INT(t->rating), DB_STR(t->note),
	    proposal ? DB_INT(o.proposed) : DB_NULL,
	    proposal ? DB_INT((int64_t)(o.score * OUTCOME_SCORE_SCALE + 0.5)) : DB_NULL,
	    DB_STR(overridden ? t->reason : NULL), DB_INT(t->w->id), DB_INT(l.version)))) != DB_OK)
		goto done;
	if (overridden)
		snprintf(head, sizeof(head), "overall rating %d (proposed %d, overridden): ",
		    t->rating, o.proposed);
	else if (proposal)
		snprintf(head, sizeof(head), "overall rating %d (the proposal)", t->rating);
	else
		snprintf(head, sizeof(head), "overall rating %d (no proposal)", t->rating);
	detail_with(detail, sizeof(detail), head, overridden ? t->reason : "", AUDIT_TEXT_CHARS);
	st = audit_conv(db, t->w, "rate", detail);
done:
	free_gathered(g);
	return st;
}

int
outcome_confirm(struct db *db, const struct conv_write *w, int rating, const char *note,
    const char *reason, enum outcome_problem *problem)
{
	struct confirm_tx t = { w, rating, note, reason, problem };

	return db_tx(db, tx_confirm, &t);
}

/* ---- the scale of a goal rating ---- */

/* Whether rating is a level of the scale pick() chooses from the
 * conversation's form. */
static int
rating_on(struct db *db, int64_t conv_id, int rating,
    const struct outcome_scale *(*pick)(struct gathered *), bool *ok)
{
	struct gathered *g = new_gathered();
	int st = DB_ERROR;

	*ok = false;
	if (g == NULL)
		goto fail;
	if ((st = gather_form(db, conv_id, g)) != DB_OK)
		goto fail;
	*ok = on_final(pick(g), rating);
fail:
	free_gathered(g);
	return st;
}

static const struct outcome_scale *
final_of(struct gathered *g)
{
	return &g->final;
}

int
outcome_goal_rating_ok(struct db *db, int64_t conv_id, int rating, bool *ok)
{
	return rating_on(db, conv_id, rating, goal_scale, ok);
}

int
outcome_final_rating_ok(struct db *db, int64_t conv_id, int rating, bool *ok)
{
	return rating_on(db, conv_id, rating, final_of, ok);
}
