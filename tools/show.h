/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pathstatsctl show [--json]: every value in statsfs, from the root .bulk.
 */
#ifndef _PATHSTATS_TOOLS_SHOW_H
#define _PATHSTATS_TOOLS_SHOW_H

#include <stdio.h>

#include "statsfs.h"

int show_main(int argc, char **argv);
void show_text(FILE *f, const struct sfs_bulk *bulk);
int show_json(FILE *f, const struct sfs_bulk *bulk);

#endif /* _PATHSTATS_TOOLS_SHOW_H */
