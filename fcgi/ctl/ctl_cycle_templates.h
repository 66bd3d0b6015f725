/* ctl_cycle_templates.h -- the template choices of `gesprekctl cycle
 * start` (ctl_cycle_templates.c): the start form's choices, by key. */
#ifndef GESPREK_CTL_CYCLE_TEMPLATES_H
#define GESPREK_CTL_CYCLE_TEMPLATES_H

#include <stdbool.h>
#include <stdint.h>

#include "store/cycle_template.h"

struct db;

/* What the command line gave (NULL: not given): --template KEY,
 * --template-version N, --department-templates DEPT_ID=KEY[,...] and
 * --profile-templates PROFILE_KEY=KEY[,...]. */
struct ctl_template_args {
	const char *template_key, *version, *departments, *profiles;
};

/* The choices as the store takes them (in.choices points into choices). */
struct ctl_templates {
	struct cycle_templates_in in;
	struct cycle_template_choice choices[2 * CYCLE_TEMPLATE_CHOICES_MAX];
};

/* Resolves the keys to ids; false after a message on stderr when a key,
 * id or number is not there or not well formed.  No template option at
 * all: out->in.given is false (the cycle keeps what it names). */
bool ctl_cycle_templates(struct db *db, const struct ctl_template_args *a,
    struct ctl_templates *out);

/* The message of a start the store refused for r. */
void ctl_cycle_templates_refused(const struct ctl_templates *t,
    const struct cycle_template_refusal *r);

/* Prints the cycle's choices, one line each, with their conversations. */
int ctl_cycle_templates_print(struct db *db, int64_t cycle_id);

#endif
