// SPDX-License-Identifier: GPL-2.0
/*
 * Validation of configuration blobs.
 *
 * The blob comes from userspace and is trusted in nothing: every count,
 * offset, string and flag is checked here, before anything is applied, so
 * that a bad blob is rejected with -EINVAL and changes nothing.  The blob
 * must also be exactly as large as its parts: no byte goes unchecked.
 */

#include <linux/err.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/statsfs.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <uapi/linux/pathstats.h>

#include "config.h"
#include "statsfs/name.h"

/* sun_path holds 108 bytes: a path and its NUL, or a NUL and a name. */
#define PATHSTATS_SUN_PATH_MAX	107

static_assert(sizeof(struct pathstats_config_header) == 48);
static_assert(sizeof(struct pathstats_path_rule) == 32);
static_assert(sizeof(struct pathstats_uds_rule) == 32);
static_assert(sizeof(struct pathstats_load) == 16);
static_assert(sizeof(struct pathstats_status) == 80);

/* The string at @off of the string table, or NULL if it runs off it. */
static const char *config_string(const char *strtab, u32 size, u32 off,
				 u32 *len)
{
	const char *end;

	if (off >= size)
		return NULL;
	end = memchr(strtab + off, '\0', size - off);
	if (!end)
		return NULL;
	*len = end - (strtab + off);
	return strtab + off;
}

/*
 * Prefixes are compared with real paths, which are absolute and
 * normalised: so must the prefixes be, or they could never match.  So
 * are socket paths, whose last component is compared with the name of
 * the file a peer is bound to.  (Nor can a prefix or socket path have a
 * control character: statsfs shows it as a line of text, checked with the
 * other strings below.)
 */
static bool config_prefix_valid(const char *prefix, u32 len)
{
	const char *c = prefix, *end = prefix + len;

	if (!len || len >= PATHSTATS_PATH_MAX || prefix[0] != '/')
		return false;
	if (len == 1)
		return true;
	if (prefix[len - 1] == '/')
		return false;
	while (c < end) {
		const char *next = memchr(c + 1, '/', end - c - 1) ?: end;
		size_t comp = next - c - 1;

		if (!comp || (comp == 1 && c[1] == '.') ||
		    (comp == 2 && c[1] == '.' && c[2] == '.'))
			return false;
		c = next;
	}
	return true;
}

static bool config_reserved_zero(const void *p, size_t size)
{
	return !memchr_inv(p, 0, size);
}

static int config_cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Whether @n strings, gathered in @tmp (sorted in place), are unique. */
static bool config_unique(const char **tmp, u32 n)
{
	u32 i;

	sort(tmp, n, sizeof(*tmp), config_cmp_str, NULL);
	for (i = 1; i < n; i++)
		if (!strcmp(tmp[i - 1], tmp[i]))
			return false;
	return true;
}

/*
 * The groups of a rule: max_groups only with groups, 0 for the default.
 * Returns false for a bad pair.
 */
static bool config_groups(u32 flags, u32 max_groups, u32 *by, u32 *max)
{
	*by = flags & PATHSTATS_GROUP_BY;
	if (!*by)
		return !max_groups;
	if (max_groups > PATHSTATS_GROUPS_MAX)
		return false;
	*max = max_groups ?: PATHSTATS_GROUPS_DEFAULT;
	return true;
}

/*
 * The cgroups of a rule's filter, at @off: the paths up to an empty
 * string.  Returns false for a bad list, or an offset without the flag.
 */
static bool config_cgroups(const char *strtab, u32 size, u32 flags, u32 off,
			   const char **first, u32 *count)
{
	const char *s;
	u32 len;

	*first = NULL;
	*count = 0;
	if (!(flags & PATHSTATS_FILTER_CGROUPS))
		return !off;
	for (;;) {
		s = config_string(strtab, size, off, &len);
		if (!s)
			return false;
		if (!len)
			return *count > 0;
		if (*count == PATHSTATS_FILTER_CGROUPS_MAX ||
		    !config_prefix_valid(s, len) || !statsfs_text_valid(s))
			return false;
		if (!*first)
			*first = s;
		(*count)++;
		off += len + 1;
	}
}

static int config_parse_paths(struct pathstats_config *cfg,
			      const struct pathstats_path_rule *rules,
			      const char *strtab, u32 strtab_size)
{
	const struct pathstats_path_rule *rule;
	struct pathstats_config_path *path;
	u32 i, len;

	for (i = 0; i < cfg->path_count; i++) {
		rule = &rules[i];
		path = &cfg->paths[i];
		if ((rule->flags & ~(PATHSTATS_GROUP_BY |
				     PATHSTATS_FILTER_CGROUPS)) ||
		    (rule->syscalls & ~PATHSTATS_SYS_ALL) ||
		    !config_groups(rule->flags, rule->max_groups,
				   &path->group_by, &path->max_groups) ||
		    !config_cgroups(strtab, strtab_size, rule->flags,
				    rule->cgroups, &path->cgroups,
				    &path->cgroup_count) ||
		    rule->reserved)
			return -EINVAL;
		path->prefix = config_string(strtab, strtab_size, rule->prefix,
					     &path->prefix_len);
		path->name = config_string(strtab, strtab_size, rule->name,
					   &len);
		if (!path->prefix || !path->name ||
		    !config_prefix_valid(path->prefix, path->prefix_len) ||
		    !statsfs_text_valid(path->prefix) ||
		    len >= PATHSTATS_NAME_MAX || !statsfs_name_valid(path->name))
			return -EINVAL;
		path->syscalls = rule->syscalls;
	}
	return 0;
}

static int config_parse_uds(struct pathstats_config *cfg,
			    const struct pathstats_uds_rule *rules,
			    const char *strtab, u32 strtab_size)
{
	const struct pathstats_uds_rule *rule;
	struct pathstats_config_uds *uds;
	u32 i, len;

	for (i = 0; i < cfg->uds_count; i++) {
		rule = &rules[i];
		uds = &cfg->uds[i];
		if ((rule->flags & ~(PATHSTATS_UDS_ABSTRACT |
				     PATHSTATS_GROUP_BY |
				     PATHSTATS_FILTER_CGROUPS)) ||
		    !config_groups(rule->flags, rule->max_groups,
				   &uds->group_by, &uds->max_groups) ||
		    !config_cgroups(strtab, strtab_size, rule->flags,
				    rule->cgroups, &uds->cgroups,
				    &uds->cgroup_count) ||
		    rule->reserved ||
		    rule->capture_bytes > PATHSTATS_CAPTURE_MAX ||
		    !rule->sample_every)
			return -EINVAL;
		uds->abstract = rule->flags & PATHSTATS_UDS_ABSTRACT;
		uds->path = config_string(strtab, strtab_size, rule->path,
					  &uds->path_len);
		uds->name = config_string(strtab, strtab_size, rule->name,
					  &len);
		if (!uds->path || !uds->name || !uds->path_len ||
		    uds->path_len > PATHSTATS_SUN_PATH_MAX ||
		    (!uds->abstract && (uds->path_len < 2 ||
					!config_prefix_valid(uds->path,
							     uds->path_len))) ||
		    !statsfs_text_valid(uds->path) ||
		    len >= PATHSTATS_NAME_MAX || !statsfs_name_valid(uds->name))
			return -EINVAL;
		uds->capture_bytes = rule->capture_bytes;
		uds->sample_every = rule->sample_every;
		cfg->max_capture = max(cfg->max_capture, uds->capture_bytes);
	}
	/* The ring is entries slots of the largest capture: bound it. */
	if (cfg->max_capture &&
	    (u64)cfg->ring_entries * (sizeof(struct pathstats_record) +
				      cfg->max_capture) >
	    PATHSTATS_RING_MAX_BYTES)
		return -EINVAL;
	return 0;
}

/* Prefixes, path names, socket paths and socket names are each unique. */
static int config_check_unique(const struct pathstats_config *cfg)
{
	u32 n = max(cfg->path_count, cfg->uds_count), i;
	const char **tmp;
	bool unique = true;

	if (!n)
		return 0;
	tmp = kvmalloc_array(n, sizeof(*tmp), GFP_KERNEL);
	if (!tmp)
		return -ENOMEM;

	for (i = 0; i < cfg->path_count; i++)
		tmp[i] = cfg->paths[i].prefix;
	unique = config_unique(tmp, cfg->path_count);
	for (i = 0; unique && i < cfg->path_count; i++)
		tmp[i] = cfg->paths[i].name;
	unique = unique && config_unique(tmp, cfg->path_count);
	for (i = 0; unique && i < cfg->uds_count; i++)
		tmp[i] = cfg->uds[i].name;
	unique = unique && config_unique(tmp, cfg->uds_count);
	kvfree(tmp);
	if (!unique)
		return -EINVAL;

	/* Few sockets: pairwise; an abstract "x" and a path "x" differ. */
	for (i = 0; i < cfg->uds_count; i++) {
		const struct pathstats_config_uds *a = &cfg->uds[i];
		u32 j;

		for (j = 0; j < i; j++) {
			const struct pathstats_config_uds *b = &cfg->uds[j];

			if (a->abstract == b->abstract &&
			    !strcmp(a->path, b->path))
				return -EINVAL;
		}
	}
	return 0;
}

static int config_parse_blob(struct pathstats_config *cfg, u32 size)
{
	const struct pathstats_config_header *hdr = cfg->blob;
	u64 rules_end;
	int err;

	if (hdr->magic != PATHSTATS_CONFIG_MAGIC || hdr->size != size ||
	    hdr->flags ||
	    !config_reserved_zero(hdr->reserved, sizeof(hdr->reserved)) ||
	    hdr->path_count > PATHSTATS_MAX_PATHS ||
	    hdr->uds_count > PATHSTATS_MAX_SOCKETS ||
	    hdr->ring_entries > PATHSTATS_RING_MAX)
		return -EINVAL;

	rules_end = sizeof(*hdr) +
		    (u64)hdr->path_count * sizeof(struct pathstats_path_rule) +
		    (u64)hdr->uds_count * sizeof(struct pathstats_uds_rule);
	if (hdr->strings_offset != rules_end ||
	    (u64)hdr->strings_offset + hdr->strings_size != size)
		return -EINVAL;

	cfg->path_count = hdr->path_count;
	cfg->uds_count = hdr->uds_count;
	cfg->ring_entries = hdr->ring_entries ?: PATHSTATS_RING_DEFAULT;
	cfg->paths = kvcalloc(cfg->path_count, sizeof(*cfg->paths),
			      GFP_KERNEL);
	cfg->uds = kvcalloc(cfg->uds_count, sizeof(*cfg->uds), GFP_KERNEL);
	if ((cfg->path_count && !cfg->paths) || (cfg->uds_count && !cfg->uds))
		return -ENOMEM;

	err = config_parse_paths(cfg, cfg->blob + sizeof(*hdr),
				 cfg->blob + hdr->strings_offset,
				 hdr->strings_size);
	if (!err)
		err = config_parse_uds(cfg, cfg->blob + sizeof(*hdr) +
				       cfg->path_count *
				       sizeof(struct pathstats_path_rule),
				       cfg->blob + hdr->strings_offset,
				       hdr->strings_size);
	if (!err)
		err = config_check_unique(cfg);
	return err;
}

/**
 * pathstats_config_parse - copy a configuration blob from userspace and
 *	validate it
 * @ubuf: the blob
 * @size: its size
 *
 * Return: the configuration, or ERR_PTR(-EINVAL) for any invalid blob,
 * -EFAULT, -ENOMEM.
 */
struct pathstats_config *pathstats_config_parse(const void __user *ubuf,
						u32 size)
{
	struct pathstats_config *cfg;
	int err;

	if (size < sizeof(struct pathstats_config_header) ||
	    size > PATHSTATS_CONFIG_MAX_SIZE)
		return ERR_PTR(-EINVAL);

	cfg = kzalloc(sizeof(*cfg), GFP_KERNEL);
	if (!cfg)
		return ERR_PTR(-ENOMEM);
	cfg->blob = kvmalloc(size, GFP_KERNEL);
	if (!cfg->blob) {
		err = -ENOMEM;
		goto err_free;
	}
	if (copy_from_user(cfg->blob, ubuf, size)) {
		err = -EFAULT;
		goto err_free;
	}
	err = config_parse_blob(cfg, size);
	if (err)
		goto err_free;
	return cfg;

err_free:
	pathstats_config_free(cfg);
	return ERR_PTR(err);
}

/**
 * pathstats_config_free - free a configuration
 * @cfg: the configuration, or NULL
 */
void pathstats_config_free(struct pathstats_config *cfg)
{
	if (!cfg)
		return;
	kvfree(cfg->paths);
	kvfree(cfg->uds);
	kvfree(cfg->blob);
	kfree(cfg);
}
