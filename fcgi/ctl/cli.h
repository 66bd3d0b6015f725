/* cli.h -- what every gesprekctl subcommand shares: one option parser (the
 * options it knows, its positional arguments, -h/--help) and one way to
 * open the database from the configuration. */
#ifndef GESPREK_CTL_CLI_H
#define GESPREK_CTL_CLI_H

#include <stdbool.h>

#include "base/conf.h"

struct db;

/* Options and positional arguments a subcommand may have at most. */
#define CLI_OPTS_MAX 8
#define CLI_ARGS_MAX 4
/* ctl_parse's answer when the subcommand is to run (any other value is the
 * exit status: 0 after --help, 2 after wrong usage). */
#define CLI_RUN (-1)

/* One option: "--department" with a value, or a flag like "--csv". */
struct cli_opt {
	const char *name;
	bool has_value;
};

/* A subcommand's grammar: its words ("cycle start"), the usage text after
 * "usage: gesprekctl [-c gesprek.conf] ", its options and how many
 * positional arguments it takes. */
struct cli_spec {
	const char *words;
	const char *usage;
	struct cli_opt opts[CLI_OPTS_MAX];
	int min_args, max_args;
};

/* What was given: the positional arguments in order, and per option of the
 * spec (same index) whether it was given and its value (the last one given
 * counts). */
struct cli_args {
	const struct cli_spec *spec;
	const char *arg[CLI_ARGS_MAX];
	int nargs;
	bool given[CLI_OPTS_MAX];
	const char *value[CLI_OPTS_MAX];
};

/* Parses argv[0..argc) (the arguments after the subcommand's words).
 * Options may stand anywhere; "--" ends them.  An unknown option, an option
 * without its value or too many or too few positional arguments print the
 * usage on stderr and give 2; -h or --help prints it on stdout and gives 0;
 * otherwise CLI_RUN. */
int cli_parse(const struct cli_spec *s, int argc, char **argv, struct cli_args *a);

/* Whether an option of the spec was given, and its value (NULL if not). */
bool cli_given(const struct cli_args *a, const char *name);
const char *cli_value(const struct cli_args *a, const char *name);

/* Prints the usage of s on stderr and gives 2: for a value the parser
 * could not judge (a count out of range, ...). */
int cli_usage_error(const struct cli_spec *s);

/* What a subcommand is run with: the configuration (loaded, unless the
 * command reads it itself), the path it came from, and the arguments. */
struct cli_call {
	struct conf *conf;
	const char *conf_path;
	struct cli_args args;
};

/* Connects to MariaDB as conf says; NULL after "gesprekctl: WHAT: cannot
 * connect to MariaDB: ..." on stderr.  multi: several statements per
 * query (migrations). */
struct db *cli_db_open(const struct conf *conf, const char *what, bool multi);

#endif
