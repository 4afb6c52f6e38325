/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pathmon: per-path-prefix counters, published in /sys/kernel/stats/pathmon.
 */
#ifndef _PATHSTATS_PATHMON_H
#define _PATHSTATS_PATHMON_H

#include <linux/bitmap.h>
#include <linux/hash.h>
#include <linux/rcupdate.h>
#include <linux/types.h>
#include <uapi/linux/pathstats.h>

#include "attribution/slot.h"

struct pathstats_config;

/**
 * struct pathmon_counters - one prefix's counters, per cpu
 * @read_ops: read operations on files under the prefix
 * @write_ops: write operations
 * @read_bytes: bytes read (what the calls returned)
 * @write_bytes: bytes written
 * @syscalls: calls per enum pathstats_syscall
 */
struct pathmon_counters {
	u64 read_ops;
	u64 write_ops;
	u64 read_bytes;
	u64 write_bytes;
	u64 syscalls[PATHSTATS_SYS_COUNT];
};

/**
 * struct pathmon_prefix - a monitored prefix and its counters
 * @kref: held by every table that lists the prefix; the last put comes
 *	after the last table listing it was unpublished and a grace period
 *	passed
 * @prefix: the prefix, NUL-terminated
 * @len: strlen(@prefix)
 * @counters: the counters; they live as long as the prefix stays in the
 *	configuration, across reloads
 */
struct pathmon_prefix {
	struct kref kref;
	char *prefix;
	u32 len;
	struct pathmon_counters __percpu *counters;
};

/**
 * struct pathmon_entry - a prefix as the loaded configuration uses it
 * @prefix: the prefix
 * @syscalls: bitmap of (1 << enum pathstats_syscall) counted for it
 * @groups: its groups; with a set, the prefix counts in its groups, not
 *	in its own counters
 */
struct pathmon_entry {
	struct pathmon_prefix *prefix;
	u64 syscalls;
	struct attribution_slot groups;
};

/* x86_64 syscall numbers pathmon can count are below this. */
#define PATHMON_SYS_NR_MAX	512

/**
 * struct pathmon_table - the prefixes of the loaded configuration
 * @generation: distinguishes tables, so that cached matches (which name
 *	prefixes by index) are only used with the table they were made for
 * @syscalls: union of the entries' syscalls, which decides the hooks
 * @exit_nrs: the syscall numbers the detours count for this table, none
 *	without prefixes: the first test of every hooked call
 * @hash_bits: log2 of the number of @buckets
 * @buckets: index of the first entry of each hash chain, or U32_MAX
 * @next: per entry, the next entry of its hash chain, or U32_MAX
 * @count: number of @entries
 * @entries: the prefixes, in configuration order
 *
 * Immutable once published; a load publishes a new table.
 */
struct pathmon_table {
	u32 generation;
	u64 syscalls;
	DECLARE_BITMAP(exit_nrs, PATHMON_SYS_NR_MAX);
	u32 hash_bits;
	u32 *buckets;
	u32 *next;
	u32 count;
	struct pathmon_entry entries[] __counted_by(count);
};

extern struct pathmon_table __rcu *pathmon_table;

/*
 * The hash a prefix is indexed by: its bytes eight at a time, as
 * little-endian words, the last one zero-padded, and its length.  The
 * match walks a path a word at a time and looks up every prefix of it
 * that ends at a component boundary (pathmon_match_name()).
 */
#define PATHMON_HASH_INIT	0x9e3779b97f4a7c15ULL

static inline u64 pathmon_hash_word(u64 hash, u64 word)
{
	return (hash ^ word) * GOLDEN_RATIO_64;
}

static inline u64 pathmon_hash_end(u64 hash, size_t len)
{
	return hash ^ len;
}

/**
 * pathmon_hash_name - the hash of a prefix, as the match computes it
 * @name: the prefix
 * @len: its length
 *
 * Return: the hash; bucket by hash_64().
 */
static inline u64 pathmon_hash_name(const char *name, size_t len)
{
	u64 hash = PATHMON_HASH_INIT, word;
	size_t i, j;

	for (i = 0; i < len; i += sizeof(word)) {
		word = 0;
		for (j = 0; j < sizeof(word) && i + j < len; j++)
			word |= (u64)(u8)name[i + j] << (8 * j);
		hash = pathmon_hash_word(hash, word);
	}
	return pathmon_hash_end(hash, len);
}

int pathmon_apply(const struct pathstats_config *cfg);
int pathmon_trace_update(u64 syscalls);
int pathmon_init(void);
void pathmon_exit(void);
/* The attached hooks (probe.c). */
u32 pathmon_probe_count(void);

#endif /* _PATHSTATS_PATHMON_H */
