/* store.h -- everything the rest of gesprek may ask of the database.  Every
 * function returns an enum db_status; SQL stays inside fcgi/store/. */
#ifndef GESPREK_STORE_H
#define GESPREK_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "sha256.h"
#include "store/db.h"

#define LOGIN_MAX 64
#define NAME_MAX_LEN 200
#define EMAIL_MAX 254
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
	char name[NAME_MAX_LEN + 1];
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
	const char *employee_name;
	const char *manager_name;
};
typedef int (*dossier_fn)(void *ud, const struct dossier_row *row);
int dossiers_of_employee(struct db *db, int64_t employee_id, dossier_fn fn, void *ud);

struct member_row {
	int64_t id;
	const char *login;
	const char *name;
	int64_t dossier_id;	/* latest open dossier, 0 if none */
};
typedef int (*member_fn)(void *ud, const struct member_row *row);
int team_of_manager(struct db *db, int64_t manager_id, member_fn fn, void *ud);

/* ---- sessions (session.c) ---- */

struct session_row {
	unsigned char token_hash[SHA256_LEN];
	int64_t employee_id;		/* 0: a visitor before login */
	bool is_hr;
	char csrf[CSRF_HEX_LEN + 1];
	char flash[FLASH_MAX + 1];
	bool stale;			/* seen_at older than a minute */
};

/* Loads a live session (neither idle nor past its absolute expiry). */
int session_get(struct db *db, const unsigned char hash[SHA256_LEN], int64_t idle,
    struct session_row *out);
int session_create(struct db *db, const struct session_row *s, int64_t lifetime,
    const char *ip, const char *user_agent);
int session_touch(struct db *db, const unsigned char hash[SHA256_LEN]);
int session_delete(struct db *db, const unsigned char hash[SHA256_LEN]);
int session_set_flash(struct db *db, const unsigned char hash[SHA256_LEN], const char *flash);
/* Removes a bounded batch of expired sessions and old login attempts. */
int session_purge(struct db *db);

/* ---- login throttling (session.c) ---- */

/* Failed attempts within `window` seconds: for the login since its last
 * success, and for the address. */
int attempts_failed(struct db *db, const char *login, const char *ip, int64_t window,
    int64_t *by_login, int64_t *by_ip);
int attempt_record(struct db *db, const char *login, const char *ip, bool ok);

/* ---- audit trail (audit.c) ---- */

/* entity: "employee", "department", "cycle", "dossier", "conversation", ...;
 * detail: free text, typically "field: before -> after; ...". */
int audit_add(struct db *db, int64_t actor_id, const char *entity, int64_t entity_id,
    const char *action, const char *detail);

struct audit_row {
	int64_t id;
	const char *at;		/* ISO 8601 UTC */
	const char *actor;	/* name */
	const char *entity;
	int64_t entity_id;
	const char *action;
	const char *detail;
};
typedef int (*audit_fn)(void *ud, const struct audit_row *row);
int audit_list(struct db *db, const char *entity, int64_t entity_id, audit_fn fn, void *ud);

/* ---- demo data (demo.c) ---- */

int demo_load(struct db *db, char *err, size_t errlen);
/* Calls fn for each demo login (no database needed). */
void demo_logins(void (*fn)(void *ud, const char *login), void *ud);

#endif
