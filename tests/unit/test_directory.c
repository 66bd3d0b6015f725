/* test_directory.c -- the pure mapping of a directory sync (import/
 * directory.h): DNs compared and split into departments, the disabled bit,
 * managers resolved to logins or left out with a warning, and the rows the
 * plan gets. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "import/directory.h"
#include "rules/org.h"
#include "tap.h"

#define BASE "ou=People,dc=voorbeeld,dc=nl"

static void
test_uac(void)
{
	ok(!dir_uac_disabled(NULL), "no userAccountControl: enabled");
	ok(!dir_uac_disabled("512"), "512 (NORMAL_ACCOUNT): enabled");
	ok(dir_uac_disabled("514"), "514 (NORMAL_ACCOUNT|ACCOUNTDISABLE): disabled");
	ok(dir_uac_disabled("66050"), "66050 (DONT_EXPIRE|DISABLED|NORMAL): disabled");
	ok(!dir_uac_disabled("66048"), "66048 (DONT_EXPIRE|NORMAL): enabled");
	ok(!dir_uac_disabled("abc"), "not a number: enabled (no guessing)");
	ok(!dir_uac_disabled("2x"), "a number with garbage: enabled");
}

static void
test_dn_key(void)
{
	char a[DIR_DN_MAX], b[DIR_DN_MAX], tiny[8];

	ok(dir_dn_key("UID=Eva, OU=ICT ,dc=Voorbeeld,DC=nl", a, sizeof(a)), "key made");
	ok(dir_dn_key("uid=eva,ou=ict,dc=voorbeeld,dc=nl", b, sizeof(b)), "key made");
	is_str(a, b, "case and blanks around separators do not matter");
	ok(dir_dn_key("cn=de Vries\\, Eva,ou=ICT", a, sizeof(a)), "escaped comma kept");
	is_str(a, "cn=de vries\\, eva,ou=ict", "the escape stays part of the value");
	ok(dir_dn_key("cn=Jan Jansen,ou=ICT", a, sizeof(a)), "inner blank");
	is_str(a, "cn=jan jansen,ou=ict", "a blank inside a value stays");
	ok(!dir_dn_key("uid=eva,ou=ict", tiny, sizeof(tiny)), "too long for the buffer: false");
}

static void
test_department(void)
{
	char d[ORG_FIELD_MAX + 1], p[ORG_FIELD_MAX + 1];

	ok(dir_dn_department("uid=eva,ou=Backend,ou=ICT," BASE, BASE, d, p, sizeof(d)), "nested");
	is_str(d, "Backend", "the unit the entry sits in is its department");
	is_str(p, "ICT", "the unit above it is the parent");
	ok(dir_dn_department("uid=jan,ou=ICT," BASE, BASE, d, p, sizeof(d)), "one level");
	is_str(d, "ICT", "department ICT");
	is_str(p, "", "the base is no parent");
	ok(dir_dn_department("uid=top," BASE, BASE, d, p, sizeof(d)), "at the base");
	is_str(d, "", "an entry at the base has no department");
	ok(dir_dn_department("uid=x,cn=Groups,ou=ICT," BASE, BASE, d, p, sizeof(d)), "cn container");
	is_str(d, "", "a container that is no ou is no department");
	ok(dir_dn_department("uid=z,ou=Zorg \\2B Welzijn,ou=Sociaal\\, Domein," BASE, BASE, d, p,
	    sizeof(d)), "escaped");
	is_str(d, "Zorg + Welzijn", "hex escape unescaped");
	is_str(p, "Sociaal, Domein", "escaped comma unescaped");
	ok(dir_dn_department("uid=ö,OU=Financiën,ou=Bedrijfsvoering," BASE, BASE, d, p, sizeof(d)),
	    "non-ASCII");
	is_str(d, "Financiën", "UTF-8 value kept as it is; OU in capitals counts");
	is_str(p, "Bedrijfsvoering", "its parent");
	ok(!dir_dn_department("uid=a,ou=abcdefghijkl," BASE, BASE, d, p, 8),
	    "a value over the buffer: false");
}

static struct dir_entry
entry(const char *dn, const char *login, const char *name, const char *manager)
{
	struct dir_entry e = { .dn = dn, .login = login, .name = name, .manager_dn = manager };

	return e;
}

static bool
has_error(const struct org_file *f, size_t line, enum org_reason r)
{
	size_t i;

	for (i = 0; i < f->nerr; i++)
		if (f->errors[i].line == line && f->errors[i].reason == r)
			return true;
	return false;
}

static void
test_rows(void)
{
	struct dir_settings s = { .base_dn = BASE };
	struct dir_entry e[5];
	struct org_file f;
	struct dir_set d;
	size_t i;

	e[0] = entry("uid=boss,ou=ICT," BASE, "boss", "Bas Baas", NULL);
	e[1] = entry("uid=eva,ou=Backend,ou=ICT," BASE, "eva", "Eva Ösztürk",
	    "UID=Boss, ou=ICT," BASE);
	e[2] = entry("uid=gone,ou=ICT," BASE, "gone", "Gert Gone", NULL);
	e[2].account_control = "514";
	e[3] = entry("uid=piet,ou=ICT," BASE, "piet", "Piet", "uid=gone,ou=ICT," BASE);
	e[4] = entry("uid=kees,ou=ICT," BASE, "kees", "Kees", "uid=extern,ou=Other,dc=x");
	dir_init(&d, &s);
	for (i = 0; i < 5; i++)
		dir_add(&d, &e[i]);
	is_int(d.n, 5, "five entries kept");
	is_int(d.ndisabled, 1, "one of them disabled");
	org_init(&f);
	dir_rows(&d, &f);
	ok(!org_failed(&f), "no problems");
	is_str(f.format, "ldap", "format ldap (the import summary names it)");
	is_int(f.n, 4, "the disabled account is no row");
	is_str(f.rows[1].f[ORG_LOGIN], "eva", "eva's row");
	is_str(f.rows[1].f[ORG_MANAGER], "boss", "manager DN resolved to a login (case, blanks)");
	is_str(f.rows[1].f[ORG_DEPARTMENT], "Backend", "department from the DN");
	is_str(f.rows[1].f[ORG_PARENT], "ICT", "parent from the DN");
	is_str(f.rows[1].f[ORG_NAME], "Eva Ösztürk", "non-ASCII name kept");
	is_int(f.rows[1].line, 2, "a row's line is its place in the order read");
	is_str(dir_dn(&d, f.rows[1].line), e[1].dn, "the line gives back the DN");
	is_str(f.rows[2].f[ORG_MANAGER], "", "a disabled manager: no manager");
	is_str(f.rows[3].f[ORG_MANAGER], "", "a manager outside the filter: no manager");
	is_int(d.nwarnings_total, 2, "both are warnings");
	is_str(d.warnings[1].login, "kees", "the warning names the entry's login");
	is_str(d.warnings[1].manager_dn, "uid=extern,ou=Other,dc=x", "and the manager DN");
	ok(f.present[ORG_EMAIL] && !f.present[ORG_JOB_PROFILE] && !f.present[ORG_NUMBER],
	    "e-mail is synced (empty clears), job profile and number are left alone");
	org_free(&f);
	dir_free(&d);
}

static void
test_attribute_department_and_problems(void)
{
	struct dir_settings s = { .base_dn = BASE, .department_attribute = true,
		.job_profile = true };
	struct dir_entry e[3];
	struct org_file f;
	struct dir_set d;
	size_t i;

	e[0] = entry("uid=a,ou=X," BASE, "a", "Anna", NULL);
	e[0].department = "Financiën";
	e[0].job_profile = "adviseur";
	e[1] = entry("uid=b,ou=X," BASE, NULL, "No Login", NULL);
	e[2] = entry("uid=c,ou=X," BASE, "a", "Twice", NULL);
	dir_init(&d, &s);
	for (i = 0; i < 3; i++)
		dir_add(&d, &e[i]);
	org_init(&f);
	dir_rows(&d, &f);
	is_str(f.rows[0].f[ORG_DEPARTMENT], "Financiën", "the department attribute");
	ok(!f.present[ORG_PARENT], "no parent column: the stored tree is left alone");
	is_str(f.rows[0].f[ORG_JOB_PROFILE], "adviseur", "the job profile attribute");
	ok(has_error(&f, 2, ORG_LOGIN_MISSING), "an entry without a login is a problem of its line");
	ok(has_error(&f, 3, ORG_DUPLICATE), "a login twice is a problem");
	org_free(&f);
	dir_free(&d);

	dir_init(&d, &s);
	org_init(&f);
	dir_rows(&d, &f);
	ok(has_error(&f, 0, ORG_EMPTY), "no entries at all: refused (would deactivate everyone)");
	org_free(&f);
	dir_free(&d);
}

int
main(void)
{
	test_uac();
	test_dn_key();
	test_department();
	test_rows();
	test_attribute_department_and_problems();
	return tap_done();
}
