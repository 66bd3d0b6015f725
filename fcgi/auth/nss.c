/* nss.c -- see nss.h.  Reentrant lookups only: this runs in worker threads. */
#include "config.h"

#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/nss.h"
#include "base/util.h"

#define NSS_BUF 16384		/* room for one passwd or group entry */
#define NSS_GROUPS_MAX 1024	/* groups of one user we look at */

void
nss_full_name(const char *login, char *out, size_t size)
{
	struct passwd pw, *res = NULL;
	char *buf = malloc(NSS_BUF);

	strlcopy(out, login, size);
	if (buf == NULL)
		return;
	if (getpwnam_r(login, &pw, buf, NSS_BUF, &res) == 0 && res && pw.pw_gecos &&
	    pw.pw_gecos[0] && pw.pw_gecos[0] != ',') {
		size_t n = strcspn(pw.pw_gecos, ",");

		if (n < size && utf8_valid(pw.pw_gecos, n)) {
			memcpy(out, pw.pw_gecos, n);
			out[n] = '\0';
		}
	}
	free(buf);
}

bool
nss_in_group(const char *login, const char *group)
{
	struct passwd pw, *pres = NULL;
	struct group gr, *gres = NULL;
	gid_t *groups = NULL;
	char *buf = NULL;
	int n = NSS_GROUPS_MAX, i;
	bool in = false;

	if (group == NULL || group[0] == '\0')
		return false;
	if ((buf = malloc(NSS_BUF)) == NULL || (groups = calloc(NSS_GROUPS_MAX, sizeof(gid_t))) == NULL)
		goto out;
	if (getgrnam_r(group, &gr, buf, NSS_BUF, &gres) != 0 || gres == NULL)
		goto out;
	gid_t want = gr.gr_gid;
	if (getpwnam_r(login, &pw, buf, NSS_BUF, &pres) != 0 || pres == NULL)
		goto out;
	if (getgrouplist(login, pw.pw_gid, groups, &n) < 0)
		n = NSS_GROUPS_MAX;
	for (i = 0; i < n && !in; i++)
		in = groups[i] == want;
out:
	free(buf);
	free(groups);
	return in;
}
