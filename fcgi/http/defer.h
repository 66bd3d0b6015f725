/* defer.h -- answers held until a time without holding a worker thread.
 *
 * A failed login takes at least a fixed time, so that neither the answer
 * nor its timing tells an unknown login from a wrong password.  Sleeping
 * in the worker thread made a flood of failing logins hold every thread
 * (a dashboard went from 2 ms to 2.9 s).  Instead the handler holds its
 * answer (request_hold), and after the handler the worker hands the
 * FastCGI request with the held bytes to one delay thread that writes and
 * finishes it at its time; the worker takes a fresh request and goes back
 * to accept.
 *
 * Bounded: at most DEFER_MAX answers wait at once (each keeps a connection
 * to the web server open); when the queue is full an answer is sent at
 * once.  Everything here runs in the worker process. */
#ifndef GESPREK_DEFER_H
#define GESPREK_DEFER_H

#include <stdbool.h>

#include <fcgiapp.h>

#include "http/request.h"

/* Answers waiting at once.  Each holds a descriptor; libfcgi still select()s
 * on accepted descriptors, so the process stays well under 1024. */
#define DEFER_MAX 128

/* Starts the delay thread (before the workers; signals blocked). */
bool defer_start(void);
/* Sends what is left at its time, then ends the delay thread (after the
 * workers have stopped). */
void defer_stop(void);

/* A request struct for FCGX_Accept_r on listen_fd, on the heap: a held one
 * changes hands, and libfcgi's streams point at their request. */
FCGX_Request *defer_request_new(int listen_fd);
/* Frees a request and closes its connection, if any. */
void defer_request_free(FCGX_Request *f);

/* After the handler: when r's answer is held, f and the held bytes go to
 * the delay thread and true is returned -- f is no longer the caller's,
 * who takes a fresh one.  Otherwise (not held, or the queue is full: then
 * the held bytes are written now) false: the caller finishes f. */
bool defer_take(FCGX_Request *f, struct request *r);

#endif
