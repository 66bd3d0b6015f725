/* session.h -- the session cookie, CSRF tokens, flash messages and the
 * live HR role.
 *
 * Session tokens are 256 bits from getrandom; only their SHA-256 is stored.
 * A logged-in user's POSTs carry the session's synchronizer token.  The
 * login form has no session: its token is a signed double-submit value, a
 * random nonce in the cookie LOGIN_COOKIE_* and, in the form's `csrf`
 * field, "<expiry>.<hex HMAC-SHA256(server secret, LOGIN_MAC_LABEL, nonce,
 * expiry)>", so a visitor costs no row (DESIGN §9: a read costs no write).
 * The server secret is a row of server_secret (sql/053), shared by every
 * gesprekd on the database and read once per worker thread. */
#ifndef GESPREK_AUTH_SESSION_H
#define GESPREK_AUTH_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/sha256.h"

#define TOKEN_BYTES 32
#define TOKEN_HEX (2 * TOKEN_BYTES)
#define COOKIE_SECURE_NAME "__Host-gesprek"
#define COOKIE_PLAIN_NAME "gesprek"

/* The login form's double-submit cookie; __Host- like the session's. */
#define LOGIN_COOKIE_SECURE_NAME "__Host-gesprek-login"
#define LOGIN_COOKIE_PLAIN_NAME "gesprek-login"
#define LOGIN_NONCE_BYTES 32
#define LOGIN_NONCE_HEX (2 * LOGIN_NONCE_BYTES)
/* A login form's token lives this long (seconds): long enough to type a
 * password, short enough that a copied form soon stops working. */
#define LOGIN_CSRF_LIFETIME 3600
/* Clocks of the gesprekd hosts of a cluster may differ this much (seconds). */
#define LOGIN_CSRF_CLOCK_SKEW 300
/* Digits of the expiry (Unix seconds) in the field. */
#define LOGIN_EXPIRY_DIGITS_MAX 12
#define LOGIN_CSRF_MAX (LOGIN_EXPIRY_DIGITS_MAX + 1 + 2 * SHA256_LEN)
/* Domain separation: this key signs nothing else with the same layout. */
#define LOGIN_MAC_LABEL "gesprek login csrf"
/* The name of the server_secret row that signs it. */
#define LOGIN_SECRET_NAME "csrf"

/* Membership of the HR Unix groups is looked up again once the worker's
 * answer for a login is [auth] group_cache old (CONF_GROUP_CACHE_DEFAULT,
 * a minute). */
/* Logins one worker thread keeps an answer for (the oldest goes first). */
#define HR_GROUP_CACHE_SLOTS 64
#define HR_GROUP_LOGIN_MAX 64

/* Pure helpers, unit-tested. */
/* Parses a cookie value of TOKEN_HEX hex digits and hashes it. */
bool token_hash(const char *hex, size_t len, unsigned char out[SHA256_LEN]);
/* Writes a Set-Cookie value for token (or for clearing when token is NULL). */
void cookie_format(char *out, size_t size, bool secure, const char *token);
/* The same for the login form's nonce (hex), alive for max_age seconds. */
void login_cookie_format(char *out, size_t size, bool secure, const char *nonce_hex,
    int max_age);
/* out (LOGIN_CSRF_MAX + 1 bytes) = the field for nonce, valid until expiry. */
void login_csrf_sign(const unsigned char *key, size_t keylen,
    const unsigned char nonce[LOGIN_NONCE_BYTES], int64_t expiry, char *out);
/* True when field was signed with key for the nonce in the cookie (hex)
 * and has not expired at `now` (Unix seconds); constant-time compare. */
bool login_csrf_verify(const unsigned char *key, size_t keylen, const char *nonce_hex,
    size_t nonce_len, const char *field, int64_t now);

/* A worker thread's answers to "is login in the HR group?". */
struct group_cache {
	struct group_entry {
		char login[HR_GROUP_LOGIN_MAX + 1];
		bool member;
		int64_t at;		/* monotonic seconds of the look-up */
	} e[HR_GROUP_CACHE_SLOTS];
};
typedef bool (*group_lookup_fn)(const char *login, const char *group);
/* The cached answer when younger than max_age seconds at `now`, else
 * lookup's (kept). */
bool group_cache_member(struct group_cache *gc, const char *login, const char *group,
    int64_t now, int64_t max_age, group_lookup_fn lookup);

#endif
