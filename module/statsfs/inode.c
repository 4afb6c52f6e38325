// SPDX-License-Identifier: GPL-2.0
/*
 * statsfs filesystem plumbing, after fs/debugfs and fs/tracefs: a single
 * superblock, dentries pinned in the dcache for as long as their source is
 * in the tree, removal with simple_recursive_removal().
 */

#include <linux/fs.h>
#include <linux/fs_context.h>
#include <linux/fsnotify.h>
#include <linux/kobject.h>
#include <linux/namei.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "compat.h"
#include "internal.h"

#define STATSFS_MAGIC	0x73746174	/* "stat" */

static struct inode *statsfs_new_inode(struct super_block *sb, umode_t mode,
				       const struct statsfs_node *tmpl)
{
	struct statsfs_node *node;
	struct inode *inode;

	node = kmemdup(tmpl, sizeof(*tmpl), GFP_KERNEL);
	if (!node)
		return NULL;
	inode = new_inode(sb);
	if (!inode) {
		kfree(node);
		return NULL;
	}
	inode->i_ino = get_next_ino();
	inode->i_mode = mode;
	inode->i_private = node;
	simple_inode_init_ts(inode);
	return inode;
}

static void statsfs_free_inode(struct inode *inode)
{
	kfree(inode->i_private);
	free_inode_nonrcu(inode);
}

static const struct super_operations statsfs_super_operations = {
	.statfs		= simple_statfs,
	.drop_inode	= inode_just_drop,
	.free_inode	= statsfs_free_inode,
};

static int statsfs_fill_super(struct super_block *sb, struct fs_context *fc)
{
	struct statsfs_node tmpl = {
		.kind = STATSFS_NODE_DIR,
		.src = statsfs_root,
	};
	struct inode *inode;

	sb->s_blocksize = PAGE_SIZE;
	sb->s_blocksize_bits = PAGE_SHIFT;
	sb->s_magic = STATSFS_MAGIC;
	sb->s_op = &statsfs_super_operations;
	sb->s_time_gran = 1;

	inode = statsfs_new_inode(sb, S_IFDIR | 0755, &tmpl);
	if (!inode)
		return -ENOMEM;
	inode->i_op = &simple_dir_inode_operations;
	inode->i_fop = &simple_dir_operations;
	set_nlink(inode, 2);
	sb->s_root = d_make_root(inode);
	if (!sb->s_root)
		return -ENOMEM;

	return statsfs_populate(sb->s_root);
}

static int statsfs_get_tree(struct fs_context *fc)
{
	return get_tree_single(fc, statsfs_fill_super);
}

static const struct fs_context_operations statsfs_context_ops = {
	.get_tree	= statsfs_get_tree,
};

static int statsfs_init_fs_context(struct fs_context *fc)
{
	fc->ops = &statsfs_context_ops;
	return 0;
}

static void statsfs_kill_sb(struct super_block *sb)
{
	/*
	 * Only the last reference to the superblock gets here, so no file of
	 * it is open; after this the tree stops creating dentries in it.
	 */
	statsfs_depopulate();
	PATHSTATS_KILL_PINNED_SB(sb);
}

static struct file_system_type statsfs_fs_type = {
	.owner			= THIS_MODULE,
	.name			= "statsfs",
	.init_fs_context	= statsfs_init_fs_context,
	.kill_sb		= statsfs_kill_sb,
};

/*
 * Creates a directory (S_IFDIR in @mode) or a file under @parent, with
 * statsfs_lock held for writing; the dentry stays pinned until
 * statsfs_fs_remove().  Returns the dentry or an ERR_PTR().
 */
static struct dentry *statsfs_fs_create(struct dentry *parent,
					const char *name, umode_t mode,
					const struct statsfs_node *tmpl)
{
	struct dentry *dentry;
	struct inode *inode;

	dentry = simple_start_creating(parent, name);
	if (IS_ERR(dentry))
		return dentry;

	inode = statsfs_new_inode(parent->d_sb, mode, tmpl);
	if (!inode) {
		simple_done_creating(dentry);
		return ERR_PTR(-ENOMEM);
	}
	if (S_ISDIR(mode)) {
		inode->i_op = &simple_dir_inode_operations;
		inode->i_fop = &simple_dir_operations;
		/* Directories start with a link count of 2, for ".". */
		inc_nlink(inode);
	} else if (tmpl->kind == STATSFS_NODE_BULK) {
		inode->i_fop = &statsfs_bulk_fops;
	} else {
		inode->i_fop = &statsfs_file_fops;
	}

	d_make_persistent(dentry, inode);
	if (S_ISDIR(mode)) {
		inc_nlink(d_inode(parent));
		fsnotify_mkdir(d_inode(parent), dentry);
	} else {
		fsnotify_create(d_inode(parent), dentry);
	}
	/* The pin stays; the reference returned is the tree's to borrow. */
	simple_done_creating(dentry);
	return dentry;
}

/**
 * statsfs_fs_create_dir - create a directory for a source
 * @parent: the parent's directory
 * @name: the source's name
 * @tmpl: what the directory's inode shows; copied
 *
 * The dentry stays pinned until statsfs_fs_remove().  Call with
 * statsfs_lock held for writing.
 *
 * Return: the dentry or an ERR_PTR().
 */
struct dentry *statsfs_fs_create_dir(struct dentry *parent, const char *name,
				     const struct statsfs_node *tmpl)
{
	return statsfs_fs_create(parent, name, S_IFDIR | 0755, tmpl);
}

/**
 * statsfs_fs_create_file - create a file
 * @parent: the directory
 * @name: the file's name
 * @mode: permission bits
 * @tmpl: what the file shows; copied
 *
 * The dentry stays pinned until statsfs_fs_remove().  Call with
 * statsfs_lock held for writing.
 *
 * Return: the dentry or an ERR_PTR().
 */
struct dentry *statsfs_fs_create_file(struct dentry *parent, const char *name,
				      umode_t mode,
				      const struct statsfs_node *tmpl)
{
	return statsfs_fs_create(parent, name, S_IFREG | mode, tmpl);
}

static void statsfs_fs_kill_node(struct dentry *dentry)
{
	struct statsfs_node *node = d_inode(dentry)->i_private;

	node->src = NULL;
}

/**
 * statsfs_fs_remove - remove a file or a directory with everything in it
 * @dentry: what statsfs_fs_create_dir() or statsfs_fs_create_file() gave
 *
 * Open files of the removed entries stay open; their reads fail with
 * -ENODEV.  Call with statsfs_lock held for writing, which is what makes
 * clearing the nodes safe against readers.
 */
void statsfs_fs_remove(struct dentry *dentry)
{
	simple_recursive_removal(dentry, statsfs_fs_kill_node);
}

/**
 * statsfs_fs_init - register the filesystem and create its mount point
 *
 * Return: 0 or a negative errno.
 */
int statsfs_fs_init(void)
{
	int err;

	err = register_filesystem(&statsfs_fs_type);
	if (err)
		return err;
	err = sysfs_create_mount_point(kernel_kobj, "stats");
	if (err) {
		unregister_filesystem(&statsfs_fs_type);
		return err;
	}
	return 0;
}

/**
 * statsfs_fs_exit - remove the mount point and unregister the filesystem
 */
void statsfs_fs_exit(void)
{
	sysfs_remove_mount_point(kernel_kobj, "stats");
	unregister_filesystem(&statsfs_fs_type);
}
