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

#include <linux/types.h>

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
 *
 * The hot path reads @groups; @retired, @src and @own are the loads'.
 */
struct attribution_slot {
	struct attribution_set *groups;
	struct attribution_set *retired;
	struct statsfs_source *src;
	struct statsfs_source *own;
};

int attribution_slot_init(struct attribution_slot *slot,
			  const struct attribution_slot *cur, u32 by,
			  u32 max_groups, struct attribution_kind *kind);
int attribution_slot_show(struct attribution_slot *slot,
			  struct statsfs_source *src,
			  void __percpu *counters, const void *owner);
void attribution_slot_commit(struct attribution_slot *slot,
			     const void *owner);
void attribution_slot_detach(struct attribution_slot *slot);
void attribution_slot_fold(struct attribution_slot *slot);
void attribution_slot_put_retired(struct attribution_slot *slot);
void attribution_slot_put(struct attribution_slot *slot);

#endif /* _PATHSTATS_ATTRIBUTION_SLOT_H */
