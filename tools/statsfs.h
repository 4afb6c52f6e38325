/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Client library for statsfs, the synthetic filesystem of pathstats.ko at
 * /sys/kernel/stats: find it (mounting it when needed), read its files in
 * one read(), and parse the .bulk and .schema formats strictly.
 *
 * Functions return 0 or a negative errno and, on error, fill the
 * struct statsfs_error passed in with a complete message (and, for the
 * parsers, the 1-based line number; 0 when no line applies).
 */
#ifndef _PATHSTATS_TOOLS_STATSFS_H
#define _PATHSTATS_TOOLS_STATSFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "compiler.h"

#define STATSFS_ROOT		"/sys/kernel/stats"
#define STATSFS_MAGIC		0x73746174	/* "stat" */
#define STATSFS_FSTYPE		"statsfs"
/* Largest file statsfs_read_file() accepts. */
#define STATSFS_READ_MAX	BIT(30)

struct statsfs_error {
	unsigned int line;
	char msg[512];
};

/* An open statsfs tree. */
struct statsfs {
	int dirfd;
	char *root;
};

/* One "path value" line of a .bulk file. */
struct statsfs_entry {
	char *path;
	bool is_signed;		/* the value was negative: use .s */
	union {
		uint64_t u;
		int64_t s;
	};
};

/* The strings of the entries point into buf. */
struct statsfs_bulk {
	char *buf;
	struct statsfs_entry *entries;
	size_t n;
};

enum statsfs_type {
	STATSFS_TYPE_U64,
	STATSFS_TYPE_S64,
	STATSFS_TYPE_BOOL,
};

enum statsfs_aggr {
	STATSFS_AGGR_NONE,
	STATSFS_AGGR_SUM,
	STATSFS_AGGR_MIN,
	STATSFS_AGGR_MAX,
	STATSFS_AGGR_AVG,
	STATSFS_AGGR_COUNT_ZERO,
};

/* Flags of a schema line: exactly one of each group, and aggregate. */
#define STATSFS_FLAG_CUMULATIVE	BIT(0)
#define STATSFS_FLAG_FLOATING	BIT(1)
#define STATSFS_FLAG_PERCPU	BIT(2)
#define STATSFS_FLAG_PLAIN	BIT(3)
#define STATSFS_FLAG_CALLBACK	BIT(4)
#define STATSFS_FLAG_AGGREGATE	BIT(5)

/* One line of a .schema file; unit and desc are NULL when shown as "-". */
struct statsfs_schema_entry {
	char *name;
	enum statsfs_type type;
	enum statsfs_aggr aggr;
	unsigned int flags;
	char *unit;
	char *desc;
};

struct statsfs_schema {
	char *buf;
	struct statsfs_schema_entry *entries;
	size_t n;
};

int statsfs_open(struct statsfs *fs, const char *root, bool mount_it,
		 struct statsfs_error *err);
int statsfs_open_plain(struct statsfs *fs, const char *root,
		       struct statsfs_error *err);
void statsfs_close(struct statsfs *fs);

int statsfs_read_file(int dirfd, const char *path, char **buf, size_t *len,
		      struct statsfs_error *err);
int statsfs_read_u64(const struct statsfs *fs, const char *path,
		     uint64_t *val, struct statsfs_error *err);

int statsfs_parse_u64(const char *s, size_t len, uint64_t *val);
int statsfs_parse_value(const char *s, size_t len, struct statsfs_entry *e);

int statsfs_bulk_parse(const char *buf, size_t len, struct statsfs_bulk *bulk,
		       struct statsfs_error *err);
void statsfs_bulk_free(struct statsfs_bulk *bulk);
int statsfs_read_bulk(const struct statsfs *fs, const char *dir,
		      struct statsfs_bulk *bulk, struct statsfs_error *err);

int statsfs_schema_parse(const char *buf, size_t len,
			 struct statsfs_schema *schema,
			 struct statsfs_error *err);
void statsfs_schema_free(struct statsfs_schema *schema);
int statsfs_read_schema(const struct statsfs *fs, const char *dir,
			struct statsfs_schema *schema,
			struct statsfs_error *err);

const char *statsfs_type_name(enum statsfs_type type);
const char *statsfs_aggr_name(enum statsfs_aggr aggr);

#endif /* _PATHSTATS_TOOLS_STATSFS_H */
