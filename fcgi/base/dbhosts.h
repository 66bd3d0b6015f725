/* dbhosts.h -- the database servers gesprekd tries in order ([database]
 * host = a, b:3307, [::1]:3308).  Pure: parsing only; store/db.c connects. */
#ifndef GESPREK_DBHOSTS_H
#define GESPREK_DBHOSTS_H

#include <stdbool.h>
#include <stddef.h>

/* A Galera cluster is three nodes, at most a handful more; a longer list
 * is a typing error (and each dead host costs connect_timeout). */
#define DBHOSTS_MAX 8
/* A DNS name is at most 253 characters; an IPv6 literal far less. */
#define DBHOST_NAME_MAX 253

struct dbhost {
	char name[DBHOST_NAME_MAX + 1];
	int port;		/* 0: [database] port */
};

/* Parses a comma-separated list of HOST, HOST:PORT or [IPV6]:PORT into
 * out[0..*n).  An empty text is an empty list (the socket is used).  On a
 * malformed entry returns false with *why set and *n undefined. */
bool dbhosts_parse(const char *text, struct dbhost out[DBHOSTS_MAX], size_t *n,
    const char **why);

#endif
