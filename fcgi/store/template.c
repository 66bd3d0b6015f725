/* template.c -- form templates and their immutable versions (template.h,
 * sql/069_template.sql).  A version is written whole in one transaction
 * and never updated; reading one reads it whole. */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/audit.h"
#include "store/db.h"
#include "store/template.h"
#include "base/util.h"

/* What a dry run's transaction answers so that db_tx rolls it back; the
 * save then reports DB_OK.  Outside enum db_status on purpose. */
#define TX_DRY_RUN_ROLLBACK 100

/* ---- save a version ---- */

static struct db_stmt_def q_lock = DB_STMT(
	"SELECT id FROM template WHERE tkey = ? FOR UPDATE");
static struct db_stmt_def q_new_template = DB_STMT(
	"INSERT INTO template (tkey) VALUES (?)");
static struct db_stmt_def q_next_number = DB_STMT(
	"SELECT COALESCE(MAX(number), 0) + 1 FROM template_version WHERE template_id = ?");
static struct db_stmt_def q_touch = DB_STMT(
	"UPDATE template SET version = version + 1, updated_at = UTC_TIMESTAMP() WHERE id = ?");
static struct db_stmt_def q_new_version = DB_STMT(
	"INSERT INTO template_version (template_id, number, name_nl, name_en, description_nl,"
	" description_en, goal_org_goal, goal_measure, goal_end_date, final_scale_key,"
	" weight_result_goals, weight_competences, weight_rating_questions, created_by,"
	" second_assessor)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
static struct db_stmt_def q_new_scale = DB_STMT(
	"INSERT INTO template_scale (version_id, seq, skey) VALUES (?, ?, ?)");
static struct db_stmt_def q_new_level = DB_STMT(
	"INSERT INTO template_scale_level (scale_id, value, label_nl, label_en,"
	" description_nl, description_en) VALUES (?, ?, ?, ?, ?, ?)");
static struct db_stmt_def q_new_section = DB_STMT(
	"INSERT INTO template_section (version_id, conv_type, seq, skey, kind, answered_by,"
	" required, self_assessment, scale_key, explain_below, title_nl, title_en,"
	" guidance_nl, guidance_en) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");

struct save {
	const struct tpl *t;
	int64_t actor;
	bool dry_run;
	int after;		/* -1: any; 0: a new key; N: version N is the newest */
	struct tpl_saved out;
};

static int
id_row(void *ud, const struct db_row *r)
{
	*(int64_t *)ud = db_int(r, 0);
	return DB_OK;
}

static const char *
rule_name(bool required)
{
	return required ? "required" : "optional";
}

static struct db_arg
opt_str(const char *s)
{
	return DB_STR(s && *s ? s : NULL);
}

/* ---- a version's feedback round (issue 17, sql/087_feedback.sql) ---- */
static struct db_stmt_def q_new_round = DB_STMT(
	"INSERT INTO template_feedback (version_id, conv_type, invited_by, anonymity, threshold,"
	" employee_sees) VALUES (?, ?, ?, ?, ?, ?)");
static struct db_stmt_def q_new_question = DB_STMT(
	"INSERT INTO template_feedback_question (version_id, seq, qkey, kind, scale_key,"
	" title_nl, title_en) VALUES (?, ?, ?, ?, ?, ?, ?)");
/* The round's settings on every question row, questions in order. */
static struct db_stmt_def q_round = DB_STMT(
	"SELECT f.conv_type, f.invited_by, f.anonymity, f.threshold, f.employee_sees,"
	" q.qkey, q.kind, COALESCE(q.scale_key, ''), q.title_nl, q.title_en"
	" FROM template_feedback f JOIN template_feedback_question q ON q.version_id = f.version_id"
	" WHERE f.version_id = ? ORDER BY q.seq");

static int
template_feedback_save(struct db *db, int64_t version_id, const struct tpl_feedback *fb)
{
	size_t i;
	int st;

	if (!fb->enabled)
		return DB_OK;
	st = db_exec(db, &q_new_round, DB_ARGS(DB_INT(version_id),
	    DB_STR(tpl_conv_names[fb->conversation]), DB_STR(tpl_who_names[fb->invited_by]),
	    DB_STR(fb->anonymous ? "anonymous" : "named"), DB_INT(fb->threshold),
	    DB_STR(tpl_fb_sees_names[fb->employee_sees])), NULL, NULL);
	for (i = 0; st == DB_OK && i < fb->nquestions; i++) {
		const struct tpl_fb_question *q = &fb->question[i];

		st = db_exec(db, &q_new_question, DB_ARGS(DB_INT(version_id),
		    DB_INT((int64_t)i + 1), DB_STR(q->key), DB_STR(tpl_fb_kind_names[q->kind]),
		    opt_str(q->scale), DB_STR(q->title.v[TPL_NL]), opt_str(q->title.v[TPL_EN])),
		    NULL, NULL);
	}
	return st;
}

/* A text in its languages from the row's columns nl, nl + 1, ...; NULL:
 * none in that language. */
static bool
copy_text(struct tpl_text *x, const struct db_row *r, size_t nl)
{
	size_t l;

	for (l = 0; l < TPL_LANGS; l++)
		if (!db_isnull(r, nl + l) && !tpl_text_set(&x->v[l], r->val[nl + l], r->len[nl + l]))
			return false;
	return true;
}

static int
round_row(void *ud, const struct db_row *r)
{
	struct tpl_feedback *fb = ud;
	struct tpl_fb_question *q;
	int conv = tpl_name_index(tpl_conv_names, TPL_CONVS, db_str(r, 0));
	int who = tpl_name_index(tpl_who_names, TPL_WHOS, db_str(r, 1));
	int sees = tpl_name_index(tpl_fb_sees_names, TPL_FB_SEES, db_str(r, 4));
	int kind = tpl_name_index(tpl_fb_kind_names, TPL_FB_KINDS, db_str(r, 6));

	if (conv < 0 || who < 0 || sees < 0 || kind < 0 || fb->nquestions == TPL_FB_QUESTIONS_MAX)
		return DB_ERROR;
	fb->enabled = true;
	fb->conversation = (enum tpl_conv)conv;
	fb->invited_by = (enum tpl_who)who;
	fb->anonymous = strcmp(db_str(r, 2), "anonymous") == 0;
	fb->threshold = (int)db_int(r, 3);
	fb->employee_sees = (enum tpl_fb_sees)sees;
	q = &fb->question[fb->nquestions++];
	strlcopy(q->key, db_str(r, 5), sizeof(q->key));
	q->kind = (enum tpl_fb_kind)kind;
	strlcopy(q->scale, db_str(r, 7), sizeof(q->scale));
	return copy_text(&q->title, r, 8) ? DB_OK : DB_ERROR;
}

static int
insert_version(struct db *db, struct save *s)
{
	const struct tpl *t = s->t;

	return db_exec(db, &q_new_version, DB_ARGS(DB_INT(s->out.template_id),
	    DB_INT(s->out.number), DB_STR(t->name.v[TPL_NL]), opt_str(t->name.v[TPL_EN]),
	    opt_str(t->description.v[TPL_NL]), opt_str(t->description.v[TPL_EN]),
	    DB_STR(rule_name(t->goal_required[TPL_RULE_ORG_GOAL])),
	    DB_STR(rule_name(t->goal_required[TPL_RULE_MEASURE])),
	    DB_STR(rule_name(t->goal_required[TPL_RULE_END_DATE])),
	    opt_str(t->final_scale), DB_INT(t->weight[TPL_PART_RESULT_GOALS]),
	    DB_INT(t->weight[TPL_PART_COMPETENCES]),
	    DB_INT(t->weight[TPL_PART_RATING_QUESTIONS]), DB_REF(s->actor),
	    DB_INT(t->second_assessor ? 1 : 0)),
	    NULL, &s->out.version_id);
}

static int
insert_scale(struct db *db, int64_t version_id, size_t seq, const struct tpl_scale *sc)
{
	int64_t scale_id = 0;
	size_t i;
	int st;

	st = db_exec(db, &q_new_scale, DB_ARGS(DB_INT(version_id), DB_INT((int64_t)seq + 1),
	    DB_STR(sc->key)), NULL, &scale_id);
	for (i = 0; st == DB_OK && i < sc->nlevels; i++) {
		const struct tpl_level *l = &sc->level[i];

		st = db_exec(db, &q_new_level, DB_ARGS(DB_INT(scale_id), DB_INT(l->value),
		    DB_STR(l->label.v[TPL_NL]), opt_str(l->label.v[TPL_EN]),
		    opt_str(l->description.v[TPL_NL]), opt_str(l->description.v[TPL_EN])),
		    NULL, NULL);
	}
	return st;
}

static int
insert_section(struct db *db, int64_t version_id, const struct tpl_form *f, size_t seq)
{
	const struct tpl_section *x = &f->section[seq];

	return db_exec(db, &q_new_section, DB_ARGS(DB_INT(version_id),
	    DB_STR(tpl_conv_names[f->type]), DB_INT((int64_t)seq + 1), DB_STR(x->key),
	    DB_STR(tpl_kind_names[x->kind]), DB_STR(tpl_who_names[x->answered_by]),
	    DB_INT(x->required), DB_INT(x->self_assessment), opt_str(x->scale),
	    x->explain_below >= 0 ? DB_INT(x->explain_below) : DB_NULL,
	    DB_STR(x->title.v[TPL_NL]), opt_str(x->title.v[TPL_EN]),
	    opt_str(x->guidance.v[TPL_NL]), opt_str(x->guidance.v[TPL_EN])), NULL, NULL);
}

/* The template row, locked, or made: the lock orders two saves of one
 * template, so each gets its own next number. */
static int
lock_template(struct db *db, struct save *s)
{
	int st;

	s->out.template_id = 0;
	s->out.created = false;
	st = db_query(db, &q_lock, DB_ARGS(DB_STR(s->t->key)), id_row, &s->out.template_id);
	if (st != DB_OK || s->out.template_id > 0)
		return st;
	s->out.created = true;
	return db_exec(db, &q_new_template, DB_ARGS(DB_STR(s->t->key)), NULL,
	    &s->out.template_id);
}

/* "key: gemeente; version: 3": who wrote which version, on the trail. */
static int
audit_version(struct db *db, const struct save *s)
{
	char detail[sizeof("key: ; version: ") + TPL_KEY_MAX + 12];

	snprintf(detail, sizeof(detail), "key: %s; version: %d", s->t->key, s->out.number);
	return audit_add(db, s->actor, "template", s->out.template_id,
	    s->out.created ? "create" : "update", detail);
}

static int
save_tx(struct db *db, void *ud)
{
	struct save *s = ud;
	int64_t number = 0;
	size_t i, j;
	int st;

	if ((st = lock_template(db, s)) != DB_OK)
		return st;
	st = db_query(db, &q_next_number, DB_ARGS(DB_INT(s->out.template_id)), id_row, &number);
	if (st != DB_OK)
		return st;
	s->out.number = (int)number;
	if (s->after == 0 && !s->out.created)
		return DB_DUPLICATE;
	if (s->after > 0 && number - 1 != s->after)
		return DB_CONFLICT;
	if ((st = insert_version(db, s)) != DB_OK)
		return st;
	for (i = 0; st == DB_OK && i < s->t->nscales; i++)
		st = insert_scale(db, s->out.version_id, i, &s->t->scale[i]);
	for (i = 0; st == DB_OK && i < s->t->nforms; i++)
		for (j = 0; st == DB_OK && j < s->t->form[i].nsections; j++)
			st = insert_section(db, s->out.version_id, &s->t->form[i], j);
	if (st == DB_OK)
		st = template_feedback_save(db, s->out.version_id, &s->t->feedback);
	if (st == DB_OK && !s->out.created)
		st = db_exec(db, &q_touch, DB_ARGS(DB_INT(s->out.template_id)), NULL, NULL);
	if (st == DB_OK)
		st = audit_version(db, s);
	if (st == DB_OK && s->dry_run)
		return TX_DRY_RUN_ROLLBACK;
	return st;
}

int
template_save_version(struct db *db, const struct tpl *t, int64_t actor, bool dry_run,
    struct tpl_saved *out)
{
	struct save s = { .t = t, .actor = actor, .dry_run = dry_run, .after = -1 };
	int st = db_tx(db, save_tx, &s);

	if (st == TX_DRY_RUN_ROLLBACK)
		st = DB_OK;
	if (out)
		*out = s.out;
	return st;
}

int
template_save_next(struct db *db, const struct tpl *t, int64_t actor, int after,
    struct tpl_saved *out)
{
	struct save s = { .t = t, .actor = actor, .after = after };
	int st = db_tx(db, save_tx, &s);

	if (out)
		*out = s.out;
	return st;
}

/* ---- read a version ---- */

static struct db_stmt_def q_version = DB_STMT(
	"SELECT tv.id, tv.number, tv.name_nl, tv.name_en, tv.description_nl, tv.description_en,"
	" tv.goal_org_goal, tv.goal_measure, tv.goal_end_date, COALESCE(tv.final_scale_key, ''),"
	" tv.weight_result_goals, tv.weight_competences, tv.weight_rating_questions,"
	" tv.second_assessor"
	" FROM template t JOIN template_version tv ON tv.template_id = t.id"
	" WHERE t.tkey = ? AND (? = 0 OR tv.number = ?) ORDER BY tv.number DESC LIMIT 1");
/* Scales and sections of one version in one statement (db_query_tagged):
 * 'l' rows are the levels of each scale in order, 's' the sections of
 * each form, forms in conversation-type order. */
static struct db_stmt_def q_parts = DB_STMT(
	"SELECT * FROM ("
	"SELECT 'l' AS tag, sc.seq AS a, sc.skey, l.value AS b, l.label_nl, l.label_en,"
	" l.description_nl, l.description_en, NULL AS c, NULL AS d, NULL AS e, NULL AS f,"
	" NULL AS g, NULL AS h"
	" FROM template_scale sc JOIN template_scale_level l ON l.scale_id = sc.id"
	" WHERE sc.version_id = ?"
	" UNION ALL "
	"SELECT 's', se.conv_type + 0, se.skey, se.seq, se.title_nl, se.title_en,"
	" se.guidance_nl, se.guidance_en, se.kind, se.answered_by, se.required,"
	" se.self_assessment, COALESCE(se.scale_key, ''), se.explain_below"
	" FROM template_section se WHERE se.version_id = ?"
	") parts ORDER BY tag, a, b");

static int
version_row(void *ud, const struct db_row *r)
{
	struct tpl *t = ud;
	size_t p;

	t->number = (int)db_int(r, 1);
	if (!copy_text(&t->name, r, 2) || !copy_text(&t->description, r, 4))
		return DB_ERROR;
	t->goal_required[TPL_RULE_ORG_GOAL] = strcmp(db_str(r, 6), "required") == 0;
	t->goal_required[TPL_RULE_MEASURE] = strcmp(db_str(r, 7), "required") == 0;
	t->goal_required[TPL_RULE_END_DATE] = strcmp(db_str(r, 8), "required") == 0;
	strlcopy(t->final_scale, db_str(r, 9), sizeof(t->final_scale));
	for (p = 0; p < TPL_PARTS; p++)
		t->weight[p] = (int)db_int(r, 10 + p);
	t->second_assessor = db_int(r, 10 + TPL_PARTS) != 0;
	return DB_OK;
}

/* A level: a new scale starts where the key changes. */
static int
level_row(void *ud, const struct db_row *r)
{
	struct tpl *t = ud;
	struct tpl_scale *sc = t->nscales ? &t->scale[t->nscales - 1] : NULL;
	struct tpl_level *l;

	if (sc == NULL || strcmp(sc->key, db_str(r, 1)) != 0) {
		if (t->nscales == TPL_SCALES_MAX)
			return DB_ERROR;
		sc = &t->scale[t->nscales++];
		strlcopy(sc->key, db_str(r, 1), sizeof(sc->key));
	}
	if (sc->nlevels == TPL_LEVELS_MAX)
		return DB_ERROR;
	l = &sc->level[sc->nlevels++];
	l->value = (int)db_int(r, 2);
	return copy_text(&l->label, r, 3) && copy_text(&l->description, r, 5) ? DB_OK : DB_ERROR;
}

/* A section: conv_type's ENUM index (1-based) orders and names the form. */
static int
section_row(void *ud, const struct db_row *r)
{
	struct tpl *t = ud;
	int type = (int)db_int(r, 0) - 1;
	struct tpl_form *f = t->nforms ? &t->form[t->nforms - 1] : NULL;
	struct tpl_section *x;

	if (type < 0 || type >= TPL_CONVS)
		return DB_ERROR;
	if (f == NULL || (int)f->type != type) {
		f = &t->form[t->nforms++];
		f->type = (enum tpl_conv)type;
	}
	if (f->nsections == TPL_SECTIONS_MAX)
		return DB_ERROR;
	x = &f->section[f->nsections++];
	strlcopy(x->key, db_str(r, 1), sizeof(x->key));
	x->kind = (enum tpl_kind)tpl_name_index(tpl_kind_names, TPL_KINDS, db_str(r, 7));
	x->answered_by = (enum tpl_who)tpl_name_index(tpl_who_names, TPL_WHOS, db_str(r, 8));
	x->required = db_int(r, 9) != 0;
	x->self_assessment = db_int(r, 10) != 0;
	strlcopy(x->scale, db_str(r, 11), sizeof(x->scale));
	x->explain_below = db_isnull(r, 12) ? -1 : (int)db_int(r, 12);
	if ((int)x->kind < 0 || (int)x->answered_by < 0)
		return DB_ERROR;
	return copy_text(&x->title, r, 3) && copy_text(&x->guidance, r, 5) ? DB_OK : DB_ERROR;
}

struct found {
	struct tpl *t;
	int64_t version_id;
};

static int
found_row(void *ud, const struct db_row *r)
{
	struct found *f = ud;

	f->version_id = db_int(r, 0);
	return version_row(f->t, r);
}

/* ---- versions kept for the process ----
 *
 * A version never changes: it is written whole in one transaction and
 * never updated (a change is a new version).  So the rows of one read of
 * version `number` of template `key` are kept, and every later read of it
 * in this process is answered from them: a form costs MariaDB no template
 * statement after the first view (issue 22).  The list only grows, up to
 * TPL_KEPT_MAX versions (more are read each time, as before); a kept
 * entry is complete before it is listed and never changes after, so it is
 * read without the lock.  "The newest" (number 0) is never kept. */
#define TPL_KEPT_MAX 64

struct kept_version {
	char key[TPL_KEY_MAX + 1];
	int number;
	struct db_rows version, parts, round;
};

static struct kept_version *kept[TPL_KEPT_MAX];
static size_t nkept;
static pthread_mutex_t kept_lock = PTHREAD_MUTEX_INITIALIZER;

static const struct kept_version *
kept_find(const char *key, int number)
{
	const struct kept_version *k = NULL;
	size_t i;

	pthread_mutex_lock(&kept_lock);
	for (i = 0; i < nkept && k == NULL; i++)
		if (kept[i]->number == number && strcmp(kept[i]->key, key) == 0)
			k = kept[i];
	pthread_mutex_unlock(&kept_lock);
	return k;
}

static void
kept_free(struct kept_version *k)
{
	if (k == NULL)
		return;
	db_rows_free(&k->version);
	db_rows_free(&k->parts);
	db_rows_free(&k->round);
	free(k);
}

/* Lists k (handed over) unless full or listed meanwhile by another
 * thread; then it is freed. */
static void
kept_add(struct kept_version *k)
{
	bool listed = false;
	size_t i;

	pthread_mutex_lock(&kept_lock);
	for (i = 0; i < nkept && !listed; i++)
		listed = kept[i]->number == k->number && strcmp(kept[i]->key, k->key) == 0;
	if (!listed && nkept < TPL_KEPT_MAX) {
		kept[nkept++] = k;
		k = NULL;
	}
	pthread_mutex_unlock(&kept_lock);
	kept_free(k);
}

static int
version_id_row(void *ud, const struct db_row *r)
{
	*(int64_t *)ud = db_int(r, 0);
	return DB_OK;
}

/* The rows of one read of a version, from MariaDB. */
static int
kept_read(struct db *db, const char *key, int number, struct kept_version *k)
{
	int64_t version_id = 0;
	int st;

	st = db_query_keep(db, &q_version, DB_ARGS(DB_STR(key), DB_INT(number), DB_INT(number)),
	    &k->version);
	if (st == DB_OK)
		st = db_rows_each(&k->version, version_id_row, &version_id);
	if (st != DB_OK)
		return st;
	if (version_id == 0)
		return DB_NOTFOUND;
	st = db_query_keep(db, &q_parts, DB_ARGS(DB_INT(version_id), DB_INT(version_id)),
	    &k->parts);
	if (st == DB_OK)
		st = db_query_keep(db, &q_round, DB_ARGS(DB_INT(version_id)), &k->round);
	return st;
}

/* t from the rows of one read of its version. */
static int
kept_fill(const struct kept_version *k, const char *key, struct tpl *t)
{
	struct found f = { .t = t };
	const struct db_tag tags[] = { { 'l', level_row, t }, { 's', section_row, t } };
	struct tagged tagged = { tags, ARRAY_LEN(tags) };
	int st;

	if ((st = db_rows_each(&k->version, found_row, &f)) != DB_OK)
		return st;
	if (f.version_id == 0)
		return DB_NOTFOUND;
	strlcopy(t->key, key, sizeof(t->key));
	if ((st = db_rows_each(&k->parts, db_row_by_tag, &tagged)) != DB_OK)
		return st;
	return db_rows_each(&k->round, round_row, &t->feedback);
}

int
template_load(struct db *db, const char *key, int number, struct tpl *t)
{
	const struct kept_version *found = number > 0 ? kept_find(key, number) : NULL;
	struct kept_version *k;
	int st;

	if (found)
		return kept_fill(found, key, t);
	if ((k = calloc(1, sizeof(*k))) == NULL)
		return DB_ERROR;
	strlcopy(k->key, key, sizeof(k->key));
	k->number = number;
	db_rows_init(&k->version);
	db_rows_init(&k->parts);
	db_rows_init(&k->round);
	if ((st = kept_read(db, key, number, k)) == DB_OK)
		st = kept_fill(k, key, t);
	if (st == DB_OK && number > 0)
		kept_add(k);	/* handed over */
	else
		kept_free(k);
	return st;
}

static struct db_stmt_def q_key = DB_STMT("SELECT tkey FROM template WHERE id = ?");

static int
key_row(void *ud, const struct db_row *r)
{
	strlcopy(ud, db_str(r, 0), TPL_KEY_MAX + 1);
	return DB_OK;
}

int
template_load_id(struct db *db, int64_t id, int number, struct tpl *t)
{
	char key[TPL_KEY_MAX + 1] = "";
	int st = db_query(db, &q_key, DB_ARGS(DB_INT(id)), key_row, key);

	if (st != DB_OK)
		return st;
	return key[0] ? template_load(db, key, number, t) : DB_NOTFOUND;
}

/* ---- the list ---- */

static struct db_stmt_def q_list = DB_STMT(
	"SELECT t.id, t.tkey, tv.name_nl, COALESCE(tv.name_en, ''), tv.number,"
	" COALESCE(t.is_default, 0),"
	" (SELECT COUNT(*) FROM conversation c JOIN template_version u"
	"   ON u.id = c.template_version_id WHERE u.template_id = t.id)"
	" FROM template t JOIN template_version tv ON tv.template_id = t.id"
	" AND tv.number = (SELECT MAX(number) FROM template_version m WHERE m.template_id = t.id)"
	" ORDER BY t.tkey LIMIT 200");

struct list {
	template_row_fn fn;
	void *ud;
};

static int
list_row(void *ud, const struct db_row *r)
{
	struct list *l = ud;
	struct template_row row = { .id = db_int(r, 0) };

	strlcopy(row.key, db_str(r, 1), sizeof(row.key));
	strlcopy(row.name_nl, db_str(r, 2), sizeof(row.name_nl));
	strlcopy(row.name_en, db_str(r, 3), sizeof(row.name_en));
	row.versions = (int)db_int(r, 4);
	row.is_default = db_int(r, 5) != 0;
	row.in_use = (int)db_int(r, 6);
	return l->fn(l->ud, &row);
}

int
template_list(struct db *db, template_row_fn fn, void *ud)
{
	struct list l = { fn, ud };

	_Static_assert(TPL_LIST_MAX == 200, "q_list's LIMIT is TPL_LIST_MAX");
	return db_query(db, &q_list, DB_NOARGS, list_row, &l);
}
