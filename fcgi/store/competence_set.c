/* competence_set.c -- the whole competence dictionary at once, for the
 * XML import and export (import/competences.c): load it ordered by key,
 * and apply a checked set in one transaction, each change audited
 * through the same writes as the pages (competence.c).  The set itself
 * (memory only) is competence_mem.c. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store/audit.h"
#include "store/competence.h"
#include "store/competence_tx.h"
#include "store/db.h"
#include "base/util.h"

static struct db_stmt_def q_all = DB_STMT(
	"SELECT c.id, c.ckey, c.name_nl, c.name_en, c.definition_nl, c.definition_en"
	" FROM competence c ORDER BY c.ckey");
static struct db_stmt_def q_all_ind = DB_STMT(
	"SELECT c.ckey, i.level, i.text_nl, i.text_en FROM competence_indicator i"
	" JOIN competence c ON c.id = i.competence_id ORDER BY c.ckey, i.level");
static struct db_stmt_def q_all_prof = DB_STMT(
	"SELECT p.pkey, p.name_nl, p.name_en FROM job_profile p ORDER BY p.pkey");
static struct db_stmt_def q_all_refs = DB_STMT(
	"SELECT p.pkey, c.ckey FROM job_profile_competence pc"
	" JOIN job_profile p ON p.id = pc.profile_id JOIN competence c ON c.id = pc.competence_id"
	" ORDER BY p.pkey, pc.position");
/* Key result areas (issue 16, sql/078), in each profile's order. */
static struct db_stmt_def q_all_areas = DB_STMT(
	"SELECT p.pkey, a.akey, a.name_nl, a.name_en FROM job_profile_area a"
	" JOIN job_profile p ON p.id = a.profile_id ORDER BY p.pkey, a.position, a.id");
/* One profile's areas as stored, in order (to compare with a set's). */
static struct db_stmt_def q_areas_of = DB_STMT(
	"SELECT akey, name_nl, COALESCE(name_en, '') FROM job_profile_area"
	" WHERE profile_id = ? ORDER BY position, id");
/* An area of the set, by key: new, or renamed and moved in place.  The
 * positions are written as the set's index plus PROFILE_AREAS_MAX first
 * (areas_write), so no two rows share one meanwhile. */
static struct db_stmt_def q_area_upsert = DB_STMT(
	"INSERT INTO job_profile_area (profile_id, akey, name_nl, name_en, position)"
	" VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE name_nl = VALUES(name_nl),"
	" name_en = VALUES(name_en), position = VALUES(position)");
/* The areas the set left out that no goal names; those a goal names stay,
 * after the set's. */
static struct db_stmt_def q_area_drop = DB_STMT(
	"DELETE a FROM job_profile_area a WHERE a.profile_id = ? AND a.position < ?"
	" AND NOT EXISTS (SELECT 1 FROM item i WHERE i.area_id = a.id)");
/* Then the kept ones move behind every position of the set's, and the
 * set's down to 0, 1, ... */
static struct db_stmt_def q_area_behind = DB_STMT(
	"UPDATE job_profile_area SET position = position + ? WHERE profile_id = ?"
	" AND position < ?");
static struct db_stmt_def q_area_renumber = DB_STMT(
	"UPDATE job_profile_area SET position = position - ? WHERE profile_id = ?"
	" AND position >= ?");
static struct db_stmt_def q_areas_page = DB_STMT(
	"SELECT a.id, a.akey, a.name_nl, COALESCE(a.name_en, ''),"
	" (SELECT COUNT(*) FROM item i WHERE i.area_id = a.id)"
	" FROM job_profile_area a WHERE a.profile_id = ? ORDER BY a.position, a.id");
static struct db_stmt_def q_cid = DB_STMT(
	"SELECT id FROM competence WHERE ckey = ?");
static struct db_stmt_def q_pid = DB_STMT(
	"SELECT id FROM job_profile WHERE pkey = ?");

/* ---- load ---- */

static char *
col(struct competence_set *s, const struct db_row *r, size_t i)
{
	return db_isnull(r, i) ? NULL : competence_set_str(s, r->val[i], r->len[i]);
}

static int
all_row(void *ud, const struct db_row *r)
{
	struct competence_set *s = ud;
	struct cset_competence *c = competence_set_add(s);

	if (c == NULL)
		return DB_ERROR;
	c->key = col(s, r, 1);
	c->name_nl = col(s, r, 2);
	c->name_en = col(s, r, 3);
	c->definition_nl = col(s, r, 4);
	c->definition_en = col(s, r, 5);
	return s->oom ? DB_ERROR : DB_OK;
}

/* The competence of key in s, looked up from the last one: rows come in
 * key order, so this is quick. */
static struct cset_competence *
find_c(const struct competence_set *s, const char *key)
{
	for (size_t i = s->nc; i-- > 0;)
		if (strcmp(s->c[i].key, key) == 0)
			return &s->c[i];
	return NULL;
}

static struct cset_profile *
find_p(const struct competence_set *s, const char *key)
{
	for (size_t i = s->np; i-- > 0;)
		if (strcmp(s->p[i].key, key) == 0)
			return &s->p[i];
	return NULL;
}

static int
ind_row(void *ud, const struct db_row *r)
{
	struct competence_set *s = ud;
	struct cset_competence *c = find_c(s, db_str(r, 0));
	int64_t level = db_int(r, 1);

	if (c == NULL || level < 1 || level > COMPETENCE_LEVELS_MAX)
		return DB_OK;
	c->indicator_nl[level - 1] = col(s, r, 2);
	c->indicator_en[level - 1] = col(s, r, 3);
	return s->oom ? DB_ERROR : DB_OK;
}

static int
prof_row(void *ud, const struct db_row *r)
{
	struct competence_set *s = ud;
	struct cset_profile *p = profile_set_add(s);

	if (p == NULL)
		return DB_ERROR;
	p->key = col(s, r, 0);
	p->name_nl = col(s, r, 1);
	p->name_en = col(s, r, 2);
	return s->oom ? DB_ERROR : DB_OK;
}

static int
ref_row(void *ud, const struct db_row *r)
{
	struct competence_set *s = ud;
	struct cset_profile *p = find_p(s, db_str(r, 0));

	if (p == NULL || p->nrefs == PROFILE_COMPETENCES_MAX)
		return DB_OK;
	p->refs[p->nrefs++] = col(s, r, 1);
	return s->oom ? DB_ERROR : DB_OK;
}

static int
area_row(void *ud, const struct db_row *r)
{
	struct competence_set *s = ud;
	struct cset_profile *p = find_p(s, db_str(r, 0));
	struct cset_area *a;

	if (p == NULL || p->nareas == PROFILE_AREAS_MAX)
		return DB_OK;
	a = &p->areas[p->nareas++];
	a->key = col(s, r, 1);
	a->name_nl = col(s, r, 2);
	a->name_en = col(s, r, 3);
	return s->oom ? DB_ERROR : DB_OK;
}

int
competence_set_load(struct db *db, struct competence_set *s)
{
	int st;

	if ((st = db_query(db, &q_all, DB_NOARGS, all_row, s)) != DB_OK ||
	    (st = db_query(db, &q_all_ind, DB_NOARGS, ind_row, s)) != DB_OK ||
	    (st = db_query(db, &q_all_prof, DB_NOARGS, prof_row, s)) != DB_OK ||
	    (st = db_query(db, &q_all_refs, DB_NOARGS, ref_row, s)) != DB_OK)
		return st;
	return db_query(db, &q_all_areas, DB_NOARGS, area_row, s);
}

struct area_cb {
	area_fn fn;
	void *ud;
};

static int
area_page_row(void *ud, const struct db_row *r)
{
	struct area_cb *cb = ud;
	struct area_row a = { .id = db_int(r, 0), .key = db_str(r, 1), .name_nl = db_str(r, 2),
		.name_en = db_str(r, 3), .goals = db_int(r, 4) };

	return cb->fn(cb->ud, &a);
}

int
profile_areas(struct db *db, int64_t id, area_fn fn, void *ud)
{
	struct area_cb cb = { fn, ud };

	return db_query(db, &q_areas_page, DB_ARGS(DB_INT(id)), area_page_row, &cb);
}

/* ---- apply ---- */

static int
id_row(void *ud, const struct db_row *r)
{
	*(int64_t *)ud = db_int(r, 0);
	return DB_OK;
}

static const char *
str_or_empty(const char *s)
{
	return s ? s : "";
}

static bool
same(const char *a, const char *b)
{
	return strcmp(str_or_empty(a), str_or_empty(b)) == 0;
}

static void
to_in(const struct cset_competence *c, struct competence_in *in)
{
	*in = (struct competence_in){ .key = c->key, .name_nl = c->name_nl, .name_en = c->name_en,
		.definition_nl = c->definition_nl, .definition_en = c->definition_en };
	for (int l = 0; l < COMPETENCE_LEVELS_MAX; l++) {
		in->indicator_nl[l] = c->indicator_nl[l];
		in->indicator_en[l] = c->indicator_en[l];
	}
}

/* True when the stored competence old already says what c says. */
static bool
competence_same(const struct competence *old, const struct cset_competence *c)
{
	if (!same(old->name_nl, c->name_nl) || !same(old->name_en, c->name_en) ||
	    !same(old->definition_nl, c->definition_nl) ||
	    !same(old->definition_en, c->definition_en))
		return false;
	for (int l = 0; l < COMPETENCE_LEVELS_MAX; l++)
		if (!same(old->indicator_nl[l], c->indicator_nl[l]) ||
		    !same(old->indicator_en[l], c->indicator_en[l]))
			return false;
	return true;
}

struct apply_tx {
	int64_t actor;
	const struct competence_set *s;
	bool dry_run;
	struct competence_import_counts *n;
	struct competence *old;
	struct job_profile *pold;
	bool dry_done;		/* a dry run got to its end: rolled back on purpose */
};

static int
apply_competence(struct db *db, struct apply_tx *t, const struct cset_competence *c)
{
	struct competence_in in;
	int64_t id = 0;
	int st;

	to_in(c, &in);
	if ((st = db_query(db, &q_cid, DB_ARGS(DB_STR(c->key)), id_row, &id)) != DB_OK)
		return st;
	if (id == 0) {
		t->n->competences_added++;
		return competence_create_in(db, t->actor, &in, &id);
	}
	if ((st = competence_get(db, id, t->old)) != DB_OK)
		return st;
	if (competence_same(t->old, c)) {
		t->n->competences_same++;
		return DB_OK;
	}
	t->n->competences_changed++;
	return competence_update_in(db, t->actor, id, t->old->version, &in, t->old);
}

/* The profile's keys as the store keeps them: one space between. */
static bool
join_refs(const struct cset_profile *p, char *out, size_t size)
{
	struct buf b;
	bool ok;

	buf_init(&b);
	for (size_t i = 0; i < p->nrefs; i++) {
		if (i)
			buf_puts(&b, " ");
		buf_puts(&b, p->refs[i]);
	}
	ok = !b.failed && strlcopy(out, b.data ? b.data : "", size);
	buf_free(&b);
	return ok;
}

/* Whether the stored areas of a profile are the set's, in order. */
struct areas_cmp {
	const struct cset_profile *p;
	size_t n;
	bool same;
};

static int
areas_cmp_row(void *ud, const struct db_row *r)
{
	struct areas_cmp *c = ud;
	const struct cset_area *a;

	if (c->n >= c->p->nareas) {
		c->same = false;
		return DB_OK;
	}
	a = &c->p->areas[c->n++];
	if (strcmp(db_str(r, 0), a->key) != 0 || strcmp(db_str(r, 1), a->name_nl) != 0 ||
	    strcmp(db_str(r, 2), str_or_empty(a->name_en)) != 0)
		c->same = false;
	return DB_OK;
}

/* A profile the set gives no area at all keeps its own: a file written
 * before key result areas existed, or one shared without them, must not
 * wipe what HR imported before. */
static int
areas_same(struct db *db, int64_t profile_id, const struct cset_profile *p, bool *same)
{
	struct areas_cmp c = { p, 0, true };
	int st;

	*same = true;
	if (p->nareas == 0)
		return DB_OK;
	st = db_query(db, &q_areas_of, DB_ARGS(DB_INT(profile_id)), areas_cmp_row, &c);

	*same = c.same && c.n == p->nareas;
	return st;
}

/* The profile's areas become the set's (competence_set_apply), audited
 * on the profile. */
static int
areas_write(struct db *db, int64_t actor, int64_t profile_id, const struct cset_profile *p)
{
	struct buf detail;
	int st = DB_OK;

	/* the set's at PROFILE_AREAS_MAX + index: above every old position */
	for (size_t i = 0; i < p->nareas && st == DB_OK; i++) {
		const struct cset_area *a = &p->areas[i];

		st = db_exec(db, &q_area_upsert, DB_ARGS(DB_INT(profile_id), DB_STR(a->key),
		    DB_STR(a->name_nl), a->name_en ? DB_STR(a->name_en) : DB_NULL,
		    DB_INT((int64_t)(PROFILE_AREAS_MAX + i))), NULL, NULL);
	}
	if (st == DB_OK)
		st = db_exec(db, &q_area_drop, DB_ARGS(DB_INT(profile_id),
		    DB_INT(PROFILE_AREAS_MAX)), NULL, NULL);
	if (st == DB_OK)
		st = db_exec(db, &q_area_behind, DB_ARGS(DB_INT(2 * PROFILE_AREAS_MAX),
		    DB_INT(profile_id), DB_INT(PROFILE_AREAS_MAX)), NULL, NULL);
	if (st == DB_OK)
		st = db_exec(db, &q_area_renumber, DB_ARGS(DB_INT(PROFILE_AREAS_MAX),
		    DB_INT(profile_id), DB_INT(PROFILE_AREAS_MAX)), NULL, NULL);
	if (st != DB_OK)
		return st;
	buf_init(&detail);
	buf_puts(&detail, "key result areas:");
	for (size_t i = 0; i < p->nareas; i++) {
		buf_puts(&detail, i ? ", " : " ");
		buf_puts(&detail, p->areas[i].key);
	}
	st = detail.failed ? DB_ERROR : audit_add(db, actor, "job_profile", profile_id, "update",
	    detail.data);
	buf_free(&detail);
	return st;
}

static int
apply_profile(struct db *db, struct apply_tx *t, const struct cset_profile *p)
{
	char keys[PROFILE_KEYS_MAX_CHARS + 1];
	struct profile_in in = { .key = p->key, .name_nl = p->name_nl, .name_en = p->name_en,
		.keys = keys };
	struct profile_check chk = { 0 };
	int64_t id = 0;
	int st;

	if (!join_refs(p, keys, sizeof(keys)))
		return DB_ERROR;
	if ((st = db_query(db, &q_pid, DB_ARGS(DB_STR(p->key)), id_row, &id)) != DB_OK)
		return st;
	if (id == 0) {
		t->n->profiles_added++;
		st = profile_create_in(db, t->actor, &in, &id, &chk);
		if (st == DB_OK && chk.problem == PROFILE_OK && p->nareas)
			st = areas_write(db, t->actor, id, p);
	} else {
		bool own_same, areas_kept;

		if ((st = profile_get(db, id, t->pold)) != DB_OK ||
		    (st = areas_same(db, id, p, &areas_kept)) != DB_OK)
			return st;
		own_same = same(t->pold->name_nl, p->name_nl) && same(t->pold->name_en, p->name_en) &&
		    strcmp(t->pold->keys, keys) == 0;
		if (own_same && areas_kept) {
			t->n->profiles_same++;
			return DB_OK;
		}
		t->n->profiles_changed++;
		if (!own_same)
			st = profile_update_in(db, t->actor, id, t->pold->version, &in, &chk);
		if (st == DB_OK && chk.problem == PROFILE_OK && !areas_kept)
			st = areas_write(db, t->actor, id, p);
	}
	/* the importer checked every key against the file: a refusal here
	 * is a competence gone meanwhile */
	return st == DB_OK && chk.problem != PROFILE_OK ? DB_CONFLICT : st;
}

static int
apply_run(struct db *db, void *ud)
{
	struct apply_tx *t = ud;
	int st = DB_OK;

	memset(t->n, 0, sizeof(*t->n));
	t->dry_done = false;
	for (size_t i = 0; i < t->s->nc && st == DB_OK; i++)
		st = apply_competence(db, t, &t->s->c[i]);
	for (size_t i = 0; i < t->s->np && st == DB_OK; i++)
		st = apply_profile(db, t, &t->s->p[i]);
	if (st == DB_OK && t->dry_run) {
		/* any status but DB_OK makes db_tx roll back */
		t->dry_done = true;
		return DB_CONFLICT;
	}
	return st;
}

int
competence_set_apply(struct db *db, int64_t actor, const struct competence_set *s,
    bool dry_run, struct competence_import_counts *counts)
{
	struct apply_tx t = { .actor = actor, .s = s, .dry_run = dry_run, .n = counts };
	int st = DB_ERROR;

	t.old = malloc(sizeof(*t.old));
	t.pold = malloc(sizeof(*t.pold));
	if (t.old && t.pold)
		st = db_tx(db, apply_run, &t);
	free(t.old);
	free(t.pold);
	return st == DB_CONFLICT && t.dry_done ? DB_OK : st;
}
