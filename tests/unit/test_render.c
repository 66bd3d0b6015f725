/* test_render.c -- the allocation arena (xml/arena.h) piece by piece, and
 * a real page through the shipped stylesheets rendered again and again
 * inside it: the same bytes every time, with the arena's memory used
 * again from one render to the next.  tests/run runs it under valgrind
 * and ASan, which would report memory of a render that outlived its
 * window. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxslt/transform.h>
#include <libxslt/xsltutils.h>

#include "tap.h"
#include "xml/arena.h"
#include "xml/render.h"

/* Renders of the page compared with the first. */
#define RENDERS 5

static void
test_pieces(void)
{
	char *a, *b, *c, *big, *heap;

	heap = xmlMalloc(64);
	ok(heap && !arena_owns(heap), "outside a window: the heap");
	arena_begin();
	a = xmlMalloc(40);
	ok(a && arena_owns(a), "inside: the arena");
	strcpy(a, "kept across a realloc");
	b = xmlRealloc(a, 4000);
	is_str(b, "kept across a realloc", "realloc keeps the bytes");
	xmlFree(b);
	c = xmlMalloc(4000);
	ok(c == b, "a freed piece is handed out again");
	ok(arena_whole(), "all of the window in the arena so far");
	big = xmlMalloc(ARENA_LARGE);
	ok(!arena_whole(), "a piece from the heap: no longer whole");
	ok(big && !arena_owns(big), "a large piece comes from the heap");
	xmlFree(big);
	xmlFree(heap);		/* made outside, freed inside: free() */
	xmlFree(c);
	ok(arena_used() > 0, "the window used the arena");
	arena_end();
	ok(!arena_whole(), "outside a window: never whole");
	a = xmlMalloc(40);
	ok(a && !arena_owns(a), "after the window: the heap again");
	arena_begin();
	ok(arena_whole(), "a new window starts whole");
	a = xmlRealloc(a, 80);
	ok(!arena_whole(), "growing heap memory inside the window: not whole");
	arena_end();
	xmlFree(a);
}

static void
test_page(void)
{
	const char *top = getenv("top_srcdir");
	char dir[1024], path[1024], err[256] = "";
	struct styles *s;
	struct buf first, again;
	xmlDocPtr doc;
	bool same = true;
	int i;

	snprintf(dir, sizeof(dir), "%s/xslt", top ? top : ".");
	snprintf(path, sizeof(path), "%s/tests/unit/data/conversation.xml", top ? top : ".");
	s = styles_load(dir, err, sizeof(err));
	doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
	if (!ok(s && doc, "stylesheets and page load")) {
		printf("# %s\n", err);
		return;
	}
	buf_init(&first);
	buf_init(&again);
	ok(render_html(s, "conversation", doc, "nl", &first), "the form renders");
	ok(first.len > 10000 && memmem(first.data, first.len, "<form", 5) != NULL,
	    "into a page with forms");
	for (i = 0; i < RENDERS; i++) {
		buf_reset(&again);
		if (!render_html(s, "conversation", doc, "en", &again) ||
		    !render_html(s, "conversation", doc, "nl", &again))
			same = false;
		else if (again.len < first.len ||
		    memcmp(again.data + again.len - first.len, first.data, first.len) != 0)
			same = false;
	}
	ok(same, "every later render gives the same bytes");
	ok(!arena_owns(first.data), "the result lives outside the arena");
	buf_free(&first);
	buf_free(&again);
	xmlFreeDoc(doc);
	styles_release(s);
}

int
main(void)
{
	if (!render_init()) {
		ok(false, "render_init");
		return tap_done();
	}
	/* A build without the arena (--disable-render-arena) still renders
	 * the page; only the pieces of the arena itself have nothing to test. */
	if (arena_enabled())
		test_pieces();
	else
		printf("ok %d # skip the arena is off (--disable-render-arena)\n", ++tap_n);
	test_page();
	arena_thread_end();
	xsltCleanupGlobals();
	xmlCleanupParser();
	return tap_done();
}
