/* calibration.h -- calibration (kalibratie, issue 17): who sees the
 * proposed final ratings of a department, who runs a calibration round,
 * which conversations it may touch, and who decides on a proposal.  Pure
 * decisions: pages/calibration.c asks them to decide what to show and
 * offer, store/calibration.c again under its row locks (DESIGN §3).
 *
 * The one rule for managers: a manager calibrates a department (and its
 * sub-departments) when they are the manager of at least one dossier of
 * the cycle whose employee is in it -- "the departments where they manage
 * people".  Calibration is comparing one's own proposals with those of
 * the other managers there, so such a manager sees the names behind every
 * number of that department, as an HR advisor of it does.  An HR
 * administrator without advisor rights reads no ratings with names
 * (rules/roles.h): the view is content, refused as to a stranger. */
#ifndef GESPREK_RULES_CALIBRATION_H
#define GESPREK_RULES_CALIBRATION_H

#include <stdbool.h>
#include <stdint.h>

/* What a viewer sees of a department's proposed ratings. */
enum calib_access {
	CALIB_NONE,		/* nothing: 403, as a stranger */
	CALIB_NAMES,		/* the distributions and the people behind
				 * each number; runs rounds */
};

/* The facts about a viewer and one department (and cycle). */
struct calib_facts {
	unsigned roles;		/* rules/roles.h bits */
	bool advisor_covers;	/* an advisor assigned to it or above it */
	bool manages_there;	/* manager of a dossier of the cycle in it */
};

enum calib_access calib_access(const struct calib_facts *f);
/* Opens and closes a round, proposes changes: the CALIB_NAMES viewers. */
bool calib_may_run(const struct calib_facts *f);

/* A final rating "proposed" by its manager: an assessment the manager
 * has finalized (status finalized) with a final rating, that the
 * employee has not signed yet.  Only such a rating is calibrated. */
bool calib_is_proposed(const char *type, const char *status, int overall_rating,
    bool employee_signed);

/* Why a proposal is refused (the form says it at its field). */
enum calib_problem {
	CALIB_OK,
	CALIB_NOT_PROPOSED,	/* signed, reopened or otherwise no longer proposed */
	CALIB_SAME,		/* the rating is that already */
	CALIB_NOT_ON_SCALE,	/* not a level of the final scale */
	CALIB_OUTSIDE,		/* not a dossier of the round's cycle and department */
	CALIB_WAITING,		/* another proposal of it waits for its manager */
	CALIB_ROUND_CLOSED,	/* the round is closed */
	CALIB_STALE,		/* the rating changed since it was proposed */
};

/* The facts of a proposal at the moment it is written or decided. */
struct calib_proposal_facts {
	bool round_open;
	bool in_round;		/* the conversation is of the round's cycle and department */
	bool proposed;		/* calib_is_proposed of the conversation now */
	bool on_scale;		/* the new rating is a level of the final scale */
	bool other_waiting;	/* another proposal of the conversation waits */
	int current, old_rating, new_rating;	/* the rating now, then, proposed */
};
/* May a proposal be made (deciding false) or accepted (deciding true)?
 * The first problem found, in the order a user can act on it. */
enum calib_problem calib_check(const struct calib_proposal_facts *f, bool deciding);

/* Accepts or rejects a proposal: the dossier's manager (the one the
 * rating is of), or -- acting_deputy: the viewer is, today, the manager's
 * deputy for this dossier (rules/deputy.h, store/deputy.h) -- the deputy
 * in the manager's place, exactly as the manager can.  HR, a proposer or
 * a deputy outside the period does not decide for them. */
bool calib_decides(int64_t viewer_id, int64_t manager_id, bool acting_deputy);

#endif
