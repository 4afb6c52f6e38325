/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels pathstats supports (Debian 12's 6.1 and
 * 6.12), in one place.
 */
#ifndef _PATHSTATS_COMPAT_H
#define _PATHSTATS_COMPAT_H

#include <linux/file.h>
#include <linux/fs.h>
#include <linux/ftrace.h>
#include <linux/module.h>
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

/*
 * close(2) reaches filp_close() on 6.1; 6.12 flushes with filp_flush() and
 * never calls filp_close().  stat(2) calls security_inode_getattr() from
 * vfs_statx() on 6.1 and from vfs_statx_path() on 6.12.
 */
#if KERNEL_VERSION(6, 12, 0) <= LINUX_VERSION_CODE
#define COMPAT_CLOSE_FN		"filp_flush"
#define COMPAT_STAT_CALLER	"vfs_statx_path"
#else
#define COMPAT_CLOSE_FN		"filp_close"
#define COMPAT_STAT_CALLER	"vfs_statx"
#endif

/* 6.1 has no accessor for the arguments an ftrace_ops callback sees. */
static inline unsigned long compat_ftrace_arg(struct ftrace_regs *fregs,
					      unsigned int n)
{
#if KERNEL_VERSION(6, 2, 0) <= LINUX_VERSION_CODE
	return ftrace_regs_get_argument(fregs, n);
#else
	return regs_get_kernel_argument(&fregs->regs, n);
#endif
}

/* Where an ftrace_ops callback with FTRACE_OPS_FL_IPMODIFY resumes. */
static inline void compat_ftrace_set_ip(struct ftrace_regs *fregs,
					unsigned long ip)
{
#if KERNEL_VERSION(6, 2, 0) <= LINUX_VERSION_CODE
	ftrace_regs_set_instruction_pointer(fregs, ip);
#else
	ftrace_instruction_pointer_set(fregs, ip);
#endif
}

/*
 * Sets argument register @n (3 to 5) of the call an ftrace_ops callback
 * sees, for where it resumes; 6.12 hides them behind arch_ftrace_regs().
 */
static __always_inline void compat_ftrace_set_arg(struct ftrace_regs *fregs,
						  unsigned int n,
						  unsigned long val)
{
#if KERNEL_VERSION(6, 12, 0) <= LINUX_VERSION_CODE
	struct pt_regs *regs = &arch_ftrace_regs(fregs)->regs;
#else
	struct pt_regs *regs = &fregs->regs;
#endif

	if (n == 3)
		regs->cx = val;
	else if (n == 4)
		regs->r8 = val;
	else
		regs->r9 = val;
}

/* Whether @addr is in this module's text; 6.4 split modules by type. */
static __always_inline bool compat_in_module_text(unsigned long addr)
{
#if KERNEL_VERSION(6, 4, 0) <= LINUX_VERSION_CODE
	const struct module_memory *text = &THIS_MODULE->mem[MOD_TEXT];

	return addr - (unsigned long)text->base < text->size;
#else
	const struct module_layout *core = &THIS_MODULE->core_layout;

	return addr - (unsigned long)core->base < core->text_size;
#endif
}

/* 6.12 packs struct fd into one word, read through fd_file(). */
static inline struct file *compat_fd_file(struct fd f)
{
#if KERNEL_VERSION(6, 12, 0) <= LINUX_VERSION_CODE
	return fd_file(f);
#else
	return f.file;
#endif
}

#endif /* _PATHSTATS_COMPAT_H */
