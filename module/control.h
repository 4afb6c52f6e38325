/* SPDX-License-Identifier: GPL-2.0 */
/*
 * /dev/pathstats: loading and clearing the configuration, status.
 */
#ifndef _PATHSTATS_CONTROL_H
#define _PATHSTATS_CONTROL_H

int pathstats_control_init(void);
void pathstats_control_exit(void);

#endif /* _PATHSTATS_CONTROL_H */
