/* form.c -- see form.h. */
#include "config.h"

#include <string.h>

#include "app.h"
#include "pages/form.h"
#include "xml/page.h"

void
form_begin(struct form *f, const struct ctx *c, const char *name)
{
	*f = c->in.form;
	f->name = name;
}

const char *
in_text(const struct ctx *c, const char *name)
{
	return input_text(&c->in, name);
}

int64_t
in_id(const struct ctx *c, const char *name)
{
	return input_num(&c->in, name, NULL);
}

int64_t
in_int(const struct ctx *c, const char *name, bool *present)
{
	return input_num(&c->in, name, present);
}

bool
in_flag(const struct ctx *c, const char *name)
{
	return input_flag(&c->in, name);
}

bool
in_given(const struct ctx *c, const char *name)
{
	return !blank(request_param(c->req, name));
}

bool
in_failed(const struct ctx *c)
{
	return c->in.form.failed;
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
		if (f->f[i].error && f->f[i].max > 0)
			xml_set_int(fl, "max", f->f[i].max);
	}
	return n;
}

xmlNodePtr
confirm_xml(const struct form *f, xmlNodePtr parent, const char *what, const char *action,
    const char *back)
{
	xmlNodePtr n = xml_add(parent, "confirm"), k;
	size_t i;

	xml_set(n, "what", what);
	xml_set(n, "action", action);
	xml_set(n, "back", back);
	for (i = 0; f && i < f->n; i++) {
		/* The token comes fresh from the page; the confirmation is the
		 * second form's own. */
		if (f->f[i].value == NULL || strcmp(f->f[i].name, CONFIRM_FIELD) == 0 ||
		    strcmp(f->f[i].name, "csrf") == 0)
			continue;
		k = xml_add(n, "keep");
		xml_set(k, "name", f->f[i].name);
		xml_set(k, "value", f->f[i].value);
	}
	return n;
}

void
confirm_count(xmlNodePtr confirm, const char *name, int64_t value)
{
	xmlNodePtr n = xml_add(confirm, "count");

	xml_set(n, "name", name);
	xml_set_int(n, "value", value);
}
