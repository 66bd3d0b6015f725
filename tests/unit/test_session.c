/* test_session.c -- token hashing and the cookie's attributes. */
#include "config.h"

#include "auth/session.h"
#include "tap.h"
#include "util.h"

int
main(void)
{
	unsigned char h1[SHA256_LEN], h2[SHA256_LEN], raw[TOKEN_BYTES];
	char hex[TOKEN_HEX + 1], cookie[256];

	ok(random_bytes(raw, sizeof(raw)), "random token");
	hex_encode(raw, sizeof(raw), hex);
	ok(token_hash(hex, strlen(hex), h1), "token hashes");
	sha256(raw, sizeof(raw), h2);
	ok(memcmp(h1, h2, SHA256_LEN) == 0, "stored hash is SHA-256 of the raw token");
	ok(!token_hash(hex, strlen(hex) - 1, h1), "short token refused");
	hex[3] = 'g';
	ok(!token_hash(hex, strlen(hex), h1), "non-hex token refused");
	ok(!token_hash("", 0, h1), "empty token refused");
	cookie_format(cookie, sizeof(cookie), true, "abc");
	is_str(cookie, "__Host-gesprek=abc; Path=/; HttpOnly; SameSite=Strict; Secure", "secure cookie attributes");
	cookie_format(cookie, sizeof(cookie), false, "abc");
	is_str(cookie, "gesprek=abc; Path=/; HttpOnly; SameSite=Strict", "plain-HTTP cookie");
	cookie_format(cookie, sizeof(cookie), true, NULL);
	ok(strstr(cookie, "Max-Age=0") != NULL && strncmp(cookie, "__Host-gesprek=;", 16) == 0, "clearing cookie");
	return tap_done();
}
