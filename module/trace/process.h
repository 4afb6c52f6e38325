/* SPDX-License-Identifier: GPL-2.0 */
/*
 * trace: the process points, process/exec and process/exit, from detours
 * of the functions exec and exit call at those moments.
 */
#ifndef _PATHSTATS_TRACE_PROCESS_H
#define _PATHSTATS_TRACE_PROCESS_H

#include <linux/types.h>

int pstrace_process_update(u64 points);
void pstrace_process_init(void);
void pstrace_process_exit(void);

#endif /* _PATHSTATS_TRACE_PROCESS_H */
