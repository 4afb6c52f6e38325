/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pathmon's kernel hooks: attached only while a configuration has
 * prefixes.
 */
#ifndef _PATHSTATS_PATHMON_PROBE_H
#define _PATHSTATS_PATHMON_PROBE_H

#include <linux/types.h>

int pathmon_probe_attach(void);
void pathmon_probe_detach(void);
u32 pathmon_probe_count(void);
int pathmon_probe_init(void);

#endif /* _PATHSTATS_PATHMON_PROBE_H */
