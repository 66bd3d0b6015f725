/* org.h -- an organisation file (the CSV or XML import of HR) as rows, and
 * every problem found in it with its line number.  Pure code without I/O:
 * the parsers (csv.c, orgxml.c) feed rows in through org_add, which checks
 * each one; plan.c compares the rows with the database.
 *
 * A row is identified by its login.  Rows whose fields break a rule are
 * kept but marked bad, so a later row naming them as manager is not
 * reported a second time as "unknown manager". */
#ifndef GESPREK_ORG_H
#define GESPREK_ORG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rules/person.h"	/* LOGIN_MAX, NAME_MAX_LEN, EMAIL_MAX */

/* Employees in one file: far more than any Dutch organisation that runs
 * its own server, few enough to check in memory. */
#define ORG_ROWS_MAX 100000
/* Problems kept for the report; more are only counted. */
#define ORG_ERRORS_MAX 1000
/* Bytes of one raw field: the longest legal one (an e-mail address or a
 * name of 200 characters of up to 4 bytes) fits with room to spare. */
#define ORG_FIELD_MAX 1024
/* Room for the detail of a problem (a login, a line, a parser message). */
#define ORG_DETAIL_MAX 160
/* Characters of an employee number (personeelsnummer) as HR systems
 * hand them out: AFAS and Nmbrs use up to 15 digits; room to spare. */
#define ORG_NUMBER_MAX 32
/* Header names of ignored columns kept to show HR (the rest only count). */
#define ORG_IGNORED_MAX 32
/* The columns of a row, in this order.  The last four are optional in
 * every file: the employee number (when there is no login column, the
 * login is looked up from it, see plan_resolve_numbers), the leaving date
 * (YYYY-MM-DD once read), the parent of the department and the key of
 * the job profile (issue 16; plan_check_profiles). */
#define ORG_COLUMNS 9
enum org_column {
	ORG_LOGIN, ORG_NAME, ORG_EMAIL, ORG_DEPARTMENT, ORG_MANAGER,
	ORG_NUMBER, ORG_LEFT_ON, ORG_PARENT, ORG_JOB_PROFILE
};
/* Characters of a job profile's key: the column of sql/068 (job_profile.pkey). */
#define ORG_PROFILE_KEY_MAX 64

enum org_reason {
	ORG_ENCODING,		/* not UTF-8 */
	ORG_CONTROL,		/* a control character in a field */
	ORG_HEADER,		/* CSV header row missing or wrong */
	ORG_COLUMN_COUNT,	/* a CSV row with another number of fields */
	ORG_QUOTE,		/* a broken quoted CSV field */
	ORG_TOO_LONG,		/* a field over its limit; detail names it */
	ORG_LOGIN_MISSING,
	ORG_LOGIN_BAD,
	ORG_NAME_MISSING,
	ORG_EMAIL_BAD,
	ORG_DUPLICATE,		/* the login was on an earlier line (detail) */
	ORG_MANAGER_UNKNOWN,	/* detail: the manager's login */
	ORG_MANAGER_LOOP,	/* the manager chain comes back here */
	ORG_TOO_MANY_ROWS,
	ORG_EMPTY,		/* no employees at all: would deactivate everyone */
	ORG_XML_SYNTAX,		/* not well-formed XML; detail: the parser's text */
	ORG_XML_DOCTYPE,	/* a DOCTYPE (entities are refused outright) */
	ORG_XML_SCHEMA,		/* not valid against organisation.xsd */
	ORG_TOO_LARGE,		/* the file is over the upload limit */
	ORG_DATE_BAD,		/* a leaving date that is no date; detail: it */
	ORG_NUMBER_BAD,		/* an employee number with other characters */
	ORG_NUMBER_TAKEN,	/* the number is another employee's; detail: login */
	ORG_MAPPING_HEADER,	/* a header the saved mapping names is missing */
	ORG_PARENT_CONFLICT,	/* a department given two parents, or a loop */
	ORG_PROFILE_UNKNOWN,	/* no job profile has this key; detail: the key */
	ORG_REASONS
};

/* "encoding", "manager_loop", ...: catalog keys are import.error.<name>. */
const char *org_reason_name(enum org_reason r);
/* An English sentence for gesprekctl. */
const char *org_reason_text(enum org_reason r);

struct org_error {
	size_t line;		/* 1-based; 0 for the file as a whole */
	enum org_reason reason;
	char detail[ORG_DETAIL_MAX];
};

struct org_row {
	size_t line;
	const char *f[ORG_COLUMNS];	/* trimmed; "" when empty */
	bool bad;
	/* No login column: f[ORG_LOGIN] is the employee number until
	 * plan_resolve_numbers finds the login the database has for it. */
	bool login_from_number;
};

/* A string -> index hash map; keys are owned by the caller. */
struct org_map {
	const char **keys;
	size_t *vals;
	size_t cap, n;
};

bool org_map_put(struct org_map *m, const char *key, size_t val);
bool org_map_get(const struct org_map *m, const char *key, size_t *val);
void org_map_free(struct org_map *m);

/* Strings of a file live in chunks freed together. */
struct org_chunk;
struct org_arena {
	struct org_chunk *head;
};

const char *org_strndup(struct org_arena *a, const char *s, size_t n);
void org_arena_free(struct org_arena *a);

/* import/mapping.h: which header of a CSV file holds which field. */
struct org_mapping;

struct org_file {
	const char *format;		/* "csv" or "xml" */
	const struct org_mapping *mapping;	/* NULL: the header aliases only */
	bool present[ORG_COLUMNS];	/* the file has the column: an absent
					 * one leaves what is stored alone */
	const char *ignored[ORG_IGNORED_MAX];	/* headers of unused columns */
	size_t nignored;
	struct org_row *rows;
	size_t n, cap;
	struct org_error *errors;
	size_t nerr, errcap;
	size_t nerr_total;		/* also those past ORG_ERRORS_MAX */
	struct org_map logins;		/* login -> first row */
	struct org_arena arena;
	bool full;			/* ORG_ROWS_MAX reached: parsers stop */
	bool oom;
};

void org_init(struct org_file *f);
void org_free(struct org_file *f);

/* Checks one row (raw fields, NULL for an absent column) and adds it;
 * its problems are recorded against line. */
void org_add(struct org_file *f, size_t line, const char *const raw[ORG_COLUMNS],
    const size_t len[ORG_COLUMNS]);
/* A header whose column the import does not use, listed for HR. */
void org_ignore(struct org_file *f, const char *header, size_t len);
/* Characters of a date once read: YYYY-MM-DD. */
#define ORG_DATE_LEN 10
/* Reads a date as HR systems write it (YYYY-MM-DD or DD-MM-YYYY, with '-',
 * '/' or '.'; a time after it is ignored) into out as YYYY-MM-DD. */
bool org_date(const char *s, char out[ORG_DATE_LEN + 1]);
/* Records a problem; detail may be NULL. */
void org_fail(struct org_file *f, size_t line, enum org_reason r, const char *detail);
/* Problems in line order (then in the order found). */
void org_sort_errors(struct org_file *f);
static inline bool
org_failed(const struct org_file *f)
{
	return f->nerr_total > 0 || f->oom;
}

#endif
