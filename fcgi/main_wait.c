/* main_wait.c -- see main_wait.h.  A parked connection is registered
 * EPOLLONESHOT: its next event goes to one waiting thread only, which
 * removes it from the set and reads the request.  The listeners and the
 * wake pipe are level-triggered: a thread that loses the race for a
 * connection gets EAGAIN from the non-blocking accept and waits again,
 * and every thread sees the closed wake pipe. */
#include "config.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "main_wait.h"

/* epoll's data of the listeners and the pipe; a parked connection's is
 * its descriptor and its listener's, PARKED_TAG marking it. */
#define TAG_WAKE 1
#define TAG_LISTENER 2
#define PARKED_TAG (UINT64_C(1) << 63)

static int epfd = -1;
static atomic_int parked;

static uint64_t
listener_data(int fd)
{
	return ((uint64_t)TAG_LISTENER << 32) | (uint32_t)fd;
}

static bool
watch(int fd, uint32_t events, uint64_t data)
{
	struct epoll_event ev = { .events = events, .data.u64 = data };

	return epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) == 0;
}

bool
wait_init(int wake_fd, int listen_fd, int trusted_fd)
{
	if ((epfd = epoll_create1(EPOLL_CLOEXEC)) < 0)
		return false;
	if (!watch(wake_fd, EPOLLIN, (uint64_t)TAG_WAKE << 32) ||
	    !watch(listen_fd, EPOLLIN, listener_data(listen_fd)))
		return false;
	return trusted_fd < 0 || watch(trusted_fd, EPOLLIN, listener_data(trusted_fd));
}

int
wait_for_work(int *listener, int *conn)
{
	struct epoll_event ev;
	int n;

	*listener = *conn = -1;
	while ((n = epoll_wait(epfd, &ev, 1, -1)) < 0 && errno == EINTR)
		;
	if (n < 0)
		return errno;
	if (ev.data.u64 & PARKED_TAG) {
		*conn = (int)(uint32_t)ev.data.u64;
		*listener = (int)((ev.data.u64 & ~PARKED_TAG) >> 32);
		/* One-shot: no other thread sees it; out of the set before
		 * libfcgi reads (and maybe closes) it. */
		epoll_ctl(epfd, EPOLL_CTL_DEL, *conn, NULL);
		atomic_fetch_sub(&parked, 1);
		return 0;
	}
	if ((ev.data.u64 >> 32) == TAG_WAKE)
		return -1;
	*listener = (int)(uint32_t)ev.data.u64;
	return 0;
}

bool
wait_park(int conn, int listener)
{
	uint64_t data = PARKED_TAG | ((uint64_t)(uint32_t)listener << 32) | (uint32_t)conn;

	if (atomic_fetch_add(&parked, 1) >= PARK_MAX) {
		atomic_fetch_sub(&parked, 1);
		return false;
	}
	/* RDHUP: nginx closing an idle connection wakes a thread too, which
	 * reads the end and closes our side. */
	if (!watch(conn, EPOLLIN | EPOLLRDHUP | EPOLLONESHOT, data)) {
		atomic_fetch_sub(&parked, 1);
		return false;
	}
	return true;
}
