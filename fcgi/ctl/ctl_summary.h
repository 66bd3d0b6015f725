/* ctl_summary.h -- gesprekctl's commands on the summaries the writes keep
 * (ctl_summary.c; store/summary.h). */
#ifndef GESPREK_CTL_SUMMARY_H
#define GESPREK_CTL_SUMMARY_H

#include <stdbool.h>
#include <stdint.h>

#include "ctl/cli.h"

struct db;

/* The migration that adds the summaries, and the one that adds the name
 * the people lists sort by (sql/076), which the summaries' writes fill:
 * migrate fills them once it has applied both (ctl_summary_after_migrate). */
#define SUMMARY_MIGRATION 65
#define SUMMARY_SORT_NAME_MIGRATION 76
/* The migration after which the summaries also hold the competence
 * ratings (issue 16, sql/077): migrate refills them once it has applied
 * it, so an upgraded database counts the ratings given before.  Being the
 * newest, it also says that every table the facts count exists (070's
 * competence_rating): a run that stops short of it (an upgrade in steps)
 * leaves the filling to the run that applies it. */
#define SUMMARY_COMPETENCE_MIGRATION 77
/* The migration after which a rating fact names the scale it is on
 * (issue 16, sql/080): migrate refills the summaries once it has applied
 * it, so the ratings given before count under their own scale. */
#define SUMMARY_SCALE_MIGRATION 80
/* The kept counts of people (sql/082, store/headcount.h), which the
 * rebuild fills too. */
#define HEADCOUNT_MIGRATION 82
/* The subtree sums (issue 21, sql/091), which the rebuild fills too: a
 * run that stops short of it (an upgrade in steps) leaves the filling to
 * the run that applies it. */
#define TREE_SUMMARY_MIGRATION 91
/* The subtree headcounts (issue 21, sql/100), which the rebuild fills
 * too: the same. */
#define TREE_STAFF_MIGRATION 100

/* gesprekctl rebuild-summaries: recounts them all.  Exit status. */
int ctl_rebuild_summaries(const struct cli_call *c);
/* gesprekctl verify --summaries: every difference between the summaries
 * and a recount, one line each; exit 1 if any. */
int ctl_verify_summaries(const struct cli_call *c);
/* gesprekctl verify --reports [CYCLE_ID]: the overview's numbers read
 * from the summaries against the recount (store/report.c), in every scope
 * of the cycle (0: of every cycle); each scope that differs is named with
 * both answers; exit 1 if any. */
int ctl_verify_reports(const struct cli_call *c, int64_t cycle_id);
/* gesprekctl explain-reports [--cycle ID]: EXPLAIN of every statement
 * the report pages run, with real arguments, in HR's scope, a department's
 * (with and without sub-departments) and a manager's, of the cycle (else
 * the newest): one JSON line per statement and scope.  Exit status. */
int ctl_explain_reports(const struct cli_call *c);
/* Before migrate: whether the summaries are in place in their present
 * shape (SUMMARY_MIGRATION, SUMMARY_SORT_NAME_MIGRATION,
 * SUMMARY_COMPETENCE_MIGRATION, SUMMARY_SCALE_MIGRATION, HEADCOUNT_MIGRATION
 * and TREE_SUMMARY_MIGRATION applied; a level alone would not tell, as
 * migrations may be applied out of order).  DB status. */
int ctl_summary_in_place(struct db *db, bool *in_place);
/* After migrate: fills the summaries when they were not in place before
 * the run (had_summaries: ctl_summary_in_place's answer then) and are now:
 * the first run, or the one that gave them the sort name, the
 * competence facts or the ratings' scales -- a run that stops before them leaves them to the run
 * that applies them.  DB status. */
int ctl_summary_after_migrate(struct db *db, bool had_summaries);

#endif
