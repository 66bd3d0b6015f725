/* ctl_remind.h -- gesprekctl remind (ctl_remind.c). */
#ifndef GESPREK_CTL_REMIND_H
#define GESPREK_CTL_REMIND_H

#include "base/conf.h"
#include "ctl/cli.h"

/* gesprekctl remind [--today YYYY-MM-DD] queues an
 * e-mail to the employee and the manager of every conversation due within
 * [mail] remind_days days, once per due date (mail-send sends it).  Returns
 * the exit status (0; 1 when a message could not be queued; 2 wrong
 * usage). */
int ctl_remind(const struct cli_call *c);

#endif
