/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels pathstats supports (Debian 12's 6.1 and
 * 6.12), in one place.
 */
#ifndef _PATHSTATS_COMPAT_H
#define _PATHSTATS_COMPAT_H

#include <linux/fs.h>
#include <linux/ftrace.h>
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

/* 6.1 has no accessor for the arguments an ftrace_ops callback sees. */
static inline unsigned long compat_ftrace_arg0(struct ftrace_regs *fregs)
{
#if KERNEL_VERSION(6, 2, 0) <= LINUX_VERSION_CODE
	return ftrace_regs_get_argument(fregs, 0);
#else
	return fregs->regs.di;
#endif
}

#endif /* _PATHSTATS_COMPAT_H */
