// SPDX-License-Identifier: GPL-2.0
/*
 * The per-file match cache.
 *
 * Resolving a file's path (d_path(), relative to the task's root) and
 * comparing it with every prefix is the expensive part of counting, so it
 * happens once per file: the result is kept in a slot cache
 * (slotcache.h) keyed by the struct file and tagged with the pathmon
 * table's generation.  When a file is freed (security_file_free) its slot
 * is cleared, so that a new file at the same address never inherits the
 * old one's match.
 */

#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/fs.h>
#include <linux/hash.h>
#include <linux/mm.h>
#include <linux/string.h>

#include "compat.h"
#include "pathname.h"

#include "match.h"
#include "pathmon.h"

struct pathmon_match_slot *pathmon_match_slots;

static struct pathmon_match_slot *pathmon_slot(const struct file *file)
{
	return &pathmon_match_slots[hash_ptr(file, PATHMON_MATCH_SLOT_BITS)];
}

/**
 * pathmon_prefix_covers - whether a path is under a prefix
 * @p: the prefix
 * @path: an absolute, normalised path
 * @len: strlen(@path)
 *
 * Component-wise: "/etc" covers "/etc" and "/etc/x", never "/etcd".
 *
 * Return: true if @path is @p or below it.
 */
bool pathmon_prefix_covers(const struct pathmon_prefix *p, const char *path,
			   size_t len)
{
	if (len < p->len || memcmp(path, p->prefix, p->len))
		return false;
	return len == p->len || path[p->len] == '/' || p->len == 1;
}

/*
 * Adds to @match the prefixes of @table that are @name's first @len bytes,
 * whose hash is @hash.  Return: false once @match overflowed.
 */
static bool pathmon_match_len(const struct pathmon_table *table,
			      const char *name, size_t len, u64 hash,
			      struct pathmon_match *match)
{
	u32 idx = table->buckets[hash_64(pathmon_hash_end(hash, len),
					 table->hash_bits)];
	const struct pathmon_prefix *p;

	for (; idx != U32_MAX; idx = table->next[idx]) {
		p = table->entries[idx].prefix;
		if (p->len != len || memcmp(p->prefix, name, len))
			continue;
		if (match->count == PATHMON_MATCH_MAX) {
			match->count = PATHMON_MATCH_MAX + 1;
			return false;
		}
		match->idx[match->count++] = idx;
	}
	return true;
}

/* A byte 0x80 where @word has a zero byte, exactly (no borrow). */
static __always_inline u64 pathmon_zero_bytes(u64 word)
{
	const u64 low7 = 0x7f7f7f7f7f7f7f7fULL;

	return ~(((word & low7) + low7) | word | low7);
}

/**
 * pathmon_match_name - the prefixes of @table covering a path
 * @table: the pathmon table
 * @name: an absolute, normalised path, readable up to the next multiple
 *	of eight bytes past its end (pathstats_pathname()'s buffers are)
 * @len: strlen(@name)
 * @match: filled in; more than PATHMON_MATCH_MAX entries: see
 *	pathmon_match_file()
 *
 * Walks the path once, eight bytes at a time, looking up in the table's
 * hash index each prefix of it that ends at a component boundary ("/",
 * before each later "/", and the whole path): the cost depends on the
 * path, not on the number of prefixes.
 */
void pathmon_match_name(const struct pathmon_table *table, const char *name,
			size_t len, struct pathmon_match *match)
{
	const u64 slashes = 0x2f2f2f2f2f2f2f2fULL;
	u64 hash = PATHMON_HASH_INIT, word, ends;
	size_t i, end;

	match->count = 0;
	if (!len || !pathmon_match_len(table, name, 1,
				       pathmon_hash_word(hash, '/'), match))
		return;
	for (i = 0; i < len; i += sizeof(word)) {
		word = get_unaligned_le64(name + i);
		if (len - i < sizeof(word))
			word &= ~0ULL >> (64 - 8 * (len - i));
		/* Each "/" past the first ends the prefix before it. */
		ends = pathmon_zero_bytes(word ^ slashes);
		if (len - i < sizeof(word))
			ends &= ~0ULL >> (64 - 8 * (len - i));
		if (!i)
			ends &= ~0xffffULL;
		while (ends) {
			end = __ffs64(ends) / 8;
			ends &= ends - 1;
			if (!pathmon_match_len(table, name, i + end,
					       end ? pathmon_hash_word(hash,
					       word & (~0ULL >> (64 - 8 * end))) :
					       hash, match))
				return;
		}
		hash = pathmon_hash_word(hash, word);
	}
	if (len > 1)
		pathmon_match_len(table, name, len, hash, match);
}

static void pathmon_resolve(struct file *file,
			    const struct pathmon_table *table,
			    struct pathmon_match *match)
{
	const char *path;
	size_t len;

	match->count = 0;
	path = pathstats_pathname(&file->f_path, PATHSTATS_PATHNAME_THIS,
				  &len);
	if (path)
		pathmon_match_name(table, path, len, match);
}

/**
 * pathmon_match_file - the prefixes of @table a file is under
 * @file: the file, which the caller keeps from being freed
 * @table: the published pathmon table
 * @match: filled in; count 0 when the file is under no prefix, and more
 *	than PATHMON_MATCH_MAX when it is under too many to list, in which
 *	case the caller matches each prefix with pathstats_pathname()
 *
 * Call under rcu_read_lock(), between pathstats_pathname_begin() and
 * pathstats_pathname_end().
 */
void pathmon_match_file(struct file *file, const struct pathmon_table *table,
			struct pathmon_match *match)
{
	struct pathmon_match_slot *slot = pathmon_slot(file);

	if (pathmon_match_cached(file, table->generation, match))
		return;

	pathmon_resolve(file, table, match);
	if (match->count > PATHMON_MATCH_MAX)
		return;

	if (!pathstats_slot_write_begin(&slot->slot))
		return;
	WRITE_ONCE(slot->generation, table->generation);
	memcpy(&slot->match, match, sizeof(*match));
	pathstats_slot_write_end(&slot->slot, file);

	/*
	 * A file freed while we resolved it had its slot cleared before we
	 * filled it: clear it again, or a new file at this address would
	 * inherit the match.  The free path drops the count to zero before
	 * it clears the slot, so one of the two clears comes last.
	 */
	smp_mb();
	if (!file_count(file))
		pathstats_slot_forget(&slot->slot, file);
}

/**
 * pathmon_match_forget - drop a freed file's cached match
 * @file: the file being freed
 */
void pathmon_match_forget(struct file *file)
{
	pathstats_slot_forget(&pathmon_slot(file)->slot, file);
}

/**
 * pathmon_match_reset - empty the match cache; no probe may be attached
 */
void pathmon_match_reset(void)
{
	memset(pathmon_match_slots, 0,
	       sizeof(*pathmon_match_slots) << PATHMON_MATCH_SLOT_BITS);
}

/**
 * pathmon_match_init - allocate the match cache
 *
 * Return: 0 or -ENOMEM.
 */
int pathmon_match_init(void)
{
	pathmon_match_slots = kvcalloc(1U << PATHMON_MATCH_SLOT_BITS,
				       sizeof(*pathmon_match_slots), GFP_KERNEL);
	return pathmon_match_slots ? 0 : -ENOMEM;
}

/**
 * pathmon_match_exit - free the match cache; no probe may be attached
 */
void pathmon_match_exit(void)
{
	kvfree(pathmon_match_slots);
	pathmon_match_slots = NULL;
}
