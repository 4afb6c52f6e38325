/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The capture ring: fixed-size slots of struct pathstats_record, written
 * by senders that must never wait, read by /dev/pathstats.
 */
#ifndef _PATHSTATS_RING_H
#define _PATHSTATS_RING_H

#include <linux/types.h>
#include <linux/wait.h>
#include <uapi/linux/pathstats.h>

struct ring;

/* Readers sleep here; woken when records arrive or the ring is replaced. */
extern struct wait_queue_head ring_wait;

struct ring *ring_create(u32 entries, u32 max_capture);
bool ring_fits(const struct ring *ring, u32 entries, u32 max_capture);
void ring_get(struct ring *ring);
void ring_put(struct ring *ring);
u32 ring_entries(const struct ring *ring);
void ring_usage(struct ring *ring, u32 *used, u64 *dropped);

struct pathstats_record *ring_reserve(struct ring *ring, u64 *seq);
void ring_commit(struct ring *ring, struct pathstats_record *rec, u32 size);
bool ring_readable(struct ring *ring);
ssize_t ring_read(struct ring *ring, char __user *buf, size_t count);

#endif /* _PATHSTATS_RING_H */
