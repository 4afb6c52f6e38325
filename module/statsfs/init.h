/* SPDX-License-Identifier: GPL-2.0 */
/*
 * statsfs's init and exit, for the module it is linked into (not part of
 * the API in <linux/statsfs.h>).
 */
#ifndef _STATSFS_INIT_H
#define _STATSFS_INIT_H

int statsfs_init(void);
void statsfs_exit(void);

#endif /* _STATSFS_INIT_H */
