// SPDX-License-Identifier: GPL-2.0
/*
 * Configuration blob.  See blob.h.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "blob.h"

struct blob_strings {
	char *base;
	size_t used;
};

/* Append @s and its NUL; return its offset in the table. */
static __u32 blob_string(struct blob_strings *t, const char *s)
{
	size_t len = strlen(s) + 1;
	__u32 off = t->used;

	memcpy(t->base + t->used, s, len);
	t->used += len;
	return off;
}

/* A filter's paths and the empty string ending them; 0 without one. */
static __u32 blob_cgroups(struct blob_strings *t, const struct cfg_groups *g)
{
	__u32 off = t->used;

	if (!g->cgroup_count)
		return 0;
	memcpy(t->base + t->used, g->cgroups, g->cgroups_size);
	t->used += g->cgroups_size;
	t->base[t->used++] = '\0';
	return off;
}

/* The bytes blob_cgroups() appends. */
static size_t blob_cgroups_size(const struct cfg_groups *g)
{
	return g->cgroup_count ? g->cgroups_size + 1 : 0;
}

/**
 * blob_build - compile a configuration into a blob
 * @cfg: a configuration cfg_parse() accepted
 * @blob: filled with the blob on success; blob_free() it
 * @size: set to the size the blob has, or would have had (also on -E2BIG)
 *
 * Return: 0, -E2BIG when the blob would exceed PATHSTATS_CONFIG_MAX_SIZE,
 * or -ENOMEM.
 */
int blob_build(const struct cfg *cfg, struct blob *blob, size_t *size)
{
	struct pathstats_config_header *h;
	struct pathstats_path_rule *pr;
	struct pathstats_uds_rule *ur;
	struct blob_strings t;
	size_t strings = 0, off, i;

	memset(blob, 0, sizeof(*blob));
	for (i = 0; i < cfg->path_count; i++)
		strings += strlen(cfg->paths[i].prefix) + 1 +
			   strlen(cfg->paths[i].name) + 1 +
			   blob_cgroups_size(&cfg->paths[i].groups);
	for (i = 0; i < cfg->uds_count; i++)
		strings += strlen(cfg->uds[i].path) + 1 +
			   strlen(cfg->uds[i].name) + 1 +
			   blob_cgroups_size(&cfg->uds[i].groups);
	off = sizeof(*h) + cfg->path_count * sizeof(*pr) +
	      cfg->uds_count * sizeof(*ur);
	*size = off + strings;
	if (*size > PATHSTATS_CONFIG_MAX_SIZE)
		return -E2BIG;

	h = calloc(1, *size);
	if (!h)
		return -ENOMEM;
	h->magic = PATHSTATS_CONFIG_MAGIC;
	h->size = *size;
	h->path_count = cfg->path_count;
	h->uds_count = cfg->uds_count;
	h->ring_entries = cfg->ring_entries;
	h->strings_offset = off;
	h->strings_size = strings;

	t.base = (char *)h + off;
	t.used = 0;
	pr = (struct pathstats_path_rule *)(h + 1);
	for (i = 0; i < cfg->path_count; i++, pr++) {
		pr->syscalls = cfg->paths[i].syscalls;
		pr->prefix = blob_string(&t, cfg->paths[i].prefix);
		pr->name = blob_string(&t, cfg->paths[i].name);
		pr->flags = cfg->paths[i].groups.by;
		pr->max_groups = cfg->paths[i].groups.max_groups;
		pr->cgroups = blob_cgroups(&t, &cfg->paths[i].groups);
		if (cfg->paths[i].groups.cgroup_count)
			pr->flags |= PATHSTATS_FILTER_CGROUPS;
	}
	ur = (struct pathstats_uds_rule *)pr;
	for (i = 0; i < cfg->uds_count; i++, ur++) {
		ur->path = blob_string(&t, cfg->uds[i].path);
		ur->name = blob_string(&t, cfg->uds[i].name);
		ur->capture_bytes = cfg->uds[i].capture_bytes;
		ur->sample_every = cfg->uds[i].sample_every;
		ur->flags = (cfg->uds[i].abstract ? PATHSTATS_UDS_ABSTRACT : 0) |
			    cfg->uds[i].groups.by;
		ur->max_groups = cfg->uds[i].groups.max_groups;
		ur->cgroups = blob_cgroups(&t, &cfg->uds[i].groups);
		if (cfg->uds[i].groups.cgroup_count)
			ur->flags |= PATHSTATS_FILTER_CGROUPS;
	}
	blob->data = h;
	blob->size = *size;
	return 0;
}

/**
 * blob_free - free a blob blob_build() made, and zero it
 * @blob: the blob
 */
void blob_free(struct blob *blob)
{
	free(blob->data);
	blob->data = NULL;
	blob->size = 0;
}
