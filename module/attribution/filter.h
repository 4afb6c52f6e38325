/* SPDX-License-Identifier: GPL-2.0 */
/*
 * attribution: a counted source limited to the tasks of some cgroup v2
 * subtrees.  The cgroups are resolved and held when the configuration is
 * loaded, so that the filter follows them, not their names: a cgroup made
 * again under the same path later is another one.
 */
#ifndef _PATHSTATS_ATTRIBUTION_FILTER_H
#define _PATHSTATS_ATTRIBUTION_FILTER_H

#include <linux/cgroup.h>
#include <linux/sched.h>
#include <linux/types.h>

/**
 * struct attribution_filter - cgroup subtrees whose tasks count
 * @count: number of @cgrps
 * @cgrps: the subtrees' roots, held
 */
struct attribution_filter {
	u32 count;
	struct cgroup *cgrps[];
};

struct attribution_filter *attribution_filter_create(const char *paths,
						     u32 count);
void attribution_filter_free(struct attribution_filter *filter);

/**
 * attribution_filter_passes - whether the current task counts
 * @filter: the filter
 *
 * Call under rcu_read_lock() or with preemption disabled.
 *
 * Return: true if the task's cgroup v2 is one of @filter's or below one.
 */
static __always_inline bool
attribution_filter_passes(const struct attribution_filter *filter)
{
	struct cgroup *cgrp = task_dfl_cgroup(current);
	u32 i;

	for (i = 0; i < filter->count; i++)
		if (cgroup_is_descendant(cgrp, filter->cgrps[i]))
			return true;
	return false;
}

#endif /* _PATHSTATS_ATTRIBUTION_FILTER_H */
