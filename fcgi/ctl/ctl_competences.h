/* ctl_competences.h -- gesprekctl's competence dictionary commands
 * (ctl_competences.c): the same XML, checks and writes as
 * GET /admin/competences/export and POST /admin/competences/import. */
#ifndef GESPREK_CTL_COMPETENCES_H
#define GESPREK_CTL_COMPETENCES_H

#include "ctl/cli.h"

/* import competences FILE [--dry-run]: every problem printed as
 * FILE:LINE: reason and nothing written; else what changed (or would).
 * Exit 0, 1 refused or failed, 2 wrong usage.  The actor is the system. */
int ctl_import_competences(const struct cli_call *c);
/* export competences: the dictionary as XML on stdout. */
int ctl_export_competences(const struct cli_call *c);

#endif
