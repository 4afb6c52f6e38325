// SPDX-License-Identifier: GPL-2.0
/*
 * The bridge of kvalidate.h, built like module/config.c: with kshim/ for
 * <linux/...> and the module's own "config.h".
 */

#include <linux/err.h>

#include "config.h"
#include "kvalidate.h"

struct kv_config *kv_parse(const void *blob, size_t size, int *err)
{
	struct pathstats_config *cfg;

	/* The ioctl's size is a __u32: larger blobs never get here. */
	if (size > UINT32_MAX) {
		*err = -EINVAL;
		return NULL;
	}
	cfg = pathstats_config_parse(blob, size);
	if (IS_ERR(cfg)) {
		*err = PTR_ERR(cfg);
		return NULL;
	}
	*err = 0;
	return (struct kv_config *)cfg;
}

void kv_free(struct kv_config *kc)
{
	pathstats_config_free((struct pathstats_config *)kc);
}

uint32_t kv_path_count(const struct kv_config *kc)
{
	return ((const struct pathstats_config *)kc)->path_count;
}

uint32_t kv_uds_count(const struct kv_config *kc)
{
	return ((const struct pathstats_config *)kc)->uds_count;
}

uint32_t kv_ring_entries(const struct kv_config *kc)
{
	return ((const struct pathstats_config *)kc)->ring_entries;
}

void kv_path(const struct kv_config *kc, uint32_t i, struct kv_path *p)
{
	const struct pathstats_config_path *path =
		&((const struct pathstats_config *)kc)->paths[i];

	p->prefix = path->prefix;
	p->name = path->name;
	p->syscalls = path->syscalls;
}

void kv_uds(const struct kv_config *kc, uint32_t i, struct kv_uds *u)
{
	const struct pathstats_config_uds *uds =
		&((const struct pathstats_config *)kc)->uds[i];

	u->path = uds->path;
	u->name = uds->name;
	u->capture_bytes = uds->capture_bytes;
	u->sample_every = uds->sample_every;
	u->abstract = uds->abstract;
}
