/* store.h -- everything the rest of gesprek may ask of the database.  Every
 * function returns an enum db_status; SQL stays inside fcgi/store/. */
#ifndef GESPREK_STORE_H
#define GESPREK_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "rules/cycle_rules.h"
#include "rules/person.h"
#include "base/sha256.h"
#include "base/util.h"
#include "store/db.h"

#define CSRF_HEX_LEN 64
#define FLASH_MAX 64

/* ---- migrations (migrate.c) ---- */

/* Counts migration files in dir not yet recorded; DB_OK with *pending. */
int migrate_pending(struct db *db, const char *dir, int *pending, char *err, size_t errlen);
/* Applies pending migrations in order; progress lines go to stdout. */
int migrate_apply(struct db *db, const char *dir, char *err, size_t errlen);

/* ---- employees (employee.c) ---- */

struct employee {
	int64_t id;
	char login[LOGIN_MAX + 1];
	char name[NAME_BYTES + 1];
	char email[EMAIL_MAX + 1];
	int64_t department_id;
	int64_t manager_id;
	bool is_hr;
	bool active;
	bool is_manager;	/* has active direct reports */
};

int employee_by_id(struct db *db, int64_t id, struct employee *out);
int employee_by_login(struct db *db, const char *login, struct employee *out);
/* Creates an employee on first login; *id receives the new id. */
int employee_create(struct db *db, const char *login, const char *name, int64_t *id);

/* Lists for the dashboard, one callback per row. */
struct dossier_row {
	int64_t id;
	const char *cycle;
	const char *status;
	const char *manager_name;
	const char *starts_on;		/* the cycle's */
};
typedef int (*dossier_fn)(void *ud, const struct dossier_row *row);
int dossiers_of_employee(struct db *db, int64_t employee_id, dossier_fn fn, void *ud);

struct member_row {
	int64_t id;
	const char *login;
	const char *name;
	int64_t dossier_id;	/* latest open dossier, 0 if none */
	int64_t next_id;	/* its next conversation not closed, 0 if none */
	const char *next_type, *next_status, *next_due, *next_at;
	int64_t overdue;	/* open items past their deadline */
};
typedef int (*member_fn)(void *ud, const struct member_row *row);
int team_of_manager(struct db *db, int64_t manager_id, member_fn fn, void *ud);

struct todo_row {
	int64_t conversation_id;
	const char *type, *status;
	int64_t dossier_id;
	const char *cycle, *due_on, *scheduled_at, *employee_name;
	const char *action;	/* prepare | finalize | sign */
};
typedef int (*todo_fn)(void *ud, const struct todo_row *row);
/* Conversations listed as one's own, and as the manager, at most. */
#define TODO_MAX 500
int todo_of_employee(struct db *db, int64_t employee_id, todo_fn fn, void *ud);

/* ---- sessions (session.c) ---- */

struct session_row {
	unsigned char token_hash[SHA256_LEN];
	int64_t employee_id;		/* 0: a visitor row of old (sql/053) */
	bool is_hr;			/* as at login: for the record, never for access */
	char csrf[CSRF_HEX_LEN + 1];
	char flash[FLASH_MAX + 1];
	bool stale;			/* seen_at older than a minute */
	/* The page stamps read with it (store/stamp.h). */
	int64_t all_stamp;		/* page_stamp: everything but dossiers */
	int64_t person_stamp;		/* employee.stamp of its employee */
	char today[11];			/* the database's UTC date */
};

/* Loads a live session (neither idle nor past its absolute expiry) and,
 * when it has one that still exists, its employee (else user->id is 0). */
int session_get(struct db *db, const unsigned char hash[SHA256_LEN], int64_t idle,
    struct session_row *out, struct employee *user);
int session_create(struct db *db, const struct session_row *s, int64_t lifetime,
    const char *ip, const char *user_agent);
int session_touch(struct db *db, const unsigned char hash[SHA256_LEN]);
int session_delete(struct db *db, const unsigned char hash[SHA256_LEN]);
int session_set_flash(struct db *db, const unsigned char hash[SHA256_LEN], const char *flash);
/* Removes a bounded batch of expired sessions and old login attempts. */
int session_purge(struct db *db);

/* A secret shared by every gesprekd on this database (sql/053): the row
 * `name` of server_secret, made from getrandom at first use. */
#define SERVER_SECRET_LEN 32
int server_secret_get(struct db *db, const char *name, unsigned char out[SERVER_SECRET_LEN]);

/* ---- login throttling (session.c) ---- */

/* The limits of login attempts ([auth] throttle_*). */
struct attempt_limits {
	int64_t window;		/* seconds a failure counts */
	int64_t per_login;	/* failures per account and per account+address pair */
	int64_t per_address;	/* failures per client address, whatever the login */
};

/* Reserves one try of `login` (already mapped, auth/loginname.h) from ip
 * before PAM is asked: in one transaction under the login's guard row it
 * counts the failures that hold and, when none does, writes the attempt as
 * a failure (*id; attempt_succeeded turns it into a success).  So parallel
 * tries count before they are answered and no more than the limit reach
 * PAM.  What holds a try:
 *   - the pair (login, ip): per_login failures since the pair's last
 *     success, within a window that doubles with every further per_login
 *     failures of the pair in the last ATTEMPT_HORIZON (a lock that gets
 *     longer for an address that keeps guessing);
 *   - the account: per_login failures within the window since its last
 *     success, from addresses it never logged in from -- an address it did
 *     log in from is held by its pair alone, so a stranger cannot lock the
 *     owner out of his usual machine;
 *   - the address: per_address failures within the window.
 * *allowed is false (and nothing written) when one holds. */
int attempt_reserve(struct db *db, const char *login, const char *ip,
    const struct attempt_limits *lim, bool *allowed, int64_t *id);
/* The reserved try succeeded: it stops counting as a failure, resets the
 * counts of the account and the pair, and marks ip as known for login. */
int attempt_succeeded(struct db *db, int64_t id, const char *login, const char *ip);
/* PAM could not decide (broker down): the reserved try does not count. */
int attempt_release(struct db *db, int64_t id);

/* ---- dossiers, conversations, items (dossier.c, conversation.c) ---- */

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
};
int dossier_get(struct db *db, int64_t id, struct dossier *d);
/* True when manager_id is the direct manager of employee_id. */
int is_manager_of(struct db *db, int64_t manager_id, int64_t employee_id, bool *yes);

struct conversation {
	int64_t id;
	int64_t dossier_id;
	char type[16];			/* goal_setting | progress | assessment */
	int seq;
	char scheduled_at[20];		/* YYYY-MM-DDTHH:MM (UTC) or "" */
	char held_on[11];
	char due_on[11];
	char status[12];		/* planned preparing held finalized closed */
	int overall_rating;		/* 0 = none */
	char overall_note[4 * TEXT_MAX_CHARS + 1];
	bool employee_shared;
	bool manager_shared;
	char reopen_reason[4 * TEXT_MAX_CHARS + 1];
	int64_t version;
};
int conversation_get(struct db *db, int64_t id, struct conversation *c);
typedef int (*conversation_fn)(void *ud, const struct conversation *c);
int conversations_of_dossier(struct db *db, int64_t dossier_id, conversation_fn fn, void *ud);
/* The dossier `id` (or, by_conversation, the dossier of conversation
 * `id`) into d and each of its conversations to fn (in no particular
 * order), in one statement; DB_NOTFOUND when there is none. */
int dossier_view_rows(struct db *db, int64_t id, bool by_conversation, struct dossier *d,
    conversation_fn fn, void *ud);

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
};
typedef int (*item_fn)(void *ud, const struct item *it);
int items_of_dossier(struct db *db, int64_t dossier_id, item_fn fn, void *ud);

struct item_update {
	int64_t id;
	int64_t item_id;
	int64_t conversation_id;
	int64_t author_id;
	const char *author_name;
	const char *status;
	const char *note;
	int rating;
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
};
typedef int (*signature_fn)(void *ud, const struct signature *s);
int signatures_of_conversation(struct db *db, int64_t conversation_id, signature_fn fn, void *ud);
typedef int (*snapshot_fn)(void *ud, int64_t id, const char *sha256, const char *at);
/* The XML of the latest snapshot of a conversation into xml. */
int snapshot_latest(struct db *db, int64_t conversation_id, struct buf *xml);
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
};
/* Why an item was not written although the store answered DB_OK. */
enum item_problem {
	ITEM_OK,
	ITEM_RESPONSIBLE,		/* not one of the people the form offers */
	ITEM_ORG_GOAL,			/* not an organisation goal of the cycle */
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
	int rating;			/* 0: none */
};
int conversation_update(struct db *db, const struct conv_write *w, const struct update_input *in);
/* Either party, while planned, preparing or held. */
int conversation_remark(struct db *db, const struct conv_write *w, const char *text);
/* The manager, of an assessment still editable, at w->version. */
int conversation_overall(struct db *db, const struct conv_write *w, int rating, const char *note);
/* The manager sets the date (UTC; local is what was typed, for the audit
 * detail): planned or preparing, and then preparing. */
int conversation_plan(struct db *db, const struct conv_write *w, const char *utc,
    const char *local);
/* Either party shares its preparation: planned or preparing. */
int conversation_share(struct db *db, const struct conv_write *w);
/* The manager: planned/preparing -> held, held -> finalized. */
int conversation_held(struct db *db, const struct conv_write *w);
int conversation_finalize(struct db *db, const struct conv_write *w);
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

/* ---- audit trail (audit.c) ---- */

/* entity: "employee", "department", "cycle", "dossier", "conversation", ...;
 * detail: free text, typically "field: before -> after; ...".  Also moves
 * the page stamps of what changed (store/stamp.h). */
int audit_add(struct db *db, int64_t actor_id, const char *entity, int64_t entity_id,
    const char *action, const char *detail);

struct audit_row {
	int64_t id;
	const char *at;		/* ISO 8601 UTC */
	const char *actor;	/* name */
	const char *entity;
	int64_t entity_id;
	const char *action;
	const char *detail;	/* "" when private_detail */
	/* The row records private preparation that is still private (DESIGN
	 * §5): an item, note, rating or remark of a party that has not shared
	 * it in a conversation not yet held.  Its detail is withheld. */
	bool private_detail;
};
typedef int (*audit_fn)(void *ud, const struct audit_row *row);
int audit_list(struct db *db, const char *entity, int64_t entity_id, audit_fn fn, void *ud);
/* The trail HR reads (GET /admin/audit), newest first, at most `limit`
 * rows: an employee with their dossiers; a dossier with its conversations
 * and items; a cycle with its organisation and collective goals.  Other
 * entities: DB_NOTFOUND.  Rows of private preparation come without their
 * detail (struct audit_row, private_detail). */
int audit_trail(struct db *db, const char *entity, int64_t entity_id, int64_t limit,
    audit_fn fn, void *ud);
/* Appends "field: before -> after; " to b when the two differ (NULL counts
 * as ""): the detail of an update. */
struct buf;
void audit_diff(struct buf *b, const char *field, const char *before, const char *after);
/* Appends "field: value; " when value is not empty: the detail of a create. */
void audit_value(struct buf *b, const char *field, const char *value);

/* ---- cycles (cycle.c, cycle_start.c) ---- */

#define CYCLE_NAME_MAX 100	/* characters of cycle.name */
#define GOAL_TITLE_MAX 200	/* characters of a goal's title */
#define GOAL_TEXT_MAX 4000	/* characters of a description, measure or note */

/* What an audit trail is about, for its heading (audit.c): an employee's name and
 * login, a dossier's employee and cycle, a cycle's name. */
struct audit_subject {
	char name[NAME_MAX_LEN * 4 + 1];
	char login[LOGIN_MAX + 1];
	char cycle[CYCLE_NAME_MAX * 4 + 1];
	int64_t employee_id;
	int64_t cycle_id;
	bool found;
};
int audit_subject(struct db *db, const char *entity, int64_t entity_id,
    struct audit_subject *out);

/* A cycle as HR enters it; strings are the caller's. */
struct cycle_input {
	const char *name;
	const char *starts_on;
	const char *ends_on;
	const char *scale;		/* stored form: labels joined by '|' */
	const struct plan_step *steps;	/* NULL on update: keep the schedule */
	size_t nsteps;
};

struct cycle_row {
	int64_t id;
	const char *name;
	const char *starts_on;
	const char *ends_on;
	const char *status;		/* planned | open | closed */
	const char *scale;
	int64_t version;
	int64_t dossiers;		/* all of the cycle */
	int64_t dossiers_open;
};
typedef int (*cycle_fn)(void *ud, const struct cycle_row *row);
/* Every cycle, newest period first. */
int cycle_list(struct db *db, cycle_fn fn, void *ud);
/* One cycle; DB_NOTFOUND when there is none. */
int cycle_get(struct db *db, int64_t id, cycle_fn fn, void *ud);

struct cycle_step_row {
	int seq;
	const char *type;
	const char *due_on;		/* "" when none */
};
typedef int (*cycle_step_fn)(void *ud, const struct cycle_step_row *row);
int cycle_steps(struct db *db, int64_t cycle_id, cycle_step_fn fn, void *ud);

/* Each writes its change and its audit row in one transaction.
 * DB_DUPLICATE: the name is taken. */
int cycle_create(struct db *db, int64_t actor, const struct cycle_input *in, int64_t *id);
/* DB_CONFLICT: version moved on, the cycle is closed, or the input would
 * change the schedule or the number of scale labels after dossiers exist
 * (ratings are stored as positions on the scale). */
int cycle_update(struct db *db, int64_t actor, int64_t id, int64_t version,
    const struct cycle_input *in);

/* Whom a start gives a dossier. */
enum cycle_scope {
	SCOPE_ALL,			/* every active employee */
	SCOPE_DEPARTMENT,		/* the active employees of one department */
	SCOPE_LIST,			/* hand-picked employees (inactive ones are skipped) */
};
struct cycle_start {
	enum cycle_scope scope;
	int64_t department_id;
	bool recursive;			/* with the department's sub-departments */
	const int64_t *employees;	/* SCOPE_LIST */
	size_t nemployees;
};
struct cycle_started {
	int64_t created;		/* new dossiers */
	int64_t present;		/* employees who had one already */
};
/* Gives each employee in scope a dossier with their current manager and a
 * planned conversation per step; an employee who has one keeps it.  The
 * cycle becomes open.  DB_CONFLICT: the cycle is closed; DB_NOTFOUND: no
 * such cycle or department. */
int cycle_start(struct db *db, int64_t actor, int64_t id, const struct cycle_start *how,
    struct cycle_started *out);
/* Closes the cycle and every dossier in it; conversations keep their
 * status but are read-only because their dossier is closed.
 * DB_CONFLICT: already closed. */
int cycle_close(struct db *db, int64_t actor, int64_t id, int64_t *dossiers_closed);

/* Departments as a tree (for choices): parents before children, siblings
 * by name, depth 0 at the top. */
struct department_choice {
	int64_t id;
	const char *name;
	int depth;
};
typedef int (*department_choice_fn)(void *ud, const struct department_choice *row);
int cycle_departments(struct db *db, department_choice_fn fn, void *ud);

/* ---- organisation and collective goals (goal.c) ---- */

struct org_goal_row {
	int64_t id;
	int64_t cycle_id;
	const char *title;
	const char *description;	/* "" when none */
	int64_t version;
};
typedef int (*org_goal_fn)(void *ud, const struct org_goal_row *row);
/* The organisation goals of a cycle, in the order they were made. */
int org_goals_of_cycle(struct db *db, int64_t cycle_id, org_goal_fn fn, void *ud);
/* The cycle of an organisation goal; DB_NOTFOUND when there is none. */
int org_goal_cycle(struct db *db, int64_t id, int64_t *cycle_id);
/* DB_CONFLICT: the cycle is closed (and, on update, version moved on). */
int org_goal_create(struct db *db, int64_t actor, int64_t cycle_id, const char *title,
    const char *description, int64_t *id);
int org_goal_update(struct db *db, int64_t actor, int64_t id, int64_t version,
    const char *title, const char *description);

struct collective_row {
	int64_t id;
	int64_t cycle_id;
	const char *title;
	const char *measure;		/* what must be achieved; "" when none */
	const char *deadline;		/* YYYY-MM-DD or "" */
	int64_t department_id;		/* 0: everyone */
	const char *department;		/* its name, "" for everyone */
	bool bonus;			/* part of a bonus scheme */
	const char *status;		/* open | achieved | not_achieved */
	const char *status_note;	/* "" when none */
	int64_t version;
};
typedef int (*collective_fn)(void *ud, const struct collective_row *row);
/* Every collective goal of a cycle (HR's view). */
int collective_goals_of_cycle(struct db *db, int64_t cycle_id, collective_fn fn, void *ud);
/* The collective goals that stand on a dossier's forms: those of its cycle
 * for everyone, for the employee's department or for one of its ancestors
 * (a goal for Verkoop applies to Binnendienst).  In no order: the page
 * shows everyone's first, then by deadline (conversation_parts.xsl). */
int collective_goals_for_dossier(struct db *db, int64_t dossier_id, collective_fn fn, void *ud);
/* The cycle of a collective goal; DB_NOTFOUND when there is none. */
int collective_goal_cycle(struct db *db, int64_t id, int64_t *cycle_id);

/* The lists of a conversation form, in one statement: the dossier's
 * collective goals (as collective_goals_for_dossier, in no order), its
 * cycle's organisation goals, and who can be responsible for an item --
 * the employee, the manager, then the manager's other active reports by
 * name (at most PEOPLE_MAX). */
#define PEOPLE_MAX 200
struct form_list_fns {
	collective_fn collective;
	void *collective_ud;
	org_goal_fn org_goal;
	void *org_goal_ud;
	member_fn person;
	void *person_ud;
};
int form_lists(struct db *db, const struct dossier *d, const struct form_list_fns *f);

struct collective_input {
	const char *title;
	const char *measure;		/* NULL or "": none */
	const char *deadline;		/* NULL or "": none */
	int64_t department_id;		/* 0: everyone */
	bool bonus;
};
/* DB_CONFLICT: the cycle is closed (and, on update, version moved on);
 * DB_NOTFOUND: no such department. */
int collective_create(struct db *db, int64_t actor, int64_t cycle_id,
    const struct collective_input *in, int64_t *id);
int collective_update(struct db *db, int64_t actor, int64_t id, int64_t version,
    const struct collective_input *in);
/* The one central status every affected form shows; allowed also after
 * the cycle closed (a bonus is often settled afterwards).
 * DB_CONFLICT: version moved on. */
int collective_set_status(struct db *db, int64_t actor, int64_t id, int64_t version,
    const char *status, const char *note);

/* ---- the organisation for HR: employees (employee_admin.c), departments
 * (department.c), imports (import.c) ---- */

/* Characters of a search text on the employee list. */
#define SEARCH_MAX_CHARS 100

struct employee_filter {
	const char *q;			/* in name, login or e-mail; "" for all */
	int64_t department_id;		/* 0 for all */
	int active;			/* 1 active, 0 inactive, -1 both */
	int64_t offset, limit;
};
struct employee_item {
	int64_t id;
	const char *login, *name, *email;
	const char *department;		/* name, "" when none */
	const char *manager;		/* name, "" when none */
	bool is_hr, active;
};
typedef int (*employee_item_fn)(void *ud, const struct employee_item *e);
/* One page of the list by name; *total counts every match. */
int employees_find(struct db *db, const struct employee_filter *f, int64_t *total,
    employee_item_fn fn, void *ud);

/* An employee as HR edits it. */
struct employee_edit {
	int64_t id;
	char login[LOGIN_MAX + 1];
	char name[NAME_BYTES + 1];
	char email[EMAIL_MAX + 1];
	int64_t department_id;
	char department[NAME_BYTES + 1];
	int64_t manager_id;
	char manager_login[LOGIN_MAX + 1];
	char manager_name[NAME_BYTES + 1];
	bool is_hr, active;
	int64_t version;
};
int employee_edit_get(struct db *db, int64_t id, struct employee_edit *out);

/* What HR typed; strings are the caller's. */
struct employee_input {
	const char *login, *name;
	const char *email;		/* "" or NULL: none */
	int64_t department_id;		/* 0: none */
	const char *department_name;	/* for the audit detail */
	const char *manager_login;	/* "" or NULL: none */
	bool is_hr;
};
/* Why a create or update wrote nothing although the store answered DB_OK. */
enum employee_problem {
	EMP_OK,
	EMP_MANAGER_UNKNOWN,		/* no active employee with that login */
	EMP_MANAGER_LOOP,		/* the manager chain would come back */
	EMP_DEPARTMENT_UNKNOWN,
};
/* DB_DUPLICATE: the login is taken. */
int employee_admin_create(struct db *db, int64_t actor, const struct employee_input *in,
    int64_t *id, enum employee_problem *problem);
/* DB_CONFLICT: version moved on.  A new manager counts for new dossiers
 * only; existing ones keep theirs (dossier_move_manager). */
int employee_admin_update(struct db *db, int64_t actor, int64_t id, int64_t version,
    const struct employee_input *in, enum employee_problem *problem);
/* Deactivating also ends every session of the employee.  DB_CONFLICT:
 * version moved on. */
int employee_set_active(struct db *db, int64_t actor, int64_t id, int64_t version,
    bool active);

struct employee_dossier {
	int64_t id;
	const char *cycle;
	const char *status;
	int64_t manager_id;		/* the dossier's own manager, 0: none */
	const char *manager_name;
};
typedef int (*employee_dossier_fn)(void *ud, const struct employee_dossier *d);
int employee_dossiers(struct db *db, int64_t employee_id, employee_dossier_fn fn, void *ud);
/* Moves an open dossier to its employee's current manager, who must be
 * manager_id (what HR saw); DB_CONFLICT otherwise or when it is closed.
 * *employee_id: the dossier's employee. */
int dossier_move_manager(struct db *db, int64_t actor, int64_t dossier_id, int64_t manager_id,
    int64_t *employee_id);

struct department_row {
	int64_t id;
	const char *name;
	int64_t parent_id;		/* 0: top level */
	int64_t version;
	int64_t employees;		/* active ones */
};
typedef int (*department_fn)(void *ud, const struct department_row *d);
/* Every department, by name. */
int departments_all(struct db *db, department_fn fn, void *ud);

struct department {
	int64_t id;
	char name[NAME_BYTES + 1];
	int64_t parent_id;
	char parent[NAME_BYTES + 1];
	int64_t version;
	int64_t employees;
};
int department_get(struct db *db, int64_t id, struct department *out);
enum department_problem {
	DEPT_OK,
	DEPT_PARENT_UNKNOWN,
	DEPT_LOOP,			/* the parent is the department or below it */
};
/* DB_DUPLICATE: the name is taken (names are unique organisation-wide). */
int department_create(struct db *db, int64_t actor, const char *name, int64_t parent_id,
    int64_t *id, enum department_problem *problem);
/* DB_CONFLICT: version moved on. */
int department_update(struct db *db, int64_t actor, int64_t id, int64_t version,
    const char *name, int64_t parent_id, enum department_problem *problem);

/* Reads the employees and the departments the file names into d, builds
 * the plan (rules/plan.h) and, with apply and no problem in f, writes it
 * in one transaction with an audit row per change and one for the import
 * (actor 0: the system, gesprekctl).  Problems go to f; DB_CONFLICT when an
 * employee changed meanwhile.  The caller frees d and p. */
struct org_file;
struct org_db;
struct import_plan;
int import_run(struct db *db, struct org_file *f, int64_t actor_id, bool apply,
    struct org_db *d, struct import_plan *p);
/* The imports applied, newest first, with what each changed. */
struct import_counts {
	char format[8];			/* csv | xml */
	size_t added, changed, deactivated, departments;
};
typedef int (*import_history_fn)(void *ud, const struct audit_row *a,
    const struct import_counts *n);
int import_history(struct db *db, int64_t limit, import_history_fn fn, void *ud);

/* ---- reports (report.c) ---- */

/* Whose dossiers an overview counts: one cycle, optionally one department
 * (with its sub-departments when recursive) and, for a manager, only the
 * dossiers they hold. */
struct report_scope {
	int64_t cycle_id;
	int64_t department_id;		/* 0: every department */
	bool recursive;
	int64_t manager_id;		/* 0: no team limit (HR) */
};

/* Conversations of one type by state: planned counts planned and
 * preparing ones; signing = finalized, waiting for a signature; overdue =
 * still planned or preparing after its due date (counted in planned too). */
struct report_conv_row {
	const char *type;
	int64_t planned, held, signing, closed, overdue, total;
};
typedef int (*report_conv_fn)(void *ud, const struct report_conv_row *row);
/* One row per conversation type, in cycle order, zeros included. */
int report_conversations(struct db *db, const struct report_scope *s, report_conv_fn fn,
    void *ud);

struct report_totals {
	int64_t dossiers;
	/* Result goals both parties can see, cancelled ones left out. */
	int64_t results, achieved, not_achieved, in_progress;
	/* Active employees in scope (a manager's: their reports) without a
	 * dossier in the cycle. */
	int64_t without_dossier;
};
int report_totals(struct db *db, const struct report_scope *s, struct report_totals *out);

/* Overall ratings of assessments both parties can see, by value. */
typedef int (*report_rating_fn)(void *ud, int rating, int64_t count);
int report_ratings(struct db *db, const struct report_scope *s, report_rating_fn fn, void *ud);

/* Every collective goal of the cycle with the number of dossiers in scope
 * it stands on. */
typedef int (*report_collective_fn)(void *ud, const struct collective_row *g,
    int64_t dossiers);
int report_collective(struct db *db, const struct report_scope *s, report_collective_fn fn,
    void *ud);

/* A number of the overview, to list the people behind it. */
enum report_metric_kind {
	METRIC_DOSSIERS,
	METRIC_CONVERSATIONS,		/* type, state: planned held signing closed overdue total */
	METRIC_RESULTS,			/* state: total achieved not_achieved in_progress */
	METRIC_RATING,			/* value: the rating */
	METRIC_COLLECTIVE,		/* value: the collective goal's id */
	METRIC_NO_DOSSIER,
};
struct report_metric {
	enum report_metric_kind kind;
	const char *type;
	const char *state;
	int64_t value;
};
struct report_person {
	int64_t employee_id;
	const char *login, *name;
	const char *department;		/* "" when none */
	const char *manager;		/* the dossier's (or the employee's) manager */
	int64_t dossier_id;		/* 0: none */
	int64_t count;			/* conversations, items, ... of the metric */
};
typedef int (*report_person_fn)(void *ud, const struct report_person *p);
/* One page of the people behind a number, by name. */
int report_people(struct db *db, const struct report_scope *s, const struct report_metric *m,
    int64_t offset, int64_t limit, report_person_fn fn, void *ud);

/* ---- exports (report_export.c) ---- */

/* Dossiers read per round of queries: memory stays bounded by one round. */
#define EXPORT_CHUNK 100
/* The most a caller may ask for (gesprekctl export --chunk). */
#define EXPORT_CHUNK_MAX 5000

/* Which dossiers an export holds.  Items, notes and remarks written in a
 * conversation still planned or being prepared are left out unless the
 * author's side shared them or the author is viewer_id (the personal
 * export holds the employee's own preparation). */
struct export_filter {
	int64_t cycle_id;		/* 0: every cycle (the personal export) */
	int64_t department_id;		/* 0: every department */
	bool recursive;
	int64_t manager_id;		/* 0: any; else only the dossiers they hold */
	int64_t employee_id;		/* 0: any; else only this employee's dossiers */
	int64_t viewer_id;		/* 0: nobody's private preparation */
	const char *from, *to;		/* YYYY-MM-DD or NULL: conversation dates */
	size_t chunk;			/* dossiers per round; 0: EXPORT_CHUNK */
};

struct export_counts {
	int64_t dossiers, conversations, items;
};

struct export_dossier {
	int64_t id, cycle_id;
	const char *cycle, *status;
	int64_t employee_id;
	const char *login, *name, *email;
	int64_t department_id;		/* 0: none */
	const char *department;
	bool active;
	int64_t manager_id;		/* 0: none */
	const char *manager_login, *manager_name;
};

struct export_conversation {
	int64_t id;
	const char *type;
	int seq;
	const char *status;
	const char *scheduled_at;	/* YYYY-MM-DDTHH:MM:SSZ or "" */
	const char *held_on, *due_on;	/* "" when none */
	int overall_rating;		/* 0: none (or not to be seen yet) */
	const char *overall_note;
	const char *reopen_reason;
};

/* What an export is made of, in document order; each returns DB_OK or
 * stops the export with its status.  Remarks and signatures belong to the
 * last conversation, updates to the last item. */
struct export_sink {
	int (*cycle)(void *ud, const struct cycle_row *c);
	int (*step)(void *ud, const struct cycle_step_row *s);
	int (*org_goal)(void *ud, const struct org_goal_row *g);
	int (*collective)(void *ud, const struct collective_row *g);
	int (*cycle_end)(void *ud);
	int (*department)(void *ud, const struct department_row *d);
	int (*dossier)(void *ud, const struct export_dossier *d);
	int (*conversation)(void *ud, const struct export_conversation *c);
	int (*remark)(void *ud, const struct remark *r);
	int (*signature)(void *ud, const struct signature *s);
	int (*conversation_end)(void *ud);
	int (*item)(void *ud, const struct item *it);
	int (*update)(void *ud, const struct item_update *u);
	int (*item_end)(void *ud);
	int (*dossier_end)(void *ud);
	int (*chunk_end)(void *ud);	/* a round of dossiers is complete */
};

/* Counts what the export will hold and writes its audit row (entity
 * "export", entity_id the cycle or 0; action: "cycle" or "personal";
 * detail: format, filters, counts, via) in one transaction, before any
 * of it leaves.  actor 0: gesprekctl. */
int export_begin(struct db *db, int64_t actor, const struct export_filter *f,
    const char *format, const char *via, struct export_counts *out);
/* Reads the export in one consistent snapshot (one transaction), a round
 * of dossiers at a time, and hands it to the sink. */
int export_run(struct db *db, const struct export_filter *f, const struct export_sink *sink,
    void *ud);

/* ---- e-mail reminders and the mail queue (store/mail.c) ---- */

/* A conversation due within `days` days of `today` (YYYY-MM-DD), not
 * closed, whose recipient (its employee or manager: one row each) is
 * active, has an address and was not reminded of this due date yet. */
struct reminder_row {
	int64_t conversation_id, recipient_id;
	const char *type, *due_on, *cycle, *employee, *manager;
	const char *name, *email;	/* the recipient */
};
typedef int (*reminder_fn)(void *ud, const struct reminder_row *r);
int reminders_due(struct db *db, const char *today, int days, int limit, reminder_fn fn,
    void *ud);

/* ---- the outgoing mail queue (store/mail.c, sql/054_mail_queue.sql) ---- */

/* Longest text of a send failure kept with the mail (characters). */
#define MAIL_ERROR_MAX_CHARS 255
/* A claim token: 16 random bytes in hex. */
#define MAIL_CLAIM_LEN 32

/* A message to queue: composed in full (RFC 5322, ASCII), to one person. */
struct mail_new {
	const char *kind;		/* invite | sign | signed | remind */
	int64_t conversation_id;	/* 0: about no conversation */
	int64_t recipient_id;
	const char *recipient;		/* the address */
	const char *subject;		/* UTF-8, as shown to HR */
	const char *message;
	size_t message_len;
};
/* Queues one message (state queued, due now). */
int mail_enqueue(struct db *db, const struct mail_new *m, int64_t *id);

/* Records the reminder and queues its message in one transaction;
 * *queued false when another run did already (the unique key of
 * mail_reminder decides, also across hosts). */
int reminder_enqueue(struct db *db, int64_t conversation_id, const char *due_on,
    const struct mail_new *m, bool *queued);

/* What a sender claimed: one row, valid during the callback. */
struct mail_claimed {
	int64_t id;
	int tries;			/* this one included */
	const char *recipient;
	const char *message;
	size_t message_len;
};
typedef int (*mail_claimed_fn)(void *ud, const struct mail_claimed *m);
/* In one transaction: at most `limit` mails that are due (queued with
 * next_try_at passed, or sending with its lease passed: a sender that
 * stopped) are locked with FOR UPDATE SKIP LOCKED -- rows another sender
 * holds are passed over, never waited for -- and marked sending under
 * `claim`, their tries counted and their next_try_at moved lease_s ahead;
 * a stopped sender's row already at tries_max becomes failed.  After the
 * commit fn sees each claimed row. */
int mail_claim(struct db *db, const char *claim, int limit, int tries_max, int64_t lease_s,
    mail_claimed_fn fn, void *ud);
/* The claimed mail went out: sent, its message dropped.  DB_NOTFOUND when
 * the claim is no longer ours. */
int mail_mark_sent(struct db *db, int64_t id, const char *claim);
/* The claimed mail did not go out: failed when tries reached tries_max,
 * else queued again, due in delay_s seconds; `error` is kept for HR. */
int mail_mark_unsent(struct db *db, int64_t id, const char *claim, const char *error,
    int tries_max, int64_t delay_s);

/* One mail of the queue as HR sees it: never its message. */
struct mail_row {
	int64_t id;
	const char *kind, *state, *recipient, *recipient_name, *subject;
	int tries;
	const char *created_at, *next_try_at, *last_error;	/* ISO 8601 UTC; "" */
};
typedef int (*mail_row_fn)(void *ud, const struct mail_row *r);
/* Mail not sent yet (failed first, then sending and queued, oldest first),
 * at most limit rows; and how many mails are in each state. */
int mail_queue_list(struct db *db, int limit, mail_row_fn fn, void *ud);
struct mail_counts {
	int64_t queued, sending, sent, failed;
};
int mail_queue_counts(struct db *db, struct mail_counts *out);
/* HR queues a failed mail again (tries from 0, due now), audited in the
 * same transaction.  DB_NOTFOUND: no such mail; DB_CONFLICT: not failed. */
int mail_retry(struct db *db, int64_t actor_id, int64_t id);
/* Deletes at most limit sent mails older than keep_s seconds; *deleted
 * says how many. */
int mail_purge_sent(struct db *db, int64_t keep_s, int limit, uint64_t *deleted);

/* ---- demo data (demo.c) ---- */

int demo_load(struct db *db, char *err, size_t errlen);
/* Calls fn for each demo login (no database needed). */
void demo_logins(void (*fn)(void *ud, const char *login), void *ud);

#endif
