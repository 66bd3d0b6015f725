/* privacy.h -- what the privacy statement reads from the database (issue
 * 18; the statement itself: app_privacy.h): the schema as MariaDB has it,
 * the form templates in use, and the change log of templates and settings
 * from the audit trail.  Reads only.  Every function returns an enum
 * db_status (store/status.h). */
#ifndef GESPREK_STORE_PRIVACY_H
#define GESPREK_STORE_PRIVACY_H

#include <stdbool.h>
#include <stdint.h>

#include "store/status.h"

struct db;

/* One column of a table of the connected database. */
struct schema_column {
	const char *table;
	const char *column;
	const char *type;	/* MariaDB's COLUMN_TYPE: "varchar(200)" */
	bool nullable;
};
typedef int (*schema_column_fn)(void *ud, const struct schema_column *c);
/* Every column of every table of the database gesprek uses
 * (information_schema, the tables this account can see: all of them
 * with README's grants), by table, in the order of the table. */
int privacy_schema(struct db *db, schema_column_fn fn, void *ud);

/* A form template version in use: the newest of its template, or one a
 * cycle that is not closed names, or one conversations started on. */
struct template_use {
	const char *key;
	int number;
	const char *name_nl;
	const char *name_en;	/* "" when none: the Dutch stands */
	const char *created_on;	/* YYYY-MM-DD (UTC) */
	bool is_default;
	bool newest;
	int64_t cycles;		/* cycles not closed that name it */
	int64_t conversations;	/* conversations started on it */
};
typedef int (*template_use_fn)(void *ud, const struct template_use *t);
int privacy_templates(struct db *db, template_use_fn fn, void *ud);

/* One change of a template or a setting: templates, competences and job
 * profiles, a cycle's form templates and second assessor demand, a
 * department's second assessor and HR advisors, the import's column
 * mapping. */
struct setting_change {
	const char *at;		/* UTC "YYYY-MM-DD HH:MM:SS" */
	const char *actor;	/* name; "" for the system */
	const char *entity;
	int64_t entity_id;
	const char *action;
	const char *detail;
};
typedef int (*setting_change_fn)(void *ud, const struct setting_change *c);
/* Newest first, at most limit. */
int privacy_changes(struct db *db, int64_t limit, setting_change_fn fn, void *ud);

#endif
