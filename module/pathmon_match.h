/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which configured prefixes a file is under, decided once per file.
 */
#ifndef _PATHSTATS_PATHMON_MATCH_H
#define _PATHSTATS_PATHMON_MATCH_H

#include <linux/types.h>

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

void pathmon_match_file(struct file *file, const struct pathmon_table *table,
			struct pathmon_match *match);
void pathmon_match_forget(struct file *file);
void pathmon_match_name(const struct pathmon_table *table, const char *name,
			size_t len, struct pathmon_match *match);
const char *pathmon_match_path_of(const struct path *path, size_t *len);
bool pathmon_prefix_covers(const struct pathmon_prefix *p, const char *path,
			   size_t len);
void pathmon_match_reset(void);
int pathmon_match_init(void);
void pathmon_match_exit(void);

#endif /* _PATHSTATS_PATHMON_MATCH_H */
