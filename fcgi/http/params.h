/* params.h -- parsing of application/x-www-form-urlencoded text (query
 * strings and form bodies) and of the Cookie header, under named limits.
 * Pure code without I/O: unit-tested and fuzzed on its own. */
#ifndef GESPREK_PARAMS_H
#define GESPREK_PARAMS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/conf.h"

/* The outcome of parsing outside input, as the HTTP status it leads to. */
enum parse_status {
	PARSE_OK = 0,
	PARSE_BAD = 400,	/* malformed: bad escape, invalid UTF-8, duplicate */
	PARSE_TOO_LARGE = 413,	/* over a limit */
};

struct param {
	char *name;		/* decoded, NUL-terminated */
	char *value;		/* decoded, NUL-terminated, valid UTF-8 */
	size_t value_len;
};

struct params {
	struct param *v;
	size_t n;
	size_t cap;
};

void params_init(struct params *p);
/* Frees every name and value; values are wiped first (params_wipe). */
void params_free(struct params *p);
/* Overwrites every decoded value with zeros (explicit_bzero), for a request
 * that carried a secret: a password must not linger in freed memory. */
void params_wipe(struct params *p);

/* Appends the pairs of s[0..len) to p.  `total` counts parameters across
 * several calls (query and body share one budget of lim->params).
 * A name given twice is refused (HTTP parameter pollution). */
enum parse_status params_parse(struct params *p, const char *s, size_t len,
    const struct limits *lim, size_t *total);

/* Appends one decoded field (a text part of a multipart body) under the
 * same limits and rules as params_parse; the strings are copied. */
enum parse_status params_add(struct params *p, const char *name, const char *value,
    size_t vlen, const struct limits *lim, size_t *total);

/* The value of name, or NULL. */
const char *params_get(const struct params *p, const char *name);
/* The same, among the parameters from index `from` on (the body's, after
 * the query string's). */
const char *params_get_from(const struct params *p, size_t from, const char *name);

/* Finds cookie `name` in a Cookie header.  Sets *val and *vlen to the raw value
 * inside header; false when absent. */
bool cookie_find(const char *header, const char *name, const char **val, size_t *vlen);

#endif
