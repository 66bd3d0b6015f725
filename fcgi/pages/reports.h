/* reports.h -- what the export pages (export.c) share with the overview
 * (reports.c). */
#ifndef GESPREK_REPORTS_H
#define GESPREK_REPORTS_H

#include <stdbool.h>
#include <stdint.h>

#include <libxml/tree.h>

#include "rules/person.h"
#include "store/deputy.h"
#include "store/report.h"

/* People on one page of a list (issue 21: 50, read by index from a
 * cursor).  A reminder goes to at most one page of it (reports_remind.c). */
#define PEOPLE_PAGE_ROWS 50

struct ctx;
struct form;

/* HR, or a manager (who sees their own team only). */
bool reports_allowed(const struct ctx *c);
/* The overview of cycle_id with a refused export form next to its fields
 * (status 400); or the error status. */
int reports_export_refused(struct ctx *c, int64_t cycle_id, const struct form *export_form);

/* The list of GET /reports/people a reminder names (reports_remind.c),
 * read from the request as that page reads it: its scope (a manager's
 * own team only) and its number. */
struct reports_list {
	struct report_scope scope;
	struct report_metric metric;
	char cycle_status[8];
	xmlNodePtr people;	/* <people metric type state> of the page begun */
};
/* Reads the list and begins the page reports_people.xsl renders (filter,
 * cycle, <people> without anyone in it yet): 0; or the status to answer,
 * with the refused filter's page when it is 400. */
int reports_list_begin(struct ctx *c, struct reports_list *out);

/* reports_remind.c: whether the list of metric m can be reminded (the
 * people page offers the button): a number of conversations not all
 * closed, of an open cycle, with mail configured. */
bool reports_remind_offered(const struct ctx *c, const struct report_metric *m,
    const char *cycle_status);

/* ---- whose team (reports_team.c, issue 17) ---- */

/* The teams a viewer may choose between on the report pages, and the one
 * chosen. */
struct team_choice {
	int64_t ids[DEPUTY_TEAMS_MAX];		/* borrowed: their managers */
	char names[DEPUTY_TEAMS_MAX][NAME_BYTES + 1];
	size_t n;
	int64_t team;			/* the borrowed team shown, 0: none */
};
/* Decides whose team the page counts, from the request's `team`: 200
 * (t->team set when it is a borrowed one), or 403 when the viewer may see
 * no team report -- the refusal a stranger gets.  HR reads no
 * appointments: its scope is everyone's. */
int reports_choose_team(struct ctx *c, struct team_choice *t);
/* <teams> into parent when the viewer stands in for a team: the own (a
 * manager's) and each borrowed one, @current on the one shown. */
void reports_teams_xml(const struct ctx *c, const struct team_choice *t, xmlNodePtr parent);

/* ---- the distributions per department (reports_dist.c, issue 16) ---- */

/* <distribution> of scope s into parent: per department its overall
 * ratings and its competences' levels with counts, and the competence
 * levels' labels. */
int reports_distribution_xml(struct ctx *c, const struct report_scope *s, xmlNodePtr parent);
/* "ID.LEVEL" after "competence." into m; false on anything else. */
bool reports_parse_competence(const char *rest, struct report_metric *m);
/* The competence and level's names on the people list's <people>;
 * DB_NOTFOUND when there is no such competence. */
int reports_competence_people_xml(struct ctx *c, int64_t cycle_id,
    const struct report_metric *m, xmlNodePtr people);

/* ---- the scales of the overall ratings (reports_scales.c, issue 16) ---- */

/* <ratings> of scope s into parent: a <scale> per scale the ratings are on
 * -- the cycle's own (its labels `cycle_scale`, '|' between them) and each
 * final scale of the cycle's forms -- and a <rating scale value label
 * count> per level of each, zeros included, labels in the page's
 * language. */
int reports_ratings_xml(struct ctx *c, const struct report_scope *s, const char *cycle_scale,
    xmlNodePtr parent);
/* "VALUE" (the cycle's scale, 1..) or "SCALE.VALUE" (a template scale's
 * id, 0..) after "rating." into m; false on anything else. */
bool reports_parse_rating(const char *rest, struct report_metric *m);
/* The scale and the level's label on the people list's <people>;
 * DB_NOTFOUND when there is no such template scale. */
int reports_rating_people_xml(struct ctx *c, const char *cycle_scale,
    const struct report_metric *m, xmlNodePtr people);

#endif
