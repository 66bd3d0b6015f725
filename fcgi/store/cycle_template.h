/* cycle_template.h -- which form template versions a cycle uses (issue 16;
 * the table cycle_template of sql/069, the model at the top of
 * store/template.h).
 *
 * A cycle names one template version as its default and, optionally, one
 * per department and one per job profile.  A conversation gets its version
 * when it is created (the start, a joiner added later) by the rule
 * job profile > department > default, and keeps it for good: a later
 * version of a template, or a later change of the cycle's choices, never
 * touches a conversation that exists.
 *
 * A department's choice holds for its sub-departments too; where two of
 * an employee's departments have one, the nearest wins (the stored
 * ancestors, sql/064).  A cycle without any row (made before a start)
 * uses the newest version of the default template; the first start writes
 * that version down, so that joiners added later get what the others got
 * even when the template has a newer version by then. */
#ifndef GESPREK_STORE_CYCLE_TEMPLATE_H
#define GESPREK_STORE_CYCLE_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/status.h"

/* Choices per department and per job profile one start form carries:
 * the fields dep1 ... dep5 and profile1 ... profile5 of routes.c. */
#define CYCLE_TEMPLATE_CHOICES_MAX 5
/* Template versions the start form offers (all templates' versions,
 * newest first within each template). */
#define CYCLE_TEMPLATE_VERSIONS_SHOWN 500

enum cycle_template_scope { CT_DEFAULT, CT_DEPARTMENT, CT_JOB_PROFILE, CT_SCOPES };
/* "default", "department", "job_profile": as in SQL. */
extern const char *const cycle_template_scope_names[CT_SCOPES];

/* One choice of a start form: this department's or job profile's people
 * start on the newest version of template_id (a choice already stored
 * with the same template keeps its version). */
struct cycle_template_choice {
	enum cycle_template_scope scope;	/* CT_DEPARTMENT or CT_JOB_PROFILE */
	int64_t scope_id;
	int64_t template_id;
};

/* What a start asks for.  given false: the start form had no template
 * fields; the cycle keeps what it names (the default template's newest
 * version when it names nothing yet).  given true: the cycle's choices
 * become exactly these. */
struct cycle_templates_in {
	bool given;
	int64_t template_id;		/* the default; 0: the default template */
	int64_t version_id;		/* of template_id; 0: keep or newest */
	const struct cycle_template_choice *choices;
	size_t nchoices;
};

/* Why a set of choices was refused (nothing written). */
enum cycle_template_problem {
	CT_OK,
	CT_TEMPLATE_UNKNOWN,		/* no template with that id */
	CT_VERSION_OTHER,		/* the version is not one of the template's */
	CT_DEPARTMENT_UNKNOWN,
	CT_PROFILE_UNKNOWN,
	CT_TWICE,			/* a department or job profile chosen twice */
};
struct cycle_template_refusal {
	enum cycle_template_problem problem;
	/* The choice refused: its index in choices, or CT_REFUSED_DEFAULT. */
	size_t choice;
};
#define CT_REFUSED_DEFAULT SIZE_MAX

/* Checks in against the database without writing (a start's confirmation
 * page).  DB_OK with r->problem CT_OK when it would be taken. */
int cycle_templates_check(struct db *db, const struct cycle_templates_in *in,
    struct cycle_template_refusal *r);

/* Inside the caller's transaction, with the cycle's row locked
 * (cycle_lock): writes in as the cycle's choices, audited on the cycle
 * when they change (a default written down for a start without choices
 * is not: the start's audit row stands for it).  DB_NOTFOUND with r->problem set: refused, the caller
 * rolls back. */
int cycle_templates_set_tx(struct db *db, int64_t actor, int64_t cycle_id,
    const struct cycle_templates_in *in, struct cycle_template_refusal *r);

/* The version a new conversation of employee_id in cycle_id starts on,
 * by job profile > department (nearest) > the cycle's default > the
 * default template's newest; *version_id 0 when there is none at all.
 * Call it inside the transaction that creates the conversation. */
int template_version_for(struct db *db, int64_t cycle_id, int64_t employee_id,
    int64_t *version_id);

/* The cycle's choices (default first, then departments and job profiles
 * by name), each with its template and version, and how many of the
 * cycle's conversations are on that version. */
struct cycle_template_row {
	enum cycle_template_scope scope;
	int64_t scope_id;
	const char *scope_name;		/* "" for the default */
	int64_t template_id, version_id;
	const char *template_key, *name_nl, *name_en;	/* name_en "" when none */
	int number;
	int64_t conversations;
};
typedef int (*cycle_template_fn)(void *ud, const struct cycle_template_row *r);
int cycle_templates_list(struct db *db, int64_t cycle_id, cycle_template_fn fn, void *ud);

/* The versions the cycle's conversations are on, with their counts: what
 * the cycle uses in fact (scope CT_DEFAULT, scope_name "", in the rows). */
int cycle_templates_used(struct db *db, int64_t cycle_id, cycle_template_fn fn, void *ud);

/* Every template version to choose from (at most
 * CYCLE_TEMPLATE_VERSIONS_SHOWN): by template key, newest first. */
struct template_version_row {
	int64_t template_id, version_id;
	const char *template_key, *name_nl, *name_en;
	int number;
	bool is_default, newest;
};
typedef int (*template_version_fn)(void *ud, const struct template_version_row *r);
int template_versions_list(struct db *db, template_version_fn fn, void *ud);

#endif
