/* employee.c -- employees and the lists a dashboard shows. */
#include "config.h"

#include <string.h>

#include "store/rows.h"
#include "store/db.h"
#include "store/headcount.h"
#include "store/employee.h"
#include "base/util.h"

static struct db_stmt_def q_by_id = DB_STMT(
	"SELECT " EMPLOYEE_COLUMNS " FROM employee e WHERE e.id = ?");
static struct db_stmt_def q_by_login = DB_STMT(
	"SELECT " EMPLOYEE_COLUMNS " FROM employee e WHERE e.login = ?");
static struct db_stmt_def q_create = DB_STMT(
	"INSERT INTO employee (login, name) VALUES (?, ?)");
/* In no order: the page sorts them by the cycle's start (a few rows; an
 * ORDER BY on the joined cycle is a temporary table and a sort). */
static struct db_stmt_def q_dossiers = DB_STMT(
	"SELECT d.id, c.name, d.status, m.name, c.starts_on"
	" FROM dossier d JOIN cycle c ON c.id = d.cycle_id"
	" LEFT JOIN employee m ON m.id = d.manager_id"
	" WHERE d.employee_id = ?");
/* Item i (created in conversation ic) of dossier d as its manager may
 * see it (DESIGN §5; view_visible in pages/conv_view.c): not written in a
 * conversation still private, or written by the manager, or shared by its
 * author's side.  The employee's private preparation stays out of the
 * manager's overdue count. */
#define MANAGER_SEES_ITEM \
	"(ic.id IS NULL OR ic.status NOT IN ('planned', 'preparing')" \
	" OR i.author_id = d.manager_id" \
	" OR (i.author_id = d.employee_id AND ic.employee_shared = 1)" \
	" OR (COALESCE(i.author_id, 0) <> d.employee_id AND ic.manager_shared = 1))"
/* Per report and open dossier the manager holds (two cycles open: two
 * rows, so the older cycle's open work is not hidden; issue 15), its
 * next conversation that is not closed, and its items past their
 * deadline that the manager may see.  A report without an open dossier
 * still has one row.
 * Joins with "no later one" conditions rather than scalar subqueries in
 * ON or in a derived table: MariaDB ran those again for every reference
 * (360 times for twelve reports).  By name, then a person's dossiers
 * oldest first: a sort of one team's rows, a few dozen. */
static struct db_stmt_def q_team = DB_STMT(
	"SELECT e.id, e.login, e.name, COALESCE(d.id, 0), COALESCE(c.id, 0),"
	" COALESCE(c.type, ''), COALESCE(c.status, ''), COALESCE(c.due_on, ''),"
	" COALESCE(DATE_FORMAT(c.scheduled_at, '%Y-%m-%dT%H:%i'), ''),"
	" COALESCE(cy.name, ''),"
	" (SELECT COUNT(*) FROM item i"
	"   LEFT JOIN conversation ic ON ic.id = i.created_in_conversation_id"
	"   WHERE i.dossier_id = d.id"
	"   AND i.deadline < UTC_DATE() AND i.status IN ('open', 'on_track', 'at_risk')"
	"   AND " MANAGER_SEES_ITEM ")"
	" FROM employee e"
	" LEFT JOIN dossier d ON d.employee_id = e.id AND d.manager_id = ? AND d.status = 'open'"
	" LEFT JOIN cycle cy ON cy.id = d.cycle_id"
	" LEFT JOIN conversation c ON c.dossier_id = d.id AND c.status <> 'closed'"
	"  AND NOT EXISTS (SELECT 1 FROM conversation c2 WHERE c2.dossier_id = d.id"
	"   AND c2.status <> 'closed' AND c2.seq < c.seq)"
	" WHERE e.manager_id = ? AND e.active = 1 ORDER BY e.name, e.id, d.id");
/* What waits for someone: their own conversations to prepare or sign
 * (q_todo_own), and as a manager those to hold, finalize or sign
 * (q_todo_held).  Two statements, each from one index of dossier
 * (dossier_employee, dossier_manager_status): as one with "employee_id =
 * ? OR manager_id = ?" MariaDB read every open dossier of the cycle (3.5
 * ms at a thousand employees), as a UNION it made a temporary table.
 * STRAIGHT_JOIN: from the dossiers, always -- on a small organisation
 * the optimizer was seen to start from a scan of every employee.  The
 * newest dossiers first, read backwards along the same index, so that
 * past TODO_MAX a stale cycle's leftovers drop off, never this cycle's
 * work (without an order MariaDB kept an arbitrary TODO_MAX); the page
 * orders them by urgency (rules/urgency.h), with "overdue"
 * by the database's date as the reports count it.  Preparing is asked for the
 * next conversation only; a report waiting to be finalized or signed is
 * listed whatever comes before it. */
#define TODO_COLUMNS(actions) \
	" c.id, c.type, c.status, d.id, cy.name, COALESCE(c.due_on, '')," \
	" COALESCE(DATE_FORMAT(c.scheduled_at, '%Y-%m-%dT%H:%i'), ''), e.name," \
	" CASE WHEN c.status IN ('planned', 'preparing') THEN 'prepare' " actions \
	" ELSE '' END AS action," \
	" c.seq = (SELECT MIN(c3.seq) FROM conversation c3 WHERE c3.dossier_id = d.id" \
	"   AND c3.status <> 'closed') AS is_next," \
	" cy.id, COALESCE(c.due_on < UTC_DATE(), 0)"
#define TODO_JOINS \
	" JOIN conversation c ON c.dossier_id = d.id" \
	" JOIN cycle cy ON cy.id = d.cycle_id JOIN employee e ON e.id = d.employee_id"
#define TODO_SELECT(actions) \
	"SELECT STRAIGHT_JOIN" TODO_COLUMNS(actions) " FROM dossier d" TODO_JOINS
#define TODO_END \
	" AND d.status = 'open' AND c.status IN ('planned', 'preparing', 'held', 'finalized')" \
	" HAVING action <> '' AND (action <> 'prepare' OR is_next)" \
	" ORDER BY d.id DESC LIMIT " STR(TODO_MAX)
/* The employee's signature of the current round, not yet given (own) or
 * given (held: the manager signs after the employee). */
#define EMPLOYEE_SIGNED \
	"EXISTS (SELECT 1 FROM signature s WHERE s.conversation_id = c.id" \
	" AND s.role = 'employee' AND s.voided_at IS NULL AND s.snapshot_sha256 IS NULL)"
static struct db_stmt_def q_todo_own = DB_STMT(
	TODO_SELECT(" WHEN c.status = 'finalized' AND NOT " EMPLOYEE_SIGNED " THEN 'sign'")
	" WHERE d.employee_id = ?" TODO_END);
#define TODO_MANAGER_ACTIONS \
	" WHEN c.status = 'held' THEN 'finalize'" \
	" WHEN c.status = 'finalized' AND " EMPLOYEE_SIGNED " THEN 'sign'"
static struct db_stmt_def q_todo_held = DB_STMT(
	TODO_SELECT(TODO_MANAGER_ACTIONS) " WHERE d.manager_id = ?" TODO_END);
/* The manager's cards of the dossiers a deputy holds on `today` (issue
 * 17), with the manager's name: from the deputy's appointments (key
 * deputy_acting), to the dossiers of their manager (dossier_manager_status)
 * that they cover -- q_borrowed's (store/deputy.c) dossiers. */
static struct db_stmt_def q_todo_borrowed = DB_STMT(
	"SELECT STRAIGHT_JOIN" TODO_COLUMNS(TODO_MANAGER_ACTIONS) ", m.name"
	" FROM deputy p JOIN dossier d ON d.manager_id = p.manager_id"
	"  AND (p.employee_id IS NULL OR p.employee_id = d.employee_id)" TODO_JOINS
	" JOIN employee m ON m.id = d.manager_id"
	" WHERE p.deputy_id = ? AND p.ended_at IS NULL AND p.starts_on <= ? AND p.ends_on >= ?"
	" AND d.employee_id <> p.deputy_id AND cy.status <> 'closed'" TODO_END);

void
employee_from_row(const struct db_row *r, size_t first, struct employee *e)
{
	e->id = db_int(r, first);
	strlcopy(e->login, db_str(r, first + 1), sizeof(e->login));
	strlcopy(e->name, db_str(r, first + 2), sizeof(e->name));
	strlcopy(e->email, db_str(r, first + 3), sizeof(e->email));
	e->department_id = db_int(r, first + 4);
	e->manager_id = db_int(r, first + 5);
	e->is_hr = db_int(r, first + 6) != 0;
	e->active = db_int(r, first + 7) != 0;
	e->is_manager = db_int(r, first + 8) != 0;
}

static int
employee_row(void *ud, const struct db_row *r)
{
	employee_from_row(r, 0, ud);
	return DB_OK;
}

static int
one_employee(struct db *db, struct db_stmt_def *q, struct db_arg arg, struct employee *out)
{
	int st;

	memset(out, 0, sizeof(*out));
	if ((st = db_query(db, q, &arg, 1, employee_row, out)) != DB_OK)
		return st;
	return out->id ? DB_OK : DB_NOTFOUND;
}

int
employee_by_id(struct db *db, int64_t id, struct employee *out)
{
	return one_employee(db, &q_by_id, DB_INT(id), out);
}

int
employee_by_login(struct db *db, const char *login, struct employee *out)
{
	return one_employee(db, &q_by_login, DB_STR(login), out);
}

struct create_tx {
	const char *login, *name;
	int64_t *id;
};

/* The new employee counts among the active ones (store/headcount.h) in
 * the same transaction. */
static int
create_tx(struct db *db, void *ud)
{
	struct create_tx *t = ud;
	int st = db_exec(db, &q_create, DB_ARGS(DB_STR(t->login), DB_STR(t->name)), NULL, t->id);

	return st != DB_OK ? st : headcount_employee(db, *t->id);
}

int
employee_create(struct db *db, const char *login, const char *name, int64_t *id)
{
	struct create_tx t = { login, name, id };

	return db_tx(db, create_tx, &t);
}

struct dossier_cb {
	dossier_fn fn;
	void *ud;
};

static int
dossier_row(void *ud, const struct db_row *r)
{
	struct dossier_cb *cb = ud;
	struct dossier_row d = {
		.id = db_int(r, 0), .cycle = db_str(r, 1), .status = db_str(r, 2),
		.manager_name = db_str(r, 3), .starts_on = db_str(r, 4),
	};

	return cb->fn(cb->ud, &d);
}

int
dossiers_of_employee(struct db *db, int64_t employee_id, dossier_fn fn, void *ud)
{
	struct dossier_cb cb = { fn, ud };

	return db_query(db, &q_dossiers, DB_ARGS(DB_INT(employee_id)), dossier_row, &cb);
}

struct member_cb {
	member_fn fn;
	void *ud;
};

static int
member_row(void *ud, const struct db_row *r)
{
	struct member_cb *cb = ud;
	struct member_row m = {
		.id = db_int(r, 0), .login = db_str(r, 1), .name = db_str(r, 2),
		.dossier_id = db_int(r, 3), .next_id = db_int(r, 4), .next_type = db_str(r, 5),
		.next_status = db_str(r, 6), .next_due = db_str(r, 7), .next_at = db_str(r, 8),
		.cycle = db_str(r, 9), .overdue = db_int(r, 10),
	};

	return cb->fn(cb->ud, &m);
}

int
team_of_manager(struct db *db, int64_t manager_id, member_fn fn, void *ud)
{
	struct member_cb cb = { fn, ud };

	return db_query(db, &q_team, DB_ARGS(DB_INT(manager_id), DB_INT(manager_id)),
	    member_row, &cb);
}

struct todo_cb {
	todo_fn fn;
	void *ud;
};

/* The columns of TODO_COLUMNS; manager_name "" (the reader's own). */
static struct todo_row
todo_of_row(const struct db_row *r)
{
	return (struct todo_row){
		.conversation_id = db_int(r, 0), .type = db_str(r, 1), .status = db_str(r, 2),
		.dossier_id = db_int(r, 3), .cycle = db_str(r, 4), .due_on = db_str(r, 5),
		.scheduled_at = db_str(r, 6), .employee_name = db_str(r, 7), .action = db_str(r, 8),
		.cycle_id = db_int(r, 10), .overdue = db_int(r, 11) != 0, .manager_name = "",
	};
}

static int
todo_row(void *ud, const struct db_row *r)
{
	struct todo_cb *cb = ud;
	struct todo_row t = todo_of_row(r);

	return cb->fn(cb->ud, &t);
}

/* q_todo_borrowed's: the manager's name follows the TODO_COLUMNS. */
#define TODO_COL_MANAGER 12
static int
todo_borrowed_row(void *ud, const struct db_row *r)
{
	struct todo_cb *cb = ud;
	struct todo_row t = todo_of_row(r);

	t.manager_name = db_str(r, TODO_COL_MANAGER);
	return cb->fn(cb->ud, &t);
}

int
todo_of_deputy(struct db *db, int64_t deputy_id, const char *today, todo_fn fn, void *ud)
{
	struct todo_cb cb = { fn, ud };

	return db_query(db, &q_todo_borrowed, DB_ARGS(DB_INT(deputy_id), DB_STR(today),
	    DB_STR(today)), todo_borrowed_row, &cb);
}

int
todo_of_employee(struct db *db, int64_t id, todo_fn fn, void *ud)
{
	struct todo_cb cb = { fn, ud };

	int st = db_query(db, &q_todo_own, DB_ARGS(DB_INT(id)), todo_row, &cb);

	if (st != DB_OK)
		return st;
	return db_query(db, &q_todo_held, DB_ARGS(DB_INT(id)), todo_row, &cb);
}
