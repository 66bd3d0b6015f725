/* audit_sql.h -- SQL fragments of the audit trail shared by the store
 * files that read it (audit.c: HR's trails; access.c: the personal
 * export, issue 18).  Store-internal: only fcgi/store/ includes it. */
#ifndef GESPREK_STORE_AUDIT_SQL_H
#define GESPREK_STORE_AUDIT_SQL_H

/* What `author` wrote in conversation c (dossier pd) is still private
 * preparation: the conversation is not held yet and the author's side has
 * not shared it.  The same rule as conv_view.c's view_visible and the
 * exports' VISIBLE (report_export.c), seen by a reader. */
#define UNSHARED(author, c) \
	" " c ".status IN ('planned', 'preparing') AND IF(COALESCE(" author ", 0) = pd.employee_id," \
	" " c ".employee_shared, " c ".manager_shared) = 0"
/* A row of the dossier trail is private while it records content that is
 * private now, decided from the rows it is about (the detail is free text):
 *  - any row of an item created in a conversation that is private to its
 *    author (the detail holds its title);
 *  - a progress note of an item by an actor who has a note on it in a
 *    conversation that is private to that actor (status and rating);
 *    an older note of the same actor on the same item is withheld as well
 *    until then: too much hidden for a while, never too little;
 *  - the overall rating and the remarks of a conversation, written by a
 *    party that has not shared its preparation of it. */
#define AUDIT_PRIVATE \
	"(a.entity = 'item' AND (EXISTS (SELECT 1 FROM item pi" \
	"   JOIN dossier pd ON pd.id = pi.dossier_id" \
	"   JOIN conversation pc ON pc.id = pi.created_in_conversation_id" \
	"   WHERE pi.id = a.entity_id AND" UNSHARED("pi.author_id", "pc") ")" \
	" OR (a.action = 'progress' AND EXISTS (SELECT 1 FROM item_update pu" \
	"   JOIN item pi ON pi.id = pu.item_id JOIN dossier pd ON pd.id = pi.dossier_id" \
	"   JOIN conversation pc ON pc.id = pu.conversation_id" \
	"   WHERE pu.item_id = a.entity_id AND pu.author_id = a.actor_id AND" \
	UNSHARED("pu.author_id", "pc") "))))" \
	" OR (a.entity = 'conversation' AND a.action IN ('rate', 'remark') AND EXISTS (" \
	"   SELECT 1 FROM conversation pc JOIN dossier pd ON pd.id = pc.dossier_id" \
	"   WHERE pc.id = a.entity_id AND" UNSHARED("a.actor_id", "pc") "))"

#endif
