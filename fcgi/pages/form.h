/* form.h -- reading and checking form fields, and echoing them back.
 *
 * A handler declares each field it reads with its rule; every problem is
 * recorded against its field, so a refused form comes back with every
 * typed value kept and the problem named next to its field:
 *
 *   <form name="employee" error="1">
 *     <field name="email" value="what was typed" error="form.error.email"/>
 *   </form>
 *
 * Error values are catalog keys (form.error.*).  Values are echoed as
 * typed (they are valid UTF-8: the request parser guarantees it). */
#ifndef GESPREK_FORM_H
#define GESPREK_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libxml/tree.h>

struct ctx;

#define FORM_FIELDS_MAX 32
#define DATE_LEN 10		/* YYYY-MM-DD */
/* Dates outside these years are typing mistakes, not plans. */
#define DATE_YEAR_MIN 2000
#define DATE_YEAR_MAX 2100

struct form_field {
	const char *name;
	const char *value;	/* as typed, "" when absent */
	const char *error;	/* catalog key or NULL */
};

struct form {
	const char *name;
	struct form_field f[FORM_FIELDS_MAX];
	size_t n;
	bool failed;
};

void form_init(struct form *f, const char *name);

/* Each reads a field, checks it and returns the value (NULL when invalid
 * or, for optional fields, absent).  Limits are in characters. */
const char *form_text(struct form *f, const struct ctx *c, const char *name,
    bool required, size_t max_chars);
/* YYYY-MM-DD, a real calendar date within DATE_YEAR_MIN..MAX. */
const char *form_date(struct form *f, const struct ctx *c, const char *name, bool required);
/* A positive id; 0 when absent (optional) or invalid. */
int64_t form_id(struct form *f, const struct ctx *c, const char *name, bool required);
/* An integer within [min, max]; *ok false when invalid or absent-but-required. */
int64_t form_int(struct form *f, const struct ctx *c, const char *name, bool required,
    int64_t min, int64_t max, bool *present);
/* One of a NULL-terminated list of words. */
const char *form_choice(struct form *f, const struct ctx *c, const char *name,
    bool required, const char *const *choices);
/* A checkbox: true when sent with any value. */
bool form_flag(struct form *f, const struct ctx *c, const char *name);
/* A plausible e-mail address (local@domain.tld, no spaces). */
const char *form_email(struct form *f, const struct ctx *c, const char *name, bool required);

/* Marks a field wrong after the fact (e.g. "login taken" from the store). */
void form_error(struct form *f, const char *name, const char *key);

/* Appends <form> with every field to parent. */
xmlNodePtr form_xml(const struct form *f, xmlNodePtr parent);

/* Pure checks, unit-tested. */
bool date_valid(const char *s);
bool email_valid(const char *s);
size_t utf8_chars(const char *s);

#endif
