/* render.h -- the compiled stylesheets and catalogs, shared read-only by all
 * threads and swapped as a whole on SIGHUP; rendering a page document. */
#ifndef GESPREK_RENDER_H
#define GESPREK_RENDER_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/tree.h>

#include "base/util.h"

#define STYLES_MAX 64		/* stylesheets in the directory */
#define STYLE_NAME_MAX 64

struct styles;
struct catalog;

/* Compiles every *.xsl of dir and loads dir/i18n/{nl,en}.xml. */
struct styles *styles_load(const char *dir, char *err, size_t errlen);
/* Makes s the current generation; the old one goes once its last user
 * releases it. */
void styles_install(struct styles *s);
/* The current generation, held until released. */
struct styles *styles_acquire(void);
void styles_release(struct styles *s);
bool styles_has(const struct styles *s, const char *name);
/* A number that differs for every set of stylesheets loaded (a reload
 * makes pages render differently). */
unsigned long styles_generation(const struct styles *s);
const struct catalog *styles_catalog(const struct styles *s, const char *lang);

/* Once in main: libxml2/libxslt/EXSLT set-up and the security prefs.
 * Also sets the calling thread's error handlers (render_thread_init). */
bool render_init(void);
/* At the start of every thread that uses libxml2: its error handlers are
 * per thread, and a thread without ours writes raw parser output to
 * stderr instead of the log. */
void render_thread_init(void);

/* Transforms doc with stylesheet `name` in language lang into out. */
bool render_html(const struct styles *s, const char *name, xmlDocPtr doc,
    const char *lang, struct buf *out);
/* Serialises doc itself (the XML view of a page). */
bool render_xml(xmlDocPtr doc, struct buf *out);

#endif
