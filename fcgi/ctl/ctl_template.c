/* ctl_template.c -- form templates from the command line (ctl_template.h):
 * the same reader, checks and store function as /admin/templates. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ctl/cli.h"
#include "ctl/ctl_template.h"
#include "base/util.h"
#include "import/template_xml.h"
#include "store/db.h"
#include "store/template.h"

#define TPL_XSD "/schema/template.xsd"
/* The digits of a version number on the command line. */
#define VERSION_DIGITS_MAX 9

/* The whole file, at most TPL_FILE_MAX bytes (one more is read to tell a
 * file that is too large); NULL after a message on stderr. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	struct stat st;
	char *data = NULL;

	if (fp == NULL || fstat(fileno(fp), &st) != 0 || !S_ISREG(st.st_mode)) {
		fprintf(stderr, "gesprekctl: %s: cannot read (not a regular file?)\n", path);
		goto out;
	}
	if ((data = malloc(TPL_FILE_MAX + 2)) == NULL)
		goto out;
	*len = fread(data, 1, TPL_FILE_MAX + 1, fp);
	if (ferror(fp)) {
		fprintf(stderr, "gesprekctl: %s: cannot read\n", path);
		free(data);
		data = NULL;
	}
out:
	if (fp)
		fclose(fp);
	return data;
}

static void
report_saved(const char *path, const struct tpl *t, const struct tpl_saved *s, bool dry)
{
	printf("%s: template %s version %d (%s)%s\n", path, t->key, s->number,
	    s->created ? "new template" : "new version",
	    dry ? "; dry run, nothing written" : "");
}

int
ctl_template_import(const struct cli_call *c)
{
	char xsd[CONF_STR_MAX + sizeof(TPL_XSD)];
	const char *path = c->args.arg[0];
	bool dry = cli_given(&c->args, "--dry-run");
	struct tpl_error err;
	struct tpl_saved saved;
	struct tpl *t = NULL;
	struct db *db = NULL;
	size_t len = 0;
	char *data;
	int rc = 1, st;

	if ((data = slurp(path, &len)) == NULL)
		return 1;
	snprintf(xsd, sizeof(xsd), "%s%s", c->conf->stylesheets, TPL_XSD);
	if ((t = tpl_read(data, len, xsd, &err)) == NULL) {
		fprintf(stderr, "%s:%zu: %s; nothing imported\n", path, err.line, err.reason);
		goto out;
	}
	if ((db = cli_db_open(c->conf, "template import", false)) == NULL)
		goto out;
	if ((st = template_save_version(db, t, 0, dry, &saved)) != DB_OK) {
		fprintf(stderr, "gesprekctl: template import: %s; nothing imported\n", db_error(db));
		goto out;
	}
	report_saved(path, t, &saved, dry);
	rc = 0;
out:
	db_free(db);
	tpl_free(t);
	free(data);
	return rc;
}

static bool
version_arg(const char *s, int *out)
{
	int64_t v;

	if (s == NULL) {
		*out = 0;
		return true;
	}
	if (strlen(s) > VERSION_DIGITS_MAX || !parse_id(s, strlen(s), &v) || v < 1)
		return false;
	*out = (int)v;
	return true;
}

int
ctl_template_export(const struct cli_call *c)
{
	const char *key = c->args.arg[0];
	struct tpl *t = NULL;
	struct db *db = NULL;
	struct buf out;
	int number, rc = 1, st;

	if (!version_arg(cli_value(&c->args, "--version"), &number))
		return cli_usage_error(c->args.spec);
	buf_init(&out);
	if ((t = tpl_new()) == NULL || (db = cli_db_open(c->conf, "template export", false)) == NULL)
		goto out;
	if ((st = template_load(db, key, number, t)) != DB_OK) {
		fprintf(stderr, "gesprekctl: template export: %s\n",
		    st == DB_NOTFOUND ? "no such template or version" : db_error(db));
		goto out;
	}
	if (!tpl_write(t, &out) || fwrite(out.data, 1, out.len, stdout) != out.len ||
	    fflush(stdout) != 0) {
		fprintf(stderr, "gesprekctl: template export: cannot write\n");
		goto out;
	}
	rc = 0;
out:
	buf_free(&out);
	db_free(db);
	tpl_free(t);
	return rc;
}

static int
print_row(void *ud, const struct template_row *r)
{
	(void)ud;
	printf("%s\t%d\t%d\t%d\t%s\n", r->key, r->versions, r->is_default ? 1 : 0, r->in_use,
	    r->name_nl);
	return DB_OK;
}

int
ctl_template_list(const struct cli_call *c)
{
	struct db *db = cli_db_open(c->conf, "template list", false);
	int st;

	if (db == NULL)
		return 1;
	if ((st = template_list(db, print_row, NULL)) != DB_OK)
		fprintf(stderr, "gesprekctl: template list: %s\n", db_error(db));
	db_free(db);
	return st == DB_OK ? 0 : 1;
}
