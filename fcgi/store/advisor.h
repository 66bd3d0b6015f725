/* advisor.h -- the departments assigned to HR advisors (issue 17,
 * sql/086_hr_roles.sql, hr_advisor_department): an advisor reads the
 * content of dossiers whose employee is in an assigned department or
 * below one.  Every function returns an enum db_status (store/status.h). */
#ifndef GESPREK_STORE_ADVISOR_H
#define GESPREK_STORE_ADVISOR_H

#include <stdbool.h>
#include <stdint.h>

#include "store/status.h"

/* *yes: department_id is assigned to advisor_id, or lies below one that
 * is (department_ancestor).  department_id 0 (none) is covered by nobody. */
int advisor_covers(struct db *db, int64_t advisor_id, int64_t department_id, bool *yes);

struct advisor_row {
	int64_t employee_id;
	const char *login;
	const char *name;
	int64_t department_id;	/* the assigned department */
	const char *department;	/* its name */
};
typedef int (*advisor_fn)(void *ud, const struct advisor_row *row);
/* The advisors of department_id: assigned to it or to a department above
 * it (inherited: department_id differs then), by name. */
int advisors_of_department(struct db *db, int64_t department_id, advisor_fn fn, void *ud);

/* Why an assignment was refused. */
enum advisor_problem {
	ADVISOR_OK,
	ADVISOR_UNKNOWN,	/* no active employee with that login */
	ADVISOR_NO_DEPARTMENT,	/* the department does not exist */
};
/* Assigns (remove false) or takes away (remove true) department_id to the
 * advisor with `login`, audited as actor's change of the department; a
 * repeat changes nothing (and writes no audit row).  *problem says what
 * was refused (DB_OK with nothing written). */
int advisor_assign(struct db *db, int64_t actor, int64_t department_id, const char *login,
    bool remove, enum advisor_problem *problem);

/* ---- the advisor's list of dossiers (issue 17, pages/advisor.c) ---- */

/* Dossiers a page of the list holds. */
#define ADVISOR_PAGE_ROWS 50

/* Which dossiers: those of employees in the departments assigned to
 * advisor_id (and below them), or every one (all: hr_group's advisors of
 * every department); of one cycle or any (0); whose employee's name holds
 * `name` or whose login is it ("" or NULL: any); after the dossier
 * `after` in the list's order, by employee name and dossier id (0: from
 * the start); at most `limit` rows. */
struct advisor_list_query {
	int64_t advisor_id;
	bool all;
	int64_t cycle_id;
	const char *name;
	int64_t after;
	int64_t limit;
};
struct advisor_dossier {
	int64_t id, cycle_id;
	const char *cycle, *status;	/* the dossier's */
	const char *employee, *login;
	const char *department;		/* "" when none */
	const char *manager;		/* "" when none */
};
typedef int (*advisor_dossier_fn)(void *ud, const struct advisor_dossier *d);
int advisor_dossiers(struct db *db, const struct advisor_list_query *q, advisor_dossier_fn fn,
    void *ud);

#endif
