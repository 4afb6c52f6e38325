// SPDX-License-Identifier: GPL-2.0
/*
 * The capture ring.
 *
 * @entries slots of one size, enough for a record header and the largest
 * capture the configuration asks for.  Senders (udsmon's wrappers, which
 * must not sleep for it) take the spinlock only to number the record and
 * claim the slot at the tail, then fill it outside the lock and publish it by
 * storing its size last; when the ring is full the record is dropped,
 * never waited for, and its sequence number is skipped so that readers
 * see the gap.  Readers are serialised by a mutex; they copy whole
 * records straight from their slots, which no sender touches until the
 * reader has released them.
 */

#include <linux/atomic.h>
#include <linux/kref.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>

#include "ring.h"

DECLARE_WAIT_QUEUE_HEAD(udsmon_ring_wait);

/*
 * Sequence numbers run across rings: a reload that replaces the ring
 * must not hand out numbers the old one gave while it was still in use.
 * Taken under the ring's lock, so that they rise in ring order.
 */
static atomic64_t udsmon_ring_seq = ATOMIC64_INIT(0);

/**
 * struct udsmon_ring - the capture ring
 * @kref: held by each configuration table that uses it and each reader
 * @lock: protects @head, @tail and @dropped, and orders udsmon_ring_seq;
 *	raw, since senders must never sleep for it, even on PREEMPT_RT
 * @read_lock: serialises readers
 * @entries: number of slots
 * @slot_size: bytes per slot, a multiple of 8
 * @head: next record to read; slots from @head to @tail are claimed
 * @tail: next slot to claim
 * @dropped: records dropped because the ring was full
 * @slots: @entries * @slot_size bytes
 */
struct udsmon_ring {
	struct kref kref;
	raw_spinlock_t lock;		/* head, tail, dropped */
	struct mutex read_lock;		/* one reader at a time */
	u32 entries;
	u32 slot_size;
	u64 head;
	u64 tail;
	u64 dropped;
	u8 *slots;
};

static u32 udsmon_ring_slot_size(u32 max_capture)
{
	return ALIGN(sizeof(struct pathstats_record) + max_capture, 8);
}

/**
 * udsmon_ring_create - allocate an empty ring
 * @entries: number of records it holds
 * @max_capture: the largest capture a record carries
 *
 * Return: the ring, or NULL.
 */
struct udsmon_ring *udsmon_ring_create(u32 entries, u32 max_capture)
{
	struct udsmon_ring *ring = kzalloc(sizeof(*ring), GFP_KERNEL);

	if (!ring)
		return NULL;
	ring->entries = entries;
	ring->slot_size = udsmon_ring_slot_size(max_capture);
	ring->slots = kvcalloc(entries, ring->slot_size, GFP_KERNEL);
	if (!ring->slots) {
		kfree(ring);
		return NULL;
	}
	kref_init(&ring->kref);
	raw_spin_lock_init(&ring->lock);
	mutex_init(&ring->read_lock);
	return ring;
}

/**
 * udsmon_ring_fits - whether a ring has the geometry a configuration asks for
 * @ring: the ring, or NULL
 * @entries: number of records
 * @max_capture: the largest capture
 *
 * Return: true if @ring can be kept for it.
 */
bool udsmon_ring_fits(const struct udsmon_ring *ring, u32 entries,
		      u32 max_capture)
{
	return ring && ring->entries == entries &&
	       ring->slot_size == udsmon_ring_slot_size(max_capture);
}

/**
 * udsmon_ring_get - take a reference
 * @ring: the ring
 */
void udsmon_ring_get(struct udsmon_ring *ring)
{
	kref_get(&ring->kref);
}

static void udsmon_ring_release(struct kref *kref)
{
	struct udsmon_ring *ring = container_of(kref, struct udsmon_ring, kref);

	kvfree(ring->slots);
	kfree(ring);
}

/**
 * udsmon_ring_put - drop a reference; the last frees the ring
 * @ring: the ring, or NULL
 */
void udsmon_ring_put(struct udsmon_ring *ring)
{
	if (ring)
		kref_put(&ring->kref, udsmon_ring_release);
}

/**
 * udsmon_ring_entries - capacity of the ring
 * @ring: the ring
 *
 * Return: the number of records it holds.
 */
u32 udsmon_ring_entries(const struct udsmon_ring *ring)
{
	return ring->entries;
}

/**
 * udsmon_ring_usage - how full the ring is
 * @ring: the ring
 * @used: set to the records waiting to be read, or being written
 * @dropped: set to the records dropped since the ring was created
 */
void udsmon_ring_usage(struct udsmon_ring *ring, u32 *used, u64 *dropped)
{
	raw_spin_lock(&ring->lock);
	*used = ring->tail - ring->head;
	*dropped = ring->dropped;
	raw_spin_unlock(&ring->lock);
}

static struct pathstats_record *udsmon_ring_slot(struct udsmon_ring *ring,
						 u64 pos)
{
	return (struct pathstats_record *)(ring->slots +
		(size_t)do_div(pos, ring->entries) * ring->slot_size);
}

/**
 * udsmon_ring_reserve - claim the slot for the next record
 * @ring: the ring
 * @seq: set to the record's sequence number, which is used up even when
 *	the ring is full
 *
 * Never sleeps.  The caller fills the record but for its size (which
 * stays 0 until then), with at most the ring's max_capture bytes of data,
 * and publishes it with udsmon_ring_commit().
 *
 * Return: the slot, or NULL if the ring is full (the record is dropped).
 */
struct pathstats_record *udsmon_ring_reserve(struct udsmon_ring *ring, u64 *seq)
{
	struct pathstats_record *rec = NULL;

	raw_spin_lock(&ring->lock);
	*seq = atomic64_inc_return(&udsmon_ring_seq) - 1;
	if (ring->tail - ring->head < ring->entries)
		rec = udsmon_ring_slot(ring, ring->tail++);
	else
		ring->dropped++;
	raw_spin_unlock(&ring->lock);
	return rec;
}

/**
 * udsmon_ring_commit - publish a record filled after udsmon_ring_reserve()
 * @ring: the ring
 * @rec: the record, filled in but for its size
 * @size: its size, which, set last, makes it readable
 */
void udsmon_ring_commit(struct udsmon_ring *ring, struct pathstats_record *rec,
			u32 size)
{
	/* The contents before the size: pairs with udsmon_ring_head_record(). */
	smp_store_release(&rec->size, size);
	if (wq_has_sleeper(&udsmon_ring_wait))
		wake_up_interruptible(&udsmon_ring_wait);
}

/*
 * The record at the head if it is complete.  It stays there, unchanged,
 * until a reader holding @read_lock releases it.
 */
static struct pathstats_record *
udsmon_ring_head_record(struct udsmon_ring *ring)
{
	struct pathstats_record *rec = NULL;

	raw_spin_lock(&ring->lock);
	if (ring->head != ring->tail)
		rec = udsmon_ring_slot(ring, ring->head);
	/*
	 * The size after the contents: pairs with udsmon_ring_commit().
	 * Read under the lock, with the head: a reader frees a slot and
	 * moves the head past it in one section, so nobody sees the freed
	 * slot still at the head, finds nothing and sleeps while records
	 * wait behind it.
	 */
	if (rec && !smp_load_acquire(&rec->size))
		rec = NULL;
	raw_spin_unlock(&ring->lock);
	return rec;
}

/**
 * udsmon_ring_readable - whether a complete record waits
 * @ring: the ring
 *
 * Return: true if a read() would return at least one record.
 */
bool udsmon_ring_readable(struct udsmon_ring *ring)
{
	return udsmon_ring_head_record(ring);
}

/**
 * udsmon_ring_read - copy whole records to userspace, oldest first
 * @ring: the ring
 * @buf: the user buffer
 * @count: its size
 *
 * Return: bytes copied (whole records), 0 if no complete record waits,
 * -EINVAL if @count cannot hold the next record, or -EFAULT.
 */
ssize_t udsmon_ring_read(struct udsmon_ring *ring, char __user *buf,
			 size_t count)
{
	struct pathstats_record *rec;
	ssize_t done = 0;

	mutex_lock(&ring->read_lock);
	while ((rec = udsmon_ring_head_record(ring))) {
		u32 size = rec->size;

		if (size > count - done) {
			if (!done)
				done = -EINVAL;
			break;
		}
		if (copy_to_user(buf + done, rec, size)) {
			if (!done)
				done = -EFAULT;
			break;
		}
		done += size;
		/* Empty before senders may claim it again. */
		raw_spin_lock(&ring->lock);
		WRITE_ONCE(rec->size, 0);
		ring->head++;
		raw_spin_unlock(&ring->lock);
	}
	mutex_unlock(&ring->read_lock);
	return done;
}
