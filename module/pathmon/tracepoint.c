// SPDX-License-Identifier: GPL-2.0
/*
 * Finding raw_syscalls:sys_exit: its symbol is not exported to modules,
 * so it is looked up by name among the kernel's tracepoints.
 */

#include <linux/string.h>
#include <linux/tracepoint.h>

#include "tracepoint.h"

static void pathmon_tracepoint_match(struct tracepoint *tp, void *found)
{
	if (!strcmp(tp->name, "sys_exit"))
		*(struct tracepoint **)found = tp;
}

/**
 * pathmon_tracepoint_find - the raw_syscalls:sys_exit tracepoint
 *
 * Return: the tracepoint, or NULL if the kernel has none.
 */
struct tracepoint *pathmon_tracepoint_find(void)
{
	struct tracepoint *tp = NULL;

	for_each_kernel_tracepoint(pathmon_tracepoint_match, &tp);
	return tp;
}
