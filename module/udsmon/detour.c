// SPDX-License-Identifier: GPL-2.0
/*
 * Detours: see detour.h.
 *
 * The module must not go while a task is in a wrapper, and a task may
 * stay there for a long time: blocked in a recv(), or for ever, in a page
 * fault on a FUSE file whose server does not answer, where no signal but
 * a fatal one reaches it, if any does.  So the module cannot wait for
 * them in its exit function: the hooks and the calls they diverted hold
 * a reference on the module instead, and rmmod refuses while they do.
 *
 * udsmon_detour_drain() (pathstatsctl clear) interrupts the calls left
 * once the hooks are detached as a signal without a handler would, with
 * a TWA_SIGNAL task_work: the call returns early (a receive that got
 * nothing yet is restarted, invisibly to the task, except where a signal
 * would show too: with SO_RCVTIMEO it fails with EINTR; a send returns
 * what it sent so far).  Calls in progress are kept on per-cpu lists, so
 * that it can find their tasks.  The last one to return lets the module
 * go.
 */

#include <linux/atomic.h>
#include <linux/jiffies.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/task_work.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "detour.h"

DEFINE_PER_CPU(long, udsmon_detour_inflight);
DEFINE_PER_CPU(struct udsmon_detour_list, udsmon_detour_lists);

/* Interruptions queued by udsmon_detour_kick_all() that have not run yet. */
static atomic_t udsmon_detour_kicks = ATOMIC_INIT(0);

/* How often the release work looks again at the calls in progress. */
#define UDSMON_DETOUR_POLL		msecs_to_jiffies(20)
/* How long a drain waits for the calls it interrupted. */
#define UDSMON_DETOUR_DRAIN_TIMEOUT	(5 * HZ)

static void udsmon_detour_release_fn(struct work_struct *work);

static DEFINE_MUTEX(udsmon_detour_lock);	/* protects the three below */
static bool udsmon_detour_hooked;	/* hooks may divert calls */
static bool udsmon_detour_held;		/* the module reference is ours */
static bool udsmon_detour_interrupt;	/* a drain asked to interrupt */
static DECLARE_DELAYED_WORK(udsmon_detour_release_work, udsmon_detour_release_fn);
static DECLARE_WAIT_QUEUE_HEAD(udsmon_detour_released);

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

/*
 * Detours not yet out of their wrapper, and interruptions not run yet.
 * Exact once the hooks are detached: see below.
 */
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

/*
 * Drops the module reference once the hooks are detached and every call
 * they diverted has returned; until then the module stays in use, and
 * rmmod refuses instead of waiting for calls that may never return.
 */
static void udsmon_detour_release_fn(struct work_struct *work)
{
	mutex_lock(&udsmon_detour_lock);
	if (udsmon_detour_hooked || !udsmon_detour_held) {
		mutex_unlock(&udsmon_detour_lock);
		return;
	}
	/* A task diverted but not yet listed is listed at the next round. */
	if (udsmon_detour_interrupt)
		udsmon_detour_kick_all();
	if (udsmon_detour_pending()) {
		queue_delayed_work(system_wq, &udsmon_detour_release_work,
				   UDSMON_DETOUR_POLL);
		mutex_unlock(&udsmon_detour_lock);
		return;
	}
	/* Past the last instructions of the wrappers and kicks. */
	synchronize_rcu_tasks();
	udsmon_detour_held = false;
	udsmon_detour_interrupt = false;
	mutex_unlock(&udsmon_detour_lock);
	wake_up_all(&udsmon_detour_released);
	/* udsmon_detour_exit() waits for the rest of this function. */
	module_put(THIS_MODULE);
}

/**
 * udsmon_detour_hold - keep the module loaded while hooks may divert calls
 *
 * Call before the hooks are registered.
 */
void udsmon_detour_hold(void)
{
	mutex_lock(&udsmon_detour_lock);
	udsmon_detour_hooked = true;
	udsmon_detour_interrupt = false;
	if (!udsmon_detour_held) {
		__module_get(THIS_MODULE);
		udsmon_detour_held = true;
	}
	mutex_unlock(&udsmon_detour_lock);
}

/**
 * udsmon_detour_release - let the module go once the diverted calls return
 *
 * Call once the hooks are unregistered: no call is diverted any more.
 */
void udsmon_detour_release(void)
{
	mutex_lock(&udsmon_detour_lock);
	udsmon_detour_hooked = false;
	mutex_unlock(&udsmon_detour_lock);
	mod_delayed_work(system_wq, &udsmon_detour_release_work, 0);
}

/**
 * udsmon_detour_drain - interrupt the calls that keep the module loaded
 *
 * Interrupts the calls the detached hooks diverted (see above) and waits
 * for them, at most UDSMON_DETOUR_DRAIN_TIMEOUT or until a signal: a call
 * may wait for ever where only a fatal signal, or not even that, reaches
 * it (a page fault on a FUSE file whose server does not answer).
 *
 * Return: the calls still in a wrapper, 0 once the module is free to go.
 */
u32 udsmon_detour_drain(void)
{
	mutex_lock(&udsmon_detour_lock);
	if (!udsmon_detour_held || udsmon_detour_hooked) {
		mutex_unlock(&udsmon_detour_lock);
		return udsmon_detour_waiting();
	}
	udsmon_detour_interrupt = true;
	mutex_unlock(&udsmon_detour_lock);
	mod_delayed_work(system_wq, &udsmon_detour_release_work, 0);
	wait_event_interruptible_timeout(udsmon_detour_released,
					 !READ_ONCE(udsmon_detour_held),
					 UDSMON_DETOUR_DRAIN_TIMEOUT);
	return udsmon_detour_waiting();
}

/**
 * udsmon_detour_waiting - calls the detached hooks diverted, not returned
 *
 * Return: how many calls keep the module in use although no hook is
 * attached; 0 while the hooks are attached.
 */
u32 udsmon_detour_waiting(void)
{
	long sum = 0;
	int cpu;

	if (!READ_ONCE(udsmon_detour_held) || READ_ONCE(udsmon_detour_hooked))
		return 0;
	/* A call may leave on another CPU than the one it entered on. */
	for_each_possible_cpu(cpu)
		sum += READ_ONCE(per_cpu(udsmon_detour_inflight, cpu));
	return clamp_t(long, sum, 0, U32_MAX);
}

/**
 * udsmon_detour_exit - after the last release
 *
 * The module reference the calls in progress hold makes module exit wait
 * for none of them; only for the end of the release work.
 */
void udsmon_detour_exit(void)
{
	cancel_delayed_work_sync(&udsmon_detour_release_work);
	WARN_ON(udsmon_detour_held);
}
