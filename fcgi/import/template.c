/* template.c -- reading a form template file (template_xml.h).
 *
 * The file is untrusted, as an organisation file is: a size limit here,
 * then the shared reader (import/xml_safe.c) with this file's limits: a
 * linear scan that bounds elements and attributes before libxml2 sees it
 * (its duplicate-attribute check is quadratic), a parse without network,
 * without entity substitution and without any DTD (a DOCTYPE is refused
 * outright: it is the door to entity tricks), validation against
 * template.xsd; then the checks XSD 1.0 cannot express (tpl_check).  Every refusal names a line and a reason; nothing
 * is handed on unless the whole file passed. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "import/template_xml.h"
#include "import/xml_safe.h"
#include "base/util.h"

/* Attributes of one element: a section has seven, the root a key and a
 * namespace declaration or two. */
#define TPL_XML_ATTRS_MAX 12
/* Elements of one file: template.xsd's maxima (names, scales of levels
 * with texts, forms of sections with texts) come to about 1,100. */
#define TPL_XML_ELEMENTS_MAX 2000

static struct xsd_cache schema = XSD_CACHE_INIT;

static void
fail(struct tpl_error *err, size_t line, const char *reason)
{
	size_t n;

	err->line = line;
	snprintf(err->reason, sizeof(err->reason), "%s", reason ? reason : "invalid");
	n = strlen(err->reason);
	while (n > 0 && (err->reason[n - 1] == '\n' || err->reason[n - 1] == ' '))
		err->reason[--n] = '\0';
}

/* ---- parse and validate (import/xml_safe.c) ---- */

/* The reader's first refusal is the one the report names (err->reason
 * stays empty until then: tpl_read clears it). */
static void
on_refusal(void *ud, enum xml_safe_fault fault, size_t line, const char *msg)
{
	static const char *const words[] = {
		[XML_SAFE_DOCTYPE] = "a DOCTYPE is not allowed (no DTD, no entities)",
		[XML_SAFE_ENCODING] = "not well-formed XML",
		[XML_SAFE_SYNTAX] = "not well-formed XML",
		[XML_SAFE_SCHEMA] = "not valid against template.xsd",
		[XML_SAFE_NO_SCHEMA] = "template.xsd does not load",
		[XML_SAFE_OOM] = "out of memory",
	};
	struct tpl_error *err = ud;
	char reason[TPL_REASON_MAX];

	if (err->reason[0] != '\0')
		return;
	if (fault == XML_SAFE_ATTRS)
		snprintf(reason, sizeof(reason), "more than %d attributes in one element",
		    TPL_XML_ATTRS_MAX);
	else if (fault == XML_SAFE_ELEMENTS)
		snprintf(reason, sizeof(reason), "more than %d elements", TPL_XML_ELEMENTS_MAX);
	else
		snprintf(reason, sizeof(reason), "%s", msg ? msg : words[fault]);
	fail(err, line, reason);
}

/* ---- the document into a struct tpl (valid, so the shape holds) ---- */

static bool
is_el(xmlNodePtr n, const char *name)
{
	return xml_safe_is(n, TPL_XML_NS, name);
}

/* Copies an attribute into a fixed buffer ("" when absent). */
static void
attr_copy(xmlNodePtr n, const char *name, char *out, size_t size)
{
	xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);

	strlcopy(out, v ? (const char *)v : "", size);
	xmlFree(v);
}

static int
attr_int(xmlNodePtr n, const char *name, int absent)
{
	char v[16];

	attr_copy(n, name, v, sizeof(v));
	return v[0] ? atoi(v) : absent;	/* the schema allowed digits only */
}

static bool
attr_true(xmlNodePtr n, const char *name)
{
	char v[8];

	attr_copy(n, name, v, sizeof(v));
	return strcmp(v, "true") == 0 || strcmp(v, "1") == 0;
}

/* A text element of one language: Dutch must come, each language once. */
static bool
add_text(struct tpl_text *x, xmlNodePtr n, struct tpl_error *err)
{
	char lang[4];
	xmlChar *v;
	int l;
	bool ok;

	attr_copy(n, "lang", lang, sizeof(lang));
	l = tpl_name_index(tpl_lang_names, TPL_LANGS, lang);
	if (l < 0 || x->v[l] != NULL) {
		fail(err, (size_t)xmlGetLineNo(n), "a text is given twice in one language");
		return false;
	}
	if ((v = xmlNodeGetContent(n)) == NULL) {
		fail(err, 0, "out of memory");
		return false;
	}
	ok = tpl_text_set(&x->v[l], (const char *)v, strlen((const char *)v));
	xmlFree(v);
	if (!ok)
		fail(err, 0, "out of memory");
	return ok;
}

static bool
dutch_given(const struct tpl_text *x, xmlNodePtr n, const char *what, struct tpl_error *err)
{
	char reason[TPL_REASON_MAX];

	if (x->v[TPL_NL] != NULL)
		return true;
	snprintf(reason, sizeof(reason), "%s has no Dutch text (lang=\"nl\")", what);
	fail(err, (size_t)xmlGetLineNo(n), reason);
	return false;
}

static bool
read_scale(struct tpl_scale *sc, xmlNodePtr n, struct tpl_error *err)
{
	xmlNodePtr c, t;

	attr_copy(n, "key", sc->key, sizeof(sc->key));
	sc->line = (size_t)xmlGetLineNo(n);
	for (c = n->children; c; c = c->next) {
		struct tpl_level *l;

		if (!is_el(c, "level"))
			continue;
		l = &sc->level[sc->nlevels++];	/* the schema allows at most 10 */
		l->value = attr_int(c, "value", 0);
		l->line = (size_t)xmlGetLineNo(c);
		for (t = c->children; t; t = t->next) {
			if (is_el(t, "label") && !add_text(&l->label, t, err))
				return false;
			if (is_el(t, "description") && !add_text(&l->description, t, err))
				return false;
		}
		if (!dutch_given(&l->label, c, "a level's label", err))
			return false;
	}
	return true;
}

static bool
read_section(struct tpl_section *x, xmlNodePtr n, struct tpl_error *err)
{
	char v[TPL_KEY_MAX + 1];
	xmlNodePtr t;

	attr_copy(n, "key", x->key, sizeof(x->key));
	attr_copy(n, "kind", v, sizeof(v));
	x->kind = (enum tpl_kind)tpl_name_index(tpl_kind_names, TPL_KINDS, v);
	attr_copy(n, "answered-by", v, sizeof(v));
	x->answered_by = v[0] ? (enum tpl_who)tpl_name_index(tpl_who_names, TPL_WHOS, v)
	    : TPL_BY_BOTH;
	x->required = attr_true(n, "required");
	x->self_assessment = attr_true(n, "self-assessment");
	attr_copy(n, "scale", x->scale, sizeof(x->scale));
	x->explain_below = attr_int(n, "explain-below", -1);
	x->line = (size_t)xmlGetLineNo(n);
	for (t = n->children; t; t = t->next) {
		if (is_el(t, "title") && !add_text(&x->title, t, err))
			return false;
		if (is_el(t, "guidance") && !add_text(&x->guidance, t, err))
			return false;
	}
	return dutch_given(&x->title, n, "a section's title", err);
}

static bool
read_form(struct tpl_form *f, xmlNodePtr n, struct tpl_error *err)
{
	char type[TPL_KEY_MAX + 1];
	xmlNodePtr c;

	attr_copy(n, "type", type, sizeof(type));
	f->type = (enum tpl_conv)tpl_name_index(tpl_conv_names, TPL_CONVS, type);
	f->line = (size_t)xmlGetLineNo(n);
	for (c = n->children; c; c = c->next)
		if (is_el(c, "section") && !read_section(&f->section[f->nsections++], c, err))
			return false;
	return true;
}

static void
read_rules(struct tpl *t, xmlNodePtr n)
{
	char v[16];

	attr_copy(n, "org-goal", v, sizeof(v));
	t->goal_required[TPL_RULE_ORG_GOAL] = strcmp(v, "optional") != 0;
	attr_copy(n, "measure", v, sizeof(v));
	t->goal_required[TPL_RULE_MEASURE] = strcmp(v, "optional") != 0;
	attr_copy(n, "end-date", v, sizeof(v));
	t->goal_required[TPL_RULE_END_DATE] = strcmp(v, "optional") != 0;
}

static void
read_outcome(struct tpl *t, xmlNodePtr n)
{
	char part[TPL_KEY_MAX + 1];
	xmlNodePtr c;
	int p;

	attr_copy(n, "final-scale", t->final_scale, sizeof(t->final_scale));
	t->outcome_line = (size_t)xmlGetLineNo(n);
	/* xs:boolean: "true" or "1" (issue 17's second assessor). */
	attr_copy(n, "second-assessor", part, sizeof(part));
	t->second_assessor = strcmp(part, "true") == 0 || strcmp(part, "1") == 0;
	for (c = n->children; c; c = c->next) {
		if (!is_el(c, "weight"))
			continue;
		attr_copy(c, "part", part, sizeof(part));
		if ((p = tpl_name_index(tpl_part_names, TPL_PARTS, part)) >= 0)
			t->weight[p] = attr_int(c, "percent", 0);
	}
}

/* The feedback round (issue 17): settings as attributes, one <question>
 * each (the schema allows at most TPL_FB_QUESTIONS_MAX). */
static bool
read_feedback(struct tpl_feedback *fb, xmlNodePtr n, struct tpl_error *err)
{
	char v[TPL_KEY_MAX + 1];
	xmlNodePtr c, x;

	fb->enabled = true;
	fb->line = (size_t)xmlGetLineNo(n);
	attr_copy(n, "conversation", v, sizeof(v));
	fb->conversation = v[0] ? (enum tpl_conv)tpl_name_index(tpl_conv_names, TPL_CONVS, v)
	    : TPL_ASSESSMENT;
	attr_copy(n, "invited-by", v, sizeof(v));
	fb->invited_by = v[0] ? (enum tpl_who)tpl_name_index(tpl_who_names, TPL_WHOS, v)
	    : TPL_BY_BOTH;
	attr_copy(n, "anonymity", v, sizeof(v));
	fb->anonymous = strcmp(v, "named") != 0;
	fb->threshold = attr_int(n, "threshold", TPL_FB_THRESHOLD_DEFAULT);
	attr_copy(n, "employee-sees", v, sizeof(v));
	fb->employee_sees = v[0] ? (enum tpl_fb_sees)tpl_name_index(tpl_fb_sees_names,
	    TPL_FB_SEES, v) : TPL_FB_AFTER;
	for (c = n->children; c; c = c->next) {
		struct tpl_fb_question *q;

		if (!is_el(c, "question"))
			continue;
		if (fb->nquestions == TPL_FB_QUESTIONS_MAX) {
			fail(err, (size_t)xmlGetLineNo(c), "more than 20 feedback questions");
			return false;
		}
		q = &fb->question[fb->nquestions++];
		attr_copy(c, "key", q->key, sizeof(q->key));
		attr_copy(c, "kind", v, sizeof(v));
		q->kind = (enum tpl_fb_kind)tpl_name_index(tpl_fb_kind_names, TPL_FB_KINDS, v);
		attr_copy(c, "scale", q->scale, sizeof(q->scale));
		q->line = (size_t)xmlGetLineNo(c);
		for (x = c->children; x; x = x->next)
			if (is_el(x, "title") && !add_text(&q->title, x, err))
				return false;
		if (!dutch_given(&q->title, c, "a feedback question's title", err))
			return false;
	}
	return true;
}

static bool
read_child(struct tpl *t, xmlNodePtr c, struct tpl_error *err)
{
	if (is_el(c, "name"))
		return add_text(&t->name, c, err);
	if (is_el(c, "description"))
		return add_text(&t->description, c, err);
	if (is_el(c, "scale"))
		return read_scale(&t->scale[t->nscales++], c, err);
	if (is_el(c, "goal-rules"))
		read_rules(t, c);
	else if (is_el(c, "outcome"))
		read_outcome(t, c);
	else if (is_el(c, "form"))
		return read_form(&t->form[t->nforms++], c, err);
	else if (is_el(c, "feedback"))
		return read_feedback(&t->feedback, c, err);
	return true;
}

static bool
read_doc(struct tpl *t, xmlDocPtr doc, struct tpl_error *err)
{
	xmlNodePtr root = xmlDocGetRootElement(doc), c;

	attr_copy(root, "key", t->key, sizeof(t->key));
	for (c = root->children; c; c = c->next)
		if (!read_child(t, c, err))
			return false;
	return dutch_given(&t->name, root, "the template's name", err);
}

struct tpl *
tpl_read(const char *data, size_t len, const char *xsd, struct tpl_error *err)
{
	const struct xml_safe reader = {
		{ TPL_XML_ATTRS_MAX, TPL_XML_ELEMENTS_MAX }, &schema, xsd, "template",
		on_refusal, err,
	};
	char reason[TPL_REASON_MAX];
	struct tpl *t = NULL;
	xmlDocPtr doc;

	memset(err, 0, sizeof(*err));
	if (len == 0) {
		fail(err, 0, "the file is empty");
		return NULL;
	}
	if (len > TPL_FILE_MAX) {
		snprintf(reason, sizeof(reason), "the file is larger than %d bytes", TPL_FILE_MAX);
		fail(err, 0, reason);
		return NULL;
	}
	if ((doc = xml_safe_read(&reader, data, len)) == NULL)
		return NULL;
	if ((t = tpl_new()) == NULL) {
		fail(err, 0, "out of memory");
		goto out;
	}
	if (!read_doc(t, doc, err) || !tpl_check(t, err)) {
		tpl_free(t);
		t = NULL;
	}
out:
	xmlFreeDoc(doc);
	return t;
}
