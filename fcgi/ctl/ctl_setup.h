/* ctl_setup.h -- gesprekctl setup (ctl_setup.c): from an installed package
 * (or `make install`) to a configured gesprek in one command. */
#ifndef GESPREK_CTL_SETUP_H
#define GESPREK_CTL_SETUP_H

#include "base/conf.h"
#include "ctl/cli.h"

/* The marker setup writes beside gesprek.conf once everything worked; the
 * Debian package's gesprekd.socket starts only while it exists
 * (ConditionPathExists=), so an installed but unconfigured gesprek never
 * answers requests with a failing service. */
#define SETUP_MARKER "configured"

/* gesprekctl setup: asks for (on a terminal) or takes as options an
 * administrator account of MariaDB, creates the database and the two
 * least-privilege accounts (store/setup.h), writes them into gesprek.conf
 * (mode 0600, its owner kept), migrates, writes the marker and prints the
 * next steps.  Running it again changes nothing that is right and repairs
 * what is not; passwords already in gesprek.conf are kept.  Returns the
 * exit status (0, 1; 2 wrong usage). */
int ctl_setup(const struct cli_call *c);

/* gesprekctl migrate's work (gesprekctl.c): applies the pending
 * migrations with [database] migrate_user when set; 0 or 1 after a message. */
int ctl_migrate(struct conf *conf);

#endif
