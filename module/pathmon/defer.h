/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Counting later what a hook could not decide: see defer.c.
 */
#ifndef _PATHSTATS_PATHMON_DEFER_H
#define _PATHSTATS_PATHMON_DEFER_H

#include <linux/types.h>

struct pathmon_event;

bool pathmon_defer(const struct pathmon_event *ev);
void pathmon_defer_drain(void);
int pathmon_defer_init(void);
void pathmon_defer_exit(void);

#endif /* _PATHSTATS_PATHMON_DEFER_H */
