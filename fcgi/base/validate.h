/* validate.h -- pure checks of typed values: dates, times, e-mail
 * addresses, numbers, choices, lengths in characters.  No I/O and no
 * knowledge of requests or pages: the route declarations (app layer), the
 * import parsers and gesprekctl all use the same rules from here. */
#ifndef GESPREK_VALIDATE_H
#define GESPREK_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DATE_LEN 10		/* YYYY-MM-DD */
#define DATETIME_LEN 16		/* YYYY-MM-DDTHH:MM, as <input type=datetime-local> sends */
/* Dates outside these years are typing mistakes, not plans. */
#define DATE_YEAR_MIN 2000
#define DATE_YEAR_MAX 2100
/* RFC 5321's limit of a whole address. */
#define EMAIL_LEN_MAX 254

/* Characters (code points) of valid UTF-8 text. */
size_t utf8_chars(const char *s);
/* YYYY-MM-DD, a real calendar date within DATE_YEAR_MIN..MAX. */
bool date_valid(const char *s);
/* YYYY-MM-DDTHH:MM with a valid date and a time of day. */
bool datetime_valid(const char *s);
/* A plausible e-mail address (local@domain.tld, no spaces or markup). */
bool email_valid(const char *s);
/* A decimal integer, nothing around it, within [min, max]. */
bool int_valid(const char *s, int64_t min, int64_t max, int64_t *out);
/* s is one of the NULL-terminated words; returns the list's own string. */
const char *choice_find(const char *s, const char *const *choices);
/* Only blanks (or nothing): a field left empty. */
bool blank(const char *s);

/* The longest regular expression a setting may hold. */
#define REGEX_SETTING_MAX 255
/* pattern is a POSIX extended regular expression (compiled as
 * REG_EXTENDED | REG_ICASE) of at most REGEX_SETTING_MAX bytes with at
 * least one group ( ... ), the first of which is what it picks out: what
 * [auth] login_pattern must be.  On false, *why says what is wrong in a
 * few words. */
bool regex_group_ok(const char *pattern, const char **why);

/* A page of this site to return to (after login): a path of at most max
 * bytes that starts with a single "/", with no "//" or backslash anywhere,
 * no scheme, no percent-encoded slash or backslash (a second decoding
 * must not make one), and only printable ASCII.  Anything else could send
 * the browser to another site (an open redirect): the caller goes to the
 * dashboard instead. */
bool local_path_valid(const char *s, size_t max);

#endif
