// SPDX-License-Identifier: GPL-2.0
/*
 * attribution: the cgroup subtrees a source is limited to, resolved when
 * the configuration is loaded.
 */

#include <linux/cgroup.h>
#include <linux/err.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "filter.h"

/**
 * attribution_filter_create - resolve the cgroups of a filter
 * @paths: @count consecutive NUL-terminated cgroup v2 paths, as the
 *	loading task's cgroup namespace sees them
 * @count: number of @paths, at least 1
 *
 * Sleeps.
 *
 * Return: the filter, holding each cgroup; ERR_PTR(-ENOENT) if a cgroup
 * does not exist, another ERR_PTR on other errors.
 */
struct attribution_filter *attribution_filter_create(const char *paths,
						     u32 count)
{
	struct attribution_filter *filter;
	struct cgroup *cgrp;
	const char *p = paths;

	filter = kzalloc(struct_size(filter, cgrps, count), GFP_KERNEL);
	if (!filter)
		return ERR_PTR(-ENOMEM);
	for (; filter->count < count; p += strlen(p) + 1) {
		cgrp = cgroup_get_from_path(p);
		if (IS_ERR(cgrp)) {
			attribution_filter_free(filter);
			return ERR_CAST(cgrp);
		}
		filter->cgrps[filter->count++] = cgrp;
	}
	return filter;
}

/**
 * attribution_filter_free - let a filter's cgroups go
 * @filter: the filter, or NULL; no hook may use it any more
 */
void attribution_filter_free(struct attribution_filter *filter)
{
	u32 i;

	if (!filter)
		return;
	for (i = 0; i < filter->count; i++)
		cgroup_put(filter->cgrps[i]);
	kfree(filter);
}
