/* ctl_retention.h -- gesprekctl retention (ctl_retention.c). */
#ifndef GESPREK_CTL_RETENTION_H
#define GESPREK_CTL_RETENTION_H

#include "ctl/cli.h"

/* gesprekctl retention --dry-run [--today YYYY-MM-DD] | --apply: lists
 * (or deletes) what the retention rules of gesprek.conf say is due, per
 * rule and kind, with counts only.  Returns the exit status (0; 1 on a
 * database failure; 2 wrong usage). */
int ctl_retention(const struct cli_call *c);

#endif
