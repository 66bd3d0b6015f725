/* mapping.h -- which column of an HR export holds which of our fields.
 *
 * A CSV header is matched first against the mapping HR chose (saved on
 * the admin import page, or a file given to `gesprekctl import --mapping`),
 * then against the aliases HR systems use (AFAS Profit, Nmbrs, Visma:
 * "Medewerker", "E-mail werk", "Leidinggevende", ...).  Headers that match
 * neither are ignored and listed in the dry run.
 *
 * A mapping file has one `field = Header` line per field; blank lines and
 * lines starting with '#' are skipped; the header is taken as written,
 * compared without regard to case. */
#ifndef GESPREK_MAPPING_H
#define GESPREK_MAPPING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;

/* Characters of a header name (a generous column title), as the page's
 * form declares it. */
#define MAP_HEADER_CHARS 100
/* Bytes of a header name: its characters in UTF-8, and the NUL. */
#define MAP_HEADER_MAX (4 * MAP_HEADER_CHARS + 1)
/* Bytes of a mapping file: a few hundred are usual. */
#define MAP_FILE_MAX 16384

/* Our fields.  The name parts build the name when no column gives it. */
enum map_field {
	MAP_LOGIN, MAP_NUMBER, MAP_NAME, MAP_GIVEN, MAP_INFIX, MAP_SURNAME,
	MAP_EMAIL, MAP_DEPARTMENT, MAP_PARENT, MAP_MANAGER, MAP_LEFT_ON,
	MAP_JOB_PROFILE,
	MAP_FIELDS,
	MAP_NONE = -1
};

struct org_mapping {
	char header[MAP_FIELDS][MAP_HEADER_MAX];	/* "" when not mapped */
};

/* "login", "employee_number", "given_name", ...: the names in a mapping
 * file, the database and the page. */
const char *map_field_name(enum map_field k);
/* The field of a name, MAP_NONE when unknown. */
enum map_field map_field_by_name(const char *name);
/* The field whose alias header is (case-insensitive), MAP_NONE if none. */
enum map_field map_alias(const char *header);
/* The field m maps header to, MAP_NONE if none (m may be NULL). */
enum map_field map_mapped(const struct org_mapping *m, const char *header);
bool map_empty(const struct org_mapping *m);

/* Reads a mapping file.  False with a sentence in err (naming the line)
 * for an unknown field, a field given twice, a line without '=', an empty
 * or overlong header, or text that is not UTF-8. */
bool map_parse(struct org_mapping *m, const char *text, size_t len, char *err, size_t errlen);

/* mapping_db.c: the saved mapping (all "" when none is saved), and saving
 * m in its place; enum db_status. */
int map_load(struct db *db, struct org_mapping *m);
int map_save(struct db *db, int64_t actor, const struct org_mapping *m);

#endif
