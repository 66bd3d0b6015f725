/* csv.c -- the organisation as CSV, the shape HR systems (AFAS, Nmbrs,
 * Visma) export: a header row naming the columns, then one row per
 * employee.  Columns are known by the saved mapping or by their header's
 * alias (import/mapping.h: "Medewerker", "E-mail werk", ...); a key (login
 * or employee number) and a name (or given name and surname) are required,
 * other columns are ignored and listed.  The separator is ';' or ','
 * (whichever the header uses), the text UTF-8 with or without a byte order
 * mark or Windows-1252 (decode.c), lines end in LF or CRLF, fields may be
 * quoted with "" for a quote inside.  A record may span lines inside
 * quotes; its line is the one it starts on. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "import/mapping.h"
#include "import/parse.h"
#include "base/util.h"

/* Fields of one record that are kept; more only count (and are wrong). */
#define CSV_FIELDS_MAX 32

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

/* The row column a field fills; the name parts fill none (compose_name). */
static const int column_of[MAP_FIELDS] = {
	[MAP_LOGIN] = ORG_LOGIN, [MAP_NUMBER] = ORG_NUMBER, [MAP_NAME] = ORG_NAME,
	[MAP_GIVEN] = -1, [MAP_INFIX] = -1, [MAP_SURNAME] = -1,
	[MAP_EMAIL] = ORG_EMAIL, [MAP_DEPARTMENT] = ORG_DEPARTMENT, [MAP_PARENT] = ORG_PARENT,
	[MAP_MANAGER] = ORG_MANAGER, [MAP_LEFT_ON] = ORG_LEFT_ON,
	[MAP_JOB_PROFILE] = ORG_JOB_PROFILE,
};

/* Bytes of a header cell as compared and shown (in problems and the
 * ignored list): the longest header a mapping can name. */
#define HEADER_NAME_MAX MAP_HEADER_MAX

/* The field of a header: the one the mapping gives it, else the one it is
 * an alias of, unless the mapping puts that field in another column (the
 * alias's column is then ignored). */
static enum map_field
column_field(const struct org_mapping *m, const char *header)
{
	enum map_field k = map_mapped(m, header);

	if (k != MAP_NONE)
		return k;
	k = map_alias(header);
	return k != MAP_NONE && m && m->header[k][0] ? MAP_NONE : k;
}

/* Each field the mapping names must be a column of the file: seen[k] is
 * set only through the mapping for a mapped field (column_field). */
static bool
mapped_present(struct org_file *f, size_t line, const bool seen[MAP_FIELDS])
{
	int k;

	for (k = 0; f->mapping && k < MAP_FIELDS; k++) {
		if (f->mapping->header[k][0] && !seen[k]) {
			org_fail(f, line, ORG_MAPPING_HEADER, f->mapping->header[k]);
			return false;
		}
	}
	return true;
}

/* Maps the header's fields: map[i] = the field of column i, MAP_NONE for
 * one that is ignored (and listed in f->ignored).  A column is the field
 * the mapping gives it, else the field its header is an alias of.  There
 * must be a key (login or employee number) and a name (or its parts). */
static bool
read_header(struct org_file *f, const struct record *r, const struct buf *scratch,
    int map[CSV_FIELDS_MAX])
{
	bool seen[MAP_FIELDS] = { false };
	char name[HEADER_NAME_MAX];
	enum map_field k;
	size_t i;

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
		/* A long header is cut on a character boundary: it is named in
		 * the error or the ignored list shown to HR. */
		snprintf(name, sizeof(name), "%.*s", (int)utf8_cut(s, n, SIZE_MAX, sizeof(name) - 1), s);
		k = column_field(f->mapping, name);
		map[i] = k;
		if (k == MAP_NONE) {
			org_ignore(f, name, strlen(name));
			continue;
		}
		if (seen[k]) {
			org_fail(f, r->line, ORG_HEADER, name);
			return false;
		}
		seen[k] = true;
	}
	if (!mapped_present(f, r->line, seen))
		return false;
	if ((!seen[MAP_LOGIN] && !seen[MAP_NUMBER]) ||
	    (!seen[MAP_NAME] && !seen[MAP_GIVEN] && !seen[MAP_SURNAME])) {
		org_fail(f, r->line, ORG_HEADER, NULL);
		return false;
	}
	return true;
}

/* Appends a name part, trimmed, with a space before it when not first. */
static void
name_part(struct buf *name, const char *s, size_t n)
{
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0)
		return;
	if (name->len > 0)
		buf_append(name, " ", 1);
	buf_append(name, s, n);
}

/* The name from given name, infix (tussenvoegsel) and surname, for a row
 * whose file has no name column or leaves it empty: "Jan de Vries". */
static void
compose_name(const struct record *r, const struct buf *scratch, const int map[CSV_FIELDS_MAX],
    struct buf *name)
{
	static const enum map_field parts[] = { MAP_GIVEN, MAP_INFIX, MAP_SURNAME };
	size_t i, k;

	buf_reset(name);
	for (k = 0; k < ARRAY_LEN(parts); k++)
		for (i = 0; i < r->nf; i++)
			if (map[i] == (int)parts[k])
				name_part(name, scratch->data + r->start[i], r->len[i]);
}

static bool
blank(const char *s, size_t n)
{
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return n == 0;
}

static void
add_record(struct org_file *f, const struct record *r, const struct buf *scratch,
    const int map[CSV_FIELDS_MAX], size_t ncols, struct buf *name)
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
		if (map[i] == MAP_NONE || column_of[map[i]] < 0)
			continue;
		raw[column_of[map[i]]] = scratch->data + r->start[i];
		len[column_of[map[i]]] = r->len[i];
	}
	if (raw[ORG_NAME] == NULL || blank(raw[ORG_NAME], len[ORG_NAME])) {
		compose_name(r, scratch, map, name);
		if (name->failed) {
			f->oom = true;
			return;
		}
		if (name->len > 0 || raw[ORG_NAME] == NULL) {
			raw[ORG_NAME] = name->len ? name->data : "";
			len[ORG_NAME] = name->len;
		}
	}
	org_add(f, r->line, raw, len);
}

void
csv_parse(struct org_file *f, const char *data, size_t len)
{
	struct cursor c;
	struct buf text, scratch, name;
	struct record r;
	int map[CSV_FIELDS_MAX];
	size_t ncols = 0;
	enum read_result rr;
	bool converted;

	f->format = "csv";
	buf_init(&text);
	buf_init(&scratch);
	buf_init(&name);
	if (!text_utf8(data, len, &text, &converted)) {
		f->oom = true;
		goto out;
	}
	c = (struct cursor){ text.data, text.data + text.len, 1, ';' };
	c.sep = detect_separator(c.p, c.end);
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
		add_record(f, &r, &scratch, map, ncols, &name);
	}
	if (ncols == 0 && !org_failed(f))
		org_fail(f, 1, ORG_HEADER, NULL);
out:
	buf_free(&name);
	buf_free(&scratch);
	buf_free(&text);
}
