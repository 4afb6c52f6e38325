/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A path's name as the current task sees it, for matching it against the
 * configured paths: pathmon's prefixes, udsmon's socket files.
 */
#ifndef _PATHSTATS_PATHNAME_H
#define _PATHSTATS_PATHNAME_H

#include <linux/types.h>

struct path;

/*
 * The per-cpu buffers a name is written to: a two-file call compares the
 * names of both files at once.
 */
enum pathstats_pathname_buf {
	PATHSTATS_PATHNAME_THIS,
	PATHSTATS_PATHNAME_OTHER,
	PATHSTATS_PATHNAME_BUFS
};

bool pathstats_pathname_begin(void);
void pathstats_pathname_end(void);
const char *pathstats_pathname(const struct path *path,
			       enum pathstats_pathname_buf buf, size_t *len);
int pathstats_pathname_init(void);
void pathstats_pathname_exit(void);

#endif /* _PATHSTATS_PATHNAME_H */
