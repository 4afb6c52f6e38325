/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which monitored socket a peer or an address is: by what it is, in the
 * namespaces of the process that loaded the configuration, not by the
 * name another namespace can bind.
 */
#ifndef _PATHSTATS_UDSMON_IDENTITY_H
#define _PATHSTATS_UDSMON_IDENTITY_H

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
 */
struct udsmon_identity {
	struct path root;
	struct net *net;
};

void udsmon_identity_take(struct udsmon_identity *id);
void udsmon_identity_put(struct udsmon_identity *id);

/* Whether @sk is in the namespace where @id's abstract names are. */
static inline bool udsmon_identity_net(const struct udsmon_identity *id,
				       const struct sock *sk)
{
	return net_eq(sock_net(sk), id->net);
}

bool udsmon_identity_name_may_be(const struct udsmon_socket *s,
				 struct dentry *file);
bool udsmon_identity_is(const struct path *root, const struct udsmon_socket *s,
			const struct dentry *file);
int udsmon_identity_address(const struct sockaddr_un *sun, int len,
			    struct path *file);

#endif /* _PATHSTATS_UDSMON_IDENTITY_H */
