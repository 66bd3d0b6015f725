/* test_util.c -- buffers, UTF-8, hex, ids, SHA-256. */
#include "config.h"

#include <stdlib.h>
#include <time.h>

#include <nettle/sha2.h>

#include "sha256.h"
#include "tap.h"
#include "util.h"

static void
test_sha256(void)
{
	unsigned char d[SHA256_LEN];
	char hex[2 * SHA256_LEN + 1];
	struct sha256_ctx c;
	static char million[1000000];

	sha256("", 0, d);
	hex_encode(d, sizeof(d), hex);
	is_str(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "sha256 of empty");
	sha256("abc", 3, d);
	hex_encode(d, sizeof(d), hex);
	is_str(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "sha256 of abc");
	sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, d);
	hex_encode(d, sizeof(d), hex);
	is_str(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1", "sha256 of 448 bits");
	memset(million, 'a', sizeof(million));
	/* The wrapper is one-shot; pieces go through nettle itself. */
	sha256_init(&c);
	sha256_update(&c, 333333, (const uint8_t *)million);
	sha256_update(&c, sizeof(million) - 333333, (const uint8_t *)million + 333333);
	sha256_digest(&c, SHA256_LEN, d);
	hex_encode(d, sizeof(d), hex);
	is_str(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", "sha256 of a million a, in two pieces");
}

static void
test_utf8(void)
{
	ok(utf8_valid("gewoon tekst", 12), "ASCII is valid");
	ok(utf8_valid("Financi\xc3\xabn \xe2\x82\xac \xf0\x9f\x98\x80", 14), "2-, 3- and 4-byte forms are valid");
	ok(!utf8_valid("\xc3", 1), "truncated sequence is invalid");
	ok(!utf8_valid("\xc0\xaf", 2), "overlong slash is invalid");
	ok(!utf8_valid("\xe0\x80\xaf", 3), "overlong 3-byte is invalid");
	ok(!utf8_valid("\xed\xa0\x80", 3), "surrogate is invalid");
	ok(!utf8_valid("\xf4\x90\x80\x80", 4), "beyond U+10FFFF is invalid");
	ok(!utf8_valid("a\0b", 3), "NUL byte is invalid");
	ok(!utf8_valid("\xff", 1), "0xff is invalid");
}

static void
test_ids_hex(void)
{
	int64_t id = 0;
	unsigned char raw[2];

	ok(parse_id("42", 2, &id) && id == 42, "42 is an id");
	ok(!parse_id("042", 3, &id), "leading zero refused");
	ok(!parse_id("0", 1, &id), "zero refused");
	ok(!parse_id("-1", 2, &id), "sign refused");
	ok(!parse_id("1234567890123", 13, &id), "13 digits refused");
	ok(parse_id("999999999999", 12, &id) && id == ID_MAX, "ID_MAX accepted");
	ok(!parse_id("12a", 3, &id), "letters refused");
	ok(hex_decode("a0FF", 4, raw, 2) && raw[0] == 0xa0 && raw[1] == 0xff, "hex decodes both cases");
	ok(!hex_decode("a0F", 3, raw, 2), "odd hex length refused");
	ok(!hex_decode("zz00", 4, raw, 2), "non-hex refused");
}

static void
test_buf(void)
{
	struct buf b;
	int i;

	buf_init(&b);
	for (i = 0; i < 1000; i++)
		buf_printf(&b, "%d,", i);
	ok(!b.failed && b.len == strlen(b.data), "buffer grows and stays terminated");
	ok(strncmp(b.data, "0,1,2,", 6) == 0 && strstr(b.data, "999,") != NULL, "buffer keeps content");
	buf_reset(&b);
	is_int(b.len, 0, "reset empties");
	buf_free(&b);
	ok(ct_equal("abc", "abc", 3) && !ct_equal("abc", "abd", 3), "ct_equal compares");
}

static void
test_times(void)
{
	char out[64];

	setenv("TZ", "Europe/Amsterdam", 1);
	tzset();
	ok(time_local_to_utc("2027-02-10T09:30", out, sizeof(out)), "winter time parses");
	is_str(out, "2027-02-10 08:30:00", "CET is UTC+1");
	ok(time_local_to_utc("2027-07-01T12:00", out, sizeof(out)), "summer time parses");
	is_str(out, "2027-07-01 10:00:00", "CEST is UTC+2");
	ok(!time_local_to_utc("2027-07-01 12:00", out, sizeof(out)), "a space instead of T refused");
	ok(!time_local_to_utc("2027-13-01T12:00", out, sizeof(out)), "month 13 refused");
	ok(!time_local_to_utc("2027-07-01T24:00", out, sizeof(out)), "hour 24 refused");
	ok(!time_local_to_utc("2027-07-01T12:00x", out, sizeof(out)), "trailing text refused");
	time_utc_to_local("2027-07-01T10:00:00Z", out, sizeof(out));
	is_str(out, "2027-07-01T12:00", "UTC with seconds and Z shown in summer time");
	time_utc_to_local("2027-12-31T23:30", out, sizeof(out));
	is_str(out, "2028-01-01T00:30", "across the new year");
	time_utc_to_local("", out, sizeof(out));
	is_str(out, "", "empty stays empty");
	time_utc_to_local("2027-05-01", out, sizeof(out));
	is_str(out, "2027-05-01", "a date alone is copied");
}

int
main(void)
{
	test_sha256();
	test_utf8();
	test_ids_hex();
	test_buf();
	test_times();
	return tap_done();
}
