/* ctl_plan.c -- what an organisation import or directory sync says on the
 * terminal (ctl_plan.h): its problems, its plan, the deactivation guard. */
#include "config.h"

#include <stdio.h>

#include "base/util.h"
#include "ctl/ctl_plan.h"

/* Each problem as FILE:LINE: reason (detail), or for a source whose lines
 * have names (a directory's DNs) NAME: WHERE: reason (detail). */
static void
print_errors(const struct plan_source *src, const struct org_file *f)
{
	const char *path = src->name;
	size_t i;

	for (i = 0; i < f->nerr; i++) {
		const struct org_error *e = &f->errors[i];

		if (src->line_name && e->line > 0)
			printf("%s: %s: ", path, src->line_name(src->ud, e->line));
		else
			printf("%s:%zu: ", path, e->line);
		printf("%s%s%s%s\n", org_reason_text(e->reason), e->detail[0] ? " (" : "",
		    e->detail, e->detail[0] ? ")" : "");
	}
	if (f->nerr_total > f->nerr)
		printf("%s: %zu more problems not shown\n", path, f->nerr_total - f->nerr);
}

/* The columns of the file that were not used, so HR sees them. */
static void
print_ignored(const char *path, const struct org_file *f)
{
	size_t i;

	if (f->nignored == 0)
		return;
	printf("%s: ignored columns:", path);
	for (i = 0; i < f->nignored; i++)
		printf("%s %s", i ? "," : "", f->ignored[i]);
	putchar('\n');
}

/* The dry run's list, per person and per kind of change, as the web page
 * shows it: "new LOGIN (NAME)", "changed LOGIN: FIELD: OLD -> NEW; ...",
 * "deactivated LOGIN (NAME)". */
static void
print_plan_item(const struct org_file *f, const struct org_db *d, const struct plan_item *it)
{
	static const unsigned fields[] = PLAN_FIELDS;
	const char *before, *after, *sep = ": ";
	size_t k;

	switch (it->kind) {
	case PLAN_NEW:
		printf("  new         %s (%s)\n", f->rows[it->row].f[ORG_LOGIN],
		    f->rows[it->row].f[ORG_NAME]);
		break;
	case PLAN_CHANGED:
		printf("  changed     %s", f->rows[it->row].f[ORG_LOGIN]);
		for (k = 0; k < ARRAY_LEN(fields); k++) {
			if (!(it->changes & fields[k]))
				continue;
			plan_values(f, d, it, fields[k], &before, &after);
			printf("%s%s: %s -> %s", sep, plan_field_name(fields[k]),
			    before[0] ? before : "(none)", after[0] ? after : "(none)");
			sep = "; ";
		}
		putchar('\n');
		break;
	case PLAN_DEACTIVATE:
		printf("  deactivated %s (%s)%s\n", d->emp[it->cur].login, d->emp[it->cur].name,
		    d->emp[it->cur].is_hr ? " [HR]" : "");
		break;
	default:
		break;
	}
}

static void
print_plan(const struct org_file *f, const struct org_db *d, const struct import_plan *p)
{
	static const enum plan_kind kinds[] = { PLAN_NEW, PLAN_CHANGED, PLAN_DEACTIVATE };
	size_t i, k;

	for (k = 0; k < ARRAY_LEN(kinds); k++)
		for (i = 0; i < p->n; i++)
			if (p->items[i].kind == kinds[k])
				print_plan_item(f, d, &p->items[i]);
}

/* Why the deactivation guard stops the plan, on fp (one line per reason). */
static void
print_guard(FILE *fp, const char *path, const struct plan_guard *g)
{
	if (g->reasons & PLAN_GUARD_SHARE)
		fprintf(fp, "%s: deactivates %zu of %zu active employees, more than "
		    "import_max_deactivate_percent (%d%%)\n", path, g->deactivated, g->active,
		    g->max_percent);
	if (g->reasons & PLAN_GUARD_HR)
		fprintf(fp, "%s: deactivates %zu HR member(s) (marked [HR] in the dry run)\n",
		    path, g->hr);
	if (g->reasons & PLAN_GUARD_SELF)
		fprintf(fp, "%s: deactivates the person running the import\n", path);
}

int
import_report(const struct plan_source *src, bool dry, int st, const struct org_file *f,
    const struct org_db *d, const struct import_plan *p, const struct import_outcome *o)
{
	const char *path = src->name;

	if (st == DB_CONFLICT) {
		print_errors(src, f);
		fprintf(stderr, "%s: an employee changed while importing; nothing written, "
		    "try again\n", path);
		return 1;
	}
	if (org_failed(f)) {
		print_errors(src, f);
		return 1;
	}
	print_ignored(path, f);
	if (dry)
		print_plan(f, d, p);
	printf("%s: %s, %zu rows: %zu new, %zu changed, %zu deactivated, %zu unchanged, "
	    "%zu new departments (%s)\n", path, f->format, f->n, p->nnew, p->nchanged,
	    p->ndeactivated, p->nunchanged, p->nnewdepts, dry ? "dry run, nothing written" :
	    o->refused ? "refused, nothing written" : "applied");
	if (dry && plan_guard_trips(&o->guard)) {
		print_guard(stdout, path, &o->guard);
		printf("%s: applying it needs --allow-deactivate\n", path);
	}
	if (o->refused) {
		print_guard(stderr, path, &o->guard);
		fprintf(stderr, "%s: not applied, nothing written: check the list with --dry-run "
		    "and run again with --allow-deactivate to apply it\n", path);
		return 1;
	}
	return 0;
}
