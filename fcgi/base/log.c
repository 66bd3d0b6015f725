/* log.c -- see log.h.  stderr lines carry a UTC timestamp and the pid; a
 * single fprintf per line keeps lines whole across threads. */
#include "config.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"

/* Longest line written; longer messages are cut. */
#define LOG_LINE_MAX 2048

#define MS_PER_S 1000
#define NS_PER_MS 1000000

static bool to_syslog;
static const char *log_ident = "gesprek";
/* Set once at start, before any thread: read without a lock. */
static enum log_level log_level = LOG_LEVEL_DEFAULT;

static const char *const level_names[] = {
	[LOG_LEVEL_ERROR] = "error",
	[LOG_LEVEL_WARNING] = "warning",
	[LOG_LEVEL_INFO] = "info",
	[LOG_LEVEL_DEBUG] = "debug",
};

void
log_set_level(enum log_level level)
{
	log_level = level;
}

bool
log_enabled(enum log_level level)
{
	return level <= log_level;
}

bool
log_level_parse(const char *name, enum log_level *out)
{
	size_t i;

	for (i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++) {
		if (strcmp(name, level_names[i]) == 0) {
			*out = (enum log_level)i;
			return true;
		}
	}
	return false;
}

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

	if (!log_enabled(LOG_LEVEL_ERROR))
		return;
	va_start(ap, fmt);
	log_v(LOG_ERR, "error", fmt, ap);
	va_end(ap);
}

void
log_warn(const char *fmt, ...)
{
	va_list ap;

	if (!log_enabled(LOG_LEVEL_WARNING))
		return;
	va_start(ap, fmt);
	log_v(LOG_WARNING, "warning", fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	if (!log_enabled(LOG_LEVEL_INFO))
		return;
	va_start(ap, fmt);
	log_v(LOG_INFO, "info", fmt, ap);
	va_end(ap);
}

void
log_auth(const char *fmt, ...)
{
	va_list ap;

	if (!log_enabled(LOG_LEVEL_WARNING))
		return;
	va_start(ap, fmt);
	/* The facility travels in the priority: openlog's stays daemon. */
	log_v(LOG_AUTH | LOG_NOTICE, "auth", fmt, ap);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list ap;

	if (!log_enabled(LOG_LEVEL_DEBUG))
		return;
	va_start(ap, fmt);
	log_v(LOG_DEBUG, "debug", fmt, ap);
	va_end(ap);
}

/* ---- outages ---- */

static const char *const cause_names[LOG_CAUSES] = {
	[LOG_CAUSE_DATABASE] = "database",
	[LOG_CAUSE_BROKER] = "auth broker",
};
static atomic_bool outages_on;
/* Per cause: 0 while it answers, else the monotonic millisecond (at
 * least 1) its outage began.  One compare-and-swap decides which thread
 * logs the start, one exchange which logs the end. */
static _Atomic int64_t down_since[LOG_CAUSES];

void
log_outages_enable(void)
{
	atomic_store(&outages_on, true);
}

static int64_t
monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * MS_PER_S + ts.tv_nsec / NS_PER_MS + 1;
}

void
log_cause_down(enum log_cause cause, const char *why)
{
	int64_t up = 0;

	if (!atomic_load(&outages_on) || cause >= LOG_CAUSES)
		return;
	if (atomic_compare_exchange_strong(&down_since[cause], &up, monotonic_ms()))
		log_warn("%s unreachable: %s -- answering 503", cause_names[cause],
		    why && why[0] ? why : "no answer");
}

void
log_cause_up(enum log_cause cause)
{
	int64_t since;

	/* The common case, a cause that is up, costs one load. */
	if (cause >= LOG_CAUSES || atomic_load(&down_since[cause]) == 0)
		return;
	if ((since = atomic_exchange(&down_since[cause], 0)) != 0)
		log_warn("%s reachable again after %lld s", cause_names[cause],
		    (long long)((monotonic_ms() - since) / MS_PER_S));
}
