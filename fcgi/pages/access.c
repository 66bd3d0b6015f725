/* access.c -- the right of access (issue 18, AVG/GDPR art. 15):
 *
 *   GET /me/export.xml                     everything stored about the user,
 *   GET /me/export                         as XML (xslt/schema/report.xsd) or
 *                                          as a page that prints to PDF
 *   GET /admin/employees/{id}/export.xml   the same of a person, produced
 *   GET /admin/employees/{id}/export       by HR on their request
 *
 * The export (<report kind="personal">): the person's dossiers of every
 * cycle with their own preparation (export/export.c), the feedback as
 * the feedback page shows it to them (feedback.c), then <access>: every
 * reopen of their reports with its reason, the signed snapshots, the
 * audit records about them and their dossiers, who read their data and
 * when, the deletions by retention that concerned them, the feedback they
 * were asked to give about colleagues (and gave, in a named round), and
 * <omitted>:
 * what was left out about other people, and why, in Dutch and English.
 *
 * Who: the user their own; of someone else, the HR administrator who
 * also reads that person's content (rules/roles.h roles_access_export:
 * hr_group or employee.is_hr, or an administrator who is advisor of the
 * person's department).  Everyone else gets 403 before anything is
 * read or written -- the same 403 for a person who does not exist.
 * HR's export is audited before the first byte leaves: the read audit
 * (kind person) and the audit trail (entity employee, access_export),
 * besides the export's own audit row (export_begin).
 *
 * The page: the document is written into memory, parsed and put in the
 * page (<page><access-export><report .../></access-export></page>) for
 * xslt/access_export.xsl; the snapshots' documents are left out of it
 * (they froze the dossiers the page shows).  The XML is streamed as the
 * cycle exports are: a failure half-way drops the connection. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>

#include "app.h"
#include "base/log.h"
#include "base/util.h"
#include "export/export.h"
#include "pages/pages.h"
#include "rules/roles.h"
#include "store/access.h"
#include "store/advisor.h"
#include "store/report_export.h"
#include "xml/i18n.h"
#include "xml/page.h"
#include "xml/render.h"

#define ACCESS_STYLE "access_export"
#define CTYPE_XML "application/xml; charset=utf-8"
/* "attachment; filename=\"gesprek-LOGIN.xml\"" */
#define FILENAME_MAX_LEN (LOGIN_MAX + 32)
#define DISPOSITION_MAX (FILENAME_MAX_LEN + 32)
/* The page holds its document in memory: past this it is refused (the
 * XML download has no such bound; it is streamed). */
#define ACCESS_PAGE_MAX ((size_t)64 << 20)

/* Whose export, and who asked for it. */
struct subject {
	int64_t id;
	const char *login;
	bool by_hr;			/* someone else produced it on request */
};

/* What the export leaves out about other people (catalog keys; the
 * explanation goes into the XML in both languages). */
static const char *const omitted[] = {
	"anonymous_authors",		/* an anonymous round's authors */
	"private_preparation",		/* other parties' unshared preparation */
	"feedback_rule",		/* feedback the template does not show yet */
	"other_people",			/* others' records beyond their part in these */
};
#define OMITTED_PREFIX "access.omitted."

/* ---- writing ---- */

static int
on_reopen(void *ud, const struct access_reopen *r)
{
	struct export_writer *w = ud;

	export_writer_start(w, "reopen");
	export_writer_attr_int(w, "id", r->audit_id);
	export_writer_attr_int(w, "conversation_id", r->conversation_id);
	export_writer_attr_int(w, "dossier_id", r->dossier_id);
	export_writer_attr(w, "at", r->at);
	export_writer_attr(w, "by", r->actor);
	export_writer_element(w, "reason", r->reason);
	export_writer_end(w);
	return DB_OK;
}

static int
on_snapshot(void *ud, const struct access_snapshot *s)
{
	struct export_writer *w = ud;

	export_writer_start(w, "snapshot");
	export_writer_attr_int(w, "id", s->id);
	export_writer_attr_int(w, "conversation_id", s->conversation_id);
	export_writer_attr_int(w, "dossier_id", s->dossier_id);
	export_writer_attr(w, "signed_at", s->at);
	export_writer_attr(w, "sha256", s->sha256);
	/* The signed document as text: its bytes are what the hash covers. */
	export_writer_element(w, "document", s->xml);
	export_writer_end(w);
	return DB_OK;
}

static int
on_audit(void *ud, const struct access_audit *a)
{
	struct export_writer *w = ud;

	export_writer_start(w, "audit_entry");
	export_writer_attr_int(w, "id", a->id);
	export_writer_attr(w, "at", a->at);
	export_writer_attr(w, "actor", a->actor);
	export_writer_attr(w, "entity", a->entity);
	if (a->entity_id)
		export_writer_attr_int(w, "entity_id", a->entity_id);
	export_writer_attr(w, "action", a->action);
	if (a->withheld)
		export_writer_attr(w, "withheld", "1");
	export_writer_element(w, "detail", a->detail);
	export_writer_end(w);
	return DB_OK;
}

static int
on_read(void *ud, const struct access_read *r)
{
	struct export_writer *w = ud;

	export_writer_start(w, "read");
	export_writer_attr_int(w, "id", r->id);
	export_writer_attr(w, "day", r->day);
	export_writer_attr(w, "at", r->at);
	export_writer_attr(w, "reader", r->reader);
	export_writer_attr(w, "role", r->role);
	export_writer_attr(w, "kind", r->kind);
	export_writer_attr_int(w, "object_id", r->object_id);
	if (r->dossier_id)
		export_writer_attr_int(w, "dossier_id", r->dossier_id);
	export_writer_attr(w, "what", r->what);
	export_writer_end(w);
	return DB_OK;
}

static int
on_deletion(void *ud, const struct access_deletion *d)
{
	struct export_writer *w = ud;

	export_writer_start(w, "deletion");
	export_writer_attr_int(w, "id", d->id);
	export_writer_attr(w, "at", d->at);
	export_writer_attr(w, "rule", d->rule);
	export_writer_attr(w, "kind", d->kind);
	export_writer_attr_int(w, "n", d->n);
	export_writer_attr_int(w, "first_id", d->first_id);
	export_writer_attr_int(w, "last_id", d->last_id);
	export_writer_end(w);
	return DB_OK;
}

static int
on_invitation(void *ud, const struct access_invitation *i)
{
	struct export_writer *w = ud;

	export_writer_start(w, "feedback_invitation");
	export_writer_attr_int(w, "id", i->id);
	export_writer_attr_int(w, "conversation_id", i->conversation_id);
	export_writer_attr(w, "about", i->about);
	export_writer_attr(w, "deadline", i->deadline);
	export_writer_attr(w, "answered", i->answered ? "1" : "0");
	export_writer_end(w);
	return DB_OK;
}

static int
on_given(void *ud, const struct access_given *g)
{
	struct export_writer *w = ud;

	export_writer_start(w, "feedback_given");
	export_writer_attr_int(w, "conversation_id", g->conversation_id);
	export_writer_attr(w, "question", g->question);
	if (g->rating >= 0)
		export_writer_attr_int(w, "rating", g->rating);
	export_writer_attr(w, "at", g->at);
	export_writer_text(w, g->body);
	export_writer_end(w);
	return DB_OK;
}

/* <omitted><reason key=""><text lang="nl">...</text>...</reason></omitted>:
 * the texts of the catalogs, every language, whatever the reader's. */
static void
write_omitted(struct ctx *c, struct export_writer *w)
{
	char key[I18N_KEY_MAX];
	size_t i, l;

	export_writer_start(w, "omitted");
	for (i = 0; i < ARRAY_LEN(omitted); i++) {
		export_writer_start(w, "reason");
		export_writer_attr(w, "key", omitted[i]);
		snprintf(key, sizeof(key), OMITTED_PREFIX "%s", omitted[i]);
		for (l = 0; l < I18N_LANGS; l++) {
			const char *t = catalog_get(styles_catalog(c->styles, i18n_langs[l]), key);

			export_writer_start(w, "text");
			export_writer_attr(w, "lang", i18n_langs[l]);
			export_writer_text(w, t ? t : key);
			export_writer_end(w);
		}
		export_writer_end(w);
	}
	export_writer_end(w);
}

/* <access subject_id="" requested_by=""> with everything but the dossiers
 * and the feedback. */
static int
write_access(struct ctx *c, const struct subject *s, struct export_writer *w,
    bool with_documents)
{
	int st;

	export_writer_start(w, "access");
	export_writer_attr_int(w, "subject_id", s->id);
	if (s->by_hr) {
		export_writer_attr_int(w, "requested_by_id", c->user.id);
		export_writer_attr(w, "requested_by", c->user.name);
	}
	if ((st = access_reopens(c->db, s->id, on_reopen, w)) != DB_OK ||
	    (st = access_snapshots(c->db, s->id, with_documents, on_snapshot, w)) != DB_OK ||
	    (st = access_audit(c->db, s->id, on_audit, w)) != DB_OK ||
	    (st = access_reads(c->db, s->id, on_read, w)) != DB_OK ||
	    (st = access_deletions(c->db, s->id, on_deletion, w)) != DB_OK ||
	    (st = access_invitations(c->db, s->id, on_invitation, w)) != DB_OK ||
	    (st = access_given(c->db, s->id, on_given, w)) != DB_OK)
		return st;
	write_omitted(c, w);
	export_writer_end(w);
	return DB_OK;
}

/* The whole document into w (begun by export_writer_new). */
static int
write_all(struct ctx *c, const struct subject *s, const struct export_filter *f,
    struct export_writer *w, bool with_documents)
{
	int st = export_run(c->db, f, &export_writer_sink, w);

	if (st == DB_OK)
		st = feedback_export(c, s->id, w);
	if (st == DB_OK)
		st = write_access(c, s, w, with_documents);
	return st;
}

static void
filter_of(const struct subject *s, struct export_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->employee_id = s->id;
	/* Their own preparation is theirs to see, whoever produces it. */
	f->viewer_id = s->id;
}

/* ---- the XML, streamed ---- */

static bool
to_client(void *ud, const char *data, size_t len)
{
	return resp_write(ud, data, len);
}

static int
send_xml(struct ctx *c, const struct subject *s)
{
	char filename[FILENAME_MAX_LEN], disposition[DISPOSITION_MAX];
	struct export_counts counts = { 0, 0, 0 };
	struct export_filter f;
	struct export_meta meta = { "personal", &f, c->lang };
	struct export_writer *w;
	int st;

	filter_of(s, &f);
	if (!c->req->is_head &&
	    (st = export_begin(c->db, c->user.id, &f, "xml", "web", &counts)) != DB_OK)
		return http_status_of(st);
	/* Logins are letters, digits and "._@-": safe inside the quotes. */
	snprintf(filename, sizeof(filename), "gesprek-%s.xml", s->login);
	snprintf(disposition, sizeof(disposition), "attachment; filename=\"%s\"", filename);
	resp_header(c->req, "Content-Disposition", disposition);
	resp_begin(c->req, 200, CTYPE_XML);
	if (c->req->is_head)
		return HANDLER_SENT;
	w = export_writer_new(EXPORT_XML, &meta, NULL, to_client, c->req);
	st = w ? write_all(c, s, &f, w, true) : DB_ERROR;
	if (st != DB_OK || !export_writer_finish(w)) {
		log_warn("personal export of %lld incomplete (%s)", (long long)s->id,
		    w && export_writer_gone(w) ? "client gone" : "failed");
		resp_abort(c->req);
	}
	export_writer_free(w);
	return HANDLER_SENT;
}

/* ---- the page ---- */

static bool
to_buf(void *ud, const char *data, size_t len)
{
	struct buf *b = ud;

	if (b->len + len > ACCESS_PAGE_MAX)
		return false;
	return buf_append(b, data, len) && !b->failed;
}

/* The document written into b, then parsed: NULL when anything failed. */
static xmlDocPtr
document_of(struct ctx *c, const struct subject *s, struct buf *b, int *st)
{
	struct export_filter f;
	struct export_meta meta = { "personal", &f, c->lang };
	struct export_writer *w;

	filter_of(s, &f);
	w = export_writer_new(EXPORT_XML, &meta, NULL, to_buf, b);
	*st = w ? write_all(c, s, &f, w, false) : DB_ERROR;
	if (*st == DB_OK && !export_writer_finish(w))
		*st = DB_ERROR;
	export_writer_free(w);
	if (*st != DB_OK)
		return NULL;
	/* Our own writer's bytes; NONET all the same, no entities, no DTD. */
	return xmlReadMemory(b->data, (int)b->len, NULL, "UTF-8", XML_PARSE_NONET);
}

static int
send_page(struct ctx *c, const struct subject *s, const char *name)
{
	struct buf b;
	xmlDocPtr doc;
	xmlNodePtr holder, copy;
	int st, rc = 500;

	buf_init(&b);
	doc = document_of(c, s, &b, &st);
	if (doc == NULL) {
		rc = st == DB_OK ? 500 : http_status_of(st);
		goto out;
	}
	if (!page_begin(c, ACCESS_STYLE))
		goto out;
	holder = xml_add(c->page, "access-export");
	xml_set_int(holder, "subject", s->id);
	xml_set(holder, "name", name);
	xml_set(holder, "by-hr", s->by_hr ? "1" : "0");
	copy = xmlDocCopyNode(xmlDocGetRootElement(doc), c->doc, 1);
	if (copy == NULL || xmlAddChild(holder, copy) == NULL) {
		xmlFreeNode(copy);
		goto out;
	}
	rc = 200;
out:
	xmlFreeDoc(doc);
	buf_free(&b);
	return rc;
}

/* ---- the routes ---- */

/* The page is an export too: its audit row, as the download's. */
static int
page_audit(struct ctx *c, const struct subject *s)
{
	struct export_filter f;
	struct export_counts counts = { 0, 0, 0 };

	if (c->req->is_head)
		return DB_OK;
	filter_of(s, &f);
	return export_begin(c->db, c->user.id, &f, "html", "web", &counts);
}

int
access_me_get(struct ctx *c)
{
	struct subject s = { c->user.id, c->user.login, false };
	int st;

	if (c->req->want_xml)
		return send_xml(c, &s);
	if ((st = page_audit(c, &s)) != DB_OK)
		return http_status_of(st);
	return send_page(c, &s, c->user.name);
}

int
access_may_export(struct ctx *c, int64_t department_id, bool *may)
{
	bool assigned = false;
	int st;

	*may = false;
	if (!roles_access_export(c->roles, true))
		return DB_OK;
	if (roles_needs_assignment(c->roles) &&
	    (st = advisor_covers(c->db, c->user.id, department_id, &assigned)) != DB_OK)
		return st;
	*may = roles_access_export(c->roles, assigned);
	return DB_OK;
}

int
access_person_export_get(struct ctx *c)
{
	struct access_person p;
	struct subject s;
	bool may = false;
	int st;

	/* Nobody who may export nobody learns whether the person exists. */
	if (!roles_access_export(c->roles, true))
		return 403;
	st = access_person_get(c->db, c->ids[0], &p);
	if (st == DB_NOTFOUND)
		return roles_reads_all(c->roles) ? 404 : 403;
	if (st != DB_OK || (st = access_may_export(c, p.department_id, &may)) != DB_OK)
		return http_status_of(st);
	if (!may)
		return 403;
	s = (struct subject){ p.id, p.login, p.id != c->user.id };
	if (!c->req->is_head &&
	    (st = access_export_record(c->db, c->user.id, p.id,
	    c->req->want_xml ? "xml" : "html")) != DB_OK)
		return http_status_of(st);
	if (c->req->want_xml)
		return send_xml(c, &s);
	if ((st = page_audit(c, &s)) != DB_OK)
		return http_status_of(st);
	return send_page(c, &s, p.name);
}
