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

#endif
