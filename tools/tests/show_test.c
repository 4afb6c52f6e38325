// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the output of pathstatsctl show: the text lines, and the
 * JSON object, checked byte for byte and by a real parser (yajl).
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include <yajl/yajl_tree.h>

#include "show.h"
#include "statsfs.h"

static const char bulk_in[] =
	"pathstats/version_major 0\n"
	"pathmon/data/read_bytes 18446744073709551615\n"
	"weird \"name\\x\"/v a lue -9223372036854775808\n"
	"caf\xc3\xa9/x 42\n";

static char *shown(bool json, struct sfs_bulk *bulk)
{
	char *out = NULL;
	size_t size;
	FILE *f;

	f = open_memstream(&out, &size);
	assert_non_null(f);
	if (json)
		assert_int_equal(show_json(f, bulk), 0);
	else
		show_text(f, bulk);
	assert_int_equal(fclose(f), 0);
	return out;
}

static void test_show_text(void **state)
{
	struct sfs_bulk bulk;
	struct sfs_error err;
	char *out;

	(void)state;
	assert_int_equal(sfs_bulk_parse(bulk_in, strlen(bulk_in), &bulk,
					&err), 0);
	out = shown(false, &bulk);
	/* The text output is the validated .bulk itself. */
	assert_string_equal(out, bulk_in);
	free(out);
	sfs_bulk_free(&bulk);
}

static void test_show_json(void **state)
{
	struct sfs_bulk bulk;
	struct sfs_error err;
	char errbuf[256];
	yajl_val root, v;
	char *out;

	(void)state;
	assert_int_equal(sfs_bulk_parse(bulk_in, strlen(bulk_in), &bulk,
					&err), 0);
	out = shown(true, &bulk);
	assert_string_equal(out,
			    "{\n"
			    "  \"pathstats/version_major\": 0,\n"
			    "  \"pathmon/data/read_bytes\": 18446744073709551615,\n"
			    "  \"weird \\\"name\\\\x\\\"/v a lue\": -9223372036854775808,\n"
			    "  \"caf\xc3\xa9/x\": 42\n"
			    "}\n");

	root = yajl_tree_parse(out, errbuf, sizeof(errbuf));
	if (!root)
		fail_msg("invalid JSON: %s", errbuf);
	assert_true(YAJL_IS_OBJECT(root));
	assert_int_equal(YAJL_GET_OBJECT(root)->len, 4);
	assert_string_equal(YAJL_GET_OBJECT(root)->keys[2],
			    "weird \"name\\x\"/v a lue");
	assert_string_equal(YAJL_GET_OBJECT(root)->keys[3], "caf\xc3\xa9/x");
	v = YAJL_GET_OBJECT(root)->values[3];
	assert_true(YAJL_IS_INTEGER(v));
	assert_true(YAJL_GET_INTEGER(v) == 42);
	/* Beyond yajl's integers, but numbers to it all the same. */
	v = YAJL_GET_OBJECT(root)->values[2];
	assert_true(YAJL_IS_NUMBER(v));
	assert_string_equal(YAJL_GET_NUMBER(v), "-9223372036854775808");
	v = YAJL_GET_OBJECT(root)->values[1];
	assert_true(YAJL_IS_NUMBER(v));
	assert_string_equal(YAJL_GET_NUMBER(v), "18446744073709551615");
	yajl_tree_free(root);
	free(out);
	sfs_bulk_free(&bulk);
}

static void test_show_json_empty(void **state)
{
	struct sfs_bulk bulk = { 0 };
	char *out;

	(void)state;
	out = shown(true, &bulk);
	assert_string_equal(out, "{}\n");
	free(out);
	out = shown(false, &bulk);
	assert_string_equal(out, "");
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_show_text),
		cmocka_unit_test(test_show_json),
		cmocka_unit_test(test_show_json_empty),
	};

	return cmocka_run_group_tests_name("show", tests, NULL, NULL) ? 1 : 0;
}
