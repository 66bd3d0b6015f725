/* router.c -- see router.h.  Patterns are literal segments and "{id}"
 * segments ("{id}" ends at "/" or ".", so "/x/{id}.ics" works); an id is a decimal number in [1, ID_MAX] without sign or
 * leading zero, so "/dossiers/007" and "/dossiers/1e3" do not match. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "http/router.h"
#include "base/util.h"

#define ID_SEGMENT "{id}"

/* Matches path against pattern, collecting ids. */
static bool
match(const char *pattern, const char *path, struct route_result *out)
{
	const char *p = pattern, *s = path;

	out->nids = 0;
	while (*p && *s) {
		if (strncmp(p, ID_SEGMENT, strlen(ID_SEGMENT)) == 0) {
			size_t n = strcspn(s, "/.");

			if (out->nids == ROUTE_IDS_MAX || !parse_id(s, n, &out->ids[out->nids]))
				return false;
			out->nids++;
			p += strlen(ID_SEGMENT);
			s += n;
			continue;
		}
		if (*p != *s)
			return false;
		p++;
		s++;
	}
	return *p == '\0' && *s == '\0';
}

static bool
method_matches(const char *route_method, const char *method)
{
	if (strcmp(route_method, method) == 0)
		return true;
	return strcmp(route_method, "GET") == 0 && strcmp(method, "HEAD") == 0;
}

static void
allow_add(char *allow, const char *method)
{
	size_t len = strlen(allow);

	if (strstr(allow, method) != NULL)
		return;
	snprintf(allow + len, ROUTE_ALLOW_MAX - len, "%s%s%s", len ? ", " : "",
	    method, strcmp(method, "GET") == 0 ? ", HEAD" : "");
}

enum route_match
router_match(const struct route *table, size_t n, const char *method,
    const char *path, struct route_result *out)
{
	struct route_result tmp;
	bool path_seen = false;
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < n; i++) {
		if (!match(table[i].pattern, path, &tmp))
			continue;
		path_seen = true;
		allow_add(out->allow, table[i].method);
		if (method_matches(table[i].method, method)) {
			memcpy(out->ids, tmp.ids, sizeof(out->ids));
			out->nids = tmp.nids;
			out->route = &table[i];
			return ROUTE_FOUND;
		}
	}
	return path_seen ? ROUTE_NO_METHOD : ROUTE_NO_PATH;
}

bool
router_pattern_ok(const char *pattern)
{
	const char *p = pattern;
	size_t ids = 0;

	if (*p != '/')
		return false;
	while ((p = strchr(p, '{')) != NULL) {
		if (strncmp(p, ID_SEGMENT, strlen(ID_SEGMENT)) != 0 || p[-1] != '/')
			return false;
		if (++ids > ROUTE_IDS_MAX)
			return false;
		p += strlen(ID_SEGMENT);
	}
	return strchr(pattern, '}') == NULL || ids > 0;
}

const char *
router_role_name(enum role r)
{
	switch (r) {
	case ROLE_PUBLIC: return "public";
	case ROLE_USER: return "user";
	case ROLE_HR: return "hr";
	case ROLE_AUDITOR: return "auditor";
	case ROLE_HR_OR_AUDITOR: return "hr_or_auditor";
	}
	return "?";
}
