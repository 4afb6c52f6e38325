/* SPDX-License-Identifier: GPL-2.0 */
/*
 * trace: a remote sink's writer, a kernel thread that takes the sink's
 * messages in order and writes them to a monitoring process's unix
 * socket, reconnecting with backoff.
 */
#ifndef _PATHSTATS_TRACE_REMOTE_H
#define _PATHSTATS_TRACE_REMOTE_H

#include <uapi/linux/pathstats.h>

struct pstrace_sink;

int pstrace_remote_start(struct pstrace_sink *sink,
			 const struct pathstats_trace_sink_rule *rule,
			 const char *name);
void pstrace_remote_stop(struct pstrace_sink *sink);
void pstrace_remote_info(struct pstrace_sink *sink,
			 struct pathstats_trace_sink_info *info);

#endif /* _PATHSTATS_TRACE_REMOTE_H */
