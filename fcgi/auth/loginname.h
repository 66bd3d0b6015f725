/* loginname.h -- the one place that turns what a person typed (or what a
 * single sign-on front end puts in REMOTE_USER) into the account's login.
 *
 * Throttling, PAM, the employee lookup and first-login creation all use the
 * mapped name, so `Eva`, `EVA` and `eva@EXAMPLE.ORG` are one account with
 * one set of tries.  The rules, in order:
 *
 *   1. empty: refused (LOGINNAME_EMPTY);
 *   2. longer than LOGINNAME_INPUT_MAX bytes: refused, never cut short
 *      (a cut name could be someone else's);
 *   3. any byte that is not printable ASCII (UTF-8, controls): refused --
 *      lower-casing beyond ASCII depends on the locale and on Unicode
 *      tables, and two spellings of one name must not become two accounts;
 *   4. with a pattern configured ([auth] login_pattern, instead of a
 *      realm): a POSIX extended regular expression, compared without
 *      regard to case, that must match the whole name and has a group
 *      (base/validate.h regex_group_ok, checked at start); the login is
 *      what the first group matched, later groups may hold alternatives.  A name it does not
 *      match is refused (LOGINNAME_NO_MATCH): `^VOORBEELD\\(.+)$` takes
 *      "VOORBEELD\eva" (a Windows domain login) to eva, and
 *      `^([^@]+)@(voorbeeld\.nl|ad\.voorbeeld\.nl)$` accepts two realms;
 *   4'. else, with a realm configured ([auth] realm): a suffix "@REALM" that
 *      matches it without regard to case is removed; any other "@..." is
 *      refused (LOGINNAME_OTHER_REALM): a principal of another realm is not
 *      one of our accounts, and keeping it would create a new employee at
 *      its first login; so is a second '@'.  Without a realm an '@' is
 *      part of the name, as a Unix or directory login may have one;
 *   5. ASCII upper case becomes lower case (Unix logins are lower case;
 *      directory services compare them without case);
 *   6. the result must be a valid login (login_name_valid, LOGIN_MAX). */
#ifndef GESPREK_LOGINNAME_H
#define GESPREK_LOGINNAME_H

#include <stddef.h>

/* The longest account login (as employee.login, rules/person.h LOGIN_MAX). */
#define LOGINNAME_MAX 64
/* The longest realm accepted in the configuration (a DNS name). */
#define LOGINNAME_REALM_MAX 253
/* The longest typed name looked at: a login, '@' and a realm. */
#define LOGINNAME_INPUT_MAX (LOGINNAME_MAX + 1 + LOGINNAME_REALM_MAX)

enum loginname_result {
	LOGINNAME_OK,
	LOGINNAME_EMPTY,
	LOGINNAME_TOO_LONG,
	LOGINNAME_INVALID,	/* a character no login has, or not ASCII */
	LOGINNAME_OTHER_REALM,	/* "@SOMETHING" that is not our realm */
	LOGINNAME_NO_MATCH,	/* the configured pattern does not match */
};


/* Maps `typed` into out (at least LOGINNAME_MAX + 1 bytes); realm and
 * pattern may each be NULL or "" for none (the configuration allows one
 * of them; a pattern wins).  On anything but LOGINNAME_OK, out is "". */
enum loginname_result loginname_map(const char *typed, const char *realm, const char *pattern,
    char *out, size_t outsize);

/* How often a FastCGI parameter list (NAME=value strings, NULL-ended)
 * carries REMOTE_USER.  Single sign-on believes it only when exactly once:
 * nginx blanks it by sending it a second time after fastcgi_params, and
 * libfcgi's FCGX_GetParam would read the first -- the one nginx filled
 * from a client's Authorization: Basic header. */
enum remote_user_count { REMOTE_USER_NONE, REMOTE_USER_ONE, REMOTE_USER_MANY };

/* Counts REMOTE_USER in envp (may be NULL); with exactly one, *value is
 * its value (possibly ""), else NULL. */
enum remote_user_count loginname_remote_user(const char *const *envp, const char **value);

#endif
