/* main_privs.c -- see main_privs.h. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "base/log.h"
#include "main_privs.h"

/* A pid as text in the pidfile: digits and a newline. */
#define PID_TEXT_MAX 24

/* The pidfile, held locked (flock) by the master while it runs: a second
 * gesprekd meets the lock and refuses to start.  The kernel lets go of a
 * flock when its holder dies, so a stale file after a crash blocks
 * nothing. */
static char pid_path[CONF_STR_MAX + 16];
static int pid_fd = -1;

/* Takes the pidfile's lock and writes our pid into it; false, with a
 * message naming the holder, when another gesprekd holds it. */
bool
lock_pidfile(const struct conf *conf)
{
	char text[PID_TEXT_MAX];
	ssize_t got;
	int n;

	if (!conf_pidfile(conf, pid_path, sizeof(pid_path))) {
		log_err("pidfile: path too long");
		return false;
	}
	pid_fd = open(pid_path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (pid_fd < 0) {
		log_err("pidfile %s: %s", pid_path, strerror(errno));
		return false;
	}
	if (flock(pid_fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno != EWOULDBLOCK) {
			log_err("pidfile %s: %s", pid_path, strerror(errno));
			goto fail;
		}
		got = pread(pid_fd, text, sizeof(text) - 1, 0);
		text[got > 0 ? got : 0] = '\0';
		text[strcspn(text, "\n")] = '\0';
		log_err("another gesprekd (pid %s) is running: it holds the lock on %s"
		    " (and serves its socket); refusing to start a second one",
		    text[0] ? text : "unknown", pid_path);
		goto fail;
	}
	n = snprintf(text, sizeof(text), "%ld\n", (long)getpid());
	if (ftruncate(pid_fd, 0) != 0 || pwrite(pid_fd, text, (size_t)n, 0) != n) {
		log_err("pidfile %s: %s", pid_path, strerror(errno));
		goto fail;
	}
	return true;
fail:
	/* Not ours: neither removed nor truncated. */
	close(pid_fd);
	pid_fd = -1;
	return false;
}

void
unlock_pidfile(void)
{
	if (pid_fd < 0)
		return;
	/* Removed while still locked: a gesprekd starting now either met the
	 * lock or makes a new file. */
	unlink(pid_path);
	close(pid_fd);
	pid_fd = -1;
}

/* The capabilities root keeps: exactly conf/systemd/gesprekd.service's
 * CapabilityBoundingSet (which says why each is needed), so a gesprekd
 * started by hand, by another init or a container is held as tightly as
 * under systemd. */
static const int kept_caps[] = {
	CAP_SETUID, CAP_SETGID,	/* the worker becomes [server] user */
	CAP_CHOWN,		/* the broker's socket and socket_group */
	CAP_KILL,		/* signals to the worker, another user by then */
	CAP_DAC_READ_SEARCH,	/* PAM and NSS read files root does not own */
	CAP_AUDIT_WRITE,	/* libpam's audit records */
};

static bool
cap_kept(int cap)
{
	size_t i;

	for (i = 0; i < sizeof(kept_caps) / sizeof(kept_caps[0]); i++)
		if (kept_caps[i] == cap)
			return true;
	return false;
}

/* Drops cap from the bounding set unless it is kept or already gone
 * (under systemd it is: dropping needs CAP_SETPCAP, which the unit does
 * not give). */
static bool
bounding_drop(int cap)
{
	if (cap_kept(cap) || prctl(PR_CAPBSET_READ, cap, 0, 0, 0) != 1)
		return true;
	if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) == 0)
		return true;
	log_err("prctl(PR_CAPBSET_DROP, %d): %s", cap, strerror(errno));
	return false;
}

static bool
sets_within(const struct __user_cap_data_struct *data, const uint32_t *keep)
{
	size_t i;

	for (i = 0; i < _LINUX_CAPABILITY_U32S_3; i++)
		if ((data[i].permitted & ~keep[i]) || (data[i].effective & ~keep[i]) ||
		    data[i].inheritable)
			return false;
	return true;
}

/* The effective, permitted and inheritable sets down to kept_caps. */
static bool
caps_limit_sets(void)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
	size_t i;
	uint32_t keep[_LINUX_CAPABILITY_U32S_3] = { 0 };

	for (i = 0; i < sizeof(kept_caps) / sizeof(kept_caps[0]); i++)
		keep[CAP_TO_INDEX(kept_caps[i])] |= CAP_TO_MASK(kept_caps[i]);
	if (syscall(SYS_capget, &hdr, data) != 0)
		goto fail;
	/* Under the unit they are down already: no capset (a seccomp filter
	 * need not allow it). */
	if (sets_within(data, keep))
		return true;
	for (i = 0; i < _LINUX_CAPABILITY_U32S_3; i++) {
		data[i].effective &= keep[i];
		data[i].permitted &= keep[i];
		data[i].inheritable = 0;
	}
	if (syscall(SYS_capset, &hdr, data) == 0)
		return true;
fail:
	log_err("capabilities: %s", strerror(errno));
	return false;
}

/* As far as the systemd unit holds gesprekd, the code holds itself, and
 * every child inherits it: no new privileges through execve (the unit's
 * NoNewPrivileges; as root, pam_unix reads the shadow file itself and
 * never needs its setuid helper unix_chkpwd), and as root only the
 * unit's capabilities.  Called once the socket is open, before the
 * children start.  The worker's setuid() then empties its sets. */
bool
limit_privileges(void)
{
	int cap;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
		log_err("prctl(PR_SET_NO_NEW_PRIVS): %s", strerror(errno));
		return false;
	}
	if (geteuid() != 0)
		return true;	/* nothing to give up */
	/* CAP_SETPCAP last: it is what allows dropping the others. */
	for (cap = 0; prctl(PR_CAPBSET_READ, cap, 0, 0, 0) >= 0; cap++)
		if (cap != CAP_SETPCAP && !bounding_drop(cap))
			return false;
	return bounding_drop(CAP_SETPCAP) && caps_limit_sets();
}

void
pidfile_close_in_child(void)
{
	if (pid_fd >= 0)
		close(pid_fd);
	pid_fd = -1;
}

/* Asks the kernel for sig when the master dies, then
 * checks that it is still there: if it died between the fork and the
 * prctl, no signal will ever come, and getppid() names init (or a
 * subreaper) instead of the master.  The setting is cleared by a change
 * of user or group: the worker calls this after dropping privileges. */
bool
die_with_master(pid_t master, int sig)
{
	if (prctl(PR_SET_PDEATHSIG, sig, 0, 0, 0) != 0) {
		log_err("prctl(PR_SET_PDEATHSIG): %s", strerror(errno));
		return false;
	}
	return getppid() == master;
}
