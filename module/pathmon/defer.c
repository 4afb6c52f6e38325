// SPDX-License-Identifier: GPL-2.0
/*
 * Events the current task counts itself, on its way back to user space.
 *
 * Where spinlocks sleep (PREEMPT_RT), a hook running with preemption
 * disabled cannot resolve a file's name (pathname.c): the sys_exit
 * tracepoint's probe on a file the match cache does not know yet, say.
 * It holds the files and queues a task_work, which runs before the task
 * returns to user space (or stops for a signal or a tracer, which run
 * task works first), where it may sleep: the event is counted there,
 * with the configuration published then, and the match is cached for
 * the next calls.
 *
 * The hooks cannot allocate where spinlocks sleep, so the task works come
 * from a pool allocated at load.  Each is in use from the hook to the
 * task's return, so the pool only runs out if more than
 * PATHMON_DEFER_MAX tasks are between the two at once: such an event is
 * counted in unresolved_path_events instead.
 */

#include <linux/bitmap.h>
#include <linux/bitops.h>
#include <linux/delay.h>
#include <linux/file.h>
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/task_work.h>

#include "defer.h"
#include "probe.h"

#define PATHMON_DEFER_MAX	1024

struct pathmon_deferred {
	struct callback_head work;
	struct pathmon_event ev;
};

static struct pathmon_deferred *pathmon_deferred;
static DECLARE_BITMAP(pathmon_deferred_busy, PATHMON_DEFER_MAX);

static void pathmon_deferred_put(struct pathmon_deferred *d)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(d->ev.file); i++)
		if (d->ev.file[i])
			fput(d->ev.file[i]);
	clear_bit_unlock(d - pathmon_deferred, pathmon_deferred_busy);
}

static void pathmon_deferred_run(struct callback_head *work)
{
	struct pathmon_deferred *d = container_of(work, typeof(*d), work);

	pathmon_probe_count_deferred(&d->ev);
	pathmon_deferred_put(d);
}

/* A free entry, searched from a place of this CPU's, to spread claims. */
static struct pathmon_deferred *pathmon_deferred_claim(void)
{
	unsigned int start, i;

	start = (raw_smp_processor_id() * 64) % PATHMON_DEFER_MAX;
	i = find_next_zero_bit(pathmon_deferred_busy, PATHMON_DEFER_MAX,
			       start);
	if (i >= PATHMON_DEFER_MAX)
		i = find_first_zero_bit(pathmon_deferred_busy,
					PATHMON_DEFER_MAX);
	for (; i < PATHMON_DEFER_MAX;
	     i = find_next_zero_bit(pathmon_deferred_busy, PATHMON_DEFER_MAX,
				    i + 1))
		if (!test_and_set_bit_lock(i, pathmon_deferred_busy))
			return &pathmon_deferred[i];
	return NULL;
}

/**
 * pathmon_defer - have the current task count @ev before it returns to
 *	user space
 * @ev: the event; its files are held until then
 *
 * Call from a hook, in a user task's syscall.
 *
 * Return: false if the pool is exhausted: @ev is not counted.
 */
bool pathmon_defer(const struct pathmon_event *ev)
{
	struct pathmon_deferred *d = pathmon_deferred_claim();
	unsigned int i;

	if (!d)
		return false;
	d->ev = *ev;
	for (i = 0; i < ARRAY_SIZE(d->ev.file); i++)
		if (d->ev.file[i])
			get_file(d->ev.file[i]);
	init_task_work(&d->work, pathmon_deferred_run);
	if (!task_work_add(current, &d->work, TWA_RESUME))
		return true;
	/* Exiting: it will not count anything any more. */
	pathmon_deferred_put(d);
	return false;
}

/**
 * pathmon_defer_drain - wait until every deferred event is counted
 *
 * Call once no hook can defer any more.  The tasks are on their way back
 * to user space, so the wait is short.
 */
void pathmon_defer_drain(void)
{
	unsigned long warn = jiffies + 10 * HZ;

	while (!bitmap_empty(pathmon_deferred_busy, PATHMON_DEFER_MAX)) {
		usleep_range(1000, 2000);
		if (time_after(jiffies, warn)) {
			pr_warn("waiting for %u tasks to count their events\n",
				bitmap_weight(pathmon_deferred_busy,
					      PATHMON_DEFER_MAX));
			warn = jiffies + 10 * HZ;
		}
	}
}

/**
 * pathmon_defer_init - allocate the pool
 *
 * Return: 0 or -ENOMEM.
 */
int pathmon_defer_init(void)
{
	pathmon_deferred = kvcalloc(PATHMON_DEFER_MAX,
				    sizeof(*pathmon_deferred), GFP_KERNEL);
	return pathmon_deferred ? 0 : -ENOMEM;
}

/**
 * pathmon_defer_exit - free the pool; no hook may be attached
 */
void pathmon_defer_exit(void)
{
	pathmon_defer_drain();
	/* Past the last instructions of pathmon_deferred_run(). */
	synchronize_rcu_tasks();
	kvfree(pathmon_deferred);
	pathmon_deferred = NULL;
}
