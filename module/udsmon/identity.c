// SPDX-License-Identifier: GPL-2.0
/*
 * A monitored socket is the one bound at its configured address in the
 * namespaces of the process that loaded the configuration:
 *
 *   - an abstract name, in that process's network namespace: the same
 *     name in another namespace is another socket;
 *   - a path, as that process's root and mounts resolve it: a socket
 *     bound at the same path on a mount of another namespace is another
 *     file.  A server that binds the path again is the file found there
 *     now, and any name of the file (another spelling, a symbolic link)
 *     reaches it.
 *
 * The file a peer is bound to, or a datagram is addressed to, is compared
 * by inode with the file the configured path resolves to.  Resolving
 * sleeps, so it is done in the wrapper, and only for files whose own name
 * is the configured path's last component; decisions about connected
 * peers are cached (probe.c), so a connection pays it once.
 */

#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/namei.h>
#include <linux/nsproxy.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/un.h>

#include "compat.h"

#include "identity.h"
#include "udsmon.h"

/**
 * udsmon_identity_take - record the current task's namespaces
 * @id: filled in; release with udsmon_identity_put()
 */
void udsmon_identity_take(struct udsmon_identity *id)
{
	get_fs_root(current->fs, &id->root);
	id->net = get_net(current->nsproxy->net_ns);
}

/**
 * udsmon_identity_put - release what udsmon_identity_take() took
 * @id: taken, or zeroed
 */
void udsmon_identity_put(struct udsmon_identity *id)
{
	if (id->root.mnt)
		path_put(&id->root);
	if (id->net)
		put_net(id->net);
}

/**
 * udsmon_identity_name_may_be - whether a file may be a monitored socket
 * @s: a path socket of the configuration
 * @file: the file's dentry, held by the caller
 *
 * The cheap test before the one that resolves: the file's own name is the
 * last component of @s's path.  Takes @file's d_lock, a spinlock.
 *
 * Return: false if @file cannot be @s's file.
 */
bool udsmon_identity_name_may_be(const struct udsmon_socket *s,
				 struct dentry *file)
{
	struct name_snapshot name;
	bool same;

	take_dentry_name_snapshot(&name, file);
	same = name.name.len == s->base_len &&
	       !memcmp(name.name.name, s->base, s->base_len);
	release_dentry_name_snapshot(&name);
	return same;
}

/**
 * udsmon_identity_is - whether a file is the one a socket's path names
 * @root: where the path is resolved from (a configuration's loader's root)
 * @s: a path socket of the configuration
 * @file: the file, held by the caller
 *
 * May sleep: resolves @s's path from @root, following symbolic links as
 * connect() does.
 *
 * Return: true if the path resolves to @file's inode.
 */
bool udsmon_identity_is(const struct path *root, const struct udsmon_socket *s,
			const struct dentry *file)
{
	struct path found;
	bool same;

	might_sleep();
	if (vfs_path_lookup(root->dentry, root->mnt, s->path, LOOKUP_FOLLOW,
			    &found))
		return false;
	same = d_backing_inode(found.dentry) == d_backing_inode(file);
	path_put(&found);
	return same;
}

/**
 * udsmon_identity_address - the file a datagram's path address names
 * @sun: the address, the kernel's copy of a sendmsg() argument
 * @len: its length
 * @file: set to the file, held: release with path_put()
 *
 * May sleep.  Resolves as the send itself does, from the sender's root
 * and working directory.
 *
 * Return: 0, or a negative errno if the address names no socket file.
 */
int udsmon_identity_address(const struct sockaddr_un *sun, int len,
			    struct path *file)
{
	const int off = offsetof(struct sockaddr_un, sun_path);
	char *name;
	int err;

	if (len <= off + 1 || len > sizeof(*sun) || !sun->sun_path[0])
		return -EINVAL;
	name = kmemdup_nul(sun->sun_path, len - off, GFP_KERNEL);
	if (!name)
		return -ENOMEM;
	err = kern_path(name, LOOKUP_FOLLOW, file);
	kfree(name);
	if (err)
		return err;
	if (!S_ISSOCK(d_backing_inode(file->dentry)->i_mode)) {
		path_put(file);
		return -ECONNREFUSED;
	}
	return 0;
}
