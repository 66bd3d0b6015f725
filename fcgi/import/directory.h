/* directory.h -- the organisation as a directory (LDAP) holds it, turned
 * into the rows of an organisation file (rules/org.h), so that a directory
 * sync builds, judges and writes the very plan a file import does
 * (store/organisation.h import_run).  Pure code without I/O: ctl/ctl_sync.c
 * reads the entries with libldap and hands each one to dir_add; dir_rows
 * then feeds the rows to org_add.
 *
 * Rules:
 *  - an entry whose account is disabled (Active Directory's
 *    userAccountControl with the ACCOUNTDISABLE bit, 0x2) is no employee:
 *    like an entry outside the filter, it is left out, so an employee the
 *    database has is deactivated and a new one is not created;
 *  - the manager attribute holds a DN; it becomes the login of the entry
 *    with that DN (compared as dir_dn_key says).  A manager that is not
 *    among the entries read (outside the filter or the base, or disabled)
 *    leaves the employee without a manager, and is listed as a warning:
 *    refusing the whole organisation for it would stop every nightly sync
 *    over one stale attribute;
 *  - the department is the department attribute when one is configured;
 *    else the organisational unit the entry sits in (its DN's second RDN,
 *    when that is ou=...), with the unit above it as the parent department
 *    while that one is still below the base DN.  The base itself is no
 *    department. */
#ifndef GESPREK_DIRECTORY_H
#define GESPREK_DIRECTORY_H

#include <stdbool.h>
#include <stddef.h>

#include "rules/org.h"

/* Bytes of a DN kept: RFC 4514 sets no limit, AD's are below 2 kB. */
#define DIR_DN_MAX 2048
/* Warnings kept to show (a manager outside the filter); more are counted. */
#define DIR_WARNINGS_MAX 100
/* AD's userAccountControl flag ACCOUNTDISABLE. */
#define DIR_UAC_DISABLED 0x2UL

/* One entry as read; NULL for an attribute the entry does not have. */
struct dir_entry {
	const char *dn;
	const char *login, *name, *email;
	const char *manager_dn;
	const char *department;		/* the department attribute's value */
	const char *job_profile;
	const char *account_control;	/* decimal, as AD writes it */
	bool disabled;			/* matched the configured disabled filter */
};

struct dir_settings {
	const char *base_dn;
	bool department_attribute;	/* else the department comes from the DN */
	bool job_profile;		/* the job-profile attribute is configured */
};

/* A warning: the login of the entry and the manager DN not found. */
struct dir_warning {
	const char *login;
	const char *manager_dn;
};

struct dir_kept;

struct dir_set {
	struct dir_settings s;
	struct dir_kept *e;
	size_t n, cap;
	size_t ndisabled;
	struct org_map by_dn;		/* dir_dn_key -> index in e */
	struct org_arena arena;
	struct dir_warning warnings[DIR_WARNINGS_MAX];
	size_t nwarnings, nwarnings_total;
	bool oom;
};

void dir_init(struct dir_set *d, const struct dir_settings *s);
void dir_free(struct dir_set *d);

/* Keeps a copy of the entry. */
void dir_add(struct dir_set *d, const struct dir_entry *x);

/* Hands every enabled entry to org_add as a row (line: its place in the
 * order read, 1-based), its manager resolved to a login.  dir_dn(d, line)
 * gives the DN of a row's line for messages. */
void dir_rows(struct dir_set *d, struct org_file *f);
const char *dir_dn(const struct dir_set *d, size_t line);

/* Whether userAccountControl (decimal) has the ACCOUNTDISABLE bit; NULL
 * or a value that is no number: not disabled. */
bool dir_uac_disabled(const char *account_control);

/* The form a DN is compared in: attribute types and values in lower case
 * (ASCII), blanks around ',', '+' and '=' dropped.  False when it does not
 * fit in out. */
bool dir_dn_key(const char *dn, char *out, size_t outlen);

/* The department of an entry taken from its DN under base (see above):
 * dept and parent get the unescaped values, "" when none.  False when a
 * value does not fit (outlen bytes each). */
bool dir_dn_department(const char *dn, const char *base, char *dept, char *parent,
    size_t outlen);

#endif
