// SPDX-License-Identifier: GPL-2.0
/*
 * udsmon's hook: a probe on raw_syscalls:sys_exit, like pathmon's, for the
 * same reason (Documentation/design/pathmon-probes.rst): it sees the
 * syscall's fd, its user buffers and its return value, the bytes actually
 * transferred, without a return probe.  It counts read, readv, write,
 * writev, recvfrom, recvmsg, sendto and sendmsg on unix sockets of
 * every type.
 *
 * Only clients count: a socket connected to a monitored socket (for
 * stream and seqpacket, to a socket accepted by it, which carries the
 * listener's address), or an unconnected datagram socket addressing it.
 * What the monitored socket itself sends is what its clients receive, so
 * counting both sides would count every byte twice.
 *
 * Which monitored socket a client talks to is decided once per (socket,
 * peer) and kept in a small lock-free cache, so that a client connecting
 * after the configuration was loaded, or connecting elsewhere later, is
 * decided again.
 */

#include <linux/cgroup.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/hash.h>
#include <linux/magic.h>
#include <linux/net.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/socket.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/tracepoint.h>
#include <linux/uaccess.h>
#include <linux/uio.h>
#include <linux/un.h>
#include <net/af_unix.h>
#include <net/sock.h>
#include <asm/syscall.h>
#include <asm/unistd.h>

#include "fileref.h"
#include "pathmon_match.h"
#include "ring.h"
#include "sys_exit_tp.h"
#include "udsmon.h"
#include "udsmon_probe.h"

enum udsmon_kind {
	UDSMON_NONE,
	UDSMON_SEND,		/* write, writev: connected sockets only */
	UDSMON_RECV,		/* read, readv */
	UDSMON_SENDTO,		/* the address, if any, in arg4, its length arg5 */
	UDSMON_RECVFROM,	/* the sender's address in arg4, length at arg5 */
	UDSMON_SENDMSG,		/* struct user_msghdr at arg1 */
	UDSMON_RECVMSG,
};

static const u8 udsmon_kind[] = {
	[__NR_read] = UDSMON_RECV,
	[__NR_readv] = UDSMON_RECV,
	[__NR_write] = UDSMON_SEND,
	[__NR_writev] = UDSMON_SEND,
	[__NR_sendto] = UDSMON_SENDTO,
	[__NR_recvfrom] = UDSMON_RECVFROM,
	[__NR_sendmsg] = UDSMON_SENDMSG,
	[__NR_recvmsg] = UDSMON_RECVMSG,
};

static bool udsmon_kind_sends(u8 kind)
{
	return kind == UDSMON_SEND || kind == UDSMON_SENDTO ||
	       kind == UDSMON_SENDMSG;
}

#define UDSMON_SLOT_BITS	10
#define UDSMON_SLOT_BUSY	1UL
#define UDSMON_NONE_IDX		U32_MAX

/*
 * A cached decision: client @sk, with socket inode @ino (so that a new
 * socket at a freed one's address is not taken for it), connected to
 * @peer, talks to entry @idx of table @generation, or to none.
 */
struct udsmon_slot {
	unsigned long sk;
	unsigned long peer;
	unsigned long ino;
	u32 generation;
	u32 idx;
};

static struct udsmon_slot *udsmon_slots;
static struct tracepoint *udsmon_sys_exit_tp;
static bool udsmon_attached;

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
 * The entry for a sockaddr_un of @len bytes, as a datagram sender names
 * its destination: an abstract name, or an absolute path (relative ones
 * name the file only for the sender's working directory: not matched).
 */
static u32 udsmon_lookup_sun(const struct udsmon_table *table,
			     const struct sockaddr_un *sun, size_t len)
{
	const size_t off = offsetof(struct sockaddr_un, sun_path);

	if (len <= off + 1 || sun->sun_family != AF_UNIX)
		return UDSMON_NONE_IDX;
	len -= off;
	if (!sun->sun_path[0])
		return udsmon_lookup(table, sun->sun_path + 1, len - 1, true);
	if (sun->sun_path[0] != '/')
		return UDSMON_NONE_IDX;
	return udsmon_lookup(table, sun->sun_path,
			     strnlen(sun->sun_path, len), false);
}

/*
 * The entry @peer is bound to; the caller holds a reference on @peer.
 * Its state lock keeps unix_release_sock() from clearing the bound path
 * under us: a peer that was closed keeps its address but loses its path.
 */
static u32 udsmon_lookup_peer(const struct udsmon_table *table,
			      struct sock *peer)
{
	u32 idx = UDSMON_NONE_IDX;
	const struct unix_address *addr;
	const char *name;
	size_t len;

	unix_state_lock(peer);
	addr = unix_sk(peer)->addr;
	if (!addr || sock_flag(peer, SOCK_DEAD))
		goto out;
	if (!addr->name->sun_path[0]) {
		idx = udsmon_lookup_sun(table, addr->name, addr->len);
		goto out;
	}
	if (!unix_sk(peer)->path.dentry)
		goto out;
	/* The file as the client sees it, whatever name bind() was given. */
	name = pathmon_match_path_of(&unix_sk(peer)->path, &len);
	if (name)
		idx = udsmon_lookup(table, name, len, false);
out:
	unix_state_unlock(peer);
	return idx;
}

/* Decides @sk afresh, and caches the decision. */
static noinline u32 udsmon_decide_slow(const struct udsmon_table *table,
				       struct udsmon_slot *slot,
				       struct sock *sk, struct sock *peer,
				       unsigned long ino)
{
	unsigned long key;
	struct sock *held;
	u32 idx;

	/* A reference, so that a concurrent disconnect cannot free it. */
	held = unix_peer_get(sk);
	if (!held)
		return UDSMON_NONE_IDX;
	idx = udsmon_lookup_peer(table, held);
	sock_put(held);
	if (held != peer)
		return idx;

	key = READ_ONCE(slot->sk);
	if (key == UDSMON_SLOT_BUSY ||
	    cmpxchg(&slot->sk, key, UDSMON_SLOT_BUSY) != key)
		return idx;
	WRITE_ONCE(slot->peer, (unsigned long)peer);
	WRITE_ONCE(slot->ino, ino);
	WRITE_ONCE(slot->generation, table->generation);
	WRITE_ONCE(slot->idx, idx);
	/* Publish the key after the contents. */
	smp_store_release(&slot->sk, (unsigned long)sk);
	return idx;
}

/*
 * Which entry connected client @sk talks to, through the cache: every
 * send and receive of every unix socket comes here, most of them on
 * sockets nobody monitors, so a hit costs a few loads and no call.
 */
static __always_inline u32 udsmon_decide(const struct udsmon_table *table,
					 struct sock *sk, struct sock *peer,
					 unsigned long ino)
{
	struct udsmon_slot *slot = &udsmon_slots[hash_ptr(sk, UDSMON_SLOT_BITS)];
	u32 idx, generation;

	if (READ_ONCE(slot->sk) == (unsigned long)sk) {
		/* Contents after the key, as in pathmon's match cache. */
		smp_rmb();
		generation = READ_ONCE(slot->generation);
		idx = READ_ONCE(slot->idx);
		if (READ_ONCE(slot->peer) == (unsigned long)peer &&
		    READ_ONCE(slot->ino) == ino) {
			/* The key again: a writer claimed it first. */
			smp_rmb();
			if (READ_ONCE(slot->sk) == (unsigned long)sk &&
			    generation == table->generation)
				return idx;
		}
	}
	return udsmon_decide_slow(table, slot, sk, peer, ino);
}

/*
 * The entry an unconnected datagram socket sent to, or received from:
 * the address is in the caller's memory, read without faulting (a probe
 * may not sleep); an address that is not resident is not matched.
 */
static noinline u32
udsmon_decide_unconnected(const struct udsmon_table *table,
			  const struct pt_regs *regs, u8 kind)
{
	struct user_msghdr msg;
	struct sockaddr_un sun;
	void __user *uaddr;
	int len;

	switch (kind) {
	case UDSMON_SENDTO:
		uaddr = (void __user *)regs->r8;
		len = (int)regs->r9;
		break;
	case UDSMON_RECVFROM:
		uaddr = (void __user *)regs->r8;
		if (!uaddr || copy_from_user_nofault(&len,
						     (int __user *)regs->r9,
						     sizeof(len)))
			return UDSMON_NONE_IDX;
		break;
	case UDSMON_SENDMSG:
	case UDSMON_RECVMSG:
		if (copy_from_user_nofault(&msg, (void __user *)regs->si,
					   sizeof(msg)))
			return UDSMON_NONE_IDX;
		uaddr = msg.msg_name;
		len = msg.msg_namelen;
		break;
	default:
		return UDSMON_NONE_IDX;
	}
	if (!uaddr || len <= 0)
		return UDSMON_NONE_IDX;
	len = min_t(int, len, sizeof(sun));
	if (copy_from_user_nofault(&sun, uaddr, len))
		return UDSMON_NONE_IDX;
	return udsmon_lookup_sun(table, &sun, len);
}

/*
 * Copies up to @len bytes from user memory without faulting, a page at a
 * time, so that a fault keeps what came before it.  Return: bytes copied.
 */
static size_t udsmon_copy_nofault(void *dst, const void __user *src,
				  size_t len)
{
	size_t done = 0, n;

	while (done < len) {
		n = min_t(size_t, len - done,
			  PAGE_SIZE - offset_in_page(src + done));
		if (copy_from_user_nofault(dst + done, src + done, n))
			break;
		done += n;
	}
	return done;
}

/* Copies up to @len bytes of an iovec array; sets @fault on a fault. */
static size_t udsmon_copy_iov(void *dst, const struct iovec __user *uiov,
			      unsigned long nr_segs, size_t len, bool *fault)
{
	struct iovec iov;
	size_t done = 0, n, got;
	unsigned long i;

	nr_segs = min_t(unsigned long, nr_segs, UIO_MAXIOV);
	for (i = 0; i < nr_segs && done < len; i++) {
		if (copy_from_user_nofault(&iov, uiov + i, sizeof(iov))) {
			*fault = true;
			break;
		}
		n = min_t(size_t, iov.iov_len, len - done);
		got = udsmon_copy_nofault(dst + done, iov.iov_base, n);
		done += got;
		if (got < n) {
			*fault = true;
			break;
		}
	}
	return done;
}

/*
 * Copies the first @len bytes the send at @regs transferred.  Return:
 * bytes copied; @fault set when a fault stopped the copy early.
 */
static size_t udsmon_copy_sent(void *dst, const struct pt_regs *regs,
			       unsigned long nr, size_t len, bool *fault)
{
	struct user_msghdr msg;
	size_t got;

	switch (nr) {
	case __NR_writev:
		return udsmon_copy_iov(dst, (void __user *)regs->si, regs->dx,
				       len, fault);
	case __NR_sendmsg:
		if (copy_from_user_nofault(&msg, (void __user *)regs->si,
					   sizeof(msg))) {
			*fault = true;
			return 0;
		}
		return udsmon_copy_iov(dst, msg.msg_iov, msg.msg_iovlen, len,
				       fault);
	default:	/* write, sendto */
		got = udsmon_copy_nofault(dst, (void __user *)regs->si, len);
		*fault = got < len;
		return got;
	}
}

static u64 udsmon_cgroup_id(void)
{
#ifdef CONFIG_CGROUPS
	u64 id;

	rcu_read_lock();
	id = cgroup_id(task_dfl_cgroup(current));
	rcu_read_unlock();
	return id;
#else
	return 0;
#endif
}

/* One send in sample_every, counted over all of the socket's clients. */
static bool udsmon_sampled(const struct udsmon_entry *e)
{
	if (e->sample_every == 1)
		return true;
	return (atomic64_inc_return(&e->sock->sends) - 1) %
	       e->sample_every == 0;
}

/* Captures the send at @regs into the ring, or counts it dropped. */
static noinline void
udsmon_capture(const struct udsmon_table *table, const struct udsmon_entry *e,
	       struct sock *sk, unsigned long ino, const struct pt_regs *regs,
	       unsigned long nr, long ret)
{
	struct udsmon_counters __percpu *c = e->sock->counters;
	struct pathstats_record *rec;
	bool fault = false;
	size_t len;
	u64 seq;

	if (!udsmon_sampled(e))
		return;
	rec = ring_reserve(table->ring, &seq);
	if (!rec) {
		this_cpu_inc(c->dropped_total);
		return;
	}
	len = udsmon_copy_sent(rec->data, regs, nr,
			       min_t(size_t, ret, e->capture_bytes), &fault);
	rec->version = PATHSTATS_RECORD_VERSION;
	rec->flags = fault ? PATHSTATS_RECORD_TRUNCATED : 0;
	rec->seq = seq;
	rec->time_ns = ktime_get_real_ns();
	rec->pid = task_tgid_nr(current);
	rec->tid = task_pid_nr(current);
	rec->uid = from_kuid_munged(&init_user_ns, current_uid());
	rec->socket_type = sk->sk_type;
	rec->cgroup_id = udsmon_cgroup_id();
	rec->conn_id = ino;
	rec->msg_len = min_t(long, ret, U32_MAX);
	rec->cap_len = len;
	memcpy(rec->comm, current->comm, sizeof(rec->comm));
	rec->comm[sizeof(rec->comm) - 1] = '\0';
	memcpy(rec->socket, e->sock->label, sizeof(rec->socket));
	/* Padding too: the slot may hold an older record's bytes. */
	memset(rec->data + len, 0, ALIGN(len, 8) - len);
	this_cpu_inc(c->captured_total);
	ring_commit(table->ring, rec, ALIGN(sizeof(*rec) + len, 8));
}

static void udsmon_count(const struct udsmon_entry *e, bool send, long ret)
{
	struct udsmon_counters __percpu *c = e->sock->counters;

	if (send) {
		this_cpu_inc(c->send_ops_total);
		this_cpu_add(c->send_bytes_total, ret);
	} else {
		this_cpu_inc(c->recv_ops_total);
		this_cpu_add(c->recv_bytes_total, ret);
	}
}

/* Counts, and maybe captures, a transfer on @file, which is held. */
static __always_inline void
udsmon_account(const struct udsmon_table *table, struct file *file,
	       struct pt_regs *regs, unsigned long nr, u8 kind, long ret)
{
	/*
	 * A sockfs inode is a socket: sock_from_file() without the call.
	 * (An O_PATH fd of a socket file is S_ISSOCK too, on another
	 * filesystem, but transfers nothing.)
	 */
	struct inode *inode = file_inode(file);
	const struct udsmon_entry *e;
	struct sock *sk, *peer;
	u32 idx;

	if (!S_ISSOCK(inode->i_mode) || inode->i_sb->s_magic != SOCKFS_MAGIC)
		return;
	sk = READ_ONCE(SOCKET_I(inode)->sk);
	if (!sk || sk->sk_family != AF_UNIX)
		return;

	/* Only compared here: udsmon_decide_slow() takes a reference. */
	peer = READ_ONCE(unix_sk(sk)->peer);
	if (peer)
		idx = udsmon_decide(table, sk, peer, inode->i_ino);
	else
		idx = udsmon_decide_unconnected(table, regs, kind);
	if (idx >= table->count)
		return;
	e = &table->entries[idx];
	udsmon_count(e, udsmon_kind_sends(kind), ret);
	if (e->capture_bytes && udsmon_kind_sends(kind))
		udsmon_capture(table, e, sk, inode->i_ino, regs, nr, ret);
}

static void notrace udsmon_sys_exit(void *data, struct pt_regs *regs,
				    long ret)
{
	/* Tracepoint probes run with preemption off: an RCU reader. */
	const struct udsmon_table *table = rcu_dereference_sched(udsmon_table);
	unsigned long nr = (unsigned long)syscall_get_nr(current, regs);
	unsigned long fd = regs->di;
	struct fileref ref;
	struct file *file;
	u8 kind;

	/* Zero bytes moved nothing: an end of stream, not a message. */
	if (!table || nr >= ARRAY_SIZE(udsmon_kind) || ret <= 0 ||
	    in_ia32_syscall() || !current->files)
		return;
	kind = udsmon_kind[nr];
	if (kind == UDSMON_NONE || fd > INT_MAX)
		return;
	/* The file is read from here on: see fileref.h. */
	file = fileref_get(&ref, fd);
	if (file)
		udsmon_account(table, file, regs, nr, kind, ret);
	fileref_put(&ref);
}

/**
 * udsmon_probe_attach - attach the probe, if it is not attached
 *
 * Return: 0 or a negative errno.
 */
int udsmon_probe_attach(void)
{
	int err;

	if (udsmon_attached)
		return 0;
	memset(udsmon_slots, 0, sizeof(*udsmon_slots) << UDSMON_SLOT_BITS);
	err = tracepoint_probe_register(udsmon_sys_exit_tp, udsmon_sys_exit,
					NULL);
	if (err)
		pr_err("pathstats: cannot probe sys_exit: %d\n", err);
	udsmon_attached = !err;
	return err;
}

/**
 * udsmon_probe_detach - detach the probe, if it is attached
 *
 * Returns once no probe call runs any more.
 */
void udsmon_probe_detach(void)
{
	if (!udsmon_attached)
		return;
	tracepoint_probe_unregister(udsmon_sys_exit_tp, udsmon_sys_exit, NULL);
	tracepoint_synchronize_unregister();
	udsmon_attached = false;
}

/**
 * udsmon_probe_count - number of probes attached
 *
 * Return: 1 while the probe is attached, else 0.
 */
u32 udsmon_probe_count(void)
{
	return udsmon_attached;
}

/**
 * udsmon_probe_init - find the tracepoint and allocate the decision cache
 *
 * Return: 0, -ENOENT without raw_syscalls:sys_exit, or -ENOMEM.
 */
int udsmon_probe_init(void)
{
	udsmon_sys_exit_tp = sys_exit_tp_find();
	if (!udsmon_sys_exit_tp)
		return -ENOENT;
	udsmon_slots = kvcalloc(1U << UDSMON_SLOT_BITS, sizeof(*udsmon_slots),
				GFP_KERNEL);
	return udsmon_slots ? 0 : -ENOMEM;
}

/**
 * udsmon_probe_exit - free the decision cache; the probe must be detached
 */
void udsmon_probe_exit(void)
{
	kvfree(udsmon_slots);
	udsmon_slots = NULL;
}
