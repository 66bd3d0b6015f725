/* deputy.c -- see deputy.h: appointing and ending deputies, what a deputy
 * may do today, and open dossiers that follow their employee's manager.
 * Each write is one transaction with its audit row (DESIGN §3); its
 * checks run under the lock of the row they depend on. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "store/audit.h"
#include "store/dashboard_sql.h"
#include "store/db.h"
#include "store/deputy.h"
#include "store/summary.h"
#include "base/util.h"

/* Open dossiers of one employee that can follow at once: one per open
 * cycle; more than this is not a real organisation (the rest follow at
 * the next change). */
#define FOLLOW_MAX 32

#define DAY(col) "DATE_FORMAT(" col ", '%Y-%m-%d')"

/* The manager's row, locked: every appointment of one manager is checked
 * and written one after the other (Galera has no gap locks to rely on). */
static struct db_stmt_def q_lock_manager = DB_STMT(
	"SELECT login FROM employee WHERE id = ? AND active = 1 FOR UPDATE");
static struct db_stmt_def q_person = DB_STMT(
	"SELECT id FROM employee WHERE login = ? AND active = 1");
static struct db_stmt_def q_reports = DB_STMT(
	"SELECT COUNT(*) FROM employee WHERE manager_id = ? AND active = 1"
	" AND (? = 0 OR id = ?)");
/* An appointment not ended that covers the same report on a day of the
 * period: one for all reports covers each, and one for a report is
 * covered by one for all. */
static struct db_stmt_def q_overlap = DB_STMT(
	"SELECT COUNT(*) FROM deputy WHERE manager_id = ? AND ended_at IS NULL"
	" AND (employee_id IS NULL OR ? = 0 OR employee_id = ?)"
	" AND starts_on <= ? AND ends_on >= ?");
static struct db_stmt_def q_insert = DB_STMT(
	"INSERT INTO deputy (manager_id, deputy_id, employee_id, starts_on, ends_on, created_by)"
	" VALUES (?, ?, ?, ?, ?, ?)");
static struct db_stmt_def q_end_row = DB_STMT(
	"SELECT p.manager_id, p.version, p.ended_at IS NULL, d.login, " DAY("p.starts_on") ","
	" " DAY("p.ends_on") " FROM deputy p JOIN employee d ON d.id = p.deputy_id"
	" WHERE p.id = ? FOR UPDATE");
static struct db_stmt_def q_end = DB_STMT(
	"UPDATE deputy SET ended_at = UTC_TIMESTAMP(), ended_by = ?, version = version + 1,"
	" updated_at = UTC_TIMESTAMP() WHERE id = ? AND version = ? AND ended_at IS NULL");
#define LIST_SELECT \
	"SELECT p.id, p.manager_id, m.name, p.deputy_id, d.name, d.login," \
	" COALESCE(p.employee_id, 0), COALESCE(e.name, ''), " DAY("p.starts_on") "," \
	" " DAY("p.ends_on") "," \
	" CASE WHEN p.ended_at IS NOT NULL THEN 'ended' WHEN p.ends_on < ? THEN 'past'" \
	"  WHEN p.starts_on > ? THEN 'coming' ELSE 'current' END, p.version" \
	" FROM deputy p JOIN employee m ON m.id = p.manager_id" \
	" JOIN employee d ON d.id = p.deputy_id LEFT JOIN employee e ON e.id = p.employee_id"
/* Those still to come or running first, then the rest, newest first. */
#define LIST_ORDER \
	" ORDER BY (p.ended_at IS NULL AND p.ends_on >= ?) DESC, p.starts_on DESC, p.id DESC" \
	" LIMIT " STR(DEPUTIES_LIST_MAX)
static struct db_stmt_def q_of_manager = DB_STMT(
	LIST_SELECT " WHERE p.manager_id = ?" LIST_ORDER);
static struct db_stmt_def q_of_deputy = DB_STMT(
	LIST_SELECT " WHERE p.deputy_id = ?" LIST_ORDER);
/* A locking read: under a conversation's lock (store/conversation.c
 * guard) an end of the appointment waits for the write, or the write
 * for the end. */
static struct db_stmt_def q_acting = DB_STMT(
	"SELECT id FROM deputy WHERE deputy_id = ? AND manager_id = ?"
	" AND (employee_id IS NULL OR employee_id = ?) AND ended_at IS NULL"
	" AND starts_on <= ? AND ends_on >= ? ORDER BY id LIMIT 1 LOCK IN SHARE MODE");
/* The managers whose whole team a deputy holds today (the report pages;
 * the start page reads them in its one statement, store/dashboard.c). */
static struct db_stmt_def q_teams = DB_STMT(DEPUTY_TEAMS_SELECT("", ""));
/* The first use of a day inserts; a later one changes nothing (0 rows:
 * IGNORE, not ON DUPLICATE KEY UPDATE, which the connection's found-rows
 * counting reports as 1).  The appointment is there (read under a share
 * lock just before), so IGNORE can only be passing over the duplicate. */
static struct db_stmt_def q_use = DB_STMT(
	"INSERT IGNORE INTO deputy_use (deputy_id, used_on) VALUES (?, ?)");
static struct db_stmt_def q_use_who = DB_STMT(
	"SELECT m.login, " DAY("p.ends_on") " FROM deputy p JOIN employee m ON m.id = p.manager_id"
	" WHERE p.id = ?");
/* An open dossier of the employee whose manager is not the employee's. */
static struct db_stmt_def q_stray = DB_STMT(
	"SELECT d.id, d.version, COALESCE(om.login, ''), COALESCE(nm.login, '')"
	" FROM dossier d JOIN employee e ON e.id = d.employee_id"
	" LEFT JOIN employee om ON om.id = d.manager_id LEFT JOIN employee nm ON nm.id = e.manager_id"
	" WHERE d.employee_id = ? AND d.status = 'open' AND NOT (d.manager_id <=> e.manager_id)"
	" ORDER BY d.id LIMIT 1 FOR UPDATE");
static struct db_stmt_def q_follow = DB_STMT(
	"UPDATE dossier d JOIN employee e ON e.id = d.employee_id"
	" SET d.manager_id = e.manager_id, d.version = d.version + 1, d.updated_at = UTC_TIMESTAMP()"
	" WHERE d.id = ? AND d.version = ? AND d.status = 'open'");

static int
int_row(void *ud, const struct db_row *r)
{
	*(int64_t *)ud = db_int(r, 0);
	return DB_OK;
}

/* An UPDATE whose conditions are the state check: one row or DB_CONFLICT. */
static int
exec_count_one(struct db *db, struct db_stmt_def *q, const struct db_arg *args, size_t nargs)
{
	uint64_t n = 0;
	int st = db_exec(db, q, args, nargs, &n, NULL);

	if (st != DB_OK)
		return st;
	return n == 1 ? DB_OK : DB_CONFLICT;
}

/* ---- appoint ---- */

struct appoint_tx {
	int64_t actor;
	const struct deputy_input *in;
	const char *today;
	int64_t id, deputy_id;
	enum deputy_problem problem;
	char manager_login[LOGIN_MAX + 1];
};

static int
login_row(void *ud, const struct db_row *r)
{
	strlcopy(ud, db_str(r, 0), LOGIN_MAX + 1);
	return DB_OK;
}

/* The checks that read other rows; sets t->problem. */
static int
appoint_checks(struct db *db, struct appoint_tx *t)
{
	const struct deputy_input *in = t->in;
	int64_t n = 0;
	int st;

	st = db_query(db, &q_reports, DB_ARGS(DB_INT(in->manager_id), DB_INT(in->employee_id),
	    DB_INT(in->employee_id)), int_row, &n);
	if (st != DB_OK)
		return st;
	if (n == 0) {
		t->problem = in->employee_id ? DEPUTY_NOT_REPORT : DEPUTY_NO_MANAGER;
		return DB_OK;
	}
	if ((st = db_query(db, &q_person, DB_ARGS(DB_STR(in->deputy_login)), int_row,
	    &t->deputy_id)) != DB_OK)
		return st;
	if (t->deputy_id == 0) {
		t->problem = DEPUTY_UNKNOWN;
		return DB_OK;
	}
	t->problem = deputy_check(in->manager_id, t->deputy_id, in->employee_id, in->starts_on,
	    in->ends_on, t->today);
	if (t->problem != DEPUTY_OK)
		return DB_OK;
	n = 0;
	st = db_query(db, &q_overlap, DB_ARGS(DB_INT(in->manager_id), DB_INT(in->employee_id),
	    DB_INT(in->employee_id), DB_STR(in->ends_on), DB_STR(in->starts_on)), int_row, &n);
	if (st == DB_OK && n > 0)
		t->problem = DEPUTY_OVERLAP;
	return st;
}

static int
appoint_tx(struct db *db, void *ud)
{
	struct appoint_tx *t = ud;
	const struct deputy_input *in = t->in;
	char detail[256];
	int st;

	t->manager_login[0] = '\0';
	t->problem = DEPUTY_OK;
	t->deputy_id = 0;
	if ((st = db_query(db, &q_lock_manager, DB_ARGS(DB_INT(in->manager_id)), login_row,
	    t->manager_login)) != DB_OK)
		return st;
	if (t->manager_login[0] == '\0') {
		t->problem = DEPUTY_NO_MANAGER;
		return DB_OK;
	}
	if ((st = appoint_checks(db, t)) != DB_OK || t->problem != DEPUTY_OK)
		return st;
	if ((st = db_exec(db, &q_insert, DB_ARGS(DB_INT(in->manager_id), DB_INT(t->deputy_id),
	    DB_REF(in->employee_id), DB_STR(in->starts_on), DB_STR(in->ends_on),
	    DB_INT(t->actor)), NULL, &t->id)) != DB_OK)
		return st;
	snprintf(detail, sizeof(detail), "deputy: %s; employee: %lld; from: %s; until: %s",
	    in->deputy_login, (long long)in->employee_id, in->starts_on, in->ends_on);
	return audit_add(db, t->actor, "employee", in->manager_id, "deputy", detail);
}

int
deputy_appoint(struct db *db, int64_t actor, const struct deputy_input *in,
    const char *today, int64_t *id, enum deputy_problem *problem)
{
	struct appoint_tx t = { .actor = actor, .in = in, .today = today };
	int st = db_tx(db, appoint_tx, &t);

	*problem = t.problem;
	*id = st == DB_OK && t.problem == DEPUTY_OK ? t.id : 0;
	return st;
}

/* ---- end ---- */

struct end_state {
	int64_t manager_id, version;
	bool live;
	char deputy[LOGIN_MAX + 1];
	char from[DEPUTY_DATE_LEN + 1], until[DEPUTY_DATE_LEN + 1];
};

static int
end_row(void *ud, const struct db_row *r)
{
	struct end_state *s = ud;

	s->manager_id = db_int(r, 0);
	s->version = db_int(r, 1);
	s->live = db_int(r, 2) != 0;
	strlcopy(s->deputy, db_str(r, 3), sizeof(s->deputy));
	strlcopy(s->from, db_str(r, 4), sizeof(s->from));
	strlcopy(s->until, db_str(r, 5), sizeof(s->until));
	return DB_OK;
}

struct end_tx {
	int64_t actor, id, version, manager_id;
	bool by_hr;
};

static int
end_tx(struct db *db, void *ud)
{
	struct end_tx *t = ud;
	struct end_state s = { 0 };
	char detail[256];
	int st;

	if ((st = db_query(db, &q_end_row, DB_ARGS(DB_INT(t->id)), end_row, &s)) != DB_OK)
		return st;
	/* Someone else's appointment is as absent as one that is not there. */
	if (s.manager_id == 0 || (!t->by_hr && s.manager_id != t->actor))
		return DB_NOTFOUND;
	t->manager_id = s.manager_id;
	if (!s.live || s.version != t->version)
		return DB_CONFLICT;
	if ((st = exec_count_one(db, &q_end, DB_ARGS(DB_INT(t->actor), DB_INT(t->id),
	    DB_INT(t->version)))) != DB_OK)
		return st;
	snprintf(detail, sizeof(detail), "deputy: %s; from: %s; until: %s; ended", s.deputy,
	    s.from, s.until);
	return audit_add(db, t->actor, "employee", s.manager_id, "deputy_end", detail);
}

int
deputy_end(struct db *db, int64_t actor, bool by_hr, int64_t id, int64_t version,
    int64_t *manager_id)
{
	struct end_tx t = { .actor = actor, .id = id, .version = version, .by_hr = by_hr };
	int st = db_tx(db, end_tx, &t);

	*manager_id = t.manager_id;
	return st;
}

/* ---- reads ---- */

struct list_cb {
	deputy_fn fn;
	void *ud;
};

static int
list_row(void *ud, const struct db_row *r)
{
	struct list_cb *cb = ud;
	struct deputy_row d = {
		.id = db_int(r, 0), .manager_id = db_int(r, 1), .manager_name = db_str(r, 2),
		.deputy_id = db_int(r, 3), .deputy_name = db_str(r, 4),
		.deputy_login = db_str(r, 5), .employee_id = db_int(r, 6),
		.employee_name = db_str(r, 7), .starts_on = db_str(r, 8), .ends_on = db_str(r, 9),
		.state = db_str(r, 10), .version = db_int(r, 11),
	};

	return cb->fn(cb->ud, &d);
}

static int
list(struct db *db, struct db_stmt_def *q, int64_t who, const char *today, deputy_fn fn,
    void *ud)
{
	struct list_cb cb = { fn, ud };

	return db_query(db, q, DB_ARGS(DB_STR(today), DB_STR(today), DB_INT(who), DB_STR(today)),
	    list_row, &cb);
}

int
deputies_of_manager(struct db *db, int64_t manager_id, const char *today, deputy_fn fn,
    void *ud)
{
	return list(db, &q_of_manager, manager_id, today, fn, ud);
}

int
deputies_of_deputy(struct db *db, int64_t deputy_id, const char *today, deputy_fn fn,
    void *ud)
{
	return list(db, &q_of_deputy, deputy_id, today, fn, ud);
}

int
deputy_acting(struct db *db, int64_t deputy_id, int64_t manager_id, int64_t employee_id,
    const char *today, int64_t *appointment)
{
	*appointment = 0;
	if (manager_id == 0 || deputy_id == 0)
		return DB_OK;
	return db_query(db, &q_acting, DB_ARGS(DB_INT(deputy_id), DB_INT(manager_id),
	    DB_INT(employee_id), DB_STR(today), DB_STR(today)), int_row, appointment);
}

struct teams_cb {
	deputy_team_fn fn;
	void *ud;
};

static int
team_row(void *ud, const struct db_row *r)
{
	struct teams_cb *cb = ud;

	return cb->fn(cb->ud, db_int(r, 0), db_str(r, 1));
}

int
deputy_teams(struct db *db, int64_t deputy_id, const char *today, deputy_team_fn fn, void *ud)
{
	struct teams_cb cb = { fn, ud };

	return db_query(db, &q_teams, DB_ARGS(DB_INT(deputy_id), DB_STR(today), DB_STR(today)),
	    team_row, &cb);
}

/* ---- a deputy's use ---- */

struct use_who {
	char manager[LOGIN_MAX + 1];
	char until[DEPUTY_DATE_LEN + 1];
};

static int
use_who_row(void *ud, const struct db_row *r)
{
	struct use_who *w = ud;

	strlcopy(w->manager, db_str(r, 0), sizeof(w->manager));
	strlcopy(w->until, db_str(r, 1), sizeof(w->until));
	return DB_OK;
}

int
deputy_use(struct db *db, int64_t appointment, const char *today, int64_t actor,
    int64_t dossier_id)
{
	struct use_who w = { "", "" };
	char detail[256];
	uint64_t n = 0;
	int st;

	st = db_exec(db, &q_use, DB_ARGS(DB_INT(appointment), DB_STR(today)), &n, NULL);
	if (st != DB_OK || n != 1)
		return st;
	if ((st = db_query(db, &q_use_who, DB_ARGS(DB_INT(appointment)), use_who_row,
	    &w)) != DB_OK)
		return st;
	snprintf(detail, sizeof(detail), "as deputy of %s (until %s); first write of %s",
	    w.manager, w.until, today);
	return audit_add(db, actor, "dossier", dossier_id, "deputy_use", detail);
}

/* ---- dossiers follow their employee ---- */

struct stray {
	int64_t id, version;
	char from[LOGIN_MAX + 1], to[LOGIN_MAX + 1];
};

static int
stray_row(void *ud, const struct db_row *r)
{
	struct stray *s = ud;

	s->id = db_int(r, 0);
	s->version = db_int(r, 1);
	strlcopy(s->from, db_str(r, 2), sizeof(s->from));
	strlcopy(s->to, db_str(r, 3), sizeof(s->to));
	return DB_OK;
}

static int
follow_one(struct db *db, int64_t actor, const struct stray *s)
{
	char detail[2 * LOGIN_MAX + 64];
	int st;

	if ((st = exec_count_one(db, &q_follow, DB_ARGS(DB_INT(s->id), DB_INT(s->version)))) != DB_OK)
		return st;
	if ((st = summary_dossier(db, s->id)) != DB_OK)
		return st;
	snprintf(detail, sizeof(detail), "manager: %s -> %s (followed the employee)", s->from,
	    s->to);
	return audit_add(db, actor, "dossier", s->id, "manager", detail);
}

int
dossiers_follow_manager(struct db *db, int64_t actor, int64_t employee_id)
{
	int i, st;

	for (i = 0; i < FOLLOW_MAX; i++) {
		struct stray s = { 0 };

		if ((st = db_query(db, &q_stray, DB_ARGS(DB_INT(employee_id)), stray_row, &s)) != DB_OK)
			return st;
		if (s.id == 0)
			return DB_OK;
		if ((st = follow_one(db, actor, &s)) != DB_OK)
			return st;
	}
	return DB_OK;
}
