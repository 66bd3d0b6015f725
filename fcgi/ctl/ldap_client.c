/* ldap_client.c -- see ldap_client.h: libldap for gesprekctl. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>

#include <ldap.h>

#include "base/util.h"
#include "ctl/ldap_client.h"
#include "import/directory.h"
#include "rules/org.h"

/* Bytes of a bind password (the first line of password_file). */
#define LDAP_PASSWORD_MAX 256
/* Attributes asked for each person: login, name, cn, e-mail, manager,
 * account control, department, job profile, and the list's NULL. */
#define LDAP_ATTRS_MAX 9
/* Room for the filter with disabled_filter folded in. */
#define LDAP_FILTER_MAX (2 * CONF_STR_MAX + 16)

struct ldap_conn {
	LDAP *ld;
	const struct conf *c;
};

/* ---- the settings ---- */

static bool
host_is_loopback(const char *host)
{
	return host == NULL || host[0] == '\0' || strcmp(host, "localhost") == 0 ||
	    strncmp(host, "127.", 4) == 0 || strcmp(host, "::1") == 0;
}

/* The URIs of [ldap] uri (several, separated by blanks, are tried in
 * turn): *clear is set when one is plain ldap:// to another host than this
 * one.  False when one is no LDAP URL. */
static bool
uris_ok(const char *uris, bool *clear)
{
	char copy[CONF_STR_MAX], *save = NULL, *tok;
	LDAPURLDesc *u;
	bool ok = true;

	*clear = false;
	if (!strlcopy(copy, uris, sizeof(copy)))
		return false;
	for (tok = strtok_r(copy, " \t,", &save); tok; tok = strtok_r(NULL, " \t,", &save)) {
		if (ldap_url_parse(tok, &u) != LDAP_URL_SUCCESS) {
			ok = false;
			continue;
		}
		if (strcasecmp(u->lud_scheme, "ldap") == 0 && !host_is_loopback(u->lud_host))
			*clear = true;
		ldap_free_urldesc(u);
	}
	return ok;
}

int
ldap_conf_problems(const struct conf *c, ldap_problem_fn fn, void *ud)
{
	bool clear = false;
	int n = 0;

	if (c->ldap_uri[0] == '\0') {
		fn(ud, "[ldap] uri is not set (such as ldaps://dc1.example.nl)");
		return 1;
	}
	if (!uris_ok(c->ldap_uri, &clear) && ++n)
		fn(ud, "[ldap] uri is no LDAP URL (ldaps://HOST, ldap://HOST or ldapi://)");
	if (c->ldap_base_dn[0] == '\0' && ++n)
		fn(ud, "[ldap] base_dn is not set (such as ou=People,dc=example,dc=nl)");
	if (c->ldap_bind != LDAP_BIND_SIMPLE)
		return n;
	if (c->ldap_bind_dn[0] == '\0' && ++n)
		fn(ud, "[ldap] bind = simple needs bind_dn (the account gesprek reads with)");
	if (c->ldap_password_file[0] == '\0' && ++n)
		fn(ud, "[ldap] bind = simple needs password_file (a file only root reads, "
		    "holding the password on its first line)");
	if (clear && !c->ldap_starttls && ++n)
		fn(ud, "[ldap] a simple bind over plain ldap:// would send the password in clear "
		    "text: use ldaps:// or starttls = yes");
	return n;
}

/* The first line of password_file, without its line end. */
static bool
read_password(const struct conf *c, char *out, size_t size, char *err, size_t errlen)
{
	char path[CONF_STR_MAX * 2];
	FILE *fp = NULL;
	size_t n;

	if (!conf_beside(c, c->ldap_password_file, path, sizeof(path)) ||
	    (fp = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "[ldap] password_file %s: %s", path, strerror(errno));
		return false;
	}
	if (fgets(out, (int)size, fp) == NULL)
		out[0] = '\0';
	fclose(fp);
	n = strcspn(out, "\r\n");
	out[n] = '\0';
	if (n == 0) {
		snprintf(err, errlen, "[ldap] password_file %s: no password on its first line",
		    c->ldap_password_file);
		return false;
	}
	return true;
}

/* ---- connecting ---- */

/* One line for an LDAP result code, with the server's own words if any. */
static void
say(struct ldap_conn *l, int rc, const char *what, char *err, size_t errlen)
{
	const struct conf *c = l->c;
	char *diag = NULL;

	if (rc == LDAP_SERVER_DOWN || rc == LDAP_CONNECT_ERROR) {
		snprintf(err, errlen, "cannot reach the directory at %s (%s)", c->ldap_uri,
		    ldap_err2string(rc));
		return;
	}
	if (rc == LDAP_TIMEOUT || rc == LDAP_TIMELIMIT_EXCEEDED) {
		snprintf(err, errlen, "the directory at %s did not answer %s within %lld seconds "
		    "([ldap] timeout)", c->ldap_uri, what, (long long)c->ldap_timeout);
		return;
	}
	if (rc == LDAP_INVALID_CREDENTIALS) {
		snprintf(err, errlen, "the directory at %s refused the bind as %s: invalid "
		    "credentials (check bind_dn and password_file)", c->ldap_uri,
		    c->ldap_bind == LDAP_BIND_GSSAPI ? "the keytab's principal" : c->ldap_bind_dn);
		return;
	}
	if (l->ld)
		ldap_get_option(l->ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &diag);
	snprintf(err, errlen, "%s at %s failed: %s%s%s", what, c->ldap_uri, ldap_err2string(rc),
	    diag && diag[0] ? ": " : "", diag && diag[0] ? diag : "");
	ldap_memfree(diag);
}

static bool
set_options(struct ldap_conn *l, char *err, size_t errlen)
{
	const struct conf *c = l->c;
	struct timeval tv = { .tv_sec = (time_t)c->ldap_timeout };
	int version = LDAP_VERSION3, zero = 0;

	/* Referrals are not followed: a bind would go to a server nobody
	 * configured, and a part of the tree read from elsewhere is a part
	 * whose people this sync could not vouch for. */
	if (ldap_set_option(l->ld, LDAP_OPT_PROTOCOL_VERSION, &version) != LDAP_OPT_SUCCESS ||
	    ldap_set_option(l->ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF) != LDAP_OPT_SUCCESS ||
	    ldap_set_option(l->ld, LDAP_OPT_NETWORK_TIMEOUT, &tv) != LDAP_OPT_SUCCESS ||
	    ldap_set_option(l->ld, LDAP_OPT_TIMEOUT, &tv) != LDAP_OPT_SUCCESS) {
		snprintf(err, errlen, "cannot set the LDAP connection's options");
		return false;
	}
	if (c->ldap_ca_file[0] == '\0')
		return true;
	if (ldap_set_option(l->ld, LDAP_OPT_X_TLS_CACERTFILE, c->ldap_ca_file) != LDAP_OPT_SUCCESS ||
	    ldap_set_option(l->ld, LDAP_OPT_X_TLS_NEWCTX, &zero) != LDAP_OPT_SUCCESS) {
		snprintf(err, errlen, "[ldap] ca_file %s cannot be used", c->ldap_ca_file);
		return false;
	}
	return true;
}

/* GSSAPI asks nothing a keytab does not answer: the identity is the
 * keytab's principal, the authorisation identity the same. */
static int
sasl_quiet(LDAP *ld, unsigned flags, void *defaults, void *interact)
{
	(void)ld;
	(void)flags;
	(void)defaults;
	(void)interact;
	return LDAP_SUCCESS;
}

static bool
sign_in(struct ldap_conn *l, char *err, size_t errlen)
{
	const struct conf *c = l->c;
	char password[LDAP_PASSWORD_MAX], keytab[CONF_STR_MAX * 2];
	struct berval cred;
	int rc;

	if (c->ldap_bind == LDAP_BIND_GSSAPI) {
		/* MIT Kerberos takes the client keytab from the environment. */
		if (c->ldap_keytab[0] && (!conf_beside(c, c->ldap_keytab, keytab, sizeof(keytab)) ||
		    setenv("KRB5_CLIENT_KTNAME", keytab, 1) != 0)) {
			snprintf(err, errlen, "cannot use [ldap] keytab %s", c->ldap_keytab);
			return false;
		}
		rc = ldap_sasl_interactive_bind_s(l->ld, NULL, "GSSAPI", NULL, NULL, LDAP_SASL_QUIET,
		    sasl_quiet, NULL);
	} else {
		if (!read_password(c, password, sizeof(password), err, errlen))
			return false;
		cred.bv_val = password;
		cred.bv_len = strlen(password);
		rc = ldap_sasl_bind_s(l->ld, c->ldap_bind_dn, LDAP_SASL_SIMPLE, &cred, NULL, NULL,
		    NULL);
		wipe(password, sizeof(password));
	}
	if (rc != LDAP_SUCCESS) {
		say(l, rc, "the bind", err, errlen);
		return false;
	}
	return true;
}

struct ldap_conn *
ldap_open(const struct conf *c, char *err, size_t errlen)
{
	struct ldap_conn *l = calloc(1, sizeof(*l));
	int rc;

	if (l == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	l->c = c;
	if ((rc = ldap_initialize(&l->ld, c->ldap_uri)) != LDAP_SUCCESS) {
		snprintf(err, errlen, "[ldap] uri %s: %s", c->ldap_uri, ldap_err2string(rc));
		goto fail;
	}
	if (!set_options(l, err, errlen))
		goto fail;
	if (c->ldap_starttls && (rc = ldap_start_tls_s(l->ld, NULL, NULL)) != LDAP_SUCCESS) {
		say(l, rc, "StartTLS", err, errlen);
		goto fail;
	}
	if (!sign_in(l, err, errlen))
		goto fail;
	return l;
fail:
	ldap_close(l);
	return NULL;
}

void
ldap_close(struct ldap_conn *l)
{
	if (l == NULL)
		return;
	if (l->ld)
		ldap_unbind_ext_s(l->ld, NULL, NULL);
	free(l);
}

/* ---- reading ---- */

/* A referral (in a result or as a search reference): which server. */
static void
say_referral(struct ldap_conn *l, char **refs, char *err, size_t errlen)
{
	snprintf(err, errlen, "the directory at %s refers to %s for part of %s: referrals are "
	    "not followed (set [ldap] uri to that server, or base_dn to a tree this one holds); "
	    "nothing read", l->c->ldap_uri, refs && refs[0] ? refs[0] : "another server",
	    l->c->ldap_base_dn);
}

/* The result of one search message: its code, referral and the paged
 * response's cookie (replacing *cookie). */
static bool
search_result(struct ldap_conn *l, LDAPMessage *res, struct berval *cookie, const char *what,
    char *err, size_t errlen)
{
	LDAPControl **sctrls = NULL, *pr;
	char **refs = NULL, *diag = NULL;
	ber_int_t estimate = 0;
	int code = LDAP_SUCCESS, rc;
	bool ok = false;

	rc = ldap_parse_result(l->ld, res, &code, NULL, &diag, &refs, &sctrls, 0);
	if (rc != LDAP_SUCCESS) {
		say(l, rc, what, err, errlen);
		goto out;
	}
	if (code == LDAP_REFERRAL) {
		say_referral(l, refs, err, errlen);
		goto out;
	}
	if (code == LDAP_SIZELIMIT_EXCEEDED) {
		snprintf(err, errlen, "the directory at %s stopped at its size limit for this "
		    "account: raise it (paged results included) or set [ldap] page_size lower; "
		    "nothing read", l->c->ldap_uri);
		goto out;
	}
	if (code != LDAP_SUCCESS) {
		snprintf(err, errlen, "%s at %s failed: %s%s%s", what, l->c->ldap_uri,
		    ldap_err2string(code), diag && diag[0] ? ": " : "", diag ? diag : "");
		goto out;
	}
	ber_memfree(cookie->bv_val);
	cookie->bv_val = NULL;
	cookie->bv_len = 0;
	pr = cookie && sctrls ? ldap_control_find(LDAP_CONTROL_PAGEDRESULTS, sctrls, NULL) : NULL;
	if (pr != NULL && ldap_parse_pageresponse_control(l->ld, pr, &estimate, cookie) !=
	    LDAP_SUCCESS) {
		snprintf(err, errlen, "the directory at %s sent a broken paged-results answer",
		    l->c->ldap_uri);
		goto out;
	}
	ok = true;
out:
	ldap_memfree(diag);
	ldap_memvfree((void **)refs);
	ldap_controls_free(sctrls);
	return ok;
}

bool
ldap_base_readable(struct ldap_conn *l, char *err, size_t errlen)
{
	struct timeval tv = { .tv_sec = (time_t)l->c->ldap_timeout };
	static char no_attrs[] = LDAP_NO_ATTRS;
	char *attrs[] = { no_attrs, NULL };
	struct berval cookie = { 0, NULL };
	LDAPMessage *res = NULL;
	bool ok;
	int rc;

	rc = ldap_search_ext_s(l->ld, l->c->ldap_base_dn, LDAP_SCOPE_BASE, "(objectClass=*)",
	    attrs, 0, NULL, NULL, &tv, 1, &res);
	if (res == NULL) {
		say(l, rc, "reading base_dn", err, errlen);
		return false;
	}
	if (rc == LDAP_NO_SUCH_OBJECT) {
		snprintf(err, errlen, "[ldap] base_dn %s is not in the directory at %s (or this "
		    "account may not read it)", l->c->ldap_base_dn, l->c->ldap_uri);
		ldap_msgfree(res);
		return false;
	}
	ok = search_result(l, res, &cookie, "reading base_dn", err, errlen);
	ber_memfree(cookie.bv_val);
	ldap_msgfree(res);
	return ok;
}

/* The first value of attribute name of e into buf ("" when too long for
 * it is never silent: the value is cut, and the row's checks refuse it);
 * NULL when the entry lacks it or name is not configured. */
static const char *
first_value(LDAP *ld, LDAPMessage *e, const char *name, char *buf, size_t size)
{
	struct berval **v;
	size_t n;

	if (name[0] == '\0' || (v = ldap_get_values_len(ld, e, name)) == NULL)
		return NULL;
	if (v[0] == NULL) {
		ldap_value_free_len(v);
		return NULL;
	}
	n = v[0]->bv_len < size - 1 ? v[0]->bv_len : size - 1;
	memcpy(buf, v[0]->bv_val, n);
	buf[n] = '\0';
	ldap_value_free_len(v);
	return buf;
}

/* Each attribute's buffer: a field and a byte over, so that a value over
 * its limit is seen as one. */
enum { V_LOGIN, V_NAME, V_CN, V_EMAIL, V_MANAGER, V_DEPT, V_PROFILE, V_UAC, V_COUNT };

static bool
hand_entry(struct ldap_conn *l, LDAPMessage *m, ldap_entry_fn fn, void *ud)
{
	static char v[V_COUNT][DIR_DN_MAX + 1];
	const struct conf *c = l->c;
	struct dir_entry e = { 0 };
	char *dn = ldap_get_dn(l->ld, m);
	bool ok;

	e.dn = dn ? dn : "";
	e.login = first_value(l->ld, m, c->ldap_attr_login, v[V_LOGIN], sizeof(v[0]));
	e.name = first_value(l->ld, m, c->ldap_attr_name, v[V_NAME], sizeof(v[0]));
	if (e.name == NULL || e.name[0] == '\0')	/* every person has a cn */
		e.name = first_value(l->ld, m, "cn", v[V_CN], sizeof(v[0]));
	e.email = first_value(l->ld, m, c->ldap_attr_email, v[V_EMAIL], sizeof(v[0]));
	e.manager_dn = first_value(l->ld, m, c->ldap_attr_manager, v[V_MANAGER], sizeof(v[0]));
	e.department = first_value(l->ld, m, c->ldap_attr_department, v[V_DEPT], sizeof(v[0]));
	e.job_profile = first_value(l->ld, m, c->ldap_attr_job_profile, v[V_PROFILE],
	    sizeof(v[0]));
	e.account_control = first_value(l->ld, m, c->ldap_attr_account_control, v[V_UAC],
	    sizeof(v[0]));
	ok = fn(ud, &e);
	ldap_memfree(dn);
	return ok;
}

/* Hands the entries of one page to fn; a search reference fails the read. */
static bool
page_entries(struct ldap_conn *l, LDAPMessage *res, ldap_entry_fn fn, void *ud,
    size_t *entries, char *err, size_t errlen)
{
	LDAPMessage *m;
	char **refs = NULL;

	for (m = ldap_first_message(l->ld, res); m; m = ldap_next_message(l->ld, m)) {
		int type = ldap_msgtype(m);

		if (type == LDAP_RES_SEARCH_REFERENCE) {
			ldap_parse_reference(l->ld, m, &refs, NULL, 0);
			say_referral(l, refs, err, errlen);
			ldap_memvfree((void **)refs);
			return false;
		}
		if (type != LDAP_RES_SEARCH_ENTRY)
			continue;
		if (++*entries > ORG_ROWS_MAX) {
			snprintf(err, errlen, "more than %d people under %s: narrow [ldap] filter "
			    "or base_dn", ORG_ROWS_MAX, l->c->ldap_base_dn);
			return false;
		}
		if (!hand_entry(l, m, fn, ud)) {
			snprintf(err, errlen, "out of memory");
			return false;
		}
	}
	return true;
}

static void
attributes(const struct conf *c, char *attrs[LDAP_ATTRS_MAX + 1])
{
	const char *const names[] = { c->ldap_attr_login, c->ldap_attr_name, "cn", c->ldap_attr_email,
		c->ldap_attr_manager, c->ldap_attr_account_control, c->ldap_attr_department,
		c->ldap_attr_job_profile };
	size_t i, n = 0;

	for (i = 0; i < ARRAY_LEN(names) && n < LDAP_ATTRS_MAX; i++)
		if (names[i][0])
			attrs[n++] = (char *)names[i];
	attrs[n] = NULL;
}

/* filter, or filter without disabled_filter's entries; a filter written
 * without its parentheses gets them. */
static bool
people_filter(const struct conf *c, char *out, size_t size)
{
	const char *fo = c->ldap_filter[0] == '(' ? "" : "(";
	const char *fc = c->ldap_filter[0] == '(' ? "" : ")";
	const char *d = c->ldap_disabled_filter;
	int n;

	if (d[0] == '\0')
		n = snprintf(out, size, "%s%s%s", fo, c->ldap_filter, fc);
	else
		n = snprintf(out, size, "(&%s%s%s(!%s%s%s))", fo, c->ldap_filter, fc,
		    d[0] == '(' ? "" : "(", d, d[0] == '(' ? "" : ")");
	return n > 0 && (size_t)n < size;
}

/* One page: the search with the paged-results control carrying *cookie. */
static bool
read_page(struct ldap_conn *l, const char *filter, char **attrs, struct berval *cookie,
    ldap_entry_fn fn, void *ud, size_t *entries, char *err, size_t errlen)
{
	struct timeval tv = { .tv_sec = (time_t)l->c->ldap_timeout };
	LDAPControl *page = NULL, *ctrls[2] = { NULL, NULL };
	LDAPMessage *res = NULL;
	bool ok;
	int rc;

	rc = ldap_create_page_control(l->ld, (ber_int_t)l->c->ldap_page_size, cookie, 1, &page);
	if (rc != LDAP_SUCCESS) {
		say(l, rc, "the paged search", err, errlen);
		return false;
	}
	ctrls[0] = page;
	rc = ldap_search_ext_s(l->ld, l->c->ldap_base_dn, LDAP_SCOPE_SUBTREE, filter, attrs, 0,
	    ctrls, NULL, &tv, LDAP_NO_LIMIT, &res);
	ldap_control_free(page);
	if (res == NULL) {
		say(l, rc, "the search", err, errlen);
		return false;
	}
	ok = page_entries(l, res, fn, ud, entries, err, errlen) &&
	    search_result(l, res, cookie, "the search", err, errlen);
	ldap_msgfree(res);
	return ok;
}

bool
ldap_read_people(struct ldap_conn *l, ldap_entry_fn fn, void *ud, size_t *entries,
    size_t *pages, char *err, size_t errlen)
{
	char filter[LDAP_FILTER_MAX], *attrs[LDAP_ATTRS_MAX + 1];
	struct berval cookie = { 0, NULL };
	bool ok = true;

	*entries = *pages = 0;
	if (!people_filter(l->c, filter, sizeof(filter))) {
		snprintf(err, errlen, "[ldap] filter and disabled_filter are too long together");
		return false;
	}
	attributes(l->c, attrs);
	do {
		ok = read_page(l, filter, attrs, &cookie, fn, ud, entries, err, errlen);
		if (ok)
			++*pages;
	} while (ok && cookie.bv_len > 0);
	ber_memfree(cookie.bv_val);
	return ok;
}
