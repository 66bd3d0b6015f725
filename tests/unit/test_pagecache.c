/* test_pagecache.c -- pages kept by context, transcript and stamps;
 * bounded in bytes; a held page outlives its eviction. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "xml/pagecache.h"

/* A body of n bytes, all c. */
static char *
body_of(size_t n, char c)
{
	char *b = malloc(n);

	memset(b, c, n);
	return b;
}

static bool
body_is(struct pagecache_hit *h, const char *want)
{
	size_t len;
	const char *b = h ? pagecache_body(h, &len) : NULL;

	return b && len == strlen(want) && memcmp(b, want, len) == 0;
}

static void
test_transcript(void)
{
	struct pagecache_hit *h;

	pagecache_put("ctx1", 4, "rows-a", 6, "", 0, "<p>a</p>", 8);
	h = pagecache_find("ctx1", 4, "rows-a", 6, "", 0);
	ok(body_is(h, "<p>a</p>"), "the same context and rows: the kept page");
	pagecache_release(h);
	ok(pagecache_find("ctx1", 4, "rows-b", 6, "", 0) == NULL, "other rows: nothing");
	ok(pagecache_find("ctx1", 4, "rows-", 5, "", 0) == NULL, "fewer rows: nothing");
	ok(pagecache_find("ctx2", 4, "rows-a", 6, "", 0) == NULL, "another context: nothing");
	pagecache_put("ctx1", 4, "rows-b", 6, "", 0, "<p>b</p>", 8);
	ok(pagecache_find("ctx1", 4, "rows-a", 6, "", 0) == NULL, "a newer page replaces the older");
	h = pagecache_find("ctx1", 4, "rows-b", 6, "", 0);
	ok(body_is(h, "<p>b</p>"), "the newer one is found");
	pagecache_release(h);
}

static void
test_stamps(void)
{
	struct pagecache_hit *h;

	pagecache_put("ctx3", 4, "rows", 4, "s1", 2, "<p>3</p>", 8);
	h = pagecache_find_stamped("ctx3", 4, "s1", 2);
	ok(body_is(h, "<p>3</p>"), "the same stamps: the kept page, rows unread");
	pagecache_release(h);
	ok(pagecache_find_stamped("ctx3", 4, "s2", 2) == NULL, "other stamps: nothing");
	ok(pagecache_find_stamped("ctx3", 4, "", 0) == NULL, "no stamps: never by stamps");
	/* The rows read again and found the same: kept on the new stamps. */
	h = pagecache_find("ctx3", 4, "rows", 4, "s2", 2);
	ok(body_is(h, "<p>3</p>"), "found by its rows");
	pagecache_release(h);
	h = pagecache_find_stamped("ctx3", 4, "s2", 2);
	ok(body_is(h, "<p>3</p>"), "and from then on by the new stamps");
	pagecache_release(h);
	ok(pagecache_find_stamped("ctx3", 4, "s1", 2) == NULL, "not by the old ones");
}

static void
test_bounds(void)
{
	size_t big = PAGECACHE_ENTRY_MAX / 2;
	char *body = body_of(big, 'x'), ctx[16];
	struct pagecache_hit *first, *h;
	struct pagecache_stats s;
	size_t i, n = 3 * PAGECACHE_BYTES / big;
	const char *kept;
	size_t len;

	pagecache_put("huge", 4, "", 0, "", 0, body, PAGECACHE_ENTRY_MAX);
	ok(pagecache_find("huge", 4, "", 0, "", 0) == NULL, "a page over the entry limit is not kept");
	pagecache_put("c-0", 3, "", 0, "", 0, body, big);
	first = pagecache_find("c-0", 3, "", 0, "", 0);
	ok(first != NULL, "a big page is kept");
	for (i = 1; i < n; i++) {
		snprintf(ctx, sizeof(ctx), "c-%zu", i);
		pagecache_put(ctx, strlen(ctx), "", 0, "", 0, body, big);
	}
	pagecache_stats(&s);
	ok(s.bytes <= PAGECACHE_BYTES, "the cache stays within its bytes");
	ok(s.entries < n, "the least recently used went");
	ok(pagecache_find("c-0", 3, "", 0, "", 0) == NULL, "the first is gone");
	kept = pagecache_body(first, &len);
	ok(len == big && kept[0] == 'x' && kept[big - 1] == 'x', "a held page outlives its eviction");
	pagecache_release(first);
	snprintf(ctx, sizeof(ctx), "c-%zu", n - 1);
	h = pagecache_find(ctx, strlen(ctx), "", 0, "", 0);
	ok(h != NULL, "the newest is there");
	pagecache_release(h);
	free(body);
}

int
main(void)
{
	struct pagecache_stats s;

	test_transcript();
	test_stamps();
	test_bounds();
	pagecache_stats(&s);
	ok(s.hits > 0 && s.stamped_hits > 0 && s.misses > 0, "hits and misses are counted");
	return tap_done();
}
