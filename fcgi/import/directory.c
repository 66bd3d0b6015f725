/* directory.c -- see directory.h: directory entries as the rows of an
 * organisation file. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "import/directory.h"

/* RDNs of a DN looked at: far deeper than any directory tree. */
#define DIR_RDNS_MAX 64
#define DIR_MIN_CAP 256
/* The RDN of the unit an entry sits in, and of the unit above that. */
#define RDN_CONTAINER 1
#define RDN_PARENT 2

struct dir_kept {
	const char *dn, *key;
	const char *login, *name, *email, *manager_dn, *department, *job_profile;
	bool disabled;
};

struct rdn {
	const char *type, *value;
	size_t type_len, value_len;
};

void
dir_init(struct dir_set *d, const struct dir_settings *s)
{
	memset(d, 0, sizeof(*d));
	d->s = *s;
}

void
dir_free(struct dir_set *d)
{
	free(d->e);
	org_map_free(&d->by_dn);
	org_arena_free(&d->arena);
	memset(d, 0, sizeof(*d));
}

bool
dir_uac_disabled(const char *account_control)
{
	unsigned long v;
	char *end;

	if (account_control == NULL || !isdigit((unsigned char)account_control[0]))
		return false;
	errno = 0;
	v = strtoul(account_control, &end, 10);
	if (errno || *end != '\0')
		return false;
	return (v & DIR_UAC_DISABLED) != 0;
}

static bool
dn_special(char c)
{
	return c == ',' || c == '+' || c == '=';
}

/* Whether only blanks stand between s and a separator (or the end). */
static bool
blank_before_special(const char *s)
{
	while (*s == ' ')
		s++;
	return *s == '\0' || dn_special(*s);
}

bool
dir_dn_key(const char *dn, char *out, size_t outlen)
{
	bool escaped = false;	/* the last character written was escaped */
	size_t n = 0;
	const char *p;

	for (p = dn; *p; p++) {
		if (*p == ' ' && (n == 0 || (dn_special(out[n - 1]) && !escaped) ||
		    blank_before_special(p)))
			continue;
		if (n + 2 >= outlen)
			return false;
		escaped = *p == '\\' && p[1] != '\0';
		if (escaped)	/* an escaped character stays as it is */
			out[n++] = *p++;
		out[n++] = (char)tolower((unsigned char)*p);
	}
	if (n >= outlen)
		return false;
	out[n] = '\0';
	return true;
}

/* Splits dn at its unescaped commas; the number of RDNs (at most max). */
static size_t
dn_split(const char *dn, struct rdn *r, size_t max)
{
	const char *p = dn, *start = dn, *eq = NULL;
	size_t n = 0;

	for (;; p++) {
		if (*p == '\\' && p[1] != '\0') {
			p++;
			continue;
		}
		if (*p == '=' && eq == NULL)
			eq = p;
		if (*p != ',' && *p != '\0')
			continue;
		if (n < max && eq != NULL) {
			r[n].type = start;
			r[n].type_len = (size_t)(eq - start);
			r[n].value = eq + 1;
			r[n].value_len = (size_t)(p - eq - 1);
			n++;
		}
		if (*p == '\0')
			return n;
		start = p + 1;
		eq = NULL;
	}
}

/* Whether the RDN's type is ou (blanks around it allowed). */
static bool
rdn_is_ou(const struct rdn *r)
{
	const char *t = r->type, *e = r->type + r->type_len;

	while (t < e && *t == ' ')
		t++;
	while (e > t && e[-1] == ' ')
		e--;
	return e - t == 2 && tolower((unsigned char)t[0]) == 'o' &&
	    tolower((unsigned char)t[1]) == 'u';
}

/* The RDN's value without its escapes (RFC 4514: "\," or "\2C") and
 * outer blanks. */
static bool
rdn_value(const struct rdn *r, char *out, size_t outlen)
{
	const char *p = r->value, *e = r->value + r->value_len;
	size_t n = 0;
	int hi, lo;

	while (p < e && *p == ' ')
		p++;
	while (e > p && e[-1] == ' ' && !(e - 1 > p && e[-2] == '\\'))
		e--;
	for (; p < e; p++) {
		char c = *p;

		if (c == '\\' && p + 1 < e) {
			if (p + 2 < e && (hi = hex_digit(p[1])) >= 0 && (lo = hex_digit(p[2])) >= 0) {
				c = (char)(hi * 16 + lo);
				p += 2;
			} else {
				c = *++p;
			}
		}
		if (n + 1 >= outlen)
			return false;
		out[n++] = c;
	}
	out[n] = '\0';
	return true;
}

bool
dir_dn_department(const char *dn, const char *base, char *dept, char *parent, size_t outlen)
{
	struct rdn r[DIR_RDNS_MAX], b[DIR_RDNS_MAX];
	size_t n = dn_split(dn, r, DIR_RDNS_MAX);
	size_t nb = base && base[0] ? dn_split(base, b, DIR_RDNS_MAX) : 0;
	size_t below = n > nb ? n - nb : 0;	/* RDNs under the base */

	dept[0] = parent[0] = '\0';
	if (RDN_CONTAINER >= below || !rdn_is_ou(&r[RDN_CONTAINER]))
		return true;
	if (!rdn_value(&r[RDN_CONTAINER], dept, outlen))
		return false;
	if (RDN_PARENT >= below || !rdn_is_ou(&r[RDN_PARENT]))
		return true;
	return rdn_value(&r[RDN_PARENT], parent, outlen);
}

static const char *
keep(struct dir_set *d, const char *s)
{
	const char *c;

	if (s == NULL)
		return NULL;
	if ((c = org_strndup(&d->arena, s, strlen(s))) == NULL)
		d->oom = true;
	return c;
}

void
dir_add(struct dir_set *d, const struct dir_entry *x)
{
	char key[DIR_DN_MAX];
	struct dir_kept *k, *grown;
	size_t cap;

	if (d->oom)
		return;
	if (d->n == d->cap) {
		cap = d->cap ? 2 * d->cap : DIR_MIN_CAP;
		if ((grown = realloc(d->e, cap * sizeof(*grown))) == NULL) {
			d->oom = true;
			return;
		}
		d->e = grown;
		d->cap = cap;
	}
	k = &d->e[d->n];
	memset(k, 0, sizeof(*k));
	k->disabled = x->disabled || dir_uac_disabled(x->account_control);
	k->dn = keep(d, x->dn);
	k->key = dir_dn_key(x->dn, key, sizeof(key)) ? keep(d, key) : NULL;
	k->login = keep(d, x->login);
	k->name = keep(d, x->name);
	k->email = keep(d, x->email);
	k->manager_dn = keep(d, x->manager_dn);
	k->department = keep(d, x->department);
	k->job_profile = keep(d, x->job_profile);
	if (d->oom)
		return;
	if (k->key && !org_map_put(&d->by_dn, k->key, d->n))
		d->oom = true;
	d->n++;
	if (k->disabled)
		d->ndisabled++;
}

const char *
dir_dn(const struct dir_set *d, size_t line)
{
	return line >= 1 && line <= d->n ? d->e[line - 1].dn : "";
}

/* The login of the manager k names, "" when none; a manager DN that is not
 * an enabled entry read is a warning. */
static const char *
manager_login(struct dir_set *d, const struct dir_kept *k)
{
	char key[DIR_DN_MAX];
	size_t j;

	if (k->manager_dn == NULL || k->manager_dn[0] == '\0')
		return "";
	if (dir_dn_key(k->manager_dn, key, sizeof(key)) && org_map_get(&d->by_dn, key, &j) &&
	    !d->e[j].disabled && d->e[j].login != NULL)
		return d->e[j].login;
	if (d->nwarnings < DIR_WARNINGS_MAX) {
		d->warnings[d->nwarnings].login = k->login ? k->login : "";
		d->warnings[d->nwarnings].manager_dn = k->manager_dn;
		d->nwarnings++;
	}
	d->nwarnings_total++;
	return "";
}

static const char *
or_empty(const char *s)
{
	return s ? s : "";
}

/* One entry as a row: every column the directory gives is present ("" for
 * an attribute the entry lacks: the directory is the source), the parent
 * only when the department comes from the DN, the job profile only when
 * its attribute is configured. */
static void
add_row(struct dir_set *d, struct org_file *f, size_t i)
{
	char dept[ORG_FIELD_MAX + 1], parent[ORG_FIELD_MAX + 1];
	const struct dir_kept *k = &d->e[i];
	const char *raw[ORG_COLUMNS] = { NULL };
	size_t len[ORG_COLUMNS] = { 0 }, c;

	raw[ORG_LOGIN] = or_empty(k->login);
	raw[ORG_NAME] = or_empty(k->name);
	raw[ORG_EMAIL] = or_empty(k->email);
	raw[ORG_MANAGER] = manager_login(d, k);
	if (d->s.department_attribute) {
		raw[ORG_DEPARTMENT] = or_empty(k->department);
	} else {
		if (!dir_dn_department(k->dn, d->s.base_dn, dept, parent, sizeof(dept))) {
			org_fail(f, i + 1, ORG_TOO_LONG, "department");
			return;
		}
		raw[ORG_DEPARTMENT] = dept;
		raw[ORG_PARENT] = parent;
	}
	if (d->s.job_profile)
		raw[ORG_JOB_PROFILE] = or_empty(k->job_profile);
	for (c = 0; c < ORG_COLUMNS; c++)
		len[c] = raw[c] ? strlen(raw[c]) : 0;
	org_add(f, i + 1, raw, len);
}

void
dir_rows(struct dir_set *d, struct org_file *f)
{
	size_t i;

	f->format = "ldap";
	d->nwarnings = d->nwarnings_total = 0;
	for (i = 0; i < d->n && !f->oom; i++)
		if (!d->e[i].disabled)
			add_row(d, f, i);
	if (d->oom)
		f->oom = true;
	if (!org_failed(f) && f->n == 0)
		org_fail(f, 0, ORG_EMPTY, NULL);
	org_sort_errors(f);
}
