/* audit.c -- the audit trail: who changed what, when, with before and
 * after.  Written inside the transaction of the change it records. */
#include "config.h"

#include <string.h>

#include "store/stamp.h"
#include "store/audit.h"
#include "store/audit_sql.h"
#include "store/db.h"
#include "base/util.h"

static struct db_stmt_def q_add = DB_STMT(
	"INSERT INTO audit (actor_id, entity, entity_id, action, detail)"
	" VALUES (?, ?, ?, ?, ?)");
static struct db_stmt_def q_list = DB_STMT(
	"SELECT a.id, DATE_FORMAT(a.at, '%Y-%m-%dT%H:%i:%sZ'), COALESCE(e.name, ''),"
	" a.entity, a.entity_id, a.action, COALESCE(a.detail, '')"
	" FROM audit a LEFT JOIN employee e ON e.id = a.actor_id"
	" WHERE a.entity = ? AND a.entity_id = ? ORDER BY a.at DESC, a.id DESC LIMIT 500");

int
audit_add(struct db *db, int64_t actor_id, const char *entity, int64_t entity_id,
    const char *action, const char *detail)
{
	int st = db_exec(db, &q_add, DB_ARGS(DB_REF(actor_id), DB_STR(entity),
	    DB_REF(entity_id), DB_STR(action), DB_STR(detail)), NULL, NULL);

	/* Every change passes here: the pages that show it are stale now. */
	if (st != DB_OK)
		return st;
	return stamp_touch(db, entity, entity_id);
}

int
audit_add_dossier(struct db *db, int64_t actor_id, const char *entity, int64_t entity_id,
    const char *action, const char *detail, int64_t employee_id, int64_t manager_id)
{
	int st = db_exec(db, &q_add, DB_ARGS(DB_REF(actor_id), DB_STR(entity),
	    DB_REF(entity_id), DB_STR(action), DB_STR(detail)), NULL, NULL);

	if (st != DB_OK)
		return st;
	return stamp_touch_pair(db, employee_id, manager_id);
}

struct audit_cb {
	audit_fn fn;
	void *ud;
};

static int
audit_row(void *ud, const struct db_row *r)
{
	struct audit_cb *cb = ud;
	struct audit_row a = {
		.id = db_int(r, 0), .at = db_str(r, 1), .actor = db_str(r, 2),
		.entity = db_str(r, 3), .entity_id = db_int(r, 4), .action = db_str(r, 5),
		.detail = db_str(r, 6),
	};

	return cb->fn(cb->ud, &a);
}

int
audit_list(struct db *db, const char *entity, int64_t entity_id, audit_fn fn, void *ud)
{
	struct audit_cb cb = { fn, ud };

	return db_query(db, &q_list, DB_ARGS(DB_STR(entity), DB_INT(entity_id)), audit_row, &cb);
}

/* ---- trails for HR (GET /admin/audit) ---- */

/* Each trail gathers the ids of its rows through the (entity, entity_id)
 * index, one branch per kind of row, before sorting: an OR over subqueries
 * would scan the whole table.  The last column says whether the row's
 * detail is private now (AUDIT_PRIVATE). */
#define TRAIL_COLUMNS(private) \
	"SELECT a.id, DATE_FORMAT(a.at, '%Y-%m-%dT%H:%i:%sZ'), COALESCE(e.name, '')," \
	" a.entity, a.entity_id, a.action, COALESCE(a.detail, ''), " private
#define TRAIL_TAIL \
	" ) t JOIN audit a ON a.id = t.id LEFT JOIN employee e ON e.id = a.actor_id" \
	" ORDER BY a.at DESC, a.id DESC LIMIT ?"

static struct db_stmt_def q_trail_employee = DB_STMT(
	TRAIL_COLUMNS("0") " FROM ("
	" SELECT id FROM audit WHERE entity = 'employee' AND entity_id = ?"
	" UNION ALL SELECT x.id FROM dossier d JOIN audit x"
	"   ON x.entity = 'dossier' AND x.entity_id = d.id WHERE d.employee_id = ?"
	TRAIL_TAIL);
static struct db_stmt_def q_trail_dossier = DB_STMT(
	TRAIL_COLUMNS(AUDIT_PRIVATE) " FROM ("
	" SELECT id FROM audit WHERE entity = 'dossier' AND entity_id = ?"
	" UNION ALL SELECT x.id FROM conversation c JOIN audit x"
	"   ON x.entity = 'conversation' AND x.entity_id = c.id WHERE c.dossier_id = ?"
	" UNION ALL SELECT x.id FROM item i JOIN audit x"
	"   ON x.entity = 'item' AND x.entity_id = i.id WHERE i.dossier_id = ?"
	TRAIL_TAIL);
static struct db_stmt_def q_trail_cycle = DB_STMT(
	TRAIL_COLUMNS("0") " FROM ("
	" SELECT id FROM audit WHERE entity = 'cycle' AND entity_id = ?"
	" UNION ALL SELECT x.id FROM org_goal g JOIN audit x"
	"   ON x.entity = 'org_goal' AND x.entity_id = g.id WHERE g.cycle_id = ?"
	" UNION ALL SELECT x.id FROM collective_goal g JOIN audit x"
	"   ON x.entity = 'collective_goal' AND x.entity_id = g.id WHERE g.cycle_id = ?"
	TRAIL_TAIL);

/* The search of GET /admin/audit: every filter is optional ('' leaves it
 * out); the newest rows first.  The period is of whole days, compared with
 * the stored UTC times.  The actor is found by part of the name or the
 * exact login: INSTR, not LIKE, so that % and _ are plain letters. */
static struct db_stmt_def q_search = DB_STMT(
	TRAIL_COLUMNS(AUDIT_PRIVATE) " FROM ("
	" SELECT s.id FROM audit s LEFT JOIN employee se ON se.id = s.actor_id"
	" WHERE (? = '' OR s.entity = ?)"
	" AND (? = '' OR INSTR(se.name, ?) > 0 OR se.login = ?)"
	" AND (? = '' OR s.at >= CAST(? AS DATE))"
	" AND (? = '' OR s.at < CAST(? AS DATE) + INTERVAL 1 DAY)"
	" ORDER BY s.at DESC, s.id DESC LIMIT ?"
	TRAIL_TAIL);

/* A trail's row: as audit_row, with the detail withheld when private. */
static int
trail_row(void *ud, const struct db_row *r)
{
	struct audit_cb *cb = ud;
	bool private_detail = db_int(r, 7) != 0;
	struct audit_row a = {
		.id = db_int(r, 0), .at = db_str(r, 1), .actor = db_str(r, 2),
		.entity = db_str(r, 3), .entity_id = db_int(r, 4), .action = db_str(r, 5),
		.detail = private_detail ? "" : db_str(r, 6), .private_detail = private_detail,
	};

	return cb->fn(cb->ud, &a);
}

int
audit_trail(struct db *db, const char *entity, int64_t id, int64_t limit, audit_fn fn,
    void *ud)
{
	struct audit_cb cb = { fn, ud };

	if (strcmp(entity, "employee") == 0)
		return db_query(db, &q_trail_employee, DB_ARGS(DB_INT(id), DB_INT(id),
		    DB_INT(limit)), trail_row, &cb);
	if (strcmp(entity, "dossier") == 0)
		return db_query(db, &q_trail_dossier, DB_ARGS(DB_INT(id), DB_INT(id),
		    DB_INT(id), DB_INT(limit)), trail_row, &cb);
	if (strcmp(entity, "cycle") == 0)
		return db_query(db, &q_trail_cycle, DB_ARGS(DB_INT(id), DB_INT(id),
		    DB_INT(id), DB_INT(limit)), trail_row, &cb);
	return DB_NOTFOUND;
}

int
audit_search(struct db *db, const struct audit_query *q, int64_t limit, audit_fn fn, void *ud)
{
	struct audit_cb cb = { fn, ud };
	const char *entity = q->entity ? q->entity : "", *who = q->who ? q->who : "";
	const char *from = q->from ? q->from : "", *to = q->to ? q->to : "";

	return db_query(db, &q_search, DB_ARGS(DB_STR(entity), DB_STR(entity), DB_STR(who),
	    DB_STR(who), DB_STR(who), DB_STR(from), DB_STR(from), DB_STR(to), DB_STR(to),
	    DB_INT(limit), DB_INT(limit)), trail_row, &cb);
}

void
audit_diff(struct buf *b, const char *field, const char *before, const char *after)
{
	if (strcmp(before ? before : "", after ? after : "") == 0)
		return;
	buf_printf(b, "%s: %s -> %s; ", field, before ? before : "", after ? after : "");
}

void
audit_value(struct buf *b, const char *field, const char *value)
{
	if (value && value[0])
		buf_printf(b, "%s: %s; ", field, value);
}

static struct db_stmt_def q_subject_employee = DB_STMT(
	"SELECT name, login, '', id, 0 FROM employee WHERE id = ?");
static struct db_stmt_def q_subject_dossier = DB_STMT(
	"SELECT e.name, e.login, c.name, e.id, c.id FROM dossier d"
	" JOIN employee e ON e.id = d.employee_id JOIN cycle c ON c.id = d.cycle_id"
	" WHERE d.id = ?");
static struct db_stmt_def q_subject_cycle = DB_STMT(
	"SELECT '', '', name, 0, id FROM cycle WHERE id = ?");

static int
subject_row(void *ud, const struct db_row *r)
{
	struct audit_subject *s = ud;

	strlcopy(s->name, db_str(r, 0), sizeof(s->name));
	strlcopy(s->login, db_str(r, 1), sizeof(s->login));
	strlcopy(s->cycle, db_str(r, 2), sizeof(s->cycle));
	s->employee_id = db_int(r, 3);
	s->cycle_id = db_int(r, 4);
	s->found = true;
	return DB_OK;
}

int
audit_subject(struct db *db, const char *entity, int64_t id, struct audit_subject *out)
{
	struct db_stmt_def *q;
	int st;

	memset(out, 0, sizeof(*out));
	if (strcmp(entity, "employee") == 0)
		q = &q_subject_employee;
	else if (strcmp(entity, "dossier") == 0)
		q = &q_subject_dossier;
	else if (strcmp(entity, "cycle") == 0)
		q = &q_subject_cycle;
	else
		return DB_NOTFOUND;
	if ((st = db_query(db, q, DB_ARGS(DB_INT(id)), subject_row, out)) != DB_OK)
		return st;
	return out->found ? DB_OK : DB_NOTFOUND;
}
