/* cli.c -- see cli.h. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ctl/cli.h"
#include "store/db.h"

static void
print_usage(FILE *fp, const struct cli_spec *s)
{
	fprintf(fp, "usage: gesprekctl [-c gesprek.conf] %s\n", s->usage);
}

int
cli_usage_error(const struct cli_spec *s)
{
	print_usage(stderr, s);
	return 2;
}

static bool
is_help(const char *a)
{
	return strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0;
}

/* The index of option name in s, or -1. */
static int
opt_index(const struct cli_spec *s, const char *name)
{
	int i;

	for (i = 0; i < CLI_OPTS_MAX && s->opts[i].name; i++)
		if (strcmp(s->opts[i].name, name) == 0)
			return i;
	return -1;
}

/* Takes the option at argv[*i]; false when it is unknown or lacks its
 * value. */
static bool
take_option(const struct cli_spec *s, int argc, char **argv, int *i, struct cli_args *a)
{
	int k = opt_index(s, argv[*i]);

	if (k < 0)
		return false;
	a->given[k] = true;
	if (!s->opts[k].has_value)
		return true;
	if (*i + 1 >= argc)
		return false;
	a->value[k] = argv[++*i];
	return true;
}

static bool
take_arg(struct cli_args *a, const char *arg)
{
	if (a->nargs >= a->spec->max_args || a->nargs >= CLI_ARGS_MAX)
		return false;
	a->arg[a->nargs++] = arg;
	return true;
}

int
cli_parse(const struct cli_spec *s, int argc, char **argv, struct cli_args *a)
{
	bool options = true;
	int i;

	memset(a, 0, sizeof(*a));
	a->spec = s;
	for (i = 0; i < argc; i++) {
		const char *v = argv[i];

		if (options && strcmp(v, "--") == 0) {
			options = false;
			continue;
		}
		if (options && is_help(v)) {
			print_usage(stdout, s);
			return 0;
		}
		/* "-" alone is an argument (by convention standard input). */
		if (options && v[0] == '-' && v[1] != '\0') {
			if (!take_option(s, argc, argv, &i, a))
				return cli_usage_error(s);
		} else if (!take_arg(a, v))
			return cli_usage_error(s);
	}
	return a->nargs < s->min_args ? cli_usage_error(s) : CLI_RUN;
}

bool
cli_given(const struct cli_args *a, const char *name)
{
	int k = opt_index(a->spec, name);

	return k >= 0 && a->given[k];
}

const char *
cli_value(const struct cli_args *a, const char *name)
{
	int k = opt_index(a->spec, name);

	return k >= 0 ? a->value[k] : NULL;
}

struct db *
cli_db_open(const struct conf *conf, const char *what, bool multi)
{
	struct db *db = db_new(conf, multi);

	if (db)
		db_set_batch(db);
	if (db == NULL || db_connect(db) != DB_OK) {
		fprintf(stderr, "gesprekctl: %s: cannot connect to MariaDB: %s\n", what,
		    db ? db_error(db) : "out of memory");
		db_free(db);
		return NULL;
	}
	return db;
}
