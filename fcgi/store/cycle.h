/* cycle.h -- what the store offers on cycles (cycle.c, cycle_start.c).
 * Every function returns an enum db_status (store/status.h); the SQL stays
 * in fcgi/store/. */
#ifndef GESPREK_STORE_CYCLE_H
#define GESPREK_STORE_CYCLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/status.h"
#include "store/cycle_template.h"
#include "rules/cycle_rules.h"
#include "rules/person.h"

#define GOAL_TITLE_MAX 200	/* characters of a goal's title */
#define GOAL_TEXT_MAX 4000	/* characters of a description, measure or note */

/* A cycle as HR enters it; strings are the caller's. */
struct cycle_input {
	const char *name;
	const char *starts_on;
	const char *ends_on;
	const char *scale;		/* stored form: labels joined by '|' */
	const struct plan_step *steps;	/* NULL on update: keep the schedule */
	size_t nsteps;
};

struct cycle_row {
	int64_t id;
	const char *name;
	const char *starts_on;
	const char *ends_on;
	const char *status;		/* planned | open | closed */
	const char *scale;
	int64_t version;
	int64_t dossiers;		/* all of the cycle */
	int64_t dossiers_open;
	const char *second_assessor;	/* template | required | none (sql/089) */
};
typedef int (*cycle_fn)(void *ud, const struct cycle_row *row);
/* Every cycle, newest period first. */
int cycle_list(struct db *db, cycle_fn fn, void *ud);
/* One cycle; DB_NOTFOUND when there is none. */
int cycle_get(struct db *db, int64_t id, cycle_fn fn, void *ud);

struct cycle_step_row {
	int seq;
	const char *type;
	const char *due_on;		/* "" when none */
};
typedef int (*cycle_step_fn)(void *ud, const struct cycle_step_row *row);
int cycle_steps(struct db *db, int64_t cycle_id, cycle_step_fn fn, void *ud);

/* Each writes its change and its audit row in one transaction.
 * DB_DUPLICATE: the name is taken. */
int cycle_create(struct db *db, int64_t actor, const struct cycle_input *in, int64_t *id);
/* DB_CONFLICT: version moved on, the cycle is closed, or the input would
 * change the schedule or the number of scale labels after dossiers exist
 * (ratings are stored as positions on the scale). */
int cycle_update(struct db *db, int64_t actor, int64_t id, int64_t version,
    const struct cycle_input *in);

/* Whom a start gives a dossier. */
enum cycle_scope {
	SCOPE_ALL,			/* every active employee */
	SCOPE_DEPARTMENT,		/* the active employees of one department */
	SCOPE_LIST,			/* hand-picked employees (inactive ones are skipped) */
};
struct cycle_start {
	enum cycle_scope scope;
	int64_t department_id;
	bool recursive;			/* with the department's sub-departments */
	const int64_t *employees;	/* SCOPE_LIST */
	size_t nemployees;
	const int64_t *copy_goals;	/* organisation goals of the cycle before */
	size_t ncopy_goals;
	/* The template versions the cycle names (store/cycle_template.h). */
	struct cycle_templates_in templates;
};
struct cycle_started {
	int64_t created;		/* new dossiers */
	int64_t present;		/* employees who had one already */
	int64_t goals_copied;		/* organisation goals copied */
	int64_t goal_refused;		/* DB_NOTFOUND: this goal is not of the cycle before */
	int64_t proposals;		/* unfinished goals carried into new dossiers */
	/* DB_NOTFOUND with a problem: the template choices were refused. */
	struct cycle_template_refusal templates;
};
/* Gives each employee in scope a dossier with their current manager and a
 * planned conversation per step; an employee who has one keeps it.  The
 * cycle becomes open.  The template choices are written first and every
 * new conversation starts on template_version_for's version.
 * DB_CONFLICT: the cycle is closed; DB_NOTFOUND: no such cycle or
 * department, or out->templates.problem says which choice was refused. */
int cycle_start(struct db *db, int64_t actor, int64_t id, const struct cycle_start *how,
    struct cycle_started *out);
/* Closes the cycle and every dossier in it; conversations keep their
 * status but are read-only because their dossier is closed.
 * DB_CONFLICT: already closed. */
int cycle_close(struct db *db, int64_t actor, int64_t id, int64_t *dossiers_closed);

/* What a start would do, for its confirmation page (issue 15): the same
 * people in scope as cycle_start, counted, nothing written.  DB_NOTFOUND:
 * no such department. */
/* The organisation goals of the cycle before cycle_id (the one starting
 * last before it), each with whether cycle_id has a copy of it already
 * (cycle_carry.c). */
struct goal_copy_row {
	int64_t id;
	const char *title;
	const char *description;	/* "" when none */
	int64_t cycle_id;		/* the cycle before */
	const char *cycle_name;
	bool copied;
};
typedef int (*goal_copy_fn)(void *ud, const struct goal_copy_row *row);
int cycle_goals_to_copy(struct db *db, int64_t cycle_id, goal_copy_fn fn, void *ud);
/* For a start's confirmation page: how many of goals a start would copy
 * (*fresh); DB_NOTFOUND with *refused set when one is not of the cycle
 * before. */
int cycle_copy_preview(struct db *db, int64_t cycle_id, const int64_t *goals, size_t n,
    int64_t *fresh, int64_t *refused);

/* A change a joiner or leaver calls for in a cycle (cycle_people.c). */
struct person_change {
	int64_t employee_id;
	const char *login;
	const char *name;
	const char *department;		/* "" when none */
	bool leave;			/* else a joiner */
	int64_t dossier_id;		/* a leaver's open dossier */
};
typedef int (*person_change_fn)(void *ud, const struct person_change *row);
/* The pending changes of a cycle, leavers first, at most limit of them. */
int cycle_people_pending(struct db *db, int64_t cycle_id, int limit, person_change_fn fn,
    void *ud);
/* What HR decides on one pending change. */
enum person_decision {
	PERSON_LEAVE,		/* the leaver's open dossier becomes 'left' */
	PERSON_JOIN,		/* the joiner gets a dossier */
	PERSON_DISMISS,		/* the joiner gets none and leaves the list */
};
/* HR decides one, audited.  DB_CONFLICT: the change is not (or no longer)
 * due. */
int cycle_person_confirm(struct db *db, int64_t actor, int64_t cycle_id, int64_t employee_id,
    enum person_decision decision);

int cycle_start_preview(struct db *db, int64_t id, const struct cycle_start *how,
    struct cycle_started *out);
/* What closing would freeze, for its confirmation page: the open dossiers
 * and, of them, those with a conversation not yet held and those with a
 * report held or saved but not yet signed by both. */
struct cycle_close_counts {
	int64_t dossiers;		/* open dossiers: people affected */
	int64_t not_held;		/* a conversation still planned or preparing */
	int64_t not_signed;		/* a conversation held or finalized, not closed */
};
int cycle_close_preview(struct db *db, int64_t id, struct cycle_close_counts *out);

#endif
