/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hooks' decision caches: what a hook decided about a kernel object
 * (which prefixes a file is under, which monitored socket a client talks
 * to), kept in a fixed-size array of slots indexed by a hash of the
 * object's address.  A slot is a cache entry, never the only copy of
 * anything: a collision or a lost race just means deciding again.
 *
 * Slots are read without locks.  A writer claims a slot by swapping its
 * key to PATHSTATS_SLOT_BUSY, fills it inside a seqcount write section,
 * and publishes the key last; a reader uses the contents only if the key
 * names its object and the seqcount did not move, so that it never takes
 * one writer's fields with another's.  A busy slot is a miss, never a
 * wait: the hooks cannot wait.
 */
#ifndef _PATHSTATS_SLOTCACHE_H
#define _PATHSTATS_SLOTCACHE_H

#include <linux/atomic.h>
#include <linux/compiler.h>
#include <linux/seqlock.h>
#include <asm/barrier.h>

#define PATHSTATS_SLOT_BUSY	1UL

/**
 * struct pathstats_slot - what every slot of a decision cache starts with
 * @seq: bumped around a writer's writes
 * @key: the object's address, 0 for none, or PATHSTATS_SLOT_BUSY while
 *	a writer fills the slot
 */
struct pathstats_slot {
	seqcount_t seq;
	unsigned long key;
};

/**
 * pathstats_slot_read_begin - start reading a slot's contents
 * @slot: the slot
 * @key: the object whose decision is looked for
 * @seq: filled in, for pathstats_slot_read_retry()
 *
 * An odd count needs no test of its own: while it is odd the key is
 * PATHSTATS_SLOT_BUSY, and once the key names an object again the count
 * has moved on, which pathstats_slot_read_retry() sees.
 *
 * Return: true if the slot holds @key's decision; read the contents with
 * READ_ONCE(), then check pathstats_slot_read_retry().
 */
static __always_inline bool
pathstats_slot_read_begin(const struct pathstats_slot *slot, const void *key,
			  unsigned int *seq)
{
	*seq = raw_read_seqcount(&slot->seq);
	return READ_ONCE(slot->key) == (unsigned long)key;
}

/**
 * pathstats_slot_read_retry - whether what was read may be mixed
 * @slot: the slot
 * @seq: from pathstats_slot_read_begin()
 *
 * Return: true if a writer came in between: treat the read as a miss.
 */
static __always_inline bool
pathstats_slot_read_retry(const struct pathstats_slot *slot, unsigned int seq)
{
	return read_seqcount_retry(&slot->seq, seq);
}

/**
 * pathstats_slot_write_begin - claim a slot to fill it
 * @slot: the slot
 *
 * Return: true if claimed: fill it with WRITE_ONCE(), then call
 * pathstats_slot_write_end().  False if another writer has it.
 */
static inline bool pathstats_slot_write_begin(struct pathstats_slot *slot)
{
	unsigned long key = READ_ONCE(slot->key);

	if (key == PATHSTATS_SLOT_BUSY ||
	    cmpxchg(&slot->key, key, PATHSTATS_SLOT_BUSY) != key)
		return false;
	/* The claim serialises writers. */
	raw_write_seqcount_begin(&slot->seq);
	return true;
}

/**
 * pathstats_slot_write_end - publish a filled slot
 * @slot: the slot, claimed with pathstats_slot_write_begin()
 * @key: the object the contents are about
 */
static inline void pathstats_slot_write_end(struct pathstats_slot *slot,
					    const void *key)
{
	raw_write_seqcount_end(&slot->seq);
	/* The key last: a reader that sees it sees the contents. */
	smp_store_release(&slot->key, (unsigned long)key);
}

/**
 * pathstats_slot_forget - empty a slot if it holds an object's decision
 * @slot: the slot
 * @key: the object, which is going away
 */
static inline void pathstats_slot_forget(struct pathstats_slot *slot,
					 const void *key)
{
	if (READ_ONCE(slot->key) == (unsigned long)key)
		cmpxchg(&slot->key, (unsigned long)key, 0);
}

#endif /* _PATHSTATS_SLOTCACHE_H */
