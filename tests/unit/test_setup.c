/* test_setup.c -- the names, hosts and passwords gesprekctl setup puts into
 * SQL text (store/setup.h): what passes, and that nothing that could end
 * a quoted identifier or literal, or start a comment, does. */
#include "config.h"

#include <string.h>

#include "store/setup.h"
#include "tap.h"

static void
test_names(void)
{
	char longest[SETUP_NAME_MAX + 2];

	ok(setup_name_ok("gesprek"), "gesprek");
	ok(setup_name_ok("gesprek_schema"), "gesprek_schema");
	ok(setup_name_ok("Gesprek2"), "letters and digits");
	ok(setup_name_ok("_x"), "starting with _");
	ok(!setup_name_ok(""), "empty");
	ok(!setup_name_ok("2gesprek"), "starting with a digit");
	ok(!setup_name_ok("gesprek`; DROP DATABASE x; --"), "a backtick");
	ok(!setup_name_ok("ges'prek"), "a quote");
	ok(!setup_name_ok("ges prek"), "a space");
	ok(!setup_name_ok("ges-prek"), "a hyphen");
	ok(!setup_name_ok("gesprek\n"), "a newline");
	ok(!setup_name_ok("g\xc3\xa9" "sprek"), "not ASCII");
	memset(longest, 'g', SETUP_NAME_MAX);
	longest[SETUP_NAME_MAX] = '\0';
	ok(setup_name_ok(longest), "the longest name");
	longest[SETUP_NAME_MAX] = 'g';
	longest[SETUP_NAME_MAX + 1] = '\0';
	ok(!setup_name_ok(longest), "one longer");
}

static void
test_hosts(void)
{
	ok(setup_host_ok("localhost"), "localhost");
	ok(setup_host_ok("10.0.0.5"), "an address");
	ok(setup_host_ok("10.0.%"), "a wildcard");
	ok(setup_host_ok("app-1.example.org"), "a host name");
	ok(setup_host_ok("::1"), "IPv6");
	ok(!setup_host_ok(""), "empty");
	ok(!setup_host_ok("local'host"), "a quote");
	ok(!setup_host_ok("localhost' OR '1"), "a quote and spaces");
	ok(!setup_host_ok("local\\host"), "a backslash");
	ok(!setup_host_ok("a/b"), "a slash");
}

static void
test_passwords(void)
{
	ok(setup_password_ok("9ebe5e36d3a8e69645e01c368ae1eb733789dcb47d51b4c8"), "generated");
	ok(setup_password_ok("Zomer#2026!;x"), "punctuation");
	ok(!setup_password_ok("kort"), "shorter than the minimum");
	ok(!setup_password_ok("it's-a-password"), "a quote");
	ok(!setup_password_ok("back\\slash-pw"), "a backslash");
	ok(!setup_password_ok("with space-pw"), "a space");
	ok(!setup_password_ok("tab\there-pw"), "a tab");
	ok(!setup_password_ok("new\nline-pw"), "a newline");
	ok(!setup_password_ok("w\xc3\xa1" "chtwoord-pw"), "not ASCII");
}

int
main(void)
{
	test_names();
	test_hosts();
	test_passwords();
	return tap_done();
}
