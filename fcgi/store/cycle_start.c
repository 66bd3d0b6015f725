/* cycle_start.c -- starting a cycle (a dossier with planned conversations
 * for each employee in scope) and closing it (every dossier frozen).
 *
 * Starting twice gives no one a second dossier: the cycle row is locked
 * first, so the dossiers read next are all there are, and each employee
 * without one gets it; the unique key (cycle_id, employee_id) stands
 * behind that.  Everything, audit rows included, is one transaction. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/cycle_tx.h"
#include "store/audit.h"
#include "store/cycle.h"
#include "store/cycle_template.h"
#include "store/db.h"
#include "store/headcount.h"
#include "store/proposal.h"
#include "store/summary.h"
#include "base/util.h"

/* Room for the employees of one start grows in steps of this many. */
#define TARGETS_CHUNK 256

#define TARGET_COLUMNS \
	"SELECT e.id, e.manager_id, COALESCE(m.login, ''), d.id FROM employee e" \
	" LEFT JOIN employee m ON m.id = e.manager_id" \
	" LEFT JOIN dossier d ON d.cycle_id = ? AND d.employee_id = e.id"

static struct db_stmt_def q_targets_all = DB_STMT(
	TARGET_COLUMNS " WHERE e.active = 1 ORDER BY e.id");
static struct db_stmt_def q_targets_department = DB_STMT(
	TARGET_COLUMNS " WHERE e.active = 1 AND e.department_id = ? ORDER BY e.id");
/* The department and everything below it: the stored ancestors (sql/064). */
static struct db_stmt_def q_targets_subtree = DB_STMT(
	TARGET_COLUMNS " WHERE e.active = 1 AND e.department_id IN"
	" (SELECT a.dep FROM department_ancestor a WHERE a.up = ?) ORDER BY e.id");
static struct db_stmt_def q_targets_one = DB_STMT(
	TARGET_COLUMNS " WHERE e.active = 1 AND e.id = ?");
static struct db_stmt_def q_department = DB_STMT(
	"SELECT name FROM department WHERE id = ?");
static struct db_stmt_def q_dossier_insert = DB_STMT(
	"INSERT INTO dossier (cycle_id, employee_id, manager_id) VALUES (?, ?, ?)");
/* One planned conversation per step; seq is the step's.  Each starts on
 * the template version template_version_for chose, and keeps it. */
static struct db_stmt_def q_conversations = DB_STMT(
	"INSERT INTO conversation (dossier_id, type, template_version_id, seq, due_on)"
	" SELECT ?, type, ?, seq, due_on FROM cycle_step WHERE cycle_id = ? ORDER BY seq");
static struct db_stmt_def q_open = DB_STMT(
	"UPDATE cycle SET status = 'open', version = version + 1, updated_at = UTC_TIMESTAMP()"
	" WHERE id = ?");
/* Closing writes one audit row per dossier it closes, set-based. */
static struct db_stmt_def q_close_audit = DB_STMT(
	"INSERT INTO audit (actor_id, entity, entity_id, action, detail)"
	" SELECT ?, 'dossier', id, 'close', 'status: open -> closed (cycle closed)'"
	" FROM dossier WHERE cycle_id = ? AND status = 'open'");
static struct db_stmt_def q_close_dossiers = DB_STMT(
	"UPDATE dossier SET status = 'closed', version = version + 1,"
	" updated_at = UTC_TIMESTAMP() WHERE cycle_id = ? AND status = 'open'");
static struct db_stmt_def q_close_cycle = DB_STMT(
	"UPDATE cycle SET status = 'closed', version = version + 1,"
	" updated_at = UTC_TIMESTAMP() WHERE id = ?");

/* The open dossiers of a cycle, and of them those with work left. */
static struct db_stmt_def q_close_counts = DB_STMT(
	"SELECT COUNT(*),"
	" COALESCE(SUM(EXISTS (SELECT 1 FROM conversation c WHERE c.dossier_id = d.id"
	"  AND c.status IN ('planned', 'preparing'))), 0),"
	" COALESCE(SUM(EXISTS (SELECT 1 FROM conversation c WHERE c.dossier_id = d.id"
	"  AND c.status IN ('held', 'finalized'))), 0)"
	" FROM dossier d WHERE d.cycle_id = ? AND d.status = 'open'");

struct target {
	int64_t employee_id;
	int64_t manager_id;
	char manager_login[LOGIN_MAX + 1];
	bool has_dossier;
};

struct targets {
	struct target *v;
	size_t n, cap;
};

static int
target_row(void *ud, const struct db_row *r)
{
	struct targets *t = ud;
	struct target *grown;

	if (t->n == t->cap) {
		grown = realloc(t->v, (t->cap + TARGETS_CHUNK) * sizeof(*t->v));
		if (grown == NULL)
			return DB_ERROR;
		t->v = grown;
		t->cap += TARGETS_CHUNK;
	}
	t->v[t->n].employee_id = db_int(r, 0);
	t->v[t->n].manager_id = db_int(r, 1);
	strlcopy(t->v[t->n].manager_login, db_str(r, 2), sizeof(t->v[t->n].manager_login));
	t->v[t->n].has_dossier = !db_isnull(r, 3);
	t->n++;
	return DB_OK;
}

static int
cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* The hand-picked employees, each once. */
static int
list_targets(struct db *db, int64_t cycle_id, const int64_t *ids, size_t n,
    struct targets *t)
{
	int64_t *sorted;
	size_t i;
	int st = DB_OK;

	if (n == 0)
		return DB_OK;
	if ((sorted = malloc(n * sizeof(*sorted))) == NULL)
		return DB_ERROR;
	memcpy(sorted, ids, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_id);
	for (i = 0; i < n && st == DB_OK; i++)
		if (i == 0 || sorted[i] != sorted[i - 1])
			st = db_query(db, &q_targets_one, DB_ARGS(DB_INT(cycle_id),
			    DB_INT(sorted[i])), target_row, t);
	free(sorted);
	return st;
}

static int
name_row(void *ud, const struct db_row *r)
{
	strlcopy(ud, db_str(r, 0), NAME_MAX_LEN * 4 + 1);
	return DB_OK;
}

/* Who is in scope; the scope in words goes to `scope` for the audit row. */
static int
find_targets(struct db *db, int64_t cycle_id, const struct cycle_start *how,
    struct targets *t, struct buf *scope)
{
	char department[NAME_MAX_LEN * 4 + 1] = "";
	int st;

	if (how->scope == SCOPE_ALL) {
		buf_puts(scope, "all active employees");
		return db_query(db, &q_targets_all, DB_ARGS(DB_INT(cycle_id)), target_row, t);
	}
	if (how->scope == SCOPE_LIST) {
		buf_printf(scope, "list of %zu", how->nemployees);
		return list_targets(db, cycle_id, how->employees, how->nemployees, t);
	}
	st = db_query(db, &q_department, DB_ARGS(DB_INT(how->department_id)), name_row,
	    department);
	if (st != DB_OK)
		return st;
	if (department[0] == '\0')
		return DB_NOTFOUND;
	buf_printf(scope, "department %s%s", department,
	    how->recursive ? " with sub-departments" : "");
	return db_query(db, how->recursive ? &q_targets_subtree : &q_targets_department,
	    DB_ARGS(DB_INT(cycle_id), DB_INT(how->department_id)), target_row, t);
}

/* A new dossier with its conversations, and as proposals on its goal
 * setting what the employee left unfinished in the cycle before
 * (*carried of them; proposal.c). */
static int
give_dossier(struct db *db, int64_t actor, int64_t cycle_id, const char *cycle_name,
    const struct target *t, int64_t *carried)
{
	char detail[CYCLE_NAME_MAX * 4 + LOGIN_MAX + 96];
	int64_t dossier_id = 0, version_id = 0;
	int st;

	*carried = 0;
	/* Read in this transaction, after the cycle's choices are written. */
	if ((st = template_version_for(db, cycle_id, t->employee_id, &version_id)) != DB_OK)
		return st;
	st = db_exec(db, &q_dossier_insert, DB_ARGS(DB_INT(cycle_id), DB_INT(t->employee_id),
	    DB_REF(t->manager_id)), NULL, &dossier_id);
	if (st != DB_OK)
		return st;
	st = db_exec(db, &q_conversations, DB_ARGS(DB_INT(dossier_id), DB_REF(version_id),
	    DB_INT(cycle_id)), NULL, NULL);
	if (st != DB_OK)
		return st;
	st = proposal_carry_tx(db, dossier_id, cycle_id, t->employee_id, carried);
	if (st != DB_OK)
		return st;
	if (*carried)
		snprintf(detail, sizeof(detail), "cycle: %s; manager: %s; proposals: %lld",
		    cycle_name, t->manager_login[0] ? t->manager_login : "-", (long long)*carried);
	else
		snprintf(detail, sizeof(detail), "cycle: %s; manager: %s", cycle_name,
		    t->manager_login[0] ? t->manager_login : "-");
	return audit_add(db, actor, "dossier", dossier_id, "create", detail);
}

int
cycle_join_tx(struct db *db, int64_t actor, int64_t cycle_id, const char *cycle_name,
    int64_t employee_id, bool *created)
{
	struct targets t = { NULL, 0, 0 };
	int64_t carried;
	int st;

	*created = false;
	st = db_query(db, &q_targets_one, DB_ARGS(DB_INT(cycle_id), DB_INT(employee_id)),
	    target_row, &t);
	if (st == DB_OK && t.n == 1 && !t.v[0].has_dossier) {
		st = give_dossier(db, actor, cycle_id, cycle_name, &t.v[0], &carried);
		if (st == DB_OK)
			st = summary_employee(db, employee_id);
		if (st == DB_OK)
			st = headcount_dossiers(db, cycle_id, NULL, "open", 1);
		if (st == DB_OK)
			st = headcount_employee(db, employee_id);
		*created = st == DB_OK;
	}
	free(t.v);
	return st;
}

int
cycle_start_tx(struct db *db, int64_t actor, int64_t id, const struct cycle_start *how,
    struct cycle_started *out)
{
	struct targets t = { NULL, 0, 0 };
	struct cycle_lock lock;
	struct buf detail;
	int64_t carried;
	size_t i;
	int st;

	memset(out, 0, sizeof(*out));
	buf_init(&detail);
	if ((st = cycle_lock(db, id, &lock)) != DB_OK)
		goto out;
	if (strcmp(lock.status, "closed") == 0) {
		st = DB_CONFLICT;
		goto out;
	}
	/* The choices first: the dossiers below start on them. */
	if ((st = cycle_templates_set_tx(db, actor, id, &how->templates, &out->templates)) != DB_OK)
		goto out;
	buf_puts(&detail, "scope: ");
	if ((st = find_targets(db, id, how, &t, &detail)) != DB_OK)
		goto out;
	for (i = 0; i < t.n && st == DB_OK; i++) {
		if (t.v[i].has_dossier)
			out->present++;
		else if ((st = give_dossier(db, actor, id, lock.name, &t.v[i], &carried)) == DB_OK) {
			out->created++;
			out->proposals += carried;
		}
	}
	/* The new dossiers' summaries and counts, all in one pass over the
	 * cycle. */
	if (st != DB_OK || (out->created && ((st = summary_cycle(db, id)) != DB_OK ||
	    (st = headcount_cycle(db, id)) != DB_OK)))
		goto out;
	st = cycle_copy_goals_tx(db, actor, id, how->copy_goals, how->ncopy_goals,
	    &out->goals_copied, &out->goal_refused);
	if (st != DB_OK)
		goto out;
	/* A new version also when nothing was created: a form read before the
	 * start must not change the schedule after it. */
	if ((st = db_exec(db, &q_open, DB_ARGS(DB_INT(id)), NULL, NULL)) != DB_OK)
		goto out;
	if (strcmp(lock.status, "open") != 0)
		buf_printf(&detail, "; status: %s -> open", lock.status);
	buf_printf(&detail, "; dossiers created: %lld; already present: %lld",
	    (long long)out->created, (long long)out->present);
	if (out->goals_copied)
		buf_printf(&detail, "; organisation goals copied: %lld",
		    (long long)out->goals_copied);
	if (out->proposals)
		buf_printf(&detail, "; unfinished goals proposed: %lld",
		    (long long)out->proposals);
	st = detail.failed ? DB_ERROR : audit_add(db, actor, "cycle", id, "start", detail.data);
out:
	free(t.v);
	buf_free(&detail);
	return st;
}

struct start_args {
	int64_t actor, id;
	const struct cycle_start *how;
	struct cycle_started *out;
};

static int
start_tx(struct db *db, void *ud)
{
	struct start_args *a = ud;

	return cycle_start_tx(db, a->actor, a->id, a->how, a->out);
}

int
cycle_start(struct db *db, int64_t actor, int64_t id, const struct cycle_start *how,
    struct cycle_started *out)
{
	struct start_args a = { actor, id, how, out };

	return db_tx(db, start_tx, &a);
}

struct close_args {
	int64_t actor, id;
	int64_t *closed;
};

static int
close_tx(struct db *db, void *ud)
{
	struct close_args *a = ud;
	struct cycle_lock lock;
	char detail[128];
	uint64_t n = 0;
	int st;

	if ((st = cycle_lock(db, a->id, &lock)) != DB_OK)
		return st;
	if (strcmp(lock.status, "closed") == 0)
		return DB_CONFLICT;
	st = db_exec(db, &q_close_audit, DB_ARGS(DB_REF(a->actor), DB_INT(a->id)), NULL, NULL);
	if (st != DB_OK)
		return st;
	/* Closed dossiers count as open ones did (only a leaver's is left
	 * out): the report summaries (store/summary.h) stand as they are. */
	st = db_exec(db, &q_close_dossiers, DB_ARGS(DB_INT(a->id)), &n, NULL);
	if (st != DB_OK ||
	    (st = headcount_dossiers(db, a->id, "open", "closed", (int64_t)n)) != DB_OK)
		return st;
	if ((st = db_exec(db, &q_close_cycle, DB_ARGS(DB_INT(a->id)), NULL, NULL)) != DB_OK)
		return st;
	*a->closed = (int64_t)n;
	snprintf(detail, sizeof(detail), "status: %s -> closed; dossiers closed: %llu",
	    lock.status, (unsigned long long)n);
	return audit_add(db, a->actor, "cycle", a->id, "close", detail);
}

int
cycle_close(struct db *db, int64_t actor, int64_t id, int64_t *dossiers_closed)
{
	struct close_args a = { actor, id, dossiers_closed };

	*dossiers_closed = 0;
	return db_tx(db, close_tx, &a);
}

int
cycle_start_preview(struct db *db, int64_t id, const struct cycle_start *how,
    struct cycle_started *out)
{
	struct targets t = { NULL, 0, 0 };
	struct buf scope;
	int64_t carried = 0;
	size_t i;
	int st;

	memset(out, 0, sizeof(*out));
	buf_init(&scope);
	st = find_targets(db, id, how, &t, &scope);
	for (i = 0; st == DB_OK && i < t.n; i++) {
		if (t.v[i].has_dossier) {
			out->present++;
			continue;
		}
		out->created++;
		/* One count per new dossier: the start itself runs one carry
		 * per new dossier too. */
		st = proposals_to_carry(db, id, t.v[i].employee_id, &carried);
		out->proposals += carried;
	}
	free(t.v);
	buf_free(&scope);
	return st;
}

static int
close_counts_row(void *ud, const struct db_row *r)
{
	struct cycle_close_counts *c = ud;

	c->dossiers = db_int(r, 0);
	c->not_held = db_int(r, 1);
	c->not_signed = db_int(r, 2);
	return DB_OK;
}

int
cycle_close_preview(struct db *db, int64_t id, struct cycle_close_counts *out)
{
	memset(out, 0, sizeof(*out));
	return db_query(db, &q_close_counts, DB_ARGS(DB_INT(id)), close_counts_row, out);
}
