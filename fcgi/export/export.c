/* export.c -- see export.h.  Element and attribute names are those of
 * xslt/schema/report.xsd; optional attributes are left out when empty.
 * Human texts (names of templates, competences and key result areas,
 * rating labels, section titles) are in the language of the export
 * (meta->lang, the reader's), English falling back to Dutch; the keys
 * and the element and attribute names are the same in every language. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/parser.h>
#include <libxml/xmlwriter.h>

#include "gesprek_version.h"
#include "base/util.h"
#include "export/export.h"
#include "xml/render.h"
#include "store/cycle.h"
#include "store/dossier.h"
#include "store/goal.h"
#include "store/organisation.h"
#include "store/report_export.h"

/* Dossiers per CSV part document: small enough that its tree and the
 * transform's result stay well under a MiB. */
#define CSV_PART_DOSSIERS 20
/* "2027-03-01T12:00:00Z" */
#define ISO_TIME_MAX 32
/* The language of the labels and the CSV header when the caller names
 * none: Dutch, the interface's first. */
#define DEFAULT_LANG "nl"
/* The other language whose texts a template or dictionary may give. */
#define ENGLISH "en"

struct export_writer {
	enum export_format format;
	const char *kind;
	const char *lang;		/* the labels' and the CSV header's */
	bool english;			/* labels in English where a text has one */
	const struct export_filter *filter;
	const struct styles *styles;
	export_write_fn fn;
	void *ud;
	xmlTextWriterPtr w;		/* the document being written, or NULL */
	struct buf part;		/* CSV: the part document's bytes */
	size_t part_dossiers;
	int64_t employee_id;		/* of the open dossier: whose side an author is */
	bool gone;			/* fn refused bytes: the reader has gone */
	bool failed;			/* libxml2, memory or the stylesheet failed */
};

/* ---- output ---- */

static int
out_write(void *ctx, const char *data, int len)
{
	struct export_writer *x = ctx;

	if (x->gone || !x->fn(x->ud, data, (size_t)len)) {
		x->gone = true;
		return -1;
	}
	return len;
}

static int
part_write(void *ctx, const char *data, int len)
{
	struct export_writer *x = ctx;

	return buf_append(&x->part, data, (size_t)len) ? len : -1;
}

/* ---- writing helpers: each records a failure and carries on ---- */

static void
check(struct export_writer *x, int rc)
{
	if (rc < 0)
		x->failed = true;
}

/* Text without the control characters XML 1.0 forbids (rows typed in by
 * hand or imported may hold them); *copy is set when a copy was made. */
static const char *
xml_safe(const char *s, char **copy)
{
	const unsigned char *p;
	char *o;

	*copy = NULL;
	for (p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
			break;
	if (*p == '\0')
		return s;
	if ((*copy = malloc(strlen(s) + 1)) == NULL)
		return "";
	for (o = *copy, p = (const unsigned char *)s; *p; p++)
		if (*p >= 0x20 || *p == '\t' || *p == '\n' || *p == '\r')
			*o++ = (char)*p;
	*o = '\0';
	return *copy;
}

static void
start(struct export_writer *x, const char *name)
{
	check(x, xmlTextWriterStartElement(x->w, BAD_CAST name));
}

static void
end(struct export_writer *x)
{
	check(x, xmlTextWriterEndElement(x->w));
}

/* An attribute; left out when value is NULL or "". */
static void
attr(struct export_writer *x, const char *name, const char *value)
{
	char *copy;

	if (value == NULL || value[0] == '\0')
		return;
	value = xml_safe(value, &copy);
	check(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST value));
	free(copy);
}

static void
attr_int(struct export_writer *x, const char *name, int64_t v)
{
	char s[24];

	snprintf(s, sizeof(s), "%" PRId64, v);
	attr(x, name, s);
}

/* An id or count where 0 means "none": left out. */
static void
attr_opt(struct export_writer *x, const char *name, int64_t v)
{
	if (v != 0)
		attr_int(x, name, v);
}

/* <name>text</name>; left out when empty unless required. */
static void
text_el(struct export_writer *x, const char *name, const char *text, bool required)
{
	char *copy;

	if ((text == NULL || text[0] == '\0') && !required)
		return;
	text = xml_safe(text ? text : "", &copy);
	check(x, xmlTextWriterWriteElement(x->w, BAD_CAST name, BAD_CAST text));
	free(copy);
}

/* A human text in the export's language: English when asked for and
 * given, else the Dutch one (the forms' rule for a missing English
 * text).  Keys and names of elements and attributes never change. */
static const char *
label(const struct export_writer *x, const char *nl, const char *en)
{
	return x->english && en && en[0] ? en : nl;
}

static const char *
side_of(const struct export_writer *x, int64_t author_id)
{
	return author_id == x->employee_id ? "employee" : "manager";
}

static int
status(const struct export_writer *x)
{
	return x->gone || x->failed ? DB_ERROR : DB_OK;
}

/* The element has content only in XML; the CSV needs dossiers alone. */
static bool
head_skipped(const struct export_writer *x)
{
	return x->format == EXPORT_CSV;
}

/* ---- the document's start ---- */

static void
iso_now(char *out, size_t size)
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void
write_filter(struct export_writer *x)
{
	const struct export_filter *f = x->filter;

	if (!f->department_id && !f->manager_id && !f->employee_id && !(f->from && f->from[0]) &&
	    !(f->to && f->to[0]))
		return;
	start(x, "filter");
	attr_opt(x, "department_id", f->department_id);
	if (f->department_id && f->recursive)
		attr(x, "recursive", "1");
	attr_opt(x, "team_of", f->manager_id);
	attr_opt(x, "employee_id", f->employee_id);
	attr(x, "from", f->from);
	attr(x, "to", f->to);
	end(x);
}

/* <?xml?> and the root element with what the export is. */
static void
write_root(struct export_writer *x, const char *root)
{
	char now[ISO_TIME_MAX];

	iso_now(now, sizeof(now));
	check(x, xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", NULL));
	check(x, xmlTextWriterStartElementNS(x->w, NULL, BAD_CAST root, BAD_CAST REPORT_NS));
	attr(x, "format", REPORT_FORMAT);
	attr(x, "kind", x->kind);
	attr_opt(x, "cycle_id", x->filter->cycle_id);
	attr(x, "generated", now);
	attr(x, "generator", PACKAGE_NAME " " GESPREK_VERSION);
	attr(x, "lang", x->english ? ENGLISH : DEFAULT_LANG);
	write_filter(x);
}

/* ---- CSV parts ---- */

static bool
part_open(struct export_writer *x, const char *root)
{
	xmlOutputBufferPtr out;

	buf_reset(&x->part);
	x->part_dossiers = 0;
	if ((out = xmlOutputBufferCreateIO(part_write, NULL, x, NULL)) == NULL)
		return false;
	if ((x->w = xmlNewTextWriter(out)) == NULL) {
		xmlOutputBufferClose(out);
		return false;
	}
	write_root(x, root);
	return !x->failed;
}

/* Ends the part document, turns it into CSV rows and hands them on. */
static bool
part_flush(struct export_writer *x)
{
	struct buf csv;
	xmlDocPtr doc = NULL;

	if (x->w == NULL)
		return true;
	check(x, xmlTextWriterEndDocument(x->w));
	xmlFreeTextWriter(x->w);	/* closes the buffer: x->part holds it all */
	x->w = NULL;
	buf_init(&csv);
	if (!x->failed && !x->part.failed)
		doc = xmlReadMemory(x->part.data, (int)x->part.len, NULL, "UTF-8",
		    XML_PARSE_NONET);
	if (doc == NULL || !render_html(x->styles, REPORT_CSV_STYLE, doc, x->lang, &csv) ||
	    csv.failed)
		x->failed = true;
	else if (csv.len > 0)
		out_write(x, csv.data, (int)csv.len);	/* a refusal marks x gone */
	xmlFreeDoc(doc);
	buf_free(&csv);
	return !x->failed && !x->gone;
}

/* ---- the sink ---- */

static int
on_cycle(void *ud, const struct cycle_row *c)
{
	struct export_writer *x = ud;
	char labels[SCALE_MAX + 1], *p, *save = NULL;
	int value = 1;

	if (head_skipped(x))
		return DB_OK;
	start(x, "cycle");
	attr_int(x, "id", c->id);
	attr(x, "name", c->name);
	attr(x, "starts_on", c->starts_on);
	attr(x, "ends_on", c->ends_on);
	attr(x, "status", c->status);
	start(x, "scale");
	strlcopy(labels, c->scale, sizeof(labels));
	for (p = strtok_r(labels, "|", &save); p; p = strtok_r(NULL, "|", &save), value++) {
		char *copy;

		start(x, "label");
		attr_int(x, "value", value);
		check(x, xmlTextWriterWriteString(x->w, BAD_CAST xml_safe(p, &copy)));
		free(copy);
		end(x);
	}
	end(x);
	return status(x);
}

static int
on_step(void *ud, const struct cycle_step_row *s)
{
	struct export_writer *x = ud;

	if (head_skipped(x))
		return DB_OK;
	start(x, "step");
	attr_int(x, "seq", s->seq);
	attr(x, "type", s->type);
	attr(x, "due_on", s->due_on);
	end(x);
	return status(x);
}

static int
on_org_goal(void *ud, const struct org_goal_row *g)
{
	struct export_writer *x = ud;

	if (head_skipped(x))
		return DB_OK;
	start(x, "org_goal");
	attr_int(x, "id", g->id);
	text_el(x, "title", g->title, true);
	text_el(x, "description", g->description, false);
	end(x);
	return status(x);
}

static int
on_collective(void *ud, const struct collective_row *g)
{
	struct export_writer *x = ud;

	if (head_skipped(x))
		return DB_OK;
	start(x, "collective_goal");
	attr_int(x, "id", g->id);
	attr(x, "status", g->status);
	attr(x, "bonus", g->bonus ? "1" : "0");
	attr(x, "deadline", g->deadline);
	attr_opt(x, "department_id", g->department_id);
	attr(x, "department", g->department);
	text_el(x, "title", g->title, true);
	text_el(x, "measure", g->measure, false);
	text_el(x, "status_note", g->status_note, false);
	end(x);
	return status(x);
}

static int
on_cycle_end(void *ud)
{
	struct export_writer *x = ud;

	if (head_skipped(x))
		return DB_OK;
	end(x);
	return status(x);
}

static int
on_department(void *ud, const struct department_row *d)
{
	struct export_writer *x = ud;

	if (head_skipped(x))
		return DB_OK;
	start(x, "department");
	attr_int(x, "id", d->id);
	attr(x, "name", d->name);
	attr_opt(x, "parent_id", d->parent_id);
	end(x);
	return status(x);
}

static int
on_dossier(void *ud, const struct export_dossier *d)
{
	struct export_writer *x = ud;

	if (x->format == EXPORT_CSV && x->w == NULL && !part_open(x, "report-part"))
		x->failed = true;
	if (x->w == NULL)
		return DB_ERROR;
	x->employee_id = d->employee_id;
	start(x, "dossier");
	attr_int(x, "id", d->id);
	attr_int(x, "cycle_id", d->cycle_id);
	attr(x, "cycle", d->cycle);
	attr(x, "status", d->status);
	start(x, "employee");
	attr_int(x, "id", d->employee_id);
	attr(x, "login", d->login);
	attr(x, "name", d->name);
	attr(x, "email", d->email);
	attr_opt(x, "department_id", d->department_id);
	attr(x, "department", d->department);
	attr(x, "active", d->active ? "1" : "0");
	end(x);
	if (d->manager_id) {
		start(x, "manager");
		attr_int(x, "id", d->manager_id);
		attr(x, "login", d->manager_login);
		attr(x, "name", d->manager_name);
		end(x);
	}
	return status(x);
}

/* <template key="" version="" name=""/>: the form the conversation runs on. */
static void
write_template(struct export_writer *x, const struct export_conversation *c)
{
	if (c->template_key[0] == '\0')
		return;
	start(x, "template");
	attr(x, "key", c->template_key);
	attr_int(x, "version", c->template_version);
	attr(x, "name", label(x, c->template_name, c->template_name_en));
	end(x);
}

/* The confirmed overall rating with what it was confirmed against: the
 * weighted score (0..1, four decimals as stored), the proposal and, when
 * the manager chose another rating, the reason the employee sees. */
static void
write_outcome(struct export_writer *x, const struct export_conversation *c)
{
	if (c->overall_rating < 0)
		return;
	start(x, "outcome");
	attr_int(x, "confirmed", c->overall_rating);
	attr(x, "confirmed_label", label(x, c->overall_label, c->overall_label_en));
	attr(x, "score", c->outcome_score);
	if (c->outcome_proposed >= 0) {
		attr_int(x, "proposed", c->outcome_proposed);
		attr(x, "proposed_label", label(x, c->proposed_label, c->proposed_label_en));
		attr(x, "overridden", c->outcome_proposed != c->overall_rating ? "1" : "0");
	}
	text_el(x, "override_reason", c->override_reason, false);
	end(x);
}

static int
on_conversation(void *ud, const struct export_conversation *c)
{
	struct export_writer *x = ud;

	start(x, "conversation");
	attr_int(x, "id", c->id);
	attr(x, "type", c->type);
	attr_int(x, "seq", c->seq);
	attr(x, "status", c->status);
	attr(x, "scheduled_at", c->scheduled_at);
	attr(x, "held_on", c->held_on);
	attr(x, "due_on", c->due_on);
	if (c->overall_rating >= 0)
		attr_int(x, "overall_rating", c->overall_rating);
	/* issue 17: a second assessor's review; none: left out */
	if (c->review && strcmp(c->review, "none") != 0)
		attr(x, "review", c->review);
	if (c->second_assessor_id) {
		attr_int(x, "second_assessor_id", c->second_assessor_id);
		attr(x, "second_assessor", c->second_assessor);
	}
	text_el(x, "overall_note", c->overall_note, false);
	text_el(x, "reopen_reason", c->reopen_reason, false);
	write_template(x, c);
	write_outcome(x, c);
	return status(x);
}

/* An answer to a question, or a competence rating (competence_id set). */
static int
on_answer(void *ud, const struct export_answer *a)
{
	struct export_writer *x = ud;

	start(x, a->competence_id ? "competence_rating" : "answer");
	if (a->competence_id) {
		attr_int(x, "competence_id", a->competence_id);
		attr(x, "competence", a->competence_key);
		attr(x, "name", label(x, a->competence_name, a->competence_name_en));
	} else {
		attr(x, "section", a->section_key);
		attr(x, "title", label(x, a->section_title, a->section_title_en));
	}
	attr(x, "role", a->role);
	if (a->self_assessment)
		attr(x, "self_assessment", "1");
	if (a->rating >= 0) {
		attr_int(x, a->competence_id ? "level" : "rating", a->rating);
		attr(x, a->competence_id ? "level_label" : "rating_label",
		    label(x, a->rating_label, a->rating_label_en));
	}
	if (a->shared)
		attr(x, "shared", "1");
	attr(x, "at", a->at);
	text_el(x, "body", a->body, false);
	text_el(x, "explanation", a->explanation, false);
	end(x);
	return status(x);
}

static int
on_remark(void *ud, const struct remark *r)
{
	struct export_writer *x = ud;

	start(x, "remark");
	attr_int(x, "id", r->id);
	attr_int(x, "author_id", r->author_id);
	attr(x, "author", r->author_name);
	attr(x, "role", r->role);
	attr(x, "at", r->at);
	text_el(x, "text", r->text, true);
	end(x);
	return status(x);
}

static int
on_signature(void *ud, const struct signature *s)
{
	struct export_writer *x = ud;

	start(x, "signature");
	attr_int(x, "employee_id", s->employee_id);
	attr(x, "name", s->name);
	attr(x, "role", s->role);
	attr(x, "verdict", s->verdict);
	attr(x, "signed_at", s->at);
	attr(x, "snapshot_sha256", s->sha256);
	if (s->voided)
		attr(x, "voided", "1");
	attr_opt(x, "deputy_of_id", s->deputy_of);
	attr(x, "deputy_of", s->deputy_of_name);
	text_el(x, "remark", s->remark, false);
	end(x);
	return status(x);
}

/* A second assessor's approval, return or rating change (issue 17):
 * who, when, what it changed from and to, and the reason the employee
 * sees. */
static int
on_review_event(void *ud, const struct export_review_event *e)
{
	struct export_writer *x = ud;

	start(x, "review_event");
	attr_int(x, "id", e->id);
	attr(x, "action", e->action);
	attr_int(x, "author_id", e->author_id);
	attr(x, "author", e->author);
	attr(x, "at", e->at);
	attr(x, "target", e->target);
	attr_opt(x, "target_id", e->target_id);
	attr(x, "target_title", e->target_title);
	attr(x, "section", e->section);
	if (e->old_rating >= 0)
		attr_int(x, "old_rating", e->old_rating);
	if (e->new_rating >= 0)
		attr_int(x, "new_rating", e->new_rating);
	attr_opt(x, "decided_by_id", e->decided_by_id);
	attr(x, "decided_by", e->decided_by);
	attr_opt(x, "deputy_of_id", e->deputy_of_id);
	attr(x, "deputy_of", e->deputy_of);
	text_el(x, "reason", e->reason, false);
	end(x);
	return status(x);
}

static int
on_end(void *ud)
{
	struct export_writer *x = ud;

	end(x);
	return status(x);
}

static int
on_item(void *ud, const struct item *it)
{
	struct export_writer *x = ud;

	start(x, "item");
	attr_int(x, "id", it->id);
	attr(x, "kind", it->kind);
	attr(x, "status", it->status);
	attr(x, "deadline", it->deadline);
	attr_opt(x, "weight", it->weight);
	attr(x, "achieved_on", it->achieved_on);
	attr_opt(x, "responsible_id", it->responsible_id);
	attr(x, "responsible", it->responsible_name);
	attr_opt(x, "org_goal_id", it->org_goal_id);
	attr(x, "org_goal", it->org_goal_title);
	if (it->area_id) {		/* issue 16: the key result area it serves */
		attr_int(x, "area_id", it->area_id);
		attr(x, "area", label(x, it->area_nl, it->area_en));
	}
	if (it->competence_id) {	/* a development point's competence */
		attr_int(x, "competence_id", it->competence_id);
		attr(x, "competence", label(x, it->competence_nl, it->competence_en));
	}
	if (it->author_id) {
		attr_int(x, "author_id", it->author_id);
		attr(x, "author", it->author_name);
		attr(x, "author_side", side_of(x, it->author_id));
	}
	attr_opt(x, "created_in", it->conversation_id);
	text_el(x, "title", it->title, true);
	text_el(x, "measure", it->measure, false);
	return status(x);
}

static int
on_update(void *ud, const struct item_update *u)
{
	struct export_writer *x = ud;

	start(x, "update");
	attr_int(x, "id", u->id);
	attr_int(x, "conversation_id", u->conversation_id);
	attr_int(x, "author_id", u->author_id);
	attr(x, "author", u->author_name);
	attr(x, "author_side", side_of(x, u->author_id));
	attr(x, "status", u->status);
	if (u->rating >= 0)	/* -1: none; 0 is a level of a scale from 0 */
		attr_int(x, "rating", u->rating);
	attr(x, "at", u->at);
	text_el(x, "note", u->note, false);
	end(x);
	return status(x);
}

static int
on_dossier_end(void *ud)
{
	struct export_writer *x = ud;

	end(x);
	if (x->format == EXPORT_XML)
		check(x, xmlTextWriterWriteString(x->w, BAD_CAST "\n"));
	else if (++x->part_dossiers >= CSV_PART_DOSSIERS)
		part_flush(x);
	return status(x);
}

/* XML: what the round made leaves now; CSV: the round's last rows. */
static int
on_chunk_end(void *ud)
{
	struct export_writer *x = ud;

	if (x->format == EXPORT_XML)
		check(x, xmlTextWriterFlush(x->w));
	else
		part_flush(x);
	return status(x);
}

const struct export_sink export_writer_sink = {
	.cycle = on_cycle,
	.step = on_step,
	.org_goal = on_org_goal,
	.collective = on_collective,
	.cycle_end = on_cycle_end,
	.department = on_department,
	.dossier = on_dossier,
	.conversation = on_conversation,
	.answer = on_answer,
	.remark = on_remark,
	.signature = on_signature,
	.conversation_end = on_end,
	.item = on_item,
	.update = on_update,
	.item_end = on_end,
	.dossier_end = on_dossier_end,
	.chunk_end = on_chunk_end,
	.review_event = on_review_event,
};

/* ---- life cycle ---- */

static bool
xml_open(struct export_writer *x)
{
	xmlOutputBufferPtr out = xmlOutputBufferCreateIO(out_write, NULL, x, NULL);

	if (out == NULL)
		return false;
	if ((x->w = xmlNewTextWriter(out)) == NULL) {
		xmlOutputBufferClose(out);
		return false;
	}
	write_root(x, "report");
	return !x->failed;
}

struct export_writer *
export_writer_new(enum export_format format, const struct export_meta *meta,
    const struct styles *styles, export_write_fn fn, void *ud)
{
	struct export_writer *x = calloc(1, sizeof(*x));
	bool ok;

	if (x == NULL)
		return NULL;
	x->format = format;
	x->kind = meta->kind;
	x->lang = meta->lang ? meta->lang : DEFAULT_LANG;
	x->english = strcmp(x->lang, ENGLISH) == 0;
	x->filter = meta->filter;
	x->styles = styles;
	x->fn = fn;
	x->ud = ud;
	buf_init(&x->part);
	/* CSV: an empty <report> gives the byte order mark and the header. */
	if (format == EXPORT_CSV)
		ok = styles != NULL && part_open(x, "report") && part_flush(x);
	else
		ok = xml_open(x);
	if (!ok) {
		export_writer_free(x);
		return NULL;
	}
	return x;
}

void
export_writer_start(struct export_writer *x, const char *name)
{
	if (x->format == EXPORT_XML)
		start(x, name);
}

void
export_writer_attr(struct export_writer *x, const char *name, const char *value)
{
	if (x->format == EXPORT_XML)
		attr(x, name, value);
}

void
export_writer_attr_int(struct export_writer *x, const char *name, int64_t value)
{
	if (x->format == EXPORT_XML)
		attr_int(x, name, value);
}

void
export_writer_element(struct export_writer *x, const char *name, const char *text)
{
	if (x->format == EXPORT_XML)
		text_el(x, name, text, false);
}

void
export_writer_text(struct export_writer *x, const char *text)
{
	char *copy;

	if (x->format != EXPORT_XML || text == NULL || text[0] == '\0')
		return;
	text = xml_safe(text, &copy);
	check(x, xmlTextWriterWriteString(x->w, BAD_CAST text));
	free(copy);
}

void
export_writer_end(struct export_writer *x)
{
	if (x->format == EXPORT_XML)
		end(x);
}

bool
export_writer_finish(struct export_writer *x)
{
	if (x->format == EXPORT_CSV)
		return part_flush(x) && !x->failed && !x->gone;
	check(x, xmlTextWriterEndDocument(x->w));
	check(x, xmlTextWriterFlush(x->w));
	return !x->failed && !x->gone;
}

bool
export_writer_gone(const struct export_writer *x)
{
	return x->gone;
}

void
export_writer_free(struct export_writer *x)
{
	if (x == NULL)
		return;
	if (x->w)
		xmlFreeTextWriter(x->w);
	buf_free(&x->part);
	free(x);
}
