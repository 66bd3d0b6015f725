/* test_csv.c -- the organisation import without a database: CSV and XML
 * parsing, every kind of problem with its line, and the plan (new,
 * changed, deactivated, unknown managers, manager loops). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/mapping.h"
#include "import/parse.h"
#include "rules/plan.h"
#include "tap.h"
#include "base/util.h"

static char xsd[1024];

/* Parses text; the file is left for the caller to inspect and free. */
static void
parse(struct org_file *f, const char *text)
{
	org_free(f);
	org_init(f);
	org_parse(f, text, strlen(text), xsd);
}

/* True when f has a problem `reason` on `line`. */
static bool
has(const struct org_file *f, size_t line, enum org_reason reason)
{
	size_t i;

	for (i = 0; i < f->nerr; i++)
		if (f->errors[i].line == line && f->errors[i].reason == reason)
			return true;
	return false;
}

#define HEADER "login;name;email;department;manager\n"

static void
test_csv_ok(void)
{
	struct org_file f;

	org_init(&f);
	parse(&f, "\xef\xbb\xbf" HEADER "eva;Eva de Vries;eva@x.nl;Binnendienst;mark\n"
	    "mark;Mark Jansen;;Verkoop;\n");
	ok(!org_failed(&f), "BOM, ';' and an empty manager parse");
	is_int(f.n, 2, "two rows");
	is_str(f.rows[0].f[ORG_LOGIN], "eva", "login");
	is_str(f.rows[0].f[ORG_MANAGER], "mark", "manager");
	is_int(f.rows[1].line, 3, "line numbers count the header");
	is_str(f.rows[1].f[ORG_EMAIL], "", "empty e-mail");
	is_str(f.format, "csv", "format csv");

	parse(&f, "Login,Name,Manager\r\n\"eva\",\"de Vries, Eva \"\"E\"\"\",mark\r\n  mark , Mark ,\r\n");
	ok(!org_failed(&f), "',' header in another order, quotes, CRLF, blanks");
	is_str(f.rows[0].f[ORG_NAME], "de Vries, Eva \"E\"", "quoted field with separator and \"\"");
	is_str(f.rows[1].f[ORG_LOGIN], "mark", "blanks trimmed");
	is_str(f.rows[0].f[ORG_DEPARTMENT], "", "absent column is empty");

	parse(&f, HEADER "\n  \neva;Eva;;;\n\n");
	ok(!org_failed(&f), "blank lines are skipped");
	is_int(f.rows[0].line, 4, "line after blank lines");
	org_free(&f);
}

static void
test_csv_errors(void)
{
	struct org_file f;
	char *big;
	size_t i, n;

	org_init(&f);
	/* 0x81 is no character in Windows-1252 either. */
	parse(&f, HEADER "eva;Eva;;;\nbad\x81;X;;;\nok;Ok;;;\n");
	ok(has(&f, 3, ORG_ENCODING), "neither UTF-8 nor Windows-1252: encoding, on its line");
	is_int(f.n, 2, "the other rows are read");

	parse(&f, HEADER "eva;Eva\x01;;;\n");
	ok(has(&f, 2, ORG_CONTROL), "control character");

	parse(&f, "gebruiker;naam\neva;Eva\n");
	ok(has(&f, 1, ORG_HEADER), "no key column (login or employee number): header");
	parse(&f, "name;email\nEva;e@x.nl\n");
	ok(has(&f, 1, ORG_HEADER), "no login column: header");
	parse(&f, "login;name;login\n");
	ok(has(&f, 1, ORG_HEADER), "column twice: header");
	parse(&f, "");
	ok(has(&f, 1, ORG_HEADER), "empty file: header");

	parse(&f, HEADER "eva;Eva;;\nmark;Mark;;;;extra\n");
	ok(has(&f, 2, ORG_COLUMN_COUNT), "too few columns");
	ok(has(&f, 3, ORG_COLUMN_COUNT), "too many columns");

	parse(&f, HEADER "eva;\"Eva;;;\nmark;Mark;;;\n");
	ok(has(&f, 2, ORG_QUOTE), "unterminated quote");
	parse(&f, HEADER "eva;\"Eva\"x;;;\nmark;Mark;;;\n");
	ok(has(&f, 2, ORG_QUOTE), "garbage after a closing quote");
	ok(f.n == 1 && strcmp(f.rows[0].f[ORG_LOGIN], "mark") == 0, "reading goes on after it");
	parse(&f, HEADER "eva;\"Eva\nde Vries\";;;\nmark;Mark;;;\n");
	ok(has(&f, 2, ORG_CONTROL), "a line break inside a quoted name: control");
	ok(f.n == 1 && f.rows[0].line == 4, "the record spanned two lines");

	parse(&f, HEADER ";Eva;;;\n");
	ok(has(&f, 2, ORG_LOGIN_MISSING), "login missing");
	parse(&f, HEADER "e va;Eva;;;\n-eva;Eva;;;\n");
	ok(has(&f, 2, ORG_LOGIN_BAD) && has(&f, 3, ORG_LOGIN_BAD), "bad logins");
	parse(&f, HEADER "eva;;;;\n");
	ok(has(&f, 2, ORG_NAME_MISSING), "name missing");
	parse(&f, HEADER "eva;Eva;not-an-address;;\n");
	ok(has(&f, 2, ORG_EMAIL_BAD), "bad e-mail");
	is_str(f.errors[0].detail, "not-an-address", "detail names the address");
	parse(&f, HEADER "eva;Eva;;;\nmark;Mark;;;\neva;Eva again;;;\n");
	ok(has(&f, 4, ORG_DUPLICATE), "duplicate login");
	is_str(f.errors[0].detail, "2", "detail names the first line");

	n = NAME_MAX_LEN + 1;
	big = malloc(ORG_FIELD_MAX + 200);
	memcpy(big, HEADER "eva;", strlen(HEADER) + 4);
	for (i = 0; i < n; i++)
		big[strlen(HEADER) + 4 + i] = 'x';
	strcpy(big + strlen(HEADER) + 4 + n, ";;;\n");
	parse(&f, big);
	ok(has(&f, 2, ORG_TOO_LONG), "name over 200 characters: too long");
	memcpy(big, HEADER "eva;", strlen(HEADER) + 4);
	for (i = 0; i < ORG_FIELD_MAX + 1; i++)
		big[strlen(HEADER) + 4 + i] = 'x';
	strcpy(big + strlen(HEADER) + 4 + ORG_FIELD_MAX + 1, ";;;\n");
	parse(&f, big);
	ok(has(&f, 2, ORG_TOO_LONG), "field over ORG_FIELD_MAX bytes: too long");
	free(big);

	parse(&f, HEADER);
	ok(has(&f, 0, ORG_EMPTY), "no employees: refused (it would deactivate everyone)");
	org_free(&f);
}

static void
test_csv_rows_max(void)
{
	struct org_file f;
	size_t i, cap = ((size_t)ORG_ROWS_MAX + 2) * 24 + 64, o;
	char *text = malloc(cap);

	o = (size_t)snprintf(text, cap, "login;name\n");
	for (i = 0; i <= ORG_ROWS_MAX; i++)
		o += (size_t)snprintf(text + o, cap - o, "u%zu;User %zu\n", i, i);
	org_init(&f);
	parse(&f, text);
	ok(has(&f, ORG_ROWS_MAX + 2, ORG_TOO_MANY_ROWS), "one row over ORG_ROWS_MAX: too many rows");
	is_int(f.n, ORG_ROWS_MAX, "rows up to the limit are read");
	org_free(&f);
	free(text);
}

/* The decoder: a byte order mark goes, UTF-8 stays, Windows-1252 becomes
 * UTF-8 (its 0x80..0x9F characters too), broken UTF-8 is left alone. */
static void
test_decode(void)
{
	struct buf b;
	bool conv;

	buf_init(&b);
	ok(text_utf8("\xef\xbb\xbfJos\xc3\xa9", 8, &b, &conv) && !conv, "UTF-8 with BOM: as it is");
	ok(b.len == 5 && memcmp(b.data, "Jos\xc3\xa9", 5) == 0, "the BOM is gone");
	buf_reset(&b);
	ok(text_utf8("Jos\xe9 \x80 \x93x\x94 \x8a\x9f", 13, &b, &conv) && conv, "1252: converted");
	buf_append(&b, "", 1);
	is_str(b.data, "Jos\xc3\xa9 \xe2\x82\xac \xe2\x80\x9cx\xe2\x80\x9d \xc5\xa0\xc5\xb8",
	    "1252: é, euro sign, curly quotes, Š, Ÿ");
	buf_reset(&b);
	ok(text_utf8("\xc3\xa9 \xff", 4, &b, &conv) && !conv, "UTF-8 with a broken byte: left alone");
	buf_free(&b);
}

/* An AFAS Profit export as Excel saves it: Windows-1252, CRLF, Dutch
 * headers, no login and no full name, columns we do not store. */
/* A literal and its length. */
#define S(text) (text), strlen(text)

#define AFAS_HEADER "Medewerker;Naam;Roepnaam;Achternaam;E-mail werk;Afdeling;Leidinggevende;" \
	"Functie;Datum in dienst;Datum uit dienst\r\n"

static void
test_hr_export(void)
{
	struct org_mapping m;
	struct org_file f;
	char err[256];
	char d[ORG_DATE_LEN + 1];

	org_init(&f);
	parse(&f, AFAS_HEADER "1001;;Jos\xe9;M\xfcller;jose@x.nl;Verkoop;1002;Verkoper;01-02-2020;"
	    "31-12-2030\r\n1002;Anna Bakker;Anna;Bakker;anna@x.nl;Verkoop;;Hoofd;1-1-2019;\r\n");
	ok(!org_failed(&f), "AFAS export in Windows-1252 with CRLF parses");
	is_int(f.n, 2, "two rows");
	is_str(f.rows[0].f[ORG_LOGIN], "1001", "no login column: the number is the key");
	ok(f.rows[0].login_from_number, "... marked to be looked up");
	is_str(f.rows[0].f[ORG_NUMBER], "1001", "Medewerker is the employee number");
	is_str(f.rows[0].f[ORG_NAME], "Jos\xc3\xa9 M\xc3\xbcller", "empty Naam: Roepnaam + Achternaam, converted");
	is_str(f.rows[1].f[ORG_NAME], "Anna Bakker", "Naam given: taken");
	is_str(f.rows[0].f[ORG_EMAIL], "jose@x.nl", "E-mail werk is the e-mail");
	is_str(f.rows[0].f[ORG_MANAGER], "1002", "Leidinggevende is the manager");
	is_str(f.rows[0].f[ORG_LEFT_ON], "2030-12-31", "Datum uit dienst read as YYYY-MM-DD");
	is_str(f.rows[1].f[ORG_LEFT_ON], "", "no leaving date");
	is_int(f.nignored, 2, "two columns ignored");
	is_str(f.nignored == 2 ? f.ignored[0] : "", "Functie", "Functie ignored");
	is_str(f.nignored == 2 ? f.ignored[1] : "", "Datum in dienst", "Datum in dienst ignored");
	ok(f.present[ORG_NUMBER] && f.present[ORG_LEFT_ON] && !f.present[ORG_LOGIN], "present columns");

	parse(&f, "Personeelsnummer;Roepnaam;Tussenvoegsel;Achternaam;Bovenliggende afdeling;Afdeling\n"
	    "7;Jan;de;Vries;Directie;ICT\n8;Piet;;Jansen;;\n");
	ok(!org_failed(&f), "LF, tussenvoegsel, parent department");
	is_str(f.rows[0].f[ORG_NAME], "Jan de Vries", "given name, infix, surname");
	is_str(f.rows[1].f[ORG_NAME], "Piet Jansen", "no infix: one space");
	is_str(f.rows[0].f[ORG_PARENT], "Directie", "parent department");

	parse(&f, "login;name;Datum uit dienst\neva;Eva;31-02-2026\nmark;Mark;morgen\n");
	ok(has(&f, 2, ORG_DATE_BAD) && has(&f, 3, ORG_DATE_BAD), "no real date: date, on its line");
	parse(&f, "Medewerker;Naam\n12 3;Eva\n");
	ok(has(&f, 2, ORG_NUMBER_BAD) || has(&f, 2, ORG_LOGIN_BAD), "a number with a blank: refused");

	ok(org_date("2026-01-31", d) && strcmp(d, "2026-01-31") == 0, "date: ISO");
	ok(org_date("31/1/2026", d) && strcmp(d, "2026-01-31") == 0, "date: D/M/YYYY");
	ok(org_date("31.01.2026 00:00", d) && strcmp(d, "2026-01-31") == 0, "date: with a time");
	ok(org_date("2026-01-31T00:00:00", d), "date: ISO with a time");
	ok(!org_date("2026-13-01", d) && !org_date("1-1-26", d) && !org_date("", d), "not dates");

	/* A mapping names the columns an alias would not find. */
	ok(map_parse(&m, S("# AFAS\r\nlogin = Account\n\n  email=Mail (werk) \n"), err, sizeof(err)),
	    "mapping file parses");
	is_str(m.header[MAP_LOGIN], "Account", "login = Account");
	is_str(m.header[MAP_EMAIL], "Mail (werk)", "blanks trimmed, the rest as written");
	f.mapping = NULL;
	org_free(&f);
	org_init(&f);
	f.mapping = &m;
	org_parse(&f, S("Account;Naam;Mail (werk)\neva;Eva;eva@x.nl\n"), xsd);
	ok(!org_failed(&f), "mapped headers read");
	is_str(f.n ? f.rows[0].f[ORG_EMAIL] : "", "eva@x.nl", "mapped e-mail column");
	org_free(&f);
	org_init(&f);
	f.mapping = &m;
	org_parse(&f, S("Account;Naam\neva;Eva\n"), xsd);
	ok(has(&f, 1, ORG_MAPPING_HEADER), "a mapped header missing from the file: refused");
	is_str(f.nerr ? f.errors[0].detail : "", "Mail (werk)", "... naming it");
	org_free(&f);
	org_init(&f);
	f.mapping = &m;
	org_parse(&f, S("Account;Naam;E-mail werk\neva;Eva;eva@x.nl\n"), xsd);
	ok(has(&f, 1, ORG_MAPPING_HEADER), "... also when an alias of the field is there");
	org_free(&f);
	org_init(&f);
	f.mapping = &m;
	org_parse(&f, S("Account;Naam;E-mail werk;Mail (werk)\neva;Eva;old@x.nl;eva@x.nl\n"), xsd);
	is_str(f.n ? f.rows[0].f[ORG_EMAIL] : "", "eva@x.nl", "a mapped field: its alias column is ignored");
	is_str(f.nignored ? f.ignored[0] : "", "E-mail werk", "... and listed");

	ok(!map_parse(&m, S("login = A\nfunctie = Functie\n"), err, sizeof(err)), "unknown field: refused");
	ok(strstr(err, "line 2") && strstr(err, "functie"), "... naming the line and the field");
	ok(!map_parse(&m, S("login A\n"), err, sizeof(err)), "no '=': refused");
	ok(!map_parse(&m, S("login = A\nlogin = B\n"), err, sizeof(err)), "a field twice: refused");
	ok(!map_parse(&m, S("login =\n"), err, sizeof(err)), "empty header: refused");
	ok(!map_parse(&m, S("# nothing\n"), err, sizeof(err)), "no line at all: refused");
	org_free(&f);
}

#define XML_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<organisation xmlns=\"urn:gesprek:organisation:1\">\n"

static void
test_xml(void)
{
	struct org_file f;

	org_init(&f);
	parse(&f, XML_HEAD "<employee login=\"eva\" name=\"Eva &amp; co\" manager=\"mark\"/>\n"
	    "<employee login=\"mark\" name=\"Mark\" department=\"Verkoop\"/>\n</organisation>\n");
	ok(!org_failed(&f), "valid XML parses");
	is_str(f.format, "xml", "format xml");
	is_int(f.n, 2, "two employees");
	is_str(f.rows[0].f[ORG_NAME], "Eva & co", "entity of XML itself decoded");
	is_int(f.rows[1].line, 4, "line of the element");

	parse(&f, "<?xml version=\"1.0\"?>\n<!DOCTYPE organisation [<!ENTITY x \"boom\">]>\n"
	    "<organisation xmlns=\"urn:gesprek:organisation:1\"><employee login=\"a\" name=\"&x;\"/></organisation>");
	ok(has(&f, 2, ORG_XML_DOCTYPE), "DOCTYPE refused");
	is_int(f.n, 0, "nothing read");
	parse(&f, "<!DOCTYPE organisation SYSTEM \"http://example.com/x.dtd\"><organisation/>");
	ok(f.nerr == 1 && f.errors[0].reason == ORG_XML_DOCTYPE, "external DOCTYPE refused");
	parse(&f, XML_HEAD "<employee login=\"eva\" name=\"&ext;\"/></organisation>");
	ok(has(&f, 3, ORG_XML_SYNTAX), "undeclared entity: not well-formed");
	parse(&f, XML_HEAD "<employee login=\"eva\" name=\"Eva\">\n</organisation>");
	ok(has(&f, 4, ORG_XML_SYNTAX), "unclosed element: not well-formed, with its line");
	parse(&f, XML_HEAD "<employee login=\"eva\" name=\"Ev\xff\"/></organisation>");
	ok(f.nerr == 1 && f.errors[0].reason == ORG_ENCODING, "invalid UTF-8: encoding");
	parse(&f, XML_HEAD "<employee login=\"eva\"/>\n<person login=\"x\" name=\"y\"/></organisation>");
	ok(has(&f, 3, ORG_XML_SCHEMA), "missing name attribute: schema, on its line");
	ok(has(&f, 4, ORG_XML_SCHEMA), "unknown element: schema, on its line");
	is_int(f.n, 0, "nothing read from an invalid document");
	parse(&f, "<organisation xmlns=\"urn:other\"/>");
	ok(f.nerr >= 1 && f.errors[0].reason == ORG_XML_SCHEMA, "other namespace: schema");
	parse(&f, XML_HEAD "<employee login=\"e va\" name=\"Eva\" email=\"x\"/>\n"
	    "<employee login=\"mark\" name=\"Mark\"/>\n<employee login=\"mark\" name=\"Mark\"/></organisation>");
	ok(has(&f, 3, ORG_LOGIN_BAD) && has(&f, 3, ORG_EMAIL_BAD), "value rules as for CSV");
	ok(has(&f, 5, ORG_DUPLICATE), "duplicate login in XML");
	parse(&f, XML_HEAD "</organisation>");
	ok(has(&f, 0, ORG_EMPTY), "no employees: refused");
	org_free(&f);
}

/* The shape check before libxml2 parses (orgxml.c): a tag with more
 * attributes than any employee needs is refused at once (libxml2 compares
 * each attribute with all before it: 80000 took half a minute), as are more
 * elements than ORG_ROWS_MAX; '<' and '=' in comments, processing
 * instructions and quoted values do not count. */
static void
test_xml_shape(void)
{
	struct org_file f;
	struct buf b;
	int i;

	org_init(&f);
	buf_init(&b);
	buf_puts(&b, XML_HEAD "<employee login=\"a\" name=\"A\"");
	for (i = 0; i < 15; i++)
		buf_printf(&b, " x%d='%d'", i, i);
	buf_puts(&b, "/>\n</organisation>\n");
	parse(&f, b.data);
	ok(has(&f, 3, ORG_XML_SCHEMA) && f.nerr == 1 && strstr(f.errors[0].detail, "attributes"),
	    "17 attributes in one element: refused on its line before parsing");
	buf_reset(&b);
	buf_puts(&b, XML_HEAD "<!-- <x");
	for (i = 0; i < 40; i++)
		buf_printf(&b, " a%d=\"1\"", i);
	buf_puts(&b, "> -->\n<?note a=1 b=2 c=3 d=4 e=5 f=6 g=7 h=8 i=9 j=10 k=11 l=12 m=13 "
	    "n=14 o=15 p=16 q=17 ?>\n<employee login=\"a\" name=\"= = > = = = = = = = = = = = = "
	    "= = = = =\" department='\"=\"'/>\n</organisation>\n");
	parse(&f, b.data);
	ok(!org_failed(&f) && f.n == 1, "comments, instructions and quoted values do not count");
	buf_reset(&b);
	buf_puts(&b, XML_HEAD);
	for (i = 0; i <= ORG_ROWS_MAX; i++)
		buf_puts(&b, "<e/>");
	buf_puts(&b, "</organisation>\n");
	parse(&f, b.data);
	ok(f.nerr == 1 && f.errors[0].reason == ORG_TOO_MANY_ROWS,
	    "more elements than ORG_ROWS_MAX: refused before parsing");
	buf_free(&b);
	org_free(&f);
}

/* A database of three: boss (active), old (inactive), gone (active, will
 * be absent), and the importer hr. */
static void
fill_db(struct org_db *d)
{
	struct org_current e[] = {
		{ .id = 1, .login = "boss", .name = "Boss", .email = "", .department = "Top",
		  .manager = "", .department_id = 10, .version = 1, .active = true },
		{ .id = 2, .login = "old", .name = "Old", .email = "", .department = "",
		  .manager = "boss", .manager_id = 1, .version = 3, .active = false },
		{ .id = 3, .login = "gone", .name = "Gone", .email = "", .department = "",
		  .manager = "boss", .manager_id = 1, .version = 1, .active = true },
		{ .id = 4, .login = "hr", .name = "HR", .email = "", .department = "",
		  .manager = "", .version = 1, .active = true },
	};
	size_t i;

	org_db_init(d, 4);
	for (i = 0; i < ARRAY_LEN(e); i++)
		org_db_add_employee(d, &e[i]);
	org_db_add_department(d, "Top", 10);
	org_db_add_department(d, "Nieuw", 0);
}

/* The HR columns in the plan: logins found by employee number, leaving
 * dates against today, parent departments against loops. */
static void
test_hr_plan(void)
{
	struct org_current boss = { .id = 1, .login = "boss", .name = "Boss", .email = "",
	    .department = "", .manager = "", .version = 1, .active = true,
	    .employee_number = "100", .left_on = "" };
	struct org_file f;
	struct org_db d;
	struct import_plan p;
	size_t k;

	org_init(&f);
	parse(&f, "Medewerker;Naam;Leidinggevende\n100;Boss;\n200;New;100\n");
	org_db_init(&d, 0);
	org_db_add_employee(&d, &boss);
	plan_resolve_numbers(&f, &d);
	is_str(f.rows[0].f[ORG_LOGIN], "boss", "number 100: the login the database has for it");
	is_str(f.rows[1].f[ORG_LOGIN], "200", "a new number: the number is the login");
	is_str(f.rows[1].f[ORG_MANAGER], "boss", "a manager by number: its login");
	ok(plan_build(&f, &d, &p) && !org_failed(&f), "planned");
	ok(p.nnew == 1 && p.nunchanged == 1 && p.ndeactivated == 0, "boss found, not made anew");
	plan_resolve_numbers(&f, &d);
	is_str(f.rows[0].f[ORG_LOGIN], "boss", "resolving again (a retried transaction) changes nothing");
	plan_free(&p);
	org_db_free(&d);

	parse(&f, "login;name;Medewerker\nx;X;100\ny;Y;7\nz;Z;7\n");
	org_db_init(&d, 0);
	org_db_add_employee(&d, &boss);
	plan_resolve_numbers(&f, &d);
	ok(has(&f, 2, ORG_NUMBER_TAKEN), "a number the database has for another: refused");
	ok(has(&f, 4, ORG_NUMBER_TAKEN) && !has(&f, 3, ORG_NUMBER_TAKEN), "a number twice in the file");
	org_db_free(&d);

	parse(&f, "login;name;Datum uit dienst\nboss;Boss;2026-06-01\nn;N;01-05-2026\nl;L;2026-07-01\n");
	org_db_init(&d, 0);
	org_db_add_employee(&d, &boss);
	strlcopy(d.today, "2026-06-01", sizeof(d.today));
	ok(plan_build(&f, &d, &p) && !org_failed(&f), "leavers planned");
	ok(p.items[0].kind == PLAN_DEACTIVATE && p.items[0].row == 0, "leaving today: deactivated");
	ok(p.items[1].kind == PLAN_NEW && p.items[1].left, "left before: created inactive");
	ok(p.items[2].kind == PLAN_NEW && !p.items[2].left, "leaving later: active until then");
	is_int(p.ndeactivated, 1, "one deactivated");
	plan_free(&p);
	org_db_free(&d);

	/* Database: Top (10) over Sub (11). */
#define TREE(d) do { org_db_init(&(d), 0); org_db_add_tree(&(d), 10, 0); \
	org_db_add_tree(&(d), 11, 10); } while (0)
	parse(&f, "login;name;Afdeling;Bovenliggende afdeling\na;A;X;Top\nb;B;Y;X\nc;C;X;Top\n");
	TREE(d);
	org_db_add_department(&d, "X", 0);
	org_db_add_department(&d, "Top", 10);
	org_db_add_department(&d, "Y", 0);
	plan_link_parents(&f, &d);
	ok(!org_failed(&f), "a new tree under an old department");
	ok(org_map_get(&d.dept_by_name, "Y", &k) && d.dept[d.dept[k].parent].id == 0 &&
	    strcmp(d.dept[d.dept[k].parent].name, "X") == 0, "Y under X");
	org_db_free(&d);

	parse(&f, "login;name;Afdeling;Bovenliggende afdeling\na;A;Top;Sub\n");
	TREE(d);
	org_db_add_department(&d, "Top", 10);
	org_db_add_department(&d, "Sub", 11);
	plan_link_parents(&f, &d);
	ok(has(&f, 2, ORG_PARENT_CONFLICT), "under its own sub-department (database): refused");
	org_db_free(&d);

	parse(&f, "login;name;Afdeling;Bovenliggende afdeling\na;A;X;Y\nb;B;Y;X\nc;C;X;Z\nd;D;Q;Q\n");
	TREE(d);
	org_db_add_department(&d, "X", 0);
	org_db_add_department(&d, "Y", 0);
	org_db_add_department(&d, "Z", 0);
	org_db_add_department(&d, "Q", 0);
	plan_link_parents(&f, &d);
	ok(has(&f, 3, ORG_PARENT_CONFLICT), "a loop in the file: refused");
	ok(has(&f, 4, ORG_PARENT_CONFLICT), "a second parent: refused");
	ok(has(&f, 5, ORG_PARENT_CONFLICT), "its own parent: refused");
	ok(!has(&f, 2, ORG_PARENT_CONFLICT), "the first word stands");
	org_db_free(&d);
	org_free(&f);
}

static void
test_plan(void)
{
	struct org_file f;
	struct org_db d;
	struct import_plan p;

	org_init(&f);
	parse(&f, HEADER "boss;Boss;;Top;\nold;Old;;;boss\nnew1;New One;;Nieuw;new2\nnew2;New Two;;;hr\n");
	fill_db(&d);
	ok(plan_build(&f, &d, &p), "plan built");
	ok(!org_failed(&f), "no problems");
	is_int(p.nnew, 2, "two new");
	is_int(p.nchanged, 1, "one changed (reactivated)");
	is_int(p.items[1].changes, PLAN_ACTIVE, "old: only the active flag changes");
	is_int(p.nunchanged, 1, "boss unchanged");
	is_int(p.ndeactivated, 1, "gone deactivated, the importer not");
	is_int(p.items[4].id, 3, "the deactivated one is gone");
	is_int(p.nnewdepts, 1, "one new department");
	is_int(p.norder, 2, "two to insert");
	is_int(p.order[0], 3, "new2 (the manager) before new1");
	ok(p.items[3].manager_id == 4, "a manager outside the file: the importer");
	plan_free(&p);
	org_db_free(&d);

	parse(&f, HEADER "boss;Boss;;Top;\na;A;;;nobody\nb;B;;;gone\n");
	fill_db(&d);
	plan_build(&f, &d, &p);
	ok(has(&f, 3, ORG_MANAGER_UNKNOWN), "manager in neither file nor database: unknown");
	ok(has(&f, 4, ORG_MANAGER_UNKNOWN), "manager who would be deactivated by this file: unknown");
	plan_free(&p);
	org_db_free(&d);

	parse(&f, HEADER "boss;Boss;;Top;c\na;A;;;boss\nb;B;;;a\nc;C;;;b\nd;D;;;c\ne;E;;;e\n");
	fill_db(&d);
	plan_build(&f, &d, &p);
	ok(has(&f, 2, ORG_MANAGER_LOOP) && has(&f, 3, ORG_MANAGER_LOOP) && has(&f, 4, ORG_MANAGER_LOOP)
	    && has(&f, 5, ORG_MANAGER_LOOP), "every row on a loop is named");
	ok(!has(&f, 6, ORG_MANAGER_LOOP), "a row that only leads into a loop is not");
	ok(has(&f, 7, ORG_MANAGER_LOOP), "own manager: a loop");
	plan_free(&p);
	org_db_free(&d);

	/* The importer, not in the file, keeps the manager the database
	 * gives them: a file making that manager report to the importer
	 * closes a loop. */
	parse(&f, HEADER "boss;Boss;;Top;hr\n");
	fill_db(&d);
	d.emp[3].manager = "boss";
	plan_build(&f, &d, &p);
	ok(has(&f, 2, ORG_MANAGER_LOOP), "a loop through the importer");
	plan_free(&p);
	org_db_free(&d);

	parse(&f, HEADER "boss;Boss;;Top;\nx;X;bad;;boss\ny;Y;;;x\n");
	fill_db(&d);
	plan_build(&f, &d, &p);
	ok(has(&f, 3, ORG_EMAIL_BAD) && !has(&f, 4, ORG_MANAGER_UNKNOWN),
	    "a bad row still counts as someone's manager");
	plan_free(&p);
	org_db_free(&d);
	org_free(&f);
}

/* A database of n active employees, ids 1..n, logins e1..en, the first
 * `hr` of them HR members; the importer is id `importer`. */
static void
fill_many(struct org_db *d, int n, int hr, int64_t importer)
{
	char login[16];
	int i;

	org_db_init(d, importer);
	for (i = 1; i <= n; i++) {
		struct org_current e = { .id = i, .login = login, .name = login, .email = "",
		    .department = "", .manager = "", .version = 1, .active = true,
		    .is_hr = i <= hr };

		snprintf(login, sizeof(login), "e%d", i);
		org_db_add_employee(d, &e);
	}
}

/* A file naming e1..ek of a database built by fill_many. */
static void
parse_first(struct org_file *f, int k)
{
	struct buf b;
	char line[64];
	int i;

	buf_init(&b);
	buf_puts(&b, HEADER);
	for (i = 1; i <= k; i++) {
		snprintf(line, sizeof(line), "e%d;e%d;;;\n", i, i);
		buf_puts(&b, line);
	}
	parse(f, b.data);
	buf_free(&b);
}

/* Builds the plan of a file keeping the first `keep` of n employees and
 * judges it; returns the guard's reasons. */
static unsigned
guard_of(int n, int hr, int64_t importer, int keep, int percent, struct plan_guard *g)
{
	struct org_file f;
	struct org_db d;
	struct import_plan p;

	org_init(&f);
	parse_first(&f, keep);
	fill_many(&d, n, hr, importer);
	ok(plan_build(&f, &d, &p) && !org_failed(&f), "the plan is built");
	plan_guard(&d, &p, percent, g);
	plan_free(&p);
	org_db_free(&d);
	org_free(&f);
	return g->reasons;
}

static void
test_guard(void)
{
	struct plan_guard g;
	unsigned char a[PLAN_DIGEST_LEN], b[PLAN_DIGEST_LEN];
	struct org_file f;
	struct org_db d;
	struct import_plan p;

	is_int(guard_of(30, 0, 0, 27, 10, &g), 0, "3 of 30 at 10 %: exactly the limit, no guard");
	is_int(g.deactivated, 3, "three deactivated");
	is_int(g.active, 30, "thirty active");
	is_int(guard_of(30, 0, 0, 26, 10, &g), PLAN_GUARD_SHARE, "4 of 30 at 10 %: over the share");
	is_int(guard_of(30, 0, 0, 3, 10, &g), PLAN_GUARD_SHARE, "27 of 30: over the share");
	is_int(g.deactivated, 27, "27 deactivated");
	is_int(guard_of(30, 0, 0, 30, 0, &g), 0, "nobody deactivated: no guard even at 0 %");
	is_int(guard_of(30, 0, 0, 29, 0, &g), PLAN_GUARD_SHARE, "one deactivated at 0 %: guard");
	is_int(guard_of(30, 0, 0, 3, 100, &g), 0, "at 100 % the share never trips");
	/* The last employee is an HR member when hr = n. */
	is_int(guard_of(30, 30, 0, 29, 10, &g), PLAN_GUARD_HR, "one HR member: guard, below the share");
	is_int(g.hr, 1, "one HR member counted");
	is_int(guard_of(30, 30, 0, 3, 10, &g), PLAN_GUARD_SHARE | PLAN_GUARD_HR,
	    "both reasons together");
	ok(!plan_guard_trips(&(struct plan_guard){ .reasons = 0 }), "no reason: no confirmation");
	ok(plan_guard_trips(&(struct plan_guard){ .reasons = PLAN_GUARD_SELF }),
	    "the importer: confirmation");

	/* The importer is never in a plan's deactivations (plan.h): the
	 * guard's SELF reason is for sources that would put them there. */
	is_int(guard_of(30, 0, 30, 29, 10, &g), 0, "the importer absent from the file: kept, no guard");
	ok(!g.self, "not counted as deactivating oneself");

	org_init(&f);
	parse_first(&f, 27);
	fill_many(&d, 30, 0, 0);
	plan_build(&f, &d, &p);
	ok(plan_deactivation_digest(&p, a), "digest");
	plan_free(&p);
	org_db_free(&d);
	parse_first(&f, 28);
	fill_many(&d, 30, 0, 0);
	plan_build(&f, &d, &p);
	plan_deactivation_digest(&p, b);
	ok(memcmp(a, b, sizeof(a)) != 0, "another set of deactivations: another digest");
	plan_free(&p);
	org_db_free(&d);
	parse_first(&f, 27);
	fill_many(&d, 30, 0, 0);
	d.emp[1].name = "Renamed";	/* a change that deactivates nobody else */
	plan_build(&f, &d, &p);
	plan_deactivation_digest(&p, b);
	ok(memcmp(a, b, sizeof(a)) == 0, "the same deactivations: the same digest");
	plan_free(&p);
	org_db_free(&d);
	org_free(&f);
}

/* The job-profile column (issue 16): by key, an unknown key a problem of
 * its row, a change only where the file has the column. */
static void
test_job_profile(void)
{
	struct org_current eva = { .id = 1, .login = "eva", .name = "Eva", .email = "",
	    .department = "", .manager = "", .version = 1, .active = true,
	    .employee_number = "", .left_on = "", .job_profile = "verkoper",
	    .job_profile_id = 7 };
	const char *before, *after;
	struct org_file f;
	struct org_db d;
	struct import_plan p;

	org_init(&f);
	parse(&f, "login;name;Functieprofiel\neva;Eva;adviseur\nnew;New;\nbad;Bad;onbekend\n");
	ok(f.present[ORG_JOB_PROFILE], "Functieprofiel is the job-profile column");
	org_db_init(&d, 0);
	org_db_add_employee(&d, &eva);
	org_db_add_profile(&d, "verkoper", 7);
	org_db_add_profile(&d, "adviseur", 8);
	is_int(org_db_profile(&d, "adviseur"), 8, "a profile by its key");
	is_int(org_db_profile(&d, ""), 0, "no key: no profile");
	plan_check_profiles(&f, &d);
	ok(has(&f, 4, ORG_PROFILE_UNKNOWN) && f.nerr == 1, "an unknown key: its line, nothing else");
	is_str(f.errors[0].detail, "onbekend", "the problem names the key");
	ok(plan_build(&f, &d, &p), "planned");
	ok(p.items[0].kind == PLAN_CHANGED && p.items[0].changes == PLAN_JOB_PROFILE,
	    "another key: a change of the profile alone");
	plan_values(&f, &d, &p.items[0], PLAN_JOB_PROFILE, &before, &after);
	ok(strcmp(before, "verkoper") == 0 && strcmp(after, "adviseur") == 0, "before and after");
	ok(p.items[2].kind == PLAN_SKIP, "the row with the unknown key is not applied");
	plan_free(&p);
	org_db_free(&d);

	parse(&f, "login;name\neva;Eva\n");
	org_db_init(&d, 0);
	org_db_add_employee(&d, &eva);
	plan_check_profiles(&f, &d);
	ok(plan_build(&f, &d, &p) && !org_failed(&f), "a file without the column");
	ok(p.items[0].kind == PLAN_UNCHANGED, "leaves the stored profile alone");
	plan_free(&p);
	org_db_free(&d);
	org_free(&f);
}

int
main(void)
{
	const char *top = getenv("top_srcdir");

	snprintf(xsd, sizeof(xsd), "%s/xslt/schema/organisation.xsd", top ? top : "..");
	test_csv_ok();
	test_csv_errors();
	test_csv_rows_max();
	test_decode();
	test_hr_export();
	test_xml();
	test_xml_shape();
	test_plan();
	test_hr_plan();
	test_job_profile();
	test_guard();
	return tap_done();
}
