/* test_calibration.c -- calibration's rules (rules/calibration.h): who
 * sees which part of a department's proposed ratings, which rating is
 * "proposed", and when a proposal may be made or accepted. */
#include "config.h"

#include <stdio.h>

#include "rules/calibration.h"
#include "rules/roles.h"
#include "tap.h"

enum { MANAGER = 20, OTHER = 30 };

static enum calib_access
access_of(unsigned roles, bool covers, bool manages)
{
	struct calib_facts f = { roles, covers, manages };

	return calib_access(&f);
}

static void
test_access(void)
{
	is_int(access_of(0, false, false), CALIB_NONE, "a stranger: nothing");
	is_int(access_of(0, false, true), CALIB_NAMES, "a manager of people there: names");
	is_int(access_of(HR_ADVISOR, true, false), CALIB_NAMES, "an advisor of it: names");
	is_int(access_of(HR_ADVISOR, false, false), CALIB_NONE,
	    "an advisor of other departments: nothing");
	is_int(access_of(HR_ADVISOR_ALL, false, false), CALIB_NAMES, "an advisor of all: names");
	is_int(access_of(HR_ADMIN, false, false), CALIB_NONE,
	    "an administrator without advisor rights: nothing (ratings with names are content)");
	is_int(access_of(HR_ADMIN | HR_ADVISOR, true, false), CALIB_NAMES,
	    "an administrator who advises the department: names");
	is_int(access_of(HR_AUDITOR, false, false), CALIB_NONE, "an auditor: nothing");
	is_int(access_of(HR_ADMIN, false, true), CALIB_NAMES,
	    "an administrator who manages people there: names");
}

static void
test_may_run(void)
{
	struct calib_facts admin = { HR_ADMIN, false, false };
	struct calib_facts advisor = { HR_ADVISOR, true, false };
	struct calib_facts manager = { 0, false, true };
	struct calib_facts stranger = { 0, false, false };

	ok(!calib_may_run(&admin), "an administrator runs no round");
	ok(calib_may_run(&advisor), "the advisor runs a round");
	ok(calib_may_run(&manager), "a manager there runs a round");
	ok(!calib_may_run(&stranger), "a stranger runs none");
}

static void
test_proposed(void)
{
	ok(calib_is_proposed("assessment", "finalized", 3, false), "finalized, unsigned: proposed");
	ok(calib_is_proposed("assessment", "finalized", 0, false), "a level valued 0 counts");
	ok(!calib_is_proposed("assessment", "finalized", 3, true), "signed by the employee: not");
	ok(!calib_is_proposed("assessment", "held", 3, false), "held: not yet");
	ok(!calib_is_proposed("assessment", "closed", 3, false), "closed: not");
	ok(!calib_is_proposed("assessment", "finalized", -1, false), "no final rating: not");
	ok(!calib_is_proposed("progress", "finalized", 3, false), "a progress conversation: not");
	ok(!calib_is_proposed(NULL, NULL, 3, false), "nothing: not");
}

static void
test_check(void)
{
	struct calib_proposal_facts good = {
		.round_open = true, .in_round = true, .proposed = true, .on_scale = true,
		.other_waiting = false, .current = 3, .old_rating = 3, .new_rating = 4,
	};
	struct calib_proposal_facts f;

	is_int(calib_check(&good, false), CALIB_OK, "a proposal that may be made");
	is_int(calib_check(&good, true), CALIB_OK, "and accepted");
	f = good; f.round_open = false;
	is_int(calib_check(&f, false), CALIB_ROUND_CLOSED, "closed round: refused");
	is_int(calib_check(&f, true), CALIB_ROUND_CLOSED, "closed round: no accept");
	f = good; f.in_round = false;
	is_int(calib_check(&f, false), CALIB_OUTSIDE, "another department's: refused");
	f = good; f.proposed = false;
	is_int(calib_check(&f, false), CALIB_NOT_PROPOSED, "signed meanwhile: refused");
	is_int(calib_check(&f, true), CALIB_NOT_PROPOSED, "signed meanwhile: no accept");
	f = good; f.other_waiting = true;
	is_int(calib_check(&f, false), CALIB_WAITING, "another waits: refused");
	f = good; f.on_scale = false;
	is_int(calib_check(&f, false), CALIB_NOT_ON_SCALE, "off the scale: refused");
	f = good; f.new_rating = 3;
	is_int(calib_check(&f, false), CALIB_SAME, "the same rating: refused");
	f = good; f.current = 2;
	is_int(calib_check(&f, true), CALIB_STALE, "the rating moved since: no accept");
}

static void
test_decides(void)
{
	ok(calib_decides(MANAGER, MANAGER, false), "the dossier's manager decides");
	ok(!calib_decides(OTHER, MANAGER, false), "someone else does not");
	ok(!calib_decides(0, 0, false), "nobody decides for a dossier without a manager");
	ok(calib_decides(OTHER, MANAGER, true), "the manager's deputy during the period decides");
	ok(!calib_decides(OTHER, 0, true), "no deputy decides for a dossier without a manager");
}

int
main(void)
{
	test_access();
	test_may_run();
	test_proposed();
	test_check();
	test_decides();
	return tap_done();
}
