/* access.c -- the right of access (access.h): the records about one
 * person that the personal export lists besides their dossiers, and the
 * record of HR producing it.  Each list gathers its rows through the
 * person's dossiers (dossier_employee), one branch per kind of row, as
 * the audit trails do (audit.c): an OR over subqueries would scan. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/util.h"
#include "rules/deputy.h"
#include "store/access.h"
#include "store/audit.h"
#include "store/audit_sql.h"
#include "store/db.h"

#define ISO_AT(col) "DATE_FORMAT(" col ", '%Y-%m-%dT%H:%i:%sZ')"
/* What conversation.c writes before a reopen's reason (tx_reopen). */
#define REOPEN_PREFIX "reopened: "

static struct db_stmt_def q_reopens = DB_STMT(
	"SELECT a.id, c.id, c.dossier_id, " ISO_AT("a.at") ", COALESCE(e.name, ''),"
	" COALESCE(a.detail, '')"
	" FROM dossier d JOIN conversation c ON c.dossier_id = d.id"
	" JOIN audit a ON a.entity = 'conversation' AND a.entity_id = c.id AND a.action = 'reopen'"
	" LEFT JOIN employee e ON e.id = a.actor_id"
	" WHERE d.employee_id = ? ORDER BY a.at, a.id LIMIT ?");

static struct db_stmt_def q_snapshots = DB_STMT(
	"SELECT s.id, s.conversation_id, c.dossier_id, " ISO_AT("s.created_at") ", s.sha256,"
	" IF(? = 1, s.xml, '')"
	" FROM dossier d JOIN conversation c ON c.dossier_id = d.id"
	" JOIN snapshot s ON s.conversation_id = c.id"
	" WHERE d.employee_id = ? ORDER BY s.id LIMIT ?");

/* Arguments: the person six times (actor checks, then the four
 * branches), the limit.  A feedback answer's record is left out (its
 * actor is the author an anonymous round never names); the detail of a
 * feedback record or of another party's private preparation is withheld
 * unless the person wrote it. */
static struct db_stmt_def q_audit = DB_STMT(
	"SELECT a.id, " ISO_AT("a.at") ", COALESCE(e.name, ''), a.entity, COALESCE(a.entity_id, 0),"
	" a.action, COALESCE(a.detail, ''),"
	" (COALESCE(a.actor_id, 0) <> ? AND (a.entity = 'feedback' OR (" AUDIT_PRIVATE ")))"
	" FROM ("
	" SELECT id FROM audit WHERE entity = 'employee' AND entity_id = ?"
	" UNION ALL SELECT x.id FROM dossier d JOIN audit x"
	"   ON x.entity = 'dossier' AND x.entity_id = d.id WHERE d.employee_id = ?"
	" UNION ALL SELECT x.id FROM dossier d JOIN conversation c ON c.dossier_id = d.id"
	"   JOIN audit x ON x.entity IN ('conversation', 'feedback') AND x.entity_id = c.id"
	"   WHERE d.employee_id = ? AND NOT (x.entity = 'feedback' AND x.action = 'answer'"
	"   AND COALESCE(x.actor_id, 0) <> ?)"
	" UNION ALL SELECT x.id FROM dossier d JOIN item i ON i.dossier_id = d.id"
	"   JOIN audit x ON x.entity = 'item' AND x.entity_id = i.id WHERE d.employee_id = ?"
	" ) t JOIN audit a ON a.id = t.id LEFT JOIN employee e ON e.id = a.actor_id"
	" ORDER BY a.at, a.id LIMIT ?");

/* A reader is the dossier's second assessor when one of its
 * conversations names them; every other audited reader is HR.  Besides
 * the reads of their dossiers and HR's exports of the person: HR's
 * exports of a cycle they have a dossier in (object_id the cycle; `what`
 * names the filters, which may have left them out -- listed all the same,
 * as a recipient of their data may have been). */
static struct db_stmt_def q_reads = DB_STMT(
	"SELECT r.id, DATE_FORMAT(r.day, '%Y-%m-%d'), " ISO_AT("r.at") ", COALESCE(e.name, ''),"
	" IF(r.dossier_id IS NOT NULL AND EXISTS (SELECT 1 FROM conversation sc"
	"   WHERE sc.dossier_id = r.dossier_id AND sc.second_assessor_id = r.reader_id),"
	"   'second_assessor', 'hr'),"
	" r.kind, r.object_id, COALESCE(r.dossier_id, 0), r.what"
	" FROM ("
	" SELECT x.id FROM dossier d JOIN read_audit x ON x.dossier_id = d.id"
	"   WHERE d.employee_id = ?"
	" UNION ALL SELECT id FROM read_audit WHERE kind = 'person' AND object_id = ?"
	" UNION ALL SELECT x.id FROM (SELECT DISTINCT cycle_id FROM dossier WHERE employee_id = ?) d"
	"   JOIN read_audit x ON x.kind = 'export' AND x.object_id = d.cycle_id"
	" ) t JOIN read_audit r ON r.id = t.id LEFT JOIN employee e ON e.id = r.reader_id"
	" ORDER BY r.at, r.id LIMIT ?");

static struct db_stmt_def q_deletions = DB_STMT(
	"SELECT id, " ISO_AT("at") ", rule, kind, n, first_id, last_id FROM deletion_log"
	" WHERE subject_id = ? ORDER BY at, id LIMIT ?");

static struct db_stmt_def q_invitations = DB_STMT(
	"SELECT i.id, i.conversation_id, COALESCE(e.name, ''), DATE_FORMAT(i.deadline, '%Y-%m-%d'),"
	" i.answered"
	" FROM feedback_invitation i JOIN conversation c ON c.id = i.conversation_id"
	" JOIN dossier d ON d.id = c.dossier_id LEFT JOIN employee e ON e.id = d.employee_id"
	" WHERE i.invitee_id = ? ORDER BY i.id LIMIT ?");
/* Only a named round keeps an answer's author (store/feedback.c). */
static struct db_stmt_def q_given = DB_STMT(
	"SELECT conversation_id, question_key, COALESCE(rating, -1), COALESCE(body, ''), "
	ISO_AT("created_at") " FROM feedback_answer WHERE author_id = ?"
	" ORDER BY conversation_id, question_key, id LIMIT ?");

static struct db_stmt_def q_person = DB_STMT(
	"SELECT id, name, login, COALESCE(department_id, 0) FROM employee"
	" WHERE id = ? AND removed_at IS NULL");
static struct db_stmt_def q_person_lock = DB_STMT(
	"SELECT id FROM employee WHERE id = ? AND removed_at IS NULL LOCK IN SHARE MODE");
static struct db_stmt_def q_read_person = DB_STMT(
	"INSERT IGNORE INTO read_audit (reader_id, kind, object_id, what, day)"
	" VALUES (?, 'person', ?, ?, ?)");

/* ---- the lists ---- */

/* One of the callbacks, as the list asked for. */
struct cb {
	access_reopen_fn reopen;
	access_snapshot_fn snapshot;
	access_audit_fn audit;
	access_read_fn read;
	access_deletion_fn deletion;
	access_invitation_fn invitation;
	access_given_fn given;
	void *ud;
};

static int
reopen_row(void *ud, const struct db_row *r)
{
	struct cb *cb = ud;
	const char *detail = db_str(r, 5);
	struct access_reopen o = {
		.audit_id = db_int(r, 0), .conversation_id = db_int(r, 1),
		.dossier_id = db_int(r, 2), .at = db_str(r, 3), .actor = db_str(r, 4),
	};

	if (strncmp(detail, REOPEN_PREFIX, strlen(REOPEN_PREFIX)) == 0)
		detail += strlen(REOPEN_PREFIX);
	o.reason = detail;
	return cb->reopen(cb->ud, &o);
}

int
access_reopens(struct db *db, int64_t employee_id, access_reopen_fn fn, void *ud)
{
	struct cb cb = { .reopen = fn, .ud = ud };

	return db_query(db, &q_reopens, DB_ARGS(DB_INT(employee_id), DB_INT(ACCESS_ROWS_MAX)),
	    reopen_row, &cb);
}

static int
snapshot_row(void *ud, const struct db_row *r)
{
	struct cb *cb = ud;
	struct access_snapshot s = {
		.id = db_int(r, 0), .conversation_id = db_int(r, 1), .dossier_id = db_int(r, 2),
		.at = db_str(r, 3), .sha256 = db_str(r, 4), .xml = db_str(r, 5),
	};

	return cb->snapshot(cb->ud, &s);
}

int
access_snapshots(struct db *db, int64_t employee_id, bool with_xml, access_snapshot_fn fn,
    void *ud)
{
	struct cb cb = { .snapshot = fn, .ud = ud };

	return db_query(db, &q_snapshots, DB_ARGS(DB_INT(with_xml ? 1 : 0), DB_INT(employee_id),
	    DB_INT(ACCESS_ROWS_MAX)), snapshot_row, &cb);
}

static int
audit_row(void *ud, const struct db_row *r)
{
	struct cb *cb = ud;
	struct access_audit a = {
		.id = db_int(r, 0), .at = db_str(r, 1), .actor = db_str(r, 2),
		.entity = db_str(r, 3), .entity_id = db_int(r, 4), .action = db_str(r, 5),
		.withheld = db_int(r, 7) != 0,
	};

	a.detail = a.withheld ? "" : db_str(r, 6);
	return cb->audit(cb->ud, &a);
}

int
access_audit(struct db *db, int64_t employee_id, access_audit_fn fn, void *ud)
{
	struct cb cb = { .audit = fn, .ud = ud };
	int64_t e = employee_id;

	return db_query(db, &q_audit, DB_ARGS(DB_INT(e), DB_INT(e), DB_INT(e), DB_INT(e),
	    DB_INT(e), DB_INT(e), DB_INT(ACCESS_ROWS_MAX)), audit_row, &cb);
}

static int
read_row(void *ud, const struct db_row *r)
{
	struct cb *cb = ud;
	struct access_read o = {
		.id = db_int(r, 0), .day = db_str(r, 1), .at = db_str(r, 2), .reader = db_str(r, 3),
		.role = db_str(r, 4), .kind = db_str(r, 5), .object_id = db_int(r, 6),
		.dossier_id = db_int(r, 7), .what = db_str(r, 8),
	};

	return cb->read(cb->ud, &o);
}

int
access_reads(struct db *db, int64_t employee_id, access_read_fn fn, void *ud)
{
	struct cb cb = { .read = fn, .ud = ud };

	return db_query(db, &q_reads, DB_ARGS(DB_INT(employee_id), DB_INT(employee_id),
	    DB_INT(employee_id), DB_INT(ACCESS_ROWS_MAX)), read_row, &cb);
}

static int
deletion_row(void *ud, const struct db_row *r)
{
	struct cb *cb = ud;
	struct access_deletion d = {
		.id = db_int(r, 0), .at = db_str(r, 1), .rule = db_str(r, 2), .kind = db_str(r, 3),
		.n = db_int(r, 4), .first_id = db_int(r, 5), .last_id = db_int(r, 6),
	};

	return cb->deletion(cb->ud, &d);
}

int
access_deletions(struct db *db, int64_t employee_id, access_deletion_fn fn, void *ud)
{
	struct cb cb = { .deletion = fn, .ud = ud };

	return db_query(db, &q_deletions, DB_ARGS(DB_INT(employee_id), DB_INT(ACCESS_ROWS_MAX)),
	    deletion_row, &cb);
}

static int
invitation_row(void *ud, const struct db_row *r)
{
	struct cb *cb = ud;
	struct access_invitation i = {
		.id = db_int(r, 0), .conversation_id = db_int(r, 1), .about = db_str(r, 2),
		.deadline = db_str(r, 3), .answered = db_int(r, 4) != 0,
	};

	return cb->invitation(cb->ud, &i);
}

int
access_invitations(struct db *db, int64_t employee_id, access_invitation_fn fn, void *ud)
{
	struct cb cb = { .invitation = fn, .ud = ud };

	return db_query(db, &q_invitations, DB_ARGS(DB_INT(employee_id), DB_INT(ACCESS_ROWS_MAX)),
	    invitation_row, &cb);
}

static int
given_row(void *ud, const struct db_row *r)
{
	struct cb *cb = ud;
	struct access_given g = {
		.conversation_id = db_int(r, 0), .question = db_str(r, 1),
		.rating = (int)db_int(r, 2), .body = db_str(r, 3), .at = db_str(r, 4),
	};

	return cb->given(cb->ud, &g);
}

int
access_given(struct db *db, int64_t employee_id, access_given_fn fn, void *ud)
{
	struct cb cb = { .given = fn, .ud = ud };

	return db_query(db, &q_given, DB_ARGS(DB_INT(employee_id), DB_INT(ACCESS_ROWS_MAX)),
	    given_row, &cb);
}

/* ---- the person ---- */

static int
person_row(void *ud, const struct db_row *r)
{
	struct access_person *p = ud;

	p->id = db_int(r, 0);
	strlcopy(p->name, db_str(r, 1), sizeof(p->name));
	strlcopy(p->login, db_str(r, 2), sizeof(p->login));
	p->department_id = db_int(r, 3);
	return DB_OK;
}

int
access_person_get(struct db *db, int64_t employee_id, struct access_person *out)
{
	int st;

	memset(out, 0, sizeof(*out));
	st = db_query(db, &q_person, DB_ARGS(DB_INT(employee_id)), person_row, out);
	if (st != DB_OK)
		return st;
	return out->id ? DB_OK : DB_NOTFOUND;
}

/* ---- HR's export of a person, audited ---- */

struct record_tx {
	int64_t actor, employee_id;
	const char *format;
	char day[DEPUTY_DATE_LEN + 1];
};

static int
found_row(void *ud, const struct db_row *r)
{
	(void)r;
	*(bool *)ud = true;
	return DB_OK;
}

static int
record_tx(struct db *db, void *ud)
{
	struct record_tx *t = ud;
	char what[READ_WHAT_MAX + 1], detail[READ_WHAT_MAX + 1];
	bool found = false;
	int st;

	/* The person stays while the record is written: a retention run
	 * cannot remove them between the check and the rows. */
	st = db_query(db, &q_person_lock, DB_ARGS(DB_INT(t->employee_id)), found_row, &found);
	if (st != DB_OK)
		return st;
	if (!found)
		return DB_NOTFOUND;
	snprintf(what, sizeof(what), "format=%s", t->format);
	st = db_exec(db, &q_read_person, DB_ARGS(DB_INT(t->actor), DB_INT(t->employee_id),
	    DB_STR(what), DB_STR(t->day)), NULL, NULL);
	if (st != DB_OK)
		return st;
	snprintf(detail, sizeof(detail), "personal export: %s", t->format);
	return audit_add(db, t->actor, "employee", t->employee_id, "access_export", detail);
}

int
access_export_record(struct db *db, int64_t actor, int64_t employee_id, const char *format)
{
	struct record_tx t = { actor, employee_id, format, "" };

	if (actor <= 0 || employee_id <= 0 || format == NULL ||
	    strlen(format) > ACCESS_FORMAT_MAX || !deputy_today(time(NULL), t.day))
		return DB_ERROR;
	return db_tx(db, record_tx, &t);
}
