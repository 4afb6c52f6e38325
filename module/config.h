/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A validated configuration, parsed from the blob userspace loads through
 * /dev/pathstats (format: include/uapi/linux/pathstats.h).
 */
#ifndef _PATHSTATS_CONFIG_H
#define _PATHSTATS_CONFIG_H

#include <linux/types.h>

/**
 * struct pathstats_config_path - one monitored path prefix
 * @prefix: absolute, normalised prefix, NUL-terminated
 * @prefix_len: strlen(@prefix)
 * @name: statsfs directory name
 * @syscalls: bitmap of (1 << enum pathstats_syscall) to count calls of
 * @group_by: PATHSTATS_GROUP_BY_* flags, 0 for no groups
 * @max_groups: groups at most, with @group_by
 * @cgroups: the filter's cgroup paths, consecutive, NULL for none
 * @cgroup_count: number of @cgroups
 */
struct pathstats_config_path {
	const char *prefix;
	u32 prefix_len;
	const char *name;
	u64 syscalls;
	u32 group_by;
	u32 max_groups;
	const char *cgroups;
	u32 cgroup_count;
};

/**
 * struct pathstats_config_uds - one monitored unix socket
 * @path: socket path, or abstract name without the leading NUL
 * @path_len: strlen(@path)
 * @name: statsfs directory name
 * @capture_bytes: bytes captured per send, 0 for counting only
 * @sample_every: capture one send in this many
 * @abstract: @path is an abstract name
 * @group_by: PATHSTATS_GROUP_BY_* flags, 0 for no groups
 * @max_groups: groups at most, with @group_by
 * @cgroups: the filter's cgroup paths, consecutive, NULL for none
 * @cgroup_count: number of @cgroups
 */
struct pathstats_config_uds {
	const char *path;
	u32 path_len;
	const char *name;
	u32 capture_bytes;
	u32 sample_every;
	bool abstract;
	u32 group_by;
	u32 max_groups;
	const char *cgroups;
	u32 cgroup_count;
};

/**
 * struct pathstats_config - a configuration; immutable once parsed
 * @blob: the copied blob, which the strings point into
 * @path_count: number of @paths
 * @uds_count: number of @uds
 * @ring_entries: capacity of the capture ring
 * @max_capture: the largest capture_bytes of @uds, 0 if none captures
 * @paths: path rules in blob order
 * @uds: socket rules in blob order
 */
struct pathstats_config {
	void *blob;
	u32 path_count;
	u32 uds_count;
	u32 ring_entries;
	u32 max_capture;
	struct pathstats_config_path *paths;
	struct pathstats_config_uds *uds;
};

/* Largest capture per send; PRODUCT.md asks for at least 64 KiB. */
#define PATHSTATS_CAPTURE_MAX	65536U

struct pathstats_config *pathstats_config_parse(const void __user *ubuf,
						u32 size);
void pathstats_config_free(struct pathstats_config *cfg);

#endif /* _PATHSTATS_CONFIG_H */
