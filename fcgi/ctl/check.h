/* check.h -- "gesprekctl check": what is wrong with this installation
 * (check.c). */
#ifndef GESPREK_CTL_CHECK_H
#define GESPREK_CTL_CHECK_H

#include "ctl/cli.h"

/* Where libpam reads service files; --pam-dir overrides it (tests, or a
 * libpam built with another directory). */
#define CHECK_PAM_DIR "/etc/pam.d"

/* gesprekctl check [--pam-dir DIR]; c->conf_path is the configuration to
 * check (it is loaded here: a file that does not load is one of the
 * findings).  Prints one line
 * per check, "ok: ..." or "FAIL: ... (how to fix)"; returns 0 if all passed,
 * 1 if any failed. */
int ctl_check(const struct cli_call *c);

#endif
