/* session.h -- what the store offers on sessions (session.c). Every
 * function returns an enum db_status (store/status.h); the SQL stays in
 * fcgi/store/. */
#ifndef GESPREK_STORE_SESSION_H
#define GESPREK_STORE_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/status.h"
#include "base/sha256.h"
#include "store/employee.h"

#define CSRF_HEX_LEN 64
#define FLASH_MAX 64

/* ---- sessions (session.c) ---- */

struct session_row {
	unsigned char token_hash[SHA256_LEN];
	int64_t employee_id;		/* 0: a visitor row of old (sql/053) */
	bool is_hr;			/* as at login: for the record, never for access */
	char csrf[CSRF_HEX_LEN + 1];
	char flash[FLASH_MAX + 1];
	bool stale;			/* seen_at older than a minute */
	/* The page stamps read with it when asked (store/stamp.h); else 0. */
	bool stamped;			/* they were asked for and read */
	int64_t all_stamp;		/* page_stamp: everything but dossiers */
	int64_t person_stamp;		/* employee.stamp of its employee */
	int64_t deputy_stamp;		/* the sum of those of whom they deputise for */
	char today[11];			/* the database's UTC date */
	char lang[3];			/* its employee's chosen language, or "" */
};

/* Loads a live session (neither idle nor past its absolute expiry) and,
 * when it has one that still exists, its employee (else user->id is 0);
 * with stamps, the page stamps too (out->stamped): a page the page cache
 * may answer checks them, and no other page needs them (they cost the
 * read a good part of its plan). */
int session_get(struct db *db, const unsigned char hash[SHA256_LEN], int64_t idle, bool stamps,
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

#endif
