/* orgxml.c -- the organisation as XML:
 *
 *   <organisation xmlns="urn:gesprek:organisation:1">
 *     <employee login="eva" name="Eva de Vries" email="eva@example.nl"
 *               department="Binnendienst" manager="mark"/>
 *   </organisation>
 *
 * The file is untrusted: import/xml_safe.c bounds its shape, parses it
 * without network, entities or DTD (a DOCTYPE is refused outright) and
 * validates it against xslt/schema/organisation.xsd before any row is
 * read; its refusals become rows of the report here.  The rows then pass
 * the same checks as CSV rows. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <libxml/tree.h>

#include "import/parse.h"
#include "import/xml_safe.h"

#define ORG_XML_NS "urn:gesprek:organisation:1"
/* Attributes of one element: an employee has five, the root a namespace
 * declaration or two.  libxml2 compares each attribute of a tag with all
 * before it, so a tag with tens of thousands costs minutes: such a file is
 * refused before it is parsed (tests/integration/test_hostile_import.py). */
#define ORG_XML_ATTRS_MAX 16
/* Elements of one file: the employees and the root. */
#define ORG_XML_ELEMENTS_MAX (ORG_ROWS_MAX + 1)

static struct xsd_cache schema = XSD_CACHE_INIT;

/* A refusal of the reader (import/xml_safe.c) as a row of the report. */
static void
on_refusal(void *ud, enum xml_safe_fault fault, size_t line, const char *msg)
{
	struct org_file *f = ud;
	char detail[ORG_DETAIL_MAX];

	switch (fault) {
	case XML_SAFE_ATTRS:
		snprintf(detail, sizeof(detail), "more than %d attributes in one element",
		    ORG_XML_ATTRS_MAX);
		org_fail(f, line, ORG_XML_SCHEMA, detail);
		break;
	case XML_SAFE_ELEMENTS:
		org_fail(f, line, ORG_TOO_MANY_ROWS, NULL);
		break;
	case XML_SAFE_DOCTYPE:
		org_fail(f, line, ORG_XML_DOCTYPE, NULL);
		break;
	case XML_SAFE_ENCODING:
		org_fail(f, line, ORG_ENCODING, NULL);
		break;
	case XML_SAFE_SYNTAX:
		org_fail(f, line, ORG_XML_SYNTAX, msg);
		break;
	case XML_SAFE_SCHEMA:
		org_fail(f, line, ORG_XML_SCHEMA, msg);
		break;
	case XML_SAFE_NO_SCHEMA:
		org_fail(f, 0, ORG_XML_SCHEMA, "organisation.xsd does not load");
		break;
	case XML_SAFE_OOM:
		f->oom = true;
		break;
	}
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
	const struct xml_safe reader = {
		{ ORG_XML_ATTRS_MAX, ORG_XML_ELEMENTS_MAX }, &schema, xsd, "import",
		on_refusal, f,
	};
	xmlDocPtr doc;
	xmlNodePtr n;

	f->format = "xml";
	if ((doc = xml_safe_read(&reader, data, len)) == NULL)
		return;
	for (n = xmlDocGetRootElement(doc)->children; n && !f->full && !f->oom; n = n->next)
		if (xml_safe_is(n, ORG_XML_NS, "employee"))
			add_employee(f, n);
	xmlFreeDoc(doc);
}
