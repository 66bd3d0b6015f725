/* health.h -- whether the database answers, for GET /health (health.c).
 * Returns an enum db_status (store/status.h); reads nothing, writes
 * nothing. */
#ifndef GESPREK_STORE_HEALTH_H
#define GESPREK_STORE_HEALTH_H

#include "store/status.h"

struct db;

/* DB_OK when a trivial statement comes back with its one row. */
int store_ping(struct db *db);

#endif
