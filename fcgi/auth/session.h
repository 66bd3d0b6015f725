/* session.h -- the session cookie, CSRF tokens and flash messages.
 * Tokens are 256 bits from getrandom; only their SHA-256 is stored. */
#ifndef GESPREK_AUTH_SESSION_H
#define GESPREK_AUTH_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sha256.h"

struct ctx;

#define TOKEN_BYTES 32
#define TOKEN_HEX (2 * TOKEN_BYTES)
#define COOKIE_SECURE_NAME "__Host-gesprek"
#define COOKIE_PLAIN_NAME "gesprek"
/* A visitor's session (before login) lives this long, in seconds: long
 * enough to type a password, short enough to keep the table small. */
#define VISITOR_LIFETIME (2 * 3600)

/* Reads the cookie and loads the session and its user.  DB_OK also when
 * there is none; DB_UNAVAILABLE and DB_ERROR pass through. */
int auth_load(struct ctx *c);
/* Ensures a visitor session exists (for the login form's CSRF token). */
int auth_visitor(struct ctx *c);
/* Replaces any session with a fresh one for employee_id (login). */
int auth_login(struct ctx *c, int64_t employee_id, bool is_hr);
/* Deletes the session and clears the cookie. */
int auth_logout(struct ctx *c);
/* True when the request's csrf field matches the session's token. */
bool auth_csrf_ok(const struct ctx *c);
/* Keeps a message key for the next page (post/redirect/get). */
int auth_flash(struct ctx *c, const char *key);

/* Pure helpers, unit-tested. */
/* Parses a cookie value of TOKEN_HEX hex digits and hashes it. */
bool token_hash(const char *hex, size_t len, unsigned char out[SHA256_LEN]);
/* Writes a Set-Cookie value for token (or for clearing when token is NULL). */
void cookie_format(char *out, size_t size, bool secure, const char *token);

#endif
