// SPDX-License-Identifier: GPL-2.0
/*
 * The module's own statistics source, /sys/kernel/stats/pathstats/: its
 * version, one value per part so that scripts compare numbers, not
 * strings, and counters of module-wide events.
 */

#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/statsfs.h>
#include <uapi/linux/pathstats.h>

#include "self.h"
#include "version.h"

struct self_info {
	u64 version_major;
	u64 version_minor;
	u64 version_patch;
	u64 abi_version;
};

static const struct self_info self_info = {
	.version_major = PATHSTATS_VERSION_MAJOR,
	.version_minor = PATHSTATS_VERSION_MINOR,
	.version_patch = PATHSTATS_VERSION_PATCH,
	.abi_version = PATHSTATS_ABI_VERSION,
};

struct pathstats_self_counters pathstats_self_counters;
DEFINE_PER_CPU(struct pathstats_self_events, pathstats_self_events);

#define SELF_INFO(_field, _desc)					\
	STATSFS_U64_VALUE(struct self_info, _field, STATSFS_AGGR_NONE,	\
			  STATSFS_FLOATING, NULL, _desc)

static const struct statsfs_value self_info_values[] = {
	SELF_INFO(version_major, "pathstats.ko major version"),
	SELF_INFO(version_minor, "pathstats.ko minor version"),
	SELF_INFO(version_patch, "pathstats.ko patch level"),
	SELF_INFO(abi_version, "version of the /dev/pathstats ABI"),
};

static const struct statsfs_value self_counter_values[] = {
	STATSFS_U64_VALUE(struct pathstats_self_counters, config_loads,
			  STATSFS_AGGR_NONE, 0, "loads",
			  "configurations loaded"),
	STATSFS_U64_VALUE(struct pathstats_self_counters, config_rejects,
			  STATSFS_AGGR_NONE, 0, "loads",
			  "configurations rejected by validation"),
};

static const struct statsfs_value self_event_values[] = {
	STATSFS_U64_VALUE(struct pathstats_self_events, unresolved_path_events,
			  STATSFS_AGGR_NONE, 0, "events",
			  "file events not counted: no name where locks sleep"),
	STATSFS_U64_VALUE(struct pathstats_self_events, attribution_folded,
			  STATSFS_AGGR_NONE, 0, "events",
			  "events counted in a set's other group: no room"),
	STATSFS_U64_VALUE(struct pathstats_self_events, attribution_unshown,
			  STATSFS_AGGR_NONE, 0, "groups",
			  "groups whose directory could not be made"),
	STATSFS_U64_VALUE(struct pathstats_self_events, attribution_expired,
			  STATSFS_AGGR_NONE, 0, "groups",
			  "groups of removed cgroups folded after retention"),
};

static struct statsfs_source *self_source;

/**
 * pathstats_self_init - publish /sys/kernel/stats/pathstats
 *
 * Return: 0 or a negative errno.
 */
int pathstats_self_init(void)
{
	int err;

	self_source = statsfs_source_create(0, "pathstats");
	if (IS_ERR(self_source))
		return PTR_ERR(self_source);

	/* Read-only: the floating flag keeps statsfs from writing it. */
	err = statsfs_source_add_values(self_source, self_info_values,
					ARRAY_SIZE(self_info_values),
					(void *)&self_info);
	if (!err)
		err = statsfs_source_add_values(self_source,
						self_counter_values,
						ARRAY_SIZE(self_counter_values),
						&pathstats_self_counters);
	if (!err)
		err = statsfs_source_add_percpu_values(self_source,
						       self_event_values,
						       ARRAY_SIZE(self_event_values),
						       &pathstats_self_events);
	if (!err)
		err = statsfs_source_register(self_source);
	if (err)
		statsfs_source_put(self_source);
	return err;
}

/**
 * pathstats_self_exit - remove /sys/kernel/stats/pathstats
 */
void pathstats_self_exit(void)
{
	statsfs_source_unregister(self_source);
	statsfs_source_put(self_source);
}
