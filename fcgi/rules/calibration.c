/* calibration.c -- see calibration.h. */
#include "config.h"

#include <string.h>

#include "rules/calibration.h"
#include "rules/roles.h"

enum calib_access
calib_access(const struct calib_facts *f)
{
	if (roles_reads_dossier(f->roles, f->advisor_covers) || f->manages_there)
		return CALIB_NAMES;
	/* An administrator without advisor rights reads no ratings with
	 * names, and a manager's distribution is one: refused as content is,
	 * as a stranger. */
	return CALIB_NONE;
}

bool
calib_may_run(const struct calib_facts *f)
{
	return calib_access(f) == CALIB_NAMES;
}

bool
calib_is_proposed(const char *type, const char *status, int overall_rating,
    bool employee_signed)
{
	return type && strcmp(type, "assessment") == 0 && status &&
	    strcmp(status, "finalized") == 0 && overall_rating >= 0 && !employee_signed;
}

enum calib_problem
calib_check(const struct calib_proposal_facts *f, bool deciding)
{
	if (!f->round_open)
		return CALIB_ROUND_CLOSED;
	if (!f->in_round)
		return CALIB_OUTSIDE;
	if (!f->proposed)
		return CALIB_NOT_PROPOSED;
	if (deciding)	/* the proposal is the waiting one; its rating must stand */
		return f->current == f->old_rating ? CALIB_OK : CALIB_STALE;
	if (f->other_waiting)
		return CALIB_WAITING;
	if (!f->on_scale)
		return CALIB_NOT_ON_SCALE;
	if (f->new_rating == f->current)
		return CALIB_SAME;
	return CALIB_OK;
}

bool
calib_decides(int64_t viewer_id, int64_t manager_id, bool acting_deputy)
{
	if (manager_id == 0 || viewer_id == 0)
		return false;
	return viewer_id == manager_id || acting_deputy;
}
