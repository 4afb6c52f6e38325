/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pathstatsctl clear: unload the configuration.
 */
#ifndef _PATHSTATS_TOOLS_CLEAR_H
#define _PATHSTATS_TOOLS_CLEAR_H

int clear_main(int argc, char **argv);

#endif /* _PATHSTATS_TOOLS_CLEAR_H */
