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
#include "store/db.h"
#include "store/outcome.h"
#include "store/template.h"

_Static_assert(OUTCOME_LEVELS_MAX == TPL_LEVELS_MAX, "a template scale fits an outcome scale");
_Static_assert((int)OUTCOME_PARTS == (int)TPL_PARTS, "the same parts");
_Static_assert((int)OUTCOME_GOALS == (int)TPL_PART_RESULT_GOALS &&
    (int)OUTCOME_COMPETENCES == (int)TPL_PART_COMPETENCES &&
    (int)OUTCOME_QUESTIONS == (int)TPL_PART_RATING_QUESTIONS, "in the same order");

/* The conversation's template version (or the default template's newest),
 * its cycle's scale and what the manager confirmed. */
static struct db_stmt_def q_source = DB_STMT(
	"SELECT t.tkey, tv.number, cy.rating_scale, COALESCE(c.overall_rating, 0),"
	" COALESCE(c.outcome_proposed, 0), COALESCE(c.outcome_score, -1),"
	" COALESCE(c.override_reason, '')"
	" FROM conversation c JOIN dossier d ON d.id = c.dossier_id JOIN cycle cy ON cy.id = d.cycle_id"
	" JOIN template_version tv ON tv.id = COALESCE(c.template_version_id,"
	"  (SELECT v.id FROM template_version v JOIN template dt ON dt.id = v.template_id"
	"   WHERE dt.is_default = 1 ORDER BY v.number DESC LIMIT 1))"
	" JOIN template t ON t.id = tv.template_id"
	" WHERE c.id = ?");
/* The manager's ratings of this conversation's result goals (the only
 * ratings an item note carries: store/conversation_items.c), with the
 * goal's weight (0: none). */
static struct db_stmt_def q_goal_ratings = DB_STMT(
	"SELECT u.rating, COALESCE(i.weight, 0) FROM item_update u"
	" JOIN item i ON i.id = u.item_id JOIN conversation c ON c.id = u.conversation_id"
	" JOIN dossier d ON d.id = c.dossier_id"
	" WHERE u.conversation_id = ? AND i.dossier_id = d.id AND i.kind = 'result'"
	" AND i.status <> 'cancelled' AND u.rating IS NOT NULL"
	" AND u.author_id = d.manager_id ORDER BY i.id"
	" LIMIT " STR(OUTCOME_RATINGS_MAX));
static struct db_stmt_def q_confirm = DB_STMT(
	"UPDATE conversation SET overall_rating = ?, overall_note = ?, outcome_proposed = ?,"
	" outcome_score = ?, override_reason = ?, version = version + 1,"
	" updated_at = UTC_TIMESTAMP() WHERE id = ? AND version = ?");

/* Everything the formula needs, read for one conversation. */
struct gathered {
	struct tpl *t;
	char cycle_scale[SCALE_MAX + 1];
	char key[TPL_KEY_MAX + 1];
	int number;
	int confirmed, proposed_then, score_then;
	char *reason;			/* the caller's, OUTCOME_REASON_BYTES; or NULL */
	struct outcome_scale goal_scale, final;
	size_t nratings;
	struct outcome_rating r[OUTCOME_RATINGS_MAX];
	int goal_weight[OUTCOME_RATINGS_MAX];
	bool every_goal_weighted;
};

static int
source_row(void *ud, const struct db_row *r)
{
	struct gathered *g = ud;

	strlcopy(g->key, db_str(r, 0), sizeof(g->key));
	g->number = (int)db_int(r, 1);
	strlcopy(g->cycle_scale, db_str(r, 2), sizeof(g->cycle_scale));
	g->confirmed = (int)db_int(r, 3);
	g->proposed_then = (int)db_int(r, 4);
	g->score_then = (int)db_int(r, 5);
	if (g->reason)
		strlcopy(g->reason, db_str(r, 6), OUTCOME_REASON_BYTES);
	return DB_OK;
}

static int
goal_row(void *ud, const struct db_row *r)
{
	struct gathered *g = ud;
	size_t i = g->nratings;

	if (i == OUTCOME_RATINGS_MAX)
		return DB_OK;
	g->r[i] = (struct outcome_rating){ OUTCOME_GOALS, (int)db_int(r, 0), 1, &g->goal_scale };
	g->goal_weight[i] = (int)db_int(r, 1);
	if (g->goal_weight[i] <= 0)
		g->every_goal_weighted = false;
	g->nratings++;
	return DB_OK;
}

/* The cycle's scale: its labels, valued 1, 2, ... (at most the levels an
 * outcome scale holds; more makes it no scale). */
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

/* The scale `key` of t ("" the cycle's) into s; s->n = 0 when unknown. */
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

/* The scale key of the assessment form's result-goals section ("" when
 * the form has none: the cycle's, as before templates). */
static const char *
goal_scale_key(const struct tpl *t)
{
	size_t f, s;

	for (f = 0; f < t->nforms; f++) {
		if (t->form[f].type != TPL_ASSESSMENT)
			continue;
		for (s = 0; s < t->form[f].nsections; s++)
			if (t->form[f].section[s].kind == TPL_RESULT_GOALS)
				return t->form[f].section[s].scale;
	}
	return "";
}

/* Reads everything of conversation conv_id into g (g->t a fresh tpl) and
 * computes the outcome of the ratings as they are now into *o. */
static int
gather(struct db *db, int64_t conv_id, struct gathered *g, struct outcome *o)
{
	size_t i;
	int st;

	g->every_goal_weighted = true;
	g->key[0] = '\0';
	if ((st = db_query(db, &q_source, DB_ARGS(DB_INT(conv_id)), source_row, g)) != DB_OK)
		return st;
	if (g->key[0] == '\0')
		return DB_NOTFOUND;
	if ((st = template_load(db, g->key, g->number, g->t)) != DB_OK)
		return st;
	resolve_scale(g, goal_scale_key(g->t), &g->goal_scale);
	resolve_scale(g, g->t->final_scale, &g->final);
	if ((st = db_query(db, &q_goal_ratings, DB_ARGS(DB_INT(conv_id)), goal_row, g)) != DB_OK)
		return st;
	/* Goal weights count only when every rated goal has one. */
	for (i = 0; i < g->nratings && g->every_goal_weighted; i++)
		g->r[i].weight = g->goal_weight[i];
	outcome_compute(g->t->weight, &g->final, g->r, g->nratings, o);
	return DB_OK;
}

/* gather() with its template allocated and freed around it. */
static int
gather_once(struct db *db, int64_t conv_id, struct gathered *g, struct outcome *o)
{
	int st;

	if ((g->t = tpl_new()) == NULL)
		return DB_ERROR;
	st = gather(db, conv_id, g, o);
	tpl_free(g->t);
	g->t = NULL;
	return st;
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

int
outcome_of_conversation(struct db *db, int64_t conv_id, struct conv_outcome *out)
{
	struct gathered *g = calloc(1, sizeof(*g));
	int st = DB_ERROR;

	memset(out, 0, sizeof(*out));
	if (g == NULL || (g->t = tpl_new()) == NULL)
		goto fail;
	g->reason = out->override_reason;
	if ((st = gather(db, conv_id, g, &out->now)) != DB_OK)
		goto fail;
	memcpy(out->weight, g->t->weight, sizeof(out->weight));
	final_labels(g, out);
	out->confirmed = g->confirmed;
	out->proposed_then = g->proposed_then;
	out->score_then = g->score_then;
fail:
	if (g)
		tpl_free(g->t);
	free(g);
	return st;
}

int
outcome_finalize_state(struct db *db, int64_t conv_id, enum finalize_overall *state)
{
	struct gathered *g = calloc(1, sizeof(*g));
	struct outcome o;
	int st;

	if (g == NULL)
		return DB_ERROR;
	st = gather_once(db, conv_id, g, &o);
	if (st == DB_OK)
		*state = finalize_overall_state(g->confirmed, g->proposed_then,
		    o.status == OUTCOME_OK ? o.proposed : 0);
	free(g);
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
	struct gathered *g = calloc(1, sizeof(*g));
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
	if ((st = gather_once(db, t->w->id, g, &o)) != DB_OK)
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
	free(g);
	return st;
}

int
outcome_confirm(struct db *db, const struct conv_write *w, int rating, const char *note,
    const char *reason, enum outcome_problem *problem)
{
	struct confirm_tx t = { w, rating, note, reason, problem };

	return db_tx(db, tx_confirm, &t);
}
