/* realip.c -- see realip.h. */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "base/realip.h"
#include "base/util.h"

#define IPV4_BITS 32
#define IPV6_BITS 128
#define IPV4_LEN 4
/* ::ffff:a.b.c.d: ten zero bytes, two 0xff, then the IPv4 address. */
#define V4MAPPED_PREFIX_LEN 12
/* "ffff:...:255.255.255.255/128" and a NUL. */
#define REALIP_ITEM_MAX (REALIP_TEXT_MAX + 4)
#define SEPARATORS ", \t"

static const unsigned char v4mapped[V4MAPPED_PREFIX_LEN] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
};

/* Parses a textual address into family and bytes; an IPv4-mapped IPv6
 * address becomes IPv4, so "::ffff:10.1.2.3" matches 10.0.0.0/8. */
static bool
addr_parse(const char *text, int *family, unsigned char *addr)
{
	memset(addr, 0, REALIP_ADDR_LEN);
	if (inet_pton(AF_INET, text, addr) == 1) {
		*family = AF_INET;
		return true;
	}
	if (inet_pton(AF_INET6, text, addr) != 1)
		return false;
	*family = AF_INET6;
	if (memcmp(addr, v4mapped, V4MAPPED_PREFIX_LEN) == 0) {
		memmove(addr, addr + V4MAPPED_PREFIX_LEN, IPV4_LEN);
		memset(addr + IPV4_LEN, 0, REALIP_ADDR_LEN - IPV4_LEN);
		*family = AF_INET;
	}
	return true;
}

/* Whether the first `bits` bits of a and b agree. */
static bool
prefix_equal(const unsigned char *a, const unsigned char *b, unsigned bits)
{
	unsigned whole = bits / 8, rest = bits % 8;
	unsigned char mask;

	if (memcmp(a, b, whole) != 0)
		return false;
	if (rest == 0)
		return true;
	mask = (unsigned char)(0xff << (8 - rest));
	return (a[whole] & mask) == (b[whole] & mask);
}

/* Clears the host bits after `bits`. */
static void
clear_host_bits(unsigned char *addr, unsigned bits)
{
	unsigned i;

	for (i = bits; i < REALIP_ADDR_LEN * 8; i++)
		addr[i / 8] &= (unsigned char)~(0x80 >> (i % 8));
}

/* Parses a decimal prefix length 0..max. */
static bool
prefix_parse(const char *text, unsigned max, unsigned *out)
{
	char *end;
	unsigned long n;

	if (!isdigit((unsigned char)text[0]) || strlen(text) > 3)
		return false;
	n = strtoul(text, &end, 10);
	if (*end != '\0' || n > max)
		return false;
	*out = (unsigned)n;
	return true;
}

/* One "address" or "address/prefix" into n. */
static bool
net_parse(const char *item, struct realip_net *n, const char **why)
{
	char text[REALIP_ITEM_MAX];
	char *slash;
	unsigned max;

	if (!strlcopy(text, item, sizeof(text))) {
		*why = "an entry is too long for an address";
		return false;
	}
	if ((slash = strchr(text, '/')) != NULL)
		*slash = '\0';
	if (!addr_parse(text, &n->family, n->addr)) {
		*why = "expected IPv4 or IPv6 addresses or networks such as 10.0.0.0/8 or ::1";
		return false;
	}
	max = n->family == AF_INET ? IPV4_BITS : IPV6_BITS;
	n->prefix = max;
	/* A mapped address with an IPv6 prefix: the prefix counts the 96 bits
	 * of the mapping, which we dropped. */
	if (slash && !prefix_parse(slash + 1, n->family == AF_INET && strchr(text, ':') ?
	    IPV6_BITS : max, &n->prefix)) {
		*why = "bad prefix length after '/'";
		return false;
	}
	if (n->family == AF_INET && strchr(text, ':')) {
		if (n->prefix < IPV6_BITS - IPV4_BITS) {
			*why = "an IPv4-mapped network must keep its ::ffff: part (prefix >= 96)";
			return false;
		}
		n->prefix -= IPV6_BITS - IPV4_BITS;
	}
	clear_host_bits(n->addr, n->prefix);
	return true;
}

bool
realip_parse(struct realip_list *l, const char *text, const char **why)
{
	const char *p = text;
	char item[REALIP_ITEM_MAX];
	size_t len;

	l->n = 0;
	for (;;) {
		p += strspn(p, SEPARATORS);
		if (*p == '\0')
			return true;
		len = strcspn(p, SEPARATORS);
		if (len >= sizeof(item)) {
			*why = "an entry is too long for an address";
			goto fail;
		}
		if (l->n == REALIP_NETS_MAX) {
			*why = "too many entries (at most 32)";
			goto fail;
		}
		memcpy(item, p, len);
		item[len] = '\0';
		if (!net_parse(item, &l->net[l->n], why))
			goto fail;
		l->n++;
		p += len;
	}
fail:
	l->n = 0;
	return false;
}

static bool
trusted_bytes(const struct realip_list *l, int family, const unsigned char *addr)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->net[i].family == family &&
		    prefix_equal(l->net[i].addr, addr, l->net[i].prefix))
			return true;
	return false;
}

bool
realip_trusted(const struct realip_list *l, const char *addr)
{
	unsigned char bytes[REALIP_ADDR_LEN];
	int family;

	return addr_parse(addr, &family, bytes) && trusted_bytes(l, family, bytes);
}

/* The entry of xff that ends just before `end` (skipping separators),
 * as its start and *len; NULL when there is none left. */
static const char *
entry_before(const char *xff, const char *end, size_t *len)
{
	const char *e = end, *s;

	while (e > xff && strchr(SEPARATORS, e[-1]))
		e--;
	if (e == xff)
		return NULL;
	s = e;
	while (s > xff && !strchr(SEPARATORS, s[-1]))
		s--;
	*len = (size_t)(e - s);
	return s;
}

/* Writes the canonical text of an address (family, bytes) into out. */
static void
canonical(int family, const unsigned char *addr, char *out, size_t outlen)
{
	if (inet_ntop(family, addr, out, (socklen_t)outlen) == NULL && outlen > 0)
		out[0] = '\0';
}

bool
realip_client(const struct realip_list *l, const char *remote, const char *xff,
    char *out, size_t outlen)
{
	unsigned char hop[REALIP_ADDR_LEN], cand[REALIP_ADDR_LEN];
	char text[REALIP_TEXT_MAX];
	const char *end, *s;
	int hop_family, family;
	size_t len;
	bool taken = false;

	strlcopy(out, remote ? remote : "", outlen);
	if (xff == NULL || remote == NULL || !addr_parse(remote, &hop_family, hop) ||
	    !trusted_bytes(l, hop_family, hop))
		return false;
	for (end = xff + strlen(xff); (s = entry_before(xff, end, &len)) != NULL; end = s) {
		if (len >= sizeof(text))
			break;	/* not an address: the nearest trusted hop wrote it */
		memcpy(text, s, len);
		text[len] = '\0';
		if (!addr_parse(text, &family, cand))
			break;
		hop_family = family;
		memcpy(hop, cand, sizeof(hop));
		taken = true;
		if (!trusted_bytes(l, family, cand))
			break;	/* the client */
	}
	if (taken)
		canonical(hop_family, hop, out, outlen);
	return taken;
}
