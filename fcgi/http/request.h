/* request.h -- one FastCGI request: its parsed input under named limits and
 * the response written back.  The only code that touches libfcgi besides
 * main.c's accept loop. */
#ifndef GESPREK_REQUEST_H
#define GESPREK_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <fcgiapp.h>

#include "conf.h"
#include "http/params.h"
#include "util.h"

#define REQUEST_ID_LEN 12	/* hex digits of the per-request id in logs */
#define REQUEST_METHOD_MAX 8	/* longest method name accepted */
#define USER_AGENT_MAX 255	/* kept with a session */
#define REMOTE_ADDR_MAX 45	/* textual IPv6 */

struct request {
	FCGX_Request *fcgx;		/* NULL in unit tests */
	char method[REQUEST_METHOD_MAX + 1];
	char *path;			/* decoded, without a ".xml" suffix */
	bool want_xml;			/* ".xml" suffix or Accept: application/xml */
	bool is_post, is_head;
	struct params params;		/* query string and form body */
	const char *cookie;		/* the Cookie header, "" when absent */
	const char *accept_language;
	const char *content_type;
	char remote_addr[REMOTE_ADDR_MAX + 1];
	char user_agent[USER_AGENT_MAX + 1];
	char id[REQUEST_ID_LEN + 1];
	int64_t start_us;

	/* Response state. */
	struct buf headers;		/* extra header lines, each ending "\r\n" */
	int status;			/* what was sent, for the log */
	size_t sent_bytes;
};

void request_init(struct request *r);
void request_free(struct request *r);

/* Checks the FastCGI parameters (headers, method, path, query) and returns
 * 0 or the error status; *body_len is the announced body length. */
int request_head(struct request *r, char **envp, const struct limits *lim,
    size_t *body_len);
/* Parses a body already read in full; 0 or the error status. */
int request_body(struct request *r, const char *body, size_t len,
    const struct limits *lim);
/* request_head + reading and parsing the body from the FastCGI stream. */
int request_read(struct request *r, FCGX_Request *f, const struct limits *lim);

/* The value of a form or query field, or NULL. */
const char *request_param(const struct request *r, const char *name);

/* Adds a response header line; name and value must be constant or checked
 * (no CR/LF): they come from code, never from the client. */
void resp_header(struct request *r, const char *name, const char *value);
/* Writes status, headers and body.  Bodies of HEAD requests are dropped. */
void resp_send(struct request *r, int status, const char *ctype,
    const void *body, size_t len);
/* 303 See Other to a local path (must start with '/'). */
void resp_redirect(struct request *r, const char *location);

#endif
