// SPDX-License-Identifier: GPL-2.0
/*
 * udsmon capture tests: what clients send to a monitored socket, read back
 * from /dev/pathstats as struct pathstats_record, field by field; sampling,
 * ring overflow with exact drops and sequence gaps, multi-segment sends,
 * large sends, read() and poll() semantics, and the privilege check.
 * Runs as root in the test VM with pathstats.ko loaded.
 */

#include <poll.h>
#include <stdbool.h>
#include <pthread.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <linux/sockios.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <linux/pathstats.h>

#include "harness.h"
#include "udsmon_lib.h"

#define DIR	"/tmp/udscap"
#define CAP	DIR "/cap.sock"
#define SAMPLED	"pathstats-test-sampled"
#define RING	64

static const char config[] =
	"uds_monitor:\n"
	"  - socket_path: " CAP "\n"
	"    capture_bytes: 512\n"
	"    name: cap\n"
	"  - socket_path: \"@" SAMPLED "\"\n"
	"    capture_bytes: 16\n"
	"    sample_every: 10\n"
	"    name: sampled\n"
	"ring:\n"
	"  entries: 64\n";

/* Reads every waiting record into @buf (O_NONBLOCK): bytes, or -errno. */
static ssize_t drain(int dev, char *buf, size_t size)
{
	ssize_t done = 0, n;

	for (;;) {
		n = read(dev, buf + done, size - done);
		if (n < 0)
			return errno == EAGAIN ? done : -errno;
		done += n;
	}
}

static struct pathstats_status status(int dev)
{
	struct pathstats_status st;

	memset(&st, 0xff, sizeof(st));
	if (ioctl(dev, PATHSTATS_IOC_STATUS, &st))
		memset(&st, 0xee, sizeof(st));
	return st;
}

static const struct pathstats_record *next_record(const char *buf,
						  ssize_t len, ssize_t *off)
{
	const struct pathstats_record *r = (const void *)(buf + *off);

	if (*off + (ssize_t)sizeof(*r) > len || *off + (ssize_t)r->size > len)
		return NULL;
	*off += r->size;
	return r;
}

/*
 * A child that reads @size bytes from @sock, after a byte on @go if @go
 * is not -1, and exits 0 if it got them all: the reader a large send
 * needs.  Return: its pid.
 */
static pid_t sink_child(int sock, size_t size, int go)
{
	char sink[65536];
	size_t got = 0;
	pid_t pid = fork();

	if (pid)
		return pid;
	if (go >= 0 && read(go, sink, 1) != 1)
		_exit(2);
	while (got < size) {
		ssize_t n = read(sock, sink, sizeof(sink));

		if (n <= 0)
			_exit(1);
		got += n;
	}
	_exit(0);
}

FIXTURE(cap) {
	int dev, listener, client, server;
	char *buf;
};

FIXTURE_SETUP(cap)
{
	char tmp[4096];

	mkdir(DIR, 0755);
	ASSERT_EQ(0, load_config(DIR "/config.yaml", config));
	reset_all();
	self->dev = open("/dev/pathstats", O_RDONLY | O_NONBLOCK);
	ASSERT_LE(0, self->dev);
	/* Records left by an earlier test go. */
	ASSERT_LE(0, drain(self->dev, tmp, sizeof(tmp)));
	self->buf = malloc(1 << 20);
	ASSERT_NE(NULL, self->buf);
	self->listener = bound(SOCK_STREAM, CAP, false);
	self->client = connected(SOCK_STREAM, CAP, false);
	self->server = accept(self->listener, NULL, NULL);
	ASSERT_LE(0, self->server);
}

FIXTURE_TEARDOWN(cap)
{
	close(self->client);
	close(self->server);
	close(self->listener);
	close(self->dev);
	free(self->buf);
	run_ctl("clear");
}

/* Every field of records from write(), a 3-iovec writev() and sendmsg(). */
TEST_F(cap, record_fields)
{
	char msg[300], comm[16] = "", got[1024];
	struct iovec iov[3] = {
		{ msg, 7 }, { msg + 7, 0 }, { msg + 7, 93 },
	};
	struct msghdr mh = { .msg_iov = iov, .msg_iovlen = 3 };
	const struct pathstats_record *r;
	struct stat st;
	ssize_t len, off = 0;
	int i;

	for (i = 0; i < (int)sizeof(msg); i++)
		msg[i] = 'a' + i % 26;
	prctl(PR_GET_NAME, comm);
	ASSERT_EQ(0, fstat(self->client, &st));
	ASSERT_EQ(300, write(self->client, msg, 300));
	ASSERT_EQ(100, writev(self->client, iov, 3));
	ASSERT_EQ(100, sendmsg(self->client, &mh, 0));
	ASSERT_EQ(500, read(self->server, got, sizeof(got)));

	len = drain(self->dev, self->buf, 1 << 20);
	ASSERT_EQ(3 * (ssize_t)sizeof(*r) + 304 + 104 + 104, len);
	for (i = 0; i < 3; i++) {
		r = next_record(self->buf, len, &off);
		ASSERT_NE(NULL, r);
		EXPECT_EQ((unsigned int)PATHSTATS_RECORD_VERSION, r->version);
		EXPECT_EQ(0U, r->flags);
		EXPECT_EQ((unsigned int)getpid(), r->pid);
		EXPECT_EQ((unsigned int)syscall(SYS_gettid), r->tid);
		EXPECT_EQ(0U, r->uid);
		EXPECT_EQ((unsigned int)SOCK_STREAM, r->socket_type);
		EXPECT_EQ(st.st_ino, r->conn_id);
		EXPECT_NE(0ULL, r->time_ns);
		EXPECT_STREQ(comm, r->comm);
		EXPECT_STREQ(CAP, r->socket);
		EXPECT_EQ(i ? 100U : 300U, r->msg_len);
		EXPECT_EQ(i ? 100U : 300U, r->cap_len);
		EXPECT_EQ(0, memcmp(r->data, msg, r->cap_len));
		if (i) {
			const struct pathstats_record *first =
				(const void *)self->buf;

			EXPECT_EQ(first->seq + i, r->seq);
		}
	}
	EXPECT_EQ(3, value("cap", "captured_total"));
	EXPECT_EQ(0, value("cap", "dropped_total"));
	EXPECT_EQ(500, value("cap", "send_bytes_total"));
}

/* A 1 MiB send: all of it counted, its first 512 bytes captured. */
TEST_F(cap, large_send)
{
	size_t size = 1 << 20;
	const struct pathstats_record *r;
	char *big = malloc(size);
	ssize_t len, off = 0;
	pid_t pid;
	int status;

	ASSERT_NE(NULL, big);
	memset(big, 'x', size);
	big[0] = 'B';
	pid = sink_child(self->server, size, -1);
	ASSERT_LE(0, pid);
	ASSERT_EQ((ssize_t)size, write(self->client, big, size));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, status);
	len = drain(self->dev, self->buf, 1 << 20);
	r = next_record(self->buf, len, &off);
	ASSERT_NE(NULL, r);
	EXPECT_EQ(size, r->msg_len);
	EXPECT_EQ(512U, r->cap_len);
	EXPECT_EQ('B', r->data[0]);
	EXPECT_EQ(sizeof(*r) + 512, r->size);
	EXPECT_EQ(NULL, next_record(self->buf, len, &off));
	EXPECT_EQ((long long)size, value("cap", "send_bytes_total"));
	free(big);
}

struct zap {
	int sock;	/* the sender's socket */
	char *page;	/* the first page of what it sends */
	int go;		/* written once the page is gone */
	bool queued;	/* the send was seen waiting, the page copied */
};

/*
 * Once the send has queued 64 KiB (its first page long copied) and waits
 * for room, the page goes; then the reader may drain.
 */
static void *zap_when_queued(void *arg)
{
	struct zap *z = arg;
	time_t deadline = time(NULL) + 120 * pathstats_time_scale();
	int queued = 0;

	/* A loaded machine may take long to get there: wait, boundedly. */
	while (queued < 65536 && time(NULL) < deadline) {
		if (ioctl(z->sock, SIOCOUTQ, &queued))
			break;
		usleep(1000);
	}
	z->queued = queued >= 65536;
	madvise(z->page, 4096, MADV_DONTNEED);
	if (write(z->go, "", 1) != 1)
		perror("zap");
	return NULL;
}

/*
 * A capture that faults: the first page of a 1 MiB send is zapped while
 * the send waits for buffer space, so when the send returns the page is
 * gone and the capture, which never faults pages in, stops there: a
 * record marked truncated, with nothing captured, the send counted whole.
 */
TEST_F(cap, fault_truncates)
{
	size_t size = 1 << 20;
	const struct pathstats_record *r;
	ssize_t len, off = 0;
	pthread_t zapper;
	struct zap z;
	int go[2], status;
	char *big;
	pid_t pid;

	big = mmap(NULL, size, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, big);
	memset(big, 'z', size);
	ASSERT_EQ(0, pipe(go));
	/* Drain only after the zap, so the send blocks first. */
	pid = sink_child(self->server, size, go[0]);
	ASSERT_LE(0, pid);
	z = (struct zap){ .sock = self->client, .page = big, .go = go[1] };
	ASSERT_EQ(0, pthread_create(&zapper, NULL, zap_when_queued, &z));
	ASSERT_EQ((ssize_t)size, write(self->client, big, size));
	ASSERT_EQ(0, pthread_join(zapper, NULL));
	EXPECT_TRUE(z.queued) {
		TH_LOG("the send never queued 64 KiB: the page went too early");
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, status);
	len = drain(self->dev, self->buf, 1 << 20);
	r = next_record(self->buf, len, &off);
	ASSERT_NE(NULL, r);
	EXPECT_EQ((unsigned int)PATHSTATS_RECORD_TRUNCATED, r->flags);
	EXPECT_EQ(size, r->msg_len);
	EXPECT_EQ(0U, r->cap_len);
	EXPECT_EQ(sizeof(*r), r->size);
	EXPECT_EQ((long long)size, value("cap", "send_bytes_total"));
	munmap(big, size);
	close(go[0]);
	close(go[1]);
}

/* sample_every: 10 over 100 sends is exactly 10 records. */
TEST_F(cap, sample_every)
{
	int listener = bound(SOCK_SEQPACKET, SAMPLED, true);
	int client = connected(SOCK_SEQPACKET, SAMPLED, true);
	const struct pathstats_record *r;
	ssize_t len, off = 0;
	char msg[64] = "0123456789abcdefXYZ";
	int server, i, n = 0;

	ASSERT_LE(0, client);
	server = accept(listener, NULL, NULL);
	ASSERT_LE(0, server);
	for (i = 0; i < 100; i++) {
		ASSERT_EQ(20, send(client, msg, 20, 0));
		ASSERT_EQ(20, recv(server, msg + 32, 32, 0));
	}
	len = drain(self->dev, self->buf, 1 << 20);
	while ((r = next_record(self->buf, len, &off))) {
		EXPECT_EQ(20U, r->msg_len);
		EXPECT_EQ(16U, r->cap_len);
		EXPECT_EQ(0, memcmp(r->data, "0123456789abcdef", 16));
		EXPECT_STREQ("@" SAMPLED, r->socket);
		EXPECT_EQ((unsigned int)SOCK_SEQPACKET, r->socket_type);
		n++;
	}
	EXPECT_EQ(10, n);
	EXPECT_EQ(10, value("sampled", "captured_total"));
	EXPECT_EQ(100, value("sampled", "send_ops_total"));
	close(client);
	close(server);
	close(listener);
}

/*
 * Ten times the ring's capacity with nobody reading: the sender never
 * blocks, the ring keeps the first RING, the rest are dropped and
 * counted, and the next record's sequence number shows the gap.
 */
TEST_F(cap, overflow)
{
	const struct pathstats_record *r;
	ssize_t len, off = 0;
	char msg[8] = "ping";
	struct pathstats_status before = status(self->dev), after;
	uint64_t first = 0;
	int i, n = 0;

	EXPECT_EQ(0U, before.ring_used);
	for (i = 0; i < 10 * RING; i++) {
		ASSERT_EQ(8, send(self->client, msg, 8, MSG_DONTWAIT));
		ASSERT_EQ(8, recv(self->server, msg, 8, 0));
	}
	EXPECT_EQ(RING, value("cap", "captured_total"));
	EXPECT_EQ(9 * RING, value("cap", "dropped_total"));
	EXPECT_EQ(RING, value("", "captured_total"));
	EXPECT_EQ(9 * RING, value("", "dropped_total"));
	after = status(self->dev);
	EXPECT_EQ((unsigned int)RING, after.ring_entries);
	EXPECT_EQ((unsigned int)RING, after.ring_used);
	EXPECT_EQ(before.ring_dropped + 9 * RING, after.ring_dropped);
	len = drain(self->dev, self->buf, 1 << 20);
	while ((r = next_record(self->buf, len, &off))) {
		if (!n)
			first = r->seq;
		EXPECT_EQ(first + n, r->seq);
		n++;
	}
	EXPECT_EQ(RING, n);
	ASSERT_EQ(8, send(self->client, msg, 8, 0));
	len = drain(self->dev, self->buf, 1 << 20);
	off = 0;
	r = next_record(self->buf, len, &off);
	ASSERT_NE(NULL, r);
	EXPECT_EQ(first + 10 * RING, r->seq);
}

/* Whole records only; O_NONBLOCK; poll(); a blocked reader wakes. */
TEST_F(cap, read_semantics)
{
	struct pollfd pfd = { .fd = self->dev, .events = POLLIN };
	char small[sizeof(struct pathstats_record) + 8];
	char msg[16] = "hello, ring";
	pid_t pid;
	int status;

	EXPECT_EQ(-1, read(self->dev, self->buf, 4096));
	EXPECT_EQ(EAGAIN, errno);
	EXPECT_EQ(0, poll(&pfd, 1, 0));
	ASSERT_EQ(16, send(self->client, msg, 16, 0));
	EXPECT_EQ(1, poll(&pfd, 1, 0));
	EXPECT_EQ(POLLIN, pfd.revents & POLLIN);
	/* 208 bytes do not fit in 200: nothing read, nothing lost. */
	EXPECT_EQ(-1, read(self->dev, small, sizeof(small)));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ((ssize_t)sizeof(struct pathstats_record) + 16,
		  read(self->dev, self->buf, 4096));

	/* A reader blocked in read() gets the next send. */
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		int dev = open("/dev/pathstats", O_RDONLY);
		ssize_t n = read(dev, self->buf, 4096);

		_exit(n == (ssize_t)sizeof(struct pathstats_record) + 16 ?
		      0 : 1);
	}
	ASSERT_EQ(0, wait_in_syscall(pid, SYS_read));
	ASSERT_EQ(16, send(self->client, msg, 16, 0));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, status);
}

/*
 * Two readers on 2 CPUs while a client sends: every record reaches one of
 * them whole, none reaches both, and what neither got was counted dropped.
 */
TEST_F(cap, two_readers)
{
	enum { SENDS = 2000 };
	static unsigned char seen[SENDS];
	const struct pathstats_record *rec;
	int pipes[2][2], r, i, status;
	ssize_t len, off;
	uint64_t seq;
	long long got = 0, dropped;
	char msg[64];
	pid_t pids[2];

	for (r = 0; r < 2; r++) {
		ASSERT_EQ(0, pipe(pipes[r]));
		pids[r] = fork();
		ASSERT_LE(0, pids[r]);
		if (!pids[r]) {
			struct pollfd pfd = { .fd = self->dev, .events = POLLIN };

			/* Until the sender has been quiet for 3 s. */
			while (poll(&pfd, 1, 3000) > 0) {
				len = read(self->dev, self->buf, 1 << 16);
				if (len < 0 && errno == EAGAIN)
					continue;
				if (len < 0)
					_exit(1);
				off = 0;
				while ((rec = next_record(self->buf, len, &off))) {
					if (rec->cap_len != 64 ||
					    memcmp(rec->data, rec->data + 8, 56))
						_exit(2);
					if (write(pipes[r][1], rec->data, 8) != 8)
						_exit(3);
				}
			}
			_exit(0);
		}
		close(pipes[r][1]);
	}
	for (i = 0; i < SENDS; i++) {
		uint64_t v = i;
		int j;

		/* The message's number, eight times: a torn record shows. */
		for (j = 0; j < 8; j++)
			memcpy(msg + 8 * j, &v, 8);
		ASSERT_EQ(64, send(self->client, msg, 64, MSG_DONTWAIT));
		ASSERT_EQ(64, recv(self->server, msg, 64, 0));
	}
	for (r = 0; r < 2; r++) {
		while (read(pipes[r][0], &seq, 8) == 8) {
			ASSERT_GT((uint64_t)SENDS, seq);
			EXPECT_EQ(0, seen[seq]);
			seen[seq] = 1;
			got++;
		}
		ASSERT_EQ(pids[r], waitpid(pids[r], &status, 0));
		EXPECT_EQ(0, status);
	}
	/* What the readers left, if they stopped early. */
	len = drain(self->dev, self->buf, 1 << 20);
	off = 0;
	while ((rec = next_record(self->buf, len, &off))) {
		memcpy(&seq, rec->data, 8);
		ASSERT_GT((uint64_t)SENDS, seq);
		EXPECT_EQ(0, seen[seq]);
		seen[seq] = 1;
		got++;
	}
	dropped = value("cap", "dropped_total");
	EXPECT_EQ(SENDS, got + dropped);
	EXPECT_EQ(got, value("cap", "captured_total"));
}

struct one_read {
	int dev;
	int started;
	ssize_t len;
	char buf[sizeof(struct pathstats_record) + 8];
};

static void *read_one(void *arg)
{
	struct one_read *o = arg;

	__atomic_store_n(&o->started, 1, __ATOMIC_RELEASE);
	o->len = read(o->dev, o->buf, sizeof(o->buf));
	return NULL;
}

/*
 * A reader takes one of two records while another task polls: the poller
 * sees the record left behind, never an empty ring it then sleeps on.
 */
TEST_F(cap, poll_beside_a_read)
{
	struct pollfd pfd = { .fd = self->dev, .events = POLLIN };
	int timeout = 2000 * pathstats_time_scale();
	char msg[8] = "1234567";
	struct one_read o = { .dev = self->dev };
	pthread_t reader;
	int i;

	for (i = 0; i < 200; i++) {
		ASSERT_EQ(8, send(self->client, msg, 8, 0));
		ASSERT_EQ(8, send(self->client, msg, 8, 0));
		ASSERT_EQ(16, recv(self->server, self->buf, 16, MSG_WAITALL));
		__atomic_store_n(&o.started, 0, __ATOMIC_RELAXED);
		ASSERT_EQ(0, pthread_create(&reader, NULL, read_one, &o));
		while (!__atomic_load_n(&o.started, __ATOMIC_ACQUIRE))
			sched_yield();
		pfd.revents = 0;
		ASSERT_EQ(1, poll(&pfd, 1, timeout)) {
			TH_LOG("iteration %d: a record waited %d ms unseen",
			       i, timeout);
		}
		ASSERT_EQ(0, pthread_join(reader, NULL));
		ASSERT_EQ((ssize_t)sizeof(o.buf), o.len);
		ASSERT_EQ((ssize_t)sizeof(o.buf),
			  drain(self->dev, self->buf, 1 << 20));
	}
}

/* Payloads are sensitive: without CAP_SYS_ADMIN, read() is -EPERM. */
TEST_F(cap, read_needs_cap_sys_admin)
{
	pid_t pid = fork();
	int status;

	ASSERT_LE(0, pid);
	if (!pid) {
		char buf[4096];

		/* The fd stays open: only the capability goes. */
		if (setresuid(65534, 65534, 65534))
			_exit(2);
		_exit(read(self->dev, buf, sizeof(buf)) == -1 &&
		      errno == EPERM ? 0 : 1);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, status);
}

TEST_HARNESS_MAIN
