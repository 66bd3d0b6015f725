/* log.h -- one line per event, to stderr or syslog.  Never pass passwords,
 * tokens or request bodies. */
#ifndef GESPREK_LOG_H
#define GESPREK_LOG_H

#include <stdbool.h>

/* [server] log_level: a line is written when its level is at most the
 * configured one.  The default, info, writes what gesprekd always wrote. */
enum log_level {
	LOG_LEVEL_ERROR,
	LOG_LEVEL_WARNING,
	LOG_LEVEL_INFO,		/* request lines, start and stop */
	LOG_LEVEL_DEBUG,	/* how a request's client address was found */
};
#define LOG_LEVEL_DEFAULT LOG_LEVEL_INFO

void log_open(const char *ident, bool use_syslog);
void log_set_level(enum log_level level);
/* Whether a line of this level is written (skip costly arguments). */
bool log_enabled(enum log_level level);
/* Parses "error", "warning", "info" or "debug"; false for anything else. */
bool log_level_parse(const char *name, enum log_level *out);
void log_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Security events (logins, logouts): facility auth under syslog, so they
 * land where a security team and fail2ban read; level "auth" on stderr.
 * Filtered as warnings: only log_level = error drops them. */
void log_auth(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Outages: what makes gesprekd answer 503.  Each cause has one state per
 * process, shared by its threads; only a change is logged, so an outage
 * costs two lines however many requests (or /health polls) meet it:
 *   "database unreachable: <why> -- answering 503"
 *   "database reachable again after N s" */
enum log_cause {
	LOG_CAUSE_DATABASE,
	LOG_CAUSE_BROKER,
	LOG_CAUSES,
};
/* Off by default: only gesprekd's worker answers 503 (gesprekctl reports
 * its own errors). */
void log_outages_enable(void);
void log_cause_down(enum log_cause cause, const char *why);
void log_cause_up(enum log_cause cause);

#endif
