/* url.h -- the one writer of query strings for links: every parameter a
 * page puts into a link (a pager's, a report filter's) goes through here,
 * so what a user typed cannot leave its parameter or the URL. */
#ifndef GESPREK_HTTP_URL_H
#define GESPREK_HTTP_URL_H

#include <stdbool.h>
#include <stdint.h>

#include "base/util.h"

/* Appends "name=value" to the query string in b, after a '&' unless b is
 * empty.  Every byte of value but unreserved ASCII (RFC 3986: letters,
 * digits, "-._") is percent-encoded; name is the page's own constant and
 * is written as is.  False when b has failed. */
bool url_param(struct buf *b, const char *name, const char *value);
/* The same for a number. */
bool url_param_int(struct buf *b, const char *name, int64_t value);

#endif
