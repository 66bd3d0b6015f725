/* test_conf.c -- gesprek.conf parsing: values, units, and every error named
 * with its line. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/conf.h"
#include "tap.h"

static bool
parse(struct conf *c, const char *text, char *err)
{
	conf_defaults(c);
	err[0] = '\0';
	return conf_parse(c, "t.conf", text, strlen(text), err, CONF_ERR_MAX);
}

static void
test_example_file(void)
{
	char err[CONF_ERR_MAX], path[1024];
	/* Made from conf/gesprek.conf.in by make, in the build tree. */
	const char *top = getenv("top_builddir");
	struct conf c;

	snprintf(path, sizeof(path), "%s/conf/gesprek.conf", top ? top : ".");
	conf_defaults(&c);
	ok(conf_load(&c, path, err, sizeof(err)), "the shipped conf/gesprek.conf loads");
	ok(strstr(c.stylesheets, "/share/gesprek/xslt") != NULL && c.stylesheets[0] == '/',
	    "its stylesheets are where make install puts them");
	is_str(c.db_migrate_user, "", "its migrate_user is empty: the same account");
	is_int(c.threads, 8, "its threads");
	is_int(c.socket_mode, 0660, "its socket mode is octal");
	is_int(c.session_idle, 1800, "its idle time in seconds");
	is_int(c.group_cache, 60, "its group answers are kept a minute");
	is_int(c.limits.upload, 10 * 1024 * 1024, "its upload limit");
	is_str(c.hr_admin_group, "", "its role groups are left out: nobody by them (issue 17)");
	is_str(c.auditor_group, "", "... the auditor's too");
}

/* The split HR roles (issue 17): three groups beside hr_group. */
static void
test_role_groups(void)
{
	char err[CONF_ERR_MAX];
	struct conf c;

	ok(parse(&c, "[auth]\nhr_group = hr\nhr_admin_group = beheer\n"
	    "hr_advisor_group = advies\nauditor_group = controle\n", err), "role groups parse");
	is_str(c.hr_group, "hr", "hr_group kept");
	is_str(c.hr_admin_group, "beheer", "hr_admin_group read");
	is_str(c.hr_advisor_group, "advies", "hr_advisor_group read");
	is_str(c.auditor_group, "controle", "auditor_group read");
	ok(!parse(&c, "[server]\nauditor_group = controle\n", err), "only in [auth]");
	ok(parse(&c, "", err), "an empty file");
	is_int(c.group_cache, 60, "a group answer is kept a minute by default");
	ok(parse(&c, "[auth]\ngroup_cache = 5s\n", err), "group_cache 5s parses");
	is_int(c.group_cache, 5, "... as 5 seconds");
	ok(parse(&c, "[auth]\ngroup_cache = 1h\n", err) && c.group_cache == 3600,
	    "an hour, the longest, parses");
	ok(!parse(&c, "[auth]\ngroup_cache = 61m\n", err) && strstr(err, "t.conf:2: ") == err,
	    "longer than an hour refused, naming its line");
	ok(!parse(&c, "[auth]\ngroup_cache = 0s\n", err), "0 refused");
	ok(!parse(&c, "[auth]\ngroup_cache = soon\n", err), "not a duration refused");
}

static void
test_values(void)
{
	char err[CONF_ERR_MAX];
	struct conf c;

	ok(parse(&c, "[server]\nlisten = tcp:127.0.0.1:9000\nthreads=3\n", err), "tcp listen parses");
	ok(c.listen_kind == LISTEN_TCP && c.listen_port == 9000, "tcp port read");
	is_str(c.listen_host, "127.0.0.1", "tcp host read");
	ok(parse(&c, "[server]\nlisten = inherit\n", err) && c.listen_kind == LISTEN_INHERIT, "inherit parses");
	ok(parse(&c, "# comment\n; other\n\n[auth]\nsession_idle = 2h\nsession_absolute = 1d\ncookie_secure = no\n", err), "comments, units, bools");
	is_int(c.session_idle, 7200, "2h is 7200 s");
	is_int(c.session_absolute, 86400, "1d is 86400 s");
	ok(!c.cookie_secure, "cookie_secure no");
	ok(parse(&c, "[limits]\nbody = 64k\r\nupload=2M\n", err), "sizes with CRLF lines");
	is_int(c.limits.body, 65536, "64k");
	is_int(c.limits.upload, 2 * 1024 * 1024, "2M");
	ok(parse(&c, "[database]\npassword =\n", err) && c.db_password[0] == '\0', "empty value allowed");
}

static void
test_login_settings(void)
{
	char err[CONF_ERR_MAX];
	struct conf c;

	ok(parse(&c, "", err) && c.realm[0] == '\0' && c.broker_processes == 4,
	    "no realm and 4 PAM helpers by default");
	ok(parse(&c, "[auth]\nrealm = EXAMPLE.ORG\nbroker_processes = 8\n", err),
	    "realm and broker_processes parse");
	is_str(c.realm, "EXAMPLE.ORG", "realm kept as written (compared without case)");
	is_int(c.broker_processes, 8, "broker_processes");
	ok(parse(&c, "[auth]\nrealm =\n", err) && c.realm[0] == '\0', "empty realm: none");
	ok(!parse(&c, "[auth]\nrealm = EXAMPLE@ORG\n", err), "'@' in a realm refused");
	ok(strstr(err, "t.conf:2: ") == err, "realm error names its line");
	ok(!parse(&c, "[auth]\nrealm = EXAMPLE ORG\n", err), "space in a realm refused");
	ok(!parse(&c, "[auth]\nrealm = .ORG\n", err), "leading dot refused");
	ok(!parse(&c, "[auth]\nbroker_processes = 0\n", err), "no PAM helper refused");
	ok(!parse(&c, "[auth]\nbroker_processes = 33\n", err), "over CONF_BROKER_PROCESSES_MAX refused");
	/* login_pattern instead of a realm (auth/loginname.h) */
	ok(parse(&c, "[auth]\nlogin_pattern = ^VOORBEELD\\\\(.+)$\n", err), "a login_pattern parses");
	is_str(c.login_pattern, "^VOORBEELD\\\\(.+)$", "kept as written");
	ok(parse(&c, "[auth]\nlogin_pattern = ^([^@]+)@(a|b)\\.nl$\n", err),
	    "more groups: the first is the login");
	ok(!parse(&c, "[auth]\nlogin_pattern = ^eva$\n", err), "no group refused");
	ok(strstr(err, "group") != NULL, "and says a group is needed");
	ok(!parse(&c, "[auth]\nlogin_pattern = ^(eva\n", err), "a broken expression refused");
	ok(strstr(err, "t.conf:2: ") == err, "the error names its line");
	ok(!parse(&c, "[auth]\nrealm = EXAMPLE.ORG\nlogin_pattern = ^(.+)@x$\n", err),
	    "a realm and a pattern together refused");
	ok(strstr(err, "set one of them") != NULL, "saying to choose");
}

/* Logs and processes (issue 23): log_level, pidfile, real_ip_from. */
static void
test_ops_settings(void)
{
	char err[CONF_ERR_MAX], pid[CONF_STR_MAX + 16];
	struct conf c;

	ok(parse(&c, "", err) && c.log_level == LOG_LEVEL_INFO && c.real_ip_from.n == 0,
	    "by default: log_level info (what was always logged), no trusted proxy");
	ok(conf_pidfile(&c, pid, sizeof(pid)), "a default pidfile");
	is_str(pid, "/run/gesprek/gesprekd.pid", "under runtime_dir");
	ok(parse(&c, "[server]\nruntime_dir = /tmp/r\nlog_level = warning\n"
	    "real_ip_from = 127.0.0.1, ::1 10.0.0.0/8\npidfile = /var/run/g.pid\n", err),
	    "log_level, real_ip_from and pidfile parse");
	is_int(c.log_level, LOG_LEVEL_WARNING, "log_level warning");
	is_int(c.real_ip_from.n, 3, "three trusted proxies");
	ok(conf_pidfile(&c, pid, sizeof(pid)) && strcmp(pid, "/var/run/g.pid") == 0,
	    "the pidfile as set");
	ok(parse(&c, "[server]\nlog_level = debug\n", err) && c.log_level == LOG_LEVEL_DEBUG,
	    "log_level debug");
	ok(!parse(&c, "[server]\nlog_level = verbose\n", err), "an unknown level is refused");
	ok(strstr(err, "t.conf:2: expected error, warning, info or debug") == err,
	    "and the levels are named with the line");
	ok(!parse(&c, "[server]\nreal_ip_from = 10.0.0.0/40\n", err), "a bad network is refused");
	ok(strstr(err, "t.conf:2: ") == err, "with its line");
	ok(!parse(&c, "[server]\npidfile = run/g.pid\n", err), "a relative pidfile is refused");
}

static void
test_errors(void)
{
	char err[CONF_ERR_MAX];
	struct conf c;

	ok(!parse(&c, "[server]\nthreads = 4\nbogus = 1\n", err), "unknown key refused");
	is_str(err, "t.conf:3: unknown key", "unknown key named with its line");
	ok(!parse(&c, "[nope]\n", err), "unknown section refused");
	is_str(err, "t.conf:1: unknown section", "unknown section message");
	ok(!parse(&c, "threads = 4\n", err), "key outside section refused");
	ok(!parse(&c, "[server]\nthreads = 0\n", err), "threads 0 refused");
	ok(!parse(&c, "[server]\nthreads = 9999\n", err), "threads over max refused");
	ok(!parse(&c, "[server]\nthreads = 4x\n", err), "trailing garbage refused");
	ok(!parse(&c, "[server]\nlisten = unix:relative\n", err), "relative unix path refused");
	ok(!parse(&c, "[server]\nlisten = tcp:127.0.0.1:0\n", err), "port 0 refused");
	ok(!parse(&c, "[server]\nsocket_mode = 0999\n", err), "bad octal refused");
	ok(!parse(&c, "[auth]\nsession_idle = 5w\n", err), "unknown unit refused");
	ok(!parse(&c, "[auth]\ncookie_secure = maybe\n", err), "bad bool refused");
	ok(!parse(&c, "[limits]\nbody = 0\n", err), "zero size refused");
	ok(!parse(&c, "[limits]\nbody = 99999999999999999999\n", err), "overflowing size refused");
	ok(!parse(&c, "[auth]\nsession_idle = 2d\nsession_absolute = 1d\n", err), "idle longer than absolute refused");
	ok(!parse(&c, "[server\n", err), "broken section header refused");
	ok(!parse(&c, "[server]\nthreads\n", err), "line without = refused");
	ok(!parse(&c, "[server]\nuser = \xff\n", err), "invalid UTF-8 refused");
	ok(strstr(err, ":2:") != NULL, "UTF-8 error names line 2");
	ok(!conf_load(&c, "/nonexistent/gesprek.conf", err, sizeof(err)), "missing file refused");
}

/* Single sign-on (issue 19): the method and the trusted listener. */
static void
test_sso_settings(void)
{
	char err[CONF_ERR_MAX];
	struct conf c;

	ok(parse(&c, "", err) && c.auth_method == AUTH_METHOD_PAM &&
	    c.trusted_kind == LISTEN_INHERIT, "pam and no trusted listener by default");
	ok(parse(&c, "[auth]\nmethod = both\ntrusted_listener = unix:/run/g/sso.sock\n", err),
	    "method both with a unix trusted listener parses");
	ok(c.auth_method == AUTH_METHOD_BOTH && c.trusted_kind == LISTEN_UNIX,
	    "... as both, on a unix socket");
	is_str(c.trusted_path, "/run/g/sso.sock", "... with its path");
	ok(parse(&c, "[auth]\nmethod = remote_user\ntrusted_listener = tcp:127.0.0.1:9001\n",
	    err) && c.auth_method == AUTH_METHOD_REMOTE_USER && c.trusted_kind == LISTEN_TCP &&
	    c.trusted_port == 9001, "remote_user with a tcp trusted listener parses");
	is_str(c.trusted_host, "127.0.0.1", "... with its host");
	ok(!parse(&c, "[auth]\nmethod = remote_user\n", err),
	    "remote_user without a trusted listener refused (fail closed)");
	ok(strstr(err, "trusted_listener") != NULL && strchr(err, '\n') == NULL,
	    "... in one line naming trusted_listener");
	ok(!parse(&c, "[auth]\nmethod = both\ntrusted_listener =\n", err),
	    "both with an empty trusted listener refused");
	ok(!parse(&c, "[auth]\nmethod = kerberos\n", err), "an unknown method refused");
	ok(strstr(err, "t.conf:2: ") == err, "... naming its line");
	ok(!parse(&c, "[auth]\ntrusted_listener = inherit\n", err),
	    "an inherited trusted listener refused (it could be anyone's)");
	ok(!parse(&c, "[auth]\ntrusted_listener = unix:rel.sock\n", err),
	    "a relative trusted socket refused");
	ok(!parse(&c, "[server]\nlisten = unix:/run/g/a.sock\n[auth]\nmethod = both\n"
	    "trusted_listener = unix:/run/g/a.sock\n", err),
	    "the trusted listener equal to listen refused");
	ok(!parse(&c, "[server]\nlisten = tcp:127.0.0.1:9000\n[auth]\nmethod = both\n"
	    "trusted_listener = tcp:127.0.0.1:9000\n", err),
	    "... also over tcp");
	ok(parse(&c, "[auth]\ntrusted_listener = unix:/run/g/sso.sock\n", err) &&
	    c.auth_method == AUTH_METHOD_PAM, "a trusted listener with method pam is allowed");
}

/* [ldap] (issue 19): defaults, every key, and files beside the conf. */
static void
test_ldap_settings(void)
{
	char err[CONF_ERR_MAX], path[2 * CONF_STR_MAX];
	struct conf c;

	ok(parse(&c, "", err) && c.ldap_uri[0] == '\0' && c.ldap_bind == LDAP_BIND_SIMPLE,
	    "no directory by default, simple bind");
	is_str(c.ldap_attr_login, "uid", "login from uid by default");
	is_str(c.ldap_attr_account_control, "userAccountControl", "AD's account flags");
	is_str(c.ldap_filter, "(objectClass=person)", "persons by default");
	is_int(c.ldap_page_size, 500, "pages of 500");
	is_int(c.ldap_timeout, 30, "30 seconds");
	ok(parse(&c, "[ldap]\nuri = ldaps://dc1.example.nl\nbind = gssapi\nkeytab = g.keytab\n"
	    "base_dn = OU=Medewerkers,DC=example,DC=nl\nlogin_attribute = sAMAccountName\n"
	    "department_attribute = department\npage_size = 1000\ntimeout = 1m\n"
	    "disabled_filter = (nsAccountLock=TRUE)\nstarttls = yes\n", err), "every key parses");
	ok(c.ldap_bind == LDAP_BIND_GSSAPI && c.ldap_starttls && c.ldap_page_size == 1000 &&
	    c.ldap_timeout == 60, "... gssapi, starttls, page size, timeout in seconds");
	is_str(c.ldap_attr_login, "sAMAccountName", "... the login attribute");
	is_str(c.ldap_base_dn, "OU=Medewerkers,DC=example,DC=nl", "... the base with its '='");
	ok(!parse(&c, "[ldap]\nbind = kerberos\n", err) && strstr(err, "t.conf:2: ") == err,
	    "an unknown bind refused, naming its line");
	ok(!parse(&c, "[ldap]\npage_size = 0\n", err), "page size 0 refused");
	ok(!parse(&c, "[ldap]\npage_size = 10001\n", err), "a page over 10000 refused");
	ok(!parse(&c, "[ldap]\npassword = secret\n", err),
	    "no password key: the password lives in password_file");
	conf_defaults(&c);
	snprintf(c.conf_dir, sizeof(c.conf_dir), "%s", "/etc/gesprek");
	ok(conf_beside(&c, "ldap.secret", path, sizeof(path)), "a relative file");
	is_str(path, "/etc/gesprek/ldap.secret", "... lies beside the configuration");
	ok(conf_beside(&c, "/srv/x.secret", path, sizeof(path)), "an absolute file");
	is_str(path, "/srv/x.secret", "... stays as it is");
}

int
main(void)
{
	test_example_file();
	test_values();
	test_role_groups();
	test_login_settings();
	test_ops_settings();
	test_errors();
	test_sso_settings();
	test_ldap_settings();
	return tap_done();
}
