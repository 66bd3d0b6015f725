/* competences.c -- the competence dictionary as XML (see competences.h).
 *
 * The file is untrusted.  Its size is checked here; the shared reader
 * (import/xml_safe.c) does the rest of the hardening with this file's
 * limits: a linear scan that bounds the elements and the attributes of
 * each (libxml2 compares every attribute of a tag with those before it),
 * a parse without network, entity substitution or DTD (a DOCTYPE refuses
 * the file: it is the door to entity tricks), and competences.xsd, which
 * fixes shape and lengths.  The rules a schema says
 * badly are checked here with a plain reason: keys given twice, a level
 * twice, a profile naming a competence the file does not define. */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "import/competences.h"
#include "import/xml_safe.h"

/* Attributes of one element: key or n, and a namespace declaration. */
#define COMPXML_ATTRS_MAX 8
/* Elements of a full set: per competence 5 and 3 per level, per profile
 * 3, one per competence and 3 per key result area, and the root. */
#define COMPXML_ELEMENTS_MAX \
	(CSET_COMPETENCES_MAX * (5 + 3 * COMPETENCE_LEVELS_MAX) + \
	 CSET_PROFILES_MAX * (3 + PROFILE_COMPETENCES_MAX + 3 * PROFILE_AREAS_MAX) + 1)

static struct xsd_cache schema = XSD_CACHE_INIT;

static void problem(struct compxml_report *rep, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
problem(struct compxml_report *rep, size_t line, const char *fmt, ...)
{
	va_list ap;

	rep->total++;
	if (rep->n == COMPXML_PROBLEMS_MAX)
		return;
	rep->p[rep->n].line = line;
	va_start(ap, fmt);
	vsnprintf(rep->p[rep->n].reason, sizeof(rep->p[0].reason), fmt, ap);
	va_end(ap);
	rep->n++;
}

/* ---- parse and validate (import/xml_safe.c) ---- */

/* A refusal of the reader as a problem of the report. */
static void
on_refusal(void *ud, enum xml_safe_fault fault, size_t line, const char *msg)
{
	struct compxml_report *rep = ud;

	switch (fault) {
	case XML_SAFE_ATTRS:
		problem(rep, line, "more than %d attributes in one element", COMPXML_ATTRS_MAX);
		break;
	case XML_SAFE_ELEMENTS:
		problem(rep, line, "more than %d elements: too many competences or profiles",
		    COMPXML_ELEMENTS_MAX);
		break;
	case XML_SAFE_DOCTYPE:
		problem(rep, line, "a DOCTYPE is not allowed (no DTDs, no entities)");
		break;
	case XML_SAFE_ENCODING:
	case XML_SAFE_SYNTAX:
		problem(rep, line, "not well-formed XML%s%s", msg ? ": " : "", msg ? msg : "");
		break;
	case XML_SAFE_SCHEMA:
		problem(rep, line, "not valid against competences.xsd%s%s", msg ? ": " : "",
		    msg ? msg : "");
		break;
	case XML_SAFE_NO_SCHEMA:
		problem(rep, 0, "competences.xsd does not load");
		break;
	case XML_SAFE_OOM:
		rep->oom = true;
		break;
	}
}

/* ---- reading the validated tree ---- */

static bool
is(xmlNodePtr n, const char *name)
{
	return xml_safe_is(n, COMPXML_NS, name);
}

/* The text of element n, owned by the set. */
static char *
text_of(struct competence_set *s, xmlNodePtr n)
{
	xmlChar *t = xmlNodeGetContent(n);
	char *out;

	if (t == NULL) {
		s->oom = true;
		return NULL;
	}
	out = competence_set_str(s, (const char *)t, strlen((const char *)t));
	xmlFree(t);
	return out;
}

static char *
attr_of(struct competence_set *s, xmlNodePtr n, const char *name)
{
	xmlChar *t = xmlGetNoNsProp(n, BAD_CAST name);
	char *out;

	if (t == NULL)
		return competence_set_str(s, "", 0);
	out = competence_set_str(s, (const char *)t, strlen((const char *)t));
	xmlFree(t);
	return out;
}

static void
read_level(struct competence_set *s, struct cset_competence *c, xmlNodePtr lv,
    struct compxml_report *rep)
{
	xmlChar *nv = xmlGetNoNsProp(lv, BAD_CAST "n");
	int n = nv ? atoi((const char *)nv) : 0;	/* the schema bounds it: 1..10 */
	xmlNodePtr k;

	xmlFree(nv);
	if (n < 1 || n > COMPETENCE_LEVELS_MAX)
		return;
	if (c->indicator_nl[n - 1]) {
		problem(rep, (size_t)xmlGetLineNo(lv), "competence \"%s\": level %d is given twice",
		    c->key, n);
		return;
	}
	for (k = lv->children; k; k = k->next) {
		if (is(k, "indicator"))
			c->indicator_nl[n - 1] = text_of(s, k);
		else if (is(k, "indicator-en"))
			c->indicator_en[n - 1] = text_of(s, k);
	}
}

static void
read_competence(struct competence_set *s, xmlNodePtr e, struct compxml_report *rep)
{
	struct cset_competence *c = competence_set_add(s);
	xmlNodePtr k;

	if (c == NULL)
		return;
	c->line = (size_t)xmlGetLineNo(e);
	c->key = attr_of(s, e, "key");
	for (k = e->children; k && !s->oom; k = k->next) {
		if (is(k, "name"))
			c->name_nl = text_of(s, k);
		else if (is(k, "name-en"))
			c->name_en = text_of(s, k);
		else if (is(k, "definition"))
			c->definition_nl = text_of(s, k);
		else if (is(k, "definition-en"))
			c->definition_en = text_of(s, k);
		else if (is(k, "level"))
			read_level(s, c, k, rep);
	}
}

/* A key result area of a profile (issue 16). */
static void
read_area(struct competence_set *s, struct cset_area *a, xmlNodePtr e)
{
	xmlNodePtr k;

	a->line = (size_t)xmlGetLineNo(e);
	a->key = attr_of(s, e, "key");
	for (k = e->children; k && !s->oom; k = k->next) {
		if (is(k, "name"))
			a->name_nl = text_of(s, k);
		else if (is(k, "name-en"))
			a->name_en = text_of(s, k);
	}
}

static void
read_profile(struct competence_set *s, xmlNodePtr e)
{
	struct cset_profile *p = profile_set_add(s);
	xmlNodePtr k;

	if (p == NULL)
		return;
	p->line = (size_t)xmlGetLineNo(e);
	p->key = attr_of(s, e, "key");
	for (k = e->children; k && !s->oom; k = k->next) {
		if (is(k, "name"))
			p->name_nl = text_of(s, k);
		else if (is(k, "name-en"))
			p->name_en = text_of(s, k);
		else if (is(k, "competence-ref") && p->nrefs < PROFILE_COMPETENCES_MAX)
			p->refs[p->nrefs++] = attr_of(s, k, "key");
		else if (is(k, "area") && p->nareas < PROFILE_AREAS_MAX)
			read_area(s, &p->areas[p->nareas++], k);
	}
}

/* ---- the rules after the schema ---- */

static const struct cset_competence *
competence_of(const struct competence_set *s, const char *key, size_t before)
{
	for (size_t i = 0; i < before; i++)
		if (strcmp(s->c[i].key, key) == 0)
			return &s->c[i];
	return NULL;
}

static void
check_profile(const struct competence_set *s, size_t i, struct compxml_report *rep)
{
	const struct cset_profile *p = &s->p[i];

	for (size_t j = 0; j < i; j++)
		if (strcmp(s->p[j].key, p->key) == 0) {
			problem(rep, p->line, "profile key \"%s\" is given twice (first on line %zu)",
			    p->key, s->p[j].line);
			break;
		}
	for (size_t r = 0; r < p->nrefs; r++) {
		if (!competence_of(s, p->refs[r], s->nc))
			problem(rep, p->line, "profile \"%s\" names competence \"%s\", which the file "
			    "does not define", p->key, p->refs[r]);
		for (size_t q = 0; q < r; q++)
			if (strcmp(p->refs[q], p->refs[r]) == 0) {
				problem(rep, p->line, "profile \"%s\" names competence \"%s\" twice",
				    p->key, p->refs[r]);
				break;
			}
	}
	for (size_t a = 0; a < p->nareas; a++)
		for (size_t b = 0; b < a; b++)
			if (strcmp(p->areas[a].key, p->areas[b].key) == 0) {
				problem(rep, p->areas[a].line, "profile \"%s\" gives key result area "
				    "\"%s\" twice (first on line %zu)", p->key, p->areas[a].key,
				    p->areas[b].line);
				break;
			}
}

static void
check(const struct competence_set *s, struct compxml_report *rep)
{
	for (size_t i = 0; i < s->nc; i++) {
		const struct cset_competence *first = competence_of(s, s->c[i].key, i);

		if (first)
			problem(rep, s->c[i].line, "competence key \"%s\" is given twice (first on "
			    "line %zu)", s->c[i].key, first->line);
	}
	for (size_t i = 0; i < s->np; i++)
		check_profile(s, i, rep);
}

bool
compxml_read(const char *data, size_t len, const char *xsd, struct competence_set *set,
    struct compxml_report *rep)
{
	const struct xml_safe reader = {
		{ COMPXML_ATTRS_MAX, COMPXML_ELEMENTS_MAX }, &schema, xsd, "competences",
		on_refusal, rep,
	};
	xmlDocPtr doc;
	xmlNodePtr n;

	memset(rep, 0, sizeof(*rep));
	if (len == 0) {
		problem(rep, 0, "the file is empty");
		return false;
	}
	if (len > COMPXML_FILE_MAX) {
		problem(rep, 0, "the file is larger than %d bytes", COMPXML_FILE_MAX);
		return false;
	}
	/* NULL: refused, with the reasons in rep (on_refusal). */
	if ((doc = xml_safe_read(&reader, data, len)) != NULL) {
		for (n = xmlDocGetRootElement(doc)->children; n && !set->oom; n = n->next) {
			if (is(n, "competence"))
				read_competence(set, n, rep);
			else if (is(n, "profile"))
				read_profile(set, n);
		}
		if (set->full)
			problem(rep, 0, "more than %d competences or profiles", CSET_COMPETENCES_MAX);
		if (!set->oom)
			check(set, rep);
	}
	xmlFreeDoc(doc);
	rep->oom = rep->oom || set->oom;
	return rep->total == 0 && !rep->oom;
}

/* ---- writing ---- */

static bool
add_text(xmlNodePtr parent, xmlNsPtr ns, const char *name, const char *text)
{
	if (text == NULL || text[0] == '\0')
		return true;
	return xmlNewTextChild(parent, ns, BAD_CAST name, BAD_CAST text) != NULL;
}

static bool
write_competence(xmlNodePtr root, xmlNsPtr ns, const struct cset_competence *c)
{
	xmlNodePtr e = xmlNewChild(root, ns, BAD_CAST "competence", NULL);
	bool ok = e && xmlNewProp(e, BAD_CAST "key", BAD_CAST c->key);

	ok = ok && xmlNewTextChild(e, ns, BAD_CAST "name", BAD_CAST c->name_nl);
	ok = ok && add_text(e, ns, "name-en", c->name_en);
	ok = ok && xmlNewTextChild(e, ns, BAD_CAST "definition",
	    BAD_CAST (c->definition_nl ? c->definition_nl : ""));
	ok = ok && add_text(e, ns, "definition-en", c->definition_en);
	for (int l = 0; ok && l < COMPETENCE_LEVELS_MAX; l++) {
		char n[4];
		xmlNodePtr lv;

		if (c->indicator_nl[l] == NULL || c->indicator_nl[l][0] == '\0')
			continue;
		snprintf(n, sizeof(n), "%d", l + 1);
		lv = xmlNewChild(e, ns, BAD_CAST "level", NULL);
		ok = lv && xmlNewProp(lv, BAD_CAST "n", BAD_CAST n);
		ok = ok && xmlNewTextChild(lv, ns, BAD_CAST "indicator", BAD_CAST c->indicator_nl[l]);
		ok = ok && add_text(lv, ns, "indicator-en", c->indicator_en[l]);
	}
	return ok;
}

static bool
write_profile(xmlNodePtr root, xmlNsPtr ns, const struct cset_profile *p)
{
	xmlNodePtr e = xmlNewChild(root, ns, BAD_CAST "profile", NULL);
	bool ok = e && xmlNewProp(e, BAD_CAST "key", BAD_CAST p->key);

	ok = ok && xmlNewTextChild(e, ns, BAD_CAST "name", BAD_CAST p->name_nl);
	ok = ok && add_text(e, ns, "name-en", p->name_en);
	for (size_t r = 0; ok && r < p->nrefs; r++) {
		xmlNodePtr ref = xmlNewChild(e, ns, BAD_CAST "competence-ref", NULL);

		ok = ref && xmlNewProp(ref, BAD_CAST "key", BAD_CAST p->refs[r]);
	}
	for (size_t a = 0; ok && a < p->nareas; a++) {
		xmlNodePtr area = xmlNewChild(e, ns, BAD_CAST "area", NULL);

		ok = area && xmlNewProp(area, BAD_CAST "key", BAD_CAST p->areas[a].key);
		ok = ok && xmlNewTextChild(area, ns, BAD_CAST "name", BAD_CAST p->areas[a].name_nl);
		ok = ok && add_text(area, ns, "name-en", p->areas[a].name_en);
	}
	return ok;
}

bool
compxml_write(const struct competence_set *set, char **out, size_t *len)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root = doc ? xmlNewNode(NULL, BAD_CAST "competences") : NULL;
	xmlNsPtr ns = root ? xmlNewNs(root, BAD_CAST COMPXML_NS, NULL) : NULL;
	xmlChar *mem = NULL;
	int size = 0;
	bool ok = ns != NULL;

	*out = NULL;
	*len = 0;
	if (ok) {
		xmlSetNs(root, ns);
		xmlDocSetRootElement(doc, root);
	} else if (root)
		xmlFreeNode(root);
	for (size_t i = 0; ok && i < set->nc; i++)
		ok = write_competence(root, ns, &set->c[i]);
	for (size_t i = 0; ok && i < set->np; i++)
		ok = write_profile(root, ns, &set->p[i]);
	if (ok)
		xmlDocDumpFormatMemoryEnc(doc, &mem, &size, "UTF-8", 1);
	if (ok && mem && size > 0 && (*out = malloc((size_t)size)) != NULL) {
		memcpy(*out, mem, (size_t)size);
		*len = (size_t)size;
	}
	xmlFree(mem);
	xmlFreeDoc(doc);
	return *out != NULL;
}
