// SPDX-License-Identifier: GPL-2.0
/*
 * statsfs sources: the tree of sources and values, aggregation of values
 * over subtrees, and the mapping of the tree onto dentries while the
 * filesystem is mounted.
 *
 * The tree exists whether or not the filesystem is mounted; mounting
 * creates the dentries for it (statsfs_populate()) and every later change
 * updates them.  Keeping no internal mount means the module is only pinned
 * while a user has statsfs mounted.
 */

#include <linux/dcache.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "init.h"
#include "internal.h"
#include "name.h"

/*
 * Aggregation and removal recurse over subtrees: bound the depth so that
 * a tree built by a client can never exhaust the kernel stack.
 */
#define STATSFS_MAX_DEPTH	16

DECLARE_RWSEM(statsfs_lock);
struct statsfs_source *statsfs_root;

/**
 * statsfs_source_create - create a source
 * @flags: STATSFS_SOURCE_* flags
 * @fmt: printf-style format of the source's name
 *
 * Return: the source with one reference held by the caller, or an
 * ERR_PTR(): -EINVAL for unknown flags or an invalid name, -ENOMEM.
 */
struct statsfs_source *statsfs_source_create(unsigned int flags,
					     const char *fmt, ...)
{
	struct statsfs_source *src;
	va_list ap;

	if (flags & ~STATSFS_SOURCE_FLAGS)
		return ERR_PTR(-EINVAL);

	src = kzalloc(sizeof(*src), GFP_KERNEL);
	if (!src)
		return ERR_PTR(-ENOMEM);

	va_start(ap, fmt);
	src->name = kvasprintf(GFP_KERNEL, fmt, ap);
	va_end(ap);
	if (!src->name) {
		kfree(src);
		return ERR_PTR(-ENOMEM);
	}
	if (!statsfs_name_valid(src->name)) {
		kfree(src->name);
		kfree(src);
		return ERR_PTR(-EINVAL);
	}

	kref_init(&src->kref);
	src->flags = flags;
	INIT_LIST_HEAD(&src->subordinates);
	INIT_LIST_HEAD(&src->sibling);
	INIT_LIST_HEAD(&src->value_sets);
	INIT_LIST_HEAD(&src->aggr_sets);
	INIT_LIST_HEAD(&src->labels);
	return src;
}
EXPORT_SYMBOL_GPL(statsfs_source_create);

/**
 * statsfs_source_get - take a reference on a source
 * @src: the source
 */
void statsfs_source_get(struct statsfs_source *src)
{
	kref_get(&src->kref);
}
EXPORT_SYMBOL_GPL(statsfs_source_get);

static void statsfs_aggr_set_free(struct statsfs_aggr_set *agg)
{
	list_del(&agg->list);
	kfree(agg->dentries);
	kfree(agg);
}

static void statsfs_value_set_free(struct statsfs_value_set *set)
{
	list_del(&set->list);
	kfree(set->dentries);
	kfree(set);
}

/* A label in no list: added to none yet, or taken off its source's. */
static void statsfs_label_destroy(struct statsfs_label *label)
{
	kfree(label->name);
	kfree(label->text);
	kfree(label);
}

static void statsfs_label_free(struct statsfs_label *label)
{
	list_del(&label->list);
	statsfs_label_destroy(label);
}

static void statsfs_source_release(struct kref *kref)
{
	struct statsfs_source *src = container_of(kref, struct statsfs_source,
						  kref);
	struct statsfs_source *sub, *next_sub;
	struct statsfs_value_set *set, *next_set;
	struct statsfs_aggr_set *agg, *next_agg;
	struct statsfs_label *label, *next_label;
	LIST_HEAD(orphans);

	/*
	 * The last reference is gone, so no parent holds @src and it has no
	 * dentries; its subordinates may still be held by others, who may
	 * look at ->parent under the lock.
	 */
	down_write(&statsfs_lock);
	list_for_each_entry_safe(sub, next_sub, &src->subordinates, sibling) {
		sub->parent = NULL;
		list_move_tail(&sub->sibling, &orphans);
	}
	up_write(&statsfs_lock);

	list_for_each_entry_safe(sub, next_sub, &orphans, sibling) {
		list_del_init(&sub->sibling);
		statsfs_source_put(sub);
	}
	list_for_each_entry_safe(set, next_set, &src->value_sets, list)
		statsfs_value_set_free(set);
	list_for_each_entry_safe(agg, next_agg, &src->aggr_sets, list)
		statsfs_aggr_set_free(agg);
	list_for_each_entry_safe(label, next_label, &src->labels, list)
		statsfs_label_free(label);
	kfree(src->name);
	kfree(src);
}

/**
 * statsfs_source_put - drop a reference on a source
 * @src: the source; freed with the last reference
 *
 * Must not be called with statsfs_lock held.
 */
void statsfs_source_put(struct statsfs_source *src)
{
	kref_put(&src->kref, statsfs_source_release);
}
EXPORT_SYMBOL_GPL(statsfs_source_put);

static struct statsfs_value_set *
statsfs_find_set(const struct statsfs_source *src,
		 const struct statsfs_value *values)
{
	struct statsfs_value_set *set;

	list_for_each_entry(set, &src->value_sets, list)
		if (set->values == values)
			return set;
	return NULL;
}

static struct statsfs_aggr_set *
statsfs_find_aggr(const struct statsfs_source *src,
		  const struct statsfs_value *values)
{
	struct statsfs_aggr_set *agg;

	list_for_each_entry(agg, &src->aggr_sets, list)
		if (agg->values == values)
			return agg;
	return NULL;
}

static bool statsfs_name_taken(const struct statsfs_source *src,
			       const char *name)
{
	const struct statsfs_value_set *set;
	const struct statsfs_aggr_set *agg;
	const struct statsfs_label *label;
	const struct statsfs_source *sub;
	unsigned int i;

	list_for_each_entry(label, &src->labels, list)
		if (!strcmp(label->name, name))
			return true;
	list_for_each_entry(set, &src->value_sets, list)
		for (i = 0; i < set->n; i++)
			if (!strcmp(set->values[i].name, name))
				return true;
	list_for_each_entry(agg, &src->aggr_sets, list)
		for (i = 0; i < agg->n; i++)
			if (agg->values[i].aggr != STATSFS_AGGR_NONE &&
			    !strcmp(agg->values[i].name, name))
				return true;
	list_for_each_entry(sub, &src->subordinates, sibling)
		if (!strcmp(sub->name, name))
			return true;
	return false;
}

/* Does any source strictly below @src carry @values? */
static bool statsfs_subtree_carries(const struct statsfs_source *src,
				    const struct statsfs_value *values)
{
	const struct statsfs_source *sub;

	list_for_each_entry(sub, &src->subordinates, sibling)
		if (statsfs_find_set(sub, values) ||
		    statsfs_subtree_carries(sub, values))
			return true;
	return false;
}

static unsigned int statsfs_depth(const struct statsfs_source *src)
{
	unsigned int depth = 0;

	for (; src; src = src->parent)
		depth++;
	return depth;
}

static unsigned int statsfs_height(const struct statsfs_source *src)
{
	const struct statsfs_source *sub;
	unsigned int height = 0;

	list_for_each_entry(sub, &src->subordinates, sibling)
		height = max(height, statsfs_height(sub));
	return height + 1;
}

/* Every u64/s64/bool read goes through here: one place for the widths. */
static u64 statsfs_field_read(const void *field, enum statsfs_type type)
{
	switch (type) {
	case STATSFS_S64:
		return (u64)READ_ONCE(*(const s64 *)field);
	case STATSFS_BOOL:
		return READ_ONCE(*(const bool *)field);
	case STATSFS_U64:
	default:
		return READ_ONCE(*(const u64 *)field);
	}
}

static void statsfs_field_clear(void *field, enum statsfs_type type)
{
	switch (type) {
	case STATSFS_S64:
		WRITE_ONCE(*(s64 *)field, 0);
		break;
	case STATSFS_BOOL:
		WRITE_ONCE(*(bool *)field, false);
		break;
	case STATSFS_U64:
	default:
		WRITE_ONCE(*(u64 *)field, 0);
		break;
	}
}

/**
 * statsfs_value_writable - whether a value can be reset by writing 0
 * @val: the value's descriptor
 *
 * Return: false for floating values and for computed values that have
 * no clear callback.
 */
bool statsfs_value_writable(const struct statsfs_value *val)
{
	if (val->flags & STATSFS_FLOATING)
		return false;
	return !val->get || val->clear;
}

/**
 * statsfs_value_read - read one value of a value set
 * @set: the value set
 * @val: one of @set's descriptors
 *
 * A per-cpu u64 or s64 value is the sum over all possible CPUs; a per-cpu
 * bool is true if any CPU's copy is.  Call with statsfs_lock held.
 *
 * Return: the value, s64 values as their two's complement bit pattern.
 */
u64 statsfs_value_read(const struct statsfs_value_set *set,
		       const struct statsfs_value *val)
{
	u64 sum = 0;
	int cpu;

	if (val->get)
		return val->get(val, set->base);
	if (!set->pcpu_base)
		return statsfs_field_read(set->base + val->offset, val->type);

	for_each_possible_cpu(cpu) {
		void *copy = per_cpu_ptr(set->pcpu_base, cpu);

		sum += statsfs_field_read(copy + val->offset, val->type);
	}
	if (val->type == STATSFS_BOOL)
		return !!sum;
	return sum;
}

/**
 * statsfs_value_clear - reset one value of a value set to zero
 * @set: the value set
 * @val: one of @set's descriptors; statsfs_value_writable() must be true
 *
 * Per-cpu values are cleared on every CPU.  An increment racing with the
 * reset on another CPU may survive it; resets are not meant to be exact
 * against concurrent updates.  Call with statsfs_lock held.
 */
void statsfs_value_clear(const struct statsfs_value_set *set,
			 const struct statsfs_value *val)
{
	int cpu;

	if (val->get) {
		val->clear(val, set->base);
		return;
	}
	if (!set->pcpu_base) {
		statsfs_field_clear(set->base + val->offset, val->type);
		return;
	}
	for_each_possible_cpu(cpu) {
		void *copy = per_cpu_ptr(set->pcpu_base, cpu);

		statsfs_field_clear(copy + val->offset, val->type);
	}
}

struct statsfs_accum {
	const struct statsfs_value *val;
	u64 count;
	u64 zeros;
	u64 sum;
	u64 min;
	u64 max;
};

static void statsfs_accum_add(struct statsfs_accum *acc, u64 v)
{
	bool is_signed = acc->val->type == STATSFS_S64;

	if (!acc->count) {
		acc->min = v;
		acc->max = v;
	} else if (is_signed) {
		if ((s64)v < (s64)acc->min)
			acc->min = v;
		if ((s64)v > (s64)acc->max)
			acc->max = v;
	} else {
		acc->min = min(acc->min, v);
		acc->max = max(acc->max, v);
	}
	acc->count++;
	acc->sum += v;
	if (!v)
		acc->zeros++;
}

static u64 statsfs_accum_result(const struct statsfs_accum *acc)
{
	switch (acc->val->aggr) {
	case STATSFS_AGGR_SUM:
		return acc->sum;
	case STATSFS_AGGR_MIN:
		return acc->min;
	case STATSFS_AGGR_MAX:
		return acc->max;
	case STATSFS_AGGR_AVG:
		if (!acc->count)
			return 0;
		if (acc->val->type == STATSFS_S64)
			return (u64)div64_s64((s64)acc->sum, acc->count);
		return div64_u64(acc->sum, acc->count);
	case STATSFS_AGGR_COUNT_ZERO:
		return acc->zeros;
	case STATSFS_AGGR_NONE:
	default:
		return 0;
	}
}

/*
 * Visits every unrevoked source strictly below @src carrying @values:
 * adds its @val to @acc, or with no @acc resets it.
 */
static void statsfs_walk_carriers(const struct statsfs_source *src,
				  const struct statsfs_value *values,
				  const struct statsfs_value *val,
				  struct statsfs_accum *acc)
{
	const struct statsfs_value_set *set;
	const struct statsfs_source *sub;

	list_for_each_entry(sub, &src->subordinates, sibling) {
		set = sub->revoked ? NULL : statsfs_find_set(sub, values);
		if (set && acc)
			statsfs_accum_add(acc, statsfs_value_read(set, val));
		else if (set)
			statsfs_value_clear(set, val);
		statsfs_walk_carriers(sub, values, val, acc);
	}
}

/**
 * statsfs_aggr_read - compute an aggregate value of a source
 * @src: the source showing the aggregate
 * @agg: the aggregate set, one of @src's
 * @val: the descriptor, one of @agg's
 *
 * Call with statsfs_lock held.
 *
 * Return: the aggregate over every unrevoked source in @src's subtree
 * that carries @agg's descriptor array.
 */
u64 statsfs_aggr_read(const struct statsfs_source *src,
		      const struct statsfs_aggr_set *agg,
		      const struct statsfs_value *val)
{
	struct statsfs_accum acc = { .val = val };

	statsfs_walk_carriers(src, agg->values, val, &acc);
	return statsfs_accum_result(&acc);
}

/**
 * statsfs_aggr_clear - reset a value in every source of a subtree
 * @src: the source showing the aggregate
 * @agg: the aggregate set, one of @src's
 * @val: the descriptor, one of @agg's; statsfs_value_writable() is true
 *
 * Call with statsfs_lock held.
 */
void statsfs_aggr_clear(const struct statsfs_source *src,
			const struct statsfs_aggr_set *agg,
			const struct statsfs_value *val)
{
	statsfs_walk_carriers(src, agg->values, val, NULL);
}

static umode_t statsfs_value_mode(const struct statsfs_value *val)
{
	return statsfs_value_writable(val) ? 0644 : 0444;
}

static void statsfs_remove_dentries(struct dentry **dentries, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (dentries[i])
			statsfs_fs_remove(dentries[i]);
		dentries[i] = NULL;
	}
}

static int statsfs_show_value_set(struct statsfs_source *src,
				  struct statsfs_value_set *set)
{
	struct statsfs_node tmpl = {
		.kind = STATSFS_NODE_VALUE,
		.src = src,
		.set = set,
	};
	const struct statsfs_value *val;
	unsigned int i;

	for (i = 0; i < set->n; i++) {
		val = &set->values[i];
		tmpl.val = val;
		set->dentries[i] = statsfs_fs_create_file(src->dentry,
							  val->name,
							  statsfs_value_mode(val),
							  &tmpl);
		if (IS_ERR(set->dentries[i])) {
			int err = PTR_ERR(set->dentries[i]);

			set->dentries[i] = NULL;
			statsfs_remove_dentries(set->dentries, i);
			return err;
		}
	}
	return 0;
}

static int statsfs_show_aggr_set(struct statsfs_source *src,
				 struct statsfs_aggr_set *agg)
{
	struct statsfs_node tmpl = {
		.kind = STATSFS_NODE_AGGR,
		.src = src,
		.agg = agg,
	};
	const struct statsfs_value *val;
	unsigned int i;

	for (i = 0; i < agg->n; i++) {
		val = &agg->values[i];
		if (val->aggr == STATSFS_AGGR_NONE)
			continue;
		tmpl.val = val;
		agg->dentries[i] = statsfs_fs_create_file(src->dentry,
							  val->name,
							  statsfs_value_mode(val),
							  &tmpl);
		if (IS_ERR(agg->dentries[i])) {
			int err = PTR_ERR(agg->dentries[i]);

			agg->dentries[i] = NULL;
			statsfs_remove_dentries(agg->dentries, i);
			return err;
		}
	}
	return 0;
}

static int statsfs_show_special(struct statsfs_source *src,
				enum statsfs_node_kind kind, const char *name)
{
	struct statsfs_node tmpl = { .kind = kind, .src = src };
	struct dentry *dentry;

	dentry = statsfs_fs_create_file(src->dentry, name, 0444, &tmpl);
	return PTR_ERR_OR_ZERO(dentry);
}

static int statsfs_show_label(struct statsfs_source *src,
			      struct statsfs_label *label)
{
	struct statsfs_node tmpl = {
		.kind = STATSFS_NODE_LABEL,
		.src = src,
		.label = label,
	};
	struct dentry *dentry;

	dentry = statsfs_fs_create_file(src->dentry, label->name, 0444, &tmpl);
	if (IS_ERR(dentry))
		return PTR_ERR(dentry);
	label->dentry = dentry;
	return 0;
}

/* Drops the dentry pointers of a subtree whose dentries are gone. */
static void statsfs_forget_dentries(struct statsfs_source *src)
{
	struct statsfs_label *label;
	struct statsfs_value_set *set;
	struct statsfs_aggr_set *agg;
	struct statsfs_source *sub;

	src->dentry = NULL;
	list_for_each_entry(label, &src->labels, list)
		label->dentry = NULL;
	list_for_each_entry(set, &src->value_sets, list)
		memset(set->dentries, 0, set->n * sizeof(*set->dentries));
	list_for_each_entry(agg, &src->aggr_sets, list)
		memset(agg->dentries, 0, agg->n * sizeof(*agg->dentries));
	list_for_each_entry(sub, &src->subordinates, sibling)
		statsfs_forget_dentries(sub);
}

static void statsfs_hide_tree(struct statsfs_source *src)
{
	if (src->dentry)
		statsfs_fs_remove(src->dentry);
	statsfs_forget_dentries(src);
}

/*
 * Creates the directory of @src and everything in it, recursively.  On
 * failure the caller removes the partial tree with statsfs_hide_tree().
 */
static int statsfs_show_tree(struct statsfs_source *src)
{
	struct statsfs_node tmpl = { .kind = STATSFS_NODE_DIR, .src = src };
	struct statsfs_label *label;
	struct statsfs_value_set *set;
	struct statsfs_aggr_set *agg;
	struct statsfs_source *sub;
	struct dentry *dentry;
	int err;

	if (src->flags & STATSFS_SOURCE_HIDDEN)
		return 0;

	dentry = statsfs_fs_create_dir(src->parent->dentry, src->name, &tmpl);
	if (IS_ERR(dentry))
		return PTR_ERR(dentry);
	src->dentry = dentry;

	err = statsfs_show_special(src, STATSFS_NODE_SCHEMA, ".schema");
	if (!err)
		err = statsfs_show_special(src, STATSFS_NODE_BULK, ".bulk");
	list_for_each_entry(label, &src->labels, list)
		if (!err)
			err = statsfs_show_label(src, label);
	list_for_each_entry(set, &src->value_sets, list)
		if (!err)
			err = statsfs_show_value_set(src, set);
	list_for_each_entry(agg, &src->aggr_sets, list)
		if (!err)
			err = statsfs_show_aggr_set(src, agg);
	list_for_each_entry(sub, &src->subordinates, sibling)
		if (!err)
			err = statsfs_show_tree(sub);
	return err;
}

static int statsfs_aggr_set_add(struct statsfs_source *src,
				const struct statsfs_value_set *set)
{
	struct statsfs_aggr_set *agg;
	unsigned int i;
	int err;

	for (i = 0; i < set->n; i++)
		if (set->values[i].aggr != STATSFS_AGGR_NONE &&
		    statsfs_name_taken(src, set->values[i].name))
			return -EEXIST;

	agg = kzalloc(sizeof(*agg), GFP_KERNEL);
	if (!agg)
		return -ENOMEM;
	agg->dentries = kcalloc(set->n, sizeof(*agg->dentries), GFP_KERNEL);
	if (!agg->dentries) {
		kfree(agg);
		return -ENOMEM;
	}
	agg->values = set->values;
	agg->n = set->n;
	agg->percpu = set->pcpu_base;
	list_add_tail(&agg->list, &src->aggr_sets);

	if (src->dentry) {
		err = statsfs_show_aggr_set(src, agg);
		if (err) {
			statsfs_aggr_set_free(agg);
			return err;
		}
	}
	return 0;
}

static bool statsfs_set_aggregates(const struct statsfs_value_set *set)
{
	unsigned int i;

	for (i = 0; i < set->n; i++)
		if (set->values[i].aggr != STATSFS_AGGR_NONE)
			return true;
	return false;
}

/*
 * Adds to @anc the aggregate sets it lacks for arrays below @src.  An
 * ancestor that carries an aggregated array itself has no place for its
 * aggregate: -EEXIST, like any other name clash.
 */
static int statsfs_aggr_collect(struct statsfs_source *anc,
				const struct statsfs_source *src)
{
	const struct statsfs_value_set *set;
	const struct statsfs_source *sub;
	int err;

	list_for_each_entry(sub, &src->subordinates, sibling) {
		list_for_each_entry(set, &sub->value_sets, list) {
			if (!statsfs_set_aggregates(set) ||
			    statsfs_find_aggr(anc, set->values))
				continue;
			if (statsfs_find_set(anc, set->values))
				return -EEXIST;
			err = statsfs_aggr_set_add(anc, set);
			if (err)
				return err;
		}
		err = statsfs_aggr_collect(anc, sub);
		if (err)
			return err;
	}
	return 0;
}

/*
 * Brings the aggregate sets of @src and its ancestors in line with their
 * subtrees: removes those no source below carries any more, adds the
 * missing ones.  Removing never fails, so after undoing a change that
 * added sources, a refresh restores the previous state.
 */
static int statsfs_aggr_refresh(struct statsfs_source *src)
{
	struct statsfs_aggr_set *agg, *next;
	int err = 0;

	for (; src && src != statsfs_root; src = src->parent) {
		list_for_each_entry_safe(agg, next, &src->aggr_sets, list) {
			if (statsfs_subtree_carries(src, agg->values))
				continue;
			statsfs_remove_dentries(agg->dentries, agg->n);
			statsfs_aggr_set_free(agg);
		}
		if (!err)
			err = statsfs_aggr_collect(src, src);
	}
	return err;
}

static int statsfs_values_valid(const struct statsfs_value *vals,
				unsigned int n, bool percpu)
{
	const struct statsfs_value *val;
	unsigned int i, j;

	if (!vals || !n)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		val = &vals[i];
		if (!val->name || !statsfs_name_valid(val->name) ||
		    !statsfs_text_valid(val->unit) ||
		    !statsfs_text_valid(val->desc) ||
		    val->type > STATSFS_BOOL ||
		    val->aggr > STATSFS_AGGR_COUNT_ZERO ||
		    (val->flags & ~STATSFS_VALUE_FLAGS) ||
		    (val->get && percpu) || (val->clear && !val->get))
			return -EINVAL;
		for (j = 0; j < i; j++)
			if (!strcmp(vals[j].name, val->name))
				return -EINVAL;
	}
	return 0;
}

static int statsfs_add_value_set(struct statsfs_source *src,
				 const struct statsfs_value *vals,
				 unsigned int n, void *base,
				 void __percpu *pcpu_base)
{
	struct statsfs_value_set *set;
	unsigned int i;
	int err;

	err = statsfs_values_valid(vals, n, pcpu_base);
	if (err)
		return err;

	set = kzalloc(sizeof(*set), GFP_KERNEL);
	if (!set)
		return -ENOMEM;
	set->dentries = kcalloc(n, sizeof(*set->dentries), GFP_KERNEL);
	if (!set->dentries) {
		kfree(set);
		return -ENOMEM;
	}
	set->values = vals;
	set->n = n;
	set->base = base;
	set->pcpu_base = pcpu_base;

	down_write(&statsfs_lock);
	err = -EEXIST;
	if (statsfs_find_set(src, vals) || statsfs_find_aggr(src, vals))
		goto err_unlock;
	for (i = 0; i < n; i++)
		if (statsfs_name_taken(src, vals[i].name))
			goto err_unlock;

	list_add_tail(&set->list, &src->value_sets);
	err = src->dentry ? statsfs_show_value_set(src, set) : 0;
	if (!err)
		err = statsfs_aggr_refresh(src->parent);
	if (err) {
		statsfs_remove_dentries(set->dentries, n);
		list_del(&set->list);
		statsfs_aggr_refresh(src->parent);
		goto err_unlock;
	}
	up_write(&statsfs_lock);
	return 0;

err_unlock:
	up_write(&statsfs_lock);
	kfree(set->dentries);
	kfree(set);
	return err;
}

/* Adds @label, named and filled in, to @src; frees it on failure. */
static int statsfs_add_label(struct statsfs_source *src,
			     struct statsfs_label *label)
{
	int err;

	down_write(&statsfs_lock);
	err = -EEXIST;
	if (statsfs_name_taken(src, label->name))
		goto err_unlock;
	list_add_tail(&label->list, &src->labels);
	err = src->dentry ? statsfs_show_label(src, label) : 0;
	if (err) {
		list_del(&label->list);
		goto err_unlock;
	}
	up_write(&statsfs_lock);
	return 0;

err_unlock:
	up_write(&statsfs_lock);
	statsfs_label_destroy(label);
	return err;
}

/**
 * statsfs_source_add_label - add a read-only text file to a source
 * @src: the source
 * @name: the file's name, valid as a value name
 * @text: its content, without control characters; copied, and shown
 *	followed by a newline
 *
 * Labels say what a source stands for (pathmon's "prefix"); they are not
 * values, so they appear in neither the schema nor the bulk read.
 *
 * Return: 0, -EINVAL for an invalid name or text, -EEXIST if the name is
 * taken in @src, -ENOMEM.
 */
int statsfs_source_add_label(struct statsfs_source *src, const char *name,
			     const char *text)
{
	struct statsfs_label *label;

	if (!statsfs_name_valid(name) || !text || !statsfs_text_valid(text))
		return -EINVAL;
	label = kzalloc(sizeof(*label), GFP_KERNEL);
	if (!label)
		return -ENOMEM;
	label->name = kstrdup(name, GFP_KERNEL);
	label->text = kstrdup(text, GFP_KERNEL);
	if (!label->name || !label->text) {
		statsfs_label_destroy(label);
		return -ENOMEM;
	}
	return statsfs_add_label(src, label);
}
EXPORT_SYMBOL_GPL(statsfs_source_add_label);

/**
 * statsfs_source_add_live_label - add a label read from its owner's memory
 * @src: the source
 * @name: the file's name, valid as a value name
 * @buf: @size bytes of text the owner may rewrite at any time without a
 *	lock (the name of the last task seen, written on a hot path); must
 *	stay valid until @src is removed from the tree or revoked
 * @size: the size of @buf, 1 to %STATSFS_LIVE_LABEL_MAX
 *
 * Each read shows @buf as it is then, up to its first NUL or @size bytes,
 * with control characters as '?', followed by a newline.  A read that
 * races with a rewrite may show parts of both texts.
 *
 * Return: 0, -EINVAL for an invalid name, no @buf or a @size out of
 * range, -EEXIST if the name is taken in @src, -ENOMEM.
 */
int statsfs_source_add_live_label(struct statsfs_source *src,
				  const char *name, const char *buf,
				  size_t size)
{
	struct statsfs_label *label;

	if (!statsfs_name_valid(name) || !buf || !size ||
	    size > STATSFS_LIVE_LABEL_MAX)
		return -EINVAL;
	label = kzalloc(sizeof(*label), GFP_KERNEL);
	if (!label)
		return -ENOMEM;
	label->name = kstrdup(name, GFP_KERNEL);
	if (!label->name) {
		statsfs_label_destroy(label);
		return -ENOMEM;
	}
	label->live = buf;
	label->live_size = size;
	return statsfs_add_label(src, label);
}
EXPORT_SYMBOL_GPL(statsfs_source_add_live_label);

/**
 * statsfs_source_add_values - add values stored in plain memory
 * @src: the source
 * @vals: @n descriptors; must outlive every source carrying them
 * @n: number of descriptors
 * @base: base address of the fields; must stay valid until @src is
 *	removed from the tree or revoked
 *
 * Return: 0, -EINVAL for an invalid descriptor, -EEXIST if a name is
 * already used in @src or (for aggregated values) in an ancestor, -ENOMEM.
 */
int statsfs_source_add_values(struct statsfs_source *src,
			      const struct statsfs_value *vals,
			      unsigned int n, void *base)
{
	return statsfs_add_value_set(src, vals, n, base, NULL);
}
EXPORT_SYMBOL_GPL(statsfs_source_add_values);

/**
 * statsfs_source_add_percpu_values - add values stored in per-cpu memory
 * @src: the source
 * @vals: @n descriptors, none with a get callback
 * @n: number of descriptors
 * @base: per-cpu base address of the fields
 *
 * Reads sum the fields over all possible CPUs, so the owner can update
 * them with this_cpu_add() and no shared cache line.
 *
 * Return: as statsfs_source_add_values().
 */
int statsfs_source_add_percpu_values(struct statsfs_source *src,
				     const struct statsfs_value *vals,
				     unsigned int n, void __percpu *base)
{
	if (!base)
		return -EINVAL;
	return statsfs_add_value_set(src, vals, n, NULL, base);
}
EXPORT_SYMBOL_GPL(statsfs_source_add_percpu_values);

static bool statsfs_is_ancestor(const struct statsfs_source *anc,
				const struct statsfs_source *src)
{
	for (; src; src = src->parent)
		if (src == anc)
			return true;
	return false;
}

/* Takes @sub out of the tree; the caller drops the parent's reference. */
static void statsfs_unlink(struct statsfs_source *sub)
{
	struct statsfs_source *parent = sub->parent;

	statsfs_hide_tree(sub);
	list_del_init(&sub->sibling);
	sub->parent = NULL;
	statsfs_aggr_refresh(parent);
}

/**
 * statsfs_source_add_subordinate - make a source a subordinate of another
 * @parent: the parent
 * @sub: the new subordinate; @parent takes a reference on it
 *
 * Return: 0; -EBUSY if @sub already has a parent; -EINVAL if that would
 * make a cycle or a tree deeper than statsfs allows; -EEXIST on a name
 * clash in @parent or, for aggregated values, in an ancestor; -ENOMEM.
 */
int statsfs_source_add_subordinate(struct statsfs_source *parent,
				   struct statsfs_source *sub)
{
	int err;

	down_write(&statsfs_lock);
	err = -EBUSY;
	if (sub->parent || sub == statsfs_root)
		goto out;
	err = -EINVAL;
	if (statsfs_is_ancestor(sub, parent) ||
	    statsfs_depth(parent) + statsfs_height(sub) > STATSFS_MAX_DEPTH)
		goto out;
	err = -EEXIST;
	if (statsfs_name_taken(parent, sub->name))
		goto out;

	statsfs_source_get(sub);
	sub->parent = parent;
	list_add_tail(&sub->sibling, &parent->subordinates);
	err = parent->dentry ? statsfs_show_tree(sub) : 0;
	if (!err)
		err = statsfs_aggr_refresh(parent);
	if (err) {
		statsfs_unlink(sub);
		up_write(&statsfs_lock);
		statsfs_source_put(sub);
		return err;
	}
out:
	up_write(&statsfs_lock);
	return err;
}
EXPORT_SYMBOL_GPL(statsfs_source_add_subordinate);

/**
 * statsfs_source_remove_subordinate - remove a subordinate from a parent
 * @parent: the parent
 * @sub: the subordinate; its directory and subtree disappear, open files
 *	of them fail with -ENODEV from now on, and @parent's reference on
 *	it is dropped
 *
 * After this returns statsfs no longer touches @sub's value memory unless
 * @sub is added to the tree again.
 */
void statsfs_source_remove_subordinate(struct statsfs_source *parent,
				       struct statsfs_source *sub)
{
	down_write(&statsfs_lock);
	if (WARN_ON_ONCE(sub->parent != parent)) {
		up_write(&statsfs_lock);
		return;
	}
	statsfs_unlink(sub);
	up_write(&statsfs_lock);
	statsfs_source_put(sub);
}
EXPORT_SYMBOL_GPL(statsfs_source_remove_subordinate);

/* Adds @from's cumulative per-cpu values into this CPU's copy in @to. */
static void statsfs_value_set_fold(struct statsfs_value_set *to,
				   const struct statsfs_value_set *from)
{
	const struct statsfs_value *val;
	unsigned int i;
	u64 sum;

	for (i = 0; i < from->n; i++) {
		val = &from->values[i];
		if (val->get || (val->flags & STATSFS_FLOATING) ||
		    val->type == STATSFS_BOOL)
			continue;
		sum = statsfs_value_read(from, val);
		/* Both types add as two's complement. */
		this_cpu_add(*(u64 __percpu *)(to->pcpu_base + val->offset),
			     sum);
	}
}

/**
 * statsfs_source_fold - remove a source from the tree, keeping its counts
 *	in another
 * @sub: the source, a subordinate without subordinates, whose owner no
 *	longer updates its values
 * @into: the source that keeps the counts, in the tree
 *
 * Adds every cumulative per-cpu value of @sub into @into's storage for
 * the same descriptor array, which must be per-cpu too, and removes @sub
 * as statsfs_source_remove_subordinate() does: in one step for readers,
 * so that an aggregate over both counts each event once, before and
 * after.  Values of arrays @into does not carry, floating, computed and
 * bool values go with @sub.
 *
 * Return: 0, or -EINVAL (with a warning) if @sub is not such a source or
 * is @into: then nothing is done, and an owner that frees @sub's storage
 * revokes it first.
 */
int statsfs_source_fold(struct statsfs_source *sub,
			struct statsfs_source *into)
{
	struct statsfs_value_set *to;
	const struct statsfs_value_set *from;

	down_write(&statsfs_lock);
	if (WARN_ON_ONCE(!sub->parent || sub == into ||
			 !list_empty(&sub->subordinates))) {
		up_write(&statsfs_lock);
		return -EINVAL;
	}
	list_for_each_entry(from, &sub->value_sets, list) {
		to = statsfs_find_set(into, from->values);
		if (to && to->pcpu_base && from->pcpu_base && !sub->revoked)
			statsfs_value_set_fold(to, from);
	}
	statsfs_unlink(sub);
	up_write(&statsfs_lock);
	statsfs_source_put(sub);
	return 0;
}
EXPORT_SYMBOL_GPL(statsfs_source_fold);

/**
 * statsfs_source_register - add a source at the top level
 * @src: the source; becomes /sys/kernel/stats/<name>
 *
 * Return: as statsfs_source_add_subordinate().
 */
int statsfs_source_register(struct statsfs_source *src)
{
	return statsfs_source_add_subordinate(statsfs_root, src);
}
EXPORT_SYMBOL_GPL(statsfs_source_register);

/**
 * statsfs_source_unregister - remove a top-level source
 * @src: a source added with statsfs_source_register()
 */
void statsfs_source_unregister(struct statsfs_source *src)
{
	statsfs_source_remove_subordinate(statsfs_root, src);
}
EXPORT_SYMBOL_GPL(statsfs_source_unregister);

/**
 * statsfs_source_revoke - stop statsfs from touching a source's memory
 * @src: the source
 *
 * For owners that must free value memory while others may still hold
 * the source: from now on reads of its value files fail with -ENODEV and
 * aggregates skip it.  The source stays in the tree until removed.
 */
void statsfs_source_revoke(struct statsfs_source *src)
{
	down_write(&statsfs_lock);
	src->revoked = true;
	up_write(&statsfs_lock);
}
EXPORT_SYMBOL_GPL(statsfs_source_revoke);

/**
 * statsfs_populate - create the dentries of the whole tree
 * @root: the root dentry of the freshly mounted filesystem
 *
 * Return: 0 or a negative errno; on failure the mount fails and
 * statsfs_depopulate() undoes the rest.
 */
int statsfs_populate(struct dentry *root)
{
	struct statsfs_source *sub;
	int err;

	down_write(&statsfs_lock);
	statsfs_root->dentry = root;
	err = statsfs_show_special(statsfs_root, STATSFS_NODE_BULK, ".bulk");
	list_for_each_entry(sub, &statsfs_root->subordinates, sibling)
		if (!err)
			err = statsfs_show_tree(sub);
	up_write(&statsfs_lock);
	return err;
}

/**
 * statsfs_depopulate - forget the dentries of an unmounted filesystem
 *
 * The superblock is going away with every dentry in it; from now on
 * changes to the tree create no dentries.
 */
void statsfs_depopulate(void)
{
	down_write(&statsfs_lock);
	statsfs_forget_dentries(statsfs_root);
	up_write(&statsfs_lock);
}

/**
 * statsfs_init - create the root source and register the filesystem
 *
 * Return: 0 or a negative errno.
 */
int statsfs_init(void)
{
	int err;

	statsfs_root = statsfs_source_create(0, "stats");
	if (IS_ERR(statsfs_root))
		return PTR_ERR(statsfs_root);

	err = statsfs_fs_init();
	if (err) {
		statsfs_source_put(statsfs_root);
		return err;
	}
	return 0;
}

/**
 * statsfs_exit - unregister the filesystem and free the root source
 *
 * Every user must have unregistered its sources.
 */
void statsfs_exit(void)
{
	statsfs_fs_exit();
	WARN_ON(!list_empty(&statsfs_root->subordinates));
	statsfs_source_put(statsfs_root);
}
