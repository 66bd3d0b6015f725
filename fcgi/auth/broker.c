/* broker.c -- see broker.h.  PAM modules are often not thread-safe and
 * pam_unix needs root for other users' shadow entries, so PAM runs in
 * processes, one conversation each at a time:
 *
 *   gesprekd-auth   accepts connections on the socket and hands each one
 *                   (SCM_RIGHTS) to an idle helper; restarts a helper that
 *                   dies.  With no helper idle, connections wait in the
 *                   listen queue (the worker gives up after broker_timeout).
 *   gesprekd-pam    N helpers: read one request from the connection, ask
 *                   PAM, answer, tell gesprekd-auth they are idle again.
 *
 * So one slow directory lookup holds one helper, not every login.  Every
 * process closes the descriptors it does not need, and helpers answer only
 * peers running as the worker user (or root).  Helpers die with
 * gesprekd-auth (PR_SET_PDEATHSIG): stopping or killing it stops them, and
 * gesprekd-auth dies with the master the same way. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <security/pam_appl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "auth/broker.h"
#include "base/conf.h"
#include "base/log.h"
#include "base/util.h"

#define BROKER_MAGIC 0x67657370u	/* "gesp" */
/* A request that asks only whether a helper answers (GET /health): no
 * user, no password, PAM is not called. */
#define BROKER_PING_MAGIC 0x70696e67u	/* "ping" */
#define BROKER_PONG 'P'
#define BROKER_BACKLOG 64
/* A peer has this long to send its request. */
#define BROKER_READ_TIMEOUT_S 5
/* A helper that died this soon after its start is restarted only after
 * as long again, so a crash loop does not spin. */
#define HELPER_RESTART_PAUSE_S 1
/* Room for why a broker did not answer (its socket path and errno). */
#define BROKER_WHY_MAX (CONF_STR_MAX + 64)
/* What a helper writes back when it is free for the next connection. */
#define HELPER_IDLE 'I'

struct broker_req {
	unsigned magic;
	char user[AUTH_USER_MAX + 1];
	char pass[AUTH_PASS_MAX + 1];
};

struct creds {
	const char *user;
	const char *pass;
};

/* Answers every message of one call on its own (a module may send several). */
static int
conv(int n, const struct pam_message **msg, struct pam_response **resp, void *appdata)
{
	struct creds *cr = appdata;
	struct pam_response *r;
	int i;

	if (n <= 0 || n > PAM_MAX_NUM_MSG)
		return PAM_CONV_ERR;
	if ((r = calloc((size_t)n, sizeof(*r))) == NULL)
		return PAM_BUF_ERR;
	for (i = 0; i < n; i++) {
		switch (msg[i]->msg_style) {
		case PAM_PROMPT_ECHO_OFF:
			r[i].resp = strdup(cr->pass);
			break;
		case PAM_PROMPT_ECHO_ON:
			r[i].resp = strdup(cr->user);
			break;
		case PAM_ERROR_MSG:
		case PAM_TEXT_INFO:
			continue;
		default:
			goto fail;
		}
		if (r[i].resp == NULL)
			goto fail;
	}
	*resp = r;
	return PAM_SUCCESS;
fail:
	for (i = 0; i < n; i++) {
		if (r[i].resp) {
			wipe(r[i].resp, strlen(r[i].resp));
			free(r[i].resp);
		}
	}
	free(r);
	return PAM_CONV_ERR;
}

/* We time failed logins ourselves (the same for every kind of failure);
 * PAM's own delay would only block the broker for everyone. */
static void
no_delay(int retval, unsigned usec, void *appdata)
{
	(void)retval;
	(void)usec;
	(void)appdata;
}

static enum auth_result
classify(int rc)
{
	switch (rc) {
	case PAM_SUCCESS:
		return AUTH_OK;
	case PAM_AUTH_ERR:
	case PAM_USER_UNKNOWN:
	case PAM_MAXTRIES:
	case PAM_ACCT_EXPIRED:
	case PAM_PERM_DENIED:
	case PAM_CRED_INSUFFICIENT:
	case PAM_NEW_AUTHTOK_REQD:
		return AUTH_DENIED;
	default:
		return AUTH_UNAVAILABLE;
	}
}

static enum auth_result
pam_check(const char *service, const char *user, const char *pass)
{
	struct creds cr = { user, pass };
	struct pam_conv pc = { conv, &cr };
	pam_handle_t *pamh = NULL;
	int rc;

	if ((rc = pam_start(service, user, &pc, &pamh)) != PAM_SUCCESS)
		return AUTH_UNAVAILABLE;
	pam_set_item(pamh, PAM_FAIL_DELAY, (const void *)no_delay);
	rc = pam_authenticate(pamh, PAM_SILENT | PAM_DISALLOW_NULL_AUTHTOK);
	if (rc == PAM_SUCCESS)
		rc = pam_acct_mgmt(pamh, PAM_SILENT | PAM_DISALLOW_NULL_AUTHTOK);
	pam_end(pamh, rc);
	return classify(rc);
}

static bool
read_full(int fd, void *buf, size_t n)
{
	char *p = buf;

	while (n > 0) {
		ssize_t got = read(fd, p, n);

		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return false;
		p += got;
		n -= (size_t)got;
	}
	return true;
}

static bool
peer_allowed(int fd, uid_t owner)
{
	struct ucred uc;
	socklen_t len = sizeof(uc);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &uc, &len) != 0)
		return false;
	return uc.uid == owner || uc.uid == 0 || uc.uid == getuid();
}

static void
serve_one(int fd, const char *service, uid_t owner)
{
	struct timeval tv = { BROKER_READ_TIMEOUT_S, 0 };
	struct broker_req req;
	char answer;

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (!peer_allowed(fd, owner)) {
		log_warn("auth broker: connection from a foreign uid refused");
		return;
	}
	if (!read_full(fd, &req, sizeof(req)) ||
	    (req.magic != BROKER_MAGIC && req.magic != BROKER_PING_MAGIC)) {
		wipe(&req, sizeof(req));
		return;
	}
	if (req.magic == BROKER_PING_MAGIC) {
		answer = BROKER_PONG;
		if (write(fd, &answer, 1) != 1)
			log_warn("auth broker: peer left before the answer");
		return;
	}
	req.user[AUTH_USER_MAX] = '\0';
	req.pass[AUTH_PASS_MAX] = '\0';
	switch (pam_check(service, req.user, req.pass)) {
	case AUTH_OK: answer = 'Y'; break;
	case AUTH_DENIED: answer = 'N'; break;
	default: answer = 'E'; break;
	}
	wipe(&req, sizeof(req));
	if (write(fd, &answer, 1) != 1)
		log_warn("auth broker: peer left before the answer");
}

static void
close_other_fds(int keep)
{
	long max = sysconf(_SC_OPEN_MAX);
	int fd;

	if (max < 0 || max > 65536)
		max = 65536;
	for (fd = 3; fd < max; fd++)
		if (fd != keep)
			close(fd);
}

struct helper {
	pid_t pid;		/* 0: not running */
	int chan;		/* our end of its socketpair; -1 when not running */
	bool idle;
	time_t started;
};

/* The message that carries one descriptor and one byte of payload, the
 * same for both ends; it points into itself, so it is made in place and
 * never copied. */
struct fd_msg {
	char byte;
	struct iovec iov;
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;	/* the control buffer's alignment */
	} u;
	struct msghdr m;
};

static void
fd_msg_init(struct fd_msg *f, char byte)
{
	memset(f, 0, sizeof(*f));
	f->byte = byte;
	f->iov.iov_base = &f->byte;
	f->iov.iov_len = 1;
	f->m.msg_iov = &f->iov;
	f->m.msg_iovlen = 1;
	f->m.msg_control = f->u.buf;
	f->m.msg_controllen = sizeof(f->u.buf);
}

/* Hands the descriptor fd over chan with one byte of payload. */
static bool
send_fd(int chan, int fd)
{
	struct fd_msg f;
	struct cmsghdr *cm;

	fd_msg_init(&f, 'C');
	cm = CMSG_FIRSTHDR(&f.m);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	return sendmsg(chan, &f.m, MSG_NOSIGNAL) == 1;
}

/* The next descriptor from chan; -1 when gesprekd-auth is gone. */
static int
recv_fd(int chan)
{
	struct fd_msg f;
	struct cmsghdr *cm;
	ssize_t got;
	int fd;

	fd_msg_init(&f, 0);
	do
		got = recvmsg(chan, &f.m, MSG_CMSG_CLOEXEC);
	while (got < 0 && errno == EINTR);
	if (got != 1)
		return -1;
	cm = CMSG_FIRSTHDR(&f.m);
	if (cm == NULL || cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS ||
	    cm->cmsg_len != CMSG_LEN(sizeof(int)))
		return -1;
	memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	return fd;
}

static void
reset_signals(void)
{
	sigset_t none;

	/* Dispositions first, then the mask: a SIGHUP that was pending at the
	 * fork (the master blocks it) must meet SIG_IGN, not the default
	 * action that would end a broker just started. */
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_IGN);
	signal(SIGINT, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

static void
helper_main(int chan, pid_t parent, const char *service, uid_t owner)
{
	char idle = HELPER_IDLE;

	prctl(PR_SET_NAME, "gesprekd-pam", 0, 0, 0);
	prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
	if (getppid() != parent)	/* it died before the line above */
		_exit(0);
	close_other_fds(chan);
	for (;;) {
		int fd = recv_fd(chan);

		if (fd < 0)
			_exit(0);
		serve_one(fd, service, owner);
		close(fd);
		if (write(chan, &idle, 1) != 1)
			_exit(0);
	}
}

static bool
helper_start(struct helper *h, const char *service, uid_t owner)
{
	int sv[2];
	pid_t parent = getpid();

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
		log_err("auth broker: socketpair: %s", strerror(errno));
		return false;
	}
	if ((h->pid = fork()) < 0) {
		log_err("auth broker: fork: %s", strerror(errno));
		close(sv[0]);
		close(sv[1]);
		h->pid = 0;
		return false;
	}
	if (h->pid == 0) {
		close(sv[0]);
		helper_main(sv[1], parent, service, owner);
		_exit(0);
	}
	close(sv[1]);
	h->chan = sv[0];
	h->idle = true;
	h->started = time(NULL);
	return true;
}

/* A helper's channel closed or broke: it is gone (or going). */
static void
helper_lost(struct helper *h)
{
	int status;

	close(h->chan);
	h->chan = -1;
	h->idle = false;
	if (h->pid > 0 && waitpid(h->pid, &status, 0) == h->pid &&
	    (WIFSIGNALED(status) || WEXITSTATUS(status) != 0))
		log_warn("auth broker: PAM helper %ld ended (status %d)", (long)h->pid, status);
	h->pid = 0;
}

/* Starts the helpers that are not running, unless one died too soon. */
static void
helpers_fill(struct helper *hs, int n, const char *service, uid_t owner)
{
	time_t now = time(NULL);
	int i;

	for (i = 0; i < n; i++)
		if (hs[i].pid == 0 && now - hs[i].started >= HELPER_RESTART_PAUSE_S)
			helper_start(&hs[i], service, owner);
}

static struct helper *
idle_helper(struct helper *hs, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (hs[i].pid > 0 && hs[i].idle)
			return &hs[i];
	return NULL;
}

/* Takes one connection and hands it to h. */
static void
dispatch(int lfd, struct helper *h)
{
	int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);

	if (fd < 0) {
		if (errno != EINTR && errno != ECONNABORTED && errno != EAGAIN)
			log_warn("auth broker: accept: %s", strerror(errno));
		return;
	}
	if (send_fd(h->chan, fd))
		h->idle = false;
	else
		helper_lost(h);	/* the peer sees its connection closed: 503 */
	close(fd);
}

/* A helper's channel is readable: idle again, or gone. */
static void
helper_event(struct helper *h)
{
	char byte;
	ssize_t got = read(h->chan, &byte, 1);

	if (got == 1 && byte == HELPER_IDLE)
		h->idle = true;
	else if (got == 0 || (got < 0 && errno != EINTR && errno != EAGAIN))
		helper_lost(h);
}

static void
broker_main(int lfd, const char *service, uid_t owner, int nhelpers, pid_t master)
{
	struct helper hs[CONF_BROKER_PROCESSES_MAX];
	struct pollfd pfd[CONF_BROKER_PROCESSES_MAX + 1];
	int i, n = nhelpers;

	prctl(PR_SET_NAME, "gesprekd-auth", 0, 0, 0);
	reset_signals();
	/* It dies with the master (and its helpers with it), so a kill -9 of
	 * the master leaves no broker behind.  If the master died before the
	 * prctl, no signal comes: getppid() tells. */
	prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
	if (getppid() != master)
		_exit(0);
	close_other_fds(lfd);
	if (n < 1 || n > CONF_BROKER_PROCESSES_MAX)
		n = 1;
	memset(hs, 0, sizeof(hs));
	for (i = 0; i < n; i++) {
		hs[i].chan = -1;
		hs[i].started = time(NULL) - HELPER_RESTART_PAUSE_S;
	}
	for (;;) {
		struct helper *free_one;

		helpers_fill(hs, n, service, owner);
		free_one = idle_helper(hs, n);
		/* Accept only when a helper is free: the rest wait in the queue. */
		pfd[0] = (struct pollfd){ .fd = free_one ? lfd : -1, .events = POLLIN };
		for (i = 0; i < n; i++)
			pfd[i + 1] = (struct pollfd){ .fd = hs[i].chan, .events = POLLIN };
		if (poll(pfd, (nfds_t)n + 1, HELPER_RESTART_PAUSE_S * 1000) < 0) {
			if (errno == EINTR)
				continue;
			log_err("auth broker: poll: %s", strerror(errno));
			_exit(1);
		}
		for (i = 0; i < n; i++)
			if (hs[i].chan >= 0 && pfd[i + 1].revents)
				helper_event(&hs[i]);
		if (free_one && free_one->chan >= 0 && free_one->idle && (pfd[0].revents & POLLIN))
			dispatch(lfd, free_one);
	}
}

static int
listen_at(const char *path, uid_t owner, gid_t group, char *err, size_t errlen)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		snprintf(err, errlen, "%s: path too long for a unix socket", path);
		return -1;
	}
	strlcopy(sa.sun_path, path, sizeof(sa.sun_path));
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
		goto fail;
	unlink(path);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0)
		goto fail;
	if (chmod(path, 0600) != 0)
		goto fail;
	if (getuid() == 0 && chown(path, owner, group) != 0)
		goto fail;
	if (listen(fd, BROKER_BACKLOG) != 0)
		goto fail;
	return fd;
fail:
	snprintf(err, errlen, "%s: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	return -1;
}

pid_t
broker_spawn(const char *path, const char *service, uid_t owner, gid_t group,
    int processes, char *err, size_t errlen)
{
	int lfd = listen_at(path, owner, group, err, errlen);
	pid_t master = getpid(), pid;

	if (lfd < 0)
		return -1;
	if ((pid = fork()) < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		close(lfd);
		return -1;
	}
	if (pid == 0) {
		broker_main(lfd, service, owner, processes, master);
		_exit(0);
	}
	/* Only the broker holds the socket: when it dies, connects fail at once
	 * and logins answer 503 until the master has started a new one. */
	close(lfd);
	return pid;
}

/* Sends req and reads the one-byte answer; 0 when there is none in time,
 * with the reason in why. */
static char
broker_ask(const char *path, const struct broker_req *req, int timeout_s,
    char *why, size_t whylen)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct pollfd pfd;
	char answer = 0;
	int fd;

	strlcopy(sa.sun_path, path, sizeof(sa.sun_path));
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0) {
		snprintf(why, whylen, "socket: %s", strerror(errno));
		return 0;
	}
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		snprintf(why, whylen, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (send(fd, req, sizeof(*req), MSG_NOSIGNAL) != (ssize_t)sizeof(*req)) {
		snprintf(why, whylen, "%s: the request could not be sent", path);
		goto out;
	}
	pfd.fd = fd;
	pfd.events = POLLIN;
	if (poll(&pfd, 1, timeout_s * 1000) != 1 || read(fd, &answer, 1) != 1) {
		snprintf(why, whylen, "%s: no answer within %d s", path, timeout_s);
		answer = 0;
	}
out:
	close(fd);
	return answer;
}

/* The broker answered or not: an outage and its end are logged once
 * (base/log.h), however many logins and health checks meet it. */
static void
note_answer(char answer, const char *why)
{
	if (answer == 0)
		log_cause_down(LOG_CAUSE_BROKER, why);
	else
		log_cause_up(LOG_CAUSE_BROKER);
}

enum auth_result
broker_check(const char *path, const char *user, const char *password, int timeout_s)
{
	struct broker_req req;
	char answer, why[BROKER_WHY_MAX];

	if (strlen(user) > AUTH_USER_MAX || strlen(password) > AUTH_PASS_MAX)
		return AUTH_DENIED;
	memset(&req, 0, sizeof(req));
	req.magic = BROKER_MAGIC;
	strlcopy(req.user, user, sizeof(req.user));
	strlcopy(req.pass, password, sizeof(req.pass));
	answer = broker_ask(path, &req, timeout_s, why, sizeof(why));
	wipe(&req, sizeof(req));
	note_answer(answer, why);
	return answer == 'Y' ? AUTH_OK : answer == 'N' ? AUTH_DENIED : AUTH_UNAVAILABLE;
}

bool
broker_ping(const char *path, int timeout_s)
{
	struct broker_req req;
	char answer, why[BROKER_WHY_MAX];

	memset(&req, 0, sizeof(req));
	req.magic = BROKER_PING_MAGIC;
	answer = broker_ask(path, &req, timeout_s, why, sizeof(why));
	note_answer(answer, why);
	return answer == BROKER_PONG;
}
