/* main_wait.h -- where gesprekd's worker threads wait for work: the
 * listening sockets, the wake pipe of a stop, and the kept-alive FastCGI
 * connections between two requests, in one epoll set all threads share.
 *
 * With fastcgi_keep_conn (nginx) a connection stays open after its
 * answer.  libfcgi would read its next request in the same thread, which
 * then holds the connection while it is idle: with more kept connections
 * than threads (nginx's upstream keepalive counts per nginx worker, and
 * nginx opens more under load), requests sent on connections no thread
 * has accepted waited until a kept one was closed by its idle limit.  So
 * a thread parks its kept connection here when the answer is done and
 * goes back to waiting; whichever thread is free takes the connection
 * when its next request (or its end) arrives. */
#ifndef GESPREK_MAIN_WAIT_H
#define GESPREK_MAIN_WAIT_H

#include <stdbool.h>

/* Kept connections parked at once; one more is closed instead (nginx
 * opens a new one).  Each is a descriptor, and libfcgi still select()s
 * on accepted descriptors: with http/defer.h's DEFER_MAX the process
 * stays well under 1024. */
#define PARK_MAX 256

/* The shared set: the wake pipe's read end (readable: stop), the
 * listening socket and the trusted one (-1: none).  False with errno. */
bool wait_init(int wake_fd, int listen_fd, int trusted_fd);

/* Waits for work.  0: *listener has a connection to accept (*conn -1),
 * or *conn is a parked connection with its next request or its end,
 * taken by this thread alone (*listener: the socket it came from).  -1:
 * the worker stops.  Else an errno of epoll_wait. */
int wait_for_work(int *listener, int *conn);

/* Hands the kept connection conn (from listener) to the shared set.
 * False when PARK_MAX are parked or it cannot be watched: the caller
 * closes it. */
bool wait_park(int conn, int listener);

#endif
