/* fcgi_probe.c -- see fcgi_probe.h.  The records are those of the FastCGI
 * 1.0 specification: BEGIN_REQUEST (responder), PARAMS, an empty PARAMS,
 * an empty STDIN; then STDOUT records up to END_REQUEST.  Every buffer
 * has a fixed size and the exchange one deadline, so a socket that
 * accepts and never answers, or answers without end, costs the check
 * PROBE_TIMEOUT_MS at most. */
#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "ctl/fcgi_probe.h"

#define FCGI_VERSION_1 1
#define FCGI_BEGIN_REQUEST 1
#define FCGI_END_REQUEST 3
#define FCGI_PARAMS 4
#define FCGI_STDIN 5
#define FCGI_STDOUT 6
#define FCGI_RESPONDER 1
#define FCGI_HEADER_LEN 8
#define FCGI_BEGIN_BODY_LEN 8
/* A name or value this long or longer needs the 4-byte length form,
 * which a handful of short parameters never does. */
#define FCGI_SHORT_LEN 128
#define PROBE_REQUEST_ID 1
/* The whole request: four short parameters and their records. */
#define PROBE_MSG_MAX 512
/* What is kept of the answer: its headers and the start of the body. */
#define PROBE_STDOUT_MAX 4096
/* One record at most (64 KiB content, 255 padding) and its header. */
#define PROBE_READ_MAX (FCGI_HEADER_LEN + 65535 + 255)
#define PROBE_PORT_MAX 8	/* "65535" */
#define MS_PER_S 1000
#define NS_PER_MS 1000000

struct msg {
	unsigned char b[PROBE_MSG_MAX];
	size_t len;
	bool full;
};

static void
put(struct msg *m, const void *data, size_t len)
{
	if (len == 0)
		return;		/* an empty record has no content (and NULL for it) */
	if (m->full || len > sizeof(m->b) - m->len) {
		m->full = true;
		return;
	}
	memcpy(m->b + m->len, data, len);
	m->len += len;
}

/* A record of one type with its content; content lengths here are far
 * below 8 bytes' alignment concerns, so no padding is sent. */
static void
put_record(struct msg *m, int type, const void *content, size_t len)
{
	unsigned char h[FCGI_HEADER_LEN] = { FCGI_VERSION_1, (unsigned char)type,
	    0, PROBE_REQUEST_ID, (unsigned char)(len >> 8), (unsigned char)len, 0, 0 };

	put(m, h, sizeof(h));
	put(m, content, len);
}

static void
put_pair(struct msg *m, const char *name, const char *value)
{
	size_t n = strlen(name), v = strlen(value);
	unsigned char lens[2] = { (unsigned char)n, (unsigned char)v };

	if (n >= FCGI_SHORT_LEN || v >= FCGI_SHORT_LEN) {
		m->full = true;
		return;
	}
	put(m, lens, sizeof(lens));
	put(m, name, n);
	put(m, value, v);
}

static bool
build_request(struct msg *m, const char *uri)
{
	static const unsigned char begin[FCGI_BEGIN_BODY_LEN] = { 0, FCGI_RESPONDER };
	struct msg params = { .len = 0, .full = false };

	put_pair(&params, "REQUEST_METHOD", "GET");
	put_pair(&params, "REQUEST_URI", uri);
	put_pair(&params, "QUERY_STRING", "");
	put_pair(&params, "REMOTE_ADDR", "127.0.0.1");
	put_record(m, FCGI_BEGIN_REQUEST, begin, sizeof(begin));
	put_record(m, FCGI_PARAMS, params.b, params.len);
	put_record(m, FCGI_PARAMS, NULL, 0);
	put_record(m, FCGI_STDIN, NULL, 0);
	return !params.full && !m->full;
}

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * MS_PER_S + ts.tv_nsec / NS_PER_MS;
}

/* Waits for events on fd until the deadline; false on timeout or error. */
static bool
wait_for(int fd, short events, int64_t deadline)
{
	struct pollfd p = { .fd = fd, .events = events };
	int64_t left;
	int n;

	for (;;) {
		if ((left = deadline - now_ms()) <= 0)
			return false;
		n = poll(&p, 1, (int)left);
		if (n > 0)
			return true;
		if (n < 0 && errno != EINTR)
			return false;
	}
}

static int
connect_addr(const struct sockaddr *sa, socklen_t salen, int64_t deadline, char *err,
    size_t errlen)
{
	int fd = socket(sa->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int soerr = 0;
	socklen_t len = sizeof(soerr);

	if (fd < 0)
		goto fail;
	if (connect(fd, sa, salen) == 0)
		return fd;
	if (errno != EINPROGRESS)
		goto fail;
	if (!wait_for(fd, POLLOUT, deadline)) {
		snprintf(err, errlen, "no connection within %d s", PROBE_TIMEOUT_MS / MS_PER_S);
		close(fd);
		return -1;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) == 0 && soerr == 0)
		return fd;
	errno = soerr;
fail:
	snprintf(err, errlen, "%s", strerror(errno));
	if (fd >= 0)
		close(fd);
	return -1;
}

static int
connect_to(const struct conf *c, int64_t deadline, char *err, size_t errlen)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICSERV };
	struct addrinfo *ai = NULL;
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	char port[PROBE_PORT_MAX];
	int fd, rc;

	if (c->listen_kind == LISTEN_UNIX) {
		if (strlen(c->listen_path) >= sizeof(un.sun_path)) {
			snprintf(err, errlen, "socket path too long");
			return -1;
		}
		memcpy(un.sun_path, c->listen_path, strlen(c->listen_path) + 1);
		return connect_addr((struct sockaddr *)&un, sizeof(un), deadline, err, errlen);
	}
	snprintf(port, sizeof(port), "%d", c->listen_port);
	if ((rc = getaddrinfo(c->listen_host, port, &hints, &ai)) != 0) {
		snprintf(err, errlen, "%s", gai_strerror(rc));
		return -1;
	}
	fd = connect_addr(ai->ai_addr, ai->ai_addrlen, deadline, err, errlen);
	freeaddrinfo(ai);
	return fd;
}

static bool
send_all(int fd, const unsigned char *p, size_t len, int64_t deadline)
{
	ssize_t n;

	while (len > 0) {
		if (!wait_for(fd, POLLOUT, deadline))
			return false;
		n = send(fd, p, len, MSG_NOSIGNAL);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			return false;
		p += n;
		len -= (size_t)n;
	}
	return true;
}

/* The answer as it comes: STDOUT content kept up to PROBE_STDOUT_MAX. */
struct reply {
	unsigned char in[PROBE_READ_MAX];
	size_t in_len;
	char out[PROBE_STDOUT_MAX + 1];
	size_t out_len;
	bool ended;
	bool bad;
};

/* Takes every complete record from the front of r->in. */
static void
take_records(struct reply *r)
{
	const unsigned char *h = r->in;
	size_t clen, total, keep;

	while (r->in_len >= FCGI_HEADER_LEN && !r->ended && !r->bad) {
		clen = (size_t)h[4] << 8 | h[5];
		total = FCGI_HEADER_LEN + clen + h[6];
		if (h[0] != FCGI_VERSION_1 || h[2] != 0 || h[3] != PROBE_REQUEST_ID) {
			r->bad = true;
			return;
		}
		if (r->in_len < total)
			return;
		if (h[1] == FCGI_STDOUT) {
			keep = clen < PROBE_STDOUT_MAX - r->out_len ? clen : PROBE_STDOUT_MAX - r->out_len;
			memcpy(r->out + r->out_len, h + FCGI_HEADER_LEN, keep);
			r->out_len += keep;
		}
		r->ended = h[1] == FCGI_END_REQUEST;
		memmove(r->in, r->in + total, r->in_len - total);
		r->in_len -= total;
	}
}

static bool
read_reply(int fd, struct reply *r, int64_t deadline, char *err, size_t errlen)
{
	ssize_t n;

	while (!r->ended && !r->bad) {
		if (!wait_for(fd, POLLIN, deadline)) {
			snprintf(err, errlen, "no answer within %d s", PROBE_TIMEOUT_MS / MS_PER_S);
			return false;
		}
		n = recv(fd, r->in + r->in_len, sizeof(r->in) - r->in_len, 0);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			break;
		r->in_len += (size_t)n;
		take_records(r);
	}
	if (r->bad || (!r->ended && r->out_len == 0)) {
		snprintf(err, errlen, r->bad ? "the answer is not FastCGI" :
		    "the connection closed without an answer");
		return false;
	}
	r->out[r->out_len] = '\0';
	return true;
}

/* "Status: 503 ..." among the headers; CGI's default is 200.  The first
 * line of the body goes to out->body, control characters replaced. */
static char *
next_line(char *line)
{
	char *end = strstr(line, "\r\n");

	return end ? end + 2 : NULL;
}

static void
parse_answer(char *text, struct probe_result *out)
{
	static const char status[] = "Status: ";
	char *body = strstr(text, "\r\n\r\n"), *line;
	size_t i;

	out->status = 200;
	if (body != NULL)
		*body = '\0';
	for (line = text; line != NULL; line = next_line(line))
		if (strncmp(line, status, sizeof(status) - 1) == 0)
			out->status = (int)strtol(line + sizeof(status) - 1, NULL, 10);
	if (body == NULL)
		return;
	body += 4;
	for (i = 0; i + 1 < sizeof(out->body) && body[i] && body[i] != '\n'; i++)
		out->body[i] = (unsigned char)body[i] < ' ' ? '?' : body[i];
	out->body[i] = '\0';
}

bool
fcgi_probe(const struct conf *c, const char *uri, struct probe_result *out)
{
	static struct reply r;	/* one record's room: not for the stack */
	struct msg m = { .len = 0, .full = false };
	int64_t deadline = now_ms() + PROBE_TIMEOUT_MS;
	int fd;
	bool ok = false;

	memset(out, 0, sizeof(*out));
	memset(&r, 0, sizeof(r));
	if (!build_request(&m, uri)) {
		snprintf(out->err, sizeof(out->err), "request too long");
		return false;
	}
	if ((fd = connect_to(c, deadline, out->err, sizeof(out->err))) < 0)
		return false;
	if (!send_all(fd, m.b, m.len, deadline))
		snprintf(out->err, sizeof(out->err), "the request could not be sent: %s",
		    errno ? strerror(errno) : "timeout");
	else if ((ok = read_reply(fd, &r, deadline, out->err, sizeof(out->err))))
		parse_answer(r.out, out);
	close(fd);
	return ok;
}
