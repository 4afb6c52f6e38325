/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pathstatsctl status [--json]: what PATHSTATS_IOC_STATUS says.
 */
#ifndef _PATHSTATS_TOOLS_STATUS_H
#define _PATHSTATS_TOOLS_STATUS_H

#include <stdio.h>

#include <linux/pathstats.h>

int status_main(int argc, char **argv);
void status_text(FILE *f, const struct pathstats_status *st);
int status_json(FILE *f, const struct pathstats_status *st);

#endif /* _PATHSTATS_TOOLS_STATUS_H */
