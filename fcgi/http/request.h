/* request.h -- one FastCGI request: its parsed input under named limits and
 * the response written back.  The only code that touches libfcgi besides
 * main.c's accept loop. */
#ifndef GESPREK_REQUEST_H
#define GESPREK_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <fcgiapp.h>

#include "base/conf.h"
#include "base/realip.h"
#include "http/params.h"
#include "base/util.h"

#define REQUEST_ID_LEN 12	/* hex digits of the per-request id in logs */
#define REQUEST_METHOD_MAX 8	/* longest method name accepted */
#define USER_AGENT_MAX 255	/* kept with a session */
#define REMOTE_ADDR_MAX 45	/* textual IPv6 */
#define REQUEST_FILES_MAX 4	/* file parts of one multipart body */
#define RESP_HEAD_MAX 256	/* status line, Content-Type and Content-Length */

/* A file part of a multipart/form-data body. */
struct upload {
	char *name;			/* field name */
	char *filename;			/* as the browser sent it */
	const char *data;		/* into the request's body */
	size_t len;
};

struct request {
	FCGX_Request *fcgx;		/* NULL in unit tests */
	char method[REQUEST_METHOD_MAX + 1];
	char *path;			/* decoded, without a ".xml" suffix */
	bool want_xml;			/* ".xml" suffix or Accept: application/xml */
	bool is_post, is_head;
	struct params params;		/* query string and form body */
	size_t nquery;			/* params[0..nquery) came from the query string */
	struct upload files[REQUEST_FILES_MAX];	/* multipart file parts */
	size_t nfiles;
	char *body;			/* owned: file parts point into it */
	size_t body_len;
	const char *cookie;		/* the Cookie header, "" when absent */
	const char *accept_language;
	const char *content_type;
	const char *forwarded_for;	/* X-Forwarded-For, NULL when absent */
	/* The client: REMOTE_ADDR, or what request_client found behind a
	 * trusted proxy.  Throttling, sessions and the auth log use it. */
	char remote_addr[REMOTE_ADDR_MAX + 1];
	char user_agent[USER_AGENT_MAX + 1];
	char id[REQUEST_ID_LEN + 1];
	int64_t start_us;

	/* Response state. */
	struct buf headers;		/* extra header lines, each ending "\r\n" */
	int status;			/* what was sent, for the log */
	size_t sent_bytes;
	/* A held answer (request_hold): written into `held`, sent at
	 * answer_at (now_us) by http/defer.c; 0: written to the stream. */
	int64_t answer_at;
	struct buf held;
	bool head_failed;		/* a bare 500 went out instead of the head */
};

void request_init(struct request *r);
/* Frees everything r owns; request_wipe first. */
void request_free(struct request *r);
/* A request that carried a secret (a field named in SECRET_FIELDS, also
 * when its parse failed half-way) has its whole body overwritten with
 * zeros; every decoded value is overwritten always (params_wipe). */
void request_wipe(struct request *r);

/* Checks the FastCGI parameters (headers, method, path, query) and returns
 * 0 or the error status; *body_len is the announced body length. */
int request_head(struct request *r, char **envp, const struct limits *lim,
    size_t *body_len);
/* Parses a body already read in full; 0 or the error status.  Form
 * bodies are urlencoded or multipart/form-data; the text fields of the
 * latter become ordinary params, its files point into body, which must
 * outlive r's use of them (request_read hands its buffer to r). */
int request_body(struct request *r, const char *body, size_t len,
    const struct limits *lim);
/* Behind a proxy of `trusted` ([server] real_ip_from), takes the client's
 * address from X-Forwarded-For (base/realip.h) into r->remote_addr; with
 * no proxy trusted, or a peer that is not one, REMOTE_ADDR stays: a header
 * any client can send changes nothing. */
void request_client(struct request *r, const struct realip_list *trusted);

/* request_head + reading and parsing the body from the FastCGI stream. */
int request_read(struct request *r, FCGX_Request *f, const struct limits *lim);
/* The same in two steps, so that a route found from the head may bound its
 * own body (app.c): request_head on f's parameters, then the body of the
 * announced length read and parsed under lim, 413 when lim's body (or
 * upload) bound is smaller than len. */
int request_read_head(struct request *r, FCGX_Request *f, const struct limits *lim,
    size_t *len);
int request_read_body(struct request *r, size_t len, const struct limits *lim);

/* The value of a form or query field, or NULL. */
const char *request_param(const struct request *r, const char *name);
/* The value of a field of the body (urlencoded or multipart), never one
 * of the query string: what a POST's CSRF token is read from. */
const char *request_body_param(const struct request *r, const char *name);
/* The file part `name` of a multipart body; false when there is none.
 * filename may be NULL. */
bool request_file(const struct request *r, const char *name, const char **data,
    size_t *len, const char **filename);

/* Holds this request's answer until `at` (now_us clock) -- the minimum time
 * of a failed login -- without holding the thread: resp_send and
 * resp_redirect write into r->held, and http/defer.h sends it at that
 * time.  Only for answers made with those two (not streamed ones).  A
 * time already past holds nothing. */
void request_hold(struct request *r, int64_t at);

/* Adds a response header line; name and value must be constant or checked
 * (no CR/LF): they come from code, never from the client. */
void resp_header(struct request *r, const char *name, const char *value);
/* Writes status, headers and body.  Bodies of HEAD requests are dropped. */
void resp_send(struct request *r, int status, const char *ctype,
    const void *body, size_t len);
/* The status line, Content-Type and Content-Length (when length >= 0) of
 * a response into head; the length written, or -1 when size is too small. */
int resp_format_head(char *head, size_t size, int status, const char *ctype,
    long long length);
/* 303 See Other to a local path: "/" or "/" and a character other than
 * '/' or '\\', without control characters; anything else goes to "/". */
void resp_redirect(struct request *r, const char *location);
/* Starts a streamed response (downloads of unknown size): status,
 * Content-Type and the headers, without Content-Length.  The body follows
 * in pieces through resp_write; a HEAD request gets the headers only. */
void resp_begin(struct request *r, int status, const char *ctype);
/* Writes the next piece of a streamed body; false once the client has
 * gone (the caller stops producing). */
bool resp_write(struct request *r, const void *data, size_t len);
/* Gives up a streamed response half-way: the connection is dropped, so
 * the client sees a broken transfer instead of a short body that looks
 * complete. */
void resp_abort(struct request *r);

#endif
