/* plan.h -- what an import changes: the file's rows compared with the
 * employees in the database.  Pure code: store/import.c reads the database
 * into a struct org_db, plan_build decides, and the same plan is either
 * shown (dry run) or written (apply), so both always agree.
 *
 * Rules: an employee is known by login.  A login not in the database is
 * new; one whose name, e-mail, department, manager or active flag differs
 * is changed (an inactive employee in the file is active again); an active
 * employee absent from the file is deactivated, except the HR user who
 * imports.  A row whose leaving date has come (d->today or before) is
 * deactivated, or created inactive; a later date is only stored.  A
 * manager must be in the file or be that HR user (who stays
 * active): anyone else would be deactivated by this very import.  The
 * manager chains of the result may not loop. */
#ifndef GESPREK_PLAN_H
#define GESPREK_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rules/org.h"

#define PLAN_NONE SIZE_MAX

/* An employee as the database holds it. */
struct org_current {
	int64_t id;
	const char *login, *name, *email;
	const char *department;		/* name, "" when none */
	const char *manager;		/* login, "" when none */
	int64_t department_id, manager_id, version;
	bool active;
	const char *employee_number;	/* "" when none */
	const char *left_on;		/* YYYY-MM-DD, "" when none */
	bool is_hr;			/* employee.is_hr (the guard names them) */
	const char *job_profile;	/* the job profile's key, "" when none */
	int64_t job_profile_id;		/* 0: none */
};

/* A department named in the file and what it is in the database. */
struct org_dept {
	const char *name;		/* as the file spells it */
	int64_t id;			/* 0: new, created when applied */
	bool used;			/* by a good row */
	size_t parent;			/* the file's parent for it, PLAN_NONE */
};

/* A department of the database: its id and its parent's (0: none). */
struct org_tree_node {
	int64_t id, parent_id;
};

struct org_db {
	struct org_current *emp;
	size_t nemp, empcap;
	struct org_dept *dept;
	size_t ndept, deptcap;
	struct org_map by_login;	/* login -> emp index */
	struct org_map dept_by_name;	/* the file's spelling -> dept index */
	struct org_map by_number;	/* employee number -> emp index */
	struct org_tree_node *tree;	/* every department, by id */
	size_t ntree, treecap;
	struct org_map profile_by_key;	/* job profile key -> index of profile_id */
	int64_t *profile_id;
	size_t nprofiles, profilecap;
	char today[ORG_DATE_LEN + 1];	/* YYYY-MM-DD: a leaving date up to it has come */
	struct org_arena arena;
	int64_t importer_id;		/* never deactivated; 0: nobody (gesprekctl) */
	bool oom;
};

void org_db_init(struct org_db *d, int64_t importer_id);
void org_db_free(struct org_db *d);
/* Copies e's strings. */
void org_db_add_employee(struct org_db *d, const struct org_current *e);
void org_db_add_department(struct org_db *d, const char *name, int64_t id);
/* A department of the database with its parent, in id order. */
void org_db_add_tree(struct org_db *d, int64_t id, int64_t parent_id);
/* A job profile of the database (issue 16): its key and id. */
void org_db_add_profile(struct org_db *d, const char *key, int64_t id);
/* The id of the job profile with this key, 0 when none ("" is none). */
int64_t org_db_profile(const struct org_db *d, const char *key);

enum plan_kind { PLAN_SKIP, PLAN_UNCHANGED, PLAN_NEW, PLAN_CHANGED, PLAN_DEACTIVATE };

/* What differs for a changed employee. */
enum {
	PLAN_NAME = 1 << 0,
	PLAN_EMAIL = 1 << 1,
	PLAN_DEPARTMENT = 1 << 2,
	PLAN_MANAGER = 1 << 3,
	PLAN_ACTIVE = 1 << 4,
	PLAN_NUMBER = 1 << 5,
	PLAN_LEFT_ON = 1 << 6,
	PLAN_JOB_PROFILE = 1 << 7,
};

/* Items 0..f->n-1 are the file's rows in order (PLAN_SKIP for bad ones);
 * the deactivations follow. */
struct plan_item {
	enum plan_kind kind;
	size_t row;		/* file row, PLAN_NONE for a deactivation */
	size_t cur;		/* database employee, PLAN_NONE for a new one */
	size_t dept;		/* org_db dept, PLAN_NONE for none */
	size_t manager;		/* the manager's item, PLAN_NONE when none ... */
	int64_t manager_id;	/* ... or the importer, who is not in the file */
	unsigned changes;
	int64_t id;		/* employee id; new ones get theirs when applied */
	bool left;		/* the row's leaving date has come: inactive */
};

struct import_plan {
	struct plan_item *items;
	size_t n;
	size_t *order;		/* the new items, every manager before its reports */
	size_t norder;
	size_t nnew, nchanged, ndeactivated, nunchanged, nnewdepts;
};

/* For a file without a login column: finds the login of each row by its
 * employee number in d (a new employee keeps the number as login), and
 * each manager given by number.  Problems (a number that is another
 * employee's, a login twice) are added to f.  Run before plan_build; safe
 * to run again on the same file. */
void plan_resolve_numbers(struct org_file *f, const struct org_db *d);

/* The job-profile column: a key no job profile of d has is a problem of
 * its row (with the key), so an import naming one writes nothing.  Run
 * before plan_build, after the profiles are added to d. */
void plan_check_profiles(struct org_file *f, const struct org_db *d);

/* The parent-department column: each department of a good row gets the
 * row's parent as its parent in d (both added to d with
 * org_db_add_department first).  A department given two parents, its own
 * parent, or a parent that would put it under itself (through the file or
 * the database) is a problem of the row.  Run before plan_build. */
void plan_link_parents(struct org_file *f, struct org_db *d);
/* The parent of department id in the database (org_db_add_tree), 0 none. */
int64_t plan_tree_parent(const struct org_db *d, int64_t id);

/* Builds the plan; problems found here (unknown manager, manager loop) are
 * added to f.  False when out of memory. */
bool plan_build(struct org_file *f, struct org_db *d, struct import_plan *p);
void plan_free(struct import_plan *p);

/* Each field a change may touch, in the order they are reported. */
#define PLAN_FIELDS { PLAN_NAME, PLAN_EMAIL, PLAN_DEPARTMENT, PLAN_MANAGER, PLAN_ACTIVE, \
	PLAN_NUMBER, PLAN_LEFT_ON, PLAN_JOB_PROFILE }
/* "name", "email", "department", "manager", "active", "employee_number",
 * "left_on", "job_profile". */
const char *plan_field_name(unsigned field);
/* The value of field before and after the item is applied (department by
 * name, manager by login, active as 0/1; "" when none). */
void plan_values(const struct org_file *f, const struct org_db *d, const struct plan_item *it,
    unsigned field, const char **before, const char **after);

/* The one deactivation guard, for every source of a plan (the web page,
 * gesprekctl import, a directory sync): a plan that deactivates more than
 * max_percent of the active employees, or any HR member, or the person
 * running it, is applied only with an explicit confirmation.  Deactivating
 * people ends their logins and hides their dossiers; a wrong file (a
 * department's export taken for the whole company) would do that to most
 * of the organisation in one step. */
#define PLAN_GUARD_PERCENT_DEFAULT 10
#define PLAN_GUARD_PERCENT_MAX 100

/* Why the guard trips (a plan may trip it for several reasons). */
enum {
	PLAN_GUARD_SHARE = 1 << 0,	/* more than max_percent of the active ones */
	PLAN_GUARD_HR = 1 << 1,		/* an HR member */
	PLAN_GUARD_SELF = 1 << 2,	/* the person running the import */
};

struct plan_guard {
	unsigned reasons;		/* PLAN_GUARD_*; 0: apply without asking */
	size_t active;			/* active employees before the import */
	size_t deactivated;
	size_t hr;			/* HR members among the deactivated */
	bool self;			/* the importer among the deactivated */
	int max_percent;
};

/* Judges p (built on d); pure, no allocation. */
void plan_guard(const struct org_db *d, const struct import_plan *p, int max_percent,
    struct plan_guard *g);
/* Whether applying p needs the confirmation. */
bool plan_guard_trips(const struct plan_guard *g);
/* A digest of who p deactivates (their employee ids in plan order), so
 * that a previewed plan and the one rebuilt when applying can be compared
 * without keeping the list: out is PLAN_DIGEST_LEN bytes.  False when
 * out of memory. */
#define PLAN_DIGEST_LEN 32
bool plan_deactivation_digest(const struct import_plan *p, unsigned char *out);

#endif
