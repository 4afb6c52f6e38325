/* SPDX-License-Identifier: GPL-2.0 */
/*
 * trace: event streams of points to sinks (Documentation/admin-guide/
 * trace.rst), what /dev/pathstats and module init see of it.
 */
#ifndef _PATHSTATS_TRACE_TRACE_H
#define _PATHSTATS_TRACE_TRACE_H

#include <linux/compiler_types.h>

long pstrace_create(const void __user *arg);
long pstrace_delete(const void __user *arg);
long pstrace_list(void __user *arg);
long pstrace_open(const void __user *arg);
void pstrace_delete_all(void);
int pstrace_init(void);
void pstrace_exit(void);

#endif /* _PATHSTATS_TRACE_TRACE_H */
