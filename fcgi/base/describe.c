/* describe.c -- reading sql/describe.tsv (describe.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/describe.h"
#include "base/util.h"

#define DESCRIBE_FIELDS 4	/* a column's line */
#define DESCRIBE_TABLE_FIELDS 5	/* a table's line: and its rule */

struct describe {
	char *text;			/* the file, its TABs and newlines made NULs */
	struct describe_line *v;
	size_t n;
};

static const char *const known_rules[] = {
	"dossier", "person", "audit", "sessions", "mail", "purge", "derived", "keep",
};

bool
describe_rule_known(const char *rule)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(known_rules); i++)
		if (strcmp(rule, known_rules[i]) == 0)
			return true;
	return false;
}

/* A table or column name as MariaDB's schema here spells them. */
static bool
name_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > DESCRIBE_NAME_MAX)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

/* Readable text: UTF-8, no control characters, not empty, not too long. */
static bool
text_ok(const char *s)
{
	size_t n = strlen(s);
	const char *p;

	if (n == 0 || n > DESCRIBE_TEXT_MAX || !utf8_valid(s, n))
		return false;
	for (p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

/* Splits line at its TABs into at most max fields; the count. */
static size_t
split(char *line, char **f, size_t max)
{
	size_t n = 0;
	char *tab;

	f[n++] = line;
	while ((tab = strchr(line, '\t')) != NULL) {
		*tab = '\0';
		line = tab + 1;
		if (n == max)
			return max + 1;
		f[n++] = line;
	}
	return n;
}

/* Why fields f (n of them) are no good line, or NULL. */
static const char *
line_problem(char **f, size_t n)
{
	bool table_line;

	if (n != DESCRIBE_FIELDS && n != DESCRIBE_TABLE_FIELDS)
		return "expected table, column, Dutch and English description separated by TABs";
	table_line = strcmp(f[1], DESCRIBE_TABLE) == 0;
	if (!name_ok(f[0]) || (!table_line && !name_ok(f[1])))
		return "a table or column name of a-z, 0-9 and _ only";
	if (table_line && n != DESCRIBE_TABLE_FIELDS)
		return "a table's line (column *) ends with its retention rule";
	if (!table_line && n != DESCRIBE_FIELDS)
		return "only a table's line (column *) has a fifth field";
	if (!text_ok(f[2]) || !text_ok(f[3]))
		return "a description is empty, too long or holds control characters";
	if (table_line && !describe_rule_known(f[4]))
		return "unknown retention rule (dossier, person, audit, sessions, mail, purge,"
		    " derived or keep)";
	return NULL;
}

static int
line_cmp(const void *a, const void *b)
{
	const struct describe_line *x = a, *y = b;
	int c = strcmp(x->table, y->table);

	if (c != 0)
		return c;
	/* "*" sorts before every name of a-z, 0-9 and _. */
	return strcmp(x->column, y->column);
}

static bool
fail(char *err, size_t errlen, const char *name, int lineno, const char *why)
{
	snprintf(err, errlen, "%s:%d: %s", name, lineno, why);
	return false;
}

/* Parses d->text line by line into d->v. */
static bool
parse_lines(struct describe *d, const char *name, char *err, size_t errlen)
{
	char *line = d->text, *next, *f[DESCRIBE_TABLE_FIELDS];
	const char *why;
	int lineno = 0;
	size_t n;

	for (; line && *line; line = next) {
		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (d->n == DESCRIBE_LINES_MAX)
			return fail(err, errlen, name, lineno, "too many lines");
		n = split(line, f, DESCRIBE_TABLE_FIELDS);
		if ((why = line_problem(f, n)) != NULL)
			return fail(err, errlen, name, lineno, why);
		d->v[d->n++] = (struct describe_line){ f[0], f[1], f[2], f[3],
		    n == DESCRIBE_TABLE_FIELDS ? f[4] : NULL, lineno };
	}
	return true;
}

/* Every column's table has its own line, and no line comes twice. */
static bool
lines_complete(struct describe *d, const char *name, char *err, size_t errlen)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		const struct describe_line *l = &d->v[i];

		if (i > 0 && line_cmp(&d->v[i - 1], l) == 0)
			return fail(err, errlen, name, l->lineno, "this table and column come twice");
		if (strcmp(l->column, DESCRIBE_TABLE) != 0 &&
		    describe_find(d, l->table, DESCRIBE_TABLE) == NULL)
			return fail(err, errlen, name, l->lineno,
			    "the table has no line of its own (column *)");
	}
	return true;
}

struct describe *
describe_parse(const char *text, size_t len, const char *name, char *err, size_t errlen)
{
	struct describe *d = calloc(1, sizeof(*d));

	if (d == NULL || len > DESCRIBE_FILE_MAX || memchr(text, '\0', len) != NULL) {
		snprintf(err, errlen, "%s: %s", name, d ? "not a text file of at most 2 MB" :
		    "out of memory");
		goto fail;
	}
	d->text = malloc(len + 1);
	d->v = calloc(DESCRIBE_LINES_MAX, sizeof(*d->v));
	if (d->text == NULL || d->v == NULL) {
		snprintf(err, errlen, "%s: out of memory", name);
		goto fail;
	}
	memcpy(d->text, text, len);
	d->text[len] = '\0';
	if (!parse_lines(d, name, err, errlen))
		goto fail;
	qsort(d->v, d->n, sizeof(*d->v), line_cmp);
	if (!lines_complete(d, name, err, errlen))
		goto fail;
	return d;
fail:
	describe_free(d);
	return NULL;
}

struct describe *
describe_load(const char *path, char *err, size_t errlen)
{
	struct describe *d = NULL;
	struct buf b;
	char chunk[8192];
	size_t n;
	FILE *fp = fopen(path, "r");

	if (fp == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0 && b.len <= DESCRIBE_FILE_MAX)
		buf_append(&b, chunk, n);
	if (ferror(fp) || b.failed)
		snprintf(err, errlen, "%s: cannot read it", path);
	else
		d = describe_parse(b.data ? b.data : "", b.len, path, err, errlen);
	fclose(fp);
	buf_free(&b);
	return d;
}

void
describe_free(struct describe *d)
{
	if (d == NULL)
		return;
	free(d->text);
	free(d->v);
	free(d);
}

const struct describe_line *
describe_find(const struct describe *d, const char *table, const char *column)
{
	struct describe_line key = { .table = table, .column = column };

	if (d == NULL || d->n == 0)
		return NULL;
	return bsearch(&key, d->v, d->n, sizeof(*d->v), line_cmp);
}

size_t
describe_count(const struct describe *d)
{
	return d ? d->n : 0;
}

const struct describe_line *
describe_at(const struct describe *d, size_t i)
{
	return d && i < d->n ? &d->v[i] : NULL;
}
