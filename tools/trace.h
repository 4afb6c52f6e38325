/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pathstatsctl trace: trace sessions, their points and sinks, and the
 * events of a device sink.
 */
#ifndef _PATHSTATS_TOOLS_TRACE_H
#define _PATHSTATS_TOOLS_TRACE_H

#include <stdbool.h>

#include "cmd.h"

struct cfg;

extern const struct cmd trace_cmds[];

int trace_create_sessions(int fd, const struct cfg *cfg, const char *file,
			  bool keep, bool *made);
void trace_delete_sessions(int fd, const struct cfg *cfg, const bool *made);

#endif /* _PATHSTATS_TOOLS_TRACE_H */
