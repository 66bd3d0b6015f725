/* conv_template.c -- see conv_template.h.
 *
 * The page XML, under /page/conversation:
 *   <form_template key="" number="" version_id="">
 *     <name lang="nl">..</name><name lang="en">..</name>
 *     <goal_rules org_goal="0|1" measure="0|1" end_date="0|1"/>
 *     <section key="" kind="" answered_by="" required="0|1" self_assessment="0|1"
 *         explain_below="" may_answer="0|1" self="0|1">
 *       <title lang="nl">..</title> <guidance lang="nl">..</guidance> (and lang="en")
 *       <level value=""><label lang="nl">..</label><description lang="nl">..</description></level>
 *       <answer role="" rating="" version="" shared="0|1" at=""><body/><explanation/></answer>
 *       <competence id="" key=""><name lang=""/><definition lang=""/>
 *         <indicator level="" lang="">..</indicator>
 *         <rating role="" level="" version="" shared="" at=""><explanation/></rating>
 *       </competence>
 *     </section>
 *   </form_template>
 * Texts come in every language the template gives: the stylesheet shows
 * the viewer's, Dutch when there is none, and the signed snapshot keeps
 * them all, exactly as shown.  An answer is preparation (DESIGN §5): shown
 * to a viewer who may see what its author wrote (view_visible), or once
 * its author shared it. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "base/util.h"
#include "pages/conv_outcome.h"
#include "pages/conv_template.h"
#include "pages/review.h"
#include "pages/calibration.h"
#include "xml/page.h"
#include "store/answer.h"
#include "store/template.h"

/* An id in decimal: INT64_MAX has 19 digits, and room for a sign. */
#define ID_DIGITS 20

struct build {
	struct ctx *c;
	const struct dossier_view *v;
	const struct conversation *cv;
	const struct tpl *t;
	xmlNodePtr root;
};

static void
add_texts(xmlNodePtr parent, const char *name, const struct tpl_text *x)
{
	size_t l;

	for (l = 0; l < TPL_LANGS; l++) {
		xmlNodePtr n;

		if (x->v[l] == NULL || x->v[l][0] == '\0')
			continue;
		n = xml_add_text(parent, name, x->v[l]);
		xml_set(n, "lang", tpl_lang_names[l]);
	}
}

static void
add_text_pair(xmlNodePtr parent, const char *name, const char *nl, const char *en)
{
	xmlNodePtr n;

	if (nl && nl[0]) {
		n = xml_add_text(parent, name, nl);
		xml_set(n, "lang", "nl");
	}
	if (en && en[0]) {
		n = xml_add_text(parent, name, en);
		xml_set(n, "lang", "en");
	}
}

static const struct tpl_scale *
scale_of(const struct tpl *t, const char *key)
{
	size_t i;

	for (i = 0; i < t->nscales; i++)
		if (strcmp(t->scale[i].key, key) == 0)
			return &t->scale[i];
	return NULL;
}

/* The levels of the section's scale; without a scale key, the cycle's
 * own labels, 1 up (no descriptions: the cycle gives none). */
static void
add_levels(const struct build *b, const struct tpl_section *s, xmlNodePtr sec)
{
	const struct tpl_scale *sc = s->scale[0] ? scale_of(b->t, s->scale) : NULL;
	char labels[SCALE_MAX + 1], *p, *save = NULL;
	size_t i;
	int value = 1;

	if (sc) {
		for (i = 0; i < sc->nlevels; i++) {
			xmlNodePtr l = xml_add(sec, "level");

			xml_set_int(l, "value", sc->level[i].value);
			add_texts(l, "label", &sc->level[i].label);
			add_texts(l, "description", &sc->level[i].description);
		}
		return;
	}
	strlcopy(labels, b->v->d.rating_scale, sizeof(labels));
	for (p = strtok_r(labels, "|", &save); p; p = strtok_r(NULL, "|", &save), value++) {
		xmlNodePtr l = xml_add(sec, "level");
		xmlNodePtr t;

		xml_set_int(l, "value", value);
		t = xml_add_text(l, "label", p);
		xml_set(t, "lang", "nl");
	}
}

static bool
is_party(const struct dossier_view *v)
{
	return v->side == SIDE_EMPLOYEE || v->side == SIDE_MANAGER;
}

/* What the viewer may write in the section: the rule of the store
 * (answer.c role_may), so that the page offers no form it would refuse. */
static void
add_may(const struct build *b, const struct tpl_section *s, xmlNodePtr sec)
{
	bool employee = b->v->side == SIDE_EMPLOYEE;
	const char *role = employee ? "employee" : "manager";
	bool rated = s->kind == TPL_RATING_QUESTION || s->kind == TPL_COMPETENCES;
	bool own = s->answered_by == TPL_BY_BOTH ||
	    strcmp(tpl_who_names[s->answered_by], role) == 0;
	bool self = !own && employee && rated && s->self_assessment;

	if (!is_party(b->v) || !conversation_editable(b->v, b->cv))
		own = self = false;
	xml_set(sec, "may_answer", own || self ? "1" : "0");
	xml_set(sec, "self", self ? "1" : "0");
}

static bool
answerable(enum tpl_kind k)
{
	return k == TPL_OPEN_QUESTION || k == TPL_RATING_QUESTION || k == TPL_COMPETENCES;
}

static xmlNodePtr
add_section(const struct build *b, const struct tpl_section *s, xmlNodePtr parent)
{
	xmlNodePtr sec = xml_add(parent, "section");

	xml_set(sec, "key", s->key);
	xml_set(sec, "kind", tpl_kind_names[s->kind]);
	xml_set(sec, "answered_by", tpl_who_names[s->answered_by]);
	xml_set(sec, "required", s->required ? "1" : "0");
	xml_set(sec, "self_assessment", s->self_assessment ? "1" : "0");
	if (s->explain_below >= 0)
		xml_set_int(sec, "explain_below", s->explain_below);
	add_texts(sec, "title", &s->title);
	add_texts(sec, "guidance", &s->guidance);
	if (answerable(s->kind))
		add_may(b, s, sec);
	if (s->kind == TPL_RATING_QUESTION || s->kind == TPL_COMPETENCES)
		add_levels(b, s, sec);
	return sec;
}

/* ---- competences of the employee's job profile ---- */

struct comp_build {
	xmlNodePtr section, current;
	int64_t current_id;
};

static int
add_competence(void *ud, const struct form_competence *fc)
{
	struct comp_build *cb = ud;

	if (cb->current == NULL || cb->current_id != fc->id) {
		cb->current = xml_add(cb->section, "competence");
		cb->current_id = fc->id;
		xml_set_int(cb->current, "id", fc->id);
		xml_set(cb->current, "key", fc->key);
		add_text_pair(cb->current, "name", fc->name_nl, fc->name_en);
		add_text_pair(cb->current, "definition", fc->definition_nl, fc->definition_en);
	}
	if (fc->level > 0) {
		xmlNodePtr n;

		if (fc->indicator_nl[0]) {
			n = xml_add_text(cb->current, "indicator", fc->indicator_nl);
			xml_set_int(n, "level", fc->level);
			xml_set(n, "lang", "nl");
		}
		if (fc->indicator_en[0]) {
			n = xml_add_text(cb->current, "indicator", fc->indicator_en);
			xml_set_int(n, "level", fc->level);
			xml_set(n, "lang", "en");
		}
	}
	return DB_OK;
}

/* ---- answers ---- */

/* The child element of parent named name whose attribute attr is value. */
static xmlNodePtr
child_with(xmlNodePtr parent, const char *name, const char *attr, const char *value)
{
	xmlNodePtr n;

	for (n = parent->children; n; n = n->next) {
		xmlChar *a;
		bool hit;

		if (n->type != XML_ELEMENT_NODE || !xmlStrEqual(n->name, BAD_CAST name))
			continue;
		a = xmlGetProp(n, BAD_CAST attr);
		hit = a && strcmp((const char *)a, value) == 0;
		xmlFree(a);
		if (hit)
			return n;
	}
	return NULL;
}

static bool
answer_visible(const struct build *b, const struct answer *a)
{
	const struct dossier_view *v = b->v;
	int64_t author = strcmp(a->role, "employee") == 0 ? v->d.employee_id : v->d.manager_id;

	return a->shared || view_visible(v, b->c->user.id, author, b->cv->id);
}

static void
answer_attrs(xmlNodePtr n, const struct answer *a)
{
	char at[LOCAL_TIME_LEN + 1];

	xml_set(n, "role", a->role);
	if (a->rating != ANSWER_NO_RATING)
		xml_set_int(n, "rating", a->rating);
	xml_set_int(n, "version", a->version);
	xml_set(n, "shared", a->shared ? "1" : "0");
	time_utc_to_local(a->at, at, sizeof(at));
	xml_set(n, "at", at);
	if (a->explanation[0])
		xml_add_text(n, "explanation", a->explanation);
}

/* issue 17: saved last by neither of today's parties (a deputy, or the
 * manager before the dossier followed its employee): named on the page. */
static void
answer_author(const struct build *b, xmlNodePtr n, const struct answer *a)
{
	const struct dossier_view *v = b->v;

	if (a->updated_by == 0 || a->updated_by == v->d.employee_id ||
	    a->updated_by == v->d.manager_id)
		return;
	xml_set(n, "by_other", "1");
	xml_set(n, "author", a->updated_by_name);
}

/* Places an answer under its section (a competence rating under its
 * competence, in the competence section); one the viewer may not see, or
 * of a section or competence no longer on the form, is left out. */
static int
place_answer(void *ud, const struct answer *a)
{
	struct build *b = ud;
	char id[ID_DIGITS + 1];
	xmlNodePtr sec, comp, n;

	if (!answer_visible(b, a))
		return DB_OK;
	if (a->competence_id == 0) {
		if ((sec = child_with(b->root, "section", "key", a->section_key)) == NULL)
			return DB_OK;
		n = xml_add(sec, "answer");
		if (a->body[0])
			xml_add_text(n, "body", a->body);
		answer_attrs(n, a);
		answer_author(b, n, a);
		return DB_OK;
	}
	/* A rating stays in its own competence section (a form may have two). */
	if ((sec = child_with(b->root, "section", "key", a->section_key)) == NULL)
		return DB_OK;
	snprintf(id, sizeof(id), "%lld", (long long)a->competence_id);
	if ((comp = child_with(sec, "competence", "id", id)) == NULL)
		return DB_OK;
	n = xml_add(comp, "rating");
	answer_attrs(n, a);
	answer_author(b, n, a);
	return DB_OK;
}

static const struct tpl_form *
form_of(const struct tpl *t, const char *type)
{
	int want = tpl_name_index(tpl_conv_names, TPL_CONVS, type);
	size_t i;

	for (i = 0; i < t->nforms; i++)
		if ((int)t->form[i].type == want)
			return &t->form[i];
	return NULL;
}

/* The goal rules a result goal of this form keeps (the store applies
 * them in the write; the form marks the fields). */
static void
add_goal_rules(xmlNodePtr root, const struct tpl *t)
{
	xmlNodePtr n = xml_add(root, "goal_rules");

	xml_set(n, "org_goal", t->goal_required[TPL_RULE_ORG_GOAL] ? "1" : "0");
	xml_set(n, "measure", t->goal_required[TPL_RULE_MEASURE] ? "1" : "0");
	xml_set(n, "end_date", t->goal_required[TPL_RULE_END_DATE] ? "1" : "0");
}

static int
add_sections(struct build *b, int64_t version_id)
{
	const struct tpl_form *f = form_of(b->t, b->cv->type);
	size_t i;
	int st;

	xml_set(b->root, "key", b->t->key);
	xml_set_int(b->root, "number", b->t->number);
	xml_set_int(b->root, "version_id", version_id);
	add_texts(b->root, "name", &b->t->name);
	add_goal_rules(b->root, b->t);
	for (i = 0; f && i < f->nsections; i++) {
		const struct tpl_section *s = &f->section[i];
		xmlNodePtr sec = add_section(b, s, b->root);
		struct comp_build cb = { sec, NULL, 0 };

		if (s->kind == TPL_COMPETENCES &&
		    (st = form_competences(b->c->db, b->v->d.employee_id, add_competence, &cb)) != DB_OK)
			return st;
	}
	return answers_of_conversation(b->c->db, b->cv->id, place_answer, b);
}

/* The result goals' scale of the form, when its result-goals section
 * names one of the template's; NULL: the cycle's (store/outcome.h's rule). */
static const struct tpl_scale *
goal_scale_of(const struct tpl *t, const struct tpl_form *f)
{
	size_t i;

	for (i = 0; f && i < f->nsections; i++)
		if (f->section[i].kind == TPL_RESULT_GOALS)
			return f->section[i].scale[0] ? scale_of(t, f->section[i].scale) : NULL;
	return NULL;
}

/* /page/scale, which the goals' rating controls and texts read, holds the
 * cycle's labels (conv_view.c); a form whose result goals are rated on the
 * template's own scale gets that scale's levels instead, in the viewer's
 * language (Dutch when there is no English), so the page offers exactly
 * the levels the store accepts. */
static void
goal_scale_xml(const struct ctx *c, const struct tpl_scale *sc, xmlNodePtr page)
{
	int lang = strcmp(c->lang, "en") == 0 ? TPL_EN : TPL_NL;
	xmlNodePtr n, scale = NULL, next;
	size_t i;

	for (n = page->children; n && scale == NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST "scale"))
			scale = n;
	if (scale == NULL || sc == NULL)
		return;
	for (n = scale->children; n; n = next) {
		next = n->next;
		xmlUnlinkNode(n);
		xmlFreeNode(n);
	}
	for (i = 0; i < sc->nlevels; i++) {
		const struct tpl_text *label = &sc->level[i].label;
		const char *text = label->v[lang] && label->v[lang][0] ? label->v[lang] :
		    label->v[TPL_NL] ? label->v[TPL_NL] : "";

		xml_set_int(xml_add_text(scale, "label", text), "value", sc->level[i].value);
	}
}

int
conv_template_xml(struct ctx *c, const struct dossier_view *v, const struct conversation *cv,
    xmlNodePtr conv)
{
	struct tpl *t = tpl_new();
	struct build b = { c, v, cv, t, NULL };
	int64_t version_id = 0;
	int st;

	if (t == NULL)
		return DB_ERROR;
	/* Read once for the form and the outcome alike. */
	if ((st = conversation_template(c->db, cv->id, t, &version_id)) != DB_OK)
		goto out;
	b.root = xml_add(conv, "form_template");
	/* The way to its feedback round (issue 17, feedback.c); the neutral
	 * snapshot of a signed report leaves it out. */
	if (t->feedback.enabled && v->side != SIDE_SNAPSHOT &&
	    strcmp(tpl_conv_names[t->feedback.conversation], cv->type) == 0)
		xml_set(b.root, "feedback", "1");
	if ((st = add_sections(&b, version_id)) != DB_OK)
		goto out;
	if (conv->parent)
		goal_scale_xml(c, goal_scale_of(t, form_of(t, cv->type)), conv->parent);
	st = outcome_xml(c, cv, view_visible(v, c->user.id, v->d.manager_id, cv->id), t, conv);
out:
	tpl_free(t);
	/* No template at all (a database before 069): the fixed form. */
	return st == DB_NOTFOUND ? DB_OK : st;
}

int
conv_form_xml(struct ctx *c, const struct dossier_view *v, const struct conversation *cv,
    xmlNodePtr parent)
{
	xmlNodePtr n, conv = NULL;
	int st = view_xml(c, v, cv, parent);

	if (st != DB_OK)
		return st;
	for (n = parent->children; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST "conversation"))
			conv = n;
	if (conv == NULL)
		return DB_OK;
	if ((st = conv_template_xml(c, v, cv, conv)) != DB_OK)
		return st;
	/* The second assessor's record (and calibration's accepted changes):
	 * on the page and in the snapshot. */
	if ((st = review_xml(c, v, cv, conv)) != DB_OK)
		return st;
	/* Calibration's proposals (issue 17): for the manager and readers. */
	return calibration_conv_xml(c, v, cv, conv);
}

/* The template kind of an item kind or of the remarks. */
static enum tpl_kind
builtin_kind(const char *kind)
{
	if (strcmp(kind, "result") == 0)
		return TPL_RESULT_GOALS;
	if (strcmp(kind, "development") == 0)
		return TPL_DEVELOPMENT;
	if (strcmp(kind, "action") == 0)
		return TPL_ACTIONS;
	return TPL_REMARKS;
}

int
conv_template_has(struct ctx *c, const struct conversation *cv, const char *kind, bool *on)
{
	struct tpl *t = tpl_new();
	const struct tpl_form *f;
	enum tpl_kind want = builtin_kind(kind);
	int64_t version_id = 0;
	size_t i;
	int st;

	*on = true;
	if (t == NULL)
		return DB_ERROR;
	if ((st = conversation_template(c->db, cv->id, t, &version_id)) != DB_OK)
		goto out;
	/* A version is immutable, and so is the conversation's choice of it
	 * once made: no other request can change the answer between this
	 * check and the write (a conversation without one follows the
	 * default template's newest version, see answer.h). */
	f = form_of(t, cv->type);
	*on = false;
	for (i = 0; f && i < f->nsections; i++)
		if (f->section[i].kind == want)
			*on = true;
out:
	tpl_free(t);
	return st == DB_NOTFOUND ? DB_OK : st;
}
