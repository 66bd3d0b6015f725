/* ctl_setup.c -- gesprekctl setup: the database, its two accounts and
 * gesprek.conf's [database] in one command (ctl_setup.h).
 *
 * Order matters for a run that stops half way: nothing is changed before
 * every input passed its check; the accounts are made before gesprek.conf
 * names them, gesprek.conf is written before migrate needs it, and the
 * marker comes last, so gesprekd.socket never starts on a database that is
 * not there.  A second run finds the passwords in gesprek.conf and keeps
 * them. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "base/conf.h"
#include "base/util.h"
#include "ctl/cli.h"
#include "ctl/ctl_setup.h"
#include "store/db.h"
#include "store/migrate.h"
#include "store/setup.h"

/* What setup uses when neither an option nor gesprek.conf names it. */
#define SETUP_DEFAULT_ADMIN "root"
#define SETUP_DEFAULT_DATABASE "gesprek"
#define SETUP_DEFAULT_APP_USER "gesprek"
#define SETUP_DEFAULT_SCHEMA_USER "gesprek_schema"
#define SETUP_DEFAULT_HOST "localhost"
/* Random bytes of a generated password (twice as many hex digits). */
#define SETUP_PASSWORD_BYTES 24
/* gesprek.conf is a page of text; a file larger than this is not ours. */
#define SETUP_CONF_FILE_MAX (256 * 1024)
/* [database] keys setup may write. */
#define SETUP_KEYS_MAX 8
#define SETUP_PORT_MAX 65535

/* Everything setup decided, before it changes anything. */
struct setup_plan {
	char admin_user[SETUP_NAME_MAX + 1];
	char admin_password[CONF_STR_MAX];
	char database[SETUP_NAME_MAX + 1];
	char host[SETUP_HOST_MAX + 1];		/* the accounts' host */
	char app_user[SETUP_NAME_MAX + 1], schema_user[SETUP_NAME_MAX + 1];
	char app_password[SETUP_PASSWORD_MAX + 1], schema_password[SETUP_PASSWORD_MAX + 1];
	/* Where MariaDB is, when an option said so (else gesprek.conf's). */
	const char *db_socket, *db_host;
	int db_port;
};

/* One "key = value" of [database]. */
struct setup_key {
	const char *key, *value;
};

static void say_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
say_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "gesprekctl: setup: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Drops a trailing newline (and CR). */
static void
chomp(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
}

/* Shows prompt on stderr and reads one line from the terminal into out,
 * without echo when secret.  Echo goes off before the prompt is shown, so
 * that nothing typed after it is echoed or dropped.  False at end of
 * input. */
static bool
read_line(const char *prompt, char *out, size_t size, bool secret)
{
	struct termios old, quiet;
	bool restore = false, ok;

	if (secret && tcgetattr(STDIN_FILENO, &old) == 0) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		restore = tcsetattr(STDIN_FILENO, TCSANOW, &quiet) == 0;
	}
	fputs(prompt, stderr);
	ok = fgets(out, (int)size, stdin) != NULL;
	if (restore) {
		tcsetattr(STDIN_FILENO, TCSANOW, &old);
		fputc('\n', stderr);	/* the Enter that was not echoed */
	}
	if (!ok)
		out[0] = '\0';
	chomp(out);
	return ok;
}

/* The value of option name, else on a terminal the answer to question
 * (Enter: dflt), else dflt.  False after a message when it does not fit
 * (a name cut short could pass the checks as another name). */
static bool
ask(const struct cli_call *c, const char *name, const char *question, const char *dflt,
    char *out, size_t size)
{
	const char *given = cli_value(&c->args, name);
	char line[CONF_STR_MAX], prompt[CONF_STR_MAX];

	if (given == NULL && isatty(STDIN_FILENO)) {
		snprintf(prompt, sizeof(prompt), "%s [%s]: ", question, dflt);
		if (read_line(prompt, line, sizeof(line), false) && line[0] != '\0')
			given = line;
	}
	if (strlcopy(out, given ? given : dflt, size))
		return true;
	say_error("%s: longer than %zu characters", name, size - 1);
	return false;
}

/* The administrator's password: the first line of --admin-password-file
 * ("-": standard input), else asked on a terminal, else none (root through
 * unix_socket, as Debian's MariaDB has it).  False after a message. */
static bool
admin_password(const struct cli_call *c, char *out, size_t size)
{
	const char *file = cli_value(&c->args, "--admin-password-file");
	FILE *fp;

	out[0] = '\0';
	if (file == NULL) {
		if (!isatty(STDIN_FILENO))
			return true;
		read_line("Password of that account (Enter: none, MariaDB's root "
		    "logs in through unix_socket as root): ", out, size, true);
		return true;
	}
	fp = strcmp(file, "-") == 0 ? stdin : fopen(file, "r");
	if (fp == NULL) {
		say_error("cannot read %s: %s", file, strerror(errno));
		return false;
	}
	if (fgets(out, (int)size, fp) == NULL)
		out[0] = '\0';
	if (fp != stdin)
		fclose(fp);
	chomp(out);
	return true;
}

/* A password of gesprek.conf, kept when it passes the check; a new random
 * one when it is empty.  False after a message when it is there but setup
 * cannot pass it on. */
static bool
keep_or_make_password(const char *conf_value, const char *key, char *out, size_t size)
{
	unsigned char raw[SETUP_PASSWORD_BYTES];

	if (conf_value[0]) {
		if (!setup_password_ok(conf_value)) {
			say_error("[database] %s of gesprek.conf has a space, a quote or a "
			    "backslash, or is shorter than %d or longer than %d characters; "
			    "empty it and setup makes a new one", key, SETUP_PASSWORD_MIN,
			    SETUP_PASSWORD_MAX);
			return false;
		}
		strlcopy(out, conf_value, size);
		return true;
	}
	if (size < 2 * sizeof(raw) + 1 || !random_bytes(raw, sizeof(raw))) {
		say_error("no random bytes for a password");
		return false;
	}
	hex_encode(raw, sizeof(raw), out);
	wipe(raw, sizeof(raw));
	return true;
}

/* A value that goes into gesprek.conf as it is: one printable line. */
static bool
conf_value_ok(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < ' ' || *s == 0x7f)
			return false;
	return true;
}

/* What a database or account name may be (store/setup.h). */
#define NAME_RULE "%s \"%s\": only ASCII letters, digits and _, at most 32, not starting " \
	"with a digit"

/* Checks every input that came from outside: false after naming the first
 * that is wrong, before anything was changed. */
static bool
plan_ok(const struct setup_plan *p)
{
	if (!setup_name_ok(p->admin_user)) {
		say_error(NAME_RULE, "administrator", p->admin_user);
		return false;
	}
	if (!setup_name_ok(p->database)) {
		say_error(NAME_RULE, "database name", p->database);
		return false;
	}
	if (!setup_name_ok(p->app_user) || !setup_name_ok(p->schema_user)) {
		say_error(NAME_RULE, "[database] user or migrate_user",
		    setup_name_ok(p->app_user) ? p->schema_user : p->app_user);
		return false;
	}
	if (strcmp(p->app_user, p->schema_user) == 0) {
		say_error("[database] user and migrate_user are both \"%s\": gesprekd's "
		    "account must not be the one that changes the schema", p->app_user);
		return false;
	}
	if (!setup_host_ok(p->host)) {
		say_error("account host \"%s\": letters, digits and . - : %% _ only, at most "
		    "60", p->host);
		return false;
	}
	if ((p->db_socket && (p->db_socket[0] != '/' || !conf_value_ok(p->db_socket) ||
	    strlen(p->db_socket) >= CONF_STR_MAX)) ||
	    (p->db_host && !setup_host_ok(p->db_host))) {
		say_error("--socket must be an absolute path, --host a host name or "
		    "address");
		return false;
	}
	return true;
}

/* Gathers the plan from the options, the terminal and gesprek.conf. */
static bool
make_plan(const struct cli_call *c, struct setup_plan *p)
{
	const struct conf *conf = c->conf;
	const char *port = cli_value(&c->args, "--port");
	int64_t n = 0;

	if (!ask(c, "--admin-user", "MariaDB account that may create databases and users",
	        SETUP_DEFAULT_ADMIN, p->admin_user, sizeof(p->admin_user)) ||
	    !admin_password(c, p->admin_password, sizeof(p->admin_password)) ||
	    !ask(c, "--database", "Database", conf->db_name[0] ? conf->db_name :
	        SETUP_DEFAULT_DATABASE, p->database, sizeof(p->database)) ||
	    !ask(c, "--account-host", "Host gesprekd connects from (MariaDB account host)",
	        SETUP_DEFAULT_HOST, p->host, sizeof(p->host)))
		return false;
	/* A name too long for an account is emptied: the check names it then. */
	if (!strlcopy(p->app_user, conf->db_user[0] ? conf->db_user : SETUP_DEFAULT_APP_USER,
	    sizeof(p->app_user)))
		p->app_user[0] = '\0';
	if (!strlcopy(p->schema_user, conf->db_migrate_user[0] ? conf->db_migrate_user :
	    SETUP_DEFAULT_SCHEMA_USER, sizeof(p->schema_user)))
		p->schema_user[0] = '\0';
	p->db_socket = cli_value(&c->args, "--socket");
	p->db_host = cli_value(&c->args, "--host");
	if (port && (!parse_id(port, strlen(port), &n) || n > SETUP_PORT_MAX)) {
		say_error("--port \"%s\": a number from 1 to 65535", port);
		return false;
	}
	p->db_port = (int)n;
	if (!plan_ok(p))
		return false;
	/* The migrate account's password belongs to migrate_user: one in
	 * gesprek.conf for no account at all is not kept. */
	return keep_or_make_password(conf->db_password, "password", p->app_password,
	        sizeof(p->app_password)) &&
	    keep_or_make_password(conf->db_migrate_user[0] ? conf->db_migrate_password : "",
	        "migrate_password", p->schema_password, sizeof(p->schema_password));
}

/* conf with MariaDB's place as p says (options over gesprek.conf). */
static void
apply_place(struct conf *conf, const struct setup_plan *p)
{
	if (p->db_socket) {
		strlcopy(conf->db_socket, p->db_socket, sizeof(conf->db_socket));
		conf->db_host[0] = '\0';
	}
	if (p->db_host)
		strlcopy(conf->db_host, p->db_host, sizeof(conf->db_host));
	if (p->db_port)
		conf->db_port = p->db_port;
}

/* Makes the database and the accounts as the administrator.  False after
 * a message. */
static bool
make_database(const struct conf *conf, const struct setup_plan *p)
{
	static struct conf admin;	/* struct conf is large */
	struct setup_accounts a = { p->database, p->host, p->app_user, p->app_password,
		p->schema_user, p->schema_password };
	char err[CONF_ERR_MAX];
	struct db *db;
	int st;

	admin = *conf;
	apply_place(&admin, p);
	strlcopy(admin.db_user, p->admin_user, sizeof(admin.db_user));
	strlcopy(admin.db_password, p->admin_password, sizeof(admin.db_password));
	admin.db_name[0] = '\0';
	db = db_new(&admin, false);
	wipe(admin.db_password, sizeof(admin.db_password));
	if (db == NULL || db_connect(db) != DB_OK) {
		fprintf(stderr, "gesprekctl: setup: cannot connect to MariaDB as %s: %s\n"
		    "  (name an account that may create databases and users with --admin-user"
		    " and --admin-password-file;\n  MariaDB's root needs no password when"
		    " gesprekctl runs as root)\n", p->admin_user,
		    db ? db_error(db) : "out of memory");
		db_free(db);
		return false;
	}
	st = setup_database(db, &a, err, sizeof(err));
	db_free(db);
	if (st != DB_OK) {
		fprintf(stderr, "gesprekctl: setup: %s\n", err);
		return false;
	}
	return true;
}

/* Whether line is "key = ..." (an active line, not a comment). */
static bool
is_key_line(const char *line, size_t len, const char *key)
{
	size_t k = strlen(key), i = 0;

	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (len - i < k || strncmp(line + i, key, k) != 0)
		return false;
	for (i += k; i < len && (line[i] == ' ' || line[i] == '\t'); i++)
		;
	return i < len && line[i] == '=';
}

/* The section a line opens ("database" of "[database]"), or NULL. */
static bool
is_section(const char *line, size_t len, const char **name, size_t *nlen)
{
	size_t i = 0, j;

	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (i >= len || line[i] != '[')
		return false;
	for (j = i + 1; j < len && line[j] != ']'; j++)
		;
	if (j >= len)
		return false;
	*name = line + i + 1;
	*nlen = j - i - 1;
	return true;
}

static bool
is_database(const char *name, size_t n)
{
	return n == strlen("database") && strncmp(name, "database", n) == 0;
}

/* Writes text into out with every key of keys set in [database]: an active
 * "key = ..." line there is replaced, a key without one is added right
 * under the section's header (a file without [database] gets one at its
 * end); an empty value only empties a line that is there (host, when
 * --socket replaces it).  Comments and every other line stay as they are. */
static bool
edit_conf(const char *text, size_t len, const struct setup_key *keys, size_t nkeys,
    struct buf *out)
{
	bool present[SETUP_KEYS_MAX] = { false }, in_db = false, seen_db = false;
	const char *line, *end = text + len, *name;
	size_t i, n, nlen;
	bool ok = true;

	/* First pass: which keys have a line of their own. */
	for (line = text; line < end; line += n) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));

		n = nl ? (size_t)(nl - line) + 1 : (size_t)(end - line);
		if (is_section(line, n, &name, &nlen))
			in_db = is_database(name, nlen);
		else if (in_db)
			for (i = 0; i < nkeys; i++)
				present[i] |= is_key_line(line, n, keys[i].key);
	}
	in_db = false;
	for (line = text; line < end && ok; line += n) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		bool replaced = false;

		n = nl ? (size_t)(nl - line) + 1 : (size_t)(end - line);
		if (is_section(line, n, &name, &nlen)) {
			in_db = is_database(name, nlen);
			ok = buf_append(out, line, n);
			if (!in_db)
				continue;
			seen_db = true;
			if (line[n - 1] != '\n')
				ok = ok && buf_puts(out, "\n");
			for (i = 0; i < nkeys && ok; i++)
				if (!present[i] && keys[i].value[0])
					ok = buf_printf(out, "%s = %s\n", keys[i].key, keys[i].value);
			continue;
		}
		for (i = 0; in_db && i < nkeys && !replaced; i++)
			if (is_key_line(line, n, keys[i].key)) {
				ok = buf_printf(out, "%s = %s\n", keys[i].key, keys[i].value);
				replaced = true;
			}
		if (!replaced)
			ok = ok && buf_append(out, line, n);
	}
	if (!seen_db && ok) {
		ok = buf_puts(out, "\n[database]\n");
		for (i = 0; i < nkeys && ok; i++)
			ok = buf_printf(out, "%s = %s\n", keys[i].key, keys[i].value);
	}
	return ok;
}

/* Reads the whole file path into b; false after a message. */
static bool
read_file(const char *path, struct buf *b, struct stat *st)
{
	char chunk[4096];
	size_t n;
	FILE *fp = fopen(path, "r");

	if (fp == NULL || fstat(fileno(fp), st) != 0) {
		say_error("cannot read %s: %s", path, strerror(errno));
		if (fp)
			fclose(fp);
		return false;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		if (b->len + n > SETUP_CONF_FILE_MAX || !buf_append(b, chunk, n)) {
			fclose(fp);
			say_error("%s is larger than a configuration file can be", path);
			return false;
		}
	fclose(fp);
	return true;
}

/* Writes data to path through a new file beside it, mode 0600 and owned
 * as st says, renamed over it: a reader never sees half a file, and the
 * passwords are never readable by others, not even for a moment. */
static bool
replace_file(const char *path, const char *data, size_t len, const struct stat *st)
{
	char tmp[CONF_STR_MAX + sizeof(".setup-XXXXXX")];
	int fd;

	if (snprintf(tmp, sizeof(tmp), "%s.setup-XXXXXX", path) >= (int)sizeof(tmp))
		return false;
	if ((fd = mkstemp(tmp)) < 0)
		goto fail;
	if (fchmod(fd, S_IRUSR | S_IWUSR) != 0 || fchown(fd, st->st_uid, st->st_gid) != 0)
		goto fail_fd;
	if (write(fd, data, len) != (ssize_t)len || fsync(fd) != 0)
		goto fail_fd;
	if (close(fd) != 0) {
		fd = -1;
		goto fail_fd;
	}
	if (rename(tmp, path) != 0) {
		fd = -1;
		goto fail_fd;
	}
	return true;
fail_fd:
	if (fd >= 0)
		close(fd);
	unlink(tmp);
fail:
	say_error("cannot write %s: %s", path, strerror(errno));
	return false;
}

/* gesprek.conf's [database] with what setup made, and conf likewise. */
static bool
write_conf(const char *path, struct conf *conf, const struct setup_plan *p)
{
	struct setup_key keys[SETUP_KEYS_MAX];
	char port[16];
	struct buf in, out;
	struct stat st;
	size_t n = 0;
	bool ok;

	keys[n++] = (struct setup_key){ "name", p->database };
	keys[n++] = (struct setup_key){ "user", p->app_user };
	keys[n++] = (struct setup_key){ "password", p->app_password };
	keys[n++] = (struct setup_key){ "migrate_user", p->schema_user };
	keys[n++] = (struct setup_key){ "migrate_password", p->schema_password };
	if (p->db_socket) {
		keys[n++] = (struct setup_key){ "socket", p->db_socket };
		if (!p->db_host)
			keys[n++] = (struct setup_key){ "host", "" };
	}
	if (p->db_host)
		keys[n++] = (struct setup_key){ "host", p->db_host };
	if (p->db_port) {
		snprintf(port, sizeof(port), "%d", p->db_port);
		keys[n++] = (struct setup_key){ "port", port };
	}
	buf_init(&in);
	buf_init(&out);
	ok = read_file(path, &in, &st) && edit_conf(in.data, in.len, keys, n, &out) &&
	    replace_file(path, out.data, out.len, &st);
	if (out.data)
		wipe(out.data, out.cap);
	buf_free(&in);
	buf_free(&out);
	if (!ok)
		return false;
	apply_place(conf, p);
	strlcopy(conf->db_name, p->database, sizeof(conf->db_name));
	strlcopy(conf->db_user, p->app_user, sizeof(conf->db_user));
	strlcopy(conf->db_password, p->app_password, sizeof(conf->db_password));
	strlcopy(conf->db_migrate_user, p->schema_user, sizeof(conf->db_migrate_user));
	strlcopy(conf->db_migrate_password, p->schema_password,
	    sizeof(conf->db_migrate_password));
	return true;
}

/* The marker beside gesprek.conf (ctl_setup.h); its path into out. */
static bool
write_marker(const char *conf_path, char *out, size_t size)
{
	static const char text[] = "# Written by `gesprekctl setup` once the database, its "
	    "accounts and\n# gesprek.conf were in place.  The Debian package's "
	    "gesprekd.socket\n# starts only while this file exists.\n";
	char dir[CONF_STR_MAX];
	FILE *fp;

	strlcopy(dir, conf_path, sizeof(dir));
	if (snprintf(out, size, "%s/%s", dirname(dir), SETUP_MARKER) >= (int)size)
		return false;
	if ((fp = fopen(out, "w")) == NULL) {
		say_error("cannot write %s: %s", out, strerror(errno));
		return false;
	}
	fputs(text, fp);
	if (fclose(fp) != 0) {
		say_error("cannot write %s: %s", out, strerror(errno));
		return false;
	}
	return true;
}

static void
print_next_steps(const struct conf *conf, const struct setup_plan *p, const char *conf_path,
    const char *marker)
{
	printf("gesprek is set up: database %s, accounts %s and %s at %s, schema migrated.\n"
	    "%s names them (mode 0600); %s says so to gesprekd.socket.\n\n"
	    "Next steps (README \"Install on a server\"):\n"
	    "  1. HR: usermod -a -G %s LOGIN   (the group [auth] hr_group names)\n"
	    "  2. systemctl enable --now gesprekd.socket gesprek-purge.timer"
	    " gesprek-retention.timer\n"
	    "  3. the web server (HTTPS only): the nginx or Apache file in\n"
	    "     %s/\n"
	    "  4. gesprekctl check\n",
	    p->database, p->app_user, p->schema_user, p->host, conf_path, marker,
	    conf->hr_group[0] ? conf->hr_group : "gesprek-hr", EXAMPLESDIR);
}

int
ctl_setup(const struct cli_call *c)
{
	static struct setup_plan p;	/* holds passwords: wiped at the end */
	char marker[CONF_STR_MAX + sizeof(SETUP_MARKER) + 1];
	int rc = 1;

	memset(&p, 0, sizeof(p));
	if (cli_given(&c->args, "--socket") && cli_given(&c->args, "--host"))
		return cli_usage_error(c->args.spec);
	if (!make_plan(c, &p) || !make_database(c->conf, &p))
		goto out;
	if (!write_conf(c->conf_path, c->conf, &p))
		goto out;
	printf("%s: [database] written\n", c->conf_path);
	fflush(stdout);
	if (ctl_migrate(c->conf) != 0 || !write_marker(c->conf_path, marker, sizeof(marker)))
		goto out;
	print_next_steps(c->conf, &p, c->conf_path, marker);
	rc = 0;
out:
	wipe(&p, sizeof(p));
	return rc;
}
