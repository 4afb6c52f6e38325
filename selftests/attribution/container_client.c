// SPDX-License-Identifier: GPL-2.0
/*
 * The workload of a container in container_test.sh, linked statically so
 * that it runs in a rootfs of busybox and itself:
 *
 *   container_client FILE PREADS SOCKET SENDS
 *
 * PREADS preads of one byte of FILE, then SENDS messages of 100 bytes to
 * the stream SOCKET, each answered with one byte.  Exit status 0 when all
 * went as asked.
 */

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int preads(const char *file, unsigned int n)
{
	int fd = open(file, O_RDONLY);
	char c;

	if (fd < 0) {
		perror(file);
		return -1;
	}
	while (n--)
		if (pread(fd, &c, 1, 0) != 1) {
			perror("pread");
			return -1;
		}
	return close(fd);
}

static int sends(const char *path, unsigned int n)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	char buf[100] = { 0 };
	int fd;

	if (strlen(path) >= sizeof(addr.sun_path))
		return -1;
	memcpy(addr.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof(addr))) {
		perror(path);
		return -1;
	}
	while (n--)
		if (send(fd, buf, sizeof(buf), 0) != sizeof(buf) ||
		    recv(fd, buf, 1, 0) != 1) {
			perror("send/recv");
			return -1;
		}
	return close(fd);
}

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: %s FILE PREADS SOCKET SENDS\n",
			argv[0]);
		return 2;
	}
	if (preads(argv[1], atoi(argv[2])) || sends(argv[3], atoi(argv[4])))
		return 1;
	return 0;
}
