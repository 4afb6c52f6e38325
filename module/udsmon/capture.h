/* SPDX-License-Identifier: GPL-2.0 */
/*
 * udsmon's capture: the first bytes of a client's send, copied from its
 * buffers into the ring.
 */
#ifndef _PATHSTATS_UDSMON_CAPTURE_H
#define _PATHSTATS_UDSMON_CAPTURE_H

#include <linux/types.h>

struct iov_iter;
struct udsmon_ring;
struct udsmon_entry;

/**
 * struct udsmon_send - a send, as its record describes it
 * @data: the data sent, a copy of the send's iterator from before it
 * @sent: bytes it sent, > 0
 * @type: the socket's type, SOCK_STREAM etc.
 * @conn_id: the sending socket's inode number
 * @counters: the counters the send counts in: its socket's, or its group's
 */
struct udsmon_send {
	struct iov_iter *data;
	long sent;
	u16 type;
	u64 conn_id;
	struct udsmon_counters __percpu *counters;
};

void udsmon_capture(struct udsmon_ring *ring, const struct udsmon_entry *e,
		    const struct udsmon_send *send);

#endif /* _PATHSTATS_UDSMON_CAPTURE_H */
