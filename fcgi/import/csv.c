/* csv.c -- the organisation as CSV, the shape HR systems (AFAS, Visma)
 * export: a header row naming the columns login, name, email, department,
 * manager (login and name required, any order), then one row per employee.
 * The separator is ';' or ',' (whichever the header uses), the text UTF-8
 * with or without a byte order mark, fields may be quoted with "" for a
 * quote inside.  A record may span lines inside quotes; its line is the one
 * it starts on. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "import/parse.h"
#include "base/util.h"

/* Fields of one record that are kept; more only count (and are wrong). */
#define CSV_FIELDS_MAX 32
#define BOM "\xef\xbb\xbf"

static const char *const column_names[ORG_COLUMNS] = {
	[ORG_LOGIN] = "login", [ORG_NAME] = "name", [ORG_EMAIL] = "email",
	[ORG_DEPARTMENT] = "department", [ORG_MANAGER] = "manager",
};

struct cursor {
	const char *p, *end;
	size_t line;
	char sep;
};

struct record {
	size_t line;
	size_t nf;			/* fields seen (may exceed CSV_FIELDS_MAX) */
	size_t start[CSV_FIELDS_MAX];	/* into the scratch buffer */
	size_t len[CSV_FIELDS_MAX];
};

enum read_result { READ_END, READ_RECORD, READ_BROKEN };

static void
skip_line(struct cursor *c)
{
	const char *nl = memchr(c->p, '\n', (size_t)(c->end - c->p));

	c->p = nl ? nl + 1 : c->end;
	if (nl)
		c->line++;
}

/* A quoted field, c->p after the opening quote.  False when the closing
 * quote is missing or followed by something other than a separator. */
static bool
quoted(struct cursor *c, struct buf *out)
{
	for (;;) {
		const char *q = memchr(c->p, '"', (size_t)(c->end - c->p));
		const char *s;

		if (q == NULL)
			return false;
		for (s = c->p; s < q; s++)
			if (*s == '\n')
				c->line++;
		buf_append(out, c->p, (size_t)(q - c->p));
		c->p = q + 1;
		if (c->p < c->end && *c->p == '"') {
			buf_append(out, "\"", 1);
			c->p++;
			continue;
		}
		while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
			c->p++;
		return c->p == c->end || *c->p == c->sep || *c->p == '\n' ||
		    (*c->p == '\r' && c->p + 1 < c->end && c->p[1] == '\n');
	}
}

static void
unquoted(struct cursor *c, struct buf *out)
{
	const char *s = c->p;

	while (s < c->end && *s != c->sep && *s != '\n')
		s++;
	/* CRLF: the CR belongs to the line end, not the field. */
	buf_append(out, c->p, (size_t)(s - c->p - (s < c->end && *s == '\n' && s > c->p &&
	    s[-1] == '\r' ? 1 : 0)));
	c->p = s;
}

/* Reads one record into scratch; READ_BROKEN skips the rest of its line. */
static enum read_result
read_record(struct cursor *c, struct buf *scratch, struct record *r)
{
	if (c->p >= c->end)
		return READ_END;
	buf_reset(scratch);
	r->line = c->line;
	r->nf = 0;
	for (;;) {
		size_t start = scratch->len;

		while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
			c->p++;
		if (c->p < c->end && *c->p == '"') {
			c->p++;
			if (!quoted(c, scratch)) {
				skip_line(c);
				return READ_BROKEN;
			}
		} else {
			unquoted(c, scratch);
		}
		if (r->nf < CSV_FIELDS_MAX) {
			r->start[r->nf] = start;
			r->len[r->nf] = scratch->len - start;
		}
		r->nf++;
		if (c->p < c->end && *c->p == c->sep) {
			c->p++;
			continue;
		}
		if (c->p < c->end && *c->p == '\r')
			c->p++;
		if (c->p < c->end && *c->p == '\n') {
			c->p++;
			c->line++;
		}
		return READ_RECORD;
	}
}

static bool
blank_record(const struct record *r, const struct buf *scratch)
{
	size_t i;

	if (r->nf != 1)
		return false;
	for (i = 0; i < r->len[0]; i++)
		if (scratch->data[r->start[0] + i] != ' ' && scratch->data[r->start[0] + i] != '\t')
			return false;
	return true;
}

/* ';' unless the header line has more ',' than ';'. */
static char
detect_separator(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	size_t semi = 0, comma = 0;

	for (end = nl ? nl : end; p < end; p++) {
		semi += *p == ';';
		comma += *p == ',';
	}
	return comma > semi ? ',' : ';';
}

/* Maps the header's fields to columns: map[field] = column or -1. */
static bool
read_header(struct org_file *f, const struct record *r, const struct buf *scratch,
    int map[CSV_FIELDS_MAX])
{
	bool seen[ORG_COLUMNS] = { false };
	char name[32];
	size_t i;
	int k;

	if (r->nf > CSV_FIELDS_MAX) {
		org_fail(f, r->line, ORG_HEADER, NULL);
		return false;
	}
	for (i = 0; i < r->nf; i++) {
		const char *s = scratch->data + r->start[i];
		size_t n = r->len[i];

		while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		if (!utf8_valid(s, n)) {
			org_fail(f, r->line, ORG_ENCODING, NULL);
			return false;
		}
		/* A long header is cut to the buffer on a character boundary:
		 * it is named in the error shown to HR. */
		snprintf(name, sizeof(name), "%.*s", (int)utf8_cut(s, n, SIZE_MAX, sizeof(name) - 1), s);
		if (strcasecmp(name, "e-mail") == 0)
			strlcopy(name, "email", sizeof(name));
		for (k = 0; k < ORG_COLUMNS && strcasecmp(name, column_names[k]) != 0; k++)
			;
		if (k == ORG_COLUMNS || seen[k]) {
			org_fail(f, r->line, ORG_HEADER, name);
			return false;
		}
		seen[k] = true;
		map[i] = k;
	}
	if (!seen[ORG_LOGIN] || !seen[ORG_NAME]) {
		org_fail(f, r->line, ORG_HEADER, NULL);
		return false;
	}
	return true;
}

static void
add_record(struct org_file *f, const struct record *r, const struct buf *scratch,
    const int map[CSV_FIELDS_MAX], size_t ncols)
{
	const char *raw[ORG_COLUMNS] = { NULL };
	size_t len[ORG_COLUMNS] = { 0 };
	char detail[ORG_DETAIL_MAX];
	size_t i;

	if (r->nf != ncols) {
		snprintf(detail, sizeof(detail), "%zu/%zu", r->nf, ncols);
		org_fail(f, r->line, ORG_COLUMN_COUNT, detail);
		return;
	}
	for (i = 0; i < r->nf; i++) {
		raw[map[i]] = scratch->data + r->start[i];
		len[map[i]] = r->len[i];
	}
	org_add(f, r->line, raw, len);
}

void
csv_parse(struct org_file *f, const char *data, size_t len)
{
	struct cursor c = { data, data + len, 1, ';' };
	struct buf scratch;
	struct record r;
	int map[CSV_FIELDS_MAX];
	size_t ncols = 0;
	enum read_result rr;

	f->format = "csv";
	if (len >= 3 && memcmp(data, BOM, 3) == 0)
		c.p += 3;
	c.sep = detect_separator(c.p, c.end);
	buf_init(&scratch);
	while (!f->full && !f->oom && (rr = read_record(&c, &scratch, &r)) != READ_END) {
		if (scratch.failed) {
			f->oom = true;
			break;
		}
		if (rr == READ_BROKEN) {
			org_fail(f, r.line, ORG_QUOTE, NULL);
			if (ncols == 0)
				break;	/* no header: nothing to read rows by */
			continue;
		}
		if (blank_record(&r, &scratch))
			continue;
		if (ncols == 0) {
			if (!read_header(f, &r, &scratch, map))
				break;
			ncols = r.nf;
			continue;
		}
		add_record(f, &r, &scratch, map, ncols);
	}
	if (ncols == 0 && !org_failed(f))
		org_fail(f, 1, ORG_HEADER, NULL);
	buf_free(&scratch);
}
