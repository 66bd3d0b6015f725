/* tap.h -- a tiny Test Anything Protocol emitter for the unit tests. */
#ifndef GESPREK_TAP_H
#define GESPREK_TAP_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

static inline bool
tap_ok(bool cond, const char *file, int line, const char *what)
{
	tap_n++;
	printf("%sok %d - %s\n", cond ? "" : "not ", tap_n, what);
	if (!cond) {
		tap_failed++;
		printf("#   failed at %s:%d\n", file, line);
	}
	return cond;
}

#define ok(cond, what) tap_ok((cond), __FILE__, __LINE__, (what))
#define is_str(got, want, what) \
	tap_ok((got) != NULL && strcmp((got), (want)) == 0, __FILE__, __LINE__, (what))
#define is_int(got, want, what) tap_ok((long long)(got) == (long long)(want), __FILE__, __LINE__, (what))

static inline int
tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
