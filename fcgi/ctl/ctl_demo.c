/* ctl_demo.c -- the example forms and the competence dictionary of the
 * demo (ctl_demo.h), through the same commands as `gesprekctl template
 * import` and `gesprekctl import competences`, so the demo meets every
 * check a file of HR meets.
 *
 * They are read before the organisation is loaded: the demo cycle's start
 * (store/demo.c) names the municipality form for one department and gives
 * the demo people their job profiles, so both must be in the database. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ctl/cli.h"
#include "ctl/ctl_competences.h"
#include "ctl/ctl_demo.h"
#include "ctl/ctl_template.h"
#include "store/db.h"
#include "store/template.h"

/* Where the data files are, from the stylesheets folder: installed,
 * $(pkgdatadir)/xslt next to $(pkgdatadir)/templates (Makefile.am); in a
 * source tree (the test stack), xslt/ next to conf/templates. */
static const char *const data_roots[] = { "/..", "/../conf" };
/* The example templates, by key (each file is KEY.xml). */
static const char *const demo_templates[] = { "standaard", "gemeente", "kwartaal" };
#define DEMO_COMPETENCES "competences/demo.xml"

/* The path of `rel` under the first data root that has it; false when
 * none has. */
static bool
data_path(const struct cli_call *c, const char *rel, char *out, size_t size)
{
	size_t i;

	for (i = 0; i < sizeof(data_roots) / sizeof(data_roots[0]); i++) {
		if ((size_t)snprintf(out, size, "%s%s/%s", c->conf->stylesheets, data_roots[i],
		    rel) < size && access(out, R_OK) == 0)
			return true;
	}
	fprintf(stderr, "gesprekctl: demo: %s not found next to %s\n", rel, c->conf->stylesheets);
	return false;
}

/* One of the demo's files through a command that takes it as its only
 * argument (and no options). */
static int
run_on(const struct cli_call *c, int (*cmd)(const struct cli_call *), const char *path)
{
	static const struct cli_spec no_options = { "demo", "demo", { { NULL, false } }, 1, 1 };
	struct cli_call sub = { c->conf, c->conf_path, { .spec = &no_options, .nargs = 1 } };

	sub.args.arg[0] = path;
	return cmd(&sub);
}

/* Whether the template `key` has a version already (the migration writes
 * the default's; a demo loaded before has the others). */
static int
template_present(struct db *db, const char *key, bool *present)
{
	struct tpl *t = tpl_new();
	int st;

	if (t == NULL)
		return DB_ERROR;
	st = template_load(db, key, 0, t);
	tpl_free(t);
	*present = st == DB_OK;
	return st == DB_NOTFOUND ? DB_OK : st;
}

int
ctl_demo_forms(const struct cli_call *c)
{
	char path[PATH_MAX], rel[PATH_MAX];
	struct db *db;
	bool present;
	size_t i;
	int rc = 1;

	if ((db = cli_db_open(c->conf, "demo", false)) == NULL)
		return 1;
	for (i = 0; i < sizeof(demo_templates) / sizeof(demo_templates[0]); i++) {
		snprintf(rel, sizeof(rel), "templates/%s.xml", demo_templates[i]);
		if (template_present(db, demo_templates[i], &present) != DB_OK) {
			fprintf(stderr, "gesprekctl: demo: %s\n", db_error(db));
			goto out;
		}
		if (present)
			continue;
		if (!data_path(c, rel, path, sizeof(path)) ||
		    run_on(c, ctl_template_import, path) != 0)
			goto out;
	}
	/* By key: competences and profiles that are there already stay as
	 * they are (the import reports them unchanged). */
	if (!data_path(c, DEMO_COMPETENCES, path, sizeof(path)) ||
	    run_on(c, ctl_import_competences, path) != 0)
		goto out;
	rc = 0;
out:
	db_free(db);
	return rc;
}
