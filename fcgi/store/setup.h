/* setup.h -- what `gesprekctl setup` asks of the store: the database and
 * the two least-privilege accounts of an installation (README "Install on
 * a server", step 3), made through an administrator's connection.
 *
 * CREATE DATABASE, CREATE USER and GRANT cannot be prepared statements
 * with placeholders for names: their text is built here, and only from
 * names that passed the strict patterns below first (a name that does not
 * is refused before anything is sent).  The statements are DDL, which
 * MariaDB commits one by one; each is written so that running setup again
 * repairs what a run that stopped half way left (IF NOT EXISTS, ALTER USER,
 * REVOKE then GRANT), so there is no transaction to own. */
#ifndef GESPREK_STORE_SETUP_H
#define GESPREK_STORE_SETUP_H

#include <stdbool.h>
#include <stddef.h>

#include "store/status.h"

/* Longest database or account name setup makes (MariaDB allows 64 and 80;
 * setup's names are short words). */
#define SETUP_NAME_MAX 32
/* Longest account host ("localhost", an address, a network like 10.0.%). */
#define SETUP_HOST_MAX 60
/* Password lengths setup accepts: the generated ones are 48 hex digits; one
 * kept from gesprek.conf must be at least as long as a person would type. */
#define SETUP_PASSWORD_MIN 8
#define SETUP_PASSWORD_MAX 128

/* A database or account name: ASCII letters, digits and '_' only, not
 * starting with a digit (nothing to quote, nothing to escape). */
bool setup_name_ok(const char *s);
/* An account host: letters, digits, '.', '-', ':' (IPv6), '%' and '_'
 * (MariaDB's wildcards); never a quote. */
bool setup_host_ok(const char *s);
/* A password: printable ASCII without space, quote or backslash, so that it
 * is a plain SQL literal between single quotes and one INI value. */
bool setup_password_ok(const char *s);

/* The database and the two accounts: app (gesprekd: SELECT, INSERT,
 * UPDATE, DELETE on the database) and schema (gesprekctl migrate: also
 * CREATE, ALTER, INDEX, DROP, REFERENCES), both at host.  Every name and
 * password must have passed the checks above (else DB_ERROR and nothing
 * is sent). */
struct setup_accounts {
	const char *database, *host;
	const char *app_user, *app_password;
	const char *schema_user, *schema_password;
};

/* Creates the database (utf8mb4) unless it exists, creates each account
 * unless it exists, sets its password and gives it exactly its grants (any
 * other privilege it had is taken back).  Runs on admin, a connection of an
 * account that may create databases and users.  DB_OK, or the status with
 * what failed in err. */
int setup_database(struct db *admin, const struct setup_accounts *a, char *err,
    size_t errlen);

#endif
