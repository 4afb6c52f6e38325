// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/pathstats control tests: loading, reloading and clearing
 * configurations, status, and the kernel's validation of every field of
 * the configuration blob.  Runs as root in the test VM with pathstats.ko
 * loaded and statsfs mounted at /sys/kernel/stats.
 */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/pathstats.h>

#include "harness.h"

#define DEV	"/dev/pathstats"
#define PM	"/sys/kernel/stats/pathmon"

struct rule {
	const char *prefix;
	const char *name;
	uint64_t syscalls;
};

struct sock_rule {
	const char *path;
	const char *name;
	uint32_t capture, sample, flags;
};

/* A blob under construction; tests corrupt it before loading. */
struct blob {
	char *buf;
	uint32_t size;
	struct pathstats_config_header *hdr;
	struct pathstats_path_rule *paths;
	struct pathstats_uds_rule *uds;
	char *strtab;
};

static uint32_t add_str(char *strtab, uint32_t *used, const char *s)
{
	uint32_t off = *used;

	memcpy(strtab + off, s, strlen(s) + 1);
	*used += strlen(s) + 1;
	return off;
}

static void blob_build(struct blob *b, const struct rule *r, uint32_t n,
		       const struct sock_rule *u, uint32_t nu)
{
	uint32_t strsize = 0, used = 0, rules, i;

	for (i = 0; i < n; i++)
		strsize += strlen(r[i].prefix) + strlen(r[i].name) + 2;
	for (i = 0; i < nu; i++)
		strsize += strlen(u[i].path) + strlen(u[i].name) + 2;
	rules = sizeof(*b->hdr) + n * sizeof(*b->paths) + nu * sizeof(*b->uds);
	b->size = rules + strsize;
	b->buf = calloc(1, b->size + 1);
	b->hdr = (void *)b->buf;
	b->paths = (void *)(b->buf + sizeof(*b->hdr));
	b->uds = (void *)(b->paths + n);
	b->strtab = b->buf + rules;
	b->hdr->magic = PATHSTATS_CONFIG_MAGIC;
	b->hdr->size = b->size;
	b->hdr->path_count = n;
	b->hdr->uds_count = nu;
	b->hdr->strings_offset = rules;
	b->hdr->strings_size = strsize;
	for (i = 0; i < n; i++) {
		b->paths[i].prefix = add_str(b->strtab, &used, r[i].prefix);
		b->paths[i].name = add_str(b->strtab, &used, r[i].name);
		b->paths[i].syscalls = r[i].syscalls;
	}
	for (i = 0; i < nu; i++) {
		b->uds[i].path = add_str(b->strtab, &used, u[i].path);
		b->uds[i].name = add_str(b->strtab, &used, u[i].name);
		b->uds[i].capture_bytes = u[i].capture;
		b->uds[i].sample_every = u[i].sample;
		b->uds[i].flags = u[i].flags;
	}
}

static int load(int fd, const void *buf, uint32_t size)
{
	struct pathstats_load l = { .blob = (uintptr_t)buf, .size = size };

	return ioctl(fd, PATHSTATS_IOC_LOAD, &l) ? -errno : 0;
}

static int load_blob(int fd, const struct blob *b)
{
	return load(fd, b->buf, b->size);
}

static struct pathstats_status status(int fd)
{
	struct pathstats_status st;

	memset(&st, 0xff, sizeof(st));
	if (ioctl(fd, PATHSTATS_IOC_STATUS, &st))
		memset(&st, 0xee, sizeof(st));
	return st;
}

static int read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return 0;
}

static int count_dirs(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (e->d_type == DT_DIR && e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

#define SYS(x)	(1ULL << PATHSTATS_SYS_##x)

static const struct rule two[] = {
	{ "/etc", "etc", SYS(OPENAT) | SYS(READ) },
	{ "/tmp", "tmp", 0 },
};

#define FAIL_STEP	"/sys/module/pathstats/parameters/fail_load_step"
#define FAULT_DIR	"/tmp/pathstats-fault"

#define FAIL_TREE	"/sys/module/pathstats/parameters/fail_tree_registers"

/* Writes @v to the file @param: 0 or -errno. */
static int set_param(const char *param, unsigned int v)
{
	char buf[16];
	int fd = open(param, O_WRONLY), n, ret = 0;

	if (fd < 0)
		return -errno;
	n = snprintf(buf, sizeof(buf), "%u", v);
	if (write(fd, buf, n) != n)
		ret = -errno;
	close(fd);
	return ret;
}

static int set_fail_step(unsigned int step)
{
	return set_param(FAIL_STEP, step);
}

/* The kernel's taint flags; TAINT_WARN (bit 9) says a WARN() fired. */
static long kernel_taint(void)
{
	char buf[32];

	if (read_file("/proc/sys/kernel/tainted", buf, sizeof(buf)))
		return -1;
	return strtol(buf, NULL, 10);
}

#define TAINT_WARN	(1L << 9)

#define FTRACE_ENABLED	"/proc/sys/kernel/ftrace_enabled"

/* Writes @v to kernel.ftrace_enabled: 0 or -errno. */
static int set_ftrace_enabled(const char *v)
{
	int fd = open(FTRACE_ENABLED, O_WRONLY), ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, v, strlen(v)) != (ssize_t)strlen(v))
		ret = -errno;
	close(fd);
	return ret;
}

FIXTURE(ctl) {
	int fd;
};

FIXTURE_SETUP(ctl)
{
	self->fd = open(DEV, O_RDWR);
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, ioctl(self->fd, PATHSTATS_IOC_CLEAR));
}

FIXTURE_TEARDOWN(ctl)
{
	set_fail_step(0);
	set_param(FAIL_TREE, 0);
	set_ftrace_enabled("1");
	ioctl(self->fd, PATHSTATS_IOC_CLEAR);
	close(self->fd);
}

TEST_F(ctl, device_node)
{
	struct stat st;

	ASSERT_EQ(0, stat(DEV, &st));
	EXPECT_TRUE(S_ISCHR(st.st_mode));
	EXPECT_EQ(0600U, st.st_mode & 07777);
	EXPECT_EQ(0U, st.st_uid);
}

TEST_F(ctl, status_after_clear)
{
	struct pathstats_status st = status(self->fd);

	EXPECT_EQ((unsigned int)PATHSTATS_ABI_VERSION, st.abi_version);
	EXPECT_EQ(0x000100U, st.version);
	EXPECT_EQ(0U, st.path_count);
	EXPECT_EQ(0U, st.uds_count);
	EXPECT_EQ(0U, st.probes_attached);
	EXPECT_EQ(0U, st.ring_entries);
	EXPECT_EQ(0U, st.ring_used);
	EXPECT_EQ(0U, st.held_calls);
	EXPECT_EQ(0U, st.reserved[0] | st.reserved[1]);
}

TEST_F(ctl, load_shows_tree)
{
	struct pathstats_status before = status(self->fd), after;
	struct blob b;
	char buf[64];

	blob_build(&b, two, 2, NULL, 0);
	ASSERT_EQ(0, load_blob(self->fd, &b));
	after = status(self->fd);
	EXPECT_EQ(2U, after.path_count);
	/* No socket captures: no ring. */
	EXPECT_EQ(0U, after.ring_entries);
	EXPECT_EQ(before.generation + 1, after.generation);
	EXPECT_EQ(before.loads + 1, after.loads);

	EXPECT_EQ(2, count_dirs(PM));
	ASSERT_EQ(0, read_file(PM "/etc/prefix", buf, sizeof(buf)));
	EXPECT_STREQ("/etc\n", buf);
	ASSERT_EQ(0, read_file(PM "/tmp/prefix", buf, sizeof(buf)));
	EXPECT_STREQ("/tmp\n", buf);
	ASSERT_EQ(0, read_file(PM "/etc/read_ops", buf, sizeof(buf)));
	EXPECT_STREQ("0\n", buf);
	EXPECT_EQ(0, read_file(PM "/etc/openat_calls", buf, sizeof(buf)));
	EXPECT_EQ(0, read_file(PM "/etc/read_calls", buf, sizeof(buf)));
	EXPECT_EQ(-ENOENT, read_file(PM "/etc/write_calls", buf,
				     sizeof(buf)));
	EXPECT_EQ(0, read_file(PM "/tmp/write_bytes", buf, sizeof(buf)));
	EXPECT_EQ(-ENOENT, read_file(PM "/tmp/openat_calls", buf,
				     sizeof(buf)));
	/* Aggregates over the prefixes. */
	ASSERT_EQ(0, read_file(PM "/read_bytes", buf, sizeof(buf)));
	EXPECT_STREQ("0\n", buf);
	EXPECT_EQ(0, read_file(PM "/openat_calls", buf, sizeof(buf)));
	free(b.buf);
}

TEST_F(ctl, reload_keeps_adds_drops)
{
	static const struct rule next[] = {
		{ "/etc", "etc", SYS(WRITE) },
		{ "/var", "var", 0 },
	};
	struct blob a, b;
	char buf[64];

	blob_build(&a, two, 2, NULL, 0);
	blob_build(&b, next, 2, NULL, 0);
	ASSERT_EQ(0, load_blob(self->fd, &a));
	ASSERT_EQ(0, load_blob(self->fd, &b));
	EXPECT_EQ(2, count_dirs(PM));
	EXPECT_EQ(-ENOENT, read_file(PM "/tmp/read_ops", buf, sizeof(buf)));
	EXPECT_EQ(0, read_file(PM "/var/read_ops", buf, sizeof(buf)));
	EXPECT_EQ(0, read_file(PM "/etc/write_calls", buf, sizeof(buf)));
	EXPECT_EQ(-ENOENT, read_file(PM "/etc/openat_calls", buf,
				     sizeof(buf)));
	EXPECT_EQ(2U, status(self->fd).path_count);
	free(a.buf);
	free(b.buf);
}

TEST_F(ctl, clear_empties_tree)
{
	struct blob b;

	blob_build(&b, two, 2, NULL, 0);
	ASSERT_EQ(0, load_blob(self->fd, &b));
	ASSERT_EQ(0, ioctl(self->fd, PATHSTATS_IOC_CLEAR));
	EXPECT_EQ(0, count_dirs(PM));
	EXPECT_EQ(-1, access(PM "/read_ops", F_OK));
	EXPECT_EQ(0U, status(self->fd).path_count);
	free(b.buf);
}

TEST_F(ctl, many_prefixes)
{
	enum { N = 1024 };
	static struct rule r[N];
	static char names[N][2][32];
	struct blob b;
	int i;

	for (i = 0; i < N; i++) {
		snprintf(names[i][0], 32, "/data/p%04d", i);
		snprintf(names[i][1], 32, "p%04d", i);
		r[i].prefix = names[i][0];
		r[i].name = names[i][1];
	}
	blob_build(&b, r, N, NULL, 0);
	ASSERT_EQ(0, load_blob(self->fd, &b));
	EXPECT_EQ((unsigned int)N, status(self->fd).path_count);
	EXPECT_EQ(N, count_dirs(PM));
	free(b.buf);
}

TEST_F(ctl, unknown_ioctl)
{
	EXPECT_EQ(-1, ioctl(self->fd, _IO(PATHSTATS_IOC_MAGIC, 99)));
	EXPECT_EQ(ENOTTY, errno);
}

TEST_F(ctl, bad_pointer)
{
	EXPECT_EQ(-EFAULT, load(self->fd, NULL, 100));
	EXPECT_EQ(-EFAULT, ioctl(self->fd, PATHSTATS_IOC_STATUS, NULL) ?
		  -errno : 0);
}

TEST_F(ctl, nonroot_eperm)
{
	pid_t pid = fork();
	int st;

	ASSERT_LE(0, pid);
	if (!pid) {
		struct blob b;

		blob_build(&b, two, 2, NULL, 0);
		if (setuid(65534))
			_exit(10);
		if (open(DEV, O_RDWR) >= 0 || errno != EACCES)
			_exit(11);
		/* An fd opened by root is not enough: CAP_SYS_ADMIN is. */
		if (load_blob(self->fd, &b) != -EPERM)
			_exit(12);
		if (!ioctl(self->fd, PATHSTATS_IOC_CLEAR) || errno != EPERM)
			_exit(13);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	EXPECT_TRUE(WIFEXITED(st));
	EXPECT_EQ(0, WEXITSTATUS(st));
	EXPECT_EQ(0U, status(self->fd).path_count);
}

/*
 * Each case corrupts a valid blob (the two path rules above and one
 * socket) in one way; the kernel must answer -EINVAL and change nothing.
 */
enum corruption {
	SHORT_HEADER, TRUNCATED, EXTENDED, BAD_MAGIC, SIZE_MISMATCH,
	HDR_FLAGS, HDR_RESERVED, TOO_MANY_PATHS, TOO_MANY_SOCKETS,
	COUNT_MISMATCH, STRINGS_GAP, NO_NUL, STR_OFFSET_OUT, RELATIVE,
	TRAILING_SLASH, DOUBLE_SLASH, DOTDOT, DOT, EMPTY_PREFIX, NAME_SLASH,
	NAME_DOT, NAME_EMPTY, NAME_CTRL, DUP_PREFIX, DUP_NAME, UNKNOWN_SYSCALL,
	RULE_FLAGS, RULE_RESERVED, GROUPS_WITHOUT_BY, GROUPS_TOO_MANY,
	SOCK_GROUPS_WITHOUT_BY, CAPTURE_TOO_BIG, SAMPLE_ZERO,
	SOCK_RELATIVE, SOCK_FLAGS, SOCK_RESERVED, SOCK_TOO_LONG, RING_TOO_BIG,
	RING_BYTES_TOO_BIG, PREFIX_CTRL, SOCK_CTRL,
	LOAD_RESERVED, HUGE_SIZE, GARBAGE, NR_CORRUPTIONS
};

static int corrupt_and_load(int fd, enum corruption c)
{
	static const struct sock_rule sock = {
		"/run/x.sock", "x", 512, 1, 0
	};
	/* 108 bytes: fits sun_path only without its NUL, one too long. */
	static char long_path[109] = "/";
	struct sock_rule long_sock = { long_path, "x", 0, 1, 0 };
	struct pathstats_load l = { 0 };
	char *s;
	struct blob b;
	uint32_t size;
	int ret;

	memset(long_path + 1, 'a', sizeof(long_path) - 2);
	blob_build(&b, two, 2, c == SOCK_TOO_LONG ? &long_sock : &sock, 1);
	size = b.size;
	s = b.strtab;
	switch (c) {
	case SHORT_HEADER:
		size = sizeof(*b.hdr) - 1;
		break;
	case TRUNCATED:
		size--;
		break;
	case EXTENDED: /* one byte beyond the blob */
		size++;
		break;
	case BAD_MAGIC:
		b.hdr->magic ^= 1;
		break;
	case SIZE_MISMATCH:
		b.hdr->size--;
		break;
	case HDR_FLAGS:
		b.hdr->flags = 1;
		break;
	case HDR_RESERVED:
		b.hdr->reserved[1] = 1;
		break;
	case TOO_MANY_PATHS:
		b.hdr->path_count = PATHSTATS_MAX_PATHS + 1;
		break;
	case TOO_MANY_SOCKETS:
		b.hdr->uds_count = PATHSTATS_MAX_SOCKETS + 1;
		break;
	case COUNT_MISMATCH:
		b.hdr->path_count = 1;
		break;
	case STRINGS_GAP:
		b.hdr->strings_offset += 8;
		b.hdr->strings_size -= 8;
		break;
	case NO_NUL:
		b.buf[b.size - 1] = 'x';
		break;
	case STR_OFFSET_OUT:
		b.paths[1].name = b.hdr->strings_size;
		break;
	case RELATIVE: /* "xetc" */
		s[b.paths[0].prefix] = 'x';
		break;
	case TRAILING_SLASH:
		memcpy(s + b.paths[0].prefix, "/et/", sizeof("/et/"));
		break;
	case DOUBLE_SLASH:
		memcpy(s + b.paths[0].prefix, "//et", sizeof("//et"));
		break;
	case DOTDOT:
		memcpy(s + b.paths[0].prefix, "/..", sizeof("/.."));
		break;
	case DOT:
		memcpy(s + b.paths[0].prefix, "/e/.", sizeof("/e/."));
		break;
	case EMPTY_PREFIX:
		s[b.paths[0].prefix] = '\0';
		break;
	case NAME_SLASH:
		s[b.paths[0].name] = '/';
		break;
	case NAME_DOT:
		s[b.paths[0].name] = '.';
		break;
	case NAME_EMPTY:
		s[b.paths[0].name] = '\0';
		break;
	case NAME_CTRL:
		s[b.paths[0].name + 1] = '\n';
		break;
	case DUP_PREFIX:
		b.paths[1].prefix = b.paths[0].prefix;
		break;
	case DUP_NAME:
		b.paths[1].name = b.paths[0].name;
		break;
	case UNKNOWN_SYSCALL:
		b.paths[0].syscalls |= 1ULL << 40;
		break;
	case RULE_FLAGS: /* the socket-only flag, and one unknown */
		b.paths[1].flags = PATHSTATS_UDS_ABSTRACT;
		b.paths[0].flags = 0x10;
		break;
	case RULE_RESERVED:
		b.paths[1].reserved = 1;
		break;
	case GROUPS_WITHOUT_BY:
		b.paths[1].max_groups = 5;
		break;
	case GROUPS_TOO_MANY:
		b.paths[1].flags = PATHSTATS_GROUP_BY_CGROUP;
		b.paths[1].max_groups = PATHSTATS_GROUPS_MAX + 1;
		break;
	case SOCK_GROUPS_WITHOUT_BY:
		b.uds[0].max_groups = 1;
		break;
	case CAPTURE_TOO_BIG:
		b.uds[0].capture_bytes = 65537;
		break;
	case SAMPLE_ZERO:
		b.uds[0].sample_every = 0;
		break;
	case SOCK_RELATIVE:
		s[b.uds[0].path] = 'r';
		break;
	case SOCK_FLAGS:
		b.uds[0].flags = 0x10;
		break;
	case SOCK_RESERVED:
		b.uds[0].reserved = 1;
		break;
	case RING_TOO_BIG:
		b.hdr->ring_entries = PATHSTATS_RING_MAX + 1;
		break;
	case RING_BYTES_TOO_BIG:
		/* 4085 slots of 264 + 65536 bytes: over 256 MiB. */
		b.uds[0].capture_bytes = 65536;
		b.hdr->ring_entries = 4085;
		break;
	case PREFIX_CTRL: /* "/e\tc": statsfs could not show it */
		s[b.paths[0].prefix + 2] = '\t';
		break;
	case SOCK_CTRL:
		s[b.uds[0].path + 1] = 0x7f;
		break;
	case LOAD_RESERVED:
		l.reserved = 1;
		break;
	case HUGE_SIZE:
		size = PATHSTATS_CONFIG_MAX_SIZE + 1;
		break;
	case GARBAGE:
		srand(42);
		for (size = 0; size < b.size; size++)
			b.buf[size] = rand();
		break;
	default:
		break;
	}
	l.blob = (uintptr_t)b.buf;
	l.size = size;
	ret = ioctl(fd, PATHSTATS_IOC_LOAD, &l) ? -errno : 0;
	free(b.buf);
	return ret;
}

TEST_F(ctl, bad_blobs_rejected)
{
	struct pathstats_status before, after;
	struct blob good;
	int c;

	blob_build(&good, two, 2, NULL, 0);
	ASSERT_EQ(0, load_blob(self->fd, &good));
	for (c = 0; c < NR_CORRUPTIONS; c++) {
		before = status(self->fd);
		EXPECT_EQ(-EINVAL, corrupt_and_load(self->fd, c)) {
			TH_LOG("corruption %d accepted or wrong error", c);
		}
		after = status(self->fd);
		EXPECT_EQ(before.generation, after.generation);
		EXPECT_EQ(2U, after.path_count);
		EXPECT_EQ(before.rejects + 1, after.rejects) {
			TH_LOG("corruption %d not counted", c);
		}
	}
	/* The old configuration is still in force, untouched. */
	EXPECT_EQ(2, count_dirs(PM));
	EXPECT_EQ(0, access(PM "/etc/openat_calls", F_OK));
	free(good.buf);
}

/* A prefix's read_calls, or -1 if it cannot be read. */
static long long prefix_reads(const char *name)
{
	char path[128], buf[32];

	snprintf(path, sizeof(path), PM "/%s/read_calls", name);
	if (read_file(path, buf, sizeof(buf)))
		return -1;
	return strtoll(buf, NULL, 10);
}

/*
 * Loads @to with each of its steps failing in turn, from the configuration
 * in force (which counts reads of @file under FAULT_DIR if @counting):
 * each failure leaves that configuration whole and counting, until the
 * step number passes the steps of a load and @to loads.  Return: the
 * number of steps that failed.
 */
static int fail_each_step(struct __test_metadata *_metadata, int fd,
			  const struct blob *to, int file, bool counting)
{
	struct pathstats_status before = status(fd), after;
	int dirs = count_dirs(PM), uds = count_dirs("/sys/kernel/stats/uds");
	unsigned int step;
	long long calls;
	char c;
	int err;

	for (step = 1; step < 64; step++) {
		ASSERT_EQ(0, set_fail_step(step));
		err = load_blob(fd, to);
		ASSERT_EQ(0, set_fail_step(0));
		if (!err)
			return step - 1;
		EXPECT_EQ(-ENOMEM, err);
		after = status(fd);
		EXPECT_EQ(before.generation, after.generation) {
			TH_LOG("step %u: the load half happened", step);
		}
		EXPECT_EQ(before.path_count, after.path_count);
		EXPECT_EQ(before.uds_count, after.uds_count);
		EXPECT_EQ(before.probes_attached, after.probes_attached) {
			TH_LOG("step %u: probes %u, were %u", step,
			       after.probes_attached, before.probes_attached);
		}
		EXPECT_EQ(dirs, count_dirs(PM));
		EXPECT_EQ(uds, count_dirs("/sys/kernel/stats/uds"));
		if (!counting)
			continue;
		calls = prefix_reads("fault");
		ASSERT_EQ(1, read(file, &c, 1));
		ASSERT_EQ(0, lseek(file, 0, SEEK_SET));
		EXPECT_EQ(calls + 1, prefix_reads("fault")) {
			TH_LOG("step %u: the loaded configuration stopped counting",
			       step);
		}
	}
	ASSERT_TRUE(false) {
		TH_LOG("a load with more than 63 steps");
	}
	return -1;
}

/*
 * A load that fails at any step changes nothing: not the tree, not the
 * probes, not the counting of the configuration in force, whether that
 * counts through the syscall probes alone or nothing is loaded.
 */
TEST_F_TIMEOUT(ctl, failed_load_changes_nothing, 300)
{
	static const struct rule reads[] = {
		{ FAULT_DIR, "fault", SYS(READ) },
	};
	static const struct rule more[] = {
		{ FAULT_DIR, "fault", SYS(READ) | SYS(STAT) | SYS(UNLINK) },
		{ "/tmp/pathstats-fault-dirs", "dirs", SYS(MKDIR) },
	};
	static const struct sock_rule sock = {
		FAULT_DIR ".sock", "sock", 64, 1, 0
	};
	struct blob a, b;
	int file, steps_empty, steps;

	mkdir(FAULT_DIR, 0755);
	file = open(FAULT_DIR "/f", O_RDWR | O_CREAT, 0644);
	ASSERT_LE(0, file);
	ASSERT_EQ(1, write(file, "x", 1));
	ASSERT_EQ(0, lseek(file, 0, SEEK_SET));
	blob_build(&a, reads, 1, NULL, 0);
	blob_build(&b, more, 2, &sock, 1);

	/* From nothing: the base probes' own steps fail too. */
	steps_empty = fail_each_step(_metadata, self->fd, &b, file, false);
	EXPECT_LE(8, steps_empty);
	EXPECT_EQ(2U, status(self->fd).path_count);
	ASSERT_EQ(0, ioctl(self->fd, PATHSTATS_IOC_CLEAR));

	/* From reads counted through the syscall probes alone. */
	ASSERT_EQ(0, load_blob(self->fd, &a));
	EXPECT_EQ(2U, status(self->fd).probes_attached);
	steps = fail_each_step(_metadata, self->fd, &b, file, true);
	/*
	 * All but the base probes' three steps, done already: the file-free
	 * hook, and the filter and the hook of the syscall functions, which
	 * need none added (@more counts no other fd-based syscall).
	 */
	EXPECT_EQ(steps_empty - 3, steps);
	EXPECT_EQ(2U, status(self->fd).path_count);
	EXPECT_EQ(1U, status(self->fd).uds_count);

	close(file);
	unlink(FAULT_DIR "/f");
	rmdir(FAULT_DIR);
	free(a.buf);
	free(b.buf);
}

/*
 * A statsfs tree that could not be shown is not taken for one that was:
 * the next load shows its own, and nothing WARNs.  Before the point where
 * a load can no longer fail, it fails (the old tree, if that cannot be
 * put back either, comes back with the next load); after it, the load
 * stands and the tree comes with the next one.
 */
TEST_F(ctl, unshown_tree_comes_back)
{
	static const struct sock_rule sock = {
		FAULT_DIR ".sock", "sock", 0, 1, 0
	};
	long taint = kernel_taint();
	struct pathstats_status before;
	struct blob a, b;

	ASSERT_LE(0, taint);
	blob_build(&a, two, 2, NULL, 0);
	blob_build(&b, two, 1, &sock, 1);
	ASSERT_EQ(0, load_blob(self->fd, &a));
	before = status(self->fd);

	/* pathmon's new tree fails, and so does putting the old one back. */
	ASSERT_EQ(0, set_param(FAIL_TREE, 3));
	EXPECT_EQ(-ENOMEM, load_blob(self->fd, &b));
	ASSERT_EQ(0, set_param(FAIL_TREE, 0));
	EXPECT_EQ(before.generation, status(self->fd).generation);
	EXPECT_EQ(2U, status(self->fd).path_count);
	EXPECT_EQ(-1, count_dirs(PM));
	ASSERT_EQ(0, load_blob(self->fd, &b));
	EXPECT_EQ(1, count_dirs(PM));
	EXPECT_EQ(1, count_dirs("/sys/kernel/stats/uds"));

	/* pathmon's goes in, then the uds tree fails: the load stands. */
	ASSERT_EQ(0, set_param(FAIL_TREE, 2));
	EXPECT_EQ(0, load_blob(self->fd, &b));
	ASSERT_EQ(0, set_param(FAIL_TREE, 0));
	EXPECT_EQ(before.generation + 2, status(self->fd).generation);
	EXPECT_EQ(1, count_dirs(PM));
	EXPECT_EQ(-1, count_dirs("/sys/kernel/stats/uds"));
	ASSERT_EQ(0, load_blob(self->fd, &a));
	EXPECT_EQ(2, count_dirs(PM));
	EXPECT_EQ(0, count_dirs("/sys/kernel/stats/uds"));
	ASSERT_EQ(0, load_blob(self->fd, &b));
	EXPECT_EQ(1, count_dirs("/sys/kernel/stats/uds"));

	EXPECT_EQ(0, (kernel_taint() & ~taint) & TAINT_WARN) {
		TH_LOG("the kernel WARNed: see its log");
	}
	free(a.buf);
	free(b.buf);
}

/*
 * Function tracing cannot be switched off under a loaded configuration:
 * its hooks would stop and its syscall probe go on.  Nor can a
 * configuration load while it is off.
 */
TEST_F(ctl, ftrace_enabled_held)
{
	struct pathstats_status before;
	struct blob b;
	char buf[8];

	blob_build(&b, two, 2, NULL, 0);
	ASSERT_EQ(0, load_blob(self->fd, &b));
	EXPECT_EQ(-EBUSY, set_ftrace_enabled("0"));
	ASSERT_EQ(0, read_file(FTRACE_ENABLED, buf, sizeof(buf)));
	EXPECT_STREQ("1\n", buf);

	ASSERT_EQ(0, ioctl(self->fd, PATHSTATS_IOC_CLEAR));
	ASSERT_EQ(0, set_ftrace_enabled("0"));
	before = status(self->fd);
	EXPECT_EQ(-EBUSY, load_blob(self->fd, &b));
	EXPECT_EQ(before.generation, status(self->fd).generation);
	EXPECT_EQ(0U, status(self->fd).probes_attached);
	ASSERT_EQ(0, set_ftrace_enabled("1"));
	EXPECT_EQ(0, load_blob(self->fd, &b));
	free(b.buf);
}

TEST_HARNESS_MAIN
