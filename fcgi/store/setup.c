/* setup.c -- the database and the accounts of an installation (setup.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "store/db.h"
#include "store/setup.h"

/* The grants of README step 3 (tests/stack.py grants the same). */
#define SETUP_APP_GRANTS "SELECT, INSERT, UPDATE, DELETE"
#define SETUP_SCHEMA_GRANTS "SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, " \
	"REFERENCES"
/* Room for the longest statement below: names and a password of the
 * maximum lengths, and the grant list. */
#define SETUP_SQL_MAX 512

static bool
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

bool
setup_name_ok(const char *s)
{
	size_t n = strlen(s), i;

	if (n == 0 || n > SETUP_NAME_MAX || is_digit(s[0]))
		return false;
	for (i = 0; i < n; i++)
		if (!is_alpha(s[i]) && !is_digit(s[i]) && s[i] != '_')
			return false;
	return true;
}

bool
setup_host_ok(const char *s)
{
	size_t n = strlen(s), i;

	if (n == 0 || n > SETUP_HOST_MAX)
		return false;
	for (i = 0; i < n; i++)
		if (!is_alpha(s[i]) && !is_digit(s[i]) && strchr(".-:%_", s[i]) == NULL)
			return false;
	return true;
}

bool
setup_password_ok(const char *s)
{
	size_t n = strlen(s), i;

	if (n < SETUP_PASSWORD_MIN || n > SETUP_PASSWORD_MAX)
		return false;
	for (i = 0; i < n; i++)
		if (s[i] <= ' ' || s[i] > '~' || s[i] == '\'' || s[i] == '\\')
			return false;
	return true;
}

/* Every name and password of a, checked again here: the statements below
 * put them into SQL text, so this room does not trust its caller's check. */
static bool
accounts_ok(const struct setup_accounts *a)
{
	return setup_name_ok(a->database) && setup_host_ok(a->host) &&
	    setup_name_ok(a->app_user) && setup_name_ok(a->schema_user) &&
	    strcmp(a->app_user, a->schema_user) != 0 &&
	    setup_password_ok(a->app_password) && setup_password_ok(a->schema_password);
}

/* Runs one statement of text sql; on failure err says what was being done
 * (never the statement: it may hold a password). */
static int
run(struct db *db, const char *sql, const char *doing, char *err, size_t errlen)
{
	char why[SETUP_SQL_MAX];
	int st = db_script(db, sql, strlen(sql), why, sizeof(why));

	if (st != DB_OK)
		snprintf(err, errlen, "%s: %s", doing, why);
	return st;
}

/* One account at a->host: made unless it exists, its password set (so the
 * one in gesprek.conf is the one that works), then exactly grants. */
static int
account(struct db *db, const struct setup_accounts *a, const char *user, const char *password,
    const char *grants, char *err, size_t errlen)
{
	char sql[SETUP_SQL_MAX], doing[SETUP_SQL_MAX];
	int st;

	snprintf(doing, sizeof(doing), "creating account '%s'@'%s'", user, a->host);
	snprintf(sql, sizeof(sql), "CREATE USER IF NOT EXISTS '%s'@'%s'", user, a->host);
	if ((st = run(db, sql, doing, err, errlen)) != DB_OK)
		return st;
	snprintf(doing, sizeof(doing), "setting the password of '%s'@'%s'", user, a->host);
	snprintf(sql, sizeof(sql), "ALTER USER '%s'@'%s' IDENTIFIED BY '%s'", user, a->host,
	    password);
	st = run(db, sql, doing, err, errlen);
	memset(sql, 0, sizeof(sql));	/* the password */
	if (st != DB_OK)
		return st;
	snprintf(doing, sizeof(doing), "granting '%s'@'%s' its privileges", user, a->host);
	snprintf(sql, sizeof(sql), "REVOKE ALL PRIVILEGES, GRANT OPTION FROM '%s'@'%s'", user,
	    a->host);
	if ((st = run(db, sql, doing, err, errlen)) != DB_OK)
		return st;
	snprintf(sql, sizeof(sql), "GRANT %s ON `%s`.* TO '%s'@'%s'", grants, a->database, user,
	    a->host);
	return run(db, sql, doing, err, errlen);
}

int
setup_database(struct db *admin, const struct setup_accounts *a, char *err, size_t errlen)
{
	char sql[SETUP_SQL_MAX], doing[SETUP_SQL_MAX];
	int st;

	if (!accounts_ok(a)) {
		snprintf(err, errlen, "a name, host or password does not pass setup's checks");
		return DB_ERROR;
	}
	snprintf(doing, sizeof(doing), "creating database `%s`", a->database);
	snprintf(sql, sizeof(sql), "CREATE DATABASE IF NOT EXISTS `%s` "
	    "CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", a->database);
	if ((st = run(admin, sql, doing, err, errlen)) != DB_OK)
		return st;
	if ((st = account(admin, a, a->app_user, a->app_password, SETUP_APP_GRANTS, err,
	    errlen)) != DB_OK)
		return st;
	return account(admin, a, a->schema_user, a->schema_password, SETUP_SCHEMA_GRANTS, err,
	    errlen);
}
