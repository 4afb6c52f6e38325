// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of pathstatsctl export: the exposition of fake statsfs
 * trees, byte for byte, and checked by Prometheus' own promtool when it is
 * installed.  Without promtool that test is skipped, unless CI is set in
 * the environment: then it fails, so CI cannot pass without the check.
 */

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test.h"
#include "tree.h"

#include "export.h"
#include "statsfs.h"

#define SCHEMA_HDR "# statsfs schema v1: name type aggregation flags unit description\n"
#define SCHEMA_RW \
	"read_ops\tu64\tsum\tcumulative,percpu\tops\tread operations\n" \
	"write_ops\tu64\tsum\tcumulative,percpu\tops\twrite operations\n" \
	"read_bytes\tu64\tsum\tcumulative,percpu\tbytes\tbytes read\n" \
	"write_bytes\tu64\tsum\tcumulative,percpu\tbytes\tbytes written\n"

/* Two prefixes, one counting syscalls, and a socket; aggregates above. */
static const struct tree_file tree_full[] = {
	{ ".bulk",
	  "pathstats/version_major 0\n"
	  "pathmon/read_ops 12\n"
	  "pathmon/write_ops 3\n"
	  "pathmon/read_bytes 4096\n"
	  "pathmon/write_bytes 10\n"
	  "pathmon/openat_calls 7\n"
	  "pathmon/app/read_ops 7\n"
	  "pathmon/app/write_ops 2\n"
	  "pathmon/app/read_bytes 18446744073709551615\n"
	  "pathmon/app/write_bytes 0\n"
	  "pathmon/data/read_ops 5\n"
	  "pathmon/data/write_ops 1\n"
	  "pathmon/data/read_bytes 4096\n"
	  "pathmon/data/write_bytes 10\n"
	  "pathmon/data/openat_calls 7\n"
	  "pathmon/data/close_calls 3\n"
	  "pathmon/data/read_calls 9\n"
	  "uds/send_bytes_total 100\n"
	  "uds/dropped_total 1\n"
	  "uds/upstream/send_bytes_total 100\n"
	  "uds/upstream/recv_bytes_total 200\n"
	  "uds/upstream/send_ops_total 4\n"
	  "uds/upstream/recv_ops_total 5\n"
	  "uds/upstream/captured_total 3\n"
	  "uds/upstream/dropped_total 1\n" },
	{ "pathstats/.schema", SCHEMA_HDR
	  "version_major\tu64\tnone\tfloating,plain\t-\tmajor version\n" },
	{ "pathstats/version_major", "0\n" },
	{ "pathmon/.schema", SCHEMA_HDR },
	{ "pathmon/app/prefix", "/tmp\n" },
	{ "pathmon/app/.schema", SCHEMA_HDR SCHEMA_RW },
	{ "pathmon/data/prefix", "/mnt/data\n" },
	{ "pathmon/data/.schema", SCHEMA_HDR SCHEMA_RW
	  "openat_calls\tu64\tsum\tcumulative,percpu\tcalls\topenat calls\n"
	  "close_calls\tu64\tsum\tcumulative,percpu\tcalls\tclose calls\n"
	  "read_calls\tu64\tsum\tcumulative,percpu\tcalls\tread calls\n" },
	{ "uds/.schema", SCHEMA_HDR },
	{ "uds/upstream/socket", "/tmp/upstream.sock\n" },
	{ "uds/upstream/.schema", SCHEMA_HDR },
};

/* Sorted by label, not by directory: /mnt/data (data) before /tmp (app). */
static const char expo_full[] =
	"# HELP pathstats_path_syscalls_total System calls on files under the path prefix, by syscall.\n"
	"# TYPE pathstats_path_syscalls_total counter\n"
	"pathstats_path_syscalls_total{path=\"/mnt/data\",syscall=\"close\"} 3\n"
	"pathstats_path_syscalls_total{path=\"/mnt/data\",syscall=\"openat\"} 7\n"
	"pathstats_path_syscalls_total{path=\"/mnt/data\",syscall=\"read\"} 9\n"
	"# HELP pathstats_path_read_operations_total Read operations on files under the path prefix.\n"
	"# TYPE pathstats_path_read_operations_total counter\n"
	"pathstats_path_read_operations_total{path=\"/mnt/data\"} 5\n"
	"pathstats_path_read_operations_total{path=\"/tmp\"} 7\n"
	"# HELP pathstats_path_write_operations_total Write operations on files under the path prefix.\n"
	"# TYPE pathstats_path_write_operations_total counter\n"
	"pathstats_path_write_operations_total{path=\"/mnt/data\"} 1\n"
	"pathstats_path_write_operations_total{path=\"/tmp\"} 2\n"
	"# HELP pathstats_path_bytes_read_total Bytes read from files under the path prefix.\n"
	"# TYPE pathstats_path_bytes_read_total counter\n"
	"pathstats_path_bytes_read_total{path=\"/mnt/data\"} 4096\n"
	"pathstats_path_bytes_read_total{path=\"/tmp\"} 18446744073709551615\n"
	"# HELP pathstats_path_bytes_written_total Bytes written to files under the path prefix.\n"
	"# TYPE pathstats_path_bytes_written_total counter\n"
	"pathstats_path_bytes_written_total{path=\"/mnt/data\"} 10\n"
	"pathstats_path_bytes_written_total{path=\"/tmp\"} 0\n"
	"# HELP pathstats_uds_send_bytes_total Bytes clients sent to the unix socket.\n"
	"# TYPE pathstats_uds_send_bytes_total counter\n"
	"pathstats_uds_send_bytes_total{socket=\"/tmp/upstream.sock\"} 100\n"
	"# HELP pathstats_uds_recv_bytes_total Bytes clients received from the unix socket.\n"
	"# TYPE pathstats_uds_recv_bytes_total counter\n"
	"pathstats_uds_recv_bytes_total{socket=\"/tmp/upstream.sock\"} 200\n"
	"# HELP pathstats_uds_send_ops_total Messages clients sent to the unix socket.\n"
	"# TYPE pathstats_uds_send_ops_total counter\n"
	"pathstats_uds_send_ops_total{socket=\"/tmp/upstream.sock\"} 4\n"
	"# HELP pathstats_uds_recv_ops_total Messages clients received from the unix socket.\n"
	"# TYPE pathstats_uds_recv_ops_total counter\n"
	"pathstats_uds_recv_ops_total{socket=\"/tmp/upstream.sock\"} 5\n"
	"# HELP pathstats_uds_captured_total Messages sent to the unix socket captured into the ring.\n"
	"# TYPE pathstats_uds_captured_total counter\n"
	"pathstats_uds_captured_total{socket=\"/tmp/upstream.sock\"} 3\n"
	"# HELP pathstats_uds_dropped_total Captures dropped because the ring was full.\n"
	"# TYPE pathstats_uds_dropped_total counter\n"
	"pathstats_uds_dropped_total{socket=\"/tmp/upstream.sock\"} 1\n";

/*
 * Labels that need escaping, and UTF-8 that does not; no uds/ at all, as
 * before the module has sockets; a source the .bulk lists but that is
 * gone (a configuration loaded since) is left out.
 */
static const struct tree_file tree_escape[] = {
	{ ".bulk",
	  "pathmon/q/read_ops 1\n"
	  "pathmon/q/write_ops 2\n"
	  "pathmon/q/read_bytes 3\n"
	  "pathmon/q/write_bytes 4\n"
	  "pathmon/q/openat_calls 5\n"
	  "pathmon/u/read_ops 6\n"
	  "pathmon/u/write_ops 7\n"
	  "pathmon/u/read_bytes 8\n"
	  "pathmon/u/write_bytes 9\n"
	  "pathmon/gone/read_ops 10\n" },
	{ "pathmon/.schema", SCHEMA_HDR },
	{ "pathmon/q/prefix", "/srv/a\"b\\c\n" },
	{ "pathmon/q/.schema", SCHEMA_HDR SCHEMA_RW
	  "openat_calls\tu64\tsum\tcumulative,percpu\tcalls\topenat calls\n" },
	{ "pathmon/u/prefix", "/donn\xc3\xa9\x65s/\xe6\x97\xa5\xe6\x9c\xac\n" },
	{ "pathmon/u/.schema", SCHEMA_HDR SCHEMA_RW },
};

static const char expo_escape[] =
	"# HELP pathstats_path_syscalls_total System calls on files under the path prefix, by syscall.\n"
	"# TYPE pathstats_path_syscalls_total counter\n"
	"pathstats_path_syscalls_total{path=\"/srv/a\\\"b\\\\c\",syscall=\"openat\"} 5\n"
	"# HELP pathstats_path_read_operations_total Read operations on files under the path prefix.\n"
	"# TYPE pathstats_path_read_operations_total counter\n"
	"pathstats_path_read_operations_total{path=\"/donn\xc3\xa9\x65s/\xe6\x97\xa5\xe6\x9c\xac\"} 6\n"
	"pathstats_path_read_operations_total{path=\"/srv/a\\\"b\\\\c\"} 1\n"
	"# HELP pathstats_path_write_operations_total Write operations on files under the path prefix.\n"
	"# TYPE pathstats_path_write_operations_total counter\n"
	"pathstats_path_write_operations_total{path=\"/donn\xc3\xa9\x65s/\xe6\x97\xa5\xe6\x9c\xac\"} 7\n"
	"pathstats_path_write_operations_total{path=\"/srv/a\\\"b\\\\c\"} 2\n"
	"# HELP pathstats_path_bytes_read_total Bytes read from files under the path prefix.\n"
	"# TYPE pathstats_path_bytes_read_total counter\n"
	"pathstats_path_bytes_read_total{path=\"/donn\xc3\xa9\x65s/\xe6\x97\xa5\xe6\x9c\xac\"} 8\n"
	"pathstats_path_bytes_read_total{path=\"/srv/a\\\"b\\\\c\"} 3\n"
	"# HELP pathstats_path_bytes_written_total Bytes written to files under the path prefix.\n"
	"# TYPE pathstats_path_bytes_written_total counter\n"
	"pathstats_path_bytes_written_total{path=\"/donn\xc3\xa9\x65s/\xe6\x97\xa5\xe6\x9c\xac\"} 9\n"
	"pathstats_path_bytes_written_total{path=\"/srv/a\\\"b\\\\c\"} 4\n";

/*
 * Groups below a prefix and a socket: by cgroup (one of a pod, one whose
 * container id is unknown), by process, by both, "other", one folded
 * since the .bulk was read (its label files gone), and a directory that
 * names no group.  A source's total comes before its groups.
 */
static const struct tree_file tree_groups[] = {
	{ ".bulk",
	  "pathmon/d/read_ops 6\n"
	  "pathmon/d/read_calls 6\n"
	  "pathmon/d/cgroup-41/read_ops 4\n"
	  "pathmon/d/cgroup-41/read_calls 4\n"
	  "pathmon/d/cgroup-7/read_ops 1\n"
	  "pathmon/d/cgroup-7/read_calls 1\n"
	  "pathmon/d/cgroup-9/read_ops 1\n"
	  "pathmon/d/other/read_ops 0\n"
	  "pathmon/d/other/read_calls 0\n"
	  "pathmon/d/cgroup-x/read_ops 5\n"
	  "pathmon/p/read_ops 3\n"
	  "pathmon/p/process-1/read_ops 2\n"
	  "pathmon/p/cgroup-7-process-2/read_ops 1\n"
	  "uds/s/send_ops_total 2\n"
	  "uds/s/cgroup-41/send_ops_total 2\n" },
	{ "pathmon/d/prefix", "/data\n" },
	{ "pathmon/d/cgroup-41/cgroup",
	  "/kubepods.slice/kubepods-pod1_2.slice/cri-containerd-ab.scope\n" },
	{ "pathmon/d/cgroup-41/container_id", "ab\n" },
	{ "pathmon/d/cgroup-41/pod_uid", "1-2\n" },
	{ "pathmon/d/cgroup-7/cgroup", "/sys\"tem\n" },
	{ "pathmon/d/cgroup-7/container_id", "\n" },
	{ "pathmon/d/cgroup-7/pod_uid", "\n" },
	{ "pathmon/d/other/.schema", SCHEMA_HDR },
	{ "pathmon/d/cgroup-x/cgroup", "/x\n" },
	{ "pathmon/p/prefix", "/p\n" },
	{ "pathmon/p/process-1/process", "/usr/bin/cat\n" },
	{ "pathmon/p/process-1/comm", "cat\n" },
	{ "pathmon/p/cgroup-7-process-2/cgroup", "/c\n" },
	{ "pathmon/p/cgroup-7-process-2/container_id", "\n" },
	{ "pathmon/p/cgroup-7-process-2/pod_uid", "\n" },
	{ "pathmon/p/cgroup-7-process-2/process", "/bin/sh\n" },
	{ "uds/s/socket", "/run/s.sock\n" },
	{ "uds/s/cgroup-41/cgroup", "/docker/cd\n" },
	{ "uds/s/cgroup-41/container_id", "cd\n" },
	{ "uds/s/cgroup-41/pod_uid", "\n" },
};

static const char expo_groups[] =
	"# HELP pathstats_path_syscalls_total System calls on files under the path prefix, by syscall.\n"
	"# TYPE pathstats_path_syscalls_total counter\n"
	"pathstats_path_syscalls_total{path=\"/data\",syscall=\"read\"} 6\n"
	"pathstats_path_syscalls_total{path=\"/data\",group=\"cgroup-41\",cgroup=\"/kubepods.slice/kubepods-pod1_2.slice/cri-containerd-ab.scope\",container_id=\"ab\",pod_uid=\"1-2\",syscall=\"read\"} 4\n"
	"pathstats_path_syscalls_total{path=\"/data\",group=\"cgroup-7\",cgroup=\"/sys\\\"tem\",container_id=\"\",syscall=\"read\"} 1\n"
	"pathstats_path_syscalls_total{path=\"/data\",group=\"other\",syscall=\"read\"} 0\n"
	"# HELP pathstats_path_read_operations_total Read operations on files under the path prefix.\n"
	"# TYPE pathstats_path_read_operations_total counter\n"
	"pathstats_path_read_operations_total{path=\"/data\"} 6\n"
	"pathstats_path_read_operations_total{path=\"/data\",group=\"cgroup-41\",cgroup=\"/kubepods.slice/kubepods-pod1_2.slice/cri-containerd-ab.scope\",container_id=\"ab\",pod_uid=\"1-2\"} 4\n"
	"pathstats_path_read_operations_total{path=\"/data\",group=\"cgroup-7\",cgroup=\"/sys\\\"tem\",container_id=\"\"} 1\n"
	"pathstats_path_read_operations_total{path=\"/data\",group=\"other\"} 0\n"
	"pathstats_path_read_operations_total{path=\"/p\"} 3\n"
	"pathstats_path_read_operations_total{path=\"/p\",group=\"cgroup-7-process-2\",cgroup=\"/c\",container_id=\"\",process=\"/bin/sh\"} 1\n"
	"pathstats_path_read_operations_total{path=\"/p\",group=\"process-1\",process=\"/usr/bin/cat\"} 2\n"
	"# HELP pathstats_uds_send_ops_total Messages clients sent to the unix socket.\n"
	"# TYPE pathstats_uds_send_ops_total counter\n"
	"pathstats_uds_send_ops_total{socket=\"/run/s.sock\"} 2\n"
	"pathstats_uds_send_ops_total{socket=\"/run/s.sock\",group=\"cgroup-41\",cgroup=\"/docker/cd\",container_id=\"cd\"} 2\n";

/* The exposition of a tree, or NULL with *@ret set on error. */
static char *exported(const char *root, int *ret, struct sfs_error *err)
{
	struct sfs_tree fs;
	char *out = NULL;
	size_t size;
	FILE *f;

	assert_int_equal(sfs_open_plain(&fs, root, err), 0);
	f = open_memstream(&out, &size);
	assert_non_null(f);
	*ret = export_write(f, &fs, err);
	assert_int_equal(fclose(f), 0);
	sfs_close(&fs);
	if (*ret) {
		/* Nothing is written on error. */
		assert_string_equal(out, "");
		free(out);
		return NULL;
	}
	return out;
}

static void check_tree(const struct tree_file *files, size_t n,
		       const char *expected)
{
	struct sfs_error err;
	char *root, *out;
	int ret;

	root = tree_make(files, n);
	out = exported(root, &ret, &err);
	if (ret)
		fail_msg("export: %s", err.msg);
	assert_string_equal(out, expected);
	free(out);
	tree_remove(root);
}

static void test_export_full(void **state)
{
	(void)state;
	check_tree(tree_full, ARRAY_SIZE(tree_full), expo_full);
}

static void test_export_escape(void **state)
{
	(void)state;
	check_tree(tree_escape, ARRAY_SIZE(tree_escape), expo_escape);
}

static void test_export_groups(void **state)
{
	(void)state;
	check_tree(tree_groups, ARRAY_SIZE(tree_groups), expo_groups);
}

static void test_export_empty(void **state)
{
	static const struct tree_file files[] = {
		{ ".bulk", "pathstats/version_major 0\n" },
	};

	(void)state;
	check_tree(files, ARRAY_SIZE(files), "");
}

static void test_export_errors(void **state)
{
	static const struct tree_file no_newline[] = {
		{ ".bulk", "pathmon/d/read_ops 1\n" },
		{ "pathmon/d/prefix", "/d" },
	};
	static const struct tree_file no_bulk[] = {
		{ "pathmon/d/prefix", "/d\n" },
	};
	struct sfs_error err;
	char *root;
	int ret;

	(void)state;
	root = tree_make(no_newline, ARRAY_SIZE(no_newline));
	assert_null(exported(root, &ret, &err));
	assert_int_equal(ret, -EINVAL);
	assert_non_null(strstr(err.msg, "/pathmon/d/prefix: no newline"));
	tree_remove(root);

	root = tree_make(no_bulk, ARRAY_SIZE(no_bulk));
	assert_null(exported(root, &ret, &err));
	assert_int_equal(ret, -ENOENT);
	tree_remove(root);
}

static void test_export_label_value(void **state)
{
	static const char in[] = "a\\b\"c\nd\te\xff\xc3(\xe2\x82\xac";
	char *out = NULL;
	size_t size;
	FILE *f;

	(void)state;
	f = open_memstream(&out, &size);
	assert_non_null(f);
	export_label_value(f, in, sizeof(in) - 1);
	assert_int_equal(fclose(f), 0);
	/* Only \, " and LF are escaped; invalid UTF-8 becomes U+FFFD. */
	assert_string_equal(out,
			    "\"a\\\\b\\\"c\\nd\te\xef\xbf\xbd\xef\xbf\xbd(\xe2\x82\xac\"");
	free(out);
}

/* Whether @prog is an executable in $PATH. */
static bool in_path(const char *prog)
{
	const char *path = getenv("PATH");
	char *dirs, *dir, *save = NULL, *full;
	bool found = false;

	if (!path)
		return false;
	dirs = strdup(path);
	assert_non_null(dirs);
	for (dir = strtok_r(dirs, ":", &save); dir && !found;
	     dir = strtok_r(NULL, ":", &save)) {
		assert_true(asprintf(&full, "%s/%s", dir, prog) > 0);
		found = !access(full, X_OK);
		free(full);
	}
	free(dirs);
	return found;
}

/* promtool check metrics < @text: its exit status, its output in @msg. */
static int promtool_check(const char *text, char *msg, size_t size)
{
	char file[] = "/tmp/pathstats-promtool.XXXXXX";
	char *cmd;
	size_t n;
	FILE *f;
	int fd, status;

	fd = mkstemp(file);
	assert_true(fd >= 0);
	assert_true(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	assert_int_equal(close(fd), 0);
	assert_true(asprintf(&cmd, "promtool check metrics < %s 2>&1", file) > 0);
	f = popen(cmd, "r");
	assert_non_null(f);
	n = fread(msg, 1, size - 1, f);
	msg[n] = '\0';
	status = pclose(f);
	unlink(file);
	free(cmd);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void test_export_promtool(void **state)
{
	static const struct {
		const struct tree_file *files;
		size_t n;
	} trees[] = {
		{ tree_full, ARRAY_SIZE(tree_full) },
		{ tree_escape, ARRAY_SIZE(tree_escape) },
		{ tree_groups, ARRAY_SIZE(tree_groups) },
	};
	struct sfs_error err;
	char *root, *out;
	char msg[4096];
	unsigned int i;
	int ret;

	(void)state;
	if (!in_path("promtool")) {
		if (getenv("CI"))
			fail_msg("promtool not found, and CI is set (apt-get install prometheus)");
		skip();
	}
	for (i = 0; i < ARRAY_SIZE(trees); i++) {
		root = tree_make(trees[i].files, trees[i].n);
		out = exported(root, &ret, &err);
		if (ret)
			fail_msg("export: %s", err.msg);
		ret = promtool_check(out, msg, sizeof(msg));
		/* Lint problems too: promtool exits 0 only when all is well. */
		if (ret || *msg)
			fail_msg("promtool check metrics: exit %d: %s", ret, msg);
		free(out);
		tree_remove(root);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_export_full),
		cmocka_unit_test(test_export_escape),
		cmocka_unit_test(test_export_groups),
		cmocka_unit_test(test_export_empty),
		cmocka_unit_test(test_export_errors),
		cmocka_unit_test(test_export_label_value),
		cmocka_unit_test(test_export_promtool),
	};

	return cmocka_run_group_tests_name("export", tests, NULL, NULL) ? 1 : 0;
}
