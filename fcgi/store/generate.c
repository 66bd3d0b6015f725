/* generate.c -- a generated organisation and its cycles for benchmarks
 * (gesprekctl generate): departments four levels deep, employees whose
 * managers have twelve direct reports each, and per cycle a dossier each
 * with three conversations, items with updates, ratings, remarks and
 * signatures.  The older cycles are closed; the newest is open with its
 * dossiers spread over every stage of the year.
 *
 * Every table is filled by set-based INSERT ... SELECT over MariaDB's
 * sequence engine (seq_1_to_N, built in), GEN_BATCH employees or dossiers
 * at a time: 10,000 employees with ten items each take a few dozen
 * statements and seconds, not a million round trips, and no statement
 * runs long enough to meet the connection's read timeout (a hundred
 * thousand employees make a million items).  Rows find each other by
 * their generated names (login, department name), which are unique, never
 * by guessing auto-increment ids.  One transaction per batch.
 *
 * Forms (issue 16): given a job profile and a template (generate.h), every
 * GENERATE_PROFILE_EVERY-th employee gets the profile, each cycle names
 * the default template's newest version and the template for the
 * profile, as a start writes them down, and the conversations start on
 * their version.  Those on a template with questions and competences get
 * answers, competence ratings and self-assessments as their stage has
 * them: private in preparation, shared once held, a level of the
 * section's own scale, always with an explanation (so none falls below an
 * explain-below).  Ratings and overall ratings stay on that version's
 * scales. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "store/generate.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/headcount.h"
#include "store/organisation.h"
#include "store/summary.h"
#include "base/util.h"

/* Employees, or dossiers, per statement. */
#define GEN_BATCH 2000
/* Employees per department at the lowest level (a team). */
#define GEN_DEPARTMENT_SIZE 100
/* Departments per parent department above the teams. */
#define GEN_DEPARTMENT_FANOUT 10
/* Direct reports per manager. */
#define GEN_TEAM_SIZE 12
#define GEN_ORG_GOALS 5
/* Room for "bench-<id>-": the prefix of every generated name. */
#define GEN_PREFIX_MAX 48
#define GEN_SCALE "onvoldoende|matig|voldoende|goed|uitstekend"
#define GEN_SCALE_SIZE 5
/* The newest cycle's year; older cycles go back a year each. */
#define GEN_LAST_YEAR 2027
/* Stages of the open cycle's dossiers (dossier id modulo this): goal
 * setting in preparation (0) or held (1), progress in preparation (2),
 * held (3), finalized (4), closed (5), assessment held (6) or in
 * preparation (7). */
#define GEN_STAGES 8
/* The sequence table bounds every count (GENERATE_EMPLOYEES_MAX). */
#define SEQ "seq_1_to_1000000"
/* An employee's login: prefix and seven digits. */
#define LOGIN_OF(n) "CONCAT(?, LPAD(" n ", 7, '0'))"
/* Levels chosen among a scale's (salted by ids, so they spread). */
#define GEN_LEVEL_SPREAD 5
/* A level of the scale sc, chosen by salt (an SQL expression). */
#define LEVEL_OF(salt) "(SELECT l.value FROM template_scale_level l WHERE l.scale_id = sc.id" \
	" ORDER BY (l.value + " salt ") MOD " STR(GEN_LEVEL_SPREAD) ", l.value LIMIT 1)"
/* Who answers: a section's answerers, and the employee beforehand where
 * the section has a self-assessment (rows r.role). */
#define ROLES "(SELECT 'employee' AS role UNION ALL SELECT 'manager') r"
#define ANSWERS_BY "(se.answered_by IN (r.role, 'both') OR (r.role = 'employee'" \
	" AND se.self_assessment = 1)) AND (r.role = 'employee' OR d.manager_id IS NOT NULL)"
/* Answers are shared once the conversation is held; in preparation they
 * are their author's. */
#define SHARED_AT "IF(c.status = 'preparing', NULL, TIMESTAMP(c.held_on))"
/* The stage of dossier d of an open cycle. */
/* An id counted in the steps ids come in, to spread rows by its remainder:
 * on a Galera node the step is the cluster's size (auto_increment_increment),
 * and a remainder of the id itself would put every dossier in two stages
 * of eight with four nodes. */
#define SPREAD(id) "(" id " DIV @@auto_increment_increment)"
#define STAGE SPREAD("d.id") " MOD " STR(GEN_STAGES)

_Static_assert(GEN_STAGES == 8, "q_conversations spells the stages out");

static struct db_stmt_def q_cycle = DB_STMT(
	"INSERT INTO cycle (name, starts_on, ends_on, status, rating_scale)"
	" VALUES (?, MAKEDATE(?, 1), MAKEDATE(? + 1, 1) - INTERVAL 1 DAY, ?, '" GEN_SCALE "')");
static struct db_stmt_def q_name = DB_STMT(
	"UPDATE cycle SET name = ? WHERE id = ?");
static struct db_stmt_def q_steps = DB_STMT(
	"INSERT INTO cycle_step (cycle_id, seq, type, due_on) SELECT c.id, s.seq,"
	" ELT(s.seq, 'goal_setting', 'progress', 'assessment'),"
	" ELT(s.seq, c.starts_on + INTERVAL 45 DAY, c.starts_on + INTERVAL 180 DAY,"
	"  c.ends_on - INTERVAL 16 DAY)"
	" FROM cycle c JOIN seq_1_to_3 s WHERE c.id = ?");
static struct db_stmt_def q_org_goals = DB_STMT(
	"INSERT INTO org_goal (cycle_id, title, description)"
	" SELECT ?, CONCAT('Organisatiedoel ', seq), 'Gegenereerd voor de benchmark.'"
	" FROM " SEQ " WHERE seq <= ?");
static struct db_stmt_def q_root = DB_STMT(
	"INSERT INTO department (name) VALUES (CONCAT(?, 'organisatie'))");
/* Departments of one level under those of the level above, named
 * <prefix><level>-<n>; params: prefix, level, prefix, parent level,
 * count.  The root is the only parent of the first level. */
static struct db_stmt_def q_departments = DB_STMT(
	"INSERT INTO department (name, parent_id)"
	" SELECT CONCAT(?, ?, '-', s.seq), p.id FROM " SEQ " s JOIN department p"
	" ON p.name = IF(? = 'organisatie', CONCAT(?, 'organisatie'),"
	"  CONCAT(?, ?, '-', 1 + (s.seq - 1) DIV " STR(GEN_DEPARTMENT_FANOUT) "))"
	" WHERE s.seq <= ?");
static struct db_stmt_def q_collective = DB_STMT(
	"INSERT INTO collective_goal (cycle_id, title, measure, deadline, department_id, bonus)"
	" SELECT c.id, 'Ziekteverzuim onder 4%', 'Gemiddeld over het jaar', c.ends_on, NULL, 1"
	" FROM cycle c WHERE c.id = ?"
	" UNION ALL SELECT c.id, 'Klanttevredenheid 8', 'Jaarlijkse meting',"
	" c.ends_on - INTERVAL 1 MONTH, dp.id, 0"
	" FROM cycle c JOIN department dp ON dp.name = CONCAT(?, 'divisie-1') WHERE c.id = ?");
static struct db_stmt_def q_employees = DB_STMT(
	"INSERT INTO employee (login, name, email, department_id)"
	" SELECT " LOGIN_OF("s.seq") ", CONCAT('Medewerker ', s.seq),"
	" CONCAT(?, s.seq, '@example.org'), dp.id"
	" FROM " SEQ " s JOIN department dp"
	" ON dp.name = CONCAT(?, 'team-', 1 + (s.seq - 1) DIV " STR(GEN_DEPARTMENT_SIZE) ")"
	" WHERE s.seq BETWEEN ? AND ?");
/* A tree of managers: employee n reports to employee 1 + (n - 2) div 12
 * (spelled (n + 10) div 12: the numbers are unsigned), so the first is at
 * the top and every manager has twelve reports. */
static struct db_stmt_def q_managers = DB_STMT(
	"UPDATE " SEQ " s JOIN employee e ON e.login = " LOGIN_OF("s.seq")
	" JOIN employee m"
	" ON m.login = " LOGIN_OF("(s.seq + " STR(GEN_TEAM_SIZE) " - 2) DIV " STR(GEN_TEAM_SIZE))
	" SET e.manager_id = m.id WHERE s.seq BETWEEN GREATEST(?, 2) AND ?");
/* Every GENERATE_PROFILE_EVERY-th employee of lo..hi gets the job
 * profile; params: prefix, profile key, lo, hi. */
static struct db_stmt_def q_profiles = DB_STMT(
	"UPDATE " SEQ " s JOIN employee e ON e.login = " LOGIN_OF("s.seq")
	" JOIN job_profile p ON p.pkey = ? SET e.job_profile_id = p.id"
	" WHERE s.seq BETWEEN ? AND ? AND s.seq MOD " STR(GENERATE_PROFILE_EVERY) " = 0");
/* The cycle's template versions: the default template's newest, and the
 * template's newest for the job profile. */
static struct db_stmt_def q_cycle_default = DB_STMT(
	"INSERT INTO cycle_template (cycle_id, scope, scope_id, template_version_id)"
	" SELECT ?, 'default', 0, tv.id FROM template t JOIN template_version tv"
	" ON tv.template_id = t.id WHERE t.is_default = 1 ORDER BY tv.number DESC LIMIT 1");
static struct db_stmt_def q_cycle_profile = DB_STMT(
	"INSERT INTO cycle_template (cycle_id, scope, scope_id, template_version_id)"
	" SELECT ?, 'job_profile', p.id, tv.id FROM job_profile p JOIN template t ON t.tkey = ?"
	" JOIN template_version tv ON tv.template_id = t.id WHERE p.pkey = ?"
	" ORDER BY tv.number DESC LIMIT 1");
/* The employees numbered lo to hi of the organisation; params: prefix,
 * lo, prefix, hi. */
#define LOGIN_RANGE "e.login BETWEEN " LOGIN_OF("?") " AND " LOGIN_OF("?")
static struct db_stmt_def q_dossiers = DB_STMT(
	"INSERT INTO dossier (cycle_id, employee_id, manager_id, status)"
	" SELECT ?, e.id, e.manager_id, ? FROM employee e WHERE " LOGIN_RANGE);
/* A closed cycle: everything closed.  The open one: by stage (GEN_STAGES). */
static struct db_stmt_def q_conversations = DB_STMT(
	"INSERT INTO conversation (dossier_id, type, seq, due_on, status, held_on, scheduled_at,"
	" overall_rating, employee_shared, manager_shared)"
	" SELECT x.id, x.type, x.seq, x.due_on, x.status,"
	" IF(x.status IN ('planned', 'preparing'), NULL, x.due_on - INTERVAL 5 DAY),"
	" x.due_on - INTERVAL 5 DAY + INTERVAL 10 HOUR,"
	" IF(x.type = 'assessment' AND x.status IN ('held', 'closed'),"
	"  1 + " SPREAD("x.id") " MOD " STR(GEN_SCALE_SIZE) ", NULL),"
	/* The progress notes below carry the items' statuses and are the
	 * manager's, or the employee's where there is no manager: their
	 * author's side is shared, so that no status comes from a private
	 * note.  (Only the manager's used to be: a top employee's notes were
	 * private on every other conversation id, and test_generate failed
	 * or passed with the ids earlier tests had used.) */
	" IF(x.seq = 2 AND x.manager_id IS NULL, 1, " SPREAD("x.id") " MOD 2),"
	" x.seq = 2"
	" FROM (SELECT d.id, d.manager_id, st.type, st.seq, st.due_on,"
	"  CASE WHEN d.status = 'closed' THEN 'closed'"
	"  WHEN st.seq = 1 THEN ELT(LEAST(1 + " STAGE ", 3), 'preparing', 'held', 'closed')"
	"  WHEN st.seq = 2 THEN ELT(LEAST(GREATEST(" STAGE ", 1), 5),"
	"   'planned', 'preparing', 'held', 'finalized', 'closed')"
	"  ELSE ELT(GREATEST(" STAGE ", 5) - 4, 'planned', 'held', 'preparing') END AS status"
	"  FROM dossier d JOIN cycle_step st ON st.cycle_id = d.cycle_id"
	"  JOIN employee e ON e.id = d.employee_id WHERE d.cycle_id = ? AND " LOGIN_RANGE ") x");
/* The conversations of employees lo..hi start on the cycle's version for
 * them (the job profile's, else the default), as template_version_for
 * gives it at a start; an overall rating stays on that version's final
 * scale.  params: cycle, prefix, lo, prefix, hi. */
static struct db_stmt_def q_versions = DB_STMT(
	"UPDATE conversation c JOIN dossier d ON d.id = c.dossier_id"
	" JOIN employee e ON e.id = d.employee_id"
	" JOIN cycle_template ct ON ct.cycle_id = d.cycle_id AND ct.scope = 'default'"
	" LEFT JOIN cycle_template cp ON cp.cycle_id = d.cycle_id AND cp.scope = 'job_profile'"
	"  AND cp.scope_id = e.job_profile_id"
	" SET c.template_version_id = COALESCE(cp.template_version_id, ct.template_version_id),"
	" c.overall_rating = LEAST(c.overall_rating, COALESCE((SELECT MAX(l.value)"
	"  FROM template_version tv JOIN template_scale sc ON sc.version_id = tv.id"
	"  AND sc.skey = tv.final_scale_key JOIN template_scale_level l ON l.scale_id = sc.id"
	"  WHERE tv.id = COALESCE(cp.template_version_id, ct.template_version_id)),"
	"  c.overall_rating))"
	" WHERE d.cycle_id = ? AND " LOGIN_RANGE);
/* The dossiers lo to hi (ids); params: lo, hi. */
#define DOSSIER_RANGE "d.id BETWEEN ? AND ?"
static struct db_stmt_def q_items = DB_STMT(
	"INSERT INTO item (dossier_id, kind, title, measure, deadline, responsible_id, weight,"
	" status, created_in_conversation_id, author_id)"
	" SELECT d.id, ELT(1 + s.seq MOD 3, 'result', 'development', 'action'),"
	" CONCAT('Doel ', s.seq, ' van dossier ', d.id),"
	" CONCAT('Meetbaar: ', s.seq * 10, '% beter dan vorig jaar, gemeten per kwartaal.'),"
	" c.due_on + INTERVAL 9 MONTH, d.employee_id,"
	" IF(s.seq MOD 3 = 0, 10 * (1 + s.seq MOD 4), NULL),"
	" ELT(1 + (" SPREAD("d.id") " + s.seq) MOD 6, 'open', 'on_track', 'at_risk', 'achieved',"
	" 'not_achieved', 'cancelled'),"
	" c.id, IF(s.seq MOD 2 = 1, d.employee_id, COALESCE(d.manager_id, d.employee_id))"
	" FROM dossier d JOIN conversation c ON c.dossier_id = d.id AND c.seq = 1"
	" JOIN " SEQ " s ON s.seq <= ? WHERE d.cycle_id = ? AND " DOSSIER_RANGE);
static struct db_stmt_def q_progress = DB_STMT(
	"INSERT INTO item_update (item_id, conversation_id, author_id, status, note)"
	" SELECT i.id, c.id, COALESCE(d.manager_id, d.employee_id), i.status,"
	" CONCAT('Voortgang besproken; zie afspraken \"', i.title, '\".')"
	" FROM dossier d JOIN item i ON i.dossier_id = d.id"
	" JOIN conversation c ON c.dossier_id = d.id AND c.seq = 2 AND c.status <> 'planned'"
	" WHERE d.cycle_id = ? AND " DOSSIER_RANGE);
static struct db_stmt_def q_ratings = DB_STMT(
	"INSERT INTO item_update (item_id, conversation_id, author_id, status, note, rating)"
	" SELECT i.id, c.id, COALESCE(d.manager_id, d.employee_id), i.status, 'Beoordeeld.',"
	" 1 + (" SPREAD("i.id") " MOD " STR(GEN_SCALE_SIZE) ")"
	" FROM dossier d JOIN item i ON i.dossier_id = d.id AND i.kind = 'result'"
	" JOIN conversation c ON c.dossier_id = d.id AND c.seq = 3"
	" AND c.status IN ('held', 'closed') WHERE d.cycle_id = ? AND " DOSSIER_RANGE);
static struct db_stmt_def q_remarks = DB_STMT(
	"INSERT INTO remark (conversation_id, author_id, role, text)"
	" SELECT c.id, d.employee_id, 'employee', '=Goed gesprek; \"afspraken\" helder.'"
	" FROM dossier d JOIN conversation c ON c.dossier_id = d.id"
	" WHERE d.cycle_id = ? AND " DOSSIER_RANGE " AND c.status IN ('finalized', 'closed')");
static struct db_stmt_def q_signatures_employee = DB_STMT(
	"INSERT INTO signature (conversation_id, employee_id, role, verdict, snapshot_sha256)"
	" SELECT c.id, d.employee_id, 'employee', IF(" SPREAD("c.id") " MOD 7 = 0, 'seen', 'agree'),"
	" IF(c.status = 'closed', SHA2(CONCAT('snapshot ', c.id), 256), NULL)"
	" FROM dossier d JOIN conversation c ON c.dossier_id = d.id"
	" WHERE d.cycle_id = ? AND " DOSSIER_RANGE " AND c.status IN ('finalized', 'closed')");
static struct db_stmt_def q_signatures_manager = DB_STMT(
	"INSERT INTO signature (conversation_id, employee_id, role, verdict, snapshot_sha256)"
	" SELECT c.id, d.manager_id, 'manager', 'agree', SHA2(CONCAT('snapshot ', c.id), 256)"
	" FROM dossier d JOIN conversation c ON c.dossier_id = d.id"
	" WHERE d.cycle_id = ? AND " DOSSIER_RANGE
	" AND c.status = 'closed' AND d.manager_id IS NOT NULL");
/* Whether the schema has the form templates as generate writes them
 * (sql/069, 070, and 079's section of a competence rating): a database
 * migrated to an older version (test_templates.py migrates one filled by
 * generate) gets no forms. */
static struct db_stmt_def q_forms_ready = DB_STMT(
	"SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE()"
	" AND ((table_name = 'cycle_template' AND column_name = 'cycle_id')"
	" OR (table_name = 'conversation_answer' AND column_name = 'section_key')"
	" OR (table_name = 'competence_rating' AND column_name = 'section_key'))");
#define FORM_TABLES 3
/* The ratings of result goals kept on the scale of the form's result
 * goals, where it has one. */
static struct db_stmt_def q_ratings_on_scale = DB_STMT(
	"UPDATE item_update u JOIN conversation c ON c.id = u.conversation_id"
	" JOIN dossier d ON d.id = c.dossier_id"
	" SET u.rating = LEAST(u.rating, COALESCE((SELECT MAX(l.value)"
	"  FROM template_section se JOIN template_scale sc ON sc.version_id = se.version_id"
	"  AND sc.skey = se.scale_key JOIN template_scale_level l ON l.scale_id = sc.id"
	"  WHERE se.version_id = c.template_version_id AND se.conv_type = 'assessment'"
	"  AND se.kind = 'result_goals'), u.rating))"
	" WHERE d.cycle_id = ? AND " DOSSIER_RANGE " AND u.rating IS NOT NULL");
/* Answers to the open and rating questions of each conversation's form
 * that is past planning (generate.c's header). */
static struct db_stmt_def q_answers = DB_STMT(
	"INSERT INTO conversation_answer (conversation_id, section_key, role, body, rating,"
	" explanation, shared_at, updated_by)"
	" SELECT c.id, se.skey, r.role,"
	" IF(se.kind = 'open_question', CONCAT('Antwoord van de ', IF(r.role = 'employee',"
	"  'medewerker', 'leidinggevende'), ' op \"', se.skey, '\".'), NULL),"
	" IF(se.kind = 'rating_question', " LEVEL_OF("c.id") ", NULL),"
	" IF(se.kind = 'rating_question', 'Toegelicht in het gesprek.', NULL),"
	" " SHARED_AT ", IF(r.role = 'employee', d.employee_id, d.manager_id)"
	" FROM dossier d JOIN conversation c ON c.dossier_id = d.id AND c.status <> 'planned'"
	" JOIN template_section se ON se.version_id = c.template_version_id"
	" AND se.conv_type = c.type AND se.kind IN ('open_question', 'rating_question')"
	" LEFT JOIN template_scale sc ON sc.version_id = se.version_id AND sc.skey = se.scale_key"
	" JOIN " ROLES " ON " ANSWERS_BY
	" WHERE d.cycle_id = ? AND " DOSSIER_RANGE
	" AND (se.kind = 'open_question' OR sc.id IS NOT NULL)");
/* A level for each competence of the employee's job profile, in each
 * competence section of the form on a scale of its own (sql/079). */
static struct db_stmt_def q_competence_ratings = DB_STMT(
	"INSERT INTO competence_rating (conversation_id, section_key, competence_id, role, level,"
	" explanation, shared_at, updated_by)"
	" SELECT c.id, se.skey, pc.competence_id, r.role, " LEVEL_OF("c.id + pc.competence_id") ","
	" 'Toegelicht in het gesprek.', " SHARED_AT ","
	" IF(r.role = 'employee', d.employee_id, d.manager_id)"
	" FROM dossier d JOIN conversation c ON c.dossier_id = d.id AND c.status <> 'planned'"
	" JOIN employee e ON e.id = d.employee_id"
	" JOIN job_profile_competence pc ON pc.profile_id = e.job_profile_id"
	" JOIN template_section se ON se.version_id = c.template_version_id"
	" AND se.conv_type = c.type AND se.kind = 'competences'"
	" JOIN template_scale sc ON sc.version_id = se.version_id AND sc.skey = se.scale_key"
	" JOIN " ROLES " ON " ANSWERS_BY
	" WHERE d.cycle_id = ? AND " DOSSIER_RANGE);
static struct db_stmt_def q_dossier_ids = DB_STMT(
	"SELECT MIN(id), MAX(id) FROM dossier WHERE cycle_id = ?");

struct gen {
	int64_t employees, items, cycles;
	int64_t cycle_id;		/* the cycle being made */
	int64_t year;			/* its year */
	bool open;			/* the newest: open, in every stage */
	int64_t lo, hi;			/* the batch: employees, or dossier ids */
	char prefix[GEN_PREFIX_MAX];
	const char *profile_key, *template_key;	/* NULL: none */
	bool forms;			/* the schema has templates: versions, answers */
};

typedef int (*batch_fn)(struct db *db, void *ud);

static int64_t
ceil_div(int64_t a, int64_t b)
{
	return (a + b - 1) / b;
}

/* fn for lo..hi of first..last in steps of GEN_BATCH, a transaction each. */
static int
in_batches(struct db *db, struct gen *g, int64_t first, int64_t last, batch_fn fn)
{
	int st = DB_OK;

	for (g->lo = first; g->lo <= last && st == DB_OK; g->lo += GEN_BATCH) {
		g->hi = g->lo + GEN_BATCH - 1 < last ? g->lo + GEN_BATCH - 1 : last;
		st = db_tx(db, fn, g);
	}
	return st;
}

/* One level of departments; `parent` names the level above. */
static int
gen_level(struct db *db, const struct gen *g, const char *level, const char *parent,
    int64_t count)
{
	return db_exec(db, &q_departments, DB_ARGS(DB_STR(g->prefix), DB_STR(level),
	    DB_STR(parent), DB_STR(g->prefix), DB_STR(g->prefix), DB_STR(parent),
	    DB_INT(count)), NULL, NULL);
}

/* Departments four levels deep: the organisation, divisions, departments,
 * teams of about GEN_DEPARTMENT_SIZE. */
static int
gen_departments(struct db *db, void *ud)
{
	struct gen *g = ud;
	int64_t teams = ceil_div(g->employees, GEN_DEPARTMENT_SIZE);
	int64_t departments = ceil_div(teams, GEN_DEPARTMENT_FANOUT);
	int64_t divisions = ceil_div(departments, GEN_DEPARTMENT_FANOUT);
	int st;

	if ((st = db_exec(db, &q_root, DB_ARGS(DB_STR(g->prefix)), NULL, NULL)) != DB_OK ||
	    (st = gen_level(db, g, "divisie", "organisatie", divisions)) != DB_OK ||
	    (st = gen_level(db, g, "afdeling", "divisie", departments)) != DB_OK ||
	    (st = gen_level(db, g, "team", "afdeling", teams)) != DB_OK)
		return st;
	return department_paths_fill(db);	/* their stored ancestors */
}

static int
gen_employees(struct db *db, void *ud)
{
	struct gen *g = ud;
	int st;

	st = db_exec(db, &q_employees, DB_ARGS(DB_STR(g->prefix), DB_STR(g->prefix),
	    DB_STR(g->prefix), DB_INT(g->lo), DB_INT(g->hi)), NULL, NULL);
	if (st != DB_OK || g->profile_key == NULL)
		return st;
	return db_exec(db, &q_profiles, DB_ARGS(DB_STR(g->prefix), DB_STR(g->profile_key),
	    DB_INT(g->lo), DB_INT(g->hi)), NULL, NULL);
}

/* Run once every employee exists (a report's manager may be in any
 * batch before its own). */
static int
gen_managers(struct db *db, void *ud)
{
	struct gen *g = ud;

	return db_exec(db, &q_managers, DB_ARGS(DB_STR(g->prefix), DB_STR(g->prefix),
	    DB_INT(g->lo), DB_INT(g->hi)), NULL, NULL);
}

static int
gen_audit(struct db *db, void *ud)
{
	int st;

	/* The new employees in the kept headcounts (store/headcount.h): one
	 * recount of them all, as the organisation is whole now.  A schema
	 * before the templates keeps no counts in today's shape (NO_KEPT). */
	if (((struct gen *)ud)->forms && (st = headcount_rebuild_tx(db)) != DB_OK)
		return st;
	return audit_add(db, 0, "organisation", 0, "generate", ((struct gen *)ud)->prefix);
}

/* The cycle's dossiers counted, once its batches are written. */
static int
gen_headcount(struct db *db, void *ud)
{
	return headcount_cycle(db, ((struct gen *)ud)->cycle_id);
}

static int
gen_organisation(struct db *db, struct gen *g)
{
	int st;

	/* The clock names the organisation: several may share a database
	 * (the unique keys would refuse a clash rather than mix them). */
	snprintf(g->prefix, sizeof(g->prefix), "bench-%lld-", (long long)now_us());
	if ((st = db_tx(db, gen_departments, g)) != DB_OK ||
	    (st = in_batches(db, g, 1, g->employees, gen_employees)) != DB_OK ||
	    (st = in_batches(db, g, 1, g->employees, gen_managers)) != DB_OK)
		return st;
	return db_tx(db, gen_audit, g);
}

/* The cycle, its schedule and goals. */
static int
gen_cycle(struct db *db, void *ud)
{
	struct gen *g = ud;
	char name[GEN_PREFIX_MAX + 24];
	int st;

	snprintf(name, sizeof(name), "%s%lld", g->prefix, (long long)g->year);
	if ((st = db_exec(db, &q_cycle, DB_ARGS(DB_STR(name), DB_INT(g->year), DB_INT(g->year),
	    DB_STR(g->open ? "open" : "closed")), NULL, &g->cycle_id)) != DB_OK)
		return st;
	/* "bench-<id>": the name tells which cycle to export. */
	snprintf(name, sizeof(name), "bench-%lld", (long long)g->cycle_id);
	if ((st = db_exec(db, &q_name, DB_ARGS(DB_STR(name), DB_INT(g->cycle_id)), NULL,
	    NULL)) != DB_OK ||
	    (st = db_exec(db, &q_steps, DB_ARGS(DB_INT(g->cycle_id)), NULL, NULL)) != DB_OK ||
	    (st = db_exec(db, &q_org_goals, DB_ARGS(DB_INT(g->cycle_id), DB_INT(GEN_ORG_GOALS)),
	    NULL, NULL)) != DB_OK ||
	    (st = db_exec(db, &q_collective, DB_ARGS(DB_INT(g->cycle_id), DB_STR(g->prefix),
	    DB_INT(g->cycle_id)), NULL, NULL)) != DB_OK)
		return st;
	if (g->forms && (st = db_exec(db, &q_cycle_default, DB_ARGS(DB_INT(g->cycle_id)), NULL,
	    NULL)) != DB_OK)
		return st;
	if (g->forms && g->profile_key && g->template_key &&
	    (st = db_exec(db, &q_cycle_profile, DB_ARGS(DB_INT(g->cycle_id),
	    DB_STR(g->template_key), DB_STR(g->profile_key)), NULL, NULL)) != DB_OK)
		return st;
	return audit_add(db, 0, "cycle", g->cycle_id, "generate", name);
}

/* The dossiers of employees lo..hi and their conversations. */
static int
gen_dossiers(struct db *db, void *ud)
{
	struct gen *g = ud;
	int st;

	if ((st = db_exec(db, &q_dossiers, DB_ARGS(DB_INT(g->cycle_id),
	    DB_STR(g->open ? "open" : "closed"), DB_STR(g->prefix), DB_INT(g->lo),
	    DB_STR(g->prefix), DB_INT(g->hi)), NULL, NULL)) != DB_OK)
		return st;
	if ((st = db_exec(db, &q_conversations, DB_ARGS(DB_INT(g->cycle_id), DB_STR(g->prefix),
	    DB_INT(g->lo), DB_STR(g->prefix), DB_INT(g->hi)), NULL, NULL)) != DB_OK || !g->forms)
		return st;
	return db_exec(db, &q_versions, DB_ARGS(DB_INT(g->cycle_id), DB_STR(g->prefix),
	    DB_INT(g->lo), DB_STR(g->prefix), DB_INT(g->hi)), NULL, NULL);
}

/* What the dossiers lo..hi (ids) hold. */
static int
gen_contents(struct db *db, void *ud)
{
	struct gen *g = ud;
	struct db_stmt_def *per_cycle[] = { &q_progress, &q_ratings, &q_remarks,
		&q_signatures_employee, &q_signatures_manager, &q_ratings_on_scale,
		&q_answers, &q_competence_ratings };
	/* the last three only where the schema has forms */
	size_t n = ARRAY_LEN(per_cycle) - (g->forms ? 0 : 3), i;
	int st;

	if (g->items > 0 && (st = db_exec(db, &q_items, DB_ARGS(DB_INT(g->items),
	    DB_INT(g->cycle_id), DB_INT(g->lo), DB_INT(g->hi)), NULL, NULL)) != DB_OK)
		return st;
	for (i = 0; i < n; i++)
		if ((st = db_exec(db, per_cycle[i], DB_ARGS(DB_INT(g->cycle_id), DB_INT(g->lo),
		    DB_INT(g->hi)), NULL, NULL)) != DB_OK)
			return st;
	/* The report summaries of the batch, now that it is whole (NO_KEPT). */
	return g->forms ? summary_dossiers(db, g->lo, g->hi) : DB_OK;
}

struct id_range {
	int64_t first, last;
};

static int
range_row(void *ud, const struct db_row *r)
{
	struct id_range *x = ud;

	x->first = db_int(r, 0);
	x->last = db_int(r, 1);
	return DB_OK;
}

/* NO_KEPT: a database migrated to before the templates (sql/069; a test
 * of that migration fills one) gets no summaries and no kept counts: their
 * present shape reads the template tables, and `gesprekctl migrate`
 * rebuilds them all once it has brought them in place
 * (ctl_summary_after_migrate). */
static int
gen_one_cycle(struct db *db, struct gen *g)
{
	struct id_range ids = { 0, -1 };
	int st;

	if ((st = db_tx(db, gen_cycle, g)) != DB_OK ||
	    (st = in_batches(db, g, 1, g->employees, gen_dossiers)) != DB_OK ||
	    (g->forms && (st = db_tx(db, gen_headcount, g)) != DB_OK) ||
	    (st = db_query(db, &q_dossier_ids, DB_ARGS(DB_INT(g->cycle_id)), range_row,
	    &ids)) != DB_OK)
		return st;
	return in_batches(db, g, ids.first, ids.last, gen_contents);
}

static int
count_row(void *ud, const struct db_row *r)
{
	*(int64_t *)ud = db_int(r, 0);
	return DB_OK;
}

int
generate_forms_ready(struct db *db, bool *ready)
{
	int64_t n = 0;
	int st = db_query(db, &q_forms_ready, DB_NOARGS, count_row, &n);

	*ready = st == DB_OK && n == FORM_TABLES;
	return st;
}

int
generate_cycle(struct db *db, const struct generate_input *in, generate_fn fn, void *ud,
    char *err, size_t errlen)
{
	struct gen g = { .employees = in->employees, .items = in->items, .cycles = in->cycles,
		.profile_key = in->profile_key, .template_key = in->template_key };
	int64_t k;
	int st;

	if (g.employees < 1 || g.employees > GENERATE_EMPLOYEES_MAX || g.items < 0 ||
	    g.items > GENERATE_ITEMS_MAX || g.cycles < 1 || g.cycles > GENERATE_CYCLES_MAX) {
		snprintf(err, errlen, "employees 1..%d, items 0..%d, cycles 1..%d",
		    GENERATE_EMPLOYEES_MAX, GENERATE_ITEMS_MAX, GENERATE_CYCLES_MAX);
		return DB_ERROR;
	}
	if ((st = generate_forms_ready(db, &g.forms)) != DB_OK ||
	    (st = gen_organisation(db, &g)) != DB_OK)
		goto fail;
	for (k = 1; k <= g.cycles; k++) {
		g.year = GEN_LAST_YEAR - (g.cycles - k);
		g.open = k == g.cycles;
		if ((st = gen_one_cycle(db, &g)) != DB_OK)
			goto fail;
		if (fn)
			fn(ud, g.cycle_id);
	}
	return DB_OK;
fail:
	snprintf(err, errlen, "%s", db_error(db));
	return st;
}
