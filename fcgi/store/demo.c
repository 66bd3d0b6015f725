/* demo.c -- the demo organisation "Voorbeeld BV" used by tests/demo and the
 * tests: departments and about thirty employees with fixed logins, and a
 * twelve-month cycle from the first of the month the demo is loaded in,
 * started for everyone with three organisation goals and two collective
 * goals.  Loading twice changes nothing. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/cycle_tx.h"
#include "store/cycle.h"
#include "store/cycle_template.h"
#include "store/db.h"
#include "store/headcount.h"
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

/* ---- the demo cycle, started for everyone ----
 *
 * The demo's cycle runs from the first of the month in which it is loaded,
 * for twelve months, so a fresh demo is always inside its own cycle with
 * nothing overdue: a cycle that had not begun by its own dates (the cycle
 * "2027" loaded in December 2026) showed a dashboard no organisation sees.
 * It is named by its years: "2027" when it starts in January, else
 * "2026-2027". */

/* Actor of the demo's audit rows: none. */
#define DEMO_ACTOR 0
#define DEMO_CYCLE_MONTHS 12
#define MONTHS_PER_YEAR 12
/* The schedule, counted from the first day of the cycle: goal setting six
 * weeks in, progress halfway, the assessment in the last month. */
#define DEMO_GOAL_SETTING_DAYS 42
#define DEMO_PROGRESS_MONTHS 6
#define DEMO_ASSESSMENT_MONTHS 11
/* "YYYY-YYYY" and a NUL. */
#define DEMO_NAME_MAX 10
/* Bytes of a demo text with a cycle name filled in; the longest template
 * is about 170 bytes. */
#define DEMO_TEXT_MAX 320

struct demo_period {
	char name[DEMO_NAME_MAX];
	char previous[DEMO_NAME_MAX];	/* the twelve months before */
	char starts_on[ISO_DATE_LEN + 1];
	char ends_on[ISO_DATE_LEN + 1];
	struct plan_step steps[CYCLE_DEFAULT_STEPS];
};

/* The first day of the month `months` after year y, month m (1..12). */
static bool
month_start(int y, int m, int months, char out[ISO_DATE_LEN + 1])
{
	int index = y * MONTHS_PER_YEAR + (m - 1) + months;
	char tmp[32];	/* room for any int, to please -Wformat-truncation */
	int64_t days;

	snprintf(tmp, sizeof(tmp), "%04d-%02d-01", index / MONTHS_PER_YEAR,
	    index % MONTHS_PER_YEAR + 1);
	/* Checked: date_days knows the range of years the store accepts. */
	return date_days(tmp, &days) && strlcopy(out, tmp, ISO_DATE_LEN + 1);
}

/* "2027" for a period starting in January, else "2026-2027". */
static void
period_name(int y, int m, char out[DEMO_NAME_MAX])
{
	char tmp[32];

	if (m == 1)
		snprintf(tmp, sizeof(tmp), "%04d", y);
	else
		snprintf(tmp, sizeof(tmp), "%04d-%04d", y, y + 1);
	strlcopy(out, tmp, DEMO_NAME_MAX);
}

static bool
step(struct plan_step *s, const char *type, const char *due_on)
{
	return strlcopy(s->type, type, sizeof(s->type)) &&
	    strlcopy(s->due_on, due_on, sizeof(s->due_on));
}

/* The period of a demo loaded on today (YYYY-MM-DD). */
static bool
demo_period(const char *today, struct demo_period *p)
{
	char due[ISO_DATE_LEN + 1];
	int64_t start, end;
	int y, m;

	if (!date_days(today, &start))
		return false;
	y = atoi(today);
	m = atoi(today + 5);
	period_name(y, m, p->name);
	period_name(y - 1, m, p->previous);
	if (!month_start(y, m, 0, p->starts_on) ||
	    !month_start(y, m, DEMO_CYCLE_MONTHS, p->ends_on) ||
	    !date_days(p->starts_on, &start) || !date_days(p->ends_on, &end))
		return false;
	days_date(end - 1, p->ends_on);	/* the day before the next cycle */
	days_date(start + DEMO_GOAL_SETTING_DAYS, due);
	if (!step(&p->steps[0], "goal_setting", due) ||
	    !month_start(y, m, DEMO_PROGRESS_MONTHS, due) ||
	    !step(&p->steps[1], "progress", due) ||
	    !month_start(y, m, DEMO_ASSESSMENT_MONTHS, due) ||
	    !step(&p->steps[2], "assessment", due))
		return false;
	return true;
}

/* A demo text around the cycle's names: head, the cycle, mid, the cycle
 * before, tail; without mid it names only the cycle (head, cycle, tail).
 * The texts name the cycle's years: what a manager reads when deriving a
 * goal must be about the period the goal is for. */
struct demo_text {
	const char *head;
	const char *mid;	/* NULL: the cycle before is not named */
	const char *tail;
};

static void
demo_text_fill(const struct demo_text *t, const struct demo_period *p, char *out,
    size_t size)
{
	if (t->mid)
		snprintf(out, size, "%s%s%s%s%s", t->head, p->name, t->mid, p->previous,
		    t->tail);
	else
		snprintf(out, size, "%s%s%s", t->head, p->name, t->tail);
}

struct demo_org_goal {
	const char *title;
	struct demo_text description;
};

static const struct demo_org_goal demo_org_goals[] = {
	{ "Klanttevredenheid naar 8,5",
	  { "De gemiddelde score in het jaarlijkse klanttevredenheidsonderzoek stijgt in ",
	    " naar minstens 8,5, van 7,9 in ", "." } },
	{ "Omzetgroei van 10%",
	  { "De omzet groeit in ", " met 10% ten opzichte van ",
	    ", vooral door nieuwe klanten in de zakelijke markt." } },
	{ "Duurzaam werken: CO2-uitstoot -20%",
	  { "De CO2-uitstoot van kantoor en wagenpark daalt in ", " met 20% ten opzichte van ",
	    ", onder meer door elektrische leaseauto's en minder reizen." } },
};

struct demo_collective {
	const char *title;
	struct demo_text measure;
	const char *department;	/* NULL: everyone */
	bool bonus;
};

/* Their deadline is the cycle's last day. */
static const struct demo_collective demo_collectives[] = {
	{ "Ziekteverzuim onder 4%",
	  { "Het gemiddelde ziekteverzuim van Voorbeeld BV over de hele cyclus ", NULL,
	    " ligt onder 4%." },
	  NULL, true },
	{ "150 nieuwe zakelijke klanten",
	  { "Binnendienst en buitendienst sluiten samen in ", NULL,
	    " contracten met minstens 150 nieuwe zakelijke klanten." },
	  "Verkoop", false },
};

/* The demo's cycle exists when its first organisation goal does: a test
 * on the name would add a second cycle when the demo is loaded again in
 * another month. */
static struct db_stmt_def q_cycle_loaded = DB_STMT(
	"SELECT COUNT(*) FROM org_goal WHERE title = ?");
static struct db_stmt_def q_department_id = DB_STMT(
	"SELECT id FROM department WHERE name = ? ORDER BY id LIMIT 1");

static int
demo_org_goals_create(struct db *db, int64_t cycle_id, const struct demo_period *p)
{
	char text[DEMO_TEXT_MAX];
	int64_t id;
	size_t i;
	int st;

	for (i = 0; i < ARRAY_LEN(demo_org_goals); i++) {
		demo_text_fill(&demo_org_goals[i].description, p, text, sizeof(text));
		st = org_goal_create_tx(db, DEMO_ACTOR, cycle_id, demo_org_goals[i].title,
		    text, &id);
		if (st != DB_OK)
			return st;
	}
	return DB_OK;
}

static int
demo_collectives_create(struct db *db, int64_t cycle_id, const struct demo_period *p)
{
	char text[DEMO_TEXT_MAX];
	struct collective_input in;
	int64_t id, department;
	size_t i;
	int st;

	for (i = 0; i < ARRAY_LEN(demo_collectives); i++) {
		const struct demo_collective *g = &demo_collectives[i];

		department = 0;
		if (g->department && (st = db_query(db, &q_department_id,
		    DB_ARGS(DB_STR(g->department)), count_row, &department)) != DB_OK)
			return st;
		demo_text_fill(&g->measure, p, text, sizeof(text));
		in = (struct collective_input){ g->title, text, p->ends_on, department,
			g->bonus };
		if ((st = collective_create_tx(db, DEMO_ACTOR, cycle_id, &in, &id)) != DB_OK)
			return st;
	}
	return DB_OK;
}

static int demo_forms(struct db *db, int64_t cycle_id);

/* Added also to a demo organisation loaded before cycles existed. */
static int
load_cycle(struct db *db, const struct demo_period *p)
{
	struct cycle_start everyone = { .scope = SCOPE_ALL };
	struct cycle_started started;
	struct cycle_input in;
	int64_t loaded = 0, id = 0;
	int st;

	st = db_query(db, &q_cycle_loaded, DB_ARGS(DB_STR(demo_org_goals[0].title)),
	    count_row, &loaded);
	if (st != DB_OK || loaded)
		return st;
	in = (struct cycle_input){ p->name, p->starts_on, p->ends_on, CYCLE_DEFAULT_SCALE,
		p->steps, ARRAY_LEN(p->steps) };
	if ((st = cycle_create_tx(db, DEMO_ACTOR, &in, &id)) != DB_OK)
		return st;
	if ((st = demo_org_goals_create(db, id, p)) != DB_OK ||
	    (st = demo_collectives_create(db, id, p)) != DB_OK ||
	    (st = demo_forms(db, id)) != DB_OK)
		return st;
	return cycle_start_tx(db, DEMO_ACTOR, id, &everyone, &started);
}

static int
load(struct db *db, void *ud)
{
	const struct demo_period *p = ud;
	char email[EMAIL_MAX + 1];
	int64_t loaded = 0;
	size_t i;
	int st;

	if ((st = db_query(db, &q_loaded, DB_NOARGS, count_row, &loaded)) != DB_OK)
		return st;
	if (loaded)
		return load_cycle(db, p);
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
	/* Its people in the kept headcounts (store/headcount.h): loaded once,
	 * so a recount of them all. */
	if ((st = headcount_rebuild_tx(db)) != DB_OK)
		return st;
	return load_cycle(db, p);
}

int
demo_load(struct db *db, const char *today, char *err, size_t errlen)
{
	struct demo_period p;
	int st;

	/* Checked before the transaction, so a bad date gets its own message. */
	if (!demo_period(today, &p)) {
		snprintf(err, errlen, "no usable date for today: %s", today);
		return DB_ERROR;
	}
	st = db_tx(db, load, &p);
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

/* ---- forms and job profiles (issue 16) ----
 *
 * gesprekctl demo reads the example templates and the demo's competence
 * dictionary (conf/competences/demo.xml) before this runs (ctl_demo.c).
 * The demo people get the job profiles of that dictionary, and the demo
 * cycle names the municipality form for one department; both before the
 * start, so its conversations start on it.  A profile or template that is
 * not there (a database without them) is skipped, not an error. */

/* The department whose people the demo cycle gives the municipality form. */
#define DEMO_FORM_DEPARTMENT "Klantenservice"
#define DEMO_FORM_TEMPLATE "gemeente"

static const struct {
	const char *login;
	const char *profile;	/* key in conf/competences/demo.xml */
} demo_profiles[] = {
	{"sanne", "leidinggevende"}, {"hanna", "leidinggevende"}, {"mark", "leidinggevende"},
	{"iris", "leidinggevende"}, {"koen", "leidinggevende"}, {"femke", "leidinggevende"},
	{"jesse", "klantadviseur"}, {"sophie", "klantadviseur"}, {"lars", "klantadviseur"},
	{"emma", "klantadviseur"}, {"milan", "klantadviseur"},
	{"eva", "verkoper"}, {"daan", "verkoper"}, {"lotte", "verkoper"}, {"bram", "verkoper"},
	{"fleur", "verkoper"}, {"thijs", "verkoper"}, {"noor", "verkoper"},
	{"ruben", "verkoper"}, {"maud", "verkoper"}, {"yara", "verkoper"},
	{"joost", "adviseur"}, {"stijn", "adviseur"}, {"julia", "adviseur"},
	{"tim", "adviseur"}, {"anouk", "adviseur"}, {"sem", "adviseur"},
	{"wouter", "adviseur"}, {"lisa", "adviseur"}, {"rik", "adviseur"},
};

/* Only someone without a profile gets one: HR's choice stays. */
static struct db_stmt_def q_demo_profile = DB_STMT(
	"UPDATE employee SET job_profile_id = (SELECT id FROM job_profile WHERE pkey = ?),"
	" version = version + 1, updated_at = UTC_TIMESTAMP()"
	" WHERE login = ? AND job_profile_id IS NULL"
	" AND EXISTS (SELECT 1 FROM job_profile WHERE pkey = ?)");
static struct db_stmt_def q_demo_template = DB_STMT(
	"SELECT id FROM template WHERE tkey = ?");

static int
demo_forms(struct db *db, int64_t cycle_id)
{
	struct cycle_template_choice choice = { CT_DEPARTMENT, 0, 0 };
	struct cycle_templates_in in = { .given = true, .choices = &choice, .nchoices = 1 };
	struct cycle_template_refusal refused;
	size_t i;
	int st;

	for (i = 0; i < ARRAY_LEN(demo_profiles); i++) {
		st = db_exec(db, &q_demo_profile, DB_ARGS(DB_STR(demo_profiles[i].profile),
		    DB_STR(demo_profiles[i].login), DB_STR(demo_profiles[i].profile)), NULL, NULL);
		if (st != DB_OK)
			return st;
	}
	st = db_query(db, &q_demo_template, DB_ARGS(DB_STR(DEMO_FORM_TEMPLATE)), count_row,
	    &choice.template_id);
	if (st == DB_OK)
		st = db_query(db, &q_department_id, DB_ARGS(DB_STR(DEMO_FORM_DEPARTMENT)), count_row,
		    &choice.scope_id);
	if (st != DB_OK || choice.template_id == 0 || choice.scope_id == 0)
		return st;
	/* The default template's newest for the rest (template_id 0). */
	return cycle_templates_set_tx(db, DEMO_ACTOR, cycle_id, &in, &refused);
}
