/* cycle_template.c -- the template versions a cycle names (see
 * cycle_template.h).  The choices are written by a start, inside the
 * start's transaction after the cycle's row is locked, so two starts of
 * one cycle write them one after the other; every template, department
 * and job profile a choice names is read with a shared lock, so it is
 * still there when the transaction commits. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "store/audit.h"
#include "store/cycle_template.h"
#include "store/db.h"
#include "base/util.h"

/* What the audit detail of the cycle's choices starts with. */
#define AUDIT_HEAD "templates:"
/* The rows a cycle may name: its default and every choice of a form. */
#define CT_ROWS_MAX (1 + 2 * CYCLE_TEMPLATE_CHOICES_MAX)

const char *const cycle_template_scope_names[CT_SCOPES] = {
	[CT_DEFAULT] = "default", [CT_DEPARTMENT] = "department",
	[CT_JOB_PROFILE] = "job_profile",
};

static struct db_stmt_def q_template = DB_STMT(
	"SELECT id FROM template WHERE id = ? LOCK IN SHARE MODE");
static struct db_stmt_def q_default_template = DB_STMT(
	"SELECT id FROM template WHERE is_default = 1 LOCK IN SHARE MODE");
/* Versions are never deleted: the newest is the highest number. */
static struct db_stmt_def q_newest = DB_STMT(
	"SELECT id FROM template_version WHERE template_id = ? ORDER BY number DESC LIMIT 1");
static struct db_stmt_def q_version_of = DB_STMT(
	"SELECT id FROM template_version WHERE id = ? AND template_id = ?");
static struct db_stmt_def q_department = DB_STMT(
	"SELECT id FROM department WHERE id = ? LOCK IN SHARE MODE");
static struct db_stmt_def q_profile = DB_STMT(
	"SELECT id FROM job_profile WHERE id = ? LOCK IN SHARE MODE");
static struct db_stmt_def q_stored = DB_STMT(
	"SELECT ct.scope, ct.scope_id, ct.template_version_id, tv.template_id"
	" FROM cycle_template ct JOIN template_version tv ON tv.id = ct.template_version_id"
	" WHERE ct.cycle_id = ? ORDER BY ct.scope, ct.scope_id");
static struct db_stmt_def q_delete = DB_STMT(
	"DELETE FROM cycle_template WHERE cycle_id = ?");
static struct db_stmt_def q_insert = DB_STMT(
	"INSERT INTO cycle_template (cycle_id, scope, scope_id, template_version_id)"
	" VALUES (?, ?, ?, ?)");
/* params: cycle, employee (job profile); cycle, employee (department);
 * cycle (default).  The nearest department with a choice wins. */
static struct db_stmt_def q_version_for = DB_STMT(
	"SELECT COALESCE("
	" (SELECT ct.template_version_id FROM employee e JOIN cycle_template ct"
	"   ON ct.cycle_id = ? AND ct.scope = 'job_profile' AND ct.scope_id = e.job_profile_id"
	"   WHERE e.id = ?),"
	" (SELECT ct.template_version_id FROM employee e"
	"   JOIN department_ancestor a ON a.dep = e.department_id"
	"   JOIN cycle_template ct ON ct.cycle_id = ? AND ct.scope = 'department'"
	"   AND ct.scope_id = a.up WHERE e.id = ? ORDER BY a.depth LIMIT 1),"
	" (SELECT ct.template_version_id FROM cycle_template ct"
	"   WHERE ct.cycle_id = ? AND ct.scope = 'default' AND ct.scope_id = 0),"
	" (SELECT tv.id FROM template t JOIN template_version tv ON tv.template_id = t.id"
	"   WHERE t.is_default = 1 ORDER BY tv.number DESC LIMIT 1),"
	" 0)");
#define TEMPLATE_COLUMNS \
	"tv.template_id, tv.id, t.tkey, tv.name_nl, COALESCE(tv.name_en, ''), tv.number"
/* The cycle's choices with names, and the conversations on each version. */
static struct db_stmt_def q_list = DB_STMT(
	"SELECT ct.scope, ct.scope_id, COALESCE(d.name, p.name_nl, ''), " TEMPLATE_COLUMNS ","
	" (SELECT COUNT(*) FROM dossier x JOIN conversation c ON c.dossier_id = x.id"
	"   WHERE x.cycle_id = ct.cycle_id AND c.template_version_id = ct.template_version_id)"
	" FROM cycle_template ct JOIN template_version tv ON tv.id = ct.template_version_id"
	" JOIN template t ON t.id = tv.template_id"
	" LEFT JOIN department d ON ct.scope = 'department' AND d.id = ct.scope_id"
	" LEFT JOIN job_profile p ON ct.scope = 'job_profile' AND p.id = ct.scope_id"
	" WHERE ct.cycle_id = ? ORDER BY ct.scope, 3, ct.scope_id");
static struct db_stmt_def q_used = DB_STMT(
	"SELECT 'default', 0, '', " TEMPLATE_COLUMNS ", COUNT(*)"
	" FROM dossier x JOIN conversation c ON c.dossier_id = x.id"
	" JOIN template_version tv ON tv.id = c.template_version_id"
	" JOIN template t ON t.id = tv.template_id"
	" WHERE x.cycle_id = ? GROUP BY tv.id ORDER BY t.tkey, tv.number");
static struct db_stmt_def q_versions = DB_STMT(
	"SELECT " TEMPLATE_COLUMNS ", COALESCE(t.is_default, 0),"
	" tv.number = (SELECT MAX(m.number) FROM template_version m"
	"   WHERE m.template_id = t.id)"
	" FROM template t JOIN template_version tv ON tv.template_id = t.id"
	" ORDER BY t.tkey, tv.number DESC LIMIT ?");

/* One row the cycle names or is to name. */
struct ct_row {
	enum cycle_template_scope scope;
	int64_t scope_id, version_id, template_id;
};
struct ct_rows {
	struct ct_row v[CT_ROWS_MAX];
	size_t n;
	bool more;		/* stored rows past CT_ROWS_MAX */
};

static int
id_row(void *ud, const struct db_row *r)
{
	*(int64_t *)ud = db_int(r, 0);
	return DB_OK;
}

/* The id a statement of one id finds, 0 when none. */
static int
find_id(struct db *db, struct db_stmt_def *q, const struct db_arg *args, size_t nargs,
    int64_t *id)
{
	*id = 0;
	return db_query(db, q, args, nargs, id_row, id);
}

static enum cycle_template_scope
scope_of(const char *name)
{
	int i;

	for (i = 0; i < CT_SCOPES; i++)
		if (strcmp(name, cycle_template_scope_names[i]) == 0)
			return (enum cycle_template_scope)i;
	return CT_DEFAULT;
}

static int
stored_row(void *ud, const struct db_row *r)
{
	struct ct_rows *s = ud;

	if (s->n == CT_ROWS_MAX) {
		s->more = true;
		return DB_OK;
	}
	s->v[s->n++] = (struct ct_row){ scope_of(db_str(r, 0)), db_int(r, 1), db_int(r, 2),
	    db_int(r, 3) };
	return DB_OK;
}

/* The stored row of scope and id, or NULL. */
static const struct ct_row *
stored_of(const struct ct_rows *s, enum cycle_template_scope scope, int64_t scope_id)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->v[i].scope == scope && s->v[i].scope_id == scope_id)
			return &s->v[i];
	return NULL;
}

/* The version a choice of template_id for scope gets: the stored one when
 * the scope had this template already (a cycle keeps the versions it
 * named), else the template's newest.  0 when the template has none. */
static int
version_kept_or_newest(struct db *db, const struct ct_rows *stored,
    enum cycle_template_scope scope, int64_t scope_id, int64_t template_id, int64_t *version)
{
	const struct ct_row *was = stored_of(stored, scope, scope_id);

	if (was && was->template_id == template_id) {
		*version = was->version_id;
		return DB_OK;
	}
	return find_id(db, &q_newest, DB_ARGS(DB_INT(template_id)), version);
}

/* The default row of in into *out, or the refusal. */
static int
resolve_default(struct db *db, const struct cycle_templates_in *in, const struct ct_rows *stored,
    struct ct_row *out, struct cycle_template_refusal *r)
{
	int64_t found = 0;
	int st;

	*out = (struct ct_row){ CT_DEFAULT, 0, 0, 0 };
	if (in->template_id)
		st = find_id(db, &q_template, DB_ARGS(DB_INT(in->template_id)), &out->template_id);
	else
		st = find_id(db, &q_default_template, DB_NOARGS, &out->template_id);
	if (st != DB_OK)
		return st;
	if (out->template_id == 0) {
		r->problem = CT_TEMPLATE_UNKNOWN;
		return DB_OK;
	}
	if (in->version_id) {
		st = find_id(db, &q_version_of, DB_ARGS(DB_INT(in->version_id),
		    DB_INT(out->template_id)), &found);
		if (st == DB_OK && found == 0)
			r->problem = CT_VERSION_OTHER;
		out->version_id = found;
		return st;
	}
	st = version_kept_or_newest(db, stored, CT_DEFAULT, 0, out->template_id,
	    &out->version_id);
	if (st == DB_OK && out->version_id == 0)
		r->problem = CT_TEMPLATE_UNKNOWN;	/* a template without versions */
	return st;
}

/* One choice into *out, or the refusal; `before` are the rows resolved so
 * far (a scope chosen twice is refused, not silently overwritten). */
static int
resolve_choice(struct db *db, const struct cycle_template_choice *ch,
    const struct ct_rows *stored, const struct ct_rows *before, struct ct_row *out,
    struct cycle_template_refusal *r)
{
	int64_t found = 0;
	int st;

	*out = (struct ct_row){ ch->scope, ch->scope_id, 0, 0 };
	if (ch->scope != CT_DEPARTMENT && ch->scope != CT_JOB_PROFILE)
		return DB_ERROR;	/* a choice is of one of the two */
	if (stored_of(before, ch->scope, ch->scope_id)) {
		r->problem = CT_TWICE;
		return DB_OK;
	}
	st = find_id(db, ch->scope == CT_DEPARTMENT ? &q_department : &q_profile,
	    DB_ARGS(DB_INT(ch->scope_id)), &found);
	if (st != DB_OK)
		return st;
	if (found == 0) {
		r->problem = ch->scope == CT_DEPARTMENT ? CT_DEPARTMENT_UNKNOWN :
		    CT_PROFILE_UNKNOWN;
		return DB_OK;
	}
	if ((st = find_id(db, &q_template, DB_ARGS(DB_INT(ch->template_id)),
	    &out->template_id)) != DB_OK)
		return st;
	if (out->template_id == 0) {
		r->problem = CT_TEMPLATE_UNKNOWN;
		return DB_OK;
	}
	st = version_kept_or_newest(db, stored, ch->scope, ch->scope_id, ch->template_id,
	    &out->version_id);
	if (st == DB_OK && out->version_id == 0)
		r->problem = CT_TEMPLATE_UNKNOWN;
	return st;
}

/* The rows in asks for, given what is stored; r->problem when refused. */
static int
resolve(struct db *db, const struct cycle_templates_in *in, const struct ct_rows *stored,
    struct ct_rows *want, struct cycle_template_refusal *r)
{
	size_t i;
	int st;

	memset(want, 0, sizeof(*want));
	r->problem = CT_OK;
	r->choice = CT_REFUSED_DEFAULT;
	if (in->nchoices > CT_ROWS_MAX - 1)
		return DB_ERROR;	/* the form declares fewer fields */
	st = resolve_default(db, in, stored, &want->v[0], r);
	if (st != DB_OK || r->problem != CT_OK)
		return st;
	want->n = 1;
	for (i = 0; i < in->nchoices; i++) {
		st = resolve_choice(db, &in->choices[i], stored, want, &want->v[want->n], r);
		if (st != DB_OK)
			return st;
		if (r->problem != CT_OK) {
			r->choice = i;
			return DB_OK;
		}
		want->n++;
	}
	return DB_OK;
}

int
cycle_templates_check(struct db *db, const struct cycle_templates_in *in,
    struct cycle_template_refusal *r)
{
	struct ct_rows none = { .n = 0 }, want;

	r->problem = CT_OK;
	r->choice = CT_REFUSED_DEFAULT;
	if (!in->given)
		return DB_OK;
	return resolve(db, in, &none, &want, r);
}

/* Whether want names exactly what is stored. */
static bool
same_rows(const struct ct_rows *stored, const struct ct_rows *want)
{
	const struct ct_row *was;
	size_t i;

	if (stored->more || stored->n != want->n)
		return false;
	for (i = 0; i < want->n; i++) {
		was = stored_of(stored, want->v[i].scope, want->v[i].scope_id);
		if (was == NULL || was->version_id != want->v[i].version_id)
			return false;
	}
	return true;
}

static int
detail_row(void *ud, const struct cycle_template_row *r)
{
	struct buf *b = ud;

	buf_printf(b, "%s%s%s%s: %s v%d", b->len > strlen(AUDIT_HEAD) ? "; " : " ",
	    cycle_template_scope_names[r->scope], r->scope_name[0] ? " " : "", r->scope_name,
	    r->template_key, r->number);
	return DB_OK;
}

/* The audit row of the cycle's choices as they now are. */
static int
audit_templates(struct db *db, int64_t actor, int64_t cycle_id)
{
	struct buf b;
	int st;

	buf_init(&b);
	buf_puts(&b, AUDIT_HEAD);
	st = cycle_templates_list(db, cycle_id, detail_row, &b);
	if (st == DB_OK)
		st = b.failed ? DB_ERROR : audit_add(db, actor, "cycle", cycle_id, "templates",
		    b.data);
	buf_free(&b);
	return st;
}

/* The cycle's rows become want's, audited. */
static int
write_rows(struct db *db, int64_t actor, int64_t cycle_id, const struct ct_rows *want)
{
	size_t i;
	int st;

	if ((st = db_exec(db, &q_delete, DB_ARGS(DB_INT(cycle_id)), NULL, NULL)) != DB_OK)
		return st;
	for (i = 0; i < want->n; i++) {
		st = db_exec(db, &q_insert, DB_ARGS(DB_INT(cycle_id),
		    DB_STR(cycle_template_scope_names[want->v[i].scope]),
		    DB_INT(want->v[i].scope_id), DB_INT(want->v[i].version_id)), NULL, NULL);
		if (st != DB_OK)
			return st;
	}
	return audit_templates(db, actor, cycle_id);
}

/* No choice given and none stored: the default template's newest version
 * is written down as the cycle's default, so that joiners added later get
 * what this start gives, whatever versions follow.  Not audited apart:
 * nobody chose anything, and the start's own audit row stands for it (the
 * cycle page shows the version). */
static int
name_default(struct db *db, int64_t cycle_id)
{
	static const struct cycle_templates_in dflt = { .given = true };
	struct cycle_template_refusal r;
	struct ct_rows none = { .n = 0 }, want;
	int st;

	st = resolve(db, &dflt, &none, &want, &r);
	if (st != DB_OK || r.problem != CT_OK)
		return st;	/* no default template at all: nothing to name */
	return db_exec(db, &q_insert, DB_ARGS(DB_INT(cycle_id), DB_STR("default"), DB_INT(0),
	    DB_INT(want.v[0].version_id)), NULL, NULL);
}

int
cycle_templates_set_tx(struct db *db, int64_t actor, int64_t cycle_id,
    const struct cycle_templates_in *in, struct cycle_template_refusal *r)
{
	struct ct_rows stored = { .n = 0 }, want;
	int st;

	r->problem = CT_OK;
	r->choice = CT_REFUSED_DEFAULT;
	if ((st = db_query(db, &q_stored, DB_ARGS(DB_INT(cycle_id)), stored_row, &stored)) != DB_OK)
		return st;
	if (!in->given)
		return stored_of(&stored, CT_DEFAULT, 0) ? DB_OK : name_default(db, cycle_id);
	st = resolve(db, in, &stored, &want, r);
	if (st == DB_OK && r->problem != CT_OK)
		return DB_NOTFOUND;
	if (st != DB_OK || same_rows(&stored, &want))
		return st;
	return write_rows(db, actor, cycle_id, &want);
}

int
template_version_for(struct db *db, int64_t cycle_id, int64_t employee_id, int64_t *version_id)
{
	return find_id(db, &q_version_for, DB_ARGS(DB_INT(cycle_id), DB_INT(employee_id),
	    DB_INT(cycle_id), DB_INT(employee_id), DB_INT(cycle_id)), version_id);
}

struct list_cb {
	cycle_template_fn fn;
	void *ud;
};

static int
list_row(void *ud, const struct db_row *r)
{
	struct list_cb *cb = ud;
	struct cycle_template_row row = {
		.scope = scope_of(db_str(r, 0)), .scope_id = db_int(r, 1),
		.scope_name = db_str(r, 2), .template_id = db_int(r, 3),
		.version_id = db_int(r, 4), .template_key = db_str(r, 5),
		.name_nl = db_str(r, 6), .name_en = db_str(r, 7), .number = (int)db_int(r, 8),
		.conversations = db_int(r, 9),
	};

	return cb->fn(cb->ud, &row);
}

int
cycle_templates_list(struct db *db, int64_t cycle_id, cycle_template_fn fn, void *ud)
{
	struct list_cb cb = { fn, ud };

	return db_query(db, &q_list, DB_ARGS(DB_INT(cycle_id)), list_row, &cb);
}

int
cycle_templates_used(struct db *db, int64_t cycle_id, cycle_template_fn fn, void *ud)
{
	struct list_cb cb = { fn, ud };

	return db_query(db, &q_used, DB_ARGS(DB_INT(cycle_id)), list_row, &cb);
}

struct versions_cb {
	template_version_fn fn;
	void *ud;
};

static int
version_row(void *ud, const struct db_row *r)
{
	struct versions_cb *cb = ud;
	struct template_version_row row = {
		.template_id = db_int(r, 0), .version_id = db_int(r, 1),
		.template_key = db_str(r, 2), .name_nl = db_str(r, 3), .name_en = db_str(r, 4),
		.number = (int)db_int(r, 5), .is_default = db_int(r, 6) != 0,
		.newest = db_int(r, 7) != 0,
	};

	return cb->fn(cb->ud, &row);
}

int
template_versions_list(struct db *db, template_version_fn fn, void *ud)
{
	struct versions_cb cb = { fn, ud };

	return db_query(db, &q_versions, DB_ARGS(DB_INT(CYCLE_TEMPLATE_VERSIONS_SHOWN)),
	    version_row, &cb);
}
