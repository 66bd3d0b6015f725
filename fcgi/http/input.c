/* input.c -- see input.h. */
#include "config.h"

#include <string.h>

#include "base/validate.h"
#include "http/input.h"
#include "base/util.h"

void
form_init(struct form *f, const char *name)
{
	memset(f, 0, sizeof(*f));
	f->name = name;
}

static struct form_field *
field(struct form *f, const char *name, const char *value)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->f[i].name, name) == 0)
			return &f->f[i];
	if (f->n == FORM_FIELDS_MAX)
		return NULL;
	f->f[f->n].name = name;
	f->f[f->n].value = value ? value : "";
	return &f->f[f->n++];
}

void
form_error(struct form *f, const char *name, const char *key)
{
	struct form_field *fl = field(f, name, NULL);

	if (fl && fl->error == NULL)
		fl->error = key;
	f->failed = true;
}

void
form_limit(struct form *f, const char *name, int64_t max)
{
	struct form_field *fl = field(f, name, NULL);

	if (fl)
		fl->max = max;
}

void
form_value(struct form *f, const char *name, const char *value)
{
	field(f, name, value);
}

const char *
field_type_name(enum field_type t)
{
	switch (t) {
	case FIELD_ID: return "id";
	case FIELD_INT: return "int";
	case FIELD_DATE: return "date";
	case FIELD_DATETIME: return "datetime";
	case FIELD_CHOICE: return "choice";
	case FIELD_TEXT: return "text";
	case FIELD_LINE: return "line";
	case FIELD_EMAIL: return "email";
	case FIELD_FLAG: return "flag";
	case FIELD_SUBMIT: return "submit";
	case FIELD_SECRET: return "secret";
	case FIELD_FILE: return "file";
	}
	return "?";
}

static bool
repeated(const struct field *d)
{
	return strchr(d->name, INPUT_INDEX_CHAR) != NULL;
}

/* A number 1..INPUT_INDEX_MAX without leading zeros at *s; advances *s. */
static bool
index_at(const char **s)
{
	const char *p = *s;
	int v = 0;

	if (*p < '1' || *p > '9')
		return false;
	while (*p >= '0' && *p <= '9' && v <= INPUT_INDEX_MAX)
		v = v * 10 + (*p++ - '0');
	if (v > INPUT_INDEX_MAX)
		return false;
	*s = p;
	return true;
}

/* name is an instance of the repeated declaration pattern. */
static bool
instance_of(const char *pattern, const char *name)
{
	for (; *pattern; pattern++) {
		if (*pattern == INPUT_INDEX_CHAR) {
			if (!index_at(&name))
				return false;
		} else if (*name++ != *pattern) {
			return false;
		}
	}
	return *name == '\0';
}

const struct field *
input_declared(const struct field *decl, const char *name)
{
	for (; decl && decl->name; decl++)
		if (repeated(decl) ? instance_of(decl->name, name) : strcmp(decl->name, name) == 0)
			return decl;
	return NULL;
}

static const struct field *
declared(const struct field *decl, const char *name)
{
	return input_declared(decl, name);
}

static bool
one_line(const char *v)
{
	const unsigned char *p;

	for (p = (const unsigned char *)v; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

/* The problem of a present, non-blank value (a catalog key), or NULL;
 * *num gets the number of an id or integer. */
const char *
input_problem(const struct field *d, const char *v, int64_t *num)
{
	switch (d->type) {
	case FIELD_ID:
		return parse_id(v, strlen(v), num) ? NULL : "form.error.choice";
	case FIELD_INT:
		return int_valid(v, d->min, d->max, num) ? NULL : "form.error.number";
	case FIELD_DATE:
		return date_valid(v) ? NULL : "form.error.date";
	case FIELD_DATETIME:
		/* Too long is named as such, as for any text. */
		if (utf8_chars(v) > DATETIME_LEN)
			return "form.error.too_long";
		return datetime_valid(v) ? NULL : "form.error.datetime";
	case FIELD_CHOICE:
		return choice_find(v, d->choices) ? NULL : "form.error.choice";
	case FIELD_TEXT:
	case FIELD_SECRET:
		return utf8_chars(v) > (size_t)d->max ? "form.error.too_long" : NULL;
	case FIELD_LINE:
		if (utf8_chars(v) > (size_t)d->max)
			return "form.error.too_long";
		return one_line(v) ? NULL : "admin.error.single_line";
	case FIELD_EMAIL:
		return email_valid(v) ? NULL : "form.error.email";
	case FIELD_FLAG:
	case FIELD_SUBMIT:
	case FIELD_FILE:
		return NULL;
	}
	return NULL;
}

/* One declared field: recorded as typed, then checked.  A blank value
 * counts as absent (values are the parser's, never trimmed in place). */
static void
check_one(struct input *in, size_t i, const struct request *r)
{
	const struct field *d = &in->decl[i];
	const char *v = request_param(r, d->name), *key;
	bool absent;

	if (repeated(d))
		return;		/* its handler checks each instance (input.h) */

	if (d->type == FIELD_FILE) {
		absent = !request_file(r, d->name, &v, NULL, NULL);
		v = NULL;
	} else {
		absent = blank(v);
	}
	form_value(&in->form, d->name, d->type == FIELD_SECRET ? NULL : v);
	if (d->type == FIELD_FLAG || d->type == FIELD_SUBMIT) {
		in->num[i] = v != NULL && v[0] != '\0';
		return;
	}
	if (absent) {
		if (d->required)
			form_error(&in->form, d->name, "form.error.required");
		return;
	}
	if (d->type == FIELD_FILE) {
		in->num[i] = 1;
		return;
	}
	if ((key = input_problem(d, v, &in->num[i])) != NULL) {
		form_error(&in->form, d->name, key);
		/* "too long" says how long it may be (the page names it) */
		if (strcmp(key, "form.error.too_long") == 0)
			form_limit(&in->form, d->name, d->type == FIELD_DATETIME ? DATETIME_LEN : d->max);
		return;
	}
	in->value[i] = d->type == FIELD_CHOICE ? choice_find(v, d->choices) : v;
}

/* Every field of the body and every file part must be declared. */
static const char *
undeclared(const struct field *decl, const struct request *r)
{
	size_t i;

	for (i = r->nquery; i < r->params.n; i++) {
		const char *name = r->params.v[i].name;
		const struct field *d = declared(decl, name);

		if (strcmp(name, INPUT_CSRF) == 0)
			continue;
		if (d == NULL || d->type == FIELD_FILE)
			return name;
	}
	for (i = 0; i < r->nfiles; i++) {
		const struct field *d = declared(decl, r->files[i].name);

		if (d == NULL || d->type != FIELD_FILE)
			return r->files[i].name;
	}
	return NULL;
}

int
input_check(struct input *in, const struct field *decl, const struct request *r)
{
	size_t i;

	memset(in, 0, sizeof(*in));
	in->decl = decl;
	for (; decl && decl[in->n].name; in->n++)
		if (in->n == FORM_FIELDS_MAX)
			return 500;	/* a table bug: app_check_routes refuses it at start */
	if (r->is_post && (in->refused = undeclared(decl, r)) != NULL)
		return 400;
	for (i = 0; i < in->n; i++)
		check_one(in, i, r);
	return 0;
}

static int
index_of(const struct input *in, const char *name)
{
	size_t i;

	for (i = 0; i < in->n; i++)
		if (strcmp(in->decl[i].name, name) == 0)
			return (int)i;
	return -1;
}

const char *
input_text(const struct input *in, const char *name)
{
	int i = index_of(in, name);

	return i < 0 ? NULL : in->value[i];
}

int64_t
input_num(const struct input *in, const char *name, bool *present)
{
	int i = index_of(in, name);
	bool ok = i >= 0 && in->value[i] != NULL;

	if (present)
		*present = ok;
	return ok ? in->num[i] : 0;
}

bool
input_flag(const struct input *in, const char *name)
{
	int i = index_of(in, name);

	return i >= 0 && in->num[i] != 0;
}
