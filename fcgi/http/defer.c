/* defer.c -- see defer.h.  One thread, a small array searched for the
 * earliest time (DEFER_MAX entries: a heap would not pay), a mutex and a
 * condition variable on the monotonic clock (now_us). */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http/defer.h"
#include "base/log.h"
#include "base/util.h"

struct held {
	FCGX_Request *f;	/* owned by the queue */
	int64_t at;		/* now_us */
	struct buf bytes;	/* the whole answer: status line, headers, body */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake;
static struct held queue[DEFER_MAX];
static size_t queued;
static bool running, stopping;
static pthread_t thread;

FCGX_Request *
defer_request_new(int listen_fd)
{
	FCGX_Request *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return NULL;
	if (FCGX_InitRequest(f, listen_fd, 0) != 0) {
		free(f);
		return NULL;
	}
	return f;
}

void
defer_request_free(FCGX_Request *f)
{
	if (f == NULL)
		return;
	FCGX_Free(f, 1);
	free(f);
}

/* Writes the answer and ends the request and its connection: a kept-alive
 * connection has no thread waiting on it any more. */
static void
send_held(struct held *h)
{
	if (h->bytes.len && FCGX_PutStr(h->bytes.data, (int)h->bytes.len, h->f->out) < 0)
		log_warn("held answer: the web server went away");
	FCGX_Finish_r(h->f);
	defer_request_free(h->f);
	buf_free(&h->bytes);
}

/* The index of the earliest answer; queued > 0. */
static size_t
earliest(void)
{
	size_t i, best = 0;

	for (i = 1; i < queued; i++)
		if (queue[i].at < queue[best].at)
			best = i;
	return best;
}

static void
wait_until_us(int64_t at)
{
	struct timespec ts = { (time_t)(at / 1000000), (long)(at % 1000000) * 1000 };

	pthread_cond_timedwait(&wake, &lock, &ts);
}

static void *
delay_thread(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	for (;;) {
		struct held h;
		size_t i;

		if (queued == 0) {
			if (stopping)
				break;
			pthread_cond_wait(&wake, &lock);
			continue;
		}
		i = earliest();
		if (queue[i].at > now_us()) {
			wait_until_us(queue[i].at);
			continue;
		}
		h = queue[i];
		queue[i] = queue[--queued];
		/* Writing may block on a slow web server: not under the lock. */
		pthread_mutex_unlock(&lock);
		send_held(&h);
		pthread_mutex_lock(&lock);
	}
	pthread_mutex_unlock(&lock);
	return NULL;
}

bool
defer_start(void)
{
	pthread_condattr_t ca;

	/* The times are now_us's, CLOCK_MONOTONIC: so must the waits be. */
	if (pthread_condattr_init(&ca) != 0)
		return false;
	if (pthread_condattr_setclock(&ca, CLOCK_MONOTONIC) != 0 ||
	    pthread_cond_init(&wake, &ca) != 0) {
		pthread_condattr_destroy(&ca);
		return false;
	}
	pthread_condattr_destroy(&ca);
	stopping = false;
	if (pthread_create(&thread, NULL, delay_thread, NULL) != 0) {
		pthread_cond_destroy(&wake);
		return false;
	}
	running = true;
	return true;
}

void
defer_stop(void)
{
	if (!running)
		return;
	pthread_mutex_lock(&lock);
	stopping = true;
	pthread_cond_signal(&wake);
	pthread_mutex_unlock(&lock);
	pthread_join(thread, NULL);
	pthread_cond_destroy(&wake);
	running = false;
}

/* Not held after all: the held bytes go to the stream now. */
static void
send_now(FCGX_Request *f, struct request *r)
{
	if (r->held.len)
		FCGX_PutStr(r->held.data, (int)r->held.len, f->out);
	r->answer_at = 0;
}

bool
defer_take(FCGX_Request *f, struct request *r)
{
	struct held *h;

	if (r->answer_at == 0)
		return false;
	if (r->held.failed) {
		/* Out of memory: the answer is incomplete; the web server
		 * answers 502 rather than a half page. */
		log_err("held answer lost: out of memory");
		r->answer_at = 0;
		return false;
	}
	pthread_mutex_lock(&lock);
	if (!running || stopping || queued == DEFER_MAX) {
		pthread_mutex_unlock(&lock);
		send_now(f, r);
		return false;
	}
	h = &queue[queued++];
	h->f = f;
	h->at = r->answer_at;
	h->bytes = r->held;	/* the queue owns the bytes now */
	buf_init(&r->held);
	pthread_cond_signal(&wake);
	pthread_mutex_unlock(&lock);
	return true;
}
