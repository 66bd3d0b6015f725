/* gesprekctl -- administration from the command line: migrate the schema,
 * load the demo organisation.  Exit status 0 on success, 1 on failure, 2 on
 * wrong usage. */
#include "config.h"
#include "gesprek_version.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "app.h"
#include "base/conf.h"
#include "ctl/check.h"
#include "ctl/cli.h"
#include "ctl/ctl_competences.h"
#include "ctl/ctl_cycle.h"
#include "ctl/ctl_mail.h"
#include "ctl/ctl_privacy.h"
#include "ctl/ctl_remind.h"
#include "ctl/ctl_retention.h"
#include "ctl/ctl_setup.h"
#include "ctl/ctl_report.h"
#include "ctl/ctl_summary.h"
#include "ctl/ctl_template.h"
#include "ctl/ctl_demo.h"
#include "ctl/ctl_plan.h"
#include "ctl/ctl_sync.h"
#include "import/mapping.h"
#include "import/parse.h"
#include "rules/plan.h"
#include "base/log.h"
#include "base/sha256.h"
#include "store/db.h"
#include "store/demo.h"
#include "store/dossier.h"
#include "store/migrate.h"
#include "store/organisation.h"
#include "base/util.h"
#include "base/validate.h"

/* Counts what migrate_each reports and prints it: every file for status,
 * the pending ones with what they change for migrate --dry-run. */
struct migration_list {
	bool all;
	int applied, pending;
};

static void
print_migration(void *ud, const char *name, bool applied, const char *about)
{
	struct migration_list *l = ud;

	if (applied)
		l->applied++;
	else
		l->pending++;
	if (l->all)
		printf("%-8s %s\n", applied ? "applied" : "pending", name);
	else if (!applied)
		printf("would apply %s: %s\n", name, about[0] ? about : "(no comment line)");
}

/* Prints every migration through print_migration, counting them into l:
 * read with gesprekd's own account, no DDL (not even the bookkeeping
 * table).  False, said on stderr, when the database did not answer. */
static bool
show_migrations(const struct cli_call *c, const char *cmd, struct migration_list *l)
{
	char err[CONF_ERR_MAX];
	struct db *db = cli_db_open(c->conf, cmd, false);
	int st;

	if (db == NULL)
		return false;
	st = migrate_each(db, c->conf->migrations, print_migration, l, err, sizeof(err));
	db_free(db);
	if (st != DB_OK)
		fprintf(stderr, "gesprekctl: %s: %s\n", cmd, err);
	return st == DB_OK;
}

/* migrate --dry-run: lists the pending migrations and changes nothing. */
static int
migrate_dry_run(const struct cli_call *c)
{
	struct migration_list l = { false, 0, 0 };

	if (!show_migrations(c, "migrate", &l))
		return 1;
	printf("%d migration(s) pending, nothing applied (dry run)\n", l.pending);
	return 0;
}

static int
cmd_migrate(const struct cli_call *c)
{
	if (cli_given(&c->args, "--dry-run"))
		return migrate_dry_run(c);
	return ctl_migrate(c->conf);
}

int
ctl_migrate(struct conf *conf)
{
	char err[CONF_ERR_MAX] = "";
	struct db *db;
	bool had_summaries = false;
	int st;

	/* The schema is changed by migrate_user when there is one, so that
	 * gesprekd's own account needs only SELECT, INSERT, UPDATE, DELETE. */
	if (conf->db_migrate_user[0]) {
		strlcopy(conf->db_user, conf->db_migrate_user, sizeof(conf->db_user));
		strlcopy(conf->db_password, conf->db_migrate_password, sizeof(conf->db_password));
	}
	if ((db = cli_db_open(conf, "migrate", true)) == NULL)
		return 1;
	/* Whether the report summaries were there before tells whether this
	 * run adds them to an existing database (then it fills them). */
	if ((st = ctl_summary_in_place(db, &had_summaries)) != DB_OK)
		snprintf(err, sizeof(err), "%s", db_error(db));
	else if ((st = migrate_apply(db, conf->migrations, err, sizeof(err))) == DB_OK &&
	    (st = ctl_summary_after_migrate(db, had_summaries)) != DB_OK)
		snprintf(err, sizeof(err), "filling the summaries: %s", db_error(db));
	db_free(db);
	if (st != DB_OK) {
		fprintf(stderr, "gesprekctl: migrate: %s\n", err);
		return 1;
	}
	return 0;
}

/* status: every migration by name, applied or pending, then the count;
 * exit 1 while any is pending (gesprekd will not start then). */
static int
cmd_status(const struct cli_call *c)
{
	struct migration_list l = { true, 0, 0 };

	if (!show_migrations(c, "status", &l))
		return 1;
	printf("%d migration(s) applied, %d migration(s) pending\n", l.applied, l.pending);
	return l.pending ? 1 : 0;
}

/* What verify counts; a mismatch is named as it is found. */
struct verify_count {
	long checked, mismatched;
};

static void
verify_snapshot(void *ud, int64_t id, int64_t conversation_id, const char *stored,
    const char *xml, size_t len)
{
	struct verify_count *v = ud;
	unsigned char digest[SHA256_LEN];
	char hex[2 * SHA256_LEN + 1];

	v->checked++;
	sha256(xml, len, digest);
	hex_encode(digest, sizeof(digest), hex);
	if (strcmp(hex, stored) == 0)
		return;
	v->mismatched++;
	printf("MISMATCH snapshot %lld of conversation %lld: stored %s, computed %s\n",
	    (long long)id, (long long)conversation_id, stored, hex);
}

/* verify [CONVERSATION_ID]: recomputes the SHA-256 of every signed
 * snapshot (or one conversation's); exit 1 on any mismatch.  With
 * --summaries or --reports [CYCLE_ID] it checks the report summaries
 * instead (ctl_summary.c). */
static int
cmd_verify(const struct cli_call *c)
{
	struct verify_count v = { 0, 0 };
	int64_t id = 0;
	struct db *db;
	int st;

	/* The one id is a conversation's, or with --reports a cycle's. */
	if (c->args.nargs > 0 &&
	    !parse_id(c->args.arg[0], strlen(c->args.arg[0]), &id))
		return cli_usage_error(c->args.spec);
	if (cli_given(&c->args, "--summaries"))
		return c->args.nargs > 0 || cli_given(&c->args, "--reports") ?
		    cli_usage_error(c->args.spec) : ctl_verify_summaries(c);
	if (cli_given(&c->args, "--reports"))
		return ctl_verify_reports(c, id);
	if ((db = cli_db_open(c->conf, "verify", false)) == NULL)
		return 1;
	st = snapshot_each(db, id, verify_snapshot, &v);
	if (st != DB_OK) {
		fprintf(stderr, "gesprekctl: verify: %s\n", db_error(db));
		db_free(db);
		return 1;
	}
	db_free(db);
	printf("%ld snapshot(s) checked, %ld verified, %ld mismatch(es)\n", v.checked,
	    v.checked - v.mismatched, v.mismatched);
	return v.mismatched ? 1 : 0;
}

static void
print_set_aside(void *ud, const struct set_aside_row *r)
{
	long *n = ud;

	(*n)++;
	printf("%lld\t%s\t%s\t%s %lld\t%s\n\t%s\n", (long long)r->id, r->at, r->migration,
	    r->source_table, (long long)r->source_id, r->reason, r->row_data);
}

/* set-aside: the rows migrations kept aside instead of deleting them (each
 * with its whole row as JSON), for HR to read; read with gesprekd's own
 * account. */
static int
cmd_set_aside(const struct cli_call *c)
{
	struct db *db;
	long n = 0;
	int st;

	if ((db = cli_db_open(c->conf, "set-aside", false)) == NULL)
		return 1;
	st = set_aside_each(db, print_set_aside, &n);
	if (st != DB_OK) {
		fprintf(stderr, "gesprekctl: set-aside: %s\n", db_error(db));
		db_free(db);
		return 1;
	}
	db_free(db);
	printf("%ld row(s) set aside by migrations\n", n);
	return 0;
}

static void
print_login(void *ud, const char *login)
{
	(void)ud;
	printf("%s\n", login);
}

/* Today in the organisation's zone (setup() made it the process's), or
 * the date given with --today: the demo's cycle starts on the first of
 * its month. */
static bool
demo_today(const struct cli_call *c, char *out, size_t size)
{
	const char *given = cli_value(&c->args, "--today");
	time_t now = time(NULL);
	struct tm tm;

	if (given)
		return date_valid(given) && strlcopy(out, given, size);
	return localtime_r(&now, &tm) != NULL && strftime(out, size, "%Y-%m-%d", &tm) > 0;
}

static int
cmd_demo(const struct cli_call *c)
{
	char err[CONF_ERR_MAX], today[DATE_LEN + 1];
	struct db *db;
	int st;

	if (cli_given(&c->args, "--logins")) {
		demo_logins(print_login, NULL);
		return 0;
	}
	if (!demo_today(c, today, sizeof(today))) {
		fprintf(stderr, "gesprekctl: demo: --today needs a date YYYY-MM-DD\n");
		return 2;
	}
	/* The example forms and job profiles first: the demo cycle names them. */
	if (ctl_demo_forms(c) != 0)
		return 1;
	if ((db = cli_db_open(c->conf, "demo", false)) == NULL)
		return 1;
	st = demo_load(db, today, err, sizeof(err));
	db_free(db);
	if (st != DB_OK) {
		fprintf(stderr, "gesprekctl: demo: %s\n", err);
		return 1;
	}
	printf("demo organisation Voorbeeld BV loaded\n");
	return 0;
}

/* Reads a whole file of at most max bytes; NULL with a message otherwise.
 * Only a regular file: a folder's "size" read as a file's was reported as
 * "file too large", and a device's as empty. */
static char *
read_file(const char *path, size_t max, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *data = NULL;
	struct stat st;
	long size;

	if (fp != NULL && fstat(fileno(fp), &st) == 0 && !S_ISREG(st.st_mode)) {
		fprintf(stderr, "gesprekctl: %s: not a regular file\n", path);
		goto out;
	}
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

/* The mapping an import reads its CSV header by: the file of --mapping
 * (`field = Header` lines, import/mapping.h), else the one saved on the
 * admin import page.  False, said on stderr, when it cannot be used:
 * nothing is read or written then. */
static bool
import_mapping(const struct cli_call *c, struct db *db, struct org_mapping *m)
{
	const char *path = cli_value(&c->args, "--mapping");
	char err[256];
	size_t len = 0;
	char *text;
	bool ok;

	if (path == NULL) {
		if (map_load(db, m) == DB_OK)
			return true;
		fprintf(stderr, "gesprekctl: import: %s\n", db_error(db));
		return false;
	}
	if ((text = read_file(path, MAP_FILE_MAX, &len)) == NULL)
		return false;
	if (!(ok = map_parse(m, text, len, err, sizeof(err))))
		fprintf(stderr, "%s: %s; nothing imported\n", path, err);
	free(text);
	return ok;
}

/* import FILE [--dry-run] [--allow-deactivate] [--mapping MAPFILE]: the same
 * parser, checks and deactivation guard as POST /admin/import; the actor of
 * its audit rows is the system. */
static int
cmd_import(const struct cli_call *c)
{
	char xsd[CONF_STR_MAX + 32];
	const char *path = c->args.arg[0];
	bool dry = cli_given(&c->args, "--dry-run");
	struct import_request rq = {
		.apply = !dry, .confirmed = cli_given(&c->args, "--allow-deactivate"),
		.max_deactivate_percent = c->conf->import_max_deactivate_percent,
	};
	struct import_outcome o;
	struct org_file f;
	struct org_db d;
	struct import_plan p;
	struct org_mapping m;
	struct db *db;
	size_t len = 0;
	char *data;
	int st;

	if (path[0] == '\0')
		return cli_usage_error(c->args.spec);
	if ((data = read_file(path, c->conf->limits.upload, &len)) == NULL)
		return 1;
	if ((db = cli_db_open(c->conf, "import", false)) == NULL) {
		free(data);
		return 1;
	}
	if (!import_mapping(c, db, &m)) {
		free(data);
		db_free(db);
		return 1;
	}
	snprintf(xsd, sizeof(xsd), "%s/schema/organisation.xsd", c->conf->stylesheets);
	memset(&o, 0, sizeof(o));
	org_init(&f);
	f.mapping = &m;
	org_parse(&f, data, len, xsd);
	st = f.oom ? DB_ERROR : import_run(db, &f, 0, &rq, &d, &p, &o);
	if (st != DB_OK && st != DB_CONFLICT) {
		fprintf(stderr, "gesprekctl: import: %s\n", db_error(db));
		st = 1;
	} else {
		st = import_report(&(struct plan_source){ path, NULL, NULL }, dry, st, &f, &d, &p,
		    &o);
	}
	if (!f.oom) {
		org_db_free(&d);
		plan_free(&p);
	}
	org_free(&f);
	free(data);
	db_free(db);
	return st;
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
 * role, then the fields, separated by spaces, then the key of the route's
 * description (xslt/i18n; the privacy statement, issue 18). */
static int
cmd_routes(const struct cli_call *c)
{
	const struct field *f;
	size_t i;

	(void)c;
	for (i = 0; i < app_routes_len; i++) {
		printf("%s\t%s\t%s\t", app_routes[i].method, app_routes[i].pattern,
		    router_role_name(app_routes[i].role));
		for (f = app_routes[i].fields; f && f->name; f++) {
			if (f != app_routes[i].fields)
				putchar(' ');
			print_field(f);
		}
		printf("\t%s\n", app_routes[i].about ? app_routes[i].about : "");
	}
	return 0;
}

/* A subcommand: its grammar, one line about it, what runs it, and whether
 * gesprekctl loads the configuration and the MariaDB library first (check
 * reports a configuration that does not load as one of its findings; the
 * route table is compiled in). */
struct command {
	struct cli_spec spec;
	const char *about;
	int (*run)(const struct cli_call *c);
	bool own_conf;
};

static const struct command commands[] = {
	{ { "migrate", "migrate [--dry-run]", { { "--dry-run", false } }, 0, 0 },
	    "apply pending database migrations (--dry-run: list the pending ones and\n"
	    "what each changes, apply nothing)", cmd_migrate, false },
	{ { "setup", "setup [--admin-user NAME] [--admin-password-file FILE] [--database NAME]"
	    " [--account-host HOST] [--socket PATH | --host HOST [--port N]]",
	    { { "--admin-user", true }, { "--admin-password-file", true }, { "--database", true },
	      { "--account-host", true }, { "--socket", true }, { "--host", true },
	      { "--port", true } }, 0, 0 },
	    "create the database and gesprekd's two accounts with an administrator\n"
	    "account of MariaDB (asked for on a terminal), write them into gesprek.conf,\n"
	    "migrate and print the next steps; safe to run again",
	    ctl_setup, false },
	{ { "status", "status", { { 0 } }, 0, 0 },
	    "list applied and pending migrations by name (exit 1 while any is pending)",
	    cmd_status, false },
	{ { "verify", "verify [CONVERSATION_ID | --summaries | --reports [CYCLE_ID]]",
	    { { "--summaries", false }, { "--reports", false } }, 0, 1 },
	    "recompute the SHA-256 of every signed snapshot (or one conversation's);\n"
	    "names each mismatch, exit 1 if any; --summaries: recount the report\n"
	    "summaries from the rows and name every difference; --reports: compare\n"
	    "the overview read from the summaries with the recount, in every scope\n"
	    "(of one cycle)",
	    cmd_verify, false },
	{ { "explain-reports", "explain-reports [--cycle ID]", { { "--cycle", true } }, 0, 0 },
	    "EXPLAIN every statement of the report pages with real arguments (HR,\n"
	    "a department with and without sub-departments, a manager; the newest\n"
	    "cycle or ID): one JSON line per statement with its plan's flags",
	    ctl_explain_reports, false },
	{ { "rebuild-summaries", "rebuild-summaries [--cycle ID]", { { "--cycle", true } }, 0, 0 },
	    "recount the report summaries from the rows (repairs what verify\n"
	    "--summaries names); --cycle: only that cycle's, and every department's\n"
	    "active employees", ctl_rebuild_summaries, false },
	{ { "set-aside", "set-aside", { { 0 } }, 0, 0 },
	    "list the rows migrations kept aside instead of deleting them: id, time,\n"
	    "migration, table and id, reason, then the whole row as JSON", cmd_set_aside, false },
	{ { "check", "check [--pam-dir DIR]", { { "--pam-dir", true } }, 0, 0 },
	    "report what is wrong with this installation", ctl_check, true },
	{ { "demo", "demo [--logins] [--today YYYY-MM-DD]",
	    { { "--logins", false }, { "--today", true } }, 0, 0 },
	    "load the demo organisation Voorbeeld BV and its cycle from the first of this"
	    " month (--today: of that date's month; --logins: print its logins, one per"
	    " line)", cmd_demo, false },
	/* before "import": find_command takes the first entry whose words match */
	{ { "import competences", "import competences FILE [--dry-run]",
	    { { "--dry-run", false } }, 1, 1 },
	    "import the competence dictionary and job profiles (XML, competences.xsd);\n"
	    "every problem is printed as FILE:LINE: reason and nothing is written",
	    ctl_import_competences, false },
	{ { "export competences", "export competences", { { 0 } }, 0, 0 },
	    "write the competence dictionary and job profiles as XML to stdout",
	    ctl_export_competences, false },
	{ { "import", "import FILE [--dry-run] [--allow-deactivate] [--mapping MAPFILE]",
	    { { "--dry-run", false }, { "--allow-deactivate", false }, { "--mapping", true } }, 1, 1 },
	    "import the organisation (CSV or XML); every bad row is printed as\n"
	    "FILE:LINE: reason and nothing is written; --dry-run lists each change;\n"
	    "deactivating over import_max_deactivate_percent of the active employees\n"
	    "or any HR member needs --allow-deactivate; --mapping: `field = Header`\n"
	    "lines naming the CSV columns (else the mapping saved on the web page)",
	    cmd_import, false },
	{ { "sync", "sync [--dry-run] [--allow-deactivate]",
	    { { "--dry-run", false }, { "--allow-deactivate", false } }, 0, 0 },
	    "read the organisation from the directory ([ldap]) and apply it as an\n"
	    "import (same plan, transaction, audit and guard); a directory that is\n"
	    "down, slow or refers elsewhere changes nothing; --dry-run lists each\n"
	    "change; the result is shown to HR on the import page (gesprek-sync.timer)",
	    ctl_sync, false },
	{ { "template import", "template import FILE [--dry-run]", { { "--dry-run", false } }, 1, 1 },
	    "import a form template (XML, template.xsd) as a new version of its template;\n"
	    "a refused file prints FILE:LINE: reason and nothing is written;\n"
	    "--dry-run writes it and rolls it back", ctl_template_import, false },
	{ { "template export", "template export KEY [--version N]", { { "--version", true } }, 1, 1 },
	    "write a form template's newest (or Nth) version as XML to stdout",
	    ctl_template_export, false },
	{ { "template list", "template list", { { 0 } }, 0, 0 },
	    "list the form templates: key, versions, default, conversations, name (TSV)",
	    ctl_template_list, false },
	{ { "cycle create", "cycle create NAME STARTS_ON ENDS_ON", { { 0 } }, 3, 3 },
	    "create a cycle with the default scale and schedule", ctl_cycle_create, false },
	{ { "cycle start", "cycle start ID [--department ID [--recursive]] [--template KEY"
	    " [--template-version N]] [--department-templates DEPT_ID=KEY[,...]]"
	    " [--profile-templates PROFILE_KEY=KEY[,...]]",
	    { { "--department", true }, { "--recursive", false }, { "--template", true },
	      { "--template-version", true }, { "--department-templates", true },
	      { "--profile-templates", true } }, 1, 1 },
	    "give every active employee (of the department) a dossier; the form\n"
	    "templates as on the start form: --template the default (newest version,\n"
	    "or N), a template per department (and its sub-departments) and per job\n"
	    "profile (before the department's); without them the cycle keeps its own",
	    ctl_cycle_start, false },
	{ { "export cycle", "export cycle ID [--department ID [--recursive]] [--from YYYY-MM-DD]"
	    " [--to YYYY-MM-DD] [--csv] [--chunk N] [--lang nl|en]",
	    { { "--department", true }, { "--recursive", false }, { "--from", true },
	      { "--to", true }, { "--csv", false }, { "--chunk", true }, { "--lang", true } },
	    1, 1 },
	    "write the cycle's XML (or CSV) export to stdout", ctl_export, false },
	{ { "generate", "generate --employees N [--items M] [--cycles K]",
	    { { "--employees", true }, { "--items", true }, { "--cycles", true } }, 0, 0 },
	    "make a benchmark organisation and its cycles; prints their ids, the open\n"
	    "one last; every third employee has a job profile and the example form\n"
	    "gemeente, with answers and competence ratings", ctl_generate, false },
	{ { "routes", "routes", { { 0 } }, 0, 0 },
	    "print the route table: method, pattern, role, fields, description key (TSV)",
	    cmd_routes, true },
	{ { "privacy-statement", "privacy-statement [--lang nl|en] [--format html|xml]",
	    { { "--lang", true }, { "--format", true } }, 0, 0 },
	    "write the privacy statement for the works council and the privacy officer\n"
	    "(as GET /admin/privacy): the personal data stored, who sees what, the\n"
	    "retention rules, the templates in use, where the data lives, the change\n"
	    "log of templates and settings (default Dutch, HTML)", ctl_privacy_statement, false },
	{ { "remind", "remind [--today YYYY-MM-DD]", { { "--today", true } }, 0, 0 },
	    "queue e-mail reminders of conversations due within [mail] remind_days\n"
	    "days, once per due date (gesprek-remind.timer)", ctl_remind, false },
	{ { "mail-send", "mail-send", { { 0 } }, 0, 0 },
	    "send the queued e-mail that is due, with retries (gesprek-mail.timer,\n"
	    "every minute; safe in parallel)", ctl_mail_send, false },
	{ { "purge", "purge", { { 0 } }, 0, 0 },
	    "delete expired sessions, old login attempts and old sent mail, in\n"
	    "bounded batches (gesprek-purge.timer)", ctl_purge, false },
	{ { "retention", "retention --dry-run [--today YYYY-MM-DD] | --apply",
	    { { "--dry-run", false }, { "--apply", false }, { "--today", true } }, 0, 0 },
	    "list (--dry-run) or delete (--apply) what the [retention] rules say is due:\n"
	    "per rule and kind of record a count, never content; deletes in bounded\n"
	    "transactions with a deletion log row each; a person on legal hold loses\n"
	    "nothing (gesprek-retention.timer)", ctl_retention, false },
};

/* Writes an about text indented under its command, line by line. */
static void
print_about(FILE *fp, const char *about)
{
	const char *nl;

	while ((nl = strchr(about, '\n')) != NULL) {
		fprintf(fp, "        %.*s\n", (int)(nl - about), about);
		about = nl + 1;
	}
	fprintf(fp, "        %s\n", about);
}

static void
usage(FILE *fp)
{
	size_t i;

	fprintf(fp, "usage: gesprekctl [-c gesprek.conf] COMMAND (COMMAND -h: its usage)\n"
	    "       gesprekctl [-c gesprek.conf] --version\n"
	    "commands:\n");
	for (i = 0; i < ARRAY_LEN(commands); i++) {
		fprintf(fp, "  %s\n", commands[i].spec.usage);
		print_about(fp, commands[i].about);
	}
}

/* The command argv starts with and how many words it took; NULL if none. */
static const struct command *
find_command(int argc, char **argv, int *words)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(commands); i++) {
		const char *w = commands[i].spec.words, *sp = strchr(w, ' ');
		size_t n = sp ? (size_t)(sp - w) : strlen(w);

		if (strncmp(argv[0], w, n) != 0 || argv[0][n] != '\0')
			continue;
		if (sp == NULL) {
			*words = 1;
			return &commands[i];
		}
		if (argc > 1 && strcmp(argv[1], sp + 1) == 0) {
			*words = 2;
			return &commands[i];
		}
	}
	return NULL;
}

/* Loads the configuration and the client library for c; false after a
 * message. */
static bool
setup(struct conf *conf, const char *path)
{
	char err[CONF_ERR_MAX];

	conf_defaults(conf);
	if (!conf_load(conf, path, err, sizeof(err))) {
		fprintf(stderr, "gesprekctl: %s\n", err);
		return false;
	}
	/* Every command counts days as gesprekd does: a reminder's due date,
	 * the purge's deputies whose last day is over, the demo's month. */
	if (!conf_timezone_apply(conf, err, sizeof(err))) {
		fprintf(stderr, "gesprekctl: %s\n", err);
		return false;
	}
	log_open("gesprekctl", false);
	if (!db_library_init()) {
		fprintf(stderr, "gesprekctl: mysql_library_init failed\n");
		return false;
	}
	return true;
}

/* The schema level line of --version: the highest applied migration, or
 * why it is unknown (the version itself must print on a machine without a
 * configuration or a database). */
static void
print_schema_level(struct conf *conf, const char *path)
{
	char err[CONF_ERR_MAX];
	struct db *db;
	int level = 0;

	conf_defaults(conf);
	if (!conf_load(conf, path, err, sizeof(err))) {
		printf("schema level: unknown (%s)\n", err);
		return;
	}
	log_open("gesprekctl", false);
	if (!db_library_init()) {
		printf("schema level: unknown (mysql_library_init failed)\n");
		return;
	}
	db = db_new(conf, false);
	if (db == NULL || db_connect(db) != DB_OK || migrate_level(db, &level) != DB_OK)
		printf("schema level: unknown (database: %s)\n",
		    db ? db_error(db) : "out of memory");
	else
		printf("schema level: %03d\n", level);
	db_free(db);
	db_thread_end();
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static struct conf conf;	/* struct conf is large */
	struct cli_call call = { &conf, CONF_DEFAULT_PATH, { 0 } };
	const struct command *cmd;
	bool version = false;
	int ch, rc, words = 0;

	while ((ch = getopt_long(argc, argv, "+c:hV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c': call.conf_path = optarg; break;
		case 'h': usage(stdout); return 0;
		case 'V': version = true; break;
		default: usage(stderr); return 2;
		}
	}
	/* After all options, so that -c given after --version counts; a word
	 * after --version is a mistake to refuse, as every command's are. */
	if (version && optind < argc) {
		usage(stderr);
		return 2;
	}
	if (version) {
		printf("gesprekctl %s\n", GESPREK_VERSION);
		print_schema_level(&conf, call.conf_path);
		return 0;
	}
	argc -= optind;
	argv += optind;
	if (argc < 1 || (cmd = find_command(argc, argv, &words)) == NULL) {
		usage(stderr);
		return 2;
	}
	/* Before the configuration: --help and wrong usage need none, and a
	 * typo must not get as far as the database. */
	rc = cli_parse(&cmd->spec, argc - words, argv + words, &call.args);
	if (rc != CLI_RUN)
		return rc;
	if (cmd->own_conf)
		return cmd->run(&call);
	if (!setup(&conf, call.conf_path))
		return 1;
	rc = cmd->run(&call);
	db_thread_end();
	return rc;
}
