// SPDX-License-Identifier: GPL-2.0
/*
 * attribution: the groups of a counted source, found and made on the hot
 * path, shown in statsfs by a work item or by the load that builds the
 * tree they belong to.
 */

#include <linux/cgroup.h>
#include <linux/fs.h>
#include <linux/hash.h>
#include <linux/jiffies.h>
#include <linux/log2.h>
#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/statsfs.h>
#include <linux/string.h>

#include "compat.h"
#include "self.h"

#include "container.h"
#include "group.h"
#include "lookup.h"

/*
 * Groups of every set together, at most: each costs its counters on
 * every CPU and a statsfs directory of some KiB (see
 * Documentation/admin-guide/attribution.rst).
 */
#define ATTRIBUTION_GROUPS_TOTAL_MAX	16384
static atomic_t attribution_groups_total = ATOMIC_INIT(0);

/*
 * How long a group of a removed cgroup stays, in milliseconds: long
 * enough for a scrape to see its last counts, short enough that churning
 * containers do not fill max_groups.  At most a day.
 */
static unsigned int attribution_retention_ms = 60000;

static int attribution_retention_set(const char *val,
				     const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 0, 86400000);
}

static const struct kernel_param_ops attribution_retention_ops = {
	.set = attribution_retention_set,
	.get = param_get_uint,
};

module_param_cb(attribution_retention_ms, &attribution_retention_ops,
		&attribution_retention_ms, 0644);
MODULE_PARM_DESC(attribution_retention_ms,
		 "how long groups of removed cgroups are kept (ms, 60000)");

/* Sets look for removed cgroups every half retention, 0.1 s to 60 s. */
static unsigned long attribution_expire_period(void)
{
	return clamp(msecs_to_jiffies(READ_ONCE(attribution_retention_ms) / 2),
		     (unsigned long)HZ / 10, 60UL * HZ);
}

/* Takes one of the groups all sets may have together, if one is left. */
static bool attribution_groups_reserve(void)
{
	if (atomic_inc_return(&attribution_groups_total) <=
	    ATTRIBUTION_GROUPS_TOTAL_MAX)
		return true;
	atomic_dec(&attribution_groups_total);
	return false;
}

static struct attribution_group *
attribution_group_alloc(const struct attribution_kind *kind, gfp_t gfp)
{
	struct attribution_group *g;

	g = kzalloc(sizeof(*g), gfp);
	if (!g)
		return NULL;
	g->counters = __alloc_percpu_gfp(kind->counters_size, sizeof(u64), gfp);
	if (!g->counters) {
		kfree(g);
		return NULL;
	}
	return g;
}

static void attribution_group_free(struct attribution_group *g)
{
	free_percpu(g->counters);
	kfree(g);
}

/* A group of a set, out of it and out of every hook's sight. */
static void attribution_group_destroy(struct attribution_group *g)
{
	if (g->key.cgrp)
		cgroup_put(g->key.cgrp);
	if (g->exe_file)
		fput(g->exe_file);
	kfree(g->cgroup_path);
	kfree(g->process);
	if (!g->other)
		atomic_dec(&attribution_groups_total);
	attribution_group_free(g);
}

/* Spares per kind: the misses a burst of new groups has before a refill. */
#define ATTRIBUTION_SPARES	8

/*
 * A zeroed group for a miss: allocated without sleeping, or where
 * allocating is not allowed at all (PREEMPT_RT with preemption disabled:
 * the allocators' locks sleep there), one of the kind's spares.
 */
static struct attribution_group *
attribution_group_get(struct attribution_kind *kind)
{
	struct attribution_group *g = NULL;

	if (!IS_ENABLED(CONFIG_PREEMPT_RT) || preemptible()) {
		g = attribution_group_alloc(kind, GFP_NOWAIT | __GFP_NOWARN);
		if (g)
			return g;
	}
	raw_spin_lock(&kind->lock);
	g = list_first_entry_or_null(&kind->spares, typeof(*g), list);
	if (g) {
		list_del(&g->list);
		kind->nr_spares--;
	}
	raw_spin_unlock(&kind->lock);
	if (g)
		queue_work(system_wq, &kind->refill);
	return g;
}

/* A group the miss did not use, zeroed still: a spare (freeing may sleep). */
static void attribution_group_unget(struct attribution_kind *kind,
				    struct attribution_group *g)
{
	raw_spin_lock(&kind->lock);
	list_add(&g->list, &kind->spares);
	kind->nr_spares++;
	raw_spin_unlock(&kind->lock);
}

static void attribution_refill_work(struct work_struct *work)
{
	struct attribution_kind *kind = container_of(work, typeof(*kind),
						     refill);
	struct attribution_group *g;

	for (;;) {
		if (READ_ONCE(kind->nr_spares) >= ATTRIBUTION_SPARES)
			return;
		g = attribution_group_alloc(kind, GFP_KERNEL);
		if (!g)
			return;
		attribution_group_unget(kind, g);
	}
}

/**
 * __attribution_kind_init - make a kind of set ready
 * @kind: the kind, @counters_size and @add_values filled in
 * @name: the name of its mutex, for lockdep
 * @key: its lock class: one per kind, as one kind's load nests in
 *	another's (see attribution_kind_init())
 *
 * Return: 0 or -ENOMEM.
 */
int __attribution_kind_init(struct attribution_kind *kind, const char *name,
			    struct lock_class_key *key)
{
	__mutex_init(&kind->mutex, name, key);
	raw_spin_lock_init(&kind->lock);
	INIT_LIST_HEAD(&kind->spares);
	kind->nr_spares = 0;
	INIT_WORK(&kind->refill, attribution_refill_work);
	attribution_refill_work(&kind->refill);
	if (kind->nr_spares < ATTRIBUTION_SPARES) {
		attribution_kind_exit(kind);
		return -ENOMEM;
	}
	return 0;
}

/**
 * attribution_kind_exit - free a kind's spares
 * @kind: the kind; no set of it is left
 */
void attribution_kind_exit(struct attribution_kind *kind)
{
	struct attribution_group *g, *next;

	cancel_work_sync(&kind->refill);
	list_for_each_entry_safe(g, next, &kind->spares, list)
		attribution_group_free(g);
	INIT_LIST_HEAD(&kind->spares);
	kind->nr_spares = 0;
}

/*
 * The current task's group, not found in the hash: made now, or the
 * set's other group if there is no room or no memory.
 */
static struct attribution_group *
attribution_miss(struct attribution_set *set, struct cgroup *cgrp,
		 const struct super_block *exe_sb, unsigned long exe_ino,
		 u32 exe_gen, u32 bucket)
{
	const struct attribution_key key_fields = {
		.cgrp = cgrp,
		.exe_sb = exe_sb,
		.exe_ino = exe_ino,
		.exe_gen = exe_gen,
	};
	const struct attribution_key *key = &key_fields;
	struct attribution_group *g = NULL, *found;
	struct file *exe = NULL;

	/* A full set takes no lock: its tasks miss on every event. */
	if (READ_ONCE(set->count) >= set->max_groups ||
	    atomic_read(&attribution_groups_total) >=
	    ATTRIBUTION_GROUPS_TOTAL_MAX)
		goto other;
	g = attribution_group_get(set->kind);
	if (!g)
		goto other;
	if (key->exe_sb && current->mm)
		exe = get_file_rcu(&current->mm->exe_file);

	raw_spin_lock(&set->lock);
	found = attribution_find(set, cgrp, exe_sb, exe_ino, exe_gen,
				 bucket);
	if (!found && set->count < set->max_groups &&
	    attribution_groups_reserve()) {
		g->key = *key;
		/* Not get_task_comm(): task_lock() sleeps on PREEMPT_RT. */
		g->comm_words[0] = attribution_comm_word(0);
		g->comm_words[1] = attribution_comm_word(1);
		if (key->cgrp)
			cgroup_get(key->cgrp);
		g->exe_file = exe;
		exe = NULL;
		g->seq = ++set->last_seq;
		set->count++;
		list_add_tail_rcu(&g->list, &set->groups);
		hlist_add_head_rcu(&g->node, &set->buckets[bucket]);
		found = g;
		g = NULL;
		queue_work(system_wq, &set->work);
	} else if (!found) {
		found = set->other;
		this_cpu_inc(pathstats_self_events.attribution_folded);
	}
	raw_spin_unlock(&set->lock);

	if (exe)
		fput(exe);
	if (g)
		attribution_group_unget(set->kind, g);
	return found;

other:
	this_cpu_inc(pathstats_self_events.attribution_folded);
	return set->other;
}

/**
 * attribution_counters_miss - the counters of a task not in a set's hash
 * @set: the set
 * @cgrp: the task's key, as attribution_counters() took it, in loose fields
 *	(a key whose address is taken is made on the stack on every event)
 * @exe_sb: see @cgrp
 * @exe_ino: see @cgrp
 * @exe_gen: see @cgrp
 * @bucket: the key's bucket
 *
 * Called by attribution_counters(), in the same context.
 *
 * Return: the counters of the group made for the task, or of the set's
 * other group if there is no room or no memory.
 */
void __percpu *attribution_counters_miss(struct attribution_set *set,
					 struct cgroup *cgrp,
					 const struct super_block *exe_sb,
					 unsigned long exe_ino, u32 exe_gen,
					 u32 bucket)
{
	return attribution_miss(set, cgrp, exe_sb, exe_ino, exe_gen,
				bucket)->counters;
}

/*
 * Names come from users (a cgroup, an executable's file name): statsfs
 * shows labels as one line, so a control character is shown as '?'.
 */
static char *attribution_text(const char *s)
{
	char *text = kstrdup(s, GFP_KERNEL), *c;

	for (c = text; c && *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = '?';
	return text;
}

/*
 * Reads once what @g's directories show: a reload makes them again from
 * what the group keeps.  The executable's path is read from the file held
 * since the miss, which is then let go.  Sleeps; under the kind's mutex.
 */
static int attribution_group_resolve(struct attribution_group *g)
{
	char *buf, *p;
	int err = 0;

	if (g->resolved || g->other)
		return 0;
	buf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	if (g->key.cgrp && !g->cgroup_path) {
		if (cgroup_path(g->key.cgrp, buf, PATH_MAX) < 0)
			strscpy(buf, "", PATH_MAX);
		g->cgroup_path = attribution_text(buf);
		attribution_container_parse(buf, &g->container);
	}
	if (g->key.exe_sb && !g->process) {
		p = g->exe_file ? d_path(&g->exe_file->f_path, buf, PATH_MAX) :
			ERR_PTR(-ENOENT);
		g->process = attribution_text(IS_ERR(p) ? "" : p);
	}
	kfree(buf);
	if ((g->key.cgrp && !g->cgroup_path) ||
	    (g->key.exe_sb && !g->process)) {
		err = -ENOMEM;
	} else {
		g->resolved = true;
		if (g->exe_file)
			fput(g->exe_file);
		g->exe_file = NULL;
	}
	return err;
}

static int attribution_group_labels(const struct attribution_set *set,
				    const struct attribution_group *g,
				    struct statsfs_source *src)
{
	int err = 0;

	if (set->by & PATHSTATS_GROUP_BY_CGROUP) {
		err = statsfs_source_add_label(src, "cgroup",
					       g->cgroup_path ?: "");
		if (!err)
			err = statsfs_source_add_label(src, "container_id",
						       g->container.id);
		if (!err)
			err = statsfs_source_add_label(src, "pod_uid",
						       g->container.pod_uid);
	}
	if (!err && (set->by & PATHSTATS_GROUP_BY_PROCESS)) {
		err = statsfs_source_add_label(src, "process",
					       g->process ?: "");
		if (!err)
			err = statsfs_source_add_live_label(src, "comm",
							    g->comm,
							    sizeof(g->comm));
	}
	return err;
}

/* A new directory for @g, over its counters, not in any tree yet. */
static struct statsfs_source *
attribution_group_source(struct attribution_set *set,
			 struct attribution_group *g, const void *owner)
{
	struct statsfs_source *src;
	int err;

	err = attribution_group_resolve(g);
	if (err)
		return ERR_PTR(err);
	if (g->other)
		src = statsfs_source_create(0, "other");
	else if (set->by == PATHSTATS_GROUP_BY_CGROUP)
		src = statsfs_source_create(0, "cgroup-%llu",
					    cgroup_id(g->key.cgrp));
	else if (set->by == PATHSTATS_GROUP_BY_PROCESS)
		src = statsfs_source_create(0, "process-%u", g->seq);
	else
		src = statsfs_source_create(0, "cgroup-%llu-process-%u",
					    cgroup_id(g->key.cgrp), g->seq);
	if (IS_ERR(src))
		return src;
	err = g->other ? 0 : attribution_group_labels(set, g, src);
	if (!err)
		err = set->kind->add_values(src, g->counters, owner);
	if (err) {
		statsfs_source_put(src);
		return ERR_PTR(err);
	}
	return src;
}

/* Puts @g's directory below @parent; @parent holds it, @g refers to it. */
static int attribution_group_add(struct attribution_set *set,
				 struct attribution_group *g,
				 struct statsfs_source *parent,
				 const void *owner,
				 struct statsfs_source **srcp)
{
	struct statsfs_source *src;
	int err;

	src = attribution_group_source(set, g, owner);
	if (IS_ERR(src))
		return PTR_ERR(src);
	err = statsfs_source_add_subordinate(parent, src);
	statsfs_source_put(src);
	if (!err)
		*srcp = src;
	return err;
}

/*
 * Takes @g's directory out of the tree, its counts into @into.  Should
 * statsfs refuse (a bug, it warns), the directory is revoked instead:
 * it then reads nothing of @g, whose memory may go.
 */
static void attribution_group_fold(struct attribution_group *g,
				   struct statsfs_source *into)
{
	if (statsfs_source_fold(g->src, into))
		statsfs_source_revoke(g->src);
	g->src = NULL;
}

/* Shows the groups without a directory: those made on the hot path. */
static void attribution_show_work(struct work_struct *work)
{
	struct attribution_set *set = container_of(work, typeof(*set), work);
	struct attribution_group *g;

	mutex_lock(&set->kind->mutex);
	list_for_each_entry_rcu(g, &set->groups, list,
				lockdep_is_held(&set->kind->mutex)) {
		if (g->src || !set->parent)
			continue;
		if (attribution_group_add(set, g, set->parent, set->owner,
					  &g->src))
			this_cpu_inc(pathstats_self_events.attribution_unshown);
	}
	mutex_unlock(&set->kind->mutex);
}

/*
 * As kernel/cgroup's own cgroup_is_dead(): rmdir takes the cgroup
 * offline at once, while its references keep it in memory.
 */
static bool attribution_cgroup_removed(const struct cgroup *cgrp)
{
	return !(READ_ONCE(cgrp->self.flags) & CSS_ONLINE);
}

/*
 * Whether @g's cgroup was removed @retention jiffies ago or longer, as
 * far as the checks, every attribution_expire_period(), saw.
 */
static bool attribution_group_expired(struct attribution_group *g,
				      unsigned long retention)
{
	if (g->other || !g->key.cgrp ||
	    !attribution_cgroup_removed(g->key.cgrp))
		return false;
	if (!g->removed) {
		g->removed = true;
		g->removed_at = jiffies;
	}
	return time_after_eq(jiffies, g->removed_at + retention);
}

/*
 * Folds the groups of cgroups removed long enough ago into the owner's
 * own counters.  A task may still count in such a group (one that exits
 * in it, a zombie's last close): out of the hash it cannot find the group
 * any more, and after a grace period it counts in it no more; if it
 * counts again, it makes a new group.
 */
static void attribution_expire_work(struct work_struct *work)
{
	struct attribution_set *set = container_of(to_delayed_work(work),
						   typeof(*set), expire);
	unsigned long retention;
	struct attribution_group *g, *next;
	LIST_HEAD(expired);

	retention = msecs_to_jiffies(READ_ONCE(attribution_retention_ms));
	mutex_lock(&set->kind->mutex);
	if (!set->parent) {
		/* The next commit looks again. */
		mutex_unlock(&set->kind->mutex);
		return;
	}
	list_for_each_entry_safe(g, next, &set->groups, list) {
		/* Without a directory its counts are in no total yet. */
		if (!g->src || !attribution_group_expired(g, retention))
			continue;
		raw_spin_lock(&set->lock);
		hlist_del_rcu(&g->node);
		list_move(&g->list, &expired);
		set->count--;
		raw_spin_unlock(&set->lock);
	}
	if (!list_empty(&expired))
		synchronize_rcu();
	list_for_each_entry_safe(g, next, &expired, list) {
		/* Counted first: a reader who sees it gone sees it counted. */
		this_cpu_inc(pathstats_self_events.attribution_expired);
		attribution_group_fold(g, set->own);
		attribution_group_destroy(g);
	}
	queue_delayed_work(system_wq, &set->expire,
			   attribution_expire_period());
	mutex_unlock(&set->kind->mutex);
}

/**
 * attribution_set_create - a set of groups, with its other group
 * @by: PATHSTATS_GROUP_BY_* flags, at least one
 * @max_groups: groups at most, besides the other group
 * @kind: the owner's kind of set; lives longer than the set
 *
 * Return: the set, holding one reference, or NULL without memory.
 */
struct attribution_set *attribution_set_create(u32 by, u32 max_groups,
					       struct attribution_kind *kind)
{
	struct attribution_set *set;
	unsigned int bits;

	set = kzalloc(sizeof(*set), GFP_KERNEL);
	if (!set)
		return NULL;
	kref_init(&set->kref);
	set->by = by;
	set->max_groups = max_groups;
	set->kind = kind;
	raw_spin_lock_init(&set->lock);
	INIT_LIST_HEAD(&set->groups);
	INIT_WORK(&set->work, attribution_show_work);
	INIT_DELAYED_WORK(&set->expire, attribution_expire_work);
#ifdef CONFIG_LOCKDEP
	lockdep_init_map(&set->work.lockdep_map, "attribution_show_work",
			 &kind->work_key, 0);
	lockdep_init_map(&set->expire.work.lockdep_map,
			 "attribution_expire_work", &kind->expire_key, 0);
#endif
	/* Chains of one or two at the most groups. */
	bits = ilog2(roundup_pow_of_two(max_groups)) + 1;
	set->hash_shift = 64 - bits;
	set->buckets = kvcalloc(1U << bits, sizeof(*set->buckets), GFP_KERNEL);
	set->other = attribution_group_alloc(kind, GFP_KERNEL);
	if (!set->buckets || !set->other) {
		kvfree(set->buckets);
		if (set->other)
			attribution_group_free(set->other);
		kfree(set);
		return NULL;
	}
	set->other->other = true;
	list_add_tail(&set->other->list, &set->groups);
	return set;
}

static void attribution_set_release(struct kref *kref)
{
	struct attribution_set *set = container_of(kref, typeof(*set), kref);
	struct attribution_group *g, *next;

	/* No table lists the set, and no hook is left in it: no new work. */
	cancel_delayed_work_sync(&set->expire);
	cancel_work_sync(&set->work);
	list_for_each_entry_safe(g, next, &set->groups, list)
		attribution_group_destroy(g);
	kvfree(set->buckets);
	kfree(set);
}

/**
 * attribution_set_put - drop a reference to a set
 * @set: the set, or NULL
 *
 * The last one frees the set and its groups: call after the last hook
 * that could find the set has returned (a grace period after the table
 * listing it was unpublished), and not under the kind's mutex.
 */
void attribution_set_put(struct attribution_set *set)
{
	if (set)
		kref_put(&set->kref, attribution_set_release);
}

/**
 * attribution_set_matches - whether a set groups as a configuration asks
 * @set: the set, or NULL
 * @by: PATHSTATS_GROUP_BY_* flags asked for, 0 for none
 * @max_groups: the number of groups asked for
 *
 * Return: true if @set can serve the configuration as it is.
 */
bool attribution_set_matches(const struct attribution_set *set, u32 by,
			     u32 max_groups)
{
	if (!set)
		return !by;
	return set->by == by && set->max_groups == max_groups;
}

/**
 * attribution_set_build - the groups' directories in a tree being built
 * @set: the set
 * @parent: the source of the tree the groups go below, not visible yet
 * @owner: the owner's configuration entry in that tree
 *
 * Changes nothing the hot path or a reader sees: attribution_set_commit()
 * makes the directories the groups' own once the tree is in place.  Call
 * under the kind's mutex, held until the commit or the tree's drop.
 *
 * Return: 0 or a negative errno.
 */
int attribution_set_build(struct attribution_set *set,
			  struct statsfs_source *parent, const void *owner)
{
	struct attribution_group *g;
	int err;

	lockdep_assert_held(&set->kind->mutex);
	list_for_each_entry_rcu(g, &set->groups, list,
				lockdep_is_held(&set->kind->mutex))
		g->next_src = NULL;
	list_for_each_entry_rcu(g, &set->groups, list,
				lockdep_is_held(&set->kind->mutex)) {
		err = attribution_group_add(set, g, parent, owner,
					    &g->next_src);
		/* The tree can do without it: the work tries again. */
		if (err && !g->other)
			this_cpu_inc(pathstats_self_events.attribution_unshown);
		else if (err)
			return err;
	}
	return 0;
}

/**
 * attribution_set_commit - show the groups in the tree now in place
 * @set: the set, built into @parent
 * @parent: the source the groups are below from now on
 * @own: the hidden source of the owner's own counters, below @parent
 * @owner: the owner's configuration entry, for the groups made later
 *
 * Groups the build did not show (made since, or in a set that was not
 * built) are shown by the work, once the kind's mutex is let go.  Groups
 * of removed cgroups are looked for from now on.  Call under the kind's
 * mutex.
 */
void attribution_set_commit(struct attribution_set *set,
			    struct statsfs_source *parent,
			    struct statsfs_source *own, const void *owner)
{
	struct attribution_group *g;

	lockdep_assert_held(&set->kind->mutex);
	list_for_each_entry_rcu(g, &set->groups, list,
				lockdep_is_held(&set->kind->mutex)) {
		g->src = g->next_src;
		g->next_src = NULL;
	}
	set->parent = parent;
	set->own = own;
	set->owner = owner;
	queue_work(system_wq, &set->work);
	/* Sooner if the retention was shortened since. */
	if (set->by & PATHSTATS_GROUP_BY_CGROUP)
		mod_delayed_work(system_wq, &set->expire,
				 attribution_expire_period());
}

/**
 * attribution_set_detach - forget the tree the groups are shown in
 * @set: the set, whose parent's tree is about to be dropped
 *
 * For a set no new tree shows (its entry dropped, or the module going):
 * a work still to run must not add a directory below a source freed with
 * the tree.  Call under the kind's mutex; attribution_set_commit() gives
 * the set a parent again.
 */
void attribution_set_detach(struct attribution_set *set)
{
	struct attribution_group *g;

	lockdep_assert_held(&set->kind->mutex);
	list_for_each_entry_rcu(g, &set->groups, list,
				lockdep_is_held(&set->kind->mutex))
		g->src = NULL;
	set->parent = NULL;
	set->own = NULL;
	set->owner = NULL;
}

/**
 * attribution_set_fold - fold every group into the source's own counts
 * @set: a set no hook counts in any more (its table unpublished, a grace
 *	period passed)
 * @into: the source of the owner's own counters, beside the groups
 *
 * A configuration that groups a kept source differently replaces its set:
 * the old groups' counts stay in the source's totals, as its own, and
 * their directories go.  Groups the hot path made but the work did not
 * show yet are shown first, so that their counts are folded too.  Call
 * under the kind's mutex.
 */
void attribution_set_fold(struct attribution_set *set,
			  struct statsfs_source *into)
{
	struct attribution_group *g;

	lockdep_assert_held(&set->kind->mutex);
	if (!set->parent)
		return;
	list_for_each_entry_rcu(g, &set->groups, list,
				lockdep_is_held(&set->kind->mutex)) {
		if (!g->src &&
		    attribution_group_add(set, g, set->parent, set->owner,
					  &g->src)) {
			this_cpu_inc(pathstats_self_events.attribution_unshown);
			continue;
		}
		attribution_group_fold(g, into);
	}
	set->parent = NULL;
	set->own = NULL;
}
