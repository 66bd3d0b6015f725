/* dossier.h -- what the store offers on dossiers, conversations, items
 * (dossier.c, conversation.c). Every function returns an enum db_status
 * (store/status.h); the SQL stays in fcgi/store/. */
#ifndef GESPREK_STORE_DOSSIER_H
#define GESPREK_STORE_DOSSIER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/status.h"
#include "base/sha256.h"
#include "base/util.h"
#include "rules/person.h"

#define TEXT_MAX_CHARS 4000	/* notes, remarks, measures */
#define TITLE_MAX_CHARS 200
#define SCALE_MAX 1000

struct dossier {
	int64_t id;
	int64_t cycle_id;
	char cycle[4 * 100 + 1];
	char cycle_status[8];
	char status[8];
	int64_t employee_id;
	char employee_name[NAME_BYTES + 1];
	int64_t manager_id;
	char manager_name[NAME_BYTES + 1];
	int64_t managers_manager_id;
	char rating_scale[SCALE_MAX + 1];	/* labels joined by '|', lowest first */
	int64_t department_id;
	char cycle_starts_on[11];		/* the cycle's period, YYYY-MM-DD */
	char cycle_ends_on[11];
};
int dossier_get(struct db *db, int64_t id, struct dossier *d);
/* True when manager_id is the direct manager of employee_id. */
int is_manager_of(struct db *db, int64_t manager_id, int64_t employee_id, bool *yes);

/* conversation.overall_rating NULL: no final rating yet. */
#define CONV_NO_RATING (-1)

struct conversation {
	int64_t id;
	int64_t dossier_id;
	char type[16];			/* goal_setting | progress | assessment */
	int seq;
	char scheduled_at[20];		/* YYYY-MM-DDTHH:MM (UTC) or "" */
	char held_on[11];
	char due_on[11];
	char status[12];		/* planned preparing held finalized closed */
	int overall_rating;		/* CONV_NO_RATING = none (a template's
					   level may be valued 0) */
	char overall_note[4 * TEXT_MAX_CHARS + 1];
	bool employee_shared;
	bool manager_shared;
	char reopen_reason[4 * TEXT_MAX_CHARS + 1];
	int64_t version;
	/* The second assessor of an assessment (issue 17, store/review.h);
	 * 0: none.  review: none pending returned approved. */
	int64_t second_assessor_id;
	char review[12];
	/* Calibration (issue 17, store/calibration.h): none | proposed (a
	 * proposal waits for the manager) | done (it had one). */
	char calibration[12];
};
int conversation_get(struct db *db, int64_t id, struct conversation *c);
typedef int (*conversation_fn)(void *ud, const struct conversation *c);
int conversations_of_dossier(struct db *db, int64_t dossier_id, conversation_fn fn, void *ud);
/* The dossier `id` (or, by_conversation, the dossier of conversation
 * `id`) into d and each of its conversations to fn (in no particular
 * order), in one statement; DB_NOTFOUND when there is none. */
int dossier_view_rows(struct db *db, int64_t id, bool by_conversation, struct dossier *d,
    conversation_fn fn, void *ud);
/* Reads in one statement what the form of conversation `conversation_id`
 * of dossier d reads after its dossier (store/form_page.c): its items and
 * notes, remarks, signatures and snapshots, template version, answers,
 * form lists (form_lists in goal.h) and proposals.  Each of those readers
 * then gets its rows from it, once, with exactly its own arguments, until
 * conversation_form_done or a write.  A failure costs nothing but the
 * statement: the readers run their own. */
int conversation_form_prefetch(struct db *db, const struct dossier *d, int64_t conversation_id);
void conversation_form_done(struct db *db);

struct item {
	int64_t id;
	const char *kind;		/* result | development | action */
	const char *title;
	const char *measure;
	const char *deadline;
	int64_t responsible_id;
	const char *responsible_name;
	int64_t org_goal_id;
	const char *org_goal_title;
	int64_t weight;			/* 0 = none */
	const char *status;
	const char *achieved_on;
	int64_t conversation_id;	/* where it was created */
	int64_t author_id;
	const char *author_name;
	int64_t version;
	/* issue 16: the key result area a result goal serves and the
	 * competence a development point works on (0 and "" when none);
	 * their names in both languages (English "" when not given). */
	int64_t area_id;
	const char *area_nl, *area_en;
	int64_t competence_id;
	const char *competence_nl, *competence_en;
};
typedef int (*item_fn)(void *ud, const struct item *it);
int items_of_dossier(struct db *db, int64_t dossier_id, item_fn fn, void *ud);

/* A note's rating when it has none (a goal may be rated 0 on a template's
 * scale). */
#define UPDATE_NO_RATING (-1)
struct item_update {
	int64_t id;
	int64_t item_id;
	int64_t conversation_id;
	int64_t author_id;
	const char *author_name;
	const char *status;
	const char *note;
	int rating;			/* UPDATE_NO_RATING: none */
	const char *at;
};
typedef int (*update_fn)(void *ud, const struct item_update *u);
int updates_of_dossier(struct db *db, int64_t dossier_id, update_fn fn, void *ud);

struct remark {
	int64_t id;
	int64_t author_id;
	const char *author_name;
	const char *role;
	const char *text;
	const char *at;
};
typedef int (*remark_fn)(void *ud, const struct remark *r);

struct signature {
	int64_t employee_id;
	const char *name;
	const char *role;
	const char *verdict;
	const char *remark;
	const char *at;
	const char *sha256;	/* "" until the round closed */
	bool voided;		/* the round was interrupted by a reopen */
	/* issue 17: signed by a deputy on behalf of this manager (0, "":
	 * the signer signed for themself). */
	int64_t deputy_of;
	const char *deputy_of_name;
};
typedef int (*signature_fn)(void *ud, const struct signature *s);
int signatures_of_conversation(struct db *db, int64_t conversation_id, signature_fn fn, void *ud);
typedef int (*snapshot_fn)(void *ud, int64_t id, const char *sha256, const char *at);
/* The XML of the latest snapshot of a conversation into xml. */
int snapshot_latest(struct db *db, int64_t conversation_id, struct buf *xml);
/* Each stored snapshot (of one conversation, or all when conversation_id
 * is 0) with its stored hash and XML, oldest first: gesprekctl verify
 * recomputes each hash. */
typedef void (*snapshot_check_fn)(void *ud, int64_t id, int64_t conversation_id,
    const char *sha256_hex, const char *xml, size_t xml_len);
int snapshot_each(struct db *db, int64_t conversation_id, snapshot_check_fn fn, void *ud);
/* The latest snapshot as it was hashed: its XML bytes into xml and the
 * stored SHA-256 (lowercase hex) into sha256_hex; DB_NOTFOUND if none. */
#define SNAPSHOT_HEX_LEN (2 * SHA256_LEN)
int snapshot_latest_signed(struct db *db, int64_t conversation_id, struct buf *xml,
    char sha256_hex[SNAPSHOT_HEX_LEN + 1]);
/* A conversation's remarks, signatures and snapshots, each in the order
 * they were made, in one statement. */
struct signoff_fns {
	remark_fn remark;
	void *remark_ud;
	signature_fn signature;
	void *signature_ud;
	snapshot_fn snapshot;
	void *snapshot_ud;
};
int signoff_of_conversation(struct db *db, int64_t conversation_id, const struct signoff_fns *f);

/* Writes of a conversation (conversation.c).  Each is one transaction of
 * its own with its audit row: it locks the conversation row (with its
 * dossier) first and checks under that lock who the actor is, that the
 * dossier is open and that the conversation's state allows the write, so
 * that no check is overtaken by another request.  Results:
 *   DB_OK        written;
 *   DB_NOTFOUND  the actor may not: not the party it needs, no such
 *                conversation or item, an item the actor may not see, not
 *                its turn to sign -- the caller answers 403 alike;
 *   DB_CONFLICT  the state or the version moved on (a lost race, or a
 *                form built on an older version): the form again, 409. */
struct conv_write {
	int64_t id;			/* the conversation */
	int64_t actor_id;		/* who writes (the session's employee) */
	int64_t version;		/* the form's; 0: whatever it is now */
};
struct item_input {
	const char *kind;
	const char *title;
	const char *measure;
	const char *deadline;
	int64_t responsible_id;		/* 0: the employee */
	int64_t org_goal_id;
	int64_t weight;			/* 0 = none */
	int64_t area_id;		/* a result goal's key result area; 0 none */
	int64_t competence_id;		/* a development point's competence; 0 none */
};
/* Why an item was not written although the store answered DB_OK. */
enum item_problem {
	ITEM_OK,
	ITEM_RESPONSIBLE,		/* not one of the people the form offers */
	ITEM_ORG_GOAL,			/* not an organisation goal of the cycle */
	/* A result goal that breaks a goal rule of the conversation's
	 * template version (issue 16, rules/goal_rules.h): */
	ITEM_NEED_ORG_GOAL,		/* derived from no organisation goal */
	ITEM_NEED_MEASURE,		/* no measure */
	ITEM_NEED_END_DATE,		/* no end date */
	ITEM_AREA,			/* not an area of the employee's job profile,
					 * or not a result goal */
	ITEM_COMPETENCE,		/* not a competence of the employee's job
					 * profile, or not a development point */
	ITEM_RATING,			/* not a level of the goals' scale
					   (store/outcome.h outcome_goal_rating_ok) */
};
/* Either party, while planned, preparing or held.  *id: the new item. */
int conversation_item_add(struct db *db, const struct conv_write *w, const struct item_input *in,
    int64_t *id, enum item_problem *problem);
/* As above, of an item the actor can see; DB_CONFLICT also when the
 * item's version is not item_version. */
int conversation_item_edit(struct db *db, const struct conv_write *w, int64_t item_id,
    int64_t item_version, const struct item_input *in, enum item_problem *problem);
/* Reads one item of a dossier (for conflict pages); fn as above. */
int item_of_dossier(struct db *db, int64_t id, int64_t dossier_id, item_fn fn, void *ud);
/* A status/note/rating of an item the actor can see: one note per item,
 * conversation and author (a later save of the same author replaces it,
 * so neither party overwrites the other's); sets the item's status.  A
 * rating only from the manager in an assessment. */
struct update_input {
	int64_t item_id;
	const char *status;		/* NULL: unchanged */
	const char *note;
	int rating;			/* UPDATE_NO_RATING: none; 0 is a level
					 * a template's scale may have */
	/* The session (its token's hash) whose flash becomes `flash` in the
	 * same transaction, the save's own commit; NULL: none. */
	const unsigned char *flash_session;
	const char *flash;
};
int conversation_update(struct db *db, const struct conv_write *w, const struct update_input *in,
    enum item_problem *problem);
/* Either party, while planned, preparing or held. */
int conversation_remark(struct db *db, const struct conv_write *w, const char *text);
/* The overall rating: store/outcome.h outcome_confirm (issue 16). */
/* The manager sets the date (UTC; local is what was typed, for the audit
 * detail): planned or preparing, and then preparing. */
int conversation_plan(struct db *db, const struct conv_write *w, const char *utc,
    const char *local);
/* Either party shares its preparation: planned or preparing. */
int conversation_share(struct db *db, const struct conv_write *w);
/* The manager: planned/preparing -> held, held -> finalized. */
int conversation_held(struct db *db, const struct conv_write *w);
/* What an assessment still lacks when it is to be finalized: the overall
 * rating, and the result goals without a rating here (the first
 * FINALIZE_MISSING_MAX, by id). */
#define FINALIZE_MISSING_MAX 50
/* A form's sections (store/template.h TPL_SECTIONS_MAX) and the bytes of
 * a section key (TPL_KEY_MAX + 1): store/outcome.c checks both. */
#define FINALIZE_SECTIONS_MAX 30
#define FINALIZE_KEY_BYTES 41
/* A section of the conversation's form that lacks a required answer or
 * rating (issue 16): its key and what it lacks (rules/outcome.h LACK_*). */
struct finalize_gap {
	char key[FINALIZE_KEY_BYTES];
	unsigned lacks;
};
struct finalize_missing {
	bool overall;
	bool stale;	/* confirmed, but for a proposal the ratings since changed */
	size_t nsections;
	struct finalize_gap sections[FINALIZE_SECTIONS_MAX];
	size_t nitems;
	int64_t items[FINALIZE_MISSING_MAX];
};
bool finalize_incomplete(const struct finalize_missing *m);
/* held -> finalized.  Every conversation's required answers and ratings
 * must be there (its template's sections), and an assessment must be
 * complete: when it is not,
 * DB_OK with *missing saying what lacks, and nothing written (checked
 * under the conversation's lock, so a rating removed meanwhile counts). */
int conversation_finalize(struct db *db, const struct conv_write *w,
    struct finalize_missing *missing);
/* The author deletes an item made in this conversation while it is
 * planned, preparing or held (never once finalized or signed: the
 * conditional DELETE checks it), with its notes; audited with its text.
 * DB_NOTFOUND: not the actor's item, not of this conversation, not there;
 * DB_CONFLICT: the state moved on, or a note of it is in a saved report. */
int conversation_item_delete(struct db *db, const struct conv_write *w, int64_t item_id);
/* The report as it is signed: render writes it into out, reading through
 * the same connection inside the sign's transaction (so it holds the
 * manager's signature just written); DB_OK or the status to fail with.
 * The caller renders (the store has no XML); the store stores and hashes. */
struct snapshot_maker {
	int (*render)(void *ud, struct buf *out);
	void *ud;
};
/* Signs a finalized conversation in its current signing round: the
 * employee first, then the manager, each once a round (the unique key
 * signature_once holds it too).  The manager's signature closes the
 * conversation, stores the snapshot and seals the round's signatures
 * with its SHA-256; *closed says so. */
int conversation_sign(struct db *db, const struct conv_write *w, const char *verdict,
    const char *remark, const struct snapshot_maker *snap, bool *closed);
/* HR reopens a finalized or closed conversation (w->actor_id must be no
 * party of it: DB_NOTFOUND): back to held, a new signing round, the
 * unsealed signatures of the old one voided, the reason kept.  The caller
 * checks that the actor is HR. */
int conversation_reopen(struct db *db, const struct conv_write *w, const char *reason);

#endif
