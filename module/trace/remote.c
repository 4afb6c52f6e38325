// SPDX-License-Identifier: GPL-2.0
/*
 * trace: remote sinks, see remote.h and "Trace sessions" in the uapi
 * header.
 *
 * The traced tasks only fill the sink's rings, as for a device sink; the
 * writer thread alone talks to the monitoring process, so a slow or gone
 * one costs the tasks nothing but the drops of full rings.  The thread
 * never blocks in the socket (MSG_DONTWAIT, a non-blocking connect) but
 * in interruptible waits, so that stopping it is prompt.
 */

#include <linux/completion.h>
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/minmax.h>
#include <linux/net.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/string.h>
#include <linux/un.h>
#include <linux/wait.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include "compat.h"
#include "remote.h"
#include "sink.h"

/* What af_unix keeps of a send buffer from a packet (sk_sndbuf - 32). */
#define PSTRACE_REMOTE_SNDBUF_SLACK	32

/**
 * struct pstrace_remote - a remote sink's writer
 * @thread: the writer
 * @sock: its connection, NULL while there is none
 * @addr: the endpoint
 * @addr_len: bytes of @addr used
 * @retries: attempts to write a message, beyond the first
 * @backoff_ns: the first wait after a failure
 * @backoff_max_ns: the longest
 * @msg: PATHSTATS_TRACE_PACKET_MAX bytes: the packet being written, whole
 *	messages back to back
 * @pending: messages dropped since the last one written, for the next
 * @setup: completed once the first connection was tried
 * @setup_err: its result
 * @lock: guards the counts below against PATHSTATS_IOC_TRACE_LIST
 * @written: messages written
 * @dropped: messages not written: the connection broke, or no attempt
 *	took it
 * @connects: connections made
 * @connected: whether @sock is connected
 */
struct pstrace_remote {
	struct task_struct *thread;
	struct socket *sock;
	struct sockaddr_un addr;
	int addr_len;
	u32 retries;
	u64 backoff_ns;
	u64 backoff_max_ns;
	void *msg;
	u64 pending;
	struct completion setup;
	int setup_err;
	spinlock_t lock;	/* the counts, against the list ioctl */
	u64 written;
	u64 dropped;
	u64 connects;
	bool connected;
};

/* Waits @ns, or less if the thread is to stop.  Return: the next wait. */
static u64 pstrace_remote_backoff(struct pstrace_remote *r, u64 ns)
{
	if (!kthread_should_stop())
		schedule_timeout_interruptible(max(nsecs_to_jiffies(ns), 1UL));
	return min(ns * 2, r->backoff_max_ns);
}

static void pstrace_remote_disconnect(struct pstrace_remote *r)
{
	if (!r->sock)
		return;
	sock_release(r->sock);
	r->sock = NULL;
	spin_lock(&r->lock);
	r->connected = false;
	spin_unlock(&r->lock);
}

static int pstrace_remote_connect(struct pstrace_remote *r)
{
	struct socket *sock;
	int err;

	err = sock_create_kern(&init_net, AF_UNIX, SOCK_SEQPACKET, 0, &sock);
	if (err)
		return err;
	err = kernel_connect(sock, (struct sockaddr_unsized *)&r->addr,
			     r->addr_len, O_NONBLOCK);
	if (err) {
		sock_release(sock);
		return err;
	}
	r->sock = sock;
	spin_lock(&r->lock);
	r->connected = true;
	r->connects++;
	spin_unlock(&r->lock);
	return 0;
}

/* Writes the @size bytes of r->msg, in up to retries + 1 attempts. */
static int pstrace_remote_write(struct pstrace_remote *r, u32 size)
{
	struct kvec vec = { .iov_base = r->msg, .iov_len = size };
	struct msghdr hdr = { .msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL };
	u64 wait = r->backoff_ns;
	u32 attempt;
	int ret;

	for (attempt = 0;; attempt++) {
		ret = kernel_sendmsg(r->sock, &hdr, &vec, 1, size);
		if (ret == size)
			return 0;
		if (ret >= 0)
			ret = -EIO;	/* a packet is written whole or not */
		if (ret != -EAGAIN || attempt == r->retries ||
		    kthread_should_stop())
			return ret;
		wait = pstrace_remote_backoff(r, wait);
	}
}

/*
 * Writes the packet in r->msg, @count messages in @size bytes, carrying
 * @carried drops in their headers; or counts them dropped.
 */
static void pstrace_remote_send(struct pstrace_remote *r, u32 size, u32 count,
				u64 carried)
{
	struct pathstats_trace_header *hdr = r->msg;
	int err;

	hdr->dropped += r->pending;
	err = pstrace_remote_write(r, size);
	spin_lock(&r->lock);
	if (!err) {
		r->pending = 0;
		r->written += count;
	} else {
		/* Their counts go to the next, and they with them. */
		r->pending += carried + count;
		r->dropped += count;
	}
	spin_unlock(&r->lock);
	if (err && err != -EAGAIN)
		pstrace_remote_disconnect(r);
}

/*
 * Moves the oldest messages into r->msg, as many whole ones as fit: one
 * packet, one wakeup of the monitoring process for all of them.  No larger
 * than the socket's send buffer takes in one packet (wmem_default may be
 * small); one message always goes, as before batching.
 * Return: the packet's bytes, 0 when none waits.
 */
static u32 pstrace_remote_take(struct pstrace_sink *sink, u32 *count,
			       u64 *carried)
{
	struct pstrace_remote *r = sink->remote;
	struct pstrace_ring *ring;
	u32 size, done = 0, max;
	u64 dropped;
	int sndbuf;

	sndbuf = READ_ONCE(r->sock->sk->sk_sndbuf) - PSTRACE_REMOTE_SNDBUF_SLACK;
	max = clamp_t(int, sndbuf, PATHSTATS_TRACE_MESSAGE_MAX,
		      PATHSTATS_TRACE_PACKET_MAX);
	*count = 0;
	*carried = 0;
	mutex_lock(&sink->read_lock);
	while ((ring = pstrace_sink_peek(sink, r->msg + done, max - done,
					 &size))) {
		/* Ours from here: written, or dropped and counted. */
		pstrace_sink_consume(sink, ring, size);
		/* Packed back to back: a header is 4-byte aligned at best. */
		memcpy(&dropped, r->msg + done +
		       offsetof(struct pathstats_trace_header, dropped),
		       sizeof(dropped));
		*carried += dropped;
		(*count)++;
		done += size;
	}
	mutex_unlock(&sink->read_lock);
	return done;
}

static int pstrace_remote_thread(void *arg)
{
	struct pstrace_sink *sink = arg;
	struct pstrace_remote *r = sink->remote;
	u64 wait = r->backoff_ns, carried;
	u32 size, count;

	r->setup_err = pstrace_remote_connect(r);
	complete(&r->setup);
	while (!kthread_should_stop()) {
		if (!r->sock && pstrace_remote_connect(r)) {
			wait = pstrace_remote_backoff(r, wait);
			continue;
		}
		wait = r->backoff_ns;
		size = pstrace_remote_take(sink, &count, &carried);
		if (size) {
			pstrace_remote_send(r, size, count, carried);
			continue;
		}
		wait_event_interruptible(sink->wait,
					 pstrace_sink_readable(sink) ||
					 kthread_should_stop());
	}
	pstrace_remote_disconnect(r);
	return 0;
}

/* The endpoint as a sockaddr_un; -EINVAL for one that cannot be. */
static int pstrace_remote_addr(struct pstrace_remote *r, const char *endpoint)
{
	size_t len = strnlen(endpoint, PATHSTATS_TRACE_ENDPOINT_LEN);

	r->addr.sun_family = AF_UNIX;
	if (len < 2 || len == PATHSTATS_TRACE_ENDPOINT_LEN ||
	    (endpoint[0] != '/' && endpoint[0] != '@') ||
	    memchr_inv(endpoint + len, 0, PATHSTATS_TRACE_ENDPOINT_LEN - len))
		return -EINVAL;
	memcpy(r->addr.sun_path, endpoint, len);
	if (endpoint[0] == '@') {
		r->addr.sun_path[0] = '\0';
		r->addr_len = offsetof(struct sockaddr_un, sun_path) + len;
	} else {
		r->addr_len = offsetof(struct sockaddr_un, sun_path) + len + 1;
	}
	return 0;
}

/**
 * pstrace_remote_start - start a remote sink's writer
 * @sink: the sink, its rings made
 * @rule: validated but for the endpoint
 * @name: the session's, for the writer thread's
 *
 * Waits for the first connection's result: with
 * PATHSTATS_TRACE_SINK_IGNORE_SETUP_ERROR the writer keeps trying.
 *
 * Return: 0, or a negative errno with nothing left running.
 */
int pstrace_remote_start(struct pstrace_sink *sink,
			 const struct pathstats_trace_sink_rule *rule,
			 const char *name)
{
	struct pstrace_remote *r;
	struct task_struct *thread;
	int err;

	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	err = pstrace_remote_addr(r, rule->endpoint);
	if (err)
		goto err_free;
	r->retries = rule->retries;
	r->backoff_max_ns = rule->backoff_max_ns ?:
			    max(PATHSTATS_TRACE_BACKOFF_MAX_DEFAULT,
				rule->backoff_ns);
	r->backoff_ns = rule->backoff_ns ?:
			min(PATHSTATS_TRACE_BACKOFF_DEFAULT, r->backoff_max_ns);
	init_completion(&r->setup);
	spin_lock_init(&r->lock);
	err = -ENOMEM;
	r->msg = kvmalloc(PATHSTATS_TRACE_PACKET_MAX, GFP_KERNEL);
	if (!r->msg)
		goto err_free;
	sink->remote = r;
	thread = kthread_run(pstrace_remote_thread, sink, "pathstats-trace/%s",
			     name);
	if (IS_ERR(thread)) {
		err = PTR_ERR(thread);
		goto err_msg;
	}
	r->thread = thread;
	wait_for_completion(&r->setup);
	err = r->setup_err;
	if (err && !(rule->flags & PATHSTATS_TRACE_SINK_IGNORE_SETUP_ERROR)) {
		pstrace_remote_stop(sink);
		return err;
	}
	return 0;

err_msg:
	kvfree(r->msg);
	sink->remote = NULL;
err_free:
	kfree(r);
	return err;
}

/**
 * pstrace_remote_stop - stop a remote sink's writer and free it
 * @sink: the sink; no task writes to its rings any more
 */
void pstrace_remote_stop(struct pstrace_sink *sink)
{
	struct pstrace_remote *r = sink->remote;

	if (!r)
		return;
	kthread_stop(r->thread);
	kvfree(r->msg);
	kfree(r);
	sink->remote = NULL;
}

/**
 * pstrace_remote_info - a remote sink's counts
 * @sink: the sink
 * @info: its rings' counts in: what they dropped stays, what they took
 *	is not what was written
 */
void pstrace_remote_info(struct pstrace_sink *sink,
			 struct pathstats_trace_sink_info *info)
{
	struct pstrace_remote *r = sink->remote;

	spin_lock(&r->lock);
	info->delivered = r->written;
	info->dropped += r->dropped;
	info->unreported += r->pending;
	info->connects = r->connects;
	info->connected = r->connected;
	spin_unlock(&r->lock);
}
