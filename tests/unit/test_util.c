/* test_util.c -- buffers, UTF-8 (validation and cutting), hex, ids, SHA-256. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <nettle/sha2.h>

#include "base/sha256.h"
#include "tap.h"
#include "base/util.h"

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

/* Cuts that land inside a character drop it whole; the result is always
 * valid and within both limits. */
static void
test_utf8_cut(void)
{
	/* é: 2 bytes, €: 3 bytes, 😀: 4 bytes. */
	const char *mixed = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80z";	/* a é € 😀 z: 11 bytes */
	char out[16];
	size_t b;

	is_int(utf8_cut("abcdef", 6, 3, 100), 3, "ASCII: three characters are three bytes");
	is_int(utf8_cut("abcdef", 6, 100, 4), 4, "ASCII: the byte limit");
	is_int(utf8_cut(mixed, 11, 100, 100), 11, "no limit reached: everything");
	is_int(utf8_cut(mixed, 11, 2, 100), 3, "two characters: a and the 2-byte e acute");
	is_int(utf8_cut(mixed, 11, 3, 100), 6, "three characters end after the euro sign");
	is_int(utf8_cut(mixed, 11, 4, 100), 10, "four characters end after the emoji");
	is_int(utf8_cut(mixed, 11, 100, 2), 1, "a byte limit inside the 2-byte character drops it");
	is_int(utf8_cut(mixed, 11, 100, 3), 3, "a byte limit at the end of the 2-byte character keeps it");
	is_int(utf8_cut(mixed, 11, 100, 4), 3, "1 byte into the 3-byte character drops it");
	is_int(utf8_cut(mixed, 11, 100, 5), 3, "2 bytes into the 3-byte character drop it");
	is_int(utf8_cut(mixed, 11, 100, 6), 6, "exactly at the end of the 3-byte character");
	for (b = 7; b <= 9; b++)
		is_int(utf8_cut(mixed, 11, 100, b), 6, "inside the 4-byte character: dropped whole");
	is_int(utf8_cut(mixed, 11, 100, 10), 10, "exactly at the end of the 4-byte character");
	is_int(utf8_cut(mixed, 11, 0, 100), 0, "zero characters: nothing");
	is_int(utf8_cut("", 0, 5, 5), 0, "empty stays empty");
	/* Invalid input: the cut stops before the first broken byte. */
	is_int(utf8_cut("ab\xffz", 4, 100, 100), 2, "stops before 0xff");
	is_int(utf8_cut("ab\x80z", 4, 100, 100), 2, "stops before a lone continuation byte");
	is_int(utf8_cut("a\xe2\x82", 3, 100, 100), 1, "stops before a sequence cut short");
	is_int(utf8_cut("a\xc0\xafz", 4, 100, 100), 1, "stops before an overlong form");
	is_int(utf8_cut("a\xed\xa0\x80", 4, 100, 100), 1, "stops before a surrogate");
	is_int(utf8_cut("a\0b", 3, 100, 100), 1, "stops before a NUL");
	/* utf8_copy: the destination's size is the byte limit. */
	b = utf8_copy(out, 5, mixed, 100);
	is_int(b, 3, "copy into 5 bytes keeps a and e acute (the euro sign would not fit)");
	is_str(out, "a\xc3\xa9", "and terminates");
	ok(utf8_valid(out, strlen(out)), "the copy is valid UTF-8");
	b = utf8_copy(out, sizeof(out), mixed, 3);
	is_str(out, "a\xc3\xa9\xe2\x82\xac", "copy of three characters");
	is_int(b, 6, "six bytes");
	is_int(utf8_copy(out, 1, mixed, 100), 0, "a 1-byte destination holds the terminator only");
	is_str(out, "", "empty");
	/* Every byte limit over a long multi-byte text gives valid UTF-8. */
	{
		char text[4 * 60 + 1] = "";
		size_t i, n = 0;
		bool all_valid = true;

		for (i = 0; i < 20; i++) {
			memcpy(text + n, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 9);
			n += 9;
		}
		text[n] = '\0';
		for (b = 0; b <= n; b++) {
			size_t k = utf8_cut(text, n, 1000, b);

			if (k > b || !utf8_valid(text, k))
				all_valid = false;
		}
		ok(all_valid, "every byte limit over e acute, euro, emoji: valid and within the limit");
	}
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
	is_int(hex_digit('0'), 0, "hex digit 0");
	is_int(hex_digit('9'), 9, "hex digit 9");
	is_int(hex_digit('a'), 10, "hex digit a");
	is_int(hex_digit('F'), 15, "hex digit F");
	is_int(hex_digit('g'), -1, "g is no hex digit");
	is_int(hex_digit('/'), -1, "'/' is no hex digit");
	is_int(hex_digit(':'), -1, "':' is no hex digit");
	is_int(hex_digit('@'), -1, "'@' is no hex digit");
	is_int(hex_digit('`'), -1, "'`' is no hex digit");
	is_int(hex_digit('\0'), -1, "NUL is no hex digit");
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
	test_utf8_cut();
	test_ids_hex();
	test_buf();
	test_times();
	return tap_done();
}
