/* admin_audit.c -- GET /admin/audit?entity=employee|dossier|cycle&id=N:
 * the audit trail of one employee (with their dossiers), dossier (with its
 * conversations and items) or cycle (with its goals), newest first.
 * Without them, the search form (what, who, period, dossier) over the
 * whole trail, the newest entries when nothing is filled in.  HR only
 * (routes.c).  Times are stored in UTC and shown in the server's
 * local zone. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "pages/admin_cycle.h"
#include "pages/pages.h"
#include "base/util.h"
#include "xml/page.h"
#include "store/audit.h"

/* Rows on the page; older ones are summarised as "more". */
#define AUDIT_PAGE_ROWS 500
/* "2027-03-01T14:05:00+0100" and room to spare. */
#define LOCAL_TIME_MAX 40

/* "2027-03-01T13:05:00Z" (UTC) as local time with its offset. */
static void
local_time(const char *utc, char *out, size_t size)
{
	struct tm tm;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	if (sscanf(utc, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	    &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6) {
		strlcopy(out, utc, size);
		return;
	}
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm);
	if (localtime_r(&t, &tm) == NULL || strftime(out, size, "%Y-%m-%dT%H:%M:%S%z", &tm) == 0)
		strlcopy(out, utc, size);
}

void
audit_entry_xml(xmlNodePtr parent, const struct audit_row *a)
{
	char at[LOCAL_TIME_MAX];
	xmlNodePtr n = xml_add(parent, "entry");

	local_time(a->at, at, sizeof(at));
	xml_set_int(n, "id", a->id);
	xml_set(n, "at", at);
	xml_set(n, "actor", a->actor);
	xml_set(n, "entity", a->entity);
	xml_set_int(n, "entity_id", a->entity_id);
	xml_set(n, "action", a->action);
	/* The store withheld the detail of private preparation; the page says
	 * so instead of showing an empty cell. */
	if (a->private_detail) {
		xml_set(n, "private", "1");
		return;
	}
	xml_add_text(n, "detail", a->detail);
}

int
audit_entry_add(void *ud, const struct audit_row *a)
{
	struct audit_xml *t = ud;

	if (++t->rows > t->max) {
		xml_set(t->node, "more", "1");
		return DB_OK;
	}
	audit_entry_xml(t->node, a);
	return DB_OK;
}

static void
subject_xml(xmlNodePtr page, const char *entity, int64_t id, const struct audit_subject *s)
{
	xmlNodePtr n = xml_add(page, "audit-subject");

	xml_set(n, "entity", entity);
	xml_set_int(n, "id", id);
	if (s->employee_id) {
		xml_set_int(n, "employee_id", s->employee_id);
		xml_set(n, "name", s->name);
		xml_set(n, "login", s->login);
	}
	if (s->cycle_id) {
		xml_set_int(n, "cycle_id", s->cycle_id);
		xml_set(n, "cycle", s->cycle);
	}
}

int
audit_read_add(void *ud, const struct read_row *r)
{
	struct audit_xml *t = ud;
	char at[LOCAL_TIME_MAX];
	xmlNodePtr n;

	if (++t->rows > t->max) {
		xml_set(t->node, "more", "1");
		return DB_OK;
	}
	local_time(r->at, at, sizeof(at));
	n = xml_add(t->node, "read");
	xml_set_int(n, "id", r->id);
	xml_set(n, "at", at);
	xml_set(n, "reader", r->reader);
	xml_set(n, "kind", r->kind);
	xml_set_int(n, "object", r->object_id);
	xml_set(n, "what", r->what);
	if (r->dossier_id)
		xml_set_int(n, "dossier", r->dossier_id);
	return DB_OK;
}

int
audit_reads_xml(struct ctx *c, const struct audit_query *q, int64_t dossier_id,
    xmlNodePtr parent)
{
	struct audit_xml t = { xml_add(parent, "reads"), READS_SHOWN, 0 };
	static const struct audit_query none = { NULL, NULL, NULL, NULL };

	if (dossier_id > 0 && q == NULL)
		return audit_reads_of_dossier(c->db, dossier_id, READS_SHOWN + 1, audit_read_add,
		    &t);
	return audit_reads_search(c->db, q ? q : &none, dossier_id, READS_SHOWN + 1,
	    audit_read_add, &t);
}

/* Rows the search shows: the newest first, a screenful or two. */
#define AUDIT_SEARCH_ROWS 200

/* The search form's values, as typed (the page shows them again). */
static void
search_xml(xmlNodePtr page, const struct audit_query *q)
{
	xmlNodePtr n = xml_add(page, "audit-search");

	xml_set(n, "what", q->entity ? q->entity : "");
	xml_set(n, "who", q->who ? q->who : "");
	xml_set(n, "from", q->from ? q->from : "");
	xml_set(n, "to", q->to ? q->to : "");
}

static int
audit_search_get(struct ctx *c)
{
	struct audit_query q = {
		.entity = in_choice(c, "what"), .who = in_text(c, "who"),
		.from = in_date(c, "from"), .to = in_date(c, "to"),
	};
	struct audit_xml t = { NULL, AUDIT_SEARCH_ROWS, 0 };
	int st;

	if (!page_begin(c, "admin_audit"))
		return 500;
	search_xml(c->page, &q);
	/* A field typed wrong (a date that is none, a choice not offered):
	 * the form again with the 400, no rows that would look like an answer. */
	if (in_failed(c)) {
		xml_set(xml_add(c->page, "audit-trail"), "refused", "1");
		return 400;
	}
	t.node = xml_add(c->page, "audit-trail");
	st = audit_search(c->db, &q, AUDIT_SEARCH_ROWS + 1, audit_entry_add, &t);
	/* The reads (issue 17): who of HR read what, by the same who and
	 * period; "what" names kinds of change, not of read. */
	if (st == DB_OK)
		st = audit_reads_xml(c, &q, 0, c->page);
	if (st != DB_OK) {
		xmlFreeDoc(c->doc);
		c->doc = NULL;
		return http_status_of(st);
	}
	return 200;
}

int
admin_audit_get(struct ctx *c)
{
	const char *entity = in_choice(c, "entity");
	int64_t id = in_id(c, "id");
	struct audit_subject s;
	struct audit_xml t = { NULL, AUDIT_PAGE_ROWS, 0 };
	int st;

	/* The search's dossier number is that dossier's own trail. */
	if ((entity == NULL || id == 0) && in_id(c, "dossier") != 0) {
		entity = "dossier";
		id = in_id(c, "dossier");
	}
	if (entity == NULL || id == 0)
		return audit_search_get(c);
	if ((st = audit_subject(c->db, entity, id, &s)) != DB_OK)
		return http_status_of(st);
	if (!page_begin(c, "admin_audit"))
		return 500;
	subject_xml(c->page, entity, id, &s);
	t.node = xml_add(c->page, "audit-trail");
	st = audit_trail(c->db, entity, id, AUDIT_PAGE_ROWS + 1, audit_entry_add, &t);
	if (st == DB_OK && strcmp(entity, "dossier") == 0)
		st = audit_reads_xml(c, NULL, id, c->page);
	if (st != DB_OK) {
		xmlFreeDoc(c->doc);
		c->doc = NULL;
		return http_status_of(st);
	}
	return 200;
}
