/* request.c -- see request.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "http/multipart.h"
#include "http/request.h"
#include "base/log.h"
#include "base/util.h"

/* Every response carries these; pages hold no inline script or style.
 * connect-src 'self': gesprek.js keeps an idle session alive on request
 * (GET /session/alive), nothing else. */
static const char security_headers[] =
	"Content-Security-Policy: default-src 'none'; script-src 'self'; "
	"style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; "
	"frame-ancestors 'none'; base-uri 'none'\r\n"
	"X-Content-Type-Options: nosniff\r\n"
	"X-Frame-Options: DENY\r\n"
	"Referrer-Policy: same-origin\r\n"
	"Cross-Origin-Opener-Policy: same-origin\r\n"
	"Cache-Control: no-store\r\n";

#define XML_SUFFIX ".xml"
#define FORM_TYPE "application/x-www-form-urlencoded"
#define MULTIPART_TYPE "multipart/form-data"
/* A body with one of these field names is wiped before it is freed. */
#define SECRET_FIELD "password"

void
request_init(struct request *r)
{
	unsigned char rnd[REQUEST_ID_LEN / 2];

	memset(r, 0, sizeof(*r));
	params_init(&r->params);
	buf_init(&r->headers);
	buf_init(&r->held);
	r->cookie = "";
	r->accept_language = "";
	r->content_type = "";
	r->start_us = now_us();
	if (!random_bytes(rnd, sizeof(rnd)))
		memset(rnd, 0, sizeof(rnd));
	hex_encode(rnd, sizeof(rnd), r->id);
}

/* Looks at the raw body too: a parse that stopped before the field (a
 * 400) has not decoded it, and a name may be percent-encoded. */
static bool
carried_secret(const struct request *r)
{
	return params_get(&r->params, SECRET_FIELD) != NULL || (r->body != NULL &&
	    memmem(r->body, r->body_len, SECRET_FIELD, strlen(SECRET_FIELD)) != NULL);
}

void
request_wipe(struct request *r)
{
	if (r->body != NULL && carried_secret(r))
		explicit_bzero(r->body, r->body_len);
	params_wipe(&r->params);
}

void
request_free(struct request *r)
{
	size_t i;

	request_wipe(r);

	for (i = 0; i < r->nfiles; i++) {
		free(r->files[i].name);
		free(r->files[i].filename);
	}
	r->nfiles = 0;
	free(r->body);
	r->body = NULL;
	params_free(&r->params);
	buf_free(&r->headers);
	buf_free(&r->held);
	free(r->path);
	r->path = NULL;
}

static const char *
env_get(char **envp, const char *name)
{
	size_t n = strlen(name);

	for (; envp && *envp; envp++)
		if (strncmp(*envp, name, n) == 0 && (*envp)[n] == '=')
			return *envp + n + 1;
	return NULL;
}

/* Decodes the path part of a request URI.  Only printable ASCII and valid
 * UTF-8 survive; a NUL or control byte makes the request bad. */
static int
parse_path(struct request *r, const char *uri, size_t len)
{
	size_t i, o = 0;
	char *p;

	if (len == 0 || uri[0] != '/')
		return 400;
	if ((p = malloc(len + 1)) == NULL)
		return 500;
	for (i = 0; i < len; i++) {
		int hi, lo;
		char c = uri[i];

		if (c == '%') {
			if (len - i < 3 || (hi = hex_digit(uri[i + 1])) < 0 ||
			    (lo = hex_digit(uri[i + 2])) < 0)
				goto bad;
			c = (char)(hi << 4 | lo);
			i += 2;
		}
		if ((unsigned char)c < 0x20 || c == 0x7f)
			goto bad;
		p[o++] = c;
	}
	p[o] = '\0';
	if (!utf8_valid(p, o))
		goto bad;
	if (o > strlen(XML_SUFFIX) && strcmp(p + o - strlen(XML_SUFFIX), XML_SUFFIX) == 0) {
		r->want_xml = true;
		p[o - strlen(XML_SUFFIX)] = '\0';
	}
	r->path = p;
	return 0;
bad:
	free(p);
	return 400;
}

/* Strict CONTENT_LENGTH: digits only, no sign, no spaces. */
static int
parse_length(const char *s, size_t max, size_t *out)
{
	size_t v = 0;

	if (s == NULL || *s == '\0') {
		*out = 0;
		return 0;
	}
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return 400;
		if (v > max)
			return 413;	/* keep going would only overflow */
		v = v * 10 + (size_t)(*s - '0');
	}
	if (v > max)
		return 413;
	*out = v;
	return 0;
}

static bool
method_ok(const char *m)
{
	size_t n = strlen(m);

	if (n == 0 || n > REQUEST_METHOD_MAX)
		return false;
	return strspn(m, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == n;
}

/* Every header value is bounded; the ones we keep must be UTF-8. */
static int
check_headers(char **envp, const struct limits *lim)
{
	for (; envp && *envp; envp++) {
		const char *eq = strchr(*envp, '=');
		size_t n;

		if (eq == NULL || strncmp(*envp, "HTTP_", 5) != 0)
			continue;
		n = strlen(eq + 1);
		if (strncmp(*envp, "HTTP_COOKIE=", 12) == 0) {
			if (n > lim->cookie)
				return 400;
		} else if (n > lim->header) {
			return 400;
		}
	}
	return 0;
}

static void
keep_text(char *dst, size_t size, const char *src)
{
	if (src == NULL || !utf8_valid(src, strlen(src))) {
		dst[0] = '\0';
		return;
	}
	/* Cut to the buffer, never inside a multibyte character. */
	utf8_copy(dst, size, src, SIZE_MAX);
}

static bool
accepts_xml(const char *accept)
{
	return accept && (strncmp(accept, "application/xml", 15) == 0 ||
	    strncmp(accept, "text/xml", 8) == 0);
}

void
request_client(struct request *r, const struct realip_list *trusted)
{
	char client[REALIP_TEXT_MAX];

	if (trusted->n == 0 || r->forwarded_for == NULL)
		return;
	if (!realip_client(trusted, r->remote_addr, r->forwarded_for, client, sizeof(client)))
		return;
	log_debug("%s client %s from X-Forwarded-For, via trusted proxy %s", r->id, client,
	    r->remote_addr);
	strlcopy(r->remote_addr, client, sizeof(r->remote_addr));
}

int
request_head(struct request *r, char **envp, const struct limits *lim, size_t *body_len)
{
	const char *method = env_get(envp, "REQUEST_METHOD");
	const char *uri = env_get(envp, "REQUEST_URI");
	const char *query, *v;
	size_t total = 0, plen;
	int st;

	*body_len = 0;
	if (method == NULL || !method_ok(method) || uri == NULL)
		return 400;
	strlcopy(r->method, method, sizeof(r->method));
	r->is_post = strcmp(method, "POST") == 0;
	r->is_head = strcmp(method, "HEAD") == 0;
	if ((st = check_headers(envp, lim)) != 0)
		return st;
	query = strchr(uri, '?');
	plen = query ? (size_t)(query - uri) : strlen(uri);
	if (plen > lim->path)
		return 400;
	if ((st = parse_path(r, uri, plen)) != 0)
		return st;
	if ((v = env_get(envp, "HTTP_COOKIE")) != NULL)
		r->cookie = v;
	if ((v = env_get(envp, "HTTP_ACCEPT_LANGUAGE")) != NULL)
		r->accept_language = v;
	if ((v = env_get(envp, "CONTENT_TYPE")) != NULL)
		r->content_type = v;
	if (accepts_xml(env_get(envp, "HTTP_ACCEPT")))
		r->want_xml = true;
	keep_text(r->remote_addr, sizeof(r->remote_addr), env_get(envp, "REMOTE_ADDR"));
	r->forwarded_for = env_get(envp, "HTTP_X_FORWARDED_FOR");
	keep_text(r->user_agent, sizeof(r->user_agent), env_get(envp, "HTTP_USER_AGENT"));
	if (query) {
		/* The query string proper, as the server passed it. */
		const char *qs = env_get(envp, "QUERY_STRING");

		qs = qs ? qs : query + 1;
		if (strlen(qs) > lim->query)
			return 413;
		if ((st = params_parse(&r->params, qs, strlen(qs), lim, &total)) != 0)
			return st;
		r->nquery = r->params.n;
	}
	st = parse_length(env_get(envp, "CONTENT_LENGTH"),
	    strncmp(r->content_type, "multipart/", 10) == 0 ? lim->upload : lim->body,
	    body_len);
	if (st != 0)
		return st;
	if (*body_len > 0 && !r->is_post)
		return 400;
	return 0;
}

struct multipart_ctx {
	struct request *r;
	const struct limits *lim;
	size_t total;
};

/* Text parts are fields like any other; file parts are kept aside. */
static enum parse_status
multipart_part(void *ud, const struct multipart_part *p)
{
	struct multipart_ctx *m = ud;
	struct request *r = m->r;
	struct upload *u;
	const char *d;

	if (request_file(r, p->name, &d, NULL, NULL))
		return PARSE_BAD;	/* a field given twice */
	if (p->filename == NULL)
		return params_add(&r->params, p->name, p->data, p->len, m->lim, &m->total);
	if (params_get(&r->params, p->name))
		return PARSE_BAD;
	if (r->nfiles == REQUEST_FILES_MAX)
		return PARSE_TOO_LARGE;
	u = &r->files[r->nfiles];
	u->name = strdup(p->name);
	u->filename = strdup(p->filename);
	if (u->name == NULL || u->filename == NULL) {
		free(u->name);
		free(u->filename);
		return PARSE_TOO_LARGE;
	}
	u->data = p->data;
	u->len = p->len;
	r->nfiles++;
	return PARSE_OK;
}

static bool
type_is(const char *ctype, const char *want)
{
	const char *semi = strchr(ctype, ';');
	size_t tlen = semi ? (size_t)(semi - ctype) : strlen(ctype);

	while (tlen > 0 && (ctype[tlen - 1] == ' ' || ctype[tlen - 1] == '\t'))
		tlen--;
	return tlen == strlen(want) && strncasecmp(ctype, want, tlen) == 0;
}

int
request_body(struct request *r, const char *body, size_t len, const struct limits *lim)
{
	struct multipart_ctx m = { r, lim, r->params.n };

	if (len == 0)
		return 0;
	if (type_is(r->content_type, MULTIPART_TYPE))
		return multipart_parse(r->content_type, body, len, multipart_part, &m);
	if (!type_is(r->content_type, FORM_TYPE))
		return 400;
	return params_parse(&r->params, body, len, lim, &m.total);
}

int
request_read_head(struct request *r, FCGX_Request *f, const struct limits *lim, size_t *len)
{
	r->fcgx = f;
	return request_head(r, f->envp, lim, len);
}

int
request_read_body(struct request *r, size_t len, const struct limits *lim)
{
	char *body;
	int got;

	if (len == 0)
		return 0;
	/* The head was read under the widest bound; this is the route's. */
	if (len > (strncmp(r->content_type, "multipart/", 10) == 0 ? lim->upload : lim->body))
		return 413;
	if ((body = malloc(len)) == NULL)
		return 500;
	r->body = body;		/* uploads point into it; freed with r */
	r->body_len = len;
	got = FCGX_GetStr(body, (int)len, r->fcgx->in);
	if (got < 0 || (size_t)got != len)
		return 400;	/* truncated: shorter than announced */
	return request_body(r, body, len, lim);
}

int
request_read(struct request *r, FCGX_Request *f, const struct limits *lim)
{
	size_t len = 0;
	int st;

	if ((st = request_read_head(r, f, lim, &len)) != 0)
		return st;
	return request_read_body(r, len, lim);
}

const char *
request_param(const struct request *r, const char *name)
{
	return params_get(&r->params, name);
}

const char *
request_body_param(const struct request *r, const char *name)
{
	return params_get_from(&r->params, r->nquery, name);
}

bool
request_file(const struct request *r, const char *name, const char **data, size_t *len,
    const char **filename)
{
	size_t i;

	for (i = 0; i < r->nfiles; i++) {
		if (strcmp(r->files[i].name, name) != 0)
			continue;
		*data = r->files[i].data;
		if (len)
			*len = r->files[i].len;
		if (filename)
			*filename = r->files[i].filename;
		return true;
	}
	return false;
}

void
resp_header(struct request *r, const char *name, const char *value)
{
	buf_printf(&r->headers, "%s: %s\r\n", name, value);
}

static const char *
reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 303: return "See Other";
	case 400: return "Bad Request";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Content Too Large";
	case 429: return "Too Many Requests";
	case 503: return "Service Unavailable";
	default: return "Internal Server Error";
	}
}

void
request_hold(struct request *r, int64_t at)
{
	r->answer_at = at > now_us() ? at : 0;
}

/* Response bytes go to the stream, or into r->held while held. */
static void
put(struct request *r, const void *data, size_t len)
{
	if (r->answer_at)
		buf_append(&r->held, data, len);
	else
		FCGX_PutStr(data, (int)len, r->fcgx->out);
}

/* The status line, Content-Type and, when length >= 0, Content-Length
 * into head; its length, or -1 when it does not fit (nothing half-made is
 * sent: a cut header line would run into the next one). */
int
resp_format_head(char *head, size_t size, int status, const char *ctype, long long length)
{
	int n, m;

	/* libfcgi's own printf knows no %zu: format here. */
	n = snprintf(head, size, "Status: %d %s\r\nContent-Type: %s\r\n",
	    status, reason(status), ctype ? ctype : "text/plain; charset=utf-8");
	if (n < 0 || (size_t)n >= size)
		return -1;
	if (length < 0)
		return n;
	m = snprintf(head + n, size - (size_t)n, "Content-Length: %lld\r\n", length);
	if (m < 0 || (size_t)m >= size - (size_t)n)
		return -1;
	return n + m;
}

/* Status line and headers; length < 0: none (a streamed body).  False
 * when they do not fit: then a bare 500 went out instead. */
static bool
put_head(struct request *r, int status, const char *ctype, long long length)
{
	static const char failed[] = "Status: 500 Internal Server Error\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 0\r\n";
	char head[RESP_HEAD_MAX];
	int n = resp_format_head(head, sizeof(head), status, ctype, length);
	bool ok = n >= 0;

	if (!ok) {
		log_err("%s: response head for status %d does not fit in %d bytes", r->id,
		    status, RESP_HEAD_MAX);
		r->status = 500;
		r->sent_bytes = 0;
		put(r, failed, strlen(failed));
	} else {
		put(r, head, (size_t)n);
	}
	put(r, security_headers, strlen(security_headers));
	if (ok && r->headers.len)
		put(r, r->headers.data, r->headers.len);
	put(r, "\r\n", 2);
	return ok;
}

void
resp_send(struct request *r, int status, const char *ctype, const void *body, size_t len)
{
	r->status = status;
	r->sent_bytes = r->is_head ? 0 : len;
	if (r->fcgx == NULL)
		return;
	if (put_head(r, status, ctype, (long long)len) && !r->is_head && len)
		put(r, body, len);
}

void
resp_begin(struct request *r, int status, const char *ctype)
{
	r->status = status;
	r->sent_bytes = 0;
	if (r->fcgx != NULL && !put_head(r, status, ctype, -1))
		r->head_failed = true;	/* the 500 went out: no body follows */
}

/* libfcgi takes int lengths: larger pieces go in slices. */
#define RESP_SLICE (1 << 20)

bool
resp_write(struct request *r, const void *data, size_t len)
{
	const char *p = data;

	if (r->head_failed)
		return false;
	if (r->is_head || r->fcgx == NULL)
		return true;
	while (len > 0) {
		int n = len > RESP_SLICE ? RESP_SLICE : (int)len;

		if (FCGX_PutStr(p, n, r->fcgx->out) != n)
			return false;
		r->sent_bytes += (size_t)n;
		p += n;
		len -= (size_t)n;
	}
	return true;
}

void
resp_abort(struct request *r)
{
	if (r->fcgx == NULL)
		return;
	/* Without FastCGI's END_REQUEST the web server cannot finish the
	 * response either; libfcgi closes the connection after the failed
	 * writes that follow. */
	shutdown(r->fcgx->ipcFd, SHUT_RDWR);
}

/* A path of this site: "/" alone, or "/" followed by a character that is
 * neither '/' nor '\\' (browsers read "//host" and "/\\host" alike as
 * another site), and no control characters (no header injection). */
static bool
is_local_path(const char *p)
{
	const unsigned char *c;

	if (p[0] != '/' || p[1] == '/' || p[1] == '\\')
		return false;
	for (c = (const unsigned char *)p; *c; c++)
		if (*c < 0x20 || *c == 0x7f)
			return false;
	return true;
}

void
resp_redirect(struct request *r, const char *location)
{
	if (!is_local_path(location))
		location = "/";	/* only local paths: no open redirect */
	resp_header(r, "Location", location);
	resp_send(r, 303, NULL, "", 0);
}
