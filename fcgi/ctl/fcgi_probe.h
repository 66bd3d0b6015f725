/* fcgi_probe.h -- one FastCGI request to gesprekd's socket, as the web
 * server would send it, for "gesprekctl check" (fcgi_probe.c).  A client,
 * not a server: the few records it builds and reads are written here, small
 * and bounded (gesprekd's own side is libfcgi's, in http/). */
#ifndef GESPREK_CTL_FCGI_PROBE_H
#define GESPREK_CTL_FCGI_PROBE_H

#include <stdbool.h>

#include "base/conf.h"

/* How long the whole exchange may take: /health answers in milliseconds,
 * or within its own broker timeout (2 s) when something is down. */
#define PROBE_TIMEOUT_MS 5000
/* The first line of the body, for the report ("unavailable: database"). */
#define PROBE_BODY_MAX 128
#define PROBE_ERR_MAX 256

struct probe_result {
	int status;			/* HTTP status from the Status header */
	char body[PROBE_BODY_MAX];	/* first line of the body, printable */
	char err[PROBE_ERR_MAX];	/* why there is no status */
};

/* GET uri on the socket of c ([server] listen, unix or tcp).  true with
 * out->status set when gesprekd answered; false with out->err saying what
 * went wrong (refused, no such socket, no answer in time, not FastCGI). */
bool fcgi_probe(const struct conf *c, const char *uri, struct probe_result *out);

#endif
