/* demo.h -- what the store offers on demo data (demo.c). Every function
 * returns an enum db_status (store/status.h); the SQL stays in
 * fcgi/store/. */
#ifndef GESPREK_STORE_DEMO_H
#define GESPREK_STORE_DEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/status.h"

/* Loads the demo organisation and its cycle; today (YYYY-MM-DD, the
 * organisation's local date) places the cycle: it starts on the first of
 * today's month and runs twelve months. */
int demo_load(struct db *db, const char *today, char *err, size_t errlen);
/* Calls fn for each demo login (no database needed). */
void demo_logins(void (*fn)(void *ud, const char *login), void *ud);

#endif
