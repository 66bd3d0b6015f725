/* arena.c -- see arena.h. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/xmlmemory.h>

#include "xml/arena.h"

#ifdef GESPREK_RENDER_ARENA

/* Before every allocation: its size, for xmlRealloc; keeps 16-byte
 * alignment. */
#define HEADER 16
#define ALIGN(n) (((n) + 15) & ~(size_t)15)
/* Freed pieces up to this size are kept on a list per size and handed out
 * again in the same window: a render frees most of what it makes soon
 * after, so the blocks hold what is alive at once, not all it made. */
#define REUSE_MAX 4096
#define CLASSES (REUSE_MAX / 16 + 1)

/* The first ARENA_KEEP_BLOCKS blocks are one region, kept for the life of
 * the thread: every xmlFree asks whether a pointer is the arena's, and one
 * range answers that for all but the biggest renders. */
#define REGION (ARENA_BLOCK * ARENA_KEEP_BLOCKS)

struct block {
	char *base;
	size_t used;
};

struct arena {
	bool open;
	bool spilled;			/* this window used malloc (arena_whole) */
	size_t n;			/* blocks in use or kept: b[0..n-1] */
	size_t cur;			/* the block being filled */
	size_t handed;			/* bytes handed out in this window */
	char *region;			/* b[0..ARENA_KEEP_BLOCKS-1] */
	struct block b[ARENA_BLOCKS_MAX];
	void *freed[CLASSES];		/* by ALIGN(size) / 16 */
};

static _Thread_local struct arena arena;

/* Inline in arena_free: libxml2 frees some forty thousand pieces in a
 * page's render, and the call was a third of each free. */
static inline bool
owns(const void *ptr)
{
	const char *p = ptr;
	size_t i;

	if (arena.region && p >= arena.region && p < arena.region + REGION)
		return true;
	for (i = ARENA_KEEP_BLOCKS; i < arena.n; i++)
		if (p >= arena.b[i].base && p < arena.b[i].base + ARENA_BLOCK)
			return true;
	return false;
}

bool
arena_owns(const void *ptr)
{
	return owns(ptr);
}

/* Block i's memory: a part of the region, or one of its own. */
static char *
block_memory(struct arena *a, size_t i)
{
	size_t k;

	if (i >= ARENA_KEEP_BLOCKS)
		return malloc(ARENA_BLOCK);
	if (a->region == NULL) {
		/* Untouched pages of the region cost no memory. */
		if ((a->region = malloc(REGION)) == NULL)
			return NULL;
		for (k = 0; k < ARENA_KEEP_BLOCKS; k++)
			a->b[k].base = a->region + k * ARENA_BLOCK;
	}
	return a->b[i].base;
}

static void *
from_blocks(size_t size)
{
	struct arena *a = &arena;
	size_t need = HEADER + ALIGN(size);
	struct block *b;
	char *p;

	for (; a->cur < ARENA_BLOCKS_MAX; a->cur++) {
		b = &a->b[a->cur];
		if (a->cur >= a->n) {
			if ((b->base = block_memory(a, a->cur)) == NULL)
				return NULL;
			b->used = 0;
			a->n = a->cur + 1;
		}
		if (ARENA_BLOCK - b->used >= need) {
			p = b->base + b->used;
			b->used += need;
			a->handed += need;
			memcpy(p, &size, sizeof(size));
			return p + HEADER;
		}
	}
	return NULL;
}

static void *
arena_malloc(size_t size)
{
	size_t c = ALIGN(size) / 16;
	void *p = NULL;

	if (!arena.open)
		return malloc(size);
	if (size >= ARENA_LARGE)
		goto spill;
	if (c < CLASSES && (p = arena.freed[c]) != NULL) {
		memcpy(&arena.freed[c], p, sizeof(void *));
		memcpy((char *)p - HEADER, &size, sizeof(size));
		return p;
	}
	if ((p = from_blocks(size)) != NULL)
		return p;
spill:
	arena.spilled = true;
	return malloc(size);
}

static void
arena_free(void *ptr)
{
	size_t size, c;

	if (ptr == NULL)
		return;
	if (!owns(ptr)) {
		free(ptr);
		return;
	}
	/* Small pieces are used again; the rest of the blocks comes back all
	 * at once in arena_end. */
	memcpy(&size, (char *)ptr - HEADER, sizeof(size));
	c = ALIGN(size) / 16;
	if (arena.open && c < CLASSES) {
		memcpy(ptr, &arena.freed[c], sizeof(void *));
		arena.freed[c] = ptr;
	}
}

static void *
arena_realloc(void *ptr, size_t size)
{
	size_t old;
	void *p;

	if (ptr == NULL || !owns(ptr)) {
		/* Heap memory inside a window: arena_whole is false now. */
		if (arena.open)
			arena.spilled = true;
		return realloc(ptr, size);
	}
	memcpy(&old, (char *)ptr - HEADER, sizeof(old));
	if (size <= old)
		return ptr;
	if ((p = arena_malloc(size)) != NULL)
		memcpy(p, ptr, old);
	return p;
}

static char *
arena_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = arena_malloc(n);

	if (p)
		memcpy(p, s, n);
	return p;
}

bool
arena_install(void)
{
	return xmlMemSetup(arena_free, arena_malloc, arena_realloc, arena_strdup) == 0;
}

void
arena_begin(void)
{
	arena.open = true;
	arena.spilled = false;
	arena.cur = 0;
	arena.handed = 0;
	memset(arena.freed, 0, sizeof(arena.freed));
}

void
arena_end(void)
{
	struct arena *a = &arena;
	size_t i;

	a->open = false;
	/* A big render does not keep its blocks: free all beyond the first
	 * few. */
	for (i = ARENA_KEEP_BLOCKS; i < a->n; i++) {
		free(a->b[i].base);
		a->b[i].base = NULL;
	}
	if (a->n > ARENA_KEEP_BLOCKS)
		a->n = ARENA_KEEP_BLOCKS;
	for (i = 0; i < a->n; i++)
		a->b[i].used = 0;
	a->cur = 0;
}

void
arena_thread_end(void)
{
	size_t i;

	for (i = ARENA_KEEP_BLOCKS; i < arena.n; i++)
		free(arena.b[i].base);
	free(arena.region);
	memset(&arena, 0, sizeof(arena));
}

size_t
arena_used(void)
{
	return arena.handed;
}

bool
arena_whole(void)
{
	return arena.open && !arena.spilled;
}

bool
arena_enabled(void)
{
	return true;
}

#else	/* configure --disable-render-arena: libxml2 keeps malloc and free */

bool
arena_owns(const void *ptr)
{
	(void)ptr;
	return false;
}

bool
arena_install(void)
{
	return true;
}

void
arena_begin(void)
{
}

void
arena_end(void)
{
}

void
arena_thread_end(void)
{
}

size_t
arena_used(void)
{
	return 0;
}

bool
arena_whole(void)
{
	return false;
}

bool
arena_enabled(void)
{
	return false;
}

#endif
