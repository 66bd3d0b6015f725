/* pagecache.h -- rendered pages kept by exactly what they were made of.
 *
 * Rendering a page with XSLT costs far more than reading its rows.  A page
 * that opts in (app.h: page_cache_begin) is rendered once and kept under a
 * context -- route, path, parameters, language, format, stylesheet
 * generation, session and user -- together with the transcript of every
 * row the handler read (store/db.h: db_transcript_begin).  The next
 * request with the same context reads its rows again; only when the
 * transcript is byte for byte the same is the kept page sent instead of
 * rendering it anew.  Nothing is ever invalidated, so nothing can be
 * forgotten: a page is only reused when its input is identical, whoever
 * changed the data and however (another gesprekd, gesprekctl, SQL by hand).
 *
 * Reading the rows of a big page still costs the database more than the
 * page is worth.  A page whose data is marked by stamps (store/stamp.h:
 * numbers that move in the transaction of every change) is also kept with
 * the stamps read before its rows; a later request whose stamps are the
 * same gets it without reading the rows at all -- for PAGECACHE_TRUST
 * seconds after its rows were last read and found the same, so that even
 * a change made behind gesprek's back (SQL by hand) shows within that
 * time.
 *
 * One entry per context (a newer transcript replaces the older), shared by
 * the threads of a process, bounded in bytes, least recently used first
 * out. */
#ifndef GESPREK_PAGECACHE_H
#define GESPREK_PAGECACHE_H

#include <stdbool.h>
#include <stddef.h>

/* Every entry together: context, transcript, stamps and page. */
#define PAGECACHE_BYTES (32u << 20)
/* An entry bigger than this is not kept (a page so big is rare). */
#define PAGECACHE_ENTRY_MAX (1u << 20)
/* Seconds a page is sent on its stamps alone before its rows are read
 * again. */
#define PAGECACHE_TRUST 5

struct pagecache_hit;

/* The page kept for ctx when its transcript equals transcript, held until
 * released; NULL when there is none.  A hit is kept on the given stamps
 * (may be empty) from now on. */
struct pagecache_hit *pagecache_find(const void *ctx, size_t ctx_len,
    const void *transcript, size_t transcript_len, const void *stamps, size_t stamps_len);
/* The page kept for ctx when its stamps equal stamps (not empty) and its
 * rows were read less than PAGECACHE_TRUST seconds ago; NULL otherwise. */
struct pagecache_hit *pagecache_find_stamped(const void *ctx, size_t ctx_len,
    const void *stamps, size_t stamps_len);
const char *pagecache_body(const struct pagecache_hit *h, size_t *len);
void pagecache_release(struct pagecache_hit *h);

/* Keeps body for ctx, transcript and stamps, replacing what ctx had. */
void pagecache_put(const void *ctx, size_t ctx_len, const void *transcript,
    size_t transcript_len, const void *stamps, size_t stamps_len, const void *body,
    size_t body_len);

/* Counters for the log and the tests. */
struct pagecache_stats {
	unsigned long long hits, stamped_hits, misses, entries, bytes;
};
void pagecache_stats(struct pagecache_stats *out);

#endif
