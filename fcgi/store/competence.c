/* competence.c -- the competence dictionary and job profiles (issue 16).
 * Each write is one transaction with its audit row; the version check is
 * in the UPDATE itself (DESIGN §3).  Keys are unique (sql/068): a taken
 * key comes back as DB_DUPLICATE from the write, never from a look
 * before it. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/audit.h"
#include "store/competence.h"
#include "store/competence_tx.h"
#include "store/db.h"
#include "base/util.h"

static struct db_stmt_def q_list = DB_STMT(
	"SELECT c.id, c.ckey, c.name_nl, COALESCE(c.name_en, ''),"
	" (SELECT COUNT(*) FROM competence_indicator i WHERE i.competence_id = c.id),"
	" (SELECT COUNT(*) FROM job_profile_competence p WHERE p.competence_id = c.id)"
	" FROM competence c ORDER BY c.ckey");
static struct db_stmt_def q_get = DB_STMT(
	"SELECT c.id, c.ckey, c.name_nl, COALESCE(c.name_en, ''), c.definition_nl,"
	" COALESCE(c.definition_en, ''), c.version,"
	" (SELECT COUNT(*) FROM job_profile_competence p WHERE p.competence_id = c.id)"
	" FROM competence c WHERE c.id = ?");
static struct db_stmt_def q_indicators = DB_STMT(
	"SELECT level, text_nl, COALESCE(text_en, '') FROM competence_indicator"
	" WHERE competence_id = ? ORDER BY level");
static struct db_stmt_def q_create = DB_STMT(
	"INSERT INTO competence (ckey, name_nl, name_en, definition_nl, definition_en)"
	" VALUES (?, ?, ?, ?, ?)");
static struct db_stmt_def q_update = DB_STMT(
	"UPDATE competence SET ckey = ?, name_nl = ?, name_en = ?, definition_nl = ?,"
	" definition_en = ?, version = version + 1, updated_at = UTC_TIMESTAMP()"
	" WHERE id = ? AND version = ?");
static struct db_stmt_def q_ind_clear = DB_STMT(
	"DELETE FROM competence_indicator WHERE competence_id = ?");
static struct db_stmt_def q_ind_add = DB_STMT(
	"INSERT INTO competence_indicator (competence_id, level, text_nl, text_en)"
	" VALUES (?, ?, ?, ?)");

static struct db_stmt_def q_plist = DB_STMT(
	"SELECT p.id, p.pkey, p.name_nl, COALESCE(p.name_en, ''),"
	" (SELECT COUNT(*) FROM job_profile_competence c WHERE c.profile_id = p.id),"
	" (SELECT COUNT(*) FROM employee e WHERE e.job_profile_id = p.id AND e.active = 1)"
	" FROM job_profile p ORDER BY p.pkey");
static struct db_stmt_def q_pget = DB_STMT(
	"SELECT p.id, p.pkey, p.name_nl, COALESCE(p.name_en, ''), p.version,"
	" (SELECT COUNT(*) FROM employee e WHERE e.job_profile_id = p.id AND e.active = 1)"
	" FROM job_profile p WHERE p.id = ?");
static struct db_stmt_def q_pcomp = DB_STMT(
	"SELECT c.id, c.ckey, c.name_nl, COALESCE(c.name_en, ''),"
	" (SELECT COUNT(*) FROM competence_indicator i WHERE i.competence_id = c.id), 0"
	" FROM job_profile_competence pc JOIN competence c ON c.id = pc.competence_id"
	" WHERE pc.profile_id = ? ORDER BY pc.position");
static struct db_stmt_def q_pcreate = DB_STMT(
	"INSERT INTO job_profile (pkey, name_nl, name_en) VALUES (?, ?, ?)");
static struct db_stmt_def q_pupdate = DB_STMT(
	"UPDATE job_profile SET pkey = ?, name_nl = ?, name_en = ?, version = version + 1,"
	" updated_at = UTC_TIMESTAMP() WHERE id = ? AND version = ?");
static struct db_stmt_def q_key_id = DB_STMT(
	"SELECT id FROM competence WHERE ckey = ?");
static struct db_stmt_def q_pc_clear = DB_STMT(
	"DELETE FROM job_profile_competence WHERE profile_id = ?");
static struct db_stmt_def q_emp_profile = DB_STMT(
	"SELECT e.id, COALESCE(p.id, 0), COALESCE(p.pkey, '') FROM employee e"
	" LEFT JOIN job_profile p ON p.id = e.job_profile_id WHERE e.id = ?");
/* FOR SHARE: the profile stays while the employee row names it. */
static struct db_stmt_def q_profile_key = DB_STMT(
	"SELECT id, pkey FROM job_profile WHERE id = ? LOCK IN SHARE MODE");
static struct db_stmt_def q_emp_set = DB_STMT(
	"UPDATE employee SET job_profile_id = ?, updated_at = UTC_TIMESTAMP() WHERE id = ?");
static struct db_stmt_def q_pc_add = DB_STMT(
	"INSERT INTO job_profile_competence (profile_id, competence_id, position) VALUES (?, ?, ?)");

bool
competence_key_ok(const char *key)
{
	size_t n = key ? strlen(key) : 0;

	if (n == 0 || n > COMPETENCE_KEY_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = key[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_'))
			return false;
	}
	return true;
}

/* "" stores as NULL: an absent English text falls back to Dutch. */
static struct db_arg
opt_str(const char *s)
{
	return s && *s ? DB_STR(s) : DB_NULL;
}

/* ---- competences ---- */

struct list_cb {
	competence_fn fn;
	void *ud;
};

static int
list_row(void *ud, const struct db_row *r)
{
	struct list_cb *cb = ud;
	struct competence_row c = {
		.id = db_int(r, 0), .key = db_str(r, 1), .name_nl = db_str(r, 2),
		.name_en = db_str(r, 3), .levels = db_int(r, 4), .profiles = db_int(r, 5),
	};

	return cb->fn(cb->ud, &c);
}

int
competences_list(struct db *db, competence_fn fn, void *ud)
{
	struct list_cb cb = { fn, ud };

	return db_query(db, &q_list, DB_NOARGS, list_row, &cb);
}

static int
get_row(void *ud, const struct db_row *r)
{
	struct competence *c = ud;

	c->id = db_int(r, 0);
	strlcopy(c->key, db_str(r, 1), sizeof(c->key));
	strlcopy(c->name_nl, db_str(r, 2), sizeof(c->name_nl));
	strlcopy(c->name_en, db_str(r, 3), sizeof(c->name_en));
	strlcopy(c->definition_nl, db_str(r, 4), sizeof(c->definition_nl));
	strlcopy(c->definition_en, db_str(r, 5), sizeof(c->definition_en));
	c->version = db_int(r, 6);
	c->profiles = db_int(r, 7);
	return DB_OK;
}

static int
indicator_row(void *ud, const struct db_row *r)
{
	struct competence *c = ud;
	int64_t level = db_int(r, 0);

	if (level < 1 || level > COMPETENCE_LEVELS_MAX)
		return DB_OK;
	strlcopy(c->indicator_nl[level - 1], db_str(r, 1), sizeof(c->indicator_nl[0]));
	strlcopy(c->indicator_en[level - 1], db_str(r, 2), sizeof(c->indicator_en[0]));
	return DB_OK;
}

int
competence_get(struct db *db, int64_t id, struct competence *out)
{
	int st;

	memset(out, 0, sizeof(*out));
	if ((st = db_query(db, &q_get, DB_ARGS(DB_INT(id)), get_row, out)) != DB_OK)
		return st;
	if (out->id == 0)
		return DB_NOTFOUND;
	return db_query(db, &q_indicators, DB_ARGS(DB_INT(id)), indicator_row, out);
}

/* Replaces the indicators of competence id by the typed ones; a level
 * without a Dutch text has none (its English alone would show nowhere). */
static int
write_indicators(struct db *db, int64_t id, const struct competence_in *in)
{
	int st;

	if ((st = db_exec(db, &q_ind_clear, DB_ARGS(DB_INT(id)), NULL, NULL)) != DB_OK)
		return st;
	for (int l = 0; l < COMPETENCE_LEVELS_MAX; l++) {
		if (in->indicator_nl[l] == NULL || in->indicator_nl[l][0] == '\0')
			continue;
		st = db_exec(db, &q_ind_add, DB_ARGS(DB_INT(id), DB_INT(l + 1),
		    DB_STR(in->indicator_nl[l]), opt_str(in->indicator_en[l])), NULL, NULL);
		if (st != DB_OK)
			return st;
	}
	return DB_OK;
}

struct comp_tx {
	int64_t actor, id, version;
	const struct competence_in *in;
	struct competence *old;		/* update: read inside the transaction */
};

static int
create_tx(struct db *db, void *ud)
{
	struct comp_tx *t = ud;
	const struct competence_in *in = t->in;
	struct buf b;
	int st;

	st = db_exec(db, &q_create, DB_ARGS(DB_STR(in->key), DB_STR(in->name_nl),
	    opt_str(in->name_en), DB_STR(in->definition_nl ? in->definition_nl : ""),
	    opt_str(in->definition_en)), NULL, &t->id);
	if (st != DB_OK)
		return st;
	if ((st = write_indicators(db, t->id, in)) != DB_OK)
		return st;
	buf_init(&b);
	buf_puts(&b, "created: ");
	audit_value(&b, "key", in->key);
	audit_value(&b, "name", in->name_nl);
	audit_value(&b, "name_en", in->name_en);
	for (int l = 0; l < COMPETENCE_LEVELS_MAX; l++) {
		char field[32];

		snprintf(field, sizeof(field), "level %d", l + 1);
		audit_value(&b, field, in->indicator_nl[l]);
	}
	st = b.failed ? DB_ERROR : audit_add(db, t->actor, "competence", t->id, "create", b.data);
	buf_free(&b);
	return st;
}

int
competence_create_in(struct db *db, int64_t actor, const struct competence_in *in, int64_t *id)
{
	struct comp_tx t = { .actor = actor, .in = in };
	int st = create_tx(db, &t);

	*id = t.id;
	return st;
}

int
competence_create(struct db *db, int64_t actor, const struct competence_in *in, int64_t *id)
{
	struct comp_tx t = { .actor = actor, .in = in };
	int st = db_tx(db, create_tx, &t);

	*id = st == DB_OK ? t.id : 0;
	return st;
}

/* "field: before -> after; " for every text that changed. */
static void
competence_diff(struct buf *b, const struct competence *old, const struct competence_in *in)
{
	audit_diff(b, "key", old->key, in->key);
	audit_diff(b, "name", old->name_nl, in->name_nl);
	audit_diff(b, "name_en", old->name_en, in->name_en);
	audit_diff(b, "definition", old->definition_nl, in->definition_nl);
	audit_diff(b, "definition_en", old->definition_en, in->definition_en);
	for (int l = 0; l < COMPETENCE_LEVELS_MAX; l++) {
		char field[32];

		snprintf(field, sizeof(field), "level %d", l + 1);
		audit_diff(b, field, old->indicator_nl[l], in->indicator_nl[l]);
		snprintf(field, sizeof(field), "level %d en", l + 1);
		audit_diff(b, field, old->indicator_en[l], in->indicator_en[l]);
	}
}

static int
update_tx(struct db *db, void *ud)
{
	struct comp_tx *t = ud;
	uint64_t n = 0;
	struct buf b;
	int st;

	if ((st = competence_get(db, t->id, t->old)) != DB_OK)
		return st;
	buf_init(&b);
	competence_diff(&b, t->old, t->in);
	if (b.failed) {
		st = DB_ERROR;
		goto out;
	}
	st = db_exec(db, &q_update, DB_ARGS(DB_STR(t->in->key), DB_STR(t->in->name_nl),
	    opt_str(t->in->name_en), DB_STR(t->in->definition_nl ? t->in->definition_nl : ""),
	    opt_str(t->in->definition_en), DB_INT(t->id), DB_INT(t->version)), &n, NULL);
	if (st == DB_OK && n == 0)
		st = DB_CONFLICT;
	if (st == DB_OK)
		st = write_indicators(db, t->id, t->in);
	if (st == DB_OK && b.len > 0)
		st = audit_add(db, t->actor, "competence", t->id, "update", b.data);
out:
	buf_free(&b);
	return st;
}

int
competence_update_in(struct db *db, int64_t actor, int64_t id, int64_t version,
    const struct competence_in *in, struct competence *scratch)
{
	struct comp_tx t = { .actor = actor, .id = id, .version = version, .in = in,
		.old = scratch };

	return update_tx(db, &t);
}

int
competence_update(struct db *db, int64_t actor, int64_t id, int64_t version,
    const struct competence_in *in)
{
	struct comp_tx t = { .actor = actor, .id = id, .version = version, .in = in };
	int st;

	if ((t.old = malloc(sizeof(*t.old))) == NULL)
		return DB_ERROR;
	st = db_tx(db, update_tx, &t);
	free(t.old);
	return st;
}

/* ---- job profiles ---- */

struct plist_cb {
	profile_fn fn;
	void *ud;
};

static int
plist_row(void *ud, const struct db_row *r)
{
	struct plist_cb *cb = ud;
	struct profile_row p = {
		.id = db_int(r, 0), .key = db_str(r, 1), .name_nl = db_str(r, 2),
		.name_en = db_str(r, 3), .competences = db_int(r, 4), .employees = db_int(r, 5),
	};

	return cb->fn(cb->ud, &p);
}

int
profiles_list(struct db *db, profile_fn fn, void *ud)
{
	struct plist_cb cb = { fn, ud };

	return db_query(db, &q_plist, DB_NOARGS, plist_row, &cb);
}

int
profile_competences(struct db *db, int64_t id, competence_fn fn, void *ud)
{
	struct list_cb cb = { fn, ud };

	return db_query(db, &q_pcomp, DB_ARGS(DB_INT(id)), list_row, &cb);
}

static int
pget_row(void *ud, const struct db_row *r)
{
	struct job_profile *p = ud;

	p->id = db_int(r, 0);
	strlcopy(p->key, db_str(r, 1), sizeof(p->key));
	strlcopy(p->name_nl, db_str(r, 2), sizeof(p->name_nl));
	strlcopy(p->name_en, db_str(r, 3), sizeof(p->name_en));
	p->version = db_int(r, 4);
	p->employees = db_int(r, 5);
	return DB_OK;
}

/* Appends a competence's key to the profile's key list. */
static int
pkey_row(void *ud, const struct competence_row *c)
{
	struct job_profile *p = ud;
	size_t len = strlen(p->keys);

	if (len + strlen(c->key) + 2 > sizeof(p->keys))
		return DB_ERROR;
	if (len)
		p->keys[len++] = ' ';
	memcpy(p->keys + len, c->key, strlen(c->key) + 1);
	return DB_OK;
}

int
profile_get(struct db *db, int64_t id, struct job_profile *out)
{
	int st;

	memset(out, 0, sizeof(*out));
	if ((st = db_query(db, &q_pget, DB_ARGS(DB_INT(id)), pget_row, out)) != DB_OK)
		return st;
	if (out->id == 0)
		return DB_NOTFOUND;
	return profile_competences(db, id, pkey_row, out);
}

static int
id_row(void *ud, const struct db_row *r)
{
	*(int64_t *)ud = db_int(r, 0);
	return DB_OK;
}

/* Splits keys at spaces, commas and line breaks into keys[]; false with
 * chk set when one is no key, named twice, or there are too many. */
static bool
split_keys(const char *text, char keys[][COMPETENCE_KEY_MAX + 1], size_t *n,
    struct profile_check *chk)
{
	const char *p = text ? text : "";
	static const char sep[] = " ,\t\r\n";

	*n = 0;
	while (*(p += strspn(p, sep))) {
		size_t len = strcspn(p, sep);

		snprintf(chk->bad, sizeof(chk->bad), "%.*s",
		    (int)(len > COMPETENCE_KEY_MAX ? COMPETENCE_KEY_MAX : len), p);
		if (len > COMPETENCE_KEY_MAX || !competence_key_ok(chk->bad)) {
			chk->problem = PROFILE_KEY_BAD;
			return false;
		}
		if (*n == PROFILE_COMPETENCES_MAX) {
			chk->problem = PROFILE_TOO_MANY;
			return false;
		}
		for (size_t i = 0; i < *n; i++)
			if (strcmp(keys[i], chk->bad) == 0) {
				chk->problem = PROFILE_KEY_TWICE;
				return false;
			}
		strlcopy(keys[(*n)++], chk->bad, COMPETENCE_KEY_MAX + 1);
		p += len;
	}
	chk->bad[0] = '\0';
	return true;
}

struct prof_tx {
	int64_t actor, id, version;
	const struct profile_in *in;
	struct profile_check *chk;
	struct job_profile *old;
	char (*keys)[COMPETENCE_KEY_MAX + 1];
	size_t nkeys;
};

/* Replaces the profile's competences; an unknown key sets chk (the
 * transaction then rolls back: DB_CONFLICT is only the carrier). */
static int
write_members(struct db *db, struct prof_tx *t)
{
	int st;

	if ((st = db_exec(db, &q_pc_clear, DB_ARGS(DB_INT(t->id)), NULL, NULL)) != DB_OK)
		return st;
	for (size_t i = 0; i < t->nkeys; i++) {
		int64_t cid = 0;

		st = db_query(db, &q_key_id, DB_ARGS(DB_STR(t->keys[i])), id_row, &cid);
		if (st != DB_OK)
			return st;
		if (cid == 0) {
			t->chk->problem = PROFILE_KEY_UNKNOWN;
			strlcopy(t->chk->bad, t->keys[i], sizeof(t->chk->bad));
			return DB_NOTFOUND;
		}
		st = db_exec(db, &q_pc_add, DB_ARGS(DB_INT(t->id), DB_INT(cid), DB_INT((int64_t)i + 1)),
		    NULL, NULL);
		if (st != DB_OK)
			return st;
	}
	return DB_OK;
}

/* The key list as stored: one space between. */
static void
joined(const struct prof_tx *t, char *out, size_t size)
{
	size_t len = 0;

	out[0] = '\0';
	for (size_t i = 0; i < t->nkeys && len + strlen(t->keys[i]) + 2 <= size; i++) {
		if (len)
			out[len++] = ' ';
		memcpy(out + len, t->keys[i], strlen(t->keys[i]) + 1);
		len += strlen(t->keys[i]);
	}
}

static int
pcreate_tx(struct db *db, void *ud)
{
	struct prof_tx *t = ud;
	char list[PROFILE_KEYS_MAX_CHARS + 1];
	struct buf b;
	int st;

	t->chk->problem = PROFILE_OK;
	st = db_exec(db, &q_pcreate, DB_ARGS(DB_STR(t->in->key), DB_STR(t->in->name_nl),
	    opt_str(t->in->name_en)), NULL, &t->id);
	if (st != DB_OK || (st = write_members(db, t)) != DB_OK)
		return st;
	joined(t, list, sizeof(list));
	buf_init(&b);
	buf_puts(&b, "created: ");
	audit_value(&b, "key", t->in->key);
	audit_value(&b, "name", t->in->name_nl);
	audit_value(&b, "name_en", t->in->name_en);
	audit_value(&b, "competences", list);
	st = b.failed ? DB_ERROR : audit_add(db, t->actor, "job_profile", t->id, "create", b.data);
	buf_free(&b);
	return st;
}

static int
pupdate_tx(struct db *db, void *ud)
{
	struct prof_tx *t = ud;
	char list[PROFILE_KEYS_MAX_CHARS + 1];
	uint64_t n = 0;
	struct buf b;
	int st;

	t->chk->problem = PROFILE_OK;
	if ((st = profile_get(db, t->id, t->old)) != DB_OK)
		return st;
	joined(t, list, sizeof(list));
	buf_init(&b);
	audit_diff(&b, "key", t->old->key, t->in->key);
	audit_diff(&b, "name", t->old->name_nl, t->in->name_nl);
	audit_diff(&b, "name_en", t->old->name_en, t->in->name_en);
	audit_diff(&b, "competences", t->old->keys, list);
	if (b.failed) {
		st = DB_ERROR;
		goto out;
	}
	st = db_exec(db, &q_pupdate, DB_ARGS(DB_STR(t->in->key), DB_STR(t->in->name_nl),
	    opt_str(t->in->name_en), DB_INT(t->id), DB_INT(t->version)), &n, NULL);
	if (st == DB_OK && n == 0)
		st = DB_CONFLICT;
	if (st == DB_OK)
		st = write_members(db, t);
	if (st == DB_OK && b.len > 0)
		st = audit_add(db, t->actor, "job_profile", t->id, "update", b.data);
out:
	buf_free(&b);
	return st;
}

/* Runs fn with the key list split, in a transaction of its own (own) or
 * in the caller's; a refused list is DB_OK with chk set. */
static int
profile_write(struct db *db, db_tx_fn fn, struct prof_tx *t, bool own)
{
	int st = DB_ERROR;

	memset(t->chk, 0, sizeof(*t->chk));
	t->keys = calloc(PROFILE_COMPETENCES_MAX, sizeof(*t->keys));
	t->old = malloc(sizeof(*t->old));
	if (t->keys == NULL || t->old == NULL)
		goto out;
	if (!split_keys(t->in->keys, t->keys, &t->nkeys, t->chk)) {
		st = DB_OK;
		goto out;
	}
	st = own ? db_tx(db, fn, t) : fn(db, t);
	if (st == DB_NOTFOUND && t->chk->problem == PROFILE_KEY_UNKNOWN)
		st = DB_OK;
out:
	free(t->keys);
	free(t->old);
	return st;
}

int
profile_create(struct db *db, int64_t actor, const struct profile_in *in, int64_t *id,
    struct profile_check *chk)
{
	struct prof_tx t = { .actor = actor, .in = in, .chk = chk };
	int st = profile_write(db, pcreate_tx, &t, true);

	*id = st == DB_OK && chk->problem == PROFILE_OK ? t.id : 0;
	return st;
}

int
profile_update(struct db *db, int64_t actor, int64_t id, int64_t version,
    const struct profile_in *in, struct profile_check *chk)
{
	struct prof_tx t = { .actor = actor, .id = id, .version = version, .in = in, .chk = chk };

	return profile_write(db, pupdate_tx, &t, true);
}

int
profile_create_in(struct db *db, int64_t actor, const struct profile_in *in, int64_t *id,
    struct profile_check *chk)
{
	struct prof_tx t = { .actor = actor, .in = in, .chk = chk };
	int st = profile_write(db, pcreate_tx, &t, false);

	*id = t.id;
	return st;
}

int
profile_update_in(struct db *db, int64_t actor, int64_t id, int64_t version,
    const struct profile_in *in, struct profile_check *chk)
{
	struct prof_tx t = { .actor = actor, .id = id, .version = version, .in = in, .chk = chk };

	return profile_write(db, pupdate_tx, &t, false);
}

/* ---- an employee's job profile ---- */

struct emp_profile {
	int64_t employee, profile;
	char key[COMPETENCE_KEY_MAX + 1];
};

static int
emp_profile_row(void *ud, const struct db_row *r)
{
	struct emp_profile *e = ud;

	e->employee = db_int(r, 0);
	e->profile = db_int(r, 1);
	strlcopy(e->key, db_str(r, 2), sizeof(e->key));
	return DB_OK;
}

int
employee_profile_get(struct db *db, int64_t employee_id, int64_t *profile_id, char *key,
    size_t key_size)
{
	struct emp_profile e = { 0 };
	int st = db_query(db, &q_emp_profile, DB_ARGS(DB_INT(employee_id)), emp_profile_row, &e);

	if (st != DB_OK)
		return st;
	if (e.employee == 0)
		return DB_NOTFOUND;
	*profile_id = e.profile;
	strlcopy(key, e.key, key_size);
	return DB_OK;
}

struct emp_set_tx {
	int64_t actor, employee, profile;
	bool *missing;
};

static int
profile_key_row(void *ud, const struct db_row *r)
{
	struct emp_profile *e = ud;

	e->profile = db_int(r, 0);
	strlcopy(e->key, db_str(r, 1), sizeof(e->key));
	return DB_OK;
}

static int
emp_set_tx(struct db *db, void *ud)
{
	struct emp_set_tx *t = ud;
	struct emp_profile old = { 0 }, now = { 0 };
	struct buf b;
	int st;

	*t->missing = false;
	st = db_query(db, &q_emp_profile, DB_ARGS(DB_INT(t->employee)), emp_profile_row, &old);
	if (st != DB_OK || old.employee == 0)
		return st != DB_OK ? st : DB_NOTFOUND;
	if (t->profile) {
		st = db_query(db, &q_profile_key, DB_ARGS(DB_INT(t->profile)), profile_key_row, &now);
		if (st != DB_OK)
			return st;
		if (now.profile == 0) {
			*t->missing = true;
			return DB_NOTFOUND;
		}
	}
	if (old.profile == t->profile)
		return DB_OK;
	st = db_exec(db, &q_emp_set, DB_ARGS(DB_REF(t->profile), DB_INT(t->employee)), NULL, NULL);
	if (st != DB_OK)
		return st;
	buf_init(&b);
	audit_diff(&b, "job_profile", old.profile ? old.key : "-", t->profile ? now.key : "-");
	st = b.failed ? DB_ERROR : audit_add(db, t->actor, "employee", t->employee, "update", b.data);
	buf_free(&b);
	return st;
}

int
employee_profile_set(struct db *db, int64_t actor, int64_t employee_id, int64_t profile_id,
    bool *profile_missing)
{
	struct emp_set_tx t = { actor, employee_id, profile_id, profile_missing };

	return db_tx(db, emp_set_tx, &t);
}
