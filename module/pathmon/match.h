/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which configured prefixes a file is under, decided once per file.
 */
#ifndef _PATHSTATS_PATHMON_MATCH_H
#define _PATHSTATS_PATHMON_MATCH_H

#include <linux/compiler.h>
#include <linux/hash.h>
#include <linux/string.h>
#include <linux/types.h>

#include "slotcache.h"

struct file;
struct path;
struct pathmon_prefix;
struct pathmon_table;

/* More matching prefixes than this and a file is matched on every use. */
#define PATHMON_MATCH_MAX	7

/**
 * struct pathmon_match - the prefixes a file is under
 * @count: number of valid @idx entries
 * @idx: indices into the pathmon_table the match was made for
 */
struct pathmon_match {
	u16 count;
	u16 idx[PATHMON_MATCH_MAX];
};

/* 2^PATHMON_MATCH_SLOT_BITS slots in the per-file match cache. */
#define PATHMON_MATCH_SLOT_BITS	12

/**
 * struct pathmon_match_slot - a cached decision for one struct file
 * @slot: keyed by the file
 * @generation: the pathmon_table generation the match was made for
 * @match: the prefixes of that table the file is under
 */
struct pathmon_match_slot {
	struct pathstats_slot slot;
	u32 generation;
	struct pathmon_match match;
};

extern struct pathmon_match_slot *pathmon_match_slots;

/**
 * pathmon_match_none - whether a file is known to be under no prefix
 * @file: the file, which the caller keeps from being freed
 * @generation: the published pathmon_table's generation
 *
 * The hot path of every counted syscall on a file nobody monitors: a few
 * loads, no call, no copy.  False means "look closer", not "matched":
 * callers then use pathmon_match_file().
 *
 * Return: true if the cache says @file is under no prefix of the table.
 */
static __always_inline bool pathmon_match_none(const struct file *file,
					       u32 generation)
{
	const struct pathmon_match_slot *slot;
	unsigned int seq;

	slot = &pathmon_match_slots[hash_ptr(file, PATHMON_MATCH_SLOT_BITS)];
	if (!pathstats_slot_read_begin(&slot->slot, file, &seq))
		return false;
	return !READ_ONCE(slot->match.count) &&
	       READ_ONCE(slot->generation) == generation &&
	       !pathstats_slot_read_retry(&slot->slot, seq);
}

/**
 * pathmon_match_cached - the prefixes a file is under, if cached
 * @file: the file; only its address is used, so the caller need not hold it
 * @generation: the published pathmon_table's generation
 * @match: filled in when found; never more than PATHMON_MATCH_MAX
 *
 * Needs no name: for the hooks that cannot resolve one, and for counting
 * a file seen before at the cost of a few loads.
 *
 * Return: true if the cache knew the file's match for the table.
 */
static __always_inline bool pathmon_match_cached(const struct file *file,
						 u32 generation,
						 struct pathmon_match *match)
{
	const struct pathmon_match_slot *slot;
	unsigned int seq;

	slot = &pathmon_match_slots[hash_ptr(file, PATHMON_MATCH_SLOT_BITS)];
	if (!pathstats_slot_read_begin(&slot->slot, file, &seq) ||
	    READ_ONCE(slot->generation) != generation)
		return false;
	match->count = READ_ONCE(slot->match.count);
	/* Most files are under no prefix: nothing more to copy. */
	if (match->count)
		memcpy(match->idx, slot->match.idx, sizeof(match->idx));
	return !pathstats_slot_read_retry(&slot->slot, seq);
}

/**
 * pathmon_match_cached_single - the one prefix of a file, if cached
 * @file: the file; only its address is used
 * @generation: the published pathmon_table's generation
 * @idx: set to the prefix's index when found
 *
 * The common case of pathmon_match_cached(), without a copy.
 *
 * Return: true if the cache knew the file as under exactly one prefix.
 */
static __always_inline bool pathmon_match_cached_single(const struct file *file,
							u32 generation, u32 *idx)
{
	const struct pathmon_match_slot *slot;
	unsigned int seq;

	slot = &pathmon_match_slots[hash_ptr(file, PATHMON_MATCH_SLOT_BITS)];
	if (!pathstats_slot_read_begin(&slot->slot, file, &seq) ||
	    READ_ONCE(slot->generation) != generation ||
	    READ_ONCE(slot->match.count) != 1)
		return false;
	*idx = READ_ONCE(slot->match.idx[0]);
	return !pathstats_slot_read_retry(&slot->slot, seq);
}

void pathmon_match_file(struct file *file, const struct pathmon_table *table,
			struct pathmon_match *match);
void pathmon_match_forget(struct file *file);
void pathmon_match_name(const struct pathmon_table *table, const char *name,
			size_t len, struct pathmon_match *match);
bool pathmon_prefix_covers(const struct pathmon_prefix *p, const char *path,
			   size_t len);
void pathmon_match_reset(void);
int pathmon_match_init(void);
void pathmon_match_exit(void);

#endif /* _PATHSTATS_PATHMON_MATCH_H */
