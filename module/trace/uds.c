// SPDX-License-Identifier: GPL-2.0
/*
 * trace: the unix socket points, see uds.h.
 *
 * They fire in udsmon's wrappers, once the hooked call returned:
 * preemptible, in the task, with the result at hand.  The optional data
 * is read from the call's own buffers, through a copy of the iterator
 * taken before the call: for a send what it took, for a recv what it
 * wrote there.  It is read without faulting, as udsmon's capture: an
 * event never waits for memory, and says when it holds less than the
 * call moved.
 */

#include <linux/minmax.h>
#include <linux/uaccess.h>
#include <linux/uio.h>
#include <uapi/linux/pathstats.h>

#include "udsmon/udsmon.h"
#include "event.h"
#include "proto.h"
#include "uds.h"

/* Field numbers of UdsOp in pathstats_trace.proto. */
enum pstrace_uds_field {
	PSTRACE_UDS_SOCKET = 2,
	PSTRACE_UDS_TYPE,
	PSTRACE_UDS_RESULT,
	PSTRACE_UDS_SUCCESS,
	PSTRACE_UDS_CONN_ID,
	PSTRACE_UDS_DATA,
	PSTRACE_UDS_DATA_TRUNCATED,
};

#define PSTRACE_UDS_POINTS	(BIT_ULL(PATHSTATS_TRACE_UDS_CONNECT) |	\
				 BIT_ULL(PATHSTATS_TRACE_UDS_SEND) |	\
				 BIT_ULL(PATHSTATS_TRACE_UDS_RECV))

u64 pstrace_uds_points;
u64 pstrace_uds_data_points;

/* The optional data: what the call moved, from its buffers. */
static void pstrace_uds_data(struct pstrace_proto *pb,
			     const struct pstrace_uds_call *call)
{
	size_t want = min_t(size_t, call->moved, PATHSTATS_TRACE_DATA_MAX);
	struct iov_iter data = *call->data;
	size_t len = 0;
	u8 *start;

	start = pstrace_proto_begin(pb, PSTRACE_UDS_DATA);
	if (want > pstrace_proto_room(pb))
		pb->overflow = true;
	if (!pb->overflow) {
		/* A recv's buffers were its destination: read them back. */
		data.data_source = ITER_SOURCE;
		pagefault_disable();
		len = copy_from_iter(pb->pos, want, &data);
		pagefault_enable();
		pb->pos += len;
	}
	pstrace_proto_end(pb, start);
	pstrace_proto_uint(pb, PSTRACE_UDS_DATA_TRUNCATED, len < call->moved);
}

static void pstrace_uds_fields(struct pstrace_proto *pb, const void *arg,
			       u32 optional)
{
	const struct pstrace_uds_call *call = arg;

	pstrace_proto_bytes(pb, PSTRACE_UDS_SOCKET, call->socket,
			    strnlen(call->socket, PATHSTATS_SOCKET_LEN));
	pstrace_proto_uint(pb, PSTRACE_UDS_TYPE, call->type);
	pstrace_proto_sint(pb, PSTRACE_UDS_RESULT, call->ret);
	pstrace_proto_uint(pb, PSTRACE_UDS_SUCCESS, call->ret >= 0);
	pstrace_proto_uint(pb, PSTRACE_UDS_CONN_ID, call->conn_id);
	if ((optional & PATHSTATS_TRACE_OPT_DATA) && call->data)
		pstrace_uds_data(pb, call);
}

/**
 * pstrace_uds_fire - a monitored socket's client's call returned
 * @point: its unix socket point, enabled
 * @call: what the event says
 *
 * Call from the task, preemptible, under rcu_read_lock().
 */
void pstrace_uds_fire(u32 point, const struct pstrace_uds_call *call)
{
	pstrace_event_fire(point, pstrace_uds_fields, call);
}

/**
 * pstrace_uds_update - hook what the sessions' unix socket points need
 * @points: bitmap of (1 << enum pathstats_trace_point) the sessions enable
 * @data_points: those of them whose sessions ask for the optional data
 *
 * Call under the sessions' lock.
 *
 * Return: 0 or a negative errno; on failure nothing changed.
 */
int pstrace_uds_update(u64 points, u64 data_points)
{
	int err;

	points &= PSTRACE_UDS_POINTS;
	data_points &= PSTRACE_UDS_POINTS;
	err = udsmon_trace_update(points & BIT_ULL(PATHSTATS_TRACE_UDS_CONNECT));
	if (err)
		return err;
	WRITE_ONCE(pstrace_uds_points, points);
	WRITE_ONCE(pstrace_uds_data_points, data_points);
	return 0;
}
