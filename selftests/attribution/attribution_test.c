// SPDX-License-Identifier: GPL-2.0
/*
 * attribution tests: processes moved into cgroups made here (named as
 * Docker, containerd, CRI-O, Podman, systemd-nspawn and Kubernetes name
 * theirs), and running copies of one executable under two names, read
 * files under a prefix and send to a monitored socket; every group's
 * counts, labels and the totals are checked exactly.  Runs as root in the
 * test VM with pathstats.ko loaded, statsfs and cgroup2 mounted.
 */

#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../udsmon/udsmon_lib.h"

#define PM	"/sys/kernel/stats/pathmon"
#define SELF	"/sys/kernel/stats/pathstats"
#define CG	"/sys/fs/cgroup"
#define TOP	"/tmp/attr"
#define FILE_A	TOP "/f"
#define SOCK	TOP "/s.sock"
#define CFG	TOP "-cfg.yaml"
/* The prefix's directory, its name derived from TOP. */
#define PREFIX_DIR	PM "/tmp_attr"

#define ID_A	"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define ID_B	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define ID_C	"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define ID_D	"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"
#define POD	"12345678-9abc-def0-1234-56789abcdef0"
#define POD_	"12345678_9abc_def0_1234_56789abcdef0"

/* The cgroups, as each manager names them, and what they stand for. */
static const struct cgroup_case {
	const char *path;	/* below CG */
	const char *container_id;
	const char *pod_uid;
} cgroups[] = {
	{ "/attr.slice/docker-" ID_A ".scope", ID_A, "" },
	{ "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod"
	  POD_ ".slice/cri-containerd-" ID_B ".scope", ID_B, POD },
	{ "/kubepods/besteffort/pod" POD "/" ID_C, ID_C, POD },
	{ "/attr.slice/crio-conmon-" ID_D ".scope", "", "" },
	{ "/machine.slice/libpod-" ID_D ".scope", ID_D, "" },
	{ "/machine.slice/machine-my\\x2dbox.scope", "my-box", "" },
	{ "/attr.slice/plain", "", "" },
};

static long long stat_value(const char *dir, const char *file)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	return read_value(path);
}

/* The text of a label file, without its newline; "" if unreadable. */
static const char *label(const char *dir, const char *file)
{
	static char buf[PATH_MAX];
	char path[PATH_MAX];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	buf[0] = '\0';
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return buf;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	if (n > 0 && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return buf;
}

/*
 * Waits until the value in @dir/@file is @want: a group's directory is
 * made by a work item after its first event.  Returns the last value read
 * (so that an assertion shows it), after 10 s at most (times
 * PATHSTATS_TIME_SCALE).
 */
static long long wait_value(const char *dir, const char *file,
			    long long want)
{
	unsigned int i, polls = 10000 * pathstats_time_scale();
	long long v = stat_value(dir, file);

	for (i = 0; v != want && i < polls; i++) {
		usleep(1000);
		v = stat_value(dir, file);
	}
	return v;
}

static int make_cgroup(const char *rel)
{
	char path[PATH_MAX], *p;

	snprintf(path, sizeof(path), CG "%s", rel);
	for (p = path + strlen(CG) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
	return mkdir(path, 0755) && errno != EEXIST ? -1 : 0;
}

/* Removes the cgroups made, deepest first; they must be empty. */
static void remove_cgroups(void)
{
	static const char *const parents[] = {
		"/attr.slice/gone",
		"/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod"
		POD_ ".slice",
		"/kubepods.slice/kubepods-burstable.slice", "/kubepods.slice",
		"/kubepods/besteffort/pod" POD, "/kubepods/besteffort",
		"/kubepods", "/machine.slice", "/attr.slice",
	};
	char path[PATH_MAX];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cgroups); i++) {
		snprintf(path, sizeof(path), CG "%s", cgroups[i].path);
		rmdir(path);
	}
	for (i = 0; i < ARRAY_SIZE(parents); i++) {
		snprintf(path, sizeof(path), CG "%s", parents[i]);
		rmdir(path);
	}
}

static unsigned long long cgroup_id(const char *rel)
{
	char path[PATH_MAX];
	struct stat st;

	snprintf(path, sizeof(path), CG "%s", rel);
	return stat(path, &st) ? 0 : st.st_ino;
}

/* @n preads of one byte of FILE_A. */
static int do_preads(unsigned int n)
{
	int fd = open(FILE_A, O_RDONLY);
	char c;

	if (fd < 0)
		return 1;
	while (n--)
		if (pread(fd, &c, 1, 0) != 1)
			return 1;
	close(fd);
	return 0;
}

/* @n sends of @size bytes to SOCK, each answered with one byte. */
static int do_sends(unsigned int n, size_t size)
{
	char buf[256] = { 0 };
	int fd = connected(SOCK_STREAM, SOCK, false);

	if (fd < 0)
		return 1;
	while (n--)
		if (send(fd, buf, size, 0) != (ssize_t)size ||
		    recv(fd, buf, 1, 0) != 1)
			return 1;
	close(fd);
	return 0;
}

/* Runs @fn(@n) in a child moved into the cgroup @rel first: its status. */
static int in_cgroup(const char *rel, int (*fn)(unsigned int),
		     unsigned int n)
{
	char path[PATH_MAX];
	int status, fd;
	pid_t pid;

	snprintf(path, sizeof(path), CG "%s/cgroup.procs", rel);
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		fd = open(path, O_WRONLY);
		if (fd < 0 || write(fd, "0", 1) != 1)
			_exit(2);
		close(fd);
		_exit(fn(n));
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/*
 * A server in a child of this process: @conns connections to @srv, each
 * message answered with one byte.  Returns the child's pid, or -1.
 */
static pid_t serve_one_byte(int srv, unsigned int conns)
{
	char buf[256];
	pid_t pid;
	int conn;

	pid = fork();
	if (pid)
		return pid;
	while (conns--) {
		conn = accept(srv, NULL, NULL);
		while (conn >= 0 && recv(conn, buf, sizeof(buf), 0) > 0)
			if (send(conn, buf, 1, 0) != 1)
				_exit(1);
		close(conn);
	}
	_exit(0);
}

static int preads_fn(unsigned int n)
{
	return do_preads(n);
}

static int sends_fn(unsigned int n)
{
	return do_sends(n, 100);
}

static void make_file(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd >= 0) {
		if (write(fd, "hello", 5) != 5)
			perror(path);
		close(fd);
	}
}

FIXTURE(attr) {
	char dir[PATH_MAX];
};

FIXTURE_SETUP(attr)
{
	unsigned int i;

	mkdir(TOP, 0755);
	make_file(FILE_A);
	for (i = 0; i < ARRAY_SIZE(cgroups); i++)
		ASSERT_EQ(0, make_cgroup(cgroups[i].path));
}

FIXTURE_TEARDOWN(attr)
{
	run_ctl("clear");
	remove_cgroups();
}

/* The directory of the group of cgroup @rel below @top. */
static const char *group_dir(const char *top, const char *rel)
{
	static char dir[PATH_MAX];

	snprintf(dir, sizeof(dir), "%s/cgroup-%llu", top, cgroup_id(rel));
	return dir;
}

/*
 * The exported series of the group of cgroups[@i] below @label=@value,
 * family @family: its labels as the contract names them.
 */
static void group_series(char *buf, size_t size, const char *family,
			 const char *label, const char *value, unsigned int i,
			 long long n)
{
	const struct cgroup_case *c = &cgroups[i];
	char pod[128] = "";

	if (*c->pod_uid)
		snprintf(pod, sizeof(pod), ",pod_uid=\"%s\"", c->pod_uid);
	/* The label value escaped as the exposition format does. */
	snprintf(buf, size,
		 "\n%s{%s=\"%s\",group=\"cgroup-%llu\",cgroup=\"%s\",container_id=\"%s\"%s} %lld\n",
		 family, label, value, cgroup_id(c->path), c->path,
		 c->container_id, pod, n);
}

/* promtool, where installed, finds nothing wrong in the exposition. */
static int promtool_agrees(void)
{
	char cmd[PATH_MAX];

	snprintf(cmd, sizeof(cmd),
		 "! command -v promtool >/dev/null || %s export | promtool check metrics",
		 ctl());
	return system(cmd);
}

TEST_F(attr, cgroup_groups_exact_with_container_ids)
{
	char series[1024];
	const char *out;
	long long total = 0;
	const char *dir;
	unsigned int i;

	ASSERT_EQ(0, load_config(CFG,
				 "path_metrics:\n"
				 "  - path_prefix: " TOP "\n"
				 "    syscalls: [pread]\n"
				 "    by: [cgroup]\n"));
	for (i = 0; i < ARRAY_SIZE(cgroups); i++) {
		ASSERT_EQ(0, in_cgroup(cgroups[i].path, preads_fn, i + 1));
		total += i + 1;
	}
	for (i = 0; i < ARRAY_SIZE(cgroups); i++) {
		dir = group_dir(PREFIX_DIR, cgroups[i].path);
		EXPECT_EQ(i + 1, wait_value(dir, "pread_calls", i + 1));
		EXPECT_EQ(i + 1, stat_value(dir, "read_ops"));
		EXPECT_EQ(i + 1, stat_value(dir, "read_bytes"));
		EXPECT_STREQ(cgroups[i].path, label(dir, "cgroup"));
		EXPECT_STREQ(cgroups[i].container_id,
			     label(dir, "container_id"));
		EXPECT_STREQ(cgroups[i].pod_uid, label(dir, "pod_uid"));
	}
	EXPECT_EQ(total, stat_value(PREFIX_DIR, "pread_calls"));
	EXPECT_EQ(total, stat_value(PREFIX_DIR, "read_bytes"));
	EXPECT_EQ(total, stat_value(PM, "pread_calls"));
	EXPECT_EQ(0, stat_value(PREFIX_DIR "/other", "read_ops"));

	out = ctl_output("export");
	ASSERT_NE(NULL, out);
	EXPECT_NE(NULL, strstr(out, "\npathstats_path_bytes_read_total{path=\""
			       TOP "\"} 28\n"));
	for (i = 0; i < ARRAY_SIZE(cgroups); i++) {
		/* machine-my\x2dbox: a backslash, escaped. */
		if (strchr(cgroups[i].path, '\\'))
			continue;
		group_series(series, sizeof(series),
			     "pathstats_path_bytes_read_total", "path", TOP, i,
			     i + 1);
		EXPECT_NE(NULL, strstr(out, series)) {
			TH_LOG("no %s in:\n%s", series, out);
		}
	}
	EXPECT_NE(NULL, strstr(out, "\npathstats_path_syscalls_total{path=\""
			       TOP "\",group=\"other\",syscall=\"pread\"} 0\n"));
	EXPECT_NE(NULL, strstr(out, "cgroup=\"/machine.slice/machine-my\\\\x2dbox.scope\",container_id=\"my-box\"} 6\n"));
	EXPECT_EQ(0, promtool_agrees());
}

TEST_F(attr, max_groups_fold_into_other)
{
	unsigned int i;
	long long folded = stat_value(SELF, "attribution_folded");

	ASSERT_EQ(0, load_config(CFG,
				 "monitored_paths: [" TOP "]\n"
				 "attribution:\n"
				 "  by: [cgroup]\n"
				 "  max_groups: 2\n"));
	for (i = 0; i < 4; i++)
		ASSERT_EQ(0, in_cgroup(cgroups[i].path, preads_fn, 10));
	EXPECT_EQ(10, wait_value(group_dir(PREFIX_DIR, cgroups[0].path),
				 "read_ops", 10));
	EXPECT_EQ(10, wait_value(group_dir(PREFIX_DIR, cgroups[1].path),
				 "read_ops", 10));
	EXPECT_EQ(-1000 - ENOENT,
		  stat_value(group_dir(PREFIX_DIR, cgroups[2].path),
			     "read_ops"));
	EXPECT_EQ(20, stat_value(PREFIX_DIR "/other", "read_ops"));
	EXPECT_EQ(40, stat_value(PREFIX_DIR, "read_ops"));
	EXPECT_EQ(folded + 20, stat_value(SELF, "attribution_folded"));
}

TEST_F(attr, reload_keeps_groups_and_regrouping_keeps_totals)
{
	static const char by_cgroup[] =
		"monitored_paths: [" TOP "]\n"
		"attribution: {by: [cgroup]}\n";
	const char *dir;

	ASSERT_EQ(0, load_config(CFG, by_cgroup));
	ASSERT_EQ(0, in_cgroup(cgroups[0].path, preads_fn, 3));
	dir = group_dir(PREFIX_DIR, cgroups[0].path);
	ASSERT_EQ(3, wait_value(dir, "read_ops", 3));

	/* The same grouping: the group stays, with its counts. */
	ASSERT_EQ(0, load_config(CFG, by_cgroup));
	EXPECT_EQ(3, wait_value(dir, "read_ops", 3));
	ASSERT_EQ(0, in_cgroup(cgroups[0].path, preads_fn, 2));
	EXPECT_EQ(5, wait_value(dir, "read_ops", 5));

	/* Another grouping: the old groups fold into the prefix. */
	ASSERT_EQ(0, load_config(CFG, "monitored_paths: [" TOP "]\n"
				 "attribution: {by: [process]}\n"));
	EXPECT_EQ(-1000 - ENOENT, stat_value(dir, "read_ops"));
	EXPECT_EQ(5, stat_value(PREFIX_DIR, "read_ops"));
	ASSERT_EQ(0, in_cgroup(cgroups[1].path, preads_fn, 4));
	EXPECT_EQ(4, wait_value(PREFIX_DIR "/process-1", "read_ops", 4));
	EXPECT_EQ(9, stat_value(PREFIX_DIR, "read_ops"));

	/* No grouping: the prefix keeps it all, as its own. */
	ASSERT_EQ(0, load_config(CFG, "monitored_paths: [" TOP "]\n"));
	EXPECT_EQ(-1000 - ENOENT,
		  stat_value(PREFIX_DIR "/process-1", "read_ops"));
	EXPECT_EQ(9, stat_value(PREFIX_DIR, "read_ops"));
	EXPECT_EQ(9, stat_value(PM, "read_ops"));
}

/*
 * cgroups: filters, decided in the kernel: tasks outside the subtrees
 * named count nowhere, neither in a group nor in the totals; a filter
 * naming a cgroup that does not exist is refused and changes nothing.
 */
TEST_F(attr, cgroup_filters_count_only_their_subtrees)
{
	char cmd[PATH_MAX];
	pid_t pid;
	int srv;

	srv = bound(SOCK_STREAM, SOCK, false);
	ASSERT_LE(0, srv);
	ASSERT_EQ(0, load_config(CFG,
				 "path_metrics:\n"
				 "  - path_prefix: " TOP "\n"
				 "    syscalls: [pread]\n"
				 "    by: [cgroup]\n"
				 "    cgroups: [/kubepods.slice, /attr.slice/plain]\n"
				 "uds_monitor:\n"
				 "  - socket_path: " SOCK "\n"
				 "    name: sock\n"
				 "    cgroups: [/machine.slice/]\n"));
	/* Outside, inside below the root named, inside at the root named. */
	ASSERT_EQ(0, in_cgroup(cgroups[0].path, preads_fn, 3));
	ASSERT_EQ(0, in_cgroup(cgroups[1].path, preads_fn, 5));
	ASSERT_EQ(0, in_cgroup(cgroups[6].path, preads_fn, 7));
	EXPECT_EQ(5, wait_value(group_dir(PREFIX_DIR, cgroups[1].path),
				"pread_calls", 5));
	EXPECT_EQ(7, wait_value(group_dir(PREFIX_DIR, cgroups[6].path),
				"read_ops", 7));
	EXPECT_EQ(-1000 - ENOENT,
		  stat_value(group_dir(PREFIX_DIR, cgroups[0].path),
			     "read_ops"));
	EXPECT_EQ(12, stat_value(PREFIX_DIR, "pread_calls"));
	EXPECT_EQ(12, stat_value(PREFIX_DIR, "read_bytes"));

	pid = serve_one_byte(srv, 2);
	ASSERT_LE(0, pid);
	ASSERT_EQ(0, in_cgroup(cgroups[0].path, sends_fn, 3));
	ASSERT_EQ(0, in_cgroup(cgroups[4].path, sends_fn, 2));
	ASSERT_EQ(pid, waitpid(pid, NULL, 0));
	close(srv);
	EXPECT_EQ(200, stat_value(UDS "/sock", "send_bytes_total"));
	EXPECT_EQ(2, stat_value(UDS "/sock", "send_ops_total"));
	EXPECT_EQ(2, stat_value(UDS "/sock", "recv_bytes_total"));

	EXPECT_NE(0, load_config(CFG "-bad",
				 "path_metrics:\n"
				 "  - path_prefix: " TOP "\n"
				 "    syscalls: [pread]\n"
				 "    cgroups: [/attr.slice/none]\n"));
	snprintf(cmd, sizeof(cmd),
		 "%s load " CFG "-bad 2>&1 | grep -q \"a cgroup of a 'cgroups:' filter does not exist\"",
		 ctl());
	EXPECT_EQ(0, system(cmd));
	EXPECT_EQ(12, stat_value(PREFIX_DIR, "pread_calls"));
	EXPECT_EQ(5, stat_value(group_dir(PREFIX_DIR, cgroups[1].path),
				"pread_calls"));
	EXPECT_EQ(200, stat_value(UDS "/sock", "send_bytes_total"));
}

#define RETENTION	"/sys/module/pathstats/parameters/attribution_retention_ms"
#define GONE		"/attr.slice/gone"

/* Writes @text to @path: 0, or -1 if it is refused. */
static int write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY), ret = -1;

	if (fd >= 0) {
		if (write(fd, text, strlen(text)) == (ssize_t)strlen(text))
			ret = 0;
		close(fd);
	}
	return ret;
}

/*
 * The group of a removed cgroup goes after the retention time; its
 * counts stay in the prefix's totals, and the other groups stay.
 */
TEST_F(attr, removed_cgroups_groups_fold_after_retention)
{
	long long expired = stat_value(SELF, "attribution_expired");
	long long old = read_value(RETENTION);
	char dir[PATH_MAX], path[PATH_MAX], text[32];

	ASSERT_LE(0, old);
	ASSERT_EQ(0, write_text(RETENTION, "300"));
	ASSERT_EQ(300, read_value(RETENTION));
	ASSERT_EQ(0, make_cgroup(GONE));
	ASSERT_EQ(0, load_config(CFG,
				 "monitored_paths: [" TOP "]\n"
				 "attribution: {by: [cgroup]}\n"));
	ASSERT_EQ(0, in_cgroup(GONE, preads_fn, 6));
	ASSERT_EQ(0, in_cgroup(cgroups[0].path, preads_fn, 4));
	snprintf(dir, sizeof(dir), "%s", group_dir(PREFIX_DIR, GONE));
	ASSERT_EQ(6, wait_value(dir, "read_ops", 6));
	ASSERT_EQ(4, wait_value(group_dir(PREFIX_DIR, cgroups[0].path),
				"read_ops", 4));

	snprintf(path, sizeof(path), CG GONE);
	ASSERT_EQ(0, rmdir(path));
	EXPECT_EQ(-1000 - ENOENT, wait_value(dir, "read_ops", -1000 - ENOENT));
	EXPECT_EQ(10, stat_value(PREFIX_DIR, "read_ops"));
	EXPECT_EQ(10, stat_value(PREFIX_DIR, "read_bytes"));
	EXPECT_EQ(4, stat_value(group_dir(PREFIX_DIR, cgroups[0].path),
				"read_ops"));
	EXPECT_EQ(expired + 1, stat_value(SELF, "attribution_expired"));

	snprintf(text, sizeof(text), "%lld", old);
	EXPECT_EQ(0, write_text(RETENTION, text));
	EXPECT_EQ(old, read_value(RETENTION));
	/* At most a day. */
	EXPECT_EQ(-1, write_text(RETENTION, "86400001"));
	EXPECT_EQ(old, read_value(RETENTION));
}

/*
 * The process groups: this program, copied under two names, reading
 * from the copies; the groups show the copies' paths, and the last name
 * their tasks had (the second renames itself after its first read, to a
 * name with a tab, shown as '?').
 */
TEST_F(attr, process_groups_by_executable)
{
	static const char *const exes[] = { TOP "-exe-one", TOP "-exe-two" };
	char cmd[PATH_MAX * 2];
	unsigned int i, seq;
	char dir[PATH_MAX];

	for (i = 0; i < ARRAY_SIZE(exes); i++) {
		snprintf(cmd, sizeof(cmd), "cp /proc/%d/exe %s", getpid(),
			 exes[i]);
		ASSERT_EQ(0, system(cmd));
	}
	ASSERT_EQ(0, load_config(CFG,
				 "path_metrics:\n"
				 "  - path_prefix: " TOP "\n"
				 "    syscalls: [pread]\n"
				 "    by: [process]\n"));
	snprintf(cmd, sizeof(cmd), "%s --preads 2", exes[0]);
	ASSERT_EQ(0, system(cmd));
	snprintf(cmd, sizeof(cmd), "%s --preads 3 're\tnamed'", exes[1]);
	ASSERT_EQ(0, system(cmd));
	/* Numbered in the order their first events came. */
	for (seq = 1; seq <= ARRAY_SIZE(exes); seq++) {
		snprintf(dir, sizeof(dir), PREFIX_DIR "/process-%u", seq);
		EXPECT_EQ(seq + 1, wait_value(dir, "pread_calls", seq + 1));
		EXPECT_STREQ(exes[seq - 1], label(dir, "process"));
	}
	EXPECT_STREQ(strrchr(exes[0], '/') + 1,
		     label(PREFIX_DIR "/process-1", "comm"));
	EXPECT_STREQ("re?named", label(PREFIX_DIR "/process-2", "comm"));
	EXPECT_EQ(5, stat_value(PREFIX_DIR, "pread_calls"));
	for (i = 0; i < ARRAY_SIZE(exes); i++)
		unlink(exes[i]);
}

/* A socket's groups are its clients' cgroups, not the server's. */
TEST_F(attr, socket_groups_by_client_cgroup)
{
	char series[1024];
	const char *out;
	pid_t pid;
	int srv;

	srv = bound(SOCK_STREAM, SOCK, false);
	ASSERT_LE(0, srv);
	ASSERT_EQ(0, load_config(CFG,
				 "uds_monitor:\n"
				 "  - socket_path: " SOCK "\n"
				 "    name: sock\n"
				 "    by: [cgroup]\n"));
	pid = serve_one_byte(srv, 2);
	ASSERT_LE(0, pid);
	ASSERT_EQ(0, in_cgroup(cgroups[0].path, sends_fn, 3));
	ASSERT_EQ(0, in_cgroup(cgroups[1].path, sends_fn, 5));
	ASSERT_EQ(pid, waitpid(pid, NULL, 0));
	close(srv);

	EXPECT_EQ(300, wait_value(group_dir(UDS "/sock", cgroups[0].path),
				  "send_bytes_total", 300));
	EXPECT_EQ(3, stat_value(group_dir(UDS "/sock", cgroups[0].path),
				"recv_bytes_total"));
	EXPECT_EQ(500, wait_value(group_dir(UDS "/sock", cgroups[1].path),
				  "send_bytes_total", 500));
	EXPECT_STREQ(ID_B, label(group_dir(UDS "/sock", cgroups[1].path),
				 "container_id"));
	EXPECT_EQ(800, stat_value(UDS "/sock", "send_bytes_total"));
	EXPECT_EQ(8, stat_value(UDS "/sock", "send_ops_total"));
	EXPECT_EQ(8, stat_value(UDS, "recv_bytes_total"));

	out = ctl_output("export");
	ASSERT_NE(NULL, out);
	group_series(series, sizeof(series), "pathstats_uds_send_bytes_total",
		     "socket", SOCK, 1, 500);
	EXPECT_NE(NULL, strstr(out, series)) {
		TH_LOG("no %s in:\n%s", series, out);
	}
	EXPECT_EQ(0, promtool_agrees());
}

/*
 * Captured messages carry their sender's container: clients in three
 * cgroups, one after the other (the per-cpu cache changes cgroup), and
 * back to the first.
 */
TEST_F(attr, captures_carry_the_container_id)
{
	static const unsigned int order[] = { 0, 4, 6, 0 };
	char want[1024], *line, *save = NULL;
	unsigned int i, seen = 0;
	char *out;
	pid_t pid;
	int srv;

	srv = bound(SOCK_STREAM, SOCK, false);
	ASSERT_LE(0, srv);
	ASSERT_EQ(0, load_config(CFG,
				 "uds_monitor:\n"
				 "  - socket_path: " SOCK "\n"
				 "    name: sock\n"
				 "    capture_bytes: 16\n"));
	pid = serve_one_byte(srv, ARRAY_SIZE(order));
	ASSERT_LE(0, pid);
	for (i = 0; i < ARRAY_SIZE(order); i++)
		ASSERT_EQ(0, in_cgroup(cgroups[order[i]].path, sends_fn, 1));
	ASSERT_EQ(pid, waitpid(pid, NULL, 0));
	close(srv);

	out = ctl_output("uds dump --json");
	ASSERT_NE(NULL, out);
	out = strdup(out);
	ASSERT_NE(NULL, out);
	/* One record per client, in the order they sent. */
	for (line = strtok_r(out, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save), seen++) {
		if (seen >= ARRAY_SIZE(order))
			break;
		snprintf(want, sizeof(want),
			 "\"cgroup_id\":%llu,\"container_id\":\"%s\",",
			 cgroup_id(cgroups[order[seen]].path),
			 cgroups[order[seen]].container_id);
		EXPECT_NE(NULL, strstr(line, want)) {
			TH_LOG("no %s in %s", want, line);
		}
	}
	EXPECT_EQ(ARRAY_SIZE(order), seen);
	free(out);
}

/* One pread under the name exec gave, then @n - 1 under @name. */
static int do_renamed_preads(unsigned int n, const char *name)
{
	if (do_preads(1) || prctl(PR_SET_NAME, name, 0, 0, 0))
		return 1;
	return do_preads(n - 1);
}

int main(int argc, char **argv)
{
	/* A copy of this program, run by process_groups_by_executable. */
	if (argc == 3 && !strcmp(argv[1], "--preads"))
		return do_preads(atoi(argv[2]));
	if (argc == 4 && !strcmp(argv[1], "--preads") && atoi(argv[2]) > 0)
		return do_renamed_preads(atoi(argv[2]), argv[3]);
	return test_harness_run(argc, argv);
}
