/* main_privs.h -- what gesprekd does for itself that systemd would do for
 * it: one instance per pidfile, children that die with the master, and the
 * unit's capabilities and no_new_privs (conf/systemd/gesprekd.service). */
#ifndef GESPREK_MAIN_PRIVS_H
#define GESPREK_MAIN_PRIVS_H

#include <stdbool.h>
#include <sys/types.h>

#include "base/conf.h"

/* Takes the lock of conf's pidfile (conf_pidfile) and writes our pid into
 * it; false, with a message naming the holder, when another gesprekd
 * holds it. */
bool lock_pidfile(const struct conf *conf);
/* At a clean exit: removes the pidfile, then lets go of the lock. */
void unlock_pidfile(void);
/* In a child: closes its copy of the lock (it belongs to the master). */
void pidfile_close_in_child(void);

/* no_new_privs, and as root only the unit's capabilities (bounding,
 * effective, permitted; no inheritable).  For every process: call it in
 * the master before the children start. */
bool limit_privileges(void);

/* In a child right after the fork (after any change of user, which clears
 * it): sig when the master dies.  False when the master is gone already. */
bool die_with_master(pid_t master, int sig);

#endif
