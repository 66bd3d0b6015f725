/* ctl_cycle.h -- the "cycle" command of gesprekctl (ctl_cycle.c). */
#ifndef GESPREK_CTL_CYCLE_H
#define GESPREK_CTL_CYCLE_H

#include "base/conf.h"
#include "ctl/cli.h"

/* gesprekctl cycle create NAME STARTS_ON ENDS_ON and cycle start ID
 * [--department ID [--recursive]] [template choices]; the exit status (0, 1 bad input or
 * failure, 2 wrong usage). */
int ctl_cycle_create(const struct cli_call *c);
int ctl_cycle_start(const struct cli_call *c);

#endif
