/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which monitored socket a peer or an address is: by what it is, in the
 * namespaces of the process that loaded the configuration, not by the
 * name another namespace can bind.
 */
#ifndef _PATHSTATS_UDSMON_IDENTITY_H
#define _PATHSTATS_UDSMON_IDENTITY_H

#include <linux/cred.h>
#include <linux/path.h>
#include <linux/types.h>
#include <net/net_namespace.h>
#include <net/sock.h>

struct dentry;
struct sockaddr_un;
struct udsmon_socket;

/**
 * struct udsmon_identity - the namespaces a configuration names sockets in
 * @root: the loader's root directory: socket paths are looked up from it
 * @net: the loader's network namespace: abstract names are bound in it
 * @cred: the loader's credentials: the lookups are the loader's, not
 *	those of whichever task's transfer is being decided
 */
struct udsmon_identity {
	struct path root;
	struct net *net;
	const struct cred *cred;
};

void udsmon_identity_take(struct udsmon_identity *id);
void udsmon_identity_get(struct udsmon_identity *to,
			 const struct udsmon_identity *from);
void udsmon_identity_put(struct udsmon_identity *id);

/* Whether @sk is in the namespace where @id's abstract names are. */
static inline bool udsmon_identity_net(const struct udsmon_identity *id,
				       const struct sock *sk)
{
	return net_eq(sock_net(sk), id->net);
}

bool udsmon_identity_name_may_be(const struct udsmon_socket *s,
				 struct dentry *file);
int udsmon_identity_is(const struct udsmon_identity *id,
		       const struct udsmon_socket *s, const struct dentry *file);
int udsmon_identity_address(const struct sockaddr_un *sun, int len,
			    struct path *file);

#endif /* _PATHSTATS_UDSMON_IDENTITY_H */
