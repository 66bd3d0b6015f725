/* dbhosts.c -- see dbhosts.h. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/dbhosts.h"

#define PORT_MAX 65535

static bool
is_space(char ch)
{
	return ch == ' ' || ch == '\t';
}

/* A host name or an IPv4/IPv6 address: no spaces, commas, slashes or
 * brackets, which would say the line was meant differently. */
static bool
name_ok(const char *p, size_t len, bool v6)
{
	size_t i;

	if (len == 0 || len > DBHOST_NAME_MAX)
		return false;
	for (i = 0; i < len; i++) {
		char ch = p[i];

		if (ch == ':' && !v6)
			return false;
		if (is_space(ch) || ch == ',' || ch == '/' || ch == '[' || ch == ']' ||
		    (unsigned char)ch < 0x21 || (unsigned char)ch > 0x7e)
			return false;
	}
	return true;
}

static bool
port_parse(const char *p, size_t len, int *port)
{
	char digits[8], *end;
	long v;

	if (len == 0 || len >= sizeof(digits) || p[0] < '0' || p[0] > '9')
		return false;
	memcpy(digits, p, len);
	digits[len] = '\0';
	errno = 0;
	v = strtol(digits, &end, 10);
	if (errno || *end || v < 1 || v > PORT_MAX)
		return false;
	*port = (int)v;
	return true;
}

/* One entry, already trimmed: p[0..len). */
static bool
entry_parse(const char *p, size_t len, struct dbhost *h, const char **why)
{
	const char *name = p, *colon;
	size_t nlen = len;
	bool v6 = false;

	h->port = 0;
	if (len > 0 && p[0] == '[') {
		const char *close = memchr(p, ']', len);

		if (close == NULL) {
			*why = "an IPv6 address misses its closing ]";
			return false;
		}
		name = p + 1;
		nlen = (size_t)(close - name);
		v6 = true;
		colon = close + 1 < p + len ? close + 1 : NULL;
		if (colon && *colon != ':') {
			*why = "expected :PORT after ]";
			return false;
		}
	} else {
		colon = memchr(p, ':', len);
		if (colon)
			nlen = (size_t)(colon - p);
	}
	if (!name_ok(name, nlen, v6)) {
		*why = "expected HOST, HOST:PORT or [IPV6]:PORT, separated by commas";
		return false;
	}
	if (colon && !port_parse(colon + 1, (size_t)(p + len - colon - 1), &h->port)) {
		*why = "a port is a number from 1 to 65535";
		return false;
	}
	memcpy(h->name, name, nlen);
	h->name[nlen] = '\0';
	return true;
}

bool
dbhosts_parse(const char *text, struct dbhost out[DBHOSTS_MAX], size_t *n,
    const char **why)
{
	const char *p = text;

	*n = 0;
	while (is_space(*p))
		p++;
	if (*p == '\0')
		return true;
	for (;;) {
		const char *end = strchr(p, ','), *stop;

		if (end == NULL)
			end = p + strlen(p);
		while (is_space(*p))
			p++;
		stop = end;
		while (stop > p && is_space(stop[-1]))
			stop--;
		if (*n == DBHOSTS_MAX) {
			*why = "too many database hosts";
			return false;
		}
		if (stop == p) {
			*why = "an empty entry in the host list";
			return false;
		}
		if (!entry_parse(p, (size_t)(stop - p), &out[*n], why))
			return false;
		(*n)++;
		if (*end == '\0')
			return true;
		p = end + 1;
	}
}
