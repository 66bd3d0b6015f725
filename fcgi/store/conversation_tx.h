/* conversation_tx.h -- what the two files of a conversation's writes
 * share: conversation.c (the moves of its life: plan, share, held,
 * finalize, overall rating, sign, reopen) and conversation_items.c (items,
 * progress notes, remarks, deleting an item).  Private to fcgi/store/; the
 * rest of gesprek uses store/dossier.h. */
#ifndef GESPREK_CONVERSATION_TX_H
#define GESPREK_CONVERSATION_TX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "store/dossier.h"

/* Characters of a user's text kept in an audit detail: a title whole, a
 * reason up to this. */
#define AUDIT_TITLE_CHARS TITLE_MAX_CHARS
#define AUDIT_TEXT_CHARS 400
/* An audit detail: a short fixed part plus the text, 4 bytes a character. */
#define AUDIT_DETAIL_MAX (128 + 4 * AUDIT_TEXT_CHARS)

/* The states in which both parties may still write: planned, preparing,
 * held (NULL-terminated). */
extern const char *const st_editable[];

/* The conversation row as locked, with its dossier. */
struct locked {
	char status[12];
	int64_t version, round;
	char type[16];
	bool employee_shared, manager_shared;
	int64_t dossier_id, employee_id, manager_id;
	char dossier_status[8];
	int64_t cycle_id;
	bool overall_rated;
	const char *role;	/* the actor's: "employee", "manager" or NULL */
	/* issue 17: the actor is the manager's deputy today (role "manager"):
	 * the manager they act for; 0 otherwise. */
	int64_t deputy_of;
	char review[12];	/* none pending returned approved (issue 17) */
};

/* Who a write needs. */
enum need {
	NEED_PARTY,	/* the employee or the manager of the dossier */
	NEED_MANAGER,
};

/* Locks the conversation and checks what every write of a party needs:
 * DB_NOTFOUND when the actor is not the party `need` asks for; DB_CONFLICT
 * when the dossier closed, the state is none of `from` or, when the form
 * sent one, the version moved on. */
int guard(struct db *db, const struct conv_write *w, enum need need, const char *const *from,
    struct locked *l);
/* A db_fn that keeps column 0 in the int64_t at ud. */
int count_row(void *ud, const struct db_row *r);
/* Runs an UPDATE or DELETE that must hit exactly one row; DB_CONFLICT
 * otherwise. */
int exec_one(struct db *db, struct db_stmt_def *q, const struct db_arg *args, size_t nargs);
/* Applies to their items the statuses of the notes of conversation
 * conv_id (of item item_id, or 0: every item) that both parties may see
 * now. */
int apply_statuses(struct db *db, int64_t conv_id, int64_t item_id);
/* The same, counting in *changed the items whose status it changed: 0
 * when the note's status was the item's already or stays private. */
int apply_statuses_counted(struct db *db, int64_t conv_id, int64_t item_id, uint64_t *changed);
/* The audit row of a write of the conversation. */
int audit_conv(struct db *db, const struct conv_write *w, const char *action, const char *detail);
/* "prefix" followed by text cut to chars characters, never mid-character. */
void detail_with(char *out, size_t size, const char *prefix, const char *text, size_t chars);

#endif
