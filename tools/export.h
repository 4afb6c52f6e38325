/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pathstatsctl export: the Prometheus text exposition of every prefix and
 * socket in statsfs, with the metric names of the product contract.
 */
#ifndef _PATHSTATS_TOOLS_EXPORT_H
#define _PATHSTATS_TOOLS_EXPORT_H

#include <stddef.h>
#include <stdio.h>

#include "statsfs.h"

int export_main(int argc, char **argv);
int export_write(FILE *f, const struct sfs_tree *fs, struct sfs_error *err);
int export_bulk(FILE *f, const struct sfs_tree *fs,
		const struct sfs_bulk *bulk, struct sfs_error *err);
void export_label_value(FILE *f, const char *s, size_t len);

#endif /* _PATHSTATS_TOOLS_EXPORT_H */
