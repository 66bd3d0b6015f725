/* admin_cycles.c -- GET /admin/cycles (every cycle with its dossiers),
 * GET /admin/cycles/new and POST /admin/cycles (create a cycle with its
 * rating scale and schedule).  HR only (routes.c).  Also the cycle form,
 * which the edit on the overview (admin_cycle.c) reads too. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "auth/session.h"
#include "pages/admin_cycle.h"
#include "pages/pages.h"
#include "util.h"
#include "xml/page.h"

/* Field names of the schedule rows; they must outlive the form, which
 * keeps pointers to them. */
struct step_field {
	const char *type;
	const char *due;
};
static const struct step_field step_fields[] = {
	{ "step1_type", "step1_due" }, { "step2_type", "step2_due" },
	{ "step3_type", "step3_due" }, { "step4_type", "step4_due" },
	{ "step5_type", "step5_due" }, { "step6_type", "step6_due" },
	{ "step7_type", "step7_due" }, { "step8_type", "step8_due" },
};
_Static_assert(sizeof(step_fields) / sizeof(step_fields[0]) == CYCLE_STEPS_MAX,
    "one pair of field names per schedule row");

/* One schedule row: both fields or neither; the date inside the period
 * (start < 0: the period itself is wrong) and not before the row above. */
static void
read_step(struct cycle_form *cf, const struct ctx *c, const struct step_field *sf,
    int64_t start, int64_t end, int64_t *prev)
{
	struct form *f = &cf->f;
	const char *type = in_choice(c, sf->type);
	const char *due = in_date(c, sf->due);
	struct plan_step *s;
	int64_t day;

	if (type && !due && !in_given(c, sf->due))
		form_error(f, sf->due, "form.error.required");
	if (due && !type && !in_given(c, sf->type))
		form_error(f, sf->type, "form.error.required");
	if (!type || !due || !date_days(due, &day))
		return;
	/* A wrong date is not what the rows below are compared with. */
	if (start >= 0 && (day < start || day > end))
		form_error(f, sf->due, "admin.cycle.error.step_outside");
	else if (day < *prev)
		form_error(f, sf->due, "admin.cycle.error.step_order");
	else
		*prev = day;
	s = &cf->steps[cf->in.nsteps++];
	strlcopy(s->type, type, sizeof(s->type));
	strlcopy(s->due_on, due, sizeof(s->due_on));
}

static void
read_steps(struct cycle_form *cf, const struct ctx *c, int64_t start, int64_t end)
{
	int64_t prev = -1;
	size_t i;

	cf->in.steps = cf->steps;
	cf->in.nsteps = 0;
	for (i = 0; i < CYCLE_STEPS_MAX; i++)
		read_step(cf, c, &step_fields[i], start, end, &prev);
	if (cf->in.nsteps == 0 && !cf->f.failed)
		form_error(&cf->f, step_fields[0].type, "admin.cycle.error.steps_none");
}

bool
cycle_form_read(struct cycle_form *cf, const struct ctx *c, bool with_steps)
{
	struct form *f = &cf->f;
	const char *scale, *err = NULL;
	int64_t start = -1, end = -1;

	cf->in.name = in_text(c, "name");
	cf->in.starts_on = in_date(c, "starts_on");
	cf->in.ends_on = in_date(c, "ends_on");
	if (cf->in.starts_on && cf->in.ends_on && date_days(cf->in.starts_on, &start) &&
	    date_days(cf->in.ends_on, &end) && end < start) {
		form_error(f, "ends_on", "admin.cycle.error.period");
		start = -1;
	}
	scale = in_text(c, "scale");
	cf->scale[0] = '\0';
	if (scale && !scale_parse(scale, cf->scale, sizeof(cf->scale), &err))
		form_error(f, "scale", err);
	cf->in.scale = cf->scale;
	cf->in.steps = NULL;
	cf->in.nsteps = 0;
	if (with_steps)
		read_steps(cf, c, start, end);
	return !f->failed;
}

void
step_slots_xml(xmlNodePtr parent)
{
	xmlNodePtr slots = xml_add(parent, "slots");
	int i;

	for (i = 1; i <= CYCLE_STEPS_MAX; i++)
		xml_set_int(xml_add(slots, "slot"), "n", i);
}

int
cycle_redirect(struct ctx *c, int64_t cycle_id, const char *suffix, const char *flash)
{
	int st = auth_flash(c, flash);

	if (st != DB_OK)
		return http_status_of(st);
	snprintf(c->location, sizeof(c->location), "/admin/cycles/%lld%s", (long long)cycle_id,
	    suffix ? suffix : "");
	return HANDLER_REDIRECT;
}

/* ---- GET /admin/cycles ---- */

static int
add_cycle(void *ud, const struct cycle_row *r)
{
	xmlNodePtr n = xml_add(ud, "cycle");

	xml_set_int(n, "id", r->id);
	xml_set(n, "name", r->name);
	xml_set(n, "starts_on", r->starts_on);
	xml_set(n, "ends_on", r->ends_on);
	xml_set(n, "status", r->status);
	xml_set_int(n, "dossiers", r->dossiers);
	xml_set_int(n, "dossiers_open", r->dossiers_open);
	return DB_OK;
}

int
admin_cycles_get(struct ctx *c)
{
	int st;

	if (!page_begin(c, "admin_cycles"))
		return 500;
	st = cycle_list(c->db, add_cycle, xml_add(c->page, "cycles"));
	return st == DB_OK ? 200 : http_status_of(st);
}

/* ---- GET /admin/cycles/new, POST /admin/cycles ---- */

/* The proposal of a new form: the coming calendar year with the default
 * scale and schedule. */
static void
defaults_xml(xmlNodePtr parent)
{
	char year[8], starts[ISO_DATE_LEN + 1], ends[ISO_DATE_LEN + 1];
	char scale[SCALE_TYPED_MAX];
	struct plan_step steps[CYCLE_DEFAULT_STEPS];
	time_t now = (time_t)now_unix();
	xmlNodePtr n = xml_add(parent, "defaults"), s;
	struct tm tm;
	size_t i;

	gmtime_r(&now, &tm);
	snprintf(year, sizeof(year), "%d", (tm.tm_year + 1901) % 10000);
	snprintf(starts, sizeof(starts), "%.4s-01-01", year);
	snprintf(ends, sizeof(ends), "%.4s-12-31", year);
	scale_format(CYCLE_DEFAULT_SCALE, scale, sizeof(scale));
	xml_set(n, "name", year);
	xml_set(n, "starts_on", starts);
	xml_set(n, "ends_on", ends);
	xml_set(n, "scale", scale);
	if (!plan_default(starts, ends, steps))
		return;
	for (i = 0; i < CYCLE_DEFAULT_STEPS; i++) {
		s = xml_add(n, "step");
		xml_set_int(s, "seq", (int64_t)i + 1);
		xml_set(s, "type", steps[i].type);
		xml_set(s, "due_on", steps[i].due_on);
	}
}

static int
new_page(struct ctx *c, const struct form *failed, int status)
{
	xmlNodePtr n;

	if (!page_begin(c, "admin_cycle_new"))
		return 500;
	n = xml_add(c->page, "cycle-new");
	xml_set_int(n, "steps_max", CYCLE_STEPS_MAX);
	defaults_xml(n);
	step_slots_xml(n);
	if (failed)
		form_xml(failed, n);
	return status;
}

int
admin_cycle_new_get(struct ctx *c)
{
	return new_page(c, NULL, 200);
}

int
admin_cycles_post(struct ctx *c)
{
	struct cycle_form cf;
	int64_t id = 0;
	int st;

	form_begin(&cf.f, c, "cycle");
	if (!cycle_form_read(&cf, c, true))
		return new_page(c, &cf.f, 400);
	st = cycle_create(c->db, c->user.id, &cf.in, &id);
	if (st == DB_DUPLICATE) {
		form_error(&cf.f, "name", "admin.cycle.error.name_taken");
		return new_page(c, &cf.f, 400);
	}
	if (st != DB_OK)
		return http_status_of(st);
	return cycle_redirect(c, id, NULL, "flash.cycle_created");
}
