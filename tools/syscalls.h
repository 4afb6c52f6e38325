/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The syscalls a path rule can count: their configuration names (the
 * kernel's, as strace shows them, but "pread" and "pwrite" for pread64
 * and pwrite64), indexed by enum pathstats_syscall, and what glibc calls
 * instead of the ones it no longer issues.
 */
#ifndef _PATHSTATS_TOOLS_SYSCALLS_H
#define _PATHSTATS_TOOLS_SYSCALLS_H

#include <linux/pathstats.h>

/* The name that selects every syscall. */
#define SYSCALLS_ALL	"all"

extern const char *const syscalls_names[PATHSTATS_SYS_COUNT];

int syscalls_lookup(const char *name);
int syscalls_glibc_replacement(int sys);

#endif /* _PATHSTATS_TOOLS_SYSCALLS_H */
