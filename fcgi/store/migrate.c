/* migrate.c -- applies sql/NNN_name.sql files in order and records each in
 * schema_migrations.  MariaDB commits DDL implicitly, so a migration is
 * recorded only after its last statement succeeded; a failed one names the
 * file and the error and leaves the record untouched.
 *
 * Rows set aside.  A migration never deletes people's data silently: where
 * a rule change makes rows invalid, the migration first copies each into
 * the table set_aside (made IF NOT EXISTS where first needed, and by 058
 * for every schema) with its own name without ".sql" in `migration`, the
 * source table, the row's id, its columns as JSON and the reason, and only
 * then takes it out.  After applying a migration, migrate counts its rows
 * there (one fixed query, no SQL read from the files) and prints a line
 * per table and reason when there are any, e.g.
 *   040_indexes: 3 item_update row(s) kept in set_aside (two notes by one
 *   author on one conversation); gesprekctl set-aside lists them
 * so a migration needs nothing beyond its INSERT into set_aside to be
 * reported.  Audit of the older files: only 040 took people's rows away
 * (the older of two notes); 053 deletes visitors' session rows (a login
 * form's token, nobody's data); 055 recomputes items' status from notes
 * that all stay; 020, 050 and 052 stop and name the rows a person must
 * fix rather than change them. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "store/db.h"
#include "store/migrate.h"
#include "base/util.h"

#define MIGRATIONS_MAX 999
#define MIGRATION_FILE_MAX (4 * 1024 * 1024)
#define MIGRATION_NAME_MAX 128
/* How much of a migration's first comment paragraph --dry-run shows, and
 * the longest comment line read whole. */
#define MIGRATION_ABOUT_MAX 320
#define MIGRATION_LINE_MAX 256

struct migration {
	int version;
	char name[MIGRATION_NAME_MAX];
};

static struct db_stmt_def q_create = DB_STMT(
	"CREATE TABLE IF NOT EXISTS schema_migrations ("
	" version INT UNSIGNED NOT NULL PRIMARY KEY,"
	" name VARCHAR(128) NOT NULL,"
	" applied_at DATETIME NOT NULL DEFAULT UTC_TIMESTAMP(),"
	" created_at DATETIME NOT NULL DEFAULT UTC_TIMESTAMP()"
	") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
/* Read-only on purpose: gesprekd asks at every start with an account that
 * may not CREATE (and MariaDB checks that privilege even for IF NOT EXISTS). */
static struct db_stmt_def q_table_exists = DB_STMT(
	"SELECT COUNT(*) FROM information_schema.tables"
	" WHERE table_schema = DATABASE() AND table_name = 'schema_migrations'");
static struct db_stmt_def q_applied = DB_STMT(
	"SELECT COUNT(*) FROM schema_migrations WHERE version = ?");
static struct db_stmt_def q_level = DB_STMT(
	"SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
static struct db_stmt_def q_versions = DB_STMT(
	"SELECT version FROM schema_migrations ORDER BY version");
static struct db_stmt_def q_record = DB_STMT(
	"INSERT INTO schema_migrations (version, name) VALUES (?, ?)");
static struct db_stmt_def q_set_aside_exists = DB_STMT(
	"SELECT COUNT(*) FROM information_schema.tables"
	" WHERE table_schema = DATABASE() AND table_name = 'set_aside'");
/* What one migration kept aside, per table and reason: migrate's report. */
static struct db_stmt_def q_kept = DB_STMT(
	"SELECT source_table, reason, COUNT(*) FROM set_aside WHERE migration = ?"
	" GROUP BY source_table, reason ORDER BY source_table, reason");
/* The rows set aside after id ?, a batch at a time (row_data is a whole
 * row, a note may be long): gesprekctl set-aside. */
#define SET_ASIDE_BATCH 64
static struct db_stmt_def q_set_aside = DB_STMT(
	"SELECT id, migration, source_table, source_id, reason,"
	" DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s'), row_data"
	" FROM set_aside WHERE id > ? ORDER BY id LIMIT ?");

static int
cmp_migration(const void *a, const void *b)
{
	return ((const struct migration *)a)->version - ((const struct migration *)b)->version;
}

/* "NNN_something.sql" with NNN >= 1. */
static bool
parse_name(const char *name, int *version)
{
	size_t n = strlen(name);
	int v = 0, i;

	if (n < 9 || n >= MIGRATION_NAME_MAX || strcmp(name + n - 4, ".sql") != 0 ||
	    name[3] != '_')
		return false;
	for (i = 0; i < 3; i++) {
		if (name[i] < '0' || name[i] > '9')
			return false;
		v = v * 10 + name[i] - '0';
	}
	*version = v;
	return v > 0;
}

static int
list_migrations(const char *dir, struct migration **out, size_t *n, char *err, size_t errlen)
{
	struct migration *v = NULL;
	struct dirent *de;
	DIR *d;
	size_t i;

	*n = 0;
	if ((d = opendir(dir)) == NULL) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return DB_ERROR;
	}
	if ((v = calloc(MIGRATIONS_MAX, sizeof(*v))) == NULL) {
		closedir(d);
		return DB_ERROR;
	}
	while ((de = readdir(d)) != NULL && *n < MIGRATIONS_MAX) {
		int version;

		if (!parse_name(de->d_name, &version))
			continue;
		v[*n].version = version;
		strlcopy(v[*n].name, de->d_name, sizeof(v[*n].name));
		(*n)++;
	}
	closedir(d);
	qsort(v, *n, sizeof(*v), cmp_migration);
	for (i = 1; i < *n; i++) {
		if (v[i].version == v[i - 1].version) {
			snprintf(err, errlen, "%s: two migrations numbered %03d", dir, v[i].version);
			free(v);
			return DB_ERROR;
		}
	}
	*out = v;
	return DB_OK;
}

static int
count_row(void *ud, const struct db_row *row)
{
	*(int64_t *)ud = db_int(row, 0);
	return DB_OK;
}

static int
is_applied(struct db *db, int version, bool *applied)
{
	int64_t n = 0;
	int st = db_query(db, &q_applied, DB_ARGS(DB_INT(version)), count_row, &n);

	*applied = n > 0;
	return st;
}

int
migrate_pending(struct db *db, const char *dir, int *pending, char *err, size_t errlen)
{
	struct migration *v = NULL;
	size_t n, i;
	int64_t exists = 0;
	int st;

	*pending = 0;
	if ((st = list_migrations(dir, &v, &n, err, errlen)) != DB_OK)
		return st;
	if ((st = db_query(db, &q_table_exists, DB_NOARGS, count_row, &exists)) != DB_OK) {
		snprintf(err, errlen, "%s", db_error(db));
		goto out;
	}
	if (exists == 0) {	/* an empty database: everything is pending */
		*pending = (int)n;
		goto out;
	}
	for (i = 0; i < n; i++) {
		bool applied;

		if ((st = is_applied(db, v[i].version, &applied)) != DB_OK) {
			snprintf(err, errlen, "%s", db_error(db));
			goto out;
		}
		if (!applied)
			(*pending)++;
	}
out:
	free(v);
	return st;
}

static char *
read_file(const char *path, size_t *len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *text;

	if (f == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if ((text = malloc(MIGRATION_FILE_MAX + 1)) == NULL) {
		fclose(f);
		return NULL;
	}
	*len = fread(text, 1, MIGRATION_FILE_MAX + 1, f);
	if (ferror(f) || *len > MIGRATION_FILE_MAX) {
		snprintf(err, errlen, "%s: unreadable or too large", path);
		free(text);
		text = NULL;
	}
	fclose(f);
	return text;
}

static int
apply_one(struct db *db, const char *dir, const struct migration *m, char *err, size_t errlen)
{
	char path[CONF_STR_MAX + MIGRATION_NAME_MAX + 2], dberr[256];
	size_t len;
	char *sql;
	int st;

	snprintf(path, sizeof(path), "%s/%s", dir, m->name);
	if ((sql = read_file(path, &len, err, errlen)) == NULL)
		return DB_ERROR;
	st = db_script(db, sql, len, dberr, sizeof(dberr));
	free(sql);
	if (st != DB_OK) {
		snprintf(err, errlen, "%s: %s", m->name, dberr);
		return st;
	}
	st = db_exec(db, &q_record, DB_ARGS(DB_INT(m->version), DB_STR(m->name)), NULL, NULL);
	if (st != DB_OK)
		snprintf(err, errlen, "%s: recording failed: %s", m->name, db_error(db));
	return st;
}

/* Whether the table set_aside exists (not before 040 or 058 made it). */
static int
set_aside_exists(struct db *db, bool *exists)
{
	int64_t n = 0;
	int st = db_query(db, &q_set_aside_exists, DB_NOARGS, count_row, &n);

	*exists = n > 0;
	return st;
}

static int
print_kept(void *ud, const struct db_row *row)
{
	printf("%s: %lld %s row(s) kept in set_aside (%s); gesprekctl set-aside lists them\n",
	    (const char *)ud, (long long)db_int(row, 2), db_str(row, 0), db_str(row, 1));
	return DB_OK;
}

/* Prints what migration m kept in set_aside, if anything (see the top). */
static int
report_kept(struct db *db, const struct migration *m)
{
	char base[MIGRATION_NAME_MAX];
	bool exists = false;
	int st;

	if ((st = set_aside_exists(db, &exists)) != DB_OK || !exists)
		return st;
	strlcopy(base, m->name, sizeof(base));
	base[strlen(base) - strlen(".sql")] = '\0';	/* parse_name checked the suffix */
	st = db_query(db, &q_kept, DB_ARGS(DB_STR(base)), print_kept, base);
	fflush(stdout);
	return st;
}

int
migrate_apply(struct db *db, const char *dir, char *err, size_t errlen)
{
	struct migration *v = NULL;
	size_t n, i;
	int st, done = 0;

	if ((st = list_migrations(dir, &v, &n, err, errlen)) != DB_OK)
		return st;
	if ((st = db_exec(db, &q_create, DB_NOARGS, NULL, NULL)) != DB_OK) {
		snprintf(err, errlen, "%s", db_error(db));
		goto out;
	}
	for (i = 0; i < n; i++) {
		bool applied;

		if ((st = is_applied(db, v[i].version, &applied)) != DB_OK) {
			snprintf(err, errlen, "%s", db_error(db));
			goto out;
		}
		if (applied)
			continue;
		printf("applying %s ...\n", v[i].name);
		fflush(stdout);
		if ((st = apply_one(db, dir, &v[i], err, errlen)) != DB_OK)
			goto out;
		if ((st = report_kept(db, &v[i])) != DB_OK) {
			snprintf(err, errlen, "%s: applied, but its rows in set_aside could not"
			    " be counted: %s", v[i].name, db_error(db));
			goto out;
		}
		done++;
	}
	printf("%d migration(s) applied, schema at %03d\n", done, n ? v[n - 1].version : 0);
out:
	free(v);
	return st;
}

/* Adds one comment line's words to the about text, a blank between lines;
 * past outlen the text ends in "..." (the file itself has the rest). */
static void
about_append(char *out, size_t outlen, const char *t)
{
	static const char more[] = "...";
	size_t len = strlen(out), add = strlen(t) + (len > 0), cut;

	if (len + add < outlen) {
		snprintf(out + len, outlen - len, "%s%s", len > 0 ? " " : "", t);
		return;
	}
	if (outlen < sizeof(more) + 1)
		return;
	snprintf(out + len, outlen - len, "%s%s", len > 0 ? " " : "", t);
	/* Never half a UTF-8 character before the dots. */
	cut = outlen - sizeof(more);
	while (cut > 0 && ((unsigned char)out[cut] & 0xC0) == 0x80)
		cut--;
	memcpy(out + cut, more, sizeof(more));
}

/* What status and --dry-run show as what a migration changes: the first
 * paragraph of its leading comment ("" if none), on one line, without the
 * file name its first line repeats ("020_x.sql -- department names ...").
 * One line alone was cut mid-sentence. */
static void
first_comment(const char *dir, const char *name, char *out, size_t outlen)
{
	char path[CONF_STR_MAX + MIGRATION_NAME_MAX + 2], line[MIGRATION_LINE_MAX];
	size_t nlen = strlen(name);
	FILE *f;

	out[0] = '\0';
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "r")) == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL) {
		char *t = line;

		t[strcspn(t, "\r\n")] = '\0';
		if (strncmp(t, "--", 2) != 0) {
			if (out[0] != '\0')
				break;	/* the paragraph ended with the comment */
			continue;
		}
		t += 2;
		t += strspn(t, " \t");
		if (out[0] == '\0' && strncmp(t, name, nlen) == 0)
			t += nlen + strspn(t + nlen, " \t-");
		if (t[0] == '\0') {
			if (out[0] != '\0')
				break;	/* a blank comment line ends the paragraph */
			continue;
		}
		about_append(out, outlen, t);
	}
	fclose(f);
}

/* Whether schema_migrations exists (it does not in an empty database). */
static int
table_exists(struct db *db, bool *exists)
{
	int64_t n = 0;
	int st = db_query(db, &q_table_exists, DB_NOARGS, count_row, &n);

	*exists = n > 0;
	return st;
}

int
migrate_each(struct db *db, const char *dir, migration_fn fn, void *ud, char *err,
    size_t errlen)
{
	char about[MIGRATION_ABOUT_MAX];
	struct migration *v = NULL;
	bool exists = false;
	size_t n, i;
	int st;

	if ((st = list_migrations(dir, &v, &n, err, errlen)) != DB_OK)
		return st;
	if ((st = table_exists(db, &exists)) != DB_OK) {
		snprintf(err, errlen, "%s", db_error(db));
		goto out;
	}
	for (i = 0; i < n; i++) {
		bool applied = false;

		if (exists && (st = is_applied(db, v[i].version, &applied)) != DB_OK) {
			snprintf(err, errlen, "%s", db_error(db));
			goto out;
		}
		first_comment(dir, v[i].name, about, sizeof(about));
		fn(ud, v[i].name, applied, about);
	}
out:
	free(v);
	return st;
}

struct unknown_scan {
	const struct migration *known;
	size_t n;
	int unknown;		/* the newest recorded version not in known; 0: none */
};

static int
cmp_version_key(const void *key, const void *elem)
{
	return *(const int *)key - ((const struct migration *)elem)->version;
}

static int
note_unknown(void *ud, const struct db_row *row)
{
	struct unknown_scan *scan = ud;
	int version = (int)db_int(row, 0);

	if (bsearch(&version, scan->known, scan->n, sizeof(*scan->known), cmp_version_key) == NULL)
		scan->unknown = version;	/* ordered: the last one is the newest */
	return DB_OK;
}

/* A recorded migration this program's directory does not know means the
 * schema was migrated by a newer release: its queries may not fit it. */
int
migrate_unknown(struct db *db, const char *dir, int *unknown, char *err, size_t errlen)
{
	struct unknown_scan scan = { NULL, 0, 0 };
	struct migration *v = NULL;
	int64_t exists = 0;
	int st;

	*unknown = 0;
	if ((st = list_migrations(dir, &v, &scan.n, err, errlen)) != DB_OK)
		return st;
	scan.known = v;
	if ((st = db_query(db, &q_table_exists, DB_NOARGS, count_row, &exists)) != DB_OK) {
		snprintf(err, errlen, "%s", db_error(db));
		goto out;
	}
	if (exists == 0)	/* an empty database records nothing */
		goto out;
	if ((st = db_query(db, &q_versions, DB_NOARGS, note_unknown, &scan)) != DB_OK) {
		snprintf(err, errlen, "%s", db_error(db));
		goto out;
	}
	*unknown = scan.unknown;
out:
	free(v);
	return st;
}

int
migrate_is_applied(struct db *db, int version, bool *applied)
{
	bool exists = false;
	int st;

	*applied = false;
	if ((st = table_exists(db, &exists)) != DB_OK || !exists)
		return st;
	return is_applied(db, version, applied);
}

int
migrate_level(struct db *db, int *version)
{
	bool exists = false;
	int64_t level = 0;
	int st;

	*version = 0;
	if ((st = table_exists(db, &exists)) != DB_OK || !exists)
		return st;
	st = db_query(db, &q_level, DB_NOARGS, count_row, &level);
	*version = (int)level;
	return st;
}

struct set_aside_walk {
	set_aside_fn fn;
	void *ud;
	int64_t last_id;
	int rows;
};

static int
set_aside_row(void *ud, const struct db_row *row)
{
	struct set_aside_walk *w = ud;
	struct set_aside_row r = {
		.id = db_int(row, 0), .migration = db_str(row, 1), .source_table = db_str(row, 2),
		.source_id = db_int(row, 3), .reason = db_str(row, 4), .at = db_str(row, 5),
		.row_data = db_str(row, 6),
	};

	w->last_id = r.id;
	w->rows++;
	w->fn(w->ud, &r);
	return DB_OK;
}

int
set_aside_each(struct db *db, set_aside_fn fn, void *ud)
{
	struct set_aside_walk w = { fn, ud, 0, 0 };
	bool exists = false;
	int st;

	if ((st = set_aside_exists(db, &exists)) != DB_OK || !exists)
		return st;
	do {
		w.rows = 0;
		st = db_query(db, &q_set_aside, DB_ARGS(DB_INT(w.last_id), DB_INT(SET_ASIDE_BATCH)),
		    set_aside_row, &w);
	} while (st == DB_OK && w.rows == SET_ASIDE_BATCH);
	return st;
}
