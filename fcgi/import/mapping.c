/* mapping.c -- see mapping.h. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "import/mapping.h"
#include "base/util.h"

static const char *const names[MAP_FIELDS] = {
	[MAP_LOGIN] = "login", [MAP_NUMBER] = "employee_number", [MAP_NAME] = "name",
	[MAP_GIVEN] = "given_name", [MAP_INFIX] = "infix", [MAP_SURNAME] = "surname",
	[MAP_EMAIL] = "email", [MAP_DEPARTMENT] = "department",
	[MAP_PARENT] = "parent_department", [MAP_MANAGER] = "manager", [MAP_LEFT_ON] = "left_on",
	[MAP_JOB_PROFILE] = "job_profile",
};

/* Headers of the exports of AFAS Profit, Nmbrs, Visma and of our own
 * earlier format, lower case.  "Datum in dienst" is not here: we do not
 * store it, so it is listed as ignored.  Nor is "Functie": in those
 * exports it is the job title as text ("Beleidsmedewerker"), not the key
 * of one of our job profiles, and taking it would refuse every file that
 * has it; a column that does hold the keys is mapped on the import page
 * or named by one of the headers below. */
static const struct {
	const char *header;
	enum map_field field;
} aliases[] = {
	{ "login", MAP_LOGIN }, { "gebruikersnaam", MAP_LOGIN }, { "inlognaam", MAP_LOGIN },
	{ "loginnaam", MAP_LOGIN }, { "username", MAP_LOGIN }, { "account", MAP_LOGIN },
	{ "employee_number", MAP_NUMBER }, { "medewerker", MAP_NUMBER },
	{ "personeelsnummer", MAP_NUMBER }, { "medewerkernummer", MAP_NUMBER },
	{ "personeelsnr", MAP_NUMBER }, { "werknemersnummer", MAP_NUMBER },
	{ "employee number", MAP_NUMBER },
	{ "name", MAP_NAME }, { "naam", MAP_NAME }, { "volledige naam", MAP_NAME },
	{ "weergavenaam", MAP_NAME }, { "full name", MAP_NAME },
	{ "given_name", MAP_GIVEN }, { "roepnaam", MAP_GIVEN }, { "voornaam", MAP_GIVEN },
	{ "given name", MAP_GIVEN }, { "first name", MAP_GIVEN },
	{ "infix", MAP_INFIX }, { "tussenvoegsel", MAP_INFIX }, { "voorvoegsel", MAP_INFIX },
	{ "surname", MAP_SURNAME }, { "achternaam", MAP_SURNAME },
	{ "geslachtsnaam", MAP_SURNAME }, { "last name", MAP_SURNAME },
	{ "email", MAP_EMAIL }, { "e-mail", MAP_EMAIL }, { "e-mail werk", MAP_EMAIL },
	{ "email werk", MAP_EMAIL }, { "e-mailadres", MAP_EMAIL },
	{ "e-mailadres werk", MAP_EMAIL }, { "zakelijk e-mailadres", MAP_EMAIL },
	{ "department", MAP_DEPARTMENT }, { "afdeling", MAP_DEPARTMENT },
	{ "parent_department", MAP_PARENT }, { "bovenliggende afdeling", MAP_PARENT },
	{ "hoofdafdeling", MAP_PARENT },
	{ "manager", MAP_MANAGER }, { "leidinggevende", MAP_MANAGER },
	{ "left_on", MAP_LEFT_ON }, { "datum uit dienst", MAP_LEFT_ON },
	{ "uit dienst", MAP_LEFT_ON }, { "einddatum dienstverband", MAP_LEFT_ON },
	{ "leaving date", MAP_LEFT_ON },
	{ "job_profile", MAP_JOB_PROFILE }, { "functieprofiel", MAP_JOB_PROFILE },
	{ "functiecode", MAP_JOB_PROFILE }, { "job profile", MAP_JOB_PROFILE },
};

const char *
map_field_name(enum map_field k)
{
	return k >= 0 && k < MAP_FIELDS ? names[k] : "";
}

enum map_field
map_field_by_name(const char *name)
{
	int k;

	for (k = 0; k < MAP_FIELDS; k++)
		if (strcmp(name, names[k]) == 0)
			return (enum map_field)k;
	return MAP_NONE;
}

enum map_field
map_alias(const char *header)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(aliases); i++)
		if (strcasecmp(header, aliases[i].header) == 0)
			return aliases[i].field;
	return MAP_NONE;
}

enum map_field
map_mapped(const struct org_mapping *m, const char *header)
{
	int k;

	for (k = 0; m && k < MAP_FIELDS; k++)
		if (m->header[k][0] && strcasecmp(header, m->header[k]) == 0)
			return (enum map_field)k;
	return MAP_NONE;
}

bool
map_empty(const struct org_mapping *m)
{
	int k;

	for (k = 0; k < MAP_FIELDS; k++)
		if (m->header[k][0])
			return false;
	return true;
}

/* s[0..n) without blanks at either end. */
static void
trim(const char **s, size_t *n)
{
	while (*n > 0 && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '\r'))
		(*n)--;
}

/* One `field = Header` line (not blank, not a comment). */
static bool
parse_line(struct org_mapping *m, const char *s, size_t n, size_t line, char *err, size_t errlen)
{
	const char *eq = memchr(s, '=', n);
	const char *fs = s, *hs;
	size_t fl, hl;
	char field[32];
	enum map_field k;

	if (eq == NULL) {
		snprintf(err, errlen, "line %zu: expected field = Header", line);
		return false;
	}
	fl = (size_t)(eq - s);
	hs = eq + 1;
	hl = (size_t)(s + n - hs);
	trim(&fs, &fl);
	trim(&hs, &hl);
	snprintf(field, sizeof(field), "%.*s", (int)(fl < sizeof(field) ? fl : sizeof(field) - 1), fs);
	if (fl >= sizeof(field) || (k = map_field_by_name(field)) == MAP_NONE) {
		snprintf(err, errlen, "line %zu: unknown field \"%s\" (known: login, employee_number, "
		    "name, given_name, infix, surname, email, department, parent_department, "
		    "manager, left_on, job_profile)", line, field);
		return false;
	}
	if (m->header[k][0]) {
		snprintf(err, errlen, "line %zu: field %s given twice", line, field);
		return false;
	}
	if (hl == 0 || hl >= MAP_HEADER_MAX || utf8_cut(hs, hl, MAP_HEADER_CHARS, SIZE_MAX) != hl) {
		snprintf(err, errlen, "line %zu: the header of %s is empty or longer than %d "
		    "characters", line, field, MAP_HEADER_CHARS);
		return false;
	}
	memcpy(m->header[k], hs, hl);
	m->header[k][hl] = '\0';
	return true;
}

bool
map_parse(struct org_mapping *m, const char *text, size_t len, char *err, size_t errlen)
{
	const char *p = text, *end = text + len, *nl;
	size_t line = 0, n;

	memset(m, 0, sizeof(*m));
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	if (!utf8_valid(p, (size_t)(end - p)) || memchr(p, '\0', (size_t)(end - p))) {
		snprintf(err, errlen, "not UTF-8 text");
		return false;
	}
	for (; p < end; p = nl ? nl + 1 : end) {
		const char *s = p;

		line++;
		nl = memchr(p, '\n', (size_t)(end - p));
		n = (size_t)((nl ? nl : end) - p);
		trim(&s, &n);
		if (n == 0 || s[0] == '#')
			continue;
		if (!parse_line(m, s, n, line, err, errlen))
			return false;
	}
	if (map_empty(m)) {
		snprintf(err, errlen, "no field = Header line");
		return false;
	}
	return true;
}
