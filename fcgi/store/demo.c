/* demo.c -- the demo organisation "Voorbeeld BV" used by tests/demo and the
 * tests: departments and about thirty employees with fixed logins.  Loading
 * twice changes nothing. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "store/store.h"
#include "util.h"

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
		return DB_OK;
	for (i = 0; i < ARRAY_LEN(departments); i++) {
		st = db_exec(db, &q_department, DB_ARGS(DB_STR(departments[i].name),
		    DB_STR(departments[i].parent)), NULL, NULL);
		if (st != DB_OK)
			return st;
	}
	for (i = 0; i < ARRAY_LEN(employees); i++) {
		const struct demo_employee *e = &employees[i];

		snprintf(email, sizeof(email), "%s@voorbeeld.example", e->login);
		st = db_exec(db, &q_employee, DB_ARGS(DB_STR(e->login), DB_STR(e->name),
		    DB_STR(email), DB_STR(e->department), DB_STR(e->manager),
		    DB_INT(e->is_hr)), NULL, NULL);
		if (st != DB_OK)
			return st;
	}
	return DB_OK;
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
