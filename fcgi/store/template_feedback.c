/* template_feedback.c -- see template_feedback.h. */
#include "config.h"

#include <string.h>

#include "store/db.h"
#include "store/template_feedback.h"
#include "base/util.h"

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

static struct db_arg
opt_str(const char *s)
{
	return DB_STR(s && *s ? s : NULL);
}

int
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

static bool
copy_title(struct tpl_text *x, const struct db_row *r, size_t nl)
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
	return copy_title(&q->title, r, 8) ? DB_OK : DB_ERROR;
}

int
template_feedback_load(struct db *db, int64_t version_id, struct tpl_feedback *fb)
{
	return db_query(db, &q_round, DB_ARGS(DB_INT(version_id)), round_row, fb);
}
