/* ctl_privacy.h -- gesprekctl privacy-statement (ctl_privacy.c). */
#ifndef GESPREK_CTL_PRIVACY_H
#define GESPREK_CTL_PRIVACY_H

#include "ctl/cli.h"

/* gesprekctl privacy-statement [--lang nl|en] [--format html|xml]: the
 * privacy statement of this installation (app_privacy.h) on stdout, the
 * same document GET /admin/privacy shows: its XML, or the HTML the same
 * stylesheet makes of it.  Exit status 0; 1 when the database, the
 * descriptions or the stylesheets fail; 2 on wrong usage. */
int ctl_privacy_statement(const struct cli_call *c);

#endif
