/* reports_team.c -- whose team the report pages count (issue 17): a
 * manager's own, or the team of a manager whose every report the viewer
 * stands in for today (rules/deputy.h deputy_report_team).  See
 * reports.h. */
#include "config.h"

#include <string.h>
#include <time.h>

#include "app.h"
#include "rules/deputy.h"
#include "rules/roles.h"
#include "pages/form.h"
#include "pages/pages.h"
#include "pages/reports.h"
#include "base/util.h"
#include "xml/page.h"
#include "store/deputy.h"

static int
keep_team(void *ud, int64_t manager_id, const char *name)
{
	struct team_choice *t = ud;

	if (t->n == DEPUTY_TEAMS_MAX)	/* cannot happen: LIMIT */
		return DB_OK;
	t->ids[t->n] = manager_id;
	strlcopy(t->names[t->n++], name, sizeof(t->names[0]));
	return DB_OK;
}

int
reports_choose_team(struct ctx *c, struct team_choice *t)
{
	char today[DEPUTY_DATE_LEN + 1];
	int64_t team;
	int st;

	memset(t, 0, sizeof(*t));
	if (roles_reports_all(c->roles))
		return 200;
	if (!deputy_today(time(NULL), today))
		return 500;
	if ((st = deputy_teams(c->db, c->user.id, today, keep_team, t)) != DB_OK)
		return http_status_of(st);
	switch (deputy_report_team(false, c->user.is_manager, c->user.id, in_id(c, "team"),
	    t->ids, t->n, &team)) {
	case REPORT_TEAM_BORROWED:
		t->team = team;
		return 200;
	case REPORT_TEAM_OWN:
	case REPORT_TEAM_ALL:
		return 200;
	case REPORT_TEAM_REFUSED:
		break;
	}
	return 403;
}

void
reports_teams_xml(const struct ctx *c, const struct team_choice *t, xmlNodePtr parent)
{
	xmlNodePtr ts, n;

	if (t->n == 0)
		return;
	ts = xml_add(parent, "teams");
	if (c->user.is_manager) {
		n = xml_add(ts, "team");
		xml_set(n, "own", "1");
		if (t->team == 0)
			xml_set(n, "current", "1");
	}
	for (size_t i = 0; i < t->n; i++) {
		n = xml_add(ts, "team");
		xml_set_int(n, "id", t->ids[i]);
		xml_set(n, "manager", t->names[i]);
		if (t->team == t->ids[i])
			xml_set(n, "current", "1");
	}
}
