/* dashboard_sql.h -- the SELECTs of the start page's lists (GET /) that
 * other statements share: dashboard.c runs them all as one tagged UNION
 * ALL, and feedback.c, calibration.c, deputy.c run their own reads of the
 * same rows with the same text.  Only store/ includes this; it includes
 * no store header (each would tie its includers in a circle): a file that
 * expands a macro with a limit includes the limit's header. */
#ifndef GESPREK_STORE_DASHBOARD_SQL_H
#define GESPREK_STORE_DASHBOARD_SQL_H

#include "base/util.h"

/* An invitation with its invitee, the dossier's employee and cycle, and
 * whether it is open on the day of the first parameter (feedback.c
 * invitation_of reads these ten columns). */
#define INVITATION_COLUMNS \
	"i.id, i.conversation_id, i.invitee_id, c.dossier_id, ie.name, de.name, cy.name," \
	" i.deadline, i.answered, i.answered = 0 AND i.deadline >= ?"
#define INVITATION_FROM \
	" FROM feedback_invitation i JOIN employee ie ON ie.id = i.invitee_id" \
	" JOIN conversation c ON c.id = i.conversation_id JOIN dossier d ON d.id = c.dossier_id" \
	" JOIN employee de ON de.id = d.employee_id JOIN cycle cy ON cy.id = d.cycle_id"
#define INVITATION_NCOLS 10

/* A calibration proposal (calibration.c calib_proposal_of_row reads
 * these seventeen columns). */
#define PROPOSAL_COLUMNS \
	"p.id, p.round_id, p.conversation_id, c.dossier_id, p.status, p.old_rating," \
	" p.new_rating, p.reason, p.author_id, a.name, COALESCE(dm.name, '')," \
	" COALESCE(p.decision_reason, ''), e.name," \
	" DATE_FORMAT(p.created_at, '%Y-%m-%dT%H:%i:%sZ'), p.version, COALESCE(df.name, '')," \
	" COALESCE(DATE_FORMAT(p.decided_at, '%Y-%m-%dT%H:%i:%sZ'), '')"
#define PROPOSAL_FROM \
	" FROM calibration_proposal p JOIN employee a ON a.id = p.author_id" \
	" LEFT JOIN employee dm ON dm.id = p.decided_by" \
	" LEFT JOIN employee df ON df.id = p.decided_for" \
	" JOIN conversation c ON c.id = p.conversation_id JOIN dossier d ON d.id = c.dossier_id" \
	" JOIN employee e ON e.id = d.employee_id"
#define PROPOSAL_NCOLS 17

/* The managers whose whole team a deputy holds on a day (rules/deputy.h
 * deputy_report_team): appointments for all reports only, by name
 * (DEPUTY_TEAMS_MAX: store/deputy.h).
 * Parameters: the deputy, the day twice. */
#define DEPUTY_TEAMS_SELECT(tag, pad) \
	"SELECT DISTINCT " tag "p.manager_id, m.name" pad DEPUTY_TEAMS_REST
#define DEPUTY_TEAMS_REST \
	" FROM deputy p JOIN employee m ON m.id = p.manager_id" \
	" WHERE p.deputy_id = ? AND p.employee_id IS NULL AND p.ended_at IS NULL" \
	" AND p.starts_on <= ? AND p.ends_on >= ? ORDER BY m.name, p.manager_id" \
	" LIMIT " STR(DEPUTY_TEAMS_MAX)

/* Item i (created in conversation ic) of dossier d as its manager may
 * see it (DESIGN §5; view_visible in pages/conv_view.c): not written in a
 * conversation still private, or written by the manager, or shared by its
 * author's side.  The employee's private preparation stays out of the
 * manager's overdue count. */
#define MANAGER_SEES_ITEM \
	"(ic.id IS NULL OR ic.status NOT IN ('planned', 'preparing')" \
	" OR i.author_id = d.manager_id" \
	" OR (i.author_id = d.employee_id AND ic.employee_shared = 1)" \
	" OR (COALESCE(i.author_id, 0) <> d.employee_id AND ic.manager_shared = 1))"
/* Per report and open dossier the manager holds (two cycles open: two
 * rows, so the older cycle's open work is not hidden; issue 15), its
 * next conversation that is not closed, and its items past their
 * deadline that the manager may see.  A report without an open dossier
 * still has one row.
 * Joins with "no later one" conditions rather than scalar subqueries in
 * ON or in a derived table: MariaDB ran those again for every reference
 * (360 times for twelve reports).  By name, then a person's dossiers
 * oldest first: a sort of one team's rows, a few dozen.  Parameters: the
 * manager twice. */
#define TEAM_COLUMNS \
	"e.id, e.login, e.name, COALESCE(d.id, 0), COALESCE(c.id, 0)," \
	" COALESCE(c.type, ''), COALESCE(c.status, ''), COALESCE(c.due_on, '')," \
	" COALESCE(DATE_FORMAT(c.scheduled_at, '%Y-%m-%dT%H:%i'), '')," \
	" COALESCE(cy.name, '')," \
	" (SELECT COUNT(*) FROM item i" \
	"   LEFT JOIN conversation ic ON ic.id = i.created_in_conversation_id" \
	"   WHERE i.dossier_id = d.id" \
	"   AND i.deadline < UTC_DATE() AND i.status IN ('open', 'on_track', 'at_risk')" \
	"   AND " MANAGER_SEES_ITEM ")"
/* The team's rows in no order (the dashboard orders them itself,
 * store/dashboard.c); TEAM_REST in the team page's order. */
#define TEAM_FROM \
	" FROM employee e" \
	" LEFT JOIN dossier d ON d.employee_id = e.id AND d.manager_id = ? AND d.status = 'open'" \
	" LEFT JOIN cycle cy ON cy.id = d.cycle_id" \
	" LEFT JOIN conversation c ON c.dossier_id = d.id AND c.status <> 'closed'" \
	"  AND NOT EXISTS (SELECT 1 FROM conversation c2 WHERE c2.dossier_id = d.id" \
	"   AND c2.status <> 'closed' AND c2.seq < c.seq)" \
	" WHERE e.manager_id = ? AND e.active = 1"
#define TEAM_REST TEAM_FROM " ORDER BY e.name, e.id, d.id"
#define TEAM_NCOLS 11

#endif
