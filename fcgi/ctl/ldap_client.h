/* ldap_client.h -- the directory as `gesprekctl sync` and `gesprekctl
 * check` reach it (issue 19), over libldap (OpenLDAP's client library):
 * connect with the [ldap] settings, bind (simple over TLS, or SASL GSSAPI
 * with a keytab), and read every person under the base DN in pages
 * (LDAP_CONTROL_PAGEDRESULTS, RFC 2696), so that a directory of 100,000
 * entries is read in pieces the server allows.
 *
 * Every failure is one line in err, naming what to change: the directory
 * that is down, a timeout, a refused bind, a referral.  A read that fails
 * part way hands back nothing usable: the caller changes nothing then,
 * because the people not read would be taken for leavers. */
#ifndef GESPREK_CTL_LDAP_CLIENT_H
#define GESPREK_CTL_LDAP_CLIENT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/conf.h"

/* Room for one error line. */
#define LDAP_ERR_MAX 512

struct ldap_conn;
struct dir_entry;

/* Each entry read; false stops the read (out of memory). */
typedef bool (*ldap_entry_fn)(void *ud, const struct dir_entry *e);

/* The settings' own problems, before any connection: no uri or base_dn, a
 * simple bind without bind_dn or password_file, or over plain ldap:// to
 * another host than this one (the password would cross the network in
 * clear text).  Calls fn once per problem; the number of problems. */
typedef void (*ldap_problem_fn)(void *ud, const char *problem);
int ldap_conf_problems(const struct conf *c, ldap_problem_fn fn, void *ud);

/* Connects and binds; NULL with the reason in err. */
struct ldap_conn *ldap_open(const struct conf *c, char *err, size_t errlen);
void ldap_close(struct ldap_conn *l);

/* Reads the base DN itself (scope base): whether it is there and this
 * account may read it.  False with the reason in err. */
bool ldap_base_readable(struct ldap_conn *l, char *err, size_t errlen);

/* Reads every entry of [ldap] filter under base_dn (without those of
 * disabled_filter), page by page, handing each to fn; *entries and *pages
 * count them.  False with the reason in err. */
bool ldap_read_people(struct ldap_conn *l, ldap_entry_fn fn, void *ud, size_t *entries,
    size_t *pages, char *err, size_t errlen);

#endif
