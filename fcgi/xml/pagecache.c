/* pagecache.c -- see pagecache.h.
 *
 * A chained hash table over the context, a doubly linked list in order of
 * use, one mutex.  A hit is referenced while its page is sent, so the lock
 * is held only to find, link and unlink entries, never while writing to
 * the client. */
#include "config.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xml/pagecache.h"

/* Buckets of the table (a power of two). */
#define PAGECACHE_BUCKETS 4096

struct pagecache_hit {
	struct pagecache_hit *chain;	/* same bucket */
	struct pagecache_hit *older, *newer;	/* order of use */
	uint64_t hash;
	atomic_int refs;		/* the table's own, and one per sender */
	char *stamps;			/* owned; replaced under the lock */
	size_t stamps_len;
	time_t read_at;			/* when its rows were last read */
	size_t ctx_len, transcript_len, body_len;
	char data[];			/* context, transcript, body */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct pagecache_hit *buckets[PAGECACHE_BUCKETS];
static struct pagecache_hit *newest, *oldest;
static size_t total_bytes, total_entries;
static unsigned long long hits, stamped_hits, misses;

static time_t
now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec;
}

/* FNV-1a: the context is not secret and a collision only costs a compare. */
static uint64_t
hash_of(const void *p, size_t len)
{
	const unsigned char *s = p;
	uint64_t h = 14695981039346656037ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static size_t
entry_size(const struct pagecache_hit *e)
{
	return sizeof(*e) + e->ctx_len + e->transcript_len + e->body_len + e->stamps_len;
}

static void
unref(struct pagecache_hit *e)
{
	if (atomic_fetch_sub(&e->refs, 1) == 1) {
		free(e->stamps);
		free(e);
	}
}

static struct pagecache_hit **
slot_of(uint64_t hash)
{
	return &buckets[hash & (PAGECACHE_BUCKETS - 1)];
}

/* The entry of this context, or NULL; the lock is held. */
static struct pagecache_hit *
lookup(uint64_t hash, const void *ctx, size_t ctx_len)
{
	struct pagecache_hit *e;

	for (e = *slot_of(hash); e; e = e->chain)
		if (e->hash == hash && e->ctx_len == ctx_len && memcmp(e->data, ctx, ctx_len) == 0)
			return e;
	return NULL;
}

static void
lru_unlink(struct pagecache_hit *e)
{
	if (e->newer)
		e->newer->older = e->older;
	else
		newest = e->older;
	if (e->older)
		e->older->newer = e->newer;
	else
		oldest = e->newer;
	e->older = e->newer = NULL;
}

static void
lru_push(struct pagecache_hit *e)
{
	e->older = newest;
	e->newer = NULL;
	if (newest)
		newest->newer = e;
	newest = e;
	if (oldest == NULL)
		oldest = e;
}

/* Keeps e on these stamps from now on; the lock is held. */
static void
restamp(struct pagecache_hit *e, const void *stamps, size_t stamps_len)
{
	char *copy = NULL;

	if (stamps_len && (copy = malloc(stamps_len)) == NULL)
		stamps_len = 0;		/* no stamps: found by its rows only */
	if (copy)
		memcpy(copy, stamps, stamps_len);
	total_bytes -= e->stamps_len;
	free(e->stamps);
	e->stamps = copy;
	e->stamps_len = stamps_len;
	e->read_at = now_s();
	total_bytes += stamps_len;
}

/* Holds e for a sender and marks it the most recently used. */
static struct pagecache_hit *
take(struct pagecache_hit *e)
{
	atomic_fetch_add(&e->refs, 1);
	lru_unlink(e);
	lru_push(e);
	return e;
}

/* Takes e out of the table and drops the table's reference. */
static void
remove_entry(struct pagecache_hit *e)
{
	struct pagecache_hit **p = slot_of(e->hash);

	while (*p != e)
		p = &(*p)->chain;
	*p = e->chain;
	lru_unlink(e);
	total_bytes -= entry_size(e);
	total_entries--;
	unref(e);
}

struct pagecache_hit *
pagecache_find(const void *ctx, size_t ctx_len, const void *transcript,
    size_t transcript_len, const void *stamps, size_t stamps_len)
{
	uint64_t hash = hash_of(ctx, ctx_len);
	struct pagecache_hit *e;

	pthread_mutex_lock(&lock);
	e = lookup(hash, ctx, ctx_len);
	if (e && (e->transcript_len != transcript_len ||
	    memcmp(e->data + ctx_len, transcript, transcript_len) != 0))
		e = NULL;
	if (e) {
		restamp(e, stamps, stamps_len);
		take(e);
		hits++;
	} else {
		misses++;
	}
	pthread_mutex_unlock(&lock);
	return e;
}

struct pagecache_hit *
pagecache_find_stamped(const void *ctx, size_t ctx_len, const void *stamps,
    size_t stamps_len)
{
	uint64_t hash = hash_of(ctx, ctx_len);
	struct pagecache_hit *e;

	if (stamps_len == 0)
		return NULL;
	pthread_mutex_lock(&lock);
	e = lookup(hash, ctx, ctx_len);
	if (e && (e->stamps_len != stamps_len || memcmp(e->stamps, stamps, stamps_len) != 0 ||
	    now_s() - e->read_at >= PAGECACHE_TRUST))
		e = NULL;
	if (e) {
		take(e);
		stamped_hits++;
	}
	pthread_mutex_unlock(&lock);
	return e;
}

const char *
pagecache_body(const struct pagecache_hit *h, size_t *len)
{
	*len = h->body_len;
	return h->data + h->ctx_len + h->transcript_len;
}

void
pagecache_release(struct pagecache_hit *h)
{
	if (h)
		unref(h);
}

void
pagecache_put(const void *ctx, size_t ctx_len, const void *transcript,
    size_t transcript_len, const void *stamps, size_t stamps_len, const void *body,
    size_t body_len)
{
	size_t size = sizeof(struct pagecache_hit) + ctx_len + transcript_len + body_len;
	struct pagecache_hit *e, *old;

	if (size + stamps_len > PAGECACHE_ENTRY_MAX || (e = malloc(size)) == NULL)
		return;
	memset(e, 0, sizeof(*e));
	e->hash = hash_of(ctx, ctx_len);
	atomic_init(&e->refs, 1);
	e->ctx_len = ctx_len;
	e->transcript_len = transcript_len;
	e->body_len = body_len;
	memcpy(e->data, ctx, ctx_len);
	memcpy(e->data + ctx_len, transcript, transcript_len);
	memcpy(e->data + ctx_len + transcript_len, body, body_len);

	pthread_mutex_lock(&lock);
	if ((old = lookup(e->hash, ctx, ctx_len)) != NULL)
		remove_entry(old);
	e->chain = *slot_of(e->hash);
	*slot_of(e->hash) = e;
	lru_push(e);
	total_bytes += size;
	total_entries++;
	restamp(e, stamps, stamps_len);
	while (total_bytes > PAGECACHE_BYTES && oldest != e)
		remove_entry(oldest);
	pthread_mutex_unlock(&lock);
}

void
pagecache_stats(struct pagecache_stats *out)
{
	pthread_mutex_lock(&lock);
	out->hits = hits;
	out->stamped_hits = stamped_hits;
	out->misses = misses;
	out->entries = total_entries;
	out->bytes = total_bytes;
	pthread_mutex_unlock(&lock);
}
