/* SPDX-License-Identifier: GPL-2.0 */
/*
 * trace: sessions, each a set of points with their fields and the sinks
 * their events go to.  The sessions are in one list, read under RCU by
 * the points that fire and changed under pstrace_session_lock.
 */
#ifndef _PATHSTATS_TRACE_SESSION_H
#define _PATHSTATS_TRACE_SESSION_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/types.h>
#include <uapi/linux/pathstats.h>

#include "sink.h"

/**
 * struct pstrace_session - a trace session
 * @node: in pstrace_sessions, while not deleted
 * @ended: in a list of sessions being deleted together
 * @ref: the list's, and each open device sink file's
 * @name: its name, NUL-padded
 * @points: bitmap of (1 << enum pathstats_trace_point) it enables
 * @optional: the optional fields each point asks for
 * @context: the context fields each point asks for
 * @deleted: set once out of the list, for the readers' end of file
 * @src: its statsfs source, while listed
 * @sink_count: entries of @sinks used
 * @sinks: its sinks
 */
struct pstrace_session {
	struct list_head node;
	struct list_head ended;
	struct kref ref;
	char name[PATHSTATS_TRACE_NAME_LEN];
	u64 points;
	u32 optional[PATHSTATS_TRACE_POINT_END];
	u32 context[PATHSTATS_TRACE_POINT_END];
	bool deleted;
	struct statsfs_source *src;
	unsigned int sink_count;
	struct pstrace_sink sinks[PATHSTATS_TRACE_SINKS_MAX];
};

extern struct list_head pstrace_sessions;

#endif /* _PATHSTATS_TRACE_SESSION_H */
