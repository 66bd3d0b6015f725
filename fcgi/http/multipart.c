/* multipart.c -- see multipart.h.
 *
 * The body is read in place: a delimiter is CRLF "--" boundary, the first
 * one may start the body (no preamble); after a delimiter come optional
 * blanks and CRLF, or "--" for the end.  A part is a header block ended by
 * an empty line, then content up to the next delimiter.  Anything else is
 * a broken body (400); nothing is guessed. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "http/multipart.h"

#define CRLF "\r\n"
#define FORM_DATA "multipart/form-data"
#define DISPOSITION "content-disposition:"

/* RFC 2046 bchars, without the space (it may not end a boundary and no
 * browser uses it). */
static bool
bchar_ok(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    strchr("'()+_,-./:=?", c) != NULL;
}

static const char *
skip_blanks(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Reads a parameter value at s (token or quoted string) into out; returns
 * the position after it, or NULL when malformed or (*too_long) longer than
 * out can hold. */
static const char *
param_value(const char *s, const char *end, char *out, size_t size, bool *too_long)
{
	size_t o = 0;

	*too_long = false;
	if (s < end && *s == '"') {
		for (s++; s < end && *s != '"'; s++) {
			if (*s == '\\' && s + 1 < end)
				s++;
			if ((unsigned char)*s < 0x20)
				return NULL;
			if (o + 1 >= size) {
				*too_long = true;
				return NULL;
			}
			out[o++] = *s;
		}
		if (s == end)
			return NULL;
		s++;
	} else {
		for (; s < end && *s != ';' && *s != ' ' && *s != '\t'; s++) {
			if ((unsigned char)*s < 0x20 || *s == '"')
				return NULL;
			if (o + 1 >= size) {
				*too_long = true;
				return NULL;
			}
			out[o++] = *s;
		}
	}
	out[o] = '\0';
	return s;
}

bool
multipart_boundary(const char *ct, char *out, size_t size)
{
	const char *s, *end;
	size_t n = strlen(FORM_DATA);

	if (ct == NULL || strncasecmp(ct, FORM_DATA, n) != 0)
		return false;
	s = skip_blanks(ct + n);
	end = ct + strlen(ct);
	while (*s == ';') {
		const char *key = skip_blanks(s + 1), *eq = strchr(key, '=');
		char val[MULTIPART_BOUNDARY_MAX + 2];
		bool too_long;

		if (eq == NULL)
			return false;
		s = param_value(eq + 1, end, val, sizeof(val), &too_long);
		if (s == NULL)
			return false;
		s = skip_blanks(s);
		if ((size_t)(eq - key) == 8 && strncasecmp(key, "boundary", 8) == 0) {
			size_t i, len = strlen(val);

			if (len == 0 || len > MULTIPART_BOUNDARY_MAX || len >= size)
				return false;
			for (i = 0; i < len; i++)
				if (!bchar_ok(val[i]))
					return false;
			memcpy(out, val, len + 1);
			return true;
		}
	}
	return false;
}

/* Field names: ASCII identifiers, as for urlencoded forms. */
static bool
name_ok(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789_-.") == n;
}

struct disposition {
	char name[MULTIPART_NAME_MAX + 1];
	char filename[MULTIPART_FILENAME_MAX + 1];
	bool has_name, has_filename;
};

/* Parses the value of Content-Disposition (s..end): form-data; name=...;
 * filename=....  Other parameters (filename*) are ignored. */
static enum parse_status
parse_disposition(const char *s, const char *end, struct disposition *d)
{
	s = skip_blanks(s);
	if ((size_t)(end - s) < 9 || strncasecmp(s, "form-data", 9) != 0)
		return PARSE_BAD;
	for (s = skip_blanks(s + 9); s < end; s = skip_blanks(s)) {
		const char *key, *eq;
		char big[MULTIPART_FILENAME_MAX + 1];
		size_t klen;
		bool too_long;

		if (*s != ';')
			return PARSE_BAD;
		key = skip_blanks(s + 1);
		eq = memchr(key, '=', (size_t)(end - key));
		if (eq == NULL)
			return PARSE_BAD;
		klen = (size_t)(eq - key);
		if ((s = param_value(eq + 1, end, big, sizeof(big), &too_long)) == NULL)
			return too_long ? PARSE_TOO_LARGE : PARSE_BAD;
		if (klen == 4 && strncasecmp(key, "name", 4) == 0) {
			if (d->has_name)
				return PARSE_BAD;
			if (strlen(big) > MULTIPART_NAME_MAX)
				return PARSE_TOO_LARGE;
			memcpy(d->name, big, strlen(big) + 1);
			d->has_name = true;
		} else if (klen == 8 && strncasecmp(key, "filename", 8) == 0) {
			if (d->has_filename)
				return PARSE_BAD;
			memcpy(d->filename, big, strlen(big) + 1);
			d->has_filename = true;
		}
	}
	return d->has_name && name_ok(d->name) ? PARSE_OK : PARSE_BAD;
}

/* Reads the header block h..end (without its closing empty line). */
static enum parse_status
parse_headers(const char *h, const char *end, struct disposition *d)
{
	bool seen = false;

	memset(d, 0, sizeof(*d));
	while (h < end) {
		const char *eol = memmem(h, (size_t)(end - h), CRLF, 2);
		const char *line_end = eol ? eol : end;
		size_t n = strlen(DISPOSITION);
		enum parse_status st;

		if (*h == ' ' || *h == '\t')
			return PARSE_BAD;	/* obsolete line folding */
		if ((size_t)(line_end - h) >= n && strncasecmp(h, DISPOSITION, n) == 0) {
			if (seen)
				return PARSE_BAD;
			seen = true;
			if ((st = parse_disposition(h + n, line_end, d)) != PARSE_OK)
				return st;
		} else if (memchr(h, ':', (size_t)(line_end - h)) == NULL) {
			return PARSE_BAD;
		}
		h = eol ? eol + 2 : end;
	}
	return seen ? PARSE_OK : PARSE_BAD;
}

/* After a delimiter at *p: "--" ends the body (*done), else blanks and
 * CRLF start the next part. */
static enum parse_status
after_delimiter(const char **p, const char *end, bool *done)
{
	const char *s = *p;

	if (end - s >= 2 && s[0] == '-' && s[1] == '-') {
		*done = true;
		return PARSE_OK;
	}
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	if (end - s < 2 || s[0] != '\r' || s[1] != '\n')
		return PARSE_BAD;
	*p = s + 2;
	return PARSE_OK;
}

static enum parse_status
one_part(const char **p, const char *end, const char *delim, size_t dlen,
    multipart_fn fn, void *ud)
{
	const char *s = *p, *hend, *next;
	struct disposition d;
	struct multipart_part part;
	size_t window = (size_t)(end - s);
	enum parse_status st;

	if (window > MULTIPART_HEADER_MAX + 4)
		window = MULTIPART_HEADER_MAX + 4;
	/* The header block ends with an empty line. */
	if (window >= 2 && s[0] == '\r' && s[1] == '\n')
		return PARSE_BAD;	/* no Content-Disposition */
	if ((hend = memmem(s, window, CRLF CRLF, 4)) == NULL)
		return (size_t)(end - s) > MULTIPART_HEADER_MAX ? PARSE_TOO_LARGE : PARSE_BAD;
	if ((size_t)(hend - s) > MULTIPART_HEADER_MAX)
		return PARSE_TOO_LARGE;
	if ((st = parse_headers(s, hend, &d)) != PARSE_OK)
		return st;
	s = hend + 4;
	/* Content runs to CRLF + delimiter; none means a truncated body. */
	if ((next = memmem(s, (size_t)(end - s), delim, dlen)) == NULL)
		return PARSE_BAD;
	part.name = d.name;
	part.filename = d.has_filename ? d.filename : NULL;
	part.data = s;
	part.len = (size_t)(next - s);
	if ((st = fn(ud, &part)) != PARSE_OK)
		return st;
	*p = next + dlen;
	return PARSE_OK;
}

enum parse_status
multipart_parse(const char *content_type, const char *body, size_t len,
    multipart_fn fn, void *ud)
{
	char boundary[MULTIPART_BOUNDARY_MAX + 1];
	char delim[MULTIPART_BOUNDARY_MAX + 5];
	const char *p, *end = body + len, *first;
	size_t dlen, parts = 0;
	bool done = false;
	enum parse_status st;

	if (!multipart_boundary(content_type, boundary, sizeof(boundary)))
		return PARSE_BAD;
	dlen = (size_t)snprintf(delim, sizeof(delim), CRLF "--%s", boundary);
	/* The first delimiter may open the body without the CRLF. */
	if (len >= dlen - 2 && memcmp(body, delim + 2, dlen - 2) == 0)
		first = body + dlen - 2;
	else if ((first = memmem(body, len, delim, dlen)) != NULL)
		first += dlen;
	else
		return PARSE_BAD;
	p = first;
	if ((st = after_delimiter(&p, end, &done)) != PARSE_OK)
		return st;
	while (!done) {
		if (++parts > MULTIPART_PARTS_MAX)
			return PARSE_TOO_LARGE;
		if ((st = one_part(&p, end, delim, dlen, fn, ud)) != PARSE_OK)
			return st;
		if ((st = after_delimiter(&p, end, &done)) != PARSE_OK)
			return st;
	}
	return PARSE_OK;	/* the epilogue after "--" is ignored */
}
