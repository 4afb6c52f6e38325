// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the JSON writer: string escaping and document structure.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"

#include "json.h"

/* What json_escape() writes for @len bytes at @s. */
static char *escaped(const char *s, size_t len)
{
	char *out = NULL;
	size_t size;
	FILE *f;

	f = open_memstream(&out, &size);
	assert_non_null(f);
	json_escape(f, s, len);
	assert_int_equal(fclose(f), 0);
	return out;
}

static void check_escape(const char *in, size_t len, const char *expect)
{
	char *out = escaped(in, len);

	assert_string_equal(out, expect);
	free(out);
}

#define CHECK(in, expect)	check_escape(in, sizeof(in) - 1, expect)

static void test_escape_plain(void **state)
{
	(void)state;
	CHECK("", "\"\"");
	CHECK("pathmon/data/read_ops", "\"pathmon/data/read_ops\"");
	CHECK("a b ~ / '", "\"a b ~ / '\"");
}

static void test_escape_specials(void **state)
{
	(void)state;
	CHECK("a\"b", "\"a\\\"b\"");
	CHECK("a\\b", "\"a\\\\b\"");
	CHECK("\"\\\"", "\"\\\"\\\\\\\"\"");
}

static void test_escape_control(void **state)
{
	(void)state;
	CHECK("\n\r\t\b\f", "\"\\n\\r\\t\\b\\f\"");
	CHECK("\x01", "\"\\u0001\"");
	CHECK("a\037b", "\"a\\u001fb\"");
	CHECK("\x0b", "\"\\u000b\"");
	/* NUL is a byte like any other when a length is given. */
	CHECK("a\0b", "\"a\\u0000b\"");
	/* DEL needs no escape in JSON. */
	CHECK("\x7f", "\"\x7f\"");
}

static void test_escape_utf8(void **state)
{
	(void)state;
	CHECK("caf\xc3\xa9", "\"caf\xc3\xa9\"");
	CHECK("\xe2\x82\xac", "\"\xe2\x82\xac\"");
	CHECK("\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\"");
	CHECK("\xef\xbf\xbf", "\"\xef\xbf\xbf\"");
	CHECK("\xf4\x8f\xbf\xbf", "\"\xf4\x8f\xbf\xbf\"");
}

static void test_escape_bad_utf8(void **state)
{
	(void)state;
	/* A lone continuation byte. */
	CHECK("a\x80z", "\"a\\ufffdz\"");
	/* Overlong forms. */
	CHECK("\xc0\xaf", "\"\\ufffd\\ufffd\"");
	CHECK("\xe0\x80\xaf", "\"\\ufffd\\ufffd\\ufffd\"");
	/* A UTF-16 surrogate. */
	CHECK("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"");
	/* Above U+10FFFF. */
	CHECK("\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
	CHECK("\xff", "\"\\ufffd\"");
	/* Truncated at the end of the string, and before a quote. */
	CHECK("\xe2\x82", "\"\\ufffd\\ufffd\"");
	CHECK("\xe2\"", "\"\\ufffd\\\"\"");
}

/* Run @build on a writer into memory, return what it wrote. */
static char *written(void (*build)(struct json_writer *w), bool pretty,
		     int expect_ret)
{
	struct json_writer w;
	char *out = NULL;
	size_t size;
	FILE *f;

	f = open_memstream(&out, &size);
	assert_non_null(f);
	json_init(&w, f, pretty);
	build(&w);
	assert_int_equal(json_finish(&w), expect_ret);
	assert_int_equal(fclose(f), 0);
	return out;
}

static void build_doc(struct json_writer *w)
{
	json_begin_object(w);
	json_key(w, "u");
	json_u64(w, UINT64_MAX);
	json_key(w, "s");
	json_s64(w, INT64_MIN);
	json_key(w, "list");
	json_begin_array(w);
	json_bool(w, true);
	json_bool(w, false);
	json_null(w);
	json_string(w, "x\"y");
	json_begin_object(w);
	json_end_object(w);
	json_end_array(w);
	json_key(w, "k\n");
	json_string_len(w, "ab", 1);
	json_end_object(w);
}

static void build_small(struct json_writer *w)
{
	json_begin_object(w);
	json_key(w, "u");
	json_u64(w, 1);
	json_key(w, "l");
	json_begin_array(w);
	json_bool(w, true);
	json_null(w);
	json_begin_object(w);
	json_end_object(w);
	json_end_array(w);
	json_key(w, "k\n");
	json_s64(w, -2);
	json_end_object(w);
}

static void test_writer_compact(void **state)
{
	char *out = written(build_small, false, 0);

	(void)state;
	assert_string_equal(out, "{\"u\":1,\"l\":[true,null,{}],\"k\\n\":-2}\n");
	free(out);
}

static void test_writer_pretty(void **state)
{
	char *out = written(build_doc, true, 0);

	(void)state;
	assert_string_equal(out,
			    "{\n"
			    "  \"u\": 18446744073709551615,\n"
			    "  \"s\": -9223372036854775808,\n"
			    "  \"list\": [\n"
			    "    true,\n"
			    "    false,\n"
			    "    null,\n"
			    "    \"x\\\"y\",\n"
			    "    {}\n"
			    "  ],\n"
			    "  \"k\\n\": \"a\"\n"
			    "}\n");
	free(out);
}

static void build_empty(struct json_writer *w)
{
	json_begin_object(w);
	json_end_object(w);
}

static void build_unclosed(struct json_writer *w)
{
	json_begin_array(w);
}

static void build_dangling_key(struct json_writer *w)
{
	json_begin_object(w);
	json_key(w, "a");
	json_end_object(w);
}

static void build_too_deep(struct json_writer *w)
{
	int i;

	for (i = 0; i <= JSON_MAX_DEPTH; i++)
		json_begin_array(w);
	for (i = 0; i <= JSON_MAX_DEPTH; i++)
		json_end_array(w);
}

static void test_writer_errors(void **state)
{
	char *out;

	(void)state;
	out = written(build_empty, true, 0);
	assert_string_equal(out, "{}\n");
	free(out);
	free(written(build_unclosed, false, -EINVAL));
	free(written(build_dangling_key, false, -EINVAL));
	free(written(build_too_deep, false, -EINVAL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_plain),
		cmocka_unit_test(test_escape_specials),
		cmocka_unit_test(test_escape_control),
		cmocka_unit_test(test_escape_utf8),
		cmocka_unit_test(test_escape_bad_utf8),
		cmocka_unit_test(test_writer_compact),
		cmocka_unit_test(test_writer_pretty),
		cmocka_unit_test(test_writer_errors),
	};

	return cmocka_run_group_tests_name("json", tests, NULL, NULL) ? 1 : 0;
}
