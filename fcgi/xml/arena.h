/* arena.h -- libxml2's and libxslt's allocations during one render, from
 * a block of this thread's memory that is reset, not freed piece by piece.
 *
 * Rendering a 25 kB page makes and frees tens of thousands of small
 * objects (result tree nodes, XPath values, variables, strings): malloc
 * and free were a quarter of gesprekd's time for a form page, the largest
 * single cost after the transform itself.  Between arena_begin and
 * arena_end every xmlMalloc of the calling thread is a bump of a pointer
 * and every xmlFree of such memory nothing; arena_end makes the blocks
 * whole again for the next render.
 *
 * The rule that makes it safe: nothing allocated inside the window may
 * outlive it.  render.c keeps the whole transform -- context, result
 * document, serialized text, the thread's last libxml2 error -- inside.
 * Memory from outside (the page document, the compiled stylesheets) is
 * freed by free() as always: xmlFree looks at where a pointer lies.
 * Outside a window, and on threads that never open one, xmlMalloc is
 * malloc.  A request bigger than ARENA_LARGE, or beyond ARENA_MAX in one
 * window, also goes to malloc.
 *
 * configure --disable-render-arena builds the same calls as no-ops (libxml2
 * keeps malloc and free), so the suites can run under ASan without it. */
#ifndef GESPREK_ARENA_H
#define GESPREK_ARENA_H

#include <stdbool.h>
#include <stddef.h>

/* Bytes of one block; blocks are added as a render needs them. */
#define ARENA_BLOCK (256u << 10)
/* Blocks a thread keeps between renders (the rest are freed). */
#define ARENA_KEEP_BLOCKS 8
/* Blocks one window may use; after that, malloc. */
#define ARENA_BLOCKS_MAX 64
/* Requests of this size or more always go to malloc. */
#define ARENA_LARGE (32u << 10)

/* Routes libxml2's allocator through the arena; once, before threads. */
bool arena_install(void);

/* Opens and closes this thread's window (not nested). */
void arena_begin(void);
void arena_end(void);
/* Frees this thread's blocks (at the end of a thread that rendered). */
void arena_thread_end(void);

/* Counters of this thread, for tests: bytes handed out in the current or
 * last window, and whether ptr lies in this thread's blocks. */
size_t arena_used(void);
bool arena_owns(const void *ptr);
/* True inside a window where every allocation so far came from the
 * arena (none went to malloc, none grew memory from before the window):
 * what was made in it goes with arena_end, and freeing it piece by piece
 * first is work for nothing.  False without the arena. */
bool arena_whole(void);
/* Whether this build has the arena (not --disable-render-arena). */
bool arena_enabled(void);

#endif
