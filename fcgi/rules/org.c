/* org.c -- see org.h: the row checks shared by the CSV and XML imports, and
 * the small hash map and arena they use. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/validate.h"		/* email_valid, utf8_chars, date_valid */
#include "base/util.h"
#include "rules/org.h"

#define MAP_MIN_CAP 64
#define ARENA_CHUNK (64 * 1024)

static const struct {
	const char *name;
	const char *text;
} reasons[ORG_REASONS] = {
	[ORG_ENCODING] = { "encoding", "not UTF-8" },
	[ORG_CONTROL] = { "control", "control character in a field" },
	[ORG_HEADER] = { "header", "header row missing or wrong (login;name;email;department;manager)" },
	[ORG_COLUMN_COUNT] = { "columns", "wrong number of columns" },
	[ORG_QUOTE] = { "quote", "broken quoted field" },
	[ORG_TOO_LONG] = { "too_long", "field too long" },
	[ORG_LOGIN_MISSING] = { "login_missing", "login missing" },
	[ORG_LOGIN_BAD] = { "login", "login not allowed (letters, digits and ._@- only)" },
	[ORG_NAME_MISSING] = { "name_missing", "name missing" },
	[ORG_EMAIL_BAD] = { "email", "bad e-mail address" },
	[ORG_DUPLICATE] = { "duplicate", "duplicate login" },
	[ORG_MANAGER_UNKNOWN] = { "manager_unknown", "unknown manager" },
	[ORG_MANAGER_LOOP] = { "manager_loop", "manager loop" },
	[ORG_TOO_MANY_ROWS] = { "too_many_rows", "too many rows" },
	[ORG_EMPTY] = { "empty", "no employees in the file" },
	[ORG_XML_SYNTAX] = { "xml", "not well-formed XML" },
	[ORG_XML_DOCTYPE] = { "doctype", "DOCTYPE not allowed" },
	[ORG_XML_SCHEMA] = { "schema", "not valid against organisation.xsd" },
	[ORG_TOO_LARGE] = { "too_large", "file too large" },
	[ORG_DATE_BAD] = { "date", "not a date (YYYY-MM-DD or DD-MM-YYYY)" },
	[ORG_NUMBER_BAD] = { "number", "employee number not allowed (letters, digits and ._- only)" },
	[ORG_NUMBER_TAKEN] = { "number_taken", "employee number belongs to another employee" },
	[ORG_MAPPING_HEADER] = { "mapping_header", "a column of the mapping is not in the file" },
	[ORG_PARENT_CONFLICT] = { "parent", "department given another parent, or a loop of parents" },
	[ORG_PROFILE_UNKNOWN] = { "job_profile_unknown", "no job profile has this key" },
};

const char *
org_reason_name(enum org_reason r)
{
	return r < ORG_REASONS ? reasons[r].name : "unknown";
}

const char *
org_reason_text(enum org_reason r)
{
	return r < ORG_REASONS ? reasons[r].text : "unknown";
}

/* ---- map: open addressing, FNV-1a ---- */

static size_t
hash(const char *s)
{
	size_t h = 14695981039346656037ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static bool
map_grow(struct org_map *m)
{
	struct org_map bigger = { 0 };
	size_t i;

	bigger.cap = m->cap ? m->cap * 2 : MAP_MIN_CAP;
	bigger.keys = calloc(bigger.cap, sizeof(*bigger.keys));
	bigger.vals = calloc(bigger.cap, sizeof(*bigger.vals));
	if (bigger.keys == NULL || bigger.vals == NULL) {
		org_map_free(&bigger);
		return false;
	}
	for (i = 0; i < m->cap; i++)
		if (m->keys[i])
			org_map_put(&bigger, m->keys[i], m->vals[i]);
	org_map_free(m);
	*m = bigger;
	return true;
}

bool
org_map_put(struct org_map *m, const char *key, size_t val)
{
	size_t i;

	/* Half full at most: probes stay short. */
	if (2 * (m->n + 1) > m->cap && !map_grow(m))
		return false;
	for (i = hash(key) & (m->cap - 1); m->keys[i]; i = (i + 1) & (m->cap - 1)) {
		if (strcmp(m->keys[i], key) == 0) {
			m->vals[i] = val;
			return true;
		}
	}
	m->keys[i] = key;
	m->vals[i] = val;
	m->n++;
	return true;
}

bool
org_map_get(const struct org_map *m, const char *key, size_t *val)
{
	size_t i;

	if (m->cap == 0)
		return false;
	for (i = hash(key) & (m->cap - 1); m->keys[i]; i = (i + 1) & (m->cap - 1)) {
		if (strcmp(m->keys[i], key) == 0) {
			if (val)
				*val = m->vals[i];
			return true;
		}
	}
	return false;
}

void
org_map_free(struct org_map *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

/* ---- arena ---- */

struct org_chunk {
	struct org_chunk *next;
	size_t used, cap;
	char data[];
};

const char *
org_strndup(struct org_arena *a, const char *s, size_t n)
{
	struct org_chunk *c = a->head;
	char *out;

	if (c == NULL || c->cap - c->used < n + 1) {
		size_t cap = n + 1 > ARENA_CHUNK ? n + 1 : ARENA_CHUNK;

		if ((c = malloc(sizeof(*c) + cap)) == NULL)
			return NULL;
		c->used = 0;
		c->cap = cap;
		c->next = a->head;
		a->head = c;
	}
	out = c->data + c->used;
	memcpy(out, s, n);
	out[n] = '\0';
	c->used += n + 1;
	return out;
}

void
org_arena_free(struct org_arena *a)
{
	while (a->head) {
		struct org_chunk *next = a->head->next;

		free(a->head);
		a->head = next;
	}
}

/* ---- the file ---- */

void
org_init(struct org_file *f)
{
	memset(f, 0, sizeof(*f));
	f->format = "csv";
}

void
org_free(struct org_file *f)
{
	free(f->rows);
	free(f->errors);
	org_map_free(&f->logins);
	org_arena_free(&f->arena);
	memset(f, 0, sizeof(*f));
}

/* Copies s into out, cut on a character boundary. */
static void
copy_detail(char *out, const char *s)
{
	size_t n = strlen(s);

	if (n >= ORG_DETAIL_MAX) {
		n = ORG_DETAIL_MAX - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(out, s, n);
	out[n] = '\0';
}

void
org_fail(struct org_file *f, size_t line, enum org_reason r, const char *detail)
{
	struct org_error *e;

	f->nerr_total++;
	if (f->nerr == ORG_ERRORS_MAX)
		return;
	if (f->nerr == f->errcap) {
		size_t cap = f->errcap ? f->errcap * 2 : 16;
		struct org_error *v = realloc(f->errors, cap * sizeof(*v));

		if (v == NULL) {
			f->oom = true;
			return;
		}
		f->errors = v;
		f->errcap = cap;
	}
	e = &f->errors[f->nerr++];
	e->line = line;
	e->reason = r;
	copy_detail(e->detail, detail ? detail : "");
}

void
org_sort_errors(struct org_file *f)
{
	size_t i;

	/* Insertion sort: stable (problems of one line keep the order they
	 * were found in) and fast on the usual input, which is nearly sorted
	 * already because problems are found in file order. */
	for (i = 1; i < f->nerr; i++) {
		struct org_error e = f->errors[i];
		size_t j = i;

		while (j > 0 && f->errors[j - 1].line > e.line) {
			f->errors[j] = f->errors[j - 1];
			j--;
		}
		f->errors[j] = e;
	}
}

static bool
has_control(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return true;
	return false;
}

/* Checks one raw field; false (with the problem recorded) when it cannot
 * be used at all. */
static bool
field_ok(struct org_file *f, size_t line, const char *s, size_t n)
{
	if (n > ORG_FIELD_MAX) {
		org_fail(f, line, ORG_TOO_LONG, NULL);
		return false;
	}
	if (!utf8_valid(s, n)) {
		org_fail(f, line, ORG_ENCODING, NULL);
		return false;
	}
	if (has_control(s, n)) {
		org_fail(f, line, ORG_CONTROL, NULL);
		return false;
	}
	return true;
}

/* Trims blanks and copies the field into the arena. */
static const char *
keep(struct org_file *f, const char *s, size_t n)
{
	const char *out;

	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if ((out = org_strndup(&f->arena, s, n)) == NULL)
		f->oom = true;
	return out ? out : "";
}

static bool
append_row(struct org_file *f, const struct org_row *r)
{
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 256;
		struct org_row *v = realloc(f->rows, cap * sizeof(*v));

		if (v == NULL) {
			f->oom = true;
			return false;
		}
		f->rows = v;
		f->cap = cap;
	}
	f->rows[f->n++] = *r;
	return true;
}

/* The rules of each column; false when the row is bad. */
static bool
row_ok(struct org_file *f, const struct org_row *r)
{
	const char *const *v = r->f;
	bool ok = true;

	if (v[ORG_LOGIN][0] == '\0') {
		org_fail(f, r->line, ORG_LOGIN_MISSING, NULL);
		ok = false;
	} else if (!login_name_valid(v[ORG_LOGIN], LOGIN_MAX)) {
		org_fail(f, r->line, ORG_LOGIN_BAD, v[ORG_LOGIN]);
		ok = false;
	}
	if (v[ORG_NAME][0] == '\0') {
		org_fail(f, r->line, ORG_NAME_MISSING, NULL);
		ok = false;
	} else if (utf8_chars(v[ORG_NAME]) > NAME_MAX_LEN) {
		org_fail(f, r->line, ORG_TOO_LONG, "name");
		ok = false;
	}
	if (v[ORG_EMAIL][0] && (!email_valid(v[ORG_EMAIL]) || strlen(v[ORG_EMAIL]) > EMAIL_MAX)) {
		org_fail(f, r->line, ORG_EMAIL_BAD, v[ORG_EMAIL]);
		ok = false;
	}
	if (utf8_chars(v[ORG_DEPARTMENT]) > NAME_MAX_LEN) {
		org_fail(f, r->line, ORG_TOO_LONG, "department");
		ok = false;
	}
	if (v[ORG_MANAGER][0] && !login_name_valid(v[ORG_MANAGER], LOGIN_MAX)) {
		org_fail(f, r->line, ORG_MANAGER_UNKNOWN, v[ORG_MANAGER]);
		ok = false;
	}
	if (v[ORG_NUMBER][0] && !login_name_valid(v[ORG_NUMBER], ORG_NUMBER_MAX)) {
		org_fail(f, r->line, ORG_NUMBER_BAD, v[ORG_NUMBER]);
		ok = false;
	}
	if (utf8_chars(v[ORG_PARENT]) > NAME_MAX_LEN) {
		org_fail(f, r->line, ORG_TOO_LONG, "parent_department");
		ok = false;
	}
	if (utf8_chars(v[ORG_JOB_PROFILE]) > ORG_PROFILE_KEY_MAX) {
		org_fail(f, r->line, ORG_TOO_LONG, "job_profile");
		ok = false;
	}
	return ok;
}

/* A date as HR systems write it: YYYY-MM-DD, or D-M-YYYY with '-', '/' or
 * '.' between (the Dutch order), optionally followed by a time that is
 * ignored ("2026-01-31T00:00:00", "31-01-2026 00:00").  Written to out as
 * YYYY-MM-DD; false when it is no real date. */
bool
org_date(const char *s, char out[ORG_DATE_LEN + 1])
{
	unsigned a, b, c;
	char s1, s2;
	int used = 0;

	if (sscanf(s, "%4u-%2u-%2u%n", &a, &b, &c, &used) == 3 && used == 10)
		snprintf(out, ORG_DATE_LEN + 1, "%04u-%02u-%02u", a, b, c);
	else if (sscanf(s, "%2u%c%2u%c%4u%n", &a, &s1, &b, &s2, &c, &used) == 5 && s1 == s2 &&
	    (s1 == '-' || s1 == '/' || s1 == '.') && c >= 1000)
		snprintf(out, ORG_DATE_LEN + 1, "%04u-%02u-%02u", c % 10000, b % 100, a % 100);
	else
		return false;
	if (s[used] != '\0' && s[used] != ' ' && s[used] != 'T')
		return false;
	return date_valid(out);
}

/* The leaving date in the form the database takes, or the problem. */
static void
normalise_date(struct org_file *f, struct org_row *r)
{
	char d[ORG_DATE_LEN + 1];

	if (r->f[ORG_LEFT_ON][0] == '\0')
		return;
	if (!org_date(r->f[ORG_LEFT_ON], d)) {
		org_fail(f, r->line, ORG_DATE_BAD, r->f[ORG_LEFT_ON]);
		r->bad = true;
		return;
	}
	r->f[ORG_LEFT_ON] = keep(f, d, strlen(d));
}

void
org_ignore(struct org_file *f, const char *header, size_t len)
{
	const char *s;

	if (f->nignored == ORG_IGNORED_MAX || (s = keep(f, header, len))[0] == '\0')
		return;
	f->ignored[f->nignored++] = s;
}

void
org_add(struct org_file *f, size_t line, const char *const raw[ORG_COLUMNS],
    const size_t len[ORG_COLUMNS])
{
	struct org_row r = { .line = line };
	char where[ORG_DETAIL_MAX];
	size_t i, first;

	if (f->n == ORG_ROWS_MAX) {
		if (!f->full)
			org_fail(f, line, ORG_TOO_MANY_ROWS, NULL);
		f->full = true;		/* reported once */
		return;
	}
	for (i = 0; i < ORG_COLUMNS; i++) {
		if (raw[i] && !field_ok(f, line, raw[i], len[i]))
			return;		/* unusable: not even its login counts */
		r.f[i] = raw[i] ? keep(f, raw[i], len[i]) : "";
		f->present[i] |= raw[i] != NULL;
	}
	/* Without a login column the employee number stands in for the login
	 * (duplicates, manager references) until the database is read. */
	if (raw[ORG_LOGIN] == NULL && raw[ORG_NUMBER] != NULL) {
		r.f[ORG_LOGIN] = r.f[ORG_NUMBER];
		r.login_from_number = true;
	}
	r.bad = !row_ok(f, &r);
	normalise_date(f, &r);
	if (!login_name_valid(r.f[ORG_LOGIN], LOGIN_MAX))
		return;
	if (org_map_get(&f->logins, r.f[ORG_LOGIN], &first)) {
		snprintf(where, sizeof(where), "%zu", f->rows[first].line);
		org_fail(f, line, ORG_DUPLICATE, where);
		r.bad = true;
		append_row(f, &r);
		return;
	}
	if (append_row(f, &r) && !org_map_put(&f->logins, r.f[ORG_LOGIN], f->n - 1))
		f->oom = true;
}
