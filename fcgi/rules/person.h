/* person.h -- how long a person's identifiers may be: the widths of the
 * employee columns (sql/001_schema.sql), below the store so that the rules
 * of an import file (rules/org.c) check rows against them without seeing
 * the store. */
#ifndef GESPREK_PERSON_H
#define GESPREK_PERSON_H

#define LOGIN_MAX 64
#define NAME_MAX_LEN 200	/* characters */
#define NAME_BYTES (4 * NAME_MAX_LEN)	/* UTF-8: up to 4 bytes each */
#define EMAIL_MAX 254

#endif
