/* test_realip.c -- real_ip_from: the list parser, the matcher and the
 * walk of X-Forwarded-For from the right past trusted proxies. */
#include "config.h"

#include "base/realip.h"
#include "tap.h"

static struct realip_list
list(const char *text)
{
	struct realip_list l;
	const char *why = NULL;

	if (!realip_parse(&l, text, &why))
		printf("# parse of \"%s\" failed: %s\n", text, why);
	return l;
}

static void
test_parse(void)
{
	struct realip_list l;
	const char *why = NULL;

	ok(realip_parse(&l, "", &why) && l.n == 0, "an empty list is no proxy");
	ok(realip_parse(&l, "10.0.0.0/8, 192.0.2.7 ::1,2001:db8::/32", &why) && l.n == 4,
	    "commas and blanks separate four entries");
	ok(!realip_parse(&l, "10.0.0.0/33", &why) && l.n == 0, "an IPv4 prefix over 32 is refused");
	ok(why != NULL && strstr(why, "prefix") != NULL, "and the reason names the prefix");
	ok(!realip_parse(&l, "2001:db8::/129", &why), "an IPv6 prefix over 128 is refused");
	ok(!realip_parse(&l, "proxy.example.org", &why), "a host name is refused (no lookups)");
	ok(!realip_parse(&l, "10.0.0.1/", &why), "an empty prefix is refused");
	ok(!realip_parse(&l, "10.0.0.1/-1", &why), "a negative prefix is refused");
	ok(!realip_parse(&l, "10.0.0.0/8x", &why), "junk after a prefix is refused");
	ok(!realip_parse(&l, "::ffff:10.0.0.0/80", &why),
	    "a mapped network shorter than its ::ffff: part is refused");
	ok(!realip_parse(&l, "1.2.3.4 1.2.3.4 1.2.3.4 1.2.3.4 1.2.3.4 1.2.3.4 1.2.3.4 1.2.3.4 "
	    "1.2.3.4 1.2.3.4 1.2.3.4 1.2.3.4 1.2.3.4 1.2.3.4 1.2.3.4 1.2.3.4 1.2.3.4 1.2.3.4 "
	    "1.2.3.4 1.2.3.4 1.2.3.4 1.2.3.4 1.2.3.4 1.2.3.4 1.2.3.4 1.2.3.4 1.2.3.4 1.2.3.4 "
	    "1.2.3.4 1.2.3.4 1.2.3.4 1.2.3.4 1.2.3.4", &why), "a 33rd entry is refused");
}

static void
test_match(void)
{
	struct realip_list l = list("10.0.0.0/8 192.0.2.7 2001:db8:1::/48 172.16.0.0/12");
	struct realip_list odd = list("10.1.2.3/9 ::ffff:198.51.100.0/120");

	ok(realip_trusted(&l, "10.255.1.2"), "inside 10.0.0.0/8");
	ok(!realip_trusted(&l, "11.0.0.1"), "outside 10.0.0.0/8");
	ok(realip_trusted(&l, "192.0.2.7"), "a single address matches itself");
	ok(!realip_trusted(&l, "192.0.2.8"), "and only itself");
	ok(realip_trusted(&l, "172.31.255.255") && !realip_trusted(&l, "172.32.0.0"),
	    "a /12 ends where it should");
	ok(realip_trusted(&l, "2001:db8:1:ffff::1"), "inside an IPv6 /48");
	ok(!realip_trusted(&l, "2001:db8:2::1"), "outside it");
	ok(realip_trusted(&l, "::ffff:10.1.1.1"), "an IPv4-mapped address counts as IPv4");
	ok(!realip_trusted(&l, "::a01:101"), "an IPv4-compatible one does not");
	ok(!realip_trusted(&l, "not-an-address"), "text that is no address is never trusted");
	ok(!realip_trusted(&l, ""), "nor is an empty address");
	ok(realip_trusted(&odd, "10.0.0.1") && !realip_trusted(&odd, "10.128.0.1"),
	    "host bits in a network are ignored (10.1.2.3/9 is 10.0.0.0/9)");
	ok(realip_trusted(&odd, "198.51.100.200") && !realip_trusted(&odd, "198.51.101.1"),
	    "a mapped network (::ffff:198.51.100.0/120) is the IPv4 /24");
}

static void
test_client(void)
{
	struct realip_list l = list("127.0.0.1, 10.0.0.0/8, 2001:db8::/32");
	struct realip_list none = list("");
	char out[REALIP_TEXT_MAX];

	ok(!realip_client(&none, "127.0.0.1", "203.0.113.9", out, sizeof(out)),
	    "no proxy trusted: the header is ignored");
	is_str(out, "127.0.0.1", "and the client is REMOTE_ADDR");
	ok(!realip_client(&l, "198.51.100.4", "203.0.113.9", out, sizeof(out)),
	    "a peer that is not trusted: its header is ignored (spoofing does nothing)");
	is_str(out, "198.51.100.4", "and the client is the peer");
	ok(!realip_client(&l, "127.0.0.1", NULL, out, sizeof(out)), "no header: REMOTE_ADDR");
	is_str(out, "127.0.0.1", "which is kept");
	ok(!realip_client(&l, "127.0.0.1", " , ", out, sizeof(out)), "an empty header: REMOTE_ADDR");
	ok(realip_client(&l, "127.0.0.1", "203.0.113.9", out, sizeof(out)),
	    "a trusted peer: the header counts");
	is_str(out, "203.0.113.9", "one entry is the client");
	ok(realip_client(&l, "127.0.0.1", "6.6.6.6, 203.0.113.9, 10.1.1.1,10.2.2.2", out,
	    sizeof(out)), "a chain of proxies");
	is_str(out, "203.0.113.9", "the rightmost untrusted entry, not the forged leftmost");
	ok(realip_client(&l, "127.0.0.1", "10.9.9.9, 10.1.1.1", out, sizeof(out)),
	    "every entry trusted");
	is_str(out, "10.9.9.9", "the leftmost one");
	ok(!realip_client(&l, "127.0.0.1", "203.0.113.9, garbage", out, sizeof(out)),
	    "the nearest entry is no address");
	is_str(out, "127.0.0.1", "the trusted hop that wrote it is the client");
	ok(realip_client(&l, "127.0.0.1", "garbage, 10.1.1.1", out, sizeof(out)),
	    "junk behind a trusted proxy");
	is_str(out, "10.1.1.1", "stops at the proxy that passed it on");
	ok(realip_client(&l, "127.0.0.1", "2001:DB9:0:0::0001", out, sizeof(out)),
	    "an IPv6 client");
	is_str(out, "2001:db9::1", "written canonically, so throttling counts one address once");
	ok(realip_client(&l, "::ffff:127.0.0.1", "::ffff:203.0.113.9", out, sizeof(out)),
	    "mapped addresses on both sides");
	is_str(out, "203.0.113.9", "come out as IPv4");
	ok(realip_client(&l, "2001:db8::5", "192.0.2.1", out, sizeof(out)),
	    "an IPv6 proxy forwarding an IPv4 client");
	is_str(out, "192.0.2.1", "gives the IPv4 client");
	ok(!realip_client(&l, "127.0.0.1", "203.0.113.9:4711", out, sizeof(out)),
	    "an address with a port is no address");
}

int
main(void)
{
	test_parse();
	test_match();
	test_client();
	return tap_done();
}
