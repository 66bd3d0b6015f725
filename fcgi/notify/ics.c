/* ics.c -- see ics.h.  Content lines are gathered one at a time and folded
 * when written, so escaping and folding never interfere: a fold never
 * splits an escape sequence's meaning (the parser unfolds first) nor a
 * UTF-8 character (we fold before a lead byte only). */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "gesprek_version.h"
#include "notify/ics.h"

#define ICS_TIME_LEN 32

/* Writes one logical content line, folded: CRLF + one space before the
 * octet that would pass ICS_LINE_OCTETS, never inside a UTF-8 sequence. */
static bool
put_line(struct buf *b, const char *s, size_t len)
{
	size_t col = 0, i, n;

	for (i = 0; i < len; i += n) {
		n = 1;
		while (i + n < len && ((unsigned char)s[i + n] & 0xC0) == 0x80)
			n++;	/* continuation bytes go with their lead byte */
		if (col + n > ICS_LINE_OCTETS) {
			if (!buf_puts(b, "\r\n "))
				return false;
			col = 1;	/* the leading space counts */
		}
		if (!buf_append(b, s + i, n))
			return false;
		col += n;
	}
	return buf_puts(b, "\r\n");
}

/* RFC 5545 3.3.11 TEXT: backslash, semicolon, comma and newline escaped;
 * other control characters dropped. */
static void
text_escape(struct buf *line, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '\\' || *s == ';' || *s == ',')
			buf_printf(line, "\\%c", *s);
		else if (*s == '\n')
			buf_puts(line, "\\n");
		else if ((unsigned char)*s >= 0x20 && *s != 0x7f)
			buf_append(line, s, 1);
	}
}

/* A parameter value (CN=...) may not hold DQUOTE; quoted, it may hold
 * ',', ';' and ':' (RFC 5545 3.2). */
static void
param_quote(struct buf *line, const char *s)
{
	buf_puts(line, "\"");
	for (; s && *s; s++)
		if (*s != '"' && (unsigned char)*s >= 0x20 && *s != 0x7f)
			buf_append(line, s, 1);
	buf_puts(line, "\"");
}

static bool
flush(struct buf *b, struct buf *line)
{
	bool ok = !line->failed && put_line(b, line->data ? line->data : "", line->len);

	buf_reset(line);
	return ok;
}

bool
ics_time(const char *in, int add_min, char *out, size_t size)
{
	struct tm tm;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	if (in == NULL || strlen(in) != 16 || sscanf(in, "%4d-%2d-%2dT%2d:%2d", &tm.tm_year,
	    &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min) != 5)
		return false;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm) + (time_t)add_min * 60;
	gmtime_r(&t, &tm);
	return strftime(out, size, "%Y%m%dT%H%M%SZ", &tm) > 0;
}

/* ORGANIZER or ATTENDEE: only with an address (a calendar needs mailto:). */
static bool
person(struct buf *b, struct buf *line, const char *prop, const char *name, const char *email,
    bool attendee)
{
	if (email == NULL || email[0] == '\0')
		return true;
	buf_printf(line, "%s;CN=", prop);
	param_quote(line, name);
	if (attendee)
		buf_puts(line, ";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE");
	buf_printf(line, ":mailto:%s", email);
	return flush(b, line);
}

static bool
text_prop(struct buf *b, struct buf *line, const char *prop, const char *value)
{
	buf_printf(line, "%s:", prop);
	text_escape(line, value);
	return flush(b, line);
}

bool
ics_build(struct buf *b, const struct ics_event *e)
{
	char start[ICS_TIME_LEN], end[ICS_TIME_LEN], stamp[ICS_TIME_LEN];
	time_t now = time(NULL);
	struct tm tm;
	struct buf line;
	bool ok;

	if (!ics_time(e->start_utc, 0, start, sizeof(start)) ||
	    !ics_time(e->start_utc, ICS_DURATION_MIN, end, sizeof(end)))
		return false;
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	buf_init(&line);
	buf_puts(b, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
	    "PRODID:-//gesprek//gesprek " GESPREK_VERSION "//NL\r\n"
	    "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nBEGIN:VEVENT\r\n");
	/* One UID per conversation: a new date is the same event with a higher
	 * SEQUENCE, so calendars update it instead of adding a second one. */
	buf_printf(b, "UID:conversation-%lld@gesprek\r\nSEQUENCE:%lld\r\nDTSTAMP:%s\r\n"
	    "DTSTART:%s\r\nDTEND:%s\r\nSTATUS:%s\r\nTRANSP:OPAQUE\r\n",
	    (long long)e->id, (long long)e->sequence, stamp, start, end,
	    e->cancelled ? "CANCELLED" : "CONFIRMED");
	ok = text_prop(b, &line, "SUMMARY", e->summary) &&
	    text_prop(b, &line, "DESCRIPTION", e->description) &&
	    person(b, &line, "ORGANIZER", e->organizer_name, e->organizer_email, false) &&
	    person(b, &line, "ATTENDEE", e->attendee_name, e->attendee_email, true) &&
	    person(b, &line, "ATTENDEE", e->organizer_name, e->organizer_email, true);
	buf_free(&line);
	buf_puts(b, "END:VEVENT\r\nEND:VCALENDAR\r\n");
	return ok && !b->failed;
}
