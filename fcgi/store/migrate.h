/* migrate.h -- what the store offers on migrations (migrate.c). Every
 * function returns an enum db_status (store/status.h); the SQL stays in
 * fcgi/store/. */
#ifndef GESPREK_STORE_MIGRATE_H
#define GESPREK_STORE_MIGRATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/status.h"

/* Counts migration files in dir not yet recorded; DB_OK with *pending. */
int migrate_pending(struct db *db, const char *dir, int *pending, char *err, size_t errlen);
/* The newest migration recorded in the database that dir does not hold
 * (a newer release migrated it); DB_OK with *unknown, 0 when there is none. */
int migrate_unknown(struct db *db, const char *dir, int *unknown, char *err, size_t errlen);
/* Applies pending migrations in order; progress lines go to stdout. */
int migrate_apply(struct db *db, const char *dir, char *err, size_t errlen);
/* Each migration file in dir in order: its name, whether it is recorded
 * as applied, and its first comment line ("what it changes"). */
typedef void (*migration_fn)(void *ud, const char *name, bool applied, const char *about);
int migrate_each(struct db *db, const char *dir, migration_fn fn, void *ud, char *err,
    size_t errlen);
/* Whether migration number version is recorded as applied (false in a
 * database without schema_migrations). */
int migrate_is_applied(struct db *db, int version, bool *applied);
/* The schema level: the highest applied migration number, 0 if none. */
int migrate_level(struct db *db, int *version);

/* The rows migrations kept in set_aside (see migrate.c), oldest first;
 * none when the table is not there yet.  The strings live for one call. */
struct set_aside_row {
	int64_t id, source_id;
	const char *migration, *source_table, *reason, *at, *row_data;
};
typedef void (*set_aside_fn)(void *ud, const struct set_aside_row *row);
int set_aside_each(struct db *db, set_aside_fn fn, void *ud);

#endif
