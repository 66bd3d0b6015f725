/* conv_outcome.c -- <outcome> of an assessment's page (conv_outcome.h):
 *
 *   <outcome status="ok|none|bad" score="0.6250" on_final="3.50"
 *            proposed="4" confirmed="4" proposed_then="4" overridden="1">
 *     <part name="result_goals" weight="60" rated="1" score="0.6250"/>
 *     <level value="1" label="..."/> ...    (the final scale, lowest first)
 *     <override_reason>...</override_reason>
 *   </outcome>
 *
 * Both parties see it once the manager's side may be seen (the ratings it
 * is made of are the manager's preparation). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "pages/conv_outcome.h"
#include "store/outcome.h"
#include "xml/page.h"

/* "0.6250": a score with the precision sql/071 keeps. */
#define SCORE_TEXT_MAX 32
#define SCORE_DIGITS 4
/* The score on the final scale: two decimals, as a person reads it. */
#define ON_FINAL_DIGITS 2

static const char *const status_names[] = { "ok", "none", "bad" };

static void
set_decimal(xmlNodePtr n, const char *name, int digits, double v)
{
	char s[SCORE_TEXT_MAX];

	snprintf(s, sizeof(s), "%.*f", digits, v);
	xml_set(n, name, s);
}

static void
add_parts(const struct conv_outcome *o, xmlNodePtr n)
{
	size_t p;

	for (p = 0; p < OUTCOME_PARTS; p++) {
		xmlNodePtr part = xml_add(n, "part");

		xml_set(part, "name", tpl_part_names[p]);
		xml_set_int(part, "weight", o->weight[p]);
		xml_set(part, "rated", o->now.rated[p] ? "1" : "0");
		if (o->now.rated[p])
			set_decimal(part, "score", SCORE_DIGITS, o->now.part[p]);
	}
}

static void
add_levels(const struct ctx *c, const struct conv_outcome *o, xmlNodePtr n)
{
	int lang = strcmp(c->lang, "en") == 0 ? TPL_EN : TPL_NL;
	size_t i;

	for (i = 0; i < o->nlevels; i++) {
		xmlNodePtr l = xml_add(n, "level");
		const char *label = o->label[lang][i][0] ? o->label[lang][i] : o->label[TPL_NL][i];

		xml_set_int(l, "value", o->level[i]);
		xml_set(l, "label", label);
	}
}

static void
add_confirmed(const struct conv_outcome *o, xmlNodePtr n)
{
	if (o->confirmed == OUTCOME_NO_LEVEL)
		return;
	xml_set_int(n, "confirmed", o->confirmed);
	if (o->proposed_then != OUTCOME_NO_LEVEL) {
		xml_set_int(n, "proposed_then", o->proposed_then);
		xml_set(n, "overridden", o->confirmed != o->proposed_then ? "1" : "0");
	}
	if (o->score_then >= 0)
		set_decimal(n, "score_then", SCORE_DIGITS, (double)o->score_then / OUTCOME_SCORE_SCALE);
	if (finalize_overall_state(o->confirmed, o->proposed_then,
	    o->now.status == OUTCOME_OK ? o->now.proposed : OUTCOME_NO_LEVEL) == OVERALL_STALE)
		xml_set(n, "stale", "1");
	if (o->override_reason[0])
		xml_add_text(n, "override_reason", o->override_reason);
}

int
outcome_xml(struct ctx *c, const struct conversation *cv, bool visible, const struct tpl *t,
    xmlNodePtr conv)
{
	struct conv_outcome *o;
	xmlNodePtr n;
	int st;

	if (strcmp(cv->type, "assessment") != 0 || !visible)
		return DB_OK;
	if ((o = malloc(sizeof(*o))) == NULL)
		return DB_ERROR;
	if ((st = outcome_of_form(c->db, cv->id, t, cv->type, o)) != DB_OK)
		goto fail;
	n = xml_add(conv, "outcome");
	xml_set(n, "status", status_names[o->now.status]);
	if (o->now.status == OUTCOME_OK) {
		set_decimal(n, "score", SCORE_DIGITS, o->now.score);
		set_decimal(n, "on_final", ON_FINAL_DIGITS, o->now.on_final);
		xml_set_int(n, "proposed", o->now.proposed);
	}
	add_confirmed(o, n);
	add_parts(o, n);
	add_levels(c, o, n);
fail:
	free(o);
	return st;
}
