/* calibration.c -- calibration rounds (calibration.h).  Each write locks
 * the round, then the conversation, then the proposal, asks
 * rules/calibration.h under those locks, and writes with conditions that
 * repeat what it checked, so a double submit or a signature at the same
 * moment lands on the state it saw or not at all (DESIGN §3). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/util.h"
#include "rules/calibration.h"
#include "rules/roles.h"
#include "store/advisor.h"
#include "store/dashboard_sql.h"
#include "store/audit.h"
#include "store/calibration.h"
#include "store/conversation_tx.h"
#include "store/db.h"
#include "store/deputy.h"
#include "store/outcome.h"
#include "store/report_sql.h"

/* The people a view reads: one more than it shows, to know it was cut
 * (LIMIT takes no expression). */
#define CALIB_PEOPLE_READ 1001
_Static_assert(CALIB_PEOPLE_READ == CALIB_PEOPLE_MAX + 1, "one more than the view shows");

/* The employee has signed the conversation c in its current round. */
#define EMPLOYEE_SIGNED \
	" EXISTS (SELECT 1 FROM signature s WHERE s.conversation_id = c.id" \
	" AND s.round = c.sign_round AND s.role = 'employee' AND s.voided_at IS NULL)"

static struct db_stmt_def q_manages = DB_STMT(
	"SELECT 1 FROM department_ancestor da JOIN employee e ON e.department_id = da.dep"
	" JOIN dossier d ON d.employee_id = e.id"
	" WHERE da.up = ? AND d.cycle_id = ? AND d.manager_id = ? LIMIT 1");
/* params: all, advisor, viewer, cycle, viewer */
static struct db_stmt_def q_departments = DB_STMT(
	"SELECT dp.id, dp.name FROM department dp WHERE ? = 1"
	" OR (? = 1 AND EXISTS (SELECT 1 FROM hr_advisor_department a"
	"  JOIN department_ancestor da ON da.up = a.department_id"
	"  WHERE a.employee_id = ? AND da.dep = dp.id))"
	" OR EXISTS (SELECT 1 FROM department_ancestor da JOIN employee e ON e.department_id = da.dep"
	"  JOIN dossier d ON d.employee_id = e.id"
	"  WHERE da.up = dp.id AND d.cycle_id = ? AND d.manager_id = ?)"
	" ORDER BY dp.name, dp.id LIMIT " STR(CALIB_DEPARTMENTS_MAX));
/* The proposed final ratings: finalized assessments with a rating that
 * the employee has not signed, of the cycle's dossiers (a leaver's
 * counts nowhere) whose employee is in the department or below it. */
static struct db_stmt_def q_people = DB_STMT(
	"SELECT c.id, d.id, c.version, e.id, COALESCE(d.manager_id, 0), e.name,"
	" COALESCE(m.name, ''), " RATING_SCALE_ID ", c.overall_rating,"
	" COALESCE(p.id, 0), COALESCE(p.new_rating, -1), COALESCE(pa.name, '')"
	" FROM department_ancestor da JOIN employee e ON e.department_id = da.dep"
	" JOIN dossier d ON d.employee_id = e.id AND d.cycle_id = ? AND" DOSSIER_COUNTS
	" JOIN conversation c ON c.dossier_id = d.id AND c.type = 'assessment'"
	"  AND c.status = 'finalized' AND c.overall_rating IS NOT NULL"
	" LEFT JOIN employee m ON m.id = d.manager_id"
	" LEFT JOIN calibration_proposal p ON p.conversation_id = c.id AND p.open_key = 1"
	" LEFT JOIN employee pa ON pa.id = p.author_id"
	" WHERE da.up = ? AND NOT" EMPLOYEE_SIGNED
	" ORDER BY COALESCE(m.name, ''), d.manager_id, e.name, c.id"
	" LIMIT " STR(CALIB_PEOPLE_READ));
#define ROUND_COLUMNS \
	"SELECT r.id, r.cycle_id, r.department_id, r.version, r.status, e.name," \
	" DATE_FORMAT(r.created_at, '%Y-%m-%dT%H:%i:%sZ')" \
	" FROM calibration_round r JOIN employee e ON e.id = r.opened_by"
static struct db_stmt_def q_round_of = DB_STMT(
	ROUND_COLUMNS " WHERE r.cycle_id = ? AND r.department_id = ?"
	" ORDER BY r.status = 'open' DESC, r.id DESC LIMIT 1");
static struct db_stmt_def q_round_get = DB_STMT(ROUND_COLUMNS " WHERE r.id = ?");
static struct db_stmt_def q_round_lock = DB_STMT(
	"SELECT cycle_id, department_id, status = 'open', version FROM calibration_round"
	" WHERE id = ? FOR UPDATE");
/* The department row locked: two opens of one round wait for each other
 * (the unique key calibration_round_open is the backstop). */
static struct db_stmt_def q_department_lock = DB_STMT(
	"SELECT 1 FROM department WHERE id = ? FOR UPDATE");
static struct db_stmt_def q_cycle_open = DB_STMT(
	"SELECT status = 'open' FROM cycle WHERE id = ?");
static struct db_stmt_def q_round_exists = DB_STMT(
	"SELECT 1 FROM calibration_round WHERE cycle_id = ? AND department_id = ? AND open_key = 1");
static struct db_stmt_def q_round_insert = DB_STMT(
	"INSERT INTO calibration_round (cycle_id, department_id, opened_by) VALUES (?, ?, ?)");
static struct db_stmt_def q_round_close = DB_STMT(
	"UPDATE calibration_round SET status = 'closed', closed_by = ?, closed_at = UTC_TIMESTAMP(),"
	" version = version + 1, updated_at = UTC_TIMESTAMP()"
	" WHERE id = ? AND version = ? AND status = 'open'");
/* Closing: the conversations whose proposal expires have none waiting
 * any more; first the conversations (the lock order), then the proposals. */
static struct db_stmt_def q_close_conversations = DB_STMT(
	"UPDATE conversation c JOIN calibration_proposal p ON p.conversation_id = c.id"
	" SET c.calibration = 'done' WHERE p.round_id = ? AND p.status = 'proposed'");
static struct db_stmt_def q_expire = DB_STMT(
	"UPDATE calibration_proposal SET status = 'expired', version = version + 1,"
	" updated_at = UTC_TIMESTAMP() WHERE round_id = ? AND status = 'proposed'");
/* A conversation under its lock, with what the rules ask: params the
 * round's department, the conversation. */
static struct db_stmt_def q_conv_lock = DB_STMT(
	"SELECT c.type, c.status, COALESCE(c.overall_rating, -1), d.cycle_id,"
	" EXISTS (SELECT 1 FROM department_ancestor da WHERE da.up = ? AND da.dep = e.department_id),"
	EMPLOYEE_SIGNED ", COALESCE(d.manager_id, 0), d.employee_id, d.id"
	" FROM conversation c JOIN dossier d ON d.id = c.dossier_id"
	" JOIN employee e ON e.id = d.employee_id WHERE c.id = ? FOR UPDATE");
static struct db_stmt_def q_waiting = DB_STMT(
	"SELECT 1 FROM calibration_proposal WHERE conversation_id = ? AND open_key = 1");
static struct db_stmt_def q_proposal_insert = DB_STMT(
	"INSERT INTO calibration_proposal (round_id, conversation_id, author_id, old_rating,"
	" new_rating, reason) VALUES (?, ?, ?, ?, ?, ?)");
static struct db_stmt_def q_conv_flag = DB_STMT(
	"UPDATE conversation SET calibration = ? WHERE id = ?");
static struct db_stmt_def q_proposal_of = DB_STMT(
	"SELECT round_id, conversation_id FROM calibration_proposal WHERE id = ?");
static struct db_stmt_def q_proposal_lock = DB_STMT(
	"SELECT status = 'proposed', old_rating, new_rating, author_id, reason, version"
	" FROM calibration_proposal WHERE id = ? FOR UPDATE");
/* The accepted rating: the conversation as the rules saw it under its
 * lock (still finalized, still the old rating); its version moves, so a
 * form shown before conflicts. */
static struct db_stmt_def q_rating_set = DB_STMT(
	"UPDATE conversation SET overall_rating = ?, calibration = 'done', version = version + 1,"
	" updated_at = UTC_TIMESTAMP()"
	" WHERE id = ? AND status = 'finalized' AND overall_rating = ?");
/* decided_for: the manager a deputy decided for (NULL: the manager). */
static struct db_stmt_def q_decide = DB_STMT(
	"UPDATE calibration_proposal SET status = ?, decided_by = ?, decided_for = ?,"
	" decided_at = UTC_TIMESTAMP(), decision_reason = ?, version = version + 1,"
	" updated_at = UTC_TIMESTAMP() WHERE id = ? AND version = ? AND status = 'proposed'");
/* The record of an accepted change (store/review.h): its author is the
 * proposer, its reason the proposal's; who accepted it, and for whom when
 * a deputy did (sql/096). */
static struct db_stmt_def q_event = DB_STMT(
	"INSERT INTO review_event (conversation_id, author_id, decided_by, deputy_of, action,"
	" target, target_id, old_rating, new_rating, reason)"
	" VALUES (?, ?, ?, ?, 'calibrate', 'overall', 0, ?, ?, ?)");
/* The manager's login, for the audit detail of a deputy's decision. */
static struct db_stmt_def q_login = DB_STMT(
	"SELECT login FROM employee WHERE id = ?");
#define PROPOSAL_SELECT "SELECT " PROPOSAL_COLUMNS PROPOSAL_FROM
static struct db_stmt_def q_conv_proposals = DB_STMT(
	PROPOSAL_SELECT " WHERE p.conversation_id = ? ORDER BY p.id"
	" LIMIT " STR(CALIB_CONV_PROPOSALS_MAX));
/* A round's decided proposals (issue 17): in the order they were decided. */
static struct db_stmt_def q_round_decided = DB_STMT(
	PROPOSAL_SELECT " WHERE p.round_id = ? AND p.status IN ('accepted', 'rejected')"
	" ORDER BY p.decided_at, p.id LIMIT " STR(CALIB_ROUND_DECIDED_MAX));
static int
one(void *ud, const struct db_row *r)
{
	(void)r;
	*(bool *)ud = true;
	return DB_OK;
}

int
calib_manages_in(struct db *db, int64_t manager_id, int64_t cycle_id, int64_t department_id,
    bool *yes)
{
	*yes = false;
	return db_query(db, &q_manages, DB_ARGS(DB_INT(department_id), DB_INT(cycle_id),
	    DB_INT(manager_id)), one, yes);
}

struct dept_cb {
	calib_department_fn fn;
	void *ud;
};

static int
dept_row(void *ud, const struct db_row *r)
{
	struct dept_cb *cb = ud;

	return cb->fn(cb->ud, db_int(r, 0), db_str(r, 1));
}

int
calib_departments(struct db *db, int64_t viewer_id, int64_t cycle_id, bool all, bool advisor,
    calib_department_fn fn, void *ud)
{
	struct dept_cb cb = { fn, ud };

	return db_query(db, &q_departments, DB_ARGS(DB_INT(all), DB_INT(advisor),
	    DB_INT(viewer_id), DB_INT(cycle_id), DB_INT(viewer_id)), dept_row, &cb);
}

struct person_cb {
	calib_person_fn fn;
	void *ud;
};

static int
person_row(void *ud, const struct db_row *r)
{
	struct person_cb *cb = ud;
	struct calib_person p = {
		.conversation_id = db_int(r, 0), .dossier_id = db_int(r, 1),
		.conversation_version = db_int(r, 2), .employee_id = db_int(r, 3),
		.manager_id = db_int(r, 4), .employee = db_str(r, 5), .manager = db_str(r, 6),
		.scale_id = db_int(r, 7), .rating = (int)db_int(r, 8),
		.proposal_id = db_int(r, 9), .proposal_rating = (int)db_int(r, 10),
		.proposal_author = db_str(r, 11),
	};

	return cb->fn(cb->ud, &p);
}

int
calib_people(struct db *db, int64_t cycle_id, int64_t department_id, calib_person_fn fn,
    void *ud)
{
	struct person_cb cb = { fn, ud };

	return db_query(db, &q_people, DB_ARGS(DB_INT(cycle_id), DB_INT(department_id)),
	    person_row, &cb);
}

static int
round_row(void *ud, const struct db_row *r)
{
	struct calib_round *o = ud;

	o->id = db_int(r, 0);
	o->cycle_id = db_int(r, 1);
	o->department_id = db_int(r, 2);
	o->version = db_int(r, 3);
	strlcopy(o->status, db_str(r, 4), sizeof(o->status));
	strlcopy(o->opened_by, db_str(r, 5), sizeof(o->opened_by));
	strlcopy(o->opened_at, db_str(r, 6), sizeof(o->opened_at));
	return DB_OK;
}

int
calib_round_of(struct db *db, int64_t cycle_id, int64_t department_id, struct calib_round *out)
{
	memset(out, 0, sizeof(*out));
	return db_query(db, &q_round_of, DB_ARGS(DB_INT(cycle_id), DB_INT(department_id)),
	    round_row, out);
}

int
calib_round_get(struct db *db, int64_t id, struct calib_round *out)
{
	memset(out, 0, sizeof(*out));
	return db_query(db, &q_round_get, DB_ARGS(DB_INT(id)), round_row, out);
}

/* ---- who may run a round: asked again inside each write ---- */

static int
may_run(struct db *db, const struct calib_actor *a, int64_t cycle_id, int64_t department_id,
    bool *yes)
{
	struct calib_facts f = { a->roles, false, false };
	int st;

	*yes = false;
	if (roles_needs_assignment(a->roles) &&
	    (st = advisor_covers(db, a->id, department_id, &f.advisor_covers)) != DB_OK)
		return st;
	if (!roles_reads_dossier(a->roles, f.advisor_covers) &&
	    (st = calib_manages_in(db, a->id, cycle_id, department_id, &f.manages_there)) != DB_OK)
		return st;
	*yes = calib_may_run(&f);
	return DB_OK;
}

struct round_lock {
	int64_t cycle_id, department_id, version;
	bool open;
};

static int
round_lock_row(void *ud, const struct db_row *r)
{
	struct round_lock *l = ud;

	l->cycle_id = db_int(r, 0);
	l->department_id = db_int(r, 1);
	l->open = db_int(r, 2) != 0;
	l->version = db_int(r, 3);
	return DB_OK;
}

/* Locks round `id` and checks the actor may run it: DB_NOTFOUND when
 * there is none or they may not. */
static int
round_guard(struct db *db, const struct calib_actor *a, int64_t id, struct round_lock *l)
{
	bool yes;
	int st;

	memset(l, 0, sizeof(*l));
	if ((st = db_query(db, &q_round_lock, DB_ARGS(DB_INT(id)), round_lock_row, l)) != DB_OK)
		return st;
	if (l->cycle_id == 0)
		return DB_NOTFOUND;
	if ((st = may_run(db, a, l->cycle_id, l->department_id, &yes)) != DB_OK)
		return st;
	return yes ? DB_OK : DB_NOTFOUND;
}

/* ---- open and close ---- */

struct open_tx {
	const struct calib_actor *a;
	int64_t cycle_id, department_id, *id;
	bool *cycle_closed;
};

static int
flag(void *ud, const struct db_row *r)
{
	*(int *)ud = db_int(r, 0) != 0 ? 1 : 0;
	return DB_OK;
}

static int
tx_open(struct db *db, void *ud)
{
	struct open_tx *t = ud;
	bool dept = false, yes = false, exists = false;
	int cycle_open = -1;	/* -1: no such cycle */
	char detail[AUDIT_DETAIL_MAX];
	int st;

	*t->id = 0;
	*t->cycle_closed = false;
	if ((st = db_query(db, &q_department_lock, DB_ARGS(DB_INT(t->department_id)), one,
	    &dept)) != DB_OK ||
	    (st = db_query(db, &q_cycle_open, DB_ARGS(DB_INT(t->cycle_id)), flag,
	    &cycle_open)) != DB_OK)
		return st;
	if (!dept || cycle_open < 0)
		return DB_NOTFOUND;
	if (cycle_open == 0) {
		*t->cycle_closed = true;
		return DB_CONFLICT;
	}
	if ((st = may_run(db, t->a, t->cycle_id, t->department_id, &yes)) != DB_OK)
		return st;
	if (!yes)
		return DB_NOTFOUND;
	if ((st = db_query(db, &q_round_exists, DB_ARGS(DB_INT(t->cycle_id),
	    DB_INT(t->department_id)), one, &exists)) != DB_OK)
		return st;
	if (exists)
		return DB_CONFLICT;
	st = db_exec(db, &q_round_insert, DB_ARGS(DB_INT(t->cycle_id), DB_INT(t->department_id),
	    DB_INT(t->a->id)), NULL, t->id);
	if (st != DB_OK)
		return st == DB_DUPLICATE ? DB_CONFLICT : st;
	snprintf(detail, sizeof(detail), "cycle %lld, department %lld",
	    (long long)t->cycle_id, (long long)t->department_id);
	return audit_add(db, t->a->id, "calibration_round", *t->id, "calibration_open", detail);
}

int
calib_round_open(struct db *db, const struct calib_actor *a, int64_t cycle_id,
    int64_t department_id, int64_t *id, bool *cycle_closed)
{
	struct open_tx t = { a, cycle_id, department_id, id, cycle_closed };

	return db_tx(db, tx_open, &t);
}

struct close_tx {
	const struct calib_actor *a;
	int64_t id, version;
};

static int
tx_close(struct db *db, void *ud)
{
	struct close_tx *t = ud;
	struct round_lock l;
	uint64_t expired = 0;
	char detail[AUDIT_DETAIL_MAX];
	int st = round_guard(db, t->a, t->id, &l);

	if (st != DB_OK)
		return st;
	if (!l.open || l.version != t->version)
		return DB_CONFLICT;
	if ((st = exec_one(db, &q_round_close, DB_ARGS(DB_INT(t->a->id), DB_INT(t->id),
	    DB_INT(l.version)))) != DB_OK)
		return st;
	if ((st = db_exec(db, &q_close_conversations, DB_ARGS(DB_INT(t->id)), NULL, NULL)) != DB_OK ||
	    (st = db_exec(db, &q_expire, DB_ARGS(DB_INT(t->id)), &expired, NULL)) != DB_OK)
		return st;
	snprintf(detail, sizeof(detail), "%llu proposals expired",
	    (unsigned long long)expired);
	return audit_add(db, t->a->id, "calibration_round", t->id, "calibration_close", detail);
}

int
calib_round_close(struct db *db, const struct calib_actor *a, int64_t round_id, int64_t version)
{
	struct close_tx t = { a, round_id, version };

	return db_tx(db, tx_close, &t);
}

/* ---- propose, accept, reject ---- */

struct conv_lock {
	char type[16], status[12];
	int rating;
	int64_t cycle_id, manager_id, employee_id, dossier_id;
	bool in_department, signed_;
	bool found;
};

static int
conv_lock_row(void *ud, const struct db_row *r)
{
	struct conv_lock *l = ud;

	strlcopy(l->type, db_str(r, 0), sizeof(l->type));
	strlcopy(l->status, db_str(r, 1), sizeof(l->status));
	l->rating = (int)db_int(r, 2);
	l->cycle_id = db_int(r, 3);
	l->in_department = db_int(r, 4) != 0;
	l->signed_ = db_int(r, 5) != 0;
	l->manager_id = db_int(r, 6);
	l->employee_id = db_int(r, 7);
	l->dossier_id = db_int(r, 8);
	l->found = true;
	return DB_OK;
}

/* Locks the conversation and fills the facts the rules ask about it. */
static int
conv_facts(struct db *db, const struct round_lock *r, int64_t conv_id, struct conv_lock *l,
    struct calib_proposal_facts *f)
{
	int st;

	memset(l, 0, sizeof(*l));
	if ((st = db_query(db, &q_conv_lock, DB_ARGS(DB_INT(r->department_id), DB_INT(conv_id)),
	    conv_lock_row, l)) != DB_OK)
		return st;
	if (!l->found)
		return DB_NOTFOUND;
	f->round_open = r->open;
	f->in_round = l->cycle_id == r->cycle_id && l->in_department;
	f->proposed = calib_is_proposed(l->type, l->status, l->rating, l->signed_);
	f->current = l->rating;
	return DB_OK;
}

struct propose_tx {
	const struct calib_actor *a;
	int64_t round_id, conv_id;
	int rating;
	const char *reason;
	int64_t *id;
	enum calib_problem *problem;
};

static int
tx_propose(struct db *db, void *ud)
{
	struct propose_tx *t = ud;
	struct calib_proposal_facts f = { 0 };
	struct round_lock r;
	struct conv_lock l;
	char detail[AUDIT_DETAIL_MAX], head[128];
	int st;

	*t->id = 0;
	*t->problem = CALIB_OK;
	if ((st = round_guard(db, t->a, t->round_id, &r)) != DB_OK ||
	    (st = conv_facts(db, &r, t->conv_id, &l, &f)) != DB_OK)
		return st;
	f.new_rating = t->rating;
	f.old_rating = l.rating;
	if ((st = db_query(db, &q_waiting, DB_ARGS(DB_INT(t->conv_id)), one,
	    &f.other_waiting)) != DB_OK)
		return st;
	if (f.proposed &&
	    (st = outcome_final_rating_ok(db, t->conv_id, t->rating, &f.on_scale)) != DB_OK)
		return st;
	if ((*t->problem = calib_check(&f, false)) != CALIB_OK)
		return DB_OK;	/* nothing written: the page says why */
	st = db_exec(db, &q_proposal_insert, DB_ARGS(DB_INT(t->round_id), DB_INT(t->conv_id),
	    DB_INT(t->a->id), DB_INT(l.rating), DB_INT(t->rating), DB_STR(t->reason)), NULL, t->id);
	if (st != DB_OK)
		return st == DB_DUPLICATE ? DB_CONFLICT : st;
	if ((st = exec_one(db, &q_conv_flag, DB_ARGS(DB_STR("proposed"),
	    DB_INT(t->conv_id)))) != DB_OK)
		return st;
	snprintf(head, sizeof(head), "proposal %lld (round %lld): final rating %d -> %d: ",
	    (long long)*t->id, (long long)t->round_id, l.rating, t->rating);
	detail_with(detail, sizeof(detail), head, t->reason, AUDIT_TEXT_CHARS);
	/* The audit row moves the stamps of the dossier's employee and
	 * manager; the manager's deputies' start pages follow the manager's
	 * (store/session.c DEPUTY_STAMP). */
	return audit_add(db, t->a->id, "conversation", t->conv_id, "calibration_propose", detail);
}

int
calib_propose(struct db *db, const struct calib_actor *a, int64_t round_id, int64_t conv_id,
    int rating, const char *reason, int64_t *id, enum calib_problem *problem)
{
	struct propose_tx t = { a, round_id, conv_id, rating, reason, id, problem };

	return db_tx(db, tx_propose, &t);
}

struct proposal_lock {
	bool waiting;
	int old_rating, new_rating;
	int64_t author_id, version;
	char reason[4 * CALIB_REASON_MAX + 1];
};

static int
proposal_lock_row(void *ud, const struct db_row *r)
{
	struct proposal_lock *p = ud;

	p->waiting = db_int(r, 0) != 0;
	p->old_rating = (int)db_int(r, 1);
	p->new_rating = (int)db_int(r, 2);
	p->author_id = db_int(r, 3);
	strlcopy(p->reason, db_str(r, 4), sizeof(p->reason));
	p->version = db_int(r, 5);
	return DB_OK;
}

static int
ids_row(void *ud, const struct db_row *r)
{
	int64_t *ids = ud;

	ids[0] = db_int(r, 0);
	ids[1] = db_int(r, 1);
	return DB_OK;
}

struct decide_tx {
	int64_t actor, proposal_id, version;
	bool accept;
	const char *reason;		/* a rejection's; NULL: none */
	enum calib_problem *problem;
	int64_t *conv_id;
	int64_t deputy_of;		/* the manager a deputy decides for; 0: none */
	char manager_login[LOGIN_MAX + 1];	/* deputy_of's, for the audit */
	struct proposal_lock p;		/* big: kept off the stack */
};

static int
login_row(void *ud, const struct db_row *r)
{
	strlcopy(ud, db_str(r, 0), LOGIN_MAX + 1);
	return DB_OK;
}

/* The actor's right to decide, under the conversation's lock: the
 * dossier's manager, or the manager's deputy today (site.timezone) for
 * this dossier -- a locking read of the appointment, as for every write
 * of a deputy (store/conversation.c), so an appointment ended meanwhile
 * waits for this decision or refuses it.  A deputy's first write of the
 * day is audited as its use.  DB_NOTFOUND: neither. */
static int
decider(struct db *db, struct decide_tx *t, const struct conv_lock *l)
{
	char today[DEPUTY_DATE_LEN + 1];
	int64_t appointment = 0;
	int st;

	t->deputy_of = 0;
	if (calib_decides(t->actor, l->manager_id, false))
		return DB_OK;
	if (l->manager_id == 0 || !deputy_today(time(NULL), today))
		return DB_NOTFOUND;
	if ((st = deputy_acting(db, t->actor, l->manager_id, l->employee_id, today,
	    &appointment)) != DB_OK)
		return st;
	if (!calib_decides(t->actor, l->manager_id, appointment != 0))
		return DB_NOTFOUND;
	t->deputy_of = l->manager_id;
	if ((st = db_query(db, &q_login, DB_ARGS(DB_INT(l->manager_id)), login_row,
	    t->manager_login)) != DB_OK)
		return st;
	return deputy_use(db, appointment, today, t->actor, l->dossier_id);
}

/* The locks of a decision, in the order round, conversation, proposal,
 * and the actor's right (the dossier's manager) and the proposal's state
 * checked under them. */
static int
decide_guard(struct db *db, struct decide_tx *t, struct calib_proposal_facts *f,
    struct conv_lock *l)
{
	struct round_lock r;
	int64_t ids[2] = { 0, 0 };	/* round, conversation */
	int st;

	if ((st = db_query(db, &q_proposal_of, DB_ARGS(DB_INT(t->proposal_id)), ids_row,
	    ids)) != DB_OK)
		return st;
	if (ids[0] == 0)
		return DB_NOTFOUND;
	*t->conv_id = ids[1];
	memset(&r, 0, sizeof(r));
	if ((st = db_query(db, &q_round_lock, DB_ARGS(DB_INT(ids[0])), round_lock_row, &r)) != DB_OK ||
	    (st = conv_facts(db, &r, ids[1], l, f)) != DB_OK)
		return st;
	if ((st = decider(db, t, l)) != DB_OK)
		return st;
	memset(&t->p, 0, sizeof(t->p));
	if ((st = db_query(db, &q_proposal_lock, DB_ARGS(DB_INT(t->proposal_id)),
	    proposal_lock_row, &t->p)) != DB_OK)
		return st;
	if (!t->p.waiting || t->p.version != t->version)
		return DB_CONFLICT;
	f->old_rating = t->p.old_rating;
	f->new_rating = t->p.new_rating;
	return DB_OK;
}

static int
accept_writes(struct db *db, struct decide_tx *t)
{
	struct conv_write w = { *t->conv_id, t->actor, 0 };
	char detail[AUDIT_DETAIL_MAX], head[128 + LOGIN_MAX];
	int st;

	if ((st = exec_one(db, &q_rating_set, DB_ARGS(DB_INT(t->p.new_rating), DB_INT(w.id),
	    DB_INT(t->p.old_rating)))) != DB_OK ||
	    (st = exec_one(db, &q_decide, DB_ARGS(DB_STR("accepted"), DB_INT(t->actor),
	    DB_REF(t->deputy_of), DB_NULL, DB_INT(t->proposal_id), DB_INT(t->version)))) != DB_OK ||
	    (st = db_exec(db, &q_event, DB_ARGS(DB_INT(w.id), DB_INT(t->p.author_id),
	    DB_INT(t->actor), DB_REF(t->deputy_of), DB_INT(t->p.old_rating),
	    DB_INT(t->p.new_rating), DB_STR(t->p.reason)), NULL, NULL)) != DB_OK)
		return st;
	snprintf(head, sizeof(head), "proposal %lld%s%s%s: final rating %d -> %d: ",
	    (long long)t->proposal_id, t->deputy_of ? " (as deputy of " : "",
	    t->deputy_of ? t->manager_login : "", t->deputy_of ? ")" : "",
	    t->p.old_rating, t->p.new_rating);
	detail_with(detail, sizeof(detail), head, t->p.reason, AUDIT_TEXT_CHARS);
	/* audit_conv refreshes the dossier's summaries: the final rating is
	 * a counted fact. */
	return audit_conv(db, &w, "calibration_accept", detail);
}

static int
reject_writes(struct db *db, struct decide_tx *t)
{
	char detail[AUDIT_DETAIL_MAX], head[96 + LOGIN_MAX];
	int st;

	if ((st = exec_one(db, &q_decide, DB_ARGS(DB_STR("rejected"), DB_INT(t->actor),
	    DB_REF(t->deputy_of), DB_STR(t->reason && t->reason[0] ? t->reason : NULL),
	    DB_INT(t->proposal_id), DB_INT(t->version)))) != DB_OK ||
	    (st = exec_one(db, &q_conv_flag, DB_ARGS(DB_STR("done"), DB_INT(*t->conv_id)))) != DB_OK)
		return st;
	snprintf(head, sizeof(head), "proposal %lld%s%s%s: ", (long long)t->proposal_id,
	    t->deputy_of ? " (as deputy of " : "", t->deputy_of ? t->manager_login : "",
	    t->deputy_of ? ")" : "");
	detail_with(detail, sizeof(detail), head, t->reason, AUDIT_TEXT_CHARS);
	return audit_add(db, t->actor, "conversation", *t->conv_id, "calibration_reject", detail);
}

static int
tx_decide(struct db *db, void *ud)
{
	struct decide_tx *t = ud;
	struct calib_proposal_facts f = { 0 };
	struct conv_lock l;
	int st;

	*t->problem = CALIB_OK;
	*t->conv_id = 0;
	if ((st = decide_guard(db, t, &f, &l)) != DB_OK)
		return st;
	/* A rejection changes no rating: the round may be closed or the
	 * report signed meanwhile only for an acceptance to be refused -- but
	 * a closed round has expired its proposals, so it never gets here. */
	if (t->accept && (*t->problem = calib_check(&f, true)) != CALIB_OK)
		return DB_OK;	/* nothing written: the page says why */
	return t->accept ? accept_writes(db, t) : reject_writes(db, t);
}

static int
decide(struct db *db, int64_t actor, int64_t proposal_id, int64_t version, bool accept,
    const char *reason, enum calib_problem *problem, int64_t *conv_id)
{
	struct decide_tx *t = calloc(1, sizeof(*t));
	int st;

	if (t == NULL)
		return DB_ERROR;
	t->actor = actor;
	t->proposal_id = proposal_id;
	t->version = version;
	t->accept = accept;
	t->reason = reason;
	t->problem = problem;
	t->conv_id = conv_id;
	st = db_tx(db, tx_decide, t);
	free(t);
	return st;
}

int
calib_accept(struct db *db, int64_t actor, int64_t proposal_id, int64_t version,
    enum calib_problem *problem, int64_t *conv_id)
{
	return decide(db, actor, proposal_id, version, true, NULL, problem, conv_id);
}

int
calib_reject(struct db *db, int64_t actor, int64_t proposal_id, int64_t version,
    const char *reason, enum calib_problem *problem, int64_t *conv_id)
{
	return decide(db, actor, proposal_id, version, false, reason, problem, conv_id);
}

/* ---- reads of proposals ---- */

struct proposal_cb {
	calib_proposal_fn fn;
	void *ud;
};

struct calib_proposal
calib_proposal_of_row(const struct db_row *r)
{
	return (struct calib_proposal){
		.id = db_int(r, 0), .round_id = db_int(r, 1), .conversation_id = db_int(r, 2),
		.dossier_id = db_int(r, 3), .status = db_str(r, 4),
		.old_rating = (int)db_int(r, 5), .new_rating = (int)db_int(r, 6),
		.reason = db_str(r, 7), .author_id = db_int(r, 8), .author = db_str(r, 9),
		.decided_by = db_str(r, 10), .decision_reason = db_str(r, 11),
		.employee = db_str(r, 12), .at = db_str(r, 13), .version = db_int(r, 14),
		.decided_for = db_str(r, 15), .decided_at = db_str(r, 16),
	};
}

static int
proposal_row(void *ud, const struct db_row *r)
{
	struct proposal_cb *cb = ud;
	struct calib_proposal p = calib_proposal_of_row(r);

	return cb->fn(cb->ud, &p);
}

int
calib_proposals_of_conversation(struct db *db, int64_t conv_id, calib_proposal_fn fn, void *ud)
{
	struct proposal_cb cb = { fn, ud };

	return db_query(db, &q_conv_proposals, DB_ARGS(DB_INT(conv_id)), proposal_row, &cb);
}

int
calib_round_decided(struct db *db, int64_t round_id, calib_proposal_fn fn, void *ud)
{
	struct proposal_cb cb = { fn, ud };

	return db_query(db, &q_round_decided, DB_ARGS(DB_INT(round_id)), proposal_row, &cb);
}
