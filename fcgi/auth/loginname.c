/* loginname.c -- see loginname.h. */
#include "config.h"

#include <regex.h>
#include <string.h>
#include <strings.h>

#include "auth/loginname.h"
#include "base/util.h"

static bool
is_printable_ascii(unsigned char ch)
{
	return ch > 0x20 && ch < 0x7f;
}

/* Length of the part before a matching "@realm"; -1 for another realm. */
static long
strip_realm(const char *s, size_t len, const char *realm)
{
	const char *at = memchr(s, '@', len);

	if (realm == NULL || realm[0] == '\0' || at == NULL)
		return (long)len;
	/* With a realm '@' separates it: one '@' only, so "a@b@REALM" is
	 * no login (a name part with '@' would mean another realm). */
	if (strchr(at + 1, '@') != NULL || strcasecmp(at + 1, realm) != 0)
		return -1;
	return (long)(at - s);
}

/* The part of s (len bytes, all printable ASCII) that pattern's first
 * group matched, as *start and *keep; LOGINNAME_NO_MATCH unless the whole of s
 * matches.  Compiled per call: a login is seldom, and nothing outlives
 * the call to be freed. */
static enum loginname_result
match_pattern(const char *s, size_t len, const char *pattern, size_t *start, long *keep)
{
	regmatch_t m[2];
	regex_t re;
	int rc;

	if (regcomp(&re, pattern, REG_EXTENDED | REG_ICASE) != 0)
		return LOGINNAME_INVALID;	/* conf_load refuses such a pattern */
	rc = re.re_nsub >= 1 ? regexec(&re, s, 2, m, 0) : REG_NOMATCH;
	regfree(&re);
	if (rc != 0 || m[0].rm_so != 0 || (size_t)m[0].rm_eo != len || m[1].rm_so < 0)
		return LOGINNAME_NO_MATCH;
	*start = (size_t)m[1].rm_so;
	*keep = (long)(m[1].rm_eo - m[1].rm_so);
	return LOGINNAME_OK;
}

enum loginname_result
loginname_map(const char *typed, const char *realm, const char *pattern, char *out,
    size_t outsize)
{
	enum loginname_result r;
	size_t len, i, start = 0;
	long keep;

	if (outsize > 0)
		out[0] = '\0';
	if (typed == NULL || typed[0] == '\0')
		return LOGINNAME_EMPTY;
	len = strnlen(typed, LOGINNAME_INPUT_MAX + 1);
	if (len > LOGINNAME_INPUT_MAX)
		return LOGINNAME_TOO_LONG;
	for (i = 0; i < len; i++)
		if (!is_printable_ascii((unsigned char)typed[i]))
			return LOGINNAME_INVALID;
	if (pattern != NULL && pattern[0] != '\0') {
		if ((r = match_pattern(typed, len, pattern, &start, &keep)) != LOGINNAME_OK)
			return r;
	} else if ((keep = strip_realm(typed, len, realm)) < 0) {
		return LOGINNAME_OTHER_REALM;
	}
	if (keep == 0)
		return LOGINNAME_EMPTY;
	if ((size_t)keep > LOGINNAME_MAX || (size_t)keep >= outsize)
		return LOGINNAME_TOO_LONG;
	for (i = 0; i < (size_t)keep; i++) {
		char ch = typed[start + i];

		out[i] = ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
	}
	out[keep] = '\0';
	if (!login_name_valid(out, LOGINNAME_MAX)) {
		out[0] = '\0';
		return LOGINNAME_INVALID;
	}
	return LOGINNAME_OK;
}

enum remote_user_count
loginname_remote_user(const char *const *envp, const char **value)
{
	static const char name[] = "REMOTE_USER=";
	const char *found = NULL;
	size_t i;

	*value = NULL;
	for (i = 0; envp != NULL && envp[i] != NULL; i++) {
		if (strncmp(envp[i], name, sizeof(name) - 1) != 0)
			continue;
		if (found != NULL)
			return REMOTE_USER_MANY;
		found = envp[i] + sizeof(name) - 1;
	}
	*value = found;
	return found ? REMOTE_USER_ONE : REMOTE_USER_NONE;
}
