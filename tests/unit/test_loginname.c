/* test_loginname.c -- the login-name mapper: case, realm, refusals. */
#include "config.h"

#include <string.h>

#include "auth/loginname.h"
#include "tap.h"

#define REALM "EXAMPLE.ORG"

static char out[LOGINNAME_MAX + 1];

static enum loginname_result
map(const char *typed, const char *realm)
{
	memset(out, 'x', sizeof(out));
	return loginname_map(typed, realm, NULL, out, sizeof(out));
}

static void
maps_to(const char *typed, const char *realm, const char *want)
{
	is_int(map(typed, realm), LOGINNAME_OK, typed);
	is_str(out, want, typed);
}

static void
refused(const char *typed, const char *realm, enum loginname_result why, const char *what)
{
	is_int(map(typed, realm), why, what);
	is_str(out, "", "a refusal leaves no name behind");
}

/* [auth] login_pattern instead of a realm: the group is the login. */
#define DOMAIN_PATTERN "^VOORBEELD\\\\([a-z0-9._-]+)$"
#define REALMS_PATTERN "^([^@]+)@(voorbeeld\\.nl|ad\\.voorbeeld\\.nl)$"

static enum loginname_result
map_re(const char *typed, const char *pattern)
{
	memset(out, 'x', sizeof(out));
	return loginname_map(typed, "IGNORED.ORG", pattern, out, sizeof(out));
}

static void
test_pattern(void)
{
	char small[4];

	is_int(map_re("VOORBEELD\\Eva", DOMAIN_PATTERN), LOGINNAME_OK, "domain\\user");
	is_str(out, "eva", "the group, lower case");
	is_int(map_re("voorbeeld\\eva", DOMAIN_PATTERN), LOGINNAME_OK, "the pattern ignores case");
	is_str(out, "eva", "the same account");
	is_int(map_re("Eva@AD.Voorbeeld.NL", REALMS_PATTERN), LOGINNAME_OK, "the second realm");
	is_str(out, "eva", "eva of either realm");
	is_int(map_re("eva@voorbeeld.nl", REALMS_PATTERN), LOGINNAME_OK, "the first realm");
	is_int(map_re("eva@other.nl", REALMS_PATTERN), LOGINNAME_NO_MATCH, "another realm");
	is_str(out, "", "a refusal leaves no name behind");
	is_int(map_re("eva", REALMS_PATTERN), LOGINNAME_NO_MATCH, "no realm: no match");
	is_int(map_re("eva@IGNORED.ORG", REALMS_PATTERN), LOGINNAME_NO_MATCH,
	    "a pattern wins over the realm");
	is_int(map_re("xVOORBEELD\\eva", "VOORBEELD\\\\([a-z]+)"), LOGINNAME_NO_MATCH,
	    "unanchored, the whole name must still match");
	is_int(map_re("VOORBEELD\\eva x", DOMAIN_PATTERN), LOGINNAME_INVALID,
	    "a space is refused before the pattern");
	is_int(map_re("VOORBEELD\\", "^VOORBEELD\\\\([a-z]*)$"), LOGINNAME_EMPTY,
	    "an empty group");
	is_int(map_re("VOORBEELD\\-rf", "^VOORBEELD\\\\(.+)$"), LOGINNAME_INVALID,
	    "the group must be a valid login");
	is_int(map_re("eva", "(((("), LOGINNAME_INVALID, "a broken pattern refuses everyone");
	is_int(map_re("eva", "^eva$"), LOGINNAME_NO_MATCH, "no group: no login");
	is_int(loginname_map("VOORBEELD\\evert", NULL, DOMAIN_PATTERN, small, sizeof(small)),
	    LOGINNAME_TOO_LONG, "output buffer too small");
	is_str(small, "", "small buffer left empty");
	is_int(map_re("eva@voorbeeld.nl", ""), LOGINNAME_OTHER_REALM,
	    "an empty pattern is none: the realm applies");
}

/* REMOTE_USER is believed only when the FastCGI request has it once. */
static void
test_remote_user_count(void)
{
	const char *none[] = { "REMOTE_ADDR=127.0.0.1", "HTTP_REMOTE_USER=hanna", NULL };
	const char *one[] = { "HTTP_REMOTE_USER=hanna", "REMOTE_USER=eva@" REALM, NULL };
	const char *empty[] = { "REMOTE_USER=", NULL };
	const char *twice[] = { "REMOTE_USER=hanna", "REMOTE_USER=", NULL };
	const char *prefix[] = { "REMOTE_USERX=hanna", "XREMOTE_USER=hanna", "REMOTE_USER", NULL };
	const char *v = "unset";

	is_int(loginname_remote_user(NULL, &v), REMOTE_USER_NONE, "no parameters: none");
	ok(v == NULL, "... and no value");
	is_int(loginname_remote_user(none, &v), REMOTE_USER_NONE,
	    "an HTTP header named Remote-User is not REMOTE_USER");
	is_int(loginname_remote_user(one, &v), REMOTE_USER_ONE, "once: believed");
	is_str(v, "eva@" REALM, "... with its value");
	is_int(loginname_remote_user(empty, &v), REMOTE_USER_ONE, "once and empty");
	is_str(v, "", "... the empty value");
	is_int(loginname_remote_user(twice, &v), REMOTE_USER_MANY,
	    "twice (nginx's blanking line after fastcgi_params): neither");
	ok(v == NULL, "... no value at all, not the first one");
	is_int(loginname_remote_user(prefix, &v), REMOTE_USER_NONE,
	    "names that only begin or end like it, or lack '=', are not it");
}

int
main(void)
{
	test_remote_user_count();
	char longest[LOGINNAME_MAX + 2], input_max[LOGINNAME_INPUT_MAX + 2];

	/* One account whatever the case or the realm suffix. */
	maps_to("eva", REALM, "eva");
	maps_to("Eva", REALM, "eva");
	maps_to("EVA", REALM, "eva");
	maps_to("eva@EXAMPLE.ORG", REALM, "eva");
	maps_to("EVA@example.org", REALM, "eva");
	maps_to("Eva@Example.Org", "example.org", "eva");
	maps_to("j.de-vries_2", REALM, "j.de-vries_2");
	/* Without a realm an '@' belongs to the name (lower-cased all the same). */
	maps_to("eva@EXAMPLE.ORG", "", "eva@example.org");
	maps_to("Eva@Example.org", NULL, "eva@example.org");

	/* Another realm is refused, not kept as a separate account. */
	refused("eva@OTHER.ORG", REALM, LOGINNAME_OTHER_REALM, "other realm");
	refused("eva@EXAMPLE.ORG.EVIL", REALM, LOGINNAME_OTHER_REALM, "realm with a suffix");
	refused("eva@", REALM, LOGINNAME_OTHER_REALM, "empty realm part");
	refused("eva@x@EXAMPLE.ORG", REALM, LOGINNAME_OTHER_REALM, "two '@': not our realm alone");
	refused("@EXAMPLE.ORG", REALM, LOGINNAME_EMPTY, "nothing before the realm");

	/* Empty, over-long (never cut short), non-ASCII, controls. */
	refused("", REALM, LOGINNAME_EMPTY, "empty");
	refused(NULL, REALM, LOGINNAME_EMPTY, "NULL");
	memset(longest, 'a', LOGINNAME_MAX);
	longest[LOGINNAME_MAX] = '\0';
	maps_to(longest, REALM, longest);
	longest[LOGINNAME_MAX] = 'a';
	longest[LOGINNAME_MAX + 1] = '\0';
	refused(longest, REALM, LOGINNAME_TOO_LONG, "one over the longest login");
	memset(input_max, 'a', sizeof(input_max) - 1);
	input_max[sizeof(input_max) - 1] = '\0';
	refused(input_max, REALM, LOGINNAME_TOO_LONG, "over the longest input");
	refused("\xc3\xa9va", REALM, LOGINNAME_INVALID, "UTF-8 e-acute");
	refused("\xc3\x89VA", REALM, LOGINNAME_INVALID, "UTF-8 E-acute, upper case");
	refused("eva\r\nX", REALM, LOGINNAME_INVALID, "CR LF");
	refused("eva x", REALM, LOGINNAME_INVALID, "space");
	refused("' OR 1=1 --", REALM, LOGINNAME_INVALID, "SQL");
	refused("-rf", REALM, LOGINNAME_INVALID, "leading dash");
	refused(".eva", REALM, LOGINNAME_INVALID, "leading dot");

	/* A small output buffer is not overrun. */
	{
		char small[4];

		is_int(loginname_map("evert", NULL, NULL, small, sizeof(small)), LOGINNAME_TOO_LONG,
		    "output buffer too small");
		is_str(small, "", "small buffer left empty");
	}
	test_pattern();

	return tap_done();
}
