/* advisor.c -- see advisor.h. */
#include "config.h"

#include <string.h>

#include "store/advisor.h"
#include "store/audit.h"
#include "store/db.h"
#include "base/util.h"

static struct db_stmt_def q_covers = DB_STMT(
	"SELECT 1 FROM hr_advisor_department a"
	" JOIN department_ancestor da ON da.up = a.department_id"
	" WHERE a.employee_id = ? AND da.dep = ? LIMIT 1");
static struct db_stmt_def q_of_department = DB_STMT(
	"SELECT e.id, e.login, e.name, a.department_id, d.name"
	" FROM department_ancestor da"
	" JOIN hr_advisor_department a ON a.department_id = da.up"
	" JOIN employee e ON e.id = a.employee_id JOIN department d ON d.id = a.department_id"
	" WHERE da.dep = ? ORDER BY e.name, e.id, da.depth");
/* The department row locked: an assignment to a department being deleted
 * waits for it, and then finds nothing. */
static struct db_stmt_def q_department = DB_STMT(
	"SELECT id FROM department WHERE id = ? FOR UPDATE");
static struct db_stmt_def q_advisor = DB_STMT(
	"SELECT id FROM employee WHERE login = ? AND active = 1");
static struct db_stmt_def q_add = DB_STMT(
	"INSERT IGNORE INTO hr_advisor_department (employee_id, department_id) VALUES (?, ?)");
static struct db_stmt_def q_remove = DB_STMT(
	"DELETE FROM hr_advisor_department WHERE employee_id = ? AND department_id = ?");

static int
found(void *ud, const struct db_row *r)
{
	*(int64_t *)ud = db_int(r, 0);
	return DB_OK;
}

int
advisor_covers(struct db *db, int64_t advisor_id, int64_t department_id, bool *yes)
{
	int64_t one = 0;
	int st;

	*yes = false;
	if (department_id <= 0)
		return DB_OK;
	st = db_query(db, &q_covers, DB_ARGS(DB_INT(advisor_id), DB_INT(department_id)), found,
	    &one);
	*yes = st == DB_OK && one == 1;
	return st;
}

struct advisor_cb {
	advisor_fn fn;
	void *ud;
};

static int
advisor_row(void *ud, const struct db_row *r)
{
	struct advisor_cb *cb = ud;
	struct advisor_row a = {
		.employee_id = db_int(r, 0), .login = db_str(r, 1), .name = db_str(r, 2),
		.department_id = db_int(r, 3), .department = db_str(r, 4),
	};

	return cb->fn(cb->ud, &a);
}

int
advisors_of_department(struct db *db, int64_t department_id, advisor_fn fn, void *ud)
{
	struct advisor_cb cb = { fn, ud };

	return db_query(db, &q_of_department, DB_ARGS(DB_INT(department_id)), advisor_row, &cb);
}

struct assign_tx {
	int64_t actor, department_id;
	const char *login;
	bool remove;
	enum advisor_problem *problem;
};

static int
assign_tx(struct db *db, void *ud)
{
	struct assign_tx *t = ud;
	int64_t dep = 0, advisor = 0;
	uint64_t changed = 0;
	struct buf detail;
	int st;

	*t->problem = ADVISOR_OK;
	if ((st = db_query(db, &q_department, DB_ARGS(DB_INT(t->department_id)), found,
	    &dep)) != DB_OK)
		return st;
	if (dep == 0) {
		*t->problem = ADVISOR_NO_DEPARTMENT;
		return DB_OK;
	}
	if ((st = db_query(db, &q_advisor, DB_ARGS(DB_STR(t->login)), found, &advisor)) != DB_OK)
		return st;
	if (advisor == 0) {
		*t->problem = ADVISOR_UNKNOWN;
		return DB_OK;
	}
	st = db_exec(db, t->remove ? &q_remove : &q_add, DB_ARGS(DB_INT(advisor),
	    DB_INT(t->department_id)), &changed, NULL);
	if (st != DB_OK || changed == 0)
		return st;
	buf_init(&detail);
	audit_value(&detail, "advisor", t->login);
	st = detail.failed ? DB_ERROR : audit_add(db, t->actor, "department", t->department_id,
	    t->remove ? "advisor_removed" : "advisor_assigned", detail.data);
	buf_free(&detail);
	return st;
}

int
advisor_assign(struct db *db, int64_t actor, int64_t department_id, const char *login,
    bool remove, enum advisor_problem *problem)
{
	struct assign_tx t = { .actor = actor, .department_id = department_id, .login = login,
		.remove = remove, .problem = problem };

	return db_tx(db, assign_tx, &t);
}

/* ---- the advisor's list of dossiers ---- */

/* The department rule is advisor_covers's: the employee (e) lies at or
 * below a department assigned to the advisor; params: all, advisor. */
#define ADVISOR_REACH(e) \
	" (? = 1 OR EXISTS (SELECT 1 FROM hr_advisor_department a" \
	"  JOIN department_ancestor da ON da.up = a.department_id" \
	"  WHERE a.employee_id = ? AND da.dep = " e ".department_id))"

/* Ordered by the employee's name and the dossier id: a page starts after
 * the dossier the one before ended with (a keyset, so a page costs the
 * same wherever it lies).  The cursor's dossier must be in reach too:
 * after one outside it the page is empty, so a cursor tells nothing of a
 * dossier the advisor may not read (not even where its name sorts). */
static struct db_stmt_def q_list = DB_STMT(
	"SELECT d.id, d.cycle_id, cy.name, d.status, e.name, e.login, COALESCE(dp.name, ''),"
	" COALESCE(m.name, '')"
	" FROM dossier d JOIN employee e ON e.id = d.employee_id JOIN cycle cy ON cy.id = d.cycle_id"
	" LEFT JOIN department dp ON dp.id = e.department_id"
	" LEFT JOIN employee m ON m.id = d.manager_id"
	" WHERE" ADVISOR_REACH("e")
	" AND (? = 0 OR d.cycle_id = ?)"
	" AND (? = '' OR INSTR(e.name, ?) > 0 OR e.login = ?)"
	" AND (? = 0 OR (e.name, d.id) > (SELECT ae.name, ad.id FROM dossier ad"
	"  JOIN employee ae ON ae.id = ad.employee_id WHERE ad.id = ? AND" ADVISOR_REACH("ae") "))"
	" ORDER BY e.name, d.id LIMIT ?");

struct list_cb {
	advisor_dossier_fn fn;
	void *ud;
};

static int
list_row(void *ud, const struct db_row *r)
{
	struct list_cb *cb = ud;
	struct advisor_dossier d = {
		.id = db_int(r, 0), .cycle_id = db_int(r, 1), .cycle = db_str(r, 2),
		.status = db_str(r, 3), .employee = db_str(r, 4), .login = db_str(r, 5),
		.department = db_str(r, 6), .manager = db_str(r, 7),
	};

	return cb->fn(cb->ud, &d);
}

int
advisor_dossiers(struct db *db, const struct advisor_list_query *q, advisor_dossier_fn fn,
    void *ud)
{
	struct list_cb cb = { fn, ud };
	const char *name = q->name ? q->name : "";

	return db_query(db, &q_list, DB_ARGS(DB_INT(q->all ? 1 : 0), DB_INT(q->advisor_id),
	    DB_INT(q->cycle_id), DB_INT(q->cycle_id), DB_STR(name), DB_STR(name), DB_STR(name),
	    DB_INT(q->after), DB_INT(q->after), DB_INT(q->all ? 1 : 0), DB_INT(q->advisor_id),
	    DB_INT(q->limit)), list_row, &cb);
}
