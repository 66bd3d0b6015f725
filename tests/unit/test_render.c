/* test_render.c -- the allocation arena (xml/arena.h) piece by piece, and
 * a real page through the shipped stylesheets rendered again and again
 * inside it: the same bytes every time, with the arena's memory used
 * again from one render to the next.  tests/run runs it under valgrind
 * and ASan, which would report memory of a render that outlived its
 * window. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxslt/transform.h>
#include <libxslt/xsltutils.h>

#include "tap.h"
#include "xml/arena.h"
#include "xml/i18n.h"
#include "xml/render.h"

/* Renders of the page compared with the first. */
#define RENDERS 5

static void
test_pieces(void)
{
	char *a, *b, *c, *big, *heap;

	heap = xmlMalloc(64);
	ok(heap && !arena_owns(heap), "outside a window: the heap");
	arena_begin();
	a = xmlMalloc(40);
	ok(a && arena_owns(a), "inside: the arena");
	strcpy(a, "kept across a realloc");
	b = xmlRealloc(a, 4000);
	is_str(b, "kept across a realloc", "realloc keeps the bytes");
	xmlFree(b);
	c = xmlMalloc(4000);
	ok(c == b, "a freed piece is handed out again");
	ok(arena_whole(), "all of the window in the arena so far");
	big = xmlMalloc(ARENA_LARGE);
	ok(!arena_whole(), "a piece from the heap: no longer whole");
	ok(big && !arena_owns(big), "a large piece comes from the heap");
	xmlFree(big);
	xmlFree(heap);		/* made outside, freed inside: free() */
	xmlFree(c);
	ok(arena_used() > 0, "the window used the arena");
	arena_end();
	ok(!arena_whole(), "outside a window: never whole");
	a = xmlMalloc(40);
	ok(a && !arena_owns(a), "after the window: the heap again");
	arena_begin();
	ok(arena_whole(), "a new window starts whole");
	a = xmlRealloc(a, 80);
	ok(!arena_whole(), "growing heap memory inside the window: not whole");
	arena_end();
	xmlFree(a);
}

/* Pairs "old|new;" in text, all equal: the number of pairs, or -1. */
static int
pairs_equal(const char *text)
{
	const char *p, *bar, *end;
	int pairs = 0, same = 0;

	for (p = text; (end = strchr(p, ';')) != NULL; p = end + 1) {
		bar = memchr(p, '|', (size_t)(end - p));
		pairs++;
		if (bar && bar - p == end - bar - 1 && memcmp(p, bar + 1, (size_t)(bar - p)) == 0)
			same++;
		else
			printf("# differs: %.*s\n", (int)(end - p), p);
	}
	return same == pairs ? pairs : -1;
}

static void
test_page(void)
{
	const char *top = getenv("top_srcdir");
	char dir[1024], path[1024], err[256] = "";
	struct styles *s;
	struct buf first, again;
	xmlDocPtr doc;
	bool same = true;
	int i;

	snprintf(dir, sizeof(dir), "%s/xslt", top ? top : ".");
	snprintf(path, sizeof(path), "%s/tests/unit/data/conversation.xml", top ? top : ".");
	s = styles_load(dir, err, sizeof(err));
	doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
	if (!ok(s && doc, "stylesheets and page load")) {
		printf("# %s\n", err);
		return;
	}
	buf_init(&first);
	buf_init(&again);
	ok(render_html(s, "conversation", doc, "nl", &first), "the form renders");
	ok(first.len > 10000 && memmem(first.data, first.len, "<form", 5) != NULL,
	    "into a page with forms");
	for (i = 0; i < RENDERS; i++) {
		buf_reset(&again);
		if (!render_html(s, "conversation", doc, "en", &again) ||
		    !render_html(s, "conversation", doc, "nl", &again))
			same = false;
		else if (again.len < first.len ||
		    memcmp(again.data + again.len - first.len, first.data, first.len) != 0)
			same = false;
	}
	ok(same, "every later render gives the same bytes");
	ok(!arena_owns(first.data), "the result lives outside the arena");
	buf_free(&first);
	buf_free(&again);
	xmlFreeDoc(doc);
	styles_release(s);
}

/* i:date (xml/i18n.c) against the XPath it replaced in layout.xsl's date
 * template, value by value: the same words, or "" where the old checks
 * refused the value.  The values: dates, date-times, and what is almost a
 * date (a month or day out of range, a blank, a dot, a letter, too short,
 * UTF-8). */
static const char date_xsl[] =
    "<xsl:stylesheet version='1.0' xmlns:xsl='http://www.w3.org/1999/XSL/Transform'"
    " xmlns:i='urn:gesprek:i18n'>"
    "<xsl:output method='text'/>"
    "<xsl:template match='/'><xsl:for-each select='d/v'>"
    "<xsl:variable name='d' select='substring(string(.), 1, 10)'/>"
    "<xsl:variable name='month' select='number(substring($d, 6, 2))'/>"
    "<xsl:variable name='day' select='number(substring($d, 9, 2))'/>"
    "<xsl:if test=\"string-length($d) = 10 and substring($d, 5, 1) = '-' and substring($d, 8, 1) = '-'"
    " and $month &gt;= 1 and $month &lt;= 12 and $day &gt;= 1 and $day &lt;= 31"
    " and string(number(substring($d, 1, 4))) != 'NaN'\">"
    "<xsl:value-of select=\"concat($day, ' ', i:t(concat('date.month.', $month)), ' ', substring($d, 1, 4))\"/>"
    "</xsl:if>|<xsl:value-of select='i:date(.)'/>;</xsl:for-each></xsl:template>"
    "</xsl:stylesheet>";

static const char *const date_values[] = {
	"2027-03-03", "2027-12-31 23:59", "2026-01-05T10:00", "2027-00-10", "2027-13-01",
	"2027-02-00", "2027-02-32", "2027-2-03", "2027-02- 3", "2027- 2-03", "2027-02-3.",
	"2027-1.-05", "20x7-01-01", " 027-01-01", "2027-01-0", "", "2027/01/01",
	"2027-01-\xc3\xa9x", "\xc3\xa9""027-01-01",
};

static void
test_date(void)
{
	const char *top = getenv("top_srcdir");
	char path[1024], err[256] = "";
	struct catalog *cat;
	xsltStylesheetPtr xsl;
	xsltTransformContextPtr t;
	xmlDocPtr doc, res;
	xmlNodePtr root;
	xmlChar *text = NULL;
	int len = 0;
	size_t i;

	snprintf(path, sizeof(path), "%s/xslt/i18n/nl.xml", top ? top : ".");
	cat = catalog_load(path, "nl", err, sizeof(err));
	xsl = xsltParseStylesheetDoc(xmlReadMemory(date_xsl, sizeof(date_xsl) - 1, NULL, NULL, 0));
	doc = xmlNewDoc(BAD_CAST "1.0");
	root = xmlNewDocNode(doc, NULL, BAD_CAST "d", NULL);
	xmlDocSetRootElement(doc, root);
	for (i = 0; i < ARRAY_LEN(date_values); i++)
		xmlNewTextChild(root, NULL, BAD_CAST "v", BAD_CAST date_values[i]);
	if (!ok(cat && xsl, "catalog and test stylesheet load"))
		return;
	t = xsltNewTransformContext(xsl, doc);
	t->_private = cat;
	res = xsltApplyStylesheetUser(xsl, doc, NULL, NULL, NULL, t);
	ok(res && xsltSaveResultToString(&text, &len, res, xsl) == 0 && text, "rendered");
	ok(pairs_equal(text ? (const char *)text : "") == (int)ARRAY_LEN(date_values),
	    "i:date gives what the XPath gave for every value");
	ok(text && strstr((const char *)text, "3 maart 2027|") != NULL, "a date in words");
	xmlFree(text);
	xmlFreeDoc(res);
	xsltFreeTransformContext(t);
	xsltFreeStylesheet(xsl);
	xmlFreeDoc(doc);
	catalog_free(cat);
}

/* i:share and i:bar (xml/xpathfn.c) against the XPath they replaced in
 * charts.xsl (ch-share: value-of n, then " (p%)" if of > 0; ch-bar's
 * width), and the select expressions that replaced result-tree variables
 * in charts.xsl and reports*.xsl against the templates they stand for
 * (a pattern or "solid", a rating's label or value, its metric; the first
 * two also as i:either), for
 * every pair of the values below: counts, zero, blanks, words, signs,
 * fractions, exponents, leading zeros. */
static const char share_xsl[] =
    "<xsl:stylesheet version='1.0' xmlns:xsl='http://www.w3.org/1999/XSL/Transform'"
    " xmlns:i='urn:gesprek:i18n'>"
    "<xsl:output method='text'/>"
    "<xsl:template match='/'><xsl:for-each select='d/v'><xsl:variable name='a' select='.'/>"
    "<xsl:for-each select='../v'>"
    /* share, with nodes and with a number as the second argument */
    "<xsl:value-of select='$a'/><xsl:if test='. &gt; 0'>"
    "<xsl:value-of select=\"concat(' (', round($a * 100 div .), '%)')\"/></xsl:if>"
    "|<xsl:value-of select='i:share($a, .)'/>;"
    "<xsl:value-of select='$a'/><xsl:if test='number(.) &gt; 0'>"
    "<xsl:value-of select=\"concat(' (', round($a * 100 div number(.)), '%)')\"/></xsl:if>"
    "|<xsl:value-of select='i:share($a, number(.))'/>;"
    /* bar: the width as ch-bar's result-tree variable wrote it */
    "<xsl:variable name='w'><xsl:choose><xsl:when test='. &gt; 0'>"
    "<xsl:value-of select='round($a * 250 * 100 div .) div 100'/></xsl:when>"
    "<xsl:otherwise>0</xsl:otherwise></xsl:choose></xsl:variable>"
    "<xsl:value-of select='$w'/>|<xsl:value-of select='i:bar($a, ., 250)'/>;"
    "</xsl:for-each>"
    /* the select forms, with the value as pattern, label and scale */
    "<xsl:variable name='fill'><xsl:value-of select='string(.)'/>"
    "<xsl:if test=\"string(.) = ''\">solid</xsl:if></xsl:variable>"
    "<xsl:value-of select='$fill'/>|"
    "<xsl:value-of select=\"concat(., substring('solid', 1 div not(string(.))))\"/>;"
    "<xsl:value-of select='$fill'/>|<xsl:value-of select=\"i:either(., 'solid')\"/>;"
    "<xsl:choose><xsl:when test=\"string(.) != ''\"><xsl:value-of select='.'/></xsl:when>"
    "<xsl:otherwise><xsl:value-of select='@value'/></xsl:otherwise></xsl:choose>|"
    "<xsl:value-of select='concat(., substring(@value, 1 div not(string(.))))'/>;"
    "<xsl:choose><xsl:when test=\"string(.) != ''\"><xsl:value-of select='.'/></xsl:when>"
    "<xsl:otherwise><xsl:value-of select='@value'/></xsl:otherwise></xsl:choose>|"
    "<xsl:value-of select='i:either(., @value)'/>;"
    "<xsl:choose><xsl:when test=\". = '0'\"><xsl:value-of select=\"concat('rating.', @value)\"/></xsl:when>"
    "<xsl:otherwise><xsl:value-of select=\"concat('rating.', ., '.', @value)\"/></xsl:otherwise></xsl:choose>|"
    "<xsl:value-of select=\"concat('rating.', substring(concat(., '.'), 1 div not(. = '0')), @value)\"/>;"
    "</xsl:for-each></xsl:template>"
    "</xsl:stylesheet>";

static const char *const share_values[] = {
	"0", "1", "2", "3", "7", "167", "835", "1000", "22084", "", "abc", "0167", " 5 ",
	"-3", "-0.5", "0.5", "2.5", "1e3", "NaN", "Infinity", "0.001", "99999999999",
	"\xc3\xa9\xc3\xa9n",
};


static void
test_share(void)
{
	xsltStylesheetPtr xsl;
	xsltTransformContextPtr t;
	xmlDocPtr doc, res;
	xmlNodePtr root, v;
	xmlChar *text = NULL;
	int len = 0, n = (int)ARRAY_LEN(share_values);
	size_t i;

	xsl = xsltParseStylesheetDoc(xmlReadMemory(share_xsl, sizeof(share_xsl) - 1, NULL, NULL, 0));
	doc = xmlNewDoc(BAD_CAST "1.0");
	root = xmlNewDocNode(doc, NULL, BAD_CAST "d", NULL);
	xmlDocSetRootElement(doc, root);
	for (i = 0; i < ARRAY_LEN(share_values); i++) {
		v = xmlNewTextChild(root, NULL, BAD_CAST "v", BAD_CAST share_values[i]);
		xmlNewProp(v, BAD_CAST "value", BAD_CAST share_values[(i + 1) % ARRAY_LEN(share_values)]);
	}
	if (!ok(xsl != NULL, "test stylesheet loads")) {
		xmlFreeDoc(doc);
		return;
	}
	t = xsltNewTransformContext(xsl, doc);
	res = xsltApplyStylesheetUser(xsl, doc, NULL, NULL, NULL, t);
	ok(res && xsltSaveResultToString(&text, &len, res, xsl) == 0 && text, "rendered");
	ok(pairs_equal(text ? (const char *)text : "") == n * n * 3 + n * 5,
	    "i:share, i:bar, i:either and the select forms give what the XPath gave for every value");
	ok(text && strstr((const char *)text, "167 (20%)|167 (20%);") != NULL &&
	    strstr((const char *)text, "250|250;") != NULL, "a share and a full bar");
	xmlFree(text);
	xmlFreeDoc(res);
	xsltFreeTransformContext(t);
	xsltFreeStylesheet(xsl);
	xmlFreeDoc(doc);
}

/* i:label (xml/xpathfn.c) against charts.xsl's ch-label template it
 * replaced (a label over max characters cut to max - 1 and an ellipsis),
 * for labels of every length around the cut, in ASCII and in two- and
 * three-byte UTF-8, and for maxima that are not whole or not numbers. */
static const char label_xsl[] =
    "<xsl:stylesheet version='1.0' xmlns:xsl='http://www.w3.org/1999/XSL/Transform'"
    " xmlns:i='urn:gesprek:i18n'>"
    "<xsl:output method='text'/>"
    "<xsl:template name='old'><xsl:param name='text'/><xsl:param name='max'/>"
    "<xsl:choose><xsl:when test='string-length($text) &gt; $max'>"
    "<xsl:value-of select=\"concat(substring($text, 1, $max - 1), '&#8230;')\"/>"
    "</xsl:when><xsl:otherwise><xsl:value-of select='$text'/></xsl:otherwise></xsl:choose>"
    "</xsl:template>"
    "<xsl:template match='/'><xsl:for-each select='d/v'><xsl:variable name='t' select='.'/>"
    "<xsl:for-each select='../m'>"
    "<xsl:call-template name='old'><xsl:with-param name='text' select='string($t)'/>"
    "<xsl:with-param name='max' select='number(.)'/></xsl:call-template>"
    "|<xsl:value-of select='i:label($t, number(.))'/>;"
    "</xsl:for-each></xsl:for-each></xsl:template>"
    "</xsl:stylesheet>";

static const char *const label_max[] = {
	"50", "5", "1", "0", "2", "2.5", "3.4", "-1", "NaN", "Infinity", "",
};

static void
test_label(void)
{
	static const char *const units[] = { "a", "\xc3\xa9", "\xe2\x82\xac" };
	xsltStylesheetPtr xsl;
	xsltTransformContextPtr t;
	xmlDocPtr doc, res;
	xmlNodePtr root;
	xmlChar *text = NULL;
	char label[60 * 3 + 1];
	int len = 0, labels = 0;
	size_t u, i, k;

	xsl = xsltParseStylesheetDoc(xmlReadMemory(label_xsl, sizeof(label_xsl) - 1, NULL, NULL, 0));
	doc = xmlNewDoc(BAD_CAST "1.0");
	root = xmlNewDocNode(doc, NULL, BAD_CAST "d", NULL);
	xmlDocSetRootElement(doc, root);
	/* 0 to 59 characters of each kind: both sides of every maximum */
	for (u = 0; u < ARRAY_LEN(units); u++) {
		for (i = 0; i < 60; i++) {
			label[0] = '\0';
			for (k = 0; k < i; k++)
				strcat(label, units[u]);
			xmlNewTextChild(root, NULL, BAD_CAST "v", BAD_CAST label);
			labels++;
		}
	}
	for (i = 0; i < ARRAY_LEN(label_max); i++)
		xmlNewTextChild(root, NULL, BAD_CAST "m", BAD_CAST label_max[i]);
	if (!ok(xsl != NULL, "label stylesheet loads")) {
		xmlFreeDoc(doc);
		return;
	}
	t = xsltNewTransformContext(xsl, doc);
	res = xsltApplyStylesheetUser(xsl, doc, NULL, NULL, NULL, t);
	ok(res && xsltSaveResultToString(&text, &len, res, xsl) == 0 && text, "labels rendered");
	ok(pairs_equal(text ? (const char *)text : "") == labels * (int)ARRAY_LEN(label_max),
	    "i:label gives what ch-label gave for every label and maximum");
	ok(text && strstr((const char *)text, "aaaa\xe2\x80\xa6|aaaa\xe2\x80\xa6;") != NULL,
	    "a label over its maximum ends in an ellipsis");
	xmlFree(text);
	xmlFreeDoc(res);
	xsltFreeTransformContext(t);
	xsltFreeStylesheet(xsl);
	xmlFreeDoc(doc);
}

int
main(void)
{
	if (!render_init()) {
		ok(false, "render_init");
		return tap_done();
	}
	/* A build without the arena (--disable-render-arena) still renders
	 * the page; only the pieces of the arena itself have nothing to test. */
	if (arena_enabled())
		test_pieces();
	else
		printf("ok %d # skip the arena is off (--disable-render-arena)\n", ++tap_n);
	test_page();
	test_date();
	test_share();
	test_label();
	arena_thread_end();
	xsltCleanupGlobals();
	xmlCleanupParser();
	return tap_done();
}
