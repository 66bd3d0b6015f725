/* htmlsave.h -- the result of an HTML transform written straight into the
 * answer's buffer, byte for byte what libxslt's xsltSaveResultTo writes
 * for <xsl:output method="html" encoding="UTF-8" indent="no"/> through
 * libxml2 2.9's HTML serializer (htmlDocContentDumpFormatOutput).
 *
 * Why not libxml2's: its serializer was a quarter of a page's render --
 * every attribute value copied twice and escaped through a fresh buffer,
 * every piece written through an output buffer and then copied into ours.
 *
 * It writes only the shapes our stylesheets make: an HTML document with
 * its doctype, elements and attributes without namespaces, text and
 * comments.  Anything else (a namespace, an entity reference, a
 * processing instruction, text split over several nodes in an attribute)
 * returns false with out as it was, and render.c falls back to libxslt's
 * own serializer: the bytes never depend on which one ran.
 * tests/unit/test_render.c compares the two on every shipped page. */
#ifndef GESPREK_HTMLSAVE_H
#define GESPREK_HTMLSAVE_H

#include <stdbool.h>

#include <libxml/tree.h>

#include "base/util.h"

/* Sets the document's <meta> charset to encoding (as libxslt does) and
 * appends the serialized document to out; false (out unchanged) when the
 * document has a shape it does not write, or out of memory. */
bool html_save(xmlDocPtr doc, const char *encoding, struct buf *out);

#endif
