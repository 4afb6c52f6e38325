/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Detours: an ftrace_ops entry hook sends a call of a kernel function
 * into a wrapper in this module, which calls the function itself and
 * sees what it returned, the way livepatch replaces functions.  Only the
 * calls the hook diverts pay for the wrapper; a return probe would cost
 * every call.
 *
 * A wrapper may sleep in the function it calls (a recv() waiting for
 * data), and must not return into freed code: detours are counted from
 * the hook that diverts them to the wrapper's last statement, and keep
 * the module loaded until they have all returned (detour.c).
 */
#ifndef _PATHSTATS_PATHSTATS_DETOUR_H
#define _PATHSTATS_PATHSTATS_DETOUR_H

#include <linux/ftrace.h>
#include <linux/list.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/spinlock.h>

#include "compat.h"

/* The calls in progress that entered on one CPU. */
struct pathstats_detour_list {
	spinlock_t lock;	/* protects calls */
	struct list_head calls;	/* of struct pathstats_detour_call, by node */
};

/* Detours diverted and not yet out of their wrapper, summed over CPUs. */
DECLARE_PER_CPU(long, pathstats_detour_inflight);
DECLARE_PER_CPU(struct pathstats_detour_list, pathstats_detour_lists);

/**
 * struct pathstats_detour_call - a task in a wrapper, so that a drain finds it
 * @node: on a per-cpu list of calls in progress
 * @list: that list
 * @task: the task
 * @kicked: pathstats_detour_drain() interrupted the call
 */
struct pathstats_detour_call {
	struct list_head node;
	struct pathstats_detour_list *list;
	struct task_struct *task;
	bool kicked;
};

/**
 * pathstats_detour_divert - send the hooked call into @wrapper
 * @fregs: the hook's registers
 * @wrapper: a function with the hooked function's prototype, which ends
 *	with pathstats_detour_leave()
 *
 * Call from an ftrace_ops callback registered with FTRACE_OPS_FL_IPMODIFY,
 * with preemption disabled.
 */
static __always_inline void
pathstats_detour_divert(struct ftrace_regs *fregs, void *wrapper)
{
	this_cpu_inc(pathstats_detour_inflight);
	ftrace_regs_set_instruction_pointer(fregs, (unsigned long)wrapper);
}

/**
 * pathstats_detour_from_wrapper - whether a hooked call comes from a wrapper
 * @pip: the hook's parent ip, the call's return address
 *
 * Return: true for the wrapper's own call of the function: not diverted.
 */
static __always_inline bool pathstats_detour_from_wrapper(unsigned long pip)
{
	return pathstats_in_module_text(pip);
}

/**
 * pathstats_detour_enter - list the current task's call, first thing in a wrapper
 * @call: on the wrapper's stack, until pathstats_detour_leave()
 */
static __always_inline void pathstats_detour_enter(struct pathstats_detour_call *call)
{
	struct pathstats_detour_list *list = raw_cpu_ptr(&pathstats_detour_lists);

	call->list = list;
	call->task = current;
	call->kicked = false;
	spin_lock(&list->lock);
	list_add(&call->node, &list->calls);
	spin_unlock(&list->lock);
}

/**
 * pathstats_detour_leave - the wrapper is done, but for returning
 * @call: as pathstats_detour_enter() listed it
 *
 * The last statement of a wrapper: the wrapper's remaining instructions
 * are covered by the synchronize_rcu_tasks() before the module reference
 * is dropped.
 */
static __always_inline void pathstats_detour_leave(struct pathstats_detour_call *call)
{
	struct pathstats_detour_list *list = call->list;

	spin_lock(&list->lock);
	list_del(&call->node);
	spin_unlock(&list->lock);
	this_cpu_dec(pathstats_detour_inflight);
}

void pathstats_detour_init(void);
void pathstats_detour_hold(void);
void pathstats_detour_release(void);
u32 pathstats_detour_drain(void);
u32 pathstats_detour_waiting(void);
void pathstats_detour_exit(void);

#endif /* _PATHSTATS_PATHSTATS_DETOUR_H */
