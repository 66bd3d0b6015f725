/* xml_safe.c -- the hardened reader of untrusted XML (xml_safe.h). */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlschemas.h>

#include "import/xml_safe.h"

/* No NOENT (entities stay unexpanded), no DTDLOAD/DTDATTR, no network;
 * BIG_LINES: line numbers past 65535 stay right. */
#define XML_SAFE_OPTIONS (XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOWARNING)
/* Bytes of one libxml2 message handed on: theirs are a line or two; each
 * importer cuts it to its own report's width. */
#define XML_SAFE_MSG_MAX 512

/* One parse: where its first refusal went. */
struct parse_state {
	const struct xml_safe *r;
	bool refused;
};

/* Hands a refusal on, with libxml2's message cut of its trailing newline. */
static void
report(const struct xml_safe *r, enum xml_safe_fault fault, int line, const char *msg)
{
	char m[XML_SAFE_MSG_MAX];
	size_t n;

	if (msg == NULL) {
		r->report(r->ud, fault, line > 0 ? (size_t)line : 0, NULL);
		return;
	}
	snprintf(m, sizeof(m), "%s", msg);
	n = strlen(m);
	while (n > 0 && (m[n - 1] == '\n' || m[n - 1] == ' '))
		m[--n] = '\0';
	r->report(r->ud, fault, line > 0 ? (size_t)line : 0, m);
}

static bool
shape_ok(const struct xml_safe *r, const char *data, size_t len)
{
	size_t line;

	switch (xml_shape_check(data, len, &r->shape, &line)) {
	case XML_SHAPE_ATTRS:
		report(r, XML_SAFE_ATTRS, (int)line, NULL);
		return false;
	case XML_SHAPE_ELEMENTS:
		report(r, XML_SAFE_ELEMENTS, (int)line, NULL);
		return false;
	default:
		return true;
	}
}

/* The internal subset's start: the DOCTYPE is refused before the parser
 * reads a single declaration of it. */
static void
on_doctype(void *ctx, const xmlChar *name, const xmlChar *external, const xmlChar *system)
{
	xmlParserCtxtPtr p = ctx;
	struct parse_state *st = p->_private;

	(void)name;
	(void)external;
	(void)system;
	if (!st->refused)
		report(st->r, XML_SAFE_DOCTYPE, xmlSAX2GetLineNumber(p), NULL);
	st->refused = true;
	xmlStopParser(p);
}

static bool
is_encoding_error(int code)
{
	return code == XML_ERR_INVALID_CHAR || code == XML_ERR_INVALID_ENCODING ||
	    code == XML_ERR_UNKNOWN_ENCODING || code == XML_ERR_UNSUPPORTED_ENCODING;
}

/* Parser errors: the first names the problem; the rest follow from it. */
static void
on_parse_error(void *ctx, xmlErrorPtr e)
{
	xmlParserCtxtPtr p = ctx;
	struct parse_state *st = p->_private;

	if (e == NULL || e->level < XML_ERR_ERROR || st->refused)
		return;
	st->refused = true;
	report(st->r, is_encoding_error(e->code) ? XML_SAFE_ENCODING : XML_SAFE_SYNTAX, e->line,
	    e->message);
}

static xmlDocPtr
parse(const struct xml_safe *r, const char *data, size_t len)
{
	struct parse_state st = { .r = r };
	xmlParserCtxtPtr p;
	xmlDocPtr doc = NULL;

	/* libxml2 takes the length as an int. */
	if (len > (size_t)INT32_MAX || (p = xmlCreateMemoryParserCtxt(data, (int)len)) == NULL) {
		report(r, XML_SAFE_OOM, 0, NULL);
		return NULL;
	}
	p->_private = &st;
	p->sax->internalSubset = on_doctype;
	p->sax->serror = on_parse_error;
	xmlCtxtUseOptions(p, XML_SAFE_OPTIONS);
	xmlParseDocument(p);
	if (!st.refused && (!p->wellFormed || p->myDoc == NULL))
		report(r, XML_SAFE_SYNTAX, 0, NULL);
	else if (!st.refused) {
		doc = p->myDoc;
		p->myDoc = NULL;
	}
	if (p->myDoc)
		xmlFreeDoc(p->myDoc);
	xmlFreeParserCtxt(p);
	return doc;
}

/* One validation: whether a schema error was reported. */
struct valid_state {
	const struct xml_safe *r;
	bool reported;
};

static void
on_schema_error(void *ud, xmlErrorPtr e)
{
	struct valid_state *st = ud;

	if (e == NULL || e->level < XML_ERR_ERROR)
		return;
	st->reported = true;
	report(st->r, XML_SAFE_SCHEMA, e->line, e->message);
}

static bool
valid(const struct xml_safe *r, xmlDocPtr doc)
{
	struct valid_state st = { .r = r };
	xmlSchemaPtr s = xsd_cache_get(r->schema, r->xsd, r->what);
	xmlSchemaValidCtxtPtr vc;
	int rc;

	if (s == NULL) {
		report(r, XML_SAFE_NO_SCHEMA, 0, NULL);
		return false;
	}
	if ((vc = xmlSchemaNewValidCtxt(s)) == NULL) {
		report(r, XML_SAFE_OOM, 0, NULL);
		return false;
	}
	xmlSchemaSetValidStructuredErrors(vc, on_schema_error, &st);
	rc = xmlSchemaValidateDoc(vc, doc);
	xmlSchemaFreeValidCtxt(vc);
	/* rc < 0 is libxml2's internal failure: no error callback came. */
	if (rc != 0 && !st.reported)
		report(r, XML_SAFE_SCHEMA, 0, NULL);
	return rc == 0;
}

xmlDocPtr
xml_safe_read(const struct xml_safe *r, const char *data, size_t len)
{
	xmlDocPtr doc;

	if (!shape_ok(r, data, len) || (doc = parse(r, data, len)) == NULL)
		return NULL;
	if (!valid(r, doc)) {
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}

bool
xml_safe_is(xmlNodePtr n, const char *ns, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns &&
	    strcmp((const char *)n->ns->href, ns) == 0 &&
	    strcmp((const char *)n->name, name) == 0;
}
