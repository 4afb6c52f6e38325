// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the escaping of names in lines of text.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"

#include "text.h"

/* What text_write_escaped() writes for @len bytes at @s, and its count. */
static void check_escape(const char *in, size_t len, const char *expect)
{
	char *out = NULL;
	size_t size, n;
	FILE *f;

	f = open_memstream(&out, &size);
	assert_non_null(f);
	n = text_write_escaped(f, in, len);
	assert_int_equal(fclose(f), 0);
	assert_string_equal(out, expect);
	assert_int_equal(n, strlen(expect));
	free(out);
}

#define CHECK(in, expect)	check_escape(in, sizeof(in) - 1, expect)

static void test_plain(void **state)
{
	(void)state;
	CHECK("eth_call", "eth_call");
	CHECK("/run/x.sock", "/run/x.sock");
	CHECK("@name[1]{}\"'~!", "@name[1]{}\"'~!");
	CHECK("", "");
}

static void test_separators(void **state)
{
	(void)state;
	CHECK("a b", "a\\x20b");
	CHECK("a,b=c", "a\\x2cb\\x3dc");
	CHECK("a\\x41", "a\\x5cx41");
}

static void test_controls(void **state)
{
	(void)state;
	CHECK("\x1b[2J", "\\x1b[2J");
	CHECK("a\nb\r\tc", "a\\x0ab\\x0d\\x09c");
	CHECK("a\0b", "a\\x00b");
	CHECK("\x7f", "\\x7f");
}

/* Not ASCII: escaped byte by byte, C1 controls (U+009B is CSI) too. */
static void test_high_bytes(void **state)
{
	(void)state;
	CHECK("\xc2\x9b\x32J", "\\xc2\\x9b2J");
	CHECK("\xc3\xa9", "\\xc3\\xa9");
	CHECK("\xff", "\\xff");
}

static void test_padded(void **state)
{
	char *out = NULL;
	size_t size;
	FILE *f;

	(void)state;

	f = open_memstream(&out, &size);
	assert_non_null(f);
	text_write_padded(f, "ab", 5);
	fputc('|', f);
	text_write_padded(f, "a b", 5);
	fputc('|', f);
	text_write_padded(f, "abcdef", 5);
	fputc('|', f);
	assert_int_equal(fclose(f), 0);
	assert_string_equal(out, "ab   |a\\x20b|abcdef|");
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_separators),
		cmocka_unit_test(test_controls),
		cmocka_unit_test(test_high_bytes),
		cmocka_unit_test(test_padded),
	};

	return cmocka_run_group_tests_name("text", tests, NULL, NULL) ? 1 : 0;
}
