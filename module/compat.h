/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels pathstats supports, in one place:
 * Debian 12's 6.1 and 6.12 (PREEMPT_RT too) and Debian unstable's 7.2.
 *
 * The code is written against the newest kernel's API; what an older
 * kernel lacks is defined here under the upstream name, so that dropping
 * an old kernel is deleting its block.  What has no upstream name gets a
 * pathstats_ one.
 */
#ifndef _PATHSTATS_COMPAT_H
#define _PATHSTATS_COMPAT_H

#include <linux/dcache.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/ftrace.h>
#include <linux/module.h>
#include <linux/namei.h>
#include <linux/timer.h>
#include <linux/version.h>

/* hex_to_bin() left <linux/kernel.h> for its own header after 6.1. */
#if KERNEL_VERSION(6, 12, 0) <= LINUX_VERSION_CODE
#include <linux/hex.h>
#endif

/* The unaligned accessors moved from <asm/unaligned.h> in 6.12. */
#if KERNEL_VERSION(6, 12, 0) <= LINUX_VERSION_CODE
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

/*
 * The kernels in between are not tested; those after 7.2 neither, and
 * each new one changed the VFS and ftrace APIs this module uses.
 */
#if KERNEL_VERSION(6, 1, 0) > LINUX_VERSION_CODE
#error "pathstats needs Linux 6.1 or later"
#elif KERNEL_VERSION(6, 13, 0) <= LINUX_VERSION_CODE && \
	KERNEL_VERSION(7, 2, 0) > LINUX_VERSION_CODE
#error "pathstats supports Linux 6.1 to 6.12 and 7.2, not this kernel"
#elif KERNEL_VERSION(7, 3, 0) <= LINUX_VERSION_CODE
#error "pathstats is not yet ported to this kernel: 7.2 is the newest"
#endif

#if KERNEL_VERSION(7, 2, 0) > LINUX_VERSION_CODE
/*
 * 7.2 has helpers for a filesystem whose dentries stay pinned until
 * removed (debugfs, tracefs, statsfs); before, the pin was the lookup's
 * reference, and kill_litter_super() dropped what was left at unmount.
 */
#define inode_just_drop		generic_delete_inode
#define PATHSTATS_KILL_PINNED_SB	kill_litter_super

/* Returns a negative dentry with @parent locked, or an ERR_PTR. */
static inline struct dentry *simple_start_creating(struct dentry *parent,
						   const char *name)
{
	struct dentry *dentry;

	inode_lock(d_inode(parent));
	dentry = lookup_one_len(name, parent, strlen(name));
	if (!IS_ERR(dentry) && d_really_is_positive(dentry)) {
		dput(dentry);
		dentry = ERR_PTR(-EEXIST);
	}
	if (IS_ERR(dentry))
		inode_unlock(d_inode(parent));
	return dentry;
}

static inline void simple_done_creating(struct dentry *child)
{
	inode_unlock(d_inode(child->d_parent));
	dput(child);
}

static inline struct dentry *d_make_persistent(struct dentry *dentry,
					       struct inode *inode)
{
	d_instantiate(dentry, inode);
	return dget(dentry);
}
#else
#define PATHSTATS_KILL_PINNED_SB	kill_anon_super

/* Still exported, but 7.2 declares it in net/unix/ only. */
struct sock *unix_peer_get(struct sock *sk);
#endif

#if KERNEL_VERSION(6, 7, 0) > LINUX_VERSION_CODE
/* 6.7 hid the inode timestamps behind accessors. */
static inline struct timespec64 simple_inode_init_ts(struct inode *inode)
{
	inode->i_atime = current_time(inode);
	inode->i_mtime = inode->i_atime;
	inode->i_ctime = inode->i_atime;
	return inode->i_atime;
}
#endif

#if KERNEL_VERSION(6, 7, 0) > LINUX_VERSION_CODE
/*
 * 6.7 made get_file_rcu() take the address of an RCU pointer and reload
 * it until it holds what it points to; files are freed after a grace
 * period before 6.7, so one try is enough there.
 */
#undef get_file_rcu
static inline struct file *get_file_rcu(struct file __rcu **f)
{
	struct file *file = rcu_dereference_raw(*f);

	return file && atomic_long_inc_not_zero(&file->f_count) ? file : NULL;
}
#endif

#ifndef fd_file
/* 6.12 packs struct fd into one word, read through fd_file(). */
#define fd_file(f)	((f).file)
#endif

#ifndef timer_container_of
/* 6.16 renamed from_timer(). */
#define timer_container_of	from_timer
#endif

#if KERNEL_VERSION(6, 2, 0) > LINUX_VERSION_CODE
/* 6.1 has no accessors for what an ftrace_ops callback sees. */
#define ftrace_regs_get_argument(fregs, n)				\
	regs_get_kernel_argument(&(fregs)->regs, n)
#define ftrace_regs_set_instruction_pointer(fregs, ip)			\
	ftrace_instruction_pointer_set(fregs, ip)
#endif

#if KERNEL_VERSION(6, 12, 0) > LINUX_VERSION_CODE
/* 6.1 exports vfs_path_lookup() but declares it in fs/internal.h only. */
struct dentry;
struct path;
struct vfsmount;
int vfs_path_lookup(struct dentry *dentry, struct vfsmount *mnt,
		    const char *name, unsigned int flags, struct path *path);
#endif

/*
 * On PREEMPT_RT, spinlock_t is a sleeping lock: code that runs with
 * preemption disabled (the hooks) must not take one.
 */
#define PATHSTATS_SPINLOCKS_SLEEP	IS_ENABLED(CONFIG_PREEMPT_RT)

/*
 * close(2) reaches filp_close() on 6.1; 6.12 and 7.2 flush with
 * filp_flush() and never call filp_close().  The stat calls check the
 * path with security_inode_getattr(), called (as traced in each kernel's
 * guest) from:
 *   - 6.1: vfs_statx(), into which vfs_getattr() is inlined;
 *   - 6.12: vfs_statx_path(), and vfs_fstat() for newfstatat() of an
 *     empty path with AT_EMPTY_PATH;
 *   - 7.2: vfs_statx() and do_statx_fd() (statx() of an empty path), into
 *     which vfs_statx_path() is inlined, and vfs_fstat() as on 6.12.
 * Stacked filesystems stat their lower files from vfs_getattr(), which is
 * in none of these lists.
 */
#if KERNEL_VERSION(6, 12, 0) <= LINUX_VERSION_CODE
#define PATHSTATS_CLOSE_FN	"filp_flush"
#else
#define PATHSTATS_CLOSE_FN	"filp_close"
#endif
#if KERNEL_VERSION(6, 13, 0) <= LINUX_VERSION_CODE
#define PATHSTATS_STAT_CALLERS	{ "vfs_statx", "do_statx_fd", "vfs_fstat" }
#elif KERNEL_VERSION(6, 12, 0) <= LINUX_VERSION_CODE
#define PATHSTATS_STAT_CALLERS	{ "vfs_statx_path", "vfs_fstat" }
#else
#define PATHSTATS_STAT_CALLERS	{ "vfs_statx" }
#endif

/**
 * pathstats_ftrace_set_arg - set an argument of a hooked call
 * @fregs: the registers an ftrace_ops callback sees
 * @n: the argument, 1 to 5
 * @val: its value where the call resumes
 *
 * 6.12 hides the registers behind arch_ftrace_regs().
 */
static __always_inline void pathstats_ftrace_set_arg(struct ftrace_regs *fregs,
						     unsigned int n,
						     unsigned long val)
{
#if KERNEL_VERSION(6, 12, 0) <= LINUX_VERSION_CODE
	struct pt_regs *regs = &arch_ftrace_regs(fregs)->regs;
#else
	struct pt_regs *regs = &fregs->regs;
#endif

	if (n == 1)
		regs->si = val;
	else if (n == 2)
		regs->dx = val;
	else if (n == 3)
		regs->cx = val;
	else if (n == 4)
		regs->r8 = val;
	else
		regs->r9 = val;
}

/**
 * pathstats_in_module_text - whether an address is in this module's text
 * @addr: the address
 *
 * One range check, where within_module() tests every section; 6.4 split
 * modules by memory type.
 *
 * Return: true if @addr is in the module's core text.
 */
static __always_inline bool pathstats_in_module_text(unsigned long addr)
{
#if KERNEL_VERSION(6, 4, 0) <= LINUX_VERSION_CODE
	const struct module_memory *text = &THIS_MODULE->mem[MOD_TEXT];

	return addr - (unsigned long)text->base < text->size;
#else
	const struct module_layout *core = &THIS_MODULE->core_layout;

	return addr - (unsigned long)core->base < core->text_size;
#endif
}

#if KERNEL_VERSION(6, 13, 0) > LINUX_VERSION_CODE
/* kernel_connect() takes a struct sockaddr_unsized after 6.12. */
#define sockaddr_unsized	sockaddr
#endif

/*
 * A task's working directory, without a reference: the caller holds
 * rcu_read_lock(), which keeps the dentry and mount it names from being
 * freed, as d_path() reads the root.  fs_struct's seqcount and spinlock
 * became one seqlock after 6.12.
 */
static inline void pathstats_fs_pwd_rcu(struct fs_struct *fs,
					struct path *pwd)
{
	unsigned int seq;

	do {
#if KERNEL_VERSION(6, 13, 0) <= LINUX_VERSION_CODE
		seq = read_seqbegin(&fs->seq);
		*pwd = fs->pwd;
	} while (read_seqretry(&fs->seq, seq));
#else
		seq = read_seqcount_begin(&fs->seq);
		*pwd = fs->pwd;
	} while (read_seqcount_retry(&fs->seq, seq));
#endif
}

#endif /* _PATHSTATS_COMPAT_H */
