/* nss.h -- what the system's user database (files, SSSD, LDAP) knows of a
 * login: the full name and group membership. */
#ifndef GESPREK_NSS_H
#define GESPREK_NSS_H

#include <stdbool.h>
#include <stddef.h>

/* The GECOS full name of login, or login itself when there is none. */
void nss_full_name(const char *login, char *out, size_t size);
/* True when login belongs to group (primary or supplementary). */
bool nss_in_group(const char *login, const char *group);

#endif
