/* ctl_report.c -- gesprekctl export ... (the cycle export for scripts: the
 * same store and writer as GET /reports/cycles/{id}.xml, with an audit row
 * whose actor is none and whose detail says "via: gesprekctl") and
 * gesprekctl generate ... (a benchmark organisation, tests/bench/export). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl/cli.h"
#include "ctl/ctl_demo.h"
#include "ctl/ctl_report.h"
#include "rules/cycle_rules.h"
#include "store/generate.h"
#include "store/cycle.h"
#include "store/db.h"
#include "store/report_export.h"
#include "base/util.h"
#include "export/export.h"
#include "xml/render.h"

/* Actor of command-line exports in the audit trail: none (NULL). */
#define CTL_ACTOR 0
#define CTL_ITEMS_DEFAULT 10
/* The form and job profile of part of a generated organisation: the
 * municipality example (conf/templates) and a profile of the demo's
 * competence dictionary (conf/competences/demo.xml), which ctl_demo_forms
 * loads. */
#define GEN_TEMPLATE "gemeente"
#define GEN_PROFILE "klantadviseur"

/* A whole number in [min, max]; false on anything else. */
static bool
number_arg(const char *s, int64_t min, int64_t max, int64_t *out)
{
	char *end;
	long long v;

	if (s == NULL || *s == '\0')
		return false;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || v < min || v > max)
		return false;
	*out = v;
	return true;
}

static bool
date_arg(const char *s)
{
	int64_t days;

	return s && strlen(s) == 10 && date_days(s, &days);
}

static bool
to_stdout(void *ud, const char *data, size_t len)
{
	return fwrite(data, 1, len, ud) == len;
}

struct export_args {
	struct export_filter f;
	bool csv;
	const char *lang;	/* of the labels and CSV header: "nl" or "en" */
};

/* The values of export cycle ID [options]; false on a value that does not
 * parse (the options themselves were checked by cli_parse). */
static bool
parse_export(const struct cli_args *args, struct export_args *a)
{
	const char *dept = cli_value(args, "--department"), *chunk = cli_value(args, "--chunk");
	int64_t v;

	memset(a, 0, sizeof(*a));
	if (!parse_id(args->arg[0], strlen(args->arg[0]), &a->f.cycle_id))
		return false;
	a->f.recursive = cli_given(args, "--recursive");
	a->csv = cli_given(args, "--csv");
	a->lang = cli_value(args, "--lang");
	if (a->lang == NULL)
		a->lang = "nl";
	if (strcmp(a->lang, "nl") != 0 && strcmp(a->lang, "en") != 0)
		return false;
	if (dept && !parse_id(dept, strlen(dept), &a->f.department_id))
		return false;
	a->f.from = cli_value(args, "--from");
	a->f.to = cli_value(args, "--to");
	if ((a->f.from && !date_arg(a->f.from)) || (a->f.to && !date_arg(a->f.to)))
		return false;
	if (chunk) {
		if (!number_arg(chunk, 1, EXPORT_CHUNK_MAX, &v))
			return false;
		a->f.chunk = (size_t)v;
	}
	if (a->f.recursive && !a->f.department_id)
		return false;
	return !(a->f.from && a->f.to && strcmp(a->f.from, a->f.to) > 0);
}

static int
run_export(struct db *db, const struct export_args *a, const struct styles *styles)
{
	struct export_meta meta = { "cycle", &a->f, a->lang };
	struct export_counts counts;
	struct export_writer *w;
	int st;

	st = export_begin(db, CTL_ACTOR, &a->f, a->csv ? "csv" : "xml", "gesprekctl", &counts);
	if (st != DB_OK) {
		fprintf(stderr, "gesprekctl: export: %s\n", db_error(db));
		return 1;
	}
	w = export_writer_new(a->csv ? EXPORT_CSV : EXPORT_XML, &meta, styles, to_stdout, stdout);
	st = w ? export_run(db, &a->f, &export_writer_sink, w) : DB_ERROR;
	if (st != DB_OK || !export_writer_finish(w) || fflush(stdout) != 0) {
		fprintf(stderr, "gesprekctl: export: incomplete: %s\n",
		    st != DB_OK ? db_error(db) : "writing failed");
		export_writer_free(w);
		return 1;
	}
	export_writer_free(w);
	return 0;
}

static int
cycle_found(void *ud, const struct cycle_row *r)
{
	(void)r;
	*(bool *)ud = true;
	return DB_OK;
}

int
ctl_export(const struct cli_call *c)
{
	const struct conf *conf = c->conf;
	char err[CONF_ERR_MAX];
	struct styles *styles = NULL;
	struct export_args a;
	struct db *db;
	bool found = false;
	int rc = 1, st;

	if (!parse_export(&c->args, &a))
		return cli_usage_error(c->args.spec);
	/* The CSV is made by the stylesheet, as on the web. */
	if (a.csv) {
		snprintf(err, sizeof(err), "libxml2/libxslt set-up failed");
		if (!render_init() ||
		    (styles = styles_load(conf->stylesheets, err, sizeof(err))) == NULL) {
			fprintf(stderr, "gesprekctl: export: stylesheets: %s\n", err);
			return 1;
		}
	}
	if ((db = cli_db_open(conf, "export", false)) == NULL)
		goto out;
	st = cycle_get(db, a.f.cycle_id, cycle_found, &found);
	if (st == DB_NOTFOUND)
		fprintf(stderr, "gesprekctl: export: no cycle %lld\n", (long long)a.f.cycle_id);
	else if (st != DB_OK)
		fprintf(stderr, "gesprekctl: export: %s\n", db_error(db));
	else
		rc = run_export(db, &a, styles);
	db_free(db);
out:
	styles_release(styles);
	return rc;
}

static void
print_cycle(void *ud, int64_t cycle_id)
{
	(void)ud;
	printf("%lld\n", (long long)cycle_id);
	fflush(stdout);
}

/* An optional count option: false when given and not in [min, max]. */
static bool
count_opt(const struct cli_args *a, const char *name, int64_t min, int64_t max, int64_t *out)
{
	const char *v = cli_value(a, name);

	return v == NULL || number_arg(v, min, max, out);
}

/* The example forms and competences, as the demo loads them; their
 * reports go to stderr, since generate's stdout is its cycle ids (the
 * benchmarks read them). */
static bool
load_forms(const struct cli_call *c)
{
	int out, rc;

	fflush(stdout);
	if ((out = dup(STDOUT_FILENO)) < 0 || dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
		perror("gesprekctl: generate");
		if (out >= 0)
			close(out);
		return false;
	}
	rc = ctl_demo_forms(c);
	fflush(stdout);
	if (dup2(out, STDOUT_FILENO) < 0) {
		perror("gesprekctl: generate");
		rc = 1;
	}
	close(out);
	return rc == 0;
}

int
ctl_generate(const struct cli_call *c)
{
	char err[CONF_ERR_MAX];
	struct generate_input in = { .employees = 0, .items = CTL_ITEMS_DEFAULT, .cycles = 1 };
	struct db *db;
	bool forms;
	int st;

	if (!count_opt(&c->args, "--employees", 1, GENERATE_EMPLOYEES_MAX, &in.employees) ||
	    !count_opt(&c->args, "--items", 0, GENERATE_ITEMS_MAX, &in.items) ||
	    !count_opt(&c->args, "--cycles", 1, GENERATE_CYCLES_MAX, &in.cycles) ||
	    in.employees == 0) {
		fprintf(stderr, "gesprekctl: generate: --employees 1..%d, --items 0..%d,"
		    " --cycles 1..%d\n", GENERATE_EMPLOYEES_MAX, GENERATE_ITEMS_MAX,
		    GENERATE_CYCLES_MAX);
		return cli_usage_error(c->args.spec);
	}
	if ((db = cli_db_open(c->conf, "generate", false)) == NULL)
		return 1;
	/* A database migrated to before the templates gets no forms. */
	if ((st = generate_forms_ready(db, &forms)) != DB_OK) {
		fprintf(stderr, "gesprekctl: generate: %s\n", db_error(db));
		db_free(db);
		return 1;
	}
	if (forms && !load_forms(c)) {
		db_free(db);
		return 1;
	}
	if (forms) {
		in.profile_key = GEN_PROFILE;
		in.template_key = GEN_TEMPLATE;
	}
	/* One line per cycle, oldest first, as each is complete. */
	st = generate_cycle(db, &in, print_cycle, NULL, err, sizeof(err));
	db_free(db);
	if (st != DB_OK) {
		fprintf(stderr, "gesprekctl: generate: %s\n", err);
		return 1;
	}
	return 0;
}
