/* SPDX-License-Identifier: GPL-2.0 */
/*
 * attribution: the hot path's lookup of the current task's group, inlined
 * into the hooks.  An event of a grouped source pays it on top of its
 * counting, so it takes the key in loose fields, neither zeroed on the
 * stack nor hashed twice, and calls out of line only on a miss.
 */
#ifndef _PATHSTATS_ATTRIBUTION_LOOKUP_H
#define _PATHSTATS_ATTRIBUTION_LOOKUP_H

#include <linux/cgroup.h>
#include <linux/fs.h>
#include <linux/hash.h>
#include <linux/rculist.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/stddef.h>

#include "compat.h"
#include "group.h"

/*
 * The key travels in loose fields, never as a struct attribution_key on
 * the stack: kernels built with INIT_STACK_ALL_ZERO would zero one on
 * every event, its padding included.
 */

/* The executable's part of the current task's key; none for a kthread. */
static __always_inline void
attribution_exe_current(const struct super_block **exe_sb,
			unsigned long *exe_ino, u32 *exe_gen)
{
	const struct file *exe;
	const struct inode *inode;
	struct mm_struct *mm;

	*exe_sb = NULL;
	*exe_ino = 0;
	*exe_gen = 0;
	mm = current->mm;
	/* Under rcu_read_lock(), or with preemption disabled. */
	exe = mm ? rcu_dereference_check(mm->exe_file,
					 rcu_read_lock_any_held()) : NULL;
	if (!exe)
		return;
	/* A file replaced under RCU may be reused (6.7+): check it. */
	inode = READ_ONCE(exe->f_inode);
	if (!inode)
		return;
	*exe_sb = inode->i_sb;
	*exe_ino = inode->i_ino;
	*exe_gen = inode->i_generation;
}

/*
 * hash_64() with the shift the set keeps: one multiplication, and a set
 * of cgroups only hashes the cgroup pointer.
 */
static __always_inline u32
attribution_bucket(const struct attribution_set *set,
		   const struct cgroup *cgrp, const struct super_block *exe_sb,
		   unsigned long exe_ino)
{
	u64 val = (unsigned long)cgrp ^ (unsigned long)exe_sb ^ exe_ino;

	return (u32)((val * GOLDEN_RATIO_64) >> set->hash_shift);
}

static __always_inline struct attribution_group *
attribution_find(const struct attribution_set *set, const struct cgroup *cgrp,
		 const struct super_block *exe_sb, unsigned long exe_ino,
		 u32 exe_gen, u32 bucket)
{
	struct attribution_group *g;

	hlist_for_each_entry_rcu(g, &set->buckets[bucket], node)
		if (g->key.cgrp == cgrp && g->key.exe_ino == exe_ino &&
		    g->key.exe_sb == exe_sb && g->key.exe_gen == exe_gen)
			return g;
	return NULL;
}

/*
 * A set of cgroups, the common kind, compares the cgroup alone: its
 * groups' executables are all none.
 */
static __always_inline void __percpu *
attribution_counters_by_cgroup(struct attribution_set *set)
{
	struct cgroup *cgrp = task_dfl_cgroup(current);
	struct attribution_group *g;
	u32 bucket;

	bucket = attribution_bucket(set, cgrp, NULL, 0);
	hlist_for_each_entry_rcu(g, &set->buckets[bucket], node)
		if (g->key.cgrp == cgrp)
			return g->counters;
	return attribution_counters_miss(set, cgrp, NULL, 0, 0, bucket);
}

/**
 * attribution_comm_word - a word of the current task's name
 * @i: 0 or 1
 *
 * A group keeps the first 16 bytes of the name, NUL-terminated or not (a
 * kernel with a longer comm shows its start), compared and copied as two
 * words where memcmp() would be a call and a loop on every event.  Read
 * racing prctl(PR_SET_NAME), as the kernel's own readers of comm do.
 *
 * Return: bytes 8 * @i to 8 * @i + 7 of current->comm.
 */
static __always_inline u64 attribution_comm_word(unsigned int i)
{
	static_assert(sizeof_field(struct task_struct, comm) >=
		      sizeof_field(struct attribution_group, comm_words));
	static_assert(ARRAY_SIZE(((struct attribution_group *)0)->comm_words) ==
		      2);
	/* Racing prctl(PR_SET_NAME) by design: any bytes will do. */
	return data_race(get_unaligned((const u64 *)current->comm + i));
}

/*
 * The task counting in @g has another name than @g shows.  Written at
 * most once a tick: the tasks of one executable may bear many names (a
 * pool of threads named apart), and each write takes the line from the
 * other CPUs.  A reader sees each word old or new (a live label).
 */
static __always_inline void attribution_comm_seen(struct attribution_group *g)
{
	unsigned long now = READ_ONCE(jiffies);

	if (READ_ONCE(g->comm_at) == now)
		return;
	WRITE_ONCE(g->comm_at, now);
	WRITE_ONCE(g->comm_words[0], attribution_comm_word(0));
	WRITE_ONCE(g->comm_words[1], attribution_comm_word(1));
}

/* A set by executable, with or without the cgroup: the whole key. */
static __always_inline void __percpu *
attribution_counters_by_key(struct attribution_set *set, bool by_cgroup)
{
	const struct super_block *exe_sb;
	struct attribution_group *g;
	unsigned long exe_ino;
	struct cgroup *cgrp;
	u32 exe_gen, bucket;

	cgrp = by_cgroup ? task_dfl_cgroup(current) : NULL;
	attribution_exe_current(&exe_sb, &exe_ino, &exe_gen);
	bucket = attribution_bucket(set, cgrp, exe_sb, exe_ino);
	g = attribution_find(set, cgrp, exe_sb, exe_ino, exe_gen, bucket);
	if (unlikely(!g))
		return attribution_counters_miss(set, cgrp, exe_sb, exe_ino,
						 exe_gen, bucket);
	/*
	 * The last name seen: one executable runs under many (busybox's
	 * applets, threads that name themselves).
	 */
	if (unlikely(READ_ONCE(g->comm_words[0]) != attribution_comm_word(0) ||
		     READ_ONCE(g->comm_words[1]) != attribution_comm_word(1)))
		attribution_comm_seen(g);
	return g->counters;
}

/**
 * attribution_counters - the current task's counters in a set
 * @set: the set
 *
 * Call under rcu_read_lock() or with preemption disabled, in the task's
 * own context.
 *
 * Return: the counters of the task's group, made if need be; the other
 * group's when the set is full.
 */
static __always_inline void __percpu *
attribution_counters(struct attribution_set *set)
{
	u32 by = set->by;

	if (by == PATHSTATS_GROUP_BY_CGROUP)
		return attribution_counters_by_cgroup(set);
	if (by == (PATHSTATS_GROUP_BY_CGROUP | PATHSTATS_GROUP_BY_PROCESS))
		return attribution_counters_by_key(set, true);
	return attribution_counters_by_key(set, false);
}

#endif /* _PATHSTATS_ATTRIBUTION_LOOKUP_H */
