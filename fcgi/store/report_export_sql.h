/* report_export_sql.h -- the SQL fragments of the export's statements
 * (report_export.c): which dossiers are in scope, which rows of them the
 * export may show, and the labels of ratings.  Private to fcgi/store/.
 * The aliases: d the dossier, e its employee, cy its cycle, c a
 * conversation of it, s a section of the conversation's template
 * version. */
#ifndef GESPREK_STORE_REPORT_EXPORT_SQL_H
#define GESPREK_STORE_REPORT_EXPORT_SQL_H

#include "base/util.h"
#include "store/outcome.h"

/* The decimal places of OUTCOME_SCORE_SCALE (10000: four). */
#define OUTCOME_SCORE_DIGITS 4

/* The department and its sub-departments, from the stored ancestors
 * (sql/064); params: department, recursive. */
#define SCOPE_CTE \
	"WITH sub (id) AS (SELECT dep FROM department_ancestor" \
	" WHERE up = ? AND (? = 1 OR depth = 0))"
/* The date of conversation c: held on, else planned for. */
#define CONV_DATE(c) "COALESCE(" c ".held_on, DATE(" c ".scheduled_at))"
#define DOSSIERS " FROM dossier d JOIN employee e ON e.id = d.employee_id"
/* params: cycle x2, department, manager x2, employee x2, dated, from, to. */
#define SCOPE \
	" (? = 0 OR d.cycle_id = ?) AND (? = 0 OR e.department_id IN (SELECT id FROM sub))" \
	" AND (? = 0 OR d.manager_id = ?) AND (? = 0 OR d.employee_id = ?)" \
	" AND (? = 0 OR EXISTS (SELECT 1 FROM conversation dc WHERE dc.dossier_id = d.id" \
	" AND " CONV_DATE("dc") " BETWEEN ? AND ?))"
/* The round's dossiers, on d and on the child's own dossier column: with
 * the range on both sides of the join every join order is a range scan
 * (with it on d alone, stale statistics once made MariaDB read all of
 * conversation for each round); params: lo, hi, lo, hi. */
#define IN_ROUND(col) " AND d.id BETWEEN ? AND ? AND " col " BETWEEN ? AND ?"
/* params: dated, from, to. */
#define DATED(c) " AND (? = 0 OR " CONV_DATE(c) " BETWEEN ? AND ?)"
/* What `author` wrote in conversation c may be exported; param: viewer. */
#define VISIBLE(author, c) \
	" AND (" c ".id IS NULL OR " c ".status IN ('held', 'finalized', 'closed')" \
	" OR " author " = ? OR (" author " = d.employee_id AND " c ".employee_shared = 1)" \
	" OR (COALESCE(" author ", 0) <> d.employee_id AND " c ".manager_shared = 1))"
#define ISO(col) "DATE_FORMAT(" col ", '%Y-%m-%dT%H:%i:%sZ')"
#define ITEM_JOINS \
	" JOIN item i ON i.dossier_id = d.id" \
	" LEFT JOIN conversation ic ON ic.id = i.created_in_conversation_id"

/* No date filter: the widest range MariaDB's DATE holds. */
#define DATE_LOWEST "1000-01-01"
#define DATE_HIGHEST "9999-12-31"

/* The status of item i as the export may show it.  item.status is the
 * status of the latest note both parties may see (store/conversation.c
 * applies a note's status once it is shared or held): where a private
 * note set one (VISIBLE to neither party: HIDDEN_STATUS found the item),
 * the status of the latest note the export shows (the viewer's own
 * included), else the stored one.  param: viewer. */
#define ITEM_STATUS \
	"IF(hid.item_id IS NULL, i.status," \
	" COALESCE((SELECT su.status FROM item_update su" \
	" JOIN conversation sc ON sc.id = su.conversation_id" \
	" WHERE su.item_id = i.id AND su.status IS NOT NULL" VISIBLE("su.author_id", "sc") \
	" ORDER BY su.updated_at DESC, su.id DESC LIMIT 1), i.status))"
/* The round's items with a status set by a note neither party may see
 * (VISIBLE with viewer 0), as hid.item_id: one derived table per round,
 * from the round's conversations still planned or being prepared (no
 * other hides a note), instead of a look at every item's notes (that
 * lookup was half the items' statement, the export's costliest).  A note
 * is written in a conversation of its item's dossier
 * (store/conversation_items.c), so the round's conversations hold them
 * all.  params: lo, hi, 0. */
#define HIDDEN_STATUS \
	" LEFT JOIN (SELECT DISTINCT hu.item_id FROM conversation hc" \
	" JOIN item_update hu ON hu.conversation_id = hc.id JOIN dossier d ON d.id = hc.dossier_id" \
	" WHERE hc.dossier_id BETWEEN ? AND ? AND hc.status IN ('planned', 'preparing')" \
	" AND hu.status IS NOT NULL AND NOT (TRUE" VISIBLE("hu.author_id", "hc") ")) hid" \
	" ON hid.item_id = i.id"
/* The template version of conversation c: its own, or -- started before
 * cycles named one -- the newest of the default template (the rule of
 * store/answer.h's conversation_template, kept in the same words). */
#define CONV_TV(c) \
	"COALESCE(" c ".template_version_id, (SELECT dv.id FROM template dt" \
	" JOIN template_version dv ON dv.template_id = dt.id WHERE dt.is_default = 1" \
	" ORDER BY dv.number DESC LIMIT 1))"
/* Label n of the cycle's own scale ("a|b|c", 1 the lowest); "" when off it. */
#define CYCLE_LABEL(scale, n) \
	"IF(" n " BETWEEN 1 AND 1 + LENGTH(" scale ") - LENGTH(REPLACE(" scale ", '|', ''))," \
	" SUBSTRING_INDEX(SUBSTRING_INDEX(" scale ", '|', " n "), '|', -1), '')"
/* The label (column `label` of the level ll) of level `value` on scale
 * `key` of template version tv; a key left NULL is the cycle's scale
 * (store/template.h), whose labels have no language.  "" when the value
 * is none or not on the scale. */
#define LEVEL_LABEL_OF(label, tv, key, value) \
	"IF(" value " IS NULL, '', IF(" key " IS NULL, " CYCLE_LABEL("cy.rating_scale", value) "," \
	" COALESCE((SELECT " label " FROM template_scale ls JOIN template_scale_level ll" \
	" ON ll.scale_id = ls.id WHERE ls.version_id = " tv " AND ls.skey = " key \
	" AND ll.value = " value "), '')))"
/* Dutch, and English falling back to Dutch, as the forms show them. */
#define LEVEL_LABEL(tv, key, value) LEVEL_LABEL_OF("ll.label_nl", tv, key, value)
#define LEVEL_LABEL_EN(tv, key, value) \
	LEVEL_LABEL_OF("COALESCE(NULLIF(ll.label_en, ''), ll.label_nl)", tv, key, value)
/* An answer or competence rating x may be exported when VISIBLE (its
 * author: the employee, or the dossier's manager) or shared by itself
 * (shared_at: a self-assessment shown before the meeting); the rule of
 * pages/conv_template.c's answer_visible.  param: viewer. */
#define ANSWER_VISIBLE(x) \
	" AND (" x ".shared_at IS NOT NULL OR (TRUE" \
	VISIBLE("IF(" x ".role = 'employee', d.employee_id, d.manager_id)", "c") "))"
/* The employee's rating of a section the manager answers. */
#define SELF_ASSESSMENT(x) "(" x ".role = 'employee' AND s.answered_by = 'manager')"
#define ANSWER_JOINS(x, table) \
	DOSSIERS " JOIN cycle cy ON cy.id = d.cycle_id JOIN conversation c ON c.dossier_id = d.id" \
	" JOIN " table " " x " ON " x ".conversation_id = c.id"
/* A score stored in ten-thousandths of 0..1 (sql/071) as the decimal it
 * is, "0.6250"; "" when none.  Text, so no float comes near it. */
#define SCORE_TEXT(col) \
	"IF(" col " IS NULL, '', CONCAT(" col " DIV " STR(OUTCOME_SCORE_SCALE) ", '.'," \
	" LPAD(" col " MOD " STR(OUTCOME_SCORE_SCALE) ", " STR(OUTCOME_SCORE_DIGITS) ", '0')))"
#endif
