/* template_xml.h -- a form template as XML (xslt/schema/template.xsd,
 * namespace urn:gesprek:template:1): read with the hardening of the
 * organisation import (template.c), written canonically (template_write.c),
 * so that export, import and export again give the same bytes. */
#ifndef GESPREK_TEMPLATE_XML_H
#define GESPREK_TEMPLATE_XML_H

#include <stdbool.h>
#include <stddef.h>

#include "store/template.h"

#define TPL_XML_NS "urn:gesprek:template:1"
/* Bytes of a template file: the largest sensible form (3 forms of 30
 * sections with long guidance in two languages) stays well under it. */
#define TPL_FILE_MAX (1024 * 1024)
/* Bytes of a reason (a libxml2 message fits). */
#define TPL_REASON_MAX 400

struct buf;

/* Why a file was refused: the line (0: the file as a whole) and a reason
 * in English words a person can act on (libxml2's own for syntax and
 * schema errors). */
struct tpl_error {
	size_t line;
	char reason[TPL_REASON_MAX];
	/* tpl_check's refusals: a word naming the rule (for the editor's
	 * translated message, templates.edit.error.CODE); NULL otherwise. */
	const char *code;
};

/* Reads and checks a template file; xsd is the path of template.xsd
 * (compiled once per process).  A new template (the caller frees it with
 * tpl_free), or NULL with err filled: nothing is half read. */
struct tpl *tpl_read(const char *data, size_t len, const char *xsd, struct tpl_error *err);

/* Checks what template.xsd cannot say (weights, scale references, the
 * goal setting's result goals, ...).  True when t holds; else err. */
bool tpl_check(const struct tpl *t, struct tpl_error *err);

/* Appends t as a template document to out; false when out of memory. */
bool tpl_write(const struct tpl *t, struct buf *out);

#endif
