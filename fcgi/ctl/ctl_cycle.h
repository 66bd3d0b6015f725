/* ctl_cycle.h -- the "cycle" command of gesprekctl (ctl_cycle.c). */
#ifndef GESPREK_CTL_CYCLE_H
#define GESPREK_CTL_CYCLE_H

#include "base/conf.h"

/* argv[0] is "cycle"; returns the exit status (0, 1 bad input or failure,
 * 2 wrong usage). */
int ctl_cycle(const struct conf *conf, int argc, char **argv);

#endif
