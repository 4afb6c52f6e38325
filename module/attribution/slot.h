/* SPDX-License-Identifier: GPL-2.0 */
/*
 * attribution: the groups of one configuration entry (a prefix, a socket)
 * across reloads.  An entry that stays, grouped the same, keeps its set;
 * grouped otherwise, its set retires: shown in the new tree until a grace
 * period after the new table is published, then folded into the entry's
 * own counters, so that its totals never jump.
 */
#ifndef _PATHSTATS_ATTRIBUTION_SLOT_H
#define _PATHSTATS_ATTRIBUTION_SLOT_H

#include <linux/compiler.h>
#include <linux/types.h>

#include "filter.h"

struct attribution_kind;
struct attribution_set;
struct statsfs_source;

/**
 * struct attribution_slot - an entry's groups, in a table
 * @groups: the set the entry counts in, NULL to count in its own counters
 * @retired: the set of the previous configuration, grouped otherwise,
 *	until the load folds it
 * @src: the entry's statsfs directory in the table's tree
 * @own: with @groups or @retired, the hidden source of the entry's own
 *	counters below @src: @src then shows their sum with the groups'
 * @filter: the cgroups whose tasks the entry counts, NULL for all
 *
 * The hot path reads @filter and @groups; @retired, @src and @own are the
 * loads'.
 */
struct attribution_slot {
	struct attribution_filter *filter;
	struct attribution_set *groups;
	struct attribution_set *retired;
	struct statsfs_source *src;
	struct statsfs_source *own;
};

int attribution_slot_init(struct attribution_slot *slot,
			  const struct attribution_slot *cur, u32 by,
			  u32 max_groups, struct attribution_kind *kind);
int attribution_slot_limit(struct attribution_slot *slot, const char *cgroups,
			   u32 count);
int attribution_slot_show(struct attribution_slot *slot,
			  struct statsfs_source *src,
			  void __percpu *counters, const void *owner);
void attribution_slot_commit(struct attribution_slot *slot,
			     const void *owner);
void attribution_slot_detach(struct attribution_slot *slot);
void attribution_slot_fold(struct attribution_slot *slot);
void attribution_slot_put_retired(struct attribution_slot *slot);
void attribution_slot_put(struct attribution_slot *slot);

/**
 * attribution_slot_passes - whether the current task counts in an entry
 * @slot: the entry's slot
 *
 * Call under rcu_read_lock() or with preemption disabled.
 *
 * Return: true without a filter, or if the task is in its cgroups.
 */
static __always_inline bool
attribution_slot_passes(const struct attribution_slot *slot)
{
	return likely(!slot->filter) || attribution_filter_passes(slot->filter);
}

#endif /* _PATHSTATS_ATTRIBUTION_SLOT_H */
