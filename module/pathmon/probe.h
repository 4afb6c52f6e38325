/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pathmon's kernel hooks: attached only while a configuration has
 * prefixes.
 */
#ifndef _PATHSTATS_PATHMON_PROBE_H
#define _PATHSTATS_PATHMON_PROBE_H

#include <linux/types.h>

struct file;

/* What a counted call did with a file. */
enum pathmon_dir {
	PATHMON_CALL,		/* used it */
	PATHMON_IN,		/* read from it */
	PATHMON_OUT,		/* wrote to it */
};

/**
 * struct pathmon_event - a syscall's use of its files, to be counted
 * @file: the file used (read, for a transfer), and the file a transfer
 *	wrote to; either may be NULL
 * @ret: what the syscall returned
 * @id: the syscall, enum pathstats_syscall
 * @dir: enum pathmon_dir of @file[0], unless a transfer
 * @transfer: read @file[0], wrote @file[1]: one call, counted once per
 *	prefix
 */
struct pathmon_event {
	struct file *file[2];
	long ret;
	u8 id;
	u8 dir;
	bool transfer;
};

struct ftrace_ops;
struct ftrace_regs;
struct pt_regs;

void pathmon_probe_count_deferred(const struct pathmon_event *ev);
void pathmon_probe_syscall_entry(unsigned long ip, unsigned long pip,
				 struct ftrace_ops *ops,
				 struct ftrace_regs *fregs);
void pathmon_probe_syscall_return(const struct pt_regs *regs, long ret,
				  struct file *entry_file);
void pathmon_probe_exit_nrs(u64 syscalls, unsigned long *nrs);
void pathmon_probe_trace_syscalls(u64 syscalls);
int pathmon_probe_sync(u32 count, u64 syscalls, bool release);
int pathmon_probe_init(void);
void pathmon_probe_exit(void);

#endif /* _PATHSTATS_PATHMON_PROBE_H */
