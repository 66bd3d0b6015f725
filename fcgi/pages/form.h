/* form.h -- a handler's view of its declared, already-checked fields, and
 * the form echoed back.
 *
 * The route table declares every field a handler reads (fcgi/http/input.h); the
 * request is checked against it before the handler runs.  A handler reads
 * typed values (in_id, in_text ...), starts its form from the checked one
 * (form_begin: every typed value and every problem already in it), adds
 * the problems only it can see (form_error: "login taken" from the store),
 * and re-shows it when it failed:
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

#include "base/validate.h"
#include "http/input.h"

struct ctx;

/* f becomes the request's checked form under `name`. */
void form_begin(struct form *f, const struct ctx *c, const char *name);

/* The checked value of a declared text, line, date, datetime, e-mail or
 * choice field (a choice: the list's own string); NULL when absent or
 * refused. */
const char *in_text(const struct ctx *c, const char *name);
#define in_date in_text
#define in_choice in_text
/* A declared id; 0 when absent or refused. */
int64_t in_id(const struct ctx *c, const char *name);
/* A declared integer; *present false when absent or refused. */
int64_t in_int(const struct ctx *c, const char *name, bool *present);
/* A declared checkbox or submit button: sent with any value. */
bool in_flag(const struct ctx *c, const char *name);
/* True when the field was sent with something other than blanks, valid
 * or not (to tell "left empty" from "typed wrong"). */
bool in_given(const struct ctx *c, const char *name);

/* True when a declared field was missing or of the wrong kind. */
bool in_failed(const struct ctx *c);

/* Appends <form> with every field to parent. */
xmlNodePtr form_xml(const struct form *f, xmlNodePtr parent);

/* The confirmation step of an irreversible or unusual write (issue 15),
 * without JavaScript: the first POST answers a page with a second form
 * that sends every typed field again plus CONFIRM_FIELD; only a POST with
 * it writes.  Appends
 *   <confirm what="KEY" action="/path" back="/page">
 *     <keep name="..." value="..."/>...   every field of f as typed
 *     <count name="..." value="N"/>...    (confirm_count) what it affects
 *   </confirm>
 * (layout.xsl shows it: confirm.{what}.* texts).  f may be NULL. */
#define CONFIRM_FIELD "confirm"
xmlNodePtr confirm_xml(const struct form *f, xmlNodePtr parent, const char *what,
    const char *action, const char *back);
void confirm_count(xmlNodePtr confirm, const char *name, int64_t value);

#endif
