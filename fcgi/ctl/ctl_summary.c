/* ctl_summary.c -- rebuild-summaries, verify --summaries and verify
 * --reports: repairing the summaries the writes keep, recounting them, and
 * comparing the overview read from them with the recount it replaces. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ctl/cli.h"
#include "ctl/ctl_summary.h"
#include "store/db.h"
#include "store/migrate.h"
#include "store/report.h"
#include "store/report_summary.h"
#include "store/summary.h"
#include "base/util.h"

int
ctl_rebuild_summaries(const struct cli_call *c)
{
	struct db *db = cli_db_open(c->conf, "rebuild-summaries", false);
	int st;

	if (db == NULL)
		return 1;
	if ((st = summary_rebuild(db)) != DB_OK)
		fprintf(stderr, "gesprekctl: rebuild-summaries: %s\n", db_error(db));
	else
		printf("summaries rebuilt\n");
	db_free(db);
	return st == DB_OK ? 0 : 1;
}

int
ctl_summary_after_migrate(struct db *db, bool had_summaries)
{
	bool has = false;
	int st = migrate_is_applied(db, SUMMARY_MIGRATION, &has);

	if (st != DB_OK || had_summaries || !has)
		return st;
	if ((st = summary_rebuild(db)) == DB_OK)
		printf("summaries rebuilt\n");
	return st;
}

static void
print_diff(void *ud, const struct summary_diff *d)
{
	(void)ud;
	printf("MISMATCH %s", d->table);
	if (d->dossier_id)
		printf(" dossier %" PRId64, d->dossier_id);
	printf(" cycle %" PRId64 " department %" PRId64 " manager %" PRId64 " %s", d->cycle_id,
	    d->department_id, d->manager_id, d->kind);
	if (d->type[0])
		printf(" %s", d->type);
	if (d->state[0])
		printf(" %s", d->state);
	if (strcmp(d->kind, "rating") == 0)
		printf(" %" PRId64, d->value);
	if (strcmp(d->due_on, SUMMARY_NO_DUE) != 0)
		printf(" due %s", d->due_on);
	printf(": stored %" PRId64 ", recount %" PRId64 "\n", d->stored, d->recount);
}

int
ctl_verify_summaries(const struct cli_call *c)
{
	struct db *db = cli_db_open(c->conf, "verify", false);
	int64_t differences = 0;
	int st;

	if (db == NULL)
		return 1;
	st = summary_verify(db, print_diff, NULL, &differences);
	if (st != DB_OK)
		fprintf(stderr, "gesprekctl: verify: %s\n", db_error(db));
	db_free(db);
	if (st != DB_OK)
		return 1;
	printf("summaries recounted, %" PRId64 " difference(s)\n", differences);
	return differences ? 1 : 0;
}

/* ---- the overview read both ways ---- */

static int
conv_text(void *ud, const struct report_conv_row *r)
{
	struct buf *b = ud;

	buf_printf(b, "conversations %s: planned %" PRId64 " held %" PRId64 " signing %" PRId64
	    " closed %" PRId64 " overdue %" PRId64 " total %" PRId64 "\n", r->type, r->planned,
	    r->held, r->signing, r->closed, r->overdue, r->total);
	return DB_OK;
}

static int
dept_text(void *ud, const struct report_dept_row *r)
{
	struct buf *b = ud;

	buf_printf(b, "department %" PRId64 " %s: ", r->department_id, r->department);
	return conv_text(ud, &r->conv);
}

static int
rating_text(void *ud, int rating, int64_t count)
{
	return buf_printf(ud, "rating %d: %" PRId64 "\n", rating, count) ? DB_OK : DB_ERROR;
}

static void
totals_text(struct buf *b, const struct report_totals *t)
{
	buf_printf(b, "dossiers %" PRId64 " results %" PRId64 " achieved %" PRId64
	    " not_achieved %" PRId64 " in_progress %" PRId64 " without_dossier %" PRId64 "\n",
	    t->dossiers, t->results, t->achieved, t->not_achieved, t->in_progress,
	    t->without_dossier);
}

/* The overview of one scope as text, by the recount (summaries false) or
 * from the summaries. */
static int
overview_text(struct db *db, const struct report_scope *s, bool summaries, struct buf *b)
{
	struct report_totals t;
	int st;

	buf_reset(b);
	st = summaries ? summary_report_conversations(db, s, conv_text, b) :
	    report_conversations(db, s, conv_text, b);
	if (st == DB_OK)
		st = summaries ? summary_report_departments(db, s, dept_text, b) :
		    report_departments(db, s, dept_text, b);
	if (st == DB_OK)
		st = summaries ? summary_report_ratings(db, s, rating_text, b) :
		    report_ratings(db, s, rating_text, b);
	if (st == DB_OK)
		st = summaries ? summary_report_totals(db, s, &t) : report_totals(db, s, &t);
	if (st == DB_OK)
		totals_text(b, &t);
	if (st == DB_OK && b->failed)
		st = DB_ERROR;
	return st;
}

/* A scope as listed; compared after the listing ends, so that no query
 * runs while another's rows are being read. */
struct scope_item {
	int64_t cycle_id, department_id, manager_id;
	bool recursive;
};

struct compare {
	struct db *db;
	struct buf scopes;		/* struct scope_item, one after the other */
	struct buf recount, read;
	long differ;
};

static int
list_scope(void *ud, int64_t cycle_id, int64_t department_id, bool recursive,
    int64_t manager_id)
{
	struct compare *cmp = ud;
	struct scope_item it = { cycle_id, department_id, manager_id, recursive };

	return buf_append(&cmp->scopes, &it, sizeof(it)) ? DB_OK : DB_ERROR;
}

static int
compare_scope(struct compare *cmp, const struct scope_item *it)
{
	struct report_scope s = { it->cycle_id, it->department_id, it->recursive,
		it->manager_id };
	int st;

	if ((st = overview_text(cmp->db, &s, false, &cmp->recount)) != DB_OK ||
	    (st = overview_text(cmp->db, &s, true, &cmp->read)) != DB_OK)
		return st;
	if (cmp->recount.len == cmp->read.len &&
	    memcmp(cmp->recount.data, cmp->read.data, cmp->read.len) == 0)
		return DB_OK;
	cmp->differ++;
	printf("MISMATCH overview of cycle %" PRId64 " department %" PRId64 "%s manager %" PRId64
	    "\n-- recount:\n%.*s-- summaries:\n%.*s", it->cycle_id, it->department_id,
	    it->recursive ? " (with sub-departments)" : "", it->manager_id,
	    (int)cmp->recount.len, cmp->recount.data, (int)cmp->read.len, cmp->read.data);
	return DB_OK;
}

static int
compare_all(struct compare *cmp, int64_t cycle_id, size_t *n)
{
	const struct scope_item *it;
	size_t i;
	int st;

	*n = 0;
	if ((st = summary_scopes(cmp->db, cycle_id, list_scope, cmp)) != DB_OK)
		return st;
	*n = cmp->scopes.len / sizeof(*it);
	it = (const struct scope_item *)(const void *)cmp->scopes.data;
	for (i = 0; i < *n; i++)
		if ((st = compare_scope(cmp, &it[i])) != DB_OK)
			return st;
	return DB_OK;
}

int
ctl_verify_reports(const struct cli_call *c, int64_t cycle_id)
{
	struct compare cmp = { .db = cli_db_open(c->conf, "verify", false) };
	size_t n = 0;
	int st;

	if (cmp.db == NULL)
		return 1;
	buf_init(&cmp.scopes);
	buf_init(&cmp.recount);
	buf_init(&cmp.read);
	st = compare_all(&cmp, cycle_id, &n);
	if (st != DB_OK)
		fprintf(stderr, "gesprekctl: verify: %s\n", db_error(cmp.db));
	buf_free(&cmp.scopes);
	buf_free(&cmp.recount);
	buf_free(&cmp.read);
	db_free(cmp.db);
	if (st != DB_OK)
		return 1;
	printf("%zu scope(s) compared, %ld differ\n", n, cmp.differ);
	return cmp.differ ? 1 : 0;
}
