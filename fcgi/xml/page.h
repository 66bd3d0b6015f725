/* page.h -- building page documents: <page route lang csrf path>...</page>.
 * Values are escaped by libxml2 when serialised; names are constants. */
#ifndef GESPREK_PAGE_H
#define GESPREK_PAGE_H

#include <stdint.h>

#include <libxml/tree.h>

/* A new document whose root is <page route=... lang=...>; NULL on OOM. */
xmlDocPtr page_new(const char *route, const char *lang, const char *csrf,
    const char *path, xmlNodePtr *root);

xmlNodePtr xml_add(xmlNodePtr parent, const char *name);
void xml_set(xmlNodePtr n, const char *name, const char *value);
void xml_set_int(xmlNodePtr n, const char *name, int64_t v);
/* An attribute holding a UTC time ("YYYY-MM-DD HH:MM:SS"), written in the
 * configured zone (base/util.h time_utc_to_local). */
void xml_set_time(xmlNodePtr n, const char *name, const char *utc);
void xml_text(xmlNodePtr n, const char *text);
/* A child element holding text. */
xmlNodePtr xml_add_text(xmlNodePtr parent, const char *name, const char *text);

#endif
