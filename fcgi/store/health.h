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

/* The privileges gesprekd's runtime account needs, as the README grants
 * them (for messages). */
#define STORE_RUNTIME_PRIVILEGES "SELECT, INSERT, UPDATE, DELETE"

/* What the account this connection logged in as holds beyond
 * STORE_RUNTIME_PRIVILEGES, read from SHOW GRANTS, for gesprekctl check: "ALTER on `db`.*, GRANT OPTION on ...,
 * role `r`" into out (size bytes; "" when nothing more; cut with "..." when
 * it does not fit).  The rest of a grant line, the password hash among
 * it, is never copied. */
int store_grants_beyond_runtime(struct db *db, char *out, size_t size);

#endif
