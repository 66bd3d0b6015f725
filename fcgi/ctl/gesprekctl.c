/* gesprekctl -- administration from the command line: migrate the schema,
 * load the demo organisation.  Exit status 0 on success, 1 on failure, 2 on
 * wrong usage. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "conf.h"
#include "log.h"
#include "store/store.h"

static struct conf conf;

static void
usage(void)
{
	fprintf(stderr,
	    "usage: gesprekctl [-c gesprek.conf] COMMAND\n"
	    "commands:\n"
	    "  migrate          apply pending database migrations\n"
	    "  status           show how many migrations are pending\n"
	    "  demo             load the demo organisation Voorbeeld BV\n"
	    "  demo --logins    print the demo logins, one per line\n");
}

static struct db *
open_db(bool multi)
{
	struct db *db = db_new(&conf, multi);

	if (db == NULL || db_connect(db) != DB_OK) {
		fprintf(stderr, "gesprekctl: cannot connect to MariaDB: %s\n",
		    db ? db_error(db) : "out of memory");
		db_free(db);
		return NULL;
	}
	return db;
}

static int
cmd_migrate(void)
{
	char err[CONF_ERR_MAX];
	struct db *db = open_db(true);
	int st;

	if (db == NULL)
		return 1;
	st = migrate_apply(db, conf.migrations, err, sizeof(err));
	db_free(db);
	if (st != DB_OK) {
		fprintf(stderr, "gesprekctl: migrate: %s\n", err);
		return 1;
	}
	return 0;
}

static int
cmd_status(void)
{
	char err[CONF_ERR_MAX];
	struct db *db = open_db(false);
	int pending = 0, st;

	if (db == NULL)
		return 1;
	st = migrate_pending(db, conf.migrations, &pending, err, sizeof(err));
	db_free(db);
	if (st != DB_OK) {
		fprintf(stderr, "gesprekctl: %s\n", err);
		return 1;
	}
	printf("%d migration(s) pending\n", pending);
	return pending ? 1 : 0;
}

static void
print_login(void *ud, const char *login)
{
	(void)ud;
	printf("%s\n", login);
}

static int
cmd_demo(int argc, char **argv)
{
	char err[CONF_ERR_MAX];
	struct db *db;
	int st;

	if (argc > 1 && strcmp(argv[1], "--logins") == 0) {
		demo_logins(print_login, NULL);
		return 0;
	}
	if ((db = open_db(false)) == NULL)
		return 1;
	st = demo_load(db, err, sizeof(err));
	db_free(db);
	if (st != DB_OK) {
		fprintf(stderr, "gesprekctl: demo: %s\n", err);
		return 1;
	}
	printf("demo organisation Voorbeeld BV loaded\n");
	return 0;
}

int
main(int argc, char **argv)
{
	const char *path = CONF_DEFAULT_PATH;
	char err[CONF_ERR_MAX];
	int ch, rc;

	while ((ch = getopt(argc, argv, "+c:h")) != -1) {
		switch (ch) {
		case 'c': path = optarg; break;
		default: usage(); return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1) {
		usage();
		return 2;
	}
	conf_defaults(&conf);
	if (!conf_load(&conf, path, err, sizeof(err))) {
		fprintf(stderr, "gesprekctl: %s\n", err);
		return 1;
	}
	log_open("gesprekctl", false);
	if (!db_library_init()) {
		fprintf(stderr, "gesprekctl: mysql_library_init failed\n");
		return 1;
	}
	if (strcmp(argv[0], "migrate") == 0)
		rc = cmd_migrate();
	else if (strcmp(argv[0], "status") == 0)
		rc = cmd_status();
	else if (strcmp(argv[0], "demo") == 0)
		rc = cmd_demo(argc, argv);
	else {
		usage();
		rc = 2;
	}
	db_thread_end();
	return rc;
}
