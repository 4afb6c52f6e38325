/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pathmon's kernel hooks: attached only while a configuration has
 * prefixes.
 */
#ifndef _PATHSTATS_PATHMON_PROBE_H
#define _PATHSTATS_PATHMON_PROBE_H

#include <linux/types.h>

void pathmon_probe_exit_nrs(u64 syscalls, unsigned long *nrs);
int pathmon_probe_sync(u32 count, u64 syscalls, bool release);
int pathmon_probe_init(void);
void pathmon_probe_exit(void);

#endif /* _PATHSTATS_PATHMON_PROBE_H */
