/* ctl_competences.c -- see ctl_competences.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "ctl/ctl_competences.h"
#include "import/competences.h"
#include "store/competence.h"
#include "store/db.h"

/* Reads the file whole; NULL after a message (not a regular file, cannot
 * be read, larger than the importer takes). */
static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *data = NULL;
	struct stat st;

	if (fp == NULL || fstat(fileno(fp), &st) != 0 || !S_ISREG(st.st_mode)) {
		fprintf(stderr, "gesprekctl: %s: cannot read (not a regular file?)\n", path);
		goto out;
	}
	if (st.st_size > COMPXML_FILE_MAX) {
		fprintf(stderr, "%s: the file is larger than %d bytes\n", path, COMPXML_FILE_MAX);
		goto out;
	}
	*len = (size_t)st.st_size;
	if ((data = malloc(*len + 1)) == NULL || fread(data, 1, *len, fp) != *len) {
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
print_counts(bool dry, const struct competence_import_counts *k)
{
	printf("%s\n", dry ? "dry run: nothing written" : "imported");
	printf("competences: %zu new, %zu changed, %zu unchanged\n", k->competences_added,
	    k->competences_changed, k->competences_same);
	printf("profiles: %zu new, %zu changed, %zu unchanged\n", k->profiles_added,
	    k->profiles_changed, k->profiles_same);
}

static void
print_problems(const char *path, const struct compxml_report *rep)
{
	for (size_t i = 0; i < rep->n; i++)
		fprintf(stderr, "%s:%zu: %s\n", path, rep->p[i].line, rep->p[i].reason);
	if (rep->total > rep->n)
		fprintf(stderr, "%s: %zu more problems\n", path, rep->total - rep->n);
	fprintf(stderr, "%s: refused, nothing written\n", path);
}

int
ctl_import_competences(const struct cli_call *c)
{
	char xsd[CONF_STR_MAX + 32];
	const char *path = c->args.arg[0];
	bool dry = cli_given(&c->args, "--dry-run");
	struct competence_import_counts k = { 0 };
	struct compxml_report *rep = calloc(1, sizeof(*rep));
	struct competence_set set;
	struct db *db = NULL;
	char *data = NULL;
	size_t len = 0;
	int rc = 1, st;

	competence_set_init(&set);
	if (rep == NULL || (data = slurp(path, &len)) == NULL)
		goto out;
	snprintf(xsd, sizeof(xsd), "%s/schema/competences.xsd", c->conf->stylesheets);
	if (!compxml_read(data, len, xsd, &set, rep)) {
		print_problems(path, rep);
		goto out;
	}
	if ((db = cli_db_open(c->conf, "import competences", false)) == NULL)
		goto out;
	if ((st = competence_set_apply(db, 0, &set, dry, &k)) != DB_OK) {
		fprintf(stderr, "gesprekctl: import competences: %s\n", db_error(db));
		goto out;
	}
	print_counts(dry, &k);
	rc = 0;
out:
	competence_set_free(&set);
	free(data);
	free(rep);
	if (db)
		db_free(db);
	return rc;
}

int
ctl_export_competences(const struct cli_call *c)
{
	struct competence_set set;
	struct db *db;
	char *doc = NULL;
	size_t len = 0;
	int rc = 1;

	if ((db = cli_db_open(c->conf, "export competences", false)) == NULL)
		return 1;
	competence_set_init(&set);
	if (competence_set_load(db, &set) != DB_OK)
		fprintf(stderr, "gesprekctl: export competences: %s\n", db_error(db));
	else if (!compxml_write(&set, &doc, &len))
		fprintf(stderr, "gesprekctl: export competences: out of memory\n");
	else if (fwrite(doc, 1, len, stdout) != len || fflush(stdout) != 0)
		fprintf(stderr, "gesprekctl: export competences: cannot write\n");
	else
		rc = 0;
	free(doc);
	competence_set_free(&set);
	db_free(db);
	return rc;
}
