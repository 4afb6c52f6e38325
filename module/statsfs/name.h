/* SPDX-License-Identifier: GPL-2.0 */
/*
 * statsfs's rules for text (name.c); statsfs_name_valid() is public, in
 * <linux/statsfs.h>.
 */
#ifndef _STATSFS_NAME_H
#define _STATSFS_NAME_H

#include <linux/types.h>

bool statsfs_text_valid(const char *text);

#endif /* _STATSFS_NAME_H */
