/* util.h -- small helpers shared by every part of gesprek: a growable byte
 * buffer, UTF-8 validation, clocks, hex, and wiping secrets. */
#ifndef GESPREK_UTIL_H
#define GESPREK_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
/* A number macro as a string literal, for SQL text: STR(PEOPLE_MAX). */
#define STR_(x) #x
#define STR(x) STR_(x)

/* A growable, always NUL-terminated byte buffer.  A failed allocation sets
 * `failed`; later appends are ignored so callers check once at the end. */
struct buf {
	char *data;
	size_t len;
	size_t cap;
	bool failed;
};

void buf_init(struct buf *b);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);
bool buf_append(struct buf *b, const void *data, size_t len);
bool buf_puts(struct buf *b, const char *s);
bool buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* True when s[0..len) is well-formed UTF-8 without NUL bytes, overlong
 * forms or surrogates. */
bool utf8_valid(const char *s, size_t len);

/* The one way text is shortened (audit details, kept header values, ...).
 * Bytes of the longest prefix of s[0..len) that holds at most max_chars
 * characters in at most max_bytes bytes: a cut never splits a character,
 * and it stops before the first byte that begins no well-formed one, so
 * what it keeps is valid UTF-8 whatever the input (MariaDB refuses a
 * broken tail in a utf8mb4 column, libxml2 in a document). */
size_t utf8_cut(const char *s, size_t len, size_t max_chars, size_t max_bytes);
/* Copies src (NUL-terminated), cut as utf8_cut to max_chars characters
 * and size - 1 bytes, into dst and terminates it; the bytes copied. */
size_t utf8_copy(char *dst, size_t size, const char *src, size_t max_chars);

/* Microseconds of a monotonic clock, and seconds since the epoch. */
int64_t now_us(void);
int64_t now_unix(void);

/* Lower-case hex of n bytes into out (2n+1 bytes, NUL-terminated). */
void hex_encode(const unsigned char *in, size_t n, char *out);
/* The value of one hex digit (either case), or -1: the one decoder of
 * hex for %XX escapes and hex_decode alike. */
int hex_digit(char c);
/* Parses exactly 2n hex digits; false on anything else. */
bool hex_decode(const char *in, size_t inlen, unsigned char *out, size_t n);

/* Fills buf with n bytes from the kernel's CSPRNG; false on failure. */
bool random_bytes(void *buf, size_t n);

/* Overwrites a secret so the compiler cannot drop the store. */
void wipe(void *p, size_t n);

/* Constant-time comparison of two equal-length byte strings. */
bool ct_equal(const void *a, const void *b, size_t n);

/* Parses a decimal id in [1, ID_MAX]; false on anything else. */
#define ID_MAX 999999999999LL
bool parse_id(const char *s, size_t len, int64_t *out);

/* A login as Unix and directory services allow it: 1..max of ASCII
 * letters, digits and "._@-", not starting with '-' or '.'.  The one rule
 * for the login form, the admin pages and the imports. */
bool login_name_valid(const char *s, size_t max);

/* Bounded copy that always terminates; returns false when truncated. */
bool strlcopy(char *dst, const char *src, size_t size);

/* Times: stored in UTC, shown in the configured zone (the TZ of the
 * process, set once at start-up).  Local input "YYYY-MM-DDTHH:MM" becomes
 * UTC "YYYY-MM-DD HH:MM:00" for the database; false when it does not parse.
 * UTC from the database ("YYYY-MM-DDTHH:MM[:SS][Z]") becomes local
 * "YYYY-MM-DDTHH:MM"; anything else is copied unchanged. */
#define LOCAL_TIME_LEN 16
bool time_local_to_utc(const char *local, char *out, size_t size);
void time_utc_to_local(const char *utc, char *out, size_t size);

/* Days of the calendar "YYYY-MM-DD": DAY_LEN characters.  day_add writes
 * day + days (negative: earlier) to out; false, with out empty, when day
 * is no real day (2027-02-30) or out is too small. */
#define DAY_LEN 10
bool day_add(const char *day, int days, char *out, size_t size);

#endif
