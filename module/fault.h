/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Injected failures of the steps of a configuration load, for the tests
 * that check that a load which fails anywhere changes nothing.
 */
#ifndef _PATHSTATS_FAULT_H
#define _PATHSTATS_FAULT_H

#include <linux/types.h>

struct statsfs_source;

void pathstats_fault_load_begin(void);
bool pathstats_fault_load_step(void);
int pathstats_fault_source_register(struct statsfs_source *src);

#endif /* _PATHSTATS_FAULT_H */
