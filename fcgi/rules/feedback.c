/* feedback.c -- see feedback.h. */
#include "config.h"

#include <string.h>

#include "base/util.h"
#include "rules/feedback.h"

/* A conversation in which the round still takes invitations. */
static bool
conversation_open(const char *status)
{
	return strcmp(status, "planned") == 0 || strcmp(status, "preparing") == 0 ||
	    strcmp(status, "held") == 0;
}

/* Held or later: the "after the conversation" of the template. */
static bool
conversation_held(const char *status)
{
	return strcmp(status, "held") == 0 || strcmp(status, "finalized") == 0 ||
	    strcmp(status, "closed") == 0;
}

bool
fb_round_complete(const struct fb_round *r)
{
	return r->answered >= r->threshold && r->open == 0;
}

bool
fb_may_invite(const struct fb_round *r, enum fb_party party, const char *conv_status)
{
	bool side = (party == FB_EMPLOYEE && r->invited_by != FB_BY_MANAGER) ||
	    (party == FB_MANAGER && r->invited_by != FB_BY_EMPLOYEE);

	if (!side || !conversation_open(conv_status))
		return false;
	return !(r->anonymous && fb_round_complete(r));
}

bool
fb_may_answer(bool answered, const char *today, const char *deadline)
{
	/* ISO dates compare as strings */
	return !answered && strcmp(today, deadline) <= 0;
}

bool
fb_suggested_deadline(const char *today, const char *conv_day, char *out, size_t size)
{
	char earliest[DAY_LEN + 1];

	if (!day_add(today, FB_MIN_LEAD_DAYS, earliest, sizeof(earliest)))
		return false;
	/* ISO days compare as strings; a conversation too close (or past)
	 * leaves too little time to answer before it */
	if (day_add(conv_day, -1, out, size) && strcmp(out, earliest) >= 0)
		return true;
	return day_add(today, FB_DEFAULT_DAYS, out, size);
}

enum fb_show
fb_visibility(const struct fb_round *r, enum fb_party party, const char *conv_status)
{
	if (party == FB_NOBODY)
		return FB_SHOW_NONE;
	if (party == FB_EMPLOYEE && r->employee_sees == FB_SEES_NEVER)
		return FB_SHOW_NEVER;
	if (party == FB_EMPLOYEE && r->employee_sees == FB_SEES_AFTER &&
	    !conversation_held(conv_status))
		return FB_SHOW_AFTER;
	if (!r->anonymous)
		return FB_SHOW_NAMED;
	if (r->answered < r->threshold)
		return FB_SHOW_THRESHOLD;
	if (r->open > 0)
		return FB_SHOW_WAITING;
	return FB_SHOW_AGGREGATE;
}

const char *
fb_show_name(enum fb_show s)
{
	static const char *const names[] = {
		[FB_SHOW_NONE] = "none", [FB_SHOW_NEVER] = "never", [FB_SHOW_AFTER] = "after",
		[FB_SHOW_THRESHOLD] = "threshold", [FB_SHOW_WAITING] = "waiting",
		[FB_SHOW_NAMED] = "named", [FB_SHOW_AGGREGATE] = "aggregate",
	};

	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "none";
}
