/* page.c -- see page.h. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>

#include "gesprek_version.h"
#include "base/util.h"
#include "xml/page.h"

#define APP_NAME "gesprek"

xmlDocPtr
page_new(const char *route, const char *lang, const char *csrf, const char *path,
    xmlNodePtr *root)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr r;

	if (doc == NULL)
		return NULL;
	r = xmlNewDocNode(doc, NULL, BAD_CAST "page", NULL);
	xmlDocSetRootElement(doc, r);
	xml_set(r, "route", route);
	xml_set(r, "lang", lang);
	xml_set(r, "csrf", csrf ? csrf : "");
	xml_set(r, "path", path ? path : "/");
	xml_set(r, "app", APP_NAME);
	xml_set(r, "version", GESPREK_VERSION);
	*root = r;
	return doc;
}

xmlNodePtr
xml_add(xmlNodePtr parent, const char *name)
{
	return xmlNewChild(parent, NULL, BAD_CAST name, NULL);
}

void
xml_set(xmlNodePtr n, const char *name, const char *value)
{
	if (n && value)
		xmlSetProp(n, BAD_CAST name, BAD_CAST value);
}

/* Wide enough for any local time time_utc_to_local writes. */
#define XML_LOCAL_TIME_MAX 32

void
xml_set_time(xmlNodePtr n, const char *name, const char *utc)
{
	char local[XML_LOCAL_TIME_MAX];

	time_utc_to_local(utc, local, sizeof(local));
	xml_set(n, name, local);
}

void
xml_set_int(xmlNodePtr n, const char *name, int64_t v)
{
	char s[24];

	snprintf(s, sizeof(s), "%" PRId64, v);
	xml_set(n, name, s);
}

void
xml_text(xmlNodePtr n, const char *text)
{
	/* xmlNodeAddContent takes raw text: serialisation escapes it. */
	if (n && text)
		xmlNodeAddContent(n, BAD_CAST text);
}

xmlNodePtr
xml_add_text(xmlNodePtr parent, const char *name, const char *text)
{
	xmlNodePtr n = xml_add(parent, name);

	xml_text(n, text);
	return n;
}
