// SPDX-License-Identifier: GPL-2.0
/*
 * Detours: see detour.h.
 *
 * The module must not go while a task is in a wrapper, and a task may
 * stay there for a long time: blocked in a recv(), or for ever, in a page
 * fault on a FUSE file whose server does not answer, where only a fatal
 * signal reaches it, and once the server has the request not even that.
 * So the module cannot wait for them in its exit function: the hooks and
 * the calls they diverted hold a reference on the module instead, and
 * rmmod refuses while they do.
 *
 * pathstats_detour_drain() (pathstatsctl clear) interrupts the calls left
 * once the hooks are detached as a signal without a handler would, with
 * a TWA_SIGNAL task_work: the call returns early (a receive that got
 * nothing yet is restarted, invisibly to the task, except where a signal
 * would show too: with SO_RCVTIMEO it fails with EINTR; a send returns
 * what it sent so far).  Calls in progress are recorded (detour.h), so
 * that it can find their tasks.  The last one to return lets the module
 * go.
 */

#include <linux/atomic.h>
#include <linux/jiffies.h>
#include <linux/kprobes.h>
#include <linux/lockdep.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/static_call.h>
#include <linux/task_work.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <asm/ftrace.h>

#include "detour.h"

DEFINE_PER_CPU(long, pathstats_detour_inflight);
DEFINE_PER_CPU_ALIGNED(struct pathstats_detour_slots, pathstats_detour_slots);

/* Records for the calls beyond their CPU's slots; freed at module exit. */
#define PATHSTATS_DETOUR_BLOCK_SLOTS	63

struct pathstats_detour_block {
	struct pathstats_detour_block *next;
	unsigned long slot[PATHSTATS_DETOUR_BLOCK_SLOTS];
};

/* Newest first; a block's next is set before the block is published. */
static struct pathstats_detour_block *pathstats_detour_blocks;

/*
 * The record of the calls no memory was found for: no drain finds them,
 * and the module stays in use until they return.
 */
static unsigned long pathstats_detour_unrecorded;

/* Interruptions queued by pathstats_detour_kick_all() that have not run yet. */
static atomic_t pathstats_detour_kicks = ATOMIC_INIT(0);

/*
 * How often the release work looks again at the calls in progress: soon
 * after the hooks go, then less and less often, for a call that may never
 * return.
 */
#define PATHSTATS_DETOUR_POLL_FIRST	msecs_to_jiffies(20)
#define PATHSTATS_DETOUR_POLL_MAX		HZ
/* How long a drain waits for the calls it interrupted. */
#define PATHSTATS_DETOUR_DRAIN_TIMEOUT	(5 * HZ)

static void pathstats_detour_release_fn(struct work_struct *work);

/* Serialises the writers of the five below; some readers peek locklessly. */
static DEFINE_MUTEX(pathstats_detour_lock);
/* Sets of hooks attached, which may divert calls: pathmon's, udsmon's, trace's. */
static unsigned int pathstats_detour_hooked;
static bool pathstats_detour_held;		/* the module reference is ours */
static bool pathstats_detour_interrupt;	/* a drain asked to interrupt */
static unsigned long pathstats_detour_poll;	/* the release work's next delay */
static unsigned long pathstats_detour_hooks_seen;	/* pathstats_detour_hold() calls */
static DECLARE_DELAYED_WORK(pathstats_detour_release_work, pathstats_detour_release_fn);
static DECLARE_WAIT_QUEUE_HEAD(pathstats_detour_released);

/* A free word of the shared blocks, claimed for the current task. */
static unsigned long *pathstats_detour_claim(void)
{
	struct pathstats_detour_block *block;
	unsigned int i;

	/* Pairs with the release that publishes a block: its next is set. */
	block = smp_load_acquire(&pathstats_detour_blocks);
	for (; block; block = block->next)
		for (i = 0; i < PATHSTATS_DETOUR_BLOCK_SLOTS; i++)
			if (!READ_ONCE(block->slot[i]) &&
			    !cmpxchg(&block->slot[i], 0, (unsigned long)current))
				return &block->slot[i];
	return NULL;
}

/**
 * pathstats_detour_enter_shared - record a call in a shared block
 *
 * Called by pathstats_detour_enter() when its CPU's slots are full, in
 * the wrapper, where it may sleep.
 *
 * Return: the word recording the call.
 */
unsigned long *pathstats_detour_enter_shared(void)
{
	struct pathstats_detour_block *block, *head;
	unsigned long *slot;

	might_sleep();
	slot = pathstats_detour_claim();
	if (slot)
		return slot;
	block = kzalloc(sizeof(*block), GFP_KERNEL);
	if (!block) {
		pr_warn_once("no memory to record a call: clear cannot interrupt it\n");
		return &pathstats_detour_unrecorded;
	}
	block->slot[0] = (unsigned long)current;
	head = READ_ONCE(pathstats_detour_blocks);
	/* Release: the claimed slot and next are seen before the block. */
	do {
		block->next = head;
	} while (!try_cmpxchg_release(&pathstats_detour_blocks, &head, block));
	return &block->slot[0];
}

static void pathstats_detour_kicked(struct callback_head *head)
{
	kfree(head);
	atomic_dec(&pathstats_detour_kicks);
}

/*
 * Interrupts the call @slot records, unless it was already.  The caller
 * holds an RCU read lock: a task recorded when the slot is read is not
 * freed until it is dropped.
 *
 * Return: false if out of memory.
 */
static bool pathstats_detour_kick(unsigned long *slot)
{
	unsigned long task = READ_ONCE(*slot);
	struct callback_head *kick;

	if (!task || (task & PATHSTATS_DETOUR_KICKED))
		return true;
	kick = kmalloc(sizeof(*kick), GFP_ATOMIC);
	if (!kick)
		return false;
	/* Lost to the task leaving: it needs no kick. */
	if (cmpxchg(slot, task, task | PATHSTATS_DETOUR_KICKED) != task) {
		kfree(kick);
		return true;
	}
	init_task_work(kick, pathstats_detour_kicked);
	atomic_inc(&pathstats_detour_kicks);
	/* An exiting task leaves anyway. */
	if (task_work_add((struct task_struct *)task, kick, TWA_SIGNAL))
		pathstats_detour_kicked(kick);
	return true;
}

/* Interrupts the calls in progress not interrupted yet. */
static void pathstats_detour_kick_all(void)
{
	struct pathstats_detour_block *block;
	unsigned int i;
	int cpu;

	/* Out of memory: the caller tries again. */
	rcu_read_lock();
	for_each_possible_cpu(cpu) {
		unsigned long *slot = per_cpu_ptr(&pathstats_detour_slots, cpu)->slot;

		for (i = 0; i < PATHSTATS_DETOUR_SLOTS; i++)
			if (!pathstats_detour_kick(&slot[i]))
				goto out;
	}
	/* Pairs with the release that publishes a block: its slots are set. */
	block = smp_load_acquire(&pathstats_detour_blocks);
	for (; block; block = block->next)
		for (i = 0; i < PATHSTATS_DETOUR_BLOCK_SLOTS; i++)
			if (!pathstats_detour_kick(&block->slot[i]))
				goto out;
out:
	rcu_read_unlock();
}

/*
 * Detours not yet out of their wrapper.  Exact once the hooks are
 * detached: each CPU's count only falls then (a call may leave on
 * another CPU than the one it entered on), so a sum of values read one
 * by one is never below the true number: zero means zero.
 */
static long pathstats_detour_inflight_sum(void)
{
	long sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += READ_ONCE(per_cpu(pathstats_detour_inflight, cpu));
	return sum;
}

/* Detours not out of their wrapper, and interruptions not run yet. */
static long pathstats_detour_pending(void)
{
	return pathstats_detour_inflight_sum() + atomic_read(&pathstats_detour_kicks);
}

/* Runs the release work soon; call with pathstats_detour_lock held. */
static void pathstats_detour_release_soon(void)
{
	lockdep_assert_held(&pathstats_detour_lock);
	pathstats_detour_poll = PATHSTATS_DETOUR_POLL_FIRST;
	/* It may block for long, in its wait for a grace period. */
	mod_delayed_work(system_long_wq, &pathstats_detour_release_work, 0);
}

/*
 * Drops the module reference once the hooks are detached and every call
 * they diverted has returned; until then the module stays in use, and
 * rmmod refuses instead of waiting for calls that may never return.
 */
static void pathstats_detour_release_fn(struct work_struct *work)
{
	unsigned long hooks_seen;

	mutex_lock(&pathstats_detour_lock);
	if (pathstats_detour_hooked || !pathstats_detour_held)
		goto out;
	/* A task diverted but not yet recorded is found at the next round. */
	if (pathstats_detour_interrupt)
		pathstats_detour_kick_all();
	if (pathstats_detour_pending()) {
		queue_delayed_work(system_long_wq, &pathstats_detour_release_work,
				   pathstats_detour_poll);
		pathstats_detour_poll = min_t(unsigned long,
					      2 * pathstats_detour_poll,
					      PATHSTATS_DETOUR_POLL_MAX);
		goto out;
	}
	hooks_seen = pathstats_detour_hooks_seen;
	/*
	 * Not under the lock: a load or a clear does not wait for it (a
	 * clear's drain waits, bounded, for what it asked).
	 */
	mutex_unlock(&pathstats_detour_lock);
	/* Past the last instructions of the wrappers and kicks. */
	synchronize_rcu_tasks();
	mutex_lock(&pathstats_detour_lock);
	/* Hooks attached meanwhile may have diverted calls: look again. */
	if (pathstats_detour_hooks_seen != hooks_seen) {
		if (!pathstats_detour_hooked)
			pathstats_detour_release_soon();
		goto out;
	}
	/*
	 * Before the waiters see it, so that a clear seen to succeed is
	 * followed by an rmmod that does.  pathstats_detour_exit() waits for
	 * the rest of this function.
	 */
	module_put(THIS_MODULE);
	WRITE_ONCE(pathstats_detour_held, false);
	pathstats_detour_interrupt = false;
	wake_up_all(&pathstats_detour_released);
out:
	mutex_unlock(&pathstats_detour_lock);
}

/**
 * pathstats_detour_hold - keep the module loaded while hooks may divert calls
 *
 * Call before the hooks are registered.
 */
void pathstats_detour_hold(void)
{
	mutex_lock(&pathstats_detour_lock);
	WRITE_ONCE(pathstats_detour_hooked, pathstats_detour_hooked + 1);
	pathstats_detour_hooks_seen++;
	pathstats_detour_interrupt = false;
	if (!pathstats_detour_held) {
		__module_get(THIS_MODULE);
		WRITE_ONCE(pathstats_detour_held, true);
	}
	mutex_unlock(&pathstats_detour_lock);
	/* A drain waiting for the release has nothing to wait for now. */
	wake_up_all(&pathstats_detour_released);
}

/**
 * pathstats_detour_release - let the module go once the diverted calls return
 *
 * Call once the hooks are unregistered: no call is diverted any more.
 */
void pathstats_detour_release(void)
{
	mutex_lock(&pathstats_detour_lock);
	if (!WARN_ON(!pathstats_detour_hooked))
		WRITE_ONCE(pathstats_detour_hooked, pathstats_detour_hooked - 1);
	if (!pathstats_detour_hooked)
		pathstats_detour_release_soon();
	mutex_unlock(&pathstats_detour_lock);
}

/* The drain's wait is over: the module is free, or hooks are back. */
static bool pathstats_detour_drained(void)
{
	return !READ_ONCE(pathstats_detour_held) || READ_ONCE(pathstats_detour_hooked);
}

/**
 * pathstats_detour_drain - interrupt the calls that keep the module loaded
 *
 * Interrupts the calls the detached hooks diverted (see above) and waits
 * for them, at most PATHSTATS_DETOUR_DRAIN_TIMEOUT or until a signal: a call
 * may wait for ever where only a fatal signal, or not even that, reaches
 * it (a page fault on a FUSE file whose server does not answer).
 *
 * Return: what pathstats_detour_waiting() returns after the wait.
 */
u32 pathstats_detour_drain(void)
{
	mutex_lock(&pathstats_detour_lock);
	if (!pathstats_detour_held || pathstats_detour_hooked) {
		mutex_unlock(&pathstats_detour_lock);
		return pathstats_detour_waiting();
	}
	pathstats_detour_interrupt = true;
	pathstats_detour_release_soon();
	mutex_unlock(&pathstats_detour_lock);
	wait_event_interruptible_timeout(pathstats_detour_released,
					 pathstats_detour_drained(),
					 PATHSTATS_DETOUR_DRAIN_TIMEOUT);
	return pathstats_detour_waiting();
}

/**
 * pathstats_detour_waiting - calls that keep the module in use
 *
 * Return: how many calls the detached hooks diverted keep the module in
 * use, at least 1 while they do, until the release work has let it go
 * (it waits for the calls' last instructions); 0 while the hooks are
 * attached, or once the module is free to go.
 */
u32 pathstats_detour_waiting(void)
{
	if (!READ_ONCE(pathstats_detour_held) || READ_ONCE(pathstats_detour_hooked))
		return 0;
	/*
	 * An interrupted call is counted once, not again for its pending
	 * interruption; and as 1 until the reference goes.
	 */
	return clamp_t(s64, pathstats_detour_inflight_sum(), 1, U32_MAX);
}

/**
 * pathstats_detour_resolve - find a hooked function, for its wrapper's calls
 * @target: the function; its site is set, and its static call pointed
 *	past the site, so that the wrapper calls the function without
 *	passing its hook again
 *
 * A kprobe on a function resolves to its ftrace site when it has one
 * (past an endbr64): the hooks and the kprobes skip it alike.  The kprobe
 * is never armed.  The call is direct, which an indirect branch tracking
 * kernel (CONFIG_X86_KERNEL_IBT) allows to an address without an endbr64.
 *
 * Return: 0, or a negative errno when it is missing or has no site.
 */
int pathstats_detour_resolve(struct pathstats_detour_target *target)
{
	struct kprobe *probe;
	int err;

	probe = kzalloc(sizeof(*probe), GFP_KERNEL);
	if (!probe)
		return -ENOMEM;
	probe->symbol_name = target->name;
	probe->flags = KPROBE_FLAG_DISABLED;
	err = register_kprobe(probe);
	if (err) {
		pr_err("cannot find %s: %d\n", target->name, err);
		goto out;
	}
	if (kprobe_ftrace(probe)) {
		target->site = (unsigned long)probe->addr;
		__static_call_update(target->key, target->tramp,
				     (void *)(target->site + MCOUNT_INSN_SIZE));
	} else {
		pr_err("%s has no ftrace site\n", target->name);
		err = -EOPNOTSUPP;
	}
	unregister_kprobe(probe);
out:
	kfree(probe);
	return err;
}

/**
 * pathstats_detour_exit - after the last release
 *
 * The module reference the calls in progress hold makes module exit wait
 * for none of them; only for the end of the release work.
 */
void pathstats_detour_exit(void)
{
	struct pathstats_detour_block *block;

	cancel_delayed_work_sync(&pathstats_detour_release_work);
	WARN_ON(pathstats_detour_held);
	while ((block = pathstats_detour_blocks)) {
		pathstats_detour_blocks = block->next;
		kfree(block);
	}
}
