/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pathmon's syscall detours: an ftrace_ops hook at the entry of the
 * __x64_sys_* function of each fd-based syscall pathmon counts sends the
 * calls on files the match cache does not know as unmonitored into a
 * wrapper, which calls the syscall function and counts what it returned.
 * Every other syscall, and every call on an unmonitored file, runs as
 * without the module but for the hook's reject.
 */
#ifndef _PATHSTATS_PATHMON_SYSCALL_H
#define _PATHSTATS_PATHMON_SYSCALL_H

#include <linux/types.h>

#include "pathmon.h"

/* The wrappers, by x86_64 syscall number; NULL for the syscalls not hooked. */
extern void *pathmon_syscall_wrappers[PATHMON_SYS_NR_MAX];

int pathmon_syscall_attach(const unsigned long *nrs);
void pathmon_syscall_trim(const unsigned long *nrs);
void pathmon_syscall_detach(void);
int pathmon_syscall_init(void);
void pathmon_syscall_exit(void);

#endif /* _PATHSTATS_PATHMON_SYSCALL_H */
