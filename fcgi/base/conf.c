/* conf.c -- a strict INI parser: every key is declared once in the table
 * below with its type; anything else is an error naming file and line. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/conf.h"
#include "base/dbhosts.h"
#include "base/util.h"
#include "base/validate.h"

/* Largest accepted size (limits) and duration values. */
#define CONF_SIZE_MAX ((size_t)1 << 30)
#define CONF_DURATION_MAX ((int64_t)366 * 24 * 3600)
#define CONF_FILE_MAX (256 * 1024)
/* A realm is a DNS name: at most this long. */
#define CONF_REALM_MAX 253
/* Reminders further ahead than this are noise, not help. */
#define CONF_REMIND_DAYS_MAX 60
/* import_max_deactivate_percent: a share of the active employees. */
#define CONF_PERCENT_MAX 100
#define CONF_IMPORT_DEACTIVATE_PERCENT 10
/* A retention period longer than this is a typing error (a century). */
#define CONF_PERIOD_MONTHS_MAX (100 * 12)
#define CONF_PERIOD_DAYS_MAX (100 * 366)
#define CONF_MONTHS_PER_YEAR 12
/* [ldap]: a page of 500 entries (AD allows 1000) and 30 seconds for the
 * connection and for each answer of the directory. */
#define CONF_LDAP_PAGE_DEFAULT 500
#define CONF_LDAP_TIMEOUT_DEFAULT 30

enum kind { K_STR, K_INT, K_PORT, K_BOOL, K_SIZE, K_DURATION, K_MODE, K_LISTEN, K_LOG, K_REALM,
	K_LOG_LEVEL, K_REAL_IP, K_AUTH_METHOD, K_TRUSTED, K_PERIOD, K_PRESET, K_FROM,
	K_LDAP_BIND, K_HOSTS, K_PATTERN };

struct key {
	const char *section;
	const char *name;
	enum kind kind;
	size_t offset;
	/* K_INT; K_DURATION when max is not 0 (seconds); K_PERIOD, K_FROM:
	 * CONF_RETENTION_GIVEN_* in min. */
	long min, max;
};

#define F(field) offsetof(struct conf, field)
#define L(field) (offsetof(struct conf, limits) + offsetof(struct limits, field))

static const struct key keys[] = {
	{"database", "socket", K_STR, F(db_socket), 0, 0},
	{"database", "host", K_HOSTS, F(db_host), 0, 0},
	{"database", "port", K_PORT, F(db_port), 0, 0},
	{"database", "name", K_STR, F(db_name), 0, 0},
	{"database", "user", K_STR, F(db_user), 0, 0},
	{"database", "password", K_STR, F(db_password), 0, 0},
	{"database", "migrate_user", K_STR, F(db_migrate_user), 0, 0},
	{"database", "migrate_password", K_STR, F(db_migrate_password), 0, 0},
	{"database", "connect_timeout", K_DURATION, F(db_connect_timeout), 0, 0},
	{"server", "listen", K_LISTEN, 0, 0, 0},
	{"server", "socket_mode", K_MODE, F(socket_mode), 0, 0},
	{"server", "socket_group", K_STR, F(socket_group), 0, 0},
	{"server", "user", K_STR, F(user), 0, 0},
	{"server", "threads", K_INT, F(threads), 1, CONF_THREADS_MAX},
	{"server", "page_cache", K_BOOL, F(page_cache), 0, 0},
	{"server", "runtime_dir", K_STR, F(runtime_dir), 0, 0},
	{"server", "log", K_LOG, 0, 0, 0},
	/* Logs and processes (issue 23): */
	{"server", "log_level", K_LOG_LEVEL, F(log_level), 0, 0},
	{"server", "pidfile", K_STR, F(pidfile), 0, 0},
	{"server", "real_ip_from", K_REAL_IP, F(real_ip_from), 0, 0},
	{"paths", "stylesheets", K_STR, F(stylesheets), 0, 0},
	{"paths", "migrations", K_STR, F(migrations), 0, 0},
	{"auth", "pam_service", K_STR, F(pam_service), 0, 0},
	{"auth", "hr_group", K_STR, F(hr_group), 0, 0},
	{"auth", "hr_admin_group", K_STR, F(hr_admin_group), 0, 0},
	{"auth", "hr_advisor_group", K_STR, F(hr_advisor_group), 0, 0},
	{"auth", "auditor_group", K_STR, F(auditor_group), 0, 0},
	{"auth", "group_cache", K_DURATION, F(group_cache), CONF_GROUP_CACHE_MIN,
	    CONF_GROUP_CACHE_MAX},
	{"auth", "cookie_secure", K_BOOL, F(cookie_secure), 0, 0},
	{"auth", "session_idle", K_DURATION, F(session_idle), 0, 0},
	{"auth", "session_absolute", K_DURATION, F(session_absolute), 0, 0},
	{"auth", "broker_timeout", K_DURATION, F(broker_timeout), 0, 0},
	{"auth", "throttle_login", K_INT, F(throttle_login), 1, 1000000},
	{"auth", "throttle_address", K_INT, F(throttle_address), 1, 1000000},
	{"auth", "throttle_window", K_DURATION, F(throttle_window), 0, 0},
	{"auth", "realm", K_REALM, F(realm), 0, 0},
	{"auth", "login_pattern", K_PATTERN, F(login_pattern), 0, 0},
	{"auth", "broker_processes", K_INT, F(broker_processes), 1, CONF_BROKER_PROCESSES_MAX},
	{"auth", "method", K_AUTH_METHOD, F(auth_method), 0, 0},
	{"auth", "trusted_listener", K_TRUSTED, 0, 0, 0},
	{"limits", "body", K_SIZE, L(body), 0, 0},
	{"limits", "upload", K_SIZE, L(upload), 0, 0},
	{"limits", "query", K_SIZE, L(query), 0, 0},
	{"limits", "params", K_SIZE, L(params), 0, 0},
	{"limits", "param_name", K_SIZE, L(param_name), 0, 0},
	{"limits", "param_value", K_SIZE, L(param_value), 0, 0},
	{"limits", "cookie", K_SIZE, L(cookie), 0, 0},
	{"limits", "header", K_SIZE, L(header), 0, 0},
	{"limits", "path", K_SIZE, L(path), 0, 0},
	{"site", "timezone", K_STR, F(timezone), 0, 0},
	{"site", "import_max_deactivate_percent", K_INT, F(import_max_deactivate_percent), 0,
	    CONF_PERCENT_MAX},
	{"mail", "sendmail", K_STR, F(mail_sendmail), 0, 0},
	{"mail", "from", K_STR, F(mail_from), 0, 0},
	{"mail", "url", K_STR, F(mail_url), 0, 0},
	{"mail", "language", K_STR, F(mail_language), 0, 0},
	{"mail", "remind_days", K_INT, F(mail_remind_days), 1, CONF_REMIND_DAYS_MAX},
	{"retention", "preset", K_PRESET, F(retention_preset), 0, 0},
	{"retention", "dossier", K_PERIOD, F(retention_dossier), CONF_RETENTION_GIVEN_DOSSIER, 0},
	{"retention", "dossier_from", K_FROM, F(retention_dossier_from),
	    CONF_RETENTION_GIVEN_FROM, 0},
	{"retention", "audit", K_PERIOD, F(retention_audit), CONF_RETENTION_GIVEN_AUDIT, 0},
	{"retention", "sessions", K_PERIOD, F(retention_sessions), CONF_RETENTION_GIVEN_SESSIONS,
	    0},
	{"retention", "mail", K_PERIOD, F(retention_mail), CONF_RETENTION_GIVEN_MAIL, 0},
	/* What the privacy statement names (issue 18, app_privacy.h). */
	{"privacy", "controller", K_STR, F(privacy_controller), 0, 0},
	{"privacy", "officer", K_STR, F(privacy_officer), 0, 0},
	{"privacy", "backups", K_STR, F(privacy_backups), 0, 0},
	{"ldap", "uri", K_STR, F(ldap_uri), 0, 0},
	{"ldap", "bind", K_LDAP_BIND, F(ldap_bind), 0, 0},
	{"ldap", "starttls", K_BOOL, F(ldap_starttls), 0, 0},
	{"ldap", "ca_file", K_STR, F(ldap_ca_file), 0, 0},
	{"ldap", "bind_dn", K_STR, F(ldap_bind_dn), 0, 0},
	{"ldap", "password_file", K_STR, F(ldap_password_file), 0, 0},
	{"ldap", "keytab", K_STR, F(ldap_keytab), 0, 0},
	{"ldap", "base_dn", K_STR, F(ldap_base_dn), 0, 0},
	{"ldap", "filter", K_STR, F(ldap_filter), 0, 0},
	{"ldap", "disabled_filter", K_STR, F(ldap_disabled_filter), 0, 0},
	{"ldap", "login_attribute", K_STR, F(ldap_attr_login), 0, 0},
	{"ldap", "name_attribute", K_STR, F(ldap_attr_name), 0, 0},
	{"ldap", "email_attribute", K_STR, F(ldap_attr_email), 0, 0},
	{"ldap", "manager_attribute", K_STR, F(ldap_attr_manager), 0, 0},
	{"ldap", "department_attribute", K_STR, F(ldap_attr_department), 0, 0},
	{"ldap", "job_profile_attribute", K_STR, F(ldap_attr_job_profile), 0, 0},
	{"ldap", "account_control_attribute", K_STR, F(ldap_attr_account_control), 0, 0},
	{"ldap", "page_size", K_INT, F(ldap_page_size), 1, CONF_LDAP_PAGE_MAX},
	{"ldap", "timeout", K_DURATION, F(ldap_timeout), 0, 0},
};

static const char *const retention_presets[] = {
	[RETENTION_PRESET_AP] = "ap",
	[RETENTION_PRESET_GEMEENTE] = "gemeente",
	[RETENTION_PRESET_PROVINCIE] = "provincie",
	[RETENTION_PRESET_CUSTOM] = "custom",
};

/* "2y", "18m" or "30d": a number above 0 and its unit.  Years are kept as
 * months, so that a period ends on the same day of the month. */
static bool
parse_period(const char *v, struct conf_period *out)
{
	char *end;
	unsigned long n;

	if (!isdigit((unsigned char)v[0]))
		return false;
	errno = 0;
	n = strtoul(v, &end, 10);
	if (errno || n == 0 || end[0] == '\0' || end[1] != '\0')
		return false;
	out->months = out->days = 0;
	if (*end == 'y' && n <= CONF_PERIOD_MONTHS_MAX / CONF_MONTHS_PER_YEAR)
		out->months = (int)n * CONF_MONTHS_PER_YEAR;
	else if (*end == 'm' && n <= CONF_PERIOD_MONTHS_MAX)
		out->months = (int)n;
	else if (*end == 'd' && n <= CONF_PERIOD_DAYS_MAX)
		out->days = (int)n;
	else
		return false;
	return true;
}

static bool
set_retention(struct conf *c, const struct key *k, const char *v, const char **why)
{
	char *base = (char *)c;
	size_t i;

	switch (k->kind) {
	case K_PRESET:
		for (i = 0; i < ARRAY_LEN(retention_presets); i++)
			if (strcmp(v, retention_presets[i]) == 0) {
				c->retention_preset = (enum conf_retention_preset)i;
				return true;
			}
		*why = "expected ap, gemeente, provincie or custom";
		return false;
	case K_FROM:
		if (strcmp(v, "leaving") == 0)
			c->retention_dossier_from = RETENTION_FROM_LEAVING;
		else if (strcmp(v, "cycle_close") == 0)
			c->retention_dossier_from = RETENTION_FROM_CYCLE_CLOSE;
		else {
			*why = "expected leaving or cycle_close";
			return false;
		}
		c->retention_given |= (unsigned)k->min;
		return true;
	default:
		if (!parse_period(v, (struct conf_period *)(base + k->offset))) {
			*why = "expected a period such as 2y, 18m or 30d (at most 100 years)";
			return false;
		}
		c->retention_given |= (unsigned)k->min;
		return true;
	}
}

/* Durations are stored as int64_t except connect_timeout (int). */
static bool
is_int_duration(size_t offset)
{
	return offset == F(db_connect_timeout) || offset == F(broker_timeout);
}

void
conf_defaults(struct conf *c)
{
	memset(c, 0, sizeof(*c));
	strlcopy(c->db_socket, "/run/mysqld/mysqld.sock", sizeof(c->db_socket));
	c->db_port = 3306;
	strlcopy(c->db_name, "gesprek", sizeof(c->db_name));
	strlcopy(c->db_user, "gesprek", sizeof(c->db_user));
	c->db_connect_timeout = 5;
	c->listen_kind = LISTEN_UNIX;
	strlcopy(c->listen_path, "/run/gesprek/gesprekd.sock", sizeof(c->listen_path));
	c->socket_mode = 0660;
	c->threads = 8;
	c->page_cache = true;
	strlcopy(c->runtime_dir, "/run/gesprek", sizeof(c->runtime_dir));
	c->log_level = LOG_LEVEL_DEFAULT;
	strlcopy(c->stylesheets, PKGDATADIR "/xslt", sizeof(c->stylesheets));
	strlcopy(c->migrations, PKGDATADIR "/sql", sizeof(c->migrations));
	strlcopy(c->pam_service, "gesprek", sizeof(c->pam_service));
	c->group_cache = CONF_GROUP_CACHE_DEFAULT;
	c->cookie_secure = true;
	c->session_idle = 30 * 60;
	c->session_absolute = 12 * 3600;
	c->broker_timeout = 10;
	c->throttle_login = 5;
	c->throttle_address = 30;
	c->throttle_window = 15 * 60;
	c->broker_processes = 4;
	c->auth_method = AUTH_METHOD_PAM;
	c->trusted_kind = LISTEN_INHERIT;	/* no trusted listener */
	c->limits.body = 64 * 1024;
	c->limits.upload = 10 * 1024 * 1024;
	c->limits.query = 4096;
	c->limits.params = 200;
	c->limits.param_name = 64;
	c->limits.param_value = 16 * 1024;
	c->limits.cookie = 4096;
	c->limits.header = 8192;
	c->limits.path = 1024;
	strlcopy(c->timezone, "Europe/Amsterdam", sizeof(c->timezone));
	c->import_max_deactivate_percent = CONF_IMPORT_DEACTIVATE_PERCENT;
	strlcopy(c->mail_language, "nl", sizeof(c->mail_language));
	c->mail_remind_days = 7;
	c->ldap_bind = LDAP_BIND_SIMPLE;
	strlcopy(c->ldap_filter, "(objectClass=person)", sizeof(c->ldap_filter));
	strlcopy(c->ldap_attr_login, "uid", sizeof(c->ldap_attr_login));
	strlcopy(c->ldap_attr_name, "displayName", sizeof(c->ldap_attr_name));
	strlcopy(c->ldap_attr_email, "mail", sizeof(c->ldap_attr_email));
	strlcopy(c->ldap_attr_manager, "manager", sizeof(c->ldap_attr_manager));
	strlcopy(c->ldap_attr_account_control, "userAccountControl",
	    sizeof(c->ldap_attr_account_control));
	c->ldap_page_size = CONF_LDAP_PAGE_DEFAULT;
	c->ldap_timeout = CONF_LDAP_TIMEOUT_DEFAULT;
}

/* Parses an unsigned decimal with an optional one-letter unit.  units is a
 * string of letters and mult their multipliers. */
static bool
parse_scaled(const char *v, const char *units, const int64_t *mult, int64_t max,
    int64_t *out)
{
	char *end;
	unsigned long long n;
	const char *u;

	if (!isdigit((unsigned char)v[0]))
		return false;
	errno = 0;
	n = strtoull(v, &end, 10);
	if (errno || n > (unsigned long long)max)
		return false;
	if (*end == '\0') {
		*out = (int64_t)n;
		return true;
	}
	if (end[1] != '\0' || (u = strchr(units, *end)) == NULL)
		return false;
	if (n > (unsigned long long)(max / mult[u - units]))
		return false;
	*out = (int64_t)n * mult[u - units];
	return true;
}

/* unix:PATH or tcp:HOST:PORT into the fields given (the listener of
 * [server] listen, or the trusted one of [auth]). */
static bool
parse_socket(const char *v, enum listen_kind *kind, char *path, char *host, int *port_out,
    const char **why)
{
	const char *colon;
	char *end;
	long port;

	if (strncmp(v, "unix:", 5) == 0) {
		if (v[5] != '/') {
			*why = "unix socket path must be absolute";
			return false;
		}
		if (!strlcopy(path, v + 5, CONF_STR_MAX)) {
			*why = "path too long";
			return false;
		}
		*kind = LISTEN_UNIX;
		return true;
	}
	if (strncmp(v, "tcp:", 4) == 0 && (colon = strrchr(v + 4, ':')) != NULL &&
	    colon > v + 4 && (size_t)(colon - (v + 4)) < CONF_STR_MAX) {
		port = strtol(colon + 1, &end, 10);
		if (*end != '\0' || port < 1 || port > 65535) {
			*why = "bad port";
			return false;
		}
		*kind = LISTEN_TCP;
		memcpy(host, v + 4, (size_t)(colon - (v + 4)));
		host[colon - (v + 4)] = '\0';
		*port_out = (int)port;
		return true;
	}
	*why = "expected unix:/path, tcp:HOST:PORT or inherit";
	return false;
}

static bool
parse_listen(struct conf *c, const char *v, const char **why)
{
	if (strcmp(v, "inherit") == 0) {
		c->listen_kind = LISTEN_INHERIT;
		return true;
	}
	return parse_socket(v, &c->listen_kind, c->listen_path, c->listen_host,
	    &c->listen_port, why);
}

/* The trusted listener is always a socket gesprekd opens itself: one it
 * inherited could be anyone's.  Empty: none. */
static bool
parse_trusted(struct conf *c, const char *v, const char **why)
{
	if (v[0] == '\0') {
		c->trusted_kind = LISTEN_INHERIT;
		return true;
	}
	if (!parse_socket(v, &c->trusted_kind, c->trusted_path, c->trusted_host,
	    &c->trusted_port, why)) {
		*why = "expected unix:/path or tcp:HOST:PORT";
		return false;
	}
	return true;
}

static bool
parse_auth_method(struct conf *c, const char *v, const char **why)
{
	if (strcmp(v, "pam") == 0)
		c->auth_method = AUTH_METHOD_PAM;
	else if (strcmp(v, "remote_user") == 0)
		c->auth_method = AUTH_METHOD_REMOTE_USER;
	else if (strcmp(v, "both") == 0)
		c->auth_method = AUTH_METHOD_BOTH;
	else {
		*why = "expected pam, remote_user or both";
		return false;
	}
	return true;
}

/* A Kerberos or AD realm as users type it after '@': letters, digits,
 * dots and dashes (auth/loginname.h compares it without case). */
static bool
realm_ok(const char *v)
{
	size_t n = strlen(v);

	return n <= CONF_REALM_MAX && strspn(v, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") == n && v[0] != '.' && v[0] != '-';
}

static bool
set_value(struct conf *c, const struct key *k, const char *v, const char **why)
{
	static const int64_t size_mult[] = {1024, 1024 * 1024};
	static const int64_t dur_mult[] = {1, 60, 3600, 86400};
	char *base = (char *)c, *end;
	int64_t n;
	long l;

	switch (k->kind) {
	case K_STR:
		if (!strlcopy(base + k->offset, v, CONF_STR_MAX)) {
			*why = "value too long";
			return false;
		}
		return true;
	case K_INT:
	case K_PORT:
		errno = 0;
		l = strtol(v, &end, 10);
		if (k->kind == K_PORT && (l < 1 || l > 65535))
			l = -1;
		if (errno || *end || end == v || l < 0 ||
		    (k->kind == K_INT && (l < k->min || l > k->max))) {
			*why = "not a number in the allowed range";
			return false;
		}
		*(int *)(base + k->offset) = (int)l;
		return true;
	case K_BOOL:
		if (strcmp(v, "yes") == 0 || strcmp(v, "true") == 0 || strcmp(v, "on") == 0)
			*(bool *)(base + k->offset) = true;
		else if (strcmp(v, "no") == 0 || strcmp(v, "false") == 0 || strcmp(v, "off") == 0)
			*(bool *)(base + k->offset) = false;
		else {
			*why = "expected yes or no";
			return false;
		}
		return true;
	case K_SIZE:
		if (!parse_scaled(v, "kM", size_mult, (int64_t)CONF_SIZE_MAX, &n) || n == 0) {
			*why = "expected a size such as 64k or 10M";
			return false;
		}
		*(size_t *)(base + k->offset) = (size_t)n;
		return true;
	case K_DURATION:
		if (!parse_scaled(v, "smhd", dur_mult, CONF_DURATION_MAX, &n) || n == 0) {
			*why = "expected a duration such as 30s, 15m, 12h or 7d";
			return false;
		}
		if (k->max != 0 && (n < k->min || n > k->max)) {
			*why = "not a duration in the allowed range";
			return false;
		}
		if (is_int_duration(k->offset))
			*(int *)(base + k->offset) = (int)n;
		else
			*(int64_t *)(base + k->offset) = n;
		return true;
	case K_MODE:
		errno = 0;
		l = strtol(v, &end, 8);
		if (errno || *end || end == v || l < 0 || l > 0777) {
			*why = "expected an octal mode such as 0660";
			return false;
		}
		*(int *)(base + k->offset) = (int)l;
		return true;
	case K_REALM:
		if (!realm_ok(v)) {
			*why = "expected a realm such as EXAMPLE.ORG (letters, digits, dots, dashes)";
			return false;
		}
		return set_value(c, &(struct key){ k->section, k->name, K_STR, k->offset, 0, 0 },
		    v, why);
	case K_PATTERN:
		if (v[0] != '\0' && !regex_group_ok(v, why))
			return false;
		return set_value(c, &(struct key){ k->section, k->name, K_STR, k->offset, 0, 0 },
		    v, why);
	case K_HOSTS:
		/* Kept as written too: gesprekctl check shows it. */
		if (!dbhosts_parse(v, c->db_hosts, &c->db_nhosts, why))
			return false;
		return set_value(c, &(struct key){ k->section, k->name, K_STR, k->offset, 0, 0 },
		    v, why);
	case K_LISTEN:
		return parse_listen(c, v, why);
	case K_TRUSTED:
		return parse_trusted(c, v, why);
	case K_AUTH_METHOD:
		return parse_auth_method(c, v, why);
	case K_LOG_LEVEL:
		if (!log_level_parse(v, &c->log_level)) {
			*why = "expected error, warning, info or debug";
			return false;
		}
		return true;
	case K_REAL_IP:
		return realip_parse(&c->real_ip_from, v, why);
	case K_PERIOD:
	case K_PRESET:
	case K_FROM:
		return set_retention(c, k, v, why);
	case K_LDAP_BIND:
		if (strcmp(v, "simple") == 0)
			c->ldap_bind = LDAP_BIND_SIMPLE;
		else if (strcmp(v, "gssapi") == 0)
			c->ldap_bind = LDAP_BIND_GSSAPI;
		else {
			*why = "expected simple or gssapi";
			return false;
		}
		return true;
	case K_LOG:
		if (strcmp(v, "stderr") == 0)
			c->log_syslog = false;
		else if (strcmp(v, "syslog") == 0)
			c->log_syslog = true;
		else {
			*why = "expected stderr or syslog";
			return false;
		}
		return true;
	}
	*why = "internal: unknown key type";
	return false;
}

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static bool
known_section(const char *s)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(keys); i++)
		if (strcmp(keys[i].section, s) == 0)
			return true;
	return false;
}

static const struct key *
find_key(const char *section, const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(keys); i++)
		if (strcmp(keys[i].section, section) == 0 && strcmp(keys[i].name, name) == 0)
			return &keys[i];
	return NULL;
}

/* Handles one line; returns NULL or the reason it is wrong. */
static const char *
parse_line(struct conf *c, char *line, char *section, size_t seclen)
{
	const struct key *k;
	const char *why = NULL;
	char *s = trim(line), *eq, *name, *value;
	size_t n;

	if (*s == '\0' || *s == '#' || *s == ';')
		return NULL;
	if (*s == '[') {
		n = strlen(s);
		if (s[n - 1] != ']')
			return "section header lacks ']'";
		s[n - 1] = '\0';
		s = trim(s + 1);
		if (!known_section(s))
			return "unknown section";
		strlcopy(section, s, seclen);
		return NULL;
	}
	if ((eq = strchr(s, '=')) == NULL)
		return "expected key = value";
	*eq = '\0';
	name = trim(s);
	value = trim(eq + 1);
	if (section[0] == '\0')
		return "key outside a section";
	if ((k = find_key(section, name)) == NULL)
		return "unknown key";
	if (!set_value(c, k, value, &why))
		return why;
	return NULL;
}

/* The [mail] keys together: sendmail is run without a shell, so it must be
 * an absolute path; a From: is needed once mail is on. */
static const char *
mail_problem(const struct conf *c)
{
	if (strcmp(c->mail_language, "nl") != 0 && strcmp(c->mail_language, "en") != 0)
		return "language must be nl or en";
	if (c->mail_sendmail[0] == '\0')
		return NULL;
	if (c->mail_sendmail[0] != '/')
		return "sendmail must be an absolute path";
	if (strchr(c->mail_from, '@') == NULL || strpbrk(c->mail_from, " \t\r\n<>\"") != NULL)
		return "from must be a plain address such as gesprek@example.nl";
	return NULL;
}

/* Fail closed: REMOTE_USER without a listener only the SSO web server
 * reaches would believe whoever can reach gesprekd's socket. */
static const char *
sso_problem(const struct conf *c)
{
	/* Two rules for one name would leave the reader guessing which won. */
	if (c->realm[0] != '\0' && c->login_pattern[0] != '\0')
		return "realm and login_pattern: set one of them";
	if (c->auth_method != AUTH_METHOD_PAM && c->trusted_kind == LISTEN_INHERIT)
		return "method = remote_user or both needs trusted_listener (the socket only "
		    "the single sign-on web server connects to)";
	if (c->trusted_kind == LISTEN_UNIX && c->listen_kind == LISTEN_UNIX &&
	    strcmp(c->trusted_path, c->listen_path) == 0)
		return "trusted_listener must not be [server] listen (that one is for the web "
		    "server without single sign-on)";
	if (c->trusted_kind == LISTEN_TCP && c->listen_kind == LISTEN_TCP &&
	    strcmp(c->trusted_host, c->listen_host) == 0 && c->trusted_port == c->listen_port)
		return "trusted_listener must not be [server] listen (that one is for the web "
		    "server without single sign-on)";
	return NULL;
}

bool
conf_parse(struct conf *c, const char *name, const char *text, size_t len,
    char *err, size_t errlen)
{
	char line[CONF_LINE_MAX], section[CONF_STR_MAX] = "";
	const char *p = text, *end = text + len, *nl, *why;
	size_t lineno = 0, n;

	while (p < end) {
		lineno++;
		nl = memchr(p, '\n', (size_t)(end - p));
		n = (size_t)((nl ? nl : end) - p);
		if (n >= sizeof(line)) {
			snprintf(err, errlen, "%s:%zu: line too long", name, lineno);
			return false;
		}
		memcpy(line, p, n);
		line[n] = '\0';
		if (memchr(line, '\0', n) || !utf8_valid(line, n)) {
			snprintf(err, errlen, "%s:%zu: not valid UTF-8 text", name, lineno);
			return false;
		}
		if ((why = parse_line(c, line, section, sizeof(section))) != NULL) {
			snprintf(err, errlen, "%s:%zu: %s", name, lineno, why);
			return false;
		}
		p = nl ? nl + 1 : end;
	}
	if (c->session_idle > c->session_absolute) {
		snprintf(err, errlen, "%s: session_idle is longer than session_absolute", name);
		return false;
	}
	if ((why = mail_problem(c)) != NULL) {
		snprintf(err, errlen, "%s: [mail] %s", name, why);
		return false;
	}
	if ((why = sso_problem(c)) != NULL) {
		snprintf(err, errlen, "%s: [auth] %s", name, why);
		return false;
	}
	/* A period under a preset would be silently ignored: say so instead. */
	if (c->retention_given && c->retention_preset != RETENTION_PRESET_CUSTOM) {
		snprintf(err, errlen, "%s: [retention] periods per kind need preset = custom",
		    name);
		return false;
	}
	if (c->pidfile[0] != '\0' && c->pidfile[0] != '/') {
		snprintf(err, errlen, "%s: [server] pidfile must be an absolute path", name);
		return false;
	}
	return true;
}

/* Where glibc finds a zone's rules (tzdata). */
#define CONF_ZONEINFO_DIR "/usr/share/zoneinfo"

bool
conf_timezone_known(const struct conf *c, char *err, size_t errlen)
{
	char path[sizeof(CONF_ZONEINFO_DIR) + CONF_STR_MAX + 1];
	int n;

	n = snprintf(path, sizeof(path), "%s/%s", CONF_ZONEINFO_DIR, c->timezone);
	/* ".." would climb out of the zone files; a zone name never has it. */
	if (c->timezone[0] != '\0' && strstr(c->timezone, "..") == NULL && n > 0 &&
	    (size_t)n < sizeof(path) && access(path, R_OK) == 0)
		return true;
	snprintf(err, errlen, "[site] timezone \"%s\" is not a zone of this machine (no %s/%s;"
	    " e.g. Europe/Amsterdam)", c->timezone, CONF_ZONEINFO_DIR, c->timezone);
	return false;
}

bool
conf_timezone_apply(const struct conf *c, char *err, size_t errlen)
{
	if (!conf_timezone_known(c, err, errlen))
		return false;
	if (setenv("TZ", c->timezone, 1) != 0) {
		snprintf(err, errlen, "[site] timezone: setenv TZ failed");
		return false;
	}
	tzset();
	return true;
}

bool
conf_pidfile(const struct conf *c, char *out, size_t outlen)
{
	int n;

	if (c->pidfile[0])
		return strlcopy(out, c->pidfile, outlen);
	n = snprintf(out, outlen, "%s/gesprekd.pid", c->runtime_dir);
	return n >= 0 && (size_t)n < outlen;
}

bool
conf_beside(const struct conf *c, const char *path, char *out, size_t size)
{
	int n;

	if (path[0] == '/' || c->conf_dir[0] == '\0')
		return strlcopy(out, path, size);
	n = snprintf(out, size, "%s/%s", c->conf_dir, path);
	return n >= 0 && (size_t)n < size;
}

/* The folder part of path ("." for a bare name). */
static void
set_conf_dir(struct conf *c, const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) : 0;

	if (slash == NULL) {
		strlcopy(c->conf_dir, ".", sizeof(c->conf_dir));
		return;
	}
	if (n == 0)
		n = 1;	/* "/gesprek.conf": the root */
	if (n >= sizeof(c->conf_dir))
		n = 0;	/* too long to keep: relative paths stay relative */
	memcpy(c->conf_dir, path, n);
	c->conf_dir[n] = '\0';
}

bool
conf_load(struct conf *c, const char *path, char *err, size_t errlen)
{
	FILE *f;
	char *text = NULL;
	size_t len;
	bool ok = false;

	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return false;
	}
	if ((text = malloc(CONF_FILE_MAX + 1)) == NULL) {
		snprintf(err, errlen, "%s: out of memory", path);
		goto fail;
	}
	len = fread(text, 1, CONF_FILE_MAX + 1, f);
	if (ferror(f) || len > CONF_FILE_MAX) {
		snprintf(err, errlen, "%s: unreadable or larger than %d bytes", path,
		    CONF_FILE_MAX);
		goto fail;
	}
	ok = conf_parse(c, path, text, len, err, errlen);
	set_conf_dir(c, path);
fail:
	if (text) {
		wipe(text, CONF_FILE_MAX + 1);	/* it held the database password */
		free(text);
	}
	fclose(f);
	return ok;
}
