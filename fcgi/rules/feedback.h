/* feedback.h -- who may do what in a feedback round (issue 17), and what
 * a viewer is shown of its answers.  Pure: the pages gather the facts
 * (the viewer's side in the dossier, the round's settings from the
 * template version, the conversation's status, the counts), these
 * functions decide, and the store checks the write's own conditions again
 * inside its transaction.
 *
 * The rules
 * ---------
 * Inviting: the employee or the manager of the dossier, as the template
 *   says (employee, manager, both), while the round's conversation is
 *   still open (planned, preparing, held).  In an anonymous round nobody
 *   may be invited any more once its answers have been shown (the round
 *   is complete, below): an invitation after that would let whoever saw
 *   the aggregate tell the newcomer's answer from the next one.
 * Answering: only the invitee, once (no editing: an edit would need the
 *   link between author and answer that an anonymous round does not
 *   keep), on or before the deadline.
 * Seeing the answers (readers: HR and the manager's manager, as for the
 *   rest of the dossier):
 *   - the employee only as the template says: always, after the
 *     conversation (held or later), or never;
 *   - named rounds: each answer with its author;
 *   - anonymous rounds: aggregated only (counts per level, texts sorted,
 *     no author), and only when at least `threshold` invitees answered AND
 *     the round is complete (no invitation still open: each answered or
 *     past its deadline).  Waiting for completion means the aggregate is
 *     first seen with its final set of answers, so two looks at it can
 *     never be told apart by one new answer.  Below that nobody sees
 *     anything, HR included, and the page says why.
 * Invitees see nothing of the dossier and only their own invitation. */
#ifndef GESPREK_RULES_FEEDBACK_H
#define GESPREK_RULES_FEEDBACK_H

#include <stdbool.h>
#include <stddef.h>

/* The viewer's part in the dossier (pages/conv_view.h's side). */
enum fb_party { FB_NOBODY, FB_READER, FB_EMPLOYEE, FB_MANAGER };
/* template.h's enum tpl_who and enum tpl_fb_sees, in their order. */
enum fb_inviter { FB_BY_EMPLOYEE, FB_BY_MANAGER, FB_BY_BOTH };
enum fb_sees { FB_SEES_ALWAYS, FB_SEES_AFTER, FB_SEES_NEVER };

struct fb_round {
	bool anonymous;
	int threshold;
	enum fb_inviter invited_by;
	enum fb_sees employee_sees;
	int answered;		/* invitations answered */
	int open;		/* invitations neither answered nor past their deadline */
};

/* What a viewer is shown of the answers. */
enum fb_show {
	FB_SHOW_NONE,		/* not this viewer's to see (no reason given) */
	FB_SHOW_NEVER,		/* the employee: the template says never */
	FB_SHOW_AFTER,		/* the employee: after the conversation */
	FB_SHOW_THRESHOLD,	/* anonymous: fewer than the threshold answered */
	FB_SHOW_WAITING,	/* anonymous: enough, but invitations still open */
	FB_SHOW_NAMED,		/* each answer with its author */
	FB_SHOW_AGGREGATE,	/* counts and sorted texts, no author */
};

/* May `party` invite in a round of `conv_status`? */
bool fb_may_invite(const struct fb_round *r, enum fb_party party, const char *conv_status);

/* May the invitee answer: not answered yet and today (YYYY-MM-DD) on or
 * before the deadline (YYYY-MM-DD)? */
bool fb_may_answer(bool answered, const char *today, const char *deadline);

/* Has an anonymous round shown its answers to someone (see above)? */
/* The deadline the invitation form suggests (issue 17: one click, no date
 * to type): the day before the conversation (conv_day, its local day, or
 * "" when it has none) when that leaves at least FB_MIN_LEAD_DAYS from
 * today, otherwise FB_DEFAULT_DAYS after today.  out: DAY_LEN + 1 bytes;
 * false when today is no day. */
#define FB_MIN_LEAD_DAYS 3
#define FB_DEFAULT_DAYS 14
bool fb_suggested_deadline(const char *today, const char *conv_day, char *out, size_t size);

bool fb_round_complete(const struct fb_round *r);

/* What `party` sees of the answers of a round whose conversation is in
 * `conv_status`. */
enum fb_show fb_visibility(const struct fb_round *r, enum fb_party party,
    const char *conv_status);

/* The page's words for s (i18n keys end in it): "none", "never", ... */
const char *fb_show_name(enum fb_show s);

#endif
