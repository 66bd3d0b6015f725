/* stamp.h -- the page stamps (sql/041_page_stamps.sql): numbers that move
 * with every change to what a page shows, so that a page rendered before
 * can be recognised as still current by reading a number or two instead
 * of its rows.  The viewer's own and the one of everything come with the
 * session (session_get) on the pages the page cache may answer. */
#ifndef GESPREK_STORE_STAMP_H
#define GESPREK_STORE_STAMP_H

#include <stdbool.h>
#include <stdint.h>

#include "store/status.h"

/* Moves the stamps of what a change to entity `entity` id `entity_id`
 * shows on: for an item or a conversation those of its dossier's
 * employee and manager; for a dossier likewise and, since it was made or
 * moved, the one of everything too; for anything else (employees,
 * departments, cycles, goals, imports) the one of everything.  An export
 * changes nothing.  audit_add calls it inside the change's transaction:
 * every change has its audit row. */
int stamp_touch(struct db *db, const char *entity, int64_t entity_id);
/* Moves only the stamps of the employee and manager of a dossier
 * ("dossier") or of a conversation's dossier ("conversation"): something
 * shown on their pages alone changed (a read recorded, store/audit_read.c),
 * not who sees what. */
int stamp_touch_people(struct db *db, const char *entity, int64_t entity_id);

/* Moves the stamps of a dossier's employee and manager (0: none, a row
 * that stamps nobody's pages) known by id: what stamp_touch does for an
 * item or a conversation, without looking them up. */
int stamp_touch_pair(struct db *db, int64_t employee_id, int64_t manager_id);

/* Moves the stamp of one person's own pages (their dashboard): a change
 * that names them without being their dossier (issue 17: a conversation
 * waiting for its second assessor, or no longer). */
int stamp_touch_person(struct db *db, int64_t employee_id);

/* The stamp of the dossier of conversation `id` (by_conversation) or of
 * dossier `id` (its employee's); 0 when there is none. */
int dossier_stamp(struct db *db, int64_t id, bool by_conversation, int64_t *stamp);

#endif
