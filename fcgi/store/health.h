/* health.h -- whether the database answers, for GET /health (health.c).
 * Returns an enum db_status (store/status.h); reads nothing, writes
 * nothing. */
#ifndef GESPREK_STORE_HEALTH_H
#define GESPREK_STORE_HEALTH_H

#include <stddef.h>

#include "store/status.h"

struct db;

/* DB_OK when a trivial statement comes back with its one row. */
int store_ping(struct db *db);

/* Each line of SHOW GRANTS for the account this connection logged in as
 * ("GRANT SELECT, INSERT ON `db`.* TO `u`@`h`"), for gesprekctl check to
 * name privileges beyond what gesprekd needs.  Reads nothing else. */
typedef int (*grant_fn)(void *ud, const char *line, size_t len);
int store_grants(struct db *db, grant_fn fn, void *ud);

#endif
