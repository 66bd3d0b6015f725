/* calibration.h -- calibration rounds (kalibratie, issue 17,
 * sql/088_calibration.sql; the rules are rules/calibration.h).
 *
 * The view reads the final ratings managers have proposed (an assessment
 * finalized by its manager, not yet signed by the employee) of the
 * dossiers of one cycle whose employee is in one department or below it,
 * one row a person, at most CALIB_PEOPLE_MAX; the page counts them per
 * manager and level.
 *
 * A round is opened for a cycle and a department by someone who may run
 * it (an HR advisor of the department, a manager of people in it); within
 * it they propose a change of a proposed final rating with a reason.  The
 * dossier's manager accepts it (the final rating changes, a review_event
 * 'calibrate' with the proposer and the reason is the record the
 * employee's page and the signed snapshot show, the summaries follow) or
 * rejects it.  Closing the round ends it: proposals still waiting expire.
 * Every write is one transaction that locks, in this order, the round,
 * the conversation, the proposal (SELECT ... FOR UPDATE), decides under
 * those locks (rules/calibration.h) and writes an audit row. */
#ifndef GESPREK_STORE_CALIBRATION_H
#define GESPREK_STORE_CALIBRATION_H

#include <stdbool.h>
#include <stdint.h>

#include "rules/calibration.h"
#include "rules/person.h"
#include "store/dossier.h"
#include "store/status.h"

/* Characters of a proposal's reason and of a rejection's. */
#define CALIB_REASON_MAX 2000
/* Proposed ratings one view lists (a department of this many people at
 * once is calibrated in parts, by sub-department). */
#define CALIB_PEOPLE_MAX 1000
/* Departments the view offers to choose from. */
#define CALIB_DEPARTMENTS_MAX 500
/* Proposals a manager's dashboard lists, and a deputy's for the
 * managers they stand in for. */
#define CALIB_TODO_MAX 200
/* Decided proposals a round's page lists (issue 17). */
#define CALIB_ROUND_DECIDED_MAX 1000
/* Proposals a conversation page lists (its waiting one and its history). */
#define CALIB_CONV_PROPOSALS_MAX 50
/* Bytes of a UTC time "YYYY-MM-DDTHH:MM:SSZ". */
#define CALIB_TIME_BYTES 21

/* *yes: manager_id manages a dossier of cycle_id whose employee is in
 * department_id or below it (rules/calibration.h's rule for managers). */
int calib_manages_in(struct db *db, int64_t manager_id, int64_t cycle_id, int64_t department_id,
    bool *yes);

/* A department the viewer may calibrate. */
typedef int (*calib_department_fn)(void *ud, int64_t id, const char *name);
/* all: every department (HR reading all, or counts for the administrator);
 * else those an advisor assignment covers (advisor) and those where the
 * viewer manages people in the cycle; by name. */
int calib_departments(struct db *db, int64_t viewer_id, int64_t cycle_id, bool all, bool advisor,
    calib_department_fn fn, void *ud);

/* One proposed final rating. */
struct calib_person {
	int64_t conversation_id, dossier_id, conversation_version;
	int64_t employee_id, manager_id;
	const char *employee, *manager;
	int64_t scale_id;		/* the final scale (report.h: 0 the cycle's) */
	int rating;
	/* The proposal that waits, if any (id 0: none). */
	int64_t proposal_id;
	int proposal_rating;
	const char *proposal_author;
};
typedef int (*calib_person_fn)(void *ud, const struct calib_person *p);
/* The proposed final ratings of cycle_id in department_id and below, by
 * manager and name; at most CALIB_PEOPLE_MAX + 1 rows (one more says the
 * list was cut). */
int calib_people(struct db *db, int64_t cycle_id, int64_t department_id, calib_person_fn fn,
    void *ud);

struct calib_round {
	int64_t id;			/* 0: none */
	int64_t cycle_id, department_id, version;
	char status[8];			/* open | closed */
	char opened_by[NAME_BYTES + 1];
	char opened_at[CALIB_TIME_BYTES];
};
/* The open round of a cycle and department, or the newest closed one
 * (out->id 0: there never was one). */
int calib_round_of(struct db *db, int64_t cycle_id, int64_t department_id,
    struct calib_round *out);
/* The round `id` (out->id 0: none). */
int calib_round_get(struct db *db, int64_t id, struct calib_round *out);

/* Who acts, with their HR roles (rules/roles.h): the store asks the
 * rules again, under its locks, with the facts it reads there. */
struct calib_actor {
	int64_t id;
	unsigned roles;
};

/* Opens a round.  DB_NOTFOUND: the actor may not run one there (or no
 * such cycle or department); DB_CONFLICT: one is open already, or the
 * cycle is not open (*cycle_closed). */
int calib_round_open(struct db *db, const struct calib_actor *a, int64_t cycle_id,
    int64_t department_id, int64_t *id, bool *cycle_closed);
/* Closes it against its version; waiting proposals expire.  DB_NOTFOUND:
 * not allowed or no such round; DB_CONFLICT: closed or moved on. */
int calib_round_close(struct db *db, const struct calib_actor *a, int64_t round_id,
    int64_t version);

/* Proposes rating for the final rating of conversation conv_id in the
 * round.  DB_NOTFOUND: the actor may not run the round, or no such round
 * or conversation; DB_OK with *problem set: refused, nothing written. */
int calib_propose(struct db *db, const struct calib_actor *a, int64_t round_id,
    int64_t conv_id, int rating, const char *reason, int64_t *id,
    enum calib_problem *problem);

/* The dossier's manager -- or, during the period, the manager's deputy
 * for the dossier (store/deputy.h), recorded as deciding for the manager
 * (calibration_proposal.decided_for, review_event.deputy_of, the audit
 * detail) -- accepts or rejects a waiting proposal at the version they
 * saw (reason: a rejection's, optional; NULL on accept).
 * DB_NOTFOUND: not the dossier's manager or deputy, or no such proposal;
 * DB_CONFLICT: no longer waiting, or its version moved on;
 * DB_OK with *problem: refused (signed meanwhile, the rating moved, the
 * round closed), nothing written.  *conv_id: the proposal's conversation
 * (0 when there is none). */
int calib_accept(struct db *db, int64_t actor, int64_t proposal_id, int64_t version,
    enum calib_problem *problem, int64_t *conv_id);
int calib_reject(struct db *db, int64_t actor, int64_t proposal_id, int64_t version,
    const char *reason, enum calib_problem *problem, int64_t *conv_id);

/* One proposal, for the conversation page and the dashboard. */
struct calib_proposal {
	int64_t id, round_id, conversation_id, dossier_id, version;
	const char *status;		/* proposed accepted rejected expired */
	int old_rating, new_rating;
	const char *reason;
	int64_t author_id;
	const char *author;
	const char *decided_by;		/* "" when none */
	const char *decided_for;	/* the manager a deputy decided for; "" */
	const char *decided_at;		/* UTC "YYYY-MM-DDTHH:MM:SSZ"; "" when none */
	const char *decision_reason;	/* "" when none */
	const char *employee;		/* the dossier's employee */
	const char *at;			/* UTC "YYYY-MM-DDTHH:MM:SSZ", proposed */
	/* The dashboard's rows only (store/dashboard.h): the employee's name
	 * as its collation orders it (MariaDB's WEIGHT_STRING, compared
	 * bytewise), name_key_len bytes; else NULL. */
	const char *name_key;
	size_t name_key_len;
	/* A deputy's dashboard rows only: the manager the proposal waits
	 * for, whom the deputy decides it for; else NULL. */
	const char *manager;
};
typedef int (*calib_proposal_fn)(void *ud, const struct calib_proposal *p);
/* The proposals of a conversation, oldest first (at most
 * CALIB_CONV_PROPOSALS_MAX). */
int calib_proposals_of_conversation(struct db *db, int64_t conv_id, calib_proposal_fn fn,
    void *ud);
/* The accepted and rejected proposals of round round_id, in the order
 * they were decided (at most CALIB_ROUND_DECIDED_MAX). */
int calib_round_decided(struct db *db, int64_t round_id, calib_proposal_fn fn, void *ud);
/* The proposals waiting for a manager, by employee, are a list of the
 * start page (store/dashboard.h), and those waiting for the managers a
 * deputy stands in for today another. */
/* A row of store/dashboard_sql.h's PROPOSAL_COLUMNS; its strings point
 * into the row. */
struct db_row;
struct calib_proposal calib_proposal_of_row(const struct db_row *r);

#endif
