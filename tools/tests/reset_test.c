// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of pathstatsctl reset on fake statsfs trees: which files get
 * "0" written, as the .schema files say, and the unknown names.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"
#include "tree.h"

#include "reset.h"
#include "statsfs.h"

#define SCHEMA_HDR "# statsfs schema v1: name type aggregation flags unit description\n"

/* Values hold "9\n": a reset overwrites the 9 with the "0" it writes. */
static const struct tree_file tree[] = {
	{ "pathmon/.schema", SCHEMA_HDR
	  "read_ops\tu64\tsum\tcumulative,percpu,aggregate\tops\tread operations\n"
	  "open_files\tu64\tsum\tfloating,callback,aggregate\t-\ta level\n" },
	{ "pathmon/read_ops", "9\n" },
	{ "pathmon/open_files", "9\n" },
	{ "pathmon/data/.schema", SCHEMA_HDR
	  "read_ops\tu64\tsum\tcumulative,percpu\tops\tread operations\n"
	  "open_files\tu64\tsum\tfloating,callback\t-\ta level\n" },
	{ "pathmon/data/prefix", "/mnt/data\n" },
	{ "pathmon/data/read_ops", "9\n" },
	{ "pathmon/data/open_files", "9\n" },
	{ "pathmon/tmp/.schema", SCHEMA_HDR
	  "read_ops\tu64\tsum\tcumulative,percpu\tops\tread operations\n" },
	{ "pathmon/tmp/prefix", "/tmp\n" },
	{ "pathmon/tmp/read_ops", "9\n" },
};

/* The same with sockets, one of them named like a prefix. */
static const struct tree_file tree_uds[] = {
	{ "pathmon/.schema", SCHEMA_HDR
	  "read_ops\tu64\tsum\tcumulative,percpu,aggregate\tops\tread operations\n" },
	{ "pathmon/read_ops", "9\n" },
	{ "pathmon/data/.schema", SCHEMA_HDR
	  "read_ops\tu64\tsum\tcumulative,percpu\tops\tread operations\n" },
	{ "pathmon/data/read_ops", "9\n" },
	{ "uds/.schema", SCHEMA_HDR
	  "send_ops_total\tu64\tsum\tcumulative,percpu,aggregate\tops\tsends\n" },
	{ "uds/send_ops_total", "9\n" },
	{ "uds/data/.schema", SCHEMA_HDR
	  "send_ops_total\tu64\tsum\tcumulative,percpu\tops\tsends\n" },
	{ "uds/data/socket", "/run/data.sock\n" },
	{ "uds/data/send_ops_total", "9\n" },
	{ "uds/rpc/.schema", SCHEMA_HDR
	  "send_ops_total\tu64\tsum\tcumulative,percpu\tops\tsends\n" },
	{ "uds/rpc/socket", "@rpc\n" },
	{ "uds/rpc/send_ops_total", "9\n" },
};

/* Reset @name in a new copy of @files; the tree, and the report in @out. */
static char *reset(const struct tree_file *files, size_t n, const char *name,
		   int *ret, struct sfs_error *err, char **out)
{
	struct sfs_tree fs;
	size_t size;
	char *root;
	FILE *f;

	root = tree_make(files, n);
	assert_int_equal(sfs_open_plain(&fs, root, err), 0);
	f = open_memstream(out, &size);
	assert_non_null(f);
	*ret = reset_tree(f, &fs, name, err);
	assert_int_equal(fclose(f), 0);
	sfs_close(&fs);
	return root;
}

static void assert_value(const char *root, const char *path,
			 const char *expected)
{
	char *text = tree_read(root, path);

	if (strcmp(text, expected))
		fail_msg("%s: '%s', expected '%s'", path, text, expected);
	free(text);
}

static void test_reset_all(void **state)
{
	struct sfs_error err;
	char *root, *out;
	int ret;

	(void)state;
	root = reset(tree, ARRAY_SIZE(tree), NULL, &ret, &err, &out);
	assert_int_equal(ret, 0);
	/* The aggregates only: statsfs resets the sources below. */
	assert_value(root, "pathmon/read_ops", "0\n");
	assert_value(root, "pathmon/open_files", "9\n");
	assert_value(root, "pathmon/data/read_ops", "9\n");
	/* No uds/: nothing to reset there, and no error. */
	assert_string_equal(out, "pathmon: 1 value reset\n");
	free(out);
	tree_remove(root);

	root = reset(tree_uds, ARRAY_SIZE(tree_uds), NULL, &ret, &err, &out);
	assert_int_equal(ret, 0);
	assert_value(root, "pathmon/read_ops", "0\n");
	assert_value(root, "uds/send_ops_total", "0\n");
	assert_value(root, "uds/rpc/send_ops_total", "9\n");
	assert_string_equal(out, "pathmon: 1 value reset\nuds: 1 value reset\n");
	free(out);
	tree_remove(root);
}

static void test_reset_name(void **state)
{
	struct sfs_error err;
	char *root, *out;
	int ret;

	(void)state;
	root = reset(tree, ARRAY_SIZE(tree), "data", &ret, &err, &out);
	assert_int_equal(ret, 0);
	assert_value(root, "pathmon/data/read_ops", "0\n");
	assert_value(root, "pathmon/data/open_files", "9\n");
	assert_value(root, "pathmon/tmp/read_ops", "9\n");
	assert_value(root, "pathmon/read_ops", "9\n");
	assert_string_equal(out, "pathmon/data: 1 value reset\n");
	free(out);
	tree_remove(root);

	/* A prefix and a socket of the same name: both. */
	root = reset(tree_uds, ARRAY_SIZE(tree_uds), "data", &ret, &err, &out);
	assert_int_equal(ret, 0);
	assert_value(root, "pathmon/data/read_ops", "0\n");
	assert_value(root, "uds/data/send_ops_total", "0\n");
	assert_value(root, "uds/rpc/send_ops_total", "9\n");
	assert_string_equal(out, "pathmon/data: 1 value reset\n"
			    "uds/data: 1 value reset\n");
	free(out);
	tree_remove(root);

	root = reset(tree_uds, ARRAY_SIZE(tree_uds), "rpc", &ret, &err, &out);
	assert_int_equal(ret, 0);
	assert_value(root, "uds/rpc/send_ops_total", "0\n");
	assert_value(root, "pathmon/data/read_ops", "9\n");
	assert_string_equal(out, "uds/rpc: 1 value reset\n");
	free(out);
	tree_remove(root);
}

static void test_reset_unknown(void **state)
{
	static const char *const names[] = {
		"x", "", ".", "..", "../pathmon", "data/..", ".schema",
		"prefix", "a\nb",
	};
	struct sfs_error err;
	char *root, *out;
	unsigned int i;
	int ret;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		root = reset(tree, ARRAY_SIZE(tree), names[i], &ret, &err,
			     &out);
		assert_int_equal(ret, -ESRCH);
		assert_string_equal(out, "");
		assert_value(root, "pathmon/read_ops", "9\n");
		assert_value(root, "pathmon/data/read_ops", "9\n");
		free(out);
		tree_remove(root);
	}
	root = reset(tree, ARRAY_SIZE(tree), "x", &ret, &err, &out);
	assert_string_equal(err.msg, "no source named 'x'");
	free(out);
	tree_remove(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reset_all),
		cmocka_unit_test(test_reset_name),
		cmocka_unit_test(test_reset_unknown),
	};

	return cmocka_run_group_tests_name("reset", tests, NULL, NULL) ? 1 : 0;
}
