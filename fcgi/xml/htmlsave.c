/* htmlsave.c -- see htmlsave.h.  Each rule below names the libxml2 2.9.14
 * function whose output it reproduces (HTMLtree.c, entities.c, uri.c,
 * buf.c); tests/unit/test_render.c holds the two side by side. */
#include "config.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parserInternals.h>

#include "xml/htmlsave.h"

/* What libxml2 escapes in a URI attribute besides the unreserved
 * characters (htmlAttrDumpOutput's list to xmlURIEscapeStr, plus '@'). */
#define URI_KEEP "@/:=?;#%&,+<>"

/* Element descriptions by name: the names of a result tree are a few
 * dozen strings of the stylesheet's dictionary, each used hundreds of
 * times, and htmlTagLookup's binary search was a fifth of the writing. */
#define TAG_CACHE 64

struct tag_slot {
	const xmlChar *name;
	const htmlElemDesc *info;
};

struct saver {
	struct tag_slot tags[TAG_CACHE];
	struct buf *out;
	struct buf scratch;	/* an attribute value, escaped, when it must be looked at again */
	bool shape_ok;		/* false: a node this file does not write */
};

/* buf_append without its terminating NUL while there is room (a page is
 * thousands of short pieces); bterm terminates once at the end. */
static inline void
bput(struct buf *b, const void *p, size_t n)
{
	if (b->len + n < b->cap) {
		memcpy(b->data + b->len, p, n);
		b->len += n;
		return;
	}
	buf_append(b, p, n);
}

static void
bterm(struct buf *b)
{
	if (b->data && !b->failed)
		b->data[b->len] = '\0';
}

static inline void
put(struct saver *s, const char *p, size_t n)
{
	bput(s->out, p, n);
}

static inline void
puts_(struct saver *s, const char *p)
{
	bput(s->out, p, strlen(p));
}

/* The bytes escape_into copies as they are: all but <, > and &, and the
 * ASCII controls other than tab, newline and return (and NUL, the end). */
static const unsigned char plain_byte[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

/* xmlEncodeEntitiesInternal for an HTML document: <, > and & as entities,
 * other ASCII controls but tab, newline and return dropped, bytes of
 * UTF-8 as they are.  In attributes (attr) a server-side include
 * "<!--...-->" and an "&{...}" pass unescaped, as HTML 4 B.7.1 wants. */
static void
escape_into(struct buf *b, const xmlChar *text, bool attr)
{
	const xmlChar *p = text, *run = text, *end;
	const char *ent;

	for (;;) {
		unsigned char c;

		/* a byte at a time by the table: most of a page is plain */
		while (plain_byte[*p])
			p++;
		if ((c = *p) == '\0')
			break;
		if (c == '<' && attr && p[1] == '!' && p[2] == '-' && p[3] == '-' &&
		    (end = (const xmlChar *)strstr((const char *)p, "-->")) != NULL) {
			p = end + 3;
			continue;
		}
		if (c == '&' && attr && p[1] == '{' &&
		    (end = (const xmlChar *)strchr((const char *)p, '}')) != NULL) {
			p = end + 1;
			continue;
		}
		if (c == '<')
			ent = "&lt;";
		else if (c == '>')
			ent = "&gt;";
		else if (c == '&')
			ent = "&amp;";
		else
			ent = "";	/* a control character: dropped */
		bput(b, run, (size_t)(p - run));
		bput(b, ent, strlen(ent));
		run = ++p;
	}
	bput(b, run, (size_t)(p - run));
}

/* Whether name is one of names (same length, first letter checked before
 * the comparison: this runs for every attribute). */
static bool
one_of(const char *name, const char *const *names, size_t n)
{
	size_t len = strlen(name), i;
	int c = name[0] | 0x20;

	for (i = 0; i < n; i++)
		if (names[i][0] == c && strlen(names[i]) == len && strcasecmp(names[i], name) == 0)
			return true;
	return false;
}

/* htmlIsBooleanAttr: written as the name alone. */
static bool
boolean_attr(const xmlChar *name)
{
	static const char *const names[] = {
		"checked", "compact", "declare", "defer", "disabled", "ismap",
		"multiple", "nohref", "noresize", "noshade", "nowrap", "readonly",
		"selected",
	};

	return one_of((const char *)name, names, ARRAY_LEN(names));
}

/* htmlAttrDumpOutput's URI attributes: href, action and src, and name on
 * an <a> (element and attribute without a namespace, checked before). */
static bool
uri_attr(const xmlAttr *a)
{
	static const char *const names[] = { "href", "action", "src" };
	static const char *const name[] = { "name" };
	static const char *const anchor[] = { "a" };
	const char *n = (const char *)a->name;

	return one_of(n, names, ARRAY_LEN(names)) ||
	    (one_of(n, name, 1) && one_of((const char *)a->parent->name, anchor, 1));
}

static bool
uri_unreserved(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    (c != '\0' && strchr("-_.!~*'()", c) != NULL);
}

/* xmlURIEscapeStr(value, URI_KEEP) after the leading blanks, in double
 * quotes (the escaping leaves no '"' for xmlBufWriteQuotedString to
 * look at). */
static void
put_uri(struct saver *s, const char *v)
{
	static const char hex[] = "0123456789ABCDEF";
	const char *run;

	while (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r')
		v++;
	put(s, "\"", 1);
	for (run = v; *v; v++) {
		unsigned char c = (unsigned char)*v;
		char esc[3];

		if (uri_unreserved(c) || strchr(URI_KEEP, c) != NULL)
			continue;
		put(s, run, (size_t)(v - run));
		esc[0] = '%';
		esc[1] = hex[c >> 4];
		esc[2] = hex[c & 0xF];
		put(s, esc, sizeof(esc));
		run = v + 1;
	}
	put(s, run, (size_t)(v - run));
	put(s, "\"", 1);
}

/* xmlBufWriteQuotedString: double quotes, single ones around a value
 * with a '"', and &quot; when it has both. */
static void
put_quoted(struct saver *s, const char *v)
{
	const char *q;

	if (strchr(v, '"') == NULL) {
		put(s, "\"", 1);
		puts_(s, v);
		put(s, "\"", 1);
	} else if (strchr(v, '\'') == NULL) {
		put(s, "'", 1);
		puts_(s, v);
		put(s, "'", 1);
	} else {
		put(s, "\"", 1);
		while ((q = strchr(v, '"')) != NULL) {
			put(s, v, (size_t)(q - v));
			puts_(s, "&quot;");
			v = q + 1;
		}
		puts_(s, v);
		put(s, "\"", 1);
	}
}

static void
put_attr(struct saver *s, const xmlAttr *a)
{
	const xmlNode *t = a->children;
	const char *v;

	if (a->ns != NULL || (t != NULL && (t->type != XML_TEXT_NODE || t->next != NULL))) {
		s->shape_ok = false;
		return;
	}
	put(s, " ", 1);
	puts_(s, (const char *)a->name);
	if (t == NULL || boolean_attr(a->name))
		return;
	if (t->content == NULL) {
		puts_(s, "=\"\"");
		return;
	}
	v = (const char *)t->content;
	put(s, "=", 1);
	/* The common case, straight into the answer: no quote in the value
	 * (escaping adds none) and not a URI. */
	if (!uri_attr(a) && strpbrk(v, "\"'") == NULL) {
		put(s, "\"", 1);
		escape_into(s->out, t->content, true);
		put(s, "\"", 1);
		return;
	}
	buf_reset(&s->scratch);
	escape_into(&s->scratch, t->content, true);
	bterm(&s->scratch);
	if (s->scratch.failed) {
		s->out->failed = true;
		return;
	}
	if (uri_attr(a))
		put_uri(s, s->scratch.data);
	else
		put_quoted(s, s->scratch.data);
}

/* htmlDtdDumpOutput. */
static void
put_doctype(struct saver *s, const xmlDtd *d)
{
	puts_(s, "<!DOCTYPE ");
	puts_(s, (const char *)d->name);
	if (d->ExternalID != NULL) {
		puts_(s, " PUBLIC ");
		put_quoted(s, (const char *)d->ExternalID);
		if (d->SystemID != NULL) {
			put(s, " ", 1);
			put_quoted(s, (const char *)d->SystemID);
		}
	} else if (d->SystemID != NULL &&
	    strcmp((const char *)d->SystemID, "about:legacy-compat") != 0) {
		puts_(s, " SYSTEM ");
		put_quoted(s, (const char *)d->SystemID);
	}
	puts_(s, ">\n");
}

/* htmlTagLookup, remembered by the name's address (equal addresses are
 * equal names; an unequal address is only a miss). */
static const htmlElemDesc *
tag_info(struct saver *s, const xmlChar *name)
{
	struct tag_slot *slot = &s->tags[((uintptr_t)name >> 4) % TAG_CACHE];

	if (slot->name != name) {
		slot->name = name;
		slot->info = htmlTagLookup(name);
	}
	return slot->info;
}

/* The start of an element; true when its children follow (then its end
 * tag comes when the walk leaves it). */
static bool
put_element(struct saver *s, const xmlNode *e)
{
	const htmlElemDesc *info;
	const xmlAttr *a;

	if (e->ns != NULL || e->nsDef != NULL) {
		s->shape_ok = false;
		return false;
	}
	info = tag_info(s, e->name);
	put(s, "<", 1);
	puts_(s, (const char *)e->name);
	for (a = e->properties; a && s->shape_ok; a = a->next)
		put_attr(s, a);
	if (info != NULL && info->empty) {
		put(s, ">", 1);
		return false;
	}
	if (e->children != NULL) {
		put(s, ">", 1);
		return true;
	}
	if (info != NULL && info->saveEndTag && strcmp(info->name, "html") != 0 &&
	    strcmp(info->name, "body") != 0) {
		put(s, ">", 1);
		return false;
	}
	puts_(s, "></");
	puts_(s, (const char *)e->name);
	put(s, ">", 1);
	return false;
}

static void
put_text(struct saver *s, const xmlNode *t, const xmlNode *parent)
{
	if (t->content == NULL)
		return;
	static const char *const rawtext[] = { "script", "style" };
	bool raw;

	raw = t->name == xmlStringTextNoenc ||
	    (parent->type == XML_ELEMENT_NODE &&
	     one_of((const char *)parent->name, rawtext, ARRAY_LEN(rawtext)));
	if (raw)
		puts_(s, (const char *)t->content);
	else
		escape_into(s->out, t->content, false);
}

/* One node; true when the walk goes down into its children. */
static bool
put_node(struct saver *s, const xmlNode *cur, const xmlNode *parent)
{
	switch (cur->type) {
	case XML_HTML_DOCUMENT_NODE:
		if (((const xmlDoc *)cur)->intSubset != NULL)
			put_doctype(s, ((const xmlDoc *)cur)->intSubset);
		if (cur->children != NULL)
			return true;
		put(s, "\n", 1);
		return false;
	case XML_DTD_NODE:
		return false;
	case XML_ELEMENT_NODE:
		if (cur->parent != parent) {
			s->shape_ok = false;
			return false;
		}
		return put_element(s, cur);
	case XML_TEXT_NODE:
		put_text(s, cur, parent);
		return false;
	case XML_COMMENT_NODE:
		if (cur->content != NULL) {
			puts_(s, "<!--");
			puts_(s, (const char *)cur->content);
			puts_(s, "-->");
		}
		return false;
	default:
		s->shape_ok = false;
		return false;
	}
}

/* htmlNodeDumpFormatOutput without formatting, walked as it walks. */
static void
walk(struct saver *s, xmlDocPtr doc)
{
	const xmlNode *root = (const xmlNode *)doc, *cur = root, *parent = NULL;

	while (s->shape_ok && !s->out->failed) {
		if (put_node(s, cur, parent)) {
			parent = cur;
			cur = cur->children;
			continue;
		}
		for (;;) {
			if (cur == root)
				return;
			if (cur->next != NULL) {
				cur = cur->next;
				break;
			}
			cur = parent;
			parent = cur->parent;
			if (cur->type == XML_HTML_DOCUMENT_NODE) {
				put(s, "\n", 1);
			} else {
				puts_(s, "</");
				puts_(s, (const char *)cur->name);
				put(s, ">", 1);
			}
		}
	}
}

bool
html_save(xmlDocPtr doc, const char *encoding, struct buf *out)
{
	struct saver s = { .out = out, .shape_ok = true };
	size_t start = out->len;

	if (doc == NULL || doc->type != XML_HTML_DOCUMENT_NODE || out->failed)
		return false;
	/* xsltSaveResultTo writes nothing for a result without content. */
	if (doc->children == NULL ||
	    (doc->children->type == XML_DTD_NODE && doc->children->next == NULL))
		return true;
	if (htmlSetMetaEncoding(doc, BAD_CAST encoding) != 0)
		return false;
	buf_init(&s.scratch);
	walk(&s, doc);
	bterm(out);
	buf_free(&s.scratch);
	if (s.shape_ok && !out->failed)
		return true;
	out->len = start;
	if (out->data)
		out->data[start] = '\0';
	out->failed = false;
	return false;
}
