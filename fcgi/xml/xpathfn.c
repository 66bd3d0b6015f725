/* xpathfn.c -- the numbers of the reports' charts and tables as XPath
 * extension functions (namespace urn:gesprek:i18n, prefix i: as i:t and
 * i:date), each answering in one call what a template computed in several
 * XPath evaluations and a result-tree variable: HR's overview writes a
 * share, a bar width and a label for every row of its charts (issue 21:
 * a render of that page is some 2,000 evaluations).  Every answer is
 * made with libxml2's own XPath functions (number(), round(), the
 * number's string, its UTF-8 character count),
 * so it is what the XPath it replaced wrote, byte for byte;
 * tests/unit/test_render compares the two on many values. */
#include "config.h"

#include <libxml/xpathInternals.h>
#include <libxslt/extensions.h>

#include "xml/i18n.h"
#include "xml/xpathfn.h"

/* XPath's round() of x, by libxml2's own function (its halves and
 * negative zero). */
static double
xpath_round(xmlXPathParserContextPtr ctxt, double x)
{
	valuePush(ctxt, xmlXPathNewFloat(x));
	xmlXPathRoundFunction(ctxt, 1);
	return xmlXPathPopNumber(ctxt);
}

/* i:share(n, of): "n (p%)", p = round(n * 100 div of), or "n" where of is
 * not above 0; n as its string is (what charts.xsl's ch-share wrote:
 * value-of n, then the percentage if of > 0). */
static void
xslt_share(xmlXPathParserContextPtr ctxt, int nargs)
{
	xmlChar *n = NULL, *pct = NULL, *out = NULL;
	double of, p;

	if (nargs != 2) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	of = xmlXPathPopNumber(ctxt);
	if ((n = xmlXPathPopString(ctxt)) == NULL || ctxt->error)
		goto fail;
	if (!(of > 0)) {
		xmlXPathReturnString(ctxt, n);
		return;
	}
	p = xpath_round(ctxt, xmlXPathCastStringToNumber(n) * 100 / of);
	if ((pct = xmlXPathCastNumberToString(p)) == NULL)
		goto fail;
	out = xmlStrdup(n);
	out = xmlStrcat(out, BAD_CAST " (");
	out = xmlStrcat(out, pct);
	out = xmlStrcat(out, BAD_CAST "%)");
	if (out == NULL)
		goto fail;
	xmlXPathReturnString(ctxt, out);
	xmlFree(n);
	xmlFree(pct);
	return;
fail:
	xmlFree(n);
	xmlFree(pct);
	xmlXPathSetError(ctxt, XPATH_MEMORY_ERROR);
}

/* i:bar(value, max, full): a bar's width, round(value * full * 100 div
 * max) div 100 where max is above 0, else 0 (charts.xsl's ch-bar: the
 * bar's share of the full track, to a hundredth of a unit). */
static void
xslt_bar(xmlXPathParserContextPtr ctxt, int nargs)
{
	double value, max, full;

	if (nargs != 3) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	full = xmlXPathPopNumber(ctxt);
	max = xmlXPathPopNumber(ctxt);
	value = xmlXPathPopNumber(ctxt);
	if (ctxt->error)
		return;
	if (!(max > 0)) {
		xmlXPathReturnNumber(ctxt, 0);
		return;
	}
	xmlXPathReturnNumber(ctxt, xpath_round(ctxt, value * full * 100 / max) / 100);
}

/* The UTF-8 of U+2026, the ellipsis a cut label ends with. */
#define ELLIPSIS "\xe2\x80\xa6"

/* i:label(text, max): text where string-length(text) is not above max,
 * else concat(substring(text, 1, max - 1), '…') (charts.xsl's ch-label:
 * a chart's label cut to what fits the picture; characters are UTF-8
 * code points, as XPath counts them). */
static void
xslt_label(xmlXPathParserContextPtr ctxt, int nargs)
{
	xmlChar *text = NULL, *out = NULL;
	double max, keep;
	int len, bytes;

	if (nargs != 2) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	max = xmlXPathPopNumber(ctxt);
	if ((text = xmlXPathPopString(ctxt)) == NULL || ctxt->error)
		goto fail;
	len = xmlUTF8Strlen(text);
	if (len < 0 || !(len > max)) {
		xmlXPathReturnString(ctxt, text);
		return;
	}
	/* substring(s, 1, n) keeps the characters at positions 1 to
	 * round(n), none where that is below 1 (NaN too) */
	keep = xpath_round(ctxt, max - 1);
	bytes = keep >= 1 ? xmlUTF8Strsize(text, keep < len ? (int)keep : len) : 0;
	if ((out = xmlStrndup(text, bytes)) == NULL ||
	    (out = xmlStrcat(out, BAD_CAST ELLIPSIS)) == NULL)
		goto fail;
	xmlXPathReturnString(ctxt, out);
	xmlFree(text);
	return;
fail:
	xmlFree(text);
	xmlXPathSetError(ctxt, XPATH_MEMORY_ERROR);
}

/* i:either(a, b): string(a) where it is not empty, else string(b) -- a
 * rating's label or its value, a bar's pattern or "solid": what
 * concat(a, substring(b, 1 div not(string(a)))) wrote, in one call
 * instead of five (each of XPath's functions pushes and pops its values). */
static void
xslt_either(xmlXPathParserContextPtr ctxt, int nargs)
{
	xmlChar *a, *b;

	if (nargs != 2) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	if ((b = xmlXPathPopString(ctxt)) == NULL || ctxt->error ||
	    (a = xmlXPathPopString(ctxt)) == NULL || ctxt->error) {
		xmlFree(b);
		if (!ctxt->error)
			xmlXPathSetError(ctxt, XPATH_MEMORY_ERROR);
		return;
	}
	if (*a == '\0') {
		xmlFree(a);
		xmlXPathReturnString(ctxt, b);
		return;
	}
	xmlFree(b);
	xmlXPathReturnString(ctxt, a);
}

void
xpathfn_register_xslt(void)
{
	xsltRegisterExtModuleFunction(BAD_CAST "share", BAD_CAST I18N_NS, xslt_share);
	xsltRegisterExtModuleFunction(BAD_CAST "bar", BAD_CAST I18N_NS, xslt_bar);
	xsltRegisterExtModuleFunction(BAD_CAST "label", BAD_CAST I18N_NS, xslt_label);
	xsltRegisterExtModuleFunction(BAD_CAST "either", BAD_CAST I18N_NS, xslt_either);
}
