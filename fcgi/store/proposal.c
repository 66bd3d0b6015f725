/* proposal.c -- see proposal.h.  A new dossier takes over, as proposals on
 * its goal-setting conversation, the result goals and development points
 * of the employee's previous dossier that are not finished (still open,
 * on track or at risk): what was achieved, not achieved or cancelled is
 * done, and actions belong to their own period.
 *
 * "The previous dossier" is the employee's dossier in the cycle that
 * started last before the new one (by starts_on, then id), whatever its
 * state: with two cycles open, the older one's open goals are offered too.
 * A cycle that starts on the same day is not before it but beside it (a
 * department's own cycle, say): the employee's work there is not carried.  What a
 * party prepared privately there (an item of a conversation still planned
 * or being prepared, its side not shared) stays private: it is not
 * carried, since the other party would read it in the proposal. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "store/audit.h"
#include "store/conversation_tx.h"
#include "store/cycle_tx.h"
#include "store/db.h"
#include "store/form_sql.h"
#include "store/proposal.h"
#include "store/summary.h"
#include "base/util.h"

/* The employee's dossier in the cycle before cycle ?, employee ?. */
#define PREVIOUS_DOSSIER \
	"(SELECT pd.id FROM dossier pd JOIN cycle pc ON pc.id = pd.cycle_id" \
	" JOIN cycle nc ON nc.id = ?" \
	" WHERE pd.employee_id = ? AND pc.starts_on < nc.starts_on" \
	" ORDER BY pc.starts_on DESC, pc.id DESC LIMIT 1)"
/* Its unfinished goals and development points that both parties may read:
 * FROM and WHERE of one statement, params cycle and employee. */
#define CARRIED_FROM \
	" item i JOIN dossier pd ON pd.id = i.dossier_id" \
	" LEFT JOIN conversation ic ON ic.id = i.created_in_conversation_id"
#define CARRIED_WHERE \
	" i.dossier_id = " PREVIOUS_DOSSIER \
	" AND i.kind IN ('result', 'development')" \
	" AND i.status IN ('open', 'on_track', 'at_risk')" \
	" AND NOT (COALESCE(ic.status, '') IN ('planned', 'preparing')" \
	"  AND NOT IF(i.author_id <=> pd.employee_id, ic.employee_shared, ic.manager_shared))"

/* params: new dossier, cycle, employee.  The goal-setting conversation is
 * the dossier's first of that type; a cycle without one carries nothing.
 * Rerun, it adds nothing (and the unique key proposal_once stands behind
 * that). */
static struct db_stmt_def q_carry = DB_STMT(
	"INSERT INTO proposal (conversation_id, source_item_id, source_cycle_id, source_status,"
	" kind, title, measure)"
	" SELECT g.id, i.id, pd.cycle_id, i.status, i.kind, i.title, i.measure"
	" FROM conversation g JOIN" CARRIED_FROM
	" WHERE g.id = (SELECT f.id FROM conversation f WHERE f.dossier_id = ?"
	"  AND f.type = 'goal_setting' ORDER BY f.seq LIMIT 1)"
	" AND" CARRIED_WHERE
	" AND NOT EXISTS (SELECT 1 FROM proposal x WHERE x.conversation_id = g.id"
	"  AND x.source_item_id = i.id)"
	" ORDER BY i.kind, i.id");
static struct db_stmt_def q_count = DB_STMT(
	"SELECT COUNT(*) FROM" CARRIED_FROM " WHERE" CARRIED_WHERE);
static struct db_stmt_def q_list = DB_STMT("SELECT " FORM_PROPOSALS_PART);
static struct db_stmt_def q_conversation = DB_STMT(
	"SELECT conversation_id FROM proposal WHERE id = ?");
/* The state check of both decisions, in the write: only a proposal of
 * this conversation that nobody decided yet. */
static struct db_stmt_def q_decide = DB_STMT(
	"UPDATE proposal SET status = ?, decided_by = ?, decided_at = UTC_TIMESTAMP(),"
	" version = version + 1, updated_at = UTC_TIMESTAMP()"
	" WHERE id = ? AND conversation_id = ? AND status = 'proposed'");
static struct db_stmt_def q_item_of = DB_STMT(
	"INSERT INTO item (dossier_id, kind, title, measure, responsible_id,"
	" created_in_conversation_id, author_id)"
	" SELECT ?, kind, title, measure, ?, conversation_id, ? FROM proposal WHERE id = ?");
static struct db_stmt_def q_link = DB_STMT(
	"UPDATE proposal SET item_id = ? WHERE id = ?");
/* What the audit row names: the source and the text. */
static struct db_stmt_def q_source = DB_STMT(
	"SELECT source_item_id, title FROM proposal WHERE id = ?");

/* The states of a goal setting in which proposals may be decided. */
static const char *const st_open[] = { "planned", "preparing", NULL };

int
proposal_carry_tx(struct db *db, int64_t dossier_id, int64_t cycle_id, int64_t employee_id,
    int64_t *carried)
{
	uint64_t n = 0;
	int st = db_exec(db, &q_carry, DB_ARGS(DB_INT(dossier_id), DB_INT(cycle_id),
	    DB_INT(employee_id)), &n, NULL);

	*carried = st == DB_OK ? (int64_t)n : 0;
	return st;
}

int
proposals_to_carry(struct db *db, int64_t cycle_id, int64_t employee_id, int64_t *n)
{
	*n = 0;
	return db_query(db, &q_count, DB_ARGS(DB_INT(cycle_id), DB_INT(employee_id)),
	    count_row, n);
}

struct list_cb {
	proposal_fn fn;
	void *ud;
};

static int
list_row(void *ud, const struct db_row *r)
{
	struct list_cb *cb = ud;
	struct proposal_row p = {
		.id = db_int(r, 0), .kind = db_str(r, 1), .title = db_str(r, 2),
		.measure = db_str(r, 3), .source_status = db_str(r, 4),
		.source_cycle = db_str(r, 5), .status = db_str(r, 6),
		.item_id = db_int(r, 7), .decided_by = db_str(r, 8),
	};

	return cb->fn(cb->ud, &p);
}

int
proposals_of_conversation(struct db *db, int64_t conversation_id, proposal_fn fn, void *ud)
{
	struct list_cb cb = { fn, ud };

	return db_query(db, &q_list, DB_ARGS(DB_INT(conversation_id)), list_row, &cb);
}

int
proposal_conversation(struct db *db, int64_t id, int64_t *conversation_id)
{
	int st;

	*conversation_id = 0;
	st = db_query(db, &q_conversation, DB_ARGS(DB_INT(id)), count_row, conversation_id);
	if (st == DB_OK && *conversation_id == 0)
		return DB_NOTFOUND;
	return st;
}

/* ---- deciding ---- */

struct decide {
	const struct conv_write *w;
	int64_t id;
	bool accept;
	int64_t item_id;
};

struct source {
	int64_t item_id;
	char title[4 * TITLE_MAX_CHARS + 1];
};

static int
source_row(void *ud, const struct db_row *r)
{
	struct source *s = ud;

	s->item_id = db_int(r, 0);
	strlcopy(s->title, db_str(r, 1), sizeof(s->title));
	return DB_OK;
}

/* The audit row: an accept is the new item's creation, a drop a change of
 * the conversation (whose page shows the proposal).  Parts "key: value"
 * as the audit page reads them (xslt/admin_parts.xsl), the title last. */
static int
audit_decision(struct db *db, const struct decide *d)
{
	char prefix[128], detail[AUDIT_DETAIL_MAX];
	struct source s = { 0, "" };
	int st;

	st = db_query(db, &q_source, DB_ARGS(DB_INT(d->id)), source_row, &s);
	if (st != DB_OK)
		return st;
	snprintf(prefix, sizeof(prefix), "proposal: %s; from item: %lld; title: ",
	    d->accept ? "accepted" : "dropped", (long long)s.item_id);
	detail_with(detail, sizeof(detail), prefix, s.title, AUDIT_TITLE_CHARS);
	if (d->accept)
		return audit_add(db, d->w->actor_id, "item", d->item_id, "create", detail);
	return audit_add(db, d->w->actor_id, "conversation", d->w->id, "update", detail);
}

static int
tx_decide(struct db *db, void *ud)
{
	struct decide *d = ud;
	struct locked l;
	int st = guard(db, d->w, NEED_PARTY, st_open, &l);

	d->item_id = 0;
	if (st != DB_OK)
		return st;
	st = exec_one(db, &q_decide, DB_ARGS(DB_STR(d->accept ? "accepted" : "dropped"),
	    DB_INT(d->w->actor_id), DB_INT(d->id), DB_INT(d->w->id)));
	if (st != DB_OK)
		return st;
	if (d->accept) {
		st = db_exec(db, &q_item_of, DB_ARGS(DB_INT(l.dossier_id), DB_INT(l.employee_id),
		    DB_INT(d->w->actor_id), DB_INT(d->id)), NULL, &d->item_id);
		if (st != DB_OK)
			return st;
		st = exec_one(db, &q_link, DB_ARGS(DB_INT(d->item_id), DB_INT(d->id)));
		if (st != DB_OK)
			return st;
		/* A new item may be a counted result goal (store/summary.h). */
		if ((st = summary_dossier(db, l.dossier_id)) != DB_OK)
			return st;
	}
	return audit_decision(db, d);
}

int
proposal_accept(struct db *db, const struct conv_write *w, int64_t id, int64_t *item_id)
{
	struct decide d = { w, id, true, 0 };
	int st = db_tx(db, tx_decide, &d);

	*item_id = st == DB_OK ? d.item_id : 0;
	return st;
}

int
proposal_drop(struct db *db, const struct conv_write *w, int64_t id)
{
	struct decide d = { w, id, false, 0 };

	return db_tx(db, tx_decide, &d);
}
