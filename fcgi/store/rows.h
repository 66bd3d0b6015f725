/* rows.h -- columns and row decoders shared by several files of the store
 * (fcgi/store/ only): a statement of one aggregate that also reads another
 * one's row spells its columns the same way. */
#ifndef GESPREK_STORE_ROWS_H
#define GESPREK_STORE_ROWS_H

#include "store/db.h"

/* Declared, not included: each decoder lives in its aggregate's file
 * (employee.c, conversation.c, goal.c), and a header shared by all of them
 * that included every aggregate would tie them in a circle. */
struct employee;
struct item;
struct collective_row;
struct member_row;

/* An employee e and whether they have active reports; 9 columns (the
 * session's statement reads the same nine its own way). */
#define EMPLOYEE_COLUMNS \
	"e.id, e.login, e.name, e.email, e.department_id, e.manager_id, e.is_hr, e.active," \
	" EXISTS (SELECT 1 FROM employee r WHERE r.manager_id = e.id AND r.active = 1)"
#define EMPLOYEE_NCOLS 9

/* Reads EMPLOYEE_COLUMNS starting at column `first` of r. */
void employee_from_row(const struct db_row *r, size_t first, struct employee *e);
/* Reads store/dashboard_sql.h's TEAM_COLUMNS; the strings point into r. */
struct member_row member_of_row(const struct db_row *r);

/* An item i with its responsible r, organisation goal g and author a: the
 * select list and joins of every statement that reads whole items, in the
 * column order item_from_row decodes (16 columns); the caller adds WHERE. */
#define ITEM_SELECT "SELECT " ITEM_COLUMNS_FROM
#define ITEM_COLUMNS_FROM \
	"i.id, i.kind, i.title, COALESCE(i.measure, ''), COALESCE(i.deadline, '')," \
	" COALESCE(i.responsible_id, 0), COALESCE(r.name, ''), COALESCE(i.org_goal_id, 0)," \
	" COALESCE(g.title, ''), COALESCE(i.weight, 0), i.status, COALESCE(i.achieved_on, '')," \
	" COALESCE(i.created_in_conversation_id, 0), COALESCE(i.author_id, 0)," \
	" COALESCE(a.name, ''), i.version," \
	" COALESCE(i.area_id, 0), COALESCE(ka.name_nl, ''), COALESCE(ka.name_en, '')," \
	" COALESCE(i.competence_id, 0), COALESCE(kc.name_nl, ''), COALESCE(kc.name_en, '')" \
	" FROM item i LEFT JOIN employee r ON r.id = i.responsible_id" \
	" LEFT JOIN org_goal g ON g.id = i.org_goal_id" \
	" LEFT JOIN employee a ON a.id = i.author_id" \
	" LEFT JOIN job_profile_area ka ON ka.id = i.area_id" \
	" LEFT JOIN competence kc ON kc.id = i.competence_id"

/* Reads a row of ITEM_SELECT; the strings point into r, valid while the
 * row is. */
struct item item_from_row(const struct db_row *r);

/* A collective goal g with its department's name from dp (the caller
 * joins department dp): 11 columns in the order collective_from_row reads;
 * a NULL deadline or department reads as "" and 0. */
#define COLLECTIVE_COLUMNS \
	"g.id, g.cycle_id, g.title, COALESCE(g.measure, ''), g.deadline, g.department_id," \
	" COALESCE(dp.name, ''), g.bonus, g.status, COALESCE(g.status_note, ''), g.version"
#define COLLECTIVE_NCOLS 11

/* Reads COLLECTIVE_COLUMNS from column 0 of r; strings point into r. */
struct collective_row collective_from_row(const struct db_row *r);

/* Whether signature s (of conversation c) counts as voided: a reopen
 * voided it before a snapshot sealed it (voided_at), or it sealed a report
 * that a reopen has since set aside -- the conversation is no longer closed
 * with that very snapshot as its latest.  The row itself stays as signed,
 * hash included: only how it is shown changes. */
#define SIGNATURE_VOIDED(s, c) \
	"(" s ".voided_at IS NOT NULL OR (" s ".snapshot_sha256 IS NOT NULL AND NOT (" \
	c ".status = 'closed' AND " s ".snapshot_sha256 <=> (SELECT vn.sha256 FROM snapshot vn" \
	" WHERE vn.conversation_id = " c ".id ORDER BY vn.id DESC LIMIT 1))))"

#endif
