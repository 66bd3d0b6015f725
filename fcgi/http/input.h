/* input.h -- the fields a route declares, checked before its handler runs.
 *
 * Each row of the route table (fcgi/pages/routes.c) names the fields its
 * handler reads, in the manner of kcgi's kvalid tables: the body of a POST
 * and the query parameters a GET page reads.  input_check compares the
 * request with the declaration:
 *  - a body field (or file part) the route does not declare makes the
 *    whole request 400 before the handler, with the field named on the
 *    error page; nothing is written;
 *  - a missing required field or a value of the wrong kind is recorded
 *    against its field in a struct form, so the handler re-shows its form
 *    with every typed value kept and the problem next to its field.
 * Handlers then read typed, already-checked values (in_id, in_text ...).
 * Other query parameters of a GET page are ignored: links in mail may
 * carry them.  `csrf` is implicit for every POST (auth checks it). */
#ifndef GESPREK_INPUT_H
#define GESPREK_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http/request.h"

/* Fields of one form; more than any declaration holds. */
#define FORM_FIELDS_MAX 32
/* The field every POST carries besides its declared ones. */
#define INPUT_CSRF "csrf"

enum field_type {
	FIELD_ID,	/* a positive id */
	FIELD_INT,	/* a decimal integer within [min, max] */
	FIELD_DATE,	/* YYYY-MM-DD */
	FIELD_DATETIME,	/* YYYY-MM-DDTHH:MM */
	FIELD_CHOICE,	/* one word of a list */
	FIELD_TEXT,	/* text of at most max characters */
	FIELD_LINE,	/* the same, on one line (no control characters) */
	FIELD_EMAIL,	/* a plausible e-mail address */
	FIELD_FLAG,	/* a checkbox: true when sent with any value */
	FIELD_SUBMIT,	/* the name of a submit button: its presence */
	FIELD_SECRET,	/* a password: never echoed, length-checked only */
	FIELD_FILE,	/* a file part of a multipart body */
};

struct field {
	const char *name;	/* NULL ends a declaration */
	enum field_type type;
	bool required;
	int64_t min, max;	/* FIELD_INT: range; text kinds: max characters */
	const char *const *choices;	/* FIELD_CHOICE: NULL-terminated */
};

/* Declaration rows, one per field: { name, type, required, ... }. */
#define REQUIRED true
#define OPTIONAL false
#define IN_ID(n, req)		{ (n), FIELD_ID, (req), 0, 0, NULL }
#define IN_INT(n, req, lo, hi)	{ (n), FIELD_INT, (req), (lo), (hi), NULL }
#define IN_DATE(n, req)		{ (n), FIELD_DATE, (req), 0, 0, NULL }
#define IN_DATETIME(n, req)	{ (n), FIELD_DATETIME, (req), 0, 0, NULL }
#define IN_CHOICE(n, req, list)	{ (n), FIELD_CHOICE, (req), 0, 0, (list) }
#define IN_TEXT(n, req, chars)	{ (n), FIELD_TEXT, (req), 0, (chars), NULL }
#define IN_LINE(n, req, chars)	{ (n), FIELD_LINE, (req), 0, (chars), NULL }
#define IN_EMAIL(n, req)	{ (n), FIELD_EMAIL, (req), 0, 0, NULL }
#define IN_FLAG(n)		{ (n), FIELD_FLAG, false, 0, 0, NULL }
#define IN_SUBMIT(n)		{ (n), FIELD_SUBMIT, false, 0, 0, NULL }
#define IN_SECRET(n, chars)	{ (n), FIELD_SECRET, false, 0, (chars), NULL }
#define IN_FILE(n, req)		{ (n), FIELD_FILE, (req), 0, 0, NULL }
#define IN_END			{ NULL, FIELD_TEXT, false, 0, 0, NULL }

/* A repeated field: each '#' in a declared name stands for a number from
 * 1 to INPUT_INDEX_MAX ("s#_l#_label_nl" declares s1_l1_label_nl,
 * s2_l10_label_nl ...), for a form whose rows are added and removed (the
 * template editor).  Such a body field is declared, so not refused, but
 * input_check leaves it alone: its handler knows how many rows it takes
 * and checks each value with input_problem against this declaration. */
#define INPUT_INDEX_CHAR '#'
#define INPUT_INDEX_MAX 99

/* A form as typed, with a problem per field (catalog keys, form.error.*). */
struct form_field {
	const char *name;
	const char *value;	/* as typed, "" when absent */
	const char *error;	/* catalog key or NULL */
	int64_t max;		/* with form.error.too_long: the limit in characters */
};

struct form {
	const char *name;
	struct form_field f[FORM_FIELDS_MAX];
	size_t n;
	bool failed;
};

void form_init(struct form *f, const char *name);
/* Marks a field wrong (e.g. "login taken" from the store); the first
 * problem of a field is the one shown. */
void form_error(struct form *f, const char *name, const char *key);
/* The limit a too-long field was held to, so the page can name it. */
void form_limit(struct form *f, const char *name, int64_t max);
/* Records a field as typed (value NULL: absent) without a problem. */
void form_value(struct form *f, const char *name, const char *value);

/* The request checked against a route's declaration. */
struct input {
	const struct field *decl;		/* the route's, or NULL */
	size_t n;
	const char *value[FORM_FIELDS_MAX];	/* checked, NULL when absent or bad */
	int64_t num[FORM_FIELDS_MAX];		/* FIELD_ID, FIELD_INT */
	struct form form;			/* every declared field as typed */
	const char *refused;			/* the field that made it a 400 */
};

/* Checks r against decl (may be NULL: no fields).  Returns 0, or 400 with
 * in->refused naming the field (an undeclared one, or a declaration the
 * request cannot carry).  Value problems are left in in->form. */
int input_check(struct input *in, const struct field *decl, const struct request *r);

/* The declaration of name in decl (a repeated one matches its numbered
 * instances), or NULL. */
const struct field *input_declared(const struct field *decl, const char *name);
/* The problem of a present, non-blank value v under declaration d (a
 * catalog key, form.error.*), or NULL; *num gets an id's or integer's
 * value.  What input_check applies to every field it checks. */
const char *input_problem(const struct field *d, const char *v, int64_t *num);

/* Names of the field types, for `gesprekctl routes`. */
const char *field_type_name(enum field_type t);

/* The typed values of declared fields; a name the route does not declare
 * reads as absent.  NULL or 0 when absent or refused. */
const char *input_text(const struct input *in, const char *name);
int64_t input_num(const struct input *in, const char *name, bool *present);
bool input_flag(const struct input *in, const char *name);

#endif
