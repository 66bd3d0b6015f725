/* session.c -- see session.h. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "auth/nss.h"
#include "auth/session.h"
#include "http/params.h"
#include "base/log.h"
#include "base/util.h"

bool
token_hash(const char *hex, size_t len, unsigned char out[SHA256_LEN])
{
	unsigned char raw[TOKEN_BYTES];

	if (!hex_decode(hex, len, raw, sizeof(raw)))
		return false;
	sha256(raw, sizeof(raw), out);
	wipe(raw, sizeof(raw));
	return true;
}

void
cookie_format(char *out, size_t size, bool secure, const char *token)
{
	snprintf(out, size, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s",
	    secure ? COOKIE_SECURE_NAME : COOKIE_PLAIN_NAME, token ? token : "",
	    secure ? "; Secure" : "", token ? "" : "; Max-Age=0");
}

void
login_cookie_format(char *out, size_t size, bool secure, const char *nonce_hex, int max_age)
{
	snprintf(out, size, "%s=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Strict%s",
	    secure ? LOGIN_COOKIE_SECURE_NAME : LOGIN_COOKIE_PLAIN_NAME,
	    nonce_hex ? nonce_hex : "", nonce_hex ? max_age : 0, secure ? "; Secure" : "");
}

/* The expiry in decimal into out (LOGIN_EXPIRY_DIGITS_MAX + 1 bytes); its
 * length, or 0 for one that does not fit (never signed, never accepted). */
static size_t
expiry_text(int64_t expiry, char *out)
{
	int k = snprintf(out, LOGIN_EXPIRY_DIGITS_MAX + 1, "%lld", (long long)expiry);

	if (expiry < 0 || k <= 0 || k > LOGIN_EXPIRY_DIGITS_MAX) {
		out[0] = '\0';
		return 0;
	}
	return (size_t)k;
}

/* HMAC over label, NUL, the raw nonce and the expiry in decimal. */
static void
login_mac(const unsigned char *key, size_t keylen, const unsigned char nonce[LOGIN_NONCE_BYTES],
    const char *expiry, size_t elen, unsigned char out[SHA256_LEN])
{
	unsigned char msg[sizeof(LOGIN_MAC_LABEL) + LOGIN_NONCE_BYTES + LOGIN_EXPIRY_DIGITS_MAX];
	size_t n = sizeof(LOGIN_MAC_LABEL);	/* with its NUL */

	memcpy(msg, LOGIN_MAC_LABEL, n);
	memcpy(msg + n, nonce, LOGIN_NONCE_BYTES);
	n += LOGIN_NONCE_BYTES;
	memcpy(msg + n, expiry, elen);
	sha256_hmac(key, keylen, msg, n + elen, out);
}

void
login_csrf_sign(const unsigned char *key, size_t keylen,
    const unsigned char nonce[LOGIN_NONCE_BYTES], int64_t expiry, char *out)
{
	unsigned char mac[SHA256_LEN];
	size_t n = expiry_text(expiry, out);

	login_mac(key, keylen, nonce, out, n, mac);
	out[n] = '.';
	hex_encode(mac, sizeof(mac), out + n + 1);
}

/* "<digits>." at the start of field: the expiry, at most
 * LOGIN_EXPIRY_DIGITS_MAX digits (*elen of them); *mac points after the dot. */
static bool
parse_expiry(const char *field, int64_t *expiry, size_t *elen, const char **mac)
{
	size_t n = strspn(field, "0123456789");
	int64_t v = 0;
	size_t i;

	if (n == 0 || n > LOGIN_EXPIRY_DIGITS_MAX || field[n] != '.')
		return false;
	for (i = 0; i < n; i++)
		v = v * 10 + (field[i] - '0');
	*expiry = v;
	*elen = n;
	*mac = field + n + 1;
	return true;
}

bool
login_csrf_verify(const unsigned char *key, size_t keylen, const char *nonce_hex,
    size_t nonce_len, const char *field, int64_t now)
{
	unsigned char nonce[LOGIN_NONCE_BYTES], sent[SHA256_LEN], want[SHA256_LEN];
	const char *mac;
	int64_t expiry;
	size_t elen;

	if (!hex_decode(nonce_hex, nonce_len, nonce, sizeof(nonce)) ||
	    !parse_expiry(field, &expiry, &elen, &mac) ||
	    !hex_decode(mac, strlen(mac), sent, sizeof(sent)))
		return false;
	/* Past, or later than any form this server makes: refused. */
	if (expiry <= now || expiry > now + LOGIN_CSRF_LIFETIME + LOGIN_CSRF_CLOCK_SKEW)
		return false;
	/* The digits as sent: "0123" is not the "123" that was signed. */
	login_mac(key, keylen, nonce, field, elen, want);
	return ct_equal(sent, want, SHA256_LEN);
}

bool
group_cache_member(struct group_cache *gc, const char *login, const char *group,
    int64_t now, int64_t max_age, group_lookup_fn lookup)
{
	struct group_entry *e, *slot = &gc->e[0];
	size_t i;

	if (group == NULL || group[0] == '\0' || strlen(login) > HR_GROUP_LOGIN_MAX)
		return lookup(login, group);
	for (i = 0; i < HR_GROUP_CACHE_SLOTS; i++) {
		e = &gc->e[i];
		if (e->login[0] && strcmp(e->login, login) == 0) {
			if (now - e->at < max_age)
				return e->member;
			slot = e;	/* too old: look up again, here */
			break;
		}
		if (e->login[0] == '\0' || e->at < slot->at)
			slot = e;	/* a free one, or else the oldest */
		if (e->login[0] == '\0')
			break;
	}
	strlcopy(slot->login, login, sizeof(slot->login));
	slot->member = lookup(login, group);
	slot->at = now;
	return slot->member;
}
