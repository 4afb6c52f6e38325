/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The capture ring: fixed-size slots of struct pathstats_record, written
 * by senders that must never wait, read by /dev/pathstats.
 */
#ifndef _PATHSTATS_UDSMON_RING_H
#define _PATHSTATS_UDSMON_RING_H

#include <linux/types.h>
#include <linux/wait.h>
#include <uapi/linux/pathstats.h>

struct udsmon_ring;

/* Readers sleep here; woken when records arrive or the ring is replaced. */
extern struct wait_queue_head udsmon_ring_wait;

struct udsmon_ring *udsmon_ring_create(u32 entries, u32 max_capture);
bool udsmon_ring_fits(const struct udsmon_ring *ring, u32 entries,
		      u32 max_capture);
void udsmon_ring_get(struct udsmon_ring *ring);
void udsmon_ring_put(struct udsmon_ring *ring);
u32 udsmon_ring_entries(const struct udsmon_ring *ring);
void udsmon_ring_usage(struct udsmon_ring *ring, u32 *used, u64 *dropped);

struct pathstats_record *udsmon_ring_reserve(struct udsmon_ring *ring,
					     u64 *seq);
void udsmon_ring_commit(struct udsmon_ring *ring, struct pathstats_record *rec,
			u32 size);
bool udsmon_ring_readable(struct udsmon_ring *ring);
ssize_t udsmon_ring_read(struct udsmon_ring *ring, char __user *buf,
			 size_t count);

#endif /* _PATHSTATS_UDSMON_RING_H */
