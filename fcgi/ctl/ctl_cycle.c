/* ctl_cycle.c -- gesprekctl cycle ...: creating a cycle with the default
 * scale and schedule, and starting it, from the command line (the same
 * store functions as the HR pages, so the audit trail has it too, with no
 * actor). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/cli.h"
#include "ctl/ctl_cycle.h"
#include "ctl/ctl_cycle_templates.h"
#include "rules/cycle_rules.h"
#include "store/cycle.h"
#include "store/db.h"
#include "base/util.h"

/* Actor of command-line changes in the audit trail: none (NULL). */
#define CTL_ACTOR 0

static bool
name_ok(const char *s)
{
	size_t n = 0;
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return false;
		if ((*p & 0xc0) != 0x80)
			n++;
	}
	return n > 0 && n <= CYCLE_NAME_MAX && utf8_valid(s, strlen(s)) &&
	    s[strspn(s, " ")] != '\0';
}

int
ctl_cycle_create(const struct cli_call *c)
{
	const char *name = c->args.arg[0], *starts = c->args.arg[1], *ends = c->args.arg[2];
	struct plan_step steps[CYCLE_DEFAULT_STEPS];
	struct cycle_input in = { name, starts, ends, CYCLE_DEFAULT_SCALE, steps,
		CYCLE_DEFAULT_STEPS };
	struct db *db;
	int64_t id = 0, s, e;
	size_t i;
	int st;

	if (!name_ok(name)) {
		fprintf(stderr, "gesprekctl: cycle create: the name must be 1 to %d characters"
		    " on one line\n", CYCLE_NAME_MAX);
		return 1;
	}
	if (!date_days(starts, &s) || !date_days(ends, &e) || e < s) {
		fprintf(stderr, "gesprekctl: cycle create: the period must be two dates"
		    " YYYY-MM-DD, the second not before the first\n");
		return 1;
	}
	plan_default(starts, ends, steps);
	if ((db = cli_db_open(c->conf, "cycle create", false)) == NULL)
		return 1;
	st = cycle_create(db, CTL_ACTOR, &in, &id);
	if (st == DB_DUPLICATE)
		fprintf(stderr, "gesprekctl: cycle create: a cycle named \"%s\" exists\n", name);
	else if (st != DB_OK)
		fprintf(stderr, "gesprekctl: cycle create: %s\n", db_error(db));
	db_free(db);
	if (st != DB_OK)
		return 1;
	printf("cycle %lld \"%s\" created: %s .. %s, scale %s, schedule", (long long)id, name,
	    starts, ends, CYCLE_DEFAULT_SCALE);
	for (i = 0; i < CYCLE_DEFAULT_STEPS; i++)
		printf("%s %s %s", i ? "," : "", steps[i].type, steps[i].due_on);
	printf("\n");
	return 0;
}

static bool
id_arg(const char *s, int64_t *id)
{
	return s && parse_id(s, strlen(s), id);
}

static int
start_failed(int st, struct db *db, int64_t id, const struct cycle_start *how,
    const struct ctl_templates *t, const struct cycle_started *r)
{
	if (st == DB_NOTFOUND && r->templates.problem != CT_OK)
		ctl_cycle_templates_refused(t, &r->templates);
	else if (st == DB_CONFLICT)
		fprintf(stderr, "gesprekctl: cycle start: cycle %lld is closed\n", (long long)id);
	else if (st == DB_NOTFOUND && how->scope == SCOPE_DEPARTMENT)
		fprintf(stderr, "gesprekctl: cycle start: no cycle %lld or no department %lld\n",
		    (long long)id, (long long)how->department_id);
	else if (st == DB_NOTFOUND)
		fprintf(stderr, "gesprekctl: cycle start: no cycle %lld\n", (long long)id);
	else
		fprintf(stderr, "gesprekctl: cycle start: %s\n", db_error(db));
	return 1;
}

/* cycle start ID [--department ID [--recursive]] [template choices,
 * ctl_cycle_templates.h] */
int
ctl_cycle_start(const struct cli_call *c)
{
	const char *dept = cli_value(&c->args, "--department");
	struct ctl_template_args targs = {
		cli_value(&c->args, "--template"), cli_value(&c->args, "--template-version"),
		cli_value(&c->args, "--department-templates"),
		cli_value(&c->args, "--profile-templates") };
	struct cycle_start how = { .scope = SCOPE_ALL };
	struct ctl_templates t;
	struct cycle_started r;
	struct db *db;
	int64_t id;
	int st;

	if (!id_arg(c->args.arg[0], &id)) {
		fprintf(stderr, "gesprekctl: cycle start: \"%s\" is not a cycle id\n",
		    c->args.arg[0]);
		return 1;
	}
	if (dept) {
		how.scope = SCOPE_DEPARTMENT;
		how.recursive = cli_given(&c->args, "--recursive");
		if (!id_arg(dept, &how.department_id)) {
			fprintf(stderr, "gesprekctl: cycle start: \"%s\" is not a department id\n",
			    dept);
			return 1;
		}
	} else if (cli_given(&c->args, "--recursive"))
		return cli_usage_error(c->args.spec);
	if ((db = cli_db_open(c->conf, "cycle start", false)) == NULL)
		return 1;
	if (!ctl_cycle_templates(db, &targs, &t)) {
		db_free(db);
		return 1;
	}
	how.templates = t.in;
	memset(&r, 0, sizeof(r));
	st = cycle_start(db, CTL_ACTOR, id, &how, &r);
	if (st != DB_OK) {
		start_failed(st, db, id, &how, &t, &r);
		db_free(db);
		return 1;
	}
	printf("cycle %lld started: %lld dossier(s) created, %lld already present\n",
	    (long long)id, (long long)r.created, (long long)r.present);
	st = ctl_cycle_templates_print(db, id);
	if (st != DB_OK)
		fprintf(stderr, "gesprekctl: cycle start: %s\n", db_error(db));
	db_free(db);
	return st == DB_OK ? 0 : 1;
}
