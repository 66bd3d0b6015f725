/* dashboard.h -- the lists of the start page (GET /), read in one
 * statement (dashboard.c; issue 22).  Every function returns an enum
 * db_status (store/status.h). */
#ifndef GESPREK_STORE_DASHBOARD_H
#define GESPREK_STORE_DASHBOARD_H

#include <stdbool.h>
#include <stdint.h>

#include "store/calibration.h"
#include "store/deputy.h"
#include "store/employee.h"
#include "store/feedback.h"
#include "store/review.h"
#include "store/status.h"

/* The open dossiers a deputy holds today, with their manager. */
struct borrowed_row {
	int64_t dossier_id;
	const char *cycle;
	const char *employee_name;
	const char *manager_name;
	const char *ends_on;
};
typedef int (*borrowed_fn)(void *ud, const struct borrowed_row *r);

/* Who asks, and a callback with its ud for each list; the rows come list
 * by list, in the order of the fields below. */
struct dashboard_lists {
	int64_t user_id;
	/* Has active reports: also the calibration proposals waiting for
	 * them and their team (neither list is read otherwise). */
	bool manager;
	const char *today;	/* YYYY-MM-DD in the organisation's zone */
	/* Conversations waiting for the user, their own dossiers' first,
	 * then as the dossiers' manager; each list at most TODO_MAX, the
	 * newest dossiers first. */
	todo_fn todo;
	void *todo_ud;
	/* Assessments waiting for them as second assessor, by employee. */
	review_todo_fn review;
	void *review_ud;
	/* Feedback they were asked for and have not given, deadline today
	 * or later, soonest first (at most FEEDBACK_TODO_MAX). */
	feedback_invitation_fn feedback;
	void *feedback_ud;
	/* manager: proposals waiting for their decision, by employee. */
	calib_proposal_fn calibration;
	void *calibration_ud;
	/* Their own dossiers, in no order. */
	dossier_fn dossier;
	void *dossier_ud;
	/* As a deputy today: the manager's cards of the dossiers they hold
	 * (manager_name set), the dossiers, the proposals below, and the
	 * managers whose whole team they hold. */
	todo_fn borrowed_todo;
	void *borrowed_todo_ud;
	borrowed_fn borrowed;
	void *borrowed_ud;
	/* As a deputy today: the calibration proposals waiting for those
	 * managers (manager set), in no order, each with its name_key (at
	 * most CALIB_TODO_MAX). */
	calib_proposal_fn borrowed_calibration;
	void *borrowed_calibration_ud;
	deputy_team_fn team;
	void *team_ud;
	/* manager: the team (store/employee.h team_of_manager's rows), in no
	 * order, each with its name_key: the caller orders them by it, then
	 * the employee's id and the dossier's, as team_of_manager does. */
	member_fn member;
	void *member_ud;
};
int dashboard_read(struct db *db, const struct dashboard_lists *l);

#endif
