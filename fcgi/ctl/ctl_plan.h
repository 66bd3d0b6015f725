/* ctl_plan.h -- the terminal side of an organisation plan, shared by
 * `gesprekctl import` (a file) and `gesprekctl sync` (the directory), so
 * both print the same lists and the same guard (ctl_plan.c). */
#ifndef GESPREK_CTL_PLAN_H
#define GESPREK_CTL_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "rules/plan.h"
#include "store/organisation.h"

/* Where the rows came from: a file's path (problems as PATH:LINE), or a
 * name with a function naming each line (a directory entry's DN). */
struct plan_source {
	const char *name;
	const char *(*line_name)(const void *ud, size_t line);	/* NULL: name:line */
	const void *ud;
};

/* What an import that ran (import_run's st and o) says: problems, or the
 * ignored columns, the plan (dry run), the counts and the guard; the exit
 * status (0 applied or a clean dry run, 1 otherwise). */
int import_report(const struct plan_source *src, bool dry, int st, const struct org_file *f,
    const struct org_db *d, const struct import_plan *p, const struct import_outcome *o);

#endif
