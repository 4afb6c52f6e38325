/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pathstatsctl uds: the captured records (dump) and the JSON-RPC methods
 * in them (methods).
 */
#ifndef _PATHSTATS_TOOLS_UDS_H
#define _PATHSTATS_TOOLS_UDS_H

#include <stddef.h>
#include <stdio.h>

#include <linux/pathstats.h>

#include "cmd.h"

struct methods;

extern const struct cmd uds_cmds[];

void uds_dump_text(FILE *f, const struct pathstats_record *rec,
		   char *const *methods, size_t n);
int uds_dump_json(FILE *f, const struct pathstats_record *rec,
		  char *const *methods, size_t n);
void uds_methods_text(FILE *f, const struct methods *m);
int uds_methods_json(FILE *f, const struct methods *m);

#endif /* _PATHSTATS_TOOLS_UDS_H */
