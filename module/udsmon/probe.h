/* SPDX-License-Identifier: GPL-2.0 */
/*
 * udsmon's kernel hooks: attached only while a configuration has sockets.
 */
#ifndef _PATHSTATS_UDSMON_PROBE_H
#define _PATHSTATS_UDSMON_PROBE_H

#include <linux/types.h>

int udsmon_probe_attach(bool connect);
void udsmon_probe_detach(void);
int udsmon_probe_init(void);
void udsmon_probe_exit(void);

#endif /* _PATHSTATS_UDSMON_PROBE_H */
