/* advisor.c -- GET /advisor/dossiers: the HR advisor's list of the
 * dossiers they read (issue 17): those of the departments assigned to
 * them and below (hr_group's advisors: every one), filtered by cycle and
 * by the employee's name, a page of ADVISOR_PAGE_ROWS at a time, each
 * linking to the dossier (whose page checks the access again:
 * conv_view.c decide_side).
 *
 * The list names people: an administrator who is no advisor, an auditor,
 * anyone else is refused as a stranger is (403).  Each read is one row of
 * the read audit naming what the list held (store/audit.h audit_read:
 * once per reader, list and day). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "base/util.h"
#include "http/url.h"
#include "pages/form.h"
#include "pages/pages.h"
#include "rules/roles.h"
#include "store/advisor.h"
#include "store/audit.h"
#include "store/cycle.h"
#include "xml/page.h"

/* The cycles offered in the filter: every one (a handful a year). */
static int
add_cycle(void *ud, const struct cycle_row *r)
{
	xmlNodePtr n = xml_add(ud, "cycle");

	xml_set_int(n, "id", r->id);
	xml_set(n, "name", r->name);
	xml_set(n, "status", r->status);
	return DB_OK;
}

/* What one page holds: its rows go to the XML; one more than a page says
 * there is a next one; the ids go to the read audit's record. */
struct list_page {
	xmlNodePtr list;
	int64_t rows, last_id;
	struct buf ids;
};

static int
add_dossier(void *ud, const struct advisor_dossier *d)
{
	struct list_page *p = ud;
	xmlNodePtr n;

	if (++p->rows > ADVISOR_PAGE_ROWS) {
		n = xml_add(p->list, "next");
		xml_set_int(n, "after", p->last_id);
		return DB_OK;
	}
	n = xml_add(p->list, "dossier");
	xml_set_int(n, "id", d->id);
	xml_set_int(n, "cycle_id", d->cycle_id);
	xml_set(n, "cycle", d->cycle);
	xml_set(n, "status", d->status);
	xml_set(n, "employee", d->employee);
	xml_set(n, "login", d->login);
	xml_set(n, "department", d->department);
	xml_set(n, "manager", d->manager);
	buf_printf(&p->ids, "%s%lld", p->ids.len ? "," : "", (long long)d->id);
	p->last_id = d->id;
	return DB_OK;
}

/* The read audit's record of the page: its filter, how many dossiers and
 * which (cut at READ_WHAT_MAX by audit_read). */
static int
record(struct ctx *c, const struct advisor_list_query *q, const struct list_page *p)
{
	char what[READ_WHAT_MAX + 1];
	int64_t shown = p->rows > ADVISOR_PAGE_ROWS ? ADVISOR_PAGE_ROWS : p->rows;

	if (!roles_read_audited(c->roles))
		return DB_OK;
	snprintf(what, sizeof(what), "advisor-list q=%s after=%lld dossiers=%lld: %s",
	    q->name ? q->name : "", (long long)q->after, (long long)shown,
	    p->ids.data ? p->ids.data : "");
	return audit_read(c->db, c->user.id, READ_KIND_PEOPLE, q->cycle_id, what);
}

/* The filter as the page shows it; @query: the filter as a query string
 * for the next page's link (written by url.h, the one link writer). */
static xmlNodePtr
list_xml(struct ctx *c, const struct advisor_list_query *q)
{
	xmlNodePtr n = xml_add(c->page, "advisor_list");
	struct buf b;

	xml_set(n, "all", q->all ? "1" : "0");
	xml_set_int(n, "cycle_id", q->cycle_id);
	xml_set(n, "q", q->name ? q->name : "");
	xml_set_int(n, "after", q->after);
	xml_set_int(n, "page_rows", ADVISOR_PAGE_ROWS);
	buf_init(&b);
	if (q->cycle_id)
		url_param_int(&b, "cycle", q->cycle_id);
	if (q->name && q->name[0])
		url_param(&b, "q", q->name);
	if (!b.failed)
		xml_set(n, "query", b.data ? b.data : "");
	buf_free(&b);
	return n;
}

int
advisor_dossiers_get(struct ctx *c)
{
	struct advisor_list_query q;
	struct list_page p = { 0 };
	struct form f;
	int st;

	if (!roles_advisor_list(c->roles))
		return 403;
	form_begin(&f, c, "advisor_list");
	q = (struct advisor_list_query){ .advisor_id = c->user.id,
		.all = roles_reads_all(c->roles), .cycle_id = in_id(c, "cycle"),
		.name = in_text(c, "q"), .after = in_id(c, "after"),
		.limit = ADVISOR_PAGE_ROWS + 1 };
	if (!page_begin(c, "advisor_dossiers"))
		return 500;
	p.list = list_xml(c, &q);
	if ((st = cycle_list(c->db, add_cycle, xml_add(p.list, "cycles"))) != DB_OK)
		return http_status_of(st);
	/* A filter typed wrong (too long, not one line): the form says why,
	 * and no list is read. */
	if (f.failed) {
		form_xml(&f, c->page);
		return 400;
	}
	buf_init(&p.ids);
	st = advisor_dossiers(c->db, &q, add_dossier, &p);
	if (st == DB_OK)
		st = p.ids.failed ? DB_ERROR : record(c, &q, &p);
	buf_free(&p.ids);
	return st == DB_OK ? 200 : http_status_of(st);
}
