/* ics.h -- an RFC 5545 calendar invitation for one conversation: the
 * download GET /conversations/{id}.ics and the attachment of the invitation
 * mail build it with the same function. */
#ifndef GESPREK_ICS_H
#define GESPREK_ICS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/util.h"

/* Length of a conversation in the calendar, in minutes. */
#define ICS_DURATION_MIN 60
/* RFC 5545 3.1: content lines are folded at 75 octets. */
#define ICS_LINE_OCTETS 75

struct ics_event {
	int64_t id;			/* conversation id: the UID stays the same */
	int64_t sequence;		/* the conversation's version: each change counts */
	const char *start_utc;		/* "YYYY-MM-DDTHH:MM" in UTC */
	const char *summary;		/* UTF-8 text, escaped and folded here */
	const char *description;
	const char *organizer_name;	/* the manager; email may be "" */
	const char *organizer_email;
	const char *attendee_name;	/* the employee; email may be "" */
	const char *attendee_email;
	bool cancelled;
};

/* Appends the VCALENDAR with one VEVENT to b (CRLF line ends, folded,
 * DTSTAMP = now).  False when start_utc is not a date-time or out of
 * memory. */
bool ics_build(struct buf *b, const struct ics_event *e);

/* "YYYY-MM-DDTHH:MM" plus minutes as "YYYYMMDDTHHMMSSZ"; false if malformed. */
bool ics_time(const char *in, int add_min, char *out, size_t size);

#endif
