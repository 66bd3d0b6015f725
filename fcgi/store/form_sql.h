/* form_sql.h -- the texts of the statements a conversation form reads
 * after its dossier (fcgi/store/ only), each written once: every reader
 * runs its own statement from these (dossier.c, answer.c, goal.c,
 * proposal.c), and form_page.c joins the same texts into the one UNION ALL
 * that prefetches them all (db.h db_prefetch), so that a reader's
 * statement and its part of the page's statement cannot drift apart.
 *
 * A part's text is what follows its SELECT: its columns, FROM, WHERE, and
 * for a part of a union that must keep an order, its ORDER BY with a LIMIT
 * (MariaDB drops the ORDER BY of a union's part that has none).
 *
 * The limits the lists spell out come from their aggregates' headers,
 * which a file that uses those lists includes (goal.h ORG_GOALS_MAX and
 * PEOPLE_MAX, competence.h PROFILE_AREAS_MAX and PROFILE_COMPETENCES_MAX,
 * proposal.h PROPOSALS_MAX): included here, they would tie dossier.c to
 * every aggregate in a circle. */
#ifndef GESPREK_STORE_FORM_SQL_H
#define GESPREK_STORE_FORM_SQL_H

#include "base/util.h"
#include "store/rows.h"

/* A LIMIT that keeps every row: it only keeps a union part's ORDER BY. */
#define FORM_SQL_ALL_ROWS "18446744073709551615"

/* NULL columns that pad a part to the width of the widest (db_prefetch
 * reads a part's columns from the end of the row). */
#define FORM_PAD_1 " NULL,"
#define FORM_PAD_2 FORM_PAD_1 FORM_PAD_1
#define FORM_PAD_4 FORM_PAD_2 FORM_PAD_2
#define FORM_PAD_8 FORM_PAD_4 FORM_PAD_4

/* ---- dossier.c ---- */

/* A dossier's items, by kind then id: 22 columns (ITEM_SELECT). */
#define FORM_ITEMS_NCOLS 22
#define FORM_ITEMS_PART ITEM_COLUMNS_FROM " WHERE i.dossier_id = ? ORDER BY i.kind, i.id"

/* A dossier's item notes: 9 columns, in no order (updates_of_dossier
 * hands them on by id).  STRAIGHT_JOIN: from the dossier's items, always
 * -- with the statistics of a freshly filled table the optimizer was seen
 * to start from a scan of every note. */
#define FORM_UPDATES_NCOLS 9
#define FORM_UPDATES_PART \
	"u.id, u.item_id, u.conversation_id, u.author_id, a.name," \
	" COALESCE(u.status, '')," \
	" COALESCE(u.note, ''), COALESCE(u.rating, -1), DATE_FORMAT(u.updated_at, '%Y-%m-%dT%H:%i:%sZ')" \
	" FROM item i JOIN item_update u ON u.item_id = i.id JOIN employee a ON a.id = u.author_id" \
	" WHERE i.dossier_id = ?"

#define SIGNATURE_COLUMNS \
	"s.employee_id, e.name, s.role, s.verdict, COALESCE(s.remark, '')," \
	" DATE_FORMAT(s.signed_at, '%Y-%m-%dT%H:%i:%sZ'), COALESCE(s.snapshot_sha256, '')," \
	" " SIGNATURE_VOIDED("s", "sc") ", COALESCE(s.deputy_of, 0), COALESCE(sd.name, '')"
#define SIGNATURE_JOINS \
	" FROM signature s JOIN employee e ON e.id = s.employee_id" \
	" JOIN conversation sc ON sc.id = s.conversation_id" \
	" LEFT JOIN employee sd ON sd.id = s.deputy_of"
/* A conversation's remarks (r), signatures (s) and snapshots (n), tagged
 * (db_query_tagged), padded to one width: 11 columns with the tag.  Each
 * part in id order, the order of its conversation_id key (an index holds
 * its rows by key, then by primary key): a union's parts cannot each have
 * an ORDER BY. */
#define FORM_SIGNOFF_NCOLS 11
#define FORM_SIGNOFF_R \
	"'r', r.id, r.author_id, a.name, r.role, r.text," \
	" DATE_FORMAT(r.created_at, '%Y-%m-%dT%H:%i:%sZ'), NULL, NULL, NULL, NULL" \
	" FROM remark r JOIN employee a ON a.id = r.author_id WHERE r.conversation_id = ?"
#define FORM_SIGNOFF_S "'s', " SIGNATURE_COLUMNS SIGNATURE_JOINS " WHERE s.conversation_id = ?"
#define FORM_SIGNOFF_N \
	"'n', id, sha256, DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ')," \
	" NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM snapshot WHERE conversation_id = ?"
#define FORM_SIGNOFF_SQL \
	"SELECT " FORM_SIGNOFF_R " UNION ALL SELECT " FORM_SIGNOFF_S \
	" UNION ALL SELECT " FORM_SIGNOFF_N

/* ---- answer.c ---- */

/* The template version of conversation c: its own, or -- a conversation
 * from before templates were assigned at a cycle's start -- the newest
 * version of the default template.  The one rule for NULL (answer.h). */
#define ANSWER_TV \
	"COALESCE(c.template_version_id, (SELECT dv.id FROM template dt" \
	" JOIN template_version dv ON dv.template_id = dt.id WHERE dt.is_default = 1" \
	" ORDER BY dv.number DESC LIMIT 1))"
/* The conversation's template version: id, key, number (3 columns). */
#define FORM_VERSION_NCOLS 3
#define FORM_VERSION_PART \
	"tv.id, t.tkey, tv.number FROM conversation c" \
	" JOIN template_version tv ON tv.id = " ANSWER_TV \
	" JOIN template t ON t.id = tv.template_id WHERE c.id = ?"
/* The answers (a) and competence ratings (r, with their section) of a
 * conversation, tagged: 12 columns with the tag.  Each with who saved it
 * last and their name (issue 17: a deputy, or the manager before the
 * dossier followed its employee, is named). */
#define FORM_ANSWERS_NCOLS 12
#define FORM_ANSWERS_A \
	"'a', x.section_key, 0, x.role, COALESCE(x.body, ''), COALESCE(x.rating, -1)," \
	" COALESCE(x.explanation, ''), x.shared_at IS NOT NULL, x.version, x.updated_at," \
	" COALESCE(x.updated_by, 0), COALESCE(ub.name, '')" \
	" FROM conversation_answer x LEFT JOIN employee ub ON ub.id = x.updated_by" \
	" WHERE x.conversation_id = ?"
#define FORM_ANSWERS_R \
	"'r', y.section_key, y.competence_id, y.role, '', COALESCE(y.level, -1)," \
	" COALESCE(y.explanation, ''), y.shared_at IS NOT NULL, y.version, y.updated_at," \
	" COALESCE(y.updated_by, 0), COALESCE(yb.name, '')" \
	" FROM competence_rating y LEFT JOIN employee yb ON yb.id = y.updated_by" \
	" WHERE y.conversation_id = ?"
#define FORM_ANSWERS_SQL "SELECT " FORM_ANSWERS_A " UNION ALL SELECT " FORM_ANSWERS_R
/* The competences of the employee's job profile with their indicators,
 * in the profile's order (a competences section shows them): 9 columns. */
#define FORM_COMPETENCES_NCOLS 9
#define FORM_COMPETENCES_PART \
	"c.id, c.ckey, c.name_nl, COALESCE(c.name_en, ''), c.definition_nl," \
	" COALESCE(c.definition_en, ''), COALESCE(i.level, 0), COALESCE(i.text_nl, '')," \
	" COALESCE(i.text_en, '')" \
	" FROM employee e JOIN job_profile_competence j ON j.profile_id = e.job_profile_id" \
	" JOIN competence c ON c.id = j.competence_id" \
	" LEFT JOIN competence_indicator i ON i.competence_id = c.id" \
	" WHERE e.id = ? ORDER BY j.position, c.id, i.level"

/* ---- goal.c ---- */

/* An organisation goal with its department (issue 16; 0 and "": the
 * whole organisation): the columns org_row reads. */
#define ORG_COLUMNS \
	"g.id, g.cycle_id, g.title, COALESCE(g.description, ''), g.version," \
	" COALESCE(g.department_id, 0), COALESCE(gd.name, '')"
/* The employee's department and its ancestors (stored, sql/064), then
 * the goals of the dossier's cycle for everyone or for one of
 * those; in no order (the page sorts its few rows: an ORDER BY of
 * expressions is a temporary table and a sort on every view). */
#define DOSSIER_DEPARTMENTS \
	"WITH up (id) AS (" \
	" SELECT a.up FROM dossier d JOIN employee e ON e.id = d.employee_id" \
	" JOIN department_ancestor a ON a.dep = e.department_id WHERE d.id = ?)"
#define GOALS_OF_DOSSIER \
	" FROM dossier ds JOIN collective_goal g ON g.cycle_id = ds.cycle_id" \
	" LEFT JOIN department dp ON dp.id = g.department_id" \
	" WHERE ds.id = ? AND (g.department_id IS NULL OR g.department_id IN (SELECT id FROM up))"
/* Where an organisation goal stands in the form's choice (issue 16):
 * the employee's department (depth 0 in department_ancestor), its
 * ancestors by depth, the whole organisation's, then other departments'. */
#define ORG_GOAL_RANK_WHOLE 1000000
#define ORG_GOAL_RANK_OTHER 1000001
/* The lists of a conversation form (db_query_tagged), 12 columns with the
 * tag: the collective goals of the dossier (c, in no order: the page
 * sorts them), the organisation goals of its cycle (g, in the order
 * above, then by id), the manager's other active reports (p, by name: the
 * order of employee_manager_active), and the key result areas (a) and
 * competences (k) of the employee's job profile, in the profile's order.
 * All but the first need DOSSIER_DEPARTMENTS before the first SELECT. */
#define FORM_LISTS_NCOLS 12
#define FORM_LISTS_C "'c', " COLLECTIVE_COLUMNS GOALS_OF_DOSSIER
#define FORM_LISTS_G \
	"'g', " ORG_COLUMNS "," \
	" NULL, NULL, NULL, NULL FROM org_goal g" \
	" LEFT JOIN department gd ON gd.id = g.department_id" \
	" LEFT JOIN department_ancestor ga ON ga.up = g.department_id AND ga.dep =" \
	" (SELECT e.department_id FROM dossier d JOIN employee e ON e.id = d.employee_id" \
	" WHERE d.id = ?)" \
	" WHERE g.cycle_id = ?" \
	" ORDER BY CASE WHEN g.department_id IS NULL THEN " STR(ORG_GOAL_RANK_WHOLE) \
	" ELSE COALESCE(ga.depth, " STR(ORG_GOAL_RANK_OTHER) ") END, g.id" \
	" LIMIT " STR(ORG_GOALS_MAX)
#define FORM_LISTS_P \
	"'p', e.id, e.login, e.name," \
	" NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM employee e" \
	" WHERE e.manager_id = ? AND e.active = 1 AND e.id <> ? ORDER BY e.name" \
	" LIMIT " STR(PEOPLE_MAX)
#define FORM_LISTS_A \
	"'a', ka.id, ka.akey, ka.name_nl, COALESCE(ka.name_en, '')," \
	" NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM employee e" \
	" JOIN job_profile_area ka ON ka.profile_id = e.job_profile_id WHERE e.id = ?" \
	" ORDER BY ka.position, ka.id LIMIT " STR(PROFILE_AREAS_MAX)
#define FORM_LISTS_K \
	"'k', kc.id, kc.ckey, kc.name_nl, COALESCE(kc.name_en, '')," \
	" NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM employee e" \
	" JOIN job_profile_competence pc ON pc.profile_id = e.job_profile_id" \
	" JOIN competence kc ON kc.id = pc.competence_id WHERE e.id = ?" \
	" ORDER BY pc.position, kc.id LIMIT " STR(PROFILE_COMPETENCES_MAX)
#define FORM_LISTS_SQL \
	DOSSIER_DEPARTMENTS " SELECT " FORM_LISTS_C \
	" UNION ALL (SELECT " FORM_LISTS_G ")" \
	" UNION ALL (SELECT " FORM_LISTS_P ")" \
	" UNION ALL (SELECT " FORM_LISTS_A ")" \
	" UNION ALL (SELECT " FORM_LISTS_K ")"

/* ---- proposal.c ---- */

/* A conversation's proposals (issue 16), by id: 9 columns. */
#define FORM_PROPOSALS_NCOLS 9
#define FORM_PROPOSALS_PART \
	"p.id, p.kind, p.title, COALESCE(p.measure, ''), p.source_status," \
	" COALESCE(c.name, ''), p.status, COALESCE(p.item_id, 0), COALESCE(e.name, '')" \
	" FROM proposal p LEFT JOIN cycle c ON c.id = p.source_cycle_id" \
	" LEFT JOIN employee e ON e.id = p.decided_by" \
	" WHERE p.conversation_id = ? ORDER BY p.id LIMIT " STR(PROPOSALS_MAX)

#endif
