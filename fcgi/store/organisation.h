/* organisation.h -- what the store offers on the organisation for HR:
 * employees (employee_admin.c), departments (department.c), imports
 * (import.c). Every function returns an enum db_status (store/status.h);
 * the SQL stays in fcgi/store/. */
#ifndef GESPREK_STORE_ORGANISATION_H
#define GESPREK_STORE_ORGANISATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/status.h"
#include "base/sha256.h"
#include "rules/person.h"
#include "rules/plan.h"
#include "store/audit.h"

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
	int depth;			/* departments_tree: 0 at the top */
};
typedef int (*department_fn)(void *ud, const struct department_row *d);
/* Every department, by name. */
int departments_all(struct db *db, department_fn fn, void *ud);
/* Every department in the one tree order of every tree select and list
 * (base/tree.c: depth first, siblings by name), with its depth.  At most
 * DEPARTMENT_TREE_MAX (a larger organisation would want another interface
 * than a select anyway); *truncated says when there were more. */
#define DEPARTMENT_TREE_MAX 5000
int departments_tree(struct db *db, department_fn fn, void *ud, bool *truncated);

/* For a filter that must stay small in a large organisation (the
 * reports' department tree), rows without the employee count:
 * department_children: those directly under parent_id (0: the top), by
 * name, at most limit; department_chain: id's ancestors from the top down
 * to id itself; department_search: those whose name holds text (letters
 * compared as the collation does), by name, at most limit. */
int department_children(struct db *db, int64_t parent_id, int64_t limit, department_fn fn,
    void *ud);
int department_chain(struct db *db, int64_t id, department_fn fn, void *ud);
int department_search(struct db *db, const char *text, int64_t limit, department_fn fn, void *ud);

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
/* DB_CONFLICT: version moved on.  A move takes the whole subtree's stored
 * ancestors with it; a parent below the department itself is DEPT_LOOP. */
int department_update(struct db *db, int64_t actor, int64_t id, int64_t version,
    const char *name, int64_t parent_id, enum department_problem *problem);

/* The stored ancestors (department_ancestor, sql/064), for the writers
 * that add departments in bulk; call inside their transaction.
 * department_paths_fill: rows for every department that has none yet
 * (generate, demo, import's new departments).  department_paths_move:
 * department id (and its subtree) now hangs under parent_id (0: the top);
 * its parent_id is already written and the caller has ruled out a loop;
 * the subtree's report sums move with it (store/summary.h). */
int department_paths_fill(struct db *db);
int department_paths_move(struct db *db, int64_t id, int64_t parent_id);

/* What an import is asked to do (rules/plan.h has the guard). */
struct import_request {
	bool apply;			/* false: a dry run, nothing written */
	bool confirmed;			/* the guard's confirmation was given */
	int max_deactivate_percent;	/* conf: import_max_deactivate_percent */
	/* Applying a kept preview: its token's SHA-256 and the SHA-256 of the
	 * file parsed (import_preview_load); NULL: an uploaded file. */
	const unsigned char *preview;
	const unsigned char *file_sha256;
};
/* What came of it.  Nothing is written unless `written`. */
struct import_outcome {
	struct plan_guard guard;
	unsigned char digest[PLAN_DIGEST_LEN];	/* who the plan deactivates */
	bool written;
	bool refused;		/* the guard trips and no confirmation was given */
	bool differs;		/* the preview deactivated others: shown again */
	bool preview_gone;	/* the preview expired, was applied, or is not yours */
};

/* Reads the employees and the departments the file names into d, builds
 * the plan (rules/plan.h) and judges it with the deactivation guard; with
 * rq->apply, no problem in f, the guard satisfied (and for a preview: still
 * there and deactivating whom it did), writes it in one transaction with an
 * audit row per change and one for the import (actor 0: the system,
 * gesprekctl), deleting the preview.  Problems go to f; DB_CONFLICT when an
 * employee changed meanwhile.  The caller frees d and p. */
struct org_file;
int import_run(struct db *db, struct org_file *f, int64_t actor_id,
    const struct import_request *rq, struct org_db *d, struct import_plan *p,
    struct import_outcome *o);

/* A dry run's file, kept for its importer so that they can apply exactly
 * it without choosing it again (sql/057): for this long (seconds), one per
 * importer (a new dry run replaces it), known by a random token. */
#define IMPORT_PREVIEW_SECONDS 3600
#define IMPORT_TOKEN_BYTES 32
#define IMPORT_TOKEN_HEX (2 * IMPORT_TOKEN_BYTES)
/* Keeps data[0..len) with the plan's deactivation digest; token_hex gets
 * the token the apply form carries. */
int import_preview_save(struct db *db, int64_t employee_id, const char *data, size_t len,
    const unsigned char *digest, char token_hex[IMPORT_TOKEN_HEX + 1]);
/* The kept file of token_hex if it is employee_id's, unexpired and has
 * the SHA-256 it was stored with (a copy for the caller to free), and the
 * token's SHA-256 for import_request.preview; DB_NOTFOUND otherwise. */
int import_preview_load(struct db *db, int64_t employee_id, const char *token_hex,
    unsigned char token_sha256[SHA256_LEN], char **data, size_t *len);
/* The imports applied, newest first, with what each changed. */
struct import_counts {
	char format[8];			/* csv | xml */
	size_t added, changed, deactivated, departments;
};
typedef int (*import_history_fn)(void *ud, const struct audit_row *a,
    const struct import_counts *n);
int import_history(struct db *db, int64_t limit, import_history_fn fn, void *ud);

/* Employees deactivated per transaction by employees_retire_leavers: a
 * short lock, however many leave on one day. */
#define LEAVERS_BATCH_MAX 100
/* Deactivates every active employee whose leaving date (left_on) has come
 * (UTC, as the import counts it), logs them out and audits it; *retired
 * counts them.  Run by `gesprekctl purge` (gesprek-purge.timer), so a
 * leaver is inactive within minutes of the day starting. */
int employees_retire_leavers(struct db *db, uint64_t *retired);

/* The saved column mapping of imports (import_mapping.c): each mapped
 * field (import/mapping.h's names) with the header of its column. */
typedef int (*import_mapping_fn)(void *ud, const char *field, const char *header);
int import_mapping_each(struct db *db, import_mapping_fn fn, void *ud);
/* Replaces the mapping: fields[i] is mapped to headers[i] unless that is
 * "" (left to the aliases).  One transaction, audited. */
int import_mapping_save(struct db *db, int64_t actor, const char *const *fields,
    const char *const *headers, size_t n);

#endif
