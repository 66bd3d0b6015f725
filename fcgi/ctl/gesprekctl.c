/* gesprekctl -- administration from the command line: migrate the schema,
 * load the demo organisation.  Exit status 0 on success, 1 on failure, 2 on
 * wrong usage. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "base/conf.h"
#include "ctl/check.h"
#include "ctl/ctl_cycle.h"
#include "ctl/ctl_mail.h"
#include "ctl/ctl_remind.h"
#include "ctl/ctl_report.h"
#include "import/parse.h"
#include "rules/plan.h"
#include "base/log.h"
#include "store/db.h"
#include "store/demo.h"
#include "store/migrate.h"
#include "store/organisation.h"
#include "base/util.h"

static struct conf conf;

static void
usage(void)
{
	fprintf(stderr,
	    "usage: gesprekctl [-c gesprek.conf] COMMAND\n"
	    "commands:\n"
	    "  migrate          apply pending database migrations\n"
	    "  status           show how many migrations are pending\n"
	    "  check [--pam-dir DIR]\n"
	    "                   report what is wrong with this installation\n"
	    "  demo             load the demo organisation Voorbeeld BV\n"
	    "  demo --logins    print the demo logins, one per line\n"
	    "  import FILE [--dry-run]\n"
	    "                   import the organisation (CSV or XML); every bad row is\n"
	    "                   printed as FILE:LINE: reason and nothing is written\n"
	    "  cycle create NAME STARTS_ON ENDS_ON\n"
	    "                   create a cycle with the default scale and schedule\n"
	    "  cycle start ID [--department ID [--recursive]]\n"
	    "                   give every active employee (of the department) a dossier\n"
	    "  export cycle ID [--department ID [--recursive]] [--from D] [--to D] [--csv]\n"
	    "                   write the cycle's XML (or CSV) export to stdout\n"
	    "  generate --employees N [--items M] [--cycles K]\n"
	    "                   make a benchmark organisation and its cycles; prints\n"
	    "                   their ids, the open one last\n"
	    "  routes           print the route table: method, pattern, role, fields (TSV)\n"
	    "  remind [--today YYYY-MM-DD]\n"
	    "                   queue e-mail reminders of conversations due within [mail]\n"
	    "                   remind_days days, once per due date (gesprek-remind.timer)\n"
	    "  mail-send        send the queued e-mail that is due, with retries\n"
	    "                   (gesprek-mail.timer, every minute; safe in parallel)\n"
	    "  purge            delete expired sessions, old login attempts and old sent\n"
	    "                   mail, in bounded batches (gesprek-purge.timer)\n");
}

static struct db *
open_db(bool multi)
{
	struct db *db = db_new(&conf, multi);

	if (db == NULL || db_connect(db) != DB_OK) {
		fprintf(stderr, "gesprekctl: cannot connect to MariaDB: %s\n",
		    db ? db_error(db) : "out of memory");
		db_free(db);
		return NULL;
	}
	return db;
}

static int
cmd_migrate(void)
{
	char err[CONF_ERR_MAX];
	struct db *db;
	int st;

	/* The schema is changed by migrate_user when there is one, so that
	 * gesprekd's own account needs only SELECT, INSERT, UPDATE, DELETE. */
	if (conf.db_migrate_user[0]) {
		strlcopy(conf.db_user, conf.db_migrate_user, sizeof(conf.db_user));
		strlcopy(conf.db_password, conf.db_migrate_password, sizeof(conf.db_password));
	}
	if ((db = open_db(true)) == NULL)
		return 1;
	st = migrate_apply(db, conf.migrations, err, sizeof(err));
	db_free(db);
	if (st != DB_OK) {
		fprintf(stderr, "gesprekctl: migrate: %s\n", err);
		return 1;
	}
	return 0;
}

static int
cmd_status(void)
{
	char err[CONF_ERR_MAX];
	struct db *db = open_db(false);
	int pending = 0, st;

	if (db == NULL)
		return 1;
	st = migrate_pending(db, conf.migrations, &pending, err, sizeof(err));
	db_free(db);
	if (st != DB_OK) {
		fprintf(stderr, "gesprekctl: %s\n", err);
		return 1;
	}
	printf("%d migration(s) pending\n", pending);
	return pending ? 1 : 0;
}

static void
print_login(void *ud, const char *login)
{
	(void)ud;
	printf("%s\n", login);
}

static int
cmd_demo(int argc, char **argv)
{
	char err[CONF_ERR_MAX];
	struct db *db;
	int st;

	if (argc > 1 && strcmp(argv[1], "--logins") == 0) {
		demo_logins(print_login, NULL);
		return 0;
	}
	if ((db = open_db(false)) == NULL)
		return 1;
	st = demo_load(db, err, sizeof(err));
	db_free(db);
	if (st != DB_OK) {
		fprintf(stderr, "gesprekctl: demo: %s\n", err);
		return 1;
	}
	printf("demo organisation Voorbeeld BV loaded\n");
	return 0;
}

/* Reads a whole file of at most max bytes; NULL with a message otherwise. */
static char *
read_file(const char *path, size_t max, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *data = NULL;
	long size;

	if (fp == NULL || fseek(fp, 0, SEEK_END) != 0 || (size = ftell(fp)) < 0 ||
	    fseek(fp, 0, SEEK_SET) != 0) {
		fprintf(stderr, "gesprekctl: %s: cannot read\n", path);
		goto out;
	}
	if ((size_t)size > max) {
		fprintf(stderr, "%s: %s (over %zu bytes, limits.upload)\n", path,
		    org_reason_text(ORG_TOO_LARGE), max);
		goto out;
	}
	if ((data = malloc((size_t)size + 1)) == NULL ||
	    fread(data, 1, (size_t)size, fp) != (size_t)size) {
		fprintf(stderr, "gesprekctl: %s: cannot read\n", path);
		free(data);
		data = NULL;
		goto out;
	}
	*len = (size_t)size;
out:
	if (fp)
		fclose(fp);
	return data;
}

static void
print_errors(const char *path, const struct org_file *f)
{
	size_t i;

	for (i = 0; i < f->nerr; i++) {
		const struct org_error *e = &f->errors[i];

		printf("%s:%zu: %s%s%s%s\n", path, e->line, org_reason_text(e->reason),
		    e->detail[0] ? " (" : "", e->detail, e->detail[0] ? ")" : "");
	}
	if (f->nerr_total > f->nerr)
		printf("%s: %zu more problems not shown\n", path, f->nerr_total - f->nerr);
}

/* import FILE [--dry-run]: the same parser and checks as POST /admin/import;
 * the actor of its audit rows is the system. */
static int
cmd_import(int argc, char **argv)
{
	char xsd[CONF_STR_MAX + 32];
	const char *path = NULL;
	bool dry = false;
	struct org_file f;
	struct org_db d;
	struct import_plan p;
	struct db *db;
	size_t len = 0;
	char *data;
	int i, st;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--dry-run") == 0)
			dry = true;
		else if (path == NULL)
			path = argv[i];
		else
			path = "";
	}
	if (path == NULL || path[0] == '\0') {
		usage();
		return 2;
	}
	if ((data = read_file(path, conf.limits.upload, &len)) == NULL)
		return 1;
	if ((db = open_db(false)) == NULL) {
		free(data);
		return 1;
	}
	snprintf(xsd, sizeof(xsd), "%s/schema/organisation.xsd", conf.stylesheets);
	org_init(&f);
	org_parse(&f, data, len, xsd);
	st = f.oom ? DB_ERROR : import_run(db, &f, 0, !dry, &d, &p);
	if (st == DB_OK && !org_failed(&f))
		printf("%s: %s, %zu rows: %zu new, %zu changed, %zu deactivated, %zu unchanged, "
		    "%zu new departments (%s)\n", path, f.format, f.n, p.nnew, p.nchanged,
		    p.ndeactivated, p.nunchanged, p.nnewdepts, dry ? "dry run, nothing written" :
		    "applied");
	else if (st == DB_OK || st == DB_CONFLICT)
		print_errors(path, &f);
	if (st == DB_CONFLICT)
		fprintf(stderr, "%s: an employee changed while importing; nothing written, "
		    "try again\n", path);
	else if (st != DB_OK)
		fprintf(stderr, "gesprekctl: import: %s\n", db_error(db));
	if (!f.oom) {
		org_db_free(&d);
		plan_free(&p);
	}
	st = st == DB_OK && !org_failed(&f) ? 0 : 1;
	org_free(&f);
	free(data);
	db_free(db);
	return st;
}

static const char *
role_name(enum role r)
{
	switch (r) {
	case ROLE_PUBLIC: return "public";
	case ROLE_USER: return "user";
	case ROLE_HR: return "hr";
	}
	return "?";
}

/* One declared field as name:type:required|optional:min:max:choices
 * (min and max of an integer, max characters of a text; choices joined
 * by "|"; empty parts when they do not apply). */
static void
print_field(const struct field *f)
{
	const char *const *ch;

	printf("%s:%s:%s:", f->name, field_type_name(f->type),
	    f->required ? "required" : "optional");
	if (f->type == FIELD_INT)
		printf("%lld", (long long)f->min);
	putchar(':');
	if (f->type == FIELD_INT || f->type == FIELD_TEXT || f->type == FIELD_LINE ||
	    f->type == FIELD_SECRET)
		printf("%lld", (long long)f->max);
	putchar(':');
	for (ch = f->choices; ch && *ch; ch++)
		printf("%s%s", ch == f->choices ? "" : "|", *ch);
}

/* routes: the table gesprekd dispatches on, for tests that must cover
 * every route (tests/integration/test_authz_matrix.py) and every declared
 * field (test_hostile_input.py, test_declared_input.py): method, pattern,
 * role, then the fields, separated by spaces. */
static int
cmd_routes(void)
{
	const struct field *f;
	size_t i;

	for (i = 0; i < app_routes_len; i++) {
		printf("%s\t%s\t%s\t", app_routes[i].method, app_routes[i].pattern,
		    role_name(app_routes[i].role));
		for (f = app_routes[i].fields; f && f->name; f++) {
			if (f != app_routes[i].fields)
				putchar(' ');
			print_field(f);
		}
		putchar('\n');
	}
	return 0;
}

int
main(int argc, char **argv)
{
	const char *path = CONF_DEFAULT_PATH;
	char err[CONF_ERR_MAX];
	int ch, rc;

	while ((ch = getopt(argc, argv, "+c:h")) != -1) {
		switch (ch) {
		case 'c': path = optarg; break;
		default: usage(); return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1) {
		usage();
		return 2;
	}
	/* check reports a configuration that does not load as one of its
	 * findings, so it loads the file itself. */
	if (strcmp(argv[0], "check") == 0)
		return ctl_check(path, argc, argv);
	/* The route table is compiled in: no configuration needed. */
	if (strcmp(argv[0], "routes") == 0)
		return cmd_routes();
	conf_defaults(&conf);
	if (!conf_load(&conf, path, err, sizeof(err))) {
		fprintf(stderr, "gesprekctl: %s\n", err);
		return 1;
	}
	log_open("gesprekctl", false);
	if (!db_library_init()) {
		fprintf(stderr, "gesprekctl: mysql_library_init failed\n");
		return 1;
	}
	if (strcmp(argv[0], "migrate") == 0)
		rc = cmd_migrate();
	else if (strcmp(argv[0], "status") == 0)
		rc = cmd_status();
	else if (strcmp(argv[0], "demo") == 0)
		rc = cmd_demo(argc, argv);
	else if (strcmp(argv[0], "import") == 0)
		rc = cmd_import(argc, argv);
	else if (strcmp(argv[0], "cycle") == 0)
		rc = ctl_cycle(&conf, argc, argv);
	else if (strcmp(argv[0], "export") == 0)
		rc = ctl_export(&conf, argc, argv);
	else if (strcmp(argv[0], "generate") == 0)
		rc = ctl_generate(&conf, argc, argv);
	else if (strcmp(argv[0], "remind") == 0)
		rc = ctl_remind(&conf, argc, argv);
	else if (strcmp(argv[0], "mail-send") == 0)
		rc = ctl_mail_send(&conf, argc, argv);
	else if (strcmp(argv[0], "purge") == 0)
		rc = ctl_purge(&conf, argc, argv);
	else {
		usage();
		rc = 2;
	}
	db_thread_end();
	return rc;
}
