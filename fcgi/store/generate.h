/* generate.h -- generated organisations for benchmarks (generate.c,
 * gesprekctl generate, tests/bench/run). */
#ifndef GESPREK_STORE_GENERATE_H
#define GESPREK_STORE_GENERATE_H

#include <stdbool.h>
#include <stdint.h>

#include "store/status.h"

#define GENERATE_EMPLOYEES_MAX 1000000
#define GENERATE_ITEMS_MAX 100
#define GENERATE_CYCLES_MAX 10

/* Every GENERATE_PROFILE_EVERY-th employee gets the job profile. */
#define GENERATE_PROFILE_EVERY 3

/* profile_key, template_key: a job profile and a form template that are
 * in the database (NULL: none).  Every GENERATE_PROFILE_EVERY-th employee
 * gets the profile; each cycle names the template for it (the rest start
 * on the default template's newest version, as a start writes it down),
 * and the conversations on that template get answers, competence ratings
 * and self-assessments as their stage has them. */
struct generate_input {
	int64_t employees, items, cycles;
	const char *profile_key, *template_key;
};
typedef void (*generate_fn)(void *ud, int64_t cycle_id);
/* An organisation of `employees` in departments four levels deep (teams
 * of about a hundred), managers with twelve direct reports, and `cycles`
 * cycles "bench-<id>" (fn sees each id, oldest first): a dossier each with
 * three conversations and `items` items with updates, remarks, ratings
 * and signatures; the older cycles closed, the newest open with its
 * dossiers in every stage; part of them on template_key's form (above).  Set-based INSERT ... SELECT in a few
 * transactions. */
/* Whether the schema has the form templates (sql/069 applied); without
 * them generate_cycle leaves the forms out. */
int generate_forms_ready(struct db *db, bool *ready);
int generate_cycle(struct db *db, const struct generate_input *in, generate_fn fn, void *ud,
    char *err, size_t errlen);

#endif
