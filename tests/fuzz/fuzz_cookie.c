/* fuzz_cookie.c -- libFuzzer target: the Cookie header through cookie_find
 * under both cookie names, and a found value through the token decoding of
 * auth_load (hex, then SHA-256).
 *
 * Input: the header's value (cut at a NUL byte, as FastCGI hands it). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "auth/session.h"
#include "http/params.h"
#include "base/sha256.h"
#include "base/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
look(const char *header, const char *name)
{
	unsigned char raw[TOKEN_BYTES], digest[SHA256_LEN];
	const char *val;
	size_t len;

	if (!cookie_find(header, name, &val, &len))
		return;
	/* The value lies inside the header. */
	if (val < header || val + len > header + strlen(header))
		__builtin_trap();
	if (hex_decode(val, len, raw, sizeof(raw)))
		sha256(raw, sizeof(raw), digest);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *h = strndup((const char *)data, size);

	if (h == NULL)
		return 0;
	look(h, COOKIE_SECURE_NAME);
	look(h, COOKIE_PLAIN_NAME);
	free(h);
	return 0;
}
