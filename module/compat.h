/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels pathstats supports (Debian 12's 6.1 and
 * 6.12), in one place.
 */
#ifndef _PATHSTATS_COMPAT_H
#define _PATHSTATS_COMPAT_H

#include <linux/fs.h>
#include <linux/version.h>

/* 6.7 hid the inode timestamps behind accessors. */
static inline void compat_inode_init_ts(struct inode *inode)
{
#if KERNEL_VERSION(6, 7, 0) <= LINUX_VERSION_CODE
	simple_inode_init_ts(inode);
#else
	inode->i_atime = current_time(inode);
	inode->i_mtime = inode->i_atime;
	inode->i_ctime = inode->i_atime;
#endif
}

#endif /* _PATHSTATS_COMPAT_H */
