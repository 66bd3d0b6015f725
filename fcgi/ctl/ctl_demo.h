/* ctl_demo.h -- what `gesprekctl demo` loads besides the organisation and
 * its cycle (ctl_demo.c; issue 16). */
#ifndef GESPREK_CTL_DEMO_H
#define GESPREK_CTL_DEMO_H

#include "ctl/cli.h"

/* The three example form templates (templates/standaard.xml, gemeente.xml,
 * kwartaal.xml; one whose key is in the database already is left alone)
 * and the demo's competence dictionary with its job profiles
 * (competences/demo.xml), found where `make install` puts them (next to
 * the stylesheets folder) or in a source tree (conf/).  Loading twice
 * changes nothing.  Exit status: 0, or 1 after a message on stderr. */
int ctl_demo_forms(const struct cli_call *c);

#endif
