// SPDX-License-Identifier: GPL-2.0
/*
 * Finding raw_syscalls:sys_exit: its symbol is not exported to modules,
 * so it is looked up by name among the kernel's tracepoints.
 */

#include <linux/string.h>
#include <linux/tracepoint.h>

#include "sys_exit_tp.h"

static void sys_exit_tp_match(struct tracepoint *tp, void *found)
{
	if (!strcmp(tp->name, "sys_exit"))
		*(struct tracepoint **)found = tp;
}

/**
 * sys_exit_tp_find - the raw_syscalls:sys_exit tracepoint
 *
 * Return: the tracepoint, or NULL if the kernel has none.
 */
struct tracepoint *sys_exit_tp_find(void)
{
	struct tracepoint *tp = NULL;

	for_each_kernel_tracepoint(sys_exit_tp_match, &tp);
	return tp;
}
