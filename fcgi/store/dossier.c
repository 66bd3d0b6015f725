/* dossier.c -- one employee's cycle: the dossier, its conversations, items,
 * item updates, remarks, signatures and snapshots.  Reads return every row;
 * who may see what is decided in fcgi/pages/conv_view.c. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store/rows.h"
#include "store/db.h"
#include "store/dossier.h"
#include "store/form_sql.h"
#include "base/util.h"

#define DOSSIER_COLUMNS \
	"d.id, d.cycle_id, c.name, c.status, d.status, d.employee_id, e.name," \
	" COALESCE(d.manager_id, 0), COALESCE(m.name, ''), COALESCE(m.manager_id, 0)," \
	" c.rating_scale, COALESCE(e.department_id, 0)," \
	" DATE_FORMAT(c.starts_on, '%Y-%m-%d'), DATE_FORMAT(c.ends_on, '%Y-%m-%d')"
#define DOSSIER_NCOLS 14
#define DOSSIER_JOINS \
	" FROM dossier d JOIN cycle c ON c.id = d.cycle_id" \
	" JOIN employee e ON e.id = d.employee_id" \
	" LEFT JOIN employee m ON m.id = d.manager_id"
#define CONVERSATION_COLUMNS(t) \
	t "id, " t "dossier_id, " t "type, " t "seq," \
	" COALESCE(DATE_FORMAT(" t "scheduled_at, '%Y-%m-%dT%H:%i'), '')," \
	" COALESCE(" t "held_on, ''), COALESCE(" t "due_on, ''), " t "status," \
	" COALESCE(" t "overall_rating, -1), COALESCE(" t "overall_note, '')," \
	" " t "employee_shared, " t "manager_shared, " t "version, COALESCE(" t "reopen_reason, '')," \
	" COALESCE(" t "second_assessor_id, 0), " t "review, " t "calibration"

static struct db_stmt_def q_dossier = DB_STMT(
	"SELECT " DOSSIER_COLUMNS DOSSIER_JOINS " WHERE d.id = ?");
static struct db_stmt_def q_conversation = DB_STMT(
	"SELECT " CONVERSATION_COLUMNS("") " FROM conversation WHERE id = ?");
static struct db_stmt_def q_conversations = DB_STMT(
	"SELECT " CONVERSATION_COLUMNS("") " FROM conversation WHERE dossier_id = ? ORDER BY seq");
/* A dossier with every conversation of it, one row each, by the
 * dossier's id or by the id of one of its conversations: what every page
 * of a dossier reads first, in one statement.  No ORDER BY: MariaDB would
 * sort these rows (TEXT columns) in a temporary table; the caller orders
 * the few conversations by seq. */
static struct db_stmt_def q_view_by_dossier = DB_STMT(
	"SELECT " DOSSIER_COLUMNS ", " CONVERSATION_COLUMNS("cv.") DOSSIER_JOINS
	" LEFT JOIN conversation cv ON cv.dossier_id = d.id WHERE d.id = ?");
static struct db_stmt_def q_view_by_conversation = DB_STMT(
	"SELECT " DOSSIER_COLUMNS ", " CONVERSATION_COLUMNS("cv.") DOSSIER_JOINS
	" LEFT JOIN conversation cv ON cv.dossier_id = d.id"
	" WHERE d.id = (SELECT x.dossier_id FROM conversation x WHERE x.id = ?)");
static struct db_stmt_def q_items = DB_STMT("SELECT " FORM_ITEMS_PART);
/* updates_of_dossier hands them on by id. */
static struct db_stmt_def q_updates = DB_STMT("SELECT STRAIGHT_JOIN " FORM_UPDATES_PART);
static struct db_stmt_def q_signatures = DB_STMT(
	"SELECT " SIGNATURE_COLUMNS SIGNATURE_JOINS " WHERE s.conversation_id = ? ORDER BY s.id");
static struct db_stmt_def q_signoff = DB_STMT(FORM_SIGNOFF_SQL);
static struct db_stmt_def q_snapshot_xml = DB_STMT(
	"SELECT xml FROM snapshot WHERE conversation_id = ? ORDER BY id DESC LIMIT 1");
static struct db_stmt_def q_snapshot_signed = DB_STMT(
	"SELECT xml, sha256 FROM snapshot WHERE conversation_id = ? ORDER BY id DESC LIMIT 1");
static struct db_stmt_def q_is_managers_manager = DB_STMT(
	"SELECT COUNT(*) FROM employee WHERE id = ? AND manager_id = ?");

static void
dossier_from_row(const struct db_row *r, struct dossier *d)
{

	d->id = db_int(r, 0);
	d->cycle_id = db_int(r, 1);
	strlcopy(d->cycle, db_str(r, 2), sizeof(d->cycle));
	strlcopy(d->cycle_status, db_str(r, 3), sizeof(d->cycle_status));
	strlcopy(d->status, db_str(r, 4), sizeof(d->status));
	d->employee_id = db_int(r, 5);
	strlcopy(d->employee_name, db_str(r, 6), sizeof(d->employee_name));
	d->manager_id = db_int(r, 7);
	strlcopy(d->manager_name, db_str(r, 8), sizeof(d->manager_name));
	d->managers_manager_id = db_int(r, 9);
	strlcopy(d->rating_scale, db_str(r, 10), sizeof(d->rating_scale));
	d->department_id = db_int(r, 11);
	strlcopy(d->cycle_starts_on, db_str(r, 12), sizeof(d->cycle_starts_on));
	strlcopy(d->cycle_ends_on, db_str(r, 13), sizeof(d->cycle_ends_on));
}

static int
dossier_row(void *ud, const struct db_row *r)
{
	dossier_from_row(r, ud);
	return DB_OK;
}

int
dossier_get(struct db *db, int64_t id, struct dossier *d)
{
	int st;

	memset(d, 0, sizeof(*d));
	if ((st = db_query(db, &q_dossier, DB_ARGS(DB_INT(id)), dossier_row, d)) != DB_OK)
		return st;
	return d->id ? DB_OK : DB_NOTFOUND;
}

/* The CONVERSATION_COLUMNS that start at column f of r. */
static void
conversation_from_row(const struct db_row *r, size_t f, struct conversation *c)
{
	c->id = db_int(r, f);
	c->dossier_id = db_int(r, f + 1);
	strlcopy(c->type, db_str(r, f + 2), sizeof(c->type));
	c->seq = (int)db_int(r, f + 3);
	strlcopy(c->scheduled_at, db_str(r, f + 4), sizeof(c->scheduled_at));
	strlcopy(c->held_on, db_str(r, f + 5), sizeof(c->held_on));
	strlcopy(c->due_on, db_str(r, f + 6), sizeof(c->due_on));
	strlcopy(c->status, db_str(r, f + 7), sizeof(c->status));
	c->overall_rating = (int)db_int(r, f + 8);
	strlcopy(c->overall_note, db_str(r, f + 9), sizeof(c->overall_note));
	c->employee_shared = db_int(r, f + 10) != 0;
	c->manager_shared = db_int(r, f + 11) != 0;
	c->version = db_int(r, f + 12);
	strlcopy(c->reopen_reason, db_str(r, f + 13), sizeof(c->reopen_reason));
	c->second_assessor_id = db_int(r, f + 14);
	strlcopy(c->review, db_str(r, f + 15), sizeof(c->review));
	strlcopy(c->calibration, db_str(r, f + 16), sizeof(c->calibration));
}

static int
conversation_row(void *ud, const struct db_row *r)
{
	struct conversation *c = ud;

	memset(c, 0, sizeof(*c));
	conversation_from_row(r, 0, c);
	return DB_OK;
}

int
conversation_get(struct db *db, int64_t id, struct conversation *c)
{
	int st;

	memset(c, 0, sizeof(*c));
	if ((st = db_query(db, &q_conversation, DB_ARGS(DB_INT(id)), conversation_row, c)) != DB_OK)
		return st;
	return c->id ? DB_OK : DB_NOTFOUND;
}

struct conv_cb {
	conversation_fn fn;
	void *ud;
};

static int
conversations_row(void *ud, const struct db_row *r)
{
	struct conv_cb *cb = ud;
	struct conversation c;

	conversation_row(&c, r);
	return cb->fn(cb->ud, &c);
}

int
conversations_of_dossier(struct db *db, int64_t dossier_id, conversation_fn fn, void *ud)
{
	struct conv_cb cb = { fn, ud };

	return db_query(db, &q_conversations, DB_ARGS(DB_INT(dossier_id)), conversations_row, &cb);
}

struct view_cb {
	struct dossier *d;
	conversation_fn fn;
	void *ud;
	struct conversation c;		/* big: kept out of the stack frame */
};

static int
view_row(void *ud, const struct db_row *r)
{
	struct view_cb *cb = ud;

	if (cb->d->id == 0)
		dossier_from_row(r, cb->d);
	if (db_isnull(r, DOSSIER_NCOLS))
		return DB_OK;		/* a dossier without conversations */
	memset(&cb->c, 0, sizeof(cb->c));
	conversation_from_row(r, DOSSIER_NCOLS, &cb->c);
	return cb->fn(cb->ud, &cb->c);
}

int
dossier_view_rows(struct db *db, int64_t id, bool by_conversation, struct dossier *d,
    conversation_fn fn, void *ud)
{
	struct view_cb *cb = malloc(sizeof(*cb));
	int st;

	if (cb == NULL)
		return DB_ERROR;
	memset(d, 0, sizeof(*d));
	cb->d = d;
	cb->fn = fn;
	cb->ud = ud;
	st = db_query(db, by_conversation ? &q_view_by_conversation : &q_view_by_dossier,
	    DB_ARGS(DB_INT(id)), view_row, cb);
	free(cb);
	if (st != DB_OK)
		return st;
	return d->id ? DB_OK : DB_NOTFOUND;
}

struct item
item_from_row(const struct db_row *r)
{
	struct item it = {
		.id = db_int(r, 0), .kind = db_str(r, 1), .title = db_str(r, 2),
		.measure = db_str(r, 3), .deadline = db_str(r, 4),
		.responsible_id = db_int(r, 5), .responsible_name = db_str(r, 6),
		.org_goal_id = db_int(r, 7), .org_goal_title = db_str(r, 8),
		.weight = db_int(r, 9), .status = db_str(r, 10), .achieved_on = db_str(r, 11),
		.conversation_id = db_int(r, 12), .author_id = db_int(r, 13),
		.author_name = db_str(r, 14), .version = db_int(r, 15),
		.area_id = db_int(r, 16), .area_nl = db_str(r, 17), .area_en = db_str(r, 18),
		.competence_id = db_int(r, 19), .competence_nl = db_str(r, 20),
		.competence_en = db_str(r, 21),
	};

	return it;
}

struct item_cb {
	item_fn fn;
	void *ud;
};

static int
item_row(void *ud, const struct db_row *r)
{
	struct item_cb *cb = ud;
	struct item it = item_from_row(r);

	return cb->fn(cb->ud, &it);
}

int
items_of_dossier(struct db *db, int64_t dossier_id, item_fn fn, void *ud)
{
	struct item_cb cb = { fn, ud };

	return db_query(db, &q_items, DB_ARGS(DB_INT(dossier_id)), item_row, &cb);
}

/* The updates of a dossier are kept until all are read, then handed on
 * by id: their strings go into one buffer, found again by offset. */
struct kept_update {
	struct item_update u;
	size_t author, status, note, at;	/* offsets into the buffer */
};

struct update_cb {
	struct kept_update *v;
	size_t n, cap;
	struct buf text;
	bool failed;
};

static size_t
keep_text(struct buf *b, const char *s, size_t len)
{
	size_t at = b->len;

	buf_append(b, s, len);
	buf_append(b, "", 1);
	return at;
}

static int
update_row(void *ud, const struct db_row *r)
{
	struct update_cb *cb = ud;
	struct kept_update *k;

	if (cb->n == cb->cap) {
		size_t cap = cb->cap ? 2 * cb->cap : 64;
		struct kept_update *v = realloc(cb->v, cap * sizeof(*v));

		if (v == NULL)
			return DB_ERROR;
		cb->v = v;
		cb->cap = cap;
	}
	k = &cb->v[cb->n++];
	memset(k, 0, sizeof(*k));
	k->u.id = db_int(r, 0);
	k->u.item_id = db_int(r, 1);
	k->u.conversation_id = db_int(r, 2);
	k->u.author_id = db_int(r, 3);
	k->u.rating = (int)db_int(r, 7);
	k->author = keep_text(&cb->text, db_str(r, 4), r->len[4]);
	k->status = keep_text(&cb->text, db_str(r, 5), r->len[5]);
	k->note = keep_text(&cb->text, db_str(r, 6), r->len[6]);
	k->at = keep_text(&cb->text, db_str(r, 8), r->len[8]);
	return cb->text.failed ? DB_ERROR : DB_OK;
}

static int
by_update_id(const void *a, const void *b)
{
	int64_t x = ((const struct kept_update *)a)->u.id, y = ((const struct kept_update *)b)->u.id;

	return x < y ? -1 : x > y;
}

int
updates_of_dossier(struct db *db, int64_t dossier_id, update_fn fn, void *ud)
{
	struct update_cb cb = { 0 };
	size_t i;
	int st;

	buf_init(&cb.text);
	st = db_query(db, &q_updates, DB_ARGS(DB_INT(dossier_id)), update_row, &cb);
	if (st == DB_OK && cb.n)
		qsort(cb.v, cb.n, sizeof(*cb.v), by_update_id);
	for (i = 0; st == DB_OK && i < cb.n; i++) {
		struct kept_update *k = &cb.v[i];

		k->u.author_name = cb.text.data + k->author;
		k->u.status = cb.text.data + k->status;
		k->u.note = cb.text.data + k->note;
		k->u.at = cb.text.data + k->at;
		st = fn(ud, &k->u);
	}
	free(cb.v);
	buf_free(&cb.text);
	return st;
}

struct remark_cb {
	remark_fn fn;
	void *ud;
};

static int
remark_row(void *ud, const struct db_row *r)
{
	struct remark_cb *cb = ud;
	struct remark rm = {
		.id = db_int(r, 0), .author_id = db_int(r, 1), .author_name = db_str(r, 2),
		.role = db_str(r, 3), .text = db_str(r, 4), .at = db_str(r, 5),
	};

	return cb->fn(cb->ud, &rm);
}

struct signature_cb {
	signature_fn fn;
	void *ud;
};

static int
signature_row(void *ud, const struct db_row *r)
{
	struct signature_cb *cb = ud;
	struct signature s = {
		.employee_id = db_int(r, 0), .name = db_str(r, 1), .role = db_str(r, 2),
		.verdict = db_str(r, 3), .remark = db_str(r, 4), .at = db_str(r, 5),
		.sha256 = db_str(r, 6), .voided = db_int(r, 7) != 0,
		.deputy_of = db_int(r, 8), .deputy_of_name = db_str(r, 9),
	};

	return cb->fn(cb->ud, &s);
}

int
signatures_of_conversation(struct db *db, int64_t conversation_id, signature_fn fn, void *ud)
{
	struct signature_cb cb = { fn, ud };

	return db_query(db, &q_signatures, DB_ARGS(DB_INT(conversation_id)), signature_row, &cb);
}

struct snapshot_cb {
	snapshot_fn fn;
	void *ud;
};

static int
snapshot_row(void *ud, const struct db_row *r)
{
	struct snapshot_cb *cb = ud;

	return cb->fn(cb->ud, db_int(r, 0), db_str(r, 1), db_str(r, 2));
}

int
signoff_of_conversation(struct db *db, int64_t conversation_id, const struct signoff_fns *f)
{
	struct remark_cb r = { f->remark, f->remark_ud };
	struct signature_cb s = { f->signature, f->signature_ud };
	struct snapshot_cb n = { f->snapshot, f->snapshot_ud };
	const struct db_tag tags[] = {
		{ 'r', remark_row, &r }, { 's', signature_row, &s }, { 'n', snapshot_row, &n },
	};

	return db_query_tagged(db, &q_signoff, DB_ARGS(DB_INT(conversation_id),
	    DB_INT(conversation_id), DB_INT(conversation_id)), tags, ARRAY_LEN(tags));
}

static int
count_row(void *ud, const struct db_row *r)
{
	*(int64_t *)ud = db_int(r, 0);
	return DB_OK;
}

int
is_manager_of(struct db *db, int64_t manager_id, int64_t employee_id, bool *yes)
{
	int64_t n = 0;
	int st = db_query(db, &q_is_managers_manager, DB_ARGS(DB_INT(employee_id),
	    DB_INT(manager_id)), count_row, &n);

	*yes = n > 0;
	return st;
}

static int
snapshot_xml_row(void *ud, const struct db_row *r)
{
	struct buf *b = ud;

	buf_reset(b);
	buf_append(b, db_str(r, 0), r->len[0]);
	return b->failed ? DB_ERROR : DB_OK;
}

int
snapshot_latest(struct db *db, int64_t conversation_id, struct buf *xml)
{
	int st = db_query(db, &q_snapshot_xml, DB_ARGS(DB_INT(conversation_id)),
	    snapshot_xml_row, xml);

	if (st != DB_OK)
		return st;
	return xml->len ? DB_OK : DB_NOTFOUND;
}

/* Snapshots after id ? (all, or one conversation's: id 0 means all), a
 * batch at a time: read for gesprekctl verify, which recomputes each hash.
 * Batches, because a result is held in memory whole and a snapshot's XML
 * may be megabytes. */
#define SNAPSHOT_BATCH 16
static struct db_stmt_def q_snapshots = DB_STMT(
	"SELECT id, conversation_id, sha256, xml FROM snapshot"
	" WHERE (? = 0 OR conversation_id = ?) AND id > ? ORDER BY id LIMIT ?");

struct snapshot_check_walk {
	snapshot_check_fn fn;
	void *ud;
	int64_t last_id;
	int rows;
};

static int
snapshot_check_row(void *ud, const struct db_row *row)
{
	struct snapshot_check_walk *w = ud;

	w->last_id = db_int(row, 0);
	w->rows++;
	w->fn(w->ud, w->last_id, db_int(row, 1), db_str(row, 2), db_str(row, 3),
	    row->len[3]);
	return DB_OK;
}

int
snapshot_each(struct db *db, int64_t conversation_id, snapshot_check_fn fn, void *ud)
{
	struct snapshot_check_walk w = { fn, ud, 0, 0 };
	int st;

	do {
		w.rows = 0;
		st = db_query(db, &q_snapshots, DB_ARGS(DB_INT(conversation_id),
		    DB_INT(conversation_id), DB_INT(w.last_id), DB_INT(SNAPSHOT_BATCH)),
		    snapshot_check_row, &w);
	} while (st == DB_OK && w.rows == SNAPSHOT_BATCH);
	return st;
}

struct signed_snapshot {
	struct buf *xml;
	char *sha256_hex;
	bool found;
};

static int
snapshot_signed_row(void *ud, const struct db_row *r)
{
	struct signed_snapshot *s = ud;

	if (r->len[1] != SNAPSHOT_HEX_LEN)
		return DB_ERROR;	/* the column is CHAR(64): anything else is damage */
	buf_reset(s->xml);
	buf_append(s->xml, db_str(r, 0), r->len[0]);
	memcpy(s->sha256_hex, db_str(r, 1), SNAPSHOT_HEX_LEN);
	s->sha256_hex[SNAPSHOT_HEX_LEN] = '\0';
	s->found = true;
	return s->xml->failed ? DB_ERROR : DB_OK;
}

int
snapshot_latest_signed(struct db *db, int64_t conversation_id, struct buf *xml,
    char sha256_hex[SNAPSHOT_HEX_LEN + 1])
{
	struct signed_snapshot s = { xml, sha256_hex, false };
	int st = db_query(db, &q_snapshot_signed, DB_ARGS(DB_INT(conversation_id)),
	    snapshot_signed_row, &s);

	if (st != DB_OK)
		return st;
	return s.found ? DB_OK : DB_NOTFOUND;
}
