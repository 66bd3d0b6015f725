/* xsd_cache.h -- an XML schema compiled once per process and shared,
 * read-only, by the worker threads (xsd_cache.c): each XML import (the
 * organisation, the competences, the form templates) keeps one. */
#ifndef GESPREK_IMPORT_XSD_CACHE_H
#define GESPREK_IMPORT_XSD_CACHE_H

#include <pthread.h>

#include <libxml/xmlschemas.h>

struct xsd_cache {
	pthread_mutex_t lock;
	xmlSchemaPtr schema;	/* never freed: threads may validate with it */
};
#define XSD_CACHE_INIT { PTHREAD_MUTEX_INITIALIZER, NULL }

/* The schema of file xsd, compiled on first use (what names it in the
 * log); NULL when it does not compile.  Later calls return the first
 * schema whatever their path: one process reads one stylesheet folder. */
xmlSchemaPtr xsd_cache_get(struct xsd_cache *c, const char *xsd, const char *what);

#endif
