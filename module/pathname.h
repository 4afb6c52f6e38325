/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A path's name as the current task sees it, for matching it against the
 * configured paths: pathmon's prefixes, udsmon's socket files.
 */
#ifndef _PATHSTATS_PATHNAME_H
#define _PATHSTATS_PATHNAME_H

#include <linux/types.h>

struct path;

const char *pathstats_pathname(const struct path *path, size_t *len);

#endif /* _PATHSTATS_PATHNAME_H */
