/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The module's own statistics: /sys/kernel/stats/pathstats/.
 */
#ifndef _PATHSTATS_SELF_H
#define _PATHSTATS_SELF_H

#include <linux/percpu.h>
#include <linux/types.h>

/**
 * struct pathstats_self_counters - events of the module as a whole
 * @config_loads: configurations loaded successfully
 * @config_rejects: configurations rejected by validation
 *
 * Updated under the control device's lock, so plain fields suffice.
 */
struct pathstats_self_counters {
	u64 config_loads;
	u64 config_rejects;
};

extern struct pathstats_self_counters pathstats_self_counters;

/**
 * struct pathstats_self_events - events of the hooks, per cpu
 * @unresolved_path_events: file events not counted: where spinlocks sleep
 *	(PREEMPT_RT), a hook that ran with preemption disabled and had no
 *	cached match could neither resolve the file's name nor leave that
 *	to the task
 * @attribution_folded: events counted in a set's other group: the set
 *	(or all sets together) had no room for the task's group, or no
 *	memory could be had without sleeping
 * @attribution_unshown: groups whose statsfs directory could not be made
 *	(no memory): their counts are in no total
 * @attribution_expired: groups of removed cgroups folded into their
 *	source's own counts after the retention time
 */
struct pathstats_self_events {
	u64 unresolved_path_events;
	u64 attribution_folded;
	u64 attribution_unshown;
	u64 attribution_expired;
};

DECLARE_PER_CPU(struct pathstats_self_events, pathstats_self_events);

int pathstats_self_init(void);
void pathstats_self_exit(void);

#endif /* _PATHSTATS_SELF_H */
