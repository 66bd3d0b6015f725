/* xml_shape.c -- the bounded look at an XML file before parsing
 * (xml_shape.h).  One pass, no allocation, no recursion. */
#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "import/xml_shape.h"

struct scan {
	const char *p, *end;
	size_t line;
};

static bool
scan_at(const struct scan *s, const char *token)
{
	size_t n = strlen(token);

	return (size_t)(s->end - s->p) >= n && memcmp(s->p, token, n) == 0;
}

static void
scan_to(struct scan *s, const char *to)
{
	for (; s->p < to; s->p++)
		s->line += *s->p == '\n';
}

/* Moves past the next `token` (or to the end). */
static void
scan_past(struct scan *s, const char *token)
{
	const char *hit = memmem(s->p, (size_t)(s->end - s->p), token, strlen(token));

	scan_to(s, hit ? hit + strlen(token) : s->end);
}

/* A start tag, s->p after its '<': the '=' outside quoted values, one per
 * attribute; moves past its '>'. */
static size_t
scan_tag(struct scan *s)
{
	size_t attrs = 0;
	char quote = 0;

	for (; s->p < s->end; s->p++) {
		char c = *s->p;

		s->line += c == '\n';
		if (quote) {
			quote = c == quote ? 0 : quote;
		} else if (c == '"' || c == '\'') {
			quote = c;
		} else if (c == '=') {
			attrs++;
		} else if (c == '>') {
			s->p++;
			break;
		}
	}
	return attrs;
}

enum xml_shape
xml_shape_check(const char *data, size_t len, const struct xml_shape_limits *lim,
    size_t *line)
{
	struct scan s = { data, data + len, 1 };
	size_t elements = 0;
	const char *lt;

	*line = 0;
	while ((lt = memchr(s.p, '<', (size_t)(s.end - s.p))) != NULL) {
		scan_to(&s, lt + 1);
		if (scan_at(&s, "!DOCTYPE"))
			return XML_SHAPE_OK;
		if (scan_at(&s, "!--"))
			scan_past(&s, "-->");
		else if (scan_at(&s, "![CDATA["))
			scan_past(&s, "]]>");
		else if (scan_at(&s, "?"))
			scan_past(&s, "?>");
		else if (scan_at(&s, "/") || scan_at(&s, "!"))
			scan_past(&s, ">");
		else {
			size_t at = s.line;

			if (scan_tag(&s) > lim->attrs_max) {
				*line = at;
				return XML_SHAPE_ATTRS;
			}
			if (++elements > lim->elements_max) {
				*line = at;
				return XML_SHAPE_ELEMENTS;
			}
		}
	}
	return XML_SHAPE_OK;
}
