/* competence.h -- the competence dictionary and job profiles (issue 16):
 * what HR maintains under /admin/competences and /admin/profiles.  Every
 * write is one transaction with its audit row (competence.c); every
 * function returns an enum db_status (store/status.h). */
#ifndef GESPREK_STORE_COMPETENCE_H
#define GESPREK_STORE_COMPETENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/status.h"

/* A key names a competence or profile in files and imports: the column
 * width of sql/068 (ckey, pkey). */
#define COMPETENCE_KEY_MAX 64
/* Names: the VARCHAR(200) of sql/068. */
#define COMPETENCE_NAME_MAX 200
/* A definition or one level's behaviour indicators: a paragraph, not a
 * document. */
#define COMPETENCE_TEXT_MAX 1000
/* Levels a scale may have (issue 16: 2..10); indicators per level number. */
#define COMPETENCE_LEVELS_MAX 10
/* Competences one profile names: a form with more is not a conversation. */
#define PROFILE_COMPETENCES_MAX 40
/* Key result areas (resultaatgebieden) of one profile (issue 16,
 * sql/078): a job's handful of areas, not a list of tasks. */
#define PROFILE_AREAS_MAX 20
/* The key list of a profile as typed: every key and a separator. */
#define PROFILE_KEYS_MAX_CHARS (PROFILE_COMPETENCES_MAX * (COMPETENCE_KEY_MAX + 1))
/* Version counters of the edit pages. */
#define COMPETENCE_VERSION_MAX 4000000000LL

/* UTF-8 may take four bytes a character. */
#define COMPETENCE_NAME_BYTES (COMPETENCE_NAME_MAX * 4 + 1)
#define COMPETENCE_TEXT_BYTES (COMPETENCE_TEXT_MAX * 4 + 1)

/* A key is 1..COMPETENCE_KEY_MAX of a-z, 0-9, '-' and '_': it travels in
 * XML, CSV columns and URLs unchanged. */
bool competence_key_ok(const char *key);

/* A competence as typed (NULL or "" for an absent optional text). */
struct competence_in {
	const char *key, *name_nl, *name_en, *definition_nl, *definition_en;
	const char *indicator_nl[COMPETENCE_LEVELS_MAX];	/* [0] is level 1 */
	const char *indicator_en[COMPETENCE_LEVELS_MAX];
};

/* A competence as stored (large: allocate it). */
struct competence {
	int64_t id, version, profiles;
	char key[COMPETENCE_KEY_MAX + 1];
	char name_nl[COMPETENCE_NAME_BYTES], name_en[COMPETENCE_NAME_BYTES];
	char definition_nl[COMPETENCE_TEXT_BYTES], definition_en[COMPETENCE_TEXT_BYTES];
	char indicator_nl[COMPETENCE_LEVELS_MAX][COMPETENCE_TEXT_BYTES];
	char indicator_en[COMPETENCE_LEVELS_MAX][COMPETENCE_TEXT_BYTES];
};

struct competence_row {
	int64_t id, levels, profiles;
	const char *key, *name_nl, *name_en;
};
typedef int (*competence_fn)(void *ud, const struct competence_row *r);
/* Every competence by key. */
int competences_list(struct db *db, competence_fn fn, void *ud);
int competence_get(struct db *db, int64_t id, struct competence *out);
/* DB_DUPLICATE: the key is taken. */
int competence_create(struct db *db, int64_t actor, const struct competence_in *in, int64_t *id);
/* DB_CONFLICT: changed since version; DB_DUPLICATE: the key is taken. */
int competence_update(struct db *db, int64_t actor, int64_t id, int64_t version,
    const struct competence_in *in);

/* A profile as typed: keys is the competence keys in order, separated by
 * spaces, commas or line breaks. */
struct profile_in {
	const char *key, *name_nl, *name_en, *keys;
};
/* Why a profile's key list was refused; `bad` names the key. */
enum profile_problem {
	PROFILE_OK,
	PROFILE_KEY_UNKNOWN,	/* no competence has this key */
	PROFILE_KEY_TWICE,	/* named twice */
	PROFILE_KEY_BAD,	/* not a key at all */
	PROFILE_TOO_MANY,	/* more than PROFILE_COMPETENCES_MAX */
};
struct profile_check {
	enum profile_problem problem;
	char bad[COMPETENCE_KEY_MAX + 1];
};

struct job_profile {
	int64_t id, version, employees;
	char key[COMPETENCE_KEY_MAX + 1];
	char name_nl[COMPETENCE_NAME_BYTES], name_en[COMPETENCE_NAME_BYTES];
	/* the competence keys in order, one space between */
	char keys[PROFILE_KEYS_MAX_CHARS + 1];
};
struct profile_row {
	int64_t id, competences, employees;
	const char *key, *name_nl, *name_en;
};
typedef int (*profile_fn)(void *ud, const struct profile_row *r);
int profiles_list(struct db *db, profile_fn fn, void *ud);
int profile_get(struct db *db, int64_t id, struct job_profile *out);
/* A key result area of a profile (issue 16, sql/078). */
struct area_row {
	int64_t id;
	const char *key, *name_nl, *name_en;	/* name_en "" when none */
	int64_t goals;				/* result goals that name it */
};
typedef int (*area_fn)(void *ud, const struct area_row *r);
/* The key result areas of profile id in order (for its page). */
int profile_areas(struct db *db, int64_t id, area_fn fn, void *ud);

/* One change to a profile's key result areas on its page (profile_area.c;
 * the XML import writes a whole set, competence_set_apply).  The areas
 * belong to the profile: every change is checked against and moves on
 * the profile's version (a stale page gets DB_CONFLICT), and is audited
 * on the profile. */
enum area_op { AREA_ADD, AREA_RENAME, AREA_UP, AREA_DOWN, AREA_REMOVE };
struct area_in {
	enum area_op op;
	int64_t area_id;		/* every op but AREA_ADD */
	const char *key;		/* AREA_ADD: competence_key_ok */
	const char *name_nl, *name_en;	/* AREA_ADD, AREA_RENAME; name_en "" or NULL: none */
};
/* Why a change was refused (nothing written). */
enum area_problem {
	AREA_OK,
	AREA_KEY_TAKEN,		/* the profile has an area with this key */
	AREA_TOO_MANY,		/* PROFILE_AREAS_MAX already */
	AREA_IN_USE,		/* remove: a result goal names it (rename it instead) */
	AREA_GONE,		/* no such area of this profile */
};
/* DB_NOTFOUND: no profile id; DB_CONFLICT: the profile changed since
 * version; DB_OK with *problem set: refused, nothing written.  *goals:
 * for AREA_IN_USE, the result goals that name the area. */
int profile_area_change(struct db *db, int64_t actor, int64_t profile_id, int64_t version,
    const struct area_in *in, enum area_problem *problem, int64_t *goals);
/* The competences of profile id in order (for its page). */
int profile_competences(struct db *db, int64_t id, competence_fn fn, void *ud);
/* DB_DUPLICATE: the key is taken; DB_OK with chk->problem set: a key of
 * the list is refused and nothing is written. */
int profile_create(struct db *db, int64_t actor, const struct profile_in *in, int64_t *id,
    struct profile_check *chk);
int profile_update(struct db *db, int64_t actor, int64_t id, int64_t version,
    const struct profile_in *in, struct profile_check *chk);

/* ---- an employee's job profile ---- */

/* The profile of employee id: *profile_id 0 when none.  DB_NOTFOUND: no
 * such employee. */
int employee_profile_get(struct db *db, int64_t employee_id, int64_t *profile_id,
    char *key, size_t key_size);
/* Gives employee id profile profile_id (0: none), audited on the
 * employee.  DB_NOTFOUND: no such employee, or no such profile
 * (*profile_missing tells which). */
int employee_profile_set(struct db *db, int64_t actor, int64_t employee_id, int64_t profile_id,
    bool *profile_missing);

/* ---- the whole dictionary at once: XML import and export ---- */

/* A competence or a profile of a set; every string owned by the set
 * (NULL: absent).  line: where a file gave it (0 when read from the
 * database), for the problems the importer names. */
struct cset_competence {
	char *key, *name_nl, *name_en, *definition_nl, *definition_en;
	char *indicator_nl[COMPETENCE_LEVELS_MAX], *indicator_en[COMPETENCE_LEVELS_MAX];
	size_t line;
};
/* A key result area of a profile (issue 16): its key unique in the
 * profile, names; its place in the profile is its index. */
struct cset_area {
	char *key, *name_nl, *name_en;
	size_t line;
};
struct cset_profile {
	char *key, *name_nl, *name_en;
	char *refs[PROFILE_COMPETENCES_MAX];	/* competence keys in order */
	size_t nrefs, line;
	struct cset_area areas[PROFILE_AREAS_MAX];	/* in order */
	size_t nareas;
};
/* Competences and profiles a set may hold: a dictionary, not a database. */
#define CSET_COMPETENCES_MAX 2000
#define CSET_PROFILES_MAX 2000
struct competence_set {
	struct cset_competence *c;
	struct cset_profile *p;
	size_t nc, np, capc, capp;
	bool oom, full;
};
void competence_set_init(struct competence_set *s);
void competence_set_free(struct competence_set *s);
/* A new zeroed entry; NULL when out of memory or full (s->oom, s->full). */
struct cset_competence *competence_set_add(struct competence_set *s);
struct cset_profile *profile_set_add(struct competence_set *s);
/* A copy of text[0..len) owned by the set; NULL (and s->oom) on failure. */
char *competence_set_str(struct competence_set *s, const char *text, size_t len);

/* Every competence and profile, ordered by key (profiles' competences in
 * their order): what the export writes. */
int competence_set_load(struct db *db, struct competence_set *s);

struct competence_import_counts {
	size_t competences_added, competences_changed, competences_same;
	size_t profiles_added, profiles_changed, profiles_same;
};
/* Writes a checked set (every key unique, every profile's competence in
 * the set) in one transaction: competences and profiles are created or
 * updated by key, each change audited; those not in the set stay.  A
 * profile's key result areas become the set's, by key and in its order;
 * an area the set leaves out is deleted, unless a result goal names it:
 * then it stays, after the set's (a goal keeps the area it served).  A
 * profile given without any area keeps the areas it has.  With
 * dry_run the same transaction runs and is rolled back: the counts say
 * what applying would do. */
int competence_set_apply(struct db *db, int64_t actor, const struct competence_set *s,
    bool dry_run, struct competence_import_counts *counts);

#endif
