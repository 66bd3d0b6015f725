/* profile_area.c -- one change to a job profile's key result areas
 * (resultaatgebieden, issue 16) from its page: add, rename, move up or
 * down, remove (store/competence.h).
 *
 * The areas are part of the profile: each change is one transaction that
 * first moves the profile's version on with a conditional UPDATE (a stale
 * page is a conflict, and two changes to one profile queue on its row),
 * then reads the profile's areas locked, checks the change against them
 * and writes it, with its audit row on the profile.  A refusal rolls the
 * whole transaction back: nothing, not even the version, changes.
 *
 * An area a result goal names is never removed (AREA_IN_USE): the goal's
 * link would either dangle or have to be cut, changing goals of running
 * and signed conversations; the import keeps such an area for the same
 * reason (competence_set.c).  HR renames it instead. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store/audit.h"
#include "store/competence.h"
#include "store/db.h"
#include "base/util.h"

/* The areas one transaction holds: the profile's own, plus those the XML
 * import kept after its set because a goal names them. */
#define AREAS_HELD_MAX (2 * PROFILE_AREAS_MAX)

static struct db_stmt_def q_bump = DB_STMT(
	"UPDATE job_profile SET version = version + 1, updated_at = UTC_TIMESTAMP()"
	" WHERE id = ? AND version = ?");
static struct db_stmt_def q_profile = DB_STMT(
	"SELECT id FROM job_profile WHERE id = ?");
static struct db_stmt_def q_areas = DB_STMT(
	"SELECT a.id, a.akey, a.name_nl, COALESCE(a.name_en, ''), a.position,"
	" (SELECT COUNT(*) FROM item i WHERE i.area_id = a.id)"
	" FROM job_profile_area a WHERE a.profile_id = ? ORDER BY a.position, a.id FOR UPDATE");
static struct db_stmt_def q_add = DB_STMT(
	"INSERT INTO job_profile_area (profile_id, akey, name_nl, name_en, position)"
	" VALUES (?, ?, ?, ?, ?)");
static struct db_stmt_def q_rename = DB_STMT(
	"UPDATE job_profile_area SET name_nl = ?, name_en = ? WHERE id = ? AND profile_id = ?");
static struct db_stmt_def q_place = DB_STMT(
	"UPDATE job_profile_area SET position = ? WHERE id = ? AND profile_id = ?");
/* The goal check again in the write: the FOREIGN KEY refuses it too. */
static struct db_stmt_def q_remove = DB_STMT(
	"DELETE FROM job_profile_area WHERE id = ? AND profile_id = ?"
	" AND NOT EXISTS (SELECT 1 FROM item i WHERE i.area_id = ?)");

struct held_area {
	int64_t id, position, goals;
	char key[COMPETENCE_KEY_MAX + 1];
	char name_nl[COMPETENCE_NAME_BYTES], name_en[COMPETENCE_NAME_BYTES];
};

struct area_tx {
	int64_t actor, profile, version;
	const struct area_in *in;
	enum area_problem *problem;
	int64_t *goals;
	struct held_area *a;		/* AREAS_HELD_MAX, in order */
	size_t n;
	bool overflow;
};

static struct db_arg
opt_str(const char *s)
{
	return s && *s ? DB_STR(s) : DB_NULL;
}

static int
id_row(void *ud, const struct db_row *r)
{
	*(int64_t *)ud = db_int(r, 0);
	return DB_OK;
}

static int
held_row(void *ud, const struct db_row *r)
{
	struct area_tx *t = ud;
	struct held_area *a;

	if (t->n == AREAS_HELD_MAX) {
		t->overflow = true;
		return DB_OK;
	}
	a = &t->a[t->n++];
	a->id = db_int(r, 0);
	strlcopy(a->key, db_str(r, 1), sizeof(a->key));
	strlcopy(a->name_nl, db_str(r, 2), sizeof(a->name_nl));
	strlcopy(a->name_en, db_str(r, 3), sizeof(a->name_en));
	a->position = db_int(r, 4);
	a->goals = db_int(r, 5);
	return DB_OK;
}

/* The index of area id among the held ones, or -1. */
static int
find(const struct area_tx *t, int64_t id)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->a[i].id == id)
			return (int)i;
	return -1;
}

/* A refusal: the transaction rolls back (DB_CONFLICT only carries it out
 * of db_tx; profile_area_change turns it into DB_OK). */
static int
refuse(struct area_tx *t, enum area_problem p)
{
	*t->problem = p;
	return DB_CONFLICT;
}

static int
audit(struct db *db, struct area_tx *t, struct buf *b)
{
	int st = b->failed ? DB_ERROR : audit_add(db, t->actor, "job_profile", t->profile,
	    "update", b->data);

	buf_free(b);
	return st;
}

static int
add(struct db *db, struct area_tx *t)
{
	const struct area_in *in = t->in;
	int64_t position = 0;
	struct buf b;
	int st;

	if (t->n >= PROFILE_AREAS_MAX)
		return refuse(t, AREA_TOO_MANY);
	for (size_t i = 0; i < t->n; i++) {
		if (strcmp(t->a[i].key, in->key) == 0)
			return refuse(t, AREA_KEY_TAKEN);
		if (t->a[i].position >= position)
			position = t->a[i].position + 1;
	}
	st = db_exec(db, &q_add, DB_ARGS(DB_INT(t->profile), DB_STR(in->key), DB_STR(in->name_nl),
	    opt_str(in->name_en), DB_INT(position)), NULL, NULL);
	if (st == DB_DUPLICATE)
		return refuse(t, AREA_KEY_TAKEN);
	if (st != DB_OK)
		return st;
	buf_init(&b);
	buf_puts(&b, "key result area added: ");
	audit_value(&b, "key", in->key);
	audit_value(&b, "name", in->name_nl);
	audit_value(&b, "name_en", in->name_en);
	return audit(db, t, &b);
}

static int
rename_area(struct db *db, struct area_tx *t, const struct held_area *a)
{
	const struct area_in *in = t->in;
	struct buf b;
	int st;

	buf_init(&b);
	buf_printf(&b, "key result area %s: ", a->key);
	audit_diff(&b, "name", a->name_nl, in->name_nl);
	audit_diff(&b, "name_en", a->name_en, in->name_en ? in->name_en : "");
	st = db_exec(db, &q_rename, DB_ARGS(DB_STR(in->name_nl), opt_str(in->name_en),
	    DB_INT(a->id), DB_INT(t->profile)), NULL, NULL);
	if (st != DB_OK) {
		buf_free(&b);
		return st;
	}
	return audit(db, t, &b);
}

/* Swaps area i with its neighbour and numbers them all 0, 1, ... in
 * their new order (positions the import or an earlier add left with
 * gaps or ties become plain). */
static int
move(struct db *db, struct area_tx *t, size_t i, bool up)
{
	size_t j = up ? i - 1 : i + 1;
	struct held_area tmp;
	struct buf b;
	int st = DB_OK;

	tmp = t->a[i];
	t->a[i] = t->a[j];
	t->a[j] = tmp;
	for (size_t k = 0; k < t->n && st == DB_OK; k++)
		st = db_exec(db, &q_place, DB_ARGS(DB_INT((int64_t)k), DB_INT(t->a[k].id),
		    DB_INT(t->profile)), NULL, NULL);
	if (st != DB_OK)
		return st;
	buf_init(&b);
	buf_puts(&b, "key result areas in order:");
	for (size_t k = 0; k < t->n; k++) {
		buf_puts(&b, k ? ", " : " ");
		buf_puts(&b, t->a[k].key);
	}
	return audit(db, t, &b);
}

static int
remove_area(struct db *db, struct area_tx *t, const struct held_area *a)
{
	uint64_t n = 0;
	struct buf b;
	int st;

	if (a->goals > 0) {
		*t->goals = a->goals;
		return refuse(t, AREA_IN_USE);
	}
	st = db_exec(db, &q_remove, DB_ARGS(DB_INT(a->id), DB_INT(t->profile), DB_INT(a->id)),
	    &n, NULL);
	if (st != DB_OK)
		return st;
	if (n == 0)
		return refuse(t, AREA_IN_USE);
	buf_init(&b);
	buf_puts(&b, "key result area removed: ");
	audit_value(&b, "key", a->key);
	audit_value(&b, "name", a->name_nl);
	return audit(db, t, &b);
}

/* The change on the held areas. */
static int
apply(struct db *db, struct area_tx *t)
{
	int i;

	if (t->in->op == AREA_ADD)
		return add(db, t);
	if ((i = find(t, t->in->area_id)) < 0)
		return refuse(t, AREA_GONE);
	switch (t->in->op) {
	case AREA_RENAME:
		return rename_area(db, t, &t->a[i]);
	case AREA_UP:
		return i == 0 ? DB_OK : move(db, t, (size_t)i, true);
	case AREA_DOWN:
		return (size_t)i + 1 == t->n ? DB_OK : move(db, t, (size_t)i, false);
	case AREA_REMOVE:
		return remove_area(db, t, &t->a[i]);
	case AREA_ADD:
		break;
	}
	return DB_ERROR;
}

static int
change_tx(struct db *db, void *ud)
{
	struct area_tx *t = ud;
	int64_t found = 0;
	uint64_t n = 0;
	int st;

	*t->problem = AREA_OK;
	*t->goals = 0;
	t->n = 0;
	t->overflow = false;
	st = db_exec(db, &q_bump, DB_ARGS(DB_INT(t->profile), DB_INT(t->version)), &n, NULL);
	if (st != DB_OK)
		return st;
	if (n == 0) {
		st = db_query(db, &q_profile, DB_ARGS(DB_INT(t->profile)), id_row, &found);
		return st != DB_OK ? st : found ? DB_CONFLICT : DB_NOTFOUND;
	}
	if ((st = db_query(db, &q_areas, DB_ARGS(DB_INT(t->profile)), held_row, t)) != DB_OK)
		return st;
	if (t->overflow)
		return DB_ERROR;	/* more than any import keeps */
	return apply(db, t);
}

int
profile_area_change(struct db *db, int64_t actor, int64_t profile_id, int64_t version,
    const struct area_in *in, enum area_problem *problem, int64_t *goals)
{
	struct area_tx t = { .actor = actor, .profile = profile_id, .version = version, .in = in,
		.problem = problem, .goals = goals };
	int st;

	*problem = AREA_OK;
	*goals = 0;
	if ((t.a = calloc(AREAS_HELD_MAX, sizeof(*t.a))) == NULL)
		return DB_ERROR;
	st = db_tx(db, change_tx, &t);
	free(t.a);
	if (st == DB_CONFLICT && *problem != AREA_OK)
		return DB_OK;
	return st;
}
