/* test_htmlsave.c -- xml/htmlsave.h against libxml2's own HTML serializer
 * (what libxslt's xsltSaveResultTo runs for method="html"): the same bytes
 * for documents made to hit every rule (quotes, URI attributes, boolean
 * attributes, empty and raw-text elements, control characters, server-side
 * includes, doctypes), for the shipped pages rendered from saved page
 * documents in both languages, and a refusal, with the buffer untouched,
 * for the shapes it leaves to libxml2. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parser.h>
#include <libxslt/transform.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>

#include "tap.h"
#include "xml/htmlsave.h"
#include "xml/render.h"

/* libxml2's bytes for doc, as xsltSaveResultTo makes them. */
static char *
reference(xmlDocPtr doc)
{
	xmlOutputBufferPtr o = xmlAllocOutputBuffer(NULL);
	char *text;

	htmlSetMetaEncoding(doc, BAD_CAST "UTF-8");
	htmlDocContentDumpFormatOutput(o, doc, "UTF-8", 0);
	xmlOutputBufferFlush(o);
	text = strdup((const char *)xmlOutputBufferGetContent(o));
	xmlOutputBufferClose(o);
	return text;
}

/* Both serializers over doc; true when html_save wrote it and the bytes
 * are libxml2's. */
static bool
same_as_libxml2(xmlDocPtr doc, const char *what)
{
	struct buf out;
	char *want;
	bool same;

	buf_init(&out);
	buf_puts(&out, "kept");
	if (!html_save(doc, "UTF-8", &out)) {
		printf("# %s: html_save refused it\n", what);
		buf_free(&out);
		return false;
	}
	want = reference(doc);
	same = want && out.len == 4 + strlen(want) && memcmp(out.data, "kept", 4) == 0 &&
	    strcmp(out.data + 4, want) == 0;
	if (!same)
		printf("# %s\n# want: %s\n# got:  %s\n", what, want ? want : "(null)", out.data + 4);
	free(want);
	buf_free(&out);
	return same;
}

static xmlNodePtr
el(xmlNodePtr parent, const char *name, const char *text)
{
	return xmlNewTextChild(parent, NULL, BAD_CAST name, text ? BAD_CAST text : NULL);
}

static void
attr(xmlNodePtr e, const char *name, const char *value)
{
	xmlNewProp(e, BAD_CAST name, value ? BAD_CAST value : NULL);
}

/* An HTML document as libxslt makes one for method="html". */
static xmlDocPtr
html_doc(const char *public_id, const char *system_id, xmlNodePtr *body)
{
	xmlDocPtr doc = htmlNewDocNoDtD(NULL, NULL);
	xmlNodePtr html, head;

	if (system_id || public_id)
		xmlCreateIntSubset(doc, BAD_CAST "html", BAD_CAST public_id, BAD_CAST system_id);
	html = xmlNewDocNode(doc, NULL, BAD_CAST "html", NULL);
	xmlAddChild((xmlNodePtr)doc, html);
	head = el(html, "head", NULL);
	attr(el(head, "meta", NULL), "http-equiv", "Content-Type");
	el(head, "title", "Doelen & <afspraken>");
	*body = el(html, "body", NULL);
	return doc;
}

static void
test_rules(void)
{
	xmlNodePtr body, e, p;
	xmlDocPtr doc;

	doc = html_doc(NULL, "about:legacy-compat", &body);
	e = el(body, "a", "één > twee");
	attr(e, "href", "  /conversations/7?x=a b&y=\"ü\"+@~$!*()[]#k");
	attr(e, "name", "a name/with space");
	attr(e, "title", "zeg \"ja\"");
	attr(e, "class", "it's");
	attr(e, "data-x", "both \" and '");
	attr(e, "data-ssi", "<!--#include virtual=\"x\" --> <b> &{code} & &{open");
	attr(e, "data-empty", "");
	e = el(body, "form", NULL);
	attr(e, "action", "/items/3/delete?a=<b>&c=%41|^`{}");
	attr(e, "name", "not a uri here");
	e = el(e, "input", NULL);
	attr(e, "type", "checkbox");
	attr(e, "checked", "checked");
	attr(e, "DISABLED", "x");
	attr(e, "readonly", NULL);
	attr(e, "value", "tab\there\x01\x1f" "cr\r" "nl\n" "del\x7f");
	e = el(body, "img", NULL);
	attr(e, "src", "/static/a b.svg");
	attr(e, "alt", "");
	el(body, "br", NULL);
	el(body, "div", NULL);
	el(body, "p", NULL);
	el(body, "textarea", NULL);
	el(body, "option", NULL);
	el(body, "li", NULL);
	el(body, "x-unknown", NULL);
	el(body, "script", "if (a < b && c > d) {}");
	el(body, "STYLE", "p > a { color: red }");
	p = el(body, "pre", "a < b\x02 & c");
	xmlAddChild(p, xmlNewComment(BAD_CAST " a comment <b> & "));
	xmlAddChild(p, xmlNewText(BAD_CAST " after"));
	ok(same_as_libxml2(doc, "every rule"), "every rule as libxml2 writes it");
	xmlFreeDoc(doc);

	doc = html_doc(NULL, "http://example.org/x.dtd", &body);
	ok(same_as_libxml2(doc, "system doctype"), "a doctype with a system id");
	xmlFreeDoc(doc);
	doc = html_doc("-//W3C//DTD HTML 4.01//EN", "http://www.w3.org/TR/html4/strict.dtd", &body);
	ok(same_as_libxml2(doc, "public doctype"), "a doctype with a public id");
	xmlFreeDoc(doc);
	doc = html_doc(NULL, NULL, &body);
	ok(same_as_libxml2(doc, "no doctype"), "no doctype");
	xmlFreeDoc(doc);
}

/* A shape left to libxml2: refused, and out as it was. */
static void
refused(xmlDocPtr doc, const char *what)
{
	struct buf out;

	buf_init(&out);
	buf_puts(&out, "kept");
	ok(!html_save(doc, "UTF-8", &out) && out.len == 4 && strcmp(out.data, "kept") == 0 &&
	    !out.failed, what);
	buf_free(&out);
}

static void
test_refused(void)
{
	xmlNodePtr body, e, t1, t2;
	xmlAttrPtr a;
	xmlDocPtr doc;
	xmlNsPtr ns;

	doc = html_doc(NULL, "about:legacy-compat", &body);
	ns = xmlNewNs(body, BAD_CAST "http://www.w3.org/2000/svg", BAD_CAST "svg");
	xmlNewChild(body, ns, BAD_CAST "svg", NULL);
	refused(doc, "an element in a namespace: left to libxml2");
	xmlFreeDoc(doc);

	doc = html_doc(NULL, "about:legacy-compat", &body);
	e = el(body, "p", NULL);
	xmlAddChild(e, xmlNewReference(doc, BAD_CAST "&nbsp;"));
	refused(doc, "an entity reference: left to libxml2");
	xmlFreeDoc(doc);

	doc = html_doc(NULL, "about:legacy-compat", &body);
	e = el(body, "p", NULL);
	a = xmlNewProp(e, BAD_CAST "title", NULL);
	t1 = xmlNewDocText(doc, BAD_CAST "one");
	t2 = xmlNewDocText(doc, BAD_CAST "two");
	a->children = t1;
	a->last = t2;
	t1->parent = t2->parent = (xmlNodePtr)a;
	t1->next = t2;
	t2->prev = t1;
	refused(doc, "an attribute of two text nodes: left to libxml2");
	xmlFreeDoc(doc);

	doc = xmlNewDoc(BAD_CAST "1.0");
	refused(doc, "an XML document: not HTML");
	xmlFreeDoc(doc);
}

/* The shipped pages from saved page documents (the .xml view of a form,
 * a dashboard, HR's overview and a people list), transformed as render.c
 * does, written by both. */
static void
test_pages(void)
{
	static const char *const pages[] = { "conversation", "dashboard", "reports", "reports_people" };
	static const char *const langs[] = { "nl", "en" };
	const char *top = getenv("top_srcdir");
	char dir[512], path[1024], err[256] = "", what[128];
	struct styles *s;
	size_t i, l;

	snprintf(dir, sizeof(dir), "%s/xslt", top ? top : ".");
	s = styles_load(dir, err, sizeof(err));
	if (!ok(s != NULL, "stylesheets load")) {
		printf("# %s\n", err);
		return;
	}
	for (i = 0; i < ARRAY_LEN(pages); i++) {
		xsltStylesheetPtr xsl;
		xmlDocPtr doc;

		snprintf(path, sizeof(path), "%s/tests/unit/data/%s.xml", top ? top : ".", pages[i]);
		doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
		snprintf(path, sizeof(path), "%s/%s.xsl", dir, pages[i]);
		xsl = xsltParseStylesheetFile(BAD_CAST path);
		for (l = 0; l < ARRAY_LEN(langs); l++) {
			xsltTransformContextPtr t = doc && xsl ? xsltNewTransformContext(xsl, doc) : NULL;
			xmlDocPtr res = NULL;

			snprintf(what, sizeof(what), "%s in %s: libxml2's bytes", pages[i], langs[l]);
			if (t) {
				t->_private = (void *)styles_catalog(s, langs[l]);
				res = xsltApplyStylesheetUser(xsl, doc, NULL, NULL, NULL, t);
			}
			ok(res && same_as_libxml2(res, what), what);
			xmlFreeDoc(res);
			if (t)
				xsltFreeTransformContext(t);
		}
		if (xsl)
			xsltFreeStylesheet(xsl);
		xmlFreeDoc(doc);
	}
	styles_release(s);
}

int
main(void)
{
	if (!render_init()) {
		ok(false, "render_init");
		return tap_done();
	}
	test_rules();
	test_refused();
	test_pages();
	xsltCleanupGlobals();
	xmlCleanupParser();
	return tap_done();
}
