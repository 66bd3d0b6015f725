/* test_xml_safe.c -- the one hardened reader of the XML imports
 * (import/xml_safe.c), against a small schema of its own: what reaches
 * the callback (which fault, on which line, with or without libxml2's
 * text), that a refused file gives no document, that the parser's first
 * error is the only one reported while every schema error is, and the
 * namespaced element test. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "import/xml_safe.h"
#include "tap.h"

#define NS "urn:gesprek:test:1"
/* Reports one read may collect here; more fail the test. */
#define REPORTS_MAX 8
/* Limits of the test's files: small enough to go over by hand. */
#define ATTRS_MAX 3
#define ELEMENTS_MAX 20

static const char schema_text[] =
    "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema' targetNamespace='" NS "'"
    " xmlns='" NS "' elementFormDefault='qualified'>"
    "<xs:element name='r'><xs:complexType><xs:sequence>"
    "<xs:element name='e' minOccurs='0' maxOccurs='unbounded'><xs:complexType>"
    "<xs:simpleContent><xs:extension base='xs:string'>"
    "<xs:attribute name='n' type='xs:positiveInteger' use='required'/>"
    "</xs:extension></xs:simpleContent></xs:complexType></xs:element>"
    "</xs:sequence></xs:complexType></xs:element></xs:schema>";

static char xsd_path[] = "/tmp/gesprek-test-xml-safe-XXXXXX";
static struct xsd_cache schema = XSD_CACHE_INIT;

struct seen {
	size_t n;
	enum xml_safe_fault fault[REPORTS_MAX];
	size_t line[REPORTS_MAX];
	bool has_msg[REPORTS_MAX];
	bool msg_trimmed[REPORTS_MAX];	/* no trailing newline or blank */
};

static void
on_refusal(void *ud, enum xml_safe_fault fault, size_t line, const char *msg)
{
	struct seen *s = ud;
	size_t len = msg ? strlen(msg) : 0;

	if (s->n == REPORTS_MAX)
		return;
	s->fault[s->n] = fault;
	s->line[s->n] = line;
	s->has_msg[s->n] = msg != NULL && len > 0;
	s->msg_trimmed[s->n] = len == 0 || (msg[len - 1] != '\n' && msg[len - 1] != ' ');
	s->n++;
}

/* Reads xml with the test's schema; the document is freed here. */
static bool
read_with(struct xsd_cache *cache, const char *path, const char *xml, struct seen *s)
{
	const struct xml_safe r = {
		{ ATTRS_MAX, ELEMENTS_MAX }, cache, path, "test", on_refusal, s,
	};
	xmlDocPtr doc;

	memset(s, 0, sizeof(*s));
	doc = xml_safe_read(&r, xml, strlen(xml));
	if (doc == NULL)
		return false;
	xmlFreeDoc(doc);
	return true;
}

static bool
read_xml(const char *xml, struct seen *s)
{
	return read_with(&schema, xsd_path, xml, s);
}

static void
test_valid(void)
{
	struct seen s;

	ok(read_xml("<?xml version='1.0'?>\n<r xmlns='" NS "'><e n='1'>a</e><e n='2'/></r>", &s),
	    "a valid file gives its document");
	is_int(s.n, 0, "and no report");
}

static void
test_doctype(void)
{
	struct seen s;
	char laughs[2048];

	ok(!read_xml("<?xml version='1.0'?>\n<!DOCTYPE r [<!ELEMENT r ANY>]>\n<r xmlns='" NS "'/>",
	    &s), "an internal DTD is refused");
	is_int(s.n, 1, "once");
	is_int(s.fault[0], XML_SAFE_DOCTYPE, "as a DOCTYPE");
	is_int(s.line[0], 2, "on its line");
	ok(!s.has_msg[0], "in the importer's words, not libxml2's");

	snprintf(laughs, sizeof(laughs), "<?xml version='1.0'?>\n<!DOCTYPE r [\n"
	    "<!ENTITY a 'lol'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'>"
	    "<!ENTITY c '&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;'>]>\n"
	    "<r xmlns='" NS "'><e n='1'>&c;</e></r>");
	ok(!read_xml(laughs, &s), "billion laughs is refused");
	is_int(s.n, 1, "with one report: the parser stopped at the DOCTYPE");
	is_int(s.fault[0], XML_SAFE_DOCTYPE, "the DOCTYPE");
	is_int(s.line[0], 2, "on the line it starts");

	ok(!read_xml("<!DOCTYPE r SYSTEM 'http://127.0.0.1:9/r.dtd'><r xmlns='" NS "'/>", &s),
	    "an external DTD is refused");
	is_int(s.fault[0], XML_SAFE_DOCTYPE, "before anything is fetched");
	is_int(s.line[0], 1, "on line 1");
}

static void
test_syntax(void)
{
	struct seen s;

	ok(!read_xml("<r xmlns='" NS "'>\n<e n='1'>\n</r>", &s), "a mismatched tag is refused");
	is_int(s.n, 1, "only the parser's first error is reported");
	is_int(s.fault[0], XML_SAFE_SYNTAX, "as not well-formed");
	is_int(s.line[0], 3, "on the line it shows");
	ok(s.has_msg[0] && s.msg_trimmed[0], "with libxml2's text, its newline cut");

	ok(!read_xml("<r xmlns='" NS "'>\n<e n='1'>&x;</e></r>", &s),
	    "an undeclared entity is refused");
	is_int(s.fault[0], XML_SAFE_SYNTAX, "as not well-formed");
	is_int(s.line[0], 2, "on its line");

	ok(!read_xml("<r xmlns='" NS "'><e n='1'>\xff\xfe</e></r>", &s),
	    "bytes that are not UTF-8 are refused");
	is_int(s.fault[0], XML_SAFE_ENCODING, "as an encoding error");
	ok(!read_xml("", &s), "an empty file is refused");
	is_int(s.n, 1, "once");
}

static void
test_schema(void)
{
	struct seen s;

	ok(!read_xml("<r xmlns='" NS "'>\n<e n='0'/>\n<e/>\n</r>", &s),
	    "a file against the schema is refused");
	is_int(s.n, 2, "every schema error is reported");
	is_int(s.fault[0], XML_SAFE_SCHEMA, "as invalid");
	is_int(s.line[0], 2, "the first on its line");
	is_int(s.line[1], 3, "the second on its");
	ok(s.has_msg[0] && s.msg_trimmed[0], "with libxml2's text, its newline cut");

	ok(!read_xml("<r xmlns='urn:other'/>", &s), "another namespace is refused");
	is_int(s.fault[0], XML_SAFE_SCHEMA, "by the schema");

	ok(!read_xml("<r xmlns='" NS "'>\n<xi:include xmlns:xi='http://www.w3.org/2001/XInclude'"
	    " href='file:///etc/passwd' parse='text'/>\n</r>", &s), "XInclude is refused");
	is_int(s.fault[0], XML_SAFE_SCHEMA, "as an element the schema does not allow");
	is_int(s.line[0], 2, "on its line");
}

static void
test_shape(void)
{
	struct seen s;
	char many[512];
	size_t at;

	ok(!read_xml("<r xmlns='" NS "'>\n<e n='1' a='1' b='2' c='3'/></r>", &s),
	    "an element over the attributes is refused");
	is_int(s.fault[0], XML_SAFE_ATTRS, "before parsing");
	is_int(s.line[0], 2, "on its line");

	at = (size_t)snprintf(many, sizeof(many), "<r xmlns='" NS "'>");
	for (int i = 0; i < ELEMENTS_MAX; i++)
		at += (size_t)snprintf(many + at, sizeof(many) - at, "<e n='1'/>");
	snprintf(many + at, sizeof(many) - at, "</r>");
	ok(!read_xml(many, &s), "a file over the elements is refused");
	is_int(s.fault[0], XML_SAFE_ELEMENTS, "before parsing");
}

/* libxml2's own complaint about the missing schema file: expected here. */
static void
quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void
test_no_schema(void)
{
	struct xsd_cache none = XSD_CACHE_INIT;
	struct seen s;

	xmlSetGenericErrorFunc(NULL, quiet);
	ok(!read_with(&none, "/nonexistent/gesprek.xsd", "<r xmlns='" NS "'/>", &s),
	    "without its schema no file passes");
	is_int(s.fault[0], XML_SAFE_NO_SCHEMA, "and the importer hears why");
	xmlSetGenericErrorFunc(NULL, NULL);
}

static void
test_is(void)
{
	const char xml[] = "<r xmlns='" NS "' xmlns:o='urn:other'><e n='1'/><o:e/>t</r>";
	xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), NULL, NULL, XML_PARSE_NONET);
	xmlNodePtr e = xmlDocGetRootElement(doc)->children;

	ok(xml_safe_is(e, NS, "e"), "the element of the namespace is");
	ok(!xml_safe_is(e, NS, "r"), "another name is not");
	ok(!xml_safe_is(e->next, NS, "e"), "the same name of another namespace is not");
	ok(!xml_safe_is(e->next->next, NS, "e"), "a text node is not");
	xmlFreeDoc(doc);
}

int
main(void)
{
	int fd = mkstemp(xsd_path);

	xmlInitParser();
	if (fd < 0 || write(fd, schema_text, sizeof(schema_text) - 1) !=
	    (ssize_t)(sizeof(schema_text) - 1)) {
		ok(false, "the test's schema is written");
		return tap_done();
	}
	close(fd);
	test_valid();
	test_doctype();
	test_syntax();
	test_schema();
	test_shape();
	test_no_schema();
	test_is();
	unlink(xsd_path);
	return tap_done();
}
