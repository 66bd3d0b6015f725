/* url.c -- see url.h. */
#include "config.h"

#include "http/url.h"

/* RFC 3986's unreserved characters but '~', which some older parsers took
 * for more than itself: encoding it costs nothing. */
static bool
unreserved(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c == '-' || c == '.' || c == '_';
}

/* Starts a parameter: the separator when one came before, and "name=". */
static void
begin_param(struct buf *b, const char *name)
{
	if (b->len > 0)
		buf_puts(b, "&");
	buf_puts(b, name);
	buf_puts(b, "=");
}

bool
url_param(struct buf *b, const char *name, const char *value)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	begin_param(b, name);
	for (p = (const unsigned char *)value; *p; p++) {
		char esc[3] = { '%', hex[*p >> 4], hex[*p & 15] };

		if (unreserved(*p))
			buf_append(b, p, 1);
		else
			buf_append(b, esc, sizeof(esc));
	}
	return !b->failed;
}

bool
url_param_int(struct buf *b, const char *name, int64_t value)
{
	begin_param(b, name);
	buf_printf(b, "%lld", (long long)value);
	return !b->failed;
}
