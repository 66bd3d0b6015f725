/* template_write.c -- a template written as XML (template_xml.h): every
 * attribute written explicitly and in a fixed order, texts Dutch first,
 * so the same template always gives the same bytes. */
#include "config.h"

#include <stdio.h>

#include <libxml/xmlwriter.h>

#include "import/template_xml.h"
#include "base/util.h"

#define W(x) ((const xmlChar *)(x))

static bool
text(xmlTextWriterPtr w, const char *name, const struct tpl_text *x)
{
	size_t l;

	for (l = 0; l < TPL_LANGS; l++) {
		if (x->v[l] == NULL)
			continue;
		if (xmlTextWriterStartElement(w, W(name)) < 0 ||
		    xmlTextWriterWriteAttribute(w, W("lang"), W(tpl_lang_names[l])) < 0 ||
		    xmlTextWriterWriteString(w, W(x->v[l])) < 0 ||
		    xmlTextWriterEndElement(w) < 0)
			return false;
	}
	return true;
}

static bool
attr_int(xmlTextWriterPtr w, const char *name, int v)
{
	return xmlTextWriterWriteFormatAttribute(w, W(name), "%d", v) >= 0;
}

static bool
scale(xmlTextWriterPtr w, const struct tpl_scale *sc)
{
	size_t i;

	if (xmlTextWriterStartElement(w, W("scale")) < 0 ||
	    xmlTextWriterWriteAttribute(w, W("key"), W(sc->key)) < 0)
		return false;
	for (i = 0; i < sc->nlevels; i++) {
		const struct tpl_level *l = &sc->level[i];

		if (xmlTextWriterStartElement(w, W("level")) < 0 || !attr_int(w, "value", l->value) ||
		    !text(w, "label", &l->label) || !text(w, "description", &l->description) ||
		    xmlTextWriterEndElement(w) < 0)
			return false;
	}
	return xmlTextWriterEndElement(w) >= 0;
}

static const char *
rule(bool required)
{
	return required ? "required" : "optional";
}

static bool
rules_and_outcome(xmlTextWriterPtr w, const struct tpl *t)
{
	size_t p;

	if (xmlTextWriterStartElement(w, W("goal-rules")) < 0 ||
	    xmlTextWriterWriteAttribute(w, W("org-goal"), W(rule(t->goal_required[TPL_RULE_ORG_GOAL]))) < 0 ||
	    xmlTextWriterWriteAttribute(w, W("measure"), W(rule(t->goal_required[TPL_RULE_MEASURE]))) < 0 ||
	    xmlTextWriterWriteAttribute(w, W("end-date"), W(rule(t->goal_required[TPL_RULE_END_DATE]))) < 0 ||
	    xmlTextWriterEndElement(w) < 0 || xmlTextWriterStartElement(w, W("outcome")) < 0)
		return false;
	if (t->final_scale[0] &&
	    xmlTextWriterWriteAttribute(w, W("final-scale"), W(t->final_scale)) < 0)
		return false;
	if (t->second_assessor &&
	    xmlTextWriterWriteAttribute(w, W("second-assessor"), W("true")) < 0)
		return false;
	/* Parts that do not count (0 %) are left out. */
	for (p = 0; p < TPL_PARTS; p++) {
		if (t->weight[p] == 0)
			continue;
		if (xmlTextWriterStartElement(w, W("weight")) < 0 ||
		    xmlTextWriterWriteAttribute(w, W("part"), W(tpl_part_names[p])) < 0 ||
		    !attr_int(w, "percent", t->weight[p]) || xmlTextWriterEndElement(w) < 0)
			return false;
	}
	return xmlTextWriterEndElement(w) >= 0;
}

static bool
section(xmlTextWriterPtr w, const struct tpl_section *x)
{
	if (xmlTextWriterStartElement(w, W("section")) < 0 ||
	    xmlTextWriterWriteAttribute(w, W("key"), W(x->key)) < 0 ||
	    xmlTextWriterWriteAttribute(w, W("kind"), W(tpl_kind_names[x->kind])) < 0 ||
	    xmlTextWriterWriteAttribute(w, W("answered-by"), W(tpl_who_names[x->answered_by])) < 0 ||
	    xmlTextWriterWriteAttribute(w, W("required"), W(x->required ? "true" : "false")) < 0 ||
	    xmlTextWriterWriteAttribute(w, W("self-assessment"),
	        W(x->self_assessment ? "true" : "false")) < 0)
		return false;
	if (x->scale[0] && xmlTextWriterWriteAttribute(w, W("scale"), W(x->scale)) < 0)
		return false;
	if (x->explain_below >= 0 && !attr_int(w, "explain-below", x->explain_below))
		return false;
	return text(w, "title", &x->title) && text(w, "guidance", &x->guidance) &&
	    xmlTextWriterEndElement(w) >= 0;
}

static bool
form(xmlTextWriterPtr w, const struct tpl_form *f)
{
	size_t i;

	if (xmlTextWriterStartElement(w, W("form")) < 0 ||
	    xmlTextWriterWriteAttribute(w, W("type"), W(tpl_conv_names[f->type])) < 0)
		return false;
	for (i = 0; i < f->nsections; i++)
		if (!section(w, &f->section[i]))
			return false;
	return xmlTextWriterEndElement(w) >= 0;
}

/* The feedback round (issue 17), after the forms; none: nothing. */
static bool
feedback(xmlTextWriterPtr w, const struct tpl_feedback *fb)
{
	size_t i;

	if (!fb->enabled)
		return true;
	if (xmlTextWriterStartElement(w, W("feedback")) < 0 ||
	    xmlTextWriterWriteAttribute(w, W("conversation"), W(tpl_conv_names[fb->conversation])) < 0 ||
	    xmlTextWriterWriteAttribute(w, W("invited-by"), W(tpl_who_names[fb->invited_by])) < 0 ||
	    xmlTextWriterWriteAttribute(w, W("anonymity"),
	        W(fb->anonymous ? "anonymous" : "named")) < 0 ||
	    !attr_int(w, "threshold", fb->threshold) ||
	    xmlTextWriterWriteAttribute(w, W("employee-sees"),
	        W(tpl_fb_sees_names[fb->employee_sees])) < 0)
		return false;
	for (i = 0; i < fb->nquestions; i++) {
		const struct tpl_fb_question *q = &fb->question[i];

		if (xmlTextWriterStartElement(w, W("question")) < 0 ||
		    xmlTextWriterWriteAttribute(w, W("key"), W(q->key)) < 0 ||
		    xmlTextWriterWriteAttribute(w, W("kind"), W(tpl_fb_kind_names[q->kind])) < 0)
			return false;
		if (q->scale[0] && xmlTextWriterWriteAttribute(w, W("scale"), W(q->scale)) < 0)
			return false;
		if (!text(w, "title", &q->title) || xmlTextWriterEndElement(w) < 0)
			return false;
	}
	return xmlTextWriterEndElement(w) >= 0;
}

static bool
document(xmlTextWriterPtr w, const struct tpl *t)
{
	size_t i;

	if (xmlTextWriterSetIndent(w, 1) < 0 || xmlTextWriterSetIndentString(w, W("  ")) < 0 ||
	    xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0 ||
	    xmlTextWriterStartElementNS(w, NULL, W("template"), W(TPL_XML_NS)) < 0 ||
	    xmlTextWriterWriteAttribute(w, W("key"), W(t->key)) < 0 ||
	    !text(w, "name", &t->name) || !text(w, "description", &t->description))
		return false;
	for (i = 0; i < t->nscales; i++)
		if (!scale(w, &t->scale[i]))
			return false;
	if (!rules_and_outcome(w, t))
		return false;
	for (i = 0; i < t->nforms; i++)
		if (!form(w, &t->form[i]))
			return false;
	if (!feedback(w, &t->feedback))
		return false;
	return xmlTextWriterEndDocument(w) >= 0;
}

bool
tpl_write(const struct tpl *t, struct buf *out)
{
	xmlBufferPtr b = xmlBufferCreate();
	xmlTextWriterPtr w = b ? xmlNewTextWriterMemory(b, 0) : NULL;
	bool ok;

	if (w == NULL) {
		if (b)
			xmlBufferFree(b);
		return false;
	}
	ok = document(w, t);
	xmlFreeTextWriter(w);	/* flushes into b */
	ok = ok && buf_append(out, xmlBufferContent(b), (size_t)xmlBufferLength(b));
	xmlBufferFree(b);
	return ok;
}
