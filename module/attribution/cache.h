/* SPDX-License-Identifier: GPL-2.0 */
/*
 * attribution: the container of the current task, for the records that
 * carry it (captured messages), cached per CPU by cgroup.
 */
#ifndef _PATHSTATS_ATTRIBUTION_CACHE_H
#define _PATHSTATS_ATTRIBUTION_CACHE_H

#include <uapi/linux/pathstats.h>

int attribution_cache_init(void);
void attribution_cache_exit(void);
void attribution_cache_container_id(char id[PATHSTATS_CONTAINER_ID_LEN]);

#endif /* _PATHSTATS_ATTRIBUTION_CACHE_H */
