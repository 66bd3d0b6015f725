/* generate.c -- a generated organisation and cycle for benchmarks
 * (gesprekctl generate): departments, employees with managers, a dossier
 * each with three conversations in mixed states, items with updates,
 * ratings, remarks and signatures.
 *
 * Every table is filled by one set-based INSERT ... SELECT over MariaDB's
 * sequence engine (seq_1_to_N, built in), so 10,000 employees with ten
 * items each take a few statements and seconds, not a million round
 * trips.  Rows find each other by their generated names (login, department
 * name), which are unique, never by guessing auto-increment ids.  Three
 * transactions: the organisation, the dossiers, their contents. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "store/store.h"
#include "util.h"

/* Employees per department and per manager. */
#define GEN_DEPARTMENT_SIZE 100
#define GEN_TEAM_SIZE 10
#define GEN_ORG_GOALS 5
/* Room for "bench-<id>-": the prefix of every generated name. */
#define GEN_PREFIX_MAX 48
#define GEN_SCALE "onvoldoende|matig|voldoende|goed|uitstekend"
#define GEN_SCALE_SIZE 5
#define STR_(x) #x
#define STR(x) STR_(x)
/* The sequence table bounds every count (GENERATE_EMPLOYEES_MAX). */
#define SEQ "seq_1_to_1000000"
/* An employee's login: prefix and seven digits. */
#define LOGIN_OF(n) "CONCAT(?, LPAD(" n ", 7, '0'))"

static struct db_stmt_def q_cycle = DB_STMT(
	"INSERT INTO cycle (name, starts_on, ends_on, status, rating_scale)"
	" VALUES (?, '2027-01-01', '2027-12-31', 'open', '" GEN_SCALE "')");
static struct db_stmt_def q_name = DB_STMT(
	"UPDATE cycle SET name = ? WHERE id = ?");
static struct db_stmt_def q_steps = DB_STMT(
	"INSERT INTO cycle_step (cycle_id, seq, type, due_on) VALUES"
	" (?, 1, 'goal_setting', '2027-02-15'), (?, 2, 'progress', '2027-06-30'),"
	" (?, 3, 'assessment', '2027-12-15')");
static struct db_stmt_def q_org_goals = DB_STMT(
	"INSERT INTO org_goal (cycle_id, title, description)"
	" SELECT ?, CONCAT('Organisatiedoel ', seq), 'Gegenereerd voor de benchmark.'"
	" FROM " SEQ " WHERE seq <= ?");
static struct db_stmt_def q_root = DB_STMT(
	"INSERT INTO department (name) VALUES (CONCAT(?, 'organisatie'))");
static struct db_stmt_def q_departments = DB_STMT(
	"INSERT INTO department (name, parent_id)"
	" SELECT CONCAT(?, 'afdeling-', seq), ? FROM " SEQ " WHERE seq <= ?");
static struct db_stmt_def q_collective = DB_STMT(
	"INSERT INTO collective_goal (cycle_id, title, measure, deadline, department_id, bonus)"
	" VALUES (?, 'Ziekteverzuim onder 4%', 'Gemiddeld over het jaar', '2027-12-31', NULL, 1),"
	" (?, 'Klanttevredenheid 8', 'Jaarlijkse meting', '2027-11-30', ?, 0)");
static struct db_stmt_def q_employees = DB_STMT(
	"INSERT INTO employee (login, name, email, department_id)"
	" SELECT " LOGIN_OF("s.seq") ", CONCAT('Medewerker ', s.seq),"
	" CONCAT(?, s.seq, '@example.org'), dp.id"
	" FROM " SEQ " s JOIN department dp"
	" ON dp.name = CONCAT(?, 'afdeling-', 1 + (s.seq - 1) DIV " STR(GEN_DEPARTMENT_SIZE) ")"
	" WHERE s.seq <= ?");
/* The first employees are the managers and report to the very first;
 * everyone else reports to one of them in turn. */
static struct db_stmt_def q_managers = DB_STMT(
	"UPDATE " SEQ " s JOIN employee e ON e.login = " LOGIN_OF("s.seq")
	" JOIN employee m ON m.login = " LOGIN_OF(
	"CASE WHEN s.seq <= ? THEN 1 ELSE 1 + (s.seq - 1) MOD ? END")
	" SET e.manager_id = m.id WHERE s.seq BETWEEN 2 AND ?");
static struct db_stmt_def q_dossiers = DB_STMT(
	"INSERT INTO dossier (cycle_id, employee_id, manager_id)"
	" SELECT ?, e.id, e.manager_id FROM employee e WHERE e.login LIKE CONCAT(?, '%')");
/* Goal setting closed; progress closed, finalized, held or in
 * preparation; assessment held (with an overall rating) or planned. */
static struct db_stmt_def q_conversations = DB_STMT(
	"INSERT INTO conversation (dossier_id, type, seq, due_on, status, held_on, scheduled_at,"
	" overall_rating, employee_shared)"
	" SELECT x.id, x.type, x.seq, x.due_on, x.status,"
	" IF(x.status IN ('planned', 'preparing'), NULL, x.due_on - INTERVAL 5 DAY),"
	" x.due_on - INTERVAL 5 DAY + INTERVAL 10 HOUR,"
	" IF(x.type = 'assessment' AND x.status = 'held', 1 + x.id MOD " STR(GEN_SCALE_SIZE) ", NULL),"
	" x.id MOD 2"
	" FROM (SELECT d.id, st.type, st.seq, st.due_on,"
	"  CASE st.seq WHEN 1 THEN 'closed'"
	"  WHEN 2 THEN ELT(1 + d.id MOD 4, 'closed', 'finalized', 'held', 'preparing')"
	"  ELSE IF(d.id MOD 3 = 0, 'held', 'planned') END AS status"
	"  FROM dossier d JOIN cycle_step st ON st.cycle_id = d.cycle_id WHERE d.cycle_id = ?) x");
static struct db_stmt_def q_items = DB_STMT(
	"INSERT INTO item (dossier_id, kind, title, measure, deadline, responsible_id, weight,"
	" status, created_in_conversation_id, author_id)"
	" SELECT d.id, ELT(1 + s.seq MOD 3, 'result', 'development', 'action'),"
	" CONCAT('Doel ', s.seq, ' van dossier ', d.id),"
	" CONCAT('Meetbaar: ', s.seq * 10, '% beter dan vorig jaar, gemeten per kwartaal.'),"
	" '2027-11-30', d.employee_id, IF(s.seq MOD 3 = 0, 10 * (1 + s.seq MOD 4), NULL),"
	" ELT(1 + (d.id + s.seq) MOD 6, 'open', 'on_track', 'at_risk', 'achieved',"
	" 'not_achieved', 'cancelled'),"
	" c.id, IF(s.seq MOD 2 = 1, d.employee_id, COALESCE(d.manager_id, d.employee_id))"
	" FROM dossier d JOIN conversation c ON c.dossier_id = d.id AND c.seq = 1"
	" JOIN " SEQ " s ON s.seq <= ? WHERE d.cycle_id = ?");
static struct db_stmt_def q_progress = DB_STMT(
	"INSERT INTO item_update (item_id, conversation_id, author_id, status, note)"
	" SELECT i.id, c.id, COALESCE(d.manager_id, d.employee_id), i.status,"
	" CONCAT('Voortgang besproken; zie afspraken \"', i.title, '\".')"
	" FROM dossier d JOIN item i ON i.dossier_id = d.id"
	" JOIN conversation c ON c.dossier_id = d.id AND c.seq = 2 WHERE d.cycle_id = ?");
static struct db_stmt_def q_ratings = DB_STMT(
	"INSERT INTO item_update (item_id, conversation_id, author_id, status, note, rating)"
	" SELECT i.id, c.id, COALESCE(d.manager_id, d.employee_id), i.status, 'Beoordeeld.',"
	" 1 + (i.id MOD " STR(GEN_SCALE_SIZE) ")"
	" FROM dossier d JOIN item i ON i.dossier_id = d.id AND i.kind = 'result'"
	" JOIN conversation c ON c.dossier_id = d.id AND c.seq = 3 AND c.status = 'held'"
	" WHERE d.cycle_id = ?");
static struct db_stmt_def q_remarks = DB_STMT(
	"INSERT INTO remark (conversation_id, author_id, role, text)"
	" SELECT c.id, d.employee_id, 'employee', '=Goed gesprek; \"afspraken\" helder.'"
	" FROM dossier d JOIN conversation c ON c.dossier_id = d.id"
	" WHERE d.cycle_id = ? AND c.status IN ('finalized', 'closed')");
static struct db_stmt_def q_signatures_employee = DB_STMT(
	"INSERT INTO signature (conversation_id, employee_id, role, verdict, snapshot_sha256)"
	" SELECT c.id, d.employee_id, 'employee', IF(c.id MOD 7 = 0, 'seen', 'agree'),"
	" IF(c.status = 'closed', SHA2(CONCAT('snapshot ', c.id), 256), NULL)"
	" FROM dossier d JOIN conversation c ON c.dossier_id = d.id"
	" WHERE d.cycle_id = ? AND c.status IN ('finalized', 'closed')");
static struct db_stmt_def q_signatures_manager = DB_STMT(
	"INSERT INTO signature (conversation_id, employee_id, role, verdict, snapshot_sha256)"
	" SELECT c.id, d.manager_id, 'manager', 'agree', SHA2(CONCAT('snapshot ', c.id), 256)"
	" FROM dossier d JOIN conversation c ON c.dossier_id = d.id"
	" WHERE d.cycle_id = ? AND c.status = 'closed' AND d.manager_id IS NOT NULL");
static struct db_stmt_def q_root_id = DB_STMT(
	"SELECT id FROM department WHERE name = CONCAT(?, 'organisatie')");

struct gen {
	int64_t employees, items;
	int64_t cycle_id;
	char prefix[GEN_PREFIX_MAX];
};

static int
one_id(void *ud, const struct db_row *r)
{
	*(int64_t *)ud = db_int(r, 0);
	return DB_OK;
}

static int64_t
ceil_div(int64_t a, int64_t b)
{
	return (a + b - 1) / b;
}

/* The cycle, its schedule and goals, departments and employees. */
static int
gen_organisation(struct db *db, void *ud)
{
	struct gen *g = ud;
	int64_t departments = ceil_div(g->employees, GEN_DEPARTMENT_SIZE), root = 0;
	int64_t managers = ceil_div(g->employees, GEN_TEAM_SIZE);
	char name[GEN_PREFIX_MAX + 16];
	int st;

	snprintf(name, sizeof(name), "bench-pending-%lld", (long long)now_us());
	if ((st = db_exec(db, &q_cycle, DB_ARGS(DB_STR(name)), NULL, &g->cycle_id)) != DB_OK)
		return st;
	snprintf(g->prefix, sizeof(g->prefix), "bench-%lld-", (long long)g->cycle_id);
	snprintf(name, sizeof(name), "bench-%lld", (long long)g->cycle_id);
	if ((st = db_exec(db, &q_name, DB_ARGS(DB_STR(name), DB_INT(g->cycle_id)), NULL,
	    NULL)) != DB_OK ||
	    (st = db_exec(db, &q_steps, DB_ARGS(DB_INT(g->cycle_id), DB_INT(g->cycle_id),
	    DB_INT(g->cycle_id)), NULL, NULL)) != DB_OK ||
	    (st = db_exec(db, &q_org_goals, DB_ARGS(DB_INT(g->cycle_id), DB_INT(GEN_ORG_GOALS)),
	    NULL, NULL)) != DB_OK ||
	    (st = db_exec(db, &q_root, DB_ARGS(DB_STR(g->prefix)), NULL, NULL)) != DB_OK ||
	    (st = db_query(db, &q_root_id, DB_ARGS(DB_STR(g->prefix)), one_id, &root)) != DB_OK ||
	    (st = db_exec(db, &q_departments, DB_ARGS(DB_STR(g->prefix), DB_INT(root),
	    DB_INT(departments)), NULL, NULL)) != DB_OK ||
	    (st = db_exec(db, &q_collective, DB_ARGS(DB_INT(g->cycle_id), DB_INT(g->cycle_id),
	    DB_INT(root)), NULL, NULL)) != DB_OK ||
	    (st = db_exec(db, &q_employees, DB_ARGS(DB_STR(g->prefix), DB_STR(g->prefix),
	    DB_STR(g->prefix), DB_INT(g->employees)), NULL, NULL)) != DB_OK ||
	    (st = db_exec(db, &q_managers, DB_ARGS(DB_STR(g->prefix), DB_STR(g->prefix),
	    DB_INT(managers), DB_INT(managers), DB_INT(g->employees)), NULL, NULL)) != DB_OK)
		return st;
	return audit_add(db, 0, "cycle", g->cycle_id, "generate", name);
}

static int
gen_dossiers(struct db *db, void *ud)
{
	struct gen *g = ud;
	int st;

	if ((st = db_exec(db, &q_dossiers, DB_ARGS(DB_INT(g->cycle_id), DB_STR(g->prefix)),
	    NULL, NULL)) != DB_OK)
		return st;
	return db_exec(db, &q_conversations, DB_ARGS(DB_INT(g->cycle_id)), NULL, NULL);
}

static int
gen_contents(struct db *db, void *ud)
{
	struct gen *g = ud;
	struct db_stmt_def *per_cycle[] = { &q_progress, &q_ratings, &q_remarks,
		&q_signatures_employee, &q_signatures_manager };
	size_t i;
	int st;

	if (g->items > 0 && (st = db_exec(db, &q_items, DB_ARGS(DB_INT(g->items),
	    DB_INT(g->cycle_id)), NULL, NULL)) != DB_OK)
		return st;
	for (i = 0; i < ARRAY_LEN(per_cycle); i++)
		if ((st = db_exec(db, per_cycle[i], DB_ARGS(DB_INT(g->cycle_id)), NULL,
		    NULL)) != DB_OK)
			return st;
	return DB_OK;
}

int
generate_cycle(struct db *db, int64_t employees, int64_t items, int64_t *cycle_id,
    char *err, size_t errlen)
{
	struct gen g = { .employees = employees, .items = items };
	int st;

	*cycle_id = 0;
	if (employees < 1 || employees > GENERATE_EMPLOYEES_MAX || items < 0 ||
	    items > GENERATE_ITEMS_MAX) {
		snprintf(err, errlen, "employees 1..%d, items 0..%d", GENERATE_EMPLOYEES_MAX,
		    GENERATE_ITEMS_MAX);
		return DB_ERROR;
	}
	if ((st = db_tx(db, gen_organisation, &g)) != DB_OK ||
	    (st = db_tx(db, gen_dossiers, &g)) != DB_OK ||
	    (st = db_tx(db, gen_contents, &g)) != DB_OK) {
		snprintf(err, errlen, "%s", db_error(db));
		return st;
	}
	*cycle_id = g.cycle_id;
	return DB_OK;
}
