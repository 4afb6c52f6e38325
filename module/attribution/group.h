/* SPDX-License-Identifier: GPL-2.0 */
/*
 * attribution: who did it.  A set of groups below one counted source (a
 * path prefix, a socket): one group per cgroup, per executable, or per
 * pair of both, each with its own copy of the source's per-cpu counters
 * and a statsfs subordinate showing them.  The source's own values are
 * then the sum of its groups', which statsfs aggregates.
 *
 * The hot path finds the current task's group under RCU, without a lock;
 * a task of a group not seen yet makes the group there, with a
 * non-sleeping allocation under the set's lock, and counts in it at once.
 * Its statsfs directory is made by a work item: until then the group's
 * counts are in no source a reader sees, neither in the group nor in the
 * totals, so that the totals always equal the sum of the groups shown.
 *
 * A group of a removed cgroup is kept for attribution_retention_ms, then
 * folded into the source's own counters: its counts stay in the totals,
 * its directory and memory go, and its room is free for a new group.
 */
#ifndef _PATHSTATS_ATTRIBUTION_GROUP_H
#define _PATHSTATS_ATTRIBUTION_GROUP_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rculist.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include <uapi/linux/pathstats.h>

#include "container.h"

struct cgroup;
struct file;
struct statsfs_source;
struct statsfs_value;
struct super_block;

/*
 * What identifies a group: the task's cgroup v2 (held by the group, so
 * that the pointer is not reused), and its executable's inode by
 * superblock, number and generation (not held: a held executable would
 * keep its filesystem from being unmounted; it is held only from the
 * miss until the work reads its path).  Fields of a kind the set
 * does not group by are zero.
 */
struct attribution_key {
	struct cgroup *cgrp;
	const struct super_block *exe_sb;
	unsigned long exe_ino;
	u32 exe_gen;
};

/**
 * struct attribution_group - one group of a set
 * @node: in the set's hash, under RCU
 * @list: in the set's list of every group
 * @key: what the group counts
 * @counters: the group's copy of the source's counters
 * @comm: the name of the last task that counted in the group (groups by
 *	process), next to @counters, which the hot path reads too
 * @comm_words: @comm as the hot path compares and writes it, unlocked
 * @comm_at: when the hot path last wrote @comm, in jiffies
 * @seq: number of the group in its set, from 1, for its directory name
 * @other: the group of tasks the set had no room for
 * @src: the group's directory, in the set's parent; NULL if none yet
 * @next_src: its directory in the tree a load builds
 * @exe_file: held from the miss until its path is read
 * @resolved: @cgroup_path, @container and @process are read
 * @removed: the group's cgroup was found removed
 * @removed_at: when, in jiffies
 * @cgroup_path: the cgroup v2 path, NULL if not grouped by cgroup
 * @container: the container recognised in @cgroup_path
 * @process: the executable's path, NULL if not grouped by process
 * @rcu: frees the group after the readers of the hash
 */
struct attribution_group {
	struct hlist_node node;
	struct list_head list;
	struct attribution_key key;
	void __percpu *counters;
	union {
		char comm[PATHSTATS_COMM_LEN];
		u64 comm_words[PATHSTATS_COMM_LEN / sizeof(u64)];
	};
	unsigned long comm_at;
	u32 seq;
	bool other;
	struct statsfs_source *src;
	struct statsfs_source *next_src;
	struct file *exe_file;
	bool resolved;
	bool removed;
	unsigned long removed_at;
	char *cgroup_path;
	struct attribution_container container;
	char *process;
	struct rcu_head rcu;
};

/**
 * struct attribution_kind - what sets of one owner share
 * @counters_size: size of the counters of one group, per cpu
 * @add_values: adds to @src the descriptor arrays of the counted source,
 *	over @counters
 * @mutex: held by a load of the owner from building its tree to
 *	committing it, and by the work that shows new groups, so that the
 *	two do not interleave
 * @lock: protects @spares
 * @spares: groups allocated ahead, for misses where allocating is not
 *	allowed (PREEMPT_RT with preemption disabled)
 * @nr_spares: groups in @spares
 * @refill: tops @spares up
 * @work_key: the lock class of the sets' work items: a load of one kind
 *	nests in another's, and waits for its sets' works (lockdep)
 * @expire_key: the same for the sets' expiry works (a class has one name)
 *
 * The owner fills in @counters_size and @add_values, and brackets the
 * kind's use with attribution_kind_init() and attribution_kind_exit().
 */
struct attribution_kind {
	size_t counters_size;
	int (*add_values)(struct statsfs_source *src, void __percpu *counters,
			  const void *owner);
	struct mutex mutex;	/* from a load's build to its commit */
	raw_spinlock_t lock;
	struct list_head spares;
	unsigned int nr_spares;
	struct work_struct refill;
	struct lock_class_key work_key;
	struct lock_class_key expire_key;
};

/**
 * struct attribution_set - the groups of one counted source
 * @kref: held by every table that uses the set
 * @by: PATHSTATS_GROUP_BY_* of the groups
 * @max_groups: groups the set makes at most, besides @other
 * @kind: the owner's kind of set
 * @owner: passed to @kind's @add_values: the owner's configuration entry
 * @lock: serialises the making of groups (the hot path's misses)
 * @count: groups in the set, besides @other
 * @last_seq: the @seq of the newest group
 * @hash_shift: 64 less log2 of the number of @buckets
 * @buckets: the hash of the groups, read under RCU
 * @groups: every group, @other first
 * @parent: the source the groups are shown below, NULL before a load
 *	committed the set
 * @own: the hidden source of the owner's own counters, below @parent,
 *	which a group of a removed cgroup is folded into
 * @work: shows the groups that have no directory
 * @expire: folds the groups of cgroups removed attribution_retention_ms
 *	ago
 * @other: the group of tasks beyond @max_groups
 *
 * @parent, @own, @owner and the groups' @src, @next_src and names change
 * under @kind's mutex only; the groups' list and hash change under @lock
 * too.
 */
struct attribution_set {
	struct kref kref;
	u32 by;
	u32 max_groups;
	struct attribution_kind *kind;
	const void *owner;
	raw_spinlock_t lock;
	u32 count;
	u32 last_seq;
	u32 hash_shift;
	struct hlist_head *buckets;
	struct list_head groups;
	struct statsfs_source *parent;
	struct statsfs_source *own;
	struct work_struct work;
	struct delayed_work expire;
	struct attribution_group *other;
};

int __attribution_kind_init(struct attribution_kind *kind, const char *name,
			    struct lock_class_key *key);
#define attribution_kind_init(kind)					\
({									\
	static struct lock_class_key __key;				\
	__attribution_kind_init(kind, #kind, &__key);			\
})
void attribution_kind_exit(struct attribution_kind *kind);

struct attribution_set *attribution_set_create(u32 by, u32 max_groups,
					       struct attribution_kind *kind);
void attribution_set_put(struct attribution_set *set);
bool attribution_set_matches(const struct attribution_set *set, u32 by,
			     u32 max_groups);

void __percpu *attribution_counters_miss(struct attribution_set *set,
					 struct cgroup *cgrp,
					 const struct super_block *exe_sb,
					 unsigned long exe_ino, u32 exe_gen,
					 u32 bucket);

int attribution_set_build(struct attribution_set *set,
			  struct statsfs_source *parent, const void *owner);
void attribution_set_commit(struct attribution_set *set,
			    struct statsfs_source *parent,
			    struct statsfs_source *own, const void *owner);
void attribution_set_detach(struct attribution_set *set);
void attribution_set_fold(struct attribution_set *set,
			  struct statsfs_source *into);

#endif /* _PATHSTATS_ATTRIBUTION_GROUP_H */
