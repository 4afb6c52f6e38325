/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Client library for statsfs, the synthetic filesystem of pathstats.ko at
 * /sys/kernel/stats: find it (mounting it when needed), read its files in
 * one read(), and parse the .bulk and .schema formats strictly.  Its
 * names start with sfs_, apart from the module's statsfs_ ones.
 *
 * Functions return 0 or a negative errno and, on error, fill the
 * struct sfs_error passed in with a complete message (and, for the
 * parsers, the 1-based line number; 0 when no line applies).
 */
#ifndef _PATHSTATS_TOOLS_STATSFS_H
#define _PATHSTATS_TOOLS_STATSFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "compiler.h"

#define SFS_ROOT		"/sys/kernel/stats"
#define SFS_MAGIC		0x73746174	/* "stat" */
#define SFS_FSTYPE		"statsfs"
/* Largest file sfs_read_file() accepts. */
#define SFS_READ_MAX	BIT(30)

struct sfs_error {
	unsigned int line;
	char msg[512];
};

/* An open statsfs tree. */
struct sfs_tree {
	int dirfd;
	char *root;
};

/* One "path value" line of a .bulk file. */
struct sfs_entry {
	char *path;
	bool is_signed;		/* the value was negative: use .s */
	union {
		uint64_t u;
		int64_t s;
	};
};

/* The strings of the entries point into buf. */
struct sfs_bulk {
	char *buf;
	struct sfs_entry *entries;
	size_t n;
};

enum sfs_type {
	SFS_TYPE_U64,
	SFS_TYPE_S64,
	SFS_TYPE_BOOL,
};

enum sfs_aggr {
	SFS_AGGR_NONE,
	SFS_AGGR_SUM,
	SFS_AGGR_MIN,
	SFS_AGGR_MAX,
	SFS_AGGR_AVG,
	SFS_AGGR_COUNT_ZERO,
};

/* Flags of a schema line: exactly one of each group, and aggregate. */
#define SFS_FLAG_CUMULATIVE	BIT(0)
#define SFS_FLAG_FLOATING	BIT(1)
#define SFS_FLAG_PERCPU	BIT(2)
#define SFS_FLAG_PLAIN	BIT(3)
#define SFS_FLAG_CALLBACK	BIT(4)
#define SFS_FLAG_AGGREGATE	BIT(5)

/* One line of a .schema file; unit and desc are NULL when shown as "-". */
struct sfs_schema_entry {
	char *name;
	enum sfs_type type;
	enum sfs_aggr aggr;
	unsigned int flags;
	char *unit;
	char *desc;
};

struct sfs_schema {
	char *buf;
	struct sfs_schema_entry *entries;
	size_t n;
};

int sfs_open(struct sfs_tree *fs, const char *root, bool mount_it,
	     struct sfs_error *err);
int sfs_open_plain(struct sfs_tree *fs, const char *root,
		   struct sfs_error *err);
void sfs_close(struct sfs_tree *fs);

int sfs_read_file(int dirfd, const char *path, char **buf, size_t *len,
		  struct sfs_error *err);
int sfs_read_u64(const struct sfs_tree *fs, const char *path,
		 uint64_t *val, struct sfs_error *err);

int sfs_parse_u64(const char *s, size_t len, uint64_t *val);
int sfs_parse_value(const char *s, size_t len, struct sfs_entry *e);

int sfs_bulk_parse(const char *buf, size_t len, struct sfs_bulk *bulk,
		   struct sfs_error *err);
void sfs_bulk_free(struct sfs_bulk *bulk);
int sfs_read_bulk(const struct sfs_tree *fs, const char *dir,
		  struct sfs_bulk *bulk, struct sfs_error *err);

int sfs_schema_parse(const char *buf, size_t len,
		     struct sfs_schema *schema,
		     struct sfs_error *err);
void sfs_schema_free(struct sfs_schema *schema);
int sfs_read_schema(const struct sfs_tree *fs, const char *dir,
		    struct sfs_schema *schema,
		    struct sfs_error *err);

const char *sfs_type_name(enum sfs_type type);
const char *sfs_aggr_name(enum sfs_aggr aggr);

#endif /* _PATHSTATS_TOOLS_STATSFS_H */
