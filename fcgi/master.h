/* master.h -- the master's loop: it keeps the worker and the auth broker
 * running (a child that dies is started again, after RESTART_PAUSE_S if it
 * died right after its start), passes SIGHUP on to the worker, and stops
 * both at SIGTERM or SIGINT.
 *
 * Its signals stay blocked from the start of main (master_block_signals),
 * so the kernel keeps each one pending -- a set: a SIGHUP cannot overwrite a
 * SIGTERM -- until the loop reads it from a signalfd; SIGCHLD comes the same
 * way, so waiting for a signal and for a dying child is one poll().  There
 * is no moment between a check and a wait in which a signal could be lost.
 * Children inherit the mask: the worker wants these blocked anyway, the
 * broker clears its mask itself. */
#ifndef GESPREK_MASTER_H
#define GESPREK_MASTER_H

#include <stdbool.h>
#include <sys/types.h>

/* sysexits' EX_CONFIG: a worker that cannot ever work (bad stylesheet,
 * pending migrations); the master gives up instead of starting it again. */
#define EXIT_CONFIG 78
/* A worker whose threads have all ended: the master starts a new one. */
#define EXIT_NO_THREADS 75
/* A child that dies within this many seconds of its start is started
 * again only after the same pause, so a crash loop does not spin. */
#define RESTART_PAUSE_S 1

struct master_child {
	const char *name;		/* for the log */
	pid_t (*start)(const void *arg);	/* forks it; -1 (logged) on failure */
};

/* Blocks the master's signals: first thing in main, so that one that comes
 * during start-up waits for the loop instead of ending the process. */
bool master_block_signals(void);
/* Opens the signalfd the loop reads (logged on failure). */
bool master_open_signals(void);
/* That descriptor, for a child to close. */
int master_signal_fd(void);
/* Starts both children and supervises them until SIGTERM/SIGINT, or until
 * the worker exits with 0 (stopped by someone else) or EXIT_CONFIG; then
 * stops both.  0, or 1 when a child could not start or the worker cannot
 * work.  arg goes to the start functions. */
int master_run(const struct master_child *worker, const struct master_child *broker,
    const void *arg);

#endif
