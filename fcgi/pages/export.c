/* export.c -- the exports, streamed as they are read:
 *
 *   GET /reports/cycles/{id}.xml   the whole cycle (xslt/schema/report.xsd)
 *   GET /reports/cycles/{id}.csv   the same, one row per item (report-csv.xsl)
 *
 * The personal export (/me/export.xml, issue 18's right of access) is
 * pages/access.c's.
 *
 * Cycle exports: HR gets every dossier, a manager the dossiers they hold,
 * anyone else 403.  Optional ?department=ID&recursive=1&from=&to= narrow
 * them (conversation dates); bad values re-show the overview with the
 * export form and the problem next to its field (400).
 *
 * Routes: the request parser strips a ".xml" suffix and sets want_xml, so
 * /reports/cycles/5.xml arrives as /reports/cycles/5; without XML asked
 * for, that path is no page: 404.  The CSV has its own pattern
 * /reports/cycles/{id}.csv ({id} ends at '.').
 *
 * Each export writes its audit row (who, what, filters, counts) before
 * the first byte leaves.  The headers go first; if the export then fails
 * half-way, the connection is dropped so the client sees a broken
 * download, never a short file that looks complete. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "rules/roles.h"
#include "base/log.h"
#include "pages/form.h"
#include "pages/pages.h"
#include "pages/reports.h"
#include "export/export.h"
#include "store/audit.h"
#include "store/cycle.h"
#include "store/organisation.h"
#include "store/report_export.h"

#define CTYPE_XML "application/xml; charset=utf-8"
#define CTYPE_CSV "text/csv; charset=utf-8"
/* "attachment; filename=\"gesprek-cyclus-999999999999.csv\"" */
#define FILENAME_MAX_LEN (LOGIN_MAX + 32)
#define DISPOSITION_MAX (FILENAME_MAX_LEN + 32)

static bool
to_client(void *ud, const char *data, size_t len)
{
	return resp_write(ud, data, len);
}

static const char *
format_name(enum export_format fmt)
{
	return fmt == EXPORT_CSV ? "csv" : "xml";
}

/* Audit, headers, then the document straight to the client. */
static int
stream(struct ctx *c, enum export_format fmt, const struct export_filter *f, const char *kind,
    const char *filename)
{
	char disposition[DISPOSITION_MAX];
	struct export_meta meta = { kind, f, c->lang };
	struct export_counts counts = { 0, 0, 0 };
	struct export_writer *w;
	int st;

	snprintf(disposition, sizeof(disposition), "attachment; filename=\"%s\"", filename);
	if (!c->req->is_head &&
	    (st = export_begin(c->db, c->user.id, f, format_name(fmt), "web", &counts)) != DB_OK)
		return http_status_of(st);
	resp_header(c->req, "Content-Disposition", disposition);
	resp_begin(c->req, 200, fmt == EXPORT_CSV ? CTYPE_CSV : CTYPE_XML);
	if (c->req->is_head)
		return HANDLER_SENT;
	w = export_writer_new(fmt, &meta, c->styles, to_client, c->req);
	st = w ? export_run(c->db, f, &export_writer_sink, w) : DB_ERROR;
	if (st != DB_OK || !export_writer_finish(w)) {
		log_warn("%s export %s incomplete (%s): %lld dossiers announced", kind,
		    format_name(fmt), w && export_writer_gone(w) ? "client gone" : "failed",
		    (long long)counts.dossiers);
		resp_abort(c->req);
	}
	export_writer_free(w);
	return HANDLER_SENT;
}

static int
cycle_found(void *ud, const struct cycle_row *r)
{
	(void)r;
	*(bool *)ud = true;
	return DB_OK;
}

/* department, recursive, from, to: problems go to the form. */
static int
read_export_form(struct ctx *c, struct form *form, struct export_filter *f)
{
	struct department dep;
	int st;

	f->department_id = in_id(c, "department");
	f->recursive = in_flag(c, "recursive") && f->department_id;
	f->from = in_date(c, "from");
	f->to = in_date(c, "to");
	if (f->from && f->to && strcmp(f->from, f->to) > 0)
		form_error(form, "to", "form.error.date_order");
	if (f->department_id == 0)
		return DB_OK;
	st = department_get(c->db, f->department_id, &dep);
	if (st == DB_NOTFOUND) {
		form_error(form, "department", "form.error.choice");
		return DB_OK;
	}
	return st;
}

/* The read audit's record of an HR content export (issue 17): one per
 * reader, cycle, filter and day, naming what the export held. */
static int
record_export(struct ctx *c, const struct export_filter *f, enum export_format fmt)
{
	char what[READ_WHAT_MAX + 1];

	if (!roles_read_audited(c->roles) || c->req->is_head)
		return DB_OK;
	snprintf(what, sizeof(what), "format=%s department=%lld recursive=%d from=%s to=%s",
	    format_name(fmt), (long long)f->department_id, f->recursive ? 1 : 0,
	    f->from ? f->from : "", f->to ? f->to : "");
	return audit_read(c->db, c->user.id, READ_KIND_EXPORT, f->cycle_id, what);
}

static int
cycle_export(struct ctx *c, enum export_format fmt)
{
	char filename[FILENAME_MAX_LEN];
	struct export_filter f;
	struct form form;
	bool found = false;
	int st;

	/* A content export: HR that reads every dossier, or a manager their
	 * team; an administrator alone is refused as a stranger is (issue 17). */
	if (!roles_reads_all(c->roles) && !c->user.is_manager)
		return 403;
	if ((st = cycle_get(c->db, c->ids[0], cycle_found, &found)) != DB_OK)
		return http_status_of(st);
	memset(&f, 0, sizeof(f));
	form_begin(&form, c, "export");
	if ((st = read_export_form(c, &form, &f)) != DB_OK)
		return http_status_of(st);
	if (form.failed)
		return reports_export_refused(c, c->ids[0], &form);
	f.cycle_id = c->ids[0];
	f.manager_id = roles_reads_all(c->roles) ? 0 : c->user.id;
	if (f.manager_id == 0 && (st = record_export(c, &f, fmt)) != DB_OK)
		return http_status_of(st);
	snprintf(filename, sizeof(filename), "gesprek-cyclus-%lld.%s", (long long)f.cycle_id,
	    format_name(fmt));
	return stream(c, fmt, &f, "cycle", filename);
}

int
export_cycle_xml(struct ctx *c)
{
	if (!c->req->want_xml)
		return 404;
	return cycle_export(c, EXPORT_XML);
}

int
export_cycle_csv(struct ctx *c)
{
	return cycle_export(c, EXPORT_CSV);
}
