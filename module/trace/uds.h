/* SPDX-License-Identifier: GPL-2.0 */
/*
 * trace: the unix socket points (uds/connect, uds/send, uds/recv), fired
 * by udsmon's wrappers for the calls of a monitored socket's clients.
 */
#ifndef _PATHSTATS_TRACE_UDS_H
#define _PATHSTATS_TRACE_UDS_H

#include <linux/compiler.h>
#include <linux/types.h>

struct iov_iter;

/* The unix socket points the sessions enable, and those asking for data. */
extern u64 pstrace_uds_points;
extern u64 pstrace_uds_data_points;

/**
 * pstrace_uds_enabled - whether a session enables a unix socket point
 * @point: enum pathstats_trace_point
 *
 * Return: true if the wrapper should fire @point.
 */
static inline bool pstrace_uds_enabled(u32 point)
{
	return READ_ONCE(pstrace_uds_points) & BIT_ULL(point);
}

/**
 * pstrace_uds_wants_data - whether a session asks for @point's data
 * @point: uds/send or uds/recv
 *
 * Return: true if the wrapper must keep the call's buffers at hand.
 */
static inline bool pstrace_uds_wants_data(u32 point)
{
	return READ_ONCE(pstrace_uds_data_points) & BIT_ULL(point);
}

/**
 * struct pstrace_uds_call - what a unix socket point's event says
 * @socket: the monitored socket's label, NUL-terminated
 * @type: the client socket's SOCK_* type
 * @ret: what the call returned
 * @conn_id: the client socket's inode number
 * @data: the buffers of the call's data, as they were before the call,
 *	or NULL
 * @moved: how many bytes of @data the call moved
 */
struct pstrace_uds_call {
	const char *socket;
	u16 type;
	long ret;
	u64 conn_id;
	const struct iov_iter *data;
	size_t moved;
};

void pstrace_uds_fire(u32 point, const struct pstrace_uds_call *call);
int pstrace_uds_update(u64 points, u64 data_points);

#endif /* _PATHSTATS_TRACE_UDS_H */
