/* conversation.c -- GET /dossiers/{id}, GET /conversations/{id} and the
 * calendar invitation GET /conversations/{id}.ics. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "pages/conv_view.h"
#include "pages/pages.h"
#include "util.h"
#include "xml/page.h"

/* Length of the conversation in a calendar invitation, in minutes. */
#define ICS_DURATION_MIN 60

static void
add_side_flags(struct ctx *c, const struct dossier_view *v, const struct conversation *cv,
    xmlNodePtr conv)
{
	bool manager = v->side == SIDE_MANAGER, party = v->writable;
	bool early = strcmp(cv->status, "planned") == 0 || strcmp(cv->status, "preparing") == 0;
	bool finalized = strcmp(cv->status, "finalized") == 0;
	const char *status = cv->status;
	xmlNodePtr may = xml_add(conv, "may");

	if (party && manager && early)
		xml_set(may, "plan", "1");
	if (party && early)
		xml_set(may, "share", "1");
	if (party && manager && early)
		xml_set(may, "hold", "1");
	if (party && manager && strcmp(status, "held") == 0)
		xml_set(may, "finalize", "1");
	if (party && finalized)
		xml_set(may, "sign", "1");	/* the handler checks whose turn it is */
	if (c->is_hr && (finalized || strcmp(status, "closed") == 0))
		xml_set(may, "reopen", "1");
	if (conversation_editable(v, cv)) {
		xml_set(may, "edit", "1");
		if (manager && strcmp(cv->type, "assessment") == 0)
			xml_set(may, "rate", "1");
	}
}

int
dossier_get_page(struct ctx *c)
{
	struct dossier_view v;
	int rc = dossier_view_load(c, c->ids[0], &v), st;

	if (rc != 200)
		goto out;
	rc = 500;
	if (!page_begin(c, "dossier"))
		goto out;
	st = view_xml(c, &v, NULL, c->page);
	rc = st == DB_OK ? 200 : http_status_of(st);
out:
	dossier_view_free(&v);
	return rc;
}

/* Builds the conversation page; also used to re-show it with a form
 * error (status 400) or a version conflict (409). */
int
conversation_page(struct ctx *c, int64_t id, int status, xmlNodePtr *extra)
{
	const struct conversation *cv;
	struct dossier_view v;
	xmlNodePtr conv;
	int rc = conversation_view_load(c, id, &v, &cv), st;

	if (rc != 200)
		goto out;
	rc = 500;
	if (!page_begin(c, "conversation"))
		goto out;
	c->style = "conversation";
	if ((st = view_xml(c, &v, cv, c->page)) != DB_OK) {
		rc = http_status_of(st);
		goto out;
	}
	conv = xmlGetLastChild(c->page);
	while (conv && !xmlStrEqual(conv->name, BAD_CAST "conversation"))
		conv = conv->prev;
	if (conv)
		add_side_flags(c, &v, cv, conv);
	if ((st = conversation_extras(c, &v, c->page)) != DB_OK) {
		rc = http_status_of(st);
		goto out;
	}
	if (extra)
		*extra = c->page;
	rc = status;
out:
	dossier_view_free(&v);
	return rc;
}

int
conversation_get_page(struct ctx *c)
{
	return conversation_page(c, c->ids[0], 200, NULL);
}

/* RFC 5545 text: escape backslash, semicolon, comma and newlines. */
static void
ics_text(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == ';' || *s == ',')
			buf_printf(b, "\\%c", *s);
		else if (*s == '\n')
			buf_puts(b, "\\n");
		else if (*s != '\r')
			buf_append(b, s, 1);
	}
}

/* "YYYY-MM-DDTHH:MM" (UTC) to "YYYYMMDDTHHMM00Z", plus minutes. */
static bool
ics_time(const char *in, int add_min, char *out, size_t size)
{
	struct tm tm;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	if (strlen(in) != 16 || sscanf(in, "%4d-%2d-%2dT%2d:%2d", &tm.tm_year, &tm.tm_mon,
	    &tm.tm_mday, &tm.tm_hour, &tm.tm_min) != 5)
		return false;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm) + add_min * 60;
	gmtime_r(&t, &tm);
	return strftime(out, size, "%Y%m%dT%H%M%SZ", &tm) > 0;
}

int
conversation_ics(struct ctx *c)
{
	const struct conversation *cv;
	struct dossier_view v;
	char start[32], end[32], stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	struct buf b;
	int rc = conversation_view_load(c, c->ids[0], &v, &cv);

	if (rc != 200)
		goto out;
	rc = 404;	/* no date planned yet: nothing to put in a calendar */
	if (!ics_time(cv->scheduled_at, 0, start, sizeof(start)) ||
	    !ics_time(cv->scheduled_at, ICS_DURATION_MIN, end, sizeof(end)))
		goto out;
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	buf_init(&b);
	buf_puts(&b, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//gesprek//gesprek " PACKAGE_VERSION
	    "//NL\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nBEGIN:VEVENT\r\n");
	buf_printf(&b, "UID:conversation-%lld-%lld@gesprek\r\nDTSTAMP:%s\r\nDTSTART:%s\r\nDTEND:%s\r\n",
	    (long long)cv->id, (long long)cv->version, stamp, start, end);
	buf_puts(&b, "SUMMARY:");
	ics_text(&b, strcmp(cv->type, "goal_setting") == 0 ? "Doelstellingengesprek" :
	    strcmp(cv->type, "progress") == 0 ? "Voortgangsgesprek" : "Beoordelingsgesprek");
	buf_puts(&b, " ");
	ics_text(&b, v.d.employee_name);
	buf_puts(&b, " - ");
	ics_text(&b, v.d.manager_name);
	buf_printf(&b, "\r\nDESCRIPTION:Gesprekscyclus ");
	ics_text(&b, v.d.cycle);
	buf_printf(&b, "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
	if (b.failed) {
		rc = 500;
	} else {
		resp_header(c->req, "Content-Disposition", "attachment; filename=\"gesprek.ics\"");
		resp_send(c->req, 200, "text/calendar; charset=utf-8", b.data, b.len);
		rc = HANDLER_SENT;
	}
	buf_free(&b);
out:
	dossier_view_free(&v);
	return rc;
}

/* ---- what the form offers beside the conversation itself ---- */

static int
add_org_goal(void *ud, const struct org_goal_row *g)
{
	xmlNodePtr n = xml_add(ud, "goal");

	xml_set_int(n, "id", g->id);
	xml_set(n, "title", g->title);
	xml_add_text(n, "description", g->description);
	return DB_OK;
}

static int
add_collective(void *ud, const struct collective_row *g)
{
	xmlNodePtr n = xml_add(ud, "goal");

	xml_set_int(n, "id", g->id);
	xml_set(n, "title", g->title);
	xml_set(n, "deadline", g->deadline);
	xml_set(n, "department", g->department);
	xml_set(n, "bonus", g->bonus ? "1" : "0");
	xml_set(n, "status", g->status);
	xml_add_text(n, "measure", g->measure);
	xml_add_text(n, "status_note", g->status_note);
	return DB_OK;
}

static int
add_person(void *ud, const struct member_row *m)
{
	xmlNodePtr n = xml_add(ud, "person");

	xml_set_int(n, "id", m->id);
	xml_set(n, "name", m->name);
	return DB_OK;
}

int
conversation_extras(struct ctx *c, const struct dossier_view *v, xmlNodePtr page)
{
	xmlNodePtr people;
	int st;

	if ((st = org_goals_of_cycle(c->db, v->d.cycle_id, add_org_goal,
	    xml_add(page, "org_goals"))) != DB_OK)
		return st;
	if ((st = collective_goals_for_dossier(c->db, v->d.id, add_collective,
	    xml_add(page, "collective_goals"))) != DB_OK)
		return st;
	/* Who can be responsible: the employee, the manager, and the people
	 * who share the employee's manager. */
	people = xml_add(page, "people");
	return people_of_dossier(c->db, v->d.id, add_person, people);
}
