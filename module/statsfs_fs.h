/* SPDX-License-Identifier: GPL-2.0 */
/*
 * statsfs filesystem plumbing: the filesystem type, the mount point and
 * the creation and removal of dentries for the source tree.
 */
#ifndef _PATHSTATS_STATSFS_FS_H
#define _PATHSTATS_STATSFS_FS_H

#include <linux/types.h>

struct dentry;
struct statsfs_node;

int statsfs_fs_init(void);
void statsfs_fs_exit(void);
struct dentry *statsfs_fs_create_dir(struct dentry *parent, const char *name,
				     const struct statsfs_node *tmpl);
struct dentry *statsfs_fs_create_file(struct dentry *parent, const char *name,
				      umode_t mode,
				      const struct statsfs_node *tmpl);
void statsfs_fs_remove(struct dentry *dentry);

#endif /* _PATHSTATS_STATSFS_FS_H */
