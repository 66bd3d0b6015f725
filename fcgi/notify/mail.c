/* mail.c -- see mail.h. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"
#include "notify/mail.h"
#include "xml/i18n.h"

/* RFC 2045: base64 lines of at most 76 characters. */
#define B64_LINE 76
/* RFC 2047: an encoded-word is at most 75 characters; "=?UTF-8?B?" + "?="
 * leave 63, so at most 45 bytes (60 base64 characters) per word. */
#define EW_BYTES 45
#define BOUNDARY_RANDOM 12		/* random bytes in a MIME boundary */
#define MESSAGE_ID_RANDOM 16
#define SPAWN_POLL_NS (20 * 1000 * 1000)	/* waiting for sendmail to exit */
#define KEY_MAX 64

extern char **environ;

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

bool
mail_on(const struct conf *c)
{
	return c->mail_sendmail[0] != '\0';
}

const char *
mail_kind_name(enum mail_kind kind)
{
	switch (kind) {
	case MAIL_INVITE: return "invite";
	case MAIL_SIGN: return "sign";
	case MAIL_SIGNED: return "signed";
	case MAIL_REMIND: return "remind";
	case MAIL_FEEDBACK: return "feedback";
	case MAIL_FEEDBACK_REMIND: return "feedback_remind";
	case MAIL_REVIEW: return "review";
	case MAIL_REVIEW_RETURN: return "review_return";
	case MAIL_REMIND_DEPUTY: return "remind_deputy";
	}
	return "invite";
}

/* ---- texts ---- */

static const char *
var(const struct mail_vars *v, const char *name, size_t len)
{
	static const struct { const char *name; size_t off; } names[] = {
		{ "name", offsetof(struct mail_vars, name) },
		{ "employee", offsetof(struct mail_vars, employee) },
		{ "manager", offsetof(struct mail_vars, manager) },
		{ "type", offsetof(struct mail_vars, type) },
		{ "date", offsetof(struct mail_vars, date) },
		{ "cycle", offsetof(struct mail_vars, cycle) },
		{ "reason", offsetof(struct mail_vars, reason) },
		{ "until", offsetof(struct mail_vars, until) },
	};
	size_t i;

	for (i = 0; i < ARRAY_LEN(names); i++)
		if (strlen(names[i].name) == len && memcmp(names[i].name, name, len) == 0) {
			const char *s = *(const char *const *)((const char *)v + names[i].off);

			return s ? s : "";
		}
	return NULL;
}

/* Copies tmpl to out with each {var} replaced; an unknown {x} stays. */
static void
fill(struct buf *out, const char *tmpl, const struct mail_vars *v)
{
	const char *p = tmpl, *open, *close, *val;

	while ((open = strchr(p, '{')) != NULL && (close = strchr(open, '}')) != NULL) {
		buf_append(out, p, (size_t)(open - p));
		val = var(v, open + 1, (size_t)(close - open - 1));
		if (val)
			buf_puts(out, val);
		else
			buf_append(out, open, (size_t)(close - open + 1));
		p = close + 1;
	}
	buf_puts(out, p);
}

static const char *
text(const struct catalog *cat, const char *kind, const char *part)
{
	char key[KEY_MAX];

	snprintf(key, sizeof(key), "mail.%s%s%s", kind, part[0] ? "." : "", part);
	return catalog_get(cat, key);
}

bool
mail_texts(const struct catalog *cat, const struct conf *c, enum mail_kind kind,
    const struct mail_vars *v, struct buf *subject, struct buf *body)
{
	const char *k = mail_kind_name(kind);
	const char *subj = text(cat, k, "subject"), *tmpl = text(cat, k, "body");
	const char *link = text(cat, "link", ""), *footer = text(cat, "footer", "");
	const char *greeting = text(cat, "greeting", "");

	if (!subj || !tmpl || !link || !footer || !greeting) {
		log_err("mail: catalog lacks a text of mail.%s", k);
		return false;
	}
	/* one line per catalog message: "Beste Eva,", the text, the link */
	fill(subject, subj, v);
	fill(body, greeting, v);
	buf_puts(body, "\n\n");
	fill(body, tmpl, v);
	buf_puts(body, "\n\n");
	if (c->mail_url[0] && v->path && v->path[0]) {
		/* the site's address from the configuration, never from a request */
		buf_printf(body, "%s\n%s%s\n\n", link, c->mail_url, v->path);
	}
	buf_puts(body, "-- \n");
	fill(body, footer, v);
	buf_puts(body, "\n");
	return !subject->failed && !body->failed && subject->len <= MAIL_SUBJECT_MAX &&
	    body->len <= MAIL_BODY_MAX;
}

void
mail_date(const struct catalog *cat, const char *iso, char *out, size_t size)
{
	char key[KEY_MAX];
	const char *month, *at;
	int y, m, d, hh, mm;

	if (iso == NULL || sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12) {
		snprintf(out, size, "%s", iso ? iso : "");
		return;
	}
	snprintf(key, sizeof(key), "date.month.%d", m);
	month = catalog_get(cat, key);
	at = catalog_get(cat, "date.at");
	if (strlen(iso) >= 16 && iso[10] == 'T' && sscanf(iso + 11, "%2d:%2d", &hh, &mm) == 2)
		snprintf(out, size, "%d %s %04d %s %02d:%02d", d, month ? month : "", y,
		    at ? at : "", hh, mm);
	else
		snprintf(out, size, "%d %s %04d", d, month ? month : "", y);
}

/* ---- the message ---- */

static void
base64_lines(struct buf *out, const unsigned char *s, size_t n)
{
	size_t i, col = 0;
	char q[4];

	for (i = 0; i < n; i += 3) {
		unsigned v = (unsigned)s[i] << 16 | (i + 1 < n ? (unsigned)s[i + 1] << 8 : 0) |
		    (i + 2 < n ? s[i + 2] : 0);

		q[0] = b64[v >> 18 & 63];
		q[1] = b64[v >> 12 & 63];
		q[2] = i + 1 < n ? b64[v >> 6 & 63] : '=';
		q[3] = i + 2 < n ? b64[v & 63] : '=';
		buf_append(out, q, 4);
		if ((col += 4) >= B64_LINE) {
			buf_puts(out, "\r\n");
			col = 0;
		}
	}
	if (col)
		buf_puts(out, "\r\n");
}

static bool
needs_encoding(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80 || *s == '"' || *s == '\\' || *s == '=' || *s == '?')
			return true;
	return false;
}

/* A header value as RFC 2047 encoded-words (UTF-8, base64), split between
 * characters, words separated by CRLF SP (folding); plain when ASCII. */
static void
header_text(struct buf *out, const char *s, bool quoted_plain)
{
	size_t n = strlen(s), i = 0, take, j;
	char enc[4 * EW_BYTES / 3 + 4];

	if (!needs_encoding(s)) {
		buf_printf(out, quoted_plain ? "\"%s\"" : "%s", s);
		return;
	}
	while (i < n) {
		take = n - i < EW_BYTES ? n - i : EW_BYTES;
		while (i + take < n && ((unsigned char)s[i + take] & 0xC0) == 0x80)
			take--;	/* never split a UTF-8 character */
		for (j = 0; j < take; j += 3) {
			unsigned v = (unsigned char)s[i + j] << 16 |
			    (j + 1 < take ? (unsigned char)s[i + j + 1] << 8 : 0) |
			    (j + 2 < take ? (unsigned char)s[i + j + 2] : 0);

			enc[j / 3 * 4] = b64[v >> 18 & 63];
			enc[j / 3 * 4 + 1] = b64[v >> 12 & 63];
			enc[j / 3 * 4 + 2] = j + 1 < take ? b64[v >> 6 & 63] : '=';
			enc[j / 3 * 4 + 3] = j + 2 < take ? b64[v & 63] : '=';
		}
		enc[(take + 2) / 3 * 4] = '\0';
		buf_printf(out, "%s=?UTF-8?B?%s?=", i ? "\r\n " : "", enc);
		i += take;
	}
}

/* Header text from the database: no line breaks or control characters
 * (header injection), nothing that would end an address. */
static bool
clean_text(const char *s)
{
	for (; s && *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

static bool
clean_address(const char *s)
{
	return s && strchr(s, '@') && clean_text(s) && strpbrk(s, " <>\",;()[]\\") == NULL;
}

static void
address(struct buf *out, const char *header, const char *name, const char *addr)
{
	buf_printf(out, "%s: ", header);
	if (name && name[0]) {
		header_text(out, name, true);
		buf_puts(out, " ");
	}
	buf_printf(out, "<%s>\r\n", addr);
}

static bool
random_hex(char *out, size_t bytes)
{
	unsigned char r[MESSAGE_ID_RANDOM];

	if (bytes > sizeof(r) || !random_bytes(r, bytes))
		return false;
	hex_encode(r, bytes, out);
	return true;
}

static void
text_part(struct buf *out, const char *body)
{
	struct buf crlf;
	const char *p;

	/* RFC 5322 text: CRLF line ends, also inside the base64 */
	buf_init(&crlf);
	for (p = body; *p; p++) {
		if (*p == '\n')
			buf_puts(&crlf, "\r\n");
		else if (*p != '\r')
			buf_append(&crlf, p, 1);
	}
	buf_puts(out, "Content-Type: text/plain; charset=UTF-8\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n");
	base64_lines(out, (const unsigned char *)(crlf.data ? crlf.data : ""), crlf.len);
	if (crlf.failed)
		out->failed = true;
	buf_free(&crlf);
}

bool
mail_format(const struct mail_msg *m, struct buf *out)
{
	char boundary[2 * BOUNDARY_RANDOM + 1], id[2 * MESSAGE_ID_RANDOM + 1], date[64];
	const char *domain = strchr(m->from, '@');
	time_t now = time(NULL);
	struct tm tm;

	if (!clean_address(m->from) || !clean_address(m->to) || !clean_text(m->to_name) ||
	    !clean_text(m->from_name) || !clean_text(m->subject) ||
	    !random_hex(boundary, BOUNDARY_RANDOM) || !random_hex(id, MESSAGE_ID_RANDOM))
		return false;
	/* RFC 5322 date in English regardless of the locale */
	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%d %b %Y %H:%M:%S +0000", &tm);
	address(out, "From", m->from_name, m->from);
	address(out, "To", m->to_name, m->to);
	buf_puts(out, "Subject: ");
	header_text(out, m->subject, false);
	buf_printf(out, "\r\nDate: %s\r\nMessage-ID: <%s%s>\r\n", date, id, domain);
	buf_printf(out, "MIME-Version: 1.0\r\nContent-Language: %s\r\n"
	    "Auto-Submitted: auto-generated\r\n", m->lang);
	if (m->ics == NULL) {
		text_part(out, m->body);
		return !out->failed;
	}
	buf_printf(out, "Content-Type: multipart/mixed; boundary=\"%s\"\r\n\r\n--%s\r\n",
	    boundary, boundary);
	text_part(out, m->body);
	buf_printf(out, "\r\n--%s\r\nContent-Type: text/calendar; charset=UTF-8; method=PUBLISH; "
	    "name=\"gesprek.ics\"\r\nContent-Disposition: attachment; filename=\"gesprek.ics\"\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n", boundary);
	base64_lines(out, (const unsigned char *)m->ics, m->ics_len);
	buf_printf(out, "\r\n--%s--\r\n", boundary);
	return !out->failed;
}

bool
mail_compose(const struct catalog *cat, const struct conf *c, enum mail_kind kind,
    const struct mail_vars *v, const char *to, const char *to_name, const struct buf *ics,
    struct buf *out, struct buf *subject_out)
{
	const char *app = catalog_get(cat, "app.name");
	struct buf subject, body;
	struct mail_msg m;
	bool ok = false;

	buf_init(&subject);
	buf_init(&body);
	if (mail_texts(cat, c, kind, v, &subject, &body)) {
		m = (struct mail_msg){ .from = c->mail_from, .from_name = app ? app : PACKAGE_NAME,
			.to = to, .to_name = to_name, .lang = catalog_lang(cat),
			.subject = subject.data, .body = body.data,
			.ics = ics ? ics->data : NULL, .ics_len = ics ? ics->len : 0 };
		ok = mail_format(&m, out);
		if (ok && subject_out) {
			buf_puts(subject_out, subject.data ? subject.data : "");
			ok = !subject_out->failed;
		}
	}
	buf_free(&subject);
	buf_free(&body);
	return ok;
}

/* ---- sendmail ---- */

static bool
write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

/* Waits for pid at most MAIL_TIMEOUT_S; kills it after that. */
static bool
wait_exit(pid_t pid, int *status)
{
	struct timespec pause = { 0, SPAWN_POLL_NS };
	int64_t deadline = now_us() + (int64_t)MAIL_TIMEOUT_S * 1000000;
	pid_t r;

	while ((r = waitpid(pid, status, WNOHANG)) == 0 && now_us() < deadline)
		nanosleep(&pause, NULL);
	if (r == pid)
		return true;
	kill(pid, SIGKILL);
	waitpid(pid, status, 0);
	return false;
}

/* posix_spawn, not fork: safe in a process with threads and never runs
 * our atfork handlers.  The child gets the pipe as stdin, an empty signal
 * mask, SIGPIPE back to default, and none of our other descriptors. */
static bool
spawn(const char *path, int in, pid_t *pid)
{
	char *const argv[] = { (char *)"sendmail", (char *)"-t", (char *)"-i", NULL };
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t none, dfl;
	int rc;

	sigemptyset(&none);
	sigemptyset(&dfl);
	sigaddset(&dfl, SIGPIPE);
	posix_spawn_file_actions_init(&fa);
	posix_spawnattr_init(&at);
	posix_spawn_file_actions_adddup2(&fa, in, STDIN_FILENO);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
	posix_spawn_file_actions_addclosefrom_np(&fa, STDERR_FILENO + 1);
#endif
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &dfl);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	rc = posix_spawn(pid, path, &fa, &at, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	if (rc != 0)
		log_err("mail: cannot run %s: %s", path, strerror(rc));
	return rc == 0;
}

bool
mail_send(const struct conf *c, const char *message, size_t len, char *why, size_t why_size)
{
	int fds[2], status = 0;
	bool sent, exited;
	pid_t pid;

	snprintf(why, why_size, "mail is off");
	if (!mail_on(c))
		return false;
	if (pipe2(fds, O_CLOEXEC) != 0) {
		snprintf(why, why_size, "pipe: %s", strerror(errno));
		log_err("mail: %s", why);
		return false;
	}
	if (!spawn(c->mail_sendmail, fds[0], &pid)) {
		snprintf(why, why_size, "cannot run sendmail");
		close(fds[0]);
		close(fds[1]);
		return false;
	}
	close(fds[0]);
	sent = write_all(fds[1], message, len);
	close(fds[1]);
	exited = wait_exit(pid, &status);
	if (!sent || !exited || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		snprintf(why, why_size, "sendmail %s (exit status %d)",
		    !exited ? "timed out" : !sent ? "did not take the message" : "failed",
		    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		log_err("mail: %s: %s", c->mail_sendmail, why);
		return false;
	}
	why[0] = '\0';
	return true;
}
