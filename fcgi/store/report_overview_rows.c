/* report_overview_rows.c -- the rows of HR's overview's one statement
 * (report_overview.c), sorted by their tag into the rows each reader's
 * answer is made of; the names of the sums rows' departments and
 * competences and the dossiers of each collective goal joined here, not
 * in the statement (report_overview.c OV_SUM_COLS, OV_GOALS say why). */
#include "config.h"

#include "base/util.h"
#include "store/report_overview.h"

/* A column of the empty string (not NULL). */
#define EMPTY_COL ((struct col){ "", 0 })

/* The competence or rating scale a sums row's type names, as MariaDB's
 * IF(type = '', 0, CAST(type AS UNSIGNED)). */
static int64_t
type_id(struct col type)
{
	int64_t id;

	if (type.s == NULL || type.len == 0)
		return 0;
	return parse_id(type.s, type.len, &id) ? id : 0;
}

static int
keep_sum(struct overview_rows *o, const struct db_row *r, bool folded)
{
	struct sum_row *s = grow((void **)&o->sums, &o->nsums, sizeof(*s));
	size_t at = OV_WIDTH + 1 - OV_SUMS_NCOLS;

	if (s == NULL)
		return DB_ERROR;
	*s = (struct sum_row){
		.fid = db_int(r, at), .folded = folded, .kind = col_of(r, at + 1),
		.type = col_of(r, at + 2), .state = col_of(r, at + 3), .value = db_int(r, at + 4),
		.overdue = db_int(r, at + 5) != 0, .n = db_int(r, at + 6),
		/* department 0's name and key are '' (names(): the others') */
		.fname = EMPTY_COL, .fkey = EMPTY_COL,
	};
	s->cid = type_id(s->type);
	return DB_OK;
}

static int
keep_top(struct overview_rows *o, const struct db_row *r)
{
	struct top_row *t = grow((void **)&o->tops, &o->ntops, sizeof(*t));
	size_t at = OV_WIDTH + 1 - 4;

	if (t == NULL)
		return DB_ERROR;
	*t = (struct top_row){
		.id = col_of(r, at), .name = col_of(r, at + 1), .version = col_of(r, at + 2),
		.key = col_of(r, at + 3), .fid = db_int(r, at),
	};
	return DB_OK;
}

static int
keep_competence(struct overview_rows *o, const struct db_row *r)
{
	struct competence_row *c = grow((void **)&o->competences, &o->ncompetences, sizeof(*c));
	size_t at = OV_WIDTH + 1 - 4;

	if (c == NULL)
		return DB_ERROR;
	*c = (struct competence_row){
		.id = db_int(r, at), .nl = col_of(r, at + 1), .en = col_of(r, at + 2),
		.key = col_of(r, at + 3),
	};
	return DB_OK;
}

static int
keep_goal(struct overview_rows *o, const struct db_row *r)
{
	struct goal_row *g = grow((void **)&o->goals, &o->ngoals, sizeof(*g));
	size_t i;

	if (g == NULL)
		return DB_ERROR;
	for (i = 0; i < COLLECTIVE_NCOLS; i++)
		g->c[i] = col_of(r, 1 + i);
	g->key = col_of(r, OV_WIDTH);
	g->id = db_int(r, 1);
	g->dossiers = db_int(r, OV_WIDTH - 1);	/* a department's goal's */
	g->has_department = !db_isnull(r, 6);
	return DB_OK;
}

static int
keep_scale(struct overview_rows *o, const struct db_row *r)
{
	struct scale_row *s = grow((void **)&o->scales, &o->nscales, sizeof(*s));
	size_t i, first = OV_WIDTH - 8;

	if (s == NULL)
		return DB_ERROR;
	for (i = 0; i < 8; i++)
		s->c[i] = col_of(r, first + i);
	s->scale = db_int(r, first);
	s->value = db_int(r, first + 5);
	s->version = db_int(r, OV_WIDTH);
	return DB_OK;
}

static int
keep_level(struct overview_rows *o, const struct db_row *r)
{
	struct level_row *l = grow((void **)&o->levels, &o->nlevels, sizeof(*l));
	size_t first = OV_WIDTH - 4;

	if (l == NULL)
		return DB_ERROR;
	*l = (struct level_row){
		.value = db_int(r, first), .nl = col_of(r, first + 1), .nl_key = col_of(r, first + 2),
		.en = col_of(r, first + 3), .en_key = col_of(r, first + 4),
	};
	return DB_OK;
}

static int
sort_row(void *ud, const struct db_row *r)
{
	struct overview_rows *o = ud;

	if (r->ncols != OV_WIDTH + 1 || r->val[0] == NULL || r->len[0] != 1)
		return DB_ERROR;
	switch (r->val[0][0]) {
	case 'L':
		return keep_sum(o, r, true);
	case 'O':
		return keep_sum(o, r, false);
	case 'W':
	case 'V':
		/* cycle 0: the active employees; the cycle's: those with a dossier */
		o->without += db_int(r, OV_WIDTH - 1) == 0 ? db_int(r, OV_WIDTH) :
		    -db_int(r, OV_WIDTH);
		return DB_OK;
	case 'T':
		return keep_top(o, r);
	case 'P':
		return keep_competence(o, r);
	case 'G':
		return keep_goal(o, r);
	case 'S':
		return keep_scale(o, r);
	case 'K':
		return keep_level(o, r);
	default:
		return overview_filter_row(&o->filter, r) == DB_OK ? DB_OK : DB_ERROR;
	}
}

static int
top_by_id(const void *x, const void *y)
{
	return int_cmp(((const struct top_row *)x)->fid, ((const struct top_row *)y)->fid);
}

static int
competence_by_id(const void *x, const void *y)
{
	return int_cmp(((const struct competence_row *)x)->id,
	    ((const struct competence_row *)y)->id);
}

/* Each sums row's department name and key (its T row) and competence
 * names and key (its P row, for a competence's row; '' otherwise, as the
 * LEFT JOIN on kind = 'competence' and the id gave them); false when a
 * top department's row is missing. */
static bool
names(struct overview_rows *o)
{
	size_t i;

	if (o->ntops > 1)
		qsort(o->tops, o->ntops, sizeof(o->tops[0]), top_by_id);
	if (o->ncompetences > 1)
		qsort(o->competences, o->ncompetences, sizeof(o->competences[0]), competence_by_id);
	for (i = 0; i < o->nsums; i++) {
		struct sum_row *s = &o->sums[i];
		struct competence_row ck = { .id = s->cid }, *c = NULL;
		struct top_row tk = { .fid = s->fid }, *t;

		if (s->folded) {
			t = bsearch(&tk, o->tops, o->ntops, sizeof(tk), top_by_id);
			if (t == NULL)
				return false;
			s->fname = t->name;
			s->fkey = t->key;
		}
		if (col_is(s->kind, "competence"))
			c = bsearch(&ck, o->competences, o->ncompetences, sizeof(ck), competence_by_id);
		s->cname = c ? c->nl : EMPTY_COL;
		s->cname_en = c ? c->en : EMPTY_COL;
		s->ckey = c ? c->key : EMPTY_COL;
	}
	return true;
}

/* The dossiers a goal for everyone stands on (OV_GOALS). */
static void
goal_dossiers(struct overview_rows *o)
{
	int64_t everyone = 0;
	size_t i;

	for (i = 0; i < o->nsums; i++)
		everyone += col_is(o->sums[i].kind, "dossier") ? o->sums[i].n : 0;
	for (i = 0; i < o->ngoals; i++)
		if (!o->goals[i].has_department)
			o->goals[i].dossiers = everyone;
}

int
overview_rows_read(struct overview_rows *o, const struct db_rows *rows)
{
	int st = db_rows_each(rows, sort_row, o);

	if (st != DB_OK)
		return st;
	if (!names(o))
		return DB_ERROR;
	goal_dossiers(o);
	return DB_OK;
}

void
overview_rows_free(struct overview_rows *o)
{
	free(o->sums);
	free(o->goals);
	free(o->scales);
	free(o->levels);
	free(o->tops);
	free(o->competences);
	overview_filter_free(&o->filter);
	memset(o, 0, sizeof(*o));
}
