/* sha256.h -- SHA-256 and HMAC-SHA256 from nettle (a vetted library, DESIGN
 * §3), used to store session tokens hashed, to seal signed report snapshots
 * and to sign the login form's CSRF value.  A thin wrapper: callers need
 * not know nettle's names. */
#ifndef GESPREK_SHA256_H
#define GESPREK_SHA256_H

#include <stddef.h>

#define SHA256_LEN 32

/* out = SHA-256(data[0..len)). */
void sha256(const void *data, size_t len, unsigned char out[SHA256_LEN]);
/* out = HMAC-SHA256(key, data) (RFC 2104). */
void sha256_hmac(const void *key, size_t keylen, const void *data, size_t len,
    unsigned char out[SHA256_LEN]);

#endif
