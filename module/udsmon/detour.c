// SPDX-License-Identifier: GPL-2.0
/*
 * Detours: see detour.h.
 *
 * Module unload must wait for the tasks still in a wrapper, and a task
 * may wait there for a long time, blocked in a recv().  udsmon_detour_exit()
 * interrupts those as a signal without a handler would, with a
 * TWA_SIGNAL task_work: the call returns early (a receive that got
 * nothing yet is restarted, invisibly to the task, except where a signal
 * would show too: with SO_RCVTIMEO it fails with EINTR; a send returns
 * what it sent so far).  Calls in progress are kept on per-cpu lists, so
 * that unload can find their tasks.
 */

#include <linux/atomic.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/printk.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/task_work.h>

#include "detour.h"

DEFINE_PER_CPU(long, udsmon_detour_inflight);
DEFINE_PER_CPU(struct udsmon_detour_list, udsmon_detour_lists);

/* Interruptions queued by udsmon_detour_exit() that have not run yet. */
static atomic_t udsmon_detour_kicks = ATOMIC_INIT(0);

/**
 * udsmon_detour_init - set up the lists of calls in progress
 */
void udsmon_detour_init(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		struct udsmon_detour_list *list;

		list = per_cpu_ptr(&udsmon_detour_lists, cpu);
		spin_lock_init(&list->lock);
		INIT_LIST_HEAD(&list->calls);
	}
}

static void udsmon_detour_kicked(struct callback_head *head)
{
	kfree(head);
	atomic_dec(&udsmon_detour_kicks);
}

/* Interrupts the calls in progress not interrupted yet. */
static void udsmon_detour_kick_all(void)
{
	struct callback_head *kick;
	struct udsmon_detour_call *call;
	int cpu;

	for_each_possible_cpu(cpu) {
		struct udsmon_detour_list *list;

		list = per_cpu_ptr(&udsmon_detour_lists, cpu);
		spin_lock(&list->lock);
		/* Listed: still in the wrapper, so the task exists. */
		list_for_each_entry(call, &list->calls, node) {
			if (call->kicked)
				continue;
			kick = kmalloc(sizeof(*kick), GFP_ATOMIC);
			if (!kick)
				break;	/* Tried again by the caller. */
			init_task_work(kick, udsmon_detour_kicked);
			atomic_inc(&udsmon_detour_kicks);
			/* An exiting task leaves anyway. */
			if (task_work_add(call->task, kick, TWA_SIGNAL))
				udsmon_detour_kicked(kick);
			call->kicked = true;
		}
		spin_unlock(&list->lock);
	}
}

/* Detours not yet out of their wrapper; no new ones: see below. */
static long udsmon_detour_pending(void)
{
	long sum = 0;
	int cpu;

	/*
	 * Each CPU's count only falls now, so a sum of values read one by
	 * one is never below the true number: zero means zero.
	 */
	for_each_possible_cpu(cpu)
		sum += READ_ONCE(per_cpu(udsmon_detour_inflight, cpu));
	return sum + atomic_read(&udsmon_detour_kicks);
}

/**
 * udsmon_detour_exit - wait until no task is in a wrapper
 *
 * Call once no hook diverts calls any more (their ftrace_ops are
 * unregistered).  Interrupts the calls still in progress (see above),
 * and returns once no task runs a wrapper's code.
 */
void udsmon_detour_exit(void)
{
	unsigned long warn = jiffies + 10 * HZ;

	/* A task diverted but not yet listed is listed at the next round. */
	for (udsmon_detour_kick_all(); udsmon_detour_pending();
	     udsmon_detour_kick_all()) {
		msleep(20);
		if (time_after(jiffies, warn)) {
			pr_warn("unload waits for %ld calls to return\n",
				udsmon_detour_pending());
			warn = jiffies + 10 * HZ;
		}
	}
	/* Past the last instructions of the wrappers and kicks. */
	synchronize_rcu_tasks();
}
