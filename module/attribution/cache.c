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
#include "container.h"

/*
 * @lock: a CPU's entry is its own; the lock keeps the task on the CPU
 *	(and, on PREEMPT_RT, other tasks off the entry) while it is read
 *	or refilled
 * @cgroup_id: the cgroup the entry is of, 0 for none
 * @id: the container id its path names, NUL-padded: copied whole
 * @path: PATH_MAX bytes for the path while it is parsed
 */
struct attribution_cache {
	local_lock_t lock;
	u64 cgroup_id;
	char id[PATHSTATS_CONTAINER_ID_LEN];
	char *path;
};

static_assert(sizeof_field(struct attribution_container, id) <=
	      PATHSTATS_CONTAINER_ID_LEN);

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

/* Reads the container of @cgrp, of id @cgid, into @cache. */
static void attribution_cache_fill(struct attribution_cache *cache,
				   struct cgroup *cgrp, u64 cgid)
{
	struct attribution_container container;
	int len = cgroup_path(cgrp, cache->path, PATH_MAX);

	/* A path too long for PATH_MAX names no container known. */
	if (len < 0 || len >= PATH_MAX)
		cache->path[0] = '\0';
	attribution_container_parse(cache->path, &container);
	strscpy_pad(cache->id, container.id, sizeof(cache->id));
	cache->cgroup_id = cgid;
}

/**
 * attribution_cache_container_id - the container id of the current task
 * @id: where it goes, NUL-terminated and NUL-padded: "" when its cgroup v2
 *	path names no container (and without cgroup v2)
 *
 * Never sleeps on a kernel without PREEMPT_RT; there, takes sleeping
 * locks, as the caller may (task context, preemptible).
 */
void attribution_cache_container_id(char id[PATHSTATS_CONTAINER_ID_LEN])
{
#ifdef CONFIG_CGROUPS
	struct attribution_cache *cache;
	struct cgroup *cgrp;
	u64 cgid;

	local_lock(&attribution_cache.lock);
	cache = this_cpu_ptr(&attribution_cache);
	rcu_read_lock();
	cgrp = task_dfl_cgroup(current);
	cgid = cgroup_id(cgrp);
	if (unlikely(cgid != cache->cgroup_id))
		attribution_cache_fill(cache, cgrp, cgid);
	rcu_read_unlock();
	memcpy(id, cache->id, PATHSTATS_CONTAINER_ID_LEN);
	local_unlock(&attribution_cache.lock);
#else
	memset(id, 0, PATHSTATS_CONTAINER_ID_LEN);
#endif
}
