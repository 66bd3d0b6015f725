/* orgxml.c -- the organisation as XML:
 *
 *   <organisation xmlns="urn:gesprek:organisation:1">
 *     <employee login="eva" name="Eva de Vries" email="eva@example.nl"
 *               department="Binnendienst" manager="mark"/>
 *   </organisation>
 *
 * The file is untrusted: parsed without network access, without entity
 * substitution and without loading any DTD; a DOCTYPE is refused outright
 * (it is the door to entity tricks), then the document is validated
 * against xslt/schema/organisation.xsd (compiled once per process) before
 * any row is read.  The rows then pass the same checks as CSV rows. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlschemas.h>

#include "import/parse.h"
#include "import/xml_shape.h"
#include "import/xsd_cache.h"

#define ORG_XML_NS "urn:gesprek:organisation:1"
/* No NOENT (entities stay unexpanded), no DTDLOAD/DTDATTR, no network;
 * BIG_LINES: line numbers past 65535 stay right. */
#define ORG_XML_OPTIONS (XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOWARNING)
/* Attributes of one element: an employee has five, the root a namespace
 * declaration or two.  libxml2 compares each attribute of a tag with all
 * before it, so a tag with tens of thousands costs minutes: such a file is
 * refused before it is parsed (tests/integration/test_hostile_import.py). */
#define ORG_XML_ATTRS_MAX 16
/* Elements of one file: the employees and the root. */
#define ORG_XML_ELEMENTS_MAX (ORG_ROWS_MAX + 1)

static struct xsd_cache schema = XSD_CACHE_INIT;

struct xml_state {
	struct org_file *f;
	bool doctype;
	bool failed;
	size_t line;
	int code;
	char message[ORG_DETAIL_MAX];
};

/* Copies a libxml2 message without its trailing newline. */
static void
copy_message(char *out, size_t size, const char *msg)
{
	size_t n;

	snprintf(out, size, "%s", msg ? msg : "");
	n = strlen(out);
	while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == ' '))
		out[--n] = '\0';
}

static void
on_doctype(void *ctx, const xmlChar *name, const xmlChar *external, const xmlChar *system)
{
	xmlParserCtxtPtr p = ctx;
	struct xml_state *st = p->_private;

	(void)name;
	(void)external;
	(void)system;
	st->doctype = true;
	st->line = (size_t)xmlSAX2GetLineNumber(p);
	xmlStopParser(p);
}

/* Parser errors: the first one is what the report names. */
static void
on_parse_error(void *ctx, xmlErrorPtr e)
{
	xmlParserCtxtPtr p = ctx;
	struct xml_state *st = p->_private;

	if (e == NULL || e->level < XML_ERR_ERROR || st->failed)
		return;
	st->failed = true;
	st->line = e->line > 0 ? (size_t)e->line : 0;
	st->code = e->code;
	copy_message(st->message, sizeof(st->message), e->message);
}

static void
on_schema_error(void *ud, xmlErrorPtr e)
{
	struct org_file *f = ud;
	char msg[ORG_DETAIL_MAX];

	if (e == NULL || e->level < XML_ERR_ERROR)
		return;
	copy_message(msg, sizeof(msg), e->message);
	org_fail(f, e->line > 0 ? (size_t)e->line : 0, ORG_XML_SCHEMA, msg);
}

/* ---- the shape check before parsing (import/xml_shape.c) ---- */

static bool
shape_ok(struct org_file *f, const char *data, size_t len)
{
	static const struct xml_shape_limits lim = { ORG_XML_ATTRS_MAX, ORG_XML_ELEMENTS_MAX };
	char detail[ORG_DETAIL_MAX];
	size_t line;

	switch (xml_shape_check(data, len, &lim, &line)) {
	case XML_SHAPE_ATTRS:
		snprintf(detail, sizeof(detail), "more than %d attributes in one element",
		    ORG_XML_ATTRS_MAX);
		org_fail(f, line, ORG_XML_SCHEMA, detail);
		return false;
	case XML_SHAPE_ELEMENTS:
		org_fail(f, line, ORG_TOO_MANY_ROWS, NULL);
		return false;
	default:
		return true;
	}
}

static bool
is_encoding_error(int code)
{
	return code == XML_ERR_INVALID_CHAR || code == XML_ERR_INVALID_ENCODING ||
	    code == XML_ERR_UNKNOWN_ENCODING || code == XML_ERR_UNSUPPORTED_ENCODING;
}

static xmlDocPtr
parse(struct org_file *f, const char *data, size_t len)
{
	struct xml_state st = { .f = f };
	xmlParserCtxtPtr p;
	xmlDocPtr doc = NULL;

	if (len > (size_t)INT32_MAX || (p = xmlCreateMemoryParserCtxt(data, (int)len)) == NULL) {
		f->oom = true;
		return NULL;
	}
	p->_private = &st;
	p->sax->internalSubset = on_doctype;
	p->sax->serror = on_parse_error;
	xmlCtxtUseOptions(p, ORG_XML_OPTIONS);
	xmlParseDocument(p);
	if (st.doctype)
		org_fail(f, st.line, ORG_XML_DOCTYPE, NULL);
	else if (st.failed || !p->wellFormed || p->myDoc == NULL)
		org_fail(f, st.line, is_encoding_error(st.code) ? ORG_ENCODING : ORG_XML_SYNTAX,
		    is_encoding_error(st.code) ? NULL : st.message);
	else {
		doc = p->myDoc;
		p->myDoc = NULL;
	}
	if (p->myDoc)
		xmlFreeDoc(p->myDoc);
	xmlFreeParserCtxt(p);
	return doc;
}

static bool
valid(struct org_file *f, xmlDocPtr doc, const char *xsd)
{
	xmlSchemaPtr s = xsd_cache_get(&schema, xsd, "import");
	xmlSchemaValidCtxtPtr vc;
	size_t before = f->nerr_total;
	int rc;

	if (s == NULL || (vc = xmlSchemaNewValidCtxt(s)) == NULL) {
		org_fail(f, 0, ORG_XML_SCHEMA, "organisation.xsd does not load");
		return false;
	}
	xmlSchemaSetValidStructuredErrors(vc, on_schema_error, f);
	rc = xmlSchemaValidateDoc(vc, doc);
	xmlSchemaFreeValidCtxt(vc);
	if (rc != 0 && f->nerr_total == before)
		org_fail(f, 0, ORG_XML_SCHEMA, NULL);
	return rc == 0;
}

static void
add_employee(struct org_file *f, xmlNodePtr n)
{
	static const char *const attrs[ORG_COLUMNS] = {
		[ORG_LOGIN] = "login", [ORG_NAME] = "name", [ORG_EMAIL] = "email",
		[ORG_DEPARTMENT] = "department", [ORG_MANAGER] = "manager",
		[ORG_JOB_PROFILE] = "job-profile",
	};
	xmlChar *v[ORG_COLUMNS];
	const char *raw[ORG_COLUMNS];
	size_t len[ORG_COLUMNS], i;

	/* The columns organisation.xsd has no attribute for stay absent. */
	for (i = 0; i < ORG_COLUMNS; i++) {
		v[i] = attrs[i] ? xmlGetNoNsProp(n, BAD_CAST attrs[i]) : NULL;
		raw[i] = (const char *)v[i];
		len[i] = v[i] ? strlen(raw[i]) : 0;
	}
	org_add(f, (size_t)xmlGetLineNo(n), raw, len);
	for (i = 0; i < ORG_COLUMNS; i++)
		xmlFree(v[i]);
}

void
orgxml_parse(struct org_file *f, const char *data, size_t len, const char *xsd)
{
	xmlDocPtr doc;
	xmlNodePtr n;

	f->format = "xml";
	if (!shape_ok(f, data, len) || (doc = parse(f, data, len)) == NULL)
		return;
	if (!valid(f, doc, xsd))
		goto out;
	for (n = xmlDocGetRootElement(doc)->children; n && !f->full && !f->oom; n = n->next) {
		if (n->type == XML_ELEMENT_NODE && n->ns &&
		    strcmp((const char *)n->ns->href, ORG_XML_NS) == 0 &&
		    strcmp((const char *)n->name, "employee") == 0)
			add_employee(f, n);
	}
out:
	xmlFreeDoc(doc);
}
