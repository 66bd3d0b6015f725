/* util.c -- see util.h. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "base/util.h"

/* Growth starts here and doubles; pages are a few KiB. */
#define BUF_INITIAL 1024

void
buf_init(struct buf *b)
{
	memset(b, 0, sizeof(*b));
}

void
buf_free(struct buf *b)
{
	free(b->data);
	buf_init(b);
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	b->failed = false;
	if (b->data)
		b->data[0] = '\0';
}

static bool
buf_reserve(struct buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (b->failed)
		return false;
	if (extra > SIZE_MAX / 2 - b->len - 1)
		goto fail;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return true;
	cap = b->cap ? b->cap : BUF_INITIAL;
	while (cap < need)
		cap *= 2;
	if ((p = realloc(b->data, cap)) == NULL)
		goto fail;
	b->data = p;
	b->cap = cap;
	return true;
fail:
	b->failed = true;
	return false;
}

bool
buf_append(struct buf *b, const void *data, size_t len)
{
	if (!buf_reserve(b, len))
		return false;
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return true;
}

bool
buf_puts(struct buf *b, const char *s)
{
	return buf_append(b, s, strlen(s));
}

bool
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !buf_reserve(b, (size_t)n)) {
		b->failed = true;
		return false;
	}
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return true;
}

/* Bytes of the well-formed UTF-8 character at s (at most `left` bytes
 * there): 1 to 4, or 0 for a NUL, a byte that starts no character, a
 * sequence cut short, an overlong form, a surrogate or a code point
 * beyond U+10FFFF. */
static size_t
utf8_char_len(const unsigned char *s, size_t left)
{
	unsigned char c = s[0];
	uint32_t cp;
	size_t n, k;

	if (c == 0)
		return 0;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		n = 1;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 2;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 3;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (left <= n)
		return 0;
	for (k = 1; k <= n; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[k] & 0x3f);
	}
	if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n + 1;
}

bool
utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, n;

	while (i < len) {
		if ((n = utf8_char_len(s + i, len - i)) == 0)
			return false;
		i += n;
	}
	return true;
}

size_t
utf8_cut(const char *str, size_t len, size_t max_chars, size_t max_bytes)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, chars = 0, n;

	if (len > max_bytes)
		len = max_bytes;	/* a character that would cross it is left out whole */
	while (i < len && chars < max_chars) {
		if ((n = utf8_char_len(s + i, len - i)) == 0)
			break;
		i += n;
		chars++;
	}
	return i;
}

size_t
utf8_copy(char *dst, size_t size, const char *src, size_t max_chars)
{
	size_t n;

	if (size == 0)
		return 0;
	n = utf8_cut(src, strlen(src), max_chars, size - 1);
	memmove(dst, src, n);
	dst[n] = '\0';
	return n;
}

int64_t
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int64_t
now_unix(void)
{
	return (int64_t)time(NULL);
}

void
hex_encode(const unsigned char *in, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 0x0f];
	}
	out[2 * n] = '\0';
}

int
hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool
hex_decode(const char *in, size_t inlen, unsigned char *out, size_t n)
{
	size_t i;

	if (inlen != 2 * n)
		return false;
	for (i = 0; i < n; i++) {
		int hi = hex_digit(in[2 * i]), lo = hex_digit(in[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return false;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return true;
}

bool
random_bytes(void *buf, size_t n)
{
	unsigned char *p = buf;

	while (n > 0) {
		ssize_t got = getrandom(p, n, 0);

		if (got < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		p += got;
		n -= (size_t)got;
	}
	return true;
}

void
wipe(void *p, size_t n)
{
	volatile unsigned char *v = p;

	while (n--)
		*v++ = 0;
}

bool
ct_equal(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	unsigned char d = 0;
	size_t i;

	for (i = 0; i < n; i++)
		d |= x[i] ^ y[i];
	return d == 0;
}

bool
parse_id(const char *s, size_t len, int64_t *out)
{
	int64_t v = 0;
	size_t i;

	/* No sign, no leading zero, at most 12 digits: ID_MAX. */
	if (len == 0 || len > 12 || s[0] == '0')
		return false;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

bool
strlcopy(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);

	if (size == 0)
		return n == 0;
	if (n >= size) {
		memcpy(dst, src, size - 1);
		dst[size - 1] = '\0';
		return false;
	}
	memcpy(dst, src, n + 1);
	return true;
}

bool
login_name_valid(const char *s, size_t max)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > max || s[0] == '-' || s[0] == '.')
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789._@-") == n;
}

static bool
parse_minutes(const char *s, struct tm *tm)
{
	int n = 0;

	memset(tm, 0, sizeof(*tm));
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d%n", &tm->tm_year, &tm->tm_mon, &tm->tm_mday,
	    &tm->tm_hour, &tm->tm_min, &n) != 5 || n != LOCAL_TIME_LEN)
		return false;
	tm->tm_year -= 1900;
	tm->tm_mon -= 1;
	return tm->tm_mon >= 0 && tm->tm_mon < 12 && tm->tm_mday >= 1 && tm->tm_mday <= 31 &&
	    tm->tm_hour < 24 && tm->tm_min < 60;
}

bool
time_local_to_utc(const char *local, char *out, size_t size)
{
	struct tm tm;
	time_t t;

	if (strlen(local) != LOCAL_TIME_LEN || !parse_minutes(local, &tm))
		return false;
	tm.tm_isdst = -1;	/* the zone's rules decide summer time */
	if ((t = mktime(&tm)) == (time_t)-1)
		return false;
	gmtime_r(&t, &tm);
	return strftime(out, size, "%Y-%m-%d %H:%M:00", &tm) > 0;
}

void
time_utc_to_local(const char *utc, char *out, size_t size)
{
	struct tm tm;
	time_t t;

	if (strlen(utc) < LOCAL_TIME_LEN || !parse_minutes(utc, &tm) ||
	    (utc[LOCAL_TIME_LEN] != '\0' && utc[LOCAL_TIME_LEN] != ':')) {
		strlcopy(out, utc, size);
		return;
	}
	t = timegm(&tm);
	localtime_r(&t, &tm);
	if (strftime(out, size, "%Y-%m-%dT%H:%M", &tm) == 0)
		strlcopy(out, utc, size);
}

bool
day_add(const char *day, int days, char *out, size_t size)
{
	struct tm tm = { 0 };
	char back[DAY_LEN + 1];
	time_t t;
	int n = 0;

	if (size > 0)
		out[0] = '\0';
	if (size <= DAY_LEN || day == NULL || strlen(day) != DAY_LEN ||
	    sscanf(day, "%4d-%2d-%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &n) != 3 ||
	    n != DAY_LEN)
		return false;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	/* timegm normalises 2027-02-30 to March: a day that does not come
	 * back as written does not exist. */
	t = timegm(&tm);
	if (gmtime_r(&t, &tm) == NULL || strftime(back, sizeof(back), "%Y-%m-%d", &tm) != DAY_LEN ||
	    strcmp(back, day) != 0)
		return false;
	t += (time_t)days * 86400;	/* UTC midnights: no summer time */
	if (gmtime_r(&t, &tm) == NULL || strftime(out, size, "%Y-%m-%d", &tm) != DAY_LEN) {
		out[0] = '\0';
		return false;
	}
	return true;
}
