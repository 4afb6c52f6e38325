/* SPDX-License-Identifier: GPL-2.0 */
/*
 * udsmon: per-unix-socket counters, published in /sys/kernel/stats/uds.
 */
#ifndef _PATHSTATS_UDSMON_H
#define _PATHSTATS_UDSMON_H

#include <linux/atomic.h>
#include <linux/kref.h>
#include <linux/poll.h>
#include <linux/rcupdate.h>
#include <linux/types.h>
#include <uapi/linux/pathstats.h>

#include "attribution/slot.h"

#include "identity.h"

struct pathstats_config;
struct udsmon_ring;

/**
 * struct udsmon_counters - one monitored socket's counters, per cpu
 * @send_bytes_total: bytes its clients sent to it (requests)
 * @recv_bytes_total: bytes its clients received from it (responses)
 * @send_ops_total: successful sends of its clients
 * @recv_ops_total: successful receives of its clients
 * @captured_total: sends captured into the ring
 * @dropped_total: captures lost because the ring was full
 */
struct udsmon_counters {
	u64 send_bytes_total;
	u64 recv_bytes_total;
	u64 send_ops_total;
	u64 recv_ops_total;
	u64 captured_total;
	u64 dropped_total;
};

/**
 * struct udsmon_socket - a monitored socket and its counters
 * @kref: held by every table that lists the socket; the last put comes
 *	after the last table listing it was unpublished and a grace period
 *	passed
 * @id: unique for the module's lifetime: names the socket to a transfer
 *	in flight across a reload (see probe.c)
 * @path: the bound path, or the abstract name without its leading NUL
 * @len: length of @path
 * @abstract: @path is an abstract name
 * @base: @path's last component, if not @abstract
 * @base_len: length of @base
 * @label: the socket as records name it ("@name" when abstract)
 * @sends: sends counted, for sample_every; shared by all CPUs, but only
 *	touched when a send is a capture candidate
 * @counters: the counters; they live as long as the socket stays in the
 *	configuration, across reloads
 */
struct udsmon_socket {
	struct kref kref;
	u64 id;
	char *path;
	u32 len;
	bool abstract;
	const char *base;
	u32 base_len;
	char label[PATHSTATS_SOCKET_LEN];
	atomic64_t sends;
	struct udsmon_counters __percpu *counters;
};

/**
 * struct udsmon_entry - a socket as the loaded configuration uses it
 * @sock: the socket
 * @capture_bytes: bytes captured per send, 0 for none
 * @sample_every: capture one send in this many
 * @groups: its groups, by the client's cgroup or executable; with a set,
 *	the socket counts in its groups, not in its own counters
 */
struct udsmon_entry {
	struct udsmon_socket *sock;
	u32 capture_bytes;
	u32 sample_every;
	struct attribution_slot groups;
};

/**
 * struct udsmon_table - the sockets of the loaded configuration
 * @generation: distinguishes tables, so that cached decisions (which name
 *	sockets by index) are only used with the table they were made for
 * @ring: the capture ring, NULL if no socket captures
 * @ns: the namespaces the entries' addresses are in: the loader's
 * @paths: how many entries are path sockets
 * @count: number of @entries
 * @entries: the sockets, in configuration order
 *
 * Immutable once published; a load publishes a new table.
 */
struct udsmon_table {
	u32 generation;
	struct udsmon_ring *ring;
	struct udsmon_identity ns;
	u32 paths;
	u32 count;
	struct udsmon_entry entries[] __counted_by(count);
};

extern struct udsmon_table __rcu *udsmon_table;
/* The published table's generation, for the hooks' lock-free fast path. */
extern u32 udsmon_table_generation;

struct udsmon_update;

struct udsmon_update *udsmon_prepare(const struct pathstats_config *cfg);
void udsmon_commit(struct udsmon_update *up);
void udsmon_abort(struct udsmon_update *up);
int udsmon_trace_update(bool connect);
ssize_t udsmon_records_read(char __user *buf, size_t count, bool nonblock);
__poll_t udsmon_records_poll(struct file *file, poll_table *wait);
void udsmon_status(struct pathstats_status *st);
void udsmon_socket_put(struct udsmon_socket *s);
/* The attached hooks (probe.c). */
u32 udsmon_probe_count(void);
int udsmon_init(void);
void udsmon_exit(void);

#endif /* _PATHSTATS_UDSMON_H */
