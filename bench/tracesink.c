// SPDX-License-Identifier: GPL-2.0
/*
 * tracesink: the monitoring process of make bench's trace rows.
 *
 *   tracesink SOCKET          a remote sink's endpoint
 *   tracesink -d SESSION      a device sink, of the session SESSION
 *
 * With SOCKET, listens on that SOCK_SEQPACKET unix socket (created, a
 * path) and accepts the remote sinks that connect, one after the other;
 * with -d, opens the session's device sink through /dev/pathstats.  Reads
 * their messages and does nothing with them, until SIGTERM or SIGINT (or
 * the session's end), then prints "messages N dropped D": N messages
 * read, D the sum of their headers' dropped counts.  It is the cheapest
 * reader there can be, so that the rows measure what pathstats costs, not
 * a decoder; a real monitoring process is examples/trace_monitor.py.
 * Exit status: 0, 1 usage or setup error.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <linux/pathstats.h>

static atomic_bool stop;

static void on_signal(int sig)
{
	(void)sig;
	atomic_store(&stop, true);
}

/* A device sink's read() returns many messages at once. */
static char buf[PATHSTATS_TRACE_MESSAGE_MAX * 16];
static unsigned long long messages, dropped;

static void count(const char *p, size_t n)
{
	struct pathstats_trace_header hdr;

	while (n >= sizeof(hdr)) {
		memcpy(&hdr, p, sizeof(hdr));
		if (hdr.size < sizeof(hdr) || hdr.size > n)
			break;
		messages++;
		dropped += hdr.dropped;
		p += hdr.size;
		n -= hdr.size;
	}
}

static int listen_on(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(sun.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(sun.sun_path, path, strlen(path) + 1);
	unlink(sun.sun_path);
	fd = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sun, sizeof(sun)) ||
	    listen(fd, 1))
		return -1;
	return fd;
}

static int open_session(const char *name)
{
	struct pathstats_trace_name arg = {};
	int dev, fd;

	if (strlen(name) >= sizeof(arg.name)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(arg.name, name, strlen(name) + 1);
	dev = open("/dev/pathstats", O_RDONLY | O_CLOEXEC);
	if (dev < 0)
		return -1;
	fd = ioctl(dev, PATHSTATS_IOC_TRACE_OPEN, &arg);
	close(dev);
	return fd;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	bool device = argc == 3 && !strcmp(argv[1], "-d");
	int fd, conn = -1;
	ssize_t n;

	if (argc != 2 + device || (!device && argv[1][0] == '-')) {
		fprintf(stderr, "usage: tracesink SOCKET | tracesink -d SESSION\n");
		return 1;
	}
	/* No SA_RESTART: the signal ends a blocking accept() or read. */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	fd = device ? open_session(argv[2]) : listen_on(argv[1]);
	if (fd < 0) {
		fprintf(stderr, "tracesink: %s: %s\n", argv[argc - 1],
			strerror(errno));
		return 1;
	}
	while (!atomic_load(&stop)) {
		if (device) {
			n = read(fd, buf, sizeof(buf));
			if (!n)
				break;	/* the session ended */
		} else if (conn < 0) {
			conn = accept(fd, NULL, NULL);
			continue;
		} else {
			/* A packet: one or more whole messages. */
			n = recv(conn, buf, sizeof(buf), 0);
			if (!n || (n < 0 && errno != EINTR)) {
				close(conn);	/* the sink went: the next */
				conn = -1;
				continue;
			}
		}
		if (n > 0)
			count(buf, n);
		else if (n < 0 && errno != EINTR)
			break;
	}
	printf("messages %llu dropped %llu\n", messages, dropped);
	return 0;
}
