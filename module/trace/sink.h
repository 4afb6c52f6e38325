/* SPDX-License-Identifier: GPL-2.0 */
/*
 * trace: a session's sinks.  A device sink keeps a ring of messages per
 * CPU, which only tasks on that CPU fill, and which its readers merge in
 * the order the messages were written; a remote sink has the same rings,
 * which its thread reads (remote.c); a null sink only counts.
 */
#ifndef _PATHSTATS_TRACE_SINK_H
#define _PATHSTATS_TRACE_SINK_H

#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <uapi/linux/pathstats.h>

struct pstrace_remote;

/**
 * struct pstrace_ring - a device sink's messages from one CPU
 * @lock: taken by the CPU's writers and by the sink's reader; raw, as
 *	the copy is short and bounded
 * @data: @size bytes, a power of two
 * @size: bytes of @data
 * @head: bytes taken by the reader since the ring was made
 * @tail: bytes written since the ring was made
 * @pending: messages dropped since the last one delivered, for the next
 * @delivered: messages written
 * @dropped: messages that found no room
 *
 * An entry is a u64 stamp, its number in the sink's sequence, then the
 * message, padded to 8 bytes.
 */
struct pstrace_ring {
	raw_spinlock_t lock;
	u8 *data;
	u32 size;
	u64 head;
	u64 tail;
	u64 pending;
	u64 delivered;
	u64 dropped;
};

/**
 * struct pstrace_sink - one sink of a session
 * @type: enum pathstats_trace_sink_type
 * @flags: PATHSTATS_TRACE_SINK_* as created
 * @rings: device: the rings, one per possible CPU
 * @read_lock: device: serialises readers, which merge the rings
 * @wait: device: readers waiting for a message; remote: its thread
 * @wake_timer: wakes @wait a little after a message came to rings that
 *	are far from full, so that a reader takes many at a time
 * @wake_armed: bit 0 set while @wake_timer is armed
 * @seq: device and remote: the stamps of the rings' entries
 * @counted: null: messages counted, per CPU
 * @remote: remote: its connection and thread
 */
struct pstrace_sink {
	u32 type;
	u32 flags;
	struct pstrace_ring __percpu *rings;
	struct mutex read_lock;	/* readers merge the rings one at a time */
	wait_queue_head_t wait;
	struct timer_list wake_timer;
	unsigned long wake_armed;
	atomic64_t seq;
	u64 __percpu *counted;
	struct pstrace_remote *remote;
};

int pstrace_sink_init(struct pstrace_sink *sink,
		      const struct pathstats_trace_sink_rule *rule,
		      const char *name);
void pstrace_sink_destroy(struct pstrace_sink *sink);
void pstrace_sink_deliver(struct pstrace_sink *sink, void *msg, u32 size);
void pstrace_sink_info(struct pstrace_sink *sink,
		       struct pathstats_trace_sink_info *info);
ssize_t pstrace_sink_read(struct pstrace_sink *sink, char __user *buf,
			  size_t count, bool nonblock, const bool *ended);
bool pstrace_sink_readable(struct pstrace_sink *sink);
struct pstrace_ring *pstrace_sink_peek(struct pstrace_sink *sink, void *buf,
				       u32 room, u32 *size);
void pstrace_sink_consume(struct pstrace_sink *sink, struct pstrace_ring *ring,
			  u32 size);

#endif /* _PATHSTATS_TRACE_SINK_H */
