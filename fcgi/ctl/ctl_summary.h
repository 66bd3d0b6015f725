/* ctl_summary.h -- gesprekctl's commands on the summaries the writes keep
 * (ctl_summary.c; store/summary.h). */
#ifndef GESPREK_CTL_SUMMARY_H
#define GESPREK_CTL_SUMMARY_H

#include <stdbool.h>
#include <stdint.h>

#include "ctl/cli.h"

struct db;

/* The migration that adds the summaries: migrate fills them once it has
 * applied it (ctl_summary_after_migrate). */
#define SUMMARY_MIGRATION 65
/* The migration after which the summaries also hold the competence
 * ratings (issue 16, sql/077): migrate refills them once it has applied
 * it, so an upgraded database counts the ratings given before.  Being the
 * newest, it also says that every table the facts count exists (070's
 * competence_rating): a run that stops short of it (an upgrade in steps)
 * leaves the filling to the run that applies it. */
#define SUMMARY_COMPETENCE_MIGRATION 77

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
/* Whether both SUMMARY_MIGRATION and SUMMARY_COMPETENCE_MIGRATION are
 * applied (the summaries exist and hold every kind of fact).  DB status. */
int ctl_summary_complete(struct db *db, bool *complete);
/* After migrate: fills the summaries when this run applied
 * SUMMARY_MIGRATION or SUMMARY_COMPETENCE_MIGRATION and both are applied
 * now (had_summaries: ctl_summary_complete before the run; a level alone
 * would not tell, as migrations may be applied out of order).  DB status. */
int ctl_summary_after_migrate(struct db *db, bool had_summaries);

#endif
