/* log.h -- one line per event, to stderr or syslog.  Never pass passwords,
 * tokens or request bodies. */
#ifndef GESPREK_LOG_H
#define GESPREK_LOG_H

#include <stdbool.h>

void log_open(const char *ident, bool use_syslog);
void log_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Security events (logins, logouts): facility auth under syslog, so they
 * land where a security team and fail2ban read; level "auth" on stderr. */
void log_auth(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
