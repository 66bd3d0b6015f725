/* feedback.h -- 360-degree and upward feedback rounds (issue 17,
 * sql/087_feedback.sql): the invitations of a conversation's round, the
 * answers, and what the pages read of them.
 *
 * A round belongs to one conversation, of the type its template version's
 * feedback names (store/template.h); who may invite and who sees what is
 * decided by rules/feedback.h, and every write checks its own conditions
 * again inside its transaction, under the row it changes.
 *
 * Anonymity: an anonymous answer is written with no author, a random id
 * and the created_at of the round's first invitation; the invitation
 * keeps only that its invitee has answered (the migration's head says
 * why that is unlinkable).  The reads of an anonymous round are
 * aggregates: counts per question and level, texts sorted by their text;
 * no statement of an anonymous read selects an author, an id or a time of
 * an answer. */
#ifndef GESPREK_STORE_FEEDBACK_H
#define GESPREK_STORE_FEEDBACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/dossier.h"
#include "store/status.h"
#include "store/template.h"
#include "rules/cycle_rules.h"
#include "rules/person.h"

/* Characters of an open answer: a note's. */
#define FEEDBACK_TEXT_MAX TEXT_MAX_CHARS
/* Invitations of one round, people a search shows, open invitations on a
 * dashboard. */
#define FEEDBACK_INVITATIONS_MAX 50
#define FEEDBACK_SEARCH_MAX 25
#define FEEDBACK_TODO_MAX 50
/* Characters of a name search. */
#define FEEDBACK_SEARCH_CHARS 100
/* YYYY-MM-DD and its terminator. */
#define FEEDBACK_DATE_SIZE 11

/* One invitation of a round (invitee's name, deadline, answered). */
struct feedback_invitation {
	int64_t id, conversation_id, invitee_id, dossier_id;
	char invitee[4 * NAME_MAX_LEN + 1];
	char employee[4 * NAME_MAX_LEN + 1];	/* whom the feedback is about */
	char cycle[4 * CYCLE_NAME_MAX + 1];
	char deadline[FEEDBACK_DATE_SIZE];
	bool answered;
	bool open;		/* not answered, deadline not passed */
};
typedef int (*feedback_invitation_fn)(void *ud, const struct feedback_invitation *i);

/* The invitations of conversation conv_id's round, by invitee name (at
 * most FEEDBACK_INVITATIONS_MAX); `today` (YYYY-MM-DD) decides `open`. */
int feedback_invitations(struct db *db, int64_t conv_id, const char *today,
    feedback_invitation_fn fn, void *ud);

/* One invitation by id; DB_NOTFOUND when there is none. */
int feedback_invitation_get(struct db *db, int64_t id, const char *today,
    struct feedback_invitation *out);

/* The open invitations of an invitee (not answered, deadline not
 * passed), soonest deadline first, at most FEEDBACK_TODO_MAX: a list of
 * the start page (store/dashboard.h). */

/* A row of store/dashboard_sql.h's INVITATION_COLUMNS, copied into *i. */
struct db_row;
void feedback_invitation_of_row(const struct db_row *r, struct feedback_invitation *i);

/* An invitation to write. */
struct feedback_invite {
	int64_t conversation_id, invitee_id, actor;
	const char *deadline;		/* YYYY-MM-DD, not before today */
	const char *today;
	const char *conv_type;		/* the round's conversation type */
	bool anonymous;
	int threshold;
	int64_t *made;			/* out (may be NULL): the invitation's id */
};

/* Invites in one transaction, under the conversation's row lock: the
 * conversation must be of the round's type and still open (planned,
 * preparing, held) in an open dossier, the invitee an active employee
 * other than the dossier's employee, and an anonymous round not yet
 * complete (rules/feedback.h).  DB_DUPLICATE: already invited;
 * DB_CONFLICT: the conversation or the round moved on; DB_NOTFOUND: no
 * such invitee.  Audited (entity "feedback"). */
int feedback_invite(struct db *db, const struct feedback_invite *in);

/* One answer to one question, as typed. */
struct feedback_answer_input {
	const char *question_key;
	const char *body;	/* open: NULL when left empty */
	int rating;		/* rating: a level value; -1 when none */
};

/* Writes the invitee's answers in one transaction, under the invitation's
 * row lock: actor must be its invitee (else DB_NOTFOUND), it must not be
 * answered yet and today not past its deadline (else DB_CONFLICT).
 * Anonymous: see the head of this file.  Audited without the answers. */
int feedback_answer_save(struct db *db, int64_t invitation_id, int64_t actor, const char *today,
    bool anonymous, const struct feedback_answer_input *a, size_t n);

/* The counts of conv_id's round: invitations answered, still open. */
struct feedback_counts {
	int invited, answered, open;
};
int feedback_counts(struct db *db, int64_t conv_id, const char *today,
    struct feedback_counts *out);

/* A named answer (author, question, text or rating), by question then
 * author. */
struct feedback_named {
	const char *author, *question_key, *body;
	int rating;		/* -1: none */
};
typedef int (*feedback_named_fn)(void *ud, const struct feedback_named *a);
int feedback_named_answers(struct db *db, int64_t conv_id, feedback_named_fn fn, void *ud);

/* The aggregate of an anonymous round: per question either a level and
 * how many chose it (body NULL), or one text (count 0), texts sorted. */
struct feedback_aggregate {
	const char *question_key;
	int rating;		/* -1 for a text */
	int count;
	const char *body;
};
typedef int (*feedback_aggregate_fn)(void *ud, const struct feedback_aggregate *a);
int feedback_aggregate(struct db *db, int64_t conv_id, feedback_aggregate_fn fn, void *ud);

/* Active employees whose name or login holds q, by name, at most
 * FEEDBACK_SEARCH_MAX, leaving out `except` (the dossier's employee). */
struct feedback_person {
	int64_t id;
	const char *name, *login;
};
typedef int (*feedback_person_fn)(void *ud, const struct feedback_person *p);
int feedback_search(struct db *db, const char *q, int64_t except, feedback_person_fn fn,
    void *ud);

/* ---- mail (issue 17): the invitation and the reminder before its deadline ---- */

/* Open invitations (not answered, deadline from today to today + days),
 * not reminded yet, of active invitees with an address, soonest first,
 * at most `limit`. */
struct feedback_reminder {
	int64_t invitation_id, conversation_id, invitee_id;
	const char *name, *email, *lang;	/* the invitee; lang "" when none chosen */
	const char *employee, *cycle, *deadline;
};
typedef int (*feedback_reminder_fn)(void *ud, const struct feedback_reminder *r);
int feedback_reminders_due(struct db *db, const char *today, int days, int limit,
    feedback_reminder_fn fn, void *ud);

/* Marks the invitation reminded (today) and queues m in one transaction;
 * *queued false when it was reminded or answered meanwhile (another run,
 * another host), and then nothing is queued. */
struct mail_new;
int feedback_remind_enqueue(struct db *db, int64_t invitation_id, const char *today,
    const struct mail_new *m, bool *queued);

/* The conversations of employee_id that have a feedback round with at
 * least one invitation (for the personal export), by cycle and seq. */
typedef int (*feedback_conv_fn)(void *ud, int64_t conv_id);
int feedback_conversations_of(struct db *db, int64_t employee_id, feedback_conv_fn fn, void *ud);

#endif
