/* report_summary.h -- the overview's numbers read from the summaries the
 * writes keep (report_summary.c; store/summary.h), with the same answers
 * as the recount of store/report.h: same scope, same rows, same order. */
#ifndef GESPREK_STORE_REPORT_SUMMARY_H
#define GESPREK_STORE_REPORT_SUMMARY_H

#include "store/report.h"

/* HR's overview of the whole organisation in one statement: after this,
 * the readers below and report.h's scales and competence levels answer
 * scope s from what it read, each once (other scopes: nothing read, each
 * reader runs its own statement), until summary_report_done.  With
 * top_limit > 0 the same statement reads the page's filter as well:
 * cycle_list, cycle_get(s->cycle_id) and department_children(0, top_limit)
 * are answered from it too, so the page calls this before it reads the
 * filter.  Its failure is the page's, as a reader's would be, and leaves
 * nothing kept. */
int summary_report_prefetch(struct db *db, const struct report_scope *s, int64_t top_limit);
void summary_report_done(struct db *db);
int summary_report_conversations(struct db *db, const struct report_scope *s,
    report_conv_fn fn, void *ud);
int summary_report_departments(struct db *db, const struct report_scope *s,
    report_dept_fn fn, void *ud);
int summary_report_totals(struct db *db, const struct report_scope *s,
    struct report_totals *out);
int summary_report_ratings(struct db *db, const struct report_scope *s,
    report_rating_fn fn, void *ud);
/* The lists behind the numbers from the dossiers' summary rows (the
 * people without a dossier, who have none, as report_people counts them),
 * a page of at most limit people from cursor `at` (report.h). */
int summary_report_people(struct db *db, const struct report_scope *s,
    const struct report_metric *m, const struct report_cursor *at, int64_t limit,
    report_person_fn fn, void *ud);
/* How many the list of metric m holds in scope s, as the overview counts
 * it (the sum of the list's count column), from the sums: a few rows per
 * department by key, whatever the list's length. */
int summary_report_people_total(struct db *db, const struct report_scope *s,
    const struct report_metric *m, int64_t *total);
int summary_report_collective(struct db *db, const struct report_scope *s,
    report_collective_fn fn, void *ud);
/* Whom a reminder goes to (report.h's report_remind_people): at most
 * limit people by name after cursor `after` (forward only), so that a
 * reminder reads a list of any length a batch at a time. */
int summary_report_remind_people(struct db *db, const struct report_scope *s,
    const struct report_metric *m, const struct report_cursor *after, int64_t limit,
    report_remind_fn fn, void *ud);
/* EXPLAIN of every statement the report pages run for scope s, with its
 * real arguments (goal_id: the collective goal of that list, 0: none);
 * fn sees each table of each plan (report.h). */
int summary_report_explain(struct db *db, const struct report_scope *s, int64_t goal_id,
    report_plan_fn fn, void *ud);
/* The newest cycle's id (0: none). */
int summary_newest_cycle(struct db *db, int64_t *cycle_id);
/* The distributions per department of report_distribution (issue 16). */
int summary_report_distribution(struct db *db, const struct report_scope *s,
    report_dist_fn fn, void *ud);

#endif
