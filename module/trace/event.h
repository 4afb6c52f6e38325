/* SPDX-License-Identifier: GPL-2.0 */
/*
 * trace: an event, encoded once per session that enables its point (each
 * asks for its own context fields) and given to the session's sinks.
 */
#ifndef _PATHSTATS_TRACE_EVENT_H
#define _PATHSTATS_TRACE_EVENT_H

#include <linux/errno.h>
#include <linux/types.h>

struct pstrace_proto;

/*
 * Encodes a point's own fields, from what the hook passes, and the
 * optional ones (PATHSTATS_TRACE_OPT_*) the session asks for.
 */
typedef void (*pstrace_event_fields_fn)(struct pstrace_proto *pb,
				      const void *arg, u32 optional);

struct path;

/**
 * pstrace_event_interrupted - whether a call's result says a signal came
 * @ret: what it returned
 *
 * The kernel's -ERESTART* codes never reach the task: the call restarts
 * (and fires again) or returns -EINTR once the signal is handled.  No
 * event is made of them.
 *
 * Return: true for -ERESTARTSYS ... -ERESTART_RESTARTBLOCK.
 */
static inline bool pstrace_event_interrupted(long ret)
{
	return ret >= -ERESTART_RESTARTBLOCK && ret <= -ERESTARTSYS;
}

void pstrace_event_fire(u32 point, pstrace_event_fields_fn fields,
			const void *arg);
void pstrace_event_path(struct pstrace_proto *pb, u32 field,
			const struct path *path);
void pstrace_event_drop(u32 point);
int pstrace_event_init(void);
void pstrace_event_exit(void);

#endif /* _PATHSTATS_TRACE_EVENT_H */
