// SPDX-License-Identifier: GPL-2.0
/*
 * pathmon: the prefixes of the loaded configuration, their per-cpu
 * counters and their statsfs sources.
 *
 * A load builds a complete new state next to the old one (a table of
 * prefixes for the probes, a "pathmon" statsfs source with a subordinate
 * per prefix) and only then swaps it in, so that a failure changes
 * nothing and readers never see half a configuration.  A prefix that
 * stays keeps its counters: the new table refers to the same
 * struct pathmon_prefix.
 */

#include <linux/bsearch.h>
#include <linux/err.h>
#include <linux/hash.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/statsfs.h>
#include <linux/string.h>

#include "attribution/group.h"
#include "config.h"
#include "fault.h"

#include "defer.h"
#include "match.h"
#include "pathmon.h"
#include "probe.h"

struct pathmon_table __rcu *pathmon_table;

/* Serialises loads; the control device already does, this documents it. */
static DEFINE_MUTEX(pathmon_lock);
static struct statsfs_source *pathmon_root;
/* pathmon_root is in the statsfs tree: a failed load may have lost it. */
static bool pathmon_root_shown;
/* The syscalls trace sessions' file points need hooked, on top. */
static u64 pathmon_trace_syscalls;
/* Never reused, so that no cached match outlives its table. */
static u32 pathmon_generation;

#define PATHMON_RW(_field, _unit, _desc)				\
	STATSFS_U64_VALUE(struct pathmon_counters, _field,		\
			  STATSFS_AGGR_SUM, 0, _unit, _desc)

static const struct statsfs_value pathmon_rw_values[] = {
	PATHMON_RW(read_ops, "ops", "read operations"),
	PATHMON_RW(write_ops, "ops", "write operations"),
	PATHMON_RW(read_bytes, "bytes", "bytes read"),
	PATHMON_RW(write_bytes, "bytes", "bytes written"),
};

/*
 * One descriptor array per syscall, so that statsfs aggregates each
 * syscall's calls over the prefixes that count it.
 */
#define PATHMON_SYSCALL(_sys, _name)					\
	[PATHSTATS_SYS_##_sys] = {					\
		.name = #_name "_calls",				\
		.unit = "calls",					\
		.desc = "calls of " #_name "(2)",			\
		.type = STATSFS_U64,					\
		.aggr = STATSFS_AGGR_SUM,				\
		.offset = offsetof(struct pathmon_counters,		\
				   syscalls[PATHSTATS_SYS_##_sys]),	\
	}

static const struct statsfs_value pathmon_syscall_values[] = {
	PATHMON_SYSCALL(OPEN, open),
	PATHMON_SYSCALL(OPENAT, openat),
	PATHMON_SYSCALL(OPENAT2, openat2),
	PATHMON_SYSCALL(CREAT, creat),
	PATHMON_SYSCALL(CLOSE, close),
	PATHMON_SYSCALL(READ, read),
	PATHMON_SYSCALL(WRITE, write),
	PATHMON_SYSCALL(PREAD, pread),
	PATHMON_SYSCALL(PWRITE, pwrite),
	PATHMON_SYSCALL(READV, readv),
	PATHMON_SYSCALL(WRITEV, writev),
	PATHMON_SYSCALL(PREADV, preadv),
	PATHMON_SYSCALL(PWRITEV, pwritev),
	PATHMON_SYSCALL(PREADV2, preadv2),
	PATHMON_SYSCALL(PWRITEV2, pwritev2),
	PATHMON_SYSCALL(STAT, stat),
	PATHMON_SYSCALL(LSTAT, lstat),
	PATHMON_SYSCALL(FSTAT, fstat),
	PATHMON_SYSCALL(NEWFSTATAT, newfstatat),
	PATHMON_SYSCALL(STATX, statx),
	PATHMON_SYSCALL(TRUNCATE, truncate),
	PATHMON_SYSCALL(FTRUNCATE, ftruncate),
	PATHMON_SYSCALL(FSYNC, fsync),
	PATHMON_SYSCALL(FDATASYNC, fdatasync),
	PATHMON_SYSCALL(UNLINK, unlink),
	PATHMON_SYSCALL(UNLINKAT, unlinkat),
	PATHMON_SYSCALL(RENAME, rename),
	PATHMON_SYSCALL(RENAMEAT, renameat),
	PATHMON_SYSCALL(RENAMEAT2, renameat2),
	PATHMON_SYSCALL(MKDIR, mkdir),
	PATHMON_SYSCALL(MKDIRAT, mkdirat),
	PATHMON_SYSCALL(RMDIR, rmdir),
	PATHMON_SYSCALL(GETDENTS64, getdents64),
	PATHMON_SYSCALL(SENDFILE, sendfile),
	PATHMON_SYSCALL(COPY_FILE_RANGE, copy_file_range),
	PATHMON_SYSCALL(SPLICE, splice),
	PATHMON_SYSCALL(MMAP, mmap),
};

static_assert(ARRAY_SIZE(pathmon_syscall_values) == PATHSTATS_SYS_COUNT);

static struct pathmon_prefix *pathmon_prefix_create(const char *prefix,
						    u32 len)
{
	struct pathmon_prefix *p;

	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return NULL;
	p->prefix = kmemdup_nul(prefix, len, GFP_KERNEL);
	p->counters = alloc_percpu(struct pathmon_counters);
	if (!p->prefix || !p->counters) {
		free_percpu(p->counters);
		kfree(p->prefix);
		kfree(p);
		return NULL;
	}
	p->len = len;
	kref_init(&p->kref);
	return p;
}

static void pathmon_prefix_release(struct kref *kref)
{
	struct pathmon_prefix *p = container_of(kref, struct pathmon_prefix,
						kref);

	free_percpu(p->counters);
	kfree(p->prefix);
	kfree(p);
}

/*
 * Drops the table's references; no reader may see @table any more.  Not
 * under the attribution mutex once the table was committed: the last
 * reference to a set waits for its work.
 */
static void pathmon_table_free(struct pathmon_table *table)
{
	u32 i;

	if (!table)
		return;
	for (i = 0; i < table->count; i++) {
		struct pathmon_entry *e = &table->entries[i];

		attribution_slot_put(&e->groups);
		if (e->prefix)
			kref_put(&e->prefix->kref, pathmon_prefix_release);
	}
	kvfree(table->buckets);
	kvfree(table->next);
	kvfree(table);
}

static int pathmon_cmp_entry(const void *a, const void *b)
{
	const struct pathmon_entry *ea = a, *eb = b;

	return strcmp(ea->prefix->prefix, eb->prefix->prefix);
}

static int pathmon_cmp_key(const void *key, const void *elt)
{
	const struct pathmon_entry *e = elt;

	return strcmp(key, e->prefix->prefix);
}

/* The current entry of @path's prefix, if it stays; @sorted by prefix. */
static const struct pathmon_entry *
pathmon_entry_find(const struct pathstats_config_path *path,
		   const struct pathmon_entry *sorted, u32 count)
{
	return bsearch(path->prefix, sorted, count, sizeof(*sorted),
		       pathmon_cmp_key);
}

/* The values of a prefix, over @counters: a prefix's or a group's. */
static int pathmon_add_values(struct statsfs_source *src,
			      void __percpu *counters, const void *owner)
{
	const struct pathmon_entry *e = owner;
	unsigned int sys;
	int err;

	err = statsfs_source_add_percpu_values(src, pathmon_rw_values,
					       ARRAY_SIZE(pathmon_rw_values),
					       counters);
	for (sys = 0; !err && sys < PATHSTATS_SYS_COUNT; sys++)
		if (e->syscalls & BIT_ULL(sys))
			err = statsfs_source_add_percpu_values(src,
							       &pathmon_syscall_values[sys],
							       1, counters);
	return err;
}

static struct attribution_kind pathmon_attribution = {
	.counters_size = sizeof(struct pathmon_counters),
	.add_values = pathmon_add_values,
};

/*
 * The entry of @path in the table being built: the current prefix object
 * if the prefix stays, so that its counters do, else a new one; its
 * groups if they are grouped the same, else new ones (the current ones
 * retire).
 */
static int pathmon_entry_init(struct pathmon_entry *e,
			      const struct pathstats_config_path *path,
			      const struct pathmon_entry *sorted, u32 count)
{
	const struct pathmon_entry *cur;
	int err;

	cur = pathmon_entry_find(path, sorted, count);
	e->syscalls = path->syscalls;
	if (cur) {
		kref_get(&cur->prefix->kref);
		e->prefix = cur->prefix;
	} else {
		e->prefix = pathmon_prefix_create(path->prefix,
						  path->prefix_len);
		if (!e->prefix)
			return -ENOMEM;
	}
	err = attribution_slot_init(&e->groups, cur ? &cur->groups : NULL,
				    path->group_by, path->max_groups,
				    &pathmon_attribution);
	if (err)
		return err;
	return attribution_slot_limit(&e->groups, path->cgroups,
				      path->cgroup_count);
}

/* The directory of @e's prefix, and of its groups. */
static int pathmon_source_add(struct statsfs_source *root,
			      const struct pathstats_config_path *path,
			      struct pathmon_entry *e)
{
	struct statsfs_source *src;
	int err;

	src = statsfs_source_create(0, "%s", path->name);
	if (IS_ERR(src))
		return PTR_ERR(src);
	err = statsfs_source_add_label(src, "prefix", e->prefix->prefix);
	if (!err)
		err = attribution_slot_show(&e->groups, src,
					    e->prefix->counters, e);
	if (!err && !e->groups.own)
		err = pathmon_add_values(src, e->prefix->counters, e);
	if (!err)
		err = statsfs_source_add_subordinate(root, src);
	statsfs_source_put(src);
	return err;
}

/* Chains every entry into a hash table of its prefix, for the match. */
static int pathmon_index(struct pathmon_table *table)
{
	u32 i, bucket;

	table->hash_bits = ilog2(roundup_pow_of_two(max(table->count, 1U))) + 1;
	table->buckets = kvmalloc_array(1U << table->hash_bits, sizeof(u32),
					GFP_KERNEL);
	table->next = kvmalloc_array(max(table->count, 1U), sizeof(u32),
				     GFP_KERNEL);
	if (!table->buckets || !table->next)
		return -ENOMEM;
	memset(table->buckets, 0xff, sizeof(u32) << table->hash_bits);
	for (i = 0; i < table->count; i++) {
		const struct pathmon_prefix *p = table->entries[i].prefix;

		bucket = hash_64(pathmon_hash_name(p->prefix, p->len),
				 table->hash_bits);
		table->next[i] = table->buckets[bucket];
		table->buckets[bucket] = i;
	}
	return 0;
}

/* Builds the table and the statsfs subtree of @cfg, touching nothing. */
static int pathmon_build(const struct pathstats_config *cfg,
			 const struct pathmon_table *old,
			 struct pathmon_table **tablep,
			 struct statsfs_source **rootp)
{
	u32 n = cfg ? cfg->path_count : 0, old_n = old ? old->count : 0, i;
	struct pathmon_entry *sorted = NULL;
	struct statsfs_source *root;
	struct pathmon_table *table;
	int err = -ENOMEM;

	root = statsfs_source_create(0, "pathmon");
	if (IS_ERR(root))
		return PTR_ERR(root);
	table = pathstats_fault_load_step() ? NULL :
		kvzalloc(struct_size(table, entries, n), GFP_KERNEL);
	if (!table)
		goto err_root;
	table->count = n;
	table->generation = ++pathmon_generation;
	if (old_n) {
		sorted = kvmalloc_array(old_n, sizeof(*sorted), GFP_KERNEL);
		if (!sorted)
			goto err_table;
		memcpy(sorted, old->entries, old_n * sizeof(*sorted));
		sort(sorted, old_n, sizeof(*sorted), pathmon_cmp_entry, NULL);
	}

	for (i = 0; i < n; i++) {
		const struct pathstats_config_path *path = &cfg->paths[i];

		err = pathmon_entry_init(&table->entries[i], path, sorted,
					 old_n);
		if (err)
			goto err_table;
		table->syscalls |= path->syscalls;
		err = pathmon_source_add(root, path, &table->entries[i]);
		if (err)
			goto err_table;
	}
	kvfree(sorted);
	/* Without prefixes, none: see pathmon_counted_syscall(). */
	if (n)
		pathmon_probe_exit_nrs(table->syscalls, table->exit_nrs);
	err = pathmon_index(table);
	if (err)
		goto err_table_only;
	*tablep = table;
	*rootp = root;
	return 0;

err_table_only:
	pathmon_table_free(table);
	statsfs_source_put(root);
	return err;

err_table:
	kvfree(sorted);
	pathmon_table_free(table);
err_root:
	statsfs_source_put(root);
	return err;
}

/* The tree of @old goes: no group of it may show there any more. */
static void pathmon_detach_groups(struct pathmon_table *old)
{
	u32 i;

	for (i = 0; old && i < old->count; i++)
		attribution_slot_detach(&old->entries[i].groups);
}

/* The tree of @table is in place: its groups show in it from now on. */
static void pathmon_commit_groups(struct pathmon_table *table)
{
	u32 i;

	for (i = 0; i < table->count; i++)
		attribution_slot_commit(&table->entries[i].groups,
					&table->entries[i]);
}

/*
 * No hook counts in the retired groups any more (a grace period passed
 * since @table replaced theirs): their counts become their prefix's own.
 */
static void pathmon_fold_retired(struct pathmon_table *table)
{
	u32 i;

	for (i = 0; i < table->count; i++)
		attribution_slot_fold(&table->entries[i].groups);
}

/* Not under the attribution mutex: the last put waits for the set's work. */
static void pathmon_put_retired(struct pathmon_table *table)
{
	u32 i;

	for (i = 0; i < table->count; i++)
		attribution_slot_put_retired(&table->entries[i].groups);
}

/**
 * pathmon_apply - make a configuration's prefixes the monitored ones
 * @cfg: the new configuration, or NULL for none
 *
 * Counters of prefixes in both the old and the new configuration keep
 * their values.  On failure nothing changes.
 *
 * Return: 0 or a negative errno.
 */
int pathmon_apply(const struct pathstats_config *cfg)
{
	struct statsfs_source *root;
	struct pathmon_table *old, *table;
	int err;

	mutex_lock(&pathmon_lock);
	old = rcu_dereference_protected(pathmon_table,
					lockdep_is_held(&pathmon_lock));
	/* No group gets a directory in the old tree while the new is built. */
	mutex_lock(&pathmon_attribution.mutex);
	err = pathmon_build(cfg, old, &table, &root);
	if (err) {
		mutex_unlock(&pathmon_attribution.mutex);
		goto out;
	}
	err = pathmon_probe_sync(table->count,
				 table->syscalls | pathmon_trace_syscalls, false);
	if (err)
		goto err_free;

	if (pathmon_root_shown)
		statsfs_source_unregister(pathmon_root);
	err = pathstats_fault_load_step() ? -ENOMEM :
	      pathstats_fault_source_register(root);
	if (err) {
		/* Put the old tree back; it shows the counting in force. */
		pathmon_root_shown =
			!pathstats_fault_source_register(pathmon_root);
		if (!pathmon_root_shown)
			pr_err("no pathmon statsfs tree until the next load\n");
		pathmon_probe_sync(old ? old->count : 0,
				   (old ? old->syscalls : 0) |
				   pathmon_trace_syscalls, true);
		goto err_free;
	}
	pathmon_detach_groups(old);
	statsfs_source_put(pathmon_root);
	pathmon_root = root;
	pathmon_root_shown = true;
	pathmon_commit_groups(table);

	rcu_assign_pointer(pathmon_table, table);
	pathmon_probe_sync(table->count,
			   table->syscalls | pathmon_trace_syscalls, true);
	synchronize_rcu();
	pathmon_fold_retired(table);
	mutex_unlock(&pathmon_attribution.mutex);
	pathmon_table_free(old);
	pathmon_put_retired(table);
	goto out;

err_free:
	mutex_unlock(&pathmon_attribution.mutex);
	pathmon_table_free(table);
	statsfs_source_put(root);
out:
	mutex_unlock(&pathmon_lock);
	return err;
}

/**
 * pathmon_trace_update - hook the syscalls trace sessions need
 * @syscalls: bitmap of (1 << enum pathstats_syscall) the file points fire
 *	for, on top of what the prefixes count
 *
 * The counters do not change: each prefix counts the syscalls it lists.
 *
 * Return: 0 or a negative errno; on failure nothing changed.
 */
int pathmon_trace_update(u64 syscalls)
{
	const struct pathmon_table *table;
	u32 count;
	u64 own;
	int err;

	mutex_lock(&pathmon_lock);
	table = rcu_dereference_protected(pathmon_table,
					  lockdep_is_held(&pathmon_lock));
	count = table ? table->count : 0;
	own = table ? table->syscalls : 0;
	err = pathmon_probe_sync(count, own | syscalls, false);
	if (!err) {
		pathmon_probe_trace_syscalls(syscalls);
		pathmon_trace_syscalls = syscalls;
		pathmon_probe_sync(count, own | syscalls, true);
	}
	mutex_unlock(&pathmon_lock);
	return err;
}

/**
 * pathmon_init - publish an empty /sys/kernel/stats/pathmon
 *
 * Return: 0 or a negative errno.
 */
int pathmon_init(void)
{
	int err;

	err = pathmon_probe_init();
	if (err)
		return err;
	err = pathmon_match_init();
	if (err)
		return err;
	err = pathmon_defer_init();
	if (err)
		goto err_match;
	err = attribution_kind_init(&pathmon_attribution);
	if (err)
		goto err_defer;
	pathmon_root = statsfs_source_create(0, "pathmon");
	if (IS_ERR(pathmon_root)) {
		err = PTR_ERR(pathmon_root);
		goto err_kind;
	}
	err = statsfs_source_register(pathmon_root);
	if (err)
		goto err_root;
	pathmon_root_shown = true;
	return 0;

err_root:
	statsfs_source_put(pathmon_root);
err_kind:
	attribution_kind_exit(&pathmon_attribution);
err_defer:
	pathmon_defer_exit();
err_match:
	pathmon_match_exit();
	return err;
}

/**
 * pathmon_exit - drop every prefix and /sys/kernel/stats/pathmon
 */
void pathmon_exit(void)
{
	struct pathmon_table *table;

	pathmon_probe_sync(0, 0, true);
	mutex_lock(&pathmon_attribution.mutex);
	pathmon_detach_groups(rcu_dereference_protected(pathmon_table, true));
	mutex_unlock(&pathmon_attribution.mutex);
	if (pathmon_root_shown)
		statsfs_source_unregister(pathmon_root);
	statsfs_source_put(pathmon_root);
	table = rcu_replace_pointer(pathmon_table, NULL, true);
	synchronize_rcu();
	pathmon_table_free(table);
	attribution_kind_exit(&pathmon_attribution);
	pathmon_probe_exit();
	pathmon_defer_exit();
	pathmon_match_exit();
}
