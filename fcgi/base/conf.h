/* conf.h -- gesprek.conf, the INI file read by gesprekd and gesprekctl. */
#ifndef GESPREK_CONF_H
#define GESPREK_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/dbhosts.h"
#include "base/log.h"
#include "base/realip.h"

#define CONF_STR_MAX 256	/* longest value of a string key */
#define CONF_LINE_MAX 1024	/* longest line of the file */
#define CONF_ERR_MAX 512	/* room for "file:line: reason" */
#define CONF_THREADS_MAX 256
/* PAM conversations the auth broker holds at once (auth/broker.h). */
#define CONF_BROKER_PROCESSES_MAX 32
/* [auth] group_cache: how long a worker keeps its answer to "is this login
 * in that Unix group?" (auth/session.h).  A minute by default: a user taken
 * out of hr_group loses HR within a minute, at one NSS look-up per user a
 * minute.  At most an hour: longer, and leaving the group would be
 * noticed only by chance. */
#define CONF_GROUP_CACHE_DEFAULT 60
#define CONF_GROUP_CACHE_MIN 1
#define CONF_GROUP_CACHE_MAX 3600

enum listen_kind { LISTEN_UNIX, LISTEN_TCP, LISTEN_INHERIT };

/* [auth] method: who says who the user is (issue 19).  PAM: the login
 * form.  REMOTE_USER: the web server in front (Kerberos, SAML, OIDC), read
 * only from the FastCGI parameter and only on the trusted listener.  Both:
 * REMOTE_USER where the trusted listener brings one, else the form. */
enum auth_method { AUTH_METHOD_PAM, AUTH_METHOD_REMOTE_USER, AUTH_METHOD_BOTH };
/* [ldap] bind: how `gesprekctl sync` signs in to the directory (issue 19).
 * Simple: bind_dn with the password of password_file, only over TLS
 * (ldaps:// or starttls) unless the directory is on loopback.  GSSAPI:
 * Kerberos with the keytab, no password at all. */
enum ldap_bind { LDAP_BIND_SIMPLE, LDAP_BIND_GSSAPI };
/* [ldap] page_size: entries per page of the paged search (RFC 2696);
 * Active Directory answers at most 1000 per page (MaxPageSize). */
#define CONF_LDAP_PAGE_MAX 10000
/* [retention] (issue 18; the rules themselves: rules/retention.h).  A
 * period is months (a year is 12) plus days, as written: "2y", "6m", "30d". */
struct conf_period {
	int months;
	int days;
};
enum conf_retention_preset {
	RETENTION_PRESET_AP,		/* AP personnel file: 2 years after leaving */
	RETENTION_PRESET_GEMEENTE,	/* selection list: 5 years after completion */
	RETENTION_PRESET_PROVINCIE,	/* 10 years after completion */
	RETENTION_PRESET_CUSTOM,	/* the periods below */
};
/* The event a dossier's period starts at. */
enum conf_retention_from {
	RETENTION_FROM_LEAVING,		/* end of employment */
	RETENTION_FROM_CYCLE_CLOSE,	/* the end of its closed cycle */
};
/* Which custom keys the file gave (they need preset = custom). */
#define CONF_RETENTION_GIVEN_DOSSIER	0x01u
#define CONF_RETENTION_GIVEN_FROM	0x02u
#define CONF_RETENTION_GIVEN_AUDIT	0x04u
#define CONF_RETENTION_GIVEN_SESSIONS	0x08u
#define CONF_RETENTION_GIVEN_MAIL	0x10u

struct limits {
	size_t body;		/* urlencoded request body */
	size_t upload;		/* multipart body */
	size_t query;
	size_t params;		/* number of parameters in query + body */
	size_t param_name;
	size_t param_value;
	size_t cookie;
	size_t header;		/* any one HTTP_* parameter */
	size_t path;
};

struct conf {
	/* [database] */
	char db_socket[CONF_STR_MAX];
	/* host as written, and parsed: the servers to try in order (empty:
	 * the unix socket).  A port left out is db_port. */
	char db_host[CONF_STR_MAX];
	struct dbhost db_hosts[DBHOSTS_MAX];
	size_t db_nhosts;
	int db_port;
	char db_name[CONF_STR_MAX];
	char db_user[CONF_STR_MAX];
	char db_password[CONF_STR_MAX];
	/* The account `gesprekctl migrate` uses to change the schema; empty:
	 * the same as db_user.  gesprekd never needs it (see main.c). */
	char db_migrate_user[CONF_STR_MAX];
	char db_migrate_password[CONF_STR_MAX];
	int db_connect_timeout;		/* seconds */

	/* [server] */
	enum listen_kind listen_kind;
	char listen_path[CONF_STR_MAX];	/* unix socket path */
	char listen_host[CONF_STR_MAX];	/* tcp */
	int listen_port;
	int socket_mode;
	char socket_group[CONF_STR_MAX];
	char user[CONF_STR_MAX];
	int threads;
	/* Keep rendered pages (xml/pagecache.h); off: every page is read and
	 * rendered (what the benchmark measures). */
	bool page_cache;
	char runtime_dir[CONF_STR_MAX];
	bool log_syslog;
	/* Logs and processes (issue 23), kept together: */
	enum log_level log_level;	/* lines up to this level are written */
	/* The lock a second gesprekd on the same runtime_dir meets; empty:
	 * runtime_dir/gesprekd.pid (conf_pidfile). */
	char pidfile[CONF_STR_MAX];
	/* Proxies whose X-Forwarded-For is believed (base/realip.h); empty:
	 * the client is REMOTE_ADDR. */
	struct realip_list real_ip_from;

	/* [paths] */
	char stylesheets[CONF_STR_MAX];
	char migrations[CONF_STR_MAX];

	/* [auth] */
	char pam_service[CONF_STR_MAX];
	char hr_group[CONF_STR_MAX];		/* administrator + advisor of all + auditor */
	/* The HR roles of issue 17 (rules/roles.h); empty: nobody by group. */
	char hr_admin_group[CONF_STR_MAX];
	char hr_advisor_group[CONF_STR_MAX];
	char auditor_group[CONF_STR_MAX];
	int64_t group_cache;		/* seconds a group answer is kept */
	bool cookie_secure;
	int64_t session_idle;		/* seconds */
	int64_t session_absolute;	/* seconds */
	int broker_timeout;		/* seconds a login waits for PAM */
	int throttle_login;
	int throttle_address;
	int64_t throttle_window;	/* seconds */
	/* Stripped from typed logins ("eva@EXAMPLE.ORG" is "eva"), compared
	 * without case; empty: none (auth/loginname.h). */
	char realm[CONF_STR_MAX];
	/* [auth] login_pattern: instead of a realm, a POSIX extended regular
	 * expression whose first group is the login (auth/loginname.h). */
	char login_pattern[CONF_STR_MAX];
	int broker_processes;		/* PAM conversations at once */
	/* Single sign-on (issue 19): the method, and the second socket on
	 * which alone REMOTE_USER is believed (kind LISTEN_INHERIT: none). */
	enum auth_method auth_method;
	enum listen_kind trusted_kind;
	char trusted_path[CONF_STR_MAX];
	char trusted_host[CONF_STR_MAX];
	int trusted_port;

	/* [limits] */
	struct limits limits;

	/* [site] */
	char timezone[CONF_STR_MAX];
	/* An import deactivating more than this share of the active employees
	 * (percent) needs an explicit confirmation (rules/plan.h). */
	int import_max_deactivate_percent;

	/* [mail] notifications through the local sendmail interface (mail.c);
	 * an empty sendmail turns them off. */
	char mail_sendmail[CONF_STR_MAX];	/* absolute path, run as "-t -i" */
	char mail_from[CONF_STR_MAX];		/* From: address */
	char mail_url[CONF_STR_MAX];		/* the site's address, for links */
	char mail_language[CONF_STR_MAX];	/* nl or en */
	int mail_remind_days;			/* remind this many days before a due date */

	/* [retention]: preset, and with preset = custom the periods per kind
	 * of record (unset ones keep the AP preset's). */
	enum conf_retention_preset retention_preset;
	struct conf_period retention_dossier;		/* a dossier and all under it */
	enum conf_retention_from retention_dossier_from;
	struct conf_period retention_audit;		/* the audit trail, from creation */
	struct conf_period retention_sessions;		/* sessions, login throttling */
	struct conf_period retention_mail;		/* the mail log */
	unsigned retention_given;			/* CONF_RETENTION_GIVEN_* */

	/* [privacy]: what the privacy statement names besides what it reads
	 * (issue 18): the controller (the organisation responsible), the
	 * privacy officer to contact, and where backups of the database go,
	 * several separated by ';'.  Empty: the statement says not given. */
	char privacy_controller[CONF_STR_MAX];
	char privacy_officer[CONF_STR_MAX];
	char privacy_backups[CONF_STR_MAX];

	/* [ldap]: the directory `gesprekctl sync` reads the organisation
	 * from (issue 19); an empty uri: no directory. */
	char ldap_uri[CONF_STR_MAX];		/* ldaps://, ldap:// or ldapi:// */
	enum ldap_bind ldap_bind;
	bool ldap_starttls;			/* ldap:// upgraded with StartTLS */
	char ldap_ca_file[CONF_STR_MAX];	/* CA certificates; "": the system's */
	char ldap_bind_dn[CONF_STR_MAX];	/* simple bind */
	char ldap_password_file[CONF_STR_MAX];	/* its password, the first line */
	char ldap_keytab[CONF_STR_MAX];		/* GSSAPI: the client keytab */
	char ldap_base_dn[CONF_STR_MAX];
	char ldap_filter[CONF_STR_MAX];		/* who is a person of the organisation */
	char ldap_disabled_filter[CONF_STR_MAX];	/* "": userAccountControl alone */
	char ldap_attr_login[CONF_STR_MAX];
	char ldap_attr_name[CONF_STR_MAX];
	char ldap_attr_email[CONF_STR_MAX];
	char ldap_attr_manager[CONF_STR_MAX];	/* a DN */
	char ldap_attr_department[CONF_STR_MAX];	/* "": the entry's OU */
	char ldap_attr_job_profile[CONF_STR_MAX];	/* "": not synced */
	char ldap_attr_account_control[CONF_STR_MAX];	/* AD's userAccountControl */
	int ldap_page_size;
	int64_t ldap_timeout;			/* seconds: connect and each operation */

	/* The folder of the file conf_load read: a relative password_file or
	 * keytab lies there (under systemd, the credentials folder). */
	char conf_dir[CONF_STR_MAX];
};

/* path as a file beside the configuration when it is relative (conf_dir),
 * as it is when absolute; false when it does not fit in out. */
bool conf_beside(const struct conf *c, const char *path, char *out, size_t size);

/* Fills c with the defaults. */
void conf_defaults(struct conf *c);

/* Reads path over the defaults.  On failure returns false and writes
 * "path:line: reason" into err. */
bool conf_load(struct conf *c, const char *path, char *err, size_t errlen);

/* Parses text as if it were the file `name` (for tests and fuzzing). */
bool conf_parse(struct conf *c, const char *name, const char *text, size_t len,
    char *err, size_t errlen);

/* Whether site.timezone names a zone this machine has (a file under
 * /usr/share/zoneinfo; glibc falls back to UTC silently for any other);
 * false with the reason in err. */
bool conf_timezone_known(const struct conf *c, char *err, size_t errlen);

/* Makes site.timezone the process's zone (TZ): every date it names --
 * today, a due date passed, a deputy's last day, a time shown -- is the
 * organisation's, not the machine's.  False with the reason in err, and
 * nothing changed, for a zone conf_timezone_known() refuses. */
bool conf_timezone_apply(const struct conf *c, char *err, size_t errlen);

/* The pidfile gesprekd locks: [server] pidfile, or runtime_dir's
 * gesprekd.pid.  False when it does not fit in out. */
bool conf_pidfile(const struct conf *c, char *out, size_t outlen);

/* Where gesprekd and gesprekctl look without -c. */
#define CONF_DEFAULT_PATH SYSCONFDIR "/gesprek/gesprek.conf"

#endif
