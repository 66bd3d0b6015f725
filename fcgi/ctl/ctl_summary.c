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
#include "store/headcount.h"
#include "store/migrate.h"
#include "store/report.h"
#include "store/report_summary.h"
#include "store/summary.h"
#include "base/util.h"

int
ctl_rebuild_summaries(const struct cli_call *c)
{
	const char *cycle = cli_value(&c->args, "--cycle");
	int64_t cycle_id = 0;
	struct db *db;
	int st;

	if (cycle != NULL && !parse_id(cycle, strlen(cycle), &cycle_id))
		return cli_usage_error(c->args.spec);
	if ((db = cli_db_open(c->conf, "rebuild-summaries", false)) == NULL)
		return 1;
	/* One cycle's, for rows written past the store (store/headcount.h). */
	st = cycle_id ? summary_repair_cycle(db, cycle_id) : summary_rebuild(db);
	if (st != DB_OK)
		fprintf(stderr, "gesprekctl: rebuild-summaries: %s\n", db_error(db));
	else
		printf("summaries rebuilt\n");
	db_free(db);
	return st == DB_OK ? 0 : 1;
}

int
ctl_summary_in_place(struct db *db, bool *in_place)
{
	static const int parts[] = { SUMMARY_MIGRATION, SUMMARY_SORT_NAME_MIGRATION,
	    SUMMARY_COMPETENCE_MIGRATION, SUMMARY_SCALE_MIGRATION, HEADCOUNT_MIGRATION,
	    TREE_SUMMARY_MIGRATION, TREE_STAFF_MIGRATION };
	bool applied = false;
	size_t i;
	int st;

	*in_place = false;
	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		if ((st = migrate_is_applied(db, parts[i], &applied)) != DB_OK || !applied)
			return st;
	*in_place = true;
	return DB_OK;
}

int
ctl_summary_after_migrate(struct db *db, bool had_summaries)
{
	bool has = false;
	int st = ctl_summary_in_place(db, &has);

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
	printf(" cycle %" PRId64 " department %" PRId64, d->cycle_id, d->department_id);
	/* A department's sums know no manager (sql/075); a dossier's facts do. */
	if (d->dossier_id)
		printf(" manager %" PRId64, d->manager_id);
	printf(" %s", d->kind);
	if (d->type[0])
		printf(" %s", d->type);
	if (d->state[0])
		printf(" %s", d->state);
	if (strcmp(d->kind, "rating") == 0 || strcmp(d->kind, "competence") == 0)
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
rating_text(void *ud, int64_t scale_id, int rating, int64_t count)
{
	return buf_printf(ud, "rating scale %" PRId64 " %d: %" PRId64 "\n", scale_id, rating,
	    count) ? DB_OK : DB_ERROR;
}

static int
dist_text(void *ud, const struct report_dist_row *r)
{
	return buf_printf(ud, "distribution %" PRId64 " %s: %s %" PRId64 " scale %" PRId64
	    " %s | %s level %d: %" PRId64 "\n", r->department_id, r->department, r->kind,
	    r->competence_id, r->scale_id, r->name_nl, r->name_en, r->value, r->count) ?
	    DB_OK : DB_ERROR;
}

static void
totals_text(struct buf *b, const struct report_totals *t)
{
	buf_printf(b, "dossiers %" PRId64 " results %" PRId64 " achieved %" PRId64
	    " not_achieved %" PRId64 " in_progress %" PRId64 " without_dossier %" PRId64 "\n",
	    t->dossiers, t->results, t->achieved, t->not_achieved, t->in_progress,
	    t->without_dossier);
}

static int
collective_text(void *ud, const struct collective_row *g, int64_t dossiers)
{
	return buf_printf(ud, "collective %" PRId64 ": %" PRId64 "\n", g->id, dossiers) ?
	    DB_OK : DB_ERROR;
}

static int
person_text(void *ud, const struct report_person *p)
{
	return buf_printf(ud, "  %" PRId64 " %s | %s | %s | %s | dossier %" PRId64 " count %"
	    PRId64 "\n", p->employee_id, p->login, p->name, p->department, p->manager,
	    p->dossier_id, p->count) ? DB_OK : DB_ERROR;
}

static int
remind_text(void *ud, const struct report_remind_row *r)
{
	return buf_printf(ud, "  remind %" PRId64 " %s <%s> %d %s conversation %" PRId64
	    " %s %s due %s | %s | %s\n", r->employee_id, r->name, r->email, r->active ? 1 : 0,
	    r->lang, r->conversation_id, r->type, r->status, r->due_on, r->cycle, r->manager) ?
	    DB_OK : DB_ERROR;
}

/* Every list whole: more rows than any test organisation holds. */
#define VERIFY_LIST_ROWS 1000000
/* The summaries' lists are walked a page at a time from cursor to cursor,
 * as GET /reports/people pages them, so a person lost or shown twice at a
 * page's seam shows as a difference; pages of this many (a prime, so the
 * seams fall elsewhere than the page's 50). */
#define VERIFY_PAGE_ROWS 7
/* The longest name a cursor holds (employee.name: 200 characters). */
#define VERIFY_NAME_BYTES 800

/* A page of a list being walked: its text, and the last person's key. */
struct walk {
	struct buf *b;
	int64_t rows, last_id;
	char last_name[VERIFY_NAME_BYTES + 1];
};

static int
walk_person(void *ud, const struct report_person *p)
{
	struct walk *w = ud;

	w->rows++;
	w->last_id = p->employee_id;
	strlcopy(w->last_name, p->name, sizeof(w->last_name));
	return person_text(w->b, p);
}

/* The whole list from the summaries, page after page. */
static int
walk_people(struct db *db, const struct report_scope *s, const struct report_metric *m,
    struct buf *b)
{
	struct walk w = { .b = b, .last_id = 0, .last_name = "" };
	struct report_cursor at;
	int st;

	do {
		at = (struct report_cursor){ w.last_name, w.last_id, false };
		w.rows = 0;
		if ((st = summary_report_people(db, s, m, &at, VERIFY_PAGE_ROWS, walk_person,
		    &w)) != DB_OK)
			return st;
	} while (w.rows == VERIFY_PAGE_ROWS);
	return DB_OK;
}
/* The metrics whose lists are compared besides the fixed ones: each
 * rating value and collective goal the recount finds, at most this many. */
#define VERIFY_VALUES_MAX 64

static const char *const verify_types[] = { "goal_setting", "progress", "assessment" };
static const char *const verify_conv_states[] = {
	"total", "planned", "held", "signing", "closed", "overdue",
};
static const char *const verify_result_states[] = {
	"total", "achieved", "not_achieved", "in_progress",
};

struct values {
	int64_t v[VERIFY_VALUES_MAX];
	int64_t scale[VERIFY_VALUES_MAX];	/* a rating's (issue 16) */
	size_t n;
};

static int
keep_rating(void *ud, int64_t scale_id, int rating, int64_t count)
{
	struct values *vs = ud;

	(void)count;
	if (vs->n < VERIFY_VALUES_MAX) {
		vs->scale[vs->n] = scale_id;
		vs->v[vs->n++] = rating;
	}
	return DB_OK;
}

static int
keep_goal(void *ud, const struct collective_row *g, int64_t dossiers)
{
	struct values *vs = ud;

	(void)dossiers;
	if (vs->n < VERIFY_VALUES_MAX)
		vs->v[vs->n++] = g->id;
	return DB_OK;
}

/* The recount's list, its count column summed: the number the list's
 * page says it holds. */
struct counted {
	struct buf *b;
	int64_t sum;
};

static int
counted_person(void *ud, const struct report_person *p)
{
	struct counted *c = ud;

	c->sum += p->count;
	return person_text(c->b, p);
}

/* One list as text, by the recount or from the summaries, with the number
 * the list's page shows: the recount's sum of the count column, or the
 * summaries' own read of it (summary_report_people_total). */
static int
list_text(struct db *db, const struct report_scope *s, const struct report_metric *m,
    bool summaries, struct buf *b)
{
	struct counted c = { b, 0 };
	int st;

	buf_printf(b, "list %d %s %s %" PRId64 " scale %" PRId64 ":\n", (int)m->kind,
	    m->type ? m->type : "", m->state ? m->state : "", m->value, m->scale_id);
	st = summaries ? walk_people(db, s, m, b) :
	    report_people(db, s, m, 0, VERIFY_LIST_ROWS, counted_person, &c);
	if (st == DB_OK && summaries)
		st = summary_report_people_total(db, s, m, &c.sum);
	if (st != DB_OK)
		return st;
	buf_printf(b, "  total %" PRId64 "\n", c.sum);
	if (m->kind != METRIC_CONVERSATIONS)
		return st;
	return summaries ?
	    summary_report_remind_people(db, s, m, &REPORT_CURSOR_START, VERIFY_LIST_ROWS,
	    remind_text, b) :
	    report_remind_people(db, s, m, VERIFY_LIST_ROWS, remind_text, b);
}

/* The competences' levels the recount finds (issue 16), whose lists are
 * compared. */
struct levels {
	struct { int64_t competence_id, level; } v[VERIFY_VALUES_MAX];
	size_t n;
};

static int
keep_level(void *ud, const struct report_dist_row *r)
{
	struct levels *ls = ud;

	if (strcmp(r->kind, "competence") != 0 || ls->n >= VERIFY_VALUES_MAX)
		return DB_OK;
	ls->v[ls->n].competence_id = r->competence_id;
	ls->v[ls->n++].level = r->value;
	return DB_OK;
}

/* The list behind each competence level of the recount. */
static int
competence_lists_text(struct db *db, const struct report_scope *s, bool summaries,
    struct buf *b)
{
	struct report_metric m = { .kind = METRIC_COMPETENCE };
	struct levels ls = { .n = 0 };
	size_t i;
	int st;

	if ((st = report_distribution(db, s, keep_level, &ls)) != DB_OK)
		return st;
	for (i = 0; i < ls.n; i++) {
		m.competence_id = ls.v[i].competence_id;
		m.value = ls.v[i].level;
		buf_printf(b, "competence %" PRId64 ":\n", m.competence_id);
		if ((st = list_text(db, s, &m, summaries, b)) != DB_OK)
			return st;
	}
	return DB_OK;
}

/* Every list behind a number of the scope's overview, and the collective
 * goals' counts, as text. */
static int
lists_text(struct db *db, const struct report_scope *s, bool summaries, struct buf *b)
{
	struct values ratings = { .n = 0 }, goals = { .n = 0 };
	struct report_metric m = { .kind = METRIC_DOSSIERS };
	size_t i, j;
	int st;

	if ((st = report_ratings(db, s, keep_rating, &ratings)) != DB_OK ||
	    (st = report_collective(db, s, keep_goal, &goals)) != DB_OK)
		return st;
	st = summaries ? summary_report_collective(db, s, collective_text, b) :
	    report_collective(db, s, collective_text, b);
	if (st != DB_OK || (st = list_text(db, s, &m, summaries, b)) != DB_OK)
		return st;
	m.kind = METRIC_NO_DOSSIER;
	if ((st = list_text(db, s, &m, summaries, b)) != DB_OK)
		return st;
	m.kind = METRIC_CONVERSATIONS;
	for (i = 0; i < ARRAY_LEN(verify_types); i++)
		for (j = 0; j < ARRAY_LEN(verify_conv_states); j++) {
			m.type = verify_types[i];
			m.state = verify_conv_states[j];
			if ((st = list_text(db, s, &m, summaries, b)) != DB_OK)
				return st;
		}
	m = (struct report_metric){ .kind = METRIC_RESULTS };
	for (j = 0; j < ARRAY_LEN(verify_result_states); j++) {
		m.state = verify_result_states[j];
		if ((st = list_text(db, s, &m, summaries, b)) != DB_OK)
			return st;
	}
	m = (struct report_metric){ .kind = METRIC_RATING };
	for (i = 0; i < ratings.n; i++) {
		m.scale_id = ratings.scale[i];
		m.value = ratings.v[i];
		if ((st = list_text(db, s, &m, summaries, b)) != DB_OK)
			return st;
	}
	m.kind = METRIC_COLLECTIVE;
	for (i = 0; i < goals.n; i++) {
		m.value = goals.v[i];
		if ((st = list_text(db, s, &m, summaries, b)) != DB_OK)
			return st;
	}
	return competence_lists_text(db, s, summaries, b);
}

/* The overview of one scope as text, by the recount (summaries false) or
 * from the summaries: every number, every list behind one. */
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
		st = summaries ? summary_report_distribution(db, s, dist_text, b) :
		    report_distribution(db, s, dist_text, b);
	if (st == DB_OK)
		st = summaries ? summary_report_totals(db, s, &t) : report_totals(db, s, &t);
	if (st == DB_OK)
		totals_text(b, &t);
	if (st == DB_OK)
		st = lists_text(db, s, summaries, b);
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

/* ---- explain-reports: the plans of the report pages' statements ---- */

/* One statement's plan as one JSON line (machine-readable for
 * tests/bench): its tables, and the flags a page statement must not have
 * -- a temporary table, a filesort, a table read whole (full_scans).  A
 * derived table, a union's result or a materialized subquery read whole
 * (`<derived3>`: EXPLAIN's type ALL) is no table of the database but the
 * rows the statement made itself from what it read by key -- a union's
 * parts, say: it goes to derived_scans with EXPLAIN's estimate of its
 * rows, not to full_scans, which name the tables read whole. */
struct plans {
	const char *scope;
	int64_t cycle_id;
	char statement[64];		/* the statement being gathered, "" none */
	struct buf tables, full_scans, derived_scans;
	bool temporary, filesort;
	long statements;
};

/* s as a JSON string into b. */
static void
json_str(struct buf *b, const char *s)
{
	buf_puts(b, "\"");
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_printf(b, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			buf_printf(b, "\\u%04x", (unsigned)(unsigned char)*s);
		else
			buf_append(b, s, 1);
	}
	buf_puts(b, "\"");
}

static void
plans_flush(struct plans *p)
{
	struct buf line;

	if (p->statement[0] == '\0')
		return;
	buf_init(&line);
	buf_puts(&line, "{\"statement\":");
	json_str(&line, p->statement);
	buf_puts(&line, ",\"scope\":");
	json_str(&line, p->scope);
	buf_printf(&line, ",\"cycle\":%" PRId64 ",\"temporary\":%s,\"filesort\":%s,"
	    "\"full_scans\":[%.*s],\"derived_scans\":[%.*s],\"tables\":[%.*s]}\n", p->cycle_id,
	    p->temporary ? "true" : "false", p->filesort ? "true" : "false",
	    (int)p->full_scans.len, p->full_scans.data ? p->full_scans.data : "",
	    (int)p->derived_scans.len, p->derived_scans.data ? p->derived_scans.data : "",
	    (int)p->tables.len, p->tables.data ? p->tables.data : "");
	fwrite(line.data, 1, line.len, stdout);
	buf_free(&line);
	buf_reset(&p->tables);
	buf_reset(&p->full_scans);
	buf_reset(&p->derived_scans);
	p->temporary = p->filesort = false;
	p->statement[0] = '\0';
	p->statements++;
}

static int
plan_text(void *ud, const struct report_plan_row *r)
{
	struct plans *p = ud;

	if (strcmp(p->statement, r->statement) != 0) {
		plans_flush(p);
		snprintf(p->statement, sizeof(p->statement), "%s", r->statement);
	}
	if (strstr(r->extra, "Using temporary") != NULL)
		p->temporary = true;
	if (strstr(r->extra, "Using filesort") != NULL)
		p->filesort = true;
	if (strcmp(r->type, "ALL") == 0 && r->table[0] == '<') {
		if (p->derived_scans.len)
			buf_puts(&p->derived_scans, ",");
		buf_puts(&p->derived_scans, "{\"table\":");
		json_str(&p->derived_scans, r->table);
		buf_printf(&p->derived_scans, ",\"rows\":%" PRId64 "}", r->rows);
	} else if (strcmp(r->type, "ALL") == 0) {
		if (p->full_scans.len)
			buf_puts(&p->full_scans, ",");
		json_str(&p->full_scans, r->table);
	}
	if (p->tables.len)
		buf_puts(&p->tables, ",");
	buf_printf(&p->tables, "{\"id\":%" PRId64 ",\"select_type\":", r->id);
	json_str(&p->tables, r->select_type);
	buf_puts(&p->tables, ",\"table\":");
	json_str(&p->tables, r->table);
	buf_puts(&p->tables, ",\"alias\":");
	json_str(&p->tables, r->alias);
	buf_puts(&p->tables, ",\"type\":");
	json_str(&p->tables, r->type);
	buf_puts(&p->tables, ",\"key\":");
	json_str(&p->tables, r->key);
	buf_printf(&p->tables, ",\"rows\":%" PRId64 ",\"extra\":", r->rows);
	json_str(&p->tables, r->extra);
	buf_puts(&p->tables, "}");
	return p->tables.failed || p->full_scans.failed || p->derived_scans.failed ?
	    DB_ERROR : DB_OK;
}

/* The scopes whose plans are shown besides HR's: a department with its
 * sub-departments (the first listed, the top of the tree) and a manager's. */
struct explain_scopes {
	int64_t department_id, manager_id;
};

static int
pick_scope(void *ud, int64_t cycle_id, int64_t department_id, bool recursive,
    int64_t manager_id)
{
	struct explain_scopes *es = ud;

	(void)cycle_id;
	if (department_id && recursive && es->department_id == 0)
		es->department_id = department_id;
	if (manager_id && es->manager_id == 0)
		es->manager_id = manager_id;
	return DB_OK;
}

static int
first_goal(void *ud, const struct collective_row *g, int64_t dossiers)
{
	int64_t *id = ud;

	(void)dossiers;
	if (*id == 0)
		*id = g->id;
	return DB_OK;
}

static int
explain_scope(struct db *db, struct plans *p, const char *name, const struct report_scope *s,
    int64_t goal_id)
{
	int st;

	p->scope = name;
	st = summary_report_explain(db, s, goal_id, plan_text, p);
	plans_flush(p);
	return st;
}

static int
explain_all(struct db *db, int64_t cycle_id, struct plans *p)
{
	struct explain_scopes es = { 0, 0 };
	struct report_scope s = { .cycle_id = cycle_id };
	int64_t goal_id = 0;
	int st;

	if ((st = summary_scopes(db, cycle_id, pick_scope, &es)) != DB_OK ||
	    (st = summary_report_collective(db, &s, first_goal, &goal_id)) != DB_OK ||
	    (st = explain_scope(db, p, "hr", &s, goal_id)) != DB_OK)
		return st;
	if (es.department_id) {
		s.department_id = es.department_id;
		s.recursive = true;
		if ((st = explain_scope(db, p, "department", &s, goal_id)) != DB_OK)
			return st;
		s.recursive = false;
		if ((st = explain_scope(db, p, "department_own", &s, goal_id)) != DB_OK)
			return st;
		s.department_id = 0;
	}
	if (es.manager_id) {
		s.manager_id = es.manager_id;
		st = explain_scope(db, p, "manager", &s, goal_id);
	}
	return st;
}

int
ctl_explain_reports(const struct cli_call *c)
{
	const char *arg = cli_value(&c->args, "--cycle");
	struct plans p = { .scope = "" };
	struct db *db;
	int st;

	if (arg != NULL && !parse_id(arg, strlen(arg), &p.cycle_id))
		return cli_usage_error(c->args.spec);
	if ((db = cli_db_open(c->conf, "explain-reports", false)) == NULL)
		return 1;
	buf_init(&p.tables);
	buf_init(&p.full_scans);
	buf_init(&p.derived_scans);
	st = arg != NULL ? DB_OK : summary_newest_cycle(db, &p.cycle_id);
	if (st == DB_OK && p.cycle_id == 0) {
		fprintf(stderr, "gesprekctl: explain-reports: no cycle\n");
		st = DB_NOTFOUND;
	} else if (st == DB_OK)
		st = explain_all(db, p.cycle_id, &p);
	if (st != DB_OK && st != DB_NOTFOUND)
		fprintf(stderr, "gesprekctl: explain-reports: %s\n", db_error(db));
	buf_free(&p.tables);
	buf_free(&p.full_scans);
	buf_free(&p.derived_scans);
	db_free(db);
	return st == DB_OK ? 0 : 1;
}
