/* describe.h -- sql/describe.tsv, the description of every table and
 * column of the schema the privacy statement is made from (issue 18;
 * app_privacy.h).  One line per column:
 *   table<TAB>column<TAB>Dutch<TAB>English
 * and per table a line with column "*" and a fifth field: the retention
 * rule that removes its rows (describe_rule_known).  '#' starts a comment
 * line.  Pure code, unit-tested on its own (tests/unit/test_describe.c).
 *
 * Read at run time rather than compiled in: the file lives next to the
 * migrations it describes and is installed with them ([paths] migrations),
 * so the descriptions travel with the schema, and gesprekd and gesprekctl
 * read the same file once (gesprekd at start, never per request). */
#ifndef GESPREK_DESCRIBE_H
#define GESPREK_DESCRIBE_H

#include <stdbool.h>
#include <stddef.h>

/* The file's name in the migrations folder. */
#define DESCRIBE_FILE "describe.tsv"
/* A MariaDB identifier's longest name. */
#define DESCRIBE_NAME_MAX 64
/* The longest description, in bytes. */
#define DESCRIBE_TEXT_MAX 1000
/* Lines the file may have, and its size: far above a real schema's. */
#define DESCRIBE_LINES_MAX 8192
#define DESCRIBE_FILE_MAX (2 * 1024 * 1024)
/* The column of a table's own line. */
#define DESCRIBE_TABLE "*"

struct describe_line {
	const char *table;
	const char *column;	/* DESCRIBE_TABLE: the table itself */
	const char *nl;
	const char *en;
	const char *rule;	/* the table's line: its retention rule; else NULL */
	int lineno;
};

struct describe;

/* Parses text (the file `name`, for messages); NULL with "name:line:
 * reason" in err on any problem: a wrong number of fields, a bad name, an
 * empty or overlong description, a line given twice, an unknown rule. */
struct describe *describe_parse(const char *text, size_t len, const char *name, char *err,
    size_t errlen);
/* Reads and parses the file at path. */
struct describe *describe_load(const char *path, char *err, size_t errlen);
void describe_free(struct describe *d);

/* The line of table.column (column DESCRIBE_TABLE: the table's), or NULL. */
const struct describe_line *describe_find(const struct describe *d, const char *table,
    const char *column);
size_t describe_count(const struct describe *d);
/* The i-th line, sorted by table and column ("*" first). */
const struct describe_line *describe_at(const struct describe *d, size_t i);

/* The retention rules a table line may name: those of rules/retention.c
 * (dossier, person, audit, sessions, mail), purge (gesprekctl purge),
 * derived (counts kept from other rows, going with them) and keep (the
 * organisation's configuration, kept until HR changes it). */
bool describe_rule_known(const char *rule);

#endif
