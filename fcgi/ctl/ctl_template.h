/* ctl_template.h -- gesprekctl template import, export and list
 * (ctl_template.c; issue 16). */
#ifndef GESPREK_CTL_TEMPLATE_H
#define GESPREK_CTL_TEMPLATE_H

#include "ctl/cli.h"

/* template import FILE [--dry-run]: reads FILE against template.xsd and
 * writes it as a new version of its template (a new template when its
 * key is unknown); a refused file prints FILE:LINE: reason and writes
 * nothing.  Exit 0, 1 (refused or database), 2 (usage). */
int ctl_template_import(const struct cli_call *c);
/* template export KEY [--version N]: the newest (or Nth) version as XML
 * on stdout.  Exit 0, 1 (unknown or database), 2 (usage). */
int ctl_template_export(const struct cli_call *c);
/* template list: key, newest version, default (1/0), conversations on
 * it, Dutch name; tab-separated. */
int ctl_template_list(const struct cli_call *c);

#endif
