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
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/static_call.h>

#include "compat.h"

/*
 * The calls in progress, each recorded in a word that holds its task,
 * ORed with PATHSTATS_DETOUR_KICKED once a drain interrupted it, or 0
 * when free.  Most are in the slots of the CPU they entered on, which
 * only tasks entering there fill, with preemption disabled, so that
 * recording a call costs a load and a store; the rest in shared blocks,
 * claimed with cmpxchg.  Only its task frees a word, from whichever CPU
 * it leaves on; a drain only marks a full one, with cmpxchg.  So no word
 * needs a lock.
 */
#define PATHSTATS_DETOUR_SLOTS		16
#define PATHSTATS_DETOUR_KICKED		1UL

struct pathstats_detour_slots {
	unsigned long slot[PATHSTATS_DETOUR_SLOTS];
};

/**
 * struct pathstats_detour_target - a hooked function, as its wrapper calls it
 * @name: its symbol
 * @key: the static call with which the wrapper calls it
 * @tramp: that static call's trampoline
 * @site: its ftrace site, where the hook is; 0 until resolved
 */
struct pathstats_detour_target {
	const char *name;
	struct static_call_key *key;
	void *tramp;
	unsigned long site;
};

/* Detours diverted and not yet out of their wrapper, summed over CPUs. */
DECLARE_PER_CPU(long, pathstats_detour_inflight);
DECLARE_PER_CPU_ALIGNED(struct pathstats_detour_slots, pathstats_detour_slots);

unsigned long *pathstats_detour_enter_shared(void);

/**
 * pathstats_detour_divert - send the hooked call into @wrapper
 * @fregs: the hook's registers
 * @wrapper: a function taking the hooked function's arguments (and, in
 *	the registers it leaves unused, what the hook passes it), which
 *	ends with pathstats_detour_leave()
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
 * pathstats_detour_enter - record the current task's call in its wrapper
 *
 * Return: the word recording the call, for pathstats_detour_leave().
 */
static __always_inline unsigned long *pathstats_detour_enter(void)
{
	unsigned long *slot;
	unsigned int i;

	preempt_disable_notrace();
	slot = this_cpu_ptr(&pathstats_detour_slots)->slot;
	for (i = 0; i < PATHSTATS_DETOUR_SLOTS; i++, slot++) {
		if (!READ_ONCE(*slot)) {
			WRITE_ONCE(*slot, (unsigned long)current);
			preempt_enable_notrace();
			return slot;
		}
	}
	preempt_enable_notrace();
	return pathstats_detour_enter_shared();
}

/**
 * pathstats_detour_leave - the wrapper is done, but for returning
 * @record: what pathstats_detour_enter() returned
 *
 * The last statement of a wrapper: the wrapper's remaining instructions
 * are covered by the synchronize_rcu_tasks() before the module reference
 * is dropped.
 */
static __always_inline void pathstats_detour_leave(unsigned long *record)
{
	WRITE_ONCE(*record, 0);
	this_cpu_dec(pathstats_detour_inflight);
}

int pathstats_detour_resolve(struct pathstats_detour_target *target);
void pathstats_detour_hold(void);
void pathstats_detour_release(void);
u32 pathstats_detour_drain(void);
u32 pathstats_detour_waiting(void);
void pathstats_detour_exit(void);

#endif /* _PATHSTATS_PATHSTATS_DETOUR_H */
