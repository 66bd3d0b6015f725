/* form.c -- see form.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "pages/form.h"
#include "base/util.h"
#include "xml/page.h"

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

size_t
utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* Reads the raw value; "" counts as absent.  Leading and trailing blanks
 * are not trimmed in place (values are the parser's), so an all-blank
 * value counts as absent too. */
static const char *
raw(struct form *f, const struct ctx *c, const char *name, bool required)
{
	const char *v = request_param(c->req, name);

	field(f, name, v);
	if (v == NULL || v[strspn(v, " \t\r\n")] == '\0') {
		if (required)
			form_error(f, name, "form.error.required");
		return NULL;
	}
	return v;
}

const char *
form_text(struct form *f, const struct ctx *c, const char *name, bool required,
    size_t max_chars)
{
	const char *v = raw(f, c, name, required);

	if (v && utf8_chars(v) > max_chars) {
		form_error(f, name, "form.error.too_long");
		return NULL;
	}
	return v;
}

static bool
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool
date_valid(const char *s)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d, i;

	if (s == NULL || strlen(s) != DATE_LEN || s[4] != '-' || s[7] != '-')
		return false;
	for (i = 0; i < DATE_LEN; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (y < DATE_YEAR_MIN || y > DATE_YEAR_MAX || m < 1 || m > 12 || d < 1)
		return false;
	return d <= days[m - 1] + (m == 2 && leap(y));
}

const char *
form_date(struct form *f, const struct ctx *c, const char *name, bool required)
{
	const char *v = raw(f, c, name, required);

	if (v && !date_valid(v)) {
		form_error(f, name, "form.error.date");
		return NULL;
	}
	return v;
}

int64_t
form_id(struct form *f, const struct ctx *c, const char *name, bool required)
{
	const char *v = raw(f, c, name, required);
	int64_t id;

	if (v == NULL)
		return 0;
	if (!parse_id(v, strlen(v), &id)) {
		form_error(f, name, "form.error.choice");
		return 0;
	}
	return id;
}

int64_t
form_int(struct form *f, const struct ctx *c, const char *name, bool required,
    int64_t min, int64_t max, bool *present)
{
	const char *v = raw(f, c, name, required);
	char *end;
	long long n;

	*present = false;
	if (v == NULL)
		return 0;
	n = strtoll(v, &end, 10);
	if (*end != '\0' || end == v || n < min || n > max) {
		form_error(f, name, "form.error.number");
		return 0;
	}
	*present = true;
	return n;
}

const char *
form_choice(struct form *f, const struct ctx *c, const char *name, bool required,
    const char *const *choices)
{
	const char *v = raw(f, c, name, required);

	if (v == NULL)
		return NULL;
	for (; *choices; choices++)
		if (strcmp(v, *choices) == 0)
			return *choices;
	form_error(f, name, "form.error.choice");
	return NULL;
}

bool
form_flag(struct form *f, const struct ctx *c, const char *name)
{
	const char *v = request_param(c->req, name);

	field(f, name, v);
	return v != NULL && v[0] != '\0';
}

bool
email_valid(const char *s)
{
	const char *at = s ? strchr(s, '@') : NULL, *dot;

	if (at == NULL || at == s || strchr(at + 1, '@') || strpbrk(s, " \t\r\n<>,;\"'()"))
		return false;
	dot = strrchr(at + 1, '.');
	return dot && dot > at + 1 && dot[1] != '\0' && strlen(s) <= 254;
}

const char *
form_email(struct form *f, const struct ctx *c, const char *name, bool required)
{
	const char *v = raw(f, c, name, required);

	if (v && !email_valid(v)) {
		form_error(f, name, "form.error.email");
		return NULL;
	}
	return v;
}

xmlNodePtr
form_xml(const struct form *f, xmlNodePtr parent)
{
	xmlNodePtr n = xml_add(parent, "form"), fl;
	size_t i;

	xml_set(n, "name", f->name);
	if (f->failed)
		xml_set(n, "error", "1");
	for (i = 0; i < f->n; i++) {
		fl = xml_add(n, "field");
		xml_set(fl, "name", f->f[i].name);
		xml_set(fl, "value", f->f[i].value);
		if (f->f[i].error)
			xml_set(fl, "error", f->f[i].error);
	}
	return n;
}
