/* validate.c -- see validate.h. */
#include "config.h"

#include <errno.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "base/validate.h"

/* Where a date's parts sit in YYYY-MM-DD and a time's in ...THH:MM. */
#define DATE_DASH1 4
#define DATE_DASH2 7
#define DATETIME_T 10
#define DATETIME_COLON 13
#define HOURS_PER_DAY 24
#define MINUTES_PER_HOUR 60

size_t
utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

static bool
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool
digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

bool
date_valid(const char *s)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d;

	if (s == NULL || strlen(s) != DATE_LEN || s[DATE_DASH1] != '-' || s[DATE_DASH2] != '-')
		return false;
	if (!digits(s, DATE_DASH1) || !digits(s + DATE_DASH1 + 1, 2) ||
	    !digits(s + DATE_DASH2 + 1, 2))
		return false;
	y = atoi(s);
	m = atoi(s + DATE_DASH1 + 1);
	d = atoi(s + DATE_DASH2 + 1);
	if (y < DATE_YEAR_MIN || y > DATE_YEAR_MAX || m < 1 || m > 12 || d < 1)
		return false;
	return d <= days[m - 1] + (m == 2 && leap(y));
}

bool
datetime_valid(const char *s)
{
	char date[DATE_LEN + 1];
	const char *t;

	if (s == NULL || strlen(s) != DATETIME_LEN || s[DATETIME_T] != 'T' ||
	    s[DATETIME_COLON] != ':')
		return false;
	memcpy(date, s, DATE_LEN);
	date[DATE_LEN] = '\0';
	t = s + DATETIME_T + 1;
	if (!date_valid(date) || !digits(t, 2) || !digits(t + 3, 2))
		return false;
	return (t[0] - '0') * 10 + (t[1] - '0') < HOURS_PER_DAY &&
	    (t[3] - '0') * 10 + (t[4] - '0') < MINUTES_PER_HOUR;
}

bool
email_valid(const char *s)
{
	const char *at = s ? strchr(s, '@') : NULL, *dot;

	if (at == NULL || at == s || strchr(at + 1, '@') || strpbrk(s, " \t\r\n<>,;\"'()"))
		return false;
	dot = strrchr(at + 1, '.');
	return dot && dot > at + 1 && dot[1] != '\0' && strlen(s) <= EMAIL_LEN_MAX;
}

bool
int_valid(const char *s, int64_t min, int64_t max, int64_t *out)
{
	char *end;
	long long n;

	if (s == NULL || *s == '\0')
		return false;
	errno = 0;
	n = strtoll(s, &end, 10);
	if (*end != '\0' || end == s || errno == ERANGE || n < min || n > max)
		return false;
	if (out)
		*out = n;
	return true;
}

const char *
choice_find(const char *s, const char *const *choices)
{
	if (s == NULL)
		return NULL;
	for (; *choices; choices++)
		if (strcmp(s, *choices) == 0)
			return *choices;
	return NULL;
}

bool
blank(const char *s)
{
	return s == NULL || s[strspn(s, " \t\r\n")] == '\0';
}

/* "%2f", "%2F", "%5c" or "%5C" at s. */
static bool
encoded_slash(const char *s)
{
	return s[0] == '%' && ((s[1] == '2' && (s[2] == 'f' || s[2] == 'F')) ||
	    (s[1] == '5' && (s[2] == 'c' || s[2] == 'C')));
}

bool
local_path_valid(const char *s, size_t max)
{
	size_t i;

	if (s == NULL || s[0] != '/' || strlen(s) > max)
		return false;
	for (i = 0; s[i] != '\0'; i++) {
		unsigned char ch = (unsigned char)s[i];

		/* Blanks, control bytes and non-ASCII: browsers drop or mend
		 * some of them, which can turn "/\t/evil" into "//evil". */
		if (ch <= ' ' || ch >= 0x7f || ch == '\\')
			return false;
		if (ch == '/' && s[i + 1] == '/')
			return false;
		if (encoded_slash(s + i))
			return false;
	}
	return true;
}

bool
regex_group_ok(const char *pattern, const char **why)
{
	regex_t re;
	size_t groups;

	if (strlen(pattern) > REGEX_SETTING_MAX) {
		*why = "expected at most 255 characters";
		return false;
	}
	if (regcomp(&re, pattern, REG_EXTENDED | REG_ICASE) != 0) {
		*why = "expected a POSIX extended regular expression";
		return false;
	}
	groups = re.re_nsub;
	regfree(&re);
	if (groups < 1) {
		*why = "expected a group ( ... ): the first one is the login";
		return false;
	}
	return true;
}
