/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pathstatsctl: the command table, help and version.
 */
#ifndef _PATHSTATS_TOOLS_PATHSTATSCTL_H
#define _PATHSTATS_TOOLS_PATHSTATSCTL_H

#ifndef PATHSTATSCTL_VERSION
#define PATHSTATSCTL_VERSION	"unknown"
#endif

int pathstatsctl_help(int argc, char **argv);
int pathstatsctl_version(int argc, char **argv);

#endif /* _PATHSTATS_TOOLS_PATHSTATSCTL_H */
