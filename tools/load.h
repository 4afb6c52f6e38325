/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pathstatsctl load FILE: validate, compile and load a configuration.
 */
#ifndef _PATHSTATS_TOOLS_LOAD_H
#define _PATHSTATS_TOOLS_LOAD_H

int load_main(int argc, char **argv);

#endif /* _PATHSTATS_TOOLS_LOAD_H */
