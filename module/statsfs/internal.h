/* SPDX-License-Identifier: GPL-2.0 */
/*
 * statsfs internals shared by the source tree (source.c), the file
 * contents (file.c, bulk.c) and the filesystem plumbing (inode.c).
 *
 * Locking: statsfs_lock is taken for writing by every change to the tree
 * (sources, values, aggregates, dentries) and for reading by every reader
 * of a file.  Owners update their counters without any statsfs lock; the
 * lock only guarantees that a reader never follows a pointer into a source
 * or value memory that its owner has removed or revoked.
 */
#ifndef _STATSFS_INTERNAL_H
#define _STATSFS_INTERNAL_H

#include <linux/fs.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/rwsem.h>
#include <linux/statsfs.h>

struct dentry;
struct seq_file;

/* One array of value descriptors added to a source, with its storage. */
struct statsfs_value_set {
	struct list_head list;
	const struct statsfs_value *values;
	unsigned int n;
	void *base;
	void __percpu *pcpu_base;	/* non-NULL: per-cpu storage */
	struct dentry **dentries;	/* one per value, while visible */
};

/*
 * The aggregate files a source shows for one descriptor array carried
 * somewhere in its subtree.  @dentries has one slot per descriptor; only
 * those with an aggregation kind get a file.
 */
struct statsfs_aggr_set {
	struct list_head list;
	const struct statsfs_value *values;
	unsigned int n;
	bool percpu;			/* storage of the carriers' values */
	struct dentry **dentries;
};

/* A read-only text file of a source, such as the prefix it counts. */
struct statsfs_label {
	struct list_head list;
	char *name;
	char *text;		/* or NULL, with @live */
	const char *live;	/* the owner's, @live_size bytes */
	size_t live_size;
	struct dentry *dentry;
};

struct statsfs_source {
	struct kref kref;
	char *name;
	unsigned int flags;
	bool revoked;
	struct statsfs_source *parent;
	struct list_head subordinates;
	struct list_head sibling;
	struct list_head value_sets;
	struct list_head aggr_sets;
	struct list_head labels;
	struct dentry *dentry;		/* NULL while not visible */
};

enum statsfs_node_kind {
	STATSFS_NODE_DIR,
	STATSFS_NODE_VALUE,
	STATSFS_NODE_AGGR,
	STATSFS_NODE_SCHEMA,
	STATSFS_NODE_BULK,
	STATSFS_NODE_LABEL,
};

/*
 * What an inode shows.  Owned by the inode; @src is cleared under
 * statsfs_lock when the file is removed from the tree, which is how an
 * open file learns that its source is gone.
 */
struct statsfs_node {
	enum statsfs_node_kind kind;
	struct statsfs_source *src;
	const struct statsfs_value *val;
	struct statsfs_value_set *set;	/* STATSFS_NODE_VALUE */
	struct statsfs_aggr_set *agg;	/* STATSFS_NODE_AGGR */
	struct statsfs_label *label;	/* STATSFS_NODE_LABEL */
};

extern struct rw_semaphore statsfs_lock;
extern struct statsfs_source *statsfs_root;

/* source.c: the tree and its aggregates */
bool statsfs_value_writable(const struct statsfs_value *val);
u64 statsfs_value_read(const struct statsfs_value_set *set,
		       const struct statsfs_value *val);
void statsfs_value_clear(const struct statsfs_value_set *set,
			 const struct statsfs_value *val);
u64 statsfs_aggr_read(const struct statsfs_source *src,
		      const struct statsfs_aggr_set *agg,
		      const struct statsfs_value *val);
void statsfs_aggr_clear(const struct statsfs_source *src,
			const struct statsfs_aggr_set *agg,
			const struct statsfs_value *val);
int statsfs_populate(struct dentry *root);
void statsfs_depopulate(void);

/* file.c: values, aggregates, schemas and labels */
extern const struct file_operations statsfs_file_fops;

/* bulk.c: a subtree's values in one read */
extern const struct file_operations statsfs_bulk_fops;

/* inode.c: the filesystem type, the mount point, dentries */
int statsfs_fs_init(void);
void statsfs_fs_exit(void);
struct dentry *statsfs_fs_create_dir(struct dentry *parent, const char *name,
				     const struct statsfs_node *tmpl);
struct dentry *statsfs_fs_create_file(struct dentry *parent, const char *name,
				      umode_t mode,
				      const struct statsfs_node *tmpl);
void statsfs_fs_remove(struct dentry *dentry);

#endif /* _STATSFS_INTERNAL_H */
