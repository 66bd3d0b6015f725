/* test_session.c -- the crypto wrapper (known vectors), token hashing, the
 * cookies' attributes, the login form's signed double-submit value, the
 * HR group cache's expiry, the CSRF token from the body only and the
 * wiping of a request that carried a password. */
#include "config.h"

#include <stdlib.h>

#include "auth/session.h"
#include "base/conf.h"
#include "http/request.h"
#include "store/session.h"
#include "tap.h"
#include "base/util.h"

static char hexbuf[2 * SHA256_LEN + 1];

static const char *
hex(const unsigned char d[SHA256_LEN])
{
	hex_encode(d, SHA256_LEN, hexbuf);
	return hexbuf;
}

/* NIST FIPS 180-4 examples and RFC 4231 test cases 1 and 2. */
static void
test_vectors(void)
{
	unsigned char d[SHA256_LEN], key1[20];

	sha256("abc", 3, d);
	is_str(hex(d), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	    "SHA-256(\"abc\")");
	sha256("", 0, d);
	is_str(hex(d), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	    "SHA-256 of nothing");
	memset(key1, 0x0b, sizeof(key1));
	sha256_hmac(key1, sizeof(key1), "Hi There", 8, d);
	is_str(hex(d), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
	    "HMAC-SHA256 RFC 4231 case 1");
	sha256_hmac("Jefe", 4, "what do ya want for nothing?", 28, d);
	is_str(hex(d), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
	    "HMAC-SHA256 RFC 4231 case 2");
}

static void
test_tokens(void)
{
	unsigned char h1[SHA256_LEN], h2[SHA256_LEN], raw[TOKEN_BYTES];
	char tok[TOKEN_HEX + 1], cookie[256];

	ok(random_bytes(raw, sizeof(raw)), "random token");
	hex_encode(raw, sizeof(raw), tok);
	ok(token_hash(tok, strlen(tok), h1), "token hashes");
	sha256(raw, sizeof(raw), h2);
	ok(memcmp(h1, h2, SHA256_LEN) == 0, "stored hash is SHA-256 of the raw token");
	ok(!token_hash(tok, strlen(tok) - 1, h1), "short token refused");
	tok[3] = 'g';
	ok(!token_hash(tok, strlen(tok), h1), "non-hex token refused");
	ok(!token_hash("", 0, h1), "empty token refused");
	cookie_format(cookie, sizeof(cookie), true, "abc");
	is_str(cookie, "__Host-gesprek=abc; Path=/; HttpOnly; SameSite=Strict; Secure", "secure cookie attributes");
	cookie_format(cookie, sizeof(cookie), false, "abc");
	is_str(cookie, "gesprek=abc; Path=/; HttpOnly; SameSite=Strict", "plain-HTTP cookie");
	cookie_format(cookie, sizeof(cookie), true, NULL);
	ok(strstr(cookie, "Max-Age=0") != NULL && strncmp(cookie, "__Host-gesprek=;", 16) == 0, "clearing cookie");
}

static void
test_login_cookie(void)
{
	char cookie[256];

	login_cookie_format(cookie, sizeof(cookie), true, "ab12", 3600);
	is_str(cookie, "__Host-gesprek-login=ab12; Path=/; Max-Age=3600; HttpOnly; SameSite=Strict; Secure",
	    "login cookie: __Host-, short max-age, HttpOnly, Strict, Secure");
	login_cookie_format(cookie, sizeof(cookie), false, "ab12", 3600);
	is_str(cookie, "gesprek-login=ab12; Path=/; Max-Age=3600; HttpOnly; SameSite=Strict",
	    "plain-HTTP login cookie");
	login_cookie_format(cookie, sizeof(cookie), true, NULL, 3600);
	is_str(cookie, "__Host-gesprek-login=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict; Secure",
	    "clearing the login cookie");
}

static void
test_login_csrf(void)
{
	unsigned char key[SERVER_SECRET_LEN], other_key[SERVER_SECRET_LEN];
	unsigned char nonce[LOGIN_NONCE_BYTES], other[LOGIN_NONCE_BYTES];
	char field[LOGIN_CSRF_MAX + 1], bad[LOGIN_CSRF_MAX + 16], nhex[LOGIN_NONCE_HEX + 1];
	char ohex[LOGIN_NONCE_HEX + 1];
	const int64_t now = 1800000000;
	char *dot;

	ok(random_bytes(key, sizeof(key)) && random_bytes(other_key, sizeof(other_key)) &&
	    random_bytes(nonce, sizeof(nonce)) && random_bytes(other, sizeof(other)), "random input");
	hex_encode(nonce, sizeof(nonce), nhex);
	hex_encode(other, sizeof(other), ohex);
	login_csrf_sign(key, sizeof(key), nonce, now + LOGIN_CSRF_LIFETIME, field);
	ok(strncmp(field, "1800003600.", 11) == 0 && strlen(field) == 11 + 2 * SHA256_LEN,
	    "field is <expiry>.<64 hex>");
	ok(login_csrf_verify(key, sizeof(key), nhex, strlen(nhex), field, now),
	    "a fresh field verifies against its nonce");
	ok(login_csrf_verify(key, sizeof(key), nhex, strlen(nhex), field, now + LOGIN_CSRF_LIFETIME - 1),
	    "still valid a second before expiry");
	ok(!login_csrf_verify(key, sizeof(key), nhex, strlen(nhex), field, now + LOGIN_CSRF_LIFETIME),
	    "expired at its expiry");
	ok(!login_csrf_verify(key, sizeof(key), ohex, strlen(ohex), field, now),
	    "another nonce (another browser) refused");
	ok(!login_csrf_verify(other_key, sizeof(other_key), nhex, strlen(nhex), field, now),
	    "another server secret refused");
	ok(!login_csrf_verify(key, sizeof(key), nhex, strlen(nhex) - 1, field, now),
	    "short nonce refused");
	/* A later expiry with the same MAC. */
	strlcopy(bad, field, sizeof(bad));
	bad[9] = bad[9] == '9' ? '8' : '9';
	ok(!login_csrf_verify(key, sizeof(key), nhex, strlen(nhex), bad, now), "changed expiry refused");
	strlcopy(bad, field, sizeof(bad));
	dot = strchr(bad, '.');
	dot[1] = dot[1] == 'a' ? 'b' : 'a';
	ok(!login_csrf_verify(key, sizeof(key), nhex, strlen(nhex), bad, now), "changed MAC refused");
	bad[strlen(bad) - 1] = '\0';
	ok(!login_csrf_verify(key, sizeof(key), nhex, strlen(nhex), bad, now), "short MAC refused");
	ok(!login_csrf_verify(key, sizeof(key), nhex, strlen(nhex), dot + 1, now), "MAC without expiry refused");
	ok(!login_csrf_verify(key, sizeof(key), nhex, strlen(nhex), "", now), "empty field refused");
	ok(!login_csrf_verify(key, sizeof(key), nhex, strlen(nhex), nhex, now), "the nonce itself refused");
	snprintf(bad, sizeof(bad), "0%s", field);
	ok(!login_csrf_verify(key, sizeof(key), nhex, strlen(nhex), bad, now), "leading zero refused");
	snprintf(bad, sizeof(bad), "-1%s", strchr(field, '.'));
	ok(!login_csrf_verify(key, sizeof(key), nhex, strlen(nhex), bad, now), "signed expiry refused");
	snprintf(bad, sizeof(bad), "1234567890123%s", strchr(field, '.'));
	ok(!login_csrf_verify(key, sizeof(key), nhex, strlen(nhex), bad, now), "overlong expiry refused");
	/* Correctly signed, but further ahead than any form this server makes. */
	login_csrf_sign(key, sizeof(key), nonce, now + 2 * LOGIN_CSRF_LIFETIME + LOGIN_CSRF_CLOCK_SKEW, field);
	ok(!login_csrf_verify(key, sizeof(key), nhex, strlen(nhex), field, now), "too far ahead refused");
	/* Made by a host whose clock is a little ahead. */
	login_csrf_sign(key, sizeof(key), nonce, now + LOGIN_CSRF_LIFETIME + LOGIN_CSRF_CLOCK_SKEW / 2, field);
	ok(login_csrf_verify(key, sizeof(key), nhex, strlen(nhex), field, now), "clock skew tolerated");
}

/* ---- the HR group cache ---- */

static int lookups;
static bool in_group;

static bool
fake_lookup(const char *login, const char *group)
{
	lookups++;
	return in_group && strcmp(group, "gesprek-hr") == 0;
}

/* The default lifetime of an answer, and a short one as a test stack sets. */
#define AGE CONF_GROUP_CACHE_DEFAULT
#define SHORT 5

static void
test_group_cache(void)
{
	static struct group_cache gc;
	const char *g = "gesprek-hr";
	char login[16];
	int64_t t = 1000;
	bool all = true;
	int i;

	in_group = true;
	ok(group_cache_member(&gc, "anna", g, t, AGE, fake_lookup), "member");
	is_int(lookups, 1, "looked up once");
	in_group = false;	/* taken out of the group */
	ok(group_cache_member(&gc, "anna", g, t + AGE - 1, AGE, fake_lookup),
	    "within a minute the cached answer holds");
	is_int(lookups, 1, "no second look-up within the minute");
	ok(!group_cache_member(&gc, "anna", g, t + AGE, AGE, fake_lookup),
	    "after the cache's lifetime the removal shows");
	is_int(lookups, 2, "looked up again");
	ok(!group_cache_member(&gc, "anna", g, t + AGE + 1, AGE, fake_lookup),
	    "the new answer is cached");
	is_int(lookups, 2, "and not looked up again");
	in_group = true;
	ok(group_cache_member(&gc, "bert", g, t, AGE, fake_lookup), "another login has its own entry");
	is_int(lookups, 3, "looked up for bert");
	/* More logins than slots: the oldest goes, nothing breaks. */
	for (i = 0; i < 2 * HR_GROUP_CACHE_SLOTS; i++) {
		snprintf(login, sizeof(login), "u%d", i);
		all = all && group_cache_member(&gc, login, g, t + 100 + i, AGE, fake_lookup);
	}
	ok(all, "twice as many logins as slots");
	is_int(lookups, 3 + 2 * HR_GROUP_CACHE_SLOTS, "one look-up per new login");
	i = 2 * HR_GROUP_CACHE_SLOTS - 1;	/* the last one */
	snprintf(login, sizeof(login), "u%d", i);
	ok(group_cache_member(&gc, login, g, t + 100 + i + 10, AGE, fake_lookup), "a recent one still cached");
	is_int(lookups, 3 + 2 * HR_GROUP_CACHE_SLOTS, "without a look-up");
	ok(!group_cache_member(&gc, "anna", "", t, AGE, fake_lookup), "no group configured: nobody");
	/* [auth] group_cache shorter than the default: the removal shows
	 * after that many seconds, not after a minute. */
	in_group = true;
	ok(group_cache_member(&gc, "cara", g, t, SHORT, fake_lookup), "cara is a member");
	i = lookups;
	in_group = false;
	ok(group_cache_member(&gc, "cara", g, t + SHORT - 1, SHORT, fake_lookup),
	    "a short lifetime: the answer holds until it has passed");
	is_int(lookups, i, "without a look-up");
	ok(!group_cache_member(&gc, "cara", g, t + SHORT, SHORT, fake_lookup),
	    "and the removal shows once it has");
	is_int(lookups, i + 1, "looked up again");
}

/* ---- CSRF from the body only; wiping a request with a password ---- */

static struct conf c;

static bool
all_zero(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != 0)
			return false;
	return true;
}

static int
post(struct request *r, const char *uri, const char *ctype, const char *body)
{
	const char *env[] = { "REQUEST_METHOD=POST", uri, ctype, NULL };
	size_t len;
	int st;

	request_init(r);
	if ((st = request_head(r, (char **)env, &c.limits, &len)) != 0)
		return st;
	r->body_len = strlen(body);
	if ((r->body = malloc(r->body_len)) == NULL)
		return 500;
	memcpy(r->body, body, r->body_len);
	return request_body(r, r->body, r->body_len, &c.limits);
}

static void
test_body_param(void)
{
	struct request r;

	is_int(post(&r, "REQUEST_URI=/logout?csrf=abc", "CONTENT_TYPE=" "application/x-www-form-urlencoded",
	    "x=1"), 0, "POST with csrf in the query");
	is_str(request_param(&r, "csrf"), "abc", "request_param sees the query");
	ok(request_body_param(&r, "csrf") == NULL, "request_body_param does not");
	is_str(request_body_param(&r, "x"), "1", "a body field is found");
	request_free(&r);
	is_int(post(&r, "REQUEST_URI=/logout", "CONTENT_TYPE=multipart/form-data; boundary=XX",
	    "--XX\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ndef\r\n--XX--\r\n"), 0,
	    "multipart POST");
	is_str(request_body_param(&r, "csrf"), "def", "a multipart field is a body field");
	request_free(&r);
}

static void
test_wipe(void)
{
	static const char form[] = "username=eva&password=Geheim%21-1";
	struct request r;
	const char *pw;
	char *body;
	size_t i;

	is_int(post(&r, "REQUEST_URI=/login", "CONTENT_TYPE=application/x-www-form-urlencoded", form),
	    0, "login form parses");
	pw = request_param(&r, "password");
	is_str(pw, "Geheim!-1", "password decoded");
	request_wipe(&r);
	ok(all_zero(r.body, r.body_len), "the whole body is zeros after the wipe");
	ok(all_zero(pw, strlen("Geheim!-1")), "the decoded password is zeros");
	for (i = 0; i < r.params.n; i++)
		ok(all_zero(r.params.v[i].value, r.params.v[i].value_len), "every decoded value is zeros");
	request_free(&r);

	/* A parse that fails before the password field still wipes the body. */
	is_int(post(&r, "REQUEST_URI=/login", "CONTENT_TYPE=application/x-www-form-urlencoded",
	    "bad=%zz&password=Geheim"), 400, "a bad escape before the password: 400");
	request_wipe(&r);
	ok(all_zero(r.body, r.body_len), "its body is wiped all the same");
	request_free(&r);

	/* Without a password the body (an upload, say) is left as it is. */
	is_int(post(&r, "REQUEST_URI=/x", "CONTENT_TYPE=application/x-www-form-urlencoded", "title=abc"),
	    0, "an ordinary form");
	body = r.body;
	request_wipe(&r);
	ok(memcmp(body, "title=abc", 9) == 0, "its body is left alone");
	request_free(&r);
}

int
main(void)
{
	conf_defaults(&c);
	test_vectors();
	test_tokens();
	test_login_cookie();
	test_login_csrf();
	test_group_cache();
	test_body_param();
	test_wipe();
	return tap_done();
}
