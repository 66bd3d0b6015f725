/* ctl_mail.h -- gesprekctl mail-send and purge (ctl_mail.c). */
#ifndef GESPREK_CTL_MAIL_H
#define GESPREK_CTL_MAIL_H

#include "base/conf.h"
#include "ctl/cli.h"

/* gesprekctl mail-send: sends the queued mail that is due, in bounded
 * batches, safe to run in parallel (gesprek-mail.timer: every minute).
 * Returns the exit status: 0 when everything due went out, 1 when a mail
 * must be tried again or failed or the database failed, 2 wrong usage. */
int ctl_mail_send(const struct cli_call *c);

/* gesprekctl purge: deletes expired sessions, old login attempts and
 * sent mail past its keeping time, in bounded batches
 * (gesprek-purge.timer).  Returns the exit status (0, 1, 2). */
int ctl_purge(const struct cli_call *c);

#endif
