/* conversation_items.c -- the writes of a conversation's content: items
 * (add, edit, delete one added by mistake), progress notes and ratings,
 * remarks.  Each is one transaction of its own, with its audit row, that
 * starts by locking the conversation row (guard, conversation.c) and
 * checks under that lock everything it depends on (see conversation.c). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "store/audit.h"
#include "store/conversation_tx.h"
#include "store/db.h"
#include "store/dossier.h"
#include "store/goal.h"
#include "store/outcome.h"
#include "store/session.h"
#include "store/summary.h"
#include "base/util.h"
#include "store/rows.h"
#include "rules/goal_rules.h"

/* A goal rating in an audit detail: an int's digits, or "-" for none. */
#define RATING_TEXT_BYTES 12
/* An item's status with its NUL: the longest is "not_achieved". */
#define ITEM_STATUS_BYTES 16

static struct db_stmt_def q_item_add = DB_STMT(
	"INSERT INTO item (dossier_id, kind, title, measure, deadline, responsible_id,"
	" org_goal_id, weight, area_id, competence_id, created_in_conversation_id, author_id)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
static struct db_stmt_def q_item_edit = DB_STMT(
	"UPDATE item SET title = ?, measure = ?, deadline = ?, responsible_id = ?,"
	" org_goal_id = ?, weight = ?, area_id = ?, competence_id = ?, version = version + 1,"
	" updated_at = UTC_TIMESTAMP()"
	" WHERE id = ? AND dossier_id = ? AND version = ?");
/* An item of the dossier with what decides whether the actor may see it:
 * who wrote it and the privacy of the conversation it was written in. */
static struct db_stmt_def q_item_seen = DB_STMT(
	"SELECT COALESCE(i.author_id, 0), COALESCE(i.responsible_id, 0), COALESCE(ic.status, ''),"
	" COALESCE(ic.employee_shared, 0), COALESCE(ic.manager_shared, 0), i.kind,"
	" COALESCE(i.area_id, 0), COALESCE(i.competence_id, 0)"
	" FROM item i LEFT JOIN conversation ic ON ic.id = i.created_in_conversation_id"
	" WHERE i.id = ? AND i.dossier_id = ?");
static struct db_stmt_def q_item_one = DB_STMT(
	ITEM_SELECT
	" WHERE i.id = ? AND i.dossier_id = ?");
/* One note per item, conversation and author (the unique key
 * item_update_once): a later save replaces it in the same statement.
 * The item must be the dossier's and one the author may see -- the rule
 * of visible_item below, in the statement's WHERE (issue 22: the saving
 * POST read the item first, a statement of its own): no row inserted is
 * "not there" and "not yours to see" alike.  params: conversation,
 * author, status, note, rating, item, dossier, author, the dossier's
 * employee. */
#define UPDATE_SAVE \
	"INSERT INTO item_update (item_id, conversation_id, author_id, status, note, rating)" \
	" SELECT i.id, ?, ?, ?, ?, ? FROM item i" \
	" LEFT JOIN conversation ic ON ic.id = i.created_in_conversation_id" \
	" WHERE i.id = ? AND i.dossier_id = ?" \
	" AND (COALESCE(ic.status, '') NOT IN ('planned', 'preparing')" \
	"  OR COALESCE(i.author_id, 0) = ?" \
	"  OR IF(COALESCE(i.author_id, 0) = ?, ic.employee_shared, ic.manager_shared) = 1)" \
	" ON DUPLICATE KEY UPDATE status = VALUES(status), note = VALUES(note)," \
	" rating = VALUES(rating), version = item_update.version + 1," \
	" updated_at = UTC_TIMESTAMP()"
static struct db_stmt_def q_update_save = DB_STMT(UPDATE_SAVE);
/* The same, returning the item's status as it is before this note
 * reaches it, read under the conversation's lock, which holds its dossier
 * and so every write of its items' status (q_apply_status, only ever
 * after that lock): a note that keeps the status needs no
 * q_apply_status, which costs MariaDB some 250 us to change nothing; the
 * RETURNING costs it some 30 (3,000 saves against the bench's database,
 * mariadbd's CPU, medians of 6 runs under load 17).  So only a save that
 * would run q_apply_status asks for it. */
static struct db_stmt_def q_update_save_status = DB_STMT(
	UPDATE_SAVE " RETURNING (SELECT s.status FROM item s WHERE s.id = item_id)");
static struct db_stmt_def q_remark_add = DB_STMT(
	"INSERT INTO remark (conversation_id, author_id, role, text) VALUES (?, ?, ?, ?)");
/* The manager's other active reports as the form offers them
 * (form_lists in goal.c: by name, at most PEOPLE_MAX). */
static struct db_stmt_def q_colleague = DB_STMT(
	"SELECT COUNT(*) FROM (SELECT e.id FROM employee e"
	" WHERE e.manager_id = ? AND e.active = 1 AND e.id <> ? ORDER BY e.name"
	" LIMIT " STR(PEOPLE_MAX) ") p WHERE p.id = ?");
static struct db_stmt_def q_goal_in_cycle = DB_STMT(
	"SELECT COUNT(*) FROM org_goal WHERE id = ? AND cycle_id = ?");
/* A key result area, and a competence, of the employee's job profile as
 * it is now (issue 16): what the form offers. */
static struct db_stmt_def q_area_of_profile = DB_STMT(
	"SELECT COUNT(*) FROM employee e JOIN job_profile_area ka ON ka.profile_id = e.job_profile_id"
	" WHERE e.id = ? AND ka.id = ?");
static struct db_stmt_def q_competence_of_profile = DB_STMT(
	"SELECT COUNT(*) FROM employee e JOIN job_profile_competence pc"
	" ON pc.profile_id = e.job_profile_id WHERE e.id = ? AND pc.competence_id = ?");
/* The goal rules of the template version the conversation keeps (issue
 * 16), read under the conversation's lock: the version is immutable, so
 * the rules cannot move between this read and the write.  No row (no
 * version): no rule, the form as before templates. */
static struct db_stmt_def q_goal_rules = DB_STMT(
	"SELECT tv.goal_org_goal = 'required', tv.goal_measure = 'required',"
	" tv.goal_end_date = 'required'"
	" FROM conversation c JOIN template_version tv ON tv.id = c.template_version_id"
	" WHERE c.id = ?");
/* The item to delete, under its row lock: who wrote it, where, its text
 * for the audit row. */
static struct db_stmt_def q_item_mine = DB_STMT(
	"SELECT COALESCE(author_id, 0), COALESCE(created_in_conversation_id, 0), kind, title,"
	" COALESCE(measure, '') FROM item WHERE id = ? AND dossier_id = ? FOR UPDATE");
/* Its notes, all of conversations still open for writing (the delete
 * below refuses an item with a note anywhere else). */
static struct db_stmt_def q_item_notes_delete = DB_STMT(
	"DELETE u FROM item_update u JOIN conversation c ON c.id = u.conversation_id"
	" WHERE u.item_id = ? AND c.status IN ('planned', 'preparing', 'held')");
/* The state check is in the write: only the author's item, made in this
 * conversation while it is still open, with no note left in a finalized
 * or signed report. */
static struct db_stmt_def q_item_delete = DB_STMT(
	"DELETE i FROM item i JOIN conversation c ON c.id = i.created_in_conversation_id"
	" WHERE i.id = ? AND i.dossier_id = ? AND i.author_id = ? AND c.id = ?"
	" AND c.status IN ('planned', 'preparing', 'held')"
	" AND NOT EXISTS (SELECT 1 FROM item_update u WHERE u.item_id = i.id)");

/* ---- items, notes, remarks ---- */

/* What decides whether the actor may see an item, and its responsible. */
struct item_seen {
	bool found;
	int64_t author_id, responsible_id;
	char status[12];	/* of the conversation it was written in; "" none */
	bool employee_shared, manager_shared;
	char kind[16];		/* result, development, action */
	int64_t area_id, competence_id;
};

static int
item_seen_row(void *ud, const struct db_row *r)
{
	struct item_seen *s = ud;

	s->found = true;
	s->author_id = db_int(r, 0);
	s->responsible_id = db_int(r, 1);
	strlcopy(s->status, db_str(r, 2), sizeof(s->status));
	s->employee_shared = db_int(r, 3) != 0;
	s->manager_shared = db_int(r, 4) != 0;
	strlcopy(s->kind, db_str(r, 5), sizeof(s->kind));
	s->area_id = db_int(r, 6);
	s->competence_id = db_int(r, 7);
	return DB_OK;
}

/* The item, if it is the dossier's and the actor may see it: the rule of
 * view_visible (pages/conv_view.c) -- what a party writes while its
 * conversation is planned or being prepared is its own until its side
 * shares it.  DB_NOTFOUND for "not there" and "not yours to see" alike,
 * so that the answer tells nothing about which ids exist. */
static int
visible_item(struct db *db, const struct locked *l, int64_t item_id, int64_t actor,
    struct item_seen *s)
{
	bool private_phase, shared;
	int st;

	memset(s, 0, sizeof(*s));
	st = db_query(db, &q_item_seen, DB_ARGS(DB_INT(item_id), DB_INT(l->dossier_id)),
	    item_seen_row, s);
	if (st != DB_OK)
		return st;
	if (!s->found)
		return DB_NOTFOUND;
	private_phase = strcmp(s->status, "planned") == 0 || strcmp(s->status, "preparing") == 0;
	shared = s->author_id == l->employee_id ? s->employee_shared : s->manager_shared;
	if (private_phase && s->author_id != actor && !shared)
		return DB_NOTFOUND;
	return DB_OK;
}

/* Only the people the form offers may be responsible: the employee, the
 * manager and the manager's other active reports (not anyone in the
 * organisation: the page would show their name).  `keep` (an edit's
 * current responsible) stays allowed. */
static int
responsible_ok(struct db *db, const struct locked *l, int64_t id, int64_t keep, bool *ok)
{
	int64_t n = 0;
	int st;

	*ok = id == 0 || id == keep || id == l->employee_id || (l->manager_id && id == l->manager_id);
	if (*ok || l->manager_id == 0)
		return DB_OK;
	st = db_query(db, &q_colleague, DB_ARGS(DB_INT(l->manager_id), DB_INT(l->employee_id),
	    DB_INT(id)), count_row, &n);
	*ok = st == DB_OK && n > 0;
	return st;
}

/* What an edited item names already (kept allowed); zero for a new one. */
struct item_keep {
	int64_t responsible_id, area_id, competence_id;
};

static int
goal_rules_row(void *ud, const struct db_row *r)
{
	bool *required = ud;

	for (int i = 0; i < GOAL_RULES; i++)
		required[i] = db_int(r, (size_t)i) != 0;
	return DB_OK;
}

/* A result goal against the goal rules of the conversation's template
 * version; *problem names the first rule broken, ITEM_OK otherwise. */
static int
goal_rules_check(struct db *db, const struct conv_write *w, const struct item_input *in,
    enum item_problem *problem)
{
	static const enum item_problem of_rule[GOAL_RULES] = {
		[GOAL_RULE_ORG_GOAL] = ITEM_NEED_ORG_GOAL,
		[GOAL_RULE_MEASURE] = ITEM_NEED_MEASURE,
		[GOAL_RULE_END_DATE] = ITEM_NEED_END_DATE,
	};
	bool required[GOAL_RULES] = { false, false, false };
	struct goal_fill fill = {
		.org_goal = in->org_goal_id != 0,
		.measure = goal_text_given(in->measure),
		.end_date = in->deadline != NULL && in->deadline[0] != '\0',
	};
	enum goal_rule broken;
	int st = db_query(db, &q_goal_rules, DB_ARGS(DB_INT(w->id)), goal_rules_row, required);

	if (st != DB_OK)
		return st;
	broken = goal_rules_broken(required, &fill);
	*problem = broken == GOAL_RULES ? ITEM_OK : of_rule[broken];
	return DB_OK;
}

/* Whether `id` (0: none) is one of the employee's profile's, by q (an
 * area or a competence): `keep` (what an edit's item names already) stays
 * allowed, as the employee's profile may have changed since -- the link is
 * kept.  kind_takes_it: the item is of the kind that takes this link (a
 * result goal an area, a development point a competence); else any id is
 * refused. */
static int
link_ok(struct db *db, const struct locked *l, struct db_stmt_def *q, int64_t id, int64_t keep,
    bool kind_takes_it, bool *ok)
{
	int64_t n = 0;
	int st;

	*ok = id == 0 || (kind_takes_it && id == keep);
	if (*ok || !kind_takes_it)
		return DB_OK;
	st = db_query(db, q, DB_ARGS(DB_INT(l->employee_id), DB_INT(id)), count_row, &n);
	*ok = st == DB_OK && n > 0;
	return st;
}

/* The area of a result goal and the competence of a development point
 * (issue 16); *problem set when one is refused. */
static int
links_check(struct db *db, const struct locked *l, const char *kind, const struct item_input *in,
    const struct item_keep *keep, enum item_problem *problem)
{
	bool result = kind && strcmp(kind, "result") == 0;
	bool development = kind && strcmp(kind, "development") == 0;
	bool ok;
	int st;

	st = link_ok(db, l, &q_area_of_profile, in->area_id, keep->area_id, result, &ok);
	if (st != DB_OK || !ok) {
		*problem = ITEM_AREA;
		return st;
	}
	st = link_ok(db, l, &q_competence_of_profile, in->competence_id, keep->competence_id,
	    development, &ok);
	if (st != DB_OK || !ok)
		*problem = ITEM_COMPETENCE;
	return st;
}

/* The checks of an item's fields that need the database; a failed one
 * is a problem for the form, reported with DB_OK and nothing written.
 * kind: the item's (an edit keeps the stored one). */
static int
item_checks(struct db *db, const struct locked *l, const struct conv_write *w, const char *kind,
    const struct item_input *in, const struct item_keep *keep, enum item_problem *problem)
{
	int64_t n = 0;
	bool ok;
	int st;

	*problem = ITEM_OK;
	if ((st = responsible_ok(db, l, in->responsible_id, keep->responsible_id, &ok)) != DB_OK)
		return st;
	if (!ok) {
		*problem = ITEM_RESPONSIBLE;
		return DB_OK;
	}
	if (in->org_goal_id != 0) {
		st = db_query(db, &q_goal_in_cycle, DB_ARGS(DB_INT(in->org_goal_id),
		    DB_INT(l->cycle_id)), count_row, &n);
		if (st != DB_OK)
			return st;
		if (n == 0) {
			*problem = ITEM_ORG_GOAL;
			return DB_OK;
		}
	}
	if ((st = links_check(db, l, kind, in, keep, problem)) != DB_OK || *problem != ITEM_OK)
		return st;
	if (kind == NULL || strcmp(kind, "result") != 0)
		return DB_OK;
	return goal_rules_check(db, w, in, problem);
}

struct item_tx {
	const struct conv_write *w;
	const struct item_input *in;
	int64_t item_id, item_version;
	enum item_problem problem;
};

static int
tx_item_add(struct db *db, void *ud)
{
	struct item_tx *t = ud;
	struct locked l;
	char prefix[128], detail[AUDIT_DETAIL_MAX];
	int64_t id = 0, responsible;
	int st = guard(db, t->w, NEED_PARTY, st_editable, &l);

	if (st != DB_OK)
		return st;
	st = item_checks(db, &l, t->w, t->in->kind, t->in, &(struct item_keep){ 0, 0, 0 },
	    &t->problem);
	if (st != DB_OK || t->problem != ITEM_OK)
		return st;
	responsible = t->in->responsible_id ? t->in->responsible_id : l.employee_id;
	st = db_exec(db, &q_item_add, DB_ARGS(DB_INT(l.dossier_id), DB_STR(t->in->kind),
	    DB_STR(t->in->title), DB_STR(t->in->measure), DB_STR(t->in->deadline),
	    DB_REF(responsible), DB_REF(t->in->org_goal_id), DB_REF(t->in->weight),
	    DB_REF(t->in->area_id), DB_REF(t->in->competence_id),
	    DB_INT(t->w->id), DB_INT(t->w->actor_id)), NULL, &id);
	if (st != DB_OK)
		return st;
	t->item_id = id;
	snprintf(prefix, sizeof(prefix), "added %s in conversation %lld: ", t->in->kind,
	    (long long)t->w->id);
	detail_with(detail, sizeof(detail), prefix, t->in->title, AUDIT_TITLE_CHARS);
	if ((st = summary_conversation(db, t->w->id)) != DB_OK)
		return st;
	return audit_add(db, t->w->actor_id, "item", id, "create", detail);
}

int
conversation_item_add(struct db *db, const struct conv_write *w, const struct item_input *in,
    int64_t *id, enum item_problem *problem)
{
	struct item_tx t = { w, in, 0, 0, ITEM_OK };
	int st = db_tx(db, tx_item_add, &t);

	*problem = t.problem;
	*id = st == DB_OK ? t.item_id : 0;
	return st;
}

static int
tx_item_edit(struct db *db, void *ud)
{
	struct item_tx *t = ud;
	struct item_seen seen;
	struct locked l;
	char detail[AUDIT_DETAIL_MAX];
	int st = guard(db, t->w, NEED_PARTY, st_editable, &l);

	if (st != DB_OK)
		return st;
	if ((st = visible_item(db, &l, t->item_id, t->w->actor_id, &seen)) != DB_OK)
		return st;
	st = item_checks(db, &l, t->w, seen.kind, t->in, &(struct item_keep){ seen.responsible_id,
	    seen.area_id, seen.competence_id }, &t->problem);
	if (st != DB_OK || t->problem != ITEM_OK)
		return st;
	if ((st = exec_one(db, &q_item_edit, DB_ARGS(DB_STR(t->in->title), DB_STR(t->in->measure),
	    DB_STR(t->in->deadline), DB_REF(t->in->responsible_id), DB_REF(t->in->org_goal_id),
	    DB_REF(t->in->weight), DB_REF(t->in->area_id), DB_REF(t->in->competence_id),
	    DB_INT(t->item_id), DB_INT(l.dossier_id),
	    DB_INT(t->item_version)))) != DB_OK)
		return st;
	detail_with(detail, sizeof(detail), "edited: ", t->in->title, AUDIT_TITLE_CHARS);
	if ((st = summary_conversation(db, t->w->id)) != DB_OK)
		return st;
	return audit_add(db, t->w->actor_id, "item", t->item_id, "update", detail);
}

int
conversation_item_edit(struct db *db, const struct conv_write *w, int64_t item_id,
    int64_t item_version, const struct item_input *in, enum item_problem *problem)
{
	struct item_tx t = { w, in, item_id, item_version, ITEM_OK };
	int st = db_tx(db, tx_item_edit, &t);

	*problem = t.problem;
	return st;
}

struct one_item {
	item_fn fn;
	void *ud;
	bool seen;
};

static int
one_item_row(void *ud, const struct db_row *r)
{
	struct one_item *o = ud;
	struct item it = item_from_row(r);

	o->seen = true;
	return o->fn ? o->fn(o->ud, &it) : DB_OK;
}

int
item_of_dossier(struct db *db, int64_t id, int64_t dossier_id, item_fn fn, void *ud)
{
	struct one_item o = { fn, ud, false };
	int st = db_query(db, &q_item_one, DB_ARGS(DB_INT(id), DB_INT(dossier_id)), one_item_row, &o);

	if (st != DB_OK)
		return st;
	return o.seen ? DB_OK : DB_NOTFOUND;
}

struct update_tx {
	const struct conv_write *w;
	const struct update_input *in;
	enum item_problem problem;
};

/* Whether a note the actor writes now is seen by both parties at once,
 * from the locked conversation (BOTH_SEE in conversation.c): past its
 * private phase, or the actor's side has shared.  A note that is not
 * stays the author's alone, and its status reaches nothing yet. */
static bool
note_seen_by_both(const struct locked *l, int64_t actor)
{
	if (strcmp(l->status, "planned") != 0 && strcmp(l->status, "preparing") != 0)
		return true;
	return actor == l->employee_id ? l->employee_shared : l->manager_shared;
}

/* What q_update_save returns: that the note was saved, and the item's
 * status before it. */
struct saved_note {
	bool found;
	char item_status[ITEM_STATUS_BYTES];
};

static int
saved_row(void *ud, const struct db_row *r)
{
	struct saved_note *s = ud;

	s->found = true;
	strlcopy(s->item_status, db_str(r, 0), sizeof(s->item_status));
	return DB_OK;
}

/* Saves the note; with_status: returning the item's status into
 * saved->item_status (q_update_save_status), else "". */
static int
save_note(struct db *db, struct update_tx *t, const struct locked *l, bool with_status,
    struct saved_note *saved)
{
	const struct update_input *in = t->in;
	const struct db_arg args[] = { DB_INT(t->w->id), DB_INT(t->w->actor_id),
		DB_STR(in->status), DB_STR(in->note),
		in->rating != UPDATE_NO_RATING ? DB_INT(in->rating) : DB_NULL,
		DB_INT(in->item_id), DB_INT(l->dossier_id), DB_INT(t->w->actor_id),
		DB_INT(l->employee_id) };
	uint64_t n = 0;
	int st;

	memset(saved, 0, sizeof(*saved));
	if (with_status)
		return db_query(db, &q_update_save_status, args, ARRAY_LEN(args), saved_row, saved);
	st = db_exec(db, &q_update_save, args, ARRAY_LEN(args), &n, NULL);
	saved->found = st == DB_OK && n > 0;
	return st;
}

static int
tx_update(struct db *db, void *ud)
{
	struct update_tx *t = ud;
	const struct update_input *in = t->in;
	struct locked l;
	char detail[AUDIT_DETAIL_MAX], rating[RATING_TEXT_BYTES] = "-";
	struct saved_note saved = { false, "" };
	uint64_t changed = 0;
	bool apply, on_scale = true, rated = in->rating != UPDATE_NO_RATING;
	int st = guard(db, t->w, NEED_PARTY, st_editable, &l);

	if (st != DB_OK)
		return st;
	apply = in->status && note_seen_by_both(&l, t->w->actor_id);
	/* A rating is the manager's, in an assessment, a level of the scale
	 * the conversation's template gives goals (the outcome's; 0 where
	 * that scale starts at 0). */
	if (rated && (strcmp(l.role, "manager") != 0 || strcmp(l.type, "assessment") != 0))
		return DB_NOTFOUND;
	if (rated && (st = outcome_goal_rating_ok(db, t->w->id, in->rating, &on_scale)) != DB_OK)
		return st;
	if (!on_scale) {
		t->problem = ITEM_RATING;
		return DB_OK;	/* nothing written */
	}
	/* No row: the item is not the dossier's, or the actor may not see it
	 * (another party's private preparation): one answer for both. */
	st = save_note(db, t, &l, apply, &saved);
	if (st != DB_OK)
		return st;
	if (!saved.found)
		return DB_NOTFOUND;
	/* The flash the redirect shows, in this transaction: one commit for
	 * the whole save, not a second one after it (issue 22).  Once the
	 * note is saved: a refusal above commits nothing, and no flash. */
	if (in->flash_session &&
	    (st = session_set_flash(db, in->flash_session, in->flash)) != DB_OK)
		return st;
	/* The status reaches the item now only if both may see the note; a
	 * private note keeps it until its side shares or the conversation is
	 * held (each of which applies the notes then), so it skips the
	 * statement: it could change nothing (issue 22); so does a note
	 * whose status the item has already (the save's RETURNING): the
	 * latest note both see, it leaves the status as it is. */
	if (apply && strcmp(in->status, saved.item_status) != 0 &&
	    (st = apply_statuses_counted(db, t->w->id, in->item_id, &changed)) != DB_OK)
		return st;
	/* "-" for none: a 0 is a level (of a template's scale), not none. */
	if (rated)
		snprintf(rating, sizeof(rating), "%d", in->rating);
	snprintf(detail, sizeof(detail), "conversation %lld: status %s, rating %s",
	    (long long)t->w->id, in->status ? in->status : "-", rating);
	/* A note counts nowhere; an item's status does, and a rating is left
	 * to the refresh too (the rating facts may come to count it): a save
	 * that changed neither -- the text alone, a status the item had
	 * already or one kept private -- changes no counted fact and skips
	 * the refresh, the costliest statement of the saving POST. */
	if ((changed > 0 || rated) && (st = summary_conversation(db, t->w->id)) != DB_OK)
		return st;
	/* Last: the page stamps are rows every save of the manager's team
	 * takes (the manager's), held from here to the COMMIT. */
	return audit_add_dossier(db, t->w->actor_id, "item", in->item_id, "progress", detail,
	    l.employee_id, l.manager_id);
}

int
conversation_update(struct db *db, const struct conv_write *w, const struct update_input *in,
    enum item_problem *problem)
{
	struct update_tx t = { w, in, ITEM_OK };
	int st = db_tx(db, tx_update, &t);

	*problem = t.problem;
	return st;
}

struct remark_tx {
	const struct conv_write *w;
	const char *text;
};

static int
tx_remark(struct db *db, void *ud)
{
	struct remark_tx *t = ud;
	struct locked l;
	int st = guard(db, t->w, NEED_PARTY, st_editable, &l);

	if (st != DB_OK)
		return st;
	if ((st = db_exec(db, &q_remark_add, DB_ARGS(DB_INT(t->w->id), DB_INT(t->w->actor_id),
	    DB_STR(l.role), DB_STR(t->text)), NULL, NULL)) != DB_OK)
		return st;
	/* A remark counts nowhere: audited without audit_conv's refresh of
	 * the summaries. */
	return audit_add(db, t->w->actor_id, "conversation", t->w->id, "remark", NULL);
}

int
conversation_remark(struct db *db, const struct conv_write *w, const char *text)
{
	struct remark_tx t = { w, text };

	return db_tx(db, tx_remark, &t);
}

/* ---- deleting an item added by mistake ---- */

struct item_mine {
	int64_t author_id, conversation_id;
	char kind[16];
	char title[4 * TITLE_MAX_CHARS + 1];
	char measure[4 * AUDIT_TEXT_CHARS + 1];
};

static int
item_mine_row(void *ud, const struct db_row *r)
{
	struct item_mine *m = ud;

	m->author_id = db_int(r, 0);
	m->conversation_id = db_int(r, 1);
	strlcopy(m->kind, db_str(r, 2), sizeof(m->kind));
	strlcopy(m->title, db_str(r, 3), sizeof(m->title));
	utf8_copy(m->measure, sizeof(m->measure), db_str(r, 4), AUDIT_TEXT_CHARS);
	return DB_OK;
}

struct delete_tx {
	const struct conv_write *w;
	int64_t item_id;
};

static int
tx_item_delete(struct db *db, void *ud)
{
	struct delete_tx *t = ud;
	struct item_mine m;
	struct locked l;
	char prefix[128], detail[AUDIT_DETAIL_MAX + 4 * TITLE_MAX_CHARS];
	size_t n;
	int st = guard(db, t->w, NEED_PARTY, st_editable, &l);

	if (st != DB_OK)
		return st;
	memset(&m, 0, sizeof(m));
	st = db_query(db, &q_item_mine, DB_ARGS(DB_INT(t->item_id), DB_INT(l.dossier_id)),
	    item_mine_row, &m);
	if (st != DB_OK)
		return st;
	/* Not there, not the actor's, or made in another conversation (part
	 * of a report already saved): one answer, 403. */
	if (m.author_id != t->w->actor_id || m.conversation_id != t->w->id)
		return DB_NOTFOUND;
	/* The audit row first: it stamps the pages of the item's dossier,
	 * found through the item (store/stamp.c), which is gone after. */
	snprintf(prefix, sizeof(prefix), "deleted %s in conversation %lld: ", m.kind,
	    (long long)t->w->id);
	detail_with(detail, sizeof(detail), prefix, m.title, AUDIT_TITLE_CHARS);
	if (m.measure[0]) {
		n = strlen(detail);
		detail_with(detail + n, sizeof(detail) - n, "; measure: ", m.measure,
		    AUDIT_TEXT_CHARS);
	}
	if ((st = audit_add(db, t->w->actor_id, "item", t->item_id, "delete", detail)) != DB_OK)
		return st;
	st = db_exec(db, &q_item_notes_delete, DB_ARGS(DB_INT(t->item_id)), NULL, NULL);
	if (st != DB_OK)
		return st;
	/* DB_CONFLICT rolls the audit row and the notes back too. */
	if ((st = exec_one(db, &q_item_delete, DB_ARGS(DB_INT(t->item_id), DB_INT(l.dossier_id),
	    DB_INT(t->w->actor_id), DB_INT(t->w->id)))) != DB_OK)
		return st;
	return summary_dossier(db, l.dossier_id);
}

int
conversation_item_delete(struct db *db, const struct conv_write *w, int64_t item_id)
{
	struct delete_tx t = { w, item_id };

	return db_tx(db, tx_item_delete, &t);
}
