/* log.c -- see log.h.  stderr lines carry a UTC timestamp and the pid; a
 * single fprintf per line keeps lines whole across threads. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"

/* Longest line written; longer messages are cut. */
#define LOG_LINE_MAX 2048

static bool to_syslog;
static const char *log_ident = "gesprek";

void
log_open(const char *ident, bool use_syslog)
{
	log_ident = ident;
	to_syslog = use_syslog;
	if (use_syslog)
		openlog(ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

static void
log_v(int prio, const char *level, const char *fmt, va_list ap)
{
	char line[LOG_LINE_MAX], stamp[32];
	struct timespec ts;
	struct tm tm;

	vsnprintf(line, sizeof(line), fmt, ap);
	if (to_syslog) {
		syslog(prio, "%s", line);
		return;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
	fprintf(stderr, "%s.%03ldZ %s[%ld] %s: %s\n", stamp, ts.tv_nsec / 1000000,
	    log_ident, (long)getpid(), level, line);
}

void
log_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_v(LOG_ERR, "error", fmt, ap);
	va_end(ap);
}

void
log_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_v(LOG_WARNING, "warning", fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_v(LOG_INFO, "info", fmt, ap);
	va_end(ap);
}

void
log_auth(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	/* The facility travels in the priority: openlog's stays daemon. */
	log_v(LOG_AUTH | LOG_NOTICE, "auth", fmt, ap);
	va_end(ap);
}
