/* check.c -- gesprekctl check: tells an administrator what is wrong with an
 * installation before gesprekd or the web server does, each finding with
 * the way to fix it.  It only looks: nothing is created, changed or
 * started, so it is safe to run on a live server at any time. */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "base/conf.h"
#include "base/describe.h"
#include "ctl/check.h"
#include "ctl/fcgi_probe.h"
#include "ctl/ldap_client.h"
#include "base/log.h"
#include "store/db.h"
#include "store/health.h"
#include "store/migrate.h"
#include "store/privacy.h"
#include "base/util.h"
#include "xml/render.h"

/* Room for one passwd or group entry (large directory groups included). */
#define CHECK_NSS_BUF 65536
/* Mode bits a web server needs on the socket: read and write. */
#define SOCK_GROUP_RW 0060
#define SOCK_OTHER_RW 0006
/* Anyone but the owner may write: bad for a file that decides who logs in. */
#define MODE_WRITABLE_BY_OTHERS 0022
#define MODE_READABLE_BY_OTHERS 0004
/* Others may read or write a socket: a connect needs write. */
#define MODE_SOCKET_OTHERS 0006
#define MODE_READABLE_BY_GROUP 0040
/* The privileges beyond those, named in one finding. */
#define CHECK_GRANTS_MAX 512
/* Columns without a description named in one finding; the rest counted. */
#define CHECK_UNDESCRIBED_NAMED 10
/* The names themselves: CHECK_UNDESCRIBED_NAMED of "table.column, ". */
#define CHECK_UNDESCRIBED_CHARS (CHECK_UNDESCRIBED_NAMED * (2 * DESCRIBE_NAME_MAX + 3))
/* The route the probe asks: public, no session, no write (health.c). */
#define CHECK_PROBE_URI "/health"
#define HTTP_OK 200

struct check {
	const char *conf_path;
	const char *pam_dir;
	struct conf conf;
	int failed;
};

static void report(struct check *k, bool good, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* One line per finding; stdout, so that it can be piped or mailed as it is. */
static void
report(struct check *k, bool good, const char *fmt, ...)
{
	va_list ap;

	fputs(good ? "ok: " : "FAIL: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	if (!good)
		k->failed++;
}

/* Works, but worth changing: "warn: ...", and no effect on the exit status
 * (a deliberate setup, such as a group that is meant to read the
 * configuration, must not make check fail forever). */
static void
warn(const char *fmt, ...)
{
	va_list ap;

	fputs("warn: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static bool
group_gid(const char *name, gid_t *gid)
{
	static char buf[CHECK_NSS_BUF];
	struct group gr, *res = NULL;

	if (getgrnam_r(name, &gr, buf, sizeof(buf), &res) != 0 || res == NULL)
		return false;
	*gid = gr.gr_gid;
	return true;
}

/* path without its last component ("/run/gesprek/x.sock" -> "/run/gesprek"). */
static void
parent_of(const char *path, char *out, size_t size)
{
	const char *slash = strrchr(path, '/');
	size_t n = slash && slash != path ? (size_t)(slash - path) : 1;

	if (n >= size)
		n = size - 1;
	memcpy(out, path, n);
	out[n] = '\0';
}

static bool
check_config(struct check *k)
{
	char err[CONF_ERR_MAX];
	struct stat st;
	bool secret;

	conf_defaults(&k->conf);
	if (!conf_load(&k->conf, k->conf_path, err, sizeof(err))) {
		report(k, false, "configuration: %s (fix it: every key is described in "
		    "gesprek.conf(5); the other checks need a configuration that loads)", err);
		return false;
	}
	report(k, true, "configuration %s loads", k->conf_path);
	/* gesprekd and gesprekctl refuse to run in a zone they cannot know. */
	if (conf_timezone_known(&k->conf, err, sizeof(err)))
		report(k, true, "[site] timezone %s", k->conf.timezone);
	else
		report(k, false, "%s", err);
	secret = k->conf.db_password[0] || k->conf.db_migrate_password[0];
	if (!secret || stat(k->conf_path, &st) != 0)
		return true;
	if (st.st_mode & MODE_READABLE_BY_OTHERS)
		report(k, false, "%s holds a database password and every local user can read "
		    "it (chmod 600 %s)", k->conf_path, k->conf_path);
	else if (st.st_mode & MODE_READABLE_BY_GROUP)
		warn("%s holds a database password and its group (id %ld) can read it "
		    "(chmod 600 %s unless every member of that group may know it)",
		    k->conf_path, (long)st.st_gid, k->conf_path);
	return true;
}

static void
check_user(struct check *k)
{
	static char buf[CHECK_NSS_BUF];
	struct passwd pw, *res = NULL;
	const char *user = k->conf.user;

	if (user[0] == '\0' && geteuid() == 0) {
		report(k, false, "[server] user is empty: gesprekd started as root would "
		    "serve requests as root (set user = gesprek)");
		return;
	}
	if (user[0] == '\0') {
		/* Started by this user, gesprekd could not switch anyway. */
		report(k, true, "[server] user is empty: gesprekd keeps the user that "
		    "starts it (not root)");
		return;
	}
	if (getpwnam_r(user, &pw, buf, sizeof(buf), &res) != 0 || res == NULL) {
		report(k, false, "[server] user %s does not exist (useradd --system "
		    "--home-dir /nonexistent --shell /usr/sbin/nologin %s)", user, user);
		return;
	}
	report(k, pw.pw_uid != 0, "[server] user %s%s", user,
	    pw.pw_uid != 0 ? " exists" : " is root: gesprekd refuses to serve as root "
	    "(use an account of its own)");
}

static int
connect_as(struct check *k, const char *user, const char *password, struct db **out)
{
	static struct conf as;	/* outlives the db that points at it */
	struct db *db;

	as = k->conf;
	strlcopy(as.db_user, user, sizeof(as.db_user));
	strlcopy(as.db_password, password, sizeof(as.db_password));
	if ((db = db_new(&as, false)) == NULL)
		return DB_ERROR;
	*out = db;
	return db_connect(db);
}

static const char *
db_where(const struct conf *c, char *buf, size_t size)
{
	if (c->db_nhosts == 1 && c->db_hosts[0].port == 0)
		snprintf(buf, size, "%s:%d", c->db_host, c->db_port);
	else if (c->db_nhosts > 0)	/* a list, or ports of their own: as written */
		snprintf(buf, size, "%s", c->db_host);
	else
		snprintf(buf, size, "%s", c->db_socket);
	return buf;
}

static void
check_schema(struct check *k, struct db *db)
{
	char err[CONF_ERR_MAX];
	int pending = 0, unknown = 0;

	if (migrate_pending(db, k->conf.migrations, &pending, err, sizeof(err)) != DB_OK ||
	    migrate_unknown(db, k->conf.migrations, &unknown, err, sizeof(err)) != DB_OK) {
		report(k, false, "database schema: %s (check [paths] migrations; then run "
		    "gesprekctl migrate)", err);
		return;
	}
	if (unknown > 0) {
		/* gesprekd refuses such a schema (main.c): say so before a restart does. */
		report(k, false, "database schema is newer than this gesprekctl: migration %03d "
		    "is recorded but not in %s; gesprekd will not start (install the gesprek "
		    "release that made it, or restore a backup from before it)", unknown,
		    k->conf.migrations);
		return;
	}
	if (pending > 0)
		report(k, false, "database schema: %d migration(s) of %s pending; gesprekd "
		    "will not start (run gesprekctl migrate)", pending, k->conf.migrations);
	else
		report(k, true, "database schema is current (migrations in %s)",
		    k->conf.migrations);
}

static void
check_grants(struct check *k, struct db *db)
{
	char extra[CHECK_GRANTS_MAX];
	const char *user = k->conf.db_user;

	if (store_grants_beyond_runtime(db, extra, sizeof(extra)) != DB_OK) {
		warn("database user %s: its grants could not be read (%s)", user, db_error(db));
		return;
	}
	if (extra[0] == '\0') {
		report(k, true, "database user %s holds no more than %s", user,
		    STORE_RUNTIME_PRIVILEGES);
		return;
	}
	warn("database user %s holds more than gesprekd needs: %s (REVOKE them; gesprekd "
	    "needs only %s, and migrations run as migrate_user)", user, extra,
	    STORE_RUNTIME_PRIVILEGES);
}

static void
check_migrate_user(struct check *k)
{
	const struct conf *c = &k->conf;
	struct db *db = NULL;

	if (connect_as(k, c->db_migrate_user, c->db_migrate_password, &db) != DB_OK)
		report(k, false, "database %s as migrate_user %s: %s (check migrate_user and "
		    "migrate_password)", c->db_name, c->db_migrate_user,
		    db ? db_error(db) : "out of memory");
	else
		report(k, true, "database %s answers to migrate_user %s", c->db_name,
		    c->db_migrate_user);
	db_free(db);
}

/* The columns of the schema sql/describe.tsv does not describe. */
struct undescribed {
	const struct describe *d;
	int n;
	char names[CHECK_UNDESCRIBED_CHARS];
};

static int
undescribed_column(void *ud, const struct schema_column *c)
{
	struct undescribed *u = ud;
	size_t len = strlen(u->names);

	if (describe_find(u->d, c->table, DESCRIBE_TABLE) && describe_find(u->d, c->table, c->column))
		return DB_OK;
	if (u->n++ < CHECK_UNDESCRIBED_NAMED)
		snprintf(u->names + len, sizeof(u->names) - len, "%s%s.%s", len ? ", " : "", c->table,
		    c->column);
	return DB_OK;
}

/* The privacy statement (issue 18) describes every column: a migration
 * that adds one without its line in describe.tsv is named here. */
static void
check_descriptions(struct check *k, struct db *db)
{
	char path[CONF_STR_MAX + sizeof("/" DESCRIBE_FILE)], err[CONF_ERR_MAX];
	struct undescribed u = { NULL, 0, "" };
	struct describe *d;

	snprintf(path, sizeof(path), "%s/%s", k->conf.migrations, DESCRIBE_FILE);
	if ((d = describe_load(path, err, sizeof(err))) == NULL) {
		report(k, false, "privacy statement: %s (reinstall with make install)", err);
		return;
	}
	u.d = d;
	if (privacy_schema(db, undescribed_column, &u) != DB_OK)
		warn("privacy statement: the schema could not be read (%s)", db_error(db));
	else if (u.n > 0)
		report(k, false, "%s%s: %d column(s) without a description in %s (add a line per "
		    "table and column: table, column, Dutch, English)", u.names,
		    u.n > CHECK_UNDESCRIBED_NAMED ? ", ..." : "", u.n, path);
	else
		report(k, true, "privacy statement: %s describes every table and column", path);
	describe_free(d);
}

static void
check_database(struct check *k)
{
	const struct conf *c = &k->conf;
	struct db *db = NULL;
	char where[CONF_STR_MAX + 16];

	db_where(c, where, sizeof(where));
	if (connect_as(k, c->db_user, c->db_password, &db) != DB_OK) {
		report(k, false, "database %s at %s as user %s: %s (is MariaDB running? do "
		    "[database] name, user and password match the account you created?)",
		    c->db_name, where, c->db_user, db ? db_error(db) : "out of memory");
	} else {
		report(k, true, "database %s at %s answers to user %s", c->db_name, where,
		    c->db_user);
		check_schema(k, db);
		check_grants(k, db);
		check_descriptions(k, db);
	}
	db_free(db);
	if (c->db_migrate_user[0])
		check_migrate_user(k);
}

/* The bits a web server in socket_group (or, without one, any user) needs. */
static int
socket_needs(const struct conf *c)
{
	return c->socket_group[0] ? SOCK_GROUP_RW : SOCK_OTHER_RW;
}

static void
check_socket_file(struct check *k, gid_t gid)
{
	const struct conf *c = &k->conf;
	struct stat st;
	int need = socket_needs(c);

	if (lstat(c->listen_path, &st) != 0) {
		report(k, true, "socket %s is not there yet (gesprekd or gesprekd.socket "
		    "creates it)", c->listen_path);
		return;
	}
	if (!S_ISSOCK(st.st_mode)) {
		report(k, false, "%s is not a socket (remove it, or choose another "
		    "[server] listen path)", c->listen_path);
		return;
	}
	if ((st.st_mode & (mode_t)need) != (mode_t)need ||
	    (c->socket_group[0] && st.st_gid != gid)) {
		report(k, false, "socket %s has mode %04o and group id %ld: the web server "
		    "cannot connect (gesprekd.socket: SocketMode=%04o, SocketGroup=%s)",
		    c->listen_path, (unsigned)(st.st_mode & 07777), (long)st.st_gid,
		    (unsigned)c->socket_mode, c->socket_group[0] ? c->socket_group : "-");
		return;
	}
	report(k, true, "socket %s has mode %04o and the right group", c->listen_path,
	    (unsigned)(st.st_mode & 07777));
}

static void
check_socket_dir(struct check *k, gid_t gid)
{
	const struct conf *c = &k->conf;
	char dir[CONF_STR_MAX], up[CONF_STR_MAX];
	struct stat st;
	bool reach, made;

	parent_of(c->listen_path, dir, sizeof(dir));
	if (stat(dir, &st) != 0) {
		/* gesprekd makes runtime_dir (one level) before it binds. */
		parent_of(dir, up, sizeof(up));
		made = strcmp(dir, c->runtime_dir) == 0 && stat(up, &st) == 0;
		report(k, made, "socket folder %s does not exist yet%s", dir,
		    made ? "; gesprekd creates it as runtime_dir" :
		    " and nothing creates it (create it, or put the socket in runtime_dir)");
		return;
	}
	reach = (st.st_mode & S_IXOTH) ||
	    (c->socket_group[0] && st.st_gid == gid && (st.st_mode & S_IXGRP));
	report(k, reach, "socket folder %s %s", dir, reach ? "is reachable for the web server" :
	    "is not searchable for the web server (chmod o+x, or give it the socket_group)");
}

static void
check_socket(struct check *k)
{
	const struct conf *c = &k->conf;
	gid_t gid = 0;
	int need = socket_needs(c);
	bool loopback;

	if (c->listen_kind == LISTEN_INHERIT) {
		report(k, true, "listen = inherit: the service manager hands over the socket "
		    "and sets its permissions");
		return;
	}
	if (c->listen_kind == LISTEN_TCP) {
		/* FastCGI has no authentication: whoever connects is trusted. */
		loopback = strncmp(c->listen_host, "127.", 4) == 0;
		report(k, loopback, "listen = tcp:%s:%d%s", c->listen_host, c->listen_port,
		    loopback ? " (loopback only)" : ": FastCGI has no authentication (listen "
		    "on 127.0.0.1 or a unix socket)");
		return;
	}
	if (c->socket_group[0] && !group_gid(c->socket_group, &gid)) {
		report(k, false, "socket_group %s does not exist (set it to the web server's "
		    "group: www-data on Debian)", c->socket_group);
		return;
	}
	if ((c->socket_mode & need) == need)
		report(k, true, "socket_mode %04o lets the web server connect",
		    (unsigned)c->socket_mode);
	else if (c->socket_group[0])
		report(k, false, "socket_mode %04o does not let socket_group %s read and "
		    "write (use 0660)", (unsigned)c->socket_mode, c->socket_group);
	else
		report(k, false, "socket_mode %04o without socket_group lets only the owner "
		    "connect (set socket_group to the web server's group)",
		    (unsigned)c->socket_mode);
	check_socket_dir(k, gid);
	check_socket_file(k, gid);
}

/* What the web server does: a FastCGI request on the socket, here for
 * GET /health, which answers 200 only when the database and the auth
 * broker answer too. */
static void
check_fastcgi(struct check *k)
{
	const struct conf *c = &k->conf;
	struct probe_result r;
	char where[CONF_STR_MAX + 16];

	if (c->listen_kind == LISTEN_INHERIT) {
		report(k, true, "listen = inherit: no socket to ask (ask the web server for "
		    "%s instead)", CHECK_PROBE_URI);
		return;
	}
	if (c->listen_kind == LISTEN_UNIX)
		snprintf(where, sizeof(where), "%s", c->listen_path);
	else
		snprintf(where, sizeof(where), "%s:%d", c->listen_host, c->listen_port);
	if (!fcgi_probe(c, CHECK_PROBE_URI, &r)) {
		report(k, false, "FastCGI on %s: %s (is gesprekd running? systemctl status "
		    "gesprekd.socket gesprekd.service; journalctl -u gesprekd)", where, r.err);
		return;
	}
	if (r.status == HTTP_OK)
		report(k, true, "gesprekd answers GET %s over FastCGI on %s: %d %s", CHECK_PROBE_URI,
		    where, r.status, r.body);
	else
		report(k, false, "gesprekd answers GET %s over FastCGI on %s: %d %s (see its "
		    "log: journalctl -u gesprekd)", CHECK_PROBE_URI, where, r.status, r.body);
}

static void
check_runtime_dir(struct check *k)
{
	char up[CONF_STR_MAX];
	struct stat st;
	bool creatable;

	if (stat(k->conf.runtime_dir, &st) == 0) {
		report(k, S_ISDIR(st.st_mode), "runtime_dir %s %s", k->conf.runtime_dir,
		    S_ISDIR(st.st_mode) ? "exists" : "is not a folder (remove it)");
		return;
	}
	parent_of(k->conf.runtime_dir, up, sizeof(up));
	creatable = stat(up, &st) == 0;
	report(k, creatable, "runtime_dir %s does not exist yet%s", k->conf.runtime_dir,
	    creatable ? "; gesprekd creates it" :
	    ", nor its parent folder (create it or choose another runtime_dir)");
}

static void
check_pam(struct check *k)
{
	char path[2 * CONF_STR_MAX];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", k->pam_dir, k->conf.pam_service);
	if (stat(path, &st) != 0) {
		report(k, false, "PAM service file %s: %s; logins would fall back to PAM's "
		    "\"other\" service (install conf/pam.d/gesprek there)", path,
		    strerror(errno));
		return;
	}
	if (!S_ISREG(st.st_mode)) {
		report(k, false, "PAM service file %s is not a regular file", path);
		return;
	}
	if (st.st_uid != 0 || (st.st_mode & MODE_WRITABLE_BY_OTHERS)) {
		report(k, false, "PAM service file %s may be changed by others than root, and "
		    "it decides who may log in (chown root:root; chmod 644)", path);
		return;
	}
	report(k, true, "PAM service file %s", path);
}

static void
check_hr_group(struct check *k)
{
	gid_t gid;
	bool known;

	if (k->conf.hr_group[0] == '\0') {
		report(k, true, "hr_group is empty: HR is whoever has employee.is_hr");
		return;
	}
	known = group_gid(k->conf.hr_group, &gid);
	report(k, known, "hr_group %s %s", k->conf.hr_group, known ? "exists" :
	    "is not known to NSS (create the group, or leave hr_group empty to take HR "
	    "from employee.is_hr only)");
}

/* The groups of the split HR roles (issue 17): each optional. */
static void
check_role_group(struct check *k, const char *setting, const char *group, const char *role)
{
	gid_t gid;
	bool known;

	if (group[0] == '\0') {
		report(k, true, "%s is empty: nobody is %s by group", setting, role);
		return;
	}
	known = group_gid(group, &gid);
	report(k, known, "%s %s %s", setting, group, known ? "exists" :
	    "is not known to NSS (create the group, or leave the setting empty)");
}

static void
check_role_groups(struct check *k)
{
	check_role_group(k, "hr_admin_group", k->conf.hr_admin_group, "HR administrator");
	check_role_group(k, "hr_advisor_group", k->conf.hr_advisor_group, "HR advisor");
	check_role_group(k, "auditor_group", k->conf.auditor_group, "auditor");
}

static void
check_styles(struct check *k)
{
	char err[CONF_ERR_MAX];
	struct styles *s;

	if (!render_init() || (s = styles_load(k->conf.stylesheets, err, sizeof(err))) == NULL) {
		report(k, false, "stylesheets: %s (reinstall with make install, or correct "
		    "[paths] stylesheets)", err);
		return;
	}
	if (!app_check_routes(s, err, sizeof(err)))
		report(k, false, "stylesheets in %s: %s (reinstall with make install)",
		    k->conf.stylesheets, err);
	else
		report(k, true, "stylesheets in %s compile and every route has its own",
		    k->conf.stylesheets);
	styles_release(s);
}

/* Single sign-on (issue 19): conf.c has refused remote_user or both
 * without a trusted listener already (the configuration does not load);
 * what is left is whether that listener is only the SSO web server's. */
static void
check_trusted_listener(struct check *k)
{
	const struct conf *c = &k->conf;
	bool loopback;

	if (c->trusted_kind == LISTEN_TCP) {
		/* FastCGI has no authentication: on TCP any local process (or,
		 * beyond loopback, any host) could send REMOTE_USER. */
		loopback = strncmp(c->trusted_host, "127.", 4) == 0;
		report(k, false, "trusted_listener = tcp:%s:%d: %s", c->trusted_host,
		    c->trusted_port, loopback ? "every local process could send REMOTE_USER (use "
		    "a unix socket with socket_group the SSO web server's group)" :
		    "any host could send REMOTE_USER (use a unix socket)");
		return;
	}
	if (c->socket_mode & MODE_SOCKET_OTHERS)
		report(k, false, "trusted_listener %s would be open to every local user "
		    "(socket_mode %04o): any of them could send REMOTE_USER (use 0660)",
		    c->trusted_path, (unsigned)c->socket_mode);
	else
		report(k, true, "trusted_listener %s: only the owner and socket_group connect",
		    c->trusted_path);
}

static void
check_sso(struct check *k)
{
	const struct conf *c = &k->conf;

	if (c->auth_method == AUTH_METHOD_PAM) {
		if (c->trusted_kind != LISTEN_INHERIT)
			warn("trusted_listener is set but method = pam: REMOTE_USER is ignored "
			    "(set method = remote_user or both, or remove trusted_listener)");
		else
			report(k, true, "method = pam: people log in with the password form");
		return;
	}
	report(k, true, "method = %s: REMOTE_USER is believed on the trusted listener only%s",
	    c->auth_method == AUTH_METHOD_BOTH ? "both" : "remote_user",
	    c->auth_method == AUTH_METHOD_BOTH ? ", the password form elsewhere" : "");
	check_trusted_listener(k);
	if (c->realm[0] == '\0')
		warn("method = %s without realm: a principal eva@EXAMPLE.ORG stays a login "
		    "with '@' of its own (set [auth] realm for Kerberos)",
		    c->auth_method == AUTH_METHOD_BOTH ? "both" : "remote_user");
}

static void
ldap_problem(void *ud, const char *problem)
{
	report(ud, false, "ldap: %s", problem);
}

/* The password of a simple bind is the directory's key to every person:
 * only its owner may read the file (gesprekctl runs as root). */
static void
check_ldap_password_file(struct check *k)
{
	const struct conf *c = &k->conf;
	char path[CONF_STR_MAX * 2];
	struct stat st;

	if (c->ldap_bind != LDAP_BIND_SIMPLE || c->ldap_password_file[0] == '\0' ||
	    !conf_beside(c, c->ldap_password_file, path, sizeof(path)))
		return;
	if (stat(path, &st) != 0)
		report(k, false, "ldap: password_file %s: %s", path, strerror(errno));
	else if (st.st_mode & (MODE_READABLE_BY_OTHERS | MODE_READABLE_BY_GROUP))
		report(k, false, "ldap: password_file %s is readable by others (mode %04o): "
		    "chmod 600 it", path, (unsigned)(st.st_mode & 07777));
}

/* [ldap] (issue 19): the settings, then a real connection and bind and a
 * read of base_dn, each problem on its own line.  Without a uri there is
 * no directory to check: the organisation comes from imports. */
static void
check_ldap(struct check *k)
{
	const struct conf *c = &k->conf;
	char err[LDAP_ERR_MAX];
	struct ldap_conn *l;

	if (c->ldap_uri[0] == '\0')
		return;
	check_ldap_password_file(k);
	if (ldap_conf_problems(c, ldap_problem, k) > 0)
		return;
	if ((l = ldap_open(c, err, sizeof(err))) == NULL) {
		report(k, false, "ldap: %s", err);
		return;
	}
	if (ldap_base_readable(l, err, sizeof(err)))
		report(k, true, "ldap: bound to %s as %s; base_dn %s is readable", c->ldap_uri,
		    c->ldap_bind == LDAP_BIND_GSSAPI ? "the keytab's principal" : c->ldap_bind_dn,
		    c->ldap_base_dn);
	else
		report(k, false, "ldap: %s", err);
	ldap_close(l);
}

int
ctl_check(const struct cli_call *c)
{
	static struct check k;	/* struct conf is large */
	const char *pam_dir = cli_value(&c->args, "--pam-dir");

	k.conf_path = c->conf_path;
	k.pam_dir = pam_dir ? pam_dir : CHECK_PAM_DIR;
	log_open("gesprekctl", false);
	if (!check_config(&k))
		return 1;
	check_user(&k);
	if (db_library_init())
		check_database(&k);
	else
		report(&k, false, "database: the MariaDB client library did not initialise");
	check_socket(&k);
	check_fastcgi(&k);
	check_runtime_dir(&k);
	check_pam(&k);
	check_hr_group(&k);
	check_role_groups(&k);
	check_sso(&k);
	check_ldap(&k);
	check_styles(&k);
	db_thread_end();
	return k.failed ? 1 : 0;
}
