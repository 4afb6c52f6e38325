// SPDX-License-Identifier: GPL-2.0
/*
 * trace: the sinks, see sink.h.
 *
 * A writer is the task whose event it is, on its own CPU's ring; it never
 * waits for room, it drops.  Each entry is stamped, under its ring's
 * lock, with the next number of the sink's sequence; the reader takes the
 * entry with the lowest stamp among the rings' heads, but only one below
 * the sequence as it was before it looked: every entry stamped before that
 * was in its ring (or being written, under the lock the reader waits for)
 * when the reader looked, so none older can come later.  A task's events
 * are stamped one after the other, so they come out in order whichever
 * CPUs they were written on.
 */

#include <linux/atomic.h>
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "compat.h"
#include "remote.h"
#include "sink.h"

#define PSTRACE_STAMP_BYTES	sizeof(u64)

/*
 * Waking the reader for every message would make it read one at a time,
 * and on a busy CPU put a context switch or two on every traced call
 * (ftrace's buffer_percent and perf's wakeup_watermark are there for
 * this too).  A ring an eighth full wakes it at once; otherwise a timer
 * does, at most PSTRACE_WAKE_DELAY_MS after the first message it waits
 * for: a reader sees every message that late at worst.
 */
#define PSTRACE_WAKE_DELAY_MS	10
#define PSTRACE_WAKE_FILL_SHIFT	3

/* Copies @len bytes into @ring at byte @pos, wrapping. */
static void pstrace_ring_put(struct pstrace_ring *ring, u64 pos, const void *src,
			     u32 len)
{
	u32 off = pos & (ring->size - 1);
	u32 first = min(len, ring->size - off);

	memcpy(ring->data + off, src, first);
	memcpy(ring->data, src + first, len - first);
}

static void pstrace_ring_get(const struct pstrace_ring *ring, u64 pos, void *dst,
			     u32 len)
{
	u32 off = pos & (ring->size - 1);
	u32 first = min(len, ring->size - off);

	memcpy(dst, ring->data + off, first);
	memcpy(dst + first, ring->data, len - first);
}

static void pstrace_sink_wake_timer(struct timer_list *t)
{
	struct pstrace_sink *sink = timer_container_of(sink, t, wake_timer);

	clear_bit(0, &sink->wake_armed);
	/*
	 * The bit clear before the readers' wait entries are read: a message
	 * that finds the bit set is seen by the readers this wakes, one that
	 * finds it clear arms the timer again (see pstrace_sink_wake()).
	 */
	smp_mb__after_atomic();
	wake_up_interruptible(&sink->wait);
}

/*
 * A message came to @ring, which now holds @fill bytes: wake the reader,
 * now or soon.
 */
static void pstrace_sink_wake(struct pstrace_sink *sink,
			      const struct pstrace_ring *ring, u64 fill)
{
	/*
	 * The barrier in wq_has_sleeper() orders the ring's tail before the
	 * reader's wait entry and the timer's bit are read: a reader that
	 * goes to sleep, or a timer that fires, after it sees the message.
	 */
	if (!wq_has_sleeper(&sink->wait))
		return;
	if (fill >= ring->size >> PSTRACE_WAKE_FILL_SHIFT) {
		wake_up_interruptible(&sink->wait);
		return;
	}
	/*
	 * Read first: the bit's line is shared by every CPU's writers.  Not
	 * preempted between the bit and the timer (on PREEMPT_RT the event's
	 * locks allow it): the others skip arming while the bit is set.
	 */
	preempt_disable();
	if (!test_bit(0, &sink->wake_armed) &&
	    !test_and_set_bit(0, &sink->wake_armed))
		mod_timer(&sink->wake_timer,
			  jiffies + msecs_to_jiffies(PSTRACE_WAKE_DELAY_MS));
	preempt_enable();
}

/**
 * pstrace_sink_init - set a sink up as @rule says
 * @sink: zeroed
 * @rule: validated
 * @name: the session's
 *
 * Return: 0 or -ENOMEM, with nothing left allocated.
 */
int pstrace_sink_init(struct pstrace_sink *sink,
		      const struct pathstats_trace_sink_rule *rule,
		      const char *name)
{
	unsigned int cpu;
	u32 size;
	int err;

	sink->type = rule->type;
	sink->flags = rule->flags;
	mutex_init(&sink->read_lock);
	init_waitqueue_head(&sink->wait);
	timer_setup(&sink->wake_timer, pstrace_sink_wake_timer, 0);
	if (rule->type == PATHSTATS_TRACE_SINK_NULL) {
		sink->counted = alloc_percpu(u64);
		return sink->counted ? 0 : -ENOMEM;
	}

	/* Device and remote: the rings. */
	size = rule->buffer_bytes ?: PATHSTATS_TRACE_BUFFER_DEFAULT;
	size = roundup_pow_of_two(size);
	sink->rings = alloc_percpu(struct pstrace_ring);
	if (!sink->rings)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		struct pstrace_ring *ring = per_cpu_ptr(sink->rings, cpu);

		raw_spin_lock_init(&ring->lock);
		ring->size = size;
		ring->data = vmalloc_node(size, cpu_to_node(cpu));
		if (!ring->data) {
			pstrace_sink_destroy(sink);
			return -ENOMEM;
		}
	}
	if (rule->type != PATHSTATS_TRACE_SINK_REMOTE)
		return 0;
	err = pstrace_remote_start(sink, rule, name);
	if (err)
		pstrace_sink_destroy(sink);
	return err;
}

/**
 * pstrace_sink_destroy - free a sink; no writer or reader is left
 * @sink: what pstrace_sink_init() set up, whole or in part
 */
void pstrace_sink_destroy(struct pstrace_sink *sink)
{
	unsigned int cpu;

	pstrace_remote_stop(sink);
	/* No writer is left to arm it again. */
	timer_shutdown_sync(&sink->wake_timer);
	free_percpu(sink->counted);
	sink->counted = NULL;
	if (!sink->rings)
		return;
	for_each_possible_cpu(cpu)
		vfree(per_cpu_ptr(sink->rings, cpu)->data);
	free_percpu(sink->rings);
	sink->rings = NULL;
}

/**
 * pstrace_sink_deliver - give a message to a sink
 * @sink: the sink
 * @msg: the message, its header's dropped field to be filled
 * @size: its bytes, at most PATHSTATS_TRACE_MESSAGE_MAX; 0 for one that
 *	could not be encoded, counted as dropped
 *
 * Call with migration disabled, in task context.
 */
void pstrace_sink_deliver(struct pstrace_sink *sink, void *msg, u32 size)
{
	struct pathstats_trace_header *hdr = msg;
	u32 need = PSTRACE_STAMP_BYTES + ALIGN(size, 8);
	static const u8 zeros[8];
	struct pstrace_ring *ring;
	unsigned long flags;
	u64 stamp, fill = 0;

	if (sink->type == PATHSTATS_TRACE_SINK_NULL) {
		if (size)
			this_cpu_inc(*sink->counted);
		return;
	}

	ring = this_cpu_ptr(sink->rings);
	raw_spin_lock_irqsave(&ring->lock, flags);
	if (!size || ring->size - (ring->tail - ring->head) < need) {
		ring->pending++;
		ring->dropped++;
	} else {
		stamp = atomic64_inc_return(&sink->seq);
		hdr->dropped = ring->pending;
		ring->pending = 0;
		pstrace_ring_put(ring, ring->tail, &stamp, sizeof(stamp));
		pstrace_ring_put(ring, ring->tail + PSTRACE_STAMP_BYTES, msg, size);
		pstrace_ring_put(ring, ring->tail + PSTRACE_STAMP_BYTES + size,
				 zeros, ALIGN(size, 8) - size);
		WRITE_ONCE(ring->tail, ring->tail + need);
		ring->delivered++;
		fill = ring->tail - ring->head;
	}
	raw_spin_unlock_irqrestore(&ring->lock, flags);
	if (fill)
		pstrace_sink_wake(sink, ring, fill);
}

/**
 * pstrace_sink_info - a sink's counts, for PATHSTATS_IOC_TRACE_LIST
 * @sink: the sink
 * @info: filled
 */
void pstrace_sink_info(struct pstrace_sink *sink,
		       struct pathstats_trace_sink_info *info)
{
	unsigned int cpu;

	memset(info, 0, sizeof(*info));
	info->type = sink->type;
	info->flags = sink->flags;
	if (sink->counted) {
		for_each_possible_cpu(cpu)
			info->delivered +=
				READ_ONCE(*per_cpu_ptr(sink->counted, cpu));
		return;
	}
	for_each_possible_cpu(cpu) {
		struct pstrace_ring *ring = per_cpu_ptr(sink->rings, cpu);
		unsigned long flags;

		raw_spin_lock_irqsave(&ring->lock, flags);
		info->delivered += ring->delivered;
		info->dropped += ring->dropped;
		info->unreported += ring->pending;
		raw_spin_unlock_irqrestore(&ring->lock, flags);
	}
	if (sink->remote)
		pstrace_remote_info(sink, info);
}

/*
 * The ring whose next entry is the oldest, and that entry's message size;
 * NULL when all are empty.  Under the sink's read_lock: no other reader
 * moves a head meanwhile, writers only add entries.
 */
static struct pstrace_ring *pstrace_sink_oldest(struct pstrace_sink *sink,
						u32 *size)
{
	struct pstrace_ring *oldest;
	u64 oldest_stamp, limit;
	unsigned int cpu;

again:
	oldest = NULL;
	oldest_stamp = 0;
	limit = atomic64_read(&sink->seq);
	for_each_possible_cpu(cpu) {
		struct pstrace_ring *ring = per_cpu_ptr(sink->rings, cpu);
		struct pathstats_trace_header hdr;
		unsigned long flags;
		bool empty;
		u64 stamp;

		raw_spin_lock_irqsave(&ring->lock, flags);
		empty = ring->head == ring->tail;
		if (!empty) {
			pstrace_ring_get(ring, ring->head, &stamp, sizeof(stamp));
			pstrace_ring_get(ring, ring->head + PSTRACE_STAMP_BYTES,
					 &hdr, sizeof(hdr));
		}
		raw_spin_unlock_irqrestore(&ring->lock, flags);
		if (empty || (oldest && stamp >= oldest_stamp))
			continue;
		oldest = ring;
		oldest_stamp = stamp;
		*size = hdr.size;
	}
	/* Stamped after the look began: an older one may not be in yet. */
	if (oldest && oldest_stamp > limit)
		goto again;
	return oldest;
}

/**
 * pstrace_sink_readable - whether a device sink has a message waiting
 * @sink: the sink
 *
 * Return: true if one of its rings is not empty.
 */
bool pstrace_sink_readable(struct pstrace_sink *sink)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct pstrace_ring *ring = per_cpu_ptr(sink->rings, cpu);

		if (READ_ONCE(ring->head) != READ_ONCE(ring->tail))
			return true;
	}
	return false;
}

/**
 * pstrace_sink_peek - copy the oldest message of a device or remote sink
 * @sink: the sink, its read_lock held
 * @buf: PATHSTATS_TRACE_MESSAGE_MAX bytes, for the message
 * @room: the most the caller takes: a larger message is not copied
 * @size: set to the message's size, when there is one
 *
 * The message stays in its ring until pstrace_sink_consume(): a reader
 * that cannot pass it on loses nothing.
 *
 * Return: its ring, or NULL when none waits (@size 0) or the next is
 * larger than @room.
 */
struct pstrace_ring *pstrace_sink_peek(struct pstrace_sink *sink, void *buf,
				       u32 room, u32 *size)
{
	struct pstrace_ring *ring;
	unsigned long flags;

	lockdep_assert_held(&sink->read_lock);
	*size = 0;
	ring = pstrace_sink_oldest(sink, size);
	if (!ring || *size > room)
		return NULL;
	raw_spin_lock_irqsave(&ring->lock, flags);
	pstrace_ring_get(ring, ring->head + PSTRACE_STAMP_BYTES, buf, *size);
	raw_spin_unlock_irqrestore(&ring->lock, flags);
	return ring;
}

/**
 * pstrace_sink_consume - drop the message pstrace_sink_peek() copied
 * @sink: the sink, its read_lock held since the peek
 * @ring: what pstrace_sink_peek() returned
 * @size: the message's size
 */
void pstrace_sink_consume(struct pstrace_sink *sink, struct pstrace_ring *ring,
			  u32 size)
{
	unsigned long flags;

	lockdep_assert_held(&sink->read_lock);
	raw_spin_lock_irqsave(&ring->lock, flags);
	WRITE_ONCE(ring->head, ring->head + PSTRACE_STAMP_BYTES +
		   ALIGN(size, 8));
	raw_spin_unlock_irqrestore(&ring->lock, flags);
}

/* Moves whole messages, oldest first, into @buf; 0 when none waits. */
static ssize_t pstrace_sink_copy(struct pstrace_sink *sink, char __user *buf,
				 size_t count, void *bounce)
{
	struct pstrace_ring *ring;
	size_t done = 0;
	u32 size;

	while ((ring = pstrace_sink_peek(sink, bounce,
					 min_t(size_t, count - done, U32_MAX),
					 &size))) {
		if (copy_to_user(buf + done, bounce, size))
			return done ?: -EFAULT;
		pstrace_sink_consume(sink, ring, size);
		done += size;
	}
	return done ?: (size ? -EINVAL : 0);
}

/**
 * pstrace_sink_read - read() of a device sink's file
 * @sink: the sink
 * @buf: the user's buffer
 * @count: its size
 * @nonblock: O_NONBLOCK
 * @ended: set once the session is deleted: then no message comes
 *
 * Return: bytes of whole messages, 0 at the end, or a negative errno.
 */
ssize_t pstrace_sink_read(struct pstrace_sink *sink, char __user *buf,
			  size_t count, bool nonblock, const bool *ended)
{
	void *bounce;
	ssize_t ret;

	bounce = kvmalloc(PATHSTATS_TRACE_MESSAGE_MAX, GFP_KERNEL);
	if (!bounce)
		return -ENOMEM;
	for (;;) {
		if (mutex_lock_interruptible(&sink->read_lock)) {
			ret = -ERESTARTSYS;
			break;
		}
		ret = pstrace_sink_copy(sink, buf, count, bounce);
		mutex_unlock(&sink->read_lock);
		if (ret || READ_ONCE(*ended))
			break;
		if (nonblock) {
			ret = -EAGAIN;
			break;
		}
		ret = wait_event_interruptible(sink->wait,
					       pstrace_sink_readable(sink) ||
					       READ_ONCE(*ended));
		if (ret)
			break;
	}
	kvfree(bounce);
	return ret;
}
