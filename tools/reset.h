/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pathstatsctl reset [NAME]: zero the cumulative values of every prefix
 * and socket, or of those named NAME.
 */
#ifndef _PATHSTATS_TOOLS_RESET_H
#define _PATHSTATS_TOOLS_RESET_H

#include <stdio.h>

#include "statsfs.h"

int reset_main(int argc, char **argv);
int reset_tree(FILE *f, const struct sfs_tree *fs, const char *name,
	       struct sfs_error *err);

#endif /* _PATHSTATS_TOOLS_RESET_H */
