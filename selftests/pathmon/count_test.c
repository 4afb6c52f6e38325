// SPDX-License-Identifier: GPL-2.0
/*
 * pathmon counting tests: known syscalls on files under and outside the
 * configured prefixes, with every counter checked exactly.  Runs as root in
 * the test VM with pathstats.ko loaded and statsfs mounted.
 */

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sched.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <linux/openat2.h>
#include <unistd.h>
#include <linux/pathstats.h>

#include "harness.h"
#include "statsfs_value.h"

#define PM	"/sys/kernel/stats/pathmon"
#define SELF	"/sys/kernel/stats/pathstats"
#define TOP	"/tmp/pm"
#define DATA	TOP "/data"

static int load_prefixes(int fd, const char *const *prefixes,
			 const char *const *names, const uint64_t *syscalls,
			 unsigned int n)
{
	struct pathstats_config_header *hdr;
	struct pathstats_path_rule *rules;
	struct pathstats_load l = { 0 };
	uint32_t strsize = 0, used = 0, off, i;
	char *buf, *strtab;
	int ret;

	for (i = 0; i < n; i++)
		strsize += strlen(prefixes[i]) + strlen(names[i]) + 2;
	off = sizeof(*hdr) + n * sizeof(*rules);
	buf = calloc(1, off + strsize);
	if (!buf)
		return -ENOMEM;
	hdr = (void *)buf;
	rules = (void *)(buf + sizeof(*hdr));
	strtab = buf + off;
	*hdr = (struct pathstats_config_header) {
		.magic = PATHSTATS_CONFIG_MAGIC, .size = off + strsize,
		.path_count = n, .strings_offset = off, .strings_size = strsize,
	};
	for (i = 0; i < n; i++) {
		rules[i].prefix = used;
		memcpy(strtab + used, prefixes[i], strlen(prefixes[i]) + 1);
		used += strlen(prefixes[i]) + 1;
		rules[i].name = used;
		memcpy(strtab + used, names[i], strlen(names[i]) + 1);
		used += strlen(names[i]) + 1;
		rules[i].syscalls = syscalls[i];
	}
	l.blob = (uintptr_t)buf;
	l.size = hdr->size;
	ret = ioctl(fd, PATHSTATS_IOC_LOAD, &l) ? -errno : 0;
	free(buf);
	return ret;
}

static long long value(const char *name, const char *file)
{
	char path[256];

	snprintf(path, sizeof(path), PM "/%s/%s", name, file);
	return read_value(path);
}

/* Resets every counter of the tree through the top-level aggregates. */
static void reset_all(void)
{
	static const char *const files[] = {
		"read_ops", "write_ops", "read_bytes", "write_bytes",
		"read_calls", "write_calls", "pread_calls", "pwrite_calls",
		"readv_calls", "writev_calls", "openat_calls", "fstat_calls",
		"fsync_calls", "sendfile_calls", "copy_file_range_calls",
		"getdents64_calls", "mmap_calls", "ftruncate_calls",
		"close_calls", "stat_calls", "lstat_calls", "newfstatat_calls",
		"statx_calls", "truncate_calls", "unlink_calls",
		"unlinkat_calls", "rmdir_calls", "mkdir_calls", "mkdirat_calls",
		"rename_calls", "renameat_calls", "renameat2_calls",
	};
	char path[256];
	unsigned int i;
	int fd;

	for (i = 0; i < ARRAY_SIZE(files); i++) {
		snprintf(path, sizeof(path), PM "/%s", files[i]);
		fd = open(path, O_WRONLY);
		if (fd < 0)
			continue;
		if (write(fd, "0", 1) != 1)
			perror(path);
		close(fd);
	}
}

static void make_file(const char *path, size_t size)
{
	char buf[4096] = { 0 };
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	while (fd >= 0 && size) {
		size_t n = size < sizeof(buf) ? size : sizeof(buf);

		if (write(fd, buf, n) != (ssize_t)n)
			break;
		size -= n;
	}
	if (fd >= 0)
		close(fd);
}

#define ALL	((1ULL << PATHSTATS_SYS_COUNT) - 1)

FIXTURE(count) {
	int dev;
};

FIXTURE_SETUP(count)
{
	static const char *const prefixes[] = { DATA, TOP };
	static const char *const names[] = { "data", "top" };
	static const uint64_t syscalls[] = { ALL, 0 };

	mkdir(TOP, 0755);
	mkdir(DATA, 0755);
	mkdir(TOP "/datax", 0755);
	make_file(DATA "/f", 5);
	make_file(TOP "/datax/f", 5);
	self->dev = open("/dev/pathstats", O_RDWR);
	ASSERT_LE(0, self->dev);
	ASSERT_EQ(0, load_prefixes(self->dev, prefixes, names, syscalls, 2));
	reset_all();
}

FIXTURE_TEARDOWN(count)
{
	ioctl(self->dev, PATHSTATS_IOC_CLEAR);
	close(self->dev);
}

TEST_F(count, probes_attached_only_with_prefixes)
{
	struct pathstats_status st;

	ASSERT_EQ(0, ioctl(self->dev, PATHSTATS_IOC_STATUS, &st));
	/* sys_exit, security_file_free, and 7 path hooks for "all". */
	EXPECT_EQ(9U, st.probes_attached);
	ASSERT_EQ(0, ioctl(self->dev, PATHSTATS_IOC_CLEAR));
	ASSERT_EQ(0, ioctl(self->dev, PATHSTATS_IOC_STATUS, &st));
	EXPECT_EQ(0U, st.probes_attached);
}

TEST_F(count, pread_pwrite_exact)
{
	char c;
	int fd, i;

	fd = open(DATA "/f", O_RDWR);
	ASSERT_LE(0, fd);
	for (i = 0; i < 10; i++)
		ASSERT_EQ(1, pread(fd, &c, 1, i % 5));
	for (i = 0; i < 5; i++)
		ASSERT_EQ(3, pwrite(fd, "abc", 3, 0));
	close(fd);
	EXPECT_EQ(10, value("data", "pread_calls"));
	EXPECT_EQ(10, value("data", "read_ops"));
	EXPECT_EQ(10, value("data", "read_bytes"));
	EXPECT_EQ(5, value("data", "pwrite_calls"));
	EXPECT_EQ(5, value("data", "write_ops"));
	EXPECT_EQ(15, value("data", "write_bytes"));
	EXPECT_EQ(0, value("data", "read_calls"));
	EXPECT_EQ(1, value("data", "openat_calls"));
	/* Nested prefixes both count; the parent counts no syscalls. */
	EXPECT_EQ(10, value("top", "read_ops"));
	EXPECT_EQ(15, value("top", "write_bytes"));
	EXPECT_EQ(-1000 - ENOENT, value("top", "pread_calls"));
	/* The aggregate sums both prefixes. */
	EXPECT_EQ(20, value("", "read_ops"));
}

TEST_F(count, component_match_not_string_prefix)
{
	char buf[16];
	int fd = open(TOP "/datax/f", O_RDONLY);

	ASSERT_LE(0, fd);
	ASSERT_EQ(5, read(fd, buf, sizeof(buf)));
	close(fd);
	EXPECT_EQ(0, value("data", "read_ops"));
	EXPECT_EQ(1, value("top", "read_ops"));
	EXPECT_EQ(5, value("top", "read_bytes"));
}

TEST_F(count, short_read_and_eof)
{
	char buf[100];
	int fd = open(DATA "/f", O_RDONLY);

	ASSERT_LE(0, fd);
	ASSERT_EQ(5, read(fd, buf, sizeof(buf)));
	ASSERT_EQ(0, read(fd, buf, sizeof(buf)));
	close(fd);
	EXPECT_EQ(2, value("data", "read_calls"));
	EXPECT_EQ(2, value("data", "read_ops"));
	EXPECT_EQ(5, value("data", "read_bytes"));
}

TEST_F(count, failed_calls_count_no_bytes)
{
	int fd = open(DATA "/f", O_RDONLY);

	ASSERT_LE(0, fd);
	/* EFAULT: the call is counted, no operation, no bytes. */
	EXPECT_EQ(-1, syscall(SYS_read, fd, (void *)8, 4));
	EXPECT_EQ(EFAULT, errno);
	close(fd);
	/* EBADF: no file, nothing to count. */
	EXPECT_EQ(-1, read(fd, &fd, 1));
	EXPECT_EQ(1, value("data", "read_calls"));
	EXPECT_EQ(0, value("data", "read_ops"));
	EXPECT_EQ(0, value("data", "read_bytes"));
}

TEST_F(count, relative_symlink_and_dotdot)
{
	char buf[8], cwd[256];
	int fd;

	ASSERT_NE(NULL, getcwd(cwd, sizeof(cwd)));
	unlink("/tmp/pm-link");
	ASSERT_EQ(0, symlink(DATA "/f", "/tmp/pm-link"));
	fd = open("/tmp/pm-link", O_RDONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(5, read(fd, buf, sizeof(buf)));
	close(fd);
	ASSERT_EQ(0, chdir(TOP "/datax"));
	fd = open("../data/f", O_RDONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(5, read(fd, buf, sizeof(buf)));
	close(fd);
	ASSERT_EQ(0, chdir(cwd));
	EXPECT_EQ(2, value("data", "read_ops"));
	EXPECT_EQ(10, value("data", "read_bytes"));
	unlink("/tmp/pm-link");
}

TEST_F(count, readv_writev_and_fstat)
{
	char a[2], b[3];
	struct iovec iov[2] = { { a, sizeof(a) }, { b, sizeof(b) } };
	struct stat st;
	int fd = open(DATA "/f", O_RDWR);

	ASSERT_LE(0, fd);
	ASSERT_EQ(5, readv(fd, iov, 2));
	ASSERT_EQ(5, pwritev(fd, iov, 2, 0));
	ASSERT_EQ(0, syscall(SYS_fstat, fd, &st));
	ASSERT_EQ(0, fsync(fd));
	close(fd);
	EXPECT_EQ(1, value("data", "readv_calls"));
	EXPECT_EQ(1, value("data", "pwritev_calls"));
	EXPECT_EQ(1, value("data", "fstat_calls"));
	EXPECT_EQ(1, value("data", "fsync_calls"));
	EXPECT_EQ(5, value("data", "read_bytes"));
	EXPECT_EQ(5, value("data", "write_bytes"));
}

TEST_F(count, sendfile_counts_both_files)
{
	off_t off = 0;
	int in = open(DATA "/f", O_RDONLY);
	int out = open(TOP "/datax/out", O_WRONLY | O_CREAT | O_TRUNC, 0644);

	ASSERT_LE(0, in);
	ASSERT_LE(0, out);
	ASSERT_EQ(5, sendfile(out, in, &off, 5));
	close(in);
	close(out);
	EXPECT_EQ(1, value("data", "sendfile_calls"));
	EXPECT_EQ(1, value("data", "read_ops"));
	EXPECT_EQ(5, value("data", "read_bytes"));
	EXPECT_EQ(0, value("data", "write_ops"));
	EXPECT_EQ(1, value("top", "read_ops"));
	EXPECT_EQ(1, value("top", "write_ops"));
	EXPECT_EQ(5, value("top", "write_bytes"));
}

struct hammer {
	int fd;
	int n;
};

static void *hammer_fn(void *arg)
{
	struct hammer *h = arg;
	char c;
	int i;

	for (i = 0; i < h->n; i++)
		if (pread(h->fd, &c, 1, 0) != 1)
			return (void *)1;
	return NULL;
}

TEST_F(count, two_threads_exact)
{
	struct hammer h = { .fd = open(DATA "/f", O_RDONLY), .n = 20000 };
	pthread_t t[2];
	void *r0, *r1;

	ASSERT_LE(0, h.fd);
	ASSERT_EQ(0, pthread_create(&t[0], NULL, hammer_fn, &h));
	ASSERT_EQ(0, pthread_create(&t[1], NULL, hammer_fn, &h));
	pthread_join(t[0], &r0);
	pthread_join(t[1], &r1);
	close(h.fd);
	EXPECT_EQ(NULL, r0);
	EXPECT_EQ(NULL, r1);
	EXPECT_EQ(40000, value("data", "pread_calls"));
	EXPECT_EQ(40000, value("data", "read_bytes"));
	EXPECT_EQ(40000, value("top", "read_ops"));
}

/*
 * What makes d_path() take its locks: a thread of the same process moving
 * the shared cwd (fs->seq), another renaming (rename_lock).  Where
 * spinlocks sleep, a hook that resolved names with preemption disabled
 * would sleep there: the debug kernel (PREEMPT_RT, DEBUG_ATOMIC_SLEEP)
 * reports it, whether or not the lock was contended.
 */
struct name_storm {
	int stop;
	int failed;
};

static void *chdir_fn(void *arg)
{
	struct name_storm *s = arg;

	while (!__atomic_load_n(&s->stop, __ATOMIC_RELAXED))
		if (chdir("/") || chdir(TOP))
			s->failed = 1;
	return NULL;
}

static void *rename_fn(void *arg)
{
	struct name_storm *s = arg;

	while (!__atomic_load_n(&s->stop, __ATOMIC_RELAXED))
		if (rename(TOP "/datax/f", TOP "/datax/g") ||
		    rename(TOP "/datax/g", TOP "/datax/f"))
			s->failed = 1;
	return NULL;
}

TEST_F(count, names_resolved_while_names_change)
{
	struct name_storm storm = { 0 };
	const int n = 2000;
	pthread_t t[2];
	struct stat st;
	int i, fd;
	char c;

	ASSERT_EQ(0, pthread_create(&t[0], NULL, chdir_fn, &storm));
	ASSERT_EQ(0, pthread_create(&t[1], NULL, rename_fn, &storm));
	for (i = 0; i < n; i++) {
		/* A new file each time: its name is not cached yet. */
		fd = open(DATA "/f", O_RDONLY);
		if (fd < 0 || pread(fd, &c, 1, 0) != 1 || close(fd) ||
		    syscall(SYS_stat, DATA "/f", &st))
			break;
	}
	__atomic_store_n(&storm.stop, 1, __ATOMIC_RELAXED);
	pthread_join(t[0], NULL);
	pthread_join(t[1], NULL);
	ASSERT_EQ(n, i);
	EXPECT_EQ(0, storm.failed);
	EXPECT_EQ(n, value("data", "openat_calls"));
	EXPECT_EQ(n, value("data", "pread_calls"));
	EXPECT_EQ(n, value("data", "read_bytes"));
	EXPECT_EQ(n, value("data", "close_calls"));
	EXPECT_EQ(n, value("data", "stat_calls"));
	EXPECT_EQ(n, value("top", "read_ops"));
	EXPECT_EQ(0, read_value(SELF "/unresolved_path_events"));
}

TEST_F(count, close_counted)
{
	int fd = open(DATA "/f", O_RDONLY);

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, close(fd));
	fd = open(TOP "/datax/f", O_RDONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, close(fd));
	EXPECT_EQ(1, value("data", "close_calls"));
	EXPECT_EQ(1, value("data", "openat_calls"));
}

/*
 * The fd-based calls on an O_PATH fd and the stat calls given an fd and
 * an empty path: each counted once, the same whether the fd table is the
 * process's alone or shared with a thread.
 */
static void fd_calls(struct __test_metadata *_metadata)
{
	struct statx stx;
	struct stat st;
	int fd;

	fd = open(DATA "/f", O_PATH);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, syscall(SYS_fstat, fd, &st));
	ASSERT_EQ(0, syscall(SYS_newfstatat, fd, "", &st, AT_EMPTY_PATH));
	ASSERT_EQ(0, statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &stx));
	ASSERT_EQ(0, close(fd));
	fd = open(DATA "/f", O_RDONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, syscall(SYS_newfstatat, fd, "", &st, AT_EMPTY_PATH));
	ASSERT_EQ(0, statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &stx));
	ASSERT_EQ(0, close(fd));

	EXPECT_EQ(2, value("data", "openat_calls"));
	EXPECT_EQ(1, value("data", "fstat_calls"));
	EXPECT_EQ(2, value("data", "newfstatat_calls"));
	EXPECT_EQ(2, value("data", "statx_calls"));
	EXPECT_EQ(2, value("data", "close_calls"));
}

static void *wait_fn(void *arg)
{
	char c;

	return (void *)(long)read(*(int *)arg, &c, 1);
}

TEST_F(count, o_path_and_empty_path_with_threads)
{
	pthread_t waiter;
	int pipefd[2];

	fd_calls(_metadata);
	reset_all();
	ASSERT_EQ(0, pipe(pipefd));
	ASSERT_EQ(0, pthread_create(&waiter, NULL, wait_fn, &pipefd[0]));
	fd_calls(_metadata);
	ASSERT_EQ(0, close(pipefd[1]));
	pthread_join(waiter, NULL);
	close(pipefd[0]);
}

/*
 * A process killed on its way out of close(2): exit closes the files it
 * left open, with close's number still in its registers.  Those are not
 * close(2) calls.
 */
TEST_F(count, exit_closes_are_not_close_calls)
{
	int ready[2];
	pid_t pid;
	char c;

	ASSERT_EQ(0, pipe(ready));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		if (open(DATA "/f", O_RDONLY) < 0 || write(ready[1], "x", 1) != 1)
			_exit(1);
		for (;;)
			close(-1);
	}
	close(ready[1]);
	ASSERT_EQ(1, read(ready[0], &c, 1));
	close(ready[0]);
	ASSERT_EQ(0, kill(pid, SIGKILL));
	ASSERT_EQ(pid, waitpid(pid, NULL, 0));
	EXPECT_EQ(1, value("data", "openat_calls"));
	EXPECT_EQ(0, value("data", "close_calls"));
}

TEST_F(count, stat_family)
{
	struct statx stx;
	struct stat st;
	int i;

	for (i = 0; i < 3; i++)
		ASSERT_EQ(0, syscall(SYS_stat, DATA "/f", &st));
	ASSERT_EQ(0, syscall(SYS_lstat, DATA "/f", &st));
	ASSERT_EQ(0, syscall(SYS_newfstatat, AT_FDCWD, DATA "/f", &st, 0));
	ASSERT_EQ(0, statx(AT_FDCWD, DATA "/f", 0, STATX_BASIC_STATS, &stx));
	/* Outside the prefix, and a failed lookup: no call to count. */
	ASSERT_EQ(0, syscall(SYS_stat, TOP "/datax/f", &st));
	ASSERT_EQ(-1, syscall(SYS_stat, DATA "/missing", &st));
	EXPECT_EQ(3, value("data", "stat_calls"));
	EXPECT_EQ(1, value("data", "lstat_calls"));
	EXPECT_EQ(1, value("data", "newfstatat_calls"));
	EXPECT_EQ(1, value("data", "statx_calls"));
}

/*
 * The syscall table is indexed with the low 32 bits of the number a task
 * passes in %rax: the upper ones change nothing, and must not hide the
 * call from the counters.
 */
TEST_F(count, upper_bits_of_syscall_number)
{
	const long hi = 1L << 32;
	struct stat st;
	char c[2];
	int fd;

	fd = syscall(SYS_openat | hi, AT_FDCWD, DATA "/f", O_RDONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(2, syscall(SYS_pread64 | hi, fd, c, 2, 0));
	ASSERT_EQ(1, syscall(SYS_read | hi, fd, c, 1));
	ASSERT_EQ(0, syscall(SYS_fstat | hi, fd, &st));
	ASSERT_EQ(0, syscall(SYS_close | hi, fd));
	ASSERT_EQ(0, syscall(SYS_newfstatat | hi, AT_FDCWD, DATA "/f", &st, 0));
	EXPECT_EQ(1, value("data", "openat_calls"));
	EXPECT_EQ(1, value("data", "pread_calls"));
	EXPECT_EQ(1, value("data", "read_calls"));
	EXPECT_EQ(2, value("data", "read_ops"));
	EXPECT_EQ(3, value("data", "read_bytes"));
	EXPECT_EQ(1, value("data", "fstat_calls"));
	EXPECT_EQ(1, value("data", "close_calls"));
	EXPECT_EQ(1, value("data", "newfstatat_calls"));
}

TEST_F(count, namespace_syscalls)
{
	char dents[4096];
	int fd;

	ASSERT_EQ(0, syscall(SYS_mkdir, DATA "/d1", 0755));
	ASSERT_EQ(0, syscall(SYS_mkdirat, AT_FDCWD, DATA "/d2", 0755));
	ASSERT_EQ(0, syscall(SYS_rmdir, DATA "/d1"));
	ASSERT_EQ(0, syscall(SYS_unlinkat, AT_FDCWD, DATA "/d2", AT_REMOVEDIR));
	make_file(DATA "/g", 10);
	ASSERT_EQ(0, syscall(SYS_truncate, DATA "/g", 3));
	ASSERT_EQ(0, syscall(SYS_rename, DATA "/g", DATA "/h"));
	ASSERT_EQ(0, syscall(SYS_renameat, AT_FDCWD, DATA "/h", AT_FDCWD,
			     DATA "/i"));
	/* From outside into the prefix: counts once. */
	make_file(TOP "/datax/j", 1);
	ASSERT_EQ(0, syscall(SYS_renameat2, AT_FDCWD, TOP "/datax/j",
			     AT_FDCWD, DATA "/j", 0));
	ASSERT_EQ(0, syscall(SYS_unlink, DATA "/i"));
	ASSERT_EQ(0, syscall(SYS_unlinkat, AT_FDCWD, DATA "/j", 0));
	fd = open(DATA, O_RDONLY | O_DIRECTORY);
	ASSERT_LE(0, fd);
	ASSERT_LT(0, syscall(SYS_getdents64, fd, dents, sizeof(dents)));
	close(fd);
	EXPECT_EQ(1, value("data", "mkdir_calls"));
	EXPECT_EQ(1, value("data", "mkdirat_calls"));
	EXPECT_EQ(1, value("data", "rmdir_calls"));
	EXPECT_EQ(2, value("data", "unlinkat_calls"));
	EXPECT_EQ(1, value("data", "truncate_calls"));
	EXPECT_EQ(1, value("data", "rename_calls"));
	EXPECT_EQ(1, value("data", "renameat_calls"));
	EXPECT_EQ(1, value("data", "renameat2_calls"));
	EXPECT_EQ(1, value("data", "unlink_calls"));
	/* Both paths of a rename under "data": one call, counted once. */
	EXPECT_EQ(1, value("data", "getdents64_calls"));
}

TEST_F(count, mmap_and_copy_file_range)
{
	int in = open(DATA "/f", O_RDONLY);
	int out = open(TOP "/datax/copy", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	loff_t off_in = 0;
	void *p;

	ASSERT_LE(0, in);
	ASSERT_LE(0, out);
	p = mmap(NULL, 5, PROT_READ, MAP_SHARED, in, 0);
	ASSERT_NE(MAP_FAILED, p);
	munmap(p, 5);
	p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, p);
	munmap(p, 4096);
	ASSERT_EQ(5, copy_file_range(in, &off_in, out, NULL, 5, 0));
	close(in);
	close(out);
	EXPECT_EQ(1, value("data", "mmap_calls"));
	EXPECT_EQ(1, value("data", "copy_file_range_calls"));
	EXPECT_EQ(5, value("data", "read_bytes"));
	EXPECT_EQ(5, value("top", "write_bytes"));
}

TEST_F(count, remaining_syscalls)
{
	struct open_how how = { .flags = O_RDONLY };
	char a[2], b[3];
	struct iovec iov[2] = { { a, sizeof(a) }, { b, sizeof(b) } };
	int fd, p[2];

	fd = syscall(SYS_open, DATA "/f", O_RDWR);
	ASSERT_LE(0, fd);
	ASSERT_EQ(5, syscall(SYS_preadv, fd, iov, 2, 0, 0));
	ASSERT_EQ(5, syscall(SYS_preadv2, fd, iov, 2, 0, 0, 0));
	ASSERT_EQ(5, syscall(SYS_pwritev2, fd, iov, 2, 0, 0, 0));
	ASSERT_EQ(5, writev(fd, iov, 2));
	ASSERT_EQ(2, write(fd, "xy", 2));
	ASSERT_EQ(0, fdatasync(fd));
	ASSERT_EQ(0, ftruncate(fd, 5));
	ASSERT_EQ(0, pipe(p));
	ASSERT_EQ(5, splice(fd, &(loff_t){ 0 }, p[1], NULL, 5, 0));
	close(p[0]);
	close(p[1]);
	close(fd);
	fd = syscall(SYS_openat2, AT_FDCWD, DATA "/f", &how, sizeof(how));
	ASSERT_LE(0, fd);
	close(fd);
	fd = syscall(SYS_creat, DATA "/c", 0644);
	ASSERT_LE(0, fd);
	close(fd);
	EXPECT_EQ(1, value("data", "open_calls"));
	EXPECT_EQ(1, value("data", "openat2_calls"));
	EXPECT_EQ(1, value("data", "creat_calls"));
	EXPECT_EQ(1, value("data", "preadv_calls"));
	EXPECT_EQ(1, value("data", "preadv2_calls"));
	EXPECT_EQ(1, value("data", "pwritev2_calls"));
	EXPECT_EQ(1, value("data", "writev_calls"));
	EXPECT_EQ(1, value("data", "write_calls"));
	EXPECT_EQ(1, value("data", "fdatasync_calls"));
	EXPECT_EQ(1, value("data", "ftruncate_calls"));
	EXPECT_EQ(1, value("data", "splice_calls"));
	/* preadv, preadv2 and splice read 5 bytes each. */
	EXPECT_EQ(3, value("data", "read_ops"));
	EXPECT_EQ(15, value("data", "read_bytes"));
	EXPECT_EQ(3, value("data", "write_ops"));
	EXPECT_EQ(12, value("data", "write_bytes"));
	unlink(DATA "/c");
}

TEST_F(count, dirfd_relative_openat)
{
	char buf[8];
	int dfd = open(TOP, O_RDONLY | O_DIRECTORY), fd;

	ASSERT_LE(0, dfd);
	fd = openat(dfd, "data/f", O_RDONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(5, read(fd, buf, sizeof(buf)));
	close(fd);
	close(dfd);
	EXPECT_EQ(1, value("data", "openat_calls"));
	EXPECT_EQ(5, value("data", "read_bytes"));
}

TEST_F(count, symlink_from_inside_out)
{
	char buf[8];
	int fd;

	unlink(DATA "/out");
	ASSERT_EQ(0, symlink(TOP "/datax/f", DATA "/out"));
	fd = open(DATA "/out", O_RDONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(5, read(fd, buf, sizeof(buf)));
	close(fd);
	unlink(DATA "/out");
	/* The real file is outside "data". */
	EXPECT_EQ(0, value("data", "read_ops"));
	EXPECT_EQ(1, value("top", "read_ops"));
}

/* A child that runs @fn and exits with its status. */
static int in_child(int (*fn)(void))
{
	int st;
	pid_t pid = fork();

	if (!pid)
		_exit(fn());
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

static int read_data_f(const char *path)
{
	char buf[8];
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return 10;
	if (read(fd, buf, sizeof(buf)) != 5)
		return 11;
	close(fd);
	return 0;
}

/* In a chroot at TOP, data/f is "/data/f": not under DATA. */
static int chrooted_read(void)
{
	if (chroot(TOP) || chdir("/"))
		return 20;
	return read_data_f("/data/f");
}

TEST_F(count, chroot_sees_its_own_paths)
{
	EXPECT_EQ(0, in_child(chrooted_read));
	EXPECT_EQ(0, value("data", "read_ops"));
	EXPECT_EQ(0, value("top", "read_ops"));
}

/* A bind mount of DATA elsewhere: the path is the bind mount's. */
static int bind_mount_read(void)
{
	int ret;

	if (unshare(CLONE_NEWNS) ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    mkdir("/tmp/pm-bind", 0755) ||
	    mount(DATA, "/tmp/pm-bind", NULL, MS_BIND, NULL))
		return 30;
	ret = read_data_f("/tmp/pm-bind/f");
	if (ret)
		return ret;
	/* The same file through its own path counts. */
	return read_data_f(DATA "/f");
}

TEST_F(count, mount_namespace_and_bind_mount)
{
	rmdir("/tmp/pm-bind");
	EXPECT_EQ(0, in_child(bind_mount_read));
	rmdir("/tmp/pm-bind");
	EXPECT_EQ(1, value("data", "read_ops"));
	EXPECT_EQ(5, value("data", "read_bytes"));
}

/* A reload that keeps a prefix keeps its counts, adds and drops others. */
TEST_F(count, reload_keeps_counters)
{
	static const char *const prefixes[] = { DATA, "/var" };
	static const char *const names[] = { "data", "var" };
	static const uint64_t syscalls[] = { 1ULL << PATHSTATS_SYS_PREAD, 0 };
	char c;
	int fd = open(DATA "/f", O_RDONLY), i;

	ASSERT_LE(0, fd);
	for (i = 0; i < 7; i++)
		ASSERT_EQ(1, pread(fd, &c, 1, 0));
	ASSERT_EQ(0, load_prefixes(self->dev, prefixes, names, syscalls, 2));
	for (i = 0; i < 3; i++)
		ASSERT_EQ(1, pread(fd, &c, 1, 0));
	close(fd);
	EXPECT_EQ(10, value("data", "pread_calls"));
	EXPECT_EQ(10, value("data", "read_bytes"));
	EXPECT_EQ(0, value("var", "read_ops"));
	EXPECT_EQ(-1000 - ENOENT, value("top", "read_ops"));
	/* The file now has one prefix less: its match was decided again. */
	EXPECT_EQ(10, value("", "read_bytes"));
}

/*
 * The match reads paths eight bytes at a time: prefixes and paths of 15,
 * 16, 23 and 24 bytes, with a "/" as the first byte of a word.
 */
#define EDGE	TOP "/wordedge"		/* 16 bytes */

TEST_F(count, prefixes_at_word_edges)
{
	static const char *const prefixes[] = {
		EDGE, EDGE "/1234567", EDGE "/123456", TOP "/wordedg",
	};
	static const char *const names[] = { "e16", "e24", "e23", "e15" };
	static const uint64_t syscalls[] = { 0, 0, 0, 0 };
	char c;
	int fd, i;

	mkdir(EDGE, 0755);
	make_file(EDGE "/1234567", 5);
	make_file(EDGE "/f", 5);
	ASSERT_EQ(0, load_prefixes(self->dev, prefixes, names, syscalls, 4));
	fd = open(EDGE "/1234567", O_RDONLY);
	ASSERT_LE(0, fd);
	for (i = 0; i < 3; i++)
		ASSERT_EQ(1, pread(fd, &c, 1, 0));
	close(fd);
	fd = open(EDGE "/f", O_RDONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(1, pread(fd, &c, 1, 0));
	close(fd);
	EXPECT_EQ(4, value("e16", "read_ops"));
	EXPECT_EQ(3, value("e24", "read_ops"));
	EXPECT_EQ(0, value("e23", "read_ops"));
	EXPECT_EQ(0, value("e15", "read_ops"));
}

/* Not "/": it would also count this test's reads of the counters. */
static const char *const nested[] = {
	"/tmp", TOP, TOP "/n", TOP "/n/a", TOP "/n/a/b",
	TOP "/n/a/b/c", TOP "/n/a/b/c/d", TOP "/n/a/b/c/d/e",
	TOP "/n/a/b/c/d/e/f", TOP "/n/a/b/c/d/e/f/g",
};
#define NESTED_DEEPEST	TOP "/n/a/b/c/d/e/f/g"

/*
 * Loads the prefixes of nested[], all counting @syscalls, makes their
 * directories and NESTED_DEEPEST/file of 5 bytes, and resets the counters.
 */
static int load_nested(int dev, uint64_t syscalls)
{
	static const char *const names[] = {
		"n0", "n1", "n2", "n3", "n4", "n5", "n6", "n7", "n8", "n9",
	};
	uint64_t sys[ARRAY_SIZE(nested)];
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(nested); i++)
		sys[i] = syscalls;
	ret = load_prefixes(dev, nested, names, sys, ARRAY_SIZE(nested));
	if (ret)
		return ret;
	for (i = 2; i < ARRAY_SIZE(nested); i++)
		mkdir(nested[i], 0755);
	make_file(NESTED_DEEPEST "/file", 5);
	reset_all();
	return 0;
}

static long long nested_value(unsigned int i, const char *file)
{
	char p[16];

	snprintf(p, sizeof(p), "n%u", i);
	return value(p, file);
}

/*
 * More nested prefixes cover one file than a cached match can list
 * (PATHMON_MATCH_MAX, 7): every one of them still counts.
 */
TEST_F(count, many_nested_prefixes)
{
	unsigned int i;
	char buf[8];
	int fd;

	ASSERT_EQ(0, load_nested(self->dev, 0));
	fd = open(NESTED_DEEPEST "/file", O_RDONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(5, read(fd, buf, sizeof(buf)));
	ASSERT_EQ(0, read(fd, buf, sizeof(buf)));
	close(fd);
	for (i = 0; i < ARRAY_SIZE(nested); i++) {
		EXPECT_EQ(2, nested_value(i, "read_ops")) {
			TH_LOG("prefix %s", nested[i]);
		}
		EXPECT_EQ(5, nested_value(i, "read_bytes"));
	}
}

/*
 * The two-file syscalls under more nested prefixes than a match lists,
 * both files under all of them: each call counts once per prefix, its
 * read on the one file and its write on the other.
 */
TEST_F(count, many_nested_prefixes_two_files)
{
	off_t off = 0;
	unsigned int i;
	int in, out;

	ASSERT_EQ(0, load_nested(self->dev, ALL));
	in = open(NESTED_DEEPEST "/file", O_RDONLY);
	out = open(NESTED_DEEPEST "/out", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ASSERT_LE(0, in);
	ASSERT_LE(0, out);
	ASSERT_EQ(5, sendfile(out, in, &off, 5));
	off = 0;
	ASSERT_EQ(5, copy_file_range(in, &off, out, NULL, 5, 0));
	close(in);
	close(out);
	ASSERT_EQ(0, rename(NESTED_DEEPEST "/out", NESTED_DEEPEST "/moved"));
	for (i = 0; i < ARRAY_SIZE(nested); i++) {
		EXPECT_EQ(1, nested_value(i, "sendfile_calls")) {
			TH_LOG("prefix %s", nested[i]);
		}
		EXPECT_EQ(1, nested_value(i, "copy_file_range_calls")) {
			TH_LOG("prefix %s", nested[i]);
		}
		EXPECT_EQ(1, nested_value(i, "rename_calls")) {
			TH_LOG("prefix %s", nested[i]);
		}
		EXPECT_EQ(2, nested_value(i, "read_ops"));
		EXPECT_EQ(10, nested_value(i, "read_bytes"));
		EXPECT_EQ(2, nested_value(i, "write_ops"));
		EXPECT_EQ(10, nested_value(i, "write_bytes"));
	}
}

/*
 * As above, with the files under different prefix sets: one under all
 * ten nested prefixes (more than a match lists), one under the outer
 * four.  A call counts once in every prefix covering either file; reads
 * and writes in the prefixes of the file read and the file written.
 */
TEST_F(count, many_nested_prefixes_two_files_apart)
{
	const char *shallow = TOP "/n/a/out";
	unsigned int i, outer;
	off_t off = 0;
	int deep, mid, out;

	ASSERT_EQ(0, load_nested(self->dev, ALL));
	deep = open(NESTED_DEEPEST "/file", O_RDONLY);
	mid = open(shallow, O_RDWR | O_CREAT | O_TRUNC, 0644);
	out = open(NESTED_DEEPEST "/out", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ASSERT_LE(0, deep);
	ASSERT_LE(0, mid);
	ASSERT_LE(0, out);
	/* Deep to shallow, then shallow to deep. */
	ASSERT_EQ(5, sendfile(mid, deep, &off, 5));
	off = 0;
	ASSERT_EQ(5, copy_file_range(mid, &off, out, NULL, 5, 0));
	close(deep);
	close(mid);
	close(out);
	ASSERT_EQ(0, rename(shallow, NESTED_DEEPEST "/moved"));
	for (i = 0; i < ARRAY_SIZE(nested); i++) {
		/* nested[0..3] cover the shallow file too. */
		outer = i < 4;
		EXPECT_EQ(1, nested_value(i, "sendfile_calls")) {
			TH_LOG("prefix %s", nested[i]);
		}
		EXPECT_EQ(1, nested_value(i, "copy_file_range_calls")) {
			TH_LOG("prefix %s", nested[i]);
		}
		EXPECT_EQ(1, nested_value(i, "rename_calls")) {
			TH_LOG("prefix %s", nested[i]);
		}
		EXPECT_EQ(1 + outer, nested_value(i, "read_ops")) {
			TH_LOG("prefix %s", nested[i]);
		}
		EXPECT_EQ(5 + 5 * outer, nested_value(i, "read_bytes"));
		EXPECT_EQ(1 + outer, nested_value(i, "write_ops")) {
			TH_LOG("prefix %s", nested[i]);
		}
		EXPECT_EQ(5 + 5 * outer, nested_value(i, "write_bytes"));
	}
}

TEST_HARNESS_MAIN
