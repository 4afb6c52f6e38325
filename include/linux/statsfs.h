/* SPDX-License-Identifier: GPL-2.0 */
/*
 * statsfs: a synthetic filesystem for subsystem statistics.
 *
 * Two concepts: values (files) and sources (directories).  A source carries
 * arrays of value descriptors, each array with the base address of the data
 * it describes, and may have subordinate sources.  A value with an
 * aggregation kind also appears in every ancestor of its source, computed
 * over all sources of the ancestor's subtree that carry the same descriptor
 * array.  Writes are meant to be cheap for the owner (plain fields or
 * per-cpu counters, no statsfs call on the hot path); reads aggregate.
 *
 * The tree is visible at /sys/kernel/stats once the "statsfs" filesystem is
 * mounted there.  See Documentation/filesystems/statsfs.rst.
 */
#ifndef _LINUX_STATSFS_H
#define _LINUX_STATSFS_H

#include <linux/compiler.h>
#include <linux/percpu.h>
#include <linux/stddef.h>
#include <linux/types.h>

struct statsfs_source;

/**
 * enum statsfs_type - how the value's storage is interpreted
 * @STATSFS_U64: u64, printed unsigned
 * @STATSFS_S64: s64, printed signed
 * @STATSFS_BOOL: bool, printed as 0 or 1
 */
enum statsfs_type {
	STATSFS_U64,
	STATSFS_S64,
	STATSFS_BOOL,
};

/**
 * enum statsfs_aggr - how a value is aggregated into the ancestors
 * @STATSFS_AGGR_NONE: the value appears only in its own source
 * @STATSFS_AGGR_SUM: sum over the subtree's sources
 * @STATSFS_AGGR_MIN: minimum over the subtree's sources, 0 if none
 * @STATSFS_AGGR_MAX: maximum over the subtree's sources, 0 if none
 * @STATSFS_AGGR_AVG: sum divided by the number of sources, 0 if none
 * @STATSFS_AGGR_COUNT_ZERO: number of sources whose value is zero
 */
enum statsfs_aggr {
	STATSFS_AGGR_NONE,
	STATSFS_AGGR_SUM,
	STATSFS_AGGR_MIN,
	STATSFS_AGGR_MAX,
	STATSFS_AGGR_AVG,
	STATSFS_AGGR_COUNT_ZERO,
};

/*
 * A floating value is a level (a gauge), not a count: it cannot be reset,
 * so its files are read-only.
 */
#define STATSFS_FLOATING	0x1U
#define STATSFS_VALUE_FLAGS	STATSFS_FLOATING

/**
 * struct statsfs_value - describes one value of a source
 * @name: file name: 1 to 255 bytes, unique in the source, no '/', no
 *	control characters, not starting with '.'
 * @unit: unit for the schema ("ops", "bytes", ...), or NULL
 * @desc: description for the schema, or NULL; neither it nor @unit may
 *	contain control characters (the schema is one line per value)
 * @type: how the storage is interpreted
 * @aggr: how the value is aggregated into ancestors
 * @flags: STATSFS_* value flags
 * @offset: offset of the field from the base address of the array
 * @get: if set, computes the value on read instead of reading the field;
 *	called with the statsfs read lock held, must not sleep for long
 * @clear: with @get, resets a cumulative computed value; a computed value
 *	without @clear is read-only
 *
 * Descriptor arrays are usually static const; statsfs keeps a pointer to
 * them, so they must live as long as any source carrying them.  Sources
 * carrying the same array are aggregated together.
 */
struct statsfs_value {
	const char *name;
	const char *unit;
	const char *desc;
	enum statsfs_type type;
	enum statsfs_aggr aggr;
	u32 flags;
	size_t offset;
	u64 (*get)(const struct statsfs_value *val, void *base);
	void (*clear)(const struct statsfs_value *val, void *base);
};

/* Helpers to describe fields of a struct. */
#define STATSFS_VALUE(_name, _type, _struct, _field, _aggr, _flags,	\
		      _unit, _desc)					\
	{								\
		.name = (_name),					\
		.unit = (_unit),					\
		.desc = (_desc),					\
		.type = (_type),					\
		.aggr = (_aggr),					\
		.flags = (_flags),					\
		.offset = offsetof(_struct, _field),			\
	}

#define STATSFS_U64_VALUE(_struct, _field, _aggr, _flags, _unit, _desc)	\
	STATSFS_VALUE(#_field, STATSFS_U64, _struct, _field, _aggr,	\
		      _flags, _unit, _desc)

#define STATSFS_S64_VALUE(_struct, _field, _aggr, _flags, _unit, _desc)	\
	STATSFS_VALUE(#_field, STATSFS_S64, _struct, _field, _aggr,	\
		      _flags, _unit, _desc)

#define STATSFS_BOOL_VALUE(_struct, _field, _aggr, _flags, _desc)	\
	STATSFS_VALUE(#_field, STATSFS_BOOL, _struct, _field, _aggr,	\
		      _flags, NULL, _desc)

/* Source flags, for statsfs_source_create(). */
#define STATSFS_SOURCE_HIDDEN	0x1U	/* no directory, still aggregated */
#define STATSFS_SOURCE_FLAGS	STATSFS_SOURCE_HIDDEN

bool statsfs_name_valid(const char *name);

struct statsfs_source *statsfs_source_create(unsigned int flags,
					     const char *fmt, ...)
	__printf(2, 3);
void statsfs_source_get(struct statsfs_source *src);
void statsfs_source_put(struct statsfs_source *src);

int statsfs_source_add_values(struct statsfs_source *src,
			      const struct statsfs_value *vals,
			      unsigned int n, void *base);
int statsfs_source_add_percpu_values(struct statsfs_source *src,
				     const struct statsfs_value *vals,
				     unsigned int n, void __percpu *base);

int statsfs_source_add_label(struct statsfs_source *src, const char *name,
			     const char *text);
/* The largest buffer of a live label. */
#define STATSFS_LIVE_LABEL_MAX	256
int statsfs_source_add_live_label(struct statsfs_source *src,
				  const char *name, const char *buf,
				  size_t size);

int statsfs_source_add_subordinate(struct statsfs_source *parent,
				   struct statsfs_source *sub);
void statsfs_source_remove_subordinate(struct statsfs_source *parent,
				       struct statsfs_source *sub);
int statsfs_source_fold(struct statsfs_source *sub,
			struct statsfs_source *into);

int statsfs_source_register(struct statsfs_source *src);
void statsfs_source_unregister(struct statsfs_source *src);
void statsfs_source_revoke(struct statsfs_source *src);

#endif /* _LINUX_STATSFS_H */
