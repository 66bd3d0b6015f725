/* headcount.c -- the kept counts of people (design in store/headcount.h;
 * sql/082, sql/100): a cycle's dossiers per status, and per department its
 * active employees and those with a dossier of each cycle, its own and
 * its whole subtree's.
 *
 * A change of one dossier's status is an increment; everything else is a
 * recount of the rows it names (a department, a cycle) written over the
 * stored ones: first the stored rows set to 0, then the recount's rows
 * written -- a key the recount no longer finds stays at 0, as the
 * summaries' rows do (reads and the verify ignore a 0). */
#include "config.h"

#include <stddef.h>

#include "store/db.h"
#include "store/headcount.h"

/* Written over a stored row by a recount (INSERT ... SELECT). */
#define RECOUNTED " ON DUPLICATE KEY UPDATE n = VALUES(n), updated_at = UTC_TIMESTAMP()"

static struct db_stmt_def q_add = DB_STMT(
	"INSERT INTO cycle_dossier_count (cycle_id, status, n) VALUES (?, ?, ?)"
	" ON DUPLICATE KEY UPDATE n = n + VALUES(n), updated_at = UTC_TIMESTAMP()");
static struct db_stmt_def q_cycle_zero = DB_STMT(
	"UPDATE cycle_dossier_count SET n = 0, updated_at = UTC_TIMESTAMP()"
	" WHERE cycle_id = ? AND n <> 0");
/* The cycle's range of dossier_cycle_status (sql/042), index only. */
static struct db_stmt_def q_cycle_count = DB_STMT(
	"INSERT INTO cycle_dossier_count (cycle_id, status, n)"
	" SELECT cycle_id, status, COUNT(*) FROM dossier WHERE cycle_id = ?"
	" GROUP BY cycle_id, status" RECOUNTED);
static struct db_stmt_def q_cycle_staff_zero = DB_STMT(
	"UPDATE department_staff SET n = 0, updated_at = UTC_TIMESTAMP()"
	" WHERE cycle_id = ? AND n <> 0");
/* The dossiers of active employees per department; the employee's
 * department is NULL for none: stored as 0. */
#define STAFF_WITH_DOSSIER(WHERE, GROUP) \
	"SELECT d.cycle_id AS c, COALESCE(e.department_id, 0) AS dep, COUNT(*) AS n" \
	" FROM dossier d JOIN employee e ON e.id = d.employee_id" \
	" WHERE e.active = 1" WHERE " GROUP BY d.cycle_id" GROUP
#define STAFF_ACTIVE(WHERE, GROUP) \
	"SELECT 0 AS c, COALESCE(e.department_id, 0) AS dep, COUNT(*) AS n FROM employee e" \
	" WHERE e.active = 1" WHERE GROUP
static struct db_stmt_def q_cycle_staff = DB_STMT(
	"INSERT INTO department_staff (cycle_id, department_id, n) "
	STAFF_WITH_DOSSIER(" AND d.cycle_id = ?", ", COALESCE(e.department_id, 0)") RECOUNTED);
/* One department's rows (0: the employees without one); params: the
 * department for the key, then for the rows.  Its employees by the
 * department's key, their dossiers by the employee's. */
#define IN_DEPT " AND e.department_id <=> NULLIF(?, 0)"
static struct db_stmt_def q_dept_zero = DB_STMT(
	"UPDATE department_staff SET n = 0, updated_at = UTC_TIMESTAMP()"
	" WHERE department_id = ? AND n <> 0");
static struct db_stmt_def q_dept_active = DB_STMT(
	"INSERT INTO department_staff (cycle_id, department_id, n)"
	" SELECT 0, ?, COUNT(*) FROM employee e WHERE e.active = 1" IN_DEPT RECOUNTED);
static struct db_stmt_def q_dept_with = DB_STMT(
	"INSERT INTO department_staff (cycle_id, department_id, n)"
	" SELECT d.cycle_id, ?, COUNT(*) FROM employee e JOIN dossier d ON d.employee_id = e.id"
	" WHERE e.active = 1" IN_DEPT " GROUP BY d.cycle_id" RECOUNTED);
/* ---- the subtree counts (department_tree_staff, sql/100) ----
 * A department's own rows passed on to its subtree counts and every
 * ancestor's (SIGN "-": taken out before its recount, "": added after),
 * by the department's key; department 0 has no ancestors.  params: the
 * department. */
/* Qualified: the rows come from tables with an n and an updated_at of
 * their own, which MariaDB would find ambiguous. */
#define TREE_ADD \
	" ON DUPLICATE KEY UPDATE department_tree_staff.n = department_tree_staff.n + VALUES(n)," \
	" department_tree_staff.updated_at = UTC_TIMESTAMP()"
#define TREE_RECOUNTED \
	" ON DUPLICATE KEY UPDATE department_tree_staff.n = VALUES(n)," \
	" department_tree_staff.updated_at = UTC_TIMESTAMP()"
#define TREE_OF_DEPT(SIGN) \
	"INSERT INTO department_tree_staff (cycle_id, department_id, n)" \
	" SELECT t.cycle_id, a.up, " SIGN "t.n FROM department_staff t" \
	" JOIN department_ancestor a ON a.dep = t.department_id" \
	" WHERE t.department_id = ? AND t.n <> 0 ORDER BY t.cycle_id, a.up" TREE_ADD
static struct db_stmt_def q_tree_out = DB_STMT(TREE_OF_DEPT("-"));
static struct db_stmt_def q_tree_in = DB_STMT(TREE_OF_DEPT(""));
/* One cycle's subtree counts (0: the active employees) written over from
 * its own counts, as the own counts are (zeroed first, RECOUNTED). */
static struct db_stmt_def q_tree_cycle_zero = DB_STMT(
	"UPDATE department_tree_staff SET n = 0, updated_at = UTC_TIMESTAMP()"
	" WHERE cycle_id = ? AND n <> 0");
#define TREE_OF_STAFF(WHERE) \
	"SELECT t.cycle_id, a.up, SUM(t.n) FROM department_staff t" \
	" JOIN department_ancestor a ON a.dep = t.department_id" WHERE \
	" GROUP BY t.cycle_id, a.up"
static struct db_stmt_def q_tree_cycle = DB_STMT(
	"INSERT INTO department_tree_staff (cycle_id, department_id, n) "
	TREE_OF_STAFF(" WHERE t.cycle_id = ?") TREE_RECOUNTED);
/* A department moved (store/department.c): its subtree's counts taken out
 * of its old ancestors' (SIGN "-", before the stored ancestors change) and
 * added to the new ones' (after); params: the department twice. */
#define TREE_MOVE(SIGN) \
	"INSERT INTO department_tree_staff (cycle_id, department_id, n)" \
	" SELECT t.cycle_id, a.up, " SIGN "t.n FROM department_tree_staff t" \
	" JOIN department_ancestor a ON a.dep = ? AND a.depth > 0" \
	" WHERE t.department_id = ? AND t.n <> 0 ORDER BY t.cycle_id, a.up" TREE_ADD
static struct db_stmt_def q_tree_move_out = DB_STMT(TREE_MOVE("-"));
static struct db_stmt_def q_tree_move_in = DB_STMT(TREE_MOVE(""));
static struct db_stmt_def q_department_of = DB_STMT(
	"SELECT COALESCE(department_id, 0) FROM employee WHERE id = ?");

/* ---- the rebuild and the verify: every row ---- */

static struct db_stmt_def q_clear_counts = DB_STMT("DELETE FROM cycle_dossier_count");
static struct db_stmt_def q_clear_staff = DB_STMT("DELETE FROM department_staff");
#define ALL_COUNTS "SELECT cycle_id, status, COUNT(*) FROM dossier GROUP BY cycle_id, status"
#define ALL_ACTIVE STAFF_ACTIVE("", " GROUP BY COALESCE(e.department_id, 0)")
#define ALL_WITH STAFF_WITH_DOSSIER("", ", COALESCE(e.department_id, 0)")
static struct db_stmt_def q_all_counts = DB_STMT(
	"INSERT INTO cycle_dossier_count (cycle_id, status, n) " ALL_COUNTS);
static struct db_stmt_def q_all_active = DB_STMT(
	"INSERT INTO department_staff (cycle_id, department_id, n) " ALL_ACTIVE);
static struct db_stmt_def q_all_with = DB_STMT(
	"INSERT INTO department_staff (cycle_id, department_id, n) " ALL_WITH);
static struct db_stmt_def q_clear_tree = DB_STMT("DELETE FROM department_tree_staff");
static struct db_stmt_def q_all_tree = DB_STMT(
	"INSERT INTO department_tree_staff (cycle_id, department_id, n) " TREE_OF_STAFF(""));
/* The stored rows against the recount, summed per key: the keys whose
 * sums differ, in summary_diff's columns (summary_diff_row). */
#define DIFF_COLUMNS(TABLE, KIND) \
	"SELECT '" TABLE "', 0, k1, k2, 0, '" KIND "', '', k3, 0, '9999-12-31'," \
	" SUM(stored), SUM(recount)"
static struct db_stmt_def q_verify_counts = DB_STMT(
	DIFF_COLUMNS("cycle_dossier_count", "dossiers")
	" FROM (SELECT cycle_id AS k1, 0 AS k2, CONVERT(status USING ascii) AS k3, n AS stored,"
	" 0 AS recount FROM cycle_dossier_count"
	" UNION ALL SELECT cycle_id, 0, CONVERT(status USING ascii), 0, COUNT(*) FROM dossier"
	" GROUP BY cycle_id, status) x"
	" GROUP BY k1, k2, k3 HAVING SUM(stored) <> SUM(recount) ORDER BY k1, k3");
static struct db_stmt_def q_verify_staff = DB_STMT(
	DIFF_COLUMNS("department_staff", "employees")
	" FROM (SELECT cycle_id AS k1, department_id AS k2, '' AS k3, n AS stored, 0 AS recount"
	" FROM department_staff"
	" UNION ALL SELECT t.c, t.dep, '', 0, t.n FROM (" ALL_ACTIVE ") t"
	" UNION ALL SELECT t.c, t.dep, '', 0, t.n FROM (" ALL_WITH ") t) x"
	" GROUP BY k1, k2, k3 HAVING SUM(stored) <> SUM(recount) ORDER BY k1, k2");
/* The subtree counts against the own counts summed over the stored
 * ancestors (which the verify above holds to the rows). */
static struct db_stmt_def q_verify_tree = DB_STMT(
	DIFF_COLUMNS("department_tree_staff", "employees")
	" FROM (SELECT cycle_id AS k1, department_id AS k2, '' AS k3, n AS stored, 0 AS recount"
	" FROM department_tree_staff"
	" UNION ALL SELECT t.cycle_id, a.up, '', 0, t.n FROM department_staff t"
	" JOIN department_ancestor a ON a.dep = t.department_id) x"
	" GROUP BY k1, k2, k3 HAVING SUM(stored) <> SUM(recount) ORDER BY k1, k2");

int
headcount_dossiers(struct db *db, int64_t cycle_id, const char *from, const char *to,
    int64_t n)
{
	int st;

	if (n == 0)
		return DB_OK;
	if (from && (st = db_exec(db, &q_add, DB_ARGS(DB_INT(cycle_id), DB_STR(from), DB_INT(-n)),
	    NULL, NULL)) != DB_OK)
		return st;
	if (to && (st = db_exec(db, &q_add, DB_ARGS(DB_INT(cycle_id), DB_STR(to), DB_INT(n)),
	    NULL, NULL)) != DB_OK)
		return st;
	return DB_OK;
}

/* One cycle's subtree counts (0: the active employees) from its own. */
static int
tree_cycle(struct db *db, int64_t cycle_id)
{
	int st = db_exec(db, &q_tree_cycle_zero, DB_ARGS(DB_INT(cycle_id)), NULL, NULL);

	return st != DB_OK ? st : db_exec(db, &q_tree_cycle, DB_ARGS(DB_INT(cycle_id)), NULL, NULL);
}

int
headcount_cycle(struct db *db, int64_t cycle_id)
{
	int st;

	if ((st = db_exec(db, &q_cycle_zero, DB_ARGS(DB_INT(cycle_id)), NULL, NULL)) != DB_OK ||
	    (st = db_exec(db, &q_cycle_count, DB_ARGS(DB_INT(cycle_id)), NULL, NULL)) != DB_OK ||
	    (st = db_exec(db, &q_cycle_staff_zero, DB_ARGS(DB_INT(cycle_id)), NULL, NULL)) != DB_OK ||
	    (st = db_exec(db, &q_cycle_staff, DB_ARGS(DB_INT(cycle_id)), NULL, NULL)) != DB_OK)
		return st;
	return tree_cycle(db, cycle_id);
}

/* The department's own counts recounted, the change passed on to the
 * subtree counts: the stored ones taken out first, the recount's added
 * after -- a few rows per ancestor, not a recount of any subtree. */
int
headcount_department(struct db *db, int64_t department_id)
{
	int st;

	if ((st = db_exec(db, &q_tree_out, DB_ARGS(DB_INT(department_id)), NULL, NULL)) != DB_OK ||
	    (st = db_exec(db, &q_dept_zero, DB_ARGS(DB_INT(department_id)), NULL, NULL)) != DB_OK ||
	    (st = db_exec(db, &q_dept_active, DB_ARGS(DB_INT(department_id),
	    DB_INT(department_id)), NULL, NULL)) != DB_OK ||
	    (st = db_exec(db, &q_dept_with, DB_ARGS(DB_INT(department_id), DB_INT(department_id)),
	    NULL, NULL)) != DB_OK)
		return st;
	return db_exec(db, &q_tree_in, DB_ARGS(DB_INT(department_id)), NULL, NULL);
}

int
headcount_tree_move_out(struct db *db, int64_t department_id)
{
	return db_exec(db, &q_tree_move_out, DB_ARGS(DB_INT(department_id),
	    DB_INT(department_id)), NULL, NULL);
}

int
headcount_tree_move_in(struct db *db, int64_t department_id)
{
	return db_exec(db, &q_tree_move_in, DB_ARGS(DB_INT(department_id),
	    DB_INT(department_id)), NULL, NULL);
}

static int
first_int(void *ud, const struct db_row *r)
{
	*(int64_t *)ud = db_int(r, 0);
	return DB_OK;
}

int
headcount_department_of(struct db *db, int64_t employee_id, int64_t *department_id)
{
	int st;

	*department_id = -1;
	st = db_query(db, &q_department_of, DB_ARGS(DB_INT(employee_id)), first_int,
	    department_id);
	if (st != DB_OK)
		return st;
	return *department_id < 0 ? DB_NOTFOUND : DB_OK;
}

int
headcount_employee(struct db *db, int64_t employee_id)
{
	int64_t dep;
	int st = headcount_department_of(db, employee_id, &dep);

	return st != DB_OK ? st : headcount_department(db, dep);
}

static struct db_stmt_def q_active_zero = DB_STMT(
	"UPDATE department_staff SET n = 0, updated_at = UTC_TIMESTAMP()"
	" WHERE cycle_id = 0 AND n <> 0");
static struct db_stmt_def q_active_all = DB_STMT(
	"INSERT INTO department_staff (cycle_id, department_id, n) " ALL_ACTIVE RECOUNTED);

int
headcount_repair_cycle_tx(struct db *db, int64_t cycle_id)
{
	int st;

	if ((st = headcount_cycle(db, cycle_id)) != DB_OK ||
	    (st = db_exec(db, &q_active_zero, DB_NOARGS, NULL, NULL)) != DB_OK ||
	    (st = db_exec(db, &q_active_all, DB_NOARGS, NULL, NULL)) != DB_OK)
		return st;
	return tree_cycle(db, 0);
}

int
headcount_rebuild_tx(struct db *db)
{
	int st;

	if ((st = db_exec(db, &q_clear_counts, DB_NOARGS, NULL, NULL)) != DB_OK ||
	    (st = db_exec(db, &q_all_counts, DB_NOARGS, NULL, NULL)) != DB_OK ||
	    (st = db_exec(db, &q_clear_staff, DB_NOARGS, NULL, NULL)) != DB_OK ||
	    (st = db_exec(db, &q_all_active, DB_NOARGS, NULL, NULL)) != DB_OK ||
	    (st = db_exec(db, &q_all_with, DB_NOARGS, NULL, NULL)) != DB_OK ||
	    (st = db_exec(db, &q_clear_tree, DB_NOARGS, NULL, NULL)) != DB_OK)
		return st;
	return db_exec(db, &q_all_tree, DB_NOARGS, NULL, NULL);
}

int
headcount_verify_tx(struct db *db, db_row_fn row, void *ud)
{
	int st;

	if ((st = db_query(db, &q_verify_counts, DB_NOARGS, row, ud)) != DB_OK ||
	    (st = db_query(db, &q_verify_staff, DB_NOARGS, row, ud)) != DB_OK)
		return st;
	return db_query(db, &q_verify_tree, DB_NOARGS, row, ud);
}
