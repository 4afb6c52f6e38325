// SPDX-License-Identifier: GPL-2.0
/*
 * The syscall detours: see syscall.h, and the measurements behind them in
 * Documentation/design/pathmon-probes.rst.
 *
 * A wrapper must call the syscall function without passing its ftrace
 * site again, or every counted call would go through the trampoline and
 * the hook twice.  It calls the instruction after the site, as BPF
 * trampolines call the functions they attach to, through a static call
 * per function (pathstats_detour_resolve()).
 */

#include <linux/bitmap.h>
#include <linux/ftrace.h>
#include <linux/static_call.h>
#include <asm/unistd.h>

#include "detour.h"
#include "fault.h"

#include "probe.h"
#include "syscall.h"

/* What a static call calls until its syscall function is found. */
static long pathmon_syscall_unresolved(const struct pt_regs *regs)
{
	return -EOPNOTSUPP;
}

/* One per hooked function: how its wrapper calls it. */
DEFINE_STATIC_CALL(pathmon_call_read, pathmon_syscall_unresolved);
DEFINE_STATIC_CALL(pathmon_call_pread64, pathmon_syscall_unresolved);
DEFINE_STATIC_CALL(pathmon_call_readv, pathmon_syscall_unresolved);
DEFINE_STATIC_CALL(pathmon_call_preadv, pathmon_syscall_unresolved);
DEFINE_STATIC_CALL(pathmon_call_preadv2, pathmon_syscall_unresolved);
DEFINE_STATIC_CALL(pathmon_call_write, pathmon_syscall_unresolved);
DEFINE_STATIC_CALL(pathmon_call_pwrite64, pathmon_syscall_unresolved);
DEFINE_STATIC_CALL(pathmon_call_writev, pathmon_syscall_unresolved);
DEFINE_STATIC_CALL(pathmon_call_pwritev, pathmon_syscall_unresolved);
DEFINE_STATIC_CALL(pathmon_call_pwritev2, pathmon_syscall_unresolved);
DEFINE_STATIC_CALL(pathmon_call_newfstat, pathmon_syscall_unresolved);
DEFINE_STATIC_CALL(pathmon_call_ftruncate, pathmon_syscall_unresolved);
DEFINE_STATIC_CALL(pathmon_call_fsync, pathmon_syscall_unresolved);
DEFINE_STATIC_CALL(pathmon_call_fdatasync, pathmon_syscall_unresolved);
DEFINE_STATIC_CALL(pathmon_call_getdents64, pathmon_syscall_unresolved);
DEFINE_STATIC_CALL(pathmon_call_open, pathmon_syscall_unresolved);
DEFINE_STATIC_CALL(pathmon_call_openat, pathmon_syscall_unresolved);
DEFINE_STATIC_CALL(pathmon_call_openat2, pathmon_syscall_unresolved);
DEFINE_STATIC_CALL(pathmon_call_creat, pathmon_syscall_unresolved);
DEFINE_STATIC_CALL(pathmon_call_sendfile64, pathmon_syscall_unresolved);
DEFINE_STATIC_CALL(pathmon_call_copy_file_range, pathmon_syscall_unresolved);
DEFINE_STATIC_CALL(pathmon_call_splice, pathmon_syscall_unresolved);
DEFINE_STATIC_CALL(pathmon_call_mmap, pathmon_syscall_unresolved);

/*
 * A wrapper: in force of the hooked function from the hook's divert to
 * its return, with its argument and the one file the hook found, if any,
 * in the next argument register; it counts after the call, as the return
 * value is known only then.
 */
#define PATHMON_SYSCALL_WRAPPER(_fn)					\
static long notrace pathmon_wrap_##_fn(const struct pt_regs *regs,	\
				       struct file *entry_file)		\
{									\
	unsigned long *detour = pathstats_detour_enter();		\
	long ret;							\
									\
	ret = static_call(pathmon_call_##_fn)(regs);			\
	pathmon_probe_syscall_return(regs, ret, entry_file);		\
	pathstats_detour_leave(detour);					\
	return ret;							\
}

PATHMON_SYSCALL_WRAPPER(read)
PATHMON_SYSCALL_WRAPPER(pread64)
PATHMON_SYSCALL_WRAPPER(readv)
PATHMON_SYSCALL_WRAPPER(preadv)
PATHMON_SYSCALL_WRAPPER(preadv2)
PATHMON_SYSCALL_WRAPPER(write)
PATHMON_SYSCALL_WRAPPER(pwrite64)
PATHMON_SYSCALL_WRAPPER(writev)
PATHMON_SYSCALL_WRAPPER(pwritev)
PATHMON_SYSCALL_WRAPPER(pwritev2)
PATHMON_SYSCALL_WRAPPER(newfstat)
PATHMON_SYSCALL_WRAPPER(ftruncate)
PATHMON_SYSCALL_WRAPPER(fsync)
PATHMON_SYSCALL_WRAPPER(fdatasync)
PATHMON_SYSCALL_WRAPPER(getdents64)
PATHMON_SYSCALL_WRAPPER(open)
PATHMON_SYSCALL_WRAPPER(openat)
PATHMON_SYSCALL_WRAPPER(openat2)
PATHMON_SYSCALL_WRAPPER(creat)
PATHMON_SYSCALL_WRAPPER(sendfile64)
PATHMON_SYSCALL_WRAPPER(copy_file_range)
PATHMON_SYSCALL_WRAPPER(splice)
PATHMON_SYSCALL_WRAPPER(mmap)

void *pathmon_syscall_wrappers[PATHMON_SYS_NR_MAX] __ro_after_init;

/**
 * struct pathmon_syscall - a hooked syscall function
 * @nr: its x86_64 syscall number
 * @wrapper: its wrapper
 * @target: the function, as the wrapper calls it
 */
struct pathmon_syscall {
	unsigned int nr;
	void *wrapper;
	struct pathstats_detour_target target;
};

#define PATHMON_SYSCALL(_nr, _fn) {					\
	.nr = __NR_##_nr,						\
	.wrapper = pathmon_wrap_##_fn,					\
	.target = {							\
		.name = "__x64_sys_" #_fn,				\
		.key = &STATIC_CALL_KEY(pathmon_call_##_fn),		\
		.tramp = STATIC_CALL_TRAMP_ADDR(pathmon_call_##_fn),	\
	},								\
}

static struct pathmon_syscall pathmon_syscalls[] __ro_after_init = {
	PATHMON_SYSCALL(read, read),
	PATHMON_SYSCALL(pread64, pread64),
	PATHMON_SYSCALL(readv, readv),
	PATHMON_SYSCALL(preadv, preadv),
	PATHMON_SYSCALL(preadv2, preadv2),
	PATHMON_SYSCALL(write, write),
	PATHMON_SYSCALL(pwrite64, pwrite64),
	PATHMON_SYSCALL(writev, writev),
	PATHMON_SYSCALL(pwritev, pwritev),
	PATHMON_SYSCALL(pwritev2, pwritev2),
	PATHMON_SYSCALL(fstat, newfstat),
	PATHMON_SYSCALL(ftruncate, ftruncate),
	PATHMON_SYSCALL(fsync, fsync),
	PATHMON_SYSCALL(fdatasync, fdatasync),
	PATHMON_SYSCALL(getdents64, getdents64),
	PATHMON_SYSCALL(open, open),
	PATHMON_SYSCALL(openat, openat),
	PATHMON_SYSCALL(openat2, openat2),
	PATHMON_SYSCALL(creat, creat),
	PATHMON_SYSCALL(sendfile, sendfile64),
	PATHMON_SYSCALL(copy_file_range, copy_file_range),
	PATHMON_SYSCALL(splice, splice),
	PATHMON_SYSCALL(mmap, mmap),
};

/*
 * The hook: permanent, as pathmon's other ftrace_ops (probe.c); flags
 * without FTRACE_OPS_FL_RECURSION, so that ftrace calls it directly: it
 * is notrace and calls nothing traceable (but a WARN that cannot fire).
 */
static struct ftrace_ops pathmon_syscall_ops = {
	.func = pathmon_probe_syscall_entry,
	.flags = FTRACE_OPS_FL_IPMODIFY | FTRACE_OPS_FL_PERMANENT,
};

/* The functions in the hook's filter; registered while not empty. */
static DECLARE_BITMAP(pathmon_syscall_hooked, PATHMON_SYS_NR_MAX);
static bool pathmon_syscall_registered;

/* Adds to or removes from the hook's filter the functions of @nrs. */
static int pathmon_syscall_filter(const unsigned long *nrs, bool remove)
{
	unsigned long sites[ARRAY_SIZE(pathmon_syscalls)];
	unsigned int i, count = 0;
	int err;

	for (i = 0; i < ARRAY_SIZE(pathmon_syscalls); i++)
		if (test_bit(pathmon_syscalls[i].nr, nrs))
			sites[count++] = pathmon_syscalls[i].target.site;
	if (!count)
		return 0;
	err = pathstats_fault_load_step() ? -ENOMEM :
	      ftrace_set_filter_ips(&pathmon_syscall_ops, sites, count,
				    remove, 0);
	if (err)
		return err;
	if (remove)
		bitmap_andnot(pathmon_syscall_hooked, pathmon_syscall_hooked,
			      nrs, PATHMON_SYS_NR_MAX);
	else
		bitmap_or(pathmon_syscall_hooked, pathmon_syscall_hooked, nrs,
			  PATHMON_SYS_NR_MAX);
	return 0;
}

/**
 * pathmon_syscall_attach - hook the syscall functions of @nrs
 * @nrs: bitmap of syscall numbers (PATHMON_SYS_NR_MAX bits), not empty
 *
 * Functions hooked already stay hooked: pathmon_syscall_trim() unhooks
 * them once the table that needed them is gone.
 *
 * Return: 0 or a negative errno; on failure nothing changed.
 */
int pathmon_syscall_attach(const unsigned long *nrs)
{
	DECLARE_BITMAP(added, PATHMON_SYS_NR_MAX);
	int err;

	bitmap_andnot(added, nrs, pathmon_syscall_hooked, PATHMON_SYS_NR_MAX);
	err = pathmon_syscall_filter(added, false);
	if (err)
		goto err;
	if (pathmon_syscall_registered)
		return 0;
	pathstats_detour_hold();
	err = pathstats_fault_load_step() ? -ENOMEM :
	      register_ftrace_function(&pathmon_syscall_ops);
	if (!err) {
		pathmon_syscall_registered = true;
		return 0;
	}
	pathstats_detour_release();
	/* Not registered: the filter may go at once. */
	ftrace_set_filter_ips(&pathmon_syscall_ops, NULL, 0, 0, 1);
	bitmap_zero(pathmon_syscall_hooked, PATHMON_SYS_NR_MAX);
	return err;

err:
	pr_err("cannot hook the syscall functions: %d\n", err);
	return err;
}

/**
 * pathmon_syscall_trim - unhook the syscall functions not in @nrs
 * @nrs: the syscall numbers the published table counts, not empty
 */
void pathmon_syscall_trim(const unsigned long *nrs)
{
	DECLARE_BITMAP(gone, PATHMON_SYS_NR_MAX);

	bitmap_andnot(gone, pathmon_syscall_hooked, nrs, PATHMON_SYS_NR_MAX);
	/* On failure they stay hooked, and the wrapper counts none. */
	pathmon_syscall_filter(gone, true);
}

/**
 * pathmon_syscall_detach - unhook every syscall function
 *
 * Returns once no hook runs any more.  The calls diverted into wrappers
 * finish there, and keep the module loaded until they return (detour.c).
 */
void pathmon_syscall_detach(void)
{
	if (!pathmon_syscall_registered)
		return;
	/* A hook that stayed would divert into freed code: keep the module. */
	if (WARN_ON(unregister_ftrace_function(&pathmon_syscall_ops)))
		return;
	pathmon_syscall_registered = false;
	/* An empty filter hooks every function: never while registered. */
	ftrace_set_filter_ips(&pathmon_syscall_ops, NULL, 0, 0, 1);
	bitmap_zero(pathmon_syscall_hooked, PATHMON_SYS_NR_MAX);
	pathstats_detour_release();
}

/**
 * pathmon_syscall_init - find the syscall functions to hook
 *
 * Return: 0 or a negative errno.
 */
int pathmon_syscall_init(void)
{
	unsigned int i;
	int err;

	for (i = 0; i < ARRAY_SIZE(pathmon_syscalls); i++) {
		err = pathstats_detour_resolve(&pathmon_syscalls[i].target);
		if (err)
			return err;
	}
	for (i = 0; i < ARRAY_SIZE(pathmon_syscalls); i++)
		pathmon_syscall_wrappers[pathmon_syscalls[i].nr] =
			pathmon_syscalls[i].wrapper;
	return 0;
}

/**
 * pathmon_syscall_exit - free the hook's filter; nothing may be attached
 */
void pathmon_syscall_exit(void)
{
	ftrace_free_filter(&pathmon_syscall_ops);
}
