/* test_cli.c -- gesprekctl's option parser (fcgi/ctl/cli.c). */
#include "config.h"

#include <stdio.h>

#include "ctl/cli.h"
#include "tap.h"

static const struct cli_spec start = {
	"cycle start", "cycle start ID [--department ID [--recursive]]",
	{ { "--department", true }, { "--recursive", false } }, 1, 1,
};
static const struct cli_spec none = { "migrate", "migrate", { { 0 } }, 0, 0 };

#define WORDS_MAX 8
#define TEST_LINE_MAX 128

/* Parses the words of line (split at spaces, as a shell would without
 * quotes); the words stay in a static buffer for the checks after. */
static int
run(const struct cli_spec *s, struct cli_args *a, const char *line)
{
	static char text[TEST_LINE_MAX];
	static char *argv[WORDS_MAX];
	char *p = text;
	int argc = 0;

	snprintf(text, sizeof(text), "%s", line);
	while (*p && argc < WORDS_MAX) {
		argv[argc++] = p;
		while (*p && *p != ' ')
			p++;
		if (*p)
			*p++ = '\0';
	}
	return cli_parse(s, argc, argv, a);
}

static void
test_accepts(void)
{
	struct cli_args a;

	is_int(run(&start, &a, "7"), CLI_RUN, "one argument runs");
	is_str(a.arg[0], "7", "argument kept");
	ok(!cli_given(&a, "--recursive") && cli_value(&a, "--department") == NULL,
	    "absent options are absent");
	is_int(run(&start, &a, "--recursive 7 --department 3"),
	    CLI_RUN, "options anywhere");
	ok(cli_given(&a, "--recursive"), "flag given");
	is_str(cli_value(&a, "--department"), "3", "value taken");
	is_int(a.nargs, 1, "the value is no argument");
	is_int(run(&start, &a, "--department 1 --department 2 7"),
	    CLI_RUN, "an option twice");
	is_str(cli_value(&a, "--department"), "2", "the last one counts");
	is_int(run(&start, &a, "-- -5"), CLI_RUN, "-- ends the options");
	is_str(a.arg[0], "-5", "a dash argument after --");
	ok(!cli_given(&a, "--nonsense"), "an option the spec lacks is never given");
	is_int(run(&none, &a, ""), CLI_RUN, "nothing for nothing");
}

static void
test_refuses(void)
{
	struct cli_args a;

	/* The usage goes to stderr; the TAP stream is on stdout. */
	is_int(run(&none, &a, "--dry-run"), 2, "unknown option");
	is_int(run(&none, &a, "now"), 2, "extra argument");
	is_int(run(&start, &a, ""), 2, "missing argument");
	is_int(run(&start, &a, "7 8"), 2, "one argument too many");
	is_int(run(&start, &a, "7 --department"), 2, "value missing");
	is_int(run(&start, &a, "7 --depart 2"), 2, "no prefixes");
	is_int(run(&start, &a, "7 --recursive=1"), 2, "no --opt=value");
	is_int(run(&start, &a, "-r 7"), 2, "unknown short option");
}

static void
test_help(void)
{
	struct cli_args a;

	is_int(run(&none, &a, "--help"), 0, "--help exits 0");
	is_int(run(&start, &a, "-h"), 0, "-h without the argument");
	is_int(run(&none, &a, "--bogus --help"), 2,
	    "an error before --help still counts");
	is_int(run(&start, &a, "-- --help"), CLI_RUN,
	    "--help after -- is an argument");
	is_str(a.arg[0], "--help", "kept as such");
}

int
main(void)
{
	test_accepts();
	test_refuses();
	test_help();
	return tap_done();
}
