/* dashboard.c -- the start page's lists in one statement (dashboard.h).
 *
 * Each list is one SELECT of a tagged UNION ALL (db_query_tagged): MariaDB
 * spends some 80 us on every statement before it reads a row, and the
 * page had nine of them (issue 22).  Each SELECT is padded with NULLs to
 * the widest, twenty columns: a deputy's proposals' PROPOSAL_NCOLS
 * columns, their sort key and the manager's name.
 * A list with an order keeps it with its LIMIT: a UNION's part without a
 * LIMIT is read in any order.  The lists come in the order of their
 * SELECTs.  MariaDB plans every part again at each execution: where the
 * driving table is known (the user's rows by their key, then each joined
 * row by its key), STRAIGHT_JOIN spares it the search of join orders --
 * not for the proposals, whose best start changes as calibration_proposal
 * grows.  Two statements: a manager's, with the calibration proposals and
 * the team, and one without them for everyone else. */
#include "config.h"

#include <string.h>

#include "store/dashboard.h"
#include "store/dashboard_sql.h"
#include "store/db.h"
#include "store/rows.h"
#include "base/util.h"

#define N1 ", NULL"
#define N2 N1 N1
#define N4 N2 N2
#define N8 N4 N4

/* What waits for someone: their own conversations to prepare or sign
 * ('o'), and as a manager those to hold, finalize or sign ('h').  Two
 * SELECTs, each from one index of dossier (dossier_employee,
 * dossier_manager_status): as one with "employee_id = ? OR manager_id = ?"
 * MariaDB read every open dossier of the cycle (3.5 ms at a thousand
 * employees).  STRAIGHT_JOIN: from the dossiers, always -- on a small
 * organisation the optimizer was seen to start from a scan of every
 * employee.  The newest dossiers first, read backwards along the same
 * index, so that past TODO_MAX a stale cycle's leftovers drop off, never
 * this cycle's work (without an order MariaDB kept an arbitrary TODO_MAX);
 * the page orders them by urgency (rules/urgency.h), with "overdue" by
 * the database's date as the reports count it.  Preparing is asked for
 * the next conversation only; a report waiting to be finalized or signed
 * is listed whatever comes before it.  Twelve columns. */
#define TODO_COLUMNS(tag, actions) \
	" " tag ", c.id, c.type, c.status, d.id, cy.name, COALESCE(c.due_on, '')," \
	" COALESCE(DATE_FORMAT(c.scheduled_at, '%Y-%m-%dT%H:%i'), ''), e.name," \
	" CASE WHEN c.status IN ('planned', 'preparing') THEN 'prepare' " actions \
	" ELSE '' END AS action," \
	" c.seq = (SELECT MIN(c3.seq) FROM conversation c3 WHERE c3.dossier_id = d.id" \
	"   AND c3.status <> 'closed') AS is_next," \
	" cy.id, COALESCE(c.due_on < UTC_DATE(), 0)"
#define TODO_JOINS \
	" JOIN conversation c ON c.dossier_id = d.id" \
	" JOIN cycle cy ON cy.id = d.cycle_id JOIN employee e ON e.id = d.employee_id"
#define TODO_SELECT(tag, actions) \
	"(SELECT STRAIGHT_JOIN" TODO_COLUMNS(tag, actions) N4 N2 N1 " FROM dossier d" TODO_JOINS
#define TODO_END \
	" AND d.status = 'open' AND c.status IN ('planned', 'preparing', 'held', 'finalized')" \
	" HAVING action <> '' AND (action <> 'prepare' OR is_next)" \
	" ORDER BY d.id DESC LIMIT " STR(TODO_MAX) ")"
/* The employee's signature of the current round, not yet given (own) or
 * given (held: the manager signs after the employee). */
#define EMPLOYEE_SIGNED \
	"EXISTS (SELECT 1 FROM signature s WHERE s.conversation_id = c.id" \
	" AND s.role = 'employee' AND s.voided_at IS NULL AND s.snapshot_sha256 IS NULL)"
#define TODO_MANAGER_ACTIONS \
	" WHEN c.status = 'held' THEN 'finalize'" \
	" WHEN c.status = 'finalized' AND " EMPLOYEE_SIGNED " THEN 'sign'"
#define TODO_OWN \
	TODO_SELECT("'o'", " WHEN c.status = 'finalized' AND NOT " EMPLOYEE_SIGNED " THEN 'sign'") \
	" WHERE d.employee_id = ?" TODO_END
#define TODO_HELD \
	" UNION ALL " TODO_SELECT("'h'", TODO_MANAGER_ACTIONS) " WHERE d.manager_id = ?" TODO_END
/* Assessments waiting for the user as second assessor (issue 17). */
#define REVIEWS \
	" UNION ALL (SELECT STRAIGHT_JOIN 'r', c.id, d.id, e.name, COALESCE(m.name, ''), cy.name" N8 N4 N2 \
	" FROM conversation c JOIN dossier d ON d.id = c.dossier_id" \
	" JOIN employee e ON e.id = d.employee_id LEFT JOIN employee m ON m.id = d.manager_id" \
	" JOIN cycle cy ON cy.id = d.cycle_id" \
	" WHERE c.second_assessor_id = ? AND c.review = 'pending' AND c.status = 'finalized'" \
	" ORDER BY e.name, c.id LIMIT " STR(REVIEW_TODO_MAX) ")"
/* Feedback asked of the user (issue 17), open on `today`. */
#define FEEDBACK \
	" UNION ALL (SELECT STRAIGHT_JOIN 'f', " INVITATION_COLUMNS N8 N1 INVITATION_FROM \
	" WHERE i.invitee_id = ? AND i.answered = 0 AND i.deadline >= ?" \
	" ORDER BY i.deadline, i.id LIMIT " STR(FEEDBACK_TODO_MAX) ")"
/* Calibration proposals waiting for the manager (issue 17), the oldest
 * CALIB_TODO_MAX, each with its employee's name as the collation orders
 * it: the page puts them in name order.  "ORDER BY e.name" here, on a
 * table joined after the proposals, was a temporary table and a sort --
 * 0.3 ms of MariaDB's time even with no proposal at all (issue 22). */
#define PROPOSALS \
	" UNION ALL (SELECT 'k', " PROPOSAL_COLUMNS ", WEIGHT_STRING(e.name)" N1 PROPOSAL_FROM \
	" WHERE d.manager_id = ? AND p.open_key = 1 AND c.status = 'finalized'" \
	" ORDER BY p.id LIMIT " STR(CALIB_TODO_MAX) ")"
#define PROPOSAL_COL_NAME_KEY PROPOSAL_NCOLS
/* The user's own dossiers, in no order: the page sorts them by the
 * cycle's start (an ORDER BY on the joined cycle is a temporary table and
 * a sort).  STRAIGHT_JOIN: the cycle by its key for each dossier (left to
 * itself MariaDB scanned the few cycles into a join buffer). */
#define DOSSIERS \
	" UNION ALL (SELECT STRAIGHT_JOIN 'd', d.id, c.name, d.status, m.name, c.starts_on" \
	N8 N4 N2 " FROM dossier d JOIN cycle c ON c.id = d.cycle_id" \
	" LEFT JOIN employee m ON m.id = d.manager_id WHERE d.employee_id = ?)"
/* The manager's cards of the dossiers a deputy holds on `today` (issue
 * 17), with the manager's name: from the deputy's appointments (key
 * deputy_acting), to the dossiers of their manager (dossier_manager_status)
 * that they cover -- BORROWED's dossiers. */
#define TODO_BORROWED \
	" UNION ALL (SELECT STRAIGHT_JOIN" TODO_COLUMNS("'b'", TODO_MANAGER_ACTIONS) ", m.name" \
	N4 N2 " FROM deputy p JOIN dossier d ON d.manager_id = p.manager_id" \
	"  AND (p.employee_id IS NULL OR p.employee_id = d.employee_id)" TODO_JOINS \
	" JOIN employee m ON m.id = d.manager_id" \
	" WHERE p.deputy_id = ? AND p.ended_at IS NULL AND p.starts_on <= ? AND p.ends_on >= ?" \
	" AND d.employee_id <> p.deputy_id AND cy.status <> 'closed'" TODO_END
/* The open dossiers a deputy holds on `today`, by employee.  STRAIGHT_JOIN:
 * the cycle by its key (a join buffer over every cycle otherwise). */
#define BORROWED \
	" UNION ALL (SELECT STRAIGHT_JOIN 'B', d.id, c.name, e.name, m.name," \
	" DATE_FORMAT(p.ends_on, '%Y-%m-%d')" N8 N4 N2 \
	" FROM deputy p JOIN dossier d ON d.manager_id = p.manager_id" \
	"  AND (p.employee_id IS NULL OR p.employee_id = d.employee_id)" \
	" JOIN cycle c ON c.id = d.cycle_id JOIN employee e ON e.id = d.employee_id" \
	" JOIN employee m ON m.id = d.manager_id" \
	" WHERE p.deputy_id = ? AND p.ended_at IS NULL AND p.starts_on <= ? AND p.ends_on >= ?" \
	" AND d.status = 'open' AND c.status <> 'closed' AND d.employee_id <> p.deputy_id" \
	" ORDER BY e.name, d.id LIMIT " STR(DEPUTY_BORROWED_MAX) ")"
/* The calibration proposals waiting for the managers whose dossiers the
 * deputy holds on `today` (BORROWED's appointments: not ended, in the
 * period, all reports or that one, never the deputy's own dossier), each
 * with its manager's name: the deputy decides them for the manager
 * (store/calibration.c decider).  STRAIGHT_JOIN from the deputy's
 * appointments (key deputy_acting), to the manager's dossiers
 * (dossier_manager_status), their conversations (conversation_seq),
 * each one's waiting proposal (calibration_proposal_open, named: with
 * three proposals in the demo MariaDB read them all into a join buffer,
 * and the table keeps every proposal ever made), the rest by their
 * primary keys.  No ORDER BY: on a table joined after the driving one it
 * is a temporary table and a sort; the page orders them by the
 * employee's name key as the manager's (past CALIB_TODO_MAX, which are
 * left off is the keys' order, not the oldest).  The proposal is `p`
 * here as in PROPOSAL_COLUMNS, the appointment `g`.  Every dashboard
 * rendered pays for its plan, deputy or not: some 200 us of mariadbd's
 * CPU for an employee with no appointment (1,170 -> 1,370 us for the
 * whole statement at the demo, medians of 5 x 300, load 8.5), where
 * BORROWED costs some 130. */
#define PROPOSALS_BORROWED \
	" UNION ALL (SELECT STRAIGHT_JOIN 'K', " PROPOSAL_COLUMNS ", WEIGHT_STRING(e.name), m.name" \
	" FROM deputy g JOIN dossier d ON d.manager_id = g.manager_id" \
	"  AND (g.employee_id IS NULL OR g.employee_id = d.employee_id)" \
	" JOIN conversation c ON c.dossier_id = d.id" \
	" JOIN calibration_proposal p FORCE INDEX (calibration_proposal_open)" \
	"  ON p.conversation_id = c.id AND p.open_key = 1" \
	" JOIN employee e ON e.id = d.employee_id JOIN employee m ON m.id = d.manager_id" \
	" JOIN employee a ON a.id = p.author_id LEFT JOIN employee dm ON dm.id = p.decided_by" \
	" LEFT JOIN employee df ON df.id = p.decided_for" \
	" WHERE g.deputy_id = ? AND g.ended_at IS NULL AND g.starts_on <= ? AND g.ends_on >= ?" \
	" AND d.employee_id <> g.deputy_id AND c.status = 'finalized'" \
	" LIMIT " STR(CALIB_TODO_MAX) ")"
#define PROPOSAL_COL_MANAGER (PROPOSAL_NCOLS + 1)
#define TEAMS " UNION ALL (" DEPUTY_TEAMS_SELECT("STRAIGHT_JOIN 't', ", N8 N8 N1) ")"
/* The manager's team in no order, each row with its employee's name as
 * the collation orders it: the page orders them by it, the employee's id
 * and the dossier's, as the team page's ORDER BY e.name, e.id, d.id does
 * (TEAM_REST).  That ORDER BY here, on the reports joined to their
 * dossiers, was a temporary table and a sort of the team's rows. */
#define TEAM \
	" UNION ALL (SELECT STRAIGHT_JOIN 'm', " TEAM_COLUMNS ", WEIGHT_STRING(e.name)" N4 N2 N1 \
	TEAM_FROM ")"
#define TEAM_COL_NAME_KEY TEAM_NCOLS

static struct db_stmt_def q_everyone = DB_STMT(
	TODO_OWN TODO_HELD REVIEWS FEEDBACK DOSSIERS TODO_BORROWED BORROWED PROPOSALS_BORROWED
	TEAMS);
static struct db_stmt_def q_manager = DB_STMT(
	TODO_OWN TODO_HELD REVIEWS FEEDBACK PROPOSALS DOSSIERS TODO_BORROWED BORROWED
	PROPOSALS_BORROWED TEAMS TEAM);

/* The columns of TODO_COLUMNS; manager_name "" (the reader's own). */
static struct todo_row
todo_of_row(const struct db_row *r)
{
	return (struct todo_row){
		.conversation_id = db_int(r, 0), .type = db_str(r, 1), .status = db_str(r, 2),
		.dossier_id = db_int(r, 3), .cycle = db_str(r, 4), .due_on = db_str(r, 5),
		.scheduled_at = db_str(r, 6), .employee_name = db_str(r, 7), .action = db_str(r, 8),
		.cycle_id = db_int(r, 10), .overdue = db_int(r, 11) != 0, .manager_name = "",
	};
}

static int
todo_row(void *ud, const struct db_row *r)
{
	const struct dashboard_lists *l = ud;
	struct todo_row t = todo_of_row(r);

	return l->todo(l->todo_ud, &t);
}

/* TODO_BORROWED's: the manager's name follows the TODO_COLUMNS. */
#define TODO_COL_MANAGER 12
static int
todo_borrowed_row(void *ud, const struct db_row *r)
{
	const struct dashboard_lists *l = ud;
	struct todo_row t = todo_of_row(r);

	t.manager_name = db_str(r, TODO_COL_MANAGER);
	return l->borrowed_todo(l->borrowed_todo_ud, &t);
}

static int
review_row(void *ud, const struct db_row *r)
{
	const struct dashboard_lists *l = ud;
	struct review_todo t = {
		.conversation_id = db_int(r, 0), .dossier_id = db_int(r, 1),
		.employee = db_str(r, 2), .manager = db_str(r, 3), .cycle = db_str(r, 4),
	};

	return l->review(l->review_ud, &t);
}

static int
feedback_row(void *ud, const struct db_row *r)
{
	const struct dashboard_lists *l = ud;
	struct feedback_invitation i;

	feedback_invitation_of_row(r, &i);
	return l->feedback(l->feedback_ud, &i);
}

static int
proposal_row(void *ud, const struct db_row *r)
{
	const struct dashboard_lists *l = ud;
	struct calib_proposal p = calib_proposal_of_row(r);

	p.name_key = r->val[PROPOSAL_COL_NAME_KEY];
	p.name_key_len = r->len[PROPOSAL_COL_NAME_KEY];
	return l->calibration(l->calibration_ud, &p);
}

/* PROPOSALS_BORROWED's: the name key, then the manager's name. */
static int
proposal_borrowed_row(void *ud, const struct db_row *r)
{
	const struct dashboard_lists *l = ud;
	struct calib_proposal p = calib_proposal_of_row(r);

	p.name_key = r->val[PROPOSAL_COL_NAME_KEY];
	p.name_key_len = r->len[PROPOSAL_COL_NAME_KEY];
	p.manager = db_str(r, PROPOSAL_COL_MANAGER);
	return l->borrowed_calibration(l->borrowed_calibration_ud, &p);
}

static int
dossier_row(void *ud, const struct db_row *r)
{
	const struct dashboard_lists *l = ud;
	struct dossier_row d = {
		.id = db_int(r, 0), .cycle = db_str(r, 1), .status = db_str(r, 2),
		.manager_name = db_str(r, 3), .starts_on = db_str(r, 4),
	};

	return l->dossier(l->dossier_ud, &d);
}

static int
borrowed_row(void *ud, const struct db_row *r)
{
	const struct dashboard_lists *l = ud;
	struct borrowed_row b = {
		.dossier_id = db_int(r, 0), .cycle = db_str(r, 1), .employee_name = db_str(r, 2),
		.manager_name = db_str(r, 3), .ends_on = db_str(r, 4),
	};

	return l->borrowed(l->borrowed_ud, &b);
}

static int
team_row(void *ud, const struct db_row *r)
{
	const struct dashboard_lists *l = ud;

	return l->team(l->team_ud, db_int(r, 0), db_str(r, 1));
}

static int
member_row(void *ud, const struct db_row *r)
{
	const struct dashboard_lists *l = ud;
	struct member_row m = member_of_row(r);

	m.name_key = r->val[TEAM_COL_NAME_KEY];
	m.name_key_len = r->len[TEAM_COL_NAME_KEY];
	return l->member(l->member_ud, &m);
}

int
dashboard_read(struct db *db, const struct dashboard_lists *l)
{
	void *ud = (void *)l;
	const struct db_tag tags[] = {
		{ 'o', todo_row, ud }, { 'h', todo_row, ud }, { 'r', review_row, ud },
		{ 'f', feedback_row, ud }, { 'k', proposal_row, ud }, { 'd', dossier_row, ud },
		{ 'b', todo_borrowed_row, ud }, { 'B', borrowed_row, ud },
		{ 'K', proposal_borrowed_row, ud }, { 't', team_row, ud }, { 'm', member_row, ud },
	};
	const size_t ntags = sizeof(tags) / sizeof(tags[0]);
	const int64_t id = l->user_id;
	const char *today = l->today;

	_Static_assert(PROPOSAL_NCOLS == 17 && INVITATION_NCOLS == 10 && TEAM_NCOLS == 11,
	    "the NULLs that pad each SELECT of the UNION");
	if (l->manager)
		return db_query_tagged(db, &q_manager, DB_ARGS(DB_INT(id), DB_INT(id), DB_INT(id),
		    DB_STR(today), DB_INT(id), DB_STR(today), DB_INT(id), DB_INT(id),
		    DB_INT(id), DB_STR(today), DB_STR(today), DB_INT(id), DB_STR(today),
		    DB_STR(today), DB_INT(id), DB_STR(today), DB_STR(today), DB_INT(id),
		    DB_STR(today), DB_STR(today), DB_INT(id), DB_INT(id)), tags, ntags);
	return db_query_tagged(db, &q_everyone, DB_ARGS(DB_INT(id), DB_INT(id), DB_INT(id),
	    DB_STR(today), DB_INT(id), DB_STR(today), DB_INT(id), DB_INT(id), DB_STR(today),
	    DB_STR(today), DB_INT(id), DB_STR(today), DB_STR(today), DB_INT(id), DB_STR(today),
	    DB_STR(today), DB_INT(id), DB_STR(today), DB_STR(today)), tags, ntags);
}
