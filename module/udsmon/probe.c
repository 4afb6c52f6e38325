// SPDX-License-Identifier: GPL-2.0
/*
 * udsmon's hooks: ftrace entry hooks on the unix socket family's own
 * sendmsg and recvmsg, for stream, dgram and seqpacket sockets, found
 * through the family's proto_ops.  Only unix sockets reach them, and the
 * socket is their argument: a transfer on a socket nobody monitors costs
 * the hook call and one lookup in a small cache, and no other syscall
 * pays anything.  A monitored client's call is sent into a wrapper here
 * (detour.h), which calls the function and counts what it returned: the
 * bytes actually transferred, by whatever syscall (read, write, send,
 * recv, their vector forms, sendmmsg, io_uring, ...).
 *
 * Only clients count: a socket connected to a monitored socket (for
 * stream and seqpacket, to a socket accepted by it, which carries the
 * listener's address), or a datagram socket addressing it.  What the
 * monitored socket itself sends is what its clients receive, so counting
 * both sides would count every byte twice.
 *
 * Which monitored socket a connected client talks to is decided once per
 * (socket, peer) and kept in a small lock-free cache, so that a client
 * connecting after the configuration was loaded, or connecting elsewhere
 * later, is decided again.  A socket is monitored by what it is, not by
 * the name it was bound with (identity.c): a peer bound to a file of the
 * configured name is decided by the wrapper, which may resolve the path.
 */

#include <linux/ftrace.h>
#include <linux/hash.h>
#include <linux/net.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/socket.h>
#include <linux/string.h>
#include <linux/uio.h>
#include <linux/un.h>
#include <net/af_unix.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include "attribution/lookup.h"
#include "compat.h"
#include "fault.h"
#include "slotcache.h"
#include "trace/event.h"
#include "trace/uds.h"

#include "capture.h"
#include "detour.h"
#include "identity.h"
#include "probe.h"
#include "udsmon.h"

#define UDSMON_SLOT_BITS	10
#define UDSMON_NONE_IDX		U32_MAX
/* A datagram received unconnected: the sender decides, at the end. */
#define UDSMON_SENDER_IDX	(U32_MAX - 1)
/*
 * Left to the wrapper, which may sleep, to decide before the call: a peer
 * bound to, or a datagram addressed to, a file that may be a monitored
 * one, whose path must be resolved; and where locks sleep, a connected
 * socket the cache does not know (deciding takes its peer's lock, which
 * the hook, running with preemption disabled, must not).
 */
#define UDSMON_DECIDE_IDX	(U32_MAX - 2)

/*
 * A cached decision (slotcache.h): client @slot.key, with socket inode
 * @ino (so that a new socket at a freed one's address is not taken for
 * it), connected to @peer, talks to entry @idx of table @generation, or
 * to none.
 */
struct udsmon_slot {
	struct pathstats_slot slot;
	unsigned long peer;
	unsigned long ino;
	u32 generation;
	u32 idx;
};

static struct udsmon_slot *udsmon_slots;

/* The entry of @table whose socket is @name (@abstract or a path). */
static u32 udsmon_lookup(const struct udsmon_table *table, const char *name,
			 size_t len, bool abstract)
{
	u32 i;

	for (i = 0; i < table->count; i++) {
		const struct udsmon_socket *s = table->entries[i].sock;

		if (s->abstract == abstract && s->len == len &&
		    !memcmp(s->path, name, len))
			return i;
	}
	return UDSMON_NONE_IDX;
}

/*
 * The entry for a sockaddr_un of @len bytes, as recvmsg() names the
 * sender of a datagram, or a peer's bound address: an abstract name, bound
 * in @sk's network namespace, or an absolute path, as its socket was bound
 * (a relative one names the file only for the sender's working directory:
 * not matched).
 */
static u32 udsmon_lookup_sun(const struct udsmon_table *table,
			     const struct sock *sk,
			     const struct sockaddr_un *sun, size_t len)
{
	const size_t off = offsetof(struct sockaddr_un, sun_path);

	if (len <= off + 1 || sun->sun_family != AF_UNIX)
		return UDSMON_NONE_IDX;
	len -= off;
	if (!sun->sun_path[0])
		return udsmon_identity_net(&table->ns, sk) ?
		       udsmon_lookup(table, sun->sun_path + 1, len - 1, true) :
		       UDSMON_NONE_IDX;
	if (sun->sun_path[0] != '/')
		return UDSMON_NONE_IDX;
	return udsmon_lookup(table, sun->sun_path,
			     strnlen(sun->sun_path, len), false);
}

/* Whether @file may be the file of a path socket of @table. */
static bool udsmon_file_may_be(const struct udsmon_table *table,
			       struct dentry *file)
{
	u32 i;

	for (i = 0; i < table->count; i++) {
		const struct udsmon_socket *s = table->entries[i].sock;

		if (!s->abstract && udsmon_identity_name_may_be(s, file))
			return true;
	}
	return false;
}

/*
 * The entry @peer is bound to, or UDSMON_DECIDE_IDX if its file must be
 * resolved; the caller holds a reference on @peer.  Its state lock keeps
 * unix_release_sock() from clearing the bound path under us: a peer that
 * was closed keeps its address but loses its path.
 */
static u32 udsmon_lookup_peer(const struct udsmon_table *table,
			      struct sock *peer)
{
	u32 idx = UDSMON_NONE_IDX;
	const struct unix_address *addr;
	struct dentry *file;

	unix_state_lock(peer);
	addr = unix_sk(peer)->addr;
	if (!addr || sock_flag(peer, SOCK_DEAD))
		goto out;
	if (!addr->name->sun_path[0]) {
		idx = udsmon_lookup_sun(table, peer, addr->name, addr->len);
		goto out;
	}
	file = unix_sk(peer)->path.dentry;
	if (file && udsmon_file_may_be(table, file))
		idx = UDSMON_DECIDE_IDX;
out:
	unix_state_unlock(peer);
	return idx;
}

/* Caches the decision @idx for client @sk of @peer in table @generation. */
static void udsmon_cache(struct udsmon_slot *slot, struct sock *sk,
			 struct sock *peer, unsigned long ino, u32 generation,
			 u32 idx)
{
	if (!pathstats_slot_write_begin(&slot->slot))
		return;
	WRITE_ONCE(slot->peer, (unsigned long)peer);
	WRITE_ONCE(slot->ino, ino);
	WRITE_ONCE(slot->generation, generation);
	WRITE_ONCE(slot->idx, idx);
	pathstats_slot_write_end(&slot->slot, sk);
}

/* Decides @sk afresh, and caches the decision unless left to the wrapper. */
static noinline u32 udsmon_decide_slow(const struct udsmon_table *table,
				       struct udsmon_slot *slot,
				       struct sock *sk, struct sock *peer,
				       unsigned long ino)
{
	struct sock *held;
	u32 idx;

	/* A reference, so that a concurrent disconnect cannot free it. */
	held = unix_peer_get(sk);
	if (!held)
		return UDSMON_NONE_IDX;
	idx = udsmon_lookup_peer(table, held);
	sock_put(held);
	if (held == peer && idx != UDSMON_DECIDE_IDX)
		udsmon_cache(slot, sk, peer, ino, table->generation, idx);
	return idx;
}

/* The slot of the cache where client @sk's decision goes. */
static __always_inline struct udsmon_slot *udsmon_slot_of(struct sock *sk)
{
	return &udsmon_slots[hash_ptr(sk, UDSMON_SLOT_BITS)];
}

/*
 * The decision cached for (@sk, @peer, @ino) in table @generation, or
 * UDSMON_SENDER_IDX (never cached) if there is none.  Every send and
 * receive of every unix socket comes here, most of them on sockets nobody
 * monitors: a few loads, no call.
 */
static __always_inline u32 udsmon_cached(const struct udsmon_slot *slot,
					 struct sock *sk, struct sock *peer,
					 unsigned long ino, u32 generation)
{
	unsigned int seq;
	u32 idx;

	if (!pathstats_slot_read_begin(&slot->slot, sk, &seq))
		return UDSMON_SENDER_IDX;
	idx = READ_ONCE(slot->idx);
	if (READ_ONCE(slot->generation) != generation ||
	    READ_ONCE(slot->peer) != (unsigned long)peer ||
	    READ_ONCE(slot->ino) != ino ||
	    pathstats_slot_read_retry(&slot->slot, seq))
		return UDSMON_SENDER_IDX;
	return idx;
}

/* Which entry connected client @sk talks to, through the cache. */
static u32 udsmon_decide(const struct udsmon_table *table, struct sock *sk,
			 struct sock *peer, unsigned long ino)
{
	struct udsmon_slot *slot = udsmon_slot_of(sk);
	u32 idx;

	idx = udsmon_cached(slot, sk, peer, ino, table->generation);
	if (idx != UDSMON_SENDER_IDX)
		return idx;
	return udsmon_decide_slow(table, slot, sk, peer, ino);
}

/**
 * struct udsmon_hook - an entry hook on one of the family's functions
 * @type: the socket type it counts for
 * @send: it hooks sendmsg, not recvmsg
 * @args: how many arguments the hooked function takes
 * @wrapper: where a monitored client's call goes instead
 * @sendmsg: the hooked function, if @send
 * @recvmsg: the hooked function, if a recvmsg
 * @connect: the hooked function, if a connect
 * @ops: its ftrace_ops
 *
 * The seqpacket functions call the dgram ones, except where the compiler
 * inlined them: each hook counts its own type, so that either way a
 * transfer counts once.  Stream and seqpacket sockets share a connect.
 */
struct udsmon_hook {
	u16 type;
	bool send;
	u8 args;
	void *wrapper;
	int (*sendmsg)(struct socket *sock, struct msghdr *msg, size_t len);
	int (*recvmsg)(struct socket *sock, struct msghdr *msg, size_t len,
		       int flags);
	int (*connect)(struct socket *sock, struct sockaddr_unsized *addr,
		       int len, int flags);
	struct ftrace_ops ops;
};

/**
 * struct udsmon_call - a monitored client's transfer, as the hook found it
 * @generation: the table @idx is in
 * @idx: the entry, or UDSMON_SENDER_IDX
 * @sock_id: the entry's socket's id, for a reload during the call
 */
struct udsmon_call {
	u32 generation;
	u32 idx;
	u64 sock_id;
};

/*
 * The entry a datagram sent by @sk to an explicit address goes to; a path
 * may name a monitored file by any of its names: the wrapper resolves it.
 */
static noinline u32 udsmon_decide_addressed(const struct udsmon_table *table,
					    const struct sock *sk,
					    const struct msghdr *msg)
{
	const struct sockaddr_un *sun = msg->msg_name;

	/* The kernel's copy: longer than a sockaddr_un, the send fails. */
	if (msg->msg_namelen > sizeof(struct sockaddr_un) ||
	    msg->msg_namelen <= offsetof(struct sockaddr_un, sun_path) + 1)
		return UDSMON_NONE_IDX;
	if (sun->sun_path[0])
		return table->paths ? UDSMON_DECIDE_IDX : UDSMON_NONE_IDX;
	return udsmon_lookup_sun(table, sk, sun, msg->msg_namelen);
}

/* A datagram sent to an explicit address: the address decides, not a peer. */
static __always_inline bool udsmon_addressed(const struct udsmon_hook *hook,
					     const struct msghdr *msg)
{
	return hook->type == SOCK_DGRAM && hook->send && msg->msg_namelen;
}

/*
 * Which entry, if any, the transfer @msg on @sock is for, in @table.
 * Call under rcu_read_lock(); it may take the peer's lock.
 */
static u32 udsmon_decide_call(const struct udsmon_table *table,
			      const struct udsmon_hook *hook,
			      struct socket *sock, const struct msghdr *msg)
{
	struct sock *sk = sock->sk;
	struct sock *peer = READ_ONCE(unix_sk(sk)->peer);

	if (udsmon_addressed(hook, msg))
		return udsmon_decide_addressed(table, sk, msg);
	if (peer)
		return udsmon_decide(table, sk, peer, SOCK_INODE(sock)->i_ino);
	if (hook->type == SOCK_DGRAM && !hook->send && msg->msg_name)
		return UDSMON_SENDER_IDX;
	return UDSMON_NONE_IDX;
}

/*
 * What the hook decides about the transfer @msg on @sock, with preemption
 * disabled: as udsmon_decide_call(), but where spinlocks sleep a client
 * the cache does not know is left to the wrapper (UDSMON_DECIDE_IDX).
 */
static u32 udsmon_decide_hook(const struct udsmon_table *table,
			      const struct udsmon_hook *hook,
			      struct socket *sock, const struct msghdr *msg)
{
	struct sock *sk = sock->sk;
	struct sock *peer = READ_ONCE(unix_sk(sk)->peer);
	u32 idx;

	if (udsmon_addressed(hook, msg))
		return udsmon_decide_addressed(table, sk, msg);
	if (peer && PATHSTATS_SPINLOCKS_SLEEP) {
		idx = udsmon_cached(udsmon_slot_of(sk), sk, peer,
				    SOCK_INODE(sock)->i_ino, table->generation);
		return idx == UDSMON_SENDER_IDX ? UDSMON_DECIDE_IDX : idx;
	}
	if (peer)
		return udsmon_decide(table, sk, peer, SOCK_INODE(sock)->i_ino);
	if (hook->type == SOCK_DGRAM && !hook->send && msg->msg_name)
		return UDSMON_SENDER_IDX;
	return UDSMON_NONE_IDX;
}

/*
 * The entry the transfer @msg on @sock, by @call, counts for in @table:
 * the hook's choice, if it still holds; else decided again (a reload may
 * have moved or dropped the socket, and a BPF trampoline sharing the
 * function calls the wrapper without the registers the hook set).
 */
static const struct udsmon_entry *
udsmon_call_entry(const struct udsmon_table *table,
		  const struct udsmon_hook *hook, const struct udsmon_call *call,
		  struct socket *sock, const struct msghdr *msg)
{
	u32 i = call->idx;

	if (i < table->count && table->generation == call->generation &&
	    table->entries[i].sock->id == call->sock_id)
		return &table->entries[i];
	if (i != UDSMON_SENDER_IDX) {
		for (i = 0; i < table->count; i++)
			if (table->entries[i].sock->id == call->sock_id)
				return &table->entries[i];
		i = udsmon_decide_call(table, hook, sock, msg);
	}
	/* The sender's address, as recvmsg() filled it in. */
	if (i == UDSMON_SENDER_IDX && msg->msg_name)
		i = udsmon_lookup_sun(table, sock->sk, msg->msg_name,
				      min_t(int, msg->msg_namelen,
					    sizeof(struct sockaddr_un)));
	return i < table->count ? &table->entries[i] : NULL;
}

/* The event of a transfer of @e's client that returned @ret. */
static void udsmon_trace(const struct udsmon_entry *e, u32 point,
			 struct socket *sock, const struct iov_iter *data,
			 size_t moved, int ret)
{
	struct pstrace_uds_call call = {
		.socket = e->sock->label,
		.type = sock->type,
		.ret = ret,
		.conn_id = SOCK_INODE(sock)->i_ino,
		.data = data,
		.moved = moved,
	};

	if (!pstrace_event_interrupted(ret))
		pstrace_uds_fire(point, &call);
}

/*
 * Counts a transfer of @ret > 0 bytes, of a call for @len, and fires its
 * point; if @data (the buffers, as they were before the call), a send is
 * captured, and the event may have them.
 */
static __always_inline void udsmon_call_end(const struct udsmon_hook *hook,
					    bool send,
					    const struct udsmon_call *call,
					    struct socket *sock,
					    const struct msghdr *msg,
					    struct iov_iter *data, size_t len,
					    int ret)
{
	const u32 point = send ? PATHSTATS_TRACE_UDS_SEND :
			  PATHSTATS_TRACE_UDS_RECV;
	/* With MSG_TRUNC, a datagram's length, not what was copied. */
	const size_t moved = ret > 0 ? min_t(size_t, ret, len) : 0;
	const struct udsmon_table *table;
	const struct udsmon_entry *e;
	struct udsmon_counters __percpu *c;

	/* Preemptible: deciding again may take a lock. */
	rcu_read_lock();
	table = rcu_dereference(udsmon_table);
	e = table ? udsmon_call_entry(table, hook, call, sock, msg) : NULL;
	if (!e || !attribution_slot_passes(&e->groups))
		goto out;
	/* First: the capture moves @data on. */
	if (pstrace_uds_enabled(point))
		udsmon_trace(e, point, sock, data, moved, ret);
	if (ret <= 0)
		goto out;
	c = unlikely(e->groups.groups) ?
	    attribution_counters(e->groups.groups) : e->sock->counters;
	if (send) {
		this_cpu_inc(c->send_ops_total);
		this_cpu_add(c->send_bytes_total, ret);
		if (data && e->capture_bytes) {
			struct udsmon_send sent = {
				.data = data,
				.sent = ret,
				.type = sock->type,
				.conn_id = SOCK_INODE(sock)->i_ino,
				.counters = c,
			};

			udsmon_capture(table->ring, e, &sent);
		}
	} else {
		this_cpu_inc(c->recv_ops_total);
		this_cpu_add(c->recv_bytes_total, moved);
	}
out:
	rcu_read_unlock();
}

/*
 * Whether the wrapper keeps a send's buffers for after the call: to
 * capture it, or for an event's data.
 */
static bool udsmon_keeps_data(const struct udsmon_entry *e)
{
	return e && (e->capture_bytes ||
		     pstrace_uds_wants_data(PATHSTATS_TRACE_UDS_SEND));
}

enum {
	UDSMON_STREAM_SEND,
	UDSMON_STREAM_RECV,
	UDSMON_DGRAM_SEND,
	UDSMON_DGRAM_RECV,
	UDSMON_SEQPACKET_SEND,
	UDSMON_SEQPACKET_RECV,
	UDSMON_TRANSFER_HOOKS,
	/* Attached only while a trace session enables uds/connect. */
	UDSMON_STREAM_CONNECT = UDSMON_TRANSFER_HOOKS,
	UDSMON_DGRAM_CONNECT,
	UDSMON_HOOKS,
};

static struct udsmon_hook udsmon_hooks[UDSMON_HOOKS];

/*
 * The entry of the published table whose path names @file, and the
 * table's generation in @generation.  May sleep: the table may be
 * replaced meanwhile, and then nothing is decided.  @lasting is cleared
 * when a lookup could not tell, so that the answer is not cached.
 */
static u32 udsmon_decide_file(struct dentry *file, u32 *generation,
			      bool *lasting)
{
	const struct udsmon_table *table;
	struct udsmon_identity ns;
	struct udsmon_socket *s = NULL;
	u32 i = 0;
	int same;

	for (;; i++) {
		rcu_read_lock();
		table = rcu_dereference(udsmon_table);
		if (!table || (i && table->generation != *generation)) {
			rcu_read_unlock();
			return UDSMON_NONE_IDX;
		}
		*generation = table->generation;
		for (; i < table->count; i++) {
			s = table->entries[i].sock;
			if (!s->abstract && udsmon_identity_name_may_be(s, file))
				break;
		}
		if (i >= table->count) {
			rcu_read_unlock();
			return UDSMON_NONE_IDX;
		}
		/* The table holds both until a grace period after it goes. */
		kref_get(&s->kref);
		udsmon_identity_get(&ns, &table->ns);
		rcu_read_unlock();

		same = udsmon_identity_is(&ns, s, file);
		udsmon_identity_put(&ns);
		udsmon_socket_put(s);
		if (same > 0)
			return i;
		if (same < 0)
			*lasting = false;
	}
}

/*
 * The wrapper's decision for a transfer the hook could not decide without
 * resolving a path: on a connected socket (cached as the hook's are), or a
 * datagram addressed to a path.  May sleep.
 */
static u32 udsmon_decide_sleeping(const struct udsmon_hook *hook,
				  struct socket *sock,
				  const struct msghdr *msg,
				  struct udsmon_call *call)
{
	struct sock *sk = sock->sk, *peer;
	struct path file = {};
	u32 idx = UDSMON_NONE_IDX;
	bool lasting = true;

	if (udsmon_addressed(hook, msg)) {
		if (udsmon_identity_address(msg->msg_name, msg->msg_namelen,
					    &file))
			return UDSMON_NONE_IDX;
		idx = udsmon_decide_file(file.dentry, &call->generation,
					 &lasting);
		path_put(&file);
		return idx;
	}
	peer = unix_peer_get(sk);
	if (!peer)
		return UDSMON_NONE_IDX;
	unix_state_lock(peer);
	if (unix_sk(peer)->addr && !sock_flag(peer, SOCK_DEAD) &&
	    unix_sk(peer)->path.dentry) {
		file = unix_sk(peer)->path;
		path_get(&file);
	}
	unix_state_unlock(peer);
	if (file.dentry) {
		idx = udsmon_decide_file(file.dentry, &call->generation,
					 &lasting);
		path_put(&file);
		if (lasting)
			udsmon_cache(udsmon_slot_of(sk), sk, peer,
				     SOCK_INODE(sock)->i_ino, call->generation,
				     idx);
	}
	sock_put(peer);
	return idx;
}

/*
 * The wrapper's decision, for a call the hook left undecided: fills in
 * @call, and returns whether a send's buffers are to be kept.  May sleep.
 */
static noinline bool udsmon_decide_before(unsigned int hook,
					  struct socket *sock,
					  const struct msghdr *msg,
					  struct udsmon_call *call)
{
	const struct udsmon_entry *e = NULL;
	const struct udsmon_table *table;
	bool capture;

	rcu_read_lock();
	table = rcu_dereference(udsmon_table);
	call->idx = UDSMON_NONE_IDX;
	if (table) {
		call->generation = table->generation;
		call->idx = udsmon_decide_call(table, &udsmon_hooks[hook],
					       sock, msg);
	}
	rcu_read_unlock();
	if (call->idx == UDSMON_DECIDE_IDX)
		call->idx = udsmon_decide_sleeping(&udsmon_hooks[hook], sock,
						   msg, call);

	rcu_read_lock();
	table = rcu_dereference(udsmon_table);
	if (table && table->generation == call->generation &&
	    call->idx < table->count)
		e = &table->entries[call->idx];
	call->sock_id = e ? e->sock->id : 0;
	capture = udsmon_keeps_data(e);
	rcu_read_unlock();
	return capture;
}

/*
 * A transfer whose data is read after the call, from its buffers: the
 * iterator is copied from before the call moves it on.
 */
static noinline int udsmon_transfer_kept(unsigned int hook, bool send,
					 struct socket *sock,
					 struct msghdr *msg, size_t len,
					 int flags,
					 const struct udsmon_call *call)
{
	struct iov_iter data = msg->msg_iter;
	int ret;

	if (send)
		ret = udsmon_hooks[hook].sendmsg(sock, msg, len);
	else
		ret = udsmon_hooks[hook].recvmsg(sock, msg, len, flags);
	udsmon_call_end(&udsmon_hooks[hook], send, call, sock, msg, &data, len,
			ret);
	return ret;
}

/*
 * A monitored client's transfer: the hooked function, called from here,
 * and counted.  Zero bytes moved nothing (an end of stream): not counted,
 * but an event, as a failure is.  @keep: the hook found a send whose
 * buffers are kept.
 */
static __always_inline int udsmon_transfer(unsigned int hook, const bool send,
					   struct socket *sock,
					   struct msghdr *msg, size_t len,
					   int flags, unsigned long verdict,
					   u64 sock_id, bool keep)
{
	struct udsmon_call call = {
		.generation = verdict >> 32,
		.idx = (u32)verdict,
		.sock_id = sock_id,
	};
	unsigned long *detour = pathstats_detour_enter();
	int ret;

	if (call.idx == UDSMON_DECIDE_IDX)
		keep = udsmon_decide_before(hook, sock, msg, &call);
	if (!send)
		keep = pstrace_uds_wants_data(PATHSTATS_TRACE_UDS_RECV);
	/* Decided above as nobody's client: nothing to count. */
	if (call.idx != UDSMON_NONE_IDX && keep) {
		ret = udsmon_transfer_kept(hook, send, sock, msg, len, flags,
					   &call);
	} else {
		if (send)
			ret = udsmon_hooks[hook].sendmsg(sock, msg, len);
		else
			ret = udsmon_hooks[hook].recvmsg(sock, msg, len, flags);
		if (call.idx != UDSMON_NONE_IDX &&
		    (ret > 0 || pstrace_uds_points))
			udsmon_call_end(&udsmon_hooks[hook], send, &call, sock,
					msg, NULL, len, ret);
	}
	pathstats_detour_leave(detour);
	return ret;
}

/*
 * The wrappers, one per hooked function: its arguments, then what the
 * hook decided, which it put in the next argument registers: the verdict
 * (table generation and entry), the entry's socket id, and for a send
 * whether to keep its buffers.
 */
#define UDSMON_WRAPPERS(_name, _idx)					\
static int udsmon_##_name##_sendmsg(struct socket *sock,		\
				    struct msghdr *msg, size_t len,	\
				    unsigned long verdict, u64 sock_id,	\
				    unsigned long keep)			\
{									\
	return udsmon_transfer(_idx##_SEND, true, sock, msg, len, 0,	\
			       verdict, sock_id, keep);			\
}									\
static int udsmon_##_name##_recvmsg(struct socket *sock,		\
				    struct msghdr *msg, size_t len,	\
				    int flags, unsigned long verdict,	\
				    u64 sock_id)			\
{									\
	return udsmon_transfer(_idx##_RECV, false, sock, msg, len,	\
			       flags, verdict, sock_id, false);		\
}

UDSMON_WRAPPERS(stream, UDSMON_STREAM)
UDSMON_WRAPPERS(dgram, UDSMON_DGRAM)
UDSMON_WRAPPERS(seqpacket, UDSMON_SEQPACKET)

/*
 * A connect to the address of a monitored socket returned: its event, if
 * the client passes the socket's filters.  The address decides, whether
 * the connect reached the socket or not, as a datagram's does.  May sleep.
 */
static noinline void udsmon_connect_end(struct socket *sock,
					struct sockaddr_unsized *addr,
					int len, struct udsmon_call *call,
					int ret)
{
	const struct udsmon_hook *hook = &udsmon_hooks[UDSMON_DGRAM_SEND];
	const struct msghdr msg = { .msg_name = addr, .msg_namelen = len };
	const struct udsmon_table *table;
	const struct udsmon_entry *e;

	if (pstrace_event_interrupted(ret))
		return;
	if (call->idx == UDSMON_DECIDE_IDX)
		udsmon_decide_before(UDSMON_DGRAM_SEND, sock, &msg, call);
	rcu_read_lock();
	table = rcu_dereference(udsmon_table);
	e = table ? udsmon_call_entry(table, hook, call, sock, &msg) : NULL;
	if (e && attribution_slot_passes(&e->groups))
		udsmon_trace(e, PATHSTATS_TRACE_UDS_CONNECT, sock, NULL, 0, ret);
	rcu_read_unlock();
}

/* The connect wrappers: its arguments, then the verdict and socket id. */
#define UDSMON_CONNECT_WRAPPER(_name, _idx)				\
static int udsmon_##_name##_connect(struct socket *sock,		\
				    struct sockaddr_unsized *addr,	\
				    int len, int flags,			\
				    unsigned long verdict, u64 sock_id)	\
{									\
	struct udsmon_call call = {					\
		.generation = verdict >> 32,				\
		.idx = (u32)verdict,					\
		.sock_id = sock_id,					\
	};								\
	unsigned long *detour = pathstats_detour_enter();		\
	int ret;							\
									\
	ret = udsmon_hooks[_idx].connect(sock, addr, len, flags);	\
	udsmon_connect_end(sock, addr, len, &call, ret);		\
	pathstats_detour_leave(detour);					\
	return ret;							\
}

UDSMON_CONNECT_WRAPPER(stream, UDSMON_STREAM_CONNECT)
UDSMON_CONNECT_WRAPPER(dgram, UDSMON_DGRAM_CONNECT)

/*
 * Hands the decision to the wrapper, in the argument registers after the
 * hooked function's own, and diverts.
 */
static __always_inline void udsmon_divert(const struct udsmon_hook *hook,
					  struct ftrace_regs *fregs,
					  const struct udsmon_table *table,
					  u32 idx)
{
	const struct udsmon_entry *e = NULL;

	if (idx < table->count)
		e = &table->entries[idx];
	pathstats_ftrace_set_arg(fregs, hook->args,
				 (unsigned long)table->generation << 32 | idx);
	pathstats_ftrace_set_arg(fregs, hook->args + 1, e ? e->sock->id : 0);
	if (hook->send)
		pathstats_ftrace_set_arg(fregs, hook->args + 2,
					 udsmon_keeps_data(e));
	pathstats_detour_divert(fregs, hook->wrapper);
}

/*
 * Not a cached "nobody's": decides (unless @idx was cached for table
 * @generation), and diverts the call if it is a client's.
 */
static noinline void notrace udsmon_hook_slow(const struct udsmon_hook *hook,
					      struct ftrace_regs *fregs,
					      struct socket *sock,
					      const struct msghdr *msg,
					      unsigned long pip, u32 idx,
					      u32 generation)
{
	const struct udsmon_table *table;

	/*
	 * Not the wrapper's own call; not a kernel thread's (it would never
	 * run the task_work that a clear interrupts a wrapper with); not a
	 * peek, which moves nothing: the data is read again.
	 */
	if (pathstats_detour_from_wrapper(pip) || current->flags & PF_KTHREAD ||
	    (!hook->send && ftrace_regs_get_argument(fregs, 3) & MSG_PEEK))
		return;
	preempt_disable_notrace();
	table = rcu_dereference_sched(udsmon_table);
	if (!table)
		goto out;
	if (idx >= table->count || generation != table->generation)
		idx = udsmon_decide_hook(table, hook, sock, msg);
	if (idx < table->count || idx == UDSMON_SENDER_IDX ||
	    idx == UDSMON_DECIDE_IDX)
		udsmon_divert(hook, fregs, table, idx);
out:
	preempt_enable_notrace();
}

static void notrace udsmon_hook(unsigned long ip, unsigned long pip,
				struct ftrace_ops *ops,
				struct ftrace_regs *fregs)
{
	const struct udsmon_hook *hook = container_of(ops, typeof(*hook), ops);
	struct socket *sock = (void *)ftrace_regs_get_argument(fregs, 0);
	struct msghdr *msg = (void *)ftrace_regs_get_argument(fregs, 1);
	u32 generation = READ_ONCE(udsmon_table_generation);
	u32 idx = UDSMON_NONE_IDX;
	struct sock *sk, *peer;

	if (sock->type != hook->type)
		return;
	/* The caller holds the socket's file: @sk stays. */
	sk = sock->sk;
	peer = READ_ONCE(unix_sk(sk)->peer);
	/* Most calls: a connected socket, cached as nobody's client. */
	if (peer && !udsmon_addressed(hook, msg)) {
		idx = udsmon_cached(udsmon_slot_of(sk), sk, peer,
				    SOCK_INODE(sock)->i_ino, generation);
		/* Or the wrapper's own call of the function. */
		if (idx == UDSMON_NONE_IDX || pathstats_detour_from_wrapper(pip))
			return;
	}
	udsmon_hook_slow(hook, fregs, sock, msg, pip, idx, generation);
}

/*
 * A connect, while a session enables uds/connect: diverted if its address
 * may be a monitored socket's, as a datagram's is decided.  The kernel's
 * copy of the address outlives the call, which the wrapper decides after.
 */
static void notrace udsmon_connect_hook(unsigned long ip, unsigned long pip,
					struct ftrace_ops *ops,
					struct ftrace_regs *fregs)
{
	const struct udsmon_hook *hook = container_of(ops, typeof(*hook), ops);
	struct socket *sock = (void *)ftrace_regs_get_argument(fregs, 0);
	struct sockaddr_un *sun = (void *)ftrace_regs_get_argument(fregs, 1);
	struct msghdr msg = {
		.msg_name = sun,
		.msg_namelen = ftrace_regs_get_argument(fregs, 2),
	};
	const struct udsmon_table *table;
	u32 idx;

	if (!pstrace_uds_enabled(PATHSTATS_TRACE_UDS_CONNECT) ||
	    pathstats_detour_from_wrapper(pip) || current->flags & PF_KTHREAD)
		return;
	/* A datagram socket's AF_UNSPEC connect disconnects it. */
	if (msg.msg_namelen <= offsetof(struct sockaddr_un, sun_path) ||
	    sun->sun_family != AF_UNIX)
		return;
	preempt_disable_notrace();
	table = rcu_dereference_sched(udsmon_table);
	if (table) {
		idx = udsmon_decide_addressed(table, sock->sk, &msg);
		if (idx < table->count || idx == UDSMON_DECIDE_IDX)
			udsmon_divert(hook, fregs, table, idx);
	}
	preempt_enable_notrace();
}

/*
 * The hooks [@first, @end) attach and detach together: the transfer
 * hooks with a table, the connect hooks while a session also wants them.
 */
struct udsmon_hook_set {
	unsigned int first;
	unsigned int end;
	bool attached;
};

static struct udsmon_hook_set udsmon_transfer_set = {
	.first = 0,
	.end = UDSMON_TRANSFER_HOOKS,
};

static struct udsmon_hook_set udsmon_connect_set = {
	.first = UDSMON_TRANSFER_HOOKS,
	.end = UDSMON_HOOKS,
};

static void *udsmon_hook_function(const struct udsmon_hook *hook)
{
	if (hook->connect)
		return hook->connect;
	return hook->send ? (void *)hook->sendmsg : (void *)hook->recvmsg;
}

static int udsmon_set_attach(struct udsmon_hook_set *set)
{
	unsigned int i;
	int err = 0;

	if (set->attached)
		return 0;
	pathstats_detour_hold();
	for (i = set->first; i < set->end; i++) {
		err = pathstats_fault_load_step() ? -ENOMEM :
		      register_ftrace_function(&udsmon_hooks[i].ops);
		if (err) {
			pr_err("cannot hook %ps: %d\n",
			       udsmon_hook_function(&udsmon_hooks[i]), err);
			break;
		}
	}
	if (!err) {
		set->attached = true;
		return 0;
	}
	while (i-- > set->first)
		if (WARN_ON(unregister_ftrace_function(&udsmon_hooks[i].ops)))
			return err;	/* a hook stays: so does the module */
	pathstats_detour_release();
	return err;
}

static void udsmon_set_detach(struct udsmon_hook_set *set)
{
	bool stuck = false;
	unsigned int i;

	if (!set->attached)
		return;
	/*
	 * A hook that stayed would call freed code: say so loudly, and keep
	 * the module reference the hooks hold.
	 */
	for (i = set->first; i < set->end; i++)
		if (WARN_ON(unregister_ftrace_function(&udsmon_hooks[i].ops)))
			stuck = true;
	set->attached = false;
	if (!stuck)
		pathstats_detour_release();
}

/**
 * udsmon_probe_attach - attach the hooks a table needs
 * @connect: the connect hooks too (else they are detached)
 *
 * The cache is kept: its decisions name tables by generation, and
 * wrappers of an earlier attach may still be writing to it.
 *
 * Return: 0 or a negative errno; on failure nothing changed.
 */
int udsmon_probe_attach(bool connect)
{
	bool had = udsmon_transfer_set.attached;
	int err;

	err = udsmon_set_attach(&udsmon_transfer_set);
	if (err)
		return err;
	if (!connect) {
		udsmon_set_detach(&udsmon_connect_set);
		return 0;
	}
	err = udsmon_set_attach(&udsmon_connect_set);
	if (err && !had)
		udsmon_set_detach(&udsmon_transfer_set);
	return err;
}

/**
 * udsmon_probe_detach - detach every hook that is attached
 *
 * Returns once no hook runs any more; calls they diverted finish, and
 * count, in their wrappers, and keep the module loaded until they have
 * returned.
 */
void udsmon_probe_detach(void)
{
	udsmon_set_detach(&udsmon_connect_set);
	udsmon_set_detach(&udsmon_transfer_set);
}

/**
 * udsmon_probe_count - number of hooks attached
 *
 * Return: the number of hooked functions attached.
 */
u32 udsmon_probe_count(void)
{
	return (udsmon_transfer_set.attached ? UDSMON_TRANSFER_HOOKS : 0) +
	       (udsmon_connect_set.attached ?
		UDSMON_HOOKS - UDSMON_TRANSFER_HOOKS : 0);
}

/* The proto_ops of unix sockets of @type, read off a socket of our own. */
static const struct proto_ops *udsmon_family_ops(int type)
{
	const struct proto_ops *ops;
	struct socket *sock;

	if (sock_create_kern(&init_net, AF_UNIX, type, 0, &sock))
		return NULL;
	ops = sock->ops;	/* The family's, static: outlive the socket. */
	sock_release(sock);
	return ops;
}

static int udsmon_hook_init(struct udsmon_hook *hook, int type, bool send,
			    const struct proto_ops *ops, void *wrapper)
{
	unsigned long ip;

	hook->type = type;
	hook->send = send;
	/* sendmsg takes 3 arguments, recvmsg 4. */
	hook->args = send ? 3 : 4;
	hook->wrapper = wrapper;
	hook->sendmsg = ops->sendmsg;
	hook->recvmsg = ops->recvmsg;
	hook->ops.func = udsmon_hook;
	/* Permanent, as pathmon's: counting never stops behind a sysctl. */
	hook->ops.flags = FTRACE_OPS_FL_IPMODIFY | FTRACE_OPS_FL_PERMANENT;
	ip = send ? (unsigned long)ops->sendmsg : (unsigned long)ops->recvmsg;
	return ftrace_set_filter_ip(&hook->ops, ip, 0, 0);
}

static int udsmon_connect_hook_init(struct udsmon_hook *hook, int type,
				    const struct proto_ops *ops,
				    void *wrapper)
{
	hook->type = type;
	hook->args = 4;
	hook->wrapper = wrapper;
	hook->connect = ops->connect;
	hook->ops.func = udsmon_connect_hook;
	hook->ops.flags = FTRACE_OPS_FL_IPMODIFY | FTRACE_OPS_FL_PERMANENT;
	return ftrace_set_filter_ip(&hook->ops, (unsigned long)ops->connect,
				    0, 0);
}

/* The hooks' functions, and their filters: set once, for the module. */
static int udsmon_hooks_init(void)
{
	static const int types[] = { SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET };
	static void * const wrappers[][2] = {
		{ udsmon_stream_sendmsg, udsmon_stream_recvmsg },
		{ udsmon_dgram_sendmsg, udsmon_dgram_recvmsg },
		{ udsmon_seqpacket_sendmsg, udsmon_seqpacket_recvmsg },
	};
	const struct proto_ops *ops;
	unsigned int i;
	int err = 0;

	for (i = 0; i < ARRAY_SIZE(types); i++) {
		ops = udsmon_family_ops(types[i]);
		if (!ops) {
			err = -EAFNOSUPPORT;
			break;
		}
		err = udsmon_hook_init(&udsmon_hooks[2 * i], types[i], true,
				       ops, wrappers[i][0]);
		if (!err)
			err = udsmon_hook_init(&udsmon_hooks[2 * i + 1],
					       types[i], false, ops,
					       wrappers[i][1]);
		/* Seqpacket sockets connect as stream ones do. */
		if (!err && types[i] == SOCK_STREAM)
			err = udsmon_connect_hook_init(&udsmon_hooks[UDSMON_STREAM_CONNECT],
						       types[i], ops,
						       udsmon_stream_connect);
		if (!err && types[i] == SOCK_DGRAM)
			err = udsmon_connect_hook_init(&udsmon_hooks[UDSMON_DGRAM_CONNECT],
						       types[i], ops,
						       udsmon_dgram_connect);
		if (err)
			break;
	}
	if (err) {
		pr_err("cannot set up the unix socket hooks: %d\n",
		       err);
		for (i = 0; i < UDSMON_HOOKS; i++)
			ftrace_free_filter(&udsmon_hooks[i].ops);
	}
	return err;
}

/**
 * udsmon_probe_init - find the functions to hook, allocate the cache
 *
 * Return: 0 or a negative errno.
 */
int udsmon_probe_init(void)
{
	int err;

	udsmon_slots = kvcalloc(1U << UDSMON_SLOT_BITS, sizeof(*udsmon_slots),
				GFP_KERNEL);
	if (!udsmon_slots)
		return -ENOMEM;
	err = udsmon_hooks_init();
	if (err) {
		kvfree(udsmon_slots);
		return err;
	}
	return 0;
}

/**
 * udsmon_probe_exit - free the cache
 *
 * The hooks must be detached, and the calls they diverted returned: they
 * keep the module loaded until then (detour.c).
 */
void udsmon_probe_exit(void)
{
	unsigned int i;

	for (i = 0; i < UDSMON_HOOKS; i++)
		ftrace_free_filter(&udsmon_hooks[i].ops);
	kvfree(udsmon_slots);
	udsmon_slots = NULL;
}
