/* xsd_cache.c -- a schema compiled once, shared by threads (xsd_cache.h). */
#include "config.h"

#include "import/xsd_cache.h"
#include "base/log.h"

xmlSchemaPtr
xsd_cache_get(struct xsd_cache *c, const char *xsd, const char *what)
{
	xmlSchemaParserCtxtPtr pc;
	xmlSchemaPtr s;

	pthread_mutex_lock(&c->lock);
	if (c->schema == NULL && (pc = xmlSchemaNewParserCtxt(xsd)) != NULL) {
		c->schema = xmlSchemaParse(pc);
		xmlSchemaFreeParserCtxt(pc);
		if (c->schema == NULL)
			log_err("%s: schema %s does not compile", what, xsd);
	}
	s = c->schema;
	pthread_mutex_unlock(&c->lock);
	return s;
}
