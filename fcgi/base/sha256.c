/* sha256.c -- see sha256.h. */
#include "config.h"

#include <string.h>

#include <nettle/hmac.h>
#include <nettle/sha2.h>

#include "base/sha256.h"

_Static_assert(SHA256_LEN == SHA256_DIGEST_SIZE, "nettle's digest size");

void
sha256(const void *data, size_t len, unsigned char out[SHA256_LEN])
{
	struct sha256_ctx c;

	sha256_init(&c);
	sha256_update(&c, len, data);
	sha256_digest(&c, SHA256_LEN, out);
	explicit_bzero(&c, sizeof(c));
}

void
sha256_hmac(const void *key, size_t keylen, const void *data, size_t len,
    unsigned char out[SHA256_LEN])
{
	struct hmac_sha256_ctx c;

	hmac_sha256_set_key(&c, keylen, key);
	hmac_sha256_update(&c, len, data);
	hmac_sha256_digest(&c, SHA256_LEN, out);
	/* The context holds the key's inner and outer pads. */
	explicit_bzero(&c, sizeof(c));
}
