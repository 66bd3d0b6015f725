/* generate.h -- generated organisations for benchmarks (generate.c,
 * gesprekctl generate, tests/bench/run). */
#ifndef GESPREK_STORE_GENERATE_H
#define GESPREK_STORE_GENERATE_H

#include <stdint.h>

#include "store/status.h"

#define GENERATE_EMPLOYEES_MAX 1000000
#define GENERATE_ITEMS_MAX 100
#define GENERATE_CYCLES_MAX 10

struct generate_input {
	int64_t employees, items, cycles;
};
typedef void (*generate_fn)(void *ud, int64_t cycle_id);
/* An organisation of `employees` in departments four levels deep (teams
 * of about a hundred), managers with twelve direct reports, and `cycles`
 * cycles "bench-<id>" (fn sees each id, oldest first): a dossier each with
 * three conversations and `items` items with updates, remarks, ratings
 * and signatures; the older cycles closed, the newest open with its
 * dossiers in every stage.  Set-based INSERT ... SELECT in a few
 * transactions. */
int generate_cycle(struct db *db, const struct generate_input *in, generate_fn fn, void *ud,
    char *err, size_t errlen);

#endif
