/* decode.c -- the text of an HR export as UTF-8.  Excel and most Dutch HR
 * systems (AFAS Profit, Nmbrs) save CSV as Windows-1252, or as UTF-8 with a
 * byte order mark.  A file that is valid UTF-8 is taken as it is; any other
 * is read as Windows-1252, because a Windows-1252 text with accents is
 * almost never valid UTF-8 by accident, while the reverse guess would turn
 * every "é" of a UTF-8 file into two characters.  A file with both
 * well-formed UTF-8 characters and bytes that are not is broken UTF-8, not
 * Windows-1252: it is left as it is, and its bad rows are refused. */
#include "config.h"

#include <string.h>

#include "import/parse.h"
#include "base/util.h"

#define BOM "\xef\xbb\xbf"
#define BOM_LEN 3
/* Windows-1252 differs from Latin-1 only in 0x80..0x9F. */
#define CP1252_LOW 0x80
#define CP1252_HIGH 0x9f
/* The five bytes Windows-1252 leaves undefined. */
#define CP1252_UNDEFINED 0

static const unsigned short cp1252[CP1252_HIGH - CP1252_LOW + 1] = {
	0x20ac, CP1252_UNDEFINED, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, CP1252_UNDEFINED, 0x017d, CP1252_UNDEFINED,
	CP1252_UNDEFINED, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, CP1252_UNDEFINED, 0x017e, 0x0178,
};

/* One code point below 0x10000 as UTF-8. */
static void
put_utf8(struct buf *out, unsigned cp)
{
	char b[3];

	if (cp < 0x80) {
		b[0] = (char)cp;
		buf_append(out, b, 1);
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3f));
		buf_append(out, b, 2);
	} else {
		b[0] = (char)(0xe0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		buf_append(out, b, 3);
	}
}

/* True when data holds at least one well-formed multi-byte UTF-8 character. */
static bool
has_utf8_sequence(const unsigned char *d, size_t len)
{
	size_t i, n;

	for (i = 0; i < len; i++) {
		if (d[i] < 0xc2 || d[i] > 0xf4)
			continue;
		n = d[i] < 0xe0 ? 2 : d[i] < 0xf0 ? 3 : 4;
		if (i + n <= len && utf8_valid((const char *)d + i, n))
			return true;
	}
	return false;
}

bool
text_utf8(const char *data, size_t len, struct buf *out, bool *converted)
{
	size_t i;

	*converted = false;
	if (len >= BOM_LEN && memcmp(data, BOM, BOM_LEN) == 0) {
		data += BOM_LEN;
		len -= BOM_LEN;
	}
	if (utf8_valid(data, len) || has_utf8_sequence((const unsigned char *)data, len))
		return buf_append(out, data, len);
	*converted = true;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)data[i];
		unsigned cp = c;

		if (c >= CP1252_LOW && c <= CP1252_HIGH)
			cp = cp1252[c - CP1252_LOW];
		/* An undefined byte stays as it is: still not UTF-8, so the
		 * row that holds it is refused with its line. */
		if (cp == CP1252_UNDEFINED)
			buf_append(out, &data[i], 1);
		else
			put_utf8(out, cp);
	}
	return !out->failed;
}
