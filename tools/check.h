/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pathstatsctl check FILE: validate a configuration and compile it, no
 * kernel needed; check_config() is that step for load too.
 */
#ifndef _PATHSTATS_TOOLS_CHECK_H
#define _PATHSTATS_TOOLS_CHECK_H

#include <stdio.h>

#include "blob.h"
#include "config.h"

int check_main(int argc, char **argv);
int check_config(const char *file, struct cfg *cfg, struct blob *blob);
void check_summary(FILE *f, const struct cfg *cfg);

#endif /* _PATHSTATS_TOOLS_CHECK_H */
