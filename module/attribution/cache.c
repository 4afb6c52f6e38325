// SPDX-License-Identifier: GPL-2.0
/*
 * attribution: the container of the current task, cached per CPU.
 *
 * A container id is read from the cgroup's path, which takes a walk up
 * the cgroup hierarchy and a copy of every name; a task sending to a
 * captured socket does it once per message.  Each CPU remembers the last
 * cgroup it read and what its path said.  A cgroup id is not reused
 * while the system runs, so the entry is right for as long as the cgroup
 * keeps its name: a cgroup renamed (rare: managers name a container's
 * cgroup once) shows its former container until another cgroup's task
 * runs on the CPU.
 */

#include <linux/cgroup.h>
#include <linux/limits.h>
#include <linux/local_lock.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "cache.h"

/*
 * @lock: a CPU's entry is its own; the lock keeps the task on the CPU
 *	(and, on PREEMPT_RT, other tasks off the entry) while it is read
 *	or refilled
 * @cgroup_id: the cgroup the entry is of, 0 for none
 * @container: what its path says
 * @path: PATH_MAX bytes for the path while it is parsed
 */
struct attribution_cache {
	local_lock_t lock;
	u64 cgroup_id;
	struct attribution_container container;
	char *path;
};

static DEFINE_PER_CPU(struct attribution_cache, attribution_cache) = {
	.lock = INIT_LOCAL_LOCK(lock),
};

/**
 * attribution_cache_init - allocate every CPU's path buffer
 *
 * Return: 0 or -ENOMEM, with nothing allocated.
 */
int attribution_cache_init(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct attribution_cache *cache =
			per_cpu_ptr(&attribution_cache, cpu);

		cache->path = kmalloc_node(PATH_MAX, GFP_KERNEL,
					   cpu_to_node(cpu));
		if (!cache->path) {
			attribution_cache_exit();
			return -ENOMEM;
		}
	}
	return 0;
}

/**
 * attribution_cache_exit - free what attribution_cache_init() allocated
 *
 * The callers of attribution_cache_current() are gone.
 */
void attribution_cache_exit(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct attribution_cache *cache =
			per_cpu_ptr(&attribution_cache, cpu);

		kfree(cache->path);
		cache->path = NULL;
		cache->cgroup_id = 0;
	}
}

/**
 * attribution_cache_current - the container of the current task
 * @c: where its id and pod UID go, "" for what its cgroup v2 path names
 *	not (and without cgroup v2)
 *
 * Never sleeps on a kernel without PREEMPT_RT; there, takes sleeping
 * locks, as the caller may (task context, preemptible).
 */
void attribution_cache_current(struct attribution_container *c)
{
#ifdef CONFIG_CGROUPS
	struct attribution_cache *cache;
	struct cgroup *cgrp;
	u64 id;

	local_lock(&attribution_cache.lock);
	cache = this_cpu_ptr(&attribution_cache);
	rcu_read_lock();
	cgrp = task_dfl_cgroup(current);
	id = cgroup_id(cgrp);
	if (id != cache->cgroup_id) {
		int len = cgroup_path(cgrp, cache->path, PATH_MAX);

		/* A path too long for PATH_MAX names no container known. */
		if (len < 0 || len >= PATH_MAX)
			cache->path[0] = '\0';
		attribution_container_parse(cache->path, &cache->container);
		cache->cgroup_id = id;
	}
	rcu_read_unlock();
	*c = cache->container;
	local_unlock(&attribution_cache.lock);
#else
	c->id[0] = '\0';
	c->pod_uid[0] = '\0';
#endif
}
