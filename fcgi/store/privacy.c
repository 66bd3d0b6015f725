/* privacy.c -- the privacy statement's reads (privacy.h). */
#include "config.h"

#include <string.h>

#include "store/db.h"
#include "store/privacy.h"

static struct db_stmt_def q_schema = DB_STMT(
	"SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE = 'YES'"
	" FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()"
	" ORDER BY TABLE_NAME, ORDINAL_POSITION");

struct schema_walk {
	schema_column_fn fn;
	void *ud;
};

static int
schema_row(void *ud, const struct db_row *r)
{
	struct schema_walk *w = ud;
	struct schema_column c = { db_str(r, 0), db_str(r, 1), db_str(r, 2), db_int(r, 3) != 0 };

	return w->fn(w->ud, &c);
}

int
privacy_schema(struct db *db, schema_column_fn fn, void *ud)
{
	struct schema_walk w = { fn, ud };

	return db_query(db, &q_schema, DB_NOARGS, schema_row, &w);
}

/* A cycle "in use" is one not closed yet: a closed cycle's forms are
 * history, counted with the conversations. */
#define CYCLES_OF(v) "(SELECT COUNT(DISTINCT ct.cycle_id) FROM cycle_template ct" \
	" JOIN cycle c ON c.id = ct.cycle_id WHERE ct.template_version_id = " v \
	" AND c.status <> 'closed')"
#define CONVERSATIONS_OF(v) "(SELECT COUNT(*) FROM conversation cv" \
	" WHERE cv.template_version_id = " v ")"
#define NEWEST(v) "(" v ".number = (SELECT MAX(n.number) FROM template_version n" \
	" WHERE n.template_id = " v ".template_id))"

static struct db_stmt_def q_templates = DB_STMT(
	"SELECT t.tkey, v.number, v.name_nl, COALESCE(v.name_en, ''), DATE(v.created_at),"
	" t.is_default, " NEWEST("v") ", x.cycles, x.conversations"
	" FROM template_version v JOIN template t ON t.id = v.template_id"
	" JOIN (SELECT w.id, " CYCLES_OF("w.id") " AS cycles, " CONVERSATIONS_OF("w.id")
	"   AS conversations FROM template_version w) x ON x.id = v.id"
	" WHERE " NEWEST("v") " OR x.cycles > 0 OR x.conversations > 0"
	" ORDER BY t.tkey, v.number");

struct template_walk {
	template_use_fn fn;
	void *ud;
};

static int
template_row(void *ud, const struct db_row *r)
{
	struct template_walk *w = ud;
	struct template_use t = {
		.key = db_str(r, 0), .number = (int)db_int(r, 1), .name_nl = db_str(r, 2),
		.name_en = db_str(r, 3), .created_on = db_str(r, 4), .is_default = db_int(r, 5) != 0,
		.newest = db_int(r, 6) != 0, .cycles = db_int(r, 7), .conversations = db_int(r, 8),
	};

	return w->fn(w->ud, &t);
}

int
privacy_templates(struct db *db, template_use_fn fn, void *ud)
{
	struct template_walk w = { fn, ud };

	return db_query(db, &q_templates, DB_NOARGS, template_row, &w);
}

/* The settings whose changes the audit trail records (the entities and
 * actions of the store's audit_add calls): entity IN (...) uses the
 * index audit_entity. */
static struct db_stmt_def q_changes = DB_STMT(
	"SELECT DATE_FORMAT(a.at, '%Y-%m-%dT%H:%i:%sZ'), COALESCE(e.name, ''), a.entity, a.entity_id, a.action,"
	" COALESCE(a.detail, '')"
	" FROM audit a LEFT JOIN employee e ON e.id = a.actor_id"
	" WHERE a.entity IN ('template', 'competence', 'job_profile', 'cycle', 'department',"
	"   'organisation')"
	" AND (a.entity IN ('template', 'competence', 'job_profile')"
	"   OR (a.entity = 'cycle' AND a.action IN ('templates', 'second_assessor'))"
	"   OR (a.entity = 'department' AND a.action IN ('second_assessor', 'advisor_assigned',"
	"     'advisor_removed'))"
	"   OR (a.entity = 'organisation' AND a.action = 'mapping'))"
	" ORDER BY a.id DESC LIMIT ?");

struct change_walk {
	setting_change_fn fn;
	void *ud;
};

static int
change_row(void *ud, const struct db_row *r)
{
	struct change_walk *w = ud;
	struct setting_change c = { db_str(r, 0), db_str(r, 1), db_str(r, 2), db_int(r, 3),
		db_str(r, 4), db_str(r, 5) };

	return w->fn(w->ud, &c);
}

int
privacy_changes(struct db *db, int64_t limit, setting_change_fn fn, void *ud)
{
	struct change_walk w = { fn, ud };

	return db_query(db, &q_changes, DB_ARGS(DB_INT(limit)), change_row, &w);
}
