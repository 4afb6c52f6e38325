// SPDX-License-Identifier: GPL-2.0
/*
 * udsmon counting tests: known traffic between servers bound at monitored
 * and unmonitored unix sockets and their clients, over stream, seqpacket
 * and datagram sockets, with every counter checked exactly.  Runs as root
 * in the test VM with pathstats.ko loaded and statsfs mounted; the
 * configuration is loaded with pathstatsctl ($PATHSTATSCTL).
 */

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "udsmon_lib.h"

#define DIR	"/tmp/udsmon"
#define STREAM	DIR "/stream.sock"
/* Where client_that_may_not_search_the_path reaches STREAM from. */
#define OPEN_DIR	"/tmp/udsmon-open"
#define OPEN_ALIAS	OPEN_DIR "/s"
#define OTHER	DIR "/other.sock"
#define DGRAM	DIR "/dgram.sock"
#define ABSTRACT "pathstats-test-seqpacket"

static const char config[] =
	"uds_monitor:\n"
	"  - socket_path: " STREAM "\n"
	"    capture_bytes: 0\n"
	"    name: stream\n"
	"  - socket_path: " DGRAM "\n"
	"    capture_bytes: 0\n"
	"    name: dgram\n"
	"  - socket_path: \"@" ABSTRACT "\"\n"
	"    capture_bytes: 0\n"
	"    name: seqpacket\n";

static void expect(struct __test_metadata *_metadata, const char *name,
		   long long send_bytes, long long recv_bytes,
		   long long send_ops, long long recv_ops)
{
	EXPECT_EQ(send_bytes, value(name, "send_bytes_total"));
	EXPECT_EQ(recv_bytes, value(name, "recv_bytes_total"));
	EXPECT_EQ(send_ops, value(name, "send_ops_total"));
	EXPECT_EQ(recv_ops, value(name, "recv_ops_total"));
	EXPECT_EQ(0, value(name, "captured_total"));
	EXPECT_EQ(0, value(name, "dropped_total"));
}

/*
 * Request/response in lock step over a connected pair: the client sends
 * one request with write(), send() and a 3-iovec sendmsg() in turn, the
 * server answers each with @reply bytes, which the client reads with
 * read(), recv() and recvmsg() in turn.  Returns the request bytes sent.
 */
static long long converse(struct __test_metadata *_metadata, int client,
			  int server, int rounds, size_t reply)
{
	char req[256], buf[4096];
	long long sent = 0;
	int i;

	memset(req, 'r', sizeof(req));
	for (i = 0; i < rounds; i++) {
		struct iovec iov[3] = {
			{ req, 10 }, { req, 20 }, { req, 30 },
		};
		struct iovec riov = { buf, sizeof(buf) };
		struct msghdr msg = { .msg_iov = iov, .msg_iovlen = 3 };
		struct msghdr rmsg = { .msg_iov = &riov, .msg_iovlen = 1 };
		ssize_t n, got;

		switch (i % 3) {
		case 0:
			n = write(client, req, 100);
			break;
		case 1:
			n = send(client, req, 200, 0);
			break;
		default:
			n = sendmsg(client, &msg, 0);
			break;
		}
		ASSERT_LT(0, n);
		sent += n;
		got = 0;
		while (got < n) {
			ssize_t r = read(server, buf, sizeof(buf));

			ASSERT_LT(0, r);
			got += r;
		}
		ASSERT_EQ((ssize_t)reply, write(server, buf, reply));
		switch (i % 3) {
		case 0:
			n = read(client, buf, sizeof(buf));
			break;
		case 1:
			n = recv(client, buf, sizeof(buf), 0);
			break;
		default:
			n = recvmsg(client, &rmsg, 0);
			break;
		}
		ASSERT_EQ((ssize_t)reply, n);
	}
	return sent;
}

FIXTURE(uds) {
	int stream, other, dgram, seqpacket;
};

FIXTURE_SETUP(uds)
{
	mkdir(DIR, 0755);
	self->stream = bound(SOCK_STREAM, STREAM, false);
	self->other = bound(SOCK_STREAM, OTHER, false);
	self->dgram = bound(SOCK_DGRAM, DGRAM, false);
	self->seqpacket = bound(SOCK_SEQPACKET, ABSTRACT, true);
	ASSERT_LE(0, self->stream);
	ASSERT_LE(0, self->other);
	ASSERT_LE(0, self->dgram);
	ASSERT_LE(0, self->seqpacket);
	ASSERT_EQ(0, load_config(DIR "/config.yaml", config));
	reset_all();
}

FIXTURE_TEARDOWN(uds)
{
	/* What a test that failed half way may have left; harmless if not. */
	chmod(DIR, 0755);
	umount2(OPEN_ALIAS, MNT_DETACH);
	unlink(OPEN_ALIAS);
	rmdir(OPEN_DIR);
	run_ctl("clear");
	close(self->stream);
	close(self->other);
	close(self->dgram);
	close(self->seqpacket);
}

TEST_F(uds, tree)
{
	char buf[128] = "";
	int fd = open(UDS "/stream/socket", O_RDONLY);

	ASSERT_LE(0, fd);
	ASSERT_LT(0, read(fd, buf, sizeof(buf) - 1));
	close(fd);
	EXPECT_STREQ(STREAM "\n", buf);
	fd = open(UDS "/seqpacket/socket", O_RDONLY);
	ASSERT_LE(0, fd);
	memset(buf, 0, sizeof(buf));
	ASSERT_LT(0, read(fd, buf, sizeof(buf) - 1));
	close(fd);
	EXPECT_STREQ("@" ABSTRACT "\n", buf);
	expect(_metadata, "stream", 0, 0, 0, 0);
}

/* Requests count as send, responses as recv; the server's side not. */
TEST_F(uds, stream_client_connected_after_load)
{
	int client = connected(SOCK_STREAM, STREAM, false);
	int server = accept(self->stream, NULL, NULL);
	long long sent;

	ASSERT_LE(0, client);
	ASSERT_LE(0, server);
	/* 100 + 200 + 60, twice. */
	sent = converse(_metadata, client, server, 6, 50);
	EXPECT_EQ(720, sent);
	expect(_metadata, "stream", 720, 300, 6, 6);
	expect(_metadata, "", 720, 300, 6, 6);
	close(client);
	close(server);
}

TEST(stream_client_connected_before_load)
{
	int listener, client, server;

	mkdir(DIR, 0755);
	listener = bound(SOCK_STREAM, STREAM, false);
	client = connected(SOCK_STREAM, STREAM, false);
	server = accept(listener, NULL, NULL);
	ASSERT_LE(0, server);
	ASSERT_EQ(0, load_config(DIR "/config.yaml", config));
	reset_all();
	converse(_metadata, client, server, 3, 7);
	expect(_metadata, "stream", 360, 21, 3, 3);
	run_ctl("clear");
	close(client);
	close(server);
	close(listener);
}

TEST_F(uds, unmonitored_socket_counts_nothing)
{
	int client = connected(SOCK_STREAM, OTHER, false);
	int server = accept(self->other, NULL, NULL);

	ASSERT_LE(0, client);
	ASSERT_LE(0, server);
	converse(_metadata, client, server, 6, 50);
	expect(_metadata, "", 0, 0, 0, 0);
	close(client);
	close(server);
}

TEST_F(uds, seqpacket_abstract)
{
	int client = connected(SOCK_SEQPACKET, ABSTRACT, true);
	int server = accept(self->seqpacket, NULL, NULL);

	ASSERT_LE(0, client);
	ASSERT_LE(0, server);
	converse(_metadata, client, server, 3, 1000);
	expect(_metadata, "seqpacket", 360, 3000, 3, 3);
	expect(_metadata, "stream", 0, 0, 0, 0);
	close(client);
	close(server);
}

/*
 * sendmmsg() and recvmmsg(): every message is a send or a receive of its
 * own, by what it transferred, over seqpacket and unconnected datagrams.
 */
TEST_F(uds, mmsg_counts_each_message)
{
	int client = connected(SOCK_SEQPACKET, ABSTRACT, true);
	int server = accept(self->seqpacket, NULL, NULL);
	int dclient = autobound();
	struct sockaddr_un sun;
	socklen_t len = sun_of(&sun, DGRAM, false);
	struct mmsghdr mm[4];
	struct iovec iov[4];
	char buf[4][64];
	int i;

	ASSERT_LE(0, client);
	ASSERT_LE(0, server);
	ASSERT_LE(0, dclient);
	memset(buf, 'm', sizeof(buf));
	memset(mm, 0, sizeof(mm));
	for (i = 0; i < 4; i++) {
		iov[i] = (struct iovec){ buf[i], 10 * (i + 1) };
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
	}
	ASSERT_EQ(4, sendmmsg(client, mm, 4, 0));
	for (i = 0; i < 4; i++)
		ASSERT_EQ(10 * (i + 1), recv(server, buf[0], 64, 0));
	for (i = 0; i < 3; i++)
		ASSERT_EQ(7, send(server, buf[0], 7, 0));
	for (i = 0; i < 4; i++)
		iov[i] = (struct iovec){ buf[i], 64 };
	ASSERT_EQ(3, recvmmsg(client, mm, 3, 0, NULL));
	for (i = 0; i < 3; i++)
		EXPECT_EQ(7U, mm[i].msg_len);
	expect(_metadata, "seqpacket", 100, 21, 4, 3);

	/* Addressed in each message: two to the monitored socket. */
	for (i = 0; i < 2; i++) {
		iov[i] = (struct iovec){ buf[i], 5 };
		mm[i].msg_hdr.msg_name = &sun;
		mm[i].msg_hdr.msg_namelen = len;
	}
	ASSERT_EQ(2, sendmmsg(dclient, mm, 2, 0));
	expect(_metadata, "dgram", 10, 0, 2, 0);
	close(client);
	close(server);
	close(dclient);
}

/*
 * A peek moves nothing (the data is read again) and is not counted; a
 * datagram received with MSG_TRUNC into a short buffer counts the bytes
 * copied, not the datagram's length that recv() returns.
 */
TEST_F(uds, peek_and_trunc)
{
	int client = connected(SOCK_STREAM, STREAM, false);
	int server = accept(self->stream, NULL, NULL);
	int dclient = autobound();
	struct sockaddr_un sun, from;
	socklen_t len = sun_of(&sun, DGRAM, false), flen = sizeof(from);
	char buf[64] = { 0 };

	ASSERT_LE(0, client);
	ASSERT_LE(0, server);
	ASSERT_LE(0, dclient);
	ASSERT_EQ(20, send(server, buf, 20, 0));
	ASSERT_EQ(20, recv(client, buf, sizeof(buf), MSG_PEEK));
	ASSERT_EQ(20, recv(client, buf, sizeof(buf), 0));
	expect(_metadata, "stream", 0, 20, 0, 1);

	ASSERT_EQ(0, connect(dclient, (struct sockaddr *)&sun, len));
	ASSERT_EQ(1, send(dclient, buf, 1, 0));
	ASSERT_EQ(1, recvfrom(self->dgram, buf, sizeof(buf), 0,
			      (struct sockaddr *)&from, &flen));
	ASSERT_EQ(32, sendto(self->dgram, buf, 32, 0,
			     (struct sockaddr *)&from, flen));
	ASSERT_EQ(32, recv(dclient, buf, 4, MSG_TRUNC));
	expect(_metadata, "dgram", 1, 4, 1, 1);
	close(client);
	close(server);
	close(dclient);
}

/* A connected datagram client, answered at its autobound address. */
TEST_F(uds, dgram_connected)
{
	int client = autobound();
	struct sockaddr_un sun, from;
	socklen_t len = sun_of(&sun, DGRAM, false), flen;
	char buf[256] = { 0 };
	int i;

	ASSERT_LE(0, client);
	ASSERT_EQ(0, connect(client, (struct sockaddr *)&sun, len));
	for (i = 0; i < 5; i++) {
		ASSERT_EQ(64, send(client, buf, 64, 0));
		flen = sizeof(from);
		ASSERT_EQ(64, recvfrom(self->dgram, buf, sizeof(buf), 0,
				       (struct sockaddr *)&from, &flen));
		ASSERT_EQ(32, sendto(self->dgram, buf, 32, 0,
				     (struct sockaddr *)&from, flen));
		ASSERT_EQ(32, recv(client, buf, sizeof(buf), 0));
	}
	expect(_metadata, "dgram", 320, 160, 5, 5);
	close(client);
}

/* An unconnected datagram client: sendto() and recvfrom() name the peer. */
TEST_F(uds, dgram_sendto)
{
	int client = autobound();
	struct sockaddr_un sun, from;
	socklen_t len = sun_of(&sun, DGRAM, false), flen;
	struct iovec iov[3];
	struct msghdr msg = {
		.msg_name = &sun, .msg_namelen = len,
		.msg_iov = iov, .msg_iovlen = 3,
	};
	char buf[256] = { 0 };
	int i;

	ASSERT_LE(0, client);
	for (i = 0; i < 3; i++)
		iov[i] = (struct iovec){ buf, 5 };
	for (i = 0; i < 4; i++) {
		if (i == 3) {
			ASSERT_EQ(15, sendmsg(client, &msg, 0));
		} else {
			ASSERT_EQ(10, sendto(client, buf, 10, 0,
					     (struct sockaddr *)&sun, len));
		}
		flen = sizeof(from);
		ASSERT_LT(0, recvfrom(self->dgram, buf, sizeof(buf), 0,
				      (struct sockaddr *)&from, &flen));
		ASSERT_EQ(3, sendto(self->dgram, buf, 3, 0,
				    (struct sockaddr *)&from, flen));
		flen = sizeof(from);
		ASSERT_EQ(3, recvfrom(client, buf, sizeof(buf), 0,
				      (struct sockaddr *)&from, &flen));
	}
	/* A datagram to the other socket's path is not the monitored one. */
	expect(_metadata, "dgram", 45, 12, 4, 4);
	close(client);
}

/*
 * In a child with namespaces of its own (@nsflags, for unshare()): binds
 * the monitored address @path itself, there on a tmpfs of its own if a
 * path, connects a @type client to it and sends 100 bytes, which its
 * server reads.  Return: the child's exit status, 0 if all that worked.
 */
static int impostor(int nsflags, int type, const char *path, bool abstract)
{
	pid_t pid = fork();
	int status;

	if (!pid) {
		char buf[100] = { 0 };
		int listener, client, server;

		if (unshare(nsflags))
			_exit(10);
		if (nsflags & CLONE_NEWNS &&
		    (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
		     mount("tmpfs", DIR, "tmpfs", 0, NULL)))
			_exit(11);
		listener = bound(type, path, abstract);
		client = connected(type, path, abstract);
		server = accept(listener, NULL, NULL);
		if (listener < 0 || client < 0 || server < 0)
			_exit(12);
		if (send(client, buf, sizeof(buf), 0) != sizeof(buf) ||
		    recv(server, buf, sizeof(buf), 0) != sizeof(buf))
			_exit(13);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/*
 * The monitored abstract socket is the one of the loader's network
 * namespace: the same name bound in another one is another socket.
 */
TEST_F(uds, abstract_name_in_another_netns)
{
	ASSERT_EQ(0, impostor(CLONE_NEWNET, SOCK_SEQPACKET, ABSTRACT, true));
	expect(_metadata, "seqpacket", 0, 0, 0, 0);
}

/*
 * The monitored path socket is the file the loader's namespaces find at
 * the path: a socket bound at the same path on another mount is not it.
 */
TEST_F(uds, path_on_another_mount)
{
	ASSERT_EQ(0, impostor(CLONE_NEWNS, SOCK_STREAM, STREAM, false));
	expect(_metadata, "stream", 0, 0, 0, 0);
}

/* Datagrams to the monitored file by any of its names count. */
TEST_F(uds, dgram_sendto_other_spellings)
{
	static const char *const names[] = {
		"/" DGRAM, DIR "//dgram.sock", DIR "/./dgram.sock",
		DIR "/link.sock", "dgram.sock",
	};
	int client = autobound(), i, cwd = open(".", O_RDONLY | O_DIRECTORY);
	struct sockaddr_un sun;
	char buf[16] = { 0 };

	ASSERT_LE(0, client);
	ASSERT_LE(0, cwd);
	unlink(DIR "/link.sock");
	ASSERT_EQ(0, symlink(DGRAM, DIR "/link.sock"));
	ASSERT_EQ(0, chdir(DIR));
	for (i = 0; i < (int)ARRAY_SIZE(names); i++) {
		socklen_t len = sun_of(&sun, names[i], false);

		ASSERT_EQ(10, sendto(client, buf, 10, 0,
				     (struct sockaddr *)&sun, len)) {
			TH_LOG("%s: %s", names[i], strerror(errno));
		}
		ASSERT_EQ(10, recv(self->dgram, buf, sizeof(buf), 0));
	}
	ASSERT_EQ(0, fchdir(cwd));
	expect(_metadata, "dgram", 50, 0, 5, 0);
	unlink(DIR "/link.sock");
	close(cwd);
	close(client);
}

/*
 * The path is resolved as the loader resolves it: a client that reaches
 * the socket file through a bind mount, and may not search the directory
 * the configured path names, is still the monitored socket's client.
 */
TEST_F(uds, client_that_may_not_search_the_path)
{
	char buf[100] = { 0 };
	int server, status, fd;
	pid_t pid;

	ASSERT_EQ(0, mkdir(OPEN_DIR, 0755));
	fd = open(OPEN_ALIAS, O_CREAT | O_WRONLY, 0666);
	ASSERT_LE(0, fd);
	close(fd);
	ASSERT_EQ(0, mount(STREAM, OPEN_ALIAS, NULL, MS_BIND, NULL));
	ASSERT_EQ(0, chmod(STREAM, 0777));
	ASSERT_EQ(0, chmod(DIR, 0700));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		int client;

		if (setgid(65534) || setuid(65534))
			_exit(10);
		client = connected(SOCK_STREAM, OPEN_ALIAS, false);
		if (client < 0)
			_exit(11);
		if (send(client, buf, sizeof(buf), 0) != sizeof(buf) ||
		    recv(client, buf, sizeof(buf), 0) != 7)
			_exit(12);
		_exit(0);
	}
	server = accept(self->stream, NULL, NULL);
	ASSERT_LE(0, server);
	ASSERT_EQ(100, recv(server, buf, sizeof(buf), MSG_WAITALL));
	ASSERT_EQ(7, send(server, buf, 7, 0));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, status);
	expect(_metadata, "stream", 100, 7, 1, 1);
	close(server);
}

/* A server that binds its path again is still the monitored socket. */
TEST_F(uds, server_binds_again)
{
	int client, server;

	close(self->stream);
	self->stream = bound(SOCK_STREAM, STREAM, false);
	ASSERT_LE(0, self->stream);
	client = connected(SOCK_STREAM, STREAM, false);
	server = accept(self->stream, NULL, NULL);
	ASSERT_LE(0, client);
	ASSERT_LE(0, server);
	converse(_metadata, client, server, 3, 7);
	expect(_metadata, "stream", 360, 21, 3, 3);
	close(client);
	close(server);
}

/*
 * A receive in progress across a reload is counted in the new table if
 * the reload keeps its socket, and not at all if it drops it.
 */
static void recv_across_reload(struct __test_metadata *_metadata,
			       int listener, const char *reload,
			       long long bytes, long long ops)
{
	int client = connected(SOCK_STREAM, STREAM, false);
	int server = accept(listener, NULL, NULL);
	char buf[64] = { 0 };
	int status;
	pid_t pid;

	ASSERT_LE(0, client);
	ASSERT_LE(0, server);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(recv(client, buf, sizeof(buf), 0) == 33 ? 0 : 1);
	ASSERT_EQ(0, wait_in_syscall(pid, SYS_recvfrom));
	ASSERT_EQ(0, load_config(DIR "/reload.yaml", reload));
	ASSERT_EQ(33, send(server, buf, 33, 0));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, status);
	EXPECT_EQ(bytes, value("stream", "recv_bytes_total"));
	EXPECT_EQ(ops, value("stream", "recv_ops_total"));
	close(client);
	close(server);
}

TEST_F(uds, recv_across_a_reload_that_keeps_the_socket)
{
	/* The same sockets in another order: every index moves. */
	static const char reordered[] =
		"uds_monitor:\n"
		"  - socket_path: \"@" ABSTRACT "\"\n"
		"    name: seqpacket\n"
		"  - socket_path: " DGRAM "\n"
		"    name: dgram\n"
		"  - socket_path: " STREAM "\n"
		"    name: stream\n";

	recv_across_reload(_metadata, self->stream, reordered, 33, 1);
}

TEST_F(uds, recv_across_a_reload_that_drops_the_socket)
{
	static const char dropped[] =
		"uds_monitor:\n"
		"  - socket_path: " DGRAM "\n"
		"    name: dgram\n"
		"  - socket_path: " STREAM ".new\n"
		"    name: stream\n";

	recv_across_reload(_metadata, self->stream, dropped, 0, 0);
}

/*
 * A client reading what a server sent before it closed its end: the
 * closed socket keeps its address but not its path.  Decided again after
 * a reload (a new generation), the dead peer is no monitored socket, and
 * the kernel must not trip over the path it lost.
 */
TEST_F(uds, peer_closed_before_the_read)
{
	int client = connected(SOCK_STREAM, STREAM, false);
	int server = accept(self->stream, NULL, NULL);
	char buf[64];

	ASSERT_LE(0, server);
	ASSERT_EQ(10, write(server, "0123456789", 10));
	ASSERT_EQ(0, close(server));
	ASSERT_EQ(0, load_config(DIR "/config.yaml", config));
	ASSERT_EQ(10, read(client, buf, sizeof(buf)));
	expect(_metadata, "stream", 0, 0, 0, 0);
	close(client);
}

/* Counters of a socket that stays survive a reload; a dropped one goes. */
TEST_F(uds, reload_keeps_counters)
{
	int client = connected(SOCK_STREAM, STREAM, false);
	int server = accept(self->stream, NULL, NULL);

	ASSERT_LE(0, server);
	converse(_metadata, client, server, 1, 5);
	ASSERT_EQ(0, load_config(DIR "/only-stream.yaml",
				 "uds_monitor:\n  - socket_path: " STREAM
				 "\n    name: stream\n"));
	expect(_metadata, "stream", 100, 5, 1, 1);
	EXPECT_EQ(-1000 - ENOENT, value("dgram", "send_ops_total"));
	converse(_metadata, client, server, 1, 5);
	expect(_metadata, "stream", 200, 10, 2, 2);
	close(client);
	close(server);
}

/* The contract's Prometheus names, exact values, and promtool agrees. */
TEST_F(uds, export)
{
	int client = connected(SOCK_STREAM, STREAM, false);
	int server = accept(self->stream, NULL, NULL);
	char cmd[512], *out;

	ASSERT_LE(0, server);
	converse(_metadata, client, server, 3, 11);
	out = ctl_output("export");
	ASSERT_NE(NULL, out);
	EXPECT_NE(NULL, strstr(out, "# TYPE pathstats_uds_send_bytes_total counter\n"));
	EXPECT_NE(NULL, strstr(out, "\npathstats_uds_send_bytes_total{socket=\"" STREAM "\"} 360\n"));
	EXPECT_NE(NULL, strstr(out, "\npathstats_uds_recv_bytes_total{socket=\"" STREAM "\"} 33\n"));
	EXPECT_NE(NULL, strstr(out, "\npathstats_uds_send_ops_total{socket=\"" STREAM "\"} 3\n"));
	EXPECT_NE(NULL, strstr(out, "\npathstats_uds_recv_ops_total{socket=\"" STREAM "\"} 3\n"));
	EXPECT_NE(NULL, strstr(out, "\npathstats_uds_send_ops_total{socket=\"@" ABSTRACT "\"} 0\n"));
	EXPECT_NE(NULL, strstr(out, "\npathstats_uds_dropped_total{socket=\"" DGRAM "\"} 0\n"));
	snprintf(cmd, sizeof(cmd),
		 "! command -v promtool >/dev/null || %s export | promtool check metrics",
		 ctl());
	EXPECT_EQ(0, system(cmd));
	close(client);
	close(server);
}

TEST_HARNESS_MAIN
