/* master.c -- see master.h. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"
#include "master.h"

#define MS_PER_S 1000
#define NS_PER_MS 1000000

static int signal_fd = -1;

/* What read_signals found pending.  SIGCHLD has no bit: it only wakes
 * the loop, which collects every ended child after each wake-up. */
enum {
	PENDING_STOP = 1 << 0,		/* SIGTERM or SIGINT */
	PENDING_HUP = 1 << 1,
};

/* One supervised child: the worker or the auth broker. */
struct child {
	const struct master_child *spec;
	pid_t pid;			/* -1: not running */
	long long started_ms;
	long long restart_ms;		/* when not running: when to start it */
};

struct master {
	const void *arg;
	struct child worker, broker;
	bool stop;
	int rc;
};

static void
master_sigset(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGHUP);
	sigaddset(set, SIGCHLD);
}

bool
master_block_signals(void)
{
	sigset_t set;

	master_sigset(&set);
	return sigprocmask(SIG_BLOCK, &set, NULL) == 0;
}

bool
master_open_signals(void)
{
	sigset_t set;

	master_sigset(&set);
	if ((signal_fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC)) < 0) {
		log_err("signalfd: %s", strerror(errno));
		return false;
	}
	return true;
}

int
master_signal_fd(void)
{
	return signal_fd;
}

/* Every signal pending now, as PENDING_* bits. */
static unsigned
read_signals(void)
{
	struct signalfd_siginfo si;
	unsigned pending = 0;

	while (read(signal_fd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT)
			pending |= PENDING_STOP;
		else if (si.ssi_signo == SIGHUP)
			pending |= PENDING_HUP;
	}
	return pending;
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * MS_PER_S + ts.tv_nsec / NS_PER_MS;
}

static void
describe_exit(const char *who, pid_t pid, int status)
{
	if (WIFSIGNALED(status))
		log_warn("%s %ld killed by signal %d", who, (long)pid, WTERMSIG(status));
	else
		log_warn("%s %ld exited with %d", who, (long)pid, WEXITSTATUS(status));
}

static void
child_start(struct master *m, struct child *c)
{
	c->started_ms = now_ms();
	if ((c->pid = c->spec->start(m->arg)) < 0)
		c->restart_ms = c->started_ms + RESTART_PAUSE_S * MS_PER_S;
}

static void
child_died(struct child *c, int status)
{
	long long now = now_ms();

	describe_exit(c->spec->name, c->pid, status);
	c->pid = -1;
	c->restart_ms = now - c->started_ms < RESTART_PAUSE_S * MS_PER_S ?
	    now + RESTART_PAUSE_S * MS_PER_S : now;
}

/* Collects every child that has ended. */
static void
reap(struct master *m)
{
	pid_t pid;
	int status;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		if (pid == m->broker.pid) {
			child_died(&m->broker, status);
		} else if (pid == m->worker.pid) {
			child_died(&m->worker, status);
			/* A worker that can never work, or one told to stop
			 * by someone else: the master stops too. */
			if (WIFEXITED(status) && (WEXITSTATUS(status) == EXIT_CONFIG ||
			    WEXITSTATUS(status) == 0)) {
				m->rc = WEXITSTATUS(status) ? 1 : 0;
				m->stop = true;
			}
		}
	}
}

/* Milliseconds until a child is due to start again; -1: none is. */
static int
poll_timeout(const struct master *m)
{
	const struct child *cs[] = { &m->broker, &m->worker };
	long long due = -1, left;
	size_t i;

	for (i = 0; i < sizeof(cs) / sizeof(cs[0]); i++)
		if (cs[i]->pid < 0 && (due < 0 || cs[i]->restart_ms < due))
			due = cs[i]->restart_ms;
	if (due < 0)
		return -1;
	left = due - now_ms();
	return left <= 0 ? 0 : (int)left;
}

static void
start_due(struct master *m)
{
	long long now = now_ms();

	if (m->broker.pid < 0 && now >= m->broker.restart_ms)
		child_start(m, &m->broker);
	if (m->worker.pid < 0 && now >= m->worker.restart_ms)
		child_start(m, &m->worker);
}

static void
child_stop(struct child *c)
{
	int status;

	if (c->pid <= 0)
		return;
	kill(c->pid, SIGTERM);
	/* The master's signals are blocked: no EINTR here. */
	waitpid(c->pid, &status, 0);
	c->pid = -1;
}

int
master_run(const struct master_child *worker, const struct master_child *broker,
    const void *arg)
{
	struct master m = {
		.arg = arg,
		.worker = { .spec = worker, .pid = -1 },
		.broker = { .spec = broker, .pid = -1 },
	};
	struct pollfd pfd = { .fd = signal_fd, .events = POLLIN };
	unsigned pending;

	child_start(&m, &m.broker);
	child_start(&m, &m.worker);
	if (m.worker.pid < 0 || m.broker.pid < 0) {
		m.rc = 1;
		goto out;
	}
	while (!m.stop) {
		if (poll(&pfd, 1, poll_timeout(&m)) < 0 && errno != EINTR) {
			log_err("poll: %s", strerror(errno));
			m.rc = 1;
			break;
		}
		pending = read_signals();
		/* Always: SIGCHLDs coalesce, and waitpid is what counts. */
		reap(&m);
		if (pending & PENDING_STOP)
			break;
		if ((pending & PENDING_HUP) && m.worker.pid > 0)
			kill(m.worker.pid, SIGHUP);
		if (!m.stop)
			start_due(&m);
	}
out:
	child_stop(&m.worker);
	child_stop(&m.broker);
	return m.rc;
}
