/* report.h -- what the store offers on reports (report.c). Every function
 * returns an enum db_status (store/status.h); the SQL stays in
 * fcgi/store/. */
#ifndef GESPREK_STORE_REPORT_H
#define GESPREK_STORE_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/status.h"
#include "store/goal.h"

/* Whose dossiers an overview counts: one cycle, optionally one department
 * (with its sub-departments when recursive) and, for a manager, only the
 * dossiers they hold. */
struct report_scope {
	int64_t cycle_id;
	int64_t department_id;		/* 0: every department */
	bool recursive;
	int64_t manager_id;		/* 0: no team limit (HR) */
};

/* Conversations of one type by state: planned counts planned and
 * preparing ones; signing = finalized, waiting for a signature; overdue =
 * still planned or preparing after its due date (counted in planned too). */
struct report_conv_row {
	const char *type;
	int64_t planned, held, signing, closed, overdue, total;
};
typedef int (*report_conv_fn)(void *ud, const struct report_conv_row *row);
/* One row per conversation type, in cycle order, zeros included. */
int report_conversations(struct db *db, const struct report_scope *s, report_conv_fn fn,
    void *ud);

/* The conversations of report_conversations per department, for the
 * charts and the table of the overview.  HR's (manager_id 0) are folded
 * to one level, so that the page stays small however large the
 * organisation: each department directly under the scope's department
 * (under none: each top-level one) with its whole subtree summed in
 * (subtree true), plus the scope department's own dossiers.  A manager's
 * few dossiers come per department of the employee, nothing folded in.
 * department_id 0 and "" for employees without one.  One call per
 * (department, type) that has a conversation, by department name; a
 * department's rows come one after the other. */
struct report_dept_row {
	int64_t department_id;
	const char *department;
	bool subtree;			/* its sub-departments summed in */
	struct report_conv_row conv;
};
typedef int (*report_dept_fn)(void *ud, const struct report_dept_row *row);
int report_departments(struct db *db, const struct report_scope *s, report_dept_fn fn,
    void *ud);

struct report_totals {
	int64_t dossiers;
	/* Result goals both parties can see, cancelled ones left out. */
	int64_t results, achieved, not_achieved, in_progress;
	/* Active employees in scope (a manager's: their reports) without a
	 * dossier in the cycle. */
	int64_t without_dossier;
};
int report_totals(struct db *db, const struct report_scope *s, struct report_totals *out);

/* Overall ratings of assessments both parties can see, by the scale they
 * are on -- the final scale of the conversation's template version (its
 * template_scale id), 0 for the cycle's own scale (issue 16) -- and by
 * value; the scales in the order of their id as text ("" first). */
typedef int (*report_rating_fn)(void *ud, int64_t scale_id, int rating, int64_t count);
int report_ratings(struct db *db, const struct report_scope *s, report_rating_fn fn, void *ud);

/* Every collective goal of the cycle with the number of dossiers in scope
 * it stands on. */
typedef int (*report_collective_fn)(void *ud, const struct collective_row *g,
    int64_t dossiers);
int report_collective(struct db *db, const struct report_scope *s, report_collective_fn fn,
    void *ud);

/* A number of the overview, to list the people behind it. */
enum report_metric_kind {
	METRIC_DOSSIERS,
	METRIC_CONVERSATIONS,		/* type, state: planned held signing closed overdue total */
	METRIC_RESULTS,			/* state: total achieved not_achieved in_progress */
	METRIC_RATING,			/* scale_id, value: the rating */
	METRIC_COLLECTIVE,		/* value: the collective goal's id */
	METRIC_NO_DOSSIER,
	METRIC_COMPETENCE,		/* competence_id, value: the level */
};
struct report_metric {
	enum report_metric_kind kind;
	const char *type;
	const char *state;
	int64_t value;
	int64_t competence_id;		/* METRIC_COMPETENCE's */
	int64_t scale_id;		/* METRIC_RATING's: the template scale's
					 * id, 0 the cycle's own */
};
struct report_person {
	int64_t employee_id;
	const char *login, *name;
	const char *department;		/* "" when none */
	const char *manager;		/* the dossier's (or the employee's) manager */
	int64_t dossier_id;		/* 0: none */
	int64_t count;			/* conversations, items, ... of the metric */
};
typedef int (*report_person_fn)(void *ud, const struct report_person *p);
/* Where a page of a list starts (a keyset): after the person of this name
 * and employee id, in the lists' order (name, then id); backward: at or
 * before them, the nearest first.  name "" and employee_id 0 (forward):
 * the start of the list. */
struct report_cursor {
	const char *name;
	int64_t employee_id;
	bool backward;
};
/* The start of a list. */
#define REPORT_CURSOR_START ((struct report_cursor){ "", 0, false })
/* One page of the people behind a number, by name. */
int report_people(struct db *db, const struct report_scope *s, const struct report_metric *m,
    int64_t offset, int64_t limit, report_person_fn fn, void *ud);

/* Whom a reminder about a number of conversations goes to: per person in
 * the list (report_people) the one conversation it is about -- of those
 * the number counts, the first not closed, earliest due -- with what a
 * reminder needs.  Only METRIC_CONVERSATIONS (else DB_ERROR); at most
 * limit rows, by name.  The employee of the dossier is the recipient. */
struct report_remind_row {
	int64_t employee_id;
	const char *name, *email;	/* email "" when none */
	bool active;
	const char *lang;		/* their choice (sql/062), or "" */
	int64_t conversation_id;
	const char *type, *status;
	const char *due_on;		/* YYYY-MM-DD, or "" */
	const char *cycle, *manager;	/* manager: the dossier's, or "" */
};
typedef int (*report_remind_fn)(void *ud, const struct report_remind_row *r);
int report_remind_people(struct db *db, const struct report_scope *s,
    const struct report_metric *m, int64_t limit, report_remind_fn fn, void *ud);

/* One table of the plan of a page statement (gesprekctl explain-reports):
 * what EXPLAIN says of it, with the table behind its alias. */
struct report_plan_row {
	const char *statement;		/* e.g. "people.conversations" */
	int64_t id;
	const char *select_type, *alias, *table, *type, *key;
	int64_t rows;
	const char *extra;
};
typedef int (*report_plan_fn)(void *ud, const struct report_plan_row *r);
/* The page size the plans are asked with (a people list's page and one). */
#define REPORT_EXPLAIN_PAGE_ROWS 51

/* ---- the distributions per department (issue 16) ----
 * Per department of report_departments (folded the same way), the overall
 * ratings of report_ratings by value, and the manager's ratings of each
 * competence in assessments both parties can see (store/report_sql.h) by
 * level.  One call per (department, kind, competence, value) with a
 * count, by department name, the ratings before the competences, these
 * by name. */
struct report_dist_row {
	int64_t department_id;
	const char *department;
	bool subtree;
	const char *kind;		/* "rating" or "competence" */
	int64_t competence_id;		/* 0 for a rating */
	int64_t scale_id;		/* a rating's (report_rating_fn), else 0 */
	const char *name_nl, *name_en;	/* the competence's; "" when none */
	int value;			/* the rating, or the competence's level */
	int64_t count;
};
typedef int (*report_dist_fn)(void *ud, const struct report_dist_row *r);
int report_distribution(struct db *db, const struct report_scope *s, report_dist_fn fn,
    void *ud);

/* The levels of the scales the cycle's forms rate competences on in the
 * assessment (the versions the cycle names, and the default template's
 * newest for conversations without one), by value; where two scales
 * label one value differently, the first label in collation order. */
struct report_level {
	int value;
	const char *label_nl, *label_en;	/* label_en "" when none */
};
typedef int (*report_level_fn)(void *ud, const struct report_level *l);
int report_competence_levels(struct db *db, int64_t cycle_id, report_level_fn fn, void *ud);

/* ---- the scales of the overall ratings (issue 16) ----
 * A level of a scale an overall rating may be on, with the template
 * version whose final scale it is.  scale_id 0: the cycle's own scale
 * (its labels are cycle.rating_scale's; the row carries no level, value
 * -1); several versions may name it. */
struct report_scale_level {
	int64_t scale_id;
	const char *key;			/* the scale's key in its version */
	const char *template_nl, *template_en;	/* the version's name; en "" when none */
	int number;				/* the version's number */
	int value;				/* -1: none (the cycle's scale) */
	const char *label_nl, *label_en;	/* label_en "" when none */
};
typedef int (*report_scale_fn)(void *ud, const struct report_scale_level *l);
/* The final scales of the forms a cycle names (cycle_template, and the
 * default template's newest where the cycle names no default), by scale
 * and value. */
int report_rating_scales(struct db *db, int64_t cycle_id, report_scale_fn fn, void *ud);
/* The levels of one template scale by its id; none: no such scale. */
int report_rating_scale(struct db *db, int64_t scale_id, report_scale_fn fn, void *ud);

#endif
