/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The raw_syscalls:sys_exit tracepoint, which pathmon probes:
 * the one exit hook that hands over the syscall's number, arguments and
 * return value without a return probe (Documentation/design/).
 */
#ifndef _PATHSTATS_PATHMON_TRACEPOINT_H
#define _PATHSTATS_PATHMON_TRACEPOINT_H

struct tracepoint;

struct tracepoint *pathmon_tracepoint_find(void);

#endif /* _PATHSTATS_PATHMON_TRACEPOINT_H */
