/* ctl_cycle_templates.c -- the template choices of `gesprekctl cycle
 * start` (issue 16): the same choices as the start form (a default
 * template and version, a template per department and per job profile),
 * named by key on the command line and resolved here to the ids the store
 * takes.  The store checks and writes them inside the start's
 * transaction (store/cycle_template.h); this file only reads. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/ctl_cycle_templates.h"
#include "store/competence.h"
#include "store/cycle_template.h"
#include "store/db.h"
#include "store/template.h"
#include "base/util.h"

/* The longest value of --department-templates / --profile-templates:
 * CYCLE_TEMPLATE_CHOICES_MAX pairs of a key or id, '=', a template key
 * and ','. */
#define CHOICE_LIST_MAX (CYCLE_TEMPLATE_CHOICES_MAX * (COMPETENCE_KEY_MAX + TPL_KEY_MAX + 2))
/* A version number of --template-version (template_version.number). */
#define VERSION_NUMBER_MAX 1000000

struct key_find {
	const char *key;
	int64_t id;
};

static int
template_found(void *ud, const struct template_row *r)
{
	struct key_find *f = ud;

	if (strcmp(r->key, f->key) == 0)
		f->id = r->id;
	return DB_OK;
}

static int
profile_found(void *ud, const struct profile_row *r)
{
	struct key_find *f = ud;

	if (strcmp(r->key, f->key) == 0)
		f->id = r->id;
	return DB_OK;
}

struct version_find {
	int64_t template_id;
	long number;
	int64_t id;
};

static int
version_found(void *ud, const struct template_version_row *r)
{
	struct version_find *f = ud;

	if (r->template_id == f->template_id && r->number == f->number)
		f->id = r->version_id;
	return DB_OK;
}

/* The id of the template with this key; 0 after a message when none. */
static int64_t
template_id(struct db *db, const char *key)
{
	struct key_find f = { key, 0 };

	if (template_list(db, template_found, &f) != DB_OK) {
		fprintf(stderr, "gesprekctl: cycle start: %s\n", db_error(db));
		return 0;
	}
	if (f.id == 0)
		fprintf(stderr, "gesprekctl: cycle start: no template with key \"%s\""
		    " (gesprekctl template list names them)\n", key);
	return f.id;
}

static int64_t
profile_id(struct db *db, const char *key)
{
	struct key_find f = { key, 0 };

	if (profiles_list(db, profile_found, &f) != DB_OK) {
		fprintf(stderr, "gesprekctl: cycle start: %s\n", db_error(db));
		return 0;
	}
	if (f.id == 0)
		fprintf(stderr, "gesprekctl: cycle start: no job profile with key \"%s\"\n", key);
	return f.id;
}

/* --template-version N of the template tid: its version's id, 0 after a
 * message when the template has no such version. */
static int64_t
version_id(struct db *db, int64_t tid, const char *key, const char *number)
{
	struct version_find f = { tid, 0, 0 };
	char *end;

	f.number = strtol(number, &end, 10);
	if (*number == '\0' || *end != '\0' || f.number < 1 || f.number > VERSION_NUMBER_MAX) {
		fprintf(stderr, "gesprekctl: cycle start: \"%s\" is not a version number\n",
		    number);
		return 0;
	}
	if (template_versions_list(db, version_found, &f) != DB_OK) {
		fprintf(stderr, "gesprekctl: cycle start: %s\n", db_error(db));
		return 0;
	}
	if (f.id == 0)
		fprintf(stderr, "gesprekctl: cycle start: template \"%s\" has no version %s\n",
		    key, number);
	return f.id;
}

/* One WHO=KEY pair of a list: the department's id or the job profile's
 * key, and the template's key. */
static bool
one_choice(struct db *db, enum cycle_template_scope scope, char *pair,
    struct cycle_template_choice *out)
{
	char *eq = strchr(pair, '=');
	const char *flag = scope == CT_DEPARTMENT ? "--department-templates" :
	    "--profile-templates";

	if (eq == NULL || eq == pair || eq[1] == '\0') {
		fprintf(stderr, "gesprekctl: cycle start: %s: \"%s\" is not %s=TEMPLATE_KEY\n",
		    flag, pair, scope == CT_DEPARTMENT ? "DEPARTMENT_ID" : "PROFILE_KEY");
		return false;
	}
	*eq = '\0';
	out->scope = scope;
	if (scope == CT_DEPARTMENT && !parse_id(pair, strlen(pair), &out->scope_id)) {
		fprintf(stderr, "gesprekctl: cycle start: %s: \"%s\" is not a department id\n",
		    flag, pair);
		return false;
	}
	if (scope == CT_JOB_PROFILE && (out->scope_id = profile_id(db, pair)) == 0)
		return false;
	return (out->template_id = template_id(db, eq + 1)) != 0;
}

/* A comma-separated list of pairs into choices[*n ...]. */
static bool
choice_list(struct db *db, enum cycle_template_scope scope, const char *list,
    struct cycle_template_choice *choices, size_t *n)
{
	char buf[CHOICE_LIST_MAX + 1], *p, *save = NULL;
	size_t mine = 0;

	if (list == NULL)
		return true;
	if (!strlcopy(buf, list, sizeof(buf))) {
		fprintf(stderr, "gesprekctl: cycle start: a list of template choices is longer"
		    " than %d characters\n", CHOICE_LIST_MAX);
		return false;
	}
	for (p = strtok_r(buf, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
		if (++mine > CYCLE_TEMPLATE_CHOICES_MAX) {
			fprintf(stderr, "gesprekctl: cycle start: at most %d %s choices\n",
			    CYCLE_TEMPLATE_CHOICES_MAX,
			    scope == CT_DEPARTMENT ? "department" : "job profile");
			return false;
		}
		if (!one_choice(db, scope, p, &choices[(*n)++]))
			return false;
	}
	return true;
}

bool
ctl_cycle_templates(struct db *db, const struct ctl_template_args *a,
    struct ctl_templates *out)
{
	struct cycle_templates_in *in = &out->in;

	memset(out, 0, sizeof(*out));
	if (!a->template_key && !a->version && !a->departments && !a->profiles)
		return true;	/* the cycle keeps what it names */
	in->given = true;
	if (a->version && !a->template_key) {
		fprintf(stderr, "gesprekctl: cycle start: --template-version needs --template\n");
		return false;
	}
	if (a->template_key && (in->template_id = template_id(db, a->template_key)) == 0)
		return false;
	if (a->version &&
	    (in->version_id = version_id(db, in->template_id, a->template_key, a->version)) == 0)
		return false;
	if (!choice_list(db, CT_DEPARTMENT, a->departments, out->choices, &in->nchoices) ||
	    !choice_list(db, CT_JOB_PROFILE, a->profiles, out->choices, &in->nchoices))
		return false;
	in->choices = out->choices;
	return true;
}

static const char *const problem_text[] = {
	[CT_OK] = "",
	[CT_TEMPLATE_UNKNOWN] = "the template does not exist",
	[CT_VERSION_OTHER] = "the version is not one of the template's",
	[CT_DEPARTMENT_UNKNOWN] = "the department does not exist",
	[CT_PROFILE_UNKNOWN] = "the job profile does not exist",
	[CT_TWICE] = "a department or job profile is chosen twice",
};

void
ctl_cycle_templates_refused(const struct ctl_templates *t,
    const struct cycle_template_refusal *r)
{
	const struct cycle_template_choice *ch;

	if (r->choice == CT_REFUSED_DEFAULT || r->choice >= t->in.nchoices) {
		fprintf(stderr, "gesprekctl: cycle start: --template: %s; nothing written\n",
		    problem_text[r->problem]);
		return;
	}
	ch = &t->in.choices[r->choice];
	fprintf(stderr, "gesprekctl: cycle start: the choice for %s %lld: %s; nothing written\n",
	    ch->scope == CT_DEPARTMENT ? "department" : "job profile", (long long)ch->scope_id,
	    problem_text[r->problem]);
}

static int
print_choice(void *ud, const struct cycle_template_row *r)
{
	(void)ud;
	printf("template %s%s%s: %s version %d, %lld conversation(s)\n",
	    cycle_template_scope_names[r->scope], r->scope_name[0] ? " " : "", r->scope_name,
	    r->template_key, r->number, (long long)r->conversations);
	return DB_OK;
}

int
ctl_cycle_templates_print(struct db *db, int64_t cycle_id)
{
	return cycle_templates_list(db, cycle_id, print_choice, NULL);
}
