/* review.h -- the second assessor's writes and reads (issue 17,
 * sql/085_second_assessor.sql; the rules are rules/review.h).
 *
 * When the manager finalizes an assessment whose template version asks
 * for a second assessor, store/conversation.c's finalize calls
 * review_begin inside its transaction: the conversation names its second
 * assessor and waits (review 'pending').  The second assessor then, each
 * in one transaction under the conversation's row lock, with the state
 * checked there (DESIGN §3):
 *   approves        -> 'approved'; the employee may sign;
 *   returns it      -> the conversation is 'held' again ('returned'),
 *                      the manager edits and finalizes again (pending);
 *   changes a rating -> the rating is written, the old and new value with
 *                      the required reason kept in review_event.
 * Every move is a review_event (the record the employee's page, the
 * report and the signed snapshot show) and an audit row; the dossier's
 * summaries follow in the same transaction. */
#ifndef GESPREK_STORE_REVIEW_H
#define GESPREK_STORE_REVIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "rules/review.h"
#include "store/dossier.h"
#include "store/status.h"

/* Characters of a reason: a note's. */
#define REVIEW_REASON_MAX TEXT_MAX_CHARS
/* review_event.old_rating / new_rating NULL. */
#define REVIEW_NO_RATING (-1)
/* Conversations a dashboard lists for one second assessor. */
#define REVIEW_TODO_MAX 200

/* For store/conversation.c's finalize, under the conversation's lock,
 * after the move: names the second assessor when the conversation is an
 * assessment whose template version requires one (pending), else none. */
int review_begin(struct db *db, int64_t conv_id);

/* The second assessor approves.  DB_NOTFOUND: not the conversation's
 * second assessor; DB_CONFLICT: not finalized and pending (or the form's
 * version moved on). */
int review_approve(struct db *db, const struct conv_write *w);
/* The second assessor returns it to the manager with a reason. */
int review_return(struct db *db, const struct conv_write *w, const char *reason);

/* What a change is of. */
enum review_target {
	REVIEW_TARGET_OVERALL,		/* the final rating */
	REVIEW_TARGET_ITEM,		/* a result goal's rating in this conversation */
	REVIEW_TARGET_QUESTION,		/* the manager's rating of a rating question */
	REVIEW_TARGET_COMPETENCE,	/* the manager's rating of a competence */
	REVIEW_TARGETS
};
extern const char *const review_target_names[REVIEW_TARGETS];

struct review_change_input {
	enum review_target target;
	int64_t target_id;		/* the item, the competence; else 0 */
	const char *section;		/* a question's or competence's section key */
	int rating;
	const char *reason;
};
/* Why a change was not written although the store answered DB_OK. */
enum review_problem {
	REVIEW_PROBLEM_NONE,
	REVIEW_PROBLEM_TARGET,		/* no such rating in this conversation */
	REVIEW_PROBLEM_RATING,		/* not a level of the rating's scale */
	REVIEW_PROBLEM_SAME,		/* the rating is that already */
};
int review_change(struct db *db, const struct conv_write *w,
    const struct review_change_input *in, enum review_problem *problem);

/* One event, oldest first. */
struct review_event {
	int64_t id;
	const char *action;		/* approve | return | change */
	const char *target;		/* overall | item | question | competence | "" */
	int64_t target_id;
	const char *target_title;	/* the item's title, or "" */
	const char *section;		/* a question's or competence's section, or "" */
	int old_rating, new_rating;	/* REVIEW_NO_RATING: none */
	const char *reason;		/* "" when none */
	int64_t author_id;
	const char *author;
	const char *at;			/* UTC */
	/* calibrate (sql/096): who accepted the change, and the manager a
	 * deputy accepted it for; "" when none (or unknown: before 096). */
	const char *decided_by, *deputy_of;
};
typedef int (*review_event_fn)(void *ud, const struct review_event *e);

/* The conversation's review state and second assessor (0: none). */
struct review_head {
	char state[12];
	int64_t assessor_id;
	char assessor[NAME_BYTES + 1];
};

/* What review_of reads into: the head, and each event to event(ud, ...). */
struct review_read {
	struct review_head *head;
	review_event_fn event;
	void *ud;
};
/* The review of conversation conv_id, in one statement. */
int review_of(struct db *db, int64_t conv_id, const struct review_read *rd);

/* A conversation waiting for this second assessor: a list of the start
 * page (store/dashboard.h). */
struct review_todo {
	int64_t conversation_id, dossier_id;
	const char *employee, *manager, *cycle;
};
typedef int (*review_todo_fn)(void *ud, const struct review_todo *t);

/* The named second assessor of a department (HR, the department page). */
struct dept_assessor {
	int64_t id;			/* 0: none named (the manager's manager) */
	char name[NAME_BYTES + 1];
	char login[LOGIN_MAX + 1];
};
int department_assessor_get(struct db *db, int64_t department_id, struct dept_assessor *out);
/* Names (login) or, with NULL or "", clears the department's second
 * assessor, against the department's version; audited.  DB_CONFLICT: the
 * version moved on; DB_NOTFOUND: no such department; DB_OK with
 * *unknown: no active employee has that login (nothing written). */
int department_assessor_set(struct db *db, int64_t actor, int64_t department_id,
    int64_t version, const char *login, bool *unknown);

/* The cycle's demand for a second assessor (rules/review.h enum
 * review_demand, sql/089), against the cycle's version; audited.
 * DB_NOTFOUND: no such cycle; DB_CONFLICT: the version moved on or the
 * cycle is closed.  Conversations already finalized keep what they had
 * (rules/review.h review_required). */
int cycle_review_set(struct db *db, int64_t actor, int64_t cycle_id, int64_t version,
    enum review_demand demand);

#endif
