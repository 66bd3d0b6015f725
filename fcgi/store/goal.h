/* goal.h -- what the store offers on organisation and collective goals
 * (goal.c). Every function returns an enum db_status (store/status.h); the
 * SQL stays in fcgi/store/. */
#ifndef GESPREK_STORE_GOAL_H
#define GESPREK_STORE_GOAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/status.h"
#include "store/dossier.h"
#include "store/employee.h"

struct org_goal_row {
	int64_t id;
	int64_t cycle_id;
	const char *title;
	const char *description;	/* "" when none */
	int64_t version;
	/* issue 16: the department it belongs to (0, "": the whole
	 * organisation). */
	int64_t department_id;
	const char *department;
};
typedef int (*org_goal_fn)(void *ud, const struct org_goal_row *row);
/* The organisation goals of a cycle, in the order they were made. */
int org_goals_of_cycle(struct db *db, int64_t cycle_id, org_goal_fn fn, void *ud);
/* The cycle of an organisation goal; DB_NOTFOUND when there is none. */
int org_goal_cycle(struct db *db, int64_t id, int64_t *cycle_id);
/* DB_CONFLICT: the cycle is closed (and, on update, version moved on);
 * DB_NOTFOUND: no such department.  department_id 0: the whole
 * organisation (issue 16: the goal form lists the employee's department's
 * goals first). */
int org_goal_create(struct db *db, int64_t actor, int64_t cycle_id, const char *title,
    const char *description, int64_t department_id, int64_t *id);
int org_goal_update(struct db *db, int64_t actor, int64_t id, int64_t version,
    const char *title, const char *description, int64_t department_id);

struct collective_row {
	int64_t id;
	int64_t cycle_id;
	const char *title;
	const char *measure;		/* what must be achieved; "" when none */
	const char *deadline;		/* YYYY-MM-DD or "" */
	int64_t department_id;		/* 0: everyone */
	const char *department;		/* its name, "" for everyone */
	bool bonus;			/* part of a bonus scheme */
	const char *status;		/* open | achieved | not_achieved */
	const char *status_note;	/* "" when none */
	int64_t version;
};
typedef int (*collective_fn)(void *ud, const struct collective_row *row);
/* Every collective goal of a cycle (HR's view). */
int collective_goals_of_cycle(struct db *db, int64_t cycle_id, collective_fn fn, void *ud);
/* The collective goals that stand on a dossier's forms: those of its cycle
 * for everyone, for the employee's department or for one of its ancestors
 * (a goal for Verkoop applies to Binnendienst).  In no order: the page
 * shows everyone's first, then by deadline (conversation_parts.xsl). */
int collective_goals_for_dossier(struct db *db, int64_t dossier_id, collective_fn fn, void *ud);
/* The cycle of a collective goal; DB_NOTFOUND when there is none. */
int collective_goal_cycle(struct db *db, int64_t id, int64_t *cycle_id);

/* The lists of a conversation form, in one statement: the dossier's
 * collective goals (as collective_goals_for_dossier, in no order), its
 * cycle's organisation goals -- the employee's department's first, then
 * its ancestors' (nearest first), then the whole organisation's, then the
 * rest, at most ORG_GOALS_MAX (issue 16) --, who can be responsible for an
 * item -- the employee, the manager, then the manager's other active
 * reports by name (at most PEOPLE_MAX) --, and the key result areas and
 * competences of the employee's job profile in the profile's order. */
#define PEOPLE_MAX 200
#define ORG_GOALS_MAX 200
/* A key result area or a competence of the employee's profile. */
struct profile_link_row {
	int64_t id;
	const char *key, *name_nl, *name_en;	/* name_en "" when none */
};
typedef int (*profile_link_fn)(void *ud, const struct profile_link_row *row);
struct form_list_fns {
	collective_fn collective;
	void *collective_ud;
	org_goal_fn org_goal;
	void *org_goal_ud;
	member_fn person;
	void *person_ud;
	profile_link_fn area;		/* may be NULL: not asked for */
	void *area_ud;
	profile_link_fn competence;	/* may be NULL */
	void *competence_ud;
};
int form_lists(struct db *db, const struct dossier *d, const struct form_list_fns *f);

struct collective_input {
	const char *title;
	const char *measure;		/* NULL or "": none */
	const char *deadline;		/* NULL or "": none */
	int64_t department_id;		/* 0: everyone */
	bool bonus;
};
/* DB_CONFLICT: the cycle is closed (and, on update, version moved on);
 * DB_NOTFOUND: no such department. */
int collective_create(struct db *db, int64_t actor, int64_t cycle_id,
    const struct collective_input *in, int64_t *id);
int collective_update(struct db *db, int64_t actor, int64_t id, int64_t version,
    const struct collective_input *in);
/* The one central status every affected form shows; allowed also after
 * the cycle closed (a bonus is often settled afterwards).
 * DB_CONFLICT: version moved on. */
int collective_set_status(struct db *db, int64_t actor, int64_t id, int64_t version,
    const char *status, const char *note);

#endif
