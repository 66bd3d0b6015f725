/* ctl_sync.c -- gesprekctl sync: the organisation read from the directory
 * (ctl/ldap_client.h), turned into organisation rows (import/directory.h)
 * and applied by import_run, the very code of a file import: one
 * all-or-nothing transaction with an audit row per change, and the
 * deactivation guard.  Anything that goes wrong before the plan is
 * written -- the settings, the directory down or slow, a referral, a
 * problem in an entry -- changes nothing: the people not read would
 * otherwise be taken for leavers. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "ctl/cli.h"
#include "ctl/ctl_plan.h"
#include "ctl/ctl_sync.h"
#include "ctl/ldap_client.h"
#include "import/directory.h"
#include "rules/plan.h"
#include "store/db.h"
#include "store/directory_sync.h"
#include "store/organisation.h"

/* What the output calls the source of the rows. */
#define SYNC_SOURCE "ldap"

struct sync_run {
	const struct conf *conf;
	bool dry, confirmed;
	struct dir_set set;
	struct sync_result r;
	char err[SYNC_ERROR_BYTES];
};

static void
print_problem(void *ud, const char *problem)
{
	struct sync_run *s = ud;

	fprintf(stderr, "gesprekctl: sync: %s\n", problem);
	if (s->err[0] == '\0')	/* the first one is stored for HR */
		strlcopy(s->err, problem, sizeof(s->err));
}

static bool
keep_entry(void *ud, const struct dir_entry *e)
{
	struct dir_set *set = ud;

	dir_add(set, e);
	return !set->oom;
}

static const char *
line_dn(const void *ud, size_t line)
{
	return dir_dn(ud, line);
}

/* Reads the directory into s->set; false with s->err said. */
static bool
read_directory(struct sync_run *s)
{
	char err[LDAP_ERR_MAX];
	struct ldap_conn *l;
	bool ok;

	if (ldap_conf_problems(s->conf, print_problem, s) > 0)
		return false;
	if ((l = ldap_open(s->conf, err, sizeof(err))) == NULL) {
		print_problem(s, err);
		return false;
	}
	ok = ldap_read_people(l, keep_entry, &s->set, &s->r.entries, &s->r.pages, err,
	    sizeof(err));
	ldap_close(l);
	if (!ok)
		print_problem(s, err);
	return ok;
}

/* A manager DN not among the people read leaves its employee without a
 * manager: said, not refused (import/directory.h). */
static void
print_warnings(const struct dir_set *set)
{
	size_t i;

	for (i = 0; i < set->nwarnings; i++)
		printf(SYNC_SOURCE ": %s: manager %s is not among the people read (outside the "
		    "filter or base, or disabled): no manager\n", set->warnings[i].login,
		    set->warnings[i].manager_dn);
	if (set->nwarnings_total > set->nwarnings)
		printf(SYNC_SOURCE ": %zu more managers not among the people read\n",
		    set->nwarnings_total - set->nwarnings);
}

/* The rows' problems, for HR's page: how many and the first one's reason,
 * never its DN (which names a person, and the stored results are kept
 * beyond any retention rule); the dry run and the journal list them all. */
static void
rows_error(struct sync_run *s, const struct org_file *f)
{
	if (f->nerr == 0) {
		strlcopy(s->err, "out of memory", sizeof(s->err));
		return;
	}
	snprintf(s->err, sizeof(s->err), "%zu problem(s) in the directory's entries, the first: "
	    "%s; nothing changed (gesprekctl sync --dry-run lists them)", f->nerr_total,
	    org_reason_text(f->errors[0].reason));
}

/* What import_run came to, as the stored result. */
static void
judge(struct sync_run *s, int st, const struct org_file *f, const struct import_plan *p,
    const struct import_outcome *o, struct db *db)
{
	const struct plan_guard *g = &o->guard;

	s->r.outcome = SYNC_FAILED;
	if (st == DB_CONFLICT)
		strlcopy(s->err, "an employee changed while syncing; nothing changed",
		    sizeof(s->err));
	else if (st != DB_OK)
		snprintf(s->err, sizeof(s->err), "database: %s", db_error(db));
	else if (org_failed(f))
		rows_error(s, f);
	else if (o->refused) {
		s->r.outcome = SYNC_REFUSED;
		snprintf(s->err, sizeof(s->err), "the deactivation guard refused it: it would "
		    "deactivate %zu of %zu active employees%s%s; check with gesprekctl sync "
		    "--dry-run, apply with --allow-deactivate", g->deactivated, g->active,
		    (g->reasons & PLAN_GUARD_SHARE) ? ", more than import_max_deactivate_percent" :
		    "", (g->reasons & PLAN_GUARD_HR) ? ", HR members among them" : "");
	} else if (o->written) {
		s->r.outcome = SYNC_APPLIED;
		s->r.added = p->nnew;
		s->r.changed = p->nchanged;
		s->r.deactivated = p->ndeactivated;
		s->r.departments = p->nnewdepts;
	}
}

/* The plan built and judged (and unless a dry run, written); exit status. */
static int
apply(struct sync_run *s, struct db *db)
{
	struct import_request rq = {
		.apply = !s->dry, .confirmed = s->confirmed,
		.max_deactivate_percent = s->conf->import_max_deactivate_percent,
	};
	struct plan_source src = { SYNC_SOURCE, line_dn, &s->set };
	struct import_outcome o;
	struct import_plan p;
	struct org_file f;
	struct org_db d;
	int st, rc;

	memset(&o, 0, sizeof(o));
	org_init(&f);
	dir_rows(&s->set, &f);
	if (f.oom) {
		org_free(&f);
		print_problem(s, "out of memory");
		return 1;
	}
	st = import_run(db, &f, 0, &rq, &d, &p, &o);
	print_warnings(&s->set);
	if (st != DB_OK && st != DB_CONFLICT) {
		fprintf(stderr, "gesprekctl: sync: %s; nothing changed\n", db_error(db));
		rc = 1;
	} else {
		rc = import_report(&src, s->dry, st, &f, &d, &p, &o);
	}
	judge(s, st, &f, &p, &o, db);
	org_db_free(&d);
	plan_free(&p);
	org_free(&f);
	return rc;
}

/* Unless a dry run: the result where HR sees it. */
static void
record(struct sync_run *s, struct db *db)
{
	if (s->dry)
		return;
	s->r.error = s->err;
	if (directory_sync_record(db, &s->r) != DB_OK)
		fprintf(stderr, "gesprekctl: sync: the result was not stored: %s\n", db_error(db));
}

int
ctl_sync(const struct cli_call *c)
{
	static struct sync_run s;	/* struct dir_set holds the warnings */
	struct dir_settings ds = {
		.base_dn = c->conf->ldap_base_dn,
		.department_attribute = c->conf->ldap_attr_department[0] != '\0',
		.job_profile = c->conf->ldap_attr_job_profile[0] != '\0',
	};
	struct db *db;
	int rc = 1;

	memset(&s, 0, sizeof(s));
	s.conf = c->conf;
	s.dry = cli_given(&c->args, "--dry-run");
	s.confirmed = cli_given(&c->args, "--allow-deactivate");
	s.r.started = now_unix();
	s.r.outcome = SYNC_FAILED;
	if ((db = cli_db_open(c->conf, "sync", false)) == NULL)
		return 1;
	dir_init(&s.set, &ds);
	if (read_directory(&s)) {
		printf(SYNC_SOURCE ": %zu entries read in %zu page(s) of at most %d, %zu disabled\n",
		    s.r.entries, s.r.pages, c->conf->ldap_page_size, s.set.ndisabled);
		rc = apply(&s, db);
	} else {
		fprintf(stderr, "gesprekctl: sync: nothing changed\n");
	}
	record(&s, db);
	dir_free(&s.set);
	db_free(db);
	return rc;
}
