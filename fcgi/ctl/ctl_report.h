/* ctl_report.h -- the "export" and "generate" commands of gesprekctl
 * (ctl_report.c). */
#ifndef GESPREK_CTL_REPORT_H
#define GESPREK_CTL_REPORT_H

#include "base/conf.h"
#include "ctl/cli.h"

/* gesprekctl export cycle ID [--department ID
 * [--recursive]] [--from D] [--to D] [--csv] [--chunk N] writes the export
 * to stdout.  Returns the exit status (0; 1 failure; 2 wrong usage). */
int ctl_export(const struct cli_call *c);

/* gesprekctl generate --employees N [--items M]
 * [--cycles K] makes a benchmark organisation and its cycles and prints
 * their ids, one per line, the open one last. */
int ctl_generate(const struct cli_call *c);

#endif
