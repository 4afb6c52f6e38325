// SPDX-License-Identifier: GPL-2.0
/*
 * attribution: an entry's groups across reloads.
 *
 * A load, under its kind's mutex: attribution_slot_init() and
 * attribution_slot_show() per entry while building (changing nothing
 * visible); once the new tree is in place attribution_slot_commit(), then
 * after publishing the table and a grace period attribution_slot_fold();
 * once the mutex is let go attribution_slot_put_retired().
 */

#include <linux/err.h>
#include <linux/kref.h>
#include <linux/statsfs.h>

#include "group.h"
#include "slot.h"

/**
 * attribution_slot_init - an entry's groups in a table being built
 * @slot: the entry's slot, zeroed
 * @cur: the same entry's slot in the current table, NULL if it is new
 * @by: PATHSTATS_GROUP_BY_* of the configuration, 0 for none
 * @max_groups: its max_groups
 * @kind: the owner's kind of set
 *
 * Return: 0 or -ENOMEM.
 */
int attribution_slot_init(struct attribution_slot *slot,
			  const struct attribution_slot *cur, u32 by,
			  u32 max_groups, struct attribution_kind *kind)
{
	struct attribution_set *set = cur ? cur->groups : NULL;

	if (attribution_set_matches(set, by, max_groups)) {
		slot->groups = set;
		if (set)
			kref_get(&set->kref);
		return 0;
	}
	if (set) {
		slot->retired = set;
		kref_get(&set->kref);
	}
	if (by) {
		slot->groups = attribution_set_create(by, max_groups, kind);
		if (!slot->groups)
			return -ENOMEM;
	}
	return 0;
}

/**
 * attribution_slot_limit - count only the tasks of some cgroup subtrees
 * @slot: the entry's slot, initialised
 * @cgroups: @count consecutive NUL-terminated cgroup v2 paths
 * @count: number of @cgroups, 0 for every task
 *
 * Return: 0, -ENOENT if a cgroup does not exist, or another errno.
 */
int attribution_slot_limit(struct attribution_slot *slot, const char *cgroups,
			   u32 count)
{
	struct attribution_filter *filter;

	if (!count)
		return 0;
	filter = attribution_filter_create(cgroups, count);
	if (IS_ERR(filter))
		return PTR_ERR(filter);
	slot->filter = filter;
	return 0;
}

/**
 * attribution_slot_show - the entry's values and groups in its directory
 * @slot: the entry's slot
 * @src: the entry's directory, being built
 * @counters: the entry's own counters
 * @owner: the entry, for the kind's add_values()
 *
 * Without groups, @src carries the values itself.  With groups it cannot
 * (statsfs shows there the sum over the subtree): a hidden subordinate
 * carries the entry's own counters, which hold what was counted before it
 * had groups.  The groups' directories are built too, those of a retiring
 * set rather than the new one's, until they are folded.
 *
 * Return: 0 or a negative errno.
 */
int attribution_slot_show(struct attribution_slot *slot,
			  struct statsfs_source *src,
			  void __percpu *counters, const void *owner)
{
	struct attribution_set *set = slot->retired ?: slot->groups;
	struct statsfs_source *own;
	int err;

	slot->src = src;
	if (!set)
		return 0;
	own = statsfs_source_create(STATSFS_SOURCE_HIDDEN, "own");
	if (IS_ERR(own))
		return PTR_ERR(own);
	err = set->kind->add_values(own, counters, owner);
	if (!err)
		err = statsfs_source_add_subordinate(src, own);
	statsfs_source_put(own);
	if (err)
		return err;
	slot->own = own;
	return attribution_set_build(set, src, owner);
}

/**
 * attribution_slot_commit - the entry's tree is in place
 * @slot: the entry's slot
 * @owner: the entry
 */
void attribution_slot_commit(struct attribution_slot *slot,
			     const void *owner)
{
	if (slot->retired)
		attribution_set_commit(slot->retired, slot->src, slot->own,
				       owner);
	if (slot->groups)
		attribution_set_commit(slot->groups, slot->src, slot->own,
				       owner);
}

/**
 * attribution_slot_detach - the entry's tree is about to be dropped
 * @slot: the entry's slot in the table being replaced, or going
 *
 * Before the new table's attribution_slot_commit(), which gives the sets
 * it keeps their new tree; the others then show nowhere.  Under the
 * kind's mutex.
 */
void attribution_slot_detach(struct attribution_slot *slot)
{
	if (slot->groups)
		attribution_set_detach(slot->groups);
	if (slot->retired)
		attribution_set_detach(slot->retired);
}

/**
 * attribution_slot_fold - fold the retired set into the own counters
 * @slot: the entry's slot, in the published table, a grace period after
 *	it was published: no hook counts in the retired set any more
 */
void attribution_slot_fold(struct attribution_slot *slot)
{
	if (slot->retired)
		attribution_set_fold(slot->retired, slot->own);
}

/**
 * attribution_slot_put_retired - drop the folded set
 * @slot: the entry's slot; not under the kind's mutex (the last put waits
 *	for the set's work)
 */
void attribution_slot_put_retired(struct attribution_slot *slot)
{
	attribution_set_put(slot->retired);
	slot->retired = NULL;
}

/**
 * attribution_slot_put - drop the slot's sets, with its table
 * @slot: the entry's slot, in a table no hook can see any more
 */
void attribution_slot_put(struct attribution_slot *slot)
{
	attribution_set_put(slot->groups);
	attribution_slot_put_retired(slot);
	slot->groups = NULL;
	attribution_filter_free(slot->filter);
	slot->filter = NULL;
}
