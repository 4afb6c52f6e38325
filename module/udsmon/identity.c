// SPDX-License-Identifier: GPL-2.0
/*
 * A monitored socket is the one bound at its configured address in the
 * namespaces of the process that loaded the configuration:
 *
 *   - an abstract name, in that process's network namespace: the same
 *     name in another namespace is another socket;
 *   - a path, as that process's root, mounts and credentials resolve it:
 *     a socket bound at the same path on a mount of another namespace is
 *     another file.  A server that binds the path again is the file found
 *     there now, and any name of the file (another spelling, a symbolic
 *     link) reaches it.
 *
 * The file a peer is bound to, or a datagram is addressed to, is compared
 * by inode with the file the configured path resolves to.  Resolving
 * sleeps, so it is done in the wrapper, and only for files whose own name
 * is the configured path's last component; decisions about connected
 * peers are cached (probe.c), so a connection pays it once.
 */

#include <linux/cred.h>
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
	id->cred = get_current_cred();
}

/**
 * udsmon_identity_get - copy an identity, with references of its own
 * @to: filled in; release with udsmon_identity_put()
 * @from: an identity its owner keeps alive during the call
 */
void udsmon_identity_get(struct udsmon_identity *to,
			 const struct udsmon_identity *from)
{
	to->root = from->root;
	path_get(&to->root);
	to->net = get_net(from->net);
	to->cred = get_cred(from->cred);
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
	if (id->cred)
		put_cred(id->cred);
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
 * @id: whose root and credentials the path is resolved with
 * @s: a path socket of the configuration
 * @file: the file, held by the caller
 *
 * May sleep: resolves @s's path as @id's task would, following symbolic
 * links as connect() does.
 *
 * Return: 1 if the path resolves to @file's inode, 0 if it does not or
 * names nothing (an answer that stands until the file or the
 * configuration changes), or a negative errno if the lookup could not
 * tell (out of memory, interrupted): decide again later.
 */
int udsmon_identity_is(const struct udsmon_identity *id,
		       const struct udsmon_socket *s, const struct dentry *file)
{
	const struct cred *old;
	struct path found;
	int err;

	might_sleep();
	old = override_creds(id->cred);
	err = vfs_path_lookup(id->root.dentry, id->root.mnt, s->path,
			      LOOKUP_FOLLOW, &found);
	revert_creds(old);
	switch (err) {
	case 0:
		break;
	case -ENOENT:
	case -ENOTDIR:
	case -EACCES:
	case -ELOOP:
		return 0;
	default:
		return err;
	}
	err = d_backing_inode(found.dentry) == d_backing_inode(file);
	path_put(&found);
	return err;
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
