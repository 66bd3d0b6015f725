/* i18n.c -- see i18n.h. */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpathInternals.h>
#include <libxslt/extensions.h>
#include <libxslt/transform.h>
#include <libxslt/xsltutils.h>

#include "base/log.h"
#include "base/util.h"
#include "xml/i18n.h"

const char *const i18n_langs[] = { "nl", "en" };

struct msg {
	char *key;
	char *text;
};

struct catalog {
	char lang[8];
	size_t n;
	struct msg *v;		/* sorted by key (catalog_key) */
	size_t mask;		/* slots - 1, a power of two minus one */
	const struct msg **slot;	/* open addressing by key_hash */
};

/* FNV-1a: i:t() runs a few hundred times a page, and the binary search
 * with strcmp it replaced cost some 400 instructions a lookup. */
static size_t
key_hash(const char *k)
{
	uint64_t h = 14695981039346656037ULL;

	while (*k)
		h = (h ^ (unsigned char)*k++) * 1099511628211ULL;
	return (size_t)h;
}

/* The slots, at most half full, once the messages are sorted. */
static bool
index_msgs(struct catalog *c)
{
	size_t size = 16, i, j;

	while (size < 2 * c->n)
		size *= 2;
	if ((c->slot = calloc(size, sizeof(*c->slot))) == NULL)
		return false;
	c->mask = size - 1;
	for (i = 0; i < c->n; i++) {
		for (j = key_hash(c->v[i].key) & c->mask; c->slot[j]; j = (j + 1) & c->mask)
			;
		c->slot[j] = &c->v[i];
	}
	return true;
}

static int
cmp_msg(const void *a, const void *b)
{
	return strcmp(((const struct msg *)a)->key, ((const struct msg *)b)->key);
}

void
catalog_free(struct catalog *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++) {
		free(c->v[i].key);
		free(c->v[i].text);
	}
	free(c->v);
	free(c->slot);
	free(c);
}

static bool
add_msg(struct catalog *c, xmlNodePtr n, char *err, size_t errlen, const char *path)
{
	xmlChar *key = xmlGetProp(n, BAD_CAST "key");
	xmlChar *text = xmlNodeGetContent(n);
	bool ok = false;

	if (key == NULL || text == NULL || xmlStrlen(key) == 0 ||
	    xmlStrlen(key) > I18N_KEY_MAX || xmlStrlen(text) > I18N_TEXT_MAX) {
		snprintf(err, errlen, "%s:%ld: msg without key, or too long", path,
		    xmlGetLineNo(n));
		goto out;
	}
	if (c->n == I18N_MSGS_MAX) {
		snprintf(err, errlen, "%s: more than %d messages", path, I18N_MSGS_MAX);
		goto out;
	}
	c->v[c->n].key = strdup((const char *)key);
	c->v[c->n].text = strdup((const char *)text);
	if (!c->v[c->n].key || !c->v[c->n].text) {
		free(c->v[c->n].key);
		free(c->v[c->n].text);
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	c->n++;
	ok = true;
out:
	xmlFree(key);
	xmlFree(text);
	return ok;
}

struct catalog *
catalog_load(const char *path, const char *lang, char *err, size_t errlen)
{
	struct catalog *c = calloc(1, sizeof(*c));
	xmlDocPtr doc = NULL;
	xmlNodePtr root, n;
	size_t i;

	if (c == NULL || (c->v = calloc(I18N_MSGS_MAX, sizeof(*c->v))) == NULL) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	strlcopy(c->lang, lang, sizeof(c->lang));
	doc = xmlReadFile(path, "UTF-8", XML_PARSE_NONET | XML_PARSE_NOBLANKS);
	if (doc == NULL || (root = xmlDocGetRootElement(doc)) == NULL ||
	    !xmlStrEqual(root->name, BAD_CAST "catalog")) {
		snprintf(err, errlen, "%s: not a well-formed <catalog>", path);
		goto fail;
	}
	for (n = root->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!xmlStrEqual(n->name, BAD_CAST "msg")) {
			snprintf(err, errlen, "%s:%ld: unexpected <%s>", path, xmlGetLineNo(n),
			    n->name);
			goto fail;
		}
		if (!add_msg(c, n, err, errlen, path))
			goto fail;
	}
	qsort(c->v, c->n, sizeof(*c->v), cmp_msg);
	for (i = 1; i < c->n; i++) {
		if (strcmp(c->v[i].key, c->v[i - 1].key) == 0) {
			snprintf(err, errlen, "%s: key %s defined twice", path, c->v[i].key);
			goto fail;
		}
	}
	if (!index_msgs(c)) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	xmlFreeDoc(doc);
	return c;
fail:
	xmlFreeDoc(doc);
	catalog_free(c);
	return NULL;
}

const char *
catalog_get(const struct catalog *c, const char *key)
{
	size_t j;

	if (c == NULL || c->slot == NULL)
		return NULL;
	for (j = key_hash(key) & c->mask; c->slot[j]; j = (j + 1) & c->mask)
		if (strcmp(c->slot[j]->key, key) == 0)
			return c->slot[j]->text;
	return NULL;
}

const char *
catalog_lang(const struct catalog *c)
{
	return c ? c->lang : "";
}

size_t
catalog_size(const struct catalog *c)
{
	return c ? c->n : 0;
}

const char *
catalog_key(const struct catalog *c, size_t i)
{
	return c && i < c->n ? c->v[i].key : NULL;
}

/* Parses "q=0.8" after a language tag; 1.0 when absent, -1 when broken. */
static double
parse_q(const char *p, const char *end)
{
	double q;
	char *e;

	while (p < end && (*p == ' ' || *p == ';'))
		p++;
	if (p == end)
		return 1.0;
	if (end - p < 3 || p[0] != 'q' || p[1] != '=')
		return -1;
	q = strtod(p + 2, &e);
	if (e > end || q < 0 || q > 1)
		return -1;
	return q;
}

const char *
lang_pick(const char *h)
{
	const char *best = i18n_langs[0];
	double best_q = 0;
	size_t i;

	while (h && *h) {
		const char *comma = strchr(h, ','), *end = comma ? comma : h + strlen(h);
		size_t tlen;
		double q;

		while (*h == ' ' || *h == '\t')
			h++;
		tlen = strcspn(h, ";, \t");
		if (h + tlen > end)
			tlen = (size_t)(end - h);
		q = parse_q(h + tlen, end);
		for (i = 0; i < I18N_LANGS; i++) {
			size_t ll = strlen(i18n_langs[i]);

			/* "en" matches "en" and "en-GB", not "eng". */
			if (tlen >= ll && strncasecmp(h, i18n_langs[i], ll) == 0 &&
			    (tlen == ll || h[ll] == '-') && q > best_q) {
				best = i18n_langs[i];
				best_q = q;
			}
		}
		if (!comma)
			break;
		h = comma + 1;
	}
	return best;
}

/* i:t('key'): the message of the transform's catalog, or the key itself
 * (visible, so a test finds it) when the catalog lacks it. */
static void
xslt_t(xmlXPathParserContextPtr ctxt, int nargs)
{
	xsltTransformContextPtr tctxt;
	const struct catalog *cat;
	const char *text;
	xmlChar *key;

	if (nargs != 1) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	if ((key = xmlXPathPopString(ctxt)) == NULL) {
		xmlXPathSetTypeError(ctxt);
		return;
	}
	tctxt = xsltXPathGetTransformContext(ctxt);
	cat = tctxt ? tctxt->_private : NULL;
	text = catalog_get(cat, (const char *)key);
	if (text == NULL)
		log_warn("i18n: no message %.100s", (const char *)key);
	xmlXPathReturnString(ctxt, xmlStrdup(text ? BAD_CAST text : key));
	xmlFree(key);
}

/* The length of the date at the start of a value: YYYY-MM-DD. */
#define DATE_LEN 10

/* XPath's number() of the n bytes at p (ASCII). */
static double
xpath_number(const char *p, size_t n)
{
	char part[DATE_LEN + 1];

	memcpy(part, p, n);
	part[n] = '\0';
	return xmlXPathStringEvalNumber(BAD_CAST part);
}

/* i:date(value): "3 maart 2027" for a value that starts with a date
 * (YYYY-MM-DD), the month from the catalog (date.month.N); "" for
 * anything else.  It answers what layout.xsl's date template computed in
 * XPath -- substring(value, 1, 10) of ten characters, '-' at 5 and 8,
 * number() of the month in 1..12, of the day in 1..31, of the year not
 * NaN, the day and month written as number() writes them -- with the
 * same libxml2 functions, in one call instead of some twenty
 * evaluations: a page writes dozens of dates (a tenth of the form's
 * render, a fifth of a manager's dashboard). */
static void
xslt_date(xmlXPathParserContextPtr ctxt, int nargs)
{
	xsltTransformContextPtr tctxt;
	char key[32], *out = NULL;
	const char *month_text;
	xmlChar *value, *day_s = NULL, *month_s = NULL;
	double year, month, day;
	size_t i;

	if (nargs != 1) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	if ((value = xmlXPathPopString(ctxt)) == NULL) {
		xmlXPathSetTypeError(ctxt);
		return;
	}
	/* Ten ASCII bytes are the ten characters; a byte of UTF-8 among them
	 * would be a character no part of a date may hold. */
	for (i = 0; i < DATE_LEN; i++)
		if (value[i] == '\0' || value[i] >= 0x80)
			goto none;
	if (value[4] != '-' || value[7] != '-')
		goto none;
	year = xpath_number((const char *)value, 4);
	month = xpath_number((const char *)value + 5, 2);
	day = xpath_number((const char *)value + 8, 2);
	if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31) || isnan(year))
		goto none;
	day_s = xmlXPathCastNumberToString(day);
	month_s = xmlXPathCastNumberToString(month);
	if (day_s == NULL || month_s == NULL)
		goto none;
	snprintf(key, sizeof(key), "date.month.%s", (const char *)month_s);
	tctxt = xsltXPathGetTransformContext(ctxt);
	if ((month_text = catalog_get(tctxt ? tctxt->_private : NULL, key)) == NULL) {
		log_warn("i18n: no message %s", key);
		month_text = key;
	}
	if (asprintf(&out, "%s %s %.4s", (const char *)day_s, month_text,
	    (const char *)value) < 0)
		out = NULL;
none:
	xmlXPathReturnString(ctxt, xmlStrdup(out ? BAD_CAST out : BAD_CAST ""));
	free(out);
	xmlFree(day_s);
	xmlFree(month_s);
	xmlFree(value);
}

void
i18n_register_xslt(void)
{
	xsltRegisterExtModuleFunction(BAD_CAST "t", BAD_CAST I18N_NS, xslt_t);
	xsltRegisterExtModuleFunction(BAD_CAST "date", BAD_CAST I18N_NS, xslt_date);
}
