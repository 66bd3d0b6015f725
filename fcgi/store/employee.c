/* employee.c -- employees (the start page's lists: dashboard.c). */
#include "config.h"

#include <string.h>

#include "store/rows.h"
#include "store/dashboard_sql.h"
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
static struct db_stmt_def q_team = DB_STMT(
	"SELECT " TEAM_COLUMNS TEAM_REST);

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

struct member_row
member_of_row(const struct db_row *r)
{
	return (struct member_row){
		.id = db_int(r, 0), .login = db_str(r, 1), .name = db_str(r, 2),
		.dossier_id = db_int(r, 3), .next_id = db_int(r, 4), .next_type = db_str(r, 5),
		.next_status = db_str(r, 6), .next_due = db_str(r, 7), .next_at = db_str(r, 8),
		.cycle = db_str(r, 9), .overdue = db_int(r, 10),
	};
}

struct member_cb {
	member_fn fn;
	void *ud;
};

static int
member_row(void *ud, const struct db_row *r)
{
	struct member_cb *cb = ud;
	struct member_row m = member_of_row(r);

	return cb->fn(cb->ud, &m);
}

int
team_of_manager(struct db *db, int64_t manager_id, member_fn fn, void *ud)
{
	struct member_cb cb = { fn, ud };

	return db_query(db, &q_team, DB_ARGS(DB_INT(manager_id), DB_INT(manager_id)),
	    member_row, &cb);
}
