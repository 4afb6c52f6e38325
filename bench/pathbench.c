// SPDX-License-Identifier: GPL-2.0
/*
 * pathbench: the microbenchmark of make bench.
 *
 *   pathbench FILE OP:N [OP:N]...
 *
 * Times N calls of each OP on FILE (created, 4 KiB) and prints one line
 * per OP: "OP N NS_PER_OP".  The time is CLOCK_MONOTONIC, which under
 * qemu -icount counts guest instructions, so a run repeats to four digits.
 *
 *   pread      pread(fd, buf, 1, 0)
 *   write      pwrite(fd, buf, 4096, 0): the file does not grow
 *   openclose  openat(AT_FDCWD, FILE, O_RDONLY) + close
 *   stat       fstatat(AT_FDCWD, FILE, &st, 0): newfstatat(2)
 *   getppid    getppid(): a syscall on no file
 *
 * Each OP runs N / 20 untimed calls first (caches, page cache, dentries).
 * Exit status: 0, 1 usage or setup error, 2 a call failed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define BUF_SIZE 4096
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

enum op {
	OP_PREAD, OP_WRITE, OP_OPENCLOSE, OP_STAT, OP_GETPPID,
	/* Unix sockets: a client's send, then the peer's recv, or back. */
	OP_SSEND64, OP_SSEND512, OP_SSEND4K, OP_SRECV64, OP_PSEND64,
	OP_PSEND4K,
};

static const char * const op_names[] = {
	[OP_PREAD] = "pread",
	[OP_WRITE] = "write",
	[OP_OPENCLOSE] = "openclose",
	[OP_STAT] = "stat",
	[OP_GETPPID] = "getppid",
	[OP_SSEND64] = "ssend64",
	[OP_SSEND512] = "ssend512",
	[OP_SSEND4K] = "ssend4k",
	[OP_SRECV64] = "srecv64",
	[OP_PSEND64] = "psend64",
	[OP_PSEND4K] = "psend4k",
};

static char buf[BUF_SIZE];

/*
 * A stream client connected to a server bound at "uds.sock" beside the
 * file (the socket a config monitors), and a socketpair (never bound,
 * never monitored).
 */
static int client = -1, server = -1, pair[2] = { -1, -1 };

static int uds_setup(const char *file)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	const char *slash = strrchr(file, '/');
	int listener;

	snprintf(sun.sun_path, sizeof(sun.sun_path), "%.*s/uds.sock",
		 slash ? (int)(slash - file) : 1, slash ? file : ".");
	unlink(sun.sun_path);
	listener = socket(AF_UNIX, SOCK_STREAM, 0);
	client = socket(AF_UNIX, SOCK_STREAM, 0);
	if (listener < 0 || client < 0 ||
	    bind(listener, (struct sockaddr *)&sun, sizeof(sun)) ||
	    listen(listener, 1) ||
	    connect(client, (struct sockaddr *)&sun, sizeof(sun)))
		return -1;
	server = accept(listener, NULL, NULL);
	close(listener);
	if (server < 0)
		return -1;
	return socketpair(AF_UNIX, SOCK_STREAM, 0, pair);
}

/* @size bytes from @from, all read at @to. */
static int uds_transfer(int from, int to, size_t size)
{
	return send(from, buf, size, 0) != (ssize_t)size ||
	       recv(to, buf, size, MSG_WAITALL) != (ssize_t)size;
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int parse_op(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(op_names); i++)
		if (strlen(op_names[i]) == len && !strncmp(s, op_names[i], len))
			return i;
	return -1;
}

/* One call of @op; 0 on success. */
static int one(enum op op, int fd, const char *path)
{
	struct stat st;
	int f;

	switch (op) {
	case OP_PREAD:
		return pread(fd, buf, 1, 0) != 1;
	case OP_WRITE:
		return pwrite(fd, buf, BUF_SIZE, 0) != BUF_SIZE;
	case OP_OPENCLOSE:
		f = openat(AT_FDCWD, path, O_RDONLY);
		if (f < 0)
			return 1;
		return close(f);
	case OP_STAT:
		return fstatat(AT_FDCWD, path, &st, 0);
	case OP_GETPPID:
		getppid();
		return 0;
	case OP_SSEND64:
		return uds_transfer(client, server, 64);
	case OP_SSEND512:
		return uds_transfer(client, server, 512);
	case OP_SSEND4K:
		return uds_transfer(client, server, 4096);
	case OP_SRECV64:
		return uds_transfer(server, client, 64);
	case OP_PSEND64:
		return uds_transfer(pair[0], pair[1], 64);
	case OP_PSEND4K:
		return uds_transfer(pair[0], pair[1], 4096);
	}
	return 1;
}

static int run(enum op op, long n, int fd, const char *path)
{
	long long t0, t1;
	long i;

	for (i = 0; i < n / 20; i++)
		if (one(op, fd, path))
			goto fail;
	t0 = now_ns();
	for (i = 0; i < n; i++)
		if (one(op, fd, path))
			goto fail;
	t1 = now_ns();
	printf("%s %ld %.2f\n", op_names[op], n, (double)(t1 - t0) / n);
	fflush(stdout);
	return 0;
fail:
	fprintf(stderr, "pathbench: %s: %s\n", op_names[op], strerror(errno));
	return 2;
}

int main(int argc, char **argv)
{
	const char *path;
	int fd, i, op, err;

	if (argc < 3) {
		fprintf(stderr, "usage: pathbench FILE OP:N [OP:N]...\n");
		return 1;
	}
	path = argv[1];
	memset(buf, 'x', sizeof(buf));
	fd = open(path, O_RDWR | O_CREAT, 0644);
	if (fd < 0 || pwrite(fd, buf, BUF_SIZE, 0) != BUF_SIZE) {
		fprintf(stderr, "pathbench: %s: %s\n", path, strerror(errno));
		return 1;
	}
	for (i = 2; i < argc; i++) {
		const char *colon = strchr(argv[i], ':');
		char *end;
		long n;

		op = colon ? parse_op(argv[i], colon - argv[i]) : -1;
		n = colon ? strtol(colon + 1, &end, 10) : 0;
		if (op < 0 || n <= 0 || *end) {
			fprintf(stderr, "pathbench: bad OP:N '%s'\n", argv[i]);
			return 1;
		}
		if (op >= OP_SSEND64 && client < 0 && uds_setup(path)) {
			fprintf(stderr, "pathbench: sockets: %s\n",
				strerror(errno));
			return 1;
		}
		err = run(op, n, fd, path);
		if (err)
			return err;
	}
	close(fd);
	return 0;
}
