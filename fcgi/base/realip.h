/* realip.h -- the client's address behind trusted proxies ([server]
 * real_ip_from).  A load balancer or proxy in front of nginx connects from
 * its own address; it says whom it serves in X-Forwarded-For, which every
 * client can also send, forged.  Only the proxies listed are believed:
 *
 *   X-Forwarded-For: forged, client, proxy1     REMOTE_ADDR: proxy2
 *
 * With proxy1 and proxy2 trusted the client is "client": the header is
 * walked from the right, past the trusted addresses; the first one that is
 * not trusted is the client (what a trusted proxy saw connecting to it).
 * Everything to its left was written by the client and is ignored.
 * Pure: no I/O, no allocation (tests/unit/test_realip.c). */
#ifndef GESPREK_REALIP_H
#define GESPREK_REALIP_H

#include <stdbool.h>
#include <stddef.h>

#define REALIP_NETS_MAX 32	/* entries of real_ip_from */
#define REALIP_ADDR_LEN 16	/* bytes of an IPv6 address */
#define REALIP_TEXT_MAX 46	/* INET6_ADDRSTRLEN: a textual address and NUL */

struct realip_net {
	int family;			/* AF_INET or AF_INET6 */
	unsigned char addr[REALIP_ADDR_LEN];	/* network, host bits zero */
	unsigned prefix;		/* bits that must match */
};

struct realip_list {
	size_t n;
	struct realip_net net[REALIP_NETS_MAX];
};

/* Parses a list of addresses and networks ("10.0.0.0/8, ::1 192.0.2.7/32"),
 * separated by commas and/or blanks, into l (replacing what it held).  An
 * empty text is an empty list.  On failure *why names the problem and l is
 * left empty. */
bool realip_parse(struct realip_list *l, const char *text, const char **why);

/* True when the textual address addr is inside one of l's networks.
 * IPv4-mapped IPv6 addresses (::ffff:192.0.2.7) count as IPv4. */
bool realip_trusted(const struct realip_list *l, const char *addr);

/* The client's address, canonical text, into out (REALIP_TEXT_MAX bytes):
 * remote when remote is not trusted or no X-Forwarded-For came (xff NULL
 * or empty); else the rightmost untrusted address of xff.  When every
 * address of xff is trusted, its leftmost; when an entry is not an address
 * at all, the trusted hop nearest to it (the one that wrote it).  Returns
 * true when the address came from xff. */
bool realip_client(const struct realip_list *l, const char *remote, const char *xff,
    char *out, size_t outlen);

#endif
