/* ctl_sync.h -- gesprekctl sync (ctl_sync.c): the organisation from the
 * directory (issue 19). */
#ifndef GESPREK_CTL_SYNC_H
#define GESPREK_CTL_SYNC_H

#include "ctl/cli.h"

/* gesprekctl sync [--dry-run] [--allow-deactivate]: reads the people of
 * [ldap] and applies them as an organisation import (the same plan,
 * transaction, audit and deactivation guard); --dry-run prints the plan
 * and writes nothing.  Every run that was meant to write stores its result
 * (store/directory_sync.h).  Returns the exit status: 0 applied (or a
 * clean dry run), 1 when it failed or was refused, 2 wrong usage. */
int ctl_sync(const struct cli_call *c);

#endif
