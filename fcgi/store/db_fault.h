/* db_fault.h -- test-only fault injection for db.c, compiled in with
 * ./configure --enable-fault-injection (never by default, never in
 * `make distcheck`; tests/run turns it on).  Only db.c includes this.
 *
 * The file named by $GESPREK_FAULT_FILE says "tx_stmt=N times=K": break
 * the database connection before statement N of a transaction (counted
 * from 1 in each try of db_tx, COMMIT included), in K tries (a number, or
 * "always").  Each break rewrites the file with K one less and "fired=F"
 * one more, so a test sees whether and how often it fired.  The file is
 * shared by every thread and process (gesprekd's workers, gesprekctl): it
 * is read and rewritten under flock(), never cached.
 *
 * "lost_answer=1 times=K" instead: after a write outside a transaction has
 * run, break the connection and report its answer lost (the write is
 * done), in K statements. */
#ifndef GESPREK_DB_FAULT_H
#define GESPREK_DB_FAULT_H

#ifdef GESPREK_FAULT_INJECTION
#include <stdbool.h>

/* At the start of a try: the statement before which the connection
 * breaks, or 0 for none. */
unsigned db_fault_armed(void);
/* At that statement: uses one try of the fault up; false when other tries
 * used it up meanwhile (then nothing breaks). */
bool db_fault_consume(void);
/* After a write outside a transaction: uses one "lost_answer" up; false
 * when none is armed. */
bool db_fault_answer_consume(void);
#endif

#endif
