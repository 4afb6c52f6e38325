/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the udsmon selftests share: loading a configuration with
 * pathstatsctl, reading statsfs values, and making bound and connected
 * unix sockets.
 */
#ifndef UDSMON_LIB_H
#define UDSMON_LIB_H

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "harness.h"
#include "statsfs_value.h"

#define UDS	"/sys/kernel/stats/uds"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

static const char *const udsmon_counters[] = {
	"send_bytes_total", "recv_bytes_total", "send_ops_total",
	"recv_ops_total", "captured_total", "dropped_total",
};

static inline const char *ctl(void)
{
	const char *path = getenv("PATHSTATSCTL");

	return path ? path : "tools/pathstatsctl";
}

static inline int run_ctl(const char *args)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "%s %s >/dev/null", ctl(), args);
	return system(cmd);
}

/* Writes @yaml to @file and loads it with pathstatsctl: 0 on success. */
static inline int load_config(const char *file, const char *yaml)
{
	char args[512];
	FILE *f = fopen(file, "w");

	if (!f)
		return -1;
	fputs(yaml, f);
	if (fclose(f))
		return -1;
	snprintf(args, sizeof(args), "load %s", file);
	return run_ctl(args);
}

/* What "pathstatsctl ARGS" prints, NUL-terminated; NULL on failure. */
static inline char *ctl_output(const char *args)
{
	static char out[65536];
	char cmd[1024];
	size_t n;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "%s %s", ctl(), args);
	p = popen(cmd, "r");
	if (!p)
		return NULL;
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	return pclose(p) ? NULL : out;
}

static inline long long value(const char *name, const char *file)
{
	char path[256];

	snprintf(path, sizeof(path), UDS "%s%s/%s", *name ? "/" : "", name,
		 file);
	return read_value(path);
}

/*
 * Waits until @pid sleeps in syscall @nr: 0, or -1 after 10 seconds
 * (times PATHSTATS_TIME_SCALE).
 */
static inline int wait_in_syscall(pid_t pid, int nr)
{
	unsigned int i, polls = 1000 * pathstats_time_scale();
	char path[64], buf[64];
	int n, fd;

	snprintf(path, sizeof(path), "/proc/%d/syscall", pid);
	for (i = 0; i < polls; i++) {
		fd = open(path, O_RDONLY);
		if (fd < 0)
			return -1;
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n > 0 && atoi(buf) == nr && buf[0] != 'r')
			return 0;
		usleep(10000);
	}
	return -1;
}

/* Zeroes every socket's counters through the aggregates in uds/. */
static inline void reset_all(void)
{
	char path[256];
	unsigned int i;
	int fd;

	for (i = 0; i < ARRAY_SIZE(udsmon_counters); i++) {
		snprintf(path, sizeof(path), UDS "/%s", udsmon_counters[i]);
		fd = open(path, O_WRONLY);
		if (fd < 0 || write(fd, "0", 1) != 1)
			perror(path);
		if (fd >= 0)
			close(fd);
	}
}

static inline socklen_t sun_of(struct sockaddr_un *sun, const char *path,
			bool abstract)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	if (abstract) {
		memcpy(sun->sun_path + 1, path, strlen(path));
		return offsetof(struct sockaddr_un, sun_path) + 1 +
		       strlen(path);
	}
	snprintf(sun->sun_path, sizeof(sun->sun_path), "%s", path);
	return offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1;
}

static inline int bound(int type, const char *path, bool abstract)
{
	struct sockaddr_un sun;
	socklen_t len = sun_of(&sun, path, abstract);
	int fd = socket(AF_UNIX, type, 0);

	if (!abstract)
		unlink(path);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sun, len))
		return -1;
	if (type != SOCK_DGRAM && listen(fd, 8))
		return -1;
	return fd;
}

static inline int connected(int type, const char *path, bool abstract)
{
	struct sockaddr_un sun;
	socklen_t len = sun_of(&sun, path, abstract);
	int fd = socket(AF_UNIX, type, 0);

	if (fd < 0 || connect(fd, (struct sockaddr *)&sun, len))
		return -1;
	return fd;
}

/* An unconnected datagram socket with an autobound (abstract) address. */
static inline int autobound(void)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_DGRAM, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&sun, sizeof(sa_family_t)))
		return -1;
	return fd;
}

#endif /* UDSMON_LIB_H */
