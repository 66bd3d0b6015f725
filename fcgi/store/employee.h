/* employee.h -- what the store offers on employees (employee.c). Every
 * function returns an enum db_status (store/status.h); the SQL stays in
 * fcgi/store/. */
#ifndef GESPREK_STORE_EMPLOYEE_H
#define GESPREK_STORE_EMPLOYEE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/status.h"
#include "rules/person.h"

struct employee {
	int64_t id;
	char login[LOGIN_MAX + 1];
	char name[NAME_BYTES + 1];
	char email[EMAIL_MAX + 1];
	int64_t department_id;
	int64_t manager_id;
	bool is_hr;
	bool active;
	bool is_manager;	/* has active direct reports */
};

int employee_by_id(struct db *db, int64_t id, struct employee *out);
int employee_by_login(struct db *db, const char *login, struct employee *out);
/* Creates an employee on first login; *id receives the new id. */
int employee_create(struct db *db, const char *login, const char *name, int64_t *id);

/* Rows of the start page's lists (store/dashboard.h), one callback per row. */
struct dossier_row {
	int64_t id;
	const char *cycle;
	const char *status;
	const char *manager_name;
	const char *starts_on;		/* the cycle's */
};
typedef int (*dossier_fn)(void *ud, const struct dossier_row *row);

struct member_row {
	int64_t id;
	const char *login;
	const char *name;
	int64_t dossier_id;	/* an open dossier (one row each), 0 if none */
	const char *cycle;	/* its cycle's name, "" if none */
	int64_t next_id;	/* its next conversation not closed, 0 if none */
	const char *next_type, *next_status, *next_due, *next_at;
	int64_t overdue;	/* open items past their deadline */
	/* The dashboard's (store/dashboard.h): the name as the collation
	 * orders it, WEIGHT_STRING's bytes; else NULL. */
	const char *name_key;
	size_t name_key_len;
};
typedef int (*member_fn)(void *ud, const struct member_row *row);
/* A manager's active reports by name, each with their open dossiers
 * (store/dashboard_sql.h TEAM_COLUMNS). */
int team_of_manager(struct db *db, int64_t manager_id, member_fn fn, void *ud);

struct todo_row {
	int64_t conversation_id;
	const char *type, *status;
	int64_t dossier_id;
	const char *cycle, *due_on, *scheduled_at, *employee_name;
	const char *action;	/* prepare | finalize | sign */
	int64_t cycle_id;
	bool overdue;		/* due_on before the database's date */
	const char *manager_name;	/* a deputy's card: whose dossier; else "" */
};
typedef int (*todo_fn)(void *ud, const struct todo_row *row);
/* Conversations listed as one's own, and as the manager, at most. */
#define TODO_MAX 500

#endif
