/* demo.c -- the demo organisation "Voorbeeld BV" used by tests/demo and the
 * tests: departments and about thirty employees with fixed logins, and the
 * cycle "2027" started for everyone with three organisation goals and two
 * collective goals.  Loading twice changes nothing. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "store/cycle_tx.h"
#include "store/cycle.h"
#include "store/db.h"
#include "store/demo.h"
#include "store/goal.h"
#include "store/organisation.h"
#include "base/util.h"

struct demo_department {
	const char *name;
	const char *parent;	/* NULL: top level */
};

struct demo_employee {
	const char *login;
	const char *name;
	const char *department;
	const char *manager;	/* login, NULL for the top */
	bool is_hr;
};

static const struct demo_department departments[] = {
	{"Directie", NULL},
	{"Personeelszaken", "Directie"},
	{"Verkoop", "Directie"},
	{"Binnendienst", "Verkoop"},
	{"Buitendienst", "Verkoop"},
	{"Klantenservice", "Directie"},
	{"ICT", "Directie"},
	{"Financiën", "Directie"},
};

/* Managers come before their reports. */
static const struct demo_employee employees[] = {
	{"sanne", "Sanne Bakker", "Directie", NULL, false},
	{"hanna", "Hanna Visser", "Personeelszaken", "sanne", true},
	{"joost", "Joost de Boer", "Personeelszaken", "hanna", true},
	{"mark", "Mark Jansen", "Verkoop", "sanne", false},
	{"eva", "Eva de Vries", "Binnendienst", "mark", false},
	{"daan", "Daan Smit", "Binnendienst", "mark", false},
	{"lotte", "Lotte Meijer", "Binnendienst", "mark", false},
	{"bram", "Bram Mulder", "Buitendienst", "mark", false},
	{"fleur", "Fleur de Groot", "Buitendienst", "mark", false},
	{"thijs", "Thijs Bos", "Buitendienst", "mark", false},
	{"noor", "Noor Vos", "Binnendienst", "mark", false},
	{"ruben", "Ruben Peters", "Buitendienst", "mark", false},
	{"iris", "Iris Hendriks", "Klantenservice", "sanne", false},
	{"jesse", "Jesse van Leeuwen", "Klantenservice", "iris", false},
	{"sophie", "Sophie Dekker", "Klantenservice", "iris", false},
	{"lars", "Lars Brouwer", "Klantenservice", "iris", false},
	{"emma", "Emma de Wit", "Klantenservice", "iris", false},
	{"milan", "Milan Dijkstra", "Klantenservice", "iris", false},
	{"koen", "Koen Smits", "ICT", "sanne", false},
	{"julia", "Julia de Graaf", "ICT", "koen", false},
	{"tim", "Tim van der Meer", "ICT", "koen", false},
	{"anouk", "Anouk van der Linden", "ICT", "koen", false},
	{"sem", "Sem Kok", "ICT", "koen", false},
	{"femke", "Femke Jacobs", "Financiën", "sanne", false},
	{"wouter", "Wouter de Haan", "Financiën", "femke", false},
	{"lisa", "Lisa Vermeulen", "Financiën", "femke", false},
	{"rik", "Rik van den Heuvel", "Financiën", "femke", false},
	{"maud", "Maud van der Veen", "Verkoop", "mark", false},
	{"stijn", "Stijn van den Berg", "Personeelszaken", "hanna", false},
	{"yara", "Yara van Dijk", "Binnendienst", "mark", false},
};

static struct db_stmt_def q_loaded = DB_STMT(
	"SELECT COUNT(*) FROM employee WHERE login = 'sanne'");
static struct db_stmt_def q_department = DB_STMT(
	"INSERT INTO department (name, parent_id)"
	" VALUES (?, (SELECT id FROM department p WHERE p.name = ? LIMIT 1))");
static struct db_stmt_def q_employee = DB_STMT(
	"INSERT INTO employee (login, name, email, department_id, manager_id, is_hr)"
	" VALUES (?, ?, ?, (SELECT id FROM department WHERE name = ? LIMIT 1),"
	" (SELECT id FROM employee m WHERE m.login = ?), ?)");
static int
count_row(void *ud, const struct db_row *r)
{
	*(int64_t *)ud = db_int(r, 0);
	return DB_OK;
}

/* ---- the cycle "2027", started for everyone ---- */

#define DEMO_CYCLE "2027"
#define DEMO_CYCLE_STARTS "2027-01-01"
#define DEMO_CYCLE_ENDS "2027-12-31"
/* Actor of the demo's audit rows: none. */
#define DEMO_ACTOR 0

static const struct plan_step demo_steps[] = {
	{ "goal_setting", "2027-02-15" },
	{ "progress", "2027-06-30" },
	{ "assessment", "2027-12-15" },
};

struct demo_org_goal {
	const char *title;
	const char *description;
};

static const struct demo_org_goal demo_org_goals[] = {
	{ "Klanttevredenheid naar 8,5",
	  "De gemiddelde score in het jaarlijkse klanttevredenheidsonderzoek stijgt van 7,9"
	  " naar minstens 8,5." },
	{ "Omzetgroei van 10%",
	  "De omzet groeit in 2027 met 10% ten opzichte van 2026, vooral door nieuwe klanten"
	  " in de zakelijke markt." },
	{ "Duurzaam werken: CO2-uitstoot -20%",
	  "De CO2-uitstoot van kantoor en wagenpark daalt met 20% ten opzichte van 2026,"
	  " onder meer door elektrische leaseauto's en minder reizen." },
};

struct demo_collective {
	const char *title;
	const char *measure;
	const char *deadline;
	const char *department;	/* NULL: everyone */
	bool bonus;
};

static const struct demo_collective demo_collectives[] = {
	{ "Ziekteverzuim onder 4%",
	  "Het gemiddelde ziekteverzuim van Voorbeeld BV over heel 2027 ligt onder 4%.",
	  "2027-12-31", NULL, true },
	{ "150 nieuwe zakelijke klanten",
	  "Binnendienst en buitendienst sluiten samen in 2027 contracten met minstens 150"
	  " nieuwe zakelijke klanten.",
	  "2027-12-31", "Verkoop", false },
};

static struct db_stmt_def q_cycle_loaded = DB_STMT(
	"SELECT COUNT(*) FROM cycle WHERE name = ?");
static struct db_stmt_def q_department_id = DB_STMT(
	"SELECT id FROM department WHERE name = ? ORDER BY id LIMIT 1");

static int
demo_goals(struct db *db, int64_t cycle_id)
{
	struct collective_input in;
	int64_t id, department;
	size_t i;
	int st;

	for (i = 0; i < ARRAY_LEN(demo_org_goals); i++) {
		st = org_goal_create_tx(db, DEMO_ACTOR, cycle_id, demo_org_goals[i].title,
		    demo_org_goals[i].description, &id);
		if (st != DB_OK)
			return st;
	}
	for (i = 0; i < ARRAY_LEN(demo_collectives); i++) {
		const struct demo_collective *g = &demo_collectives[i];

		department = 0;
		if (g->department && (st = db_query(db, &q_department_id,
		    DB_ARGS(DB_STR(g->department)), count_row, &department)) != DB_OK)
			return st;
		in = (struct collective_input){ g->title, g->measure, g->deadline, department,
			g->bonus };
		if ((st = collective_create_tx(db, DEMO_ACTOR, cycle_id, &in, &id)) != DB_OK)
			return st;
	}
	return DB_OK;
}

/* Added also to a demo organisation loaded before cycles existed. */
static int
load_cycle(struct db *db)
{
	struct cycle_input in = { DEMO_CYCLE, DEMO_CYCLE_STARTS, DEMO_CYCLE_ENDS,
		CYCLE_DEFAULT_SCALE, demo_steps, ARRAY_LEN(demo_steps) };
	struct cycle_start everyone = { .scope = SCOPE_ALL };
	struct cycle_started started;
	int64_t loaded = 0, id = 0;
	int st;

	st = db_query(db, &q_cycle_loaded, DB_ARGS(DB_STR(DEMO_CYCLE)), count_row, &loaded);
	if (st != DB_OK || loaded)
		return st;
	if ((st = cycle_create_tx(db, DEMO_ACTOR, &in, &id)) != DB_OK)
		return st;
	if ((st = demo_goals(db, id)) != DB_OK)
		return st;
	return cycle_start_tx(db, DEMO_ACTOR, id, &everyone, &started);
}

static int
load(struct db *db, void *ud)
{
	char email[EMAIL_MAX + 1];
	int64_t loaded = 0;
	size_t i;
	int st;

	(void)ud;
	if ((st = db_query(db, &q_loaded, DB_NOARGS, count_row, &loaded)) != DB_OK)
		return st;
	if (loaded)
		return load_cycle(db);
	for (i = 0; i < ARRAY_LEN(departments); i++) {
		st = db_exec(db, &q_department, DB_ARGS(DB_STR(departments[i].name),
		    DB_STR(departments[i].parent)), NULL, NULL);
		if (st != DB_OK)
			return st;
	}
	if ((st = department_paths_fill(db)) != DB_OK)	/* their stored ancestors */
		return st;
	for (i = 0; i < ARRAY_LEN(employees); i++) {
		const struct demo_employee *e = &employees[i];

		snprintf(email, sizeof(email), "%s@voorbeeld.example", e->login);
		st = db_exec(db, &q_employee, DB_ARGS(DB_STR(e->login), DB_STR(e->name),
		    DB_STR(email), DB_STR(e->department), DB_STR(e->manager),
		    DB_INT(e->is_hr)), NULL, NULL);
		if (st != DB_OK)
			return st;
	}
	return load_cycle(db);
}

int
demo_load(struct db *db, char *err, size_t errlen)
{
	int st = db_tx(db, load, NULL);

	if (st != DB_OK)
		snprintf(err, errlen, "%s", db_error(db));
	return st;
}

void
demo_logins(void (*fn)(void *ud, const char *login), void *ud)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(employees); i++)
		fn(ud, employees[i].login);
}
