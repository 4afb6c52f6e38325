// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the statsfs client library: the .bulk and .schema
 * parsers, reading files, and opening a tree.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test.h"

#include "statsfs.h"

static int parse_bulk(const char *s, struct sfs_bulk *bulk,
		      struct sfs_error *err)
{
	return sfs_bulk_parse(s, strlen(s), bulk, err);
}

/* Parse @s, expect failure at @line with a message containing @msg. */
static void bulk_fails(const char *s, int ret, unsigned int line,
		       const char *msg)
{
	struct sfs_bulk bulk;
	struct sfs_error err;

	memset(&err, 0, sizeof(err));
	assert_int_equal(parse_bulk(s, &bulk, &err), ret);
	assert_int_equal(err.line, line);
	if (!strstr(err.msg, msg))
		fail_msg("input '%s': message '%s' lacks '%s'", s, err.msg,
			 msg);
	assert_null(bulk.entries);
	assert_int_equal(bulk.n, 0);
}

static void test_bulk_valid(void **state)
{
	static const char in[] = "read_ops 1\n"
				 "pathmon/data/read_bytes 18446744073709551615\n"
				 "pathmon/data/delta -5\n"
				 "zero 0\n"
				 "s64/max 9223372036854775807\n";
	struct sfs_bulk bulk;
	struct sfs_error err;

	(void)state;
	assert_int_equal(parse_bulk(in, &bulk, &err), 0);
	assert_int_equal(bulk.n, 5);
	assert_string_equal(bulk.entries[0].path, "read_ops");
	assert_false(bulk.entries[0].is_signed);
	assert_true(bulk.entries[0].u == 1);
	assert_string_equal(bulk.entries[1].path, "pathmon/data/read_bytes");
	assert_false(bulk.entries[1].is_signed);
	assert_true(bulk.entries[1].u == UINT64_MAX);
	assert_string_equal(bulk.entries[2].path, "pathmon/data/delta");
	assert_true(bulk.entries[2].is_signed);
	assert_true(bulk.entries[2].s == -5);
	assert_string_equal(bulk.entries[3].path, "zero");
	assert_true(bulk.entries[3].u == 0);
	assert_false(bulk.entries[3].is_signed);
	assert_true(bulk.entries[4].u == INT64_MAX);
	sfs_bulk_free(&bulk);
	assert_null(bulk.entries);
}

static void test_bulk_negative_s64(void **state)
{
	struct sfs_bulk bulk;
	struct sfs_error err;

	(void)state;
	assert_int_equal(parse_bulk("a -9223372036854775808\nb -1\n", &bulk,
				    &err), 0);
	assert_int_equal(bulk.n, 2);
	assert_true(bulk.entries[0].is_signed);
	assert_true(bulk.entries[0].s == INT64_MIN);
	assert_true(bulk.entries[1].is_signed);
	assert_true(bulk.entries[1].s == -1);
	sfs_bulk_free(&bulk);

	bulk_fails("a -9223372036854775809\n", -ERANGE, 1,
		   "value out of range '-9223372036854775809'");
	bulk_fails("a -0\n", -EINVAL, 1, "not a decimal integer '-0'");
	bulk_fails("a -\n", -EINVAL, 1, "not a decimal integer '-'");
	bulk_fails("a --1\n", -EINVAL, 1, "not a decimal integer");
}

static void test_bulk_empty(void **state)
{
	struct sfs_bulk bulk;
	struct sfs_error err;

	(void)state;
	assert_int_equal(sfs_bulk_parse("", 0, &bulk, &err), 0);
	assert_int_equal(bulk.n, 0);
	sfs_bulk_free(&bulk);
	bulk_fails("\n", -EINVAL, 1, "empty line");
	bulk_fails("a 1\n\nb 2\n", -EINVAL, 2, "empty line");
}

static void test_bulk_missing_value(void **state)
{
	(void)state;
	bulk_fails("read_ops\n", -EINVAL, 1, "missing value after 'read_ops'");
	/* A trailing space, and no value after it. */
	bulk_fails("read_ops\x20\n", -EINVAL, 1, "missing value");
	bulk_fails("a 1\nb 2\nc\n", -EINVAL, 3, "missing value after 'c'");
}

static void test_bulk_non_numeric(void **state)
{
	(void)state;
	bulk_fails("a x\n", -EINVAL, 1, "not a decimal integer 'x'");
	bulk_fails("a 1x\n", -EINVAL, 1, "not a decimal integer '1x'");
	bulk_fails("a +1\n", -EINVAL, 1, "not a decimal integer '+1'");
	bulk_fails("a 01\n", -EINVAL, 1, "not a decimal integer '01'");
	bulk_fails("a 1.5\n", -EINVAL, 1, "not a decimal integer '1.5'");
	bulk_fails("a 0x10\n", -EINVAL, 1, "not a decimal integer '0x10'");
}

static void test_bulk_overflow(void **state)
{
	(void)state;
	bulk_fails("a 18446744073709551616\n", -ERANGE, 1,
		   "value out of range '18446744073709551616'");
	bulk_fails("a 1\nb 99999999999999999999999\n", -ERANGE, 2,
		   "value out of range");
}

static void test_bulk_trailing_garbage(void **state)
{
	struct sfs_bulk bulk;
	struct sfs_error err;

	(void)state;
	/* The value is the last word: "12 junk" makes "junk" the value. */
	bulk_fails("a 12 junk\n", -EINVAL, 1, "not a decimal integer 'junk'");
	bulk_fails("a 12\t\n", -EINVAL, 1, "control character 0x09 at column 5");
	bulk_fails("a 12\r\n", -EINVAL, 1, "control character 0x0d");
	bulk_fails("a 1\nb 2\x01\n", -EINVAL, 2, "control character 0x01");
	assert_int_equal(sfs_bulk_parse("a 1\0\n", 5, &bulk, &err),
			 -EINVAL);
	assert_string_equal(err.msg, "NUL byte in file");
}

static void test_bulk_no_newline_at_eof(void **state)
{
	(void)state;
	/* A truncated read, never what statsfs prints: rejected. */
	bulk_fails("a 1\nb 2", -EINVAL, 2, "no newline at end of file");
	bulk_fails("a 1", -EINVAL, 1, "no newline at end of file");
}

static void test_bulk_paths(void **state)
{
	struct sfs_bulk bulk;
	struct sfs_error err;

	(void)state;
	/* statsfs names may contain spaces. */
	assert_int_equal(parse_bulk("my dir/read ops 7\n", &bulk, &err), 0);
	assert_int_equal(bulk.n, 1);
	assert_string_equal(bulk.entries[0].path, "my dir/read ops");
	assert_true(bulk.entries[0].u == 7);
	sfs_bulk_free(&bulk);

	bulk_fails(" 1\n", -EINVAL, 1, "invalid path ''");
	bulk_fails("/a 1\n", -EINVAL, 1, "invalid path '/a'");
	bulk_fails("a/ 1\n", -EINVAL, 1, "invalid path 'a/'");
	bulk_fails("a//b 1\n", -EINVAL, 1, "invalid path 'a//b'");
	bulk_fails(".bulk 1\n", -EINVAL, 1, "invalid path '.bulk'");
	bulk_fails("a/.x 1\n", -EINVAL, 1, "invalid path 'a/.x'");
	bulk_fails("a 1\nb 2\na 3\n", -EINVAL, 3, "duplicate path 'a'");
}

static void test_bulk_huge(void **state)
{
	const size_t n = 300000;
	struct sfs_bulk bulk;
	struct sfs_error err;
	size_t i, len = 0;
	char *buf;

	(void)state;
	buf = malloc(n * 64);
	assert_non_null(buf);
	for (i = 0; i < n; i++)
		len += sprintf(buf + len, "src%zu/value %s%zu\n", i,
			       i % 2 ? "-" : "", i * 1000003 + 1);
	assert_int_equal(sfs_bulk_parse(buf, len, &bulk, &err), 0);
	assert_int_equal(bulk.n, n);
	for (i = 0; i < n; i += 9973) {
		char path[32];

		snprintf(path, sizeof(path), "src%zu/value", i);
		assert_string_equal(bulk.entries[i].path, path);
		assert_int_equal(bulk.entries[i].is_signed, i % 2);
		if (i % 2)
			assert_true(bulk.entries[i].s ==
				    -(int64_t)(i * 1000003 + 1));
		else
			assert_true(bulk.entries[i].u == i * 1000003 + 1);
	}
	assert_string_equal(bulk.entries[n - 1].path, "src299999/value");
	sfs_bulk_free(&bulk);
	free(buf);
}

static const char schema_hdr[] =
	"# statsfs schema v1: name type aggregation flags unit description\n";

static int parse_schema(const char *body, struct sfs_schema *schema,
			struct sfs_error *err)
{
	char buf[4096];

	snprintf(buf, sizeof(buf), "%s%s", schema_hdr, body);
	return sfs_schema_parse(buf, strlen(buf), schema, err);
}

static void schema_fails(const char *body, unsigned int line,
			 const char *msg)
{
	struct sfs_schema schema;
	struct sfs_error err;

	memset(&err, 0, sizeof(err));
	assert_int_equal(parse_schema(body, &schema, &err), -EINVAL);
	assert_int_equal(err.line, line);
	if (!strstr(err.msg, msg))
		fail_msg("input '%s': message '%s' lacks '%s'", body, err.msg,
			 msg);
	assert_null(schema.entries);
}

/* As module/statsfs/file.c prints it. */
static const char schema_in[] =
	"read_ops\tu64\tnone\tcumulative,percpu\tops\tread operations\n"
	"delta\ts64\tnone\tfloating,plain\t-\t-\n"
	"on\tbool\tnone\tfloating,callback\t-\tswitched on\n"
	"read_bytes\tu64\tsum\tcumulative,plain,aggregate\tbytes\tbytes read\n"
	"zeros\tu64\tcount_zero\tfloating,callback,aggregate\t-\t-\n"
	"write_ops\tu64\tsum\tcumulative,percpu\tops\twrite operations\n";

static void test_schema_valid(void **state)
{
	struct sfs_schema schema;
	struct sfs_error err;

	(void)state;
	assert_int_equal(parse_schema(schema_in, &schema, &err), 0);
	assert_int_equal(schema.n, 6);
	assert_string_equal(schema.entries[0].name, "read_ops");
	assert_int_equal(schema.entries[0].type, SFS_TYPE_U64);
	assert_int_equal(schema.entries[0].aggr, SFS_AGGR_NONE);
	assert_int_equal(schema.entries[0].flags,
			 SFS_FLAG_CUMULATIVE | SFS_FLAG_PERCPU);
	assert_string_equal(schema.entries[0].unit, "ops");
	assert_string_equal(schema.entries[0].desc, "read operations");
	assert_string_equal(schema.entries[1].name, "delta");
	assert_int_equal(schema.entries[1].type, SFS_TYPE_S64);
	assert_int_equal(schema.entries[1].flags,
			 SFS_FLAG_FLOATING | SFS_FLAG_PLAIN);
	assert_null(schema.entries[1].unit);
	assert_null(schema.entries[1].desc);
	assert_int_equal(schema.entries[2].type, SFS_TYPE_BOOL);
	assert_string_equal(schema.entries[2].desc, "switched on");
	assert_int_equal(schema.entries[3].aggr, SFS_AGGR_SUM);
	assert_int_equal(schema.entries[3].flags,
			 SFS_FLAG_CUMULATIVE | SFS_FLAG_PLAIN |
			 SFS_FLAG_AGGREGATE);
	assert_int_equal(schema.entries[4].aggr, SFS_AGGR_COUNT_ZERO);
	/* An own value aggregated into its ancestors. */
	assert_int_equal(schema.entries[5].aggr, SFS_AGGR_SUM);
	assert_int_equal(schema.entries[5].flags,
			 SFS_FLAG_CUMULATIVE | SFS_FLAG_PERCPU);
	sfs_schema_free(&schema);

	/* A source without values. */
	assert_int_equal(parse_schema("", &schema, &err), 0);
	assert_int_equal(schema.n, 0);
	sfs_schema_free(&schema);
}

static void test_schema_header(void **state)
{
	struct sfs_schema schema;
	struct sfs_error err;

	(void)state;
	assert_int_equal(sfs_schema_parse("", 0, &schema, &err), -EINVAL);
	assert_int_equal(err.line, 1);
	assert_non_null(strstr(err.msg, "missing header"));
	assert_int_equal(sfs_schema_parse("a\tu64\n", 6, &schema, &err),
			 -EINVAL);
	assert_non_null(strstr(err.msg, "missing header"));
	assert_int_equal(sfs_schema_parse("# statsfs schema v2: x\n", 23,
					  &schema, &err), -EINVAL);
	assert_int_equal(err.line, 1);
	assert_non_null(strstr(err.msg, "unsupported schema version"));
	assert_int_equal(sfs_schema_parse("# statsfs schema v1: x", 22,
					  &schema, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "no newline at end of file"));
}

static void test_schema_invalid(void **state)
{
	(void)state;
	schema_fails("a\tu64\tnone\tcumulative,plain\t-\n", 2,
		     "5 tab-separated fields, expected 6");
	schema_fails("a\tu64\tnone\tcumulative,plain\t-\t-\tx\n", 2,
		     "7 tab-separated fields, expected 6");
	schema_fails("a\tu64\tnone\tcumulative,plain\t-\t-\n"
		     "b\tu32\tnone\tcumulative,plain\t-\t-\n", 3,
		     "unknown type 'u32'");
	schema_fails("b\tu64\tmedian\tcumulative,plain\t-\t-\n", 2,
		     "unknown aggregation 'median'");
	schema_fails("b\tu64\tnone\tcumulative,fast\t-\t-\n", 2,
		     "unknown flag 'fast'");
	schema_fails("b\tu64\tnone\tcumulative,,plain\t-\t-\n", 2,
		     "invalid flags");
	schema_fails("b\tu64\tnone\tcumulative,plain,\t-\t-\n", 2,
		     "invalid flags");
	schema_fails("b\tu64\tnone\tcumulative,plain,plain\t-\t-\n", 2,
		     "duplicate flag 'plain'");
	schema_fails("b\tu64\tnone\tcumulative,floating,plain\t-\t-\n", 2,
		     "exactly one of cumulative, floating");
	schema_fails("b\tu64\tnone\tcumulative\t-\t-\n", 2,
		     "exactly one of percpu, plain, callback");
	schema_fails("b\tu64\tnone\tcumulative,plain,aggregate\t-\t-\n", 2,
		     "aggregation 'none' does not match the flags");
	schema_fails("b\tu64\tnone\tcumulative,plain\t\t-\n", 2,
		     "field 5 is empty");
	schema_fails("a/b\tu64\tnone\tcumulative,plain\t-\t-\n", 2,
		     "invalid name 'a/b'");
	schema_fails(".a\tu64\tnone\tcumulative,plain\t-\t-\n", 2,
		     "invalid name '.a'");
	schema_fails("a\tu64\tnone\tcumulative,plain\t-\t-\n"
		     "a\tu64\tsum\tcumulative,plain,aggregate\t-\t-\n", 3,
		     "duplicate name 'a'");
	schema_fails("a\tu64\tnone\tcumulative,plain\t-\t-", 2,
		     "no newline at end of file");
	schema_fails("\n", 2, "empty line");
	schema_fails("a\tu64\tnone\tcumulative,plain\t-\tx\ry\n", 2,
		     "control character 0x0d");
}

static void test_parse_value(void **state)
{
	struct sfs_entry e;
	uint64_t v;

	(void)state;
	assert_int_equal(sfs_parse_u64("0", 1, &v), 0);
	assert_true(v == 0);
	assert_int_equal(sfs_parse_u64("18446744073709551615", 20, &v),
			 0);
	assert_true(v == UINT64_MAX);
	assert_int_equal(sfs_parse_u64("18446744073709551616", 20, &v),
			 -ERANGE);
	assert_int_equal(sfs_parse_u64("", 0, &v), -EINVAL);
	assert_int_equal(sfs_parse_value("-9223372036854775807", 20, &e),
			 0);
	assert_true(e.is_signed && e.s == -INT64_MAX);
	assert_int_equal(sfs_parse_value("-18446744073709551616", 21, &e),
			 -ERANGE);
}

/* A scratch directory standing in for a statsfs tree. */
static char tmpdir[64];

static int tree_setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/statsfs_test.XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	return 0;
}

static int tree_teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) ? -1 : 0;
}

static void write_file(const char *rel, const char *data, size_t len)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void test_read_file_grows(void **state)
{
	const size_t len = 5 * 1000 * 1000 + 7;
	struct sfs_error err;
	char *data, *buf;
	size_t i, got;
	int dirfd;

	(void)state;
	data = malloc(len);
	assert_non_null(data);
	for (i = 0; i < len; i++)
		data[i] = 'a' + i % 26;
	write_file("big", data, len);
	assert_int_equal(sfs_read_file(AT_FDCWD, "/nonexistent/x", &buf,
				       &got, &err), -ENOENT);
	dirfd = open(tmpdir, O_RDONLY | O_DIRECTORY);
	assert_true(dirfd >= 0);
	assert_int_equal(sfs_read_file(dirfd, "big", &buf, &got, &err), 0);
	assert_int_equal(got, len);
	assert_memory_equal(buf, data, len);
	assert_int_equal(buf[len], '\0');
	free(buf);
	write_file("empty", "", 0);
	assert_int_equal(sfs_read_file(dirfd, "empty", &buf, &got, &err),
			 0);
	assert_int_equal(got, 0);
	free(buf);
	free(data);
	close(dirfd);
}

static void test_open(void **state)
{
	struct sfs_error err;
	struct sfs_tree fs;

	(void)state;
	assert_int_equal(sfs_open(&fs, "/nonexistent/stats", true, &err),
			 -ENOENT);
	assert_string_equal(err.msg,
			    "pathstats module not loaded (no /nonexistent/stats)");
	/* Never mount here: with the module loaded, it would succeed. */
	assert_int_equal(sfs_open(&fs, tmpdir, false, &err), -ENODEV);
	assert_non_null(strstr(err.msg, "statsfs is not mounted on"));
}

/* The read helpers, on a tree that is a plain directory. */
static void test_read_tree(void **state)
{
	struct sfs_schema schema;
	struct sfs_bulk bulk;
	struct sfs_error err;
	struct sfs_tree fs;
	char expect[256];
	uint64_t v;

	(void)state;
	fs.dirfd = open(tmpdir, O_RDONLY | O_DIRECTORY);
	assert_true(fs.dirfd >= 0);
	fs.root = strdup(tmpdir);
	snprintf(expect, sizeof(expect), "%s/pathstats", tmpdir);
	assert_int_equal(mkdir(expect, 0755), 0);
	write_file("pathstats/version_major", "3\n", 2);
	write_file("pathstats/version_minor", "3", 1);
	write_file("pathstats/.bulk", "version_major 3\nx\n", 18);
	write_file("pathstats/.schema", schema_hdr, strlen(schema_hdr));
	write_file(".bulk", "pathstats/version_major 3\n", 26);

	assert_int_equal(sfs_read_u64(&fs, "pathstats/version_major", &v,
				      &err), 0);
	assert_true(v == 3);
	assert_int_equal(sfs_read_u64(&fs, "pathstats/version_minor", &v,
				      &err), -EINVAL);
	snprintf(expect, sizeof(expect),
		 "%s/pathstats/version_minor: not an unsigned decimal value",
		 tmpdir);
	assert_string_equal(err.msg, expect);
	assert_int_equal(sfs_read_u64(&fs, "pathstats/nope", &v, &err),
			 -ENOENT);

	assert_int_equal(sfs_read_bulk(&fs, NULL, &bulk, &err), 0);
	assert_int_equal(bulk.n, 1);
	assert_string_equal(bulk.entries[0].path, "pathstats/version_major");
	sfs_bulk_free(&bulk);
	assert_int_equal(sfs_read_bulk(&fs, "pathstats", &bulk, &err),
			 -EINVAL);
	snprintf(expect, sizeof(expect),
		 "%s/pathstats/.bulk:2: missing value after 'x'", tmpdir);
	assert_string_equal(err.msg, expect);
	assert_int_equal(sfs_read_schema(&fs, "pathstats", &schema, &err),
			 0);
	assert_int_equal(schema.n, 0);
	sfs_schema_free(&schema);
	assert_int_equal(sfs_read_schema(&fs, "nope", &schema, &err),
			 -ENOENT);
	snprintf(expect, sizeof(expect),
		 "cannot read %s/nope/.schema: No such file or directory",
		 tmpdir);
	assert_string_equal(err.msg, expect);
	sfs_close(&fs);
}

#define tree_test(f)	cmocka_unit_test_setup_teardown(f, tree_setup, \
							tree_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bulk_valid),
		cmocka_unit_test(test_bulk_negative_s64),
		cmocka_unit_test(test_bulk_empty),
		cmocka_unit_test(test_bulk_missing_value),
		cmocka_unit_test(test_bulk_non_numeric),
		cmocka_unit_test(test_bulk_overflow),
		cmocka_unit_test(test_bulk_trailing_garbage),
		cmocka_unit_test(test_bulk_no_newline_at_eof),
		cmocka_unit_test(test_bulk_paths),
		cmocka_unit_test(test_bulk_huge),
		cmocka_unit_test(test_schema_valid),
		cmocka_unit_test(test_schema_header),
		cmocka_unit_test(test_schema_invalid),
		cmocka_unit_test(test_parse_value),
		tree_test(test_read_file_grows),
		tree_test(test_open),
		tree_test(test_read_tree),
	};

	return cmocka_run_group_tests_name("statsfs", tests, NULL, NULL) ?
	       1 : 0;
}
